"""What servers and members leave behind: answer channels, feedback votes, unanswered questions."""

import datetime as dt
import time
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import case, delete, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core import lengths
from bot.core.storage.changes import ANSWER_CHANNELS, AUDIT_CHANNELS, record_change
from bot.core.storage.errors import storage_errors
from bot.core.storage.tables import AnswerChannelRow, CooldownRow, FeedbackRow, GapRow, GuildSettingRow, utcnow


@dataclass(frozen=True)
class Gap:
    text: str
    guild_id: int | None
    confidence: float
    created_at: dt.datetime


GAP_TEXT = lengths.ASKED  # characters kept of one question (what /ask accepts)
GAP_RETENTION = dt.timedelta(days=90)
GAPS_KEPT = 5000
GAPS_PER_MEMBER_PER_DAY = 5
COOLDOWN_PRUNE_EVERY = 500  # claims between sweeps of waits that are over


class GapQuota:
    """How many unanswered questions one member may add per day. Kept in memory on purpose: the gaps table
    never learns who asked, and a restart forgiving everyone is harmless."""

    def __init__(self, per_day: int = GAPS_PER_MEMBER_PER_DAY) -> None:
        self.per_day = per_day
        self._day = dt.date.min
        self._used: dict[int, int] = {}

    def take(self, member_id: int, today: dt.date | None = None) -> bool:
        today = today or dt.date.today()
        if today != self._day:
            self._day, self._used = today, {}
        used = self._used.get(member_id, 0)
        if used >= self.per_day:
            return False
        self._used[member_id] = used + 1
        return True


class CommunityStore:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions
        self._claims = 0

    @storage_errors
    async def take_cooldown(self, user_id: int, seconds: float, now: float | None = None) -> float:
        """0 when the member may have an answer now (and their wait starts), else the seconds left. One statement
        decides (insert, or move a wait that is over), so two processes answering the same member at the same
        moment cannot both win. Wall-clock seconds: the processes share a clock (one machine, or NTP)."""
        now = time.time() if now is None else now
        async with self._sessions() as session, session.begin():
            dialect = postgresql if session.bind is not None and session.bind.dialect.name == "postgresql" else sqlite
            statement = dialect.insert(CooldownRow).values(user_id=user_id, ready_at=now + seconds)
            statement = statement.on_conflict_do_update(
                index_elements=[CooldownRow.user_id],
                set_={"ready_at": now + seconds},
                where=CooldownRow.ready_at <= now,
            ).returning(CooldownRow.ready_at)
            if (await session.execute(statement)).first() is not None:
                self._claims += 1
                if self._claims % COOLDOWN_PRUNE_EVERY == 0:
                    await session.execute(delete(CooldownRow).where(CooldownRow.ready_at < now))
                return 0.0
            ready = await session.scalar(select(CooldownRow.ready_at).where(CooldownRow.user_id == user_id))
            return max(float(ready or now) - now, 0.0)

    @storage_errors
    async def answer_channels(self) -> set[tuple[int, int]]:
        """Every (guild, channel) pair, read once at start-up and cached by the bot."""
        async with self._sessions() as session:
            rows = await session.execute(select(AnswerChannelRow.guild_id, AnswerChannelRow.channel_id))
            return {(row.guild_id, row.channel_id) for row in rows}

    @storage_errors
    async def add_answer_channel(self, guild_id: int, channel_id: int) -> bool:
        """True when added, False when it was already there."""
        try:
            async with self._sessions() as session, session.begin():
                await session.execute(insert(AnswerChannelRow).values(guild_id=guild_id, channel_id=channel_id))
                await record_change(session, ANSWER_CHANNELS, str(guild_id))
        except IntegrityError:
            return False
        return True

    @storage_errors
    async def remove_answer_channel(self, guild_id: int, channel_id: int) -> bool:
        async with self._sessions() as session, session.begin():
            result = await session.execute(
                delete(AnswerChannelRow).where(
                    AnswerChannelRow.guild_id == guild_id, AnswerChannelRow.channel_id == channel_id
                )
            )
            if result.rowcount:  # type: ignore[attr-defined]
                await record_change(session, ANSWER_CHANNELS, str(guild_id))
            return bool(result.rowcount)  # type: ignore[attr-defined]

    @storage_errors
    async def audit_channels(self) -> dict[int, int]:
        """guild id -> channel id, for every server that asked to see knowledge changes."""
        async with self._sessions() as session:
            rows = await session.execute(
                select(GuildSettingRow.guild_id, GuildSettingRow.audit_channel_id).where(
                    GuildSettingRow.audit_channel_id.is_not(None)
                )
            )
            return {row.guild_id: row.audit_channel_id for row in rows}

    @storage_errors
    async def set_audit_channel(self, guild_id: int, channel_id: int | None) -> None:
        async with self._sessions() as session, session.begin():
            result = await session.execute(
                update(GuildSettingRow).where(GuildSettingRow.guild_id == guild_id).values(audit_channel_id=channel_id)
            )
            if not result.rowcount:  # type: ignore[attr-defined]
                await session.execute(insert(GuildSettingRow).values(guild_id=guild_id, audit_channel_id=channel_id))
            await record_change(session, AUDIT_CHANNELS, str(guild_id))

    @storage_errors
    async def drop_audit_channel(self, guild_id: int, channel_id: int) -> None:
        """Stop posting to a channel that refuses the bot, unless the server has chosen another meanwhile."""
        async with self._sessions() as session, session.begin():
            await session.execute(
                update(GuildSettingRow)
                .where(GuildSettingRow.guild_id == guild_id, GuildSettingRow.audit_channel_id == channel_id)
                .values(audit_channel_id=None)
            )
            await record_change(session, AUDIT_CHANNELS, str(guild_id))

    @storage_errors
    async def feedback_summary(self) -> list[tuple[str, int, int, dt.datetime]]:
        """(entry, not helpful, helpful, last vote) for entries with not-helpful votes, worst first."""
        query = select(
            FeedbackRow.entry_id,
            func.sum(case((FeedbackRow.helpful.is_(False), 1), else_=0)),
            func.sum(case((FeedbackRow.helpful.is_(True), 1), else_=0)),
            func.max(FeedbackRow.created_at),
        ).group_by(FeedbackRow.entry_id)
        async with self._sessions() as session:
            rows = [(e, int(bad or 0), int(good or 0), last) for e, bad, good, last in await session.execute(query)]
        rows = [r for r in rows if r[1] > 0]
        rows.sort(key=lambda r: r[3], reverse=True)
        rows.sort(key=lambda r: r[1], reverse=True)
        return rows

    @storage_errors
    async def vote(self, message_id: int, user_id: int, entry_id: str, helpful: bool) -> None:
        """One vote per member per entry, whichever answer message it came from; voting again changes it."""
        values = {"message_id": message_id, "helpful": helpful, "created_at": utcnow()}
        for _ in range(2):  # a concurrent first vote by the same member may win the insert: then update
            async with self._sessions() as session, session.begin():
                result = await session.execute(
                    update(FeedbackRow)
                    .where(FeedbackRow.entry_id == entry_id, FeedbackRow.user_id == user_id)
                    .values(**values)
                )
                if result.rowcount:  # type: ignore[attr-defined]
                    return
                try:
                    await session.execute(insert(FeedbackRow).values(entry_id=entry_id, user_id=user_id, **values))
                    return
                except IntegrityError:
                    await session.rollback()

    @storage_errors
    async def votes(self, entry_id: str | None = None) -> dict[str, tuple[int, int]]:
        """Per entry: (helpful, not helpful)."""
        query = select(FeedbackRow.entry_id, FeedbackRow.helpful, func.count()).group_by(
            FeedbackRow.entry_id, FeedbackRow.helpful
        )
        if entry_id is not None:
            query = query.where(FeedbackRow.entry_id == entry_id)
        out: dict[str, list[int]] = {}
        async with self._sessions() as session:
            for row_entry, helpful, count in await session.execute(query):
                out.setdefault(row_entry, [0, 0])[0 if helpful else 1] += count
        return {k: (v[0], v[1]) for k, v in out.items()}

    @storage_errors
    async def record_gap(self, text: str, guild_id: int | None, confidence: float) -> None:
        """Keep the question, and trim the table: nothing older than the retention, no more than GAPS_KEPT."""
        now = utcnow()
        async with self._sessions() as session, session.begin():
            await session.execute(
                insert(GapRow).values(text=text[:GAP_TEXT], guild_id=guild_id, confidence=confidence, created_at=now)
            )
            await session.execute(delete(GapRow).where(GapRow.created_at < now - GAP_RETENTION))
            newest = select(GapRow.id).order_by(GapRow.id.desc()).offset(GAPS_KEPT).limit(1).scalar_subquery()
            await session.execute(delete(GapRow).where(GapRow.id <= newest))

    @storage_errors
    async def gaps(self, limit: int = 500) -> Sequence[Gap]:
        async with self._sessions() as session:
            rows = await session.scalars(select(GapRow).order_by(GapRow.created_at.desc()).limit(limit))
            return [Gap(r.text, r.guild_id, r.confidence, r.created_at) for r in rows]
