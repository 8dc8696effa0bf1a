"""kb sync: new and changed files come in; a moderator's database edit is never overwritten."""

from pathlib import Path

import pytest

from bot.core.entry import Entry
from bot.core.knowledge_files import render_entry
from bot.core.storage.database import make_sessionmaker, upgrade
from bot.core.storage.repository import Repository
from bot.core.sync import sync_directory, take_side


@pytest.fixture
def entries(shipped_entries: list[Entry]) -> list[Entry]:
    """Three case entries on their own (links to entries not copied are dropped so the folder validates)."""
    return [e.model_copy(update={"related": []}) for e in shipped_entries if not e.is_topic][:3]


async def _setup(engine, tmp_path: Path, entries: list[Entry]) -> tuple[Repository, Path]:
    await upgrade(engine)
    folder = tmp_path / "knowledge"
    folder.mkdir()
    for entry in entries[:3]:
        (folder / f"{entry.id}.md").write_text(render_entry(entry), encoding="utf-8")
    return Repository(make_sessionmaker(engine)), folder


async def test_first_sync_adds_then_nothing_changes(engine, tmp_path: Path, entries: list[Entry]) -> None:
    repo, folder = await _setup(engine, tmp_path, entries)
    first = await sync_directory(repo, folder)
    assert sorted(first.added) == sorted(e.id for e in entries[:3]) and first.ok
    second = await sync_directory(repo, folder)
    assert second.added == [] and second.updated == [] and len(second.unchanged) == 3


async def test_changed_file_updates_an_unedited_entry(engine, tmp_path: Path, entries: list[Entry]) -> None:
    repo, folder = await _setup(engine, tmp_path, entries)
    await sync_directory(repo, folder)
    entry = entries[0]
    (folder / f"{entry.id}.md").write_text(render_entry(entry.model_copy(update={"summary": "Updated in git."})))
    report = await sync_directory(repo, folder)
    assert report.updated == [entry.id] and report.conflicts == []
    stored = await repo.get(entry.id)
    assert stored is not None and stored.summary == "Updated in git." and stored.revision == 2


async def test_database_edit_is_never_overwritten(engine, tmp_path: Path, entries: list[Entry]) -> None:
    repo, folder = await _setup(engine, tmp_path, entries)
    await sync_directory(repo, folder)
    entry = entries[0]
    await repo.save(
        entry.model_copy(update={"summary": "Moderator fix."}),
        expected_revision=1,
        author="mod",
        reason="correct a date",
    )
    (folder / f"{entry.id}.md").write_text(render_entry(entry.model_copy(update={"summary": "File change."})))
    report = await sync_directory(repo, folder)
    assert report.conflicts == [entry.id] and not report.ok
    assert any(line.startswith(f"conflict: {entry.id}") for line in report.lines())
    stored = await repo.get(entry.id)
    assert stored is not None and stored.summary == "Moderator fix." and stored.revision == 2


async def test_untouched_file_after_database_edit_is_not_a_conflict(
    engine, tmp_path: Path, entries: list[Entry]
) -> None:
    repo, folder = await _setup(engine, tmp_path, entries)
    await sync_directory(repo, folder)
    entry = entries[0]
    await repo.save(
        entry.model_copy(update={"summary": "Moderator fix."}), expected_revision=1, author="mod", reason="fix"
    )
    report = await sync_directory(repo, folder)
    assert report.conflicts == [] and entry.id in report.unchanged
    assert (await repo.get(entry.id)).summary == "Moderator fix."


async def test_invalid_files_change_nothing(engine, tmp_path: Path, entries: list[Entry]) -> None:
    repo, folder = await _setup(engine, tmp_path, entries)
    (folder / "broken.md").write_text("---\nid: [\n---\nbody\n")
    report = await sync_directory(repo, folder)
    assert report.problems and report.added == []
    assert await repo.count() == 0


async def _conflict(engine, tmp_path: Path, entries: list[Entry]) -> tuple[Repository, Path, Entry]:
    """An entry edited in the database (r2) whose file changed too."""
    repo, folder = await _setup(engine, tmp_path, entries)
    await sync_directory(repo, folder)
    entry = entries[0]
    await repo.save(entry.model_copy(update={"summary": "Moderator fix."}), expected_revision=1, author="m", reason="x")
    (folder / f"{entry.id}.md").write_text(render_entry(entry.model_copy(update={"summary": "File change."})))
    assert (await sync_directory(repo, folder)).conflicts == [entry.id]
    return repo, folder, entry


async def test_revert_in_the_database_then_a_file_change_is_not_a_conflict(
    engine, tmp_path: Path, entries: list[Entry]
) -> None:
    """`kb revert` to the synced content used to leave the entry 'edited' for ever."""
    repo, folder = await _setup(engine, tmp_path, entries)
    await sync_directory(repo, folder)
    entry = entries[0]
    await repo.save(entry.model_copy(update={"summary": "Edit."}), expected_revision=1, author="m", reason="x")
    await repo.save(entry, expected_revision=2, author="m", reason="revert to r1")
    assert entry.id in (await sync_directory(repo, folder)).unchanged
    revision, synced, _ = (await repo.sync_state())[entry.id]
    assert synced == revision == 3
    (folder / f"{entry.id}.md").write_text(render_entry(entry.model_copy(update={"summary": "Later file change."})))
    report = await sync_directory(repo, folder)
    assert report.updated == [entry.id] and report.conflicts == []


async def test_file_made_equal_to_the_database_is_marked_synced(engine, tmp_path: Path, entries: list[Entry]) -> None:
    repo, folder, entry = await _conflict(engine, tmp_path, entries)
    (folder / f"{entry.id}.md").write_text(render_entry(entry.model_copy(update={"summary": "Moderator fix."})))
    assert entry.id in (await sync_directory(repo, folder)).unchanged
    (folder / f"{entry.id}.md").write_text(render_entry(entry.model_copy(update={"summary": "Next change."})))
    report = await sync_directory(repo, folder)
    assert report.updated == [entry.id] and report.conflicts == []


async def test_conflict_message_names_the_way_out(engine, tmp_path: Path, entries: list[Entry]) -> None:
    repo, folder, entry = await _conflict(engine, tmp_path, entries)
    line = next(x for x in (await sync_directory(repo, folder)).lines() if x.startswith("conflict:"))
    assert f"kb sync --take files {entry.id}" in line and f"kb sync --take database {entry.id}" in line
    assert "kept as a revision" in line


async def test_take_files_keeps_the_database_version_as_a_revision(
    engine, tmp_path: Path, entries: list[Entry]
) -> None:
    repo, folder, entry = await _conflict(engine, tmp_path, entries)
    await take_side(repo, folder, entry.id, "files")
    assert (await repo.get(entry.id)).summary == "File change."
    assert [r.snapshot["summary"] for r in await repo.revisions(entry.id)][-2:] == ["Moderator fix.", "File change."]
    assert (await sync_directory(repo, folder)).conflicts == []


async def test_take_database_keeps_the_file_version_as_a_revision(engine, tmp_path: Path, entries: list[Entry]) -> None:
    repo, folder, entry = await _conflict(engine, tmp_path, entries)
    await take_side(repo, folder, entry.id, "database")
    assert (await repo.get(entry.id)).summary == "Moderator fix."
    assert [r.snapshot["summary"] for r in await repo.revisions(entry.id)][-2:] == ["File change.", "Moderator fix."]
    again = await sync_directory(repo, folder)
    assert again.conflicts == [] and entry.id in again.unchanged
    assert (await repo.get(entry.id)).summary == "Moderator fix."
