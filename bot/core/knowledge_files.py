"""Reading and checking knowledge/*.md: every problem names the file, the line and the field."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import ValidationError

from bot.core import lengths
from bot.core.entry import BODY_WORDS, MIN_QUESTIONS, Entry, alias_key

FENCE = "---"
# libyaml when the wheel has it (an order of magnitude faster); the same events, nodes and marks either way.
SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Problem:
    """One validation finding, printed as FILE:LINE: field: message."""

    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field}: {self.message}"


@dataclass
class LoadedFile:
    path: Path
    entry: Entry | None
    lines: dict[str, int] = field(default_factory=dict)

    def line_of(self, dotted: str) -> int:
        """The line of a field, or of its nearest parent that has one."""
        parts = dotted.split(".")
        while parts:
            key = ".".join(parts)
            if key in self.lines:
                return self.lines[key]
            parts.pop()
        return 1


@dataclass
class LoadResult:
    files: list[LoadedFile]
    problems: list[Problem]

    @property
    def entries(self) -> list[Entry]:
        return [f.entry for f in self.files if f.entry is not None]


def _field_lines(node: yaml.Node, offset: int, prefix: str = "") -> dict[str, int]:
    """Map dotted field paths (citations.0.url) to 1-based file lines, from the YAML node tree."""
    lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            name = f"{prefix}{key_node.value}"
            lines[name] = key_node.start_mark.line + offset
            lines.update(_field_lines(value_node, offset, f"{name}."))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            name = f"{prefix}{index}"
            lines[name] = item.start_mark.line + offset
            lines.update(_field_lines(item, offset, f"{name}."))
    return lines


class FrontMatterRefused(Exception):
    """The front matter is well-formed YAML that a knowledge file may not use; `line` is 0-based."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line, self.message = line, message


def _check_shape(front: str) -> None:
    """One pass over the YAML events, before anything is built: no anchors or aliases (one alias of an
    alias of ... expands exponentially), bounded nesting and a bounded number of values."""
    depth = nodes = 0
    for event in yaml.parse(front, Loader=SafeLoader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise FrontMatterRefused(
                event.start_mark.line, "YAML anchors and aliases (&name, *name) are not allowed in knowledge files"
            )
        if isinstance(event, yaml.ScalarEvent | yaml.CollectionStartEvent):
            nodes += 1
            if nodes > lengths.YAML_NODES:
                raise FrontMatterRefused(event.start_mark.line, f"more than {lengths.YAML_NODES} YAML values")
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > lengths.YAML_DEPTH:
                raise FrontMatterRefused(event.start_mark.line, f"nested more than {lengths.YAML_DEPTH} levels deep")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _compose(front: str) -> tuple[yaml.Node | None, object]:
    """The node tree (for field lines) and the data built from that same tree: the text is parsed once."""
    _check_shape(front)
    loader = SafeLoader(front)
    try:
        node = loader.get_single_node()
        return node, loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()


def split_front_matter(text: str) -> tuple[str, str] | None:
    """Return (front matter, body), or None when the file does not open with a --- block."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != FENCE:
        return None
    for index in range(1, len(lines)):
        if lines[index].strip() == FENCE:
            return "".join(lines[1:index]), "".join(lines[index + 1 :]).strip()
    return None


def parse_entry_text(text: str, name: str) -> tuple[LoadedFile, list[Problem]]:
    """Parse one file's text; an entry comes back only when it passes the schema."""
    loaded = LoadedFile(path=Path(name), entry=None)
    if len(text) > lengths.FILE_BYTES:  # characters; a byte budget for callers that read bytes
        return loaded, [Problem(name, 1, "file", f"larger than {lengths.FILE_BYTES // 1024} KB")]
    parts = split_front_matter(text)
    if parts is None:
        return loaded, [Problem(name, 1, "front matter", "the file must start with a --- YAML block ---")]
    front, body = parts
    try:
        node, data = _compose(front)
    except FrontMatterRefused as refused:
        return loaded, [Problem(name, refused.line + 2, "yaml", refused.message)]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return loaded, [Problem(name, line, "yaml", f"invalid YAML: {reason}")]
    if not isinstance(data, dict) or node is None:
        return loaded, [Problem(name, 2, "front matter", "must be a mapping of fields")]
    loaded.lines = _field_lines(node, offset=2)
    data["body"] = body
    try:
        loaded.entry = Entry.model_validate(data)
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            dotted = ".".join(str(part) for part in error["loc"]) or "front matter"
            message = error["msg"].removeprefix("Value error, ")
            if error["type"] == "missing":
                message = "required field is missing"
            elif error["type"] == "extra_forbidden":
                message = "unknown field"
            problems.append(Problem(name, loaded.line_of(dotted), dotted, message))
        return loaded, problems
    return loaded, []


def load_file(path: Path) -> tuple[LoadedFile, list[Problem]]:
    try:
        if path.stat().st_size > lengths.FILE_BYTES:
            return LoadedFile(path=path, entry=None), [
                Problem(str(path), 1, "file", f"larger than {lengths.FILE_BYTES // 1024} KB")
            ]
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return LoadedFile(path=path, entry=None), [Problem(str(path), 1, "file", f"cannot read: {exc}")]
    loaded, problems = parse_entry_text(text, str(path))
    loaded.path = path
    if loaded.entry is not None and loaded.entry.id != path.stem:
        problems.append(Problem(str(path), loaded.line_of("id"), "id", f"must match the file name {path.stem!r}"))
    return loaded, problems


def content_problems(files: Sequence[LoadedFile]) -> list[Problem]:
    """Checks across entries and on content quality, which a single file cannot decide alone."""
    problems: list[Problem] = []
    known = {f.entry.id for f in files if f.entry is not None}
    alias_owner: dict[str, str] = {}
    # A name looks up one entry: an alias may not be another entry's id or title either.
    name_owner = {alias_key(n): f.entry.id for f in files if f.entry is not None for n in (f.entry.id, f.entry.title)}
    seen_ids: dict[str, str] = {}
    for f in files:
        entry = f.entry
        if entry is None:
            continue
        name = str(f.path)

        def add(dotted: str, message: str, name: str = name, f: LoadedFile = f) -> None:
            problems.append(Problem(name, f.line_of(dotted), dotted, message))

        if entry.id in seen_ids:
            add("id", f"duplicate id, also in {seen_ids[entry.id]}")
        seen_ids[entry.id] = name
        for list_name in ("related", "covers"):
            for index, ref in enumerate(getattr(entry, list_name)):
                if ref not in known:
                    add(f"{list_name}.{index}", f"unknown entry id {ref!r}")
        for s_index, side in enumerate(entry.sides):
            for c_index, ref in enumerate(side.cites):
                if ref not in known:
                    add(f"sides.{s_index}.cites.{c_index}", f"unknown entry id {ref!r}")
        for index, alias in enumerate(entry.aliases):
            key = alias_key(alias)
            owner = alias_owner.get(key) or name_owner.get(key)
            if owner is not None and owner != entry.id:
                add(f"aliases.{index}", f"alias {alias!r} is already used by {owner}")
            alias_owner.setdefault(key, entry.id)
        if len(entry.questions) < MIN_QUESTIONS:
            add("questions", f"needs at least {MIN_QUESTIONS} question phrasings, has {len(entry.questions)}")
        low, high = BODY_WORDS
        if not low <= entry.body_words() <= high:
            add("body", f"body has {entry.body_words()} words; it must have {low}-{high}")
        if not entry.is_topic and entry.id not in entry.covers:
            add("covers", "a case or document entry must cover its own id")
        # A rule for new content, not the model: rows stored before status_detail existed must still load.
        if entry.is_open and not entry.status_detail:
            add("status_detail", f"status {entry.status!r} needs a status_detail: what is still open, and since when")
        if "CN" in entry.jurisdictions and not entry.title_zh:
            add("title_zh", "an entry about China needs a Chinese title")
    return problems


def knowledge_paths(directory: Path) -> list[Path]:
    return sorted(p for p in directory.glob("*.md") if not p.name.startswith(("_", ".")))


def load_directory(directory: Path) -> LoadResult:
    """Load and check every knowledge file; entries with errors are left out of `entries`."""
    if not directory.is_dir():
        return LoadResult([], [Problem(str(directory), 1, "KNOWLEDGE_DIR", "is not a directory")])
    files: list[LoadedFile] = []
    problems: list[Problem] = []
    for path in knowledge_paths(directory):
        loaded, found = load_file(path)
        files.append(loaded)
        problems.extend(found)
    if not files:
        problems.append(Problem(str(directory), 1, "KNOWLEDGE_DIR", "holds no knowledge files (*.md)"))
    problems.extend(content_problems(files))
    return LoadResult(files, problems)


def render_entry(entry: Entry) -> str:
    """The file form of an entry, so the database can be written back out for review."""
    front = entry.model_dump(mode="json", exclude={"body", "revision"}, exclude_defaults=True)
    for key in ("title_zh", "court", "date", "docket"):
        front.setdefault(key, getattr(entry, key))
    ordered = {key: front[key] for key in _FIELD_ORDER if key in front}
    text = yaml.safe_dump(ordered, allow_unicode=True, sort_keys=False, width=100)
    return f"{FENCE}\n{text}{FENCE}\n{entry.body.strip()}\n"


# File order follows the schema's declaration order; body and revision are not front matter.
_FIELD_ORDER: Iterable[str] = tuple(name for name in Entry.model_fields if name not in {"body", "revision"})
