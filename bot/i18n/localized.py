"""An Answer's texts in one language: what the terminal prints and what the Discord renderer can show.

Chinese uses an entry's own Chinese fields (title_zh, summary_zh, body_zh, sides[].text_zh) where it has them
and its English fields where it does not yet; the fixed words (status, headings, disclaimer, dates, court
names) come from the catalogue. English reproduces the Answer's own texts exactly.
"""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from bot.core.answers import Answer, SideView
from bot.core.entry import Citation, Entry
from bot.core.stale import days_unchecked, is_stale
from bot.i18n.catalogue import messages
from bot.i18n.commands import term_id
from bot.i18n.courts import court_name
from bot.i18n.dates import format_date
from bot.i18n.language import Language


@dataclass(frozen=True)
class LocalizedAnswer:
    """Every text of an answer in one language; `text` is what Answer.text is in English."""

    lang: Language
    title: str | None
    summary: str
    status: str
    disclaimer: str
    text: str
    body: str
    sides: tuple[SideView, ...]
    suggestions: tuple[tuple[str, str], ...]  # (id, title)
    citations: tuple[Citation, ...]
    did_you_mean: str = ""  # the decline's sentence naming the suggestions (left out where they are listed)


def entry_title(entry: Entry, lang: Language) -> str:
    return entry.title_zh if lang is Language.ZH and entry.title_zh else entry.title


def term(group: str, value: str, lang: Language) -> str:
    """A status, kind, jurisdiction or date label in the language; a value the catalogue lacks stays as it is."""
    return messages(lang).first(term_id(group, value)) or value


def _docket_shown(citation: Citation) -> str | None:
    """A docket that merely repeats the title (a report named by its title, a case by its number) or the
    reporter citation is left out."""
    docket, title = (citation.docket or "").casefold(), citation.title.casefold()
    repeats = docket in title or title in docket or docket == (citation.reporter or "").casefold()
    return None if not docket or repeats else citation.docket


def status_text(entry: Entry, lang: Language, today: dt.date | None = None) -> str:
    """The state of the matter in one line; an open one says what is open, and warns when unchecked for long.
    English keeps the status word and the ISO date as recorded; the status detail has no Chinese field yet and
    stays English."""
    m = messages(lang)
    english = lang is Language.EN
    as_of = entry.as_of if english else format_date(entry.as_of, lang)
    if entry.is_topic:
        return m.get("answer-overview", date=as_of)
    today = today or dt.date.today()
    status = entry.status if english else term("status", entry.status, lang)
    if is_stale(entry, today):
        line = m.get("answer-status-stale", status=status, date=as_of, days=days_unchecked(entry, today))
    else:
        line = m.get("answer-status", status=status, date=as_of)
    if entry.status_detail:
        line += " " + entry.status_detail.rstrip(".") + "."
    return line


def citation_text(citation: Citation, lang: Language) -> str:
    """One line a person can check: title, court, date, number, link; in Chinese the court's name and the date
    as its readers write them."""
    if lang is Language.EN:
        parts = [citation.title, citation.court, citation.when]
        parts += [x for x in (_docket_shown(citation), citation.reporter) if x]
        return f"{', '.join(parts)}. {citation.url}"
    when = format_date(citation.date, lang)
    if citation.date_label:
        when = messages(lang).get("citation-when", label=term("date-label", citation.date_label, lang), date=when)
    parts = [citation.title, court_name(citation.court, lang), when]
    parts += [x for x in (_docket_shown(citation), citation.reporter) if x]  # the same numbers as in English
    return f"{'，'.join(parts)}。{citation.url}"


def localize(
    answer: Answer, lang: Language, entries: Mapping[str, Entry] | None = None, today: dt.date | None = None
) -> LocalizedAnswer:
    """The answer's texts in `lang`; `entries` gives suggestions their Chinese titles."""
    entries = entries or {}
    if lang is Language.EN:
        return _english(answer, today)
    m = messages(lang)
    disclaimer = m.get("disclaimer")
    suggestions = tuple(
        (s.id, entry_title(entries[s.id], lang) if s.id in entries else s.title) for s in answer.suggestions
    )
    entry = answer.entry
    if entry is None:
        reason = m.get("decline-text")
        did_you_mean = m.get("decline-did-you-mean", titles="；".join(t for _, t in suggestions)) if suggestions else ""
        return LocalizedAnswer(
            lang=lang,
            title=None,
            summary=reason,
            status="",
            disclaimer=disclaimer,
            text=f"{reason}{did_you_mean}（{disclaimer}）",
            body="",
            sides=(),
            suggestions=suggestions,
            citations=(),
            did_you_mean=did_you_mean,
        )
    summary = entry.summary_zh or entry.summary
    status = status_text(entry, lang, today)
    own_sides = {side.jurisdiction: side for side in entry.sides}
    sides = tuple(
        SideView(
            jurisdiction=s.jurisdiction,
            name=term("jurisdiction", s.jurisdiction, lang),
            text=(own_sides[s.jurisdiction].text_zh if s.jurisdiction in own_sides else None) or s.text,
            citations=s.citations,
        )
        for s in answer.sides
    )
    return LocalizedAnswer(
        lang=lang,
        title=entry_title(entry, lang),
        summary=summary,
        status=status,
        disclaimer=disclaimer,
        # Chinese sentences run on without a space; after an English status detail one keeps them apart.
        text=f"{summary}\n\n{status}{'' if status.endswith('。') else ' '}{disclaimer}",
        body=entry.body_zh or entry.body,
        sides=sides,
        suggestions=suggestions,
        citations=answer.citations,
    )


def _english(answer: Answer, today: dt.date | None) -> LocalizedAnswer:
    """The English texts: the entry's own, with the catalogue's sentences (the words of the CLI contract)."""
    m, entry = messages(Language.EN), answer.entry
    disclaimer = m.get("disclaimer")
    suggestions = tuple((s.id, s.title) for s in answer.suggestions)
    if entry is None:
        titles = "; ".join(t for _, t in suggestions)
        did_you_mean = " " + m.get("decline-did-you-mean", titles=titles) if suggestions else ""
        text = f"{m.get('decline-text')}{did_you_mean} ({disclaimer})"
        return LocalizedAnswer(
            lang=Language.EN,
            title=None,
            summary=text,
            status="",
            disclaimer=disclaimer,
            text=text,
            body="",
            sides=answer.sides,
            suggestions=suggestions,
            citations=answer.citations,
            did_you_mean=did_you_mean,
        )
    status = status_text(entry, Language.EN, today)
    return LocalizedAnswer(
        lang=Language.EN,
        title=entry.title,
        summary=entry.summary,
        status=status,
        disclaimer=disclaimer,
        text=f"{entry.summary}\n\n{status} {disclaimer}",
        body=entry.body,
        sides=answer.sides,
        suggestions=suggestions,
        citations=answer.citations,
    )
