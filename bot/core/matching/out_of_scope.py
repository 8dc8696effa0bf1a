"""Near-miss questions kept as data: indexed beside the entries so that the neighbourhood declines itself."""

from functools import lru_cache
from importlib import resources

import yaml

from bot.core.matching.base import MatchDoc

OUT_OF_SCOPE_PREFIX = "out-of-scope:"


def parse_groups(text: str) -> tuple[MatchDoc, ...]:
    groups = yaml.safe_load(text) or []
    return tuple(
        MatchDoc(
            entry_id=OUT_OF_SCOPE_PREFIX + str(group["group"]),
            title="",
            aliases=(),
            questions=tuple(str(q) for q in group["phrasings"]),
            out_of_scope=True,
        )
        for group in groups
    )


@lru_cache(maxsize=1)
def shipped_out_of_scope() -> tuple[MatchDoc, ...]:
    """The groups shipped with the matcher (read once per process)."""
    text = resources.files("bot.core.matching").joinpath("out_of_scope.yaml").read_text(encoding="utf-8")
    return parse_groups(text)
