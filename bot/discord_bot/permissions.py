"""Who may change knowledge. Default permissions are only a hint, so every command, button and modal
behind /kb calls is_editor at run time, and autocomplete shows a non-editor nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands

if TYPE_CHECKING:
    from bot.discord_bot.client import CopyrightBot


async def is_editor(interaction: discord.Interaction) -> bool:
    """The application's owner (or team), or, in a server listed in KB_EDITOR_GUILD_IDS, a member with
    Manage Server or a role listed in KB_EDITOR_ROLE_IDS."""
    bot: CopyrightBot = interaction.client  # type: ignore[assignment]
    if await bot.is_owner(interaction.user):
        return True
    settings = bot.settings
    if interaction.guild_id is None or interaction.guild_id not in settings.kb_editor_guild_ids:
        return False
    if interaction.permissions.manage_guild:
        return True
    roles = {role.id for role in getattr(interaction.user, "roles", [])}
    return bool(roles & set(settings.kb_editor_role_ids))


REFUSED = "Only knowledge editors can do that."


async def allow_editor(interaction: discord.Interaction, owner_id: int | None = None) -> bool:
    """interaction_check for /kb forms and buttons: editors only (and only the one who opened it, if
    given); anyone else gets a short ephemeral refusal."""
    if (owner_id is None or interaction.user.id == owner_id) and await is_editor(interaction):
        return True
    from bot.discord_bot.render import render_message

    message = render_message(REFUSED).kwargs()
    if interaction.response.is_done():
        await interaction.followup.send(**message, ephemeral=True)
    else:
        await interaction.response.send_message(**message, ephemeral=True)
    return False


async def _editor_check(interaction: discord.Interaction) -> bool:
    if not await is_editor(interaction):
        raise NotEditor()
    return True


class NotEditor(app_commands.CheckFailure):
    """Shown to the member as a short ephemeral refusal."""


editor_only = app_commands.check(_editor_check)
