"""Fitting the matcher's confidence on data we make ourselves, and measuring how honest it is.

Every stored phrasing is held out in turn (k folds: the phrasing is removed from its entry, the
index is built without it, and the phrasing is asked): it must find its own entry. The out-of-scope
phrasings are held out the same way and must find nothing. The matcher's evidence for its best
answer and whether that answer was right are the rows of a logistic fit. No evaluation file is read.
"""

import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from bot.core.entry import Entry
from bot.core.matching.base import MatchDoc
from bot.core.matching.confidence import FEATURES, Calibration, fit_logistic, log_loss
from bot.core.matching.out_of_scope import shipped_out_of_scope
from bot.core.matching.text import JURISDICTION_CUES, excluded_places, jurisdictions_in, normalise
from bot.core.matching.weighted import WeightedMatcher, Weights

FOLDS = 10  # a tenth of the phrasings held out at a time: entries nearly as full as when serving
OUT_OF_SCOPE_SHARE = 0.1  # about one question in ten from the neighbourhood (the dev set has 10 of 107)
NEUTRAL = Calibration(0.0, (0.0,) * len(FEATURES))  # features only; the fit sets the real values


@dataclass(frozen=True)
class HeldOutRows:
    features: np.ndarray  # one row per held-out phrasing: the evidence for the matcher's best answer
    labels: np.ndarray  # 1 where that answer was right
    out_of_scope: np.ndarray  # True where the phrasing came from an out-of-scope group
    moved: np.ndarray  # True where the phrasing was moved to another place


def _fold(key: str, i: int) -> int:
    return (zlib.crc32(key.encode()) + i) % FOLDS


def _without(doc: MatchDoc, fold: int) -> MatchDoc:
    kept = tuple(q for i, q in enumerate(doc.questions) if _fold(doc.entry_id, i) != fold)
    return replace(doc, questions=kept)


# Another covered place to move a question to (English, Chinese).
ELSEWHERE = {"CN": ("japan", "日本")}
DEFAULT_ELSEWHERE = ("china", "中国")


def elsewhere(question: str) -> list[tuple[str, str]]:
    """The question with its first place name replaced by another place the knowledge base covers."""
    norm = normalise(question)
    if excluded_places(norm):
        return []  # "outside America" moved to "outside China" still asks about other places: no label to give
    found = [(code, cue) for code, cues in JURISDICTION_CUES.items() if code != "OTHER" for cue in cues]
    for code, cue in found:
        pattern = re.compile(rf"\b{re.escape(cue)}\b", re.IGNORECASE) if cue.isascii() else re.compile(re.escape(cue))
        if not pattern.search(question) or cue not in norm:
            continue
        latin = 0 if cue.isascii() else 1
        # Uncovered places are declined outright (see WeightedMatcher.match), so only covered ones teach.
        swaps = [(ELSEWHERE.get(code, DEFAULT_ELSEWHERE)[latin], "JP" if code == "CN" else "CN")]
        moved = [(pattern.sub(new, question, count=1), place) for new, place in swaps]
        # Only questions now about the new place alone: "canada vs us" is still partly about the US.
        return [(text, place) for text, place in moved if jurisdictions_in(text, normalise(text)) == {place}]
    return []


def held_out_rows(
    entries: Sequence[Entry], out_of_scope: Sequence[MatchDoc] | None = None, weights: Weights | None = None
) -> HeldOutRows:
    """`weights`: rank with these instead of the shipped ones (the weight search, tuning.py)."""
    docs = [MatchDoc.from_entry(e) for e in entries]
    scope = list(shipped_out_of_scope() if out_of_scope is None else out_of_scope)
    covers = {e.id: set(e.covers) for e in entries}
    places = {e.id: set(e.jurisdictions) for e in entries}
    features, labels, is_scope, is_moved = [], [], [], []
    for fold in range(FOLDS):
        matcher = WeightedMatcher(weights, out_of_scope=[_without(d, fold) for d in scope], calibration=NEUTRAL)
        matcher.build([_without(d, fold) for d in docs])
        for doc in (*docs, *scope):
            for i, question in enumerate(doc.questions):
                if _fold(doc.entry_id, i) != fold:
                    continue
                best = matcher.match(question, limit=1).best
                if best is None:
                    continue
                # Right: its own entry, one that covers it, or (for a topic) a ruling the topic is about.
                right = not doc.out_of_scope and (
                    best.entry_id == doc.entry_id
                    or doc.entry_id in covers.get(best.entry_id, ())
                    or best.entry_id in covers.get(doc.entry_id, ())
                )
                features.append(best.features)
                labels.append(1.0 if right else 0.0)
                is_scope.append(doc.out_of_scope)
                is_moved.append(False)
                # The same question about another place: an answer about none of its places is wrong.
                for variant, place in elsewhere(question):
                    moved = matcher.match(variant, limit=1).best
                    if moved is None or place in places.get(moved.entry_id, ()):
                        continue  # about the new place: right or wrong, we cannot tell
                    features.append(moved.features)
                    labels.append(0.0)
                    is_scope.append(False)
                    is_moved.append(True)
    return HeldOutRows(
        np.array(features, dtype=np.float64).reshape(len(features), len(FEATURES)),
        np.array(labels),
        np.array(is_scope, dtype=bool),
        np.array(is_moved, dtype=bool),
    )


@dataclass(frozen=True)
class FitReport:
    calibration: Calibration
    rows: int
    top1: float  # held-out phrasings of entries whose best answer is their own entry
    log_loss: float
    answered_wrong: int  # rows at or above 0.5 that were wrong
    wrong_at_90: int


def fit(entries: Sequence[Entry], out_of_scope: Sequence[MatchDoc] | None = None) -> FitReport:
    return fit_rows(held_out_rows(entries, out_of_scope))


def row_weights(rows: HeldOutRows) -> np.ndarray:
    """The out-of-scope rows weigh OUT_OF_SCOPE_SHARE of the fit together, however many phrasings the groups hold:
    the share of near misses among the questions is a prior, not a count of how many we wrote down (more of
    them should teach what a near miss looks like, not make every answer less likely)."""
    weights = np.ones(len(rows.labels))
    scope, rest = int(rows.out_of_scope.sum()), int((~rows.out_of_scope).sum())
    if scope and rest:
        weights[rows.out_of_scope] = OUT_OF_SCOPE_SHARE * rest / ((1 - OUT_OF_SCOPE_SHARE) * scope)
    return weights


def found_first(rows: HeldOutRows) -> float:
    """The share of held-out stored phrasings (not near misses, not moved ones) whose best answer was right."""
    real = ~rows.out_of_scope & ~rows.moved
    return float(rows.labels[real].mean()) if real.any() else 0.0


def fit_rows(rows: HeldOutRows) -> FitReport:
    calibration = fit_logistic(rows.features, rows.labels, weights=row_weights(rows))
    p = calibration.probability(rows.features)
    return FitReport(
        calibration=calibration,
        rows=len(rows.labels),
        top1=found_first(rows),
        log_loss=log_loss(p, rows.labels),
        answered_wrong=int(((p >= 0.5) & (rows.labels == 0)).sum()),
        wrong_at_90=int(((p >= 0.9) & (rows.labels == 0)).sum()),
    )
