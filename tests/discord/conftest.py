"""The real discord.py client against the fake Discord: a harness per test, on a copy of a seeded database."""

import asyncio
import logging
import shutil
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import discord
import pytest
import yarl

from bot.core.container import open_services
from bot.discord_bot.client import CopyrightBot
from bot.discord_bot.render import NO_MENTIONS
from bot.settings import Settings
from tests.discord.fake_discord import (
    APP_ID,
    CHANNEL_ID,
    EVERYONE_PERMISSIONS,
    GUILD_ID,
    TIMESTAMP,
    FakeDiscord,
    Sent,
    channel,
    user,
)

TOKEN = "fake-token-abc123.SECRET"
WAIT = 10.0


class WarningTrap(logging.Handler):
    """Any WARNING or worse from the discord logger fails the test."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


class Harness:
    def __init__(self, fake: FakeDiscord, bot: CopyrightBot | None) -> None:
        """`bot` is None when the bot runs in a process of its own (the several-process tests)."""
        self.fake, self.bot = fake, bot
        if bot is not None:
            self.services = bot.services
        self._users = iter(range(940000000000000001, 940000000000999999))

    def new_user(self) -> int:
        return next(self._users)

    def member(self, user_id: int, permissions: str = EVERYONE_PERMISSIONS, roles: list[str] | None = None) -> dict:
        return {
            "user": user(user_id),
            "roles": roles or [],
            "flags": 0,
            "joined_at": TIMESTAMP,
            "deaf": False,
            "mute": False,
            "permissions": permissions,
            "nick": None,
            "avatar": None,
            "pending": False,
        }

    def _interaction(
        self,
        kind: int,
        data: dict[str, Any],
        *,
        user_id: int | None,
        permissions: str,
        guild_id: int,
        locale: str,
        guild_locale: str = "en-US",
        message: dict | None = None,
    ) -> dict[str, Any]:
        iid = self.fake.next_id()
        payload: dict[str, Any] = {
            "id": iid,
            "application_id": str(APP_ID),
            "type": kind,
            "token": f"token-{iid}",
            "version": 1,
            "attachment_size_limit": 8388608,
            "guild_id": str(guild_id),
            "channel_id": str(CHANNEL_ID),
            "channel": channel(CHANNEL_ID, "general", guild_id),
            "locale": locale,
            "guild_locale": guild_locale,
            "member": self.member(user_id or self.new_user(), permissions),
            "data": data,
            "app_permissions": str((1 << 47) - 1),
            "entitlements": [],
            "authorizing_integration_owners": {},
            "context": 0,
        }
        if message is not None:
            payload["message"] = message
        return payload

    async def send(self, payload: dict[str, Any]) -> Sent:
        waiter = self.fake.expect(payload["id"])
        await self.fake.dispatch("INTERACTION_CREATE", payload)
        return await asyncio.wait_for(waiter, WAIT)

    async def slash(
        self,
        name: str,
        options: list[dict] | None = None,
        *,
        user_id: int | None = None,
        permissions: str = EVERYONE_PERMISSIONS,
        guild_id: int = GUILD_ID,
        locale: str = "en-US",
        guild_locale: str = "en-US",
        resolved: dict | None = None,
        final: bool = True,
    ) -> Sent:
        """Run a slash command; by default what the member ends up reading (the follow-up after a deferral),
        with final=False the first acknowledgement itself."""
        data: dict[str, Any] = {"id": self.fake.next_id(), "name": name, "type": 1, "options": options or []}
        if resolved:
            data["resolved"] = resolved
        sent = await self.send(
            self._interaction(
                2,
                data,
                user_id=user_id,
                permissions=permissions,
                guild_id=guild_id,
                locale=locale,
                guild_locale=guild_locale,
            )
        )
        return await self.final(sent) if final else sent

    async def autocomplete(
        self,
        name: str,
        option: str,
        value: str,
        *,
        path: list[str] | None = None,
        user_id: int | None = None,
        permissions: str = EVERYONE_PERMISSIONS,
        guild_id: int = GUILD_ID,
    ) -> list[dict]:
        options: list[dict[str, Any]] = [{"name": option, "type": 3, "value": value, "focused": True}]
        for sub in reversed(path or []):  # subcommands wrap the options
            options = [{"name": sub, "type": 1, "options": options}]
        data = {"id": self.fake.next_id(), "name": name, "type": 1, "options": options}
        sent = await self.send(
            self._interaction(4, data, user_id=user_id, permissions=permissions, guild_id=guild_id, locale="en-US")
        )
        assert sent.body["type"] == 8
        return sent.body["data"]["choices"]

    async def click(
        self,
        message: dict[str, Any],
        custom_id: str,
        *,
        user_id: int | None = None,
        values: list[str] | None = None,
        permissions: str = EVERYONE_PERMISSIONS,
        guild_id: int = GUILD_ID,
        locale: str = "en-US",
    ) -> Sent:
        data: dict[str, Any] = {"custom_id": custom_id, "component_type": 3 if values is not None else 2}
        if values is not None:
            data["values"] = values
        return await self.send(
            self._interaction(
                3,
                data,
                user_id=user_id,
                permissions=permissions,
                guild_id=guild_id,
                locale=locale,
                message=message,
            )
        )

    async def submit(
        self,
        modal: Sent,
        values: dict[int, str] | None = None,
        *,
        user_id: int,
        permissions: str = EVERYONE_PERMISSIONS,
        guild_id: int = GUILD_ID,
    ) -> Sent:
        """Submit a modal the bot opened (a type 9 callback), keeping its prefilled values unless replaced."""
        assert modal.body["type"] == 9, modal.body
        rows = []
        for index, row in enumerate(modal.body["data"]["components"]):
            field = row["components"][0]
            value = (values or {}).get(index, field.get("value") or "")
            rows.append({"type": 1, "components": [{"type": 4, "custom_id": field["custom_id"], "value": value}]})
        data = {"custom_id": modal.body["data"]["custom_id"], "components": rows}
        sent = await self.send(
            self._interaction(5, data, user_id=user_id, permissions=permissions, guild_id=guild_id, locale="en-US")
        )
        return await self.final(sent)  # saves are deferred: the follow-up carries what the editor reads

    def message_of(self, sent: Sent) -> dict[str, Any]:
        """The message Discord stored for a callback (what later clicks refer to)."""
        token = f"token-{sent.interaction_id}"
        if sent.kind == "followup":
            return self.fake.messages[f"followup:{token}"]
        return self.fake.messages[f"original:{token}"]

    async def next_followup(self, interaction_id: str) -> Sent:
        """After a deferred response, the follow-up that carries the real answer."""
        for sent in self.fake.sent:
            if sent.kind == "followup" and sent.interaction_id == interaction_id:
                return sent
        waiter = self.fake.expect(interaction_id)
        return await asyncio.wait_for(waiter, WAIT)

    async def gaps_settled(self, expected: int) -> None:
        """Gaps are written after the reply: wait until `expected` are there, then a little longer."""
        for _ in range(150):
            if len(await self.services.community.gaps()) >= expected:
                break
            await asyncio.sleep(0.02)
        await asyncio.sleep(0.2)

    async def final(self, sent: Sent) -> Sent:
        """What the member sees: the callback itself, or, after a deferral, the follow-up with the answer."""
        if sent.kind == "callback" and sent.body.get("type") in (5, 6):
            return await self.next_followup(sent.interaction_id or "")
        return sent

    async def say(
        self,
        content: str,
        *,
        channel_id: int = CHANNEL_ID,
        author_id: int | None = None,
        mention_bot: bool = False,
        bot_author: bool = False,
        wait: float = WAIT,
    ) -> Sent | None:
        author_id = author_id or self.new_user()
        mentions = [user(self.bot.user.id, "copyright-bot", bot=True)] if mention_bot else []  # type: ignore[union-attr]
        payload = {
            "id": self.fake.next_id(),
            "channel_id": str(channel_id),
            "guild_id": str(GUILD_ID),
            "type": 0,
            "content": content,
            "author": user(author_id, "asker", bot=bot_author),
            "timestamp": TIMESTAMP,
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": mentions,
            "mention_roles": [],
            "attachments": [],
            "embeds": [],
            "pinned": False,
            "flags": 0,
            "member": {k: v for k, v in self.member(author_id).items() if k != "user"},
        }
        waiter = self.fake.expect(str(channel_id))
        await self.fake.dispatch("MESSAGE_CREATE", payload)
        try:
            return await asyncio.wait_for(waiter, wait)
        except TimeoutError:
            return None


@pytest.fixture(scope="session")
def seeded_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One migrated and seeded database, copied for each test (seeding every time would be slow)."""
    path = tmp_path_factory.mktemp("seed") / "seed.sqlite3"

    async def seed() -> None:
        services = await open_services(Settings(_env_file=None, database_url=f"sqlite+aiosqlite:///{path}"))
        await services.close()

    asyncio.run(seed())
    return path


def bot_settings(db: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "discord_token": TOKEN,
        "database_url": f"sqlite+aiosqlite:///{db}",
        "message_content_intent": True,
        "answer_cooldown_seconds": 30.0,
    }
    return Settings(_env_file=None, **(values | overrides))


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return {}


@pytest.fixture
def guild_locale() -> str:
    """The fake server's preferred locale (parametrize a test to change it)."""
    return "en-US"


@pytest.fixture
async def harness(
    tmp_path: Path,
    seeded_database: Path,
    monkeypatch: pytest.MonkeyPatch,
    settings_overrides: dict[str, Any],
    guild_locale: str,
) -> AsyncIterator[Harness]:
    db = tmp_path / "bot.sqlite3"
    shutil.copy(seeded_database, db)
    fake = FakeDiscord(guild_locale=guild_locale)
    await fake.start()
    monkeypatch.setattr(discord.http.Route, "BASE", fake.base)
    monkeypatch.setattr(discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY", yarl.URL(fake.gateway_url))
    trap = WarningTrap()
    logging.getLogger("discord").addHandler(trap)
    settings = bot_settings(db, **settings_overrides)
    services = await open_services(settings)
    bot = CopyrightBot(services, guild_ready_timeout=0.05)
    task = asyncio.create_task(bot.start(TOKEN))
    try:
        await asyncio.wait_for(bot.wait_until_ready(), WAIT)
        yield Harness(fake, bot)
    finally:
        await bot.close()
        await asyncio.wait_for(task, WAIT)
        await services.close()
        await fake.stop()
        logging.getLogger("discord").removeHandler(trap)
    assert [r.getMessage() for r in trap.records] == []
    assert fake.unknown == []
    assert fake.late == [], "interactions not acknowledged inside Discord's 3-second window"
    for sent in fake.sent:  # every message the bot sent in the test: limits kept, nothing to ping
        if sent.kind in ("message", "followup") or (sent.kind == "callback" and sent.body.get("type") in (4, 7)):
            assert_within_limits(sent.data)


def assert_within_limits(body: dict[str, Any]) -> None:
    """Every Discord limit, and nothing the message could ping."""
    from bot.discord_bot import limits

    allowed = body.get("allowed_mentions")
    assert allowed is not None and allowed.get("parse") == [] and not allowed.get("users") and not allowed.get("roles")
    assert not allowed.get("replied_user")
    assert len(body.get("content") or "") <= limits.CONTENT
    embeds = body.get("embeds") or []
    assert len(embeds) <= 10
    for embed in embeds:
        total = len(embed.get("title", "")) + len(embed.get("description", ""))
        assert len(embed.get("title", "")) <= limits.EMBED_TITLE
        assert len(embed.get("description", "")) <= limits.EMBED_DESCRIPTION
        fields = embed.get("fields", [])
        assert len(fields) <= limits.FIELDS
        for field in fields:
            assert len(field["name"]) <= limits.FIELD_NAME and len(field["value"]) <= limits.FIELD_VALUE
            total += len(field["name"]) + len(field["value"])
        footer = (embed.get("footer") or {}).get("text", "")
        assert len(footer) <= limits.FOOTER
        total += len(footer)
        assert total <= limits.EMBED_TOTAL
    rows = body.get("components") or []
    assert len(rows) <= limits.ACTION_ROWS
    for row in rows:
        for component in row.get("components", []):
            assert len(component.get("custom_id", "")) <= limits.CUSTOM_ID
            assert len(component.get("label", "") or "") <= limits.BUTTON_LABEL


__all__ = ["NO_MENTIONS", "Harness", "assert_within_limits"]
