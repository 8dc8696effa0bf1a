"""/ask, mentions, answer channels, suggestions, feedback and cooldown, through the fake Discord."""

import discord

from bot.discord_bot.client import intents_for
from tests.discord.conftest import Harness, assert_within_limits


def option(name: str, value: str, kind: int = 3) -> dict:
    return {"name": name, "type": kind, "value": value}


async def test_ask_answers_with_a_cited_embed(harness: Harness) -> None:
    sent = await harness.slash("ask", [option("question", "Can AI art be copyrighted in China?")])
    assert sent.body["type"] == 4
    assert_within_limits(sent.data)
    embed = sent.data["embeds"][0]
    assert "Li v. Liu" in embed["title"] or "China" in embed["title"]
    sources = " ".join(f["value"] for f in embed["fields"])
    assert "https://english.bjinternetcourt.gov.cn/2024-02/28/c_695.htm" in sources
    assert "Not legal advice" in embed["footer"]["text"]
    custom_ids = [c["custom_id"] for row in sent.data["components"] for c in row["components"]]
    assert any(cid.startswith("kb:full:") for cid in custom_ids)


async def test_identify_asks_only_for_configured_intents(harness: Harness) -> None:
    assert harness.fake.identify is not None
    assert harness.fake.identify["intents"] == intents_for(harness.bot.settings).value
    assert harness.fake.identify["intents"] & discord.Intents(message_content=True).value


async def test_commands_were_synced_once(harness: Harness) -> None:
    names = {c["name"] for sync in harness.fake.synced for c in sync["commands"]}
    assert {"ask", "case", "compare", "cases", "cite", "about", "settings"} <= names
