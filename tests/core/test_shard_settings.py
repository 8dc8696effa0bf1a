"""SHARD_COUNT and SHARD_IDS: a range or a list per process, checked against the count, and handed to the bot."""

import pytest
from pydantic import ValidationError

from bot.settings import Settings


def test_a_range_or_a_list_of_shards() -> None:
    assert Settings(_env_file=None, shard_count=8, shard_ids="4-7").shard_ids == [4, 5, 6, 7]
    assert Settings(_env_file=None, shard_count=8, shard_ids="0, 2,5").shard_ids == [0, 2, 5]
    default = Settings(_env_file=None)
    assert default.shard_count is None and default.shard_ids is None  # one process, every shard


@pytest.mark.parametrize(
    ("count", "ids", "says"),
    [(None, "0-3", "SHARD_COUNT"), (4, "2-5", "0-3"), (4, "a-b", "shard numbers"), (0, None, "greater")],
)
def test_shards_that_do_not_fit_are_refused_by_name(count: int | None, ids: str | None, says: str) -> None:
    with pytest.raises(ValidationError) as refused:
        Settings(_env_file=None, shard_count=count, shard_ids=ids)
    assert says in str(refused.value)


def test_the_bot_runs_the_configured_shards() -> None:
    from discord.ext import commands

    from bot.core.container import build_services
    from bot.core.service import KnowledgeService
    from bot.core.storage.database import make_engine, make_sessionmaker
    from bot.core.storage.repository import Repository
    from bot.discord_bot.client import CopyrightBot

    settings = Settings(_env_file=None, shard_count=8, shard_ids="4-7")
    engine = make_engine("sqlite+aiosqlite://")  # never connected: the bot is only built
    repo = Repository(make_sessionmaker(engine))
    bot = CopyrightBot(build_services(settings, engine, repo, KnowledgeService(repo)))
    assert isinstance(bot, commands.AutoShardedBot) and bot.shard_count == 8 and bot.shard_ids == [4, 5, 6, 7]
