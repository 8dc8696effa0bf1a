"""Which language to answer in: the question's own script first, then the member's and the server's locale."""

import enum
import unicodedata


class Language(enum.StrEnum):
    """The languages answers and interface texts exist in; the value is the catalogue's folder name."""

    EN = "en"
    ZH = "zh-CN"

    @property
    def short(self) -> str:
        """`en` or `zh`, the spelling `ask --lang` and JSON use."""
        return "zh" if self is Language.ZH else "en"

    @classmethod
    def parse(cls, value: str) -> "Language":
        """`zh`, `zh-CN`, `zh-TW`, `zh_Hans`... -> ZH; `en`, `en-US`... -> EN; anything else raises ValueError."""
        folded = value.strip().replace("_", "-").casefold()
        if folded == "zh" or folded.startswith("zh-"):
            return cls.ZH
        if folded == "en" or folded.startswith("en-"):
            return cls.EN
        raise ValueError(f"no catalogue for language {value!r} (en or zh)")


# A question needs at least this (weighted) share in one script to decide by itself; "Li v Liu 案" (0.67 Latin)
# does not, so the member's or server's locale decides it, and only without one does the larger share win.
DECISIVE_SHARE = 0.7


def _is_han(ch: str) -> bool:
    return "CJK" in unicodedata.name(ch, "") or "\u3400" <= ch <= "\u9fff"


def script_share(text: str) -> tuple[int, int]:
    """(Han characters, Latin letters) in the text; digits, spaces and punctuation count for neither.

    A Han character carries about a word, a Latin letter about a fifth of one, so shares are compared in those
    weights by `question_language`, not in raw characters.
    """
    han = latin = 0
    for ch in text:
        if _is_han(ch):
            han += 1
        elif ch.isalpha() and ch.isascii():
            latin += 1
    return han, latin


# Roughly how many Latin letters make up as much meaning as one Han character (an English word is ~5 letters,
# a Chinese word ~1.5 characters): without it "Li v Liu 案" would count 6 letters to 1 character.
LATIN_PER_HAN = 3.0


def _latin_share(question: str) -> float | None:
    """The Latin letters' weighted share of the question's letters, or None for a question without letters."""
    han, latin = script_share(question)
    total = han * LATIN_PER_HAN + latin
    return latin / total if total else None


def question_language(question: str) -> Language | None:
    """The language the question is mainly written in, or None when it is mixed or has no letters to tell by."""
    share = _latin_share(question)
    if share is None:
        return None
    if share >= DECISIVE_SHARE:
        return Language.EN
    if 1 - share >= DECISIVE_SHARE:
        return Language.ZH
    return None


def locale_language(locale: str | None) -> Language | None:
    """A Discord locale's language when we have a catalogue for it (zh-CN and zh-TW both read Chinese)."""
    if not locale:
        return None
    try:
        return Language.parse(str(locale))
    except ValueError:
        return None


def choose_language(question: str, member_locale: str | None = None, guild_locale: str | None = None) -> Language:
    """Answer in the language the person asked in. A question that does not say (empty, or mixed like
    "Li v Liu 案") falls back to the member's Discord locale, then the server's; without either a mixed
    question goes by its larger script, and an empty one is answered in English."""
    decided = question_language(question) or locale_language(member_locale) or locale_language(guild_locale)
    if decided is not None:
        return decided
    share = _latin_share(question)
    return Language.ZH if share is not None and share < 0.5 else Language.EN
