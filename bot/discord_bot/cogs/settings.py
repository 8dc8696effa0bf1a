"""/settings: per-server choices, for members with Manage Server (checked at run time as well)."""

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord_bot.client import CopyrightBot
from bot.discord_bot.render import render_message
from bot.discord_bot.texts import text


def manages_server(interaction: discord.Interaction) -> bool:
    """Default permissions are only a hint that server admins can change, so check again here."""
    if interaction.guild is None:
        raise app_commands.NoPrivateMessage()
    if not interaction.permissions.manage_guild:
        raise app_commands.MissingPermissions(["manage_guild"])
    return True


class SettingsCog(commands.Cog):
    settings = app_commands.Group(
        name="settings",
        description="Bot settings for this server",
        guild_only=True,
        default_permissions=discord.Permissions(manage_guild=True),
    )
    answer_channel = app_commands.Group(
        name="answer-channel", description="Channels where the bot answers questions without a mention", parent=settings
    )

    def __init__(self, bot: CopyrightBot) -> None:
        self.bot = bot

    @answer_channel.command(name="add", description="Answer questions in a channel")
    @app_commands.describe(channel="The channel")
    @app_commands.check(manages_server)
    async def add(self, interaction: discord.Interaction, channel: discord.TextChannel) -> None:
        assert interaction.guild_id is not None
        await self.bot.community.add_answer_channel(interaction.guild_id, channel.id)
        self.bot.answer_channels.add((interaction.guild_id, channel.id))
        message = text("channel_added", str(interaction.locale)).format(channel=channel.mention)
        await interaction.response.send_message(**render_message(message).kwargs(), ephemeral=True)

    @answer_channel.command(name="remove", description="Stop answering questions in a channel")
    @app_commands.describe(channel="The channel")
    @app_commands.check(manages_server)
    async def remove(self, interaction: discord.Interaction, channel: discord.TextChannel) -> None:
        assert interaction.guild_id is not None
        await self.bot.community.remove_answer_channel(interaction.guild_id, channel.id)
        self.bot.answer_channels.discard((interaction.guild_id, channel.id))
        message = text("channel_removed", str(interaction.locale)).format(channel=channel.mention)
        await interaction.response.send_message(**render_message(message).kwargs(), ephemeral=True)
