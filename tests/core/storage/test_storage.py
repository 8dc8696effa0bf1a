"""Repository round trips, revisions and migrations, on SQLite and (when configured) PostgreSQL."""

import asyncio

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from bot.core.entry import Entry
from bot.core.storage.database import current_revision, downgrade, make_sessionmaker, upgrade
from bot.core.storage.repository import EditConflict, Repository
from bot.core.storage.tables import Base


async def _repo(engine) -> Repository:
    await upgrade(engine)
    return Repository(make_sessionmaker(engine))


async def test_round_trip_keeps_every_field(engine, shipped_entries: list[Entry]) -> None:
    repo = await _repo(engine)
    for entry in shipped_entries[:5]:
        await repo.save(entry, expected_revision=0, author="test", reason="seed")
    stored = {e.id: e for e in await repo.list_entries()}
    for entry in shipped_entries[:5]:
        assert stored[entry.id].content() == entry.content()
        assert stored[entry.id].revision == 1


async def test_edit_makes_a_revision_with_a_full_snapshot(engine, shipped_entries: list[Entry]) -> None:
    repo = await _repo(engine)
    entry = shipped_entries[0]
    await repo.save(entry, expected_revision=0, author="alice", reason="seed")
    edited = entry.model_copy(update={"summary": "A shorter summary.", "aliases": [*entry.aliases, "brand new alias"]})
    saved = await repo.save(edited, expected_revision=1, author="bob", reason="tighten summary")
    assert saved.revision == 2
    revisions = await repo.revisions(entry.id)
    assert [(r.number, r.author, r.reason) for r in revisions] == [(1, "alice", "seed"), (2, "bob", "tighten summary")]
    assert revisions[0].snapshot["summary"] == entry.summary
    assert revisions[1].snapshot["summary"] == "A shorter summary."
    assert (await repo.get(entry.id)).aliases[-1] == "brand new alias"


async def test_stale_save_is_refused_and_changes_nothing(engine, shipped_entries: list[Entry]) -> None:
    repo = await _repo(engine)
    entry = shipped_entries[0]
    await repo.save(entry, expected_revision=0, author="a", reason="seed")
    await repo.save(entry.model_copy(update={"summary": "first"}), expected_revision=1, author="a", reason="one")
    with pytest.raises(EditConflict) as caught:
        await repo.save(entry.model_copy(update={"summary": "second"}), expected_revision=1, author="b", reason="two")
    assert caught.value.current is not None and caught.value.current.summary == "first"
    assert len(await repo.revisions(entry.id)) == 2


async def test_concurrent_saves_from_one_revision_make_exactly_one(engine, shipped_entries: list[Entry]) -> None:
    repo = await _repo(engine)
    entry = shipped_entries[0]
    await repo.save(entry, expected_revision=0, author="a", reason="seed")
    saves = [
        repo.save(entry.model_copy(update={"summary": f"edit {i}"}), expected_revision=1, author=f"e{i}", reason="race")
        for i in range(10)
    ]
    results = await asyncio.gather(*saves, return_exceptions=True)
    assert sum(not isinstance(r, BaseException) for r in results) == 1
    assert all(isinstance(r, EditConflict) for r in results if isinstance(r, BaseException))
    assert len(await repo.revisions(entry.id)) == 2


async def test_an_alias_names_one_entry_only(engine, shipped_entries: list[Entry]) -> None:
    repo = await _repo(engine)
    first, second = shipped_entries[0], shipped_entries[1]
    await repo.save(first, expected_revision=0, author="a", reason="seed")
    clash = second.model_copy(update={"aliases": [first.aliases[0].upper()]})
    with pytest.raises(Exception):  # noqa: B017 - the driver's IntegrityError differs per back end
        await repo.save(clash, expected_revision=0, author="a", reason="seed")
    assert [e.id for e in await repo.list_entries()] == [first.id]


async def test_migrations_upgrade_downgrade_upgrade(engine) -> None:
    await upgrade(engine)
    assert await current_revision(engine) is not None
    await downgrade(engine, "base")
    assert await current_revision(engine) is None
    async with engine.connect() as conn:
        tables = await conn.run_sync(lambda sync: inspect(sync).get_table_names())
    assert "entries" not in tables
    await upgrade(engine)
    async with engine.connect() as conn:
        tables = await conn.run_sync(lambda sync: inspect(sync).get_table_names())
    assert {"entries", "aliases", "questions", "citations", "revisions"} <= set(tables)


async def test_models_match_migrations(engine) -> None:
    await upgrade(engine)

    def diff(sync_conn) -> list:
        context = MigrationContext.configure(sync_conn, opts={"compare_type": True})
        return compare_metadata(context, Base.metadata)

    async with engine.connect() as conn:
        assert await conn.run_sync(diff) == []
