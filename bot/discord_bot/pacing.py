"""How often members get answers, and where the bot answers unasked: state the cogs share."""

import logging
import time
from dataclasses import dataclass, field
from typing import Protocol

from bot.core.storage.errors import StorageUnavailable

log = logging.getLogger(__name__)


class CooldownStore(Protocol):
    async def take_cooldown(self, user_id: int, seconds: float, now: float | None = None) -> float: ...


class Cooldown:
    """Per-user spacing of answers, so one member cannot flood a channel through the bot. Kept in the database
    (CommunityStore.take_cooldown), so it holds across every bot process; while the database is unavailable
    this process keeps its own, and answers (served from memory) go on."""

    def __init__(self, seconds: float, store: CooldownStore | None = None) -> None:
        self.seconds = seconds
        self.store = store
        self._last: dict[int, float] = {}

    async def take(self, user_id: int) -> float:
        """0 when the user may have an answer now (and the clock starts), else seconds to wait."""
        if self.store is not None and self.seconds > 0:
            try:
                return await self.store.take_cooldown(user_id, self.seconds)
            except StorageUnavailable:
                log.warning("shared cooldown unavailable (database); using this process's own")
        return self.retry_after(user_id)

    def retry_after(self, user_id: int, now: float | None = None) -> float:
        """0 when the user may have an answer now (and the clock starts), else seconds to wait."""
        now = time.monotonic() if now is None else now
        last = self._last.get(user_id)
        if last is not None and now - last < self.seconds:
            return self.seconds - (now - last)
        self._last[user_id] = now
        if len(self._last) > 10_000:
            self._last = {u: t for u, t in self._last.items() if now - t < self.seconds}
        return 0.0


class PublicAnswers:
    """At most `count` public answers per member in `seconds`: beyond that the member still gets the answer,
    but only they see it, so one member cannot fill a channel (or stack votes) through /case and friends."""

    def __init__(self, count: int = 3, seconds: float = 60.0) -> None:
        self.count, self.seconds = count, seconds
        self._recent: dict[int, list[float]] = {}

    def allow(self, user_id: int, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        recent = [t for t in self._recent.get(user_id, []) if now - t < self.seconds]
        allowed = len(recent) < self.count
        if allowed:
            recent.append(now)
        self._recent[user_id] = recent
        if len(self._recent) > 10_000:
            self._recent = {u: ts for u, ts in self._recent.items() if ts and now - ts[-1] < self.seconds}
        return allowed


@dataclass
class Pacing:
    """What the answer cogs share: the cooldown, the public-answer share, and the answer channels (read from
    the database at start-up and again when another process changes them, kept here so a message is checked
    without a query)."""

    cooldown: Cooldown
    public_answers: PublicAnswers = field(default_factory=PublicAnswers)
    answer_channels: set[tuple[int, int]] = field(default_factory=set)
