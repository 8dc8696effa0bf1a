"""Modals and confirm buttons behind /kb. Each one checks the editor rule again when used."""

from __future__ import annotations

import datetime as dt
import io
import re
import uuid
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

import discord

from bot.core import lengths
from bot.core.editing import EditRejected, Saved
from bot.core.entry import SUMMARY_MAX, Entry, new_status
from bot.core.knowledge_files import render_entry
from bot.discord_bot import limits
from bot.discord_bot.permissions import allow_editor
from bot.discord_bot.render import Rendered, render_message

if TYPE_CHECKING:
    from bot.discord_bot.client import CopyrightBot


def author_of(interaction: discord.Interaction) -> str:
    return f"{interaction.user} ({interaction.user.id})"


def parse_citation(line: str, title: str) -> dict[str, Any]:
    """`court | date | docket | url` (docket may be empty or '-') -> a citation mapping."""
    parts = [p.strip() for p in line.split("|")]
    if len(parts) != 4:
        raise EditRejected(["citation: write it as  court | date | docket | url  (docket may be '-')"])
    court, date, docket, url = parts
    return {"title": title, "court": court, "date": date, "docket": None if docket in ("", "-") else docket, "url": url}


def lines_of(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def summary_from(body: str) -> str:
    first = body.strip().split("\n\n")[0]
    return limits.shorten(" ".join(first.split()), SUMMARY_MAX)


def new_entry_data(
    entry_id: str, jurisdiction: str, kind: str, *, title: str, summary: str, body: str, questions: str, citation: str
) -> dict[str, Any]:
    cite = parse_citation(citation, title)
    return {
        "id": entry_id,
        "kind": kind,
        "title": title,
        "jurisdictions": [jurisdiction],
        "court": cite["court"],
        "date": cite["date"],
        "docket": cite["docket"],
        **new_status(kind, dt.date.today()),
        "as_of": dt.date.today().isoformat(),
        "summary": summary or summary_from(body),
        "body": body.strip(),
        "citations": [cite],
        "questions": lines_of(questions),
        "covers": [entry_id],
        "related": [],
    }


async def reply(interaction: discord.Interaction, rendered: Rendered, *, ephemeral: bool = True) -> None:
    if interaction.response.is_done():
        await interaction.followup.send(**rendered.kwargs(), ephemeral=ephemeral)
    else:
        await interaction.response.send_message(**rendered.kwargs(), ephemeral=ephemeral)


def rejection(error: EditRejected) -> Rendered:
    """Each problem, and for a conflict the editor's own version back (attached) to re-apply."""
    lines = ["Nothing was saved."] + [f"• {p}" for p in error.problems[:15]]
    rendered = render_message("\n".join(lines))
    if error.yours is not None:
        note = "\n\nYour version is attached: reopen the entry with /kb edit and apply it again."
        rendered.content = limits.shorten(rendered.content or "", limits.CONTENT - len(note)) + note
        data = render_entry(error.yours).encode("utf-8")
        rendered.files = [discord.File(io.BytesIO(data), filename=f"{error.yours.id}-your-version.md")]
    return rendered


def saved_message(saved: Saved, verb: str, note: str = "") -> Rendered:
    changes = "\n".join(f"• {c}" for c in saved.changes[:10])
    head = f"{verb} `{saved.entry.id}` (revision {saved.entry.revision})."
    return render_message(f"{head}{' ' + note if note else ''}\n{changes}")


class EditorModal(discord.ui.Modal):
    """A modal whose submit re-checks the editor rule and reports problems instead of saving."""

    def __init__(
        self, *, title: str, kind: str, save: Callable[[discord.Interaction, EditorModal], Awaitable[Rendered]]
    ) -> None:
        # discord.py keeps open modals by custom id alone: two editors editing the same entry need two ids.
        super().__init__(title=title, custom_id=f"kb:{kind}:{uuid.uuid4().hex}", timeout=900)
        self._save = save

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        return await allow_editor(interaction)

    async def on_submit(self, interaction: discord.Interaction, /) -> None:
        # Acknowledge first: a save re-checks every rule and rebuilds the index, which under load (twenty
        # editors at once) can take longer than Discord's 3 s.
        await interaction.response.defer(ephemeral=True, thinking=True)
        try:
            rendered = await self._save(interaction, self)
        except EditRejected as error:
            rendered = rejection(error)
        await reply(interaction, rendered)

    def field(
        self,
        label: str,
        *,
        default: str | None = None,
        long: bool = False,
        required: bool = True,
        max_length: int = 4000,
        placeholder: str | None = None,
    ) -> discord.ui.TextInput[Any]:
        item: discord.ui.TextInput[Any] = discord.ui.TextInput(
            label=label,
            default=(default or "")[:max_length] or None,
            required=required,
            max_length=max_length,
            style=discord.TextStyle.paragraph if long else discord.TextStyle.short,
            placeholder=placeholder,
        )
        self.add_item(item)
        return item


def add_modal(bot: CopyrightBot, entry_id: str, jurisdiction: str, kind: str, question: str = "") -> EditorModal:
    async def save(interaction: discord.Interaction, modal: EditorModal) -> Rendered:
        title_, summary, body, questions, citation = (c.value for c in modal.children)  # type: ignore[attr-defined]
        data = new_entry_data(
            entry_id,
            jurisdiction,
            kind,
            title=title_,
            summary=summary,
            body=body,
            questions=questions,
            citation=citation,
        )
        return saved_message(await bot.editor.create(data, author_of(interaction), "added in Discord"), "Added")

    modal = EditorModal(title=f"New entry {entry_id}"[:45], kind="addform", save=save)
    modal.field("Title", max_length=lengths.TITLE)
    modal.field("Summary (at most 600 characters)", long=True, max_length=SUMMARY_MAX)
    modal.field("Full explanation (150-400 words)", long=True)
    modal.field("Question phrasings, one per line (8 or more)", long=True, default=question)
    modal.field(
        "Source: court | date | docket | url", placeholder="Beijing Internet Court | 2023-11-27 | - | https://…"
    )
    return modal


def gap_modal(bot: CopyrightBot, question: str) -> EditorModal:
    """From /kb gaps: a new entry prefilled with the question people asked."""

    async def save(interaction: discord.Interaction, modal: EditorModal) -> Rendered:
        header, title_, body, questions, citation = (c.value for c in modal.children)  # type: ignore[attr-defined]
        parts = [p.strip() for p in header.split("|")]
        if len(parts) != 3:
            raise EditRejected(
                ["first line: write it as  id | jurisdiction | kind  (e.g. us-new-case | US | judgment)"]
            )
        entry_id, jurisdiction, kind = parts[0].lower(), parts[1].upper(), parts[2].lower()
        data = new_entry_data(
            entry_id, jurisdiction, kind, title=title_, summary="", body=body, questions=questions, citation=citation
        )
        return saved_message(await bot.editor.create(data, author_of(interaction), "added from /kb gaps"), "Added")

    modal = EditorModal(title="New entry from a question", kind="gapform", save=save)
    modal.field("id | jurisdiction | kind", placeholder="us-new-case | US | judgment", max_length=120)
    modal.field("Title", max_length=lengths.TITLE)
    modal.field("Full explanation (first paragraph = summary)", long=True)
    modal.field("Question phrasings, one per line (8 or more)", long=True, default=question)
    modal.field("Source: court | date | docket | url")
    return modal


FORM_TEXT = 4000  # Discord's most for one text input


def edit_modal(bot: CopyrightBot, entry: Entry) -> EditorModal:
    """Prefilled with the current text; the save names the revision the editor started from. A field too long
    for a form is left out and kept exactly as it is (the editor is told), so no save can cut text."""
    current = {
        "title": ("Title", entry.title, lengths.TITLE, False),
        "summary": ("Summary", entry.summary, lengths.SUMMARY, True),
        "body": ("Full explanation", entry.body, FORM_TEXT, True),
        "questions": ("Question phrasings, one per line", "\n".join(entry.questions), FORM_TEXT, True),
    }
    shown = {name: spec for name, spec in current.items() if len(spec[1]) <= spec[2]}
    left_out = [name for name in current if name not in shown]

    async def save(interaction: discord.Interaction, modal: EditorModal) -> Rendered:
        values = [c.value for c in modal.children]  # type: ignore[attr-defined]
        changes: dict[str, Any] = dict(zip(shown, values[:-1], strict=True))
        if "questions" in changes:
            changes["questions"] = lines_of(changes["questions"])
        saved = await bot.editor.update(
            entry.id, changes, base=entry.revision, author=author_of(interaction), reason=values[-1]
        )
        return saved_message(saved, "Saved", left_out_note(left_out) if left_out else "")

    modal = EditorModal(title=f"Edit {entry.id}"[:45], kind="editform", save=save)
    for label, text, limit, long in shown.values():
        modal.field(label, default=text, long=long, max_length=limit)
    placeholder = f"Too long for a form, kept as is: {', '.join(left_out)}" if left_out else None
    modal.field("Reason for the change", max_length=300, placeholder=placeholder)
    return modal


def left_out_note(fields: list[str]) -> str:
    return (
        f"Not in the form because too long for one, and kept exactly as they were: {', '.join(fields)}. "
        "To change them, use /kb export, edit the file and /kb import it."
    )


class Confirm(discord.ui.View):
    """Yes / cancel for a destructive or bulk change; only the editor who asked can press it."""

    def __init__(
        self, owner_id: int, action: Callable[[discord.Interaction], Awaitable[Rendered]], label: str = "Confirm"
    ) -> None:
        super().__init__(timeout=300)
        self.owner_id, self.action = owner_id, action
        self.confirm.label = label

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        return await allow_editor(interaction, self.owner_id)

    @discord.ui.button(label="Confirm", style=discord.ButtonStyle.danger)
    async def confirm(self, interaction: discord.Interaction, _button: discord.ui.Button[Any]) -> None:
        self.stop()
        await interaction.response.defer(ephemeral=True, thinking=True)  # an import can take longer than 3 s
        try:
            rendered = await self.action(interaction)
        except EditRejected as error:
            rendered = rejection(error)
        await reply(interaction, rendered)

    @discord.ui.button(label="Cancel", style=discord.ButtonStyle.secondary)
    async def cancel(self, interaction: discord.Interaction, _button: discord.ui.Button[Any]) -> None:
        self.stop()
        await reply(interaction, render_message("Cancelled; nothing changed."))


ID_SAFE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
