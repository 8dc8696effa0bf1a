"""`run`, `commands --json` and `ask --format discord`: the commands that need discord.py."""

import argparse
import logging
from typing import Any

import aiohttp
import discord

from bot.cli.output import fail, print_json
from bot.core.bootstrap import open_core
from bot.discord_bot.client import CopyrightBot
from bot.discord_bot.render import render_answer
from bot.settings import Settings

log = logging.getLogger(__name__)
TOKEN_HELP = (
    "DISCORD_TOKEN is not set. Create an application at https://discord.com/developers/applications, "
    "open Bot -> Reset Token, and put DISCORD_TOKEN=<token> in .env (see README: Running the bot)."
)


async def discord_payloads(settings: Settings, questions: list[str], locale: str) -> list[dict[str, Any]]:
    core = await open_core(settings)
    try:
        return [render_answer(core.service.ask(q), core.service.entries, locale).payload() for q in questions]
    finally:
        await core.close()


async def command_tree(settings: Settings) -> list[dict[str, Any]]:
    """The slash-command tree as Discord receives it (with localisations), without connecting."""
    core = await open_core(settings)
    try:
        bot = CopyrightBot(settings, core)
        await bot.load_commands()
        return await bot.tree_payload()
    finally:
        await core.close()


async def run_commands(args: argparse.Namespace, settings: Settings) -> int:
    tree = await command_tree(settings)
    if args.json:
        print_json(tree)
    else:
        for command in tree:
            print(f"/{command['name']}: {command['description']}")
    return 0


async def run_bot(args: argparse.Namespace, settings: Settings) -> int:
    if not settings.discord_token:
        return fail(TOKEN_HELP, status=1)
    core = await open_core(settings)
    bot = CopyrightBot(settings, core, force_sync=args.sync)
    try:
        async with bot:
            await bot.start(settings.discord_token)
    except (aiohttp.ClientError, OSError) as exc:  # offline, DNS, proxy: nothing the bot can fix by retrying
        return fail(f"cannot reach Discord ({exc}); check this machine's network connection and try again.", 1)
    except discord.LoginFailure:
        return fail("Discord refused the token in DISCORD_TOKEN; reset it in the developer portal and update .env.", 1)
    except discord.PrivilegedIntentsRequired:
        return fail(
            "MESSAGE_CONTENT_INTENT is true but the Message Content intent is not enabled for this bot in the "
            "developer portal (Bot -> Privileged Gateway Intents); enable it or set MESSAGE_CONTENT_INTENT=false.",
            1,
        )
    finally:
        await core.close()
    return 0
