"""Composing an Answer from a match: the entry, its sides and citations, or the suggestions of a decline.

An Answer is structured data. Its sentences (the status line, the disclaimer, a decline's wording) are made in
either language by the presentation layer (bot.i18n.localized), never here. No Discord types here.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot.core.entry import Citation, Entry
from bot.core.matching.base import MatchResult

# Place names: data shown beside each side of a comparison (bot.i18n has their Chinese names).
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
    entry: Entry | None = None  # None: a decline
    citations: tuple[Citation, ...] = ()
    sides: tuple[SideView, ...] = ()
    suggestions: tuple[Suggestion, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The structured part of the `ask --format json` object; the presentation adds the texts a person
        reads (answer, disclaimer) in the answer's language."""
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
            "citations": [citation_json(c) for c in self.citations],
            "sides": [
                {"jurisdiction": s.jurisdiction, "text": s.text, "citations": [citation_json(c) for c in s.citations]}
                for s in self.sides
            ],
            "suggestions": [
                {"id": s.id, "title": s.title, "confidence": round(s.confidence, 4)} for s in self.suggestions
            ],
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
    return Answer(
        question=question,
        matched=True,
        confidence=match_confidence,
        entry=entry,
        citations=tuple(entry.citations),
        sides=sides,
    )


SUGGEST_AT = 0.2  # a decline offers only near misses: entries at least this likely to be right


def decline(question: str, result: MatchResult | None, entries: Mapping[str, Entry]) -> Answer:
    # A question only about places we have nothing on is declined for the place, not the subject: the
    # nearest entries elsewhere are worth offering even though none is likely to answer it.
    floor = 0.0 if result and result.only_uncovered_places else SUGGEST_AT
    suggestions = tuple(
        Suggestion(c.entry_id, entries[c.entry_id].title, c.confidence)
        # A question from another subject ("how do I bake bread") gets no rulings pressed on it.
        for c in (result.candidates if result and result.on_topic else ())
        if c.entry_id in entries and c.confidence >= floor
    )[:3]
    return Answer(
        question=question,
        matched=False,
        confidence=result.confidence if result else 0.0,
        suggestions=suggestions,
    )
