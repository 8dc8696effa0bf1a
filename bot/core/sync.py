"""Bringing knowledge files into the database without ever overwriting a moderator's edit."""

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from bot.core.entry import Entry
from bot.core.knowledge_files import Problem, knowledge_paths, load_directory
from bot.core.storage.repository import EditConflict, Repository

FINGERPRINT_KEY = "knowledge_fingerprint"
SYNC_AUTHOR = "kb sync"


@dataclass
class SyncReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    only_in_database: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and not self.conflicts

    def lines(self) -> list[str]:
        out = [str(p) for p in self.problems]
        if self.problems:
            out.append("Nothing was synced: fix the problems above first.")
            return out
        out.append(
            f"added {len(self.added)}, updated {len(self.updated)}, unchanged {len(self.unchanged)}, "
            f"conflicts {len(self.conflicts)}"
        )
        out += [f"added: {i}" for i in self.added] + [f"updated: {i}" for i in self.updated]
        out += [
            f"conflict: {i} was edited in the database since the last sync; the file was not applied "
            "(export the database version, merge by hand, then sync)"
            for i in self.conflicts
        ]
        out += [f"only in the database (kept): {i}" for i in self.only_in_database]
        return out


def content_hash(entry: Entry) -> str:
    blob = json.dumps(entry.content(), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def directory_fingerprint(directory: Path) -> str:
    digest = hashlib.sha256()
    for path in knowledge_paths(directory) if directory.is_dir() else []:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


async def sync_directory(repo: Repository, directory: Path) -> SyncReport:
    """Validate every file first; with any problem, nothing changes."""
    loaded = load_directory(directory)
    report = SyncReport(problems=loaded.problems)
    if report.problems:
        return report
    state = await repo.sync_state()
    for entry in loaded.entries:
        digest = content_hash(entry)
        stored = state.get(entry.id)
        try:
            if stored is None:
                await repo.save(
                    entry, expected_revision=0, author=SYNC_AUTHOR, reason="added from knowledge file", file_hash=digest
                )
                report.added.append(entry.id)
                continue
            revision, synced_revision, file_hash = stored
            if file_hash == digest:
                report.unchanged.append(entry.id)
            elif synced_revision == revision:
                await repo.save(
                    entry,
                    expected_revision=revision,
                    author=SYNC_AUTHOR,
                    reason="updated from knowledge file",
                    file_hash=digest,
                )
                report.updated.append(entry.id)
            else:
                current = await repo.get(entry.id)
                if current is not None and content_hash(current) == digest:
                    await repo.mark_synced(entry.id, digest)
                    report.unchanged.append(entry.id)
                else:
                    report.conflicts.append(entry.id)
        except EditConflict:
            report.conflicts.append(entry.id)
    file_ids = {e.id for e in loaded.entries}
    report.only_in_database = sorted(set(state) - file_ids)
    await repo.set_meta(FINGERPRINT_KEY, directory_fingerprint(directory))
    return report
