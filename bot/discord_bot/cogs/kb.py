"""/kb: moderators keep the knowledge current. Every path checks the editor rule at run time."""

from __future__ import annotations

import asyncio
import datetime as dt
import io
from collections.abc import Callable
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.core import drafts, lengths
from bot.core.answers import JURISDICTION_NAMES
from bot.core.container import Services
from bot.core.editing import EditRejected, revision_changes
from bot.core.entry import JURISDICTIONS, KINDS, STATUS_DETAIL_MAX, STATUSES, Entry
from bot.core.gaps import group_gaps
from bot.core.stale import STALE_DAYS, stale_entries, status_change
from bot.core.storage.errors import StorageUnavailable
from bot.core.transfer import MAX_BYTES, export_zip
from bot.discord_bot import limits
from bot.discord_bot.audit import AuditPoster
from bot.discord_bot.kb_forms import Forms, author_of
from bot.discord_bot.permissions import EditorRule, editor_only
from bot.discord_bot.render import NO_MENTIONS, Rendered, render_message
from bot.discord_bot.render_kb import (
    NO_GAPS,
    TOO_LARGE,
    PagedList,
    delete_label,
    delete_prompt,
    export_note,
    gaps_unavailable,
    history_list,
    no_entry,
    nothing_stale,
    render_add_refused,
    render_dry_run,
    render_feedback,
    render_gaps,
    render_imported,
    render_rejection,
    render_saved,
    stale_list,
)
from bot.discord_bot.replies import reply
from bot.discord_bot.views import Confirm, GapButtons, paged

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


async def paged_reply(interaction: discord.Interaction, listing: PagedList) -> None:
    """A list as embeds, turned by the caller alone when there is more than one page."""
    await reply(interaction, paged(interaction.user.id, listing.pages, listing.page))


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

    def __init__(self, services: Services, editors: EditorRule, audit: AuditPoster) -> None:
        self.knowledge, self.editor, self.community = services.knowledge, services.editor, services.community
        self.knowledge_dir = services.settings.knowledge_dir
        self.editors, self.audit = editors, audit
        self.forms = Forms(services.editor, editors)

    # ---- helpers -------------------------------------------------------------------------------------
    async def entry_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        if not await self.editors.allows(interaction):  # autocomplete runs no checks of its own
            return []
        pairs = self.knowledge.suggest(current[:200], limit=limits.CHOICES, deleted=True)
        return [app_commands.Choice(name=limits.shorten(n, limits.CHOICE_NAME), value=i) for i, n in pairs]

    async def _change(
        self, interaction: discord.Interaction, entry_id: str, change: Callable[[Entry], dict], reason: str
    ) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)  # a save can outlast the 3 s window
        try:
            entry = await self.editor.current(entry_id)
            saved = await self.editor.update(
                entry_id, change(entry), base=entry.revision, author=author_of(interaction), reason=reason
            )
            rendered = render_saved(saved, "Saved")
        except EditRejected as error:
            rendered = render_rejection(error)
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
        taken = entry_id in self.knowledge.entries
        if taken or not drafts.is_entry_id(entry_id):
            await reply(interaction, render_add_refused(taken))
            return
        await interaction.response.send_modal(self.forms.add(entry_id, jurisdiction.value, kind.value))

    @kb.command(name="edit", description="Edit an entry's text (a form filled with the current text)")
    @app_commands.autocomplete(entry=entry_autocomplete)
    @editor_only
    @describe("entry")
    async def edit(self, interaction: discord.Interaction, entry: str) -> None:
        try:
            current = await self.editor.current(entry)
        except EditRejected as error:
            await reply(interaction, render_rejection(error))
            return
        await interaction.response.send_modal(self.forms.edit(current))

    @kb.command(name="delete", description="Remove an entry from answers (it can be restored)")
    @app_commands.autocomplete(entry=entry_autocomplete)
    @editor_only
    @describe("entry", "reason")
    async def delete(
        self, interaction: discord.Interaction, entry: str, reason: app_commands.Range[str, 3, 300]
    ) -> None:
        try:
            current = await self.editor.current(entry)
        except EditRejected as error:
            await reply(interaction, render_rejection(error))
            return

        async def confirmed(click: discord.Interaction) -> Rendered:
            saved = await self.editor.delete(current.id, base=current.revision, author=author_of(click), reason=reason)
            return render_saved(saved, "Deleted")

        view = Confirm(self.editors, interaction.user.id, confirmed, delete_label(current))
        rendered = Rendered(content=delete_prompt(current), view=view)
        await reply(interaction, rendered)

    @kb.command(name="restore", description="Bring a deleted entry back")
    @app_commands.autocomplete(entry=entry_autocomplete)
    @editor_only
    @describe("entry")
    async def restore(self, interaction: discord.Interaction, entry: str) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        try:
            saved = await self.editor.restore(entry, author=author_of(interaction))
            rendered = render_saved(saved, "Restored")
        except EditRejected as error:
            rendered = render_rejection(error)
        await reply(interaction, rendered)

    @kb.command(name="history", description="Who changed an entry, when, why and what")
    @app_commands.autocomplete(entry=entry_autocomplete)
    @editor_only
    @describe("entry")
    async def history(self, interaction: discord.Interaction, entry: str) -> None:
        revisions = await self.editor.history(entry)
        if not revisions:
            await reply(interaction, no_entry(entry))
            return
        await paged_reply(interaction, history_list(entry, revision_changes(revisions)))

    @kb.command(name="revert", description="Restore an earlier revision (as a new revision)")
    @app_commands.autocomplete(entry=entry_autocomplete)
    @editor_only
    @describe("entry", "revision")
    async def revert(self, interaction: discord.Interaction, entry: str, revision: app_commands.Range[int, 1]) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        try:
            saved = await self.editor.revert(entry, revision, author=author_of(interaction))
            rendered = render_saved(saved, f"Reverted to r{revision} as")
        except EditRejected as error:
            rendered = render_rejection(error)
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
        entries = self.knowledge.entries
        found = [entries[head.id] for head in stale_entries(entries.heads(), today, days)]
        if not found:
            await reply(interaction, nothing_stale(days))
            return
        await paged_reply(interaction, stale_list(found, today, days))

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
        await self._change(interaction, entry, lambda e: drafts.aliases_without(e, text), f"alias -{text}")

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
        await self._change(interaction, entry, lambda e: drafts.questions_without(e, text), "question removed")

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
        await self._change(
            interaction, entry, lambda e: drafts.citations_plus(e, court, date, docket, url), "citation added"
        )

    @cite.command(name="remove", description="Remove a citation by its number (1 = the first)")
    @app_commands.autocomplete(entry=entry_autocomplete)
    @editor_only
    @describe("entry", "number")
    async def cite_remove(
        self, interaction: discord.Interaction, entry: str, number: app_commands.Range[int, 1]
    ) -> None:
        await self._change(
            interaction, entry, lambda e: drafts.citations_without(e, number), f"citation {number} removed"
        )

    # ---- the whole knowledge base ------------------------------------------------------------------------
    @kb.command(name="export", description="The whole knowledge base as a zip of knowledge files")
    @editor_only
    async def export(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        entries = await self.knowledge.stored_entries()
        data = export_zip(entries, self.knowledge_dir)  # unedited files come back byte for byte
        await interaction.followup.send(
            content=export_note(len(entries)),
            file=discord.File(io.BytesIO(data), filename="knowledge-export.zip"),
            ephemeral=True,
            allowed_mentions=NO_MENTIONS,
        )

    @kb.command(name="import", description="Import a knowledge zip: a dry run first, then confirm")
    @editor_only
    @describe("file")
    async def import_(self, interaction: discord.Interaction, file: discord.Attachment) -> None:
        if file.size > MAX_BYTES:
            await reply(interaction, render_message(TOO_LARGE))
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        try:
            plan = await self.editor.plan_import(await file.read())
        except EditRejected as error:
            await reply(interaction, render_rejection(error))
            return
        content, confirmable = render_dry_run(plan)
        if not confirmable:
            await reply(interaction, render_message(content))
            return

        async def apply(click: discord.Interaction) -> Rendered:
            async with self.audit.held():
                return render_imported(await self.editor.apply_import(plan, author_of(click)))

        await reply(
            interaction, Rendered(content=content, view=Confirm(self.editors, interaction.user.id, apply, "Import"))
        )

    @kb.command(name="gaps", description="What people asked that the bot could not answer, most asked first")
    @editor_only
    async def gaps(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        try:
            gaps = await self.community.gaps()
        except StorageUnavailable:
            await reply(interaction, gaps_unavailable())
            return
        groups = await asyncio.to_thread(group_gaps, gaps, 10)
        if not groups:
            await reply(interaction, render_message(NO_GAPS))
            return
        view = GapButtons(self.editors, [g.example for g in groups], self.forms.from_gap)
        await reply(interaction, Rendered(embeds=[render_gaps(groups)], view=view))

    @kb.command(name="feedback", description="Entries with the most 'not helpful' votes")
    @editor_only
    async def feedback(self, interaction: discord.Interaction) -> None:
        await reply(interaction, render_feedback(await self.community.feedback_summary()))
