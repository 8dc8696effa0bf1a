"""One writer for the shipped files and every export: byte for byte on unedited entries, line for line on edits."""

import difflib
from pathlib import Path

import pytest

from bot.core.entry import Entry
from bot.core.knowledge_files import knowledge_paths, parse_entry_text, render_entry
from bot.paths import shipped_dir

SHIPPED = knowledge_paths(shipped_dir("knowledge"))


def _entry(text: str) -> Entry:
    loaded, problems = parse_entry_text(text, "x.md")
    assert not problems and loaded.entry is not None, problems
    return loaded.entry


def _changed_lines(before: str, after: str) -> list[str]:
    diff = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
    return [line for line in diff if line[:1] in "+-" and not line.startswith(("+++", "---"))]


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_unedited_entry_is_written_back_byte_for_byte(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert render_entry(_entry(text), text) == text


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_new_file_reads_back_as_the_same_entry(path: Path) -> None:
    """Without a file to follow (a new entry), the writer's own layout must still read back identically."""
    entry = _entry(path.read_text(encoding="utf-8"))
    assert _entry(render_entry(entry)) == entry


def test_an_edit_changes_only_its_lines() -> None:
    text = (shipped_dir("knowledge") / "cn-li-v-liu.md").read_text(encoding="utf-8")
    entry = _entry(text)
    edited = entry.model_copy(
        update={
            "questions": [*entry.questions, "is the li v liu ruling final?"],
            "aliases": [a for a in entry.aliases if a != "Li Yunkai"],
            "as_of": "2026-12-01",
        }
    )
    assert sorted(_changed_lines(text, render_entry(edited, text))) == sorted(
        ['-as_of: "2026-11-29"', '+as_of: "2026-12-01"', "-  - Li Yunkai", '+  - "is the li v liu ruling final?"']
    )


def test_a_new_field_goes_where_the_schema_puts_it() -> None:
    text = (shipped_dir("knowledge") / "cn-li-v-liu.md").read_text(encoding="utf-8")
    entry = _entry(text)
    edited = entry.model_copy(update={"status_detail": "Still open."})
    written = render_entry(edited, text)
    assert _changed_lines(text, written) == ['+status_detail: "Still open."']
    assert written.index("status_detail:") > written.index("status:") and _entry(written) == edited


@pytest.mark.parametrize(
    "tricky",
    ["yes", "null", "123", "- dash", "[bracket]", "a: colon", "hash # here", "'quoted'", '"double"', "中文：冒号"],
)
def test_text_that_yaml_would_misread_is_written_so_it_reads_back(tricky: str) -> None:
    entry = _entry((shipped_dir("knowledge") / "us-naruto.md").read_text(encoding="utf-8"))
    edited = entry.model_copy(
        update={
            "aliases": [*entry.aliases, tricky],
            "questions": [*entry.questions, tricky],
            "summary": f"{tricky} " + "word " * 30 + tricky,
            "fact_notes": {"date": tricky},
        }
    )
    assert _entry(render_entry(edited)) == edited
