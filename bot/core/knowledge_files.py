"""Reading and checking knowledge/*.md: every problem names the file, the line and the field."""

import json
import re
from collections.abc import Callable, Sequence
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


def _line_of(event: yaml.Event) -> int:
    """Where a YAML event starts (0 when the parser gave no position)."""
    return event.start_mark.line if event.start_mark is not None else 0


def _check_shape(front: str) -> None:
    """One pass over the YAML events, before anything is built: no anchors or aliases (one alias of an
    alias of ... expands exponentially), bounded nesting and a bounded number of values."""
    depth = nodes = 0
    for event in yaml.parse(front, Loader=SafeLoader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise FrontMatterRefused(
                _line_of(event), "YAML anchors and aliases (&name, *name) are not allowed in knowledge files"
            )
        if isinstance(event, yaml.ScalarEvent | yaml.CollectionStartEvent):
            nodes += 1
            if nodes > lengths.YAML_NODES:
                raise FrontMatterRefused(_line_of(event), f"more than {lengths.YAML_NODES} YAML values")
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > lengths.YAML_DEPTH:
                raise FrontMatterRefused(_line_of(event), f"nested more than {lengths.YAML_DEPTH} levels deep")
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
        for dotted, message in entry_problems(
            entry, known.__contains__, lambda key: alias_owner.get(key) or name_owner.get(key)
        ):
            add(dotted, message)
        for alias in entry.aliases:
            alias_owner.setdefault(alias_key(alias), entry.id)
    return problems


def entry_problems(
    entry: Entry, known: Callable[[str], bool], owner_of: Callable[[str], str | None]
) -> list[tuple[str, str]]:
    """(field, message) for one entry among the others: `known` says whether an id exists, `owner_of` which
    entry a name key already belongs to. content_problems runs it over a folder; an edit runs it alone
    against the served catalogue, so validating one change never reads every entry."""
    out: list[tuple[str, str]] = []
    for list_name in ("related", "covers"):
        for index, ref in enumerate(getattr(entry, list_name)):
            if not known(ref):
                out.append((f"{list_name}.{index}", f"unknown entry id {ref!r}"))
    for s_index, side in enumerate(entry.sides):
        for c_index, ref in enumerate(side.cites):
            if not known(ref):
                out.append((f"sides.{s_index}.cites.{c_index}", f"unknown entry id {ref!r}"))
    for index, alias in enumerate(entry.aliases):
        owner = owner_of(alias_key(alias))
        if owner is not None and owner != entry.id:
            out.append((f"aliases.{index}", f"alias {alias!r} is already used by {owner}"))
    if len(entry.questions) < MIN_QUESTIONS:
        out.append(("questions", f"needs at least {MIN_QUESTIONS} question phrasings, has {len(entry.questions)}"))
    low, high = BODY_WORDS
    if not low <= entry.body_words() <= high:
        out.append(("body", f"body has {entry.body_words()} words; it must have {low}-{high}"))
    if not entry.is_topic and entry.id not in entry.covers:
        out.append(("covers", "a case or document entry must cover its own id"))
    # A rule for new content, not the model: rows stored before status_detail existed must still load.
    if entry.is_open and not entry.status_detail:
        needs = f"status {entry.status!r} needs a status_detail: what is still open, and since when"
        out.append(("status_detail", needs))
    if "CN" in entry.jurisdictions and not entry.title_zh:
        out.append(("title_zh", "an entry about China needs a Chinese title"))
    return out


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


# ---- Writing: one writer for the shipped files, `kb export --format files` and the zip export ----

# Front-matter order follows the schema's declaration order; body and revision are not front matter.
_FIELD_ORDER: tuple[str, ...] = tuple(name for name in Entry.model_fields if name not in {"body", "revision"})
# Written even when empty, so a reader sees that the date or docket is unknown rather than forgotten.
_ALWAYS_WRITTEN = ("court", "date", "docket")
_PLAIN_KEYS = {"id", "kind", "status", "outcome", "date_label", "ref", "jurisdiction"}
_FLOW_LISTS = {"jurisdictions", "covers", "related", "cites"}
_BLOCK_LISTS = ("citations", "aliases", "questions", "sides")
WRAP = 100
_TOP_KEY = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*):")


def _quoted(text: str) -> str:
    """YAML's double-quoted style accepts JSON string escapes."""
    return json.dumps(text, ensure_ascii=False)


def _plain_ok(text: str) -> bool:
    try:
        return bool(text) and text == text.strip() and yaml.safe_load(f"- {text}") == [text]
    except yaml.YAMLError:
        return False


def _scalar(key: str, value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool | int | float):
        return json.dumps(value)
    text = str(value)
    return text if key in _PLAIN_KEYS and _plain_ok(text) else _quoted(text)


def _folded(text: str, indent: int) -> list[str] | None:
    """`>-` with lines filled to WRAP columns, or None when folding would not give the text back."""
    if "\n" in text or "  " in text or text != text.strip() or not text:
        return None
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        if current and indent + len(current) + 1 + len(word) > WRAP:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    lines.append(current)
    return [" " * indent + line for line in lines]


def _literal(text: str, indent: int) -> list[str] | None:
    """`|-` for text in paragraphs (the Chinese bodies), or None when the block would not give the text back."""
    lines = text.split("\n")
    if not text or text != text.strip() or any(line != line.rstrip() or "\t" in line for line in lines):
        return None
    block = [" " * indent + line if line else "" for line in lines]
    try:
        parsed = yaml.safe_load("k: |-\n" + "\n".join(block))
    except yaml.YAMLError:
        return None
    return block if parsed == {"k": text} else None


def _written_field(key: str, value: object, indent: int, first: str = "") -> list[str]:
    """One field in the files' style; `first` replaces the indent of the first line (a list item's "- ")."""
    pad = " " * indent
    head = first or pad
    if key in _FLOW_LISTS and isinstance(value, list):
        return [f"{head}{key}: [{', '.join(_scalar('id', v) for v in value)}]"]
    if isinstance(value, list):
        if not value:
            return [f"{head}{key}: []"]
        lines = [f"{head}{key}:"]
        for item in value:
            lines += _item_lines(key, item, indent + 2)
        return lines
    if isinstance(value, dict):
        if not value:
            return [f"{head}{key}: {{}}"]
        lines = [f"{head}{key}:"]
        for sub, sub_value in value.items():
            lines += _written_field(sub, sub_value, indent + 2)
        return lines
    if isinstance(value, str) and "\n" in value:
        literal = _literal(value, indent + 2)
        if literal is not None:
            return [f"{head}{key}: |-", *literal]
    single = f"{head}{key}: {_scalar(key, value)}"
    if isinstance(value, str) and len(single) > WRAP:  # summaries, side texts, long notes
        folded = _folded(value, indent + 2)
        if folded is not None:
            return [f"{head}{key}: >-", *folded]
    return [single]


def _item_lines(key: str, item: object, indent: int) -> list[str]:
    pad = " " * indent
    if isinstance(item, dict):
        pairs = [(k, v) for k, v in item.items() if v is not None or k == "docket"]
        lines: list[str] = []
        for index, (sub, sub_value) in enumerate(pairs):
            lines += _written_field(sub, sub_value, indent + 2, first=f"{pad}- " if index == 0 else "")
        return lines
    text = str(item)
    return [f"{pad}- {text if key == 'aliases' and _plain_ok(text) else _quoted(text)}"]


def _front_values(entry: Entry) -> dict[str, object]:
    dumped = entry.model_dump(mode="json", exclude={"body", "revision"})
    defaults = Entry.model_fields
    return {
        key: dumped[key]
        for key in _FIELD_ORDER
        if key in _ALWAYS_WRITTEN or dumped[key] != defaults[key].get_default(call_default_factory=True)
    }


def _top_level_spans(front: str) -> dict[str, list[str]]:
    """The lines of each top-level field of a front matter, as written."""
    spans: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in front.splitlines():
        match = _TOP_KEY.match(line)
        if match:
            current = spans.setdefault(match.group(1), [])
        if current is not None:
            current.append(line)
    return spans


def _item_spans(lines: list[str]) -> list[list[str]]:
    """The lines of each item of a block list, the field's own line left out."""
    items: list[list[str]] = []
    for line in lines[1:]:
        if line.lstrip().startswith("- ") and (not items or _indent(line) <= _indent(items[0][0])):
            items.append([line])
        elif items:
            items[-1].append(line)
    return items


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _reused_list(key: str, new: list[object], old: list[object], old_lines: list[str]) -> list[str] | None:
    """A block list with unchanged items kept exactly as written, or None when the list was not a block list."""
    spans = _item_spans(old_lines)
    if len(spans) != len(old):
        return None
    indent = _indent(spans[0][0]) if spans else 2
    unused = list(zip(old, spans, strict=True))
    lines = [old_lines[0]]
    for item in new:
        found = next((pair for pair in unused if pair[0] == item), None)
        if found is not None:
            unused.remove(found)
            lines += found[1]
        else:
            lines += _item_lines(key, item, indent)
    return lines


def render_entry(entry: Entry, previous: str | None = None) -> str:
    """The file form of an entry. Given the file it came from, every unchanged field, list item and the
    body are kept exactly as written there, so exporting an unedited entry gives its file back byte for
    byte and an edit shows in git as the lines it changed."""
    values = _front_values(entry)
    old_entry, old_front, old_body = _previous_parts(previous)
    spans = _top_level_spans(old_front) if old_entry is not None else {}
    old_values = _front_values(old_entry) if old_entry is not None else {}
    order = list(spans)
    keys = sorted(values, key=lambda k: order.index(k) if k in spans else _insert_position(k, spans))
    lines: list[str] = []
    for key in keys:
        value = values[key]
        reused: list[str] | None = None
        if key in spans and old_values.get(key) == value:
            reused = spans[key]
        elif key in spans and key in _BLOCK_LISTS and isinstance(value, list):
            old = old_values.get(key)
            reused = _reused_list(key, value, old, spans[key]) if isinstance(old, list) and old else None
        lines += reused if reused is not None else _written_field(key, value, 0)
    body = old_body if old_entry is not None and old_entry.body == entry.body else f"{entry.body.strip()}\n"
    return f"{FENCE}\n" + "".join(f"{line}\n" for line in lines) + f"{FENCE}\n{body}"


def _insert_position(key: str, spans: dict[str, list[str]]) -> float:
    """A field new to the file goes after the nearest field before it in the schema's order."""
    order = list(spans)
    before = [k for k in _FIELD_ORDER[: _FIELD_ORDER.index(key)] if k in spans]
    return order.index(before[-1]) + 0.5 if before else -0.5


def _previous_parts(previous: str | None) -> tuple[Entry | None, str, str]:
    if previous is None:
        return None, "", ""
    lines = previous.splitlines(keepends=True)
    loaded, problems = parse_entry_text(previous, "previous")
    if problems or loaded.entry is None:
        return None, "", ""
    close = next(i for i in range(1, len(lines)) if lines[i].strip() == FENCE)
    return loaded.entry, "".join(lines[1:close]), "".join(lines[close + 1 :])


def previous_file(directory: Path | None, entry_id: str) -> str | None:
    """The entry's current file in a knowledge folder, the layout an export keeps."""
    path = directory / f"{entry_id}.md" if directory is not None else None
    try:
        return path.read_text(encoding="utf-8") if path is not None and path.is_file() else None
    except (OSError, UnicodeDecodeError):
        return None
