"""Bringing knowledge files into the database without ever overwriting a moderator's edit."""

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from bot.core.entry import Entry
from bot.core.knowledge_files import Problem, knowledge_paths, load_directory
from bot.core.storage.repository import EditConflict, Repository

FINGERPRINT_KEY = "knowledge_fingerprint"
SYNC_AUTHOR = "kb sync"
Side = Literal["files", "database"]


class SyncRefused(Exception):
    """`kb sync --take` cannot go ahead; the message is one sentence saying why."""


@dataclass
class SyncReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    only_in_database: list[str] = field(default_factory=list)
    deleted_in_database: list[str] = field(default_factory=list)
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
        out += [conflict_line(i) for i in self.conflicts]
        out += [f"only in the database (kept): {i}" for i in self.only_in_database]
        out += [f"deleted in the database (the file was not applied): {i}" for i in self.deleted_in_database]
        return out


def conflict_line(entry_id: str) -> str:
    return (
        f"conflict: {entry_id} was edited in the database and its file changed since the last sync; nothing was "
        f"applied. Keep one side with `kb sync --take files {entry_id}` or `kb sync --take database {entry_id}` "
        "(the other side is kept as a revision), or export the database, merge by hand and sync again"
    )


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
    deleted = await repo.deleted_ids()
    for entry in loaded.entries:
        try:
            await _sync_entry(repo, entry, state.get(entry.id), entry.id in deleted, report)
        except EditConflict:
            report.conflicts.append(entry.id)
    file_ids = {e.id for e in loaded.entries}
    report.only_in_database = sorted(set(state) - file_ids - deleted)
    await repo.set_meta(FINGERPRINT_KEY, directory_fingerprint(directory))
    return report


async def _sync_entry(
    repo: Repository, entry: Entry, stored: tuple[int, int | None, str | None] | None, deleted: bool, report: SyncReport
) -> None:
    """A file equal to the database is synced, whatever happened before; only two real changes conflict."""
    digest = content_hash(entry)
    if stored is None:
        await _save(repo, entry, 0, "added from knowledge file", file_hash=digest)
        report.added.append(entry.id)
        return
    revision, synced_revision, file_hash = stored
    if deleted:
        report.deleted_in_database.append(entry.id)
        return
    edited = synced_revision != revision
    current = await repo.get(entry.id) if edited or file_hash != digest else None
    current_hash = content_hash(current) if current is not None else file_hash
    if current_hash == digest:
        if edited or file_hash != digest:
            await repo.mark_synced(entry.id, digest)
        report.unchanged.append(entry.id)
    elif file_hash == digest:
        report.unchanged.append(entry.id)  # the file did not change: the database's edit stands
    elif not edited or current_hash == file_hash:  # no edit, or edits undone since the last sync
        await _save(repo, entry, revision, "updated from knowledge file", file_hash=digest)
        report.updated.append(entry.id)
    else:
        report.conflicts.append(entry.id)


async def _save(
    repo: Repository, entry: Entry, base: int, reason: str, *, file_hash: str | None = None, deleted: bool = False
) -> Entry:
    return await repo.save(
        entry, expected_revision=base, author=SYNC_AUTHOR, reason=reason, file_hash=file_hash, deleted=deleted
    )


async def take_side(repo: Repository, directory: Path, entry_id: str, side: Side) -> str:
    """Resolve one entry's conflict by keeping one side; the other stays in the history as a revision."""
    loaded = load_directory(directory)
    path = directory / f"{entry_id}.md"
    own = [p for p in loaded.problems if p.file == str(path)]
    if own:
        raise SyncRefused(f"{own[0]} (fix the file first)")
    entry = next((e for e in loaded.entries if e.id == entry_id), None)
    current = await repo.get(entry_id)
    if entry is None:
        raise SyncRefused(f"there is no knowledge file {path}, so there is nothing to take or keep")
    digest = content_hash(entry)
    if current is None:
        await _save(repo, entry, 0, "added from knowledge file", file_hash=digest)
        return f"added: {entry_id} (it was not in the database)"
    if content_hash(current) == digest:
        await repo.mark_synced(entry_id, digest)
        return f"{entry_id}: the file and the database already agree; marked as synced"
    deleted = entry_id in await repo.deleted_ids()
    if side == "files":
        reason = f"kb sync --take files: the file's version (the database's stays as r{current.revision})"
        saved = await _save(repo, entry, current.revision, reason, file_hash=digest, deleted=deleted)
        return f"{entry_id}: took the file as r{saved.revision}; the database's version is kept as r{current.revision}"
    reason = "kb sync --take database: the file's version, kept for the record"
    kept = await _save(repo, entry, current.revision, reason, file_hash=digest, deleted=deleted)
    reason = f"kb sync --take database: the database's version stands (the file's is r{kept.revision})"
    saved = await _save(repo, current, kept.revision, reason, deleted=deleted)
    return (
        f"{entry_id}: kept the database's version as r{saved.revision}; the file's version is kept as "
        f"r{kept.revision} (export with `kb export --format files` to bring the file up to date)"
    )
