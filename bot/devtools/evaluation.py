"""Scoring the matcher on a question file: the figures the contract names, and every miss."""

import json
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.core.entry import Entry
from bot.core.matching.base import MatchResult
from bot.core.service import KnowledgeService
from bot.i18n.language import Language, choose_language, question_language
from bot.i18n.localized import localize

BINS = 10
CONFIDENT = 0.9  # an answer this sure must be right: a confident wrong answer is the worst failure


@dataclass(frozen=True)
class EvalQuestion:
    q: str
    expect: tuple[str, ...]
    kind: str
    lang: str = "en"


@dataclass
class EvalReport:
    total: int = 0
    on_topic: int = 0
    top1: int = 0
    top3: int = 0
    off_topic: int = 0
    declined_off_topic: int = 0
    false_declines: int = 0
    by_kind: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    misses: list[dict[str, Any]] = field(default_factory=list)
    missing_ids: list[str] = field(default_factory=list)
    # Every question's best candidate: (confidence, right). Off-topic questions are never right.
    outcomes: list[tuple[float, bool]] = field(default_factory=list)
    answered: int = 0
    wrong: int = 0  # answered, and not right (an off-topic question answered counts)
    # Per labelled language of the question: [answers shown in that language, answers].
    language: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))

    def reliability(self, bins: int = BINS) -> list[dict[str, Any]]:
        """How often the best candidate was right, per confidence bin (declined ones included)."""
        rows = []
        for b in range(bins):
            lo, hi = b / bins, (b + 1) / bins
            inside = [right for conf, right in self.outcomes if lo <= conf < hi or (b == bins - 1 and conf == 1.0)]
            rows.append(
                {
                    "bin": f"{lo:.1f}-{hi:.1f}",
                    "count": len(inside),
                    "right": sum(inside),
                    "accuracy": round(sum(inside) / len(inside), 4) if inside else None,
                }
            )
        return rows

    def wrong_at(self, confidence: float) -> int:
        return sum(1 for conf, right in self.outcomes if conf >= confidence and not right)

    def figures(self) -> dict[str, Any]:
        def ratio(a: int, b: int) -> float:
            return round(a / b, 4) if b else 0.0

        return {
            "questions": self.total,
            "top1": ratio(self.top1, self.on_topic),
            "top3": ratio(self.top3, self.on_topic),
            "decline_off_topic": ratio(self.declined_off_topic, self.off_topic),
            "false_declines": ratio(self.false_declines, self.on_topic),
            "by_kind": {k: ratio(v[0], v[1]) for k, v in sorted(self.by_kind.items())},
            "kind_counts": {k: v[1] for k, v in sorted(self.by_kind.items())},
            "answered": self.answered,
            "wrong": self.wrong,
            "wrong_at_90": self.wrong_at(CONFIDENT),
            "reliability": self.reliability(),
            "answered_in_language": {k: v for k, v in sorted(self.language.items())},
            "missing_ids": self.missing_ids,
            "misses": self.misses,
        }


def load_questions(path: Path) -> list[EvalQuestion]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            out.append(
                EvalQuestion(row["q"], tuple(row.get("expect") or ()), row.get("kind", "?"), row.get("lang", "en"))
            )
    return out


def is_right(entry_id: str, expect: tuple[str, ...], kind: str, entries: Mapping[str, Entry]) -> bool:
    """Right when an expected id is the entry, or (except for case look-ups) one the entry covers."""
    if entry_id in expect:
        return True
    entry = entries.get(entry_id)
    return kind != "case-lookup" and entry is not None and any(e in entry.covers for e in expect)


def _shown_language(service: KnowledgeService, question: str, result: MatchResult) -> Language | None:
    """The language the answer is shown in, read from its title and summary as a reader would."""
    shown = localize(service.answer(question, result), choose_language(question), service.entries)
    return question_language(f"{shown.title or ''} {shown.summary}")


def evaluate(service: KnowledgeService, questions: list[EvalQuestion]) -> EvalReport:
    report = EvalReport()
    known = set(service.entries)
    report.missing_ids = sorted({e for q in questions for e in q.expect} - known)
    for item in questions:
        report.total += 1
        result = service.match(item.q, limit=3)
        ids = [c.entry_id for c in result.candidates]
        answered = ids[0] if result.accepted and ids else None
        kind = report.by_kind[item.kind]
        kind[1] += 1
        best_right = bool(ids) and bool(item.expect) and is_right(ids[0], item.expect, item.kind, service.entries)
        report.outcomes.append((result.confidence, best_right))
        if answered is not None:
            report.answered += 1
            report.wrong += not best_right
            shown_in = report.language[item.lang]
            shown_in[0] += _shown_language(service, item.q, result) == Language.parse(item.lang)
            shown_in[1] += 1
        if not item.expect:
            report.off_topic += 1
            if answered is None:
                report.declined_off_topic += 1
                kind[0] += 1
            else:
                report.misses.append(
                    {"q": item.q, "kind": item.kind, "expect": [], "got": answered, "confidence": result.confidence}
                )
            continue
        report.on_topic += 1
        right1 = answered is not None and is_right(answered, item.expect, item.kind, service.entries)
        right3 = any(is_right(i, item.expect, item.kind, service.entries) for i in ids[:3])
        report.top1 += right1
        report.top3 += right3
        kind[0] += right1
        if answered is None:
            report.false_declines += 1
        if not right1:
            report.misses.append(
                {
                    "q": item.q,
                    "kind": item.kind,
                    "expect": list(item.expect),
                    "got": answered or "(declined)",
                    "top3": ids,
                    "confidence": result.confidence,
                }
            )
    return report
