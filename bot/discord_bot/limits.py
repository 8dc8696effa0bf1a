"""Discord's size limits, and shortening text to fit them at a sentence or line, never inside a link."""

import re

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

ELLIPSIS = "…"
_LINK = re.compile(r"\[[^\]\n]*\]\(<?https?://[^)\s]*>?\)|<?https?://\S+")
_SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s+|\n")
_MENTION = re.compile(r"@(everyone|here)|<@[!&]?\d+>")


def defuse(text: str) -> str:
    """Text from users or moderators cannot ping or point at anyone: mentions get a zero-width joiner."""
    return _MENTION.sub(lambda m: m.group(0)[:1] + "\u200b" + m.group(0)[1:], text)


def escape_user_text(text: str) -> str:
    """A user's own words, shown back: no formatting, no mentions, no masked links."""
    return re.sub(r"([\\*_~`|>\[\]()#-])", r"\\\1", defuse(text))


def shorten(text: str, limit: int) -> str:
    """Cut to at most `limit` characters at the last sentence or line end that fits, never inside a link.

    Falls back to a word boundary, then a hard cut, for text without such breaks.
    """
    if len(text) <= limit:
        return text
    if limit <= len(ELLIPSIS):
        return text[:limit]
    room = limit - len(ELLIPSIS)
    links = [(m.start(), m.end()) for m in _LINK.finditer(text)]

    def safe(pos: int) -> int:
        for start, end in links:
            if start < pos < end:
                return start
        return pos

    cut = 0
    for match in _SENTENCE_END.finditer(text, 0, room + 1):
        if match.start() <= room:
            cut = match.start()
    if cut < room // 3:
        space = text.rfind(" ", 0, room + 1)
        cut = space if space > room // 3 else room
    cut = safe(cut)
    return text[:cut].rstrip() + ELLIPSIS
