"""Cutting text to a length at a sentence or line end, never inside a link: for summaries and Discord alike."""

import re

ELLIPSIS = "…"
_LINK = re.compile(r"\[[^\]\n]*\]\(<?https?://[^)\s]*>?\)|<?https?://\S+")
_SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s+|\n")


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
