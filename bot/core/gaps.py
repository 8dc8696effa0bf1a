"""What people asked that the bot could not answer well: grouped when similar, most asked first."""

from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from bot.core.matching.text import normalise
from bot.core.storage.community import Gap

SIMILAR = 80  # token_set_ratio at which two questions count as the same gap
GROUP_CHARS = 300  # grouping compares the opening of each question: bounded work for long spam


@dataclass
class GapGroup:
    example: str
    count: int
    servers: int
    last_asked: str
    variants: list[str]


def group_gaps(gaps: Sequence[Gap], limit: int = 25) -> list[GapGroup]:
    groups: list[tuple[str, list[Gap]]] = []
    for gap in sorted(gaps, key=lambda g: g.created_at, reverse=True):
        key = normalise(gap.text[:GROUP_CHARS])
        for norm, members in groups:
            if fuzz.token_set_ratio(key, norm) >= SIMILAR:
                members.append(gap)
                break
        else:
            groups.append((key, [gap]))
    out = [
        GapGroup(
            example=members[0].text,
            count=len(members),
            servers=len({m.guild_id for m in members}),
            last_asked=members[0].created_at.strftime("%Y-%m-%d"),
            variants=list(dict.fromkeys(m.text for m in members))[:5],
        )
        for _, members in groups
    ]
    out.sort(key=lambda g: (-g.count, g.last_asked), reverse=False)
    return out[:limit]
