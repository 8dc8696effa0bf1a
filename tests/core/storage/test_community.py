"""What members leave behind stays bounded: gaps are trimmed by age and count, one member adds a share."""

import datetime as dt

import pytest
from sqlalchemy import insert

from bot.core.storage import community
from bot.core.storage.community import GapQuota
from bot.core.storage.database import SQLITE_BUSY_TIMEOUT_MS, make_sessionmaker, upgrade
from bot.core.storage.tables import GapRow, utcnow


async def _store(engine) -> community.CommunityStore:
    await upgrade(engine)
    return community.CommunityStore(make_sessionmaker(engine))


async def test_old_gaps_are_dropped_when_new_ones_come(engine) -> None:
    store = await _store(engine)
    old = utcnow() - community.GAP_RETENTION - dt.timedelta(days=1)
    async with make_sessionmaker(engine)() as session, session.begin():
        await session.execute(insert(GapRow).values(text="old question", guild_id=1, confidence=0.1, created_at=old))
    await store.record_gap("new question", 1, 0.2)
    assert [g.text for g in await store.gaps()] == ["new question"]


async def test_the_gaps_table_keeps_at_most_the_newest(engine, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(community, "GAPS_KEPT", 5)
    store = await _store(engine)
    for number in range(12):
        await store.record_gap(f"question {number}", 1, 0.2)
    assert sorted(g.text for g in await store.gaps()) == sorted(f"question {n}" for n in range(7, 12))


async def test_a_very_long_gap_is_kept_to_its_opening(engine) -> None:
    store = await _store(engine)
    await store.record_gap("x" * 50_000, None, 0.1)
    assert len((await store.gaps())[0].text) == community.GAP_TEXT


def test_gap_quota_is_per_member_per_day() -> None:
    quota = GapQuota(per_day=2)
    day = dt.date(2026, 12, 6)
    assert [quota.take(1, day) for _ in range(3)] == [True, True, False]
    assert quota.take(2, day)
    assert quota.take(1, day + dt.timedelta(days=1))


def test_sqlite_waits_less_than_discords_window() -> None:
    assert SQLITE_BUSY_TIMEOUT_MS < 3000
