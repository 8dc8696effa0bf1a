"""Buttons and selects. Answer components are dynamic items (their custom id carries the entry id), so
they keep working after a restart; pagination belongs to the person who asked.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import discord
from sqlalchemy.exc import SQLAlchemyError

from bot.core.entry import Entry
from bot.discord_bot import limits
from bot.discord_bot.texts import text

if TYPE_CHECKING:
    from bot.discord_bot.client import CopyrightBot

log = logging.getLogger(__name__)
ENTRY = r"(?P<entry>[a-z0-9]+(?:-[a-z0-9]+)*)"


def _bot(interaction: discord.Interaction) -> CopyrightBot:
    return interaction.client  # type: ignore[return-value]


async def _send_entry(interaction: discord.Interaction, entry_id: str) -> None:
    """An entry's answer, shown only to the member who clicked."""
    from bot.discord_bot.render import render_answer, render_message

    bot = _bot(interaction)
    entry = bot.service.entries.get(entry_id)
    locale = str(interaction.locale)
    if entry is None:
        await interaction.response.send_message(**render_message(text("gone", locale)).kwargs(), ephemeral=True)
        return
    answer = bot.service.compose_entry(entry)
    await interaction.response.send_message(
        **render_answer(answer, bot.service.entries, locale).kwargs(), ephemeral=True
    )


class FullExplanationButton(discord.ui.DynamicItem[discord.ui.Button], template=rf"kb:full:{ENTRY}"):
    def __init__(self, entry_id: str, *, label: str = "Full explanation") -> None:
        super().__init__(
            discord.ui.Button(
                label=label, style=discord.ButtonStyle.primary, custom_id=f"kb:full:{entry_id}", emoji="📖"
            )
        )
        self.entry_id = entry_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str], /
    ) -> FullExplanationButton:
        return cls(match["entry"], label=item.label or "Full explanation")

    async def callback(self, interaction: discord.Interaction) -> None:
        from bot.discord_bot.render import render_body, render_message

        entry = _bot(interaction).service.entries.get(self.entry_id)
        locale = str(interaction.locale)
        rendered = render_body(entry, locale) if entry else render_message(text("gone", locale))
        await interaction.response.send_message(**rendered.kwargs(), ephemeral=True)


class VoteButton(discord.ui.DynamicItem[discord.ui.Button], template=rf"kb:vote:{ENTRY}:(?P<value>up|down)"):
    def __init__(self, entry_id: str, value: str, *, label: str | None = None) -> None:
        up = value == "up"
        super().__init__(
            discord.ui.Button(
                label=label or ("Helpful" if up else "Not helpful"),
                emoji="👍" if up else "👎",
                style=discord.ButtonStyle.secondary,
                custom_id=f"kb:vote:{entry_id}:{value}",
            )
        )
        self.entry_id, self.value = entry_id, value

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str], /
    ) -> VoteButton:
        return cls(match["entry"], match["value"], label=item.label)

    async def callback(self, interaction: discord.Interaction) -> None:
        from bot.discord_bot.render import render_message

        bot = _bot(interaction)
        locale = str(interaction.locale)
        if self.entry_id not in bot.service.entries or interaction.message is None:
            await interaction.response.send_message(**render_message(text("gone", locale)).kwargs(), ephemeral=True)
            return
        try:
            await bot.community.vote(interaction.message.id, interaction.user.id, self.entry_id, self.value == "up")
            key = "vote_thanks"
        except SQLAlchemyError:  # the answer stands; only the vote is lost, and the member is told so
            log.warning("could not record a vote on %s", self.entry_id, exc_info=True)
            key = "vote_failed"
        await interaction.response.send_message(**render_message(text(key, locale)).kwargs(), ephemeral=True)


class RelatedSelect(discord.ui.DynamicItem[discord.ui.Select], template=rf"kb:related:{ENTRY}"):
    def __init__(self, entry_id: str, select: discord.ui.Select | None = None) -> None:
        super().__init__(select or discord.ui.Select(custom_id=f"kb:related:{entry_id}", options=[]))
        self.entry_id = entry_id

    @classmethod
    def build(cls, entry_id: str, related: Sequence[Entry], *, placeholder: str) -> RelatedSelect:
        options = [
            discord.SelectOption(
                label=limits.shorten(e.title, limits.SELECT_LABEL),
                value=e.id,
                description=e.id[: limits.SELECT_DESCRIPTION],
            )
            for e in related[: limits.SELECT_OPTIONS]
        ]
        select = discord.ui.Select(custom_id=f"kb:related:{entry_id}", placeholder=placeholder, options=options)
        return cls(entry_id, select)

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Select, match: re.Match[str], /
    ) -> RelatedSelect:
        return cls(match["entry"], item)

    async def callback(self, interaction: discord.Interaction) -> None:
        values = (interaction.data or {}).get("values") or []  # type: ignore[union-attr]
        chosen = str(values[0]) if values else ""
        # Only an entry the answer really links to may be opened from this select.
        entry = _bot(interaction).service.entries.get(self.entry_id)
        if entry is None or chosen not in entry.related:
            chosen = ""
        await _send_entry(interaction, chosen)


class SuggestionButton(discord.ui.DynamicItem[discord.ui.Button], template=rf"kb:suggest:{ENTRY}"):
    def __init__(self, entry_id: str, *, label: str = "Open") -> None:
        super().__init__(
            discord.ui.Button(label=label, style=discord.ButtonStyle.secondary, custom_id=f"kb:suggest:{entry_id}")
        )
        self.entry_id = entry_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str], /
    ) -> SuggestionButton:
        return cls(match["entry"], label=item.label or "Open")

    async def callback(self, interaction: discord.Interaction) -> None:
        await _send_entry(interaction, self.entry_id)


DYNAMIC_ITEMS = (FullExplanationButton, VoteButton, RelatedSelect, SuggestionButton)


class Paginator(discord.ui.View):
    """Page data lives here; the buttons only move the page. Only the caller may press them."""

    def __init__(self, owner_id: int, pages: int, render_page: Callable[[int], discord.Embed], locale: str) -> None:
        super().__init__(timeout=300)
        self.owner_id, self.pages, self.page = owner_id, pages, 0
        self.render_page, self.locale = render_page, locale
        self._sync()

    def _sync(self) -> None:
        self.previous.disabled = self.page <= 0
        self.next.disabled = self.page >= self.pages - 1

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        if interaction.user.id == self.owner_id:
            return True
        from bot.discord_bot.render import render_message

        await interaction.response.send_message(
            **render_message(text("not_yours", str(interaction.locale))).kwargs(), ephemeral=True
        )
        return False

    async def _turn(self, interaction: discord.Interaction, step: int) -> None:
        from bot.discord_bot.render import NO_MENTIONS

        self.page = min(max(self.page + step, 0), self.pages - 1)
        self._sync()
        await interaction.response.edit_message(
            embed=self.render_page(self.page), view=self, allowed_mentions=NO_MENTIONS
        )

    @discord.ui.button(label="◀", style=discord.ButtonStyle.secondary)
    async def previous(self, interaction: discord.Interaction, _button: discord.ui.Button[Any]) -> None:
        await self._turn(interaction, -1)

    @discord.ui.button(label="▶", style=discord.ButtonStyle.secondary)
    async def next(self, interaction: discord.Interaction, _button: discord.ui.Button[Any]) -> None:
        await self._turn(interaction, 1)
