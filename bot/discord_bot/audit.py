"""Audit posts: every committed knowledge change, posted to each server's audit channel after the reply."""

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from typing import Any

import discord

from bot.core.community import CommunityService
from bot.core.editing import Saved
from bot.core.storage.errors import StorageUnavailable
from bot.discord_bot.render import render_message
from bot.discord_bot.render_kb import render_audit

log = logging.getLogger(__name__)
AUDIT_TRIES = 3  # refused posts (403/404) in a row before an audit channel is dropped
AUDIT_BATCH = 1800  # characters of queued changes that share one audit post


class AuditPoster:
    """Queues changes and posts them in batches by channel id over REST (not the local cache), so it reaches
    every server, never holds up the editor's reply, and drops a channel that keeps refusing."""

    def __init__(self, client: discord.Client, community: CommunityService) -> None:
        self.client, self.community = client, community
        self._background: set[asyncio.Task[None]] = set()
        self._failures: dict[int, int] = {}
        self._queue: list[str] = []
        self._holds = 0

    async def announce(self, saved: Saved) -> None:
        self._queue.append(render_audit(saved))
        self._start()

    @contextlib.asynccontextmanager
    async def held(self) -> AsyncIterator[None]:
        """Hold audit posts during a bulk change (an import), so its changes share messages: a thousand
        entries are not a thousand posts per channel."""
        self._holds += 1
        try:
            yield
        finally:
            self._holds -= 1
            self._start()

    def _start(self) -> None:
        if self._holds or self._background or not self._queue:
            return
        task = asyncio.create_task(self._drain())
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def _drain(self) -> None:
        """One worker; what was queued meanwhile shares messages of up to AUDIT_BATCH characters."""
        try:
            await asyncio.sleep(0)  # the editor's reply is under way first
            while self._queue:
                batch = [self._queue.pop(0)]
                while self._queue and sum(len(t) + 2 for t in batch) + len(self._queue[0]) < AUDIT_BATCH:
                    batch.append(self._queue.pop(0))
                await self.post("\n\n".join(batch))
        finally:
            # No await between the empty queue and this line: a change queued later starts a new worker.
            task = asyncio.current_task()
            if task is not None:
                self._background.discard(task)

    async def post(self, text: str) -> None:
        """Post to every server's audit channel at once."""
        try:
            channels = await self.community.audit_channels()
        except StorageUnavailable:
            log.warning("audit posts skipped: the database is unavailable", exc_info=True)
            return
        kwargs = render_message(text).kwargs()
        await asyncio.gather(*(self._post_to(guild, channel, kwargs) for guild, channel in channels.items()))

    async def _post_to(self, guild_id: int, channel_id: int, kwargs: dict[str, Any]) -> None:
        try:
            await self.client.get_partial_messageable(channel_id, guild_id=guild_id).send(**kwargs)
        except (discord.Forbidden, discord.NotFound):
            # Every refused request counts towards Discord's invalid-request limit: stop after a few.
            failures = self._failures[channel_id] = self._failures.get(channel_id, 0) + 1
            if failures < AUDIT_TRIES:
                return
            self._failures.pop(channel_id, None)
            try:
                await self.community.drop_audit_channel(guild_id, channel_id)
            except StorageUnavailable:
                log.warning("could not drop audit channel %s", channel_id, exc_info=True)
                return
            log.warning(
                "audit channel %s in server %s refused %d posts (no access or gone): no longer posting there; "
                "an editor can set it again with /settings audit-channel",
                channel_id,
                guild_id,
                failures,
            )
        except discord.HTTPException:
            log.warning("could not post to audit channel %s", channel_id)
        else:
            self._failures.pop(channel_id, None)

    async def finish(self, timeout: float = 5) -> None:
        """Let queued posts finish (briefly) before the connection goes."""
        if self._background:
            await asyncio.wait(self._background, timeout=timeout)
