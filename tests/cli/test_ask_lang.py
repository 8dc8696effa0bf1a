"""`ask --lang`: Chinese answers for Chinese questions, English output exactly as before."""

import json

from bot.cli.ask import render_text
from bot.core.answers import decline
from bot.core.matching.base import Candidate, MatchResult
from bot.core.service import KnowledgeService
from bot.i18n import Language
from bot.i18n.localized import localize

LI_V_LIU_ZH = "李某诉刘某侵害作品署名权、信息网络传播权纠纷案"


def test_lang_zh_prints_the_chinese_title_and_chinese_words(cli) -> None:
    status, out, err = cli("ask", "--lang", "zh", "Can an AI-generated image be copyrighted in China? Li v Liu")
    assert status == 0, err
    assert out.splitlines()[0].startswith(LI_V_LIU_ZH)
    assert "来源：" in out and "不构成法律意见" in out and "北京互联网法院" in out and "2023年11月27日" in out
    assert "Sources:" not in out


def test_auto_answers_a_chinese_question_in_chinese(cli) -> None:
    status, out, _ = cli("ask", "李某诉刘某案赔了多少钱，有没有上诉？")
    assert status == 0 and out.startswith(LI_V_LIU_ZH)


def test_english_text_is_unchanged_by_lang(cli) -> None:
    question = "Can an AI-generated image be copyrighted in China?"
    _, default, _ = cli("ask", question)
    _, auto, _ = cli("ask", "--lang", "auto", question)
    _, english, _ = cli("ask", "--lang", "en", question)
    assert default == auto == english and "Sources:" in default
    _, forced, _ = cli("ask", "--lang", "en", "李某诉刘某案赔了多少钱，有没有上诉？")
    assert "Sources:" in forced and "来源" not in forced


def test_json_gains_lang_and_keeps_every_english_value(cli, memory_service: KnowledgeService) -> None:
    question = "Can an AI-generated image be copyrighted in China?"
    _, out, _ = cli("ask", "--format", "json", question)
    obj = json.loads(out)
    assert obj.pop("lang") == "en"
    answer = memory_service.ask(question)
    shown = localize(answer, Language.EN)
    assert obj.pop("answer") == shown.text and obj.pop("disclaimer") == shown.disclaimer
    assert obj == json.loads(json.dumps(answer.to_json()))  # every structured value as the core gave it
    _, out, _ = cli("ask", "--format", "json", "--lang", "zh", question)
    zh = json.loads(out)
    entry = memory_service.entries[obj["entry"]["id"]]
    assert zh["lang"] == "zh" and zh["entry"]["id"] == entry.id and zh["entry"]["title"] == entry.title_zh
    assert "不构成法律意见" in zh["answer"] and zh["citations"] == obj["citations"]


def test_batch_stays_english_unless_asked(cli, tmp_path) -> None:
    questions = tmp_path / "q.txt"
    questions.write_text("李某诉刘某案赔了多少钱，有没有上诉？\n", encoding="utf-8")
    _, out, _ = cli("ask", "--batch", str(questions))
    assert json.loads(out)["lang"] == "en"
    _, out, _ = cli("ask", "--batch", str(questions), "--lang", "auto")
    assert json.loads(out)["lang"] == "zh"


def test_lang_with_discord_format_is_a_usage_error(cli) -> None:
    status, _, err = cli("ask", "--format", "discord", "--lang", "zh", "hello")
    assert status == 2 and "--lang" in err


def test_chinese_decline_offers_chinese_titles(memory_service: KnowledgeService) -> None:
    near = MatchResult("猴子自拍", (Candidate("cn-li-v-liu", 0.4, 0.4),), False)
    answer = decline("猴子自拍", near, memory_service.entries)
    text = render_text(answer, Language.ZH, memory_service.entries)
    assert "不作猜测" in text and LI_V_LIU_ZH in text and "[cn-li-v-liu]" in text
    assert render_text(answer) == render_text(answer, Language.EN)


def test_chinese_sides_fall_back_to_english_text(memory_service: KnowledgeService) -> None:
    answer = memory_service.compare()
    assert answer is not None
    text = render_text(answer, Language.ZH, memory_service.entries)
    assert "中国：" in text and "美国：" in text and "（来源 [" in text
    english = {s.jurisdiction: s.text for s in answer.sides}
    zh_sides = {s.jurisdiction: s.text_zh for s in answer.entry.sides}
    for jurisdiction, own in english.items():
        assert (zh_sides[jurisdiction] or own) in text
