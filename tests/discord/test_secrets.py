"""The token never reaches logs or messages: after a failed login, and after a command blows up."""

import logging
import shutil
from pathlib import Path

import discord
import pytest
import yarl

from bot.core.container import open_services
from bot.discord_bot.client import CopyrightBot
from tests.discord.conftest import TOKEN, Harness, bot_settings
from tests.discord.fake_discord import FakeDiscord


class Everything(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture
def captured() -> Everything:
    handler = Everything()
    handler.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield handler
    root.removeHandler(handler)
    root.setLevel(old_level)


async def test_failed_login_does_not_log_the_token(
    tmp_path: Path, seeded_database: Path, monkeypatch, captured: Everything
) -> None:
    db = tmp_path / "bot.sqlite3"
    shutil.copy(seeded_database, db)
    fake = FakeDiscord(reject_login=True)
    await fake.start()
    monkeypatch.setattr(discord.http.Route, "BASE", fake.base)
    monkeypatch.setattr(discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY", yarl.URL(fake.gateway_url))
    settings = bot_settings(db)
    services = await open_services(settings)
    bot = CopyrightBot(services, guild_ready_timeout=0.05)
    try:
        with pytest.raises(discord.LoginFailure) as caught:
            await bot.start(TOKEN)
        assert TOKEN not in str(caught.value)
    finally:
        await bot.close()
        await services.close()
        await fake.stop()
    text = "\n".join(captured.lines)
    assert captured.lines and TOKEN not in text and TOKEN.split(".")[-1] not in text
    assert TOKEN not in repr(settings) and TOKEN not in str(settings.model_dump(exclude={"discord_token"}))


async def test_a_failing_command_tells_the_user_little_and_logs_no_token(
    harness: Harness, monkeypatch, captured: Everything
) -> None:
    def explode(question: str) -> None:
        raise RuntimeError(f"matcher exploded on {question!r}")

    monkeypatch.setattr(harness.services.knowledge, "ask", explode)
    sent = await harness.slash("ask", [{"name": "question", "type": 3, "value": "thaler"}])
    assert sent.ephemeral and sent.data["content"] == "Something went wrong on my side; please try again."
    text = "\n".join(captured.lines)
    assert "matcher exploded" in text  # the details went to the log...
    assert TOKEN not in text  # ...and the token did not
