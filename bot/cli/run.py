"""`run`: connect to Discord. The one command that imports the client."""

import argparse

import aiohttp
import discord

from bot.cli.output import fail
from bot.core.container import open_services
from bot.discord_bot.client import CopyrightBot
from bot.settings import Settings

TOKEN_HELP = (
    "DISCORD_TOKEN is not set. Create an application at https://discord.com/developers/applications, "
    "open Bot -> Reset Token, and put DISCORD_TOKEN=<token> in .env (see README: Running the bot)."
)


async def run_bot(args: argparse.Namespace, settings: Settings) -> int:
    if not settings.discord_token:
        return fail(TOKEN_HELP, status=1)
    services = await open_services(settings)
    bot = CopyrightBot(services, force_sync=args.sync)
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
        await services.close()
    return 0
