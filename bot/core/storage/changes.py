"""One source of truth across processes: a feed of committed changes, and a watcher that applies them.

Every change (an entry saved or deleted, an answer or audit channel set) writes a row to `kb_changes` in
its own transaction, so the newest id is the store's version: a process that has applied every change up
to N serves what the database held at N. On PostgreSQL the same transaction sends NOTIFY (delivered at
commit, never for a rolled-back change), and each process LISTENs on a dedicated connection to wake at
once; a periodic version check catches whatever a dropped listener missed, and on SQLite that check is
the whole mechanism.
"""

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, insert, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.core.storage.tables import ChangeRow, utcnow

log = logging.getLogger(__name__)

NOTIFY_CHANNEL = "copyright_bot_changes"
CHANGES_LOCK_KEY = 0x6B625F6368616E67  # "kb_chang": the transaction-level lock that orders the feed
ENTRY, ANSWER_CHANNELS, AUDIT_CHANNELS = "entry", "answer_channels", "audit_channels"
CATCH_UP_LIMIT = 5_000  # more changes than this behind: reload everything instead of patching one by one
PRUNE_EVERY = 600  # checks between trims of the feed (about ten minutes at the default check)
KEEP_CHANGES = 10_000  # rows kept in the feed (the newest is never pruned, so the version never goes back)


@dataclass(frozen=True)
class Change:
    version: int
    kind: str
    key: str


def _postgres(session: AsyncSession) -> bool:
    return session.bind is not None and session.bind.dialect.name == "postgresql"


async def order_changes(session: AsyncSession) -> None:
    """On PostgreSQL, hold the feed's lock until this transaction ends. A sequence hands out ids in the order
    transactions ask, not the order they commit; under this lock they commit in id order, so a reader that
    has seen change N has seen every change before it. (SQLite writers take turns anyway.) Taken first by a
    transaction that records several changes, so two of them cannot wait on each other's rows."""
    if _postgres(session):
        await session.execute(select(func.pg_advisory_xact_lock(CHANGES_LOCK_KEY)))


async def record_change(session: AsyncSession, kind: str, key: str = "") -> None:
    """Call inside the change's transaction: the version moves, and listeners hear of it, only at commit."""
    await order_changes(session)
    version = (
        await session.execute(insert(ChangeRow).values(kind=kind, key=key, created_at=utcnow()).returning(ChangeRow.id))
    ).scalar_one()
    if _postgres(session):
        await session.execute(select(func.pg_notify(NOTIFY_CHANNEL, str(version))))


class ChangeFeed:
    """Reads the feed: the current version, and what changed after a version."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def version(self) -> int:
        async with self._sessions() as session:
            return int(await session.scalar(select(func.coalesce(func.max(ChangeRow.id), 0))) or 0)

    async def since(self, version: int, limit: int = CATCH_UP_LIMIT + 1) -> list[Change]:
        async with self._sessions() as session:
            rows = await session.execute(
                select(ChangeRow.id, ChangeRow.kind, ChangeRow.key)
                .where(ChangeRow.id > version)
                .order_by(ChangeRow.id)
                .limit(limit)
            )
            return [Change(row.id, row.kind, row.key) for row in rows]

    async def oldest(self) -> int:
        async with self._sessions() as session:
            return int(await session.scalar(select(func.coalesce(func.min(ChangeRow.id), 0))) or 0)

    async def prune(self, keep: int = KEEP_CHANGES) -> None:
        async with self._sessions() as session, session.begin():
            newest = int(await session.scalar(select(func.coalesce(func.max(ChangeRow.id), 0))) or 0)
            await session.execute(delete(ChangeRow).where(ChangeRow.id <= newest - keep))


ApplyChanges = Callable[[Sequence[Change]], Awaitable[None]]
Resync = Callable[[], Awaitable[int]]


class ChangeWatcher:
    """Keeps one process in step: wakes on NOTIFY (PostgreSQL) or every `check_seconds`, reads the changes
    after the version it has applied, and hands them to `apply`; when it fell too far behind (the feed was
    pruned past it), `resync` reloads everything and returns the version it loaded at."""

    def __init__(
        self,
        engine: AsyncEngine,
        feed: ChangeFeed,
        apply: ApplyChanges,
        resync: Resync,
        *,
        version: int,
        check_seconds: float = 1.0,
    ) -> None:
        self.engine, self.feed = engine, feed
        self._apply, self._resync = apply, resync
        self.version = version
        self.check_seconds = check_seconds
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._listener: Any = None  # the asyncpg connection, while it is up
        self._listener_conn: Any = None
        self._lock = asyncio.Lock()

    @property
    def listening(self) -> bool:
        return self._listener is not None and not self._listener.is_closed()

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="change-watcher")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        await self._unlisten()

    def poke(self) -> None:
        """Look now (this process just committed a change, or a notification came)."""
        self._wake.set()

    async def _run(self) -> None:
        checks = 0
        while True:
            checks += 1
            if checks % PRUNE_EVERY == 0:
                with contextlib.suppress(SQLAlchemyError):
                    await self.feed.prune()
            if self.engine.dialect.name == "postgresql" and not self.listening:
                await self._listen()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=self.check_seconds)
            self._wake.clear()
            try:
                await self.catch_up()
            except SQLAlchemyError as exc:
                log.warning("change check failed (%s); trying again in %.0f s", type(exc).__name__, self.check_seconds)
            except Exception:
                log.exception("applying a change failed; trying again at the next check")

    async def catch_up(self) -> int:
        """Apply every change after our version; return the version now applied."""
        async with self._lock:
            changes = await self.feed.since(self.version)
            if not changes:
                return self.version
            behind = len(changes) > CATCH_UP_LIMIT
            if not behind and changes[0].version > self.version + 1:
                behind = await self.feed.oldest() > self.version + 1
            if behind:
                log.info("more than %d changes behind, or the feed was pruned past us: reloading", CATCH_UP_LIMIT)
                self.version = max(self.version, await self._resync())
                return self.version
            await self._apply(changes)
            self.version = changes[-1].version
            return self.version

    async def _listen(self) -> None:
        """LISTEN on a connection of its own (taken out of the pool for good); when it drops, the periodic
        check carries on and the next loop listens again."""
        try:
            conn = await self.engine.connect()
            raw = await conn.get_raw_connection()
            driver = raw.driver_connection
            if driver is None:
                raise OSError("no driver connection to listen on")
            await driver.add_listener(NOTIFY_CHANNEL, self._notified)
            driver.add_termination_listener(lambda _conn: self._wake.set())
        except (SQLAlchemyError, OSError) as exc:
            log.warning("cannot LISTEN for changes (%s); checking every %.0f s instead", exc, self.check_seconds)
            return
        self._listener_conn, self._listener = conn, driver
        self._wake.set()  # anything committed before the listener was up

    def _notified(self, *_args: Any) -> None:
        self._wake.set()

    async def _unlisten(self) -> None:
        conn, self._listener_conn, self._listener = self._listener_conn, None, None
        if conn is not None:
            with contextlib.suppress(Exception):
                await conn.invalidate()
                await conn.close()
