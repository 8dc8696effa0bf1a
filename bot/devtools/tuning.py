"""Choosing the matcher's ranking weights on data we make ourselves: each stored phrasing held out in turn (the
folds of calibration.py) must find its own entry. A coordinate search: one weight at a time, a few multiples,
kept when the share found first rises by more than noise. No evaluation file is read."""

from collections.abc import Callable, Sequence
from dataclasses import replace

from bot.core.entry import Entry
from bot.core.matching.base import MatchDoc
from bot.core.matching.out_of_scope import shipped_out_of_scope
from bot.core.matching.weighted import WeightedMatcher, Weights
from bot.devtools.calibration import FOLDS, NEUTRAL, _fold, _without

TUNED = ("coverage", "phrase", "alias", "foreign_jurisdiction", "partial_places", "unplaced", "specific", "place_word")
FACTORS = (0.7, 0.85, 1.15, 1.3)
FACTOR_NAMES = {"foreign_jurisdiction", "partial_places", "unplaced"}  # multipliers: at most 1
NOISE = 0.0015  # about two or three held-out phrasings in a thousand


def own_first(entries: Sequence[Entry], weights: Weights) -> float:
    """The share of held-out stored phrasings whose best answer is their own entry (or one covering it)."""
    docs = [MatchDoc.from_entry(e) for e in entries]
    covers = {e.id: set(e.covers) for e in entries}
    scope = shipped_out_of_scope()
    right = total = 0
    for fold in range(FOLDS):
        matcher = WeightedMatcher(weights, out_of_scope=[_without(d, fold) for d in scope], calibration=NEUTRAL)
        matcher.build([_without(d, fold) for d in docs])
        for doc in docs:
            for i, question in enumerate(doc.questions):
                if _fold(doc.entry_id, i) != fold:
                    continue
                total += 1
                best = matcher.match(question, limit=1).best
                found = best.entry_id if best else ""
                right += found == doc.entry_id or doc.entry_id in covers.get(found, ()) or found in covers[doc.entry_id]
    return right / max(total, 1)


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
