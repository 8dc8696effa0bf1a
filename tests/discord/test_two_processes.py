"""Two real bot processes, each against its own fake Discord, over one PostgreSQL database (a schema of its
own): both start cold on an empty schema (one migration, one seeding, at most one command upload); an edit,
a delete and an answer channel set through one are served by the other; one member's cooldown holds across
both. The within-2-s target is measured and printed; the test fails only after a generous deadline."""

import asyncio
import os
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import create_async_engine

from bot.core.storage.tables import RevisionRow
from tests.conftest import PG_SKIP, REPO, pg_schema
from tests.discord.cogs.test_kb_flows import EDITOR_PERMISSIONS, option, sub
from tests.discord.conftest import TOKEN, Harness
from tests.discord.fake_discord import ANSWER_CHANNEL_ID, GUILD_ID, FakeDiscord

DEADLINE = 10.0
START = 60.0
QUESTION = "did the thaler v perlmutter appeal succeed?"


async def served_within(probe: Callable[[], Awaitable[bool]], what: str) -> float:
    start = time.monotonic()
    while not await probe():
        assert time.monotonic() - start < DEADLINE, f"{what}: not served by the other process in {DEADLINE} s"
        await asyncio.sleep(0.05)
    took = time.monotonic() - start
    print(f"{what}: served by the other process after {took:.2f} s")
    return took


@pytest.fixture
async def schema() -> AsyncIterator[tuple[str, str]]:
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        pytest.skip(PG_SKIP)
    async with pg_schema(url) as name:
        yield url, name


def start_bot(fake: FakeDiscord, url: str, schema: str, log: Path) -> subprocess.Popen:
    env = os.environ | {
        "FAKE_DISCORD_PORT": str(fake.port),
        "TEST_SCHEMA": schema,
        "DATABASE_URL": url,
        "DISCORD_TOKEN": TOKEN,
        "MESSAGE_CONTENT_INTENT": "true",
        "ANSWER_COOLDOWN_SECONDS": "30",
        "KB_EDITOR_GUILD_IDS": str(GUILD_ID),
        "CHANGE_CHECK_SECONDS": "5",  # NOTIFY must carry the changes inside the target, not the check
        "KNOWLEDGE_DIR": str(REPO / "knowledge"),
    }
    return subprocess.Popen(
        [sys.executable, "-m", "tests.discord.bot_process"],
        cwd=REPO,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )


async def test_two_bot_processes_stay_in_step(schema: tuple[str, str], tmp_path: Path) -> None:
    url, name = schema
    fakes = [FakeDiscord(), FakeDiscord()]
    for fake in fakes:
        await fake.start()
    logs = [tmp_path / "a.log", tmp_path / "b.log"]
    procs = [start_bot(fake, url, name, log) for fake, log in zip(fakes, logs, strict=True)]
    try:
        for fake, proc, log in zip(fakes, procs, logs, strict=True):
            try:
                await asyncio.wait_for(fake._ready.wait(), START)
            except TimeoutError:
                pytest.fail(f"a bot did not come up (exit {proc.poll()}): {log.read_text()[-2000:]}")
        await asyncio.sleep(0.3)  # setup_hook is done before READY; the watcher starts right after it
        a, b = Harness(fakes[0], None), Harness(fakes[1], None)
        b._users = iter(range(950000000000000001, 950000000000999999))  # members of its own: cooldowns are shared
        assert len(fakes[0].synced) + len(fakes[1].synced) <= 1, "the command tree was uploaded twice"
        engine = create_async_engine(url, connect_args={"server_settings": {"search_path": name}})
        async with engine.connect() as conn:
            revisions = (await conn.execute(select(func.count()).select_from(RevisionRow))).scalar_one()
        await engine.dispose()
        assert revisions == len(list((REPO / "knowledge").glob("[!_.]*.md"))), "seeded more than once"

        editor = a.new_user()
        added = await a.slash(
            "kb",
            [
                {
                    "name": "alias",
                    "type": 2,
                    "options": sub("add", option("entry", "us-naruto"), option("text", "selfie macaque saga")),
                }
            ],
            user_id=editor,
            permissions=EDITOR_PERMISSIONS,
        )
        assert "revision 2" in added.data["content"], added.data

        async def alias_served() -> bool:
            return any(c["value"] == "us-naruto" for c in await b.autocomplete("case", "name", "selfie macaque saga"))

        await served_within(alias_served, "an alias added")

        ask = await a.slash(
            "kb",
            sub("delete", option("entry", "us-naruto"), option("reason", "testing")),
            user_id=editor,
            permissions=EDITOR_PERMISSIONS,
        )
        confirm = ask.data["components"][0]["components"][0]["custom_id"]
        deleted = await a.final(
            await a.click(a.message_of(ask), confirm, user_id=editor, permissions=EDITOR_PERMISSIONS)
        )
        assert "Deleted" in deleted.data["content"]

        async def delete_served() -> bool:
            return not any(c["value"] == "us-naruto" for c in await b.autocomplete("case", "name", "naruto"))

        await served_within(delete_served, "an entry deleted")

        channel = {
            "id": str(ANSWER_CHANNEL_ID),
            "type": 0,
            "name": "ask-here",
            "permissions": "0",
            "guild_id": str(GUILD_ID),
        }
        set_channel = await a.slash(
            "settings",
            [
                {
                    "name": "answer-channel",
                    "type": 2,
                    "options": sub("add", option("channel", str(ANSWER_CHANNEL_ID), 7)),
                }
            ],
            resolved={"channels": {str(ANSWER_CHANNEL_ID): channel}},
            user_id=editor,
            permissions=EDITOR_PERMISSIONS,
        )
        assert set_channel.ephemeral
        here = await a.say(QUESTION, channel_id=ANSWER_CHANNEL_ID)
        assert here is not None, "the process that set the channel does not answer there"

        async def channel_served() -> bool:
            return await b.say(QUESTION, channel_id=ANSWER_CHANNEL_ID, wait=0.3) is not None

        await served_within(channel_served, "an answer channel set")

        member = a.new_user()
        first = await a.slash(
            "ask", [option("question", "Was the Zarya of the Dawn registration cancelled?")], user_id=member
        )
        assert not first.ephemeral and first.data.get("embeds"), first.data
        second = await b.slash(
            "ask", [option("question", "Was the Zarya of the Dawn registration cancelled?")], user_id=member
        )
        assert second.ephemeral and "Slow down" in second.data["content"], second.data
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
        for fake in fakes:
            await fake.stop()
    for log in logs:
        text_ = log.read_text()
        assert "Traceback" not in text_, text_[-3000:]
