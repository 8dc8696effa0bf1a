"""The knowledge base against the verified fact sheet: complete, consistent, sourced, in our own words."""

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest

from bot.core.entry import Entry
from bot.devtools.evaluation import load_questions
from bot.devtools.factcheck import check_facts, load_fact_sheet
from tests.conftest import DEV_SET, DEV_SET_SKIP, FACT_SHEET, FACT_SHEET_SKIP

CJK = re.compile(r"[\u4e00-\u9fff]")
needs_sheet = pytest.mark.skipif(not FACT_SHEET.exists(), reason=FACT_SHEET_SKIP)


@pytest.fixture(scope="module")
def facts() -> dict[str, dict[str, Any]]:
    return load_fact_sheet(FACT_SHEET)


@needs_sheet
def test_every_fact_sheet_item_has_an_entry(shipped_entries: list[Entry], facts) -> None:
    assert sorted(set(facts) - {e.id for e in shipped_entries}) == []


@needs_sheet
def test_court_date_docket_and_link_agree_with_the_fact_sheet(shipped_entries: list[Entry], facts) -> None:
    differences, missing = check_facts(shipped_entries, facts)
    assert missing == []
    assert [str(d) for d in differences if not d.explained] == []


@needs_sheet
def test_primary_citation_carries_the_items_number(shipped_entries: list[Entry], facts) -> None:
    """Where the fact sheet has a docket or official citation, the entry's own citation shows one."""
    for entry in shipped_entries:
        fact = facts.get(entry.id)
        if fact and (fact.get("docket") or fact.get("reporter_citation")):
            own = [c for c in entry.citations if c.ref == entry.id]
            assert own and own[0].docket, entry.id


@needs_sheet
def test_report_citations_are_shown_where_the_fact_sheet_has_one(shipped_entries: list[Entry], facts) -> None:
    for entry in shipped_entries:
        reporter = (facts.get(entry.id) or {}).get("reporter_citation")
        if reporter:
            own = next(c for c in entry.citations if c.ref == entry.id)
            assert own.reporter and own.reporter in reporter, entry.id


def test_every_citation_is_complete(shipped_entries: list[Entry]) -> None:
    for entry in shipped_entries:
        for citation in entry.citations:
            assert citation.court.strip() and citation.date and citation.url.startswith("https://"), entry.id


def test_dates_are_not_in_the_future(shipped_entries: list[Entry]) -> None:
    today = dt.date.today().isoformat()
    for entry in shipped_entries:
        for value in [entry.date, entry.as_of, *(c.date for c in entry.citations)]:
            assert value is None or value <= today, (entry.id, value)


def test_phrasings_aliases_and_links(shipped_entries: list[Entry]) -> None:
    by_id = {e.id: e for e in shipped_entries}
    for entry in shipped_entries:
        assert len(entry.questions) >= 8, entry.id
        assert entry.aliases or entry.is_topic, entry.id
        assert entry.related, entry.id
        assert all(r in by_id and r != entry.id for r in entry.related), entry.id
        if "CN" in entry.jurisdictions and (not entry.is_topic or entry.id == "topic-cn-us-split"):
            assert sum(bool(CJK.search(q)) for q in entry.questions) >= 2, entry.id
            assert any(CJK.search(a) for a in entry.aliases), entry.id


def test_the_split_topic_has_a_china_and_a_us_side(shipped_entries: list[Entry]) -> None:
    split = next(e for e in shipped_entries if e.id == "topic-cn-us-split")
    sides = {s.jurisdiction: s for s in split.sides}
    assert {"CN", "US"} <= set(sides)
    for side in sides.values():
        assert side.cites and set(side.cites) <= set(split.covers)


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.casefold())


@needs_sheet
def test_no_sentence_is_copied_from_the_fact_sheet(shipped_entries: list[Entry], facts) -> None:
    """Twelve words in a row shared with the fact sheet's prose would be copying, not paraphrase."""
    run = 12
    prose_fields = ("holding", "human_input", "later_history", "notes", "work_at_issue", "parties", "key_points")
    shingles: set[tuple[str, ...]] = set()
    for fact in facts.values():
        for name in prose_fields:
            value = fact.get(name)
            texts = value if isinstance(value, list) else [value]
            for text in texts:
                words = _words(str(text or ""))
                shingles.update(tuple(words[i : i + run]) for i in range(len(words) - run + 1))
    copied = []
    for entry in shipped_entries:
        text = " ".join([entry.summary, entry.body, *(s.text for s in entry.sides)])
        words = _words(text)
        hits = {
            " ".join(words[i : i + run]) for i in range(len(words) - run + 1) if tuple(words[i : i + run]) in shingles
        }
        copied += [f"{entry.id}: {h}" for h in hits]
    assert copied == []


@pytest.mark.skipif(not DEV_SET.exists(), reason=DEV_SET_SKIP)
def test_every_id_the_dev_set_expects_exists(shipped_entries: list[Entry]) -> None:
    ids = {e.id for e in shipped_entries}
    expected = {i for q in load_questions(Path(DEV_SET)) for i in q.expect}
    assert sorted(expected - ids) == []


@needs_sheet
def test_each_entry_has_the_fact_sheets_kind(shipped_entries: list[Entry], facts) -> None:
    """A pending case stays a pending case: the kind decides which statuses an entry may claim."""
    assert [(e.id, e.kind) for e in shipped_entries if e.id in facts and e.kind != facts[e.id]["kind"]] == []


# Links the fact sheet marks as not to be shown: a staging host, and an article its notes flag as wrong.
FLAGGED_LINKS = ("prod.hsf-prod.magnolia-platform.com", "chambers.com/articles/copyright-and-ai-remain-in-focus")


@needs_sheet
def test_every_link_is_one_the_fact_sheet_lists_and_none_is_flagged(shipped_entries: list[Entry], facts) -> None:
    listed = {str(f.get("citation_url") or "") for f in facts.values()}
    listed |= {str(s.get("url")) for f in facts.values() for s in f.get("sources") or []}
    listed |= {u.replace("http://", "https://", 1) for u in listed}
    for entry in shipped_entries:
        for citation in entry.citations:
            assert citation.url in listed, (entry.id, citation.url)
            assert not any(flag in citation.url for flag in FLAGGED_LINKS), (entry.id, citation.url)
