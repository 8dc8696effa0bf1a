"""zh-CN descriptions, parameter names and choice names for the slash commands, from the message catalogue.

Texts are found by where they are used (the command's qualified name, the parameter's name, the choice's value;
see bot.i18n.commands), never by their English wording, so rewording an English description cannot silently drop
its translation, and two parameters that share a name ("question") cannot be confused with a group of that name.
Command and group names stay as typed (/ask, /kb ...), so scripts and muscle memory keep working.
"""

import discord
from discord import app_commands

from bot.core.entry import JURISDICTIONS, KINDS, STATUSES
from bot.i18n import Language, messages
from bot.i18n.commands import description_ids, parameter_name_id, term_id

Location = app_commands.TranslationContextLocation
CITE_STYLES = ("full", "link")


def choice_id(value: str) -> str | None:
    """The catalogue id for a choice's shown name, from the value it stands for."""
    if value in JURISDICTIONS:
        return term_id("jurisdiction", value)
    if value in KINDS:
        return term_id("kind", value)
    if value in STATUSES:
        return term_id("status", value)
    if value in CITE_STYLES:
        return f"cite-style-{value}"
    return None


def translation_ids(context: app_commands.TranslationContext) -> tuple[str, ...]:
    """The ids to try for a string in this context, most specific first; none for names kept as typed."""
    data = context.data
    location = context.location
    if location in (Location.command_description, Location.group_description):
        return description_ids(data.qualified_name)
    if location is Location.parameter_description:
        return description_ids(data.command.qualified_name, data.name)
    if location is Location.parameter_name:
        return (parameter_name_id(data.name),)
    if location is Location.choice_name:
        found = choice_id(str(data.value))
        return (found,) if found else ()
    return ()


class Translator(app_commands.Translator):
    async def translate(
        self, string: app_commands.locale_str, locale: discord.Locale, context: app_commands.TranslationContext
    ) -> str | None:
        if locale is not discord.Locale.chinese:
            return None
        return messages(Language.ZH).first(*translation_ids(context))
