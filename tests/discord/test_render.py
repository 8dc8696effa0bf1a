"""The renderer: every Discord limit on any input, links never cut, nothing that can ping."""

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from bot.core import lengths
from bot.core.answers import Answer, decline
from bot.core.entry import Citation, Entry
from bot.core.matching.base import Candidate, MatchResult
from bot.core.service import KnowledgeService
from bot.discord_bot import limits
from bot.discord_bot.limits import defuse, escape_user_text, shorten
from bot.discord_bot.render import render_answer, render_body
from bot.i18n import Language
from tests.discord.conftest import assert_within_limits

NASTY = [
    "@everyone",
    "@here",
    "<@123456789012345678>",
    "<@&987654321098765432>",
    "**bold**",
    "`code`",
    "```fence```",
    "[masked](https://evil.example)",
    "||spoiler||",
    "DROP TABLE entries;--",
    "\u202eevil",
    "\u200b",
    "👍🏽",
    "e\u0301\u0301\u0301",
    "春风送来了温柔",
    "'; SELECT * FROM aliases; --",
    "> quote",
    "# heading",
]


def generated_questions(count: int, seed: int = 5) -> list[str]:
    rng = random.Random(seed)
    words = ["can", "AI", "art", "copyright", "China", "US", "Thaler", "Zarya", "奥特曼", "prompt", "court", "?"]
    out = []
    for i in range(count):
        parts = [rng.choice(words + NASTY) for _ in range(rng.randint(1, 30))]
        if i % 50 == 0:
            parts.append("x" * rng.randint(2000, 10_000))
        out.append(" ".join(parts))
    return out


@pytest.fixture
def service(memory_service: KnowledgeService) -> KnowledgeService:
    return memory_service


def test_shorten_stops_at_a_sentence_and_never_inside_a_link() -> None:
    link = "[the ruling](https://example.org/a/very/long/path)"
    text = f"First sentence. Second one is here. See {link} now."
    for limit in range(5, len(text)):
        cut = shorten(text, limit)
        assert len(cut) <= limit
        assert link in cut or "[the" not in cut  # the whole link, or none of it
    assert shorten("Short.", 100) == "Short."
    assert shorten("One. Two. Three.", 12) == "One. Two.…"


def test_mentions_are_defused_and_user_text_escaped() -> None:
    assert "@everyone" not in defuse("hi @everyone and @here <@123> <@&456>")
    assert "<@123>" not in defuse("<@123>") and "<@&456>" not in defuse("<@&456>")
    escaped = escape_user_text("**bold** [x](https://a.b) @everyone")
    assert "**" not in escaped.replace("\\*", "") and "@everyone" not in escaped


async def test_thousand_generated_questions_stay_within_limits(service: KnowledgeService) -> None:
    for number, question in enumerate(generated_questions(1000)):
        answer = service.ask(question)
        lang = Language.ZH if number % 2 else Language.EN  # every limit holds for the Chinese texts too
        payload = render_answer(answer, service.entries, lang).payload()
        assert_within_limits(payload)
        assert payload["allowed_mentions"] == {"parse": []}
        dumped = json.dumps(payload, ensure_ascii=False)
        assert "@everyone" not in dumped and "@here" not in dumped


async def test_every_entry_in_chinese_fits_and_says_not_legal_advice_once(service: KnowledgeService) -> None:
    for entry in service.entries.values():
        for rendered in (
            render_answer(service.compose_entry(entry), service.entries, "zh-CN"),
            render_body(entry, "zh-CN"),
        ):
            payload = rendered.payload()
            assert_within_limits(payload)
            dumped = json.dumps(payload["embeds"], ensure_ascii=False)
            assert dumped.count("不构成法律意见") == 1, entry.id


async def test_a_chinese_decline_gives_its_suggestions_once_as_buttons(service: KnowledgeService) -> None:
    near = MatchResult("猴子自拍", (Candidate("cn-li-v-liu", 0.4, 0.4),), False)
    answer = decline("猴子自拍", near, service.entries)
    payload = render_answer(answer, service.entries, Language.ZH).payload()
    embed = payload["embeds"][0]
    title_zh = service.entries["cn-li-v-liu"].title_zh or ""
    buttons = [c for row in payload["components"] for c in row["components"]]
    assert [b["custom_id"] for b in buttons] == ["kb:suggest:cn-li-v-liu:zh"]
    assert buttons[0]["label"] == shorten(title_zh, limits.BUTTON_LABEL)
    assert title_zh not in embed["description"] and "不作猜测" in embed["description"]
    assert embed["footer"]["text"] == "不构成法律意见" and "不构成法律意见" not in embed["description"]
    english = render_answer(answer, service.entries).payload()  # English keeps its sentence (the contract's text)
    assert "Did you mean" in english["embeds"][0]["description"]


async def test_huge_moderator_text_is_cut_to_fit(shipped_entries: list[Entry]) -> None:
    base = shipped_entries[0]
    citation = Citation(
        title="T" * (lengths.TITLE - 10) + " @everyone",  # every field as long as the shared schema allows
        court="C" * lengths.COURT,
        date="2020-01-01",
        docket="D" * lengths.DOCKET,
        url="https://example.org/" + "p" * (lengths.URL - 20),
    )
    huge = base.model_copy(
        update={
            "title": "Title " * 100,
            "summary": "Answer. " * 1000,  # past the schema's limit (model_copy does not check): the renderer cuts
            "body": "Body sentence. " * 2000,
            "citations": [citation] * 40,
        }
    )
    answer = Answer(question="q", matched=True, confidence=1.0, entry=huge, citations=tuple(huge.citations))
    for rendered in (render_answer(answer, {huge.id: huge}), render_body(huge)):
        payload = rendered.payload()
        assert_within_limits(payload)
        assert "@everyone" not in json.dumps(payload)


async def test_decline_has_at_most_three_suggestion_buttons(service: KnowledgeService) -> None:
    result = service.match("copyright ai court judge case ruling", limit=10)
    payload = render_answer(decline("q", result, service.entries), service.entries).payload()
    buttons = [c for row in payload["components"] for c in row["components"]]
    assert len(buttons) <= 3
    assert_within_limits(payload)


def test_ask_format_discord_from_the_command_line(tmp_path: Path) -> None:
    batch = tmp_path / "questions.txt"
    batch.write_text("\n".join(q.replace("\n", " ") for q in generated_questions(40, seed=9)) + "\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path / 'cli.sqlite3'}"
    done = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "--batch", str(batch), "--format", "discord"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    payloads = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(payloads) == 40
    for payload in payloads:
        assert set(payload) == {"content", "embeds", "components", "allowed_mentions"}
        assert_within_limits(payload)
    assert limits.CONTENT == 2000
