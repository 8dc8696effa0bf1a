"""Confidence as the probability of being right: a logistic model over the matcher's evidence.

The coefficients are fitted by `python -m bot calibrate` on data we make ourselves (each stored
phrasing held out in turn and matched against the rest, plus the out-of-scope phrasings), never on
evaluation questions, and committed as calibration.json beside this module.
"""

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

# The evidence for one candidate answer, in this order (see WeightedMatcher.match):
FEATURES = (
    "score",  # the ranking score: coverage, names and phrase likeness, with the jurisdiction factors
    "phrase",  # best whole-phrase likeness to one of the entry's phrasings (0..1)
    "coverage",  # share of the question's rare-word weight the entry holds
    "names",  # how fully the question names the entry (title or alias)
    "specificity",  # how much telling weight the entry matched (common words only: low)
    "margin",  # score minus the best rival's (an entry it covers, or that covers it, is no rival)
    "scope_gap",  # score minus the best out-of-scope group's score
    "known",  # share of the question's weight in words the knowledge base itself uses
    "place_mismatch",  # the question names places and the entry is about none of them
    "scope_phrase_gap",  # phrase likeness minus the best out-of-scope group's
    "tied",  # 1 when a rival scores as well, falling fast with the margin: two answers that fit equally
    "ai_side",  # 1 when the question names the AI side of the subject (see text.subject_sides)
    "law_side",  # 1 when it names the legal side: a near miss usually names one side or neither
)


@dataclass(frozen=True)
class Calibration:
    intercept: float
    coefficients: tuple[float, ...]

    def probability(self, features: np.ndarray) -> np.ndarray:
        """P(right) for each row of `features` (columns in FEATURES order)."""
        z = features @ np.asarray(self.coefficients, dtype=np.float64) + self.intercept
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30.0, 30.0)))

    def to_json(self) -> str:
        return (
            json.dumps(
                {
                    "intercept": round(self.intercept, 6),
                    "coefficients": dict(zip(FEATURES, [round(c, 6) for c in self.coefficients], strict=True)),
                },
                indent=2,
            )
            + "\n"
        )

    @classmethod
    def from_json(cls, text: str) -> "Calibration":
        data = json.loads(text)
        coefficients = data["coefficients"]
        return cls(float(data["intercept"]), tuple(float(coefficients.get(name, 0.0)) for name in FEATURES))


@lru_cache(maxsize=1)
def shipped_calibration() -> Calibration:
    text = resources.files("bot.core.matching").joinpath("calibration.json").read_text(encoding="utf-8")
    return Calibration.from_json(text)


def fit_logistic(
    features: np.ndarray, labels: np.ndarray, l2: float = 0.01, steps: int = 50, weights: np.ndarray | None = None
) -> Calibration:
    """Maximum likelihood with a small ridge (Newton's method): a handful of features, a few thousand rows;
    `weights` per row (default 1)."""
    x = np.hstack([np.ones((len(features), 1)), features.astype(np.float64)])
    y = labels.astype(np.float64)
    r = np.ones(len(y)) if weights is None else weights.astype(np.float64)
    w = np.zeros(x.shape[1])
    ridge = np.full(x.shape[1], l2 * float(r.sum()))
    ridge[0] = 0.0  # the intercept is not shrunk
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w, -30.0, 30.0)))
        gradient = x.T @ (r * (p - y)) + ridge * w
        hessian = (x * (r * p * (1 - p))[:, None]).T @ x + np.diag(ridge)
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if float(np.abs(step).max()) < 1e-8:
            break
    return Calibration(float(w[0]), tuple(float(c) for c in w[1:]))


def log_loss(probabilities: np.ndarray, labels: np.ndarray) -> float:
    p = np.clip(probabilities, 1e-9, 1 - 1e-9)
    return float(-np.mean(labels * np.log(p) + (1 - labels) * np.log(1 - p)))


def logit(p: float) -> float:
    return math.log(p / (1 - p))
