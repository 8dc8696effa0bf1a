"""Moderators' edits in the core: revisions, conflicts, validation, delete/restore, revert, the index."""

import asyncio

import pytest

from bot.core.editing import Editor, EditRejected, NoChange, diff
from bot.core.entry import Entry
from bot.core.service import KnowledgeService
from bot.core.storage.database import make_sessionmaker, upgrade
from bot.core.storage.repository import Repository


@pytest.fixture
async def editor(engine, shipped_entries: list[Entry]) -> Editor:
    await upgrade(engine)
    repo = Repository(make_sessionmaker(engine))
    for entry in shipped_entries:
        await repo.save(entry, expected_revision=0, author="seed", reason="seed")
    service = KnowledgeService(repo)
    await service.reload()
    return Editor(repo, service)


def new_entry(shipped: list[Entry]) -> dict:
    base = next(e for e in shipped if e.id == "us-naruto")
    return base.model_dump(mode="json", exclude={"revision"}) | {
        "id": "us-test-penguin",
        "title": "Penguin v. Photographer (a test entry)",
        "aliases": ["Penguin v Photographer", "the penguin photo case"],
        "covers": ["us-test-penguin"],
        "questions": [f"penguin photographer copyright question {i}" for i in range(8)],
    }


async def test_add_then_edit_then_revert(editor: Editor, shipped_entries: list[Entry]) -> None:
    created = await editor.create(new_entry(shipped_entries), author="mod#1", reason="new case")
    assert created.entry.revision == 1
    assert editor.knowledge.ask("the penguin photo case").entry.id == "us-test-penguin"  # index updated
    edited = await editor.update(
        "us-test-penguin", {"summary": "Corrected summary."}, base=1, author="mod#2", reason="fix summary"
    )
    assert edited.entry.revision == 2 and any(line.startswith("summary:") for line in edited.changes)
    assert editor.knowledge.entries["us-test-penguin"].summary == "Corrected summary."
    history = await editor.history("us-test-penguin")
    assert [(r.number, r.author, r.reason) for r in history] == [(1, "mod#1", "new case"), (2, "mod#2", "fix summary")]
    reverted = await editor.revert("us-test-penguin", 1, author="mod#3")
    assert reverted.entry.revision == 3 and reverted.entry.summary == created.entry.summary
    assert len(await editor.history("us-test-penguin")) == 3


async def test_stale_edit_is_refused_with_the_difference_and_your_text(editor: Editor) -> None:
    await editor.update("us-naruto", {"summary": "First editor's text."}, base=1, author="a", reason="one")
    with pytest.raises(EditRejected) as caught:
        await editor.update("us-naruto", {"summary": "Second editor's text."}, base=1, author="b", reason="two")
    rejected = caught.value
    assert rejected.conflict is not None and rejected.conflict.summary == "First editor's text."
    assert rejected.yours is not None and rejected.yours.summary == "Second editor's text."
    assert any("summary" in p for p in rejected.problems)
    assert (await editor.current("us-naruto")).summary == "First editor's text."


async def test_twenty_concurrent_saves_make_exactly_one_revision(editor: Editor) -> None:
    saves = [
        editor.update("us-feist", {"summary": f"Edit {i}."}, base=1, author=f"e{i}", reason="race") for i in range(20)
    ]
    results = await asyncio.gather(*saves, return_exceptions=True)
    assert sum(not isinstance(r, BaseException) for r in results) == 1
    assert all(isinstance(r, EditRejected) for r in results if isinstance(r, BaseException))
    assert len(await editor.history("us-feist")) == 2


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"aliases": ["Kashtanova"]}, "already used by us-zarya"),
        ({"related": ["no-such-entry"]}, "unknown entry id"),
        ({"summary": "x" * 700}, "summary"),
        ({"date": "2999-01-01"}, "in the future"),
        ({"citations": []}, "citations"),
    ],
)
async def test_invalid_edit_lists_problems_and_saves_nothing(editor: Editor, changes: dict, expected: str) -> None:
    before = await editor.current("us-naruto")
    with pytest.raises(EditRejected) as caught:
        await editor.update("us-naruto", changes, base=before.revision, author="m", reason="bad")
    assert any(expected in p for p in caught.value.problems), caught.value.problems
    assert (await editor.current("us-naruto")) == before
    assert len(await editor.history("us-naruto")) == 1


async def test_reason_is_required(editor: Editor) -> None:
    with pytest.raises(EditRejected):
        await editor.update("us-naruto", {"summary": "x."}, base=1, author="m", reason="  ")


async def test_delete_is_soft_and_restore_brings_it_back(editor: Editor) -> None:
    await editor.delete("us-naruto", base=1, author="m", reason="duplicate")
    assert "us-naruto" not in editor.knowledge.entries
    assert await editor.repo.get("us-naruto") is not None
    restored = await editor.restore("us-naruto", author="m")
    assert restored.entry.revision == 3 and "us-naruto" in editor.knowledge.entries


async def test_changes_that_change_nothing_add_no_revision(editor: Editor) -> None:
    with pytest.raises(NoChange):
        await editor.revert("us-naruto", 1, author="m")  # r1 is the current content
    with pytest.raises(NoChange):
        await editor.update("us-naruto", {}, base=1, author="m", reason="no edit")
    with pytest.raises(NoChange):
        await editor.restore("us-naruto", author="m")  # not deleted
    await editor.delete("us-naruto", base=1, author="m", reason="duplicate")
    with pytest.raises(NoChange):
        await editor.delete("us-naruto", base=2, author="m", reason="again")
    assert [r.number for r in await editor.history("us-naruto")] == [1, 2]


def test_diff_is_short_and_per_field() -> None:
    lines = diff({"summary": "a", "aliases": ["x", "y"]}, {"summary": "b", "aliases": ["x", "z"]})
    assert lines == ["summary: a → b", "aliases: +z, -y"]
