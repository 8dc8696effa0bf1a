"""Faults seen from Discord: the gateway dropping mid-answer, and the database going away."""

import asyncio

import pytest

from bot.core.storage.database import make_engine, make_sessionmaker
from bot.core.storage.repository import Repository
from tests.discord.conftest import WAIT, Harness
from tests.discord.fake_discord import GUILD_ID, MANAGE_GUILD


@pytest.fixture
def settings_overrides() -> dict:
    return {"kb_editor_guild_ids": [GUILD_ID], "answer_cooldown_seconds": 0.0}


def ask(value: str) -> list[dict]:
    return [{"name": "question", "type": 3, "value": value}]


async def test_an_accepted_interaction_is_answered_across_a_dropped_connection(harness: Harness) -> None:
    payload = harness._interaction(
        2,
        {"id": harness.fake.next_id(), "name": "ask", "type": 1, "options": ask("thaler v perlmutter")},
        user_id=None,
        permissions="0",
        guild_id=GUILD_ID,
        locale="en-US",
    )
    waiter = harness.fake.expect(payload["id"])
    await harness.fake.dispatch("INTERACTION_CREATE", payload)
    await harness.fake.drop_connection()
    answered = await asyncio.wait_for(waiter, WAIT)
    assert "Thaler" in answered.data["embeds"][0]["title"]
    for _ in range(100):  # the client reconnects (resume) on its own
        await asyncio.sleep(0.05)
        if harness.fake._ws is not None and not harness.fake._ws.closed and harness.bot.is_ready():
            break
    again = await harness.slash("ask", ask("monkey selfie naruto"))
    assert "Naruto" in again.data["embeds"][0]["title"]


async def test_database_gone_answers_continue_and_edits_say_so(harness: Harness) -> None:
    broken = make_engine("sqlite+aiosqlite:////proc/no-such-database.sqlite3")
    harness.services.community._sessions = make_sessionmaker(broken)
    harness.services.editor.repo = Repository(make_sessionmaker(broken))
    answered = await harness.slash("ask", ask("ai voice clone copyright in canada"))  # declined: gap write fails
    assert answered.data["embeds"]
    answered = await harness.slash("ask", ask("thaler v perlmutter"))
    assert "Thaler" in answered.data["embeds"][0]["title"]
    edit = await harness.slash(
        "kb",
        [{"name": "restore", "type": 1, "options": [{"name": "entry", "type": 3, "value": "us-naruto"}]}],
        permissions=str(MANAGE_GUILD),
    )
    assert "unavailable" in edit.data["content"] and "Nothing was saved" in edit.data["content"]
    await broken.dispose()
