"""Export the knowledge base as a zip of knowledge files, and plan an import of one (dry run first)."""

import io
import json
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from bot.core.entry import Entry
from bot.core.knowledge_files import LoadedFile, content_problems, parse_entry_text, previous_file, render_entry

MANIFEST = "manifest.json"
MAX_FILES = 2000
MAX_BYTES = 20 * 1024 * 1024


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


def plan_import(data: bytes, current: Mapping[str, Entry]) -> ImportPlan:
    """What an import would do. A file whose entry moved on since the export's revision is a conflict."""
    plan = ImportPlan()
    if len(data) > MAX_BYTES:
        plan.problems.append(f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB")
        return plan
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = [n for n in archive.namelist() if n.endswith(".md") and not n.startswith("__MACOSX")]
        if len(names) > MAX_FILES:
            plan.problems.append(f"more than {MAX_FILES} files")
            return plan
        manifest = json.loads(archive.read(MANIFEST)) if MANIFEST in archive.namelist() else {}
        texts = {name: archive.read(name).decode("utf-8") for name in names}
    except (zipfile.BadZipFile, UnicodeDecodeError, json.JSONDecodeError, KeyError, OSError) as exc:
        plan.problems.append(f"not a knowledge export (a zip of knowledge/*.md): {exc}")
        return plan
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
    return plan
