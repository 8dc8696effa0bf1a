"""Abuse and faults through the real discord.py: shares of public answers, one vote per member, gaps that
stay useful and harmless, audit posts that cannot stall a reply or hammer a refusing channel."""

import asyncio
import random

import pytest
from sqlalchemy import insert

from bot.core.storage.community import GAPS_PER_MEMBER_PER_DAY
from bot.core.storage.database import make_engine, make_sessionmaker
from bot.core.storage.tables import GapRow, utcnow
from tests.discord.cogs.test_kb_flows import EDITOR_PERMISSIONS, import_zip, option, sub
from tests.discord.conftest import Harness
from tests.discord.fake_discord import ALL_PERMISSIONS, CHANNEL_ID, GUILD_ID, OTHER_GUILD_ID, FakeDiscord

GOOD_AUDIT = CHANNEL_ID
REFUSING_AUDIT = 920000000000000078


@pytest.fixture
def settings_overrides() -> dict:
    return {"kb_editor_guild_ids": [GUILD_ID], "answer_cooldown_seconds": 0.0}


def break_community(harness: Harness) -> object:
    """The community store's database goes away (its engine is returned, to be disposed of)."""
    engine = make_engine("sqlite+aiosqlite:////proc/no-such-database.sqlite3")
    harness.services.community._sessions = make_sessionmaker(engine)
    return engine


async def test_public_answers_past_a_members_share_are_private(harness: Harness) -> None:
    member = harness.new_user()
    calls = [
        ("case", [option("name", "naruto")]),
        ("cite", [option("name", "naruto")]),
        ("compare", []),
        ("cases", []),
        ("case", [option("name", "feist")]),
        ("about", []),
    ]
    sent = [await harness.slash(name, options, user_id=member) for name, options in calls]
    assert [s.ephemeral for s in sent] == [False, False, False, True, True, True]
    assert all(s.data.get("embeds") or s.data.get("content") for s in sent)  # still answered, privately
    assert not (await harness.slash("case", [option("name", "naruto")], user_id=harness.new_user())).ephemeral


async def test_one_vote_per_member_per_entry_whatever_the_message(harness: Harness) -> None:
    voter = harness.new_user()
    for _ in range(4):
        answer = await harness.slash("case", [option("name", "naruto")])
        vote = await harness.click(harness.message_of(answer), "kb:vote:us-naruto:down", user_id=voter)
        assert vote.ephemeral
    await harness.click(harness.message_of(answer), "kb:vote:us-naruto:up", user_id=harness.new_user())
    assert await harness.services.community.votes("us-naruto") == {"us-naruto": (1, 1)}
    summary = await harness.services.community.feedback_summary()
    assert [(entry, bad, good) for entry, bad, good, _ in summary] == [("us-naruto", 1, 1)]


async def test_vote_under_a_database_fault_is_answered(harness: Harness) -> None:
    answer = await harness.slash("case", [option("name", "naruto")])
    engine = break_community(harness)
    vote = await harness.click(harness.message_of(answer), "kb:vote:us-naruto:up")
    assert vote.ephemeral and "could not be recorded" in vote.data["content"]
    gaps = await harness.slash("kb", sub("gaps"), permissions=EDITOR_PERMISSIONS)
    assert "unavailable" in gaps.data["content"]
    await engine.dispose()  # type: ignore[attr-defined]


async def test_gaps_show_members_text_escaped(harness: Harness) -> None:
    bait = "[free nitro](https://evil.example/steal) <@123> @everyone best pizza topping?"
    await harness.slash("ask", [option("question", bait)])
    await harness.gaps_settled(1)
    gaps = await harness.slash("kb", sub("gaps"), permissions=EDITOR_PERMISSIONS)
    description = gaps.data["embeds"][0]["description"]
    assert "pizza" in description
    assert "[free nitro](" not in description and "<@123>" not in description and "@everyone" not in description


async def test_one_member_adds_a_bounded_share_of_gaps(harness: Harness) -> None:
    spammer = harness.new_user()
    for i in range(GAPS_PER_MEMBER_PER_DAY + 5):
        await harness.slash("ask", [option("question", f"best pizza topping number {i}?")], user_id=spammer)
    await harness.slash("ask", [option("question", "best pizza topping, asked by someone else?")])
    await harness.gaps_settled(GAPS_PER_MEMBER_PER_DAY + 1)
    assert len(await harness.services.community.gaps()) == GAPS_PER_MEMBER_PER_DAY + 1


async def test_gaps_over_many_long_questions_are_deferred_and_listed(harness: Harness) -> None:
    words = ["pizza", "music", "voice", "clone", "canada", "peru", "robot", "poem", "opera", "map"]
    rng = random.Random(12)
    rows = [
        {
            "text": " ".join(rng.choice(words) + str(rng.randrange(10**6)) for _ in range(300))[:2000],
            "guild_id": GUILD_ID,
            "confidence": 0.1,
            "created_at": utcnow(),
        }
        for _ in range(520)
    ]
    async with harness.services.community._sessions() as session, session.begin():
        await session.execute(insert(GapRow), rows)
    first = await harness.slash("kb", sub("gaps"), permissions=EDITOR_PERMISSIONS, final=False)
    assert first.body["type"] == 5  # acknowledged before the grouping starts
    listed = await harness.final(first)
    assert listed.data["embeds"][0]["description"].count("**#") == 10


async def _set_audit(harness: Harness, channel_id: int, *, permissions: str, guild_id: int = GUILD_ID):
    resolved = {
        "channels": {
            str(channel_id): {
                "id": str(channel_id),
                "type": 0,
                "name": "audit",
                "permissions": "0",
                "guild_id": str(guild_id),
            }
        }
    }
    options = [{"name": "audit-channel", "type": 1, "options": [option("channel", str(channel_id), 7)]}]
    return await harness.slash("settings", options, resolved=resolved, permissions=permissions, guild_id=guild_id)


async def _add_alias(harness: Harness, text: str):
    options = [{"name": "alias", "type": 2, "options": sub("add", option("entry", "us-naruto"), option("text", text))}]
    return await harness.slash("kb", options, permissions=EDITOR_PERMISSIONS)


async def test_audit_channel_is_set_by_editors_only(harness: Harness) -> None:
    refused = await _set_audit(harness, OTHER_GUILD_ID + 5, permissions=ALL_PERMISSIONS, guild_id=OTHER_GUILD_ID)
    assert refused.ephemeral and "Only knowledge editors" in refused.data["content"]
    assert await harness.services.community.audit_channels() == {}
    accepted = await _set_audit(harness, GOOD_AUDIT, permissions=EDITOR_PERMISSIONS)
    assert "will be posted" in accepted.data["content"]
    assert await harness.services.community.audit_channels() == {GUILD_ID: GOOD_AUDIT}


async def test_audit_posts_follow_the_reply_and_a_refusing_channel_is_dropped(harness: Harness) -> None:
    fake = harness.fake
    await _set_audit(harness, GOOD_AUDIT, permissions=EDITOR_PERMISSIONS)
    await harness.services.community.set_audit_channel(OTHER_GUILD_ID, REFUSING_AUDIT)
    fake.forbidden_channels.add(str(REFUSING_AUDIT))
    refused_path = ("POST", f"/channels/{REFUSING_AUDIT}/messages")
    for number in range(4):
        posted = fake.expect(str(GOOD_AUDIT))
        reply = await _add_alias(harness, f"audit test alias {number}")
        post = await asyncio.wait_for(posted, 5)
        assert "revision" in reply.data["content"]
        assert fake.sent.index(reply) < fake.sent.index(post)  # the editor hears first
        for _ in range(100):  # the refused post runs alongside; let it land
            if fake.requests.count(refused_path) >= min(number + 1, 3):
                break
            await asyncio.sleep(0.02)
    assert fake.requests.count(refused_path) == 3
    assert await harness.services.community.audit_channels() == {GUILD_ID: GOOD_AUDIT}


async def test_mentions_where_the_bot_cannot_send_are_not_retried(harness: Harness) -> None:
    harness.fake.forbidden_channels.add(str(CHANNEL_ID))
    for _ in range(3):
        reply = await harness.say(
            f"<@{harness.bot.user.id}> thaler v perlmutter?",
            mention_bot=True,
            wait=0.5,  # type: ignore[union-attr]
        )
        assert reply is None
    assert harness.fake.requests.count(("POST", f"/channels/{CHANNEL_ID}/messages")) == 1


async def test_edit_form_leaves_out_what_it_cannot_hold_and_keeps_it(harness: Harness) -> None:
    entry = await harness.services.editor.repo.get("us-naruto")
    assert entry is not None
    long_body = " ".join(f"Sentence{i:04d}xx." for i in range(380))  # 380 words, over 4,000 characters
    await harness.services.editor.update(
        "us-naruto", {"body": long_body}, base=entry.revision, author="t", reason="long"
    )
    modal = await harness.slash("kb", sub("edit", option("entry", "us-naruto")), permissions=EDITOR_PERMISSIONS)
    rows = modal.body["data"]["components"]
    labels = [row["components"][0]["label"] for row in rows]
    assert "Full explanation" not in labels and labels[-1] == "Reason for the change"
    assert "body" in rows[-1]["components"][0]["placeholder"]
    values = {labels.index("Summary"): "A new summary.", len(rows) - 1: "shorter summary"}
    saved = await harness.submit(modal, values, user_id=harness.new_user(), permissions=EDITOR_PERMISSIONS)
    assert "kept exactly as they were: body" in saved.data["content"]
    stored = await harness.services.editor.repo.get("us-naruto")
    assert stored is not None and stored.body == long_body and stored.summary == "A new summary."


async def test_fake_discord_refuses_a_late_or_second_acknowledgement() -> None:
    fake = FakeDiscord()
    loop = asyncio.get_running_loop()
    fake._created["1"] = loop.time() - 3.5
    late = fake._acknowledge("1")
    assert late is not None and late.status == 404 and fake.late == ["1: acknowledged after 3.50 s"]
    fake._created["2"] = loop.time()
    assert fake._acknowledge("2") is None
    second = fake._acknowledge("2")
    assert second is not None and second.status == 400


async def test_a_bulk_import_shares_audit_posts(harness: Harness) -> None:
    from bot.core.transfer import export_zip

    await _set_audit(harness, GOOD_AUDIT, permissions=EDITOR_PERMISSIONS)
    base = await harness.services.editor.repo.get("us-naruto")
    assert base is not None
    new = [
        base.model_copy(
            update={
                "id": f"us-bulk-{i}",
                "title": f"Bulk {i}",
                "aliases": [f"bulk alias {i}"],
                "covers": [f"us-bulk-{i}"],
            }
        )
        for i in range(6)
    ]
    editor = harness.new_user()
    plan = await import_zip(harness, editor, "bulk.zip", export_zip(new))
    confirm = plan.body["components"][0]["components"][0]["custom_id"]
    clicked = await harness.click(harness.message_of(plan), confirm, user_id=editor, permissions=EDITOR_PERMISSIONS)
    assert "Imported: 6 added" in (await harness.final(clicked)).data["content"]
    posts: list[str] = []
    for _ in range(150):
        posts = [
            s.body["content"] for s in harness.fake.sent if s.kind == "message" and s.channel_id == str(GOOD_AUDIT)
        ]
        if all(any(f"us-bulk-{i}" in p for p in posts) for i in range(6)):
            break
        await asyncio.sleep(0.02)
    assert all(any(f"us-bulk-{i}" in p for p in posts) for i in range(6))
    assert len(posts) == 1  # held during the import, then one post
