"""The one place that turns core results into Discord messages, and keeps every Discord limit.

Everything the bot sends goes through `Rendered`, which always carries allowed_mentions with
nothing to parse.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import discord

from bot.core.answers import DISCLAIMER, JURISDICTION_NAMES, Answer
from bot.core.entry import Citation, Entry
from bot.discord_bot import custom_ids, limits
from bot.discord_bot.limits import defuse, shorten
from bot.discord_bot.texts import text

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


def citation_markdown(citation: Citation) -> str:
    numbers = (defuse(citation.docket or ""), defuse(citation.reporter or ""))
    details = " · ".join(part for part in (defuse(citation.court), citation.when, *numbers) if part)
    return f"[{link_text(citation.title)}]({citation.url})\n{details}"


def _citations_value(citations: Sequence[Citation]) -> str:
    """Whole citations only, as many as fit in one field value."""
    out: list[str] = []
    for citation in citations:
        line = citation_markdown(citation)
        if len("\n".join([*out, line])) > limits.FIELD_VALUE:
            if not out:
                out.append(shorten(line, limits.FIELD_VALUE))
            break
        out.append(line)
    return "\n".join(out)


def footer_text(entry: Entry | None, locale: str, confidence: float | None = None) -> str:
    parts = [text("not_advice", locale)]
    if entry is not None:
        parts.append(text("as_of", locale).format(date=entry.as_of))
    if confidence is not None:
        parts.append(text("confidence", locale).format(value=confidence))
    return " · ".join(parts)


def page_count(items: int, per_page: int) -> int:
    """Pages needed for `items` at `per_page` a page (an empty list is one page)."""
    return max(1, -(-items // per_page))


def shown_only(view: discord.ui.View) -> discord.ui.View:
    """A view that is sent but not kept: its clicks go to the dynamic items registered on the bot, which
    match the same custom ids, so the message keeps working after a restart and nothing piles up."""
    view.stop()
    return view


def related_select(entry_id: str, related: Sequence[Entry], *, placeholder: str) -> discord.ui.Select[Any]:
    options = [
        discord.SelectOption(
            label=shorten(e.title, limits.SELECT_LABEL), value=e.id, description=e.id[: limits.SELECT_DESCRIPTION]
        )
        for e in related[: limits.SELECT_OPTIONS]
    ]
    return discord.ui.Select(custom_id=custom_ids.related(entry_id), placeholder=placeholder, options=options)


def answer_view(entry: Entry, entries: Mapping[str, Entry], locale: str) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(
        discord.ui.Button(
            label=text("full", locale),
            style=discord.ButtonStyle.primary,
            custom_id=custom_ids.full(entry.id),
            emoji="📖",
        )
    )
    for value, key, emoji in (("up", "helpful", "👍"), ("down", "not_helpful", "👎")):
        view.add_item(
            discord.ui.Button(
                label=text(key, locale),
                emoji=emoji,
                style=discord.ButtonStyle.secondary,
                custom_id=custom_ids.vote(entry.id, value),
            )
        )
    related = [entries[r] for r in entry.related if r in entries][: limits.SELECT_OPTIONS]
    if related:
        view.add_item(related_select(entry.id, related, placeholder=text("related", locale)))
    return shown_only(view)


def suggestion_view(suggestions: Sequence[tuple[str, str]]) -> discord.ui.View | None:
    """One button per suggested entry (id, title), or None when there is nothing to suggest."""
    if not suggestions:
        return None
    view = discord.ui.View(timeout=None)
    for entry_id, title in suggestions[:3]:
        view.add_item(
            discord.ui.Button(
                label=shorten(title, limits.BUTTON_LABEL),
                style=discord.ButtonStyle.secondary,
                custom_id=custom_ids.suggest(entry_id),
            )
        )
    return shown_only(view)


def render_answer(answer: Answer, entries: Mapping[str, Entry], locale: str = "en-US") -> Rendered:
    entry = answer.entry
    if entry is None:
        return render_decline(answer, locale)
    embed = discord.Embed(title=defuse(entry.title), description=defuse(answer.text), colour=COLOUR_ANSWER)
    for side in answer.sides:
        name = f"{FLAGS.get(side.jurisdiction, '')} {side.name}".strip()
        value = defuse(side.text)
        if side.citations:
            cites = _citations_value(side.citations)
            value = shorten(value, limits.FIELD_VALUE - len(cites) - 2) + "\n\n" + cites
        embed.add_field(name=name, value=value, inline=False)
    remaining = list(answer.citations)
    label = text("sources", locale)
    while remaining and len(embed.fields) < limits.FIELDS:
        value = _citations_value(remaining)
        used = value.count("](")
        embed.add_field(name=label, value=value, inline=False)
        remaining = remaining[max(used, 1) :]
        label = text("more_sources", locale)
    embed.set_footer(text=footer_text(entry, locale, answer.confidence))
    return Rendered(embeds=[embed], view=answer_view(entry, entries, locale))


def render_decline(answer: Answer, locale: str = "en-US") -> Rendered:
    embed = discord.Embed(title=text("decline_title", locale), description=defuse(answer.text), colour=COLOUR_DECLINE)
    embed.set_footer(text=footer_text(None, locale))
    view = suggestion_view([(s.id, s.title) for s in answer.suggestions])
    return Rendered(embeds=[embed], view=view)


def render_body(entry: Entry, locale: str = "en-US") -> Rendered:
    embed = discord.Embed(title=defuse(entry.title), description=defuse(entry.body), colour=COLOUR_ANSWER)
    embed.add_field(name=text("sources", locale), value=_citations_value(entry.citations), inline=False)
    embed.set_footer(text=footer_text(entry, locale))
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


def render_cite(entry: Entry, style: str, locale: str = "en-US") -> Rendered:
    return Rendered(content=f"```\n{cite_text(entry, style).replace('```', '')}\n```")


def render_cases_page(entries: Sequence[Entry], page: int, per_page: int, locale: str = "en-US") -> discord.Embed:
    pages = page_count(len(entries), per_page)
    page = min(max(page, 0), pages - 1)
    shown = entries[page * per_page : (page + 1) * per_page]
    lines = [
        f"**{defuse(e.title)}**\n`{e.id}` · {', '.join(JURISDICTION_NAMES.get(j, j) for j in e.jurisdictions)}"
        f" · {e.date or e.as_of} · {e.status}"
        for e in shown
    ]
    embed = discord.Embed(
        title=text("cases_title", locale).format(count=len(entries)),
        description="\n".join(lines) or text("cases_empty", locale),
        colour=COLOUR_ANSWER,
    )
    embed.set_footer(text=text("page", locale).format(page=page + 1, pages=pages))
    return fit_embed(embed)


def render_about(entries: Mapping[str, Entry], locale: str = "en-US") -> Rendered:
    latest = max((e.as_of for e in entries.values()), default="-")
    places = sorted({j for e in entries.values() for j in e.jurisdictions})
    embed = discord.Embed(
        title=text("about_title", locale), description=text("about_body", locale), colour=COLOUR_ANSWER
    )
    embed.add_field(name=text("about_size", locale), value=str(len(entries)), inline=True)
    embed.add_field(name=text("about_as_of", locale), value=latest, inline=True)
    embed.add_field(
        name=text("about_places", locale), value=", ".join(JURISDICTION_NAMES.get(p, p) for p in places) or "-"
    )
    embed.set_footer(text=DISCLAIMER)
    return Rendered(embeds=[embed])


def render_unknown(suggestions: Sequence[tuple[str, str]], locale: str = "en-US") -> Rendered:
    """No entry by that name; the nearest names as buttons."""
    message = text("unknown_case", locale) + (" " + text("did_you_mean", locale) if suggestions else "")
    return Rendered(content=message, view=suggestion_view(suggestions))


def render_notice(key: str, locale: str, **values: object) -> Rendered:
    """A short notice from the interface texts."""
    return render_message(text(key, locale).format(**values))


def render_paged(
    title: str, lines: Sequence[str], page: int, *, per_page: int, note: str, gap: str = "\n"
) -> discord.Embed:
    """Page `page` of a list of lines, with 'Page n of m' and a note in the footer."""
    pages = page_count(len(lines), per_page)
    chunk = lines[page * per_page : (page + 1) * per_page]
    embed = discord.Embed(title=title, description=shorten(gap.join(chunk), limits.EMBED_DESCRIPTION))
    embed.set_footer(text=f"Page {page + 1} of {pages} · {note}")
    return fit_embed(embed)
