"""The Chinese texts state the same facts as the English ones, in words of their own.

Every entry carries a Chinese summary and body; the dates, amounts and case numbers in them agree with the
English texts; comparison sides have Chinese text; and no run of twelve Chinese characters is lifted from
the fact sheet (it is evidence, not prose to copy).
"""

from typing import Any

import pytest
import yaml

from bot.core.entry import Entry
from tests import chinese_facts as cf
from tests.conftest import FACT_SHEET, FACT_SHEET_SKIP

MIN_BODY_ZH = 150  # characters: a body in Chinese says what the English body says, not one line


def _english(entry: Entry) -> str:
    return "\n".join([entry.summary, entry.body, *(side.text for side in entry.sides)])


def _chinese(entry: Entry) -> str:
    return "\n".join([entry.summary_zh or "", entry.body_zh or "", *(side.text_zh or "" for side in entry.sides)])


def test_every_entry_has_a_chinese_summary_and_body(shipped_entries: list[Entry]) -> None:
    missing = [e.id for e in shipped_entries if not e.summary_zh or len(e.body_zh or "") < MIN_BODY_ZH]
    assert missing == []


def test_every_comparison_side_has_chinese_text(shipped_entries: list[Entry]) -> None:
    missing = [f"{e.id}: {s.jurisdiction}" for e in shipped_entries for s in e.sides if not s.text_zh]
    assert missing == []


def test_chinese_texts_are_mostly_chinese(shipped_entries: list[Entry]) -> None:
    def share(text: str) -> float:
        letters = [c for c in text if c.isalpha()]
        return sum(1 for c in letters if "\u4e00" <= c <= "\u9fff") / max(1, len(letters))

    latin = [e.id for e in shipped_entries if e.summary_zh and share(e.summary_zh + (e.body_zh or "")) < 0.5]
    assert latin == []


def test_dates_agree_between_the_languages(shipped_entries: list[Entry]) -> None:
    differ = []
    for entry in shipped_entries:
        if not entry.summary_zh:
            continue
        en, zh = cf.dates(_english(entry)), cf.dates(_chinese(entry))
        if en != zh:
            differ.append(f"{entry.id}: only in English {sorted(en - zh)}, only in Chinese {sorted(zh - en)}")
    assert differ == []


def test_amounts_years_and_numbers_agree_between_the_languages(shipped_entries: list[Entry]) -> None:
    differ = []
    for entry in shipped_entries:
        if not entry.summary_zh:
            continue
        en, zh = cf.numbers(_english(entry), chinese=False), cf.numbers(_chinese(entry), chinese=True)
        if en != zh:
            only_en = sorted(f"{n:f}" for n in en - zh)
            only_zh = sorted(f"{n:f}" for n in zh - en)
            differ.append(f"{entry.id}: only in English {only_en}, only in Chinese {only_zh}")
    assert differ == []


def test_chinese_case_numbers_are_the_entrys_own(shipped_entries: list[Entry]) -> None:
    wrong = []
    for entry in shipped_entries:
        known = cf.zh_dockets(" ".join([entry.docket or "", *(c.docket or "" for c in entry.citations)]))
        known |= cf.zh_dockets(_english(entry))
        wrong += [f"{entry.id}: {d}" for d in cf.zh_dockets(_chinese(entry)) - known]
    assert wrong == []


def test_chinese_summaries_obey_the_summary_limit(shipped_entries: list[Entry]) -> None:
    # The schema holds the hard limit; a Chinese summary is also no longer than its English one needs.
    too_long = [e.id for e in shipped_entries if e.summary_zh and len(e.summary_zh) > len(e.summary)]
    assert too_long == []


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


@pytest.mark.skipif(not FACT_SHEET.exists(), reason=FACT_SHEET_SKIP)
def test_no_twelve_chinese_characters_are_copied_from_the_fact_sheet(shipped_entries: list[Entry]) -> None:
    run = 12
    sheet = yaml.safe_load(FACT_SHEET.read_text(encoding="utf-8"))
    lifted: set[str] = set()
    for text in _strings(sheet):
        lifted |= cf.cjk_windows(text, run)
    copied = [f"{e.id}: {w}" for e in shipped_entries for w in sorted(cf.cjk_windows(_chinese(e), run) & lifted)]
    assert copied == []
