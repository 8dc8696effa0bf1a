"""`commands --json` and `ask --format discord`: the commands that need discord.py but no connection."""

import argparse
from typing import Any

from bot.cli.output import print_json
from bot.core.container import open_services
from bot.discord_bot.command_tree import offline_tree
from bot.discord_bot.render import render_answer
from bot.i18n import choose_language
from bot.settings import Settings


async def discord_payloads(settings: Settings, questions: list[str], locale: str) -> list[dict[str, Any]]:
    """What the bot sends a member whose Discord locale is `locale`: the answer in the question's own language
    (a mixed or letterless question in the locale's), as /ask chooses it."""
    services = await open_services(settings)
    try:
        knowledge = services.knowledge
        return [
            render_answer(knowledge.ask(q), knowledge.entries, choose_language(q, locale)).payload() for q in questions
        ]
    finally:
        await services.close()


async def command_tree(settings: Settings) -> list[dict[str, Any]]:
    """The slash-command tree as Discord receives it (with localisations), without connecting."""
    services = await open_services(settings)
    try:
        return await offline_tree(services)
    finally:
        await services.close()


async def run_commands(args: argparse.Namespace, settings: Settings) -> int:
    tree = await command_tree(settings)
    if args.json:
        print_json(tree)
    else:
        for command in tree:
            print(f"/{command['name']}: {command['description']}")
    return 0
