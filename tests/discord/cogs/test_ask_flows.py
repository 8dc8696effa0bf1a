"""/ask, mentions, answer channels, suggestions, feedback and cooldown, through the fake Discord."""

import discord

from bot.discord_bot.client import intents_for
from tests.discord.conftest import Harness, assert_within_limits
from tests.discord.fake_discord import ANSWER_CHANNEL_ID, CHANNEL_ID, GUILD_ID, MANAGE_GUILD


def option(name: str, value: str, kind: int = 3) -> dict:
    return {"name": name, "type": kind, "value": value}


def answer_channel(action: str, channel_id: int = ANSWER_CHANNEL_ID) -> dict:
    """/settings answer-channel ACTION channel: the options and the resolved channel Discord sends."""
    resolved = {
        "channels": {
            str(channel_id): {
                "id": str(channel_id),
                "type": 0,
                "name": "ask-here",
                "permissions": "0",
                "guild_id": str(GUILD_ID),
            }
        }
    }
    options = [
        {
            "name": "answer-channel",
            "type": 2,
            "options": [{"name": action, "type": 1, "options": [option("channel", str(channel_id), 7)]}],
        }
    ]
    return {"options": options, "resolved": resolved}


async def test_ask_answers_with_a_cited_embed(harness: Harness) -> None:
    sent = await harness.slash("ask", [option("question", "Can AI art be copyrighted in China?")])
    assert sent.body["type"] == 4
    assert_within_limits(sent.data)
    embed = sent.data["embeds"][0]
    assert "Li v. Liu" in embed["title"] or "Chin" in embed["title"]  # the case, or the overview of China's cases
    sources = " ".join(f["value"] for f in embed["fields"])
    assert "https://english.bjinternetcourt.gov.cn/2024-02/28/c_695.htm" in sources
    assert "Not legal advice" in embed["footer"]["text"]
    custom_ids = [c["custom_id"] for row in sent.data["components"] for c in row["components"]]
    assert any(cid.startswith("kb:full:") for cid in custom_ids)


async def test_identify_asks_only_for_configured_intents(harness: Harness) -> None:
    assert harness.fake.identify is not None
    assert harness.fake.identify["intents"] == intents_for(harness.services.settings).value
    assert harness.fake.identify["intents"] & discord.Intents(message_content=True).value


async def test_commands_were_synced_once(harness: Harness) -> None:
    names = {c["name"] for sync in harness.fake.synced for c in sync["commands"]}
    assert {"ask", "case", "compare", "cases", "cite", "about", "settings"} <= names


async def test_mention_gets_a_reply_without_pinging(harness: Harness) -> None:
    reply = await harness.say(f"<@{harness.bot.user.id}> was li v liu appealed?", mention_bot=True)
    assert reply is not None and reply.kind == "message"
    assert_within_limits(reply.body)
    assert "Li v. Liu" in reply.body["embeds"][0]["title"]
    assert reply.body.get("message_reference")


async def test_pings_in_a_question_are_not_read_as_its_words(harness: Harness) -> None:
    """ "@everyone" and other mentions say nothing of the subject: the answer is the one to the question alone, and
    a question of pings only is asked for again."""
    plain = await harness.slash("ask", [option("question", "was li v liu appealed?")])
    pinged = await harness.slash("ask", [option("question", "@everyone <@&42> <#7> was li v liu appealed? @here")])
    assert pinged.data["embeds"][0]["title"] == plain.data["embeds"][0]["title"]
    only = await harness.slash("ask", [option("question", "@everyone <@123456789>")])
    assert only.ephemeral and "Please ask a question" in only.data["content"]
    reply = await harness.say(f"<@{harness.bot.user.id}> @everyone was li v liu appealed?", mention_bot=True)
    assert reply is not None and reply.body["embeds"][0]["title"] == plain.data["embeds"][0]["title"]


async def test_bots_and_plain_chatter_are_ignored(harness: Harness) -> None:
    assert await harness.say("is ai art copyrightable in china?", bot_author=True, mention_bot=True, wait=0.3) is None
    assert await harness.say("anyone up for a game tonight?", wait=0.3) is None


async def test_answer_channel_answers_confident_questions_only(harness: Harness) -> None:
    member = harness.new_user()
    added = await harness.slash(
        "settings", **answer_channel("add"), user_id=member, permissions=str(MANAGE_GUILD | 0x800 | 0x400)
    )
    assert (added.ephemeral and "ask-here" in added.data["content"]) or str(ANSWER_CHANNEL_ID) in added.data["content"]
    answered = await harness.say("did the thaler v perlmutter appeal succeed?", channel_id=ANSWER_CHANNEL_ID)
    assert answered is not None and "Thaler" in answered.body["embeds"][0]["title"]
    assert await harness.say("how do i make crispy roast potatoes?", channel_id=ANSWER_CHANNEL_ID, wait=0.3) is None
    assert await harness.say("nice weather today", channel_id=ANSWER_CHANNEL_ID, wait=0.3) is None
    assert await harness.say("thaler v perlmutter appeal result?", channel_id=CHANNEL_ID, wait=0.3) is None
    removed = await harness.slash(
        "settings", **answer_channel("remove"), user_id=member, permissions=str(MANAGE_GUILD | 0x800 | 0x400)
    )
    assert removed.ephemeral and await harness.services.community.answer_channels() == set()
    assert (
        await harness.say("did the thaler v perlmutter appeal succeed?", channel_id=ANSWER_CHANNEL_ID, wait=0.3) is None
    )


async def test_settings_refused_without_manage_server(harness: Harness) -> None:
    sent = await harness.slash("settings", **answer_channel("add"))
    assert sent.ephemeral and "Manage Server" in sent.data["content"]
    assert harness.bot.pacing.answer_channels == set()
    assert await harness.services.community.answer_channels() == set()


async def test_decline_offers_suggestions_and_a_click_opens_one(harness: Harness) -> None:
    sent = await harness.slash("ask", [option("question", "ai voice clone copyright in canada")])
    assert_within_limits(sent.data)
    embed = sent.data["embeds"][0]
    assert embed["title"] == "No confident answer" and "not legal advice" in embed["description"]
    buttons = [c for row in sent.data.get("components", []) for c in row["components"]]
    assert 0 < len(buttons) <= 3 and all(b["custom_id"].startswith("kb:suggest:") for b in buttons)
    clicked = await harness.click(harness.message_of(sent), buttons[0]["custom_id"])
    assert clicked.ephemeral and clicked.data["embeds"][0]["title"] != "No confident answer"
    assert_within_limits(clicked.data)


async def test_decline_without_near_misses_has_no_buttons(harness: Harness) -> None:
    sent = await harness.slash("ask", [option("question", "what's the best pizza topping?")])
    assert sent.data["embeds"][0]["title"] == "No confident answer"
    assert not sent.data.get("components")


async def test_full_explanation_related_and_votes(harness: Harness) -> None:
    sent = await harness.slash("ask", [option("question", "monkey selfie copyright case naruto")])
    message = harness.message_of(sent)
    full = await harness.click(message, "kb:full:us-naruto")
    assert full.ephemeral and "Naruto" in full.data["embeds"][0]["title"]
    assert len(full.data["embeds"][0]["description"]) > 500
    related = harness.services.knowledge.entries["us-naruto"].related[0]
    picked = await harness.click(message, "kb:related:us-naruto", values=[related])
    assert picked.ephemeral and picked.data["embeds"]
    voter = harness.new_user()
    for value in ("up", "down", "down"):
        vote = await harness.click(message, f"kb:vote:us-naruto:{value}", user_id=voter)
        assert vote.ephemeral
    await harness.click(message, "kb:vote:us-naruto:up", user_id=harness.new_user())
    assert await harness.services.community.votes("us-naruto") == {"us-naruto": (1, 1)}


async def test_cooldown_on_ask(harness: Harness) -> None:
    member = harness.new_user()
    first = await harness.slash("ask", [option("question", "thaler v perlmutter")], user_id=member)
    second = await harness.slash("ask", [option("question", "thaler v perlmutter again")], user_id=member)
    assert not first.ephemeral and second.ephemeral and "try again" in second.data["content"]


async def test_mention_burst_respects_cooldown(harness: Harness) -> None:
    member = harness.new_user()
    replies = 0
    for _ in range(10):
        reply = await harness.say(
            f"<@{harness.bot.user.id}> thaler v perlmutter?", author_id=member, mention_bot=True, wait=0.3
        )
        replies += reply is not None
    assert replies == 1
    assert len(harness.fake.reactions) == 1
