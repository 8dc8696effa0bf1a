"""/kb: moderators keep the knowledge current. Every path checks the editor rule at run time."""

from __future__ import annotations

import asyncio
import datetime as dt
import io
from collections.abc import Awaitable, Callable
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands
from sqlalchemy.exc import SQLAlchemyError

from bot.core import lengths
from bot.core.answers import JURISDICTION_NAMES
from bot.core.editing import UNAVAILABLE, EditRejected, diff
from bot.core.entry import JURISDICTIONS, KINDS, STATUS_DETAIL_MAX, STATUSES, Entry
from bot.core.gaps import group_gaps
from bot.core.stale import STALE_DAYS, stale_entries, stale_line, status_change
from bot.core.transfer import MAX_BYTES, apply_plan, export_zip, plan_import, plan_lines
from bot.discord_bot import limits
from bot.discord_bot.client import CopyrightBot
from bot.discord_bot.kb_forms import (
    ID_SAFE,
    Confirm,
    add_modal,
    author_of,
    edit_modal,
    gap_modal,
    rejection,
    reply,
    saved_message,
)
from bot.discord_bot.limits import escape_user_text
from bot.discord_bot.permissions import allow_editor, editor_only, is_editor
from bot.discord_bot.render import NO_MENTIONS, Rendered, defuse, render_message
from bot.discord_bot.views import Paginator

OPTION_HELP = {
    "entry": "The entry (id, title or alias)",
    "reason": "Why (kept in the history)",
    "text": "The text",
    "court": "Court or body",
    "date": "Date: YYYY-MM-DD, YYYY-MM or YYYY",
    "docket": "Docket or official citation (- for none)",
    "url": "An https link to the source",
    "number": "Citation number (1 = the first)",
    "revision": "Revision number (see /kb history)",
    "file": "A zip made by /kb export",
    "status": "Where the matter stands now",
    "detail": "For an open matter: what is still open, and since when",
    "days": "Days without a check that count as stale (default 90)",
}


def describe(*names: str) -> Callable[[Any], Any]:
    return app_commands.describe(**{name: OPTION_HELP[name] for name in names})


async def paged_reply(
    interaction: discord.Interaction, title: str, lines: list[str], *, per_page: int, note: str, gap: str = "\n"
) -> None:
    """A list as embeds of `per_page` lines, turned by the caller alone when there is more than one page."""
    pages = max(1, -(-len(lines) // per_page))

    def page(number: int) -> discord.Embed:
        chunk = lines[number * per_page : (number + 1) * per_page]
        embed = discord.Embed(title=title, description=limits.shorten(gap.join(chunk), limits.EMBED_DESCRIPTION))
        embed.set_footer(text=f"Page {number + 1} of {pages} · {note}")
        return embed

    view = Paginator(interaction.user.id, pages, page, str(interaction.locale)) if pages > 1 else None
    await reply(interaction, Rendered(embeds=[page(0)], view=view))


class GapButtons(discord.ui.View):
    """One "add entry" button per gap group; the questions stay here, not in the custom ids."""

    def __init__(self, bot: CopyrightBot, owner_id: int, questions: list[str]) -> None:
        super().__init__(timeout=900)
        self.bot, self.owner_id = bot, owner_id
        for index, question in enumerate(questions[:5]):
            button: discord.ui.Button[Any] = discord.ui.Button(label=f"Add entry for #{index + 1}", row=index // 5)
            button.callback = self._opener(question)  # type: ignore[method-assign]
            self.add_item(button)

    def _opener(self, question: str) -> Callable[[discord.Interaction], Awaitable[None]]:
        async def open_modal(interaction: discord.Interaction) -> None:
            await interaction.response.send_modal(gap_modal(self.bot, question))

        return open_modal

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        return await allow_editor(interaction)


class KnowledgeCog(commands.Cog):
    kb = app_commands.Group(
        name="kb",
        description="Keep the knowledge base current (editors only)",
        guild_only=True,
        default_permissions=discord.Permissions(manage_guild=True),
    )
    alias = app_commands.Group(name="alias", description="Add or remove an alias", parent=kb)
    question = app_commands.Group(name="question", description="Add or remove a question phrasing", parent=kb)
    cite = app_commands.Group(name="cite", description="Add or remove a citation", parent=kb)

    def __init__(self, bot: CopyrightBot) -> None:
        self.bot = bot

    # ---- helpers -------------------------------------------------------------------------------------
    async def entry_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        if not await is_editor(interaction):  # autocomplete runs no checks of its own
            return []
        pairs = self.bot.service.suggest(current[:200], limit=limits.CHOICES)
        deleted = sorted(await self.bot.core.repo.deleted_ids())
        pairs += [(d, f"{d} (deleted)") for d in deleted if current.casefold() in d]
        return [app_commands.Choice(name=limits.shorten(n, limits.CHOICE_NAME), value=i) for i, n in pairs[:25]]

    async def _change(
        self, interaction: discord.Interaction, entry_id: str, change: Callable[[Entry], dict], reason: str
    ) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)  # a save can outlast the 3 s window
        try:
            entry = await self.bot.editor.current(entry_id)
            saved = await self.bot.editor.update(
                entry_id, change(entry), base=entry.revision, author=author_of(interaction), reason=reason
            )
            rendered = saved_message(saved, "Saved")
        except EditRejected as error:
            rendered = rejection(error)
        await reply(interaction, rendered)

    # ---- entries -------------------------------------------------------------------------------------
    @kb.command(name="add", description="Add an entry (a form follows; it must name a source)")
    @app_commands.describe(id="New id, e.g. us-new-case", jurisdiction="Where it applies", kind="What it is")
    @app_commands.choices(
        jurisdiction=[app_commands.Choice(name=JURISDICTION_NAMES[j], value=j) for j in JURISDICTIONS],
        kind=[app_commands.Choice(name=k, value=k) for k in KINDS],
    )
    @editor_only
    async def add(
        self,
        interaction: discord.Interaction,
        id: app_commands.Range[str, 3, 80],
        jurisdiction: app_commands.Choice[str],
        kind: app_commands.Choice[str],
    ) -> None:
        entry_id = id.strip().lower()
        if not ID_SAFE.match(entry_id) or entry_id in self.bot.service.entries:
            message = "That id is taken." if entry_id in self.bot.service.entries else "Ids use a-z, 0-9 and dashes."
            await reply(interaction, render_message(message))
            return
        await interaction.response.send_modal(add_modal(self.bot, entry_id, jurisdiction.value, kind.value))

    @kb.command(name="edit", description="Edit an entry's text (a form filled with the current text)")
    @app_commands.autocomplete(entry=entry_autocomplete)
    @editor_only
    @describe("entry")
    async def edit(self, interaction: discord.Interaction, entry: str) -> None:
        try:
            current = await self.bot.editor.current(entry)
        except EditRejected as error:
            await reply(interaction, rejection(error))
            return
        await interaction.response.send_modal(edit_modal(self.bot, current))

    @kb.command(name="delete", description="Remove an entry from answers (it can be restored)")
    @app_commands.autocomplete(entry=entry_autocomplete)
    @editor_only
    @describe("entry", "reason")
    async def delete(
        self, interaction: discord.Interaction, entry: str, reason: app_commands.Range[str, 3, 300]
    ) -> None:
        try:
            current = await self.bot.editor.current(entry)
        except EditRejected as error:
            await reply(interaction, rejection(error))
            return

        async def confirmed(click: discord.Interaction) -> Rendered:
            saved = await self.bot.editor.delete(
                current.id, base=current.revision, author=author_of(click), reason=reason
            )
            return saved_message(saved, "Deleted")

        view = Confirm(interaction.user.id, confirmed, label=f"Delete {current.id}"[: limits.BUTTON_LABEL])
        rendered = Rendered(content=f"Delete `{current.id}` ({current.title})? It can be restored.", view=view)
        await reply(interaction, rendered)

    @kb.command(name="restore", description="Bring a deleted entry back")
    @app_commands.autocomplete(entry=entry_autocomplete)
    @editor_only
    @describe("entry")
    async def restore(self, interaction: discord.Interaction, entry: str) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        try:
            saved = await self.bot.editor.restore(entry, author=author_of(interaction))
            rendered = saved_message(saved, "Restored")
        except EditRejected as error:
            rendered = rejection(error)
        await reply(interaction, rendered)

    @kb.command(name="history", description="Who changed an entry, when, why and what")
    @app_commands.autocomplete(entry=entry_autocomplete)
    @editor_only
    @describe("entry")
    async def history(self, interaction: discord.Interaction, entry: str) -> None:
        revisions = await self.bot.editor.history(entry)
        if not revisions:
            await reply(interaction, render_message(f"No entry `{entry}`."))
            return
        lines, previous = [], None
        for rev in revisions:
            changes = "; ".join(diff(previous, rev.snapshot)[:4])
            lines.append(f"**r{rev.number}** {rev.created_at:%Y-%m-%d %H:%M} · {rev.author} · {rev.reason}\n{changes}")
            previous = rev.snapshot
        lines.reverse()
        await paged_reply(interaction, f"History of {entry}", lines, per_page=5, note="newest first", gap="\n\n")

    @kb.command(name="revert", description="Restore an earlier revision (as a new revision)")
    @app_commands.autocomplete(entry=entry_autocomplete)
    @editor_only
    @describe("entry", "revision")
    async def revert(self, interaction: discord.Interaction, entry: str, revision: app_commands.Range[int, 1]) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        try:
            saved = await self.bot.editor.revert(entry, revision, author=author_of(interaction))
            rendered = saved_message(saved, f"Reverted to r{revision} as")
        except EditRejected as error:
            rendered = rejection(error)
        await reply(interaction, rendered)

    @kb.command(name="status", description="Record where a matter stands now (also marks it checked today)")
    @app_commands.autocomplete(entry=entry_autocomplete)
    @app_commands.choices(status=[app_commands.Choice(name=s, value=s) for s in STATUSES])
    @editor_only
    @describe("entry", "status", "detail")
    async def status(
        self,
        interaction: discord.Interaction,
        entry: str,
        status: app_commands.Choice[str],
        detail: app_commands.Range[str, 1, STATUS_DETAIL_MAX] | None = None,
    ) -> None:
        today = dt.date.today()
        await self._change(
            interaction,
            entry,
            lambda e: status_change(e, status.value, detail, today),
            f"status {status.value}, checked {today.isoformat()}",
        )

    @kb.command(name="stale", description="Open matters (pending, awaiting approval, consultation) not checked lately")
    @editor_only
    @describe("days")
    async def stale(
        self, interaction: discord.Interaction, days: app_commands.Range[int, 0, 3650] = STALE_DAYS
    ) -> None:
        today = dt.date.today()
        found = stale_entries(self.bot.service.entries.values(), today, days)
        if not found:
            message = f"Every open matter was checked in the last {days} day(s). Nothing to review."
            await reply(interaction, render_message(message))
            return
        lines = [f"• {defuse(stale_line(e, today))}" for e in found]
        title = f"Open matters not checked in {days} day(s)"
        await paged_reply(interaction, title, lines, per_page=8, note="oldest first · /kb status records a check")

    # ---- parts of an entry -----------------------------------------------------------------------------
    @alias.command(name="add", description="Add an alias (a name people use for the entry)")
    @app_commands.autocomplete(entry=entry_autocomplete)
    @editor_only
    @describe("entry", "text")
    async def alias_add(
        self, interaction: discord.Interaction, entry: str, text: app_commands.Range[str, 1, lengths.ALIAS]
    ) -> None:
        await self._change(interaction, entry, lambda e: {"aliases": [*e.aliases, text.strip()]}, f"alias +{text}")

    @alias.command(name="remove", description="Remove an alias")
    @app_commands.autocomplete(entry=entry_autocomplete)
    @editor_only
    @describe("entry", "text")
    async def alias_remove(self, interaction: discord.Interaction, entry: str, text: str) -> None:
        key = text.strip().casefold()
        await self._change(
            interaction, entry, lambda e: {"aliases": [a for a in e.aliases if a.casefold() != key]}, f"alias -{text}"
        )

    @question.command(name="add", description="Add a way people ask about the entry")
    @app_commands.autocomplete(entry=entry_autocomplete)
    @editor_only
    @describe("entry", "text")
    async def question_add(
        self, interaction: discord.Interaction, entry: str, text: app_commands.Range[str, 1, lengths.QUESTION]
    ) -> None:
        await self._change(interaction, entry, lambda e: {"questions": [*e.questions, text.strip()]}, "question added")

    @question.command(name="remove", description="Remove a question phrasing")
    @app_commands.autocomplete(entry=entry_autocomplete)
    @editor_only
    @describe("entry", "text")
    async def question_remove(self, interaction: discord.Interaction, entry: str, text: str) -> None:
        key = text.strip().casefold()
        await self._change(
            interaction,
            entry,
            lambda e: {"questions": [q for q in e.questions if q.casefold() != key]},
            "question removed",
        )

    @cite.command(name="add", description="Add a citation: court, date, docket (or -), https link")
    @app_commands.autocomplete(entry=entry_autocomplete)
    @editor_only
    @describe("entry", "court", "date", "docket", "url")
    async def cite_add(
        self,
        interaction: discord.Interaction,
        entry: str,
        court: app_commands.Range[str, 1, lengths.COURT],
        date: app_commands.Range[str, 4, lengths.DATE],
        docket: app_commands.Range[str, 1, lengths.DOCKET],
        url: app_commands.Range[str, 1, lengths.URL],
    ) -> None:
        def change(e: Entry) -> dict:
            new = {
                "title": e.title,
                "court": court,
                "date": date,
                "docket": None if docket in ("", "-") else docket,
                "url": url,
            }
            return {"citations": [c.model_dump(mode="json") for c in e.citations] + [new]}

        await self._change(interaction, entry, change, "citation added")

    @cite.command(name="remove", description="Remove a citation by its number (1 = the first)")
    @app_commands.autocomplete(entry=entry_autocomplete)
    @editor_only
    @describe("entry", "number")
    async def cite_remove(
        self, interaction: discord.Interaction, entry: str, number: app_commands.Range[int, 1]
    ) -> None:
        await self._change(
            interaction,
            entry,
            lambda e: {"citations": [c.model_dump(mode="json") for i, c in enumerate(e.citations, 1) if i != number]},
            f"citation {number} removed",
        )

    # ---- the whole knowledge base ------------------------------------------------------------------------
    @kb.command(name="export", description="The whole knowledge base as a zip of knowledge files")
    @editor_only
    async def export(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        entries = await self.bot.core.repo.list_entries()
        data = export_zip(entries, self.bot.settings.knowledge_dir)  # unedited files come back byte for byte
        await interaction.followup.send(
            content=f"{len(entries)} entries. Import this file to restore or review them.",
            file=discord.File(io.BytesIO(data), filename="knowledge-export.zip"),
            ephemeral=True,
            allowed_mentions=NO_MENTIONS,
        )

    @kb.command(name="import", description="Import a knowledge zip: a dry run first, then confirm")
    @editor_only
    @describe("file")
    async def import_(self, interaction: discord.Interaction, file: discord.Attachment) -> None:
        if file.size > MAX_BYTES:
            await reply(interaction, render_message("That file is too large (20 MB at most)."))
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        data = await file.read()
        current = {e.id: e for e in await self.bot.core.repo.list_entries()}
        plan = await asyncio.to_thread(plan_import, data, current)  # parsing 2,000 files must not stall the loop
        lines = [f"Dry run: {plan.summary()}."] + [f"• {defuse(line)}" for line in plan_lines(plan, 20)]
        if plan.problems or plan.is_noop or plan.conflicts:
            if plan.is_noop:
                lines.append("Nothing to do: the knowledge base already matches this file.")
            await reply(interaction, render_message("\n".join(lines)))
            return

        async def apply(click: discord.Interaction) -> Rendered:
            async with self.bot.audit_held():
                return render_message(await apply_plan(self.bot.editor, plan, author_of(click)))

        await reply(interaction, Rendered(content="\n".join(lines), view=Confirm(interaction.user.id, apply, "Import")))

    @kb.command(name="gaps", description="What people asked that the bot could not answer, most asked first")
    @editor_only
    async def gaps(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        try:
            gaps = await self.bot.community.gaps()
        except SQLAlchemyError:
            await reply(interaction, render_message(f"Nothing to show: {UNAVAILABLE}."))
            return
        groups = await asyncio.to_thread(group_gaps, gaps, 10)
        if not groups:
            await reply(interaction, render_message("No unanswered questions recorded yet."))
            return
        # Members' own words: escaped, so a masked link or a mention reaches moderators as plain text.
        lines = [
            f"**#{i}** ({g.count}× in {g.servers} server(s), last {g.last_asked}) "
            + escape_user_text(limits.shorten(g.example, 300))
            for i, g in enumerate(groups, 1)
        ]
        description = limits.shorten("\n".join(lines), limits.EMBED_DESCRIPTION)
        embed = discord.Embed(title="Questions without a good answer", description=description)
        view = GapButtons(self.bot, interaction.user.id, [g.example for g in groups])
        await reply(interaction, Rendered(embeds=[embed], view=view))

    @kb.command(name="feedback", description="Entries with the most 'not helpful' votes")
    @editor_only
    async def feedback(self, interaction: discord.Interaction) -> None:
        rows = await self.bot.community.feedback_summary()
        if not rows:
            await reply(interaction, render_message("No 'not helpful' votes yet."))
            return
        lines = [
            f"`{entry}`: {bad} not helpful, {good} helpful (last {last:%Y-%m-%d})"
            for entry, bad, good, last in rows[:20]
        ]
        await reply(interaction, Rendered(embeds=[discord.Embed(title="Feedback", description="\n".join(lines))]))
