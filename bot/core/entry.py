"""The knowledge entry: one schema shared by files, the database, moderators' edits and answers."""

import datetime as dt
import re
import unicodedata
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

from bot.core import lengths

KINDS = (
    "judgment",
    "agency-decision",
    "regulation",
    "statute",
    "report",
    "guidance",
    "standard",
    "pending-case",
    "settlement",
    "police-referral",
    "topic",
)
# Open statuses describe matters still moving: they need a status_detail saying what is open and since when,
# and `kb stale` lists them once their facts are older than the review window.
OPEN_STATUSES = ("pending", "pending approval", "on appeal", "consultation", "referred")
STATUSES = ("decided", "affirmed", "settled", "in force", "published", *OPEN_STATUSES, "overview")
# What each kind may honestly claim: a pending case was not decided, a settlement is settled or awaiting approval.
KIND_STATUSES: dict[str, tuple[str, ...]] = {
    "pending-case": ("pending", "on appeal"),
    "settlement": ("settled", "pending approval"),
    "police-referral": ("referred", "decided"),
    "topic": ("overview",),
}
DEFAULT_STATUS = {
    "statute": "in force",
    "regulation": "in force",
    "standard": "in force",
    "report": "published",
    "guidance": "published",
    "pending-case": "pending",
    "settlement": "settled",
    "police-referral": "referred",
    "topic": "overview",
}
# What a ruling or decision did, for the /timeline picture: whether the AI-related work was held protected, or
# the accused party liable. Documents (statutes, reports, guidance) and topics carry none.
OUTCOMES = ("protected", "not-protected", "liable", "not-liable", "pending")
JURISDICTIONS = ("CN", "US", "UK", "EU", "DE", "CZ", "JP", "IN", "KR", "IT")
STATUS_DETAIL_MAX = lengths.STATUS_DETAIL
ID_BODY = r"[a-z0-9]+(?:-[a-z0-9]+)*"  # an entry id: lower-case words joined by dashes
ID_PATTERN = rf"^{ID_BODY}$"
SUMMARY_MAX = lengths.SUMMARY
SIDE_TEXT_MAX = lengths.SIDE_TEXT
COVERS_MAX = lengths.COVERS
BODY_WORDS = (150, 400)
MIN_QUESTIONS = 8

# ASCII digits only: \d would also take full-width and other scripts' digits.
_PARTIAL_DATE = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$")
# A URL is shown inside a masked link, so nothing that could close the link or open another.
_URL = re.compile(r"^https://[^\s/()<>\[\]\"'`]+\.[^\s()<>\[\]\"'`]+$")


def _date_to_text(value: object) -> object:
    """YAML reads an unquoted 2023-11-27 as a date; keep every date as text."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    return value


def _check_partial_date(value: str) -> str:
    match = _PARTIAL_DATE.fullmatch(value)
    if not match:
        raise ValueError(f"{value!r} is not a date (YYYY-MM-DD, YYYY-MM or YYYY)")
    year, month, day = (int(part) if part else None for part in match.groups())
    assert year is not None
    if month == 0 or day == 0:
        raise ValueError(f"{value!r} is not a valid date (month and day start at 01)")
    try:
        earliest = dt.date(year, month or 1, day or 1)
    except ValueError as exc:
        raise ValueError(f"{value!r} is not a valid date") from exc
    if earliest > dt.date.today():
        raise ValueError(f"{value!r} is in the future")
    return value


def _check_https(value: str) -> str:
    if len(value) > lengths.URL:
        raise ValueError(f"the URL is longer than {lengths.URL} characters")
    if not _URL.fullmatch(value):
        raise ValueError(f"{value!r} is not an https URL (no spaces, brackets, parentheses or quotes)")
    return value


def new_status(kind: str, today: dt.date) -> dict[str, str | None]:
    """The status a new entry of this kind starts with; an open one says that no outcome is recorded yet."""
    status = DEFAULT_STATUS.get(kind, "decided")
    detail = f"No outcome recorded as of {today.isoformat()}." if status in OPEN_STATUSES else None
    return {"status": status, "status_detail": detail}


class _FormatCharacters(dict[int, int | None]):
    """A str.translate table that drops format characters (category Cf: zero-width spaces, joiners, direction
    marks), filled as characters are first met: faster than testing every character of every name."""

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.category(chr(code)) == "Cf" else code
        self[code] = kept
        return kept


_DROP_FORMAT = _FormatCharacters()


def alias_key(name: str) -> str:
    """How names are compared: case-, width- and space-insensitive, invisible characters ignored
    (one alias may name one entry only, so look-alike spellings must fold to one key). Plain ASCII, most names,
    needs no Unicode folding."""
    if name.isascii():
        return " ".join(name.lower().split())
    folded = unicodedata.normalize("NFKC", name).translate(_DROP_FORMAT)
    return " ".join(folded.casefold().split())


def _fits_alias_key(value: str) -> str:
    if len(alias_key(value)) > lengths.ALIAS_KEY:
        raise ValueError(f"the alias is longer than {lengths.ALIAS_KEY} characters once folded")
    return value


def _strip(value: object) -> object:
    return value.strip() if isinstance(value, str) else value


PartialDate = Annotated[str, BeforeValidator(_date_to_text), AfterValidator(_check_partial_date)]
Text = Annotated[str, BeforeValidator(_strip), Field(min_length=1)]
# Every text field carries its maximum from bot.core.lengths, the schema the columns follow.
Title = Annotated[Text, Field(max_length=lengths.TITLE)]
Court = Annotated[Text, Field(max_length=lengths.COURT)]
Question = Annotated[Text, Field(max_length=lengths.QUESTION)]
Alias = Annotated[Text, Field(max_length=lengths.ALIAS), AfterValidator(_fits_alias_key)]
StatusDetail = Annotated[Text, Field(max_length=lengths.STATUS_DETAIL)]
EntryId = Annotated[str, Field(pattern=ID_PATTERN, max_length=lengths.ID)]
FactNoteKey = Annotated[str, Field(max_length=lengths.FACT_NOTE_KEY)]
FactNote = Annotated[str, Field(max_length=lengths.FACT_NOTE)]


class Citation(BaseModel):
    """A source shown with every answer: who decided, when, under which number, and where to read it."""

    model_config = ConfigDict(extra="forbid")

    ref: EntryId | None = None
    title: Title
    court: Court
    date: PartialDate
    date_label: Annotated[str | None, Field(max_length=lengths.DATE_LABEL)] = None
    docket: Annotated[str | None, Field(max_length=lengths.DOCKET)] = None
    # The official report citation, e.g. "130 F.4th 1039 (D.C. Cir. 2025)".
    reporter: Annotated[str | None, Field(max_length=lengths.REPORTER)] = None
    url: Annotated[str, AfterValidator(_check_https)]

    @property
    def when(self) -> str:
        """The date as a citation line shows it, with its label ("filed 2023-01-13") when it has one."""
        return f"{self.date_label} {self.date}" if self.date_label else self.date


class Side(BaseModel):
    """One jurisdiction's half of a comparison, backed by the citations of the ids it names."""

    model_config = ConfigDict(extra="forbid")

    jurisdiction: Literal[JURISDICTIONS]  # type: ignore[valid-type]
    text: Annotated[str, BeforeValidator(_strip), Field(min_length=1, max_length=SIDE_TEXT_MAX)]
    text_zh: Annotated[str, BeforeValidator(_strip), Field(max_length=SIDE_TEXT_MAX)] | None = None
    cites: list[EntryId] = Field(default_factory=list, max_length=lengths.SIDE_CITES)


class Entry(BaseModel):
    """A curated answer about one ruling, document or topic."""

    model_config = ConfigDict(extra="forbid")

    id: EntryId
    kind: Literal[KINDS]  # type: ignore[valid-type]
    title: Title
    title_zh: Annotated[str | None, Field(max_length=lengths.TITLE)] = None
    jurisdictions: list[Literal[JURISDICTIONS]] = Field(min_length=1)  # type: ignore[valid-type]
    court: Annotated[str | None, Field(max_length=lengths.COURT)] = None
    court_zh: Annotated[str | None, Field(max_length=lengths.COURT)] = None
    date: PartialDate | None = None
    docket: Annotated[str | None, Field(max_length=lengths.DOCKET)] = None
    status: Literal[STATUSES]  # type: ignore[valid-type]
    status_detail: StatusDetail | None = None
    outcome: Literal[OUTCOMES] | None = None  # type: ignore[valid-type]
    as_of: PartialDate
    summary: Annotated[str, BeforeValidator(_strip), Field(min_length=1, max_length=SUMMARY_MAX)]
    # The same facts for Chinese readers, written in Chinese rather than translated word for word.
    summary_zh: Annotated[str, BeforeValidator(_strip), Field(max_length=SUMMARY_MAX)] | None = None
    body_zh: Annotated[str, BeforeValidator(_strip), Field(max_length=lengths.BODY)] | None = None
    citations: list[Citation] = Field(min_length=1, max_length=lengths.CITATIONS)
    aliases: list[Alias] = Field(default_factory=list, max_length=lengths.ALIASES)
    questions: list[Question] = Field(default_factory=list, max_length=lengths.QUESTIONS)
    covers: list[EntryId] = Field(min_length=1, max_length=COVERS_MAX)
    related: list[EntryId] = Field(default_factory=list, max_length=lengths.RELATED)
    sides: list[Side] = Field(default_factory=list, max_length=lengths.SIDES)
    fact_notes: dict[FactNoteKey, FactNote] = Field(default_factory=dict, max_length=lengths.FACT_NOTES)
    body: str = Field(default="", max_length=lengths.BODY)
    revision: int = 0

    @field_validator("aliases", "questions")
    @classmethod
    def _no_repeats(cls, values: list[str]) -> list[str]:
        seen: set[str] = set()
        for value in values:
            key = alias_key(value)
            if key in seen:
                raise ValueError(f"{value!r} is listed twice")
            seen.add(key)
        return values

    @model_validator(mode="after")
    def _status_fits_kind(self) -> "Entry":
        allowed = KIND_STATUSES.get(self.kind)
        if allowed and self.status not in allowed:
            raise ValueError(f"status {self.status!r} does not fit kind {self.kind!r} (use {' or '.join(allowed)})")
        return self

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_topic(self) -> bool:
        return self.kind == "topic"

    def content(self) -> dict[str, object]:
        """Everything a moderator can change: what a revision snapshots and what sync compares."""
        return self.model_dump(exclude={"revision"}, mode="json")

    def body_words(self) -> int:
        return len(self.body.split())
