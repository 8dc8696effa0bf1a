"""The bot: builds on a Core, loads the cogs in setup_hook, and syncs commands only when they change."""

import asyncio
import contextlib
import hashlib
import json
import logging
import time
from collections.abc import AsyncIterator, Sequence
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands
from sqlalchemy.exc import SQLAlchemyError

from bot.core.bootstrap import Core
from bot.core.editing import Editor, Saved
from bot.core.storage.changes import ANSWER_CHANNELS, Change
from bot.core.storage.community import CommunityStore, GapQuota
from bot.core.storage.database import make_sessionmaker
from bot.core.storage.startup_lock import startup_lock
from bot.discord_bot.permissions import REFUSED, NotEditor
from bot.discord_bot.render import NO_MENTIONS
from bot.discord_bot.translator import Translator
from bot.discord_bot.views import DYNAMIC_ITEMS
from bot.settings import Settings

log = logging.getLogger(__name__)
TREE_HASH_KEY = "command_tree_hash"
AUDIT_TRIES = 3  # refused posts (403/404) in a row before an audit channel is dropped
AUDIT_BATCH = 1800  # characters of queued changes that share one audit post


class Cooldown:
    """Per-user spacing of answers, so one member cannot flood a channel through the bot. Kept in the database
    (CommunityStore.take_cooldown), so it holds across every bot process; while the database is unavailable
    this process keeps its own, and answers (served from memory) go on."""

    def __init__(self, seconds: float, store: CommunityStore | None = None) -> None:
        self.seconds = seconds
        self.store = store
        self._last: dict[int, float] = {}

    async def take(self, user_id: int) -> float:
        """0 when the user may have an answer now (and the clock starts), else seconds to wait."""
        if self.store is not None and self.seconds > 0:
            try:
                return await self.store.take_cooldown(user_id, self.seconds)
            except SQLAlchemyError:
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


def intents_for(settings: Settings) -> discord.Intents:
    intents = discord.Intents.default()
    intents.message_content = settings.message_content_intent
    return intents


class CopyrightBot(commands.AutoShardedBot):
    def __init__(self, settings: Settings, core: Core, *, force_sync: bool = False, **options: Any) -> None:
        # No voice here: without this the library warns at start-up that voice packages are missing.
        discord.VoiceClient.warn_nacl = False
        discord.VoiceClient.warn_dave = False
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents_for(settings),
            allowed_mentions=NO_MENTIONS,
            help_command=None,
            shard_count=settings.shard_count,
            shard_ids=settings.shard_ids,
            **options,
        )
        self.settings = settings
        self.core = core
        self.service = core.service
        self.community = CommunityStore(make_sessionmaker(core.engine))
        self.answer_channels: set[tuple[int, int]] = set()
        self.cooldown = Cooldown(settings.answer_cooldown_seconds, self.community)
        self.public_answers = PublicAnswers()
        self.gap_quota = GapQuota()
        self.force_sync = force_sync
        self.editor = Editor(core.repo, core.service, on_change=self.announce)
        self._background: set[asyncio.Task[None]] = set()
        self._audit_failures: dict[int, int] = {}
        self._audit_queue: list[str] = []
        self._audit_holds = 0
        self.watcher = core.watcher(self._changed_elsewhere, check_seconds=settings.change_check_seconds)

    async def load_commands(self) -> None:
        """The cogs and the translator: what setup_hook connects, and what `commands --json` shows."""
        from bot.discord_bot.cogs import COGS

        await self.tree.set_translator(Translator())
        for cog in COGS:
            await self.add_cog(cog(self))

    async def setup_hook(self) -> None:
        self.add_dynamic_items(*DYNAMIC_ITEMS)
        self.tree.on_error = self.on_app_command_error  # type: ignore[method-assign]
        await self.load_commands()
        self.answer_channels = await self.community.answer_channels()
        if self.settings.message_content_intent:
            log.info("message content intent on: answer channels work, as do slash commands and mentions")
        else:
            log.warning(
                "message content intent off: slash commands and mentions work; answer channels need "
                "MESSAGE_CONTENT_INTENT=true (and the privileged intent enabled in the developer portal)"
            )
        if not self.settings.kb_editor_guild_ids:
            log.warning(
                "no editor servers configured: only the application's owner can change knowledge; set "
                "KB_EDITOR_GUILD_IDS (and optionally KB_EDITOR_ROLE_IDS) to let server moderators edit"
            )
        async with startup_lock(self.core.engine):  # of several processes starting together, one uploads
            await self.sync_commands(force=self.force_sync)
        self.watcher.start()

    async def _changed_elsewhere(self, changes: Sequence[Change]) -> None:
        """Entries are already served anew (the core's watcher); answer channels are cached here, so re-read them.
        Audit channels are read at each post, so nothing is cached to refresh."""
        if any(c.kind == ANSWER_CHANNELS for c in changes):
            self.answer_channels = await self.community.answer_channels()

    async def announce(self, saved: Saved) -> None:
        """Queue the audit posts for a change: they never hold up the editor's reply."""
        changes = "\n".join(f"• {line}" for line in saved.changes[:10])
        self._audit_queue.append(f"`{saved.entry.id}` is now at revision {saved.entry.revision}.\n{changes}")
        self._start_audit()

    @contextlib.asynccontextmanager
    async def audit_held(self) -> AsyncIterator[None]:
        """Hold audit posts during a bulk change (an import), so its changes share messages: a thousand
        entries are not a thousand posts per channel."""
        self._audit_holds += 1
        try:
            yield
        finally:
            self._audit_holds -= 1
            self._start_audit()

    def _start_audit(self) -> None:
        if self._audit_holds or self._background or not self._audit_queue:
            return
        task = asyncio.create_task(self._drain_audit())
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def _drain_audit(self) -> None:
        """One worker; what was queued meanwhile shares messages of up to AUDIT_BATCH characters."""
        try:
            await asyncio.sleep(0)  # the editor's reply is under way first
            while self._audit_queue:
                batch = [self._audit_queue.pop(0)]
                while self._audit_queue and sum(len(t) + 2 for t in batch) + len(self._audit_queue[0]) < AUDIT_BATCH:
                    batch.append(self._audit_queue.pop(0))
                await self.post_audit("\n\n".join(batch))
        finally:
            # No await between the empty queue and this line: a change queued later starts a new worker.
            self._background.discard(asyncio.current_task())  # type: ignore[arg-type]

    async def post_audit(self, text: str) -> None:
        """Post to every server's audit channel at once, by channel id over REST (not the local cache)."""
        from bot.discord_bot.render import render_message

        try:
            channels = await self.community.audit_channels()
        except SQLAlchemyError:
            log.warning("audit posts skipped: the database is unavailable", exc_info=True)
            return
        kwargs = render_message(text).kwargs()
        await asyncio.gather(*(self._post_to(guild, channel, kwargs) for guild, channel in channels.items()))

    async def _post_to(self, guild_id: int, channel_id: int, kwargs: dict[str, Any]) -> None:
        try:
            await self.get_partial_messageable(channel_id, guild_id=guild_id).send(**kwargs)
        except (discord.Forbidden, discord.NotFound):
            # Every refused request counts towards Discord's invalid-request limit: stop after a few.
            failures = self._audit_failures[channel_id] = self._audit_failures.get(channel_id, 0) + 1
            if failures < AUDIT_TRIES:
                return
            self._audit_failures.pop(channel_id, None)
            try:
                await self.community.drop_audit_channel(guild_id, channel_id)
            except SQLAlchemyError:
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
            self._audit_failures.pop(channel_id, None)

    async def close(self) -> None:
        """Let queued audit posts finish (briefly) before the connection goes."""
        if self._background:
            await asyncio.wait(self._background, timeout=5)
        await self.watcher.stop()
        await super().close()

    async def on_message(self, message: discord.Message, /) -> None:
        """No prefix commands: mentions are questions, handled by the ask cog's listener."""

    async def tree_payload(self) -> list[dict[str, Any]]:
        translator = Translator()
        return [await cmd.get_translated_payload(self.tree, translator) for cmd in self.tree.get_commands()]

    async def sync_commands(self, *, force: bool = False) -> bool:
        """Sync when the command tree changed since the last sync (a hash is kept), or when asked."""
        guild = discord.Object(self.settings.dev_guild_id) if self.settings.dev_guild_id else None
        digest = hashlib.sha256(
            json.dumps([await self.tree_payload(), guild.id if guild else None], sort_keys=True).encode()
        ).hexdigest()
        if not force and await self.core.repo.get_meta(TREE_HASH_KEY) == digest:
            log.info("command tree unchanged; not syncing")
            return False
        if guild is not None:
            self.tree.copy_global_to(guild=guild)
        await self.tree.sync(guild=guild)
        await self.core.repo.set_meta(TREE_HASH_KEY, digest)
        log.info("command tree synced %s", f"to guild {guild.id}" if guild else "globally")
        return True

    async def on_app_command_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        from bot.discord_bot.render import render_message
        from bot.discord_bot.texts import text

        locale = str(interaction.locale)
        if isinstance(error, NotEditor):
            message = REFUSED
        elif isinstance(error, app_commands.MissingPermissions | app_commands.CheckFailure):
            message = text("no_permission", locale)
        else:
            log.error("command %s failed: %s", interaction.command and interaction.command.name, error, exc_info=error)
            message = text("error", locale)
        rendered = render_message(message).kwargs()
        if interaction.response.is_done():
            await interaction.followup.send(**rendered, ephemeral=True)
        else:
            await interaction.response.send_message(**rendered, ephemeral=True)
