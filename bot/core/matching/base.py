"""The matcher interface: the service depends on this, so a matcher can be replaced without touching it."""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from bot.core.entry import Entry


@dataclass(frozen=True, slots=True)
class MatchDoc:
    """What a matcher needs of an entry: its names, its phrasings and where it applies."""

    entry_id: str
    title: str
    aliases: tuple[str, ...]
    questions: tuple[str, ...]
    summary: tuple[str, ...] = ()  # the summaries (English and Chinese): weaker evidence than names and phrasings
    body: tuple[str, ...] = ()  # facts people describe without naming the case
    jurisdictions: tuple[str, ...] = ()
    is_topic: bool = False
    date: str | None = None  # YYYY, YYYY-MM or YYYY-MM-DD: "the January 2025 report" points at it
    covers: tuple[str, ...] = ()  # items the entry answers for: an entry and one it covers are not rivals
    out_of_scope: bool = False  # a group of near-miss questions the knowledge base does not answer
    # The phrasings are not held here but asked of the matcher's phrase source when needed (a large knowledge
    # base keeps them only in its packed entries).
    phrasings_elsewhere: bool = False
    numbers: tuple[str, ...] = ()  # its docket and reporter numbers, matched as names (see _numbers)

    @classmethod
    def from_entry(cls, entry: Entry) -> "MatchDoc":
        return cls.from_data({name: getattr(entry, name) for name in DOC_FIELDS})

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> "MatchDoc":
        """From an entry's stored data (a large knowledge base is indexed from its rows, unvalidated)."""
        names = (data["title_zh"],) if data.get("title_zh") else ()
        summary_zh = data.get("summary_zh")
        return cls(
            entry_id=data["id"],
            title=data["title"],
            aliases=tuple(data["aliases"]) + names,
            questions=tuple(data["questions"]),
            summary=(data["summary"], summary_zh) if summary_zh else (data["summary"],),
            body=(data["body"],),
            jurisdictions=tuple(data["jurisdictions"]),
            is_topic=data["kind"] == "topic",
            date=data.get("date"),
            covers=tuple(data["covers"]),
            numbers=_numbers(data),
        )


def _numbers(data: Mapping[str, Any]) -> tuple[str, ...]:
    """The numbers of the entry's own docket numbers and reporter citations ("23 5233" of "D.C. Cir. No.
    23-5233"), matched as names: people look a case up by them, and only the numbers tell one court's case
    from another's. Not those of citations that point at other entries (a topic cites the cases it is about)."""
    own = [data.get("docket")]
    for citation in data.get("citations") or ():
        get = citation.get if isinstance(citation, Mapping) else lambda name, c=citation: getattr(c, name, None)
        if get("ref") in (None, data["id"]):
            own += [get("docket"), get("reporter")]
    numbers = []
    for text in filter(None, own):
        # Years and single digits say little (a question's "2025" is a date, not a docket).
        kept = [n for n in _DIGITS.findall(text) if len(n) > 1 and not _YEAR.fullmatch(n)]
        if kept:
            numbers.append(" ".join(kept))
    return tuple(dict.fromkeys(numbers))


_DIGITS = re.compile(r"\d+")
_YEAR = re.compile(r"(?:19|20)\d\d")


# What a doc is made of (from an entry or its stored data).
DOC_FIELDS = {
    "docket",
    "citations",
    "id",
    "title",
    "title_zh",
    "aliases",
    "questions",
    "summary",
    "summary_zh",
    "body",
    "jurisdictions",
    "kind",
    "date",
    "covers",
}


@dataclass(frozen=True)
class Candidate:
    entry_id: str
    confidence: float
    score: float
    evidence: str = ""
    features: tuple[float, ...] = ()  # what the confidence was computed from (see confidence.FEATURES)


@dataclass(frozen=True)
class MatchResult:
    """Ranked candidates; `accepted` says whether the best one is good enough to answer with."""

    question: str
    candidates: tuple[Candidate, ...]
    accepted: bool
    comparison: bool = False
    jurisdictions: frozenset[str] = field(default_factory=frozenset)
    # The question is of this subject (its words are the entries' words) and no out-of-scope group explains it
    # better: near misses are worth offering.
    on_topic: bool = True

    @property
    def best(self) -> Candidate | None:
        return self.candidates[0] if self.candidates else None

    @property
    def only_uncovered_places(self) -> bool:
        """The question names places, and only ones no entry is about: declined for the place, not the subject."""
        return self.jurisdictions == {"OTHER"}

    @property
    def confidence(self) -> float:
        return self.candidates[0].confidence if self.candidates else 0.0


class Matcher(Protocol):
    def build(self, docs: Sequence[MatchDoc]) -> None: ...

    def match(self, question: str, limit: int = 3) -> MatchResult: ...

    def names(self, prefix: str, limit: int = 25) -> list[tuple[str, str]]:
        """(entry id, display name) pairs for autocomplete."""
        ...
