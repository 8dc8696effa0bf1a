"""The slash-command tree: the cogs and the translator on a bot, and the payload Discord receives."""

from typing import Any

import discord
from discord.ext import commands

from bot.core.container import Services
from bot.discord_bot.audit import AuditPoster
from bot.discord_bot.cogs import build_cogs
from bot.discord_bot.pacing import Cooldown, Pacing
from bot.discord_bot.permissions import EditorRule
from bot.discord_bot.translator import Translator


def without_voice() -> None:
    """No voice here: without this the library warns at start-up that voice packages are missing."""
    discord.VoiceClient.warn_nacl = False
    discord.VoiceClient.warn_dave = False


async def load_commands(
    bot: commands.Bot | commands.AutoShardedBot,
    services: Services,
    pacing: Pacing,
    editors: EditorRule,
    audit: AuditPoster,
) -> None:
    await bot.tree.set_translator(Translator())
    for cog in build_cogs(bot, services, pacing, editors, audit):
        await bot.add_cog(cog)


async def tree_payload(bot: commands.Bot | commands.AutoShardedBot) -> list[dict[str, Any]]:
    translator = Translator()
    return [await cmd.get_translated_payload(bot.tree, translator) for cmd in bot.tree.get_commands()]


async def offline_tree(services: Services) -> list[dict[str, Any]]:
    """The tree as Discord would receive it, from a bot that never connects (`commands --json`)."""
    without_voice()
    bot = commands.Bot(command_prefix=commands.when_mentioned, intents=discord.Intents.default(), help_command=None)
    settings = services.settings
    await load_commands(
        bot,
        services,
        Pacing(Cooldown(settings.answer_cooldown_seconds)),
        EditorRule(settings),
        AuditPoster(bot, services.community),
    )
    return await tree_payload(bot)
