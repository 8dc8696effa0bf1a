"""Property tests: any text through ask and the renderer — no exception, every limit, nothing that pings."""

import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.core.service import EmptyQuestion, KnowledgeService
from bot.discord_bot.limits import escape_user_text
from bot.discord_bot.render import render_answer
from tests.discord.conftest import assert_within_limits

FRAGMENTS = [
    "@everyone",
    "@here",
    "<@123456789012345678>",
    "<@!123456789012345678>",
    "<@&987654321098765432>",
    "<#123>",
    "[click](https://evil.example)",
    "**",
    "__",
    "~~",
    "||",
    "```",
    "`",
    "> ",
    "# ",
    "\u202e",
    "\u200b",
    "\u200f",
    "\ufeff",
    "\x00",
    "\x1b[31m",
    "e\u0301\u0302\u0303",
    "👩‍👩‍👧‍👦",
    "🇨🇳",
    "'; DROP TABLE entries; --",
    '" OR 1=1 --',
    "Robert'); DELETE FROM revisions;--",
    "春风送来了温柔",
    "奥特曼",
    "thaler v perlmutter",
    "copyright",
    "ai",
]

hostile = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=60), st.text(alphabet=st.characters(), max_size=20)),
    max_size=40,
).map(" ".join) | st.text(min_size=5000, max_size=10_000)


EXAMPLES = 300


@pytest.fixture
def service(memory_service: KnowledgeService) -> KnowledgeService:
    return memory_service


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(text=hostile)
def test_any_text_is_answered_or_declined_within_limits(service: KnowledgeService, text: str) -> None:
    try:
        answer = service.ask(text)
    except EmptyQuestion:
        assert not text.strip()
        return
    payload = render_answer(answer, service.entries).payload()
    assert_within_limits(payload)
    assert payload["allowed_mentions"] == {"parse": []}
    dumped = json.dumps(payload, ensure_ascii=False)
    for ping in ("@everyone", "@here", "<@1", "<@!", "<@&"):
        assert ping not in dumped


@settings(max_examples=EXAMPLES, deadline=None)
@given(text=hostile)
def test_user_text_shown_back_cannot_ping_or_format(text: str) -> None:
    shown = escape_user_text(text)
    for ping in ("@everyone", "@here", "<@1", "<@!", "<@&"):
        assert ping not in shown
    bare = re.sub(r"\\.", "", shown, flags=re.DOTALL)  # drop every escaped character
    assert not set(bare) & set("\\*_~`|>[]()#-")
