"""`db upgrade | downgrade REV | current`."""

import argparse

from bot.core.storage.database import current_revision, downgrade, locked_upgrade, make_engine
from bot.settings import Settings


async def run_db(args: argparse.Namespace, settings: Settings) -> int:
    engine = make_engine(settings.database_url)
    try:
        if args.db_command == "upgrade":
            await locked_upgrade(engine)
        elif args.db_command == "downgrade":
            await downgrade(engine, args.revision)
        print(await current_revision(engine) or "base (empty database)")
    finally:
        await engine.dispose()
    return 0
