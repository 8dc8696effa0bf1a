"""The schema over shipped files, and the messages that broken files get (file, line, field)."""

from pathlib import Path

import pytest

from bot.core.entry import Entry
from bot.core.knowledge_files import load_directory, parse_entry_text, render_entry
from bot.paths import shipped_dir
from tests.figures import Measured, record


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


# ---- hostile files: bounded work, and a clear problem line -------------------------------------------------
def anchor_bomb(levels: int = 8) -> str:
    """Each level lists the previous one nine times: 9**levels values once the aliases are followed."""
    lines = ["---", "a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, levels)]
    return "\n".join([*lines, "---", "body"]) + "\n"


def test_anchor_bomb_is_refused_without_following_the_aliases(tmp_path: Path) -> None:
    bomb = anchor_bomb()
    (tmp_path / "bomb.md").write_text(bomb, encoding="utf-8")
    with Measured() as measured:
        problems = _problems(tmp_path)
    record(anchor_bomb_bytes=len(bomb), anchor_bomb_ms=measured.ms, anchor_bomb_peak_kb=measured.peak_kb)
    assert (
        problems[0] == f"{tmp_path / 'bomb.md'}:2: yaml: YAML anchors and aliases (&name, *name) are not allowed "
        "in knowledge files"
    )


def test_self_referencing_anchor_is_a_listed_problem() -> None:
    _, problems = parse_entry_text("---\na: &a [*a]\n---\nbody\n", "self.md")
    assert [p.field for p in problems] == ["yaml"] and "anchors" in problems[0].message


def test_deep_nesting_and_too_many_values_are_refused() -> None:
    deep = "---\nfact_notes: " + "[" * 40 + "]" * 40 + "\n---\n"
    _, problems = parse_entry_text(deep, "deep.md")
    assert "nested more than" in problems[0].message
    wide = "---\nquestions: [" + ", ".join(["q"] * 5000) + "]\n---\n"
    _, problems = parse_entry_text(wide, "wide.md")
    assert "YAML values" in problems[0].message


def test_oversized_file_is_refused_before_parsing(tmp_path: Path) -> None:
    (tmp_path / "big.md").write_text("---\nid: big\n---\n" + "x" * (70 * 1024), encoding="utf-8")
    assert _problems(tmp_path)[0].endswith("big.md:1: file: larger than 64 KB")


@pytest.mark.parametrize("date", ["2023-00-10", "2023-05-00", "２０２３-05-01", "2023-0５-01", "2023-05-01\n"])
def test_month_00_and_non_ascii_digits_are_not_dates(date: str, shipped_entries: list[Entry]) -> None:
    data = shipped_entries[0].model_dump() | {"as_of": date}
    with pytest.raises(ValueError, match="date"):
        Entry.model_validate(data)


@pytest.mark.parametrize("url", ["https://a.example/x)[evil](https://b.example", "https://a.example/<x>"])
def test_citation_url_cannot_close_its_masked_link(url: str, shipped_entries: list[Entry]) -> None:
    data = shipped_entries[0].model_dump()
    data["citations"][0]["url"] = url
    with pytest.raises(ValueError, match="https URL"):
        Entry.model_validate(data)


@pytest.mark.parametrize(
    ("field", "value"),
    [("title", "t" * 301), ("title_zh", "题" * 301), ("docket", "d" * 301), ("body", "w " * 4001)],
)
def test_over_long_fields_are_refused_by_the_schema(field: str, value: str, shipped_entries: list[Entry]) -> None:
    with pytest.raises(ValueError, match=f"{field}\n.*at most"):
        Entry.model_validate(shipped_entries[0].model_dump() | {field: value})


def test_over_long_date_label_is_refused(shipped_entries: list[Entry]) -> None:
    data = shipped_entries[0].model_dump()
    data["citations"][0]["date_label"] = "x" * 33
    with pytest.raises(ValueError, match="date_label"):
        Entry.model_validate(data)


def test_alias_may_not_be_another_entrys_title(tmp_path: Path, shipped_entries: list[Entry]) -> None:
    paths = _copy(tmp_path, shipped_entries)
    first, second = shipped_entries[0], shipped_entries[1]
    paths[1].write_text(render_entry(second.model_copy(update={"aliases": [first.title]})), encoding="utf-8")
    assert any(f"alias {first.title!r} is already used by {first.id}" in p for p in _problems(tmp_path))


@pytest.mark.parametrize("twin", ["\u200bnaruto", "ｎａｒｕｔｏ", "na\u200drut\u200co"])
def test_aliases_differing_only_by_invisible_or_full_width_characters_collide(
    twin: str, tmp_path: Path, shipped_entries: list[Entry]
) -> None:
    paths = _copy(tmp_path, shipped_entries)
    first = shipped_entries[0].model_copy(update={"aliases": ["naruto"]})
    second = shipped_entries[1].model_copy(update={"aliases": [twin]})
    paths[0].write_text(render_entry(first), encoding="utf-8")
    paths[1].write_text(render_entry(second), encoding="utf-8")
    assert any("is already used by" in p for p in _problems(tmp_path))
    with pytest.raises(ValueError, match="listed twice"):
        Entry.model_validate(first.model_dump() | {"aliases": ["naruto", twin]})
