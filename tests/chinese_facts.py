"""The facts a text states, pulled out so the Chinese and English texts of an entry can be compared.

Numbers of three or more digits (amounts, years, docket numbers, reporter pages) are compared by value, so
"RMB 1,500" and "1500元", "US$1.5 billion" and "15亿美元" agree; dates by (year, month, day), so
"27 November 2023" and "2023年11月27日" agree. Small numbers (days, article numbers, counts) are left out:
the two languages write them too differently ("Article 30-4" / "第30条之四", "three" / "三").
"""

import re
import unicodedata
from decimal import Decimal

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_EN_DAY_MONTH_YEAR = re.compile(rf"\b(\d{{1,2}})\s+({_MONTH})\.?,?\s+(\d{{4}})\b", re.IGNORECASE)
_EN_MONTH_DAY_YEAR = re.compile(rf"\b({_MONTH})\.?\s+(\d{{1,2}}),?\s+(\d{{4}})\b", re.IGNORECASE)
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_ZH_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")

_EN_NUMBER = re.compile(
    r"(?<![\d.])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?:\s*(thousand|million|billion|bn)\b)?", re.IGNORECASE
)
_ZH_NUMBER = re.compile(r"(?<![\d.])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?\s*(万亿|千万|百万|万|亿)?")
_SCALE = {
    "thousand": 10**3,
    "million": 10**6,
    "billion": 10**9,
    "bn": 10**9,
    "万": 10**4,
    "百万": 10**6,
    "千万": 10**7,
    "亿": 10**8,
    "万亿": 10**12,
}
# A Chinese court's case number, e.g. (2023)京0491民初11279号.
ZH_DOCKET = re.compile(r"[（(]\d{4}[）)][\u4e00-\u9fff\d]{2,20}?号")
CJK_RUN = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+")


def _normal(text: str) -> str:
    # NFKC turns the Chinese comma into ",", which would join "24-171，146" into one thousands-grouped number.
    return unicodedata.normalize("NFKC", text.replace("，", "、"))


def dates(text: str) -> set[tuple[int, int, int]]:
    text = _normal(text)
    found = {(int(y), int(m), int(d)) for y, m, d in _ISO.findall(text)}
    found |= {(int(y), MONTHS[m.lower()], int(d)) for d, m, y in _EN_DAY_MONTH_YEAR.findall(text)}
    found |= {(int(y), MONTHS[m.lower()], int(d)) for m, d, y in _EN_MONTH_DAY_YEAR.findall(text)}
    found |= {(int(y), int(m), int(d)) for y, m, d in _ZH_DATE.findall(text)}
    return found


def numbers(text: str, chinese: bool) -> set[Decimal]:
    """Values of three or more digits, or scaled by a word such as million or 万."""
    pattern = _ZH_NUMBER if chinese else _EN_NUMBER
    found: set[Decimal] = set()
    for whole, fraction, scale in pattern.findall(_normal(text)):
        digits = whole.replace(",", "")
        value = Decimal(digits + (fraction or "")) * _SCALE.get(scale.lower() if scale else "", 1)
        if len(digits) >= 3 or scale:
            found.add(value.normalize())
    return found


def zh_dockets(text: str) -> set[str]:
    return {_normal(m) for m in ZH_DOCKET.findall(text)}


def cjk_windows(text: str, size: int) -> set[str]:
    """Every run of `size` Chinese characters (punctuation included) in the text."""
    windows: set[str] = set()
    for run in CJK_RUN.findall(text):
        windows.update(run[i : i + size] for i in range(len(run) - size + 1))
    return windows
