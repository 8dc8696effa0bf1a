"""Composing an Answer from a match: text, sides, citations, disclaimer. No Discord types here."""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from bot.core.entry import Citation, Entry
from bot.core.matching.base import MatchResult
from bot.core.stale import days_unchecked, is_stale

DISCLAIMER = "General information about published rulings, not legal advice."
JURISDICTION_NAMES = {
    "CN": "China",
    "US": "United States",
    "UK": "United Kingdom",
    "EU": "European Union",
    "DE": "Germany",
    "CZ": "Czech Republic",
    "JP": "Japan",
    "IN": "India",
    "KR": "South Korea",
    "IT": "Italy",
}


@dataclass(frozen=True)
class Suggestion:
    id: str
    title: str
    confidence: float


@dataclass(frozen=True)
class SideView:
    jurisdiction: str
    name: str
    text: str
    citations: tuple[Citation, ...]


@dataclass(frozen=True)
class Answer:
    question: str
    matched: bool
    confidence: float
    text: str
    entry: Entry | None = None
    citations: tuple[Citation, ...] = ()
    sides: tuple[SideView, ...] = ()
    suggestions: tuple[Suggestion, ...] = ()
    disclaimer: str = DISCLAIMER
    extra: Mapping[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The `ask --format json` object of the command-line contract."""
        entry = self.entry
        return {
            "question": self.question,
            "matched": self.matched,
            "confidence": round(float(self.confidence), 4),
            "entry": None
            if entry is None
            else {
                "id": entry.id,
                "title": entry.title,
                "jurisdictions": list(entry.jurisdictions),
                "covers": list(entry.covers),
                "status": entry.status,
                "status_detail": entry.status_detail,
                "as_of": entry.as_of,
            },
            "answer": self.text,
            "citations": [citation_json(c) for c in self.citations],
            "sides": [
                {"jurisdiction": s.jurisdiction, "text": s.text, "citations": [citation_json(c) for c in s.citations]}
                for s in self.sides
            ],
            "suggestions": [
                {"id": s.id, "title": s.title, "confidence": round(s.confidence, 4)} for s in self.suggestions
            ],
            "disclaimer": self.disclaimer,
        }


def citation_json(citation: Citation) -> dict[str, Any]:
    return {
        "title": citation.title,
        "court": citation.court,
        "date": citation.date,
        "docket": citation.docket,
        "reporter": citation.reporter,
        "url": citation.url,
    }


def citation_line(citation: Citation) -> str:
    """One line a person can check: title, court, date, number, link."""
    parts = [citation.title, citation.court, citation.when]
    parts += [x for x in (_docket_shown(citation), citation.reporter) if x]
    return f"{', '.join(parts)}. {citation.url}"


def _docket_shown(citation: Citation) -> str | None:
    """A docket that merely repeats the title (a report named by its title, a case by its number) or the
    reporter citation is left out."""
    docket, title = (citation.docket or "").casefold(), citation.title.casefold()
    repeats = docket in title or title in docket or docket == (citation.reporter or "").casefold()
    return None if not docket or repeats else citation.docket


def status_line(entry: Entry, today: dt.date | None = None) -> str:
    """The state of the matter in one line; an open one says what is open, and warns when unchecked for long."""
    if entry.is_topic:
        return f"Overview, facts checked as of {entry.as_of}."
    today = today or dt.date.today()
    if is_stale(entry, today):
        line = (
            f"Status: {entry.status}, last checked {entry.as_of} ({days_unchecked(entry, today)} days ago),"
            " so it may have moved on since."
        )
    else:
        line = f"Status: {entry.status} (as of {entry.as_of})."
    if entry.status_detail:
        line += " " + entry.status_detail.rstrip(".") + "."
    return line


def _citations_for(entry: Entry, ids: list[str], entries: Mapping[str, Entry]) -> tuple[Citation, ...]:
    """A side's backing: the entry's own citations for those ids, or else the cited entries' first ones."""
    found: list[Citation] = []
    for ref in ids:
        own = [c for c in entry.citations if c.ref == ref]
        if own:
            found.extend(own[:1])
        elif ref in entries:
            found.extend(entries[ref].citations[:1])
    return tuple(found)


def compose(entry: Entry, match_confidence: float, question: str, entries: Mapping[str, Entry]) -> Answer:
    sides = tuple(
        SideView(
            jurisdiction=side.jurisdiction,
            name=JURISDICTION_NAMES.get(side.jurisdiction, side.jurisdiction),
            text=side.text,
            citations=_citations_for(entry, side.cites, entries),
        )
        for side in entry.sides
    )
    text = f"{entry.summary}\n\n{status_line(entry)} {DISCLAIMER}"
    return Answer(
        question=question,
        matched=True,
        confidence=match_confidence,
        text=text,
        entry=entry,
        citations=tuple(entry.citations),
        sides=sides,
    )


SUGGEST_AT = 0.2  # a decline offers only near misses: entries at least this likely to be right


def decline(question: str, result: MatchResult | None, entries: Mapping[str, Entry], reason: str = "") -> Answer:
    # A question only about places we have nothing on is declined for the place, not the subject: the
    # nearest entries elsewhere are worth offering even though none is likely to answer it.
    floor = 0.0 if result and result.only_uncovered_places else SUGGEST_AT
    suggestions = tuple(
        Suggestion(c.entry_id, entries[c.entry_id].title, c.confidence)
        # A question from another subject ("how do I bake bread") gets no rulings pressed on it.
        for c in (result.candidates if result and result.on_topic else ())
        if c.entry_id in entries and c.confidence >= floor
    )[:3]
    text = reason or (
        "I don't have a reliable answer to that in my knowledge base of AI and copyright rulings, so I won't guess."
    )
    did_you_mean = " Did you mean: " + "; ".join(s.title for s in suggestions) + "?" if suggestions else ""
    return Answer(
        question=question,
        matched=False,
        confidence=result.confidence if result else 0.0,
        text=f"{text}{did_you_mean} ({DISCLAIMER})",
        suggestions=suggestions,
        # Where suggestions are listed on their own (the terminal), the sentence naming them is left out.
        extra={"did_you_mean": did_you_mean},
    )
