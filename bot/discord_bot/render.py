"""The one place that turns core results into Discord messages, and keeps every Discord limit.

Everything the bot sends goes through `Rendered`, which always carries allowed_mentions with
nothing to parse.
"""

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import discord

from bot.core.answers import JURISDICTION_NAMES, Answer
from bot.core.entry import Citation, Entry
from bot.core.entry_table import EntryHead
from bot.discord_bot import custom_ids, limits
from bot.discord_bot.limits import defuse, shorten
from bot.discord_bot.texts import language_of, text
from bot.i18n import Language, court_name, format_date, messages
from bot.i18n.localized import entry_title, localize, term

NO_MENTIONS = discord.AllowedMentions.none()
COLOUR_ANSWER = discord.Colour.blurple()
COLOUR_DECLINE = discord.Colour.light_grey()
FLAGS = {"CN": "🇨🇳", "US": "🇺🇸", "UK": "🇬🇧", "EU": "🇪🇺", "DE": "🇩🇪", "CZ": "🇨🇿", "JP": "🇯🇵", "IN": "🇮🇳"}


@dataclass
class Rendered:
    content: str | None = None
    embeds: list[discord.Embed] = field(default_factory=list)
    view: discord.ui.View | None = None
    files: list[discord.File] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.content is not None:
            self.content = shorten(defuse(self.content), limits.CONTENT)
        for embed in self.embeds:
            fit_embed(embed)

    def kwargs(self) -> dict[str, Any]:
        """Arguments for send(), reply(), send_message() and followup.send()."""
        out: dict[str, Any] = {"embeds": self.embeds, "allowed_mentions": NO_MENTIONS}
        if self.content is not None:
            out["content"] = self.content
        if self.view is not None:
            out["view"] = self.view
        if self.files:
            out["files"] = self.files
        return out

    def payload(self) -> dict[str, Any]:
        """The JSON body as discord.py serialises it (what `ask --format discord` prints)."""
        return {
            "content": self.content,
            "embeds": [e.to_dict() for e in self.embeds],
            "components": self.view.to_components() if self.view is not None else [],
            "allowed_mentions": NO_MENTIONS.to_dict(),
        }


def fit_embed(embed: discord.Embed) -> discord.Embed:
    """Shorten every part to its limit, then drop trailing fields and trim until the total fits."""
    if embed.title:
        embed.title = shorten(embed.title, limits.EMBED_TITLE)
    if embed.description:
        embed.description = shorten(embed.description, limits.EMBED_DESCRIPTION)
    fields = [(f.name or "\u200b", f.value or "\u200b", f.inline) for f in embed.fields][: limits.FIELDS]
    embed.clear_fields()
    for name, value, inline in fields:
        embed.add_field(name=shorten(name, limits.FIELD_NAME), value=shorten(value, limits.FIELD_VALUE), inline=inline)
    if embed.footer.text:
        embed.set_footer(text=shorten(embed.footer.text, limits.FOOTER))
    while len(embed) > limits.EMBED_TOTAL and len(embed.fields) > 1:
        embed.remove_field(len(embed.fields) - 1)
    if len(embed) > limits.EMBED_TOTAL and embed.description:
        excess = len(embed) - limits.EMBED_TOTAL
        embed.description = shorten(embed.description, max(1, len(embed.description) - excess))
    if len(embed) > limits.EMBED_TOTAL and embed.fields:
        field_ = embed.fields[0]
        excess = len(embed) - limits.EMBED_TOTAL
        embed.set_field_at(
            0, name=field_.name, value=shorten(field_.value or "", max(1, len(field_.value or "") - excess))
        )
    return embed


def link_text(title: str) -> str:
    """A title safe inside [..](..): brackets would end the link text early."""
    return defuse(title.replace("[", "(").replace("]", ")"))


def shown_date(iso: str, lang: Language) -> str:
    """English answers show the ISO dates they always have; Chinese ones write them as 2023年11月27日."""
    return format_date(iso, lang) if lang is Language.ZH else iso


def citation_when(citation: Citation, lang: Language) -> str:
    """The citation's date with its label ("filed 2023-01-13", "2023年1月13日立案")."""
    if lang is Language.EN:
        return citation.when
    when = format_date(citation.date, lang)
    if citation.date_label:
        when = messages(lang).get("citation-when", label=term("date-label", citation.date_label, lang), date=when)
    return when


def citation_markdown(citation: Citation, lang: Language = Language.EN) -> str:
    numbers = (defuse(citation.docket or ""), defuse(citation.reporter or ""))
    court = defuse(court_name(citation.court, lang))
    details = " · ".join(part for part in (court, citation_when(citation, lang), *numbers) if part)
    return f"[{link_text(citation.title)}]({citation.url})\n{details}"


def _citations_value(citations: Sequence[Citation], lang: Language = Language.EN) -> str:
    """Whole citations only, as many as fit in one field value."""
    out: list[str] = []
    for citation in citations:
        line = citation_markdown(citation, lang)
        if len("\n".join([*out, line])) > limits.FIELD_VALUE:
            if not out:
                out.append(shorten(line, limits.FIELD_VALUE))
            break
        out.append(line)
    return "\n".join(out)


def footer_text(entry: Entry | None, locale: str | Language, confidence: float | None = None) -> str:
    """Not legal advice (once), the facts' date and the match: the footer of every answer."""
    lang = language_of(locale)
    parts = [text("not_advice", lang)]
    if entry is not None:
        parts.append(text("as_of", lang, date=shown_date(entry.as_of, lang)))
    if confidence is not None:
        parts.append(text("confidence", lang, percent=f"{confidence:.0%}"))
    return " · ".join(parts)


def page_count(items: int, per_page: int) -> int:
    """Pages needed for `items` at `per_page` a page (an empty list is one page)."""
    return max(1, -(-items // per_page))


def shown_only(view: discord.ui.View) -> discord.ui.View:
    """A view that is sent but not kept: its clicks go to the dynamic items registered on the bot, which
    match the same custom ids, so the message keeps working after a restart and nothing piles up."""
    view.stop()
    return view


def related_select(
    entry_id: str, related: Sequence[Entry], *, placeholder: str, lang: Language = Language.EN
) -> discord.ui.Select[Any]:
    options = [
        discord.SelectOption(
            label=shorten(entry_title(e, lang), limits.SELECT_LABEL),
            value=e.id,
            description=e.id[: limits.SELECT_DESCRIPTION],
        )
        for e in related[: limits.SELECT_OPTIONS]
    ]
    custom_id = custom_ids.related(entry_id, lang.short)
    return discord.ui.Select(custom_id=custom_id, placeholder=placeholder, options=options)


def answer_view(entry: Entry, entries: Mapping[str, Entry], locale: str | Language) -> discord.ui.View:
    """The answer's buttons, labelled in its language; their custom ids carry it, so what a click shows is in the
    answer's language whatever the clicker's own locale."""
    lang = language_of(locale)
    view = discord.ui.View(timeout=None)
    view.add_item(
        discord.ui.Button(
            label=text("full", lang),
            style=discord.ButtonStyle.primary,
            custom_id=custom_ids.full(entry.id, lang.short),
            emoji="📖",
        )
    )
    for value, key, emoji in (("up", "helpful", "👍"), ("down", "not_helpful", "👎")):
        view.add_item(
            discord.ui.Button(
                label=text(key, lang),
                emoji=emoji,
                style=discord.ButtonStyle.secondary,
                custom_id=custom_ids.vote(entry.id, value, lang.short),
            )
        )
    related = [entries[r] for r in entry.related if r in entries][: limits.SELECT_OPTIONS]
    if related:
        view.add_item(related_select(entry.id, related, placeholder=text("related", lang), lang=lang))
    return shown_only(view)


def suggestion_view(suggestions: Sequence[tuple[str, str]], lang: Language = Language.EN) -> discord.ui.View | None:
    """One button per suggested entry (id, title), or None when there is nothing to suggest."""
    if not suggestions:
        return None
    view = discord.ui.View(timeout=None)
    for entry_id, title in suggestions[:3]:
        view.add_item(
            discord.ui.Button(
                label=shorten(title, limits.BUTTON_LABEL),
                style=discord.ButtonStyle.secondary,
                custom_id=custom_ids.suggest(entry_id, lang.short),
            )
        )
    return shown_only(view)


def render_answer(answer: Answer, entries: Mapping[str, Entry], locale: str | Language = "en-US") -> Rendered:
    """The answer in the language of `locale` (the cog has chosen it: the question's script, then the locales).
    English shows the Answer's own text; Chinese the entry's Chinese title, summary and sides, with the status
    line and leaving the disclaimer to the footer, so it is said once."""
    lang = language_of(locale)
    entry = answer.entry
    if entry is None:
        return render_decline(answer, lang, entries)
    shown = localize(answer, lang, entries)
    description = shown.text if lang is Language.EN else f"{shown.summary}\n\n{shown.status}"
    embed = discord.Embed(
        title=defuse(shown.title or entry.title), description=defuse(description), colour=COLOUR_ANSWER
    )
    for side in shown.sides:
        name = f"{FLAGS.get(side.jurisdiction, '')} {side.name}".strip()
        value = defuse(side.text)
        if side.citations:
            cites = _citations_value(side.citations, lang)
            value = shorten(value, limits.FIELD_VALUE - len(cites) - 2) + "\n\n" + cites
        embed.add_field(name=name, value=value, inline=False)
    remaining = list(answer.citations)
    label = text("sources", lang)
    while remaining and len(embed.fields) < limits.FIELDS:
        value = _citations_value(remaining, lang)
        used = value.count("](")
        embed.add_field(name=label, value=value, inline=False)
        remaining = remaining[max(used, 1) :]
        label = text("more_sources", lang)
    embed.set_footer(text=footer_text(entry, lang, answer.confidence))
    return Rendered(embeds=[embed], view=answer_view(entry, entries, lang))


def render_decline(
    answer: Answer, locale: str | Language = "en-US", entries: Mapping[str, Entry] | None = None
) -> Rendered:
    """In English the Answer's text as it is; in Chinese the reason alone, the suggestions being the buttons."""
    lang = language_of(locale)
    shown = localize(answer, lang, entries)
    description = shown.text if lang is Language.EN else shown.summary
    embed = discord.Embed(title=text("decline_title", lang), description=defuse(description), colour=COLOUR_DECLINE)
    embed.set_footer(text=footer_text(None, lang))
    return Rendered(embeds=[embed], view=suggestion_view(shown.suggestions, lang))


def render_body(entry: Entry, locale: str | Language = "en-US") -> Rendered:
    """The full explanation: body_zh in Chinese (the English body where an entry has none yet)."""
    lang = language_of(locale)
    body = (entry.body_zh or entry.body) if lang is Language.ZH else entry.body
    embed = discord.Embed(title=defuse(entry_title(entry, lang)), description=defuse(body), colour=COLOUR_ANSWER)
    embed.add_field(name=text("sources", lang), value=_citations_value(entry.citations, lang), inline=False)
    embed.set_footer(text=footer_text(entry, lang))
    return Rendered(embeds=[embed])


def render_message(message: str) -> Rendered:
    """A short notice (errors, confirmations): content only, defused."""
    return Rendered(content=message)


def cite_text(entry: Entry, style: str = "full") -> str:
    """A citation ready to paste: Bluebook-like for US items, court, case number and date otherwise."""
    primary = entry.citations[0]
    if style == "link":
        return f"{primary.title} <{primary.url}>"
    if "US" in entry.jurisdictions and not entry.is_topic:
        if primary.reporter:  # the report citation carries its own court and year: 130 F.4th 1039 (D.C. Cir. 2025)
            return f"*{primary.title}*, {primary.reporter}. {primary.url}"
        number = primary.docket or entry.docket or ""
        when = primary.date[:4] if primary.date else ""
        return f"*{primary.title}*, {number} ({primary.court} {when}). {primary.url}".replace(" ()", "")
    zh = f" ({entry.title_zh})" if entry.title_zh else ""
    number = f", {primary.docket}" if primary.docket else ""
    return f"{primary.title}{zh}, {primary.court}{number}, {primary.date}. {primary.url}"


def cite_text_zh(entry: Entry) -> str:
    """A Chinese reader's citation of a non-US item: Chinese title, the court's Chinese name, case number, date."""
    primary = entry.citations[0]
    title = entry.title_zh or primary.title
    court = court_name(primary.court, Language.ZH, entry.court_zh if primary.ref == entry.id else None)
    parts = [title, court, primary.docket or "", format_date(primary.date, Language.ZH)]
    return "，".join(p for p in parts if p) + f"。{primary.url}"


def render_cite(entry: Entry, style: str, locale: str | Language = "en-US") -> Rendered:
    """US items keep their Bluebook-like form in every language (it is what is pasted into a brief)."""
    chinese = language_of(locale) is Language.ZH and style != "link" and "US" not in entry.jurisdictions
    cited = cite_text_zh(entry) if chinese else cite_text(entry, style)
    return Rendered(content=f"```\n{cited.replace('```', '')}\n```")


def _places(jurisdictions: Sequence[str], lang: Language) -> str:
    if lang is Language.EN:
        return ", ".join(JURISDICTION_NAMES.get(j, j) for j in jurisdictions)
    return "、".join(term("jurisdiction", j, lang) for j in jurisdictions)


def render_cases_page(
    entries: Sequence[Entry], page: int, per_page: int, locale: str | Language = "en-US"
) -> discord.Embed:
    lang = language_of(locale)
    pages = page_count(len(entries), per_page)
    page = min(max(page, 0), pages - 1)
    shown = entries[page * per_page : (page + 1) * per_page]
    m = messages(lang)
    lines = [
        f"**{defuse(entry_title(e, lang))}**\n`{e.id}` · "
        + m.get(
            "cases-line",
            jurisdictions=_places(e.jurisdictions, lang),
            date=shown_date(e.date or e.as_of, lang),
            status=e.status if lang is Language.EN else term("status", e.status, lang),
        )
        for e in shown
    ]
    embed = discord.Embed(
        title=text("cases_title", lang, count=len(entries)),
        description="\n".join(lines) or text("cases_empty", lang),
        colour=COLOUR_ANSWER,
    )
    embed.set_footer(text=text("page", lang, page=page + 1, pages=pages))
    return fit_embed(embed)


def render_about(heads: Sequence[EntryHead], locale: str | Language = "en-US") -> Rendered:
    """About the bot and its knowledge base, from every entry's head (no entry unpacked)."""
    lang = language_of(locale)
    latest = max((h.as_of for h in heads), default="-")
    places = sorted({j for h in heads for j in h.jurisdictions})
    embed = discord.Embed(title=text("about_title", lang), description=text("about_body", lang), colour=COLOUR_ANSWER)
    embed.add_field(name=text("about_size", lang), value=str(len(heads)), inline=True)
    embed.add_field(name=text("about_as_of", lang), value=shown_date(latest, lang), inline=True)
    embed.add_field(name=text("about_places", lang), value=_places(places, lang) or "-")
    embed.set_footer(text=messages(lang).get("disclaimer"))
    return Rendered(embeds=[embed])


def render_timeline(png: bytes, items: int, as_of: str, locale: str | Language = "en-US") -> Rendered:
    """The timeline picture as an attachment, with a one-line caption (how many items, the facts' date)."""
    lang = language_of(locale)
    caption = messages(lang).get("timeline-caption", count=items, date=shown_date(as_of, lang))
    return Rendered(content=caption, files=[discord.File(io.BytesIO(png), "timeline.png")])


def render_unknown(
    suggestions: Sequence[tuple[str, str]], locale: str | Language = "en-US", entries: Mapping[str, Entry] | None = None
) -> Rendered:
    """No entry by that name; the nearest names as buttons (in Chinese, the entries' Chinese titles)."""
    lang = language_of(locale)
    if lang is Language.ZH and entries:
        suggestions = [(i, entry_title(entries[i], lang) if i in entries else title) for i, title in suggestions]
    space = "" if lang is Language.ZH else " "  # Chinese sentences follow each other without one
    message = text("unknown_case", lang) + (space + text("did_you_mean", lang) if suggestions else "")
    return Rendered(content=message, view=suggestion_view(suggestions, lang))


def render_notice(key: str, locale: str | Language, **values: object) -> Rendered:
    """A short notice from the interface texts; values come formatted as text."""
    return render_message(text(key, locale, **values))


def render_paged(
    title: str, lines: Sequence[str], page: int, *, per_page: int, note: str, gap: str = "\n"
) -> discord.Embed:
    """Page `page` of a list of lines, with 'Page n of m' and a note in the footer."""
    pages = page_count(len(lines), per_page)
    chunk = lines[page * per_page : (page + 1) * per_page]
    embed = discord.Embed(title=title, description=shorten(gap.join(chunk), limits.EMBED_DESCRIPTION))
    embed.set_footer(text=f"{text('page', Language.EN, page=page + 1, pages=pages)} · {note}")
    return fit_embed(embed)
