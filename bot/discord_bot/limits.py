"""Discord's size limits, and shortening text to fit them at a sentence or line, never inside a link."""

import re

from bot.core.shorten import ELLIPSIS, shorten

CONTENT = 2000
EMBED_TITLE = 256
EMBED_DESCRIPTION = 4096
FIELD_NAME = 256
FIELD_VALUE = 1024
FOOTER = 2048
FIELDS = 25
EMBED_TOTAL = 6000
ACTION_ROWS = 5
BUTTON_LABEL = 80
SELECT_OPTIONS = 25
SELECT_LABEL = 100
SELECT_DESCRIPTION = 100
CHOICE_NAME = 100
CHOICES = 25
CUSTOM_ID = 100

_MENTION = re.compile(r"@(everyone|here)|<@[!&]?\d+>")


def defuse(text: str) -> str:
    """Text from users or moderators cannot ping or point at anyone: mentions get a zero-width joiner."""
    return _MENTION.sub(lambda m: m.group(0)[:1] + "\u200b" + m.group(0)[1:], text)


_ANY_MENTION = re.compile(_MENTION.pattern + r"|<#\d+>")  # and channels, which do not ping but are no words


def without_mentions(text: str) -> str:
    """A question as asked, without the pings in it: "@everyone" and "<@123>" say nothing about the subject
    ("everyone" would even be read as a word of the question)."""
    return " ".join(_ANY_MENTION.sub(" ", text).split())


def escape_user_text(text: str) -> str:
    """A user's own words, shown back: no formatting, no mentions, no masked links."""
    return re.sub(r"([\\*_~`|>\[\]()#-])", r"\\\1", defuse(text))


__all__ = ["ELLIPSIS", "defuse", "escape_user_text", "shorten", "without_mentions"]
