"""Drafting entries from form fields, and the gap policy: the rules the Discord forms and cogs used to hold."""

import datetime as dt

import pytest

from bot.core import drafts
from bot.core.answers import Answer
from bot.core.community import GAP_CONFIDENCE, CommunityService
from bot.core.editing import Editor, EditRejected, revision_changes
from bot.core.entry import Entry
from bot.core.storage.database import make_sessionmaker, upgrade
from tests.core.test_editing import editor  # noqa: F401  (the fixture)

BODY = "First paragraph, which becomes the summary.\n\nSecond paragraph, which does not."


def test_a_new_entry_takes_court_date_and_docket_from_its_one_source() -> None:
    data = drafts.new_entry(
        "us-new-case",
        "US",
        "judgment",
        title="New v. Case",
        summary="",
        body=BODY,
        questions="one\n\n two \n",
        citation_line="Some Court | 2024-05-01 | - | https://example.org/x",
        today=dt.date(2026, 1, 2),
    )
    assert (data["court"], data["date"], data["docket"]) == ("Some Court", "2024-05-01", None)
    assert data["summary"] == "First paragraph, which becomes the summary."
    assert data["questions"] == ["one", "two"] and data["covers"] == ["us-new-case"]
    assert data["as_of"] == "2026-01-02" and data["citations"][0]["title"] == "New v. Case"
    Entry.model_validate(data | {"questions": [f"q {i}" for i in range(8)], "body": " ".join(["word"] * 200)})


@pytest.mark.parametrize("line", ["Court | 2024", "a | b | c | d | e", ""])
def test_a_citation_line_of_the_wrong_shape_is_refused_with_its_format(line: str) -> None:
    with pytest.raises(EditRejected) as refused:
        drafts.parse_citation(line, "Title")
    assert drafts.CITATION_LINE in refused.value.problems[0]


def test_the_gap_form_header_is_id_jurisdiction_kind() -> None:
    assert drafts.parse_header(" US-New-Case | us | Judgment ") == ("us-new-case", "US", "judgment")
    with pytest.raises(EditRejected):
        drafts.parse_header("us-new-case | US")


def test_alias_removal_matches_as_aliases_are_keyed(shipped_entries: list[Entry]) -> None:
    entry = next(e for e in shipped_entries if e.aliases)
    alias = entry.aliases[0]
    spaced_and_wide = "  " + alias.upper().replace(" ", "   ") + "\u200b"  # NFKC, case, spacing, invisibles
    assert alias not in drafts.aliases_without(entry, spaced_and_wide)["aliases"]
    assert len(drafts.aliases_without(entry, spaced_and_wide)["aliases"]) == len(entry.aliases) - 1


def test_entry_ids_follow_the_one_pattern() -> None:
    assert drafts.is_entry_id("us-new-case") and not drafts.is_entry_id("US_new") and not drafts.is_entry_id("a--b")


def _answer(matched: bool, confidence: float) -> Answer:
    return Answer(question="q", matched=matched, confidence=confidence)


def test_the_gap_policy_is_declines_and_barely_matched_answers() -> None:
    assert CommunityService.is_gap(_answer(False, 0.95))
    assert CommunityService.is_gap(_answer(True, GAP_CONFIDENCE - 0.01))
    assert not CommunityService.is_gap(_answer(True, GAP_CONFIDENCE))


async def test_note_answer_records_gaps_within_the_members_share(engine) -> None:
    await upgrade(engine)
    community = CommunityService(make_sessionmaker(engine))
    for _ in range(community.quota.per_day + 2):
        await community.note_answer(_answer(False, 0.1), 1, member_id=7)
    await community.note_answer(_answer(True, 0.99), 1, member_id=8)
    assert len(await community.gaps()) == community.quota.per_day


async def test_history_steps_say_what_each_revision_changed(editor: Editor) -> None:  # noqa: F811
    entry = await editor.current("us-naruto")
    await editor.update("us-naruto", {"summary": "A new summary."}, base=entry.revision, author="a", reason="why")
    steps = revision_changes(await editor.history("us-naruto"))
    assert [s.number for s in steps] == [1, 2] and steps[0].changes == ["created"]
    assert steps[1].reason == "why" and steps[1].changes[0].startswith("summary: ")
