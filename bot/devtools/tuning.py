"""Choosing the matcher's ranking weights on data we make ourselves: each stored phrasing held out in turn (the
folds of calibration.py) must find its own entry. A coordinate search: one weight at a time, a few multiples,
kept when the share found first rises by more than noise. No evaluation file is read."""

from collections.abc import Callable, Sequence
from dataclasses import replace

from bot.core.entry import Entry
from bot.core.matching.weighted import Weights
from bot.devtools.calibration import found_first, held_out_rows

TUNED = (
    "coverage",
    "phrase",
    "alias",
    "foreign_jurisdiction",
    "partial_places",
    "unplaced",
    "specific",
    "place_word",
    "country",
)
FACTORS = (0.7, 0.85, 1.15, 1.3)
FACTOR_NAMES = {"foreign_jurisdiction", "partial_places", "unplaced"}  # multipliers: at most 1
NOISE = 0.0015  # about two or three held-out phrasings in a thousand


def own_first(entries: Sequence[Entry], weights: Weights) -> float:
    """The share of held-out stored phrasings whose best answer is their own entry (or one covering it)."""
    return found_first(held_out_rows(entries, weights=weights))


def tune(
    entries: Sequence[Entry], start: Weights, say: Callable[[str], None] = print, names: Sequence[str] = TUNED
) -> Weights:
    weights, best = start, own_first(entries, start)
    say(f"start: own entry first {best:.4f}")
    for name in names:
        value = getattr(weights, name)
        for factor in FACTORS:
            tried = round(value * factor, 4)
            if name in FACTOR_NAMES and tried > 1:
                continue
            score = own_first(entries, replace(weights, **{name: tried}))
            if score > best + NOISE:
                weights, best = replace(weights, **{name: tried}), score
                say(f"  {name} {value} -> {tried}: {best:.4f}")
    return weights
