"""Members' traces with their policy: which answers count as gaps worth a moderator's look."""

import logging

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core.answers import Answer
from bot.core.storage.community import CommunityStore, GapQuota

log = logging.getLogger(__name__)
GAP_CONFIDENCE = 0.8  # an answer below this (or a decline) is worth a moderator's look in /kb gaps


class CommunityService(CommunityStore):
    """The community store plus the gap policy, so front ends record gaps by one rule."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], quota: GapQuota | None = None) -> None:
        super().__init__(sessions)
        self.quota = quota or GapQuota()

    @staticmethod
    def is_gap(answer: Answer) -> bool:
        return not answer.matched or answer.confidence < GAP_CONFIDENCE

    async def note_answer(self, answer: Answer, guild_id: int | None, member_id: int) -> None:
        """Declined and barely matched questions feed /kb gaps (text, server, time; never the asker, whose id
        only counts against a daily share in memory, so one member cannot flood the list). Called after the
        answer was sent: losing a gap record must not break anything, so a failure is only logged."""
        if not self.is_gap(answer) or not self.quota.take(member_id):
            return
        try:
            await self.record_gap(answer.question, guild_id, answer.confidence)
        except Exception:
            log.warning("could not record an unanswered question", exc_info=True)
