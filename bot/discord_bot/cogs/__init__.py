"""The cogs, loaded by CopyrightBot.setup_hook."""

from bot.discord_bot.cogs.ask import AskCog
from bot.discord_bot.cogs.cases import CasesCog
from bot.discord_bot.cogs.kb import KnowledgeCog
from bot.discord_bot.cogs.settings import SettingsCog

COGS = (AskCog, CasesCog, SettingsCog, KnowledgeCog)
