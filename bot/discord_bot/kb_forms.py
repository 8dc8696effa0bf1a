"""The modals behind /kb (new entry, new entry from a gap, edit). Each re-checks the editor rule when used;
the drafting rules (defaults, the citation line, the summary) are the core's (bot.core.drafts)."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import discord

from bot.core import drafts, lengths
from bot.core.editing import Editor, EditRejected
from bot.core.entry import SUMMARY_MAX, Entry
from bot.discord_bot.permissions import EditorRule
from bot.discord_bot.render import Rendered
from bot.discord_bot.render_kb import left_out_note, render_rejection, render_saved
from bot.discord_bot.replies import reply

FORM_TEXT = 4000  # Discord's most for one text input
SOURCE_LABEL = f"Source: {drafts.CITATION_LINE}"


def author_of(interaction: discord.Interaction) -> str:
    return f"{interaction.user} ({interaction.user.id})"


class EditorModal(discord.ui.Modal):
    """A modal whose submit re-checks the editor rule and reports problems instead of saving."""

    def __init__(
        self,
        editors: EditorRule,
        *,
        title: str,
        kind: str,
        save: Callable[[discord.Interaction, list[str]], Awaitable[Rendered]],
    ) -> None:
        # discord.py keeps open modals by custom id alone: two editors editing the same entry need two ids.
        super().__init__(title=title, custom_id=f"kb:{kind}:{uuid.uuid4().hex}", timeout=900)
        self.editors, self._save = editors, save
        self.inputs: list[discord.ui.TextInput[Any]] = []

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        return await self.editors.admit(interaction)

    async def on_submit(self, interaction: discord.Interaction, /) -> None:
        # Acknowledge first: a save re-checks every rule and rebuilds the index, which under load (twenty
        # editors at once) can take longer than Discord's 3 s.
        await interaction.response.defer(ephemeral=True, thinking=True)
        try:
            rendered = await self._save(interaction, [item.value for item in self.inputs])
        except EditRejected as error:
            rendered = render_rejection(error)
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
    ) -> None:
        item: discord.ui.TextInput[Any] = discord.ui.TextInput(
            label=label,
            default=(default or "")[:max_length] or None,
            required=required,
            max_length=max_length,
            style=discord.TextStyle.paragraph if long else discord.TextStyle.short,
            placeholder=placeholder,
        )
        self.add_item(item)
        self.inputs.append(item)


class Forms:
    """Builds the /kb modals for one editor service and one editor rule."""

    def __init__(self, editor: Editor, editors: EditorRule) -> None:
        self.editor, self.editors = editor, editors

    def add(self, entry_id: str, jurisdiction: str, kind: str) -> EditorModal:
        async def save(interaction: discord.Interaction, values: list[str]) -> Rendered:
            title, summary, body, questions, citation = values
            data = drafts.new_entry(
                entry_id,
                jurisdiction,
                kind,
                title=title,
                summary=summary,
                body=body,
                questions=questions,
                citation_line=citation,
            )
            return render_saved(await self.editor.create(data, author_of(interaction), "added in Discord"), "Added")

        modal = EditorModal(self.editors, title=f"New entry {entry_id}"[:45], kind="addform", save=save)
        modal.field("Title", max_length=lengths.TITLE)
        modal.field("Summary (at most 600 characters)", long=True, max_length=SUMMARY_MAX)
        modal.field("Full explanation (150-400 words)", long=True)
        modal.field("Question phrasings, one per line (8 or more)", long=True)
        modal.field(SOURCE_LABEL, placeholder="Beijing Internet Court | 2023-11-27 | - | https://…")
        return modal

    def from_gap(self, question: str) -> EditorModal:
        """From /kb gaps: a new entry prefilled with the question people asked."""

        async def save(interaction: discord.Interaction, values: list[str]) -> Rendered:
            header, title, body, questions, citation = values
            entry_id, jurisdiction, kind = drafts.parse_header(header)
            data = drafts.new_entry(
                entry_id,
                jurisdiction,
                kind,
                title=title,
                summary="",
                body=body,
                questions=questions,
                citation_line=citation,
            )
            saved = await self.editor.create(data, author_of(interaction), "added from /kb gaps")
            return render_saved(saved, "Added")

        modal = EditorModal(self.editors, title="New entry from a question", kind="gapform", save=save)
        modal.field("id | jurisdiction | kind", placeholder="us-new-case | US | judgment", max_length=120)
        modal.field("Title", max_length=lengths.TITLE)
        modal.field("Full explanation (first paragraph = summary)", long=True)
        modal.field("Question phrasings, one per line (8 or more)", long=True, default=question)
        modal.field(SOURCE_LABEL)
        return modal

    def edit(self, entry: Entry) -> EditorModal:
        """Prefilled with the current text; the save names the revision the editor started from. A field too
        long for a form is left out and kept exactly as it is (the editor is told), so no save can cut text."""
        current = {
            "title": ("Title", entry.title, lengths.TITLE, False),
            "summary": ("Summary", entry.summary, lengths.SUMMARY, True),
            "body": ("Full explanation", entry.body, FORM_TEXT, True),
            "questions": ("Question phrasings, one per line", "\n".join(entry.questions), FORM_TEXT, True),
        }
        shown = {name: spec for name, spec in current.items() if len(spec[1]) <= spec[2]}
        left_out = [name for name in current if name not in shown]

        async def save(interaction: discord.Interaction, values: list[str]) -> Rendered:
            changes: dict[str, Any] = dict(zip(shown, values[:-1], strict=True))
            if "questions" in changes:
                changes["questions"] = drafts.lines_of(changes["questions"])
            saved = await self.editor.update(
                entry.id, changes, base=entry.revision, author=author_of(interaction), reason=values[-1]
            )
            return render_saved(saved, "Saved", left_out_note(left_out) if left_out else "")

        modal = EditorModal(self.editors, title=f"Edit {entry.id}"[:45], kind="editform", save=save)
        for label, text, limit, long in shown.values():
            modal.field(label, default=text, long=long, max_length=limit)
        placeholder = f"Too long for a form, kept as is: {', '.join(left_out)}" if left_out else None
        modal.field("Reason for the change", max_length=300, placeholder=placeholder)
        return modal
