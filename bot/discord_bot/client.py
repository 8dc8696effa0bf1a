"""The bot: given the services, loads the cogs in setup_hook, and syncs commands only when they change."""

import hashlib
import json
import logging
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.container import Services
from bot.discord_bot.audit import AuditPoster
from bot.discord_bot.command_tree import load_commands, tree_payload, without_voice
from bot.discord_bot.language import interaction_language
from bot.discord_bot.pacing import Cooldown, Pacing
from bot.discord_bot.permissions import REFUSED, EditorRule, NotEditor
from bot.discord_bot.render import NO_MENTIONS, render_message
from bot.discord_bot.texts import text
from bot.discord_bot.views import bound_items
from bot.settings import Settings

log = logging.getLogger(__name__)
TREE_HASH_KEY = "command_tree_hash"


def intents_for(settings: Settings) -> discord.Intents:
    intents = discord.Intents.default()
    intents.message_content = settings.message_content_intent
    return intents


class CopyrightBot(commands.AutoShardedBot):
    def __init__(self, services: Services, *, force_sync: bool = False, **options: Any) -> None:
        without_voice()
        settings = services.settings
        if settings.shard_ids is not None:  # otherwise every shard of SHARD_COUNT (or Discord's number) runs here
            options["shard_ids"] = settings.shard_ids
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents_for(settings),
            allowed_mentions=NO_MENTIONS,
            help_command=None,
            shard_count=settings.shard_count,
            **options,
        )
        self.services = services
        self.pacing = Pacing(Cooldown(settings.answer_cooldown_seconds, services.community))
        self.editors = EditorRule(settings)
        self.audit = AuditPoster(self, services.community)
        services.editor.subscribe(self.audit.announce)
        self.force_sync = force_sync
        self.watcher = services.watch(self._answer_channels_changed)

    async def load_commands(self) -> None:
        """The cogs and the translator: what setup_hook connects, and what `commands --json` shows."""
        await load_commands(self, self.services, self.pacing, self.editors, self.audit)

    async def setup_hook(self) -> None:
        self.add_dynamic_items(*bound_items(self.services))
        self.tree.on_error = self.on_app_command_error  # type: ignore[method-assign]
        await self.load_commands()
        settings = self.services.settings
        self.pacing.answer_channels = await self.services.community.answer_channels()
        if settings.message_content_intent:
            log.info("message content intent on: answer channels work, as do slash commands and mentions")
        else:
            log.warning(
                "message content intent off: slash commands and mentions work; answer channels need "
                "MESSAGE_CONTENT_INTENT=true (and the privileged intent enabled in the developer portal)"
            )
        if not settings.kb_editor_guild_ids:
            log.warning(
                "no editor servers configured: only the application's owner can change knowledge; set "
                "KB_EDITOR_GUILD_IDS (and optionally KB_EDITOR_ROLE_IDS) to let server moderators edit"
            )
        async with self.services.startup_lock():  # of several processes starting together, one uploads
            await self.sync_commands(force=self.force_sync)
        if self.watcher is not None:
            self.watcher.start()

    async def _answer_channels_changed(self) -> None:
        """Another process changed the answer channels, which are cached here (entries are already served anew
        by the core's watcher; audit channels are read at each post)."""
        self.pacing.answer_channels = await self.services.community.answer_channels()

    async def close(self) -> None:
        """Let queued audit posts finish (briefly) before the connection goes."""
        if self.watcher is not None:
            await self.watcher.stop()
        await self.audit.finish()
        await super().close()

    async def on_message(self, message: discord.Message, /) -> None:
        """No prefix commands: mentions are questions, handled by the ask cog's listener."""

    async def sync_commands(self, *, force: bool = False) -> bool:
        """Sync when the command tree changed since the last sync (a hash is kept), or when asked."""
        dev_guild_id = self.services.settings.dev_guild_id
        guild = discord.Object(dev_guild_id) if dev_guild_id else None
        digest = hashlib.sha256(
            json.dumps([await tree_payload(self), guild.id if guild else None], sort_keys=True).encode()
        ).hexdigest()
        if not force and await self.services.meta.get_meta(TREE_HASH_KEY) == digest:
            log.info("command tree unchanged; not syncing")
            return False
        if guild is not None:
            self.tree.copy_global_to(guild=guild)
        await self.tree.sync(guild=guild)
        await self.services.meta.set_meta(TREE_HASH_KEY, digest)
        log.info("command tree synced %s", f"to guild {guild.id}" if guild else "globally")
        return True

    async def on_app_command_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        locale = interaction_language(interaction)
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
