"""The Discord layer's fixed texts, looked up in the message catalogue of the answer's language.

The keys are the names the renderer and cogs have always used; each maps to a catalogue id (bot/i18n/locales).
Values are passed already formatted as text (a percentage as "87%", seconds as "12").
"""

from bot.i18n import Language, messages
from bot.i18n.language import locale_language

# Keys whose catalogue id is not simply the key with dashes for underscores.
_IDS = {
    "full": "button-full",
    "helpful": "button-helpful",
    "not_helpful": "button-not-helpful",
    "related": "select-related",
    "sources": "answer-sources",
    "more_sources": "answer-more-sources",
    "not_advice": "not-advice",
    "as_of": "footer-as-of",
    "confidence": "footer-match",
    "no_topic": "compare-none",
}


def message_id(key: str) -> str:
    return _IDS.get(key) or key.replace("_", "-")


def language_of(locale: str | Language | None) -> Language:
    """A Discord locale ("zh-CN", "en-US", "fr") or a Language as the language shown; English without a catalogue."""
    if isinstance(locale, Language):
        return locale
    return locale_language(locale) or Language.EN


def text(key: str, locale: str | Language = "en-US", **values: object) -> str:
    """The text for a locale from its catalogue; any Chinese locale gets Chinese, everything else English."""
    return messages(language_of(locale)).get(message_id(key), **values)
