"""Migrations keep what they move: a database with entries, history and votes comes through whole.

On SQLite, batch mode rebuilds a table by copy, drop and rename; with foreign keys on, the drop used to
cascade into every child table, so an upgrade emptied aliases, questions, citations and revisions.
"""

from sqlalchemy import func, select

from bot.core.entry import Entry
from bot.core.storage.database import downgrade, make_sessionmaker, upgrade
from bot.core.storage.repository import Repository
from bot.core.storage.tables import AliasRow, CitationRow, FeedbackRow, QuestionRow, RevisionRow

CHILDREN = (AliasRow, QuestionRow, CitationRow, RevisionRow, FeedbackRow)


async def _counts(engine) -> dict[str, int]:
    async with engine.connect() as conn:
        counts = {t: await conn.execute(select(func.count()).select_from(t)) for t in CHILDREN}
        return {t.__tablename__: result.scalar_one() for t, result in counts.items()}


async def _seed(engine, entries: list[Entry]) -> None:
    repo = Repository(make_sessionmaker(engine))
    for entry in entries:
        await repo.save(entry, expected_revision=0, author="test", reason="seed")
    async with engine.begin() as conn:
        await conn.execute(
            FeedbackRow.__table__.insert().values(
                message_id=1, user_id=2, entry_id=entries[0].id, helpful=True, created_at=func.now()
            )
        )


# Columns added after 0005: a trip down to 0005 drops them by design.
ADDED_AFTER_0005 = {"summary_zh", "body_zh", "outcome"}


def _kept(entry: Entry) -> dict[str, object]:
    return {k: v for k, v in entry.content().items() if k not in ADDED_AFTER_0005}


async def test_upgrade_keeps_every_child_row(engine, shipped_entries: list[Entry]) -> None:
    # Seeded at head (the repository writes today's columns), taken down to 0005, then upgraded with data in it.
    await upgrade(engine)
    await _seed(engine, shipped_entries[:6])
    await downgrade(engine, "0005")
    before = await _counts(engine)
    assert all(before.values()), before
    await upgrade(engine)
    assert await _counts(engine) == before
    stored = {e.id: e for e in await Repository(make_sessionmaker(engine)).list_entries()}
    assert all(_kept(stored[e.id]) == _kept(e) for e in shipped_entries[:6])


async def test_downgrade_keeps_every_child_row(engine, shipped_entries: list[Entry]) -> None:
    await upgrade(engine)
    await _seed(engine, shipped_entries[:3])
    before = await _counts(engine)
    await downgrade(engine, "0005")
    assert await _counts(engine) == before
