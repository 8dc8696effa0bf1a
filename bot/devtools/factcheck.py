"""Cross-checking entries against the verified fact sheet: court, date, docket and link."""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot.core.entry import Citation, Entry


@dataclass(frozen=True)
class FactDifference:
    entry_id: str
    field: str
    ours: str | None
    theirs: str | None
    explained: str | None = None

    def __str__(self) -> str:
        text = f"{self.entry_id}: {self.field}: knowledge has {self.ours!r}, fact sheet has {self.theirs!r}"
        return f"{text} (explained: {self.explained})" if self.explained else text


class FactSheetError(ValueError):
    """The file cannot be used as a fact sheet; the message is one sentence naming it."""


FACT_FIELDS = ("court_or_body", "date", "docket")
SHAPE = "a YAML list of items with id, court_or_body, date and docket, like ../shared/reference/rulings.yaml"


def load_fact_sheet(path: Path) -> dict[str, dict[str, Any]]:
    """Refuses anything that is not a fact sheet, so a wrong file is never reported as 'no differences'."""
    try:
        items = yaml.safe_load(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise FactSheetError(f"{path} is not a text file, so not a fact sheet ({SHAPE})") from None
    except OSError as exc:
        raise FactSheetError(f"cannot read fact sheet {path}: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        raise FactSheetError(f"{path} is not valid YAML, so not a fact sheet: {str(exc).splitlines()[0]}") from None
    usable = isinstance(items, list) and items and all(isinstance(i, dict) and "id" in i for i in items)
    if not usable or not any(field in item for item in items for field in FACT_FIELDS):
        raise FactSheetError(f"{path} is not a fact sheet: expected {SHAPE}")
    return {str(item["id"]): item for item in items}


def _squash(text: object) -> str:
    return re.sub(r"\s+", " ", str(text)).strip().casefold()


def _same_url(ours: str, theirs: str) -> bool:
    """An https form of the fact sheet's http link is the same address."""
    strip = re.compile(r"^https?://")
    return strip.sub("", ours.rstrip("/")) == strip.sub("", theirs.rstrip("/"))


def _part_of(ours: str | None, *sources: object) -> bool:
    return ours is not None and any(s and _squash(ours) in _squash(s) for s in sources)


def _check(
    entry_id: str,
    label: str,
    court: str | None,
    date: str | None,
    docket: str | None,
    fact: Mapping[str, Any],
    notes: Mapping[str, str],
) -> Iterable[FactDifference]:
    theirs_court = fact.get("court_or_body")
    if court is not None and not _part_of(court, theirs_court):
        yield FactDifference(entry_id, f"{label}court", court, theirs_court, notes.get("court"))
    theirs_date = fact.get("date")
    theirs_date = str(theirs_date) if theirs_date is not None else None
    if date != theirs_date:
        yield FactDifference(entry_id, f"{label}date", date, theirs_date, notes.get("date"))
    fact_docket, reporter = fact.get("docket"), fact.get("reporter_citation")
    if docket is not None and not _part_of(docket, fact_docket, reporter):
        yield FactDifference(entry_id, f"{label}docket", docket, fact_docket, notes.get("docket"))
    if docket is None and (fact_docket or reporter):
        yield FactDifference(entry_id, f"{label}docket", None, fact_docket or reporter, notes.get("docket"))


def compare_entry(entry: Entry, facts: Mapping[str, Mapping[str, Any]]) -> list[FactDifference]:
    notes = entry.fact_notes
    found: list[FactDifference] = []
    fact = facts.get(entry.id)
    if fact is not None:
        found += _check(entry.id, "", entry.court, entry.date, entry.docket, fact, notes)
    for index, citation in enumerate(entry.citations):
        if citation.ref is None or citation.ref not in facts:
            continue
        found += _citation_differences(entry.id, index, citation, facts[citation.ref], notes)
    return found


def _citation_differences(
    entry_id: str, index: int, citation: Citation, fact: Mapping[str, Any], notes: Mapping[str, str]
) -> list[FactDifference]:
    label = f"citations.{index}({citation.ref})."
    found = [
        d
        for d in _check(entry_id, label, citation.court, citation.date, citation.docket, fact, notes)
        # A citation may omit a number the item has (e.g. a topic citing a statute); it must not contradict it.
        if not (d.field.endswith("docket") and d.ours is None)
    ]
    reporter = fact.get("reporter_citation")
    if citation.reporter is not None and not _part_of(citation.reporter, reporter):
        found.append(FactDifference(entry_id, f"{label}reporter", citation.reporter, reporter, notes.get("reporter")))
    theirs_url = str(fact.get("citation_url") or "")
    if not _same_url(citation.url, theirs_url):
        found.append(FactDifference(entry_id, f"{label}url", citation.url, theirs_url, notes.get("url")))
    return found


def check_facts(
    entries: Iterable[Entry], facts: Mapping[str, Mapping[str, Any]]
) -> tuple[list[FactDifference], list[str]]:
    """All differences, and the fact-sheet ids that have no entry."""
    entries = list(entries)
    differences = [d for e in entries for d in compare_entry(e, facts)]
    missing = sorted(set(facts) - {e.id for e in entries})
    return differences, missing
