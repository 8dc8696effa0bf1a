from pathlib import Path

import pytest

from bot.core.knowledge_files import load_directory
from bot.i18n import Language, court_name, format_date
from bot.i18n.courts import chinese_court_names

KNOWLEDGE = Path(__file__).resolve().parents[2] / "knowledge"


@pytest.mark.parametrize(
    ("value", "en", "zh"),
    [
        ("2023-11-27", "27 November 2023", "2023年11月27日"),
        ("2024-02-01", "1 February 2024", "2024年2月1日"),
        ("2023-11", "November 2023", "2023年11月"),
        ("2019", "2019", "2019年"),
        ("not a date", "not a date", "not a date"),
        ("2023-13", "2023-13", "2023-13"),
    ],
)
def test_format_date(value, en, zh):
    assert format_date(value, Language.EN) == en
    assert format_date(value, "zh") == zh


def test_court_names():
    assert court_name("Beijing Internet Court", "zh") == "北京互联网法院"
    assert court_name("Beijing Internet Court", "en") == "Beijing Internet Court"
    assert court_name("Regional Court Munich I (Landgericht München I)", "zh") == "德国慕尼黑第一地区法院"
    assert court_name("Some Court Nobody Listed", "zh") == "Some Court Nobody Listed"  # never invented
    assert court_name("Changshu People's Court", "zh", court_zh="江苏省常熟市人民法院") == "江苏省常熟市人民法院"


def test_chinese_court_names_agree_with_the_entries_own_court_zh():
    """Where a Chinese entry names its court in Chinese, the catalogue says the same for that English name."""
    names = chinese_court_names()
    entries = load_directory(KNOWLEDGE).entries if KNOWLEDGE.is_dir() else []
    checked = 0
    for entry in entries:
        if entry.court and entry.court_zh and entry.court in names and "（" not in entry.court_zh:
            assert names[entry.court] == entry.court_zh, entry.id
            checked += 1
    assert checked >= 5 or not entries


def test_catalogue_keys_are_cited_courts():
    """No name for a court nobody cites: each key is a citation's court (or one with its note dropped)."""
    if not KNOWLEDGE.is_dir():
        pytest.skip("no knowledge folder beside the tests")
    entries = load_directory(KNOWLEDGE).entries
    cited = {c.court for entry in entries for c in entry.citations} | {e.court for e in entries if e.court}
    cited |= {c.split(" (")[0] for c in cited}
    missing = set(chinese_court_names()) - cited
    assert not missing, sorted(missing)
