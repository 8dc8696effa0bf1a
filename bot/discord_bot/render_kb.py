"""Every /kb message: saves (and "saved, but ..."), refusals, import plans, history, gaps, feedback, stale."""

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass

import discord

from bot.core.editing import INDEX_BEHIND, NOT_ANNOUNCED, UNAVAILABLE, EditRejected, HistoryStep, Imported, Saved
from bot.core.entry import Entry
from bot.core.gaps import GapGroup
from bot.core.knowledge_files import render_entry
from bot.core.stale import stale_line
from bot.core.transfer import MAX_MB, ImportPlan, plan_lines
from bot.discord_bot import limits
from bot.discord_bot.limits import defuse, escape_user_text
from bot.discord_bot.render import Rendered, page_count, render_message, render_paged

NOT_DONE = {
    INDEX_BEHIND: "answers do not show it yet (the search index could not be updated; it will be at the next edit "
    "or restart)",
    NOT_ANNOUNCED: "the audit channels were not told",
}
CANCELLED = "Cancelled; nothing changed."
NO_GAPS = "No unanswered questions recorded yet."
TOO_LARGE = f"That file is too large ({MAX_MB} MB at most)."
HISTORY_PER_PAGE = 5
STALE_PER_PAGE = 8


def _but(not_done: Sequence[str]) -> str:
    """ "Saved, but ...": what did not happen after the commit (the save itself stands)."""
    return (", but " + "; and ".join(NOT_DONE.get(step, step) for step in not_done)) if not_done else ""


def render_saved(saved: Saved, verb: str, note: str = "") -> Rendered:
    changes = "\n".join(f"• {c}" for c in saved.changes[:10])
    head = f"{verb} `{saved.entry.id}` (revision {saved.entry.revision}){_but(saved.not_done)}."
    return render_message(f"{head}{' ' + note if note else ''}\n{changes}")


def render_imported(imported: Imported) -> Rendered:
    return render_message(f"Imported: {imported.added} added, {imported.changed} changed{_but(imported.not_done)}.")


def render_rejection(error: EditRejected) -> Rendered:
    """Each problem, and for a conflict the editor's own version back (attached) to re-apply."""
    lines = ["Nothing was saved."] + [f"• {p}" for p in error.problems[:15]]
    rendered = render_message("\n".join(lines))
    if error.yours is not None:
        note = "\n\nYour version is attached: reopen the entry with /kb edit and apply it again."
        rendered.content = limits.shorten(rendered.content or "", limits.CONTENT - len(note)) + note
        data = render_entry(error.yours).encode("utf-8")
        rendered.files = [discord.File(io.BytesIO(data), filename=f"{error.yours.id}-your-version.md")]
    return rendered


def render_audit(saved: Saved) -> str:
    changes = "\n".join(f"• {line}" for line in saved.changes[:10])
    return f"`{saved.entry.id}` is now at revision {saved.entry.revision}.\n{changes}"


def left_out_note(fields: Sequence[str]) -> str:
    return (
        f"Not in the form because too long for one, and kept exactly as they were: {', '.join(fields)}. "
        "To change them, use /kb export, edit the file and /kb import it."
    )


def render_add_refused(taken: bool) -> Rendered:
    return render_message("That id is taken." if taken else "Ids use a-z, 0-9 and dashes.")


def delete_prompt(entry: Entry) -> str:
    return f"Delete `{entry.id}` ({entry.title})? It can be restored."


def delete_label(entry: Entry) -> str:
    return f"Delete {entry.id}"[: limits.BUTTON_LABEL]


def audit_channel_set(channel_mention: str | None) -> Rendered:
    if channel_mention is None:
        return render_message("Audit posts stopped.")
    return render_message(f"Knowledge changes will be posted in {channel_mention}.")


def render_dry_run(plan: ImportPlan) -> tuple[str, bool]:
    """The plan as the editor reads it, and whether it may be confirmed."""
    lines = [f"Dry run: {plan.summary()}."] + [f"• {defuse(line)}" for line in plan_lines(plan, 20)]
    if plan.is_noop:
        lines.append("Nothing to do: the knowledge base already matches this file.")
    return "\n".join(lines), not (plan.problems or plan.is_noop or plan.conflicts)


def export_note(count: int) -> str:
    return f"{count} entries. Import this file to restore or review them."


@dataclass(frozen=True)
class PagedList:
    """A list shown a page at a time (the page buttons belong to whoever asked)."""

    title: str
    lines: Sequence[str]
    per_page: int
    note: str
    gap: str = "\n"

    @property
    def pages(self) -> int:
        return page_count(len(self.lines), self.per_page)

    def page(self, number: int) -> discord.Embed:
        return render_paged(self.title, self.lines, number, per_page=self.per_page, note=self.note, gap=self.gap)


def history_list(entry_id: str, history: Sequence[HistoryStep]) -> PagedList:
    """Newest first: who, when, why, and the first changes."""
    lines = [
        f"**r{s.number}** {s.created_at:%Y-%m-%d %H:%M} · {s.author} · {s.reason}\n{'; '.join(s.changes[:4])}"
        for s in reversed(history)
    ]
    return PagedList(f"History of {entry_id}", lines, HISTORY_PER_PAGE, "newest first", gap="\n\n")


def stale_list(entries: Sequence[Entry], today: dt.date, days: int) -> PagedList:
    lines = [f"• {defuse(stale_line(e, today))}" for e in entries]
    title = f"Open matters not checked in {days} day(s)"
    return PagedList(title, lines, STALE_PER_PAGE, "oldest first · /kb status records a check")


def nothing_stale(days: int) -> Rendered:
    return render_message(f"Every open matter was checked in the last {days} day(s). Nothing to review.")


def render_gaps(groups: Sequence[GapGroup]) -> discord.Embed:
    """Members' own words: escaped, so a masked link or a mention reaches moderators as plain text."""
    lines = [
        f"**#{i}** ({g.count}× in {g.servers} server(s), last {g.last_asked}) "
        + escape_user_text(limits.shorten(g.example, 300))
        for i, g in enumerate(groups, 1)
    ]
    description = limits.shorten("\n".join(lines), limits.EMBED_DESCRIPTION)
    return discord.Embed(title="Questions without a good answer", description=description)


def render_feedback(rows: Sequence[tuple[str, int, int, dt.datetime]]) -> Rendered:
    if not rows:
        return render_message("No 'not helpful' votes yet.")
    lines = [
        f"`{entry}`: {bad} not helpful, {good} helpful (last {last:%Y-%m-%d})" for entry, bad, good, last in rows[:20]
    ]
    return Rendered(embeds=[discord.Embed(title="Feedback", description="\n".join(lines))])


def gaps_unavailable() -> Rendered:
    return render_message(f"Nothing to show: {UNAVAILABLE}.")


def no_entry(entry_id: str) -> Rendered:
    return render_message(f"No entry `{entry_id}`.")
