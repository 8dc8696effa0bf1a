"""The custom ids of the answer components: built here for the renderer, matched here for the dynamic items,
so the two cannot drift apart and the renderer never needs the component classes.

A component of a Chinese answer ends in ":zh", so a click shows Chinese whoever clicks; English ids are as they
always were (messages sent before answers had a language keep working).
"""

from bot.core.entry import ID_BODY

ENTRY = rf"(?P<entry>{ID_BODY})"
LANG = r"(?::(?P<lang>zh))?"
FULL = rf"kb:full:{ENTRY}{LANG}"
VOTE = rf"kb:vote:{ENTRY}:(?P<value>up|down){LANG}"
RELATED = rf"kb:related:{ENTRY}{LANG}"
SUGGEST = rf"kb:suggest:{ENTRY}{LANG}"


def _lang(lang: str) -> str:
    """The suffix for a language's short name ("en" or "zh")."""
    return ":zh" if lang == "zh" else ""


def full(entry_id: str, lang: str = "en") -> str:
    return f"kb:full:{entry_id}{_lang(lang)}"


def vote(entry_id: str, value: str, lang: str = "en") -> str:
    return f"kb:vote:{entry_id}:{value}{_lang(lang)}"


def related(entry_id: str, lang: str = "en") -> str:
    return f"kb:related:{entry_id}{_lang(lang)}"


def suggest(entry_id: str, lang: str = "en") -> str:
    return f"kb:suggest:{entry_id}{_lang(lang)}"
