"""The custom ids of the answer components: built here for the renderer, matched here for the dynamic items,
so the two cannot drift apart and the renderer never needs the component classes."""

from bot.core.entry import ID_BODY

ENTRY = rf"(?P<entry>{ID_BODY})"
FULL = rf"kb:full:{ENTRY}"
VOTE = rf"kb:vote:{ENTRY}:(?P<value>up|down)"
RELATED = rf"kb:related:{ENTRY}"
SUGGEST = rf"kb:suggest:{ENTRY}"


def full(entry_id: str) -> str:
    return f"kb:full:{entry_id}"


def vote(entry_id: str, value: str) -> str:
    return f"kb:vote:{entry_id}:{value}"


def related(entry_id: str) -> str:
    return f"kb:related:{entry_id}"


def suggest(entry_id: str) -> str:
    return f"kb:suggest:{entry_id}"
