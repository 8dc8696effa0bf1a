"""Dates as a reader of each language writes them; the knowledge base keeps ISO and partial dates as text."""

import re

from bot.i18n.language import Language

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_PARTIAL = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$")


def format_date(iso_or_partial: str, lang: Language | str) -> str:
    """Dates: "2023-11-27" -> "27 November 2023" / "2023年11月27日"; "2023-11" -> "November 2023" / "2023年11月";
    "2023" -> "2023" / "2023年". Text that is not such a date is returned as it is (never an exception in a reply).
    """
    lang = lang if isinstance(lang, Language) else Language.parse(lang)
    match = _PARTIAL.fullmatch(iso_or_partial.strip())
    if not match:
        return iso_or_partial
    year, month, day = match.groups()
    if month is not None and not 1 <= int(month) <= 12:
        return iso_or_partial
    if lang is Language.ZH:
        return f"{year}年" + (f"{int(month)}月" if month else "") + (f"{int(day)}日" if day else "")
    if month is None:
        return year
    name = MONTHS[int(month) - 1]
    return f"{int(day)} {name} {year}" if day else f"{name} {year}"
