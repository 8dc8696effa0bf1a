"""Load through the fake Discord: 200 /ask at once are all answered inside Discord's 3-second window,
and a burst of 50 mentions from one member gets one answer and one cooldown reaction."""

import asyncio
import statistics
import time

import pytest

from tests.discord.conftest import Harness
from tests.discord.fake_discord import GUILD_ID
from tests.figures import record

INTERACTIONS = 200
WINDOW = 3.0


@pytest.fixture
def settings_overrides() -> dict:
    return {"answer_cooldown_seconds": 30.0}


async def test_two_hundred_asks_at_once(harness: Harness) -> None:
    questions = [
        "Can AI art be copyrighted in China?",
        "thaler v perlmutter appeal",
        "monkey selfie case",
        "是不是在中国用AI画的图也有版权",
        "what's the best pizza topping?",
    ]
    payloads = [
        harness._interaction(
            2,
            {
                "id": harness.fake.next_id(),
                "name": "ask",
                "type": 1,
                "options": [{"name": "question", "type": 3, "value": questions[i % len(questions)]}],
            },
            user_id=harness.new_user(),
            permissions="1071698660929",
            guild_id=GUILD_ID,
            locale="en-US",
        )
        for i in range(INTERACTIONS)
    ]

    async def one(payload: dict) -> float:
        start = time.perf_counter()
        await harness.send(payload)
        return time.perf_counter() - start

    delays = sorted(await asyncio.gather(*(one(p) for p in payloads)))
    answered = [s for s in harness.fake.sent if s.kind == "callback" and s.body.get("type") in (4, 5)]
    assert len(answered) == INTERACTIONS
    p50, p99 = statistics.median(delays), delays[int(0.99 * (len(delays) - 1))]
    record(ask_p50_ms=round(p50 * 1000, 1), ask_p99_ms=round(p99 * 1000, 1), asks=INTERACTIONS)
    print(f"\n200 concurrent /ask: p50 {p50 * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms")
    assert max(delays) < WINDOW


async def test_mention_burst_gets_one_answer_and_one_notice(harness: Harness) -> None:
    member = harness.new_user()
    bot_id = harness.bot.user.id  # type: ignore[union-attr]
    before = len([s for s in harness.fake.sent if s.kind == "message"])
    await asyncio.gather(
        *(
            harness.say(f"<@{bot_id}> thaler v perlmutter #{i}?", author_id=member, mention_bot=True, wait=2.0)
            for i in range(50)
        )
    )
    await asyncio.sleep(0.3)
    replies = len([s for s in harness.fake.sent if s.kind == "message"]) - before
    record(mentions=50, mention_replies=replies, mention_reactions=len(harness.fake.reactions))
    assert replies == 1 and len(harness.fake.reactions) == 1
