"""A real bot process for the several-process tests: `python -m tests.discord.bot_process`, pointed at a fake
Discord (FAKE_DISCORD_PORT) and, on PostgreSQL, a schema of its own (TEST_SCHEMA); every other setting comes
from the environment as for `python -m bot run`."""

import asyncio
import logging
import os
import signal
import sys
from typing import Any

import discord
import yarl

from bot.core import bootstrap
from bot.core.container import open_services
from bot.core.storage import database
from bot.discord_bot.client import CopyrightBot
from bot.settings import Settings


def _point_at_fakes() -> None:
    port = os.environ["FAKE_DISCORD_PORT"]
    discord.http.Route.BASE = f"http://127.0.0.1:{port}/api/v10"
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(f"ws://127.0.0.1:{port}/gateway")
    schema = os.environ.get("TEST_SCHEMA")
    if schema:

        def make_engine(url: str, **options: Any) -> Any:
            return database.make_engine(url, connect_args={"server_settings": {"search_path": schema}}, **options)

        bootstrap.make_engine = make_engine  # type: ignore[assignment]


async def main() -> None:
    _point_at_fakes()
    settings = Settings(_env_file=None)
    logging.basicConfig(level=settings.log_level, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("discord").setLevel(logging.WARNING)
    services = await open_services(settings)
    bot = CopyrightBot(services, guild_ready_timeout=0.05)
    if "--once" in sys.argv:  # start-up only: migrate, seed, log in and sync commands, then exit
        async with bot:
            await bot.login(settings.discord_token or "")
        await services.close()
        return
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    try:
        async with bot:
            runner = asyncio.create_task(bot.start(settings.discord_token or ""))
            await asyncio.wait([runner, asyncio.create_task(stop.wait())], return_when=asyncio.FIRST_COMPLETED)
            await bot.close()
            await runner
    finally:
        await services.close()


if __name__ == "__main__":
    asyncio.run(main())
