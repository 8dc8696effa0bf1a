"""Entries and changes drafted from form fields: a new entry's defaults, the citation line, the summary.

Every front end that takes an entry as typed text (the /kb forms, /kb cite add) drafts it here, so the
rules are the same wherever the text comes from; the editor then checks the draft like any other change.
"""

import datetime as dt
import re
from typing import Any

from bot.core.editing import EditRejected
from bot.core.entry import ID_PATTERN, SUMMARY_MAX, Entry, alias_key, new_status
from bot.core.shorten import shorten

CITATION_LINE = "court | date | docket | url"
NO_DOCKET = ("", "-")
_ID = re.compile(ID_PATTERN)


def is_entry_id(text: str) -> bool:
    return bool(_ID.match(text))


def citation(title: str, court: str, date: str, docket: str, url: str) -> dict[str, Any]:
    """A citation mapping; a docket of '-' (or nothing) means none."""
    return {"title": title, "court": court, "date": date, "docket": None if docket in NO_DOCKET else docket, "url": url}


def parse_citation(line: str, title: str) -> dict[str, Any]:
    """`court | date | docket | url` -> a citation mapping."""
    parts = [p.strip() for p in line.split("|")]
    if len(parts) != 4:
        raise EditRejected([f"citation: write it as  {CITATION_LINE}  (docket may be '-')"])
    return citation(title, *parts)


def lines_of(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def summary_from(body: str) -> str:
    """The first paragraph, on one line, cut to the summary's length."""
    return shorten(" ".join(body.strip().split("\n\n")[0].split()), SUMMARY_MAX)


def parse_header(header: str) -> tuple[str, str, str]:
    """`id | jurisdiction | kind` (the first line of the form opened from /kb gaps)."""
    parts = [p.strip() for p in header.split("|")]
    if len(parts) != 3:
        raise EditRejected(["first line: write it as  id | jurisdiction | kind  (e.g. us-new-case | US | judgment)"])
    return parts[0].lower(), parts[1].upper(), parts[2].lower()


def new_entry(
    entry_id: str,
    jurisdiction: str,
    kind: str,
    *,
    title: str,
    summary: str,
    body: str,
    questions: str,
    citation_line: str,
    today: dt.date | None = None,
) -> dict[str, Any]:
    """A new entry's fields: the court, date and docket from its one source, checked today, covering itself."""
    today = today or dt.date.today()
    cite = parse_citation(citation_line, title)
    return {
        "id": entry_id,
        "kind": kind,
        "title": title,
        "jurisdictions": [jurisdiction],
        "court": cite["court"],
        "date": cite["date"],
        "docket": cite["docket"],
        **new_status(kind, today),
        "as_of": today.isoformat(),
        "summary": summary or summary_from(body),
        "body": body.strip(),
        "citations": [cite],
        "questions": lines_of(questions),
        "covers": [entry_id],
        "related": [],
    }


def citations_plus(entry: Entry, court: str, date: str, docket: str, url: str) -> dict[str, Any]:
    """The change that adds one citation (titled like the entry)."""
    return {
        "citations": [c.model_dump(mode="json") for c in entry.citations]
        + [citation(entry.title, court, date, docket, url)]
    }


def citations_without(entry: Entry, number: int) -> dict[str, Any]:
    """The change that removes citation `number` (1 = the first)."""
    return {"citations": [c.model_dump(mode="json") for i, c in enumerate(entry.citations, 1) if i != number]}


def aliases_without(entry: Entry, text: str) -> dict[str, Any]:
    """The change that removes an alias, matched as aliases are everywhere (alias_key)."""
    key = alias_key(text)
    return {"aliases": [a for a in entry.aliases if alias_key(a) != key]}


def questions_without(entry: Entry, text: str) -> dict[str, Any]:
    key = text.strip().casefold()
    return {"questions": [q for q in entry.questions if q.casefold() != key]}
