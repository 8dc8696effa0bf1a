"""Export the knowledge base as a zip of knowledge files, and plan an import of one (dry run first)."""

import io
import json
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from bot.core import lengths
from bot.core.editing import UNAVAILABLE, Editor, EditRejected, Saved, diff
from bot.core.entry import Entry
from bot.core.knowledge_files import LoadedFile, content_problems, parse_entry_text, previous_file, render_entry
from bot.core.storage.repository import EditConflict, NameTaken

MANIFEST = "manifest.json"
MAX_FILES = 2000  # knowledge files (an export of 2,000 entries also carries its manifest)
MAX_MEMBERS = MAX_FILES + 100  # every member, whatever it is
MAX_BYTES = 20 * 1024 * 1024  # the upload itself
MAX_UNPACKED = 40 * 1024 * 1024  # what its knowledge files and manifest add up to once inflated
MAX_MANIFEST = 1024 * 1024


def export_zip(entries: list[Entry], knowledge_dir: Path | None = None) -> bytes:
    """knowledge/<id>.md for every entry, and a manifest of the revisions they were exported at.

    Given the knowledge folder, each file keeps the layout of the file there (see render_entry)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for entry in entries:
            archive.writestr(f"knowledge/{entry.id}.md", render_entry(entry, previous_file(knowledge_dir, entry.id)))
        archive.writestr(MANIFEST, json.dumps({e.id: e.revision for e in entries}, indent=1, sort_keys=True))
    return buffer.getvalue()


@dataclass
class ImportPlan:
    added: list[Entry] = field(default_factory=list)
    changed: list[Entry] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    before: dict[str, Entry] = field(default_factory=dict)  # what each changed entry is now, for the audit diff

    @property
    def is_noop(self) -> bool:
        return not (self.added or self.changed or self.conflicts or self.problems)

    def summary(self) -> str:
        if self.problems:
            return f"{len(self.problems)} problem(s); nothing will change"
        return (
            f"{len(self.added)} to add, {len(self.changed)} to change, {len(self.unchanged)} unchanged, "
            f"{len(self.conflicts)} conflict(s)"
        )


class ArchiveRefused(Exception):
    """The archive cannot be imported; the message is one sentence saying why."""


def _read_members(data: bytes) -> tuple[dict[str, str], dict[str, object]]:
    """The knowledge files and the manifest, read within bounds that the archive's own headers cannot
    stretch: member count, each member's size and the total are checked before anything is inflated, and
    every read stops one byte past its budget."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        raise ArchiveRefused(f"the file is not a readable zip archive ({exc})") from exc
    infos = [i for i in archive.infolist() if not i.is_dir() and not i.filename.startswith("__MACOSX")]
    if len(infos) > MAX_MEMBERS:
        raise ArchiveRefused(f"the archive holds {len(infos)} files; at most {MAX_MEMBERS} are accepted")
    knowledge_files = sum(i.filename.endswith(".md") for i in infos)
    if knowledge_files > MAX_FILES:
        raise ArchiveRefused(f"the archive holds {knowledge_files} knowledge files; at most {MAX_FILES} are accepted")
    seen: set[str] = set()
    for info in infos:
        if info.filename in seen:
            raise ArchiveRefused(f"the archive holds {info.filename!r} twice")
        seen.add(info.filename)
        if info.file_size > lengths.FILE_BYTES and info.filename.endswith(".md"):
            raise ArchiveRefused(f"{info.filename} is larger than {lengths.FILE_BYTES // 1024} KB once unpacked")
    wanted = [i for i in infos if i.filename.endswith(".md") or i.filename == MANIFEST]
    if sum(i.file_size for i in wanted) > MAX_UNPACKED:
        raise ArchiveRefused(f"the archive unpacks to more than {MAX_UNPACKED // (1024 * 1024)} MB")
    raw: dict[str, bytes] = {}
    for info in wanted:
        budget = MAX_MANIFEST if info.filename == MANIFEST else lengths.FILE_BYTES
        try:
            with archive.open(info) as member:
                content = member.read(budget + 1)
        except NotImplementedError as exc:
            raise ArchiveRefused(f"{info.filename} uses a compression this importer does not read") from exc
        except RuntimeError as exc:  # after NotImplementedError, its subclass: zipfile's word for encrypted
            raise ArchiveRefused(f"{info.filename} is encrypted; export again without a password") from exc
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
            raise ArchiveRefused(f"{info.filename} is damaged in the archive ({exc})") from exc
        if len(content) > budget:
            raise ArchiveRefused(f"{info.filename} unpacks to more than its header says; the archive is damaged")
        raw[info.filename] = content
    try:
        texts = {name: content.decode("utf-8") for name, content in raw.items() if name != MANIFEST}
    except UnicodeDecodeError as exc:
        raise ArchiveRefused(f"a knowledge file is not UTF-8 text ({exc.reason})") from exc
    manifest: object = {}
    if MANIFEST in raw:
        try:
            manifest = json.loads(raw[MANIFEST])
        except (json.JSONDecodeError, UnicodeDecodeError, RecursionError) as exc:
            raise ArchiveRefused(f"{MANIFEST} is not valid JSON") from exc
        if not isinstance(manifest, dict) or not all(isinstance(v, int) for v in manifest.values()):
            raise ArchiveRefused(f"{MANIFEST} must map entry ids to revision numbers")
    return texts, manifest  # type: ignore[return-value]


def plan_import(data: bytes, current: Mapping[str, Entry]) -> ImportPlan:
    """What an import would do. A file whose entry moved on since the export's revision is a conflict."""
    plan = ImportPlan()
    if len(data) > MAX_BYTES:
        plan.problems.append(f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB")
        return plan
    try:
        texts, manifest = _read_members(data)
    except ArchiveRefused as refused:
        plan.problems.append(str(refused))
        return plan
    names = list(texts)
    loaded: list[LoadedFile] = []
    for name, text in sorted(texts.items()):
        file, problems = parse_entry_text(text, name)
        plan.problems += [str(p) for p in problems]
        if file.entry is not None:
            loaded.append(file)
    if not names:
        plan.problems.append("the zip holds no knowledge files (*.md)")
    imported = {f.entry.id for f in loaded if f.entry}
    others = [LoadedFile(Path(e.id), e) for e in current.values() if e.id not in imported]
    plan.problems += [str(p) for p in content_problems(loaded + others) if p.file in texts]
    if plan.problems:
        return plan
    for file in loaded:
        entry = file.entry
        assert entry is not None
        existing = current.get(entry.id)
        if existing is None:
            plan.added.append(entry)
        elif existing.content() == entry.content():
            plan.unchanged.append(entry.id)
        elif entry.id in manifest and manifest[entry.id] != existing.revision:
            plan.conflicts.append(entry.id)
        else:
            plan.changed.append(entry.model_copy(update={"revision": existing.revision}))
            plan.before[entry.id] = existing
    return plan


async def apply_plan(editor: Editor, plan: ImportPlan, author: str) -> str:
    """Carry out a checked plan in one transaction (each entry one revision): all of it, or nothing when an
    entry moved on or a name was taken since the dry run. What /kb import and `kb import` both confirm with."""
    changes = [(e, 0) for e in plan.added] + [(e, e.revision) for e in plan.changed]
    try:
        saved = await editor.repo.save_many(changes, author=author, reason="imported")
    except EditConflict as exc:
        what = (
            f"id: {exc.entry_id!r} already exists" if exc.expected == 0 else f"{exc.entry_id} changed since the dry run"
        )
        raise EditRejected([f"{what}; nothing was imported"]) from exc
    except NameTaken as exc:
        raise EditRejected([f"{exc}; nothing was imported"]) from exc
    except SQLAlchemyError as exc:
        raise EditRejected([UNAVAILABLE]) from exc
    await editor.service.apply([(entry, False) for entry in saved])
    if editor.on_change is not None:
        for entry in saved:
            before = plan.before.get(entry.id)
            await editor.on_change(Saved(entry, diff(before.content() if before else None, entry.content())))
    return f"Imported: {len(plan.added)} added, {len(plan.changed)} changed."


def plan_lines(plan: ImportPlan, limit: int | None = None) -> list[str]:
    """The plan, one line per problem, addition, change or conflict (the first `limit` of each)."""
    cut = slice(None, limit)
    return (
        list(plan.problems[cut])
        + [f"add {e.id}" for e in plan.added[cut]]
        + [f"change {e.id}" for e in plan.changed[cut]]
        + [f"conflict {c}: changed here since the export" for c in plan.conflicts[cut]]
    )
