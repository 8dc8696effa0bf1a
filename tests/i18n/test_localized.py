"""An answer's texts in either language: English exactly as composed, Chinese from the entry's Chinese fields."""

import datetime as dt

from bot.core.service import KnowledgeService
from bot.i18n import Language
from bot.i18n.localized import citation_text, entry_title, localize, status_text


def test_english_is_the_answer_itself(memory_service: KnowledgeService):
    answer = memory_service.ask("Can an AI-generated image be copyrighted in China?")
    shown = localize(answer, Language.EN, memory_service.entries)
    entry = answer.entry
    assert shown.title == entry.title and shown.summary == entry.summary
    disclaimer = "General information about published rulings, not legal advice."
    assert shown.text == f"{entry.summary}\n\n{shown.status} {disclaimer}"
    assert shown.status == status_text(entry, Language.EN) and entry.as_of in shown.status


def test_chinese_uses_chinese_fields_and_falls_back(memory_service: KnowledgeService):
    entry = memory_service.entries["cn-li-v-liu"]
    answer = memory_service.compose_entry(entry)
    shown = localize(answer, Language.ZH, memory_service.entries)
    assert shown.title == entry.title_zh
    assert shown.summary == (entry.summary_zh or entry.summary)
    assert shown.body == (entry.body_zh or entry.body)
    assert "已判决" in shown.status and "不构成法律意见" in shown.text
    with_zh = entry.model_copy(update={"summary_zh": "北京互联网法院认定该图片构成美术作品。"})
    assert localize(memory_service.compose_entry(with_zh), Language.ZH).summary.startswith("北京互联网法院")
    us = memory_service.entries["us-thaler-v-perlmutter"]
    assert entry_title(us, Language.ZH) == (us.title_zh or us.title)


def test_stale_open_matter_says_when_it_was_checked(memory_service: KnowledgeService):
    pending = next(e for e in memory_service.entries.values() if e.status == "pending")
    later = dt.date.fromisoformat(pending.as_of) + dt.timedelta(days=400)
    text = status_text(pending, Language.ZH, today=later)
    assert "审理中" in text and "天前" in text
    english = status_text(pending, Language.EN, today=later)
    assert english.startswith(f"Status: {pending.status}, last checked {pending.as_of} (") and "days ago" in english


def test_topic_is_an_overview(memory_service: KnowledgeService):
    assert status_text(memory_service.entries["topic-cn-us-split"], Language.ZH).startswith("综述")


def test_chinese_citation_names_the_court_and_date_in_chinese(memory_service: KnowledgeService):
    citation = memory_service.entries["us-thaler-v-perlmutter"].citations[0]
    text = citation_text(citation, Language.ZH)
    assert "美国哥伦比亚特区巡回上诉法院" in text and "2025年3月18日" in text and text.endswith(citation.url)
