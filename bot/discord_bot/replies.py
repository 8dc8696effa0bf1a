"""Sending a rendered message as the reply to an interaction, whether or not it was acknowledged yet."""

import discord

from bot.discord_bot.render import Rendered


async def reply(interaction: discord.Interaction, rendered: Rendered, *, ephemeral: bool = True) -> None:
    if interaction.response.is_done():
        await interaction.followup.send(**rendered.kwargs(), ephemeral=ephemeral)
    else:
        await interaction.response.send_message(**rendered.kwargs(), ephemeral=ephemeral)
