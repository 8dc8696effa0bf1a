"""What the timeline shows: each ruling or document with its date, row and outcome, taken from the entries."""

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from bot.core.entry import OUTCOMES, Entry

ROWS = ("cn", "us", "other")
DOCUMENT_KINDS = frozenset({"statute", "regulation", "report", "guidance", "standard"})
UNMARKED = "other"  # an entry without an outcome: a document, or a ruling nobody has marked yet
_PARTIAL = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$")


@dataclass(frozen=True)
class TimelineItem:
    id: str
    date: str
    row: str
    outcome: str
    document: bool
    label: str
    label_zh: str | None

    @property
    def day(self) -> dt.date:
        """Where on the axis: a partial date sits at the middle of its month or year."""
        year, month, day = _PARTIAL.fullmatch(self.date).groups()  # type: ignore[union-attr]
        return dt.date(int(year), int(month or 7), int(day or (15 if month else 1)))


def item_date(entry: Entry) -> str | None:
    """The entry's own date, else the date of its own citation (a ruling known from a report of it)."""
    if entry.date:
        return entry.date
    own = [c.date for c in entry.citations if c.ref == entry.id] or [c.date for c in entry.citations]
    return own[0] if own else None


_TRAILING_ASIDE = re.compile(r"\s*[(（][^()（）]*[)）]\s*$")


def short_label(title: str, limit: int, stops: tuple[str, ...] = ()) -> str:
    """The title without a closing aside ("Li v. Liu (the ... case)" -> "Li v. Liu"; "Data (Use and Access) Act
    2025" keeps its own brackets) and before a subtitle separator, cut to `limit` characters."""
    title = _TRAILING_ASIDE.sub("", title) or title
    for stop in stops:
        head = title.split(stop)[0].strip()
        if len(head) >= 8:
            title = head
    return title if len(title) <= limit else title[: limit - 1].rstrip() + "…"


def row_of(entry: Entry) -> str:
    if "CN" in entry.jurisdictions:
        return "cn"
    if "US" in entry.jurisdictions:
        return "us"
    return "other"


def timeline_items(entries: Iterable[Entry], jurisdiction: str | None = None) -> list[TimelineItem]:
    """Every ruling and document (topics are not events) with a date, optionally of one jurisdiction only,
    in date order. The outcome is the entry's `outcome` field; without one, a matter whose status is "pending" is
    pending, and anything else is drawn unmarked (never guessed from its text)."""
    items = []
    for entry in entries:
        date = item_date(entry)
        if entry.is_topic or date is None or (jurisdiction and jurisdiction not in entry.jurisdictions):
            continue
        outcome = getattr(entry, "outcome", None) or ("pending" if entry.status == "pending" else None)
        items.append(
            TimelineItem(
                id=entry.id,
                date=date,
                row=row_of(entry),
                outcome=outcome if outcome in OUTCOMES else UNMARKED,
                document=entry.kind in DOCUMENT_KINDS,
                label=short_label(entry.title, 34, (" - ", ": ")),
                label_zh=short_label(entry.title_zh, 16, ("：",)) if entry.title_zh else None,
            )
        )
    return sorted(items, key=lambda item: (item.day, item.id))
