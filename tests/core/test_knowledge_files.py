"""The schema over shipped files, and the messages that broken files get (file, line, field)."""

from pathlib import Path

import pytest

from bot.core.entry import Entry
from bot.core.knowledge_files import load_directory, parse_entry_text, render_entry
from bot.paths import shipped_dir


def test_every_shipped_file_passes_the_schema(shipped_entries: list[Entry]) -> None:
    files = sorted(shipped_dir("knowledge").glob("*.md"))
    assert len(shipped_entries) == len(files) >= 12


def test_render_then_parse_is_lossless(shipped_entries: list[Entry]) -> None:
    for entry in shipped_entries:
        loaded, problems = parse_entry_text(render_entry(entry), f"{entry.id}.md")
        assert problems == []
        assert loaded.entry is not None and loaded.entry.content() == entry.content()


def _copy(tmp_path: Path, entries: list[Entry], count: int = 3) -> list[Path]:
    paths = []
    for entry in entries[:count]:
        path = tmp_path / f"{entry.id}.md"
        path.write_text(render_entry(entry), encoding="utf-8")
        paths.append(path)
    return paths


def _problems(tmp_path: Path) -> list[str]:
    return [str(p) for p in load_directory(tmp_path).problems]


def _line_of(path: Path, startswith: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith(startswith):
            return number
    raise AssertionError(startswith)


def _replace_line(path: Path, startswith: str, new: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(new if line.startswith(startswith) else line for line in lines) + "\n")


def test_missing_field_names_file_and_field(tmp_path: Path, shipped_entries: list[Entry]) -> None:
    path = _copy(tmp_path, shipped_entries)[0]
    text = path.read_text(encoding="utf-8")
    path.write_text("\n".join(line for line in text.splitlines() if not line.startswith("status:")) + "\n")
    assert any(p.startswith(f"{path}:") and ": status: required field is missing" in p for p in _problems(tmp_path))


def test_bad_date_points_at_its_line(tmp_path: Path, shipped_entries: list[Entry]) -> None:
    path = _copy(tmp_path, shipped_entries)[0]
    _replace_line(path, "as_of:", "as_of: '2023-02-30'")
    lines = [p for p in _problems(tmp_path) if ": as_of:" in p]
    assert lines, _problems(tmp_path)
    assert lines[0].startswith(f"{path}:{_line_of(path, 'as_of:')}: as_of:")
    assert "not a valid date" in lines[0]


def test_future_date_is_refused(tmp_path: Path, shipped_entries: list[Entry]) -> None:
    path = _copy(tmp_path, shipped_entries)[0]
    _replace_line(path, "as_of:", "as_of: '2999-01-01'")
    assert any(": as_of: '2999-01-01' is in the future" in p for p in _problems(tmp_path))


def test_unknown_related_id(tmp_path: Path, shipped_entries: list[Entry]) -> None:
    paths = _copy(tmp_path, shipped_entries)
    entry = shipped_entries[0].model_copy(update={"related": ["no-such-entry"]})
    paths[0].write_text(render_entry(entry), encoding="utf-8")
    found = [p for p in _problems(tmp_path) if "related.0: unknown entry id 'no-such-entry'" in p]
    line = _line_of(paths[0], "related: [no-such-entry]")
    assert found == [f"{paths[0]}:{line}: related.0: unknown entry id 'no-such-entry'"]


def test_duplicate_alias_across_entries(tmp_path: Path, shipped_entries: list[Entry]) -> None:
    paths = _copy(tmp_path, shipped_entries)
    first = shipped_entries[0]
    second = shipped_entries[1].model_copy(update={"aliases": [*shipped_entries[1].aliases, first.aliases[0].upper()]})
    paths[1].write_text(render_entry(second), encoding="utf-8")
    found = [p for p in _problems(tmp_path) if "is already used by" in p]
    assert len(found) == 1
    assert found[0].startswith(f"{paths[1]}:") and f"already used by {first.id}" in found[0]


def test_yaml_error_reports_the_line(tmp_path: Path, shipped_entries: list[Entry]) -> None:
    path = _copy(tmp_path, shipped_entries)[0]
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.insert(3, "title: [unclosed")
    path.write_text("\n".join(lines) + "\n")
    found = [p for p in _problems(tmp_path) if ": yaml: invalid YAML" in p]
    assert found and found[0].startswith(f"{path}:")
    assert 3 <= int(found[0].split(":")[1]) <= 6


def test_no_front_matter(tmp_path: Path) -> None:
    (tmp_path / "loose.md").write_text("just text\n")
    assert _problems(tmp_path)[0].endswith("loose.md:1: front matter: the file must start with a --- YAML block ---")


@pytest.mark.parametrize("url", ["http://example.com/x", "ftp://example.com", "not a url"])
def test_citation_needs_https(url: str, shipped_entries: list[Entry]) -> None:
    data = shipped_entries[0].model_dump()
    data["citations"][0]["url"] = url
    with pytest.raises(ValueError, match="https"):
        Entry.model_validate(data)
