"""The cogs, built with the services and the shared Discord state they need (see CopyrightBot.load_commands)."""

from discord.ext import commands

from bot.core.container import Services
from bot.discord_bot.audit import AuditPoster
from bot.discord_bot.cogs.ask import AskCog
from bot.discord_bot.cogs.cases import CasesCog
from bot.discord_bot.cogs.kb import KnowledgeCog
from bot.discord_bot.cogs.settings import SettingsCog
from bot.discord_bot.pacing import Pacing
from bot.discord_bot.permissions import EditorRule


def build_cogs(
    bot: commands.Bot | commands.AutoShardedBot,
    services: Services,
    pacing: Pacing,
    editors: EditorRule,
    audit: AuditPoster,
) -> list[commands.Cog]:
    return [
        AskCog(bot, services, pacing),
        CasesCog(services, pacing),
        SettingsCog(services, pacing, editors),
        KnowledgeCog(services, editors, audit),
    ]
