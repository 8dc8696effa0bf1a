"""Fluent message catalogues, one per language, read from the package's locales/ folder.

Fluent rather than gettext: messages are looked up by id (not by English text), variables are named and can be
checked for parity between locales from the parsed files, and the .ftl files are the catalogue itself, so there
is no compile step whose output (.mo) could fall out of date or be missing from a wheel.
"""

import functools
from collections.abc import Iterator
from importlib import resources
from typing import Any

from fluent.runtime import FluentBundle, FluentResource
from fluent.syntax import ast, parse

from bot.i18n.language import Language


class MissingMessage(KeyError):
    """A message id (or attribute) that the catalogue does not have: a bug in the caller or the catalogue."""


def _locale_files(lang: Language) -> list[tuple[str, str]]:
    folder = resources.files("bot.i18n") / "locales" / lang.value
    return sorted((f.name, f.read_text("utf-8")) for f in folder.iterdir() if f.name.endswith(".ftl"))


class Messages:
    """The interface texts of one language. `get("answer-status", status=..., date=...)`; an attribute is
    asked for as "message.attribute" (the slash commands' parameter descriptions)."""

    def __init__(self, lang: Language) -> None:
        self.lang = lang
        # No Unicode isolation marks: Discord and terminals show them as stray characters.
        self._bundle = FluentBundle([lang.value], use_isolating=False)
        for _name, text in _locale_files(lang):
            self._bundle.add_resource(FluentResource(text))
        self._ids = set(message_variables(lang))

    def __contains__(self, message_id: str) -> bool:
        return message_id in self._ids

    def ids(self) -> set[str]:
        return set(self._ids)

    def get(self, message_id: str, **args: Any) -> str:
        """The formatted text; raises MissingMessage for an unknown id and ValueError for a missing variable."""
        base, _, attribute = message_id.partition(".")
        if message_id not in self._ids:
            raise MissingMessage(f"{message_id!r} is not in the {self.lang.value} catalogue")
        message = self._bundle.get_message(base)
        pattern = message.attributes[attribute] if attribute else message.value
        if pattern is None:
            raise MissingMessage(f"{message_id!r} has no text in the {self.lang.value} catalogue")
        text, errors = self._bundle.format_pattern(pattern, {k: str(v) for k, v in args.items()})
        if errors:
            raise ValueError(f"{message_id}: {errors[0]}")
        return str(text)

    def first(self, *message_ids: str, **args: Any) -> str | None:
        """The first of these ids the catalogue has, formatted; None when it has none of them."""
        for message_id in message_ids:
            if message_id in self:
                return self.get(message_id, **args)
        return None


def _variables(node: object) -> Iterator[str]:
    """Every $variable a pattern uses, however deeply placed."""
    if isinstance(node, ast.VariableReference):
        yield node.id.name
    elif isinstance(node, ast.BaseNode):
        for value in vars(node).values():
            for child in value if isinstance(value, list) else [value]:
                yield from _variables(child)


def message_variables(lang: Language) -> dict[str, frozenset[str]]:
    """Each message id (and "id.attribute") with the variables it uses: what the parity test compares."""
    out: dict[str, frozenset[str]] = {}
    for name, text in _locale_files(lang):
        for item in parse(text).body:
            if isinstance(item, ast.Junk):
                raise ValueError(f"unreadable Fluent in {lang.value}/{name}: {(item.content or '')[:60]!r}")
            if isinstance(item, ast.Message):
                out[item.id.name] = frozenset(_variables(item.value)) if item.value else frozenset()
                for attribute in item.attributes:
                    out[f"{item.id.name}.{attribute.id.name}"] = frozenset(_variables(attribute.value))
    return out


@functools.cache
def messages(lang: Language | str) -> Messages:
    """The catalogue of a language (or of a locale such as "zh-CN" or "en-US"), read once per process."""
    return Messages(lang if isinstance(lang, Language) else Language.parse(lang))
