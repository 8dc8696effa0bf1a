"""/settings: per-server choices, for members with Manage Server (checked at run time as well)."""

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.container import Services
from bot.discord_bot.language import interaction_language
from bot.discord_bot.pacing import Pacing
from bot.discord_bot.permissions import EditorRule, editor_only
from bot.discord_bot.render import render_notice
from bot.discord_bot.render_kb import audit_channel_set


def manages_server(interaction: discord.Interaction) -> bool:
    """Default permissions are only a hint that server admins can change, so check again here."""
    if interaction.guild is None:
        raise app_commands.NoPrivateMessage()
    if not interaction.permissions.manage_guild:
        raise app_commands.MissingPermissions(["manage_guild"])
    return True


class SettingsCog(commands.Cog):
    group = app_commands.Group(
        name="settings",
        description="Bot settings for this server",
        guild_only=True,
        default_permissions=discord.Permissions(manage_guild=True),
    )
    answer_channel = app_commands.Group(
        name="answer-channel", description="Channels where the bot answers questions without a mention", parent=group
    )

    def __init__(self, services: Services, pacing: Pacing, editors: EditorRule) -> None:
        self.community, self.pacing, self.editors = services.community, pacing, editors

    @group.command(name="audit-channel", description="Post every knowledge change to a channel (editors only)")
    @app_commands.describe(channel="The channel (leave out to stop posting)")
    @editor_only  # every edit posts to every audit channel: only knowledge editors may add one
    async def audit_channel(self, interaction: discord.Interaction, channel: discord.TextChannel | None = None) -> None:
        assert interaction.guild_id is not None
        await self.community.set_audit_channel(interaction.guild_id, channel.id if channel else None)
        rendered = audit_channel_set(channel.mention if channel else None)
        await interaction.response.send_message(**rendered.kwargs(), ephemeral=True)

    async def _answer_here(self, interaction: discord.Interaction, channel: discord.TextChannel, on: bool) -> None:
        assert interaction.guild_id is not None
        key = (interaction.guild_id, channel.id)
        if on:
            await self.community.add_answer_channel(*key)
            self.pacing.answer_channels.add(key)
        else:
            await self.community.remove_answer_channel(*key)
            self.pacing.answer_channels.discard(key)
        rendered = render_notice(
            "channel_added" if on else "channel_removed", interaction_language(interaction), channel=channel.mention
        )
        await interaction.response.send_message(**rendered.kwargs(), ephemeral=True)

    @answer_channel.command(name="add", description="Answer questions in a channel")
    @app_commands.describe(channel="The channel")
    @app_commands.check(manages_server)
    async def add(self, interaction: discord.Interaction, channel: discord.TextChannel) -> None:
        await self._answer_here(interaction, channel, True)

    @answer_channel.command(name="remove", description="Stop answering questions in a channel")
    @app_commands.describe(channel="The channel")
    @app_commands.check(manages_server)
    async def remove(self, interaction: discord.Interaction, channel: discord.TextChannel) -> None:
        await self._answer_here(interaction, channel, False)
