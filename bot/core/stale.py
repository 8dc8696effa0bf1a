"""Open matters whose facts have not been checked for a while: a pending case moves without us."""

import datetime as dt
from collections.abc import Iterable
from typing import Protocol, TypeVar

from bot.core.entry import Entry

STALE_DAYS = 90


class Checked(Protocol):
    """An entry, or its head (a large knowledge base's entries are not unpacked to be listed)."""

    @property
    def id(self) -> str: ...

    @property
    def status(self) -> str: ...

    @property
    def is_open(self) -> bool: ...

    @property
    def as_of(self) -> str: ...


C = TypeVar("C", bound=Checked)


def as_of_date(entry: Checked) -> dt.date:
    """The day the facts were checked; a month or year alone counts from its first day."""
    parts = [int(p) for p in entry.as_of.split("-")]
    year, month, day = [*parts, 1, 1][:3]
    return dt.date(year, month, day)


def days_unchecked(entry: Checked, today: dt.date) -> int:
    return (today - as_of_date(entry)).days


def is_stale(entry: Checked, today: dt.date, days: int = STALE_DAYS) -> bool:
    return entry.is_open and days_unchecked(entry, today) > days


def stale_entries(entries: Iterable[C], today: dt.date, days: int = STALE_DAYS) -> list[C]:
    """Oldest first: the longest-unchecked open matter is the one most likely to be out of date."""
    return sorted((e for e in entries if is_stale(e, today, days)), key=lambda e: (as_of_date(e), e.id))


def stale_line(entry: Entry, today: dt.date) -> str:
    """One line per open matter, for `kb stale` and /kb stale."""
    detail = f" {entry.status_detail}" if entry.status_detail else ""
    return f"{entry.id}: {entry.status}, last checked {entry.as_of} ({days_unchecked(entry, today)} days ago).{detail}"


def status_change(entry: Entry, status: str, detail: str | None, today: dt.date) -> dict[str, object]:
    """A moderator's "checked it today": the new status, its detail and a fresh as_of.

    A detail left out is kept while the status stays the same, and dropped when the status changes
    (an old "pending since ..." must not survive a decision)."""
    if detail is None and status == entry.status:
        detail = entry.status_detail
    return {"status": status, "status_detail": detail or None, "as_of": today.isoformat()}
