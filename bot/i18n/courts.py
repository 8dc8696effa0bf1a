"""Chinese names of the courts and bodies citations name, for answers in Chinese.

A Chinese entry carries its own court_zh; citations carry only the English `court`, so the standard Chinese
names of the courts the knowledge base cites are kept in courts_zh.yaml. A court not listed stays in English:
a made-up translation of a court's name would be worse than the original.
"""

import functools
import re
from importlib import resources

import yaml

from bot.i18n.language import Language

_TRAILING_NOTE = re.compile(r"\s*\([^()]*\)$")


@functools.cache
def chinese_court_names() -> dict[str, str]:
    text = (resources.files("bot.i18n") / "courts_zh.yaml").read_text("utf-8")
    return {str(k): str(v) for k, v in yaml.safe_load(text).items()}


def court_name(court: str, lang: Language | str, court_zh: str | None = None) -> str:
    """The court as a reader of `lang` knows it: court_zh when the entry gives one, else the catalogue's name
    for the exact English name or for it without a trailing "(...)" ("Regional Court Munich I (Landgericht
    München I)"), else the English name."""
    lang = lang if isinstance(lang, Language) else Language.parse(lang)
    if lang is not Language.ZH:
        return court
    if court_zh:
        return court_zh
    names = chinese_court_names()
    return names.get(court) or names.get(_TRAILING_NOTE.sub("", court)) or court
