"""Several processes over one database, each with its own engine and in-memory index: a change committed
by one is served by the other (NOTIFY on PostgreSQL, the version check on both), cooldowns are shared, and
start-up work done by several at once happens once."""

import asyncio
import time
from collections.abc import Sequence

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.core.bootstrap import Core, prepare_store
from bot.core.editing import Editor
from bot.core.entry import Entry
from bot.core.service import KnowledgeService
from bot.core.storage.changes import ANSWER_CHANNELS, Change, ChangeFeed
from bot.core.storage.community import CommunityStore
from bot.core.storage.database import make_engine, make_sessionmaker, upgrade
from bot.core.storage.repository import Repository
from bot.core.storage.tables import RevisionRow
from bot.paths import shipped_dir
from bot.settings import Settings

DEADLINE = 10.0  # generous: the target is 2 s, and the measured time is printed


async def twin(engine: AsyncEngine) -> AsyncEngine:
    """Another engine on the same database (and, on PostgreSQL, the same schema): another process's view."""
    if engine.dialect.name == "sqlite":
        return make_engine(engine.url.render_as_string(hide_password=False))
    async with engine.connect() as conn:
        schema = (await conn.execute(text("select current_schema()"))).scalar_one()
    return make_engine(
        engine.url.render_as_string(hide_password=False), connect_args={"server_settings": {"search_path": schema}}
    )


async def core_over(engine: AsyncEngine) -> Core:
    repo = Repository(make_sessionmaker(engine))
    feed = ChangeFeed(make_sessionmaker(engine))
    version = await feed.version()
    service = KnowledgeService(repo)
    await service.reload()
    return Core(engine, repo, service, feed, version)


async def served_within(check, deadline: float = DEADLINE) -> float:
    start = time.monotonic()
    while not check():
        assert time.monotonic() - start < deadline, "the other process did not serve the change in time"
        await asyncio.sleep(0.02)
    return time.monotonic() - start


async def test_a_change_in_one_process_is_served_by_the_other(engine, shipped_entries: list[Entry]) -> None:
    await upgrade(engine)
    seed = Repository(make_sessionmaker(engine))
    for entry in shipped_entries:
        await seed.save(entry, expected_revision=0, author="seed", reason="seed")
    other_engine = await twin(engine)
    try:
        a, b = await core_over(engine), await core_over(other_engine)
        heard: list[Change] = []

        async def on_change(changes: Sequence[Change]) -> None:
            heard.extend(changes)

        # A slow check on PostgreSQL: only NOTIFY can make it in time there; SQLite has the check alone.
        watcher = b.watcher(on_change, check_seconds=5.0 if engine.dialect.name == "postgresql" else 0.2)
        watcher.start()
        try:
            if engine.dialect.name == "postgresql":
                await served_within(lambda: watcher.listening)
            editor = Editor(a.repo, a.service)
            entry = a.service.entries["us-naruto"]
            await editor.update(
                "us-naruto",
                {"aliases": [*entry.aliases, "the selfie monkey"]},
                base=entry.revision,
                author="mod",
                reason="alias",
            )
            took = await served_within(lambda: b.service.lookup("the selfie monkey") is not None)
            print(f"edit served by the other process after {took:.3f} s")
            current = a.service.entries["us-naruto"]
            await editor.delete("us-naruto", base=current.revision, author="mod", reason="gone")
            took = await served_within(lambda: "us-naruto" not in b.service.entries)
            print(f"delete served by the other process after {took:.3f} s")
            assert "us-naruto" in b.service.deleted and b.service.catalogue.owner_other_than("the selfie monkey", "x")
            await CommunityStore(make_sessionmaker(engine)).add_answer_channel(1, 2)
            took = await served_within(lambda: any(c.kind == ANSWER_CHANNELS for c in heard))
            print(f"answer channel heard by the other process after {took:.3f} s")
            assert watcher.version == await a.feed.version()
        finally:
            await watcher.stop()
    finally:
        await other_engine.dispose()


async def test_one_members_cooldown_holds_across_processes(engine) -> None:
    await upgrade(engine)
    other_engine = await twin(engine)
    try:
        stores = [CommunityStore(make_sessionmaker(e)) for e in (engine, other_engine)]
        waits = await asyncio.gather(*(s.take_cooldown(42, 20.0) for s in stores for _ in range(3)))
        assert sorted(waits)[0] == 0.0 and all(w > 0 for w in sorted(waits)[1:])  # exactly one answer
        assert await stores[1].take_cooldown(43, 20.0) == 0.0  # another member is not held up
        later = time.time() + 21
        assert await stores[1].take_cooldown(42, 20.0, now=later) == 0.0  # and the wait ends
    finally:
        await other_engine.dispose()


async def test_the_feed_orders_changes_and_a_watcher_far_behind_reloads(engine, shipped_entries: list[Entry]) -> None:
    await upgrade(engine)
    repo = Repository(make_sessionmaker(engine))
    for entry in shipped_entries[:3]:
        await repo.save(entry, expected_revision=0, author="seed", reason="seed")
    core = await core_over(engine)
    core.version = 0  # as if it had loaded before everything, and the feed was pruned since
    await core.feed.prune(keep=1)
    reloaded: list[int] = []
    watcher = core.watcher()
    original = watcher._resync

    async def counting() -> int:
        reloaded.append(1)
        return await original()

    watcher._resync = counting
    assert await watcher.catch_up() == await core.feed.version() and reloaded == [1]
    assert await core.feed.version() >= 3  # the newest change is never pruned: the version never goes back


@pytest.mark.parametrize("starts", [6])
async def test_processes_starting_together_migrate_and_seed_once(tmp_path, starts: int) -> None:
    """In one process, each start on an engine of its own; the lock is per connection (PostgreSQL) or per open
    file (SQLite), so this is the race the processes run. The subprocess version is tests/test_cold_starts.py."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}"
    settings = Settings(_env_file=None, database_url=url, knowledge_dir=shipped_dir("knowledge"))
    opened = await asyncio.gather(*(prepare_store(settings) for _ in range(starts)))
    reports = [report for _, _, report in opened]
    [seeding] = [r for r in reports if r is not None]  # one seeding; the others found the fingerprint current
    assert not seeding.conflicts and not seeding.problems
    engine = opened[0][0]
    async with engine.connect() as conn:
        per_entry = (await conn.execute(select(func.count()).select_from(RevisionRow))).scalar_one()
    assert per_entry == len([p for p in shipped_dir("knowledge").glob("*.md") if not p.name.startswith(("_", "."))])
    for e, _, _ in opened:
        await e.dispose()
