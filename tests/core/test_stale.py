"""Open matters: honest status lines, the stale list, a recorded check, and kinds that cannot claim a decision."""

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from bot.core.answers import compose
from bot.core.entry import OPEN_STATUSES, Entry, new_status
from bot.core.entry_table import EntryTable
from bot.core.knowledge_files import LoadedFile, content_problems
from bot.core.stale import stale_entries, status_change
from bot.i18n import Language
from bot.i18n.localized import localize, status_text

TODAY = dt.date(2026, 12, 2)


def make(**changes: Any) -> Entry:
    data: dict[str, Any] = {
        "id": "us-test-case",
        "kind": "pending-case",
        "title": "Test v. Case",
        "jurisdictions": ["US"],
        "status": "pending",
        "status_detail": "No ruling on the merits; pending since March 2025",
        "as_of": "2026-11-30",
        "summary": "A test case.",
        "citations": [{"title": "Test", "court": "A court", "date": "2025-03-01", "url": "https://example.org/t"}],
        "covers": ["us-test-case"],
    }
    return Entry.model_validate(data | changes)


def test_an_open_matter_says_what_is_open_and_since_when() -> None:
    line = status_text(make(), Language.EN, TODAY)
    assert line == "Status: pending (as of 2026-11-30). No ruling on the merits; pending since March 2025."


def test_an_open_matter_unchecked_for_long_says_so() -> None:
    line = status_text(make(as_of="2026-06-01"), Language.EN, TODAY)
    assert line.startswith("Status: pending, last checked 2026-06-01 (184 days ago), so it may have moved on")
    assert line.endswith("pending since March 2025.")


def test_a_decided_matter_is_not_called_stale_however_old() -> None:
    entry = make(kind="judgment", status="decided", status_detail=None, as_of="2019-01-01")
    assert status_text(entry, Language.EN, TODAY) == "Status: decided (as of 2019-01-01)."
    assert stale_entries([entry], TODAY) == []


def test_stale_lists_open_matters_past_the_window_oldest_first() -> None:
    entries = [
        make(id="a-fresh", covers=["a-fresh"], as_of="2026-11-01"),
        make(id="b-old", covers=["b-old"], as_of="2026-03"),
        make(id="c-older", covers=["c-older"], as_of="2025-12-31"),
        make(id="d-done", covers=["d-done"], kind="judgment", status="decided", status_detail=None, as_of="2020"),
    ]
    assert [e.id for e in stale_entries(entries, TODAY)] == ["c-older", "b-old"]
    assert [e.id for e in stale_entries(entries, TODAY, days=10)] == ["c-older", "b-old", "a-fresh"]
    assert stale_entries(entries, TODAY, days=400) == []


def test_a_recorded_check_keeps_the_detail_unless_the_status_changes() -> None:
    entry = make(as_of="2026-01-01")
    same = status_change(entry, "pending", None, TODAY)
    assert same == {"status": "pending", "status_detail": entry.status_detail, "as_of": "2026-12-02"}
    moved = status_change(make(kind="judgment"), "decided", None, TODAY)
    assert moved["status_detail"] is None
    told = status_change(entry, "on appeal", "Appeal filed in May 2026", TODAY)
    assert told["status_detail"] == "Appeal filed in May 2026"


@pytest.mark.parametrize(
    ("kind", "status"),
    [("pending-case", "decided"), ("pending-case", "settled"), ("settlement", "decided"), ("topic", "pending")],
)
def test_a_kind_cannot_claim_a_status_it_cannot_have(kind: str, status: str) -> None:
    with pytest.raises(ValidationError, match="does not fit kind"):
        make(kind=kind, status=status)


def test_an_open_status_without_a_detail_is_a_content_problem() -> None:
    entry = make(status_detail=None)
    problems = content_problems([LoadedFile(path=Path("x.md"), entry=entry)])
    assert any(p.field == "status_detail" for p in problems)


@pytest.mark.parametrize("kind", ["pending-case", "settlement", "police-referral", "standard", "guidance"])
def test_new_entries_start_with_an_honest_status(kind: str) -> None:
    fields = new_status(kind, TODAY)
    entry = make(kind=kind, **fields)
    if entry.status in OPEN_STATUSES:
        assert entry.status_detail == "No outcome recorded as of 2026-12-02."


def test_every_shipped_open_matter_answers_as_open(shipped_entries: list[Entry]) -> None:
    """No answer about a pending case, a settlement awaiting approval or a consultation reads as decided."""
    by_id = {e.id: e for e in shipped_entries}
    open_entries = [e for e in shipped_entries if e.is_open]
    assert open_entries
    for entry in open_entries:
        text = localize(compose(entry, 0.9, "q", by_id), Language.EN).text
        assert f"Status: {entry.status}" in text and entry.status_detail, entry.id
        assert entry.status_detail.rstrip(".") in text, entry.id
    for entry in shipped_entries:
        if entry.kind == "pending-case":
            assert entry.is_open, entry.id


def test_a_packed_knowledge_base_finds_its_stale_matters_from_the_heads(shipped_entries: list[Entry]) -> None:
    """/kb stale reads heads (status and as_of), so a large knowledge base unpacks only the stale entries."""
    table = EntryTable(shipped_entries, pack_above=10)
    assert table.packed
    later = TODAY + dt.timedelta(days=30)
    by_heads = [head.id for head in stale_entries(table.heads(), later, days=0)]
    assert by_heads == [entry.id for entry in stale_entries(shipped_entries, later, days=0)]
    assert by_heads  # the shipped knowledge base has open matters
