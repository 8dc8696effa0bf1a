"""Who may change knowledge. Default permissions are only a hint, so every command, button and modal
behind /kb asks the EditorRule at run time, and autocomplete shows a non-editor nothing."""

from typing import Protocol

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord_bot.render import render_message
from bot.settings import Settings

REFUSED = "Only knowledge editors can do that."


class EditorRule:
    """The application's owner (or team), or, in a server listed in KB_EDITOR_GUILD_IDS, a member with
    Manage Server or a role listed in KB_EDITOR_ROLE_IDS."""

    def __init__(self, settings: Settings) -> None:
        self.guild_ids = frozenset(settings.kb_editor_guild_ids)
        self.role_ids = frozenset(settings.kb_editor_role_ids)

    async def allows(self, interaction: discord.Interaction) -> bool:
        client = interaction.client
        if isinstance(client, commands.bot.BotBase) and await client.is_owner(interaction.user):
            return True
        if interaction.guild_id is None or interaction.guild_id not in self.guild_ids:
            return False
        if interaction.permissions.manage_guild:
            return True
        roles = {role.id for role in getattr(interaction.user, "roles", [])}
        return bool(roles & self.role_ids)

    async def admit(self, interaction: discord.Interaction, owner_id: int | None = None) -> bool:
        """interaction_check for /kb forms and buttons: editors only (and only the one who opened it, if
        given); anyone else gets a short ephemeral refusal."""
        if (owner_id is None or interaction.user.id == owner_id) and await self.allows(interaction):
            return True
        message = render_message(REFUSED).kwargs()
        if interaction.response.is_done():
            await interaction.followup.send(**message, ephemeral=True)
        else:
            await interaction.response.send_message(**message, ephemeral=True)
        return False


class NotEditor(app_commands.CheckFailure):
    """Shown to the member as a short ephemeral refusal."""


class HasEditorRule(Protocol):
    editors: EditorRule


async def _editor_check(interaction: discord.Interaction) -> bool:
    """The rule of the cog the command belongs to (each cog is given it), so no global is needed."""
    command = interaction.command
    cog: HasEditorRule | None = getattr(command, "binding", None)
    if cog is None or not await cog.editors.allows(interaction):
        raise NotEditor()
    return True


editor_only = app_commands.check(_editor_check)
