"""The language a reply on Discord is in: a question's own script first, then the member's Discord locale, then
the server's; a command without a question goes by the two locales alone. English when none of them says."""

import discord

from bot.i18n import Language, choose_language
from bot.i18n.language import locale_language


def _locale(value: discord.Locale | str | None) -> str | None:
    return str(value) if value else None


def interaction_language(interaction: discord.Interaction, question: str | None = None) -> Language:
    member, guild = _locale(interaction.locale), _locale(interaction.guild_locale)
    if question is not None:
        return choose_language(question, member, guild)
    return locale_language(member) or locale_language(guild) or Language.EN


def message_language(message: discord.Message, question: str) -> Language:
    """A message in an answer channel or a mention: Discord sends no member locale with it, only the server's."""
    guild = message.guild.preferred_locale if message.guild is not None else None
    return choose_language(question, None, _locale(guild))
