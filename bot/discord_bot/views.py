"""Buttons and selects. Answer components are dynamic items matched by the custom-id templates (so they keep
working after a restart); they are bound to the services when the bot registers them. Pagination and
confirmation belong to the person who asked.
"""

from __future__ import annotations

import logging
import re
import types
from collections.abc import Awaitable, Callable
from typing import Any, ClassVar, TypeVar

import discord

from bot.core.container import Services
from bot.core.editing import EditRejected
from bot.core.storage.errors import StorageUnavailable
from bot.discord_bot import custom_ids
from bot.discord_bot.language import interaction_language
from bot.discord_bot.permissions import EditorRule
from bot.discord_bot.render import NO_MENTIONS, Rendered, render_answer, render_body, render_notice
from bot.discord_bot.render_kb import CANCELLED, render_rejection
from bot.discord_bot.replies import reply
from bot.i18n import Language

log = logging.getLogger(__name__)
ItemT = TypeVar("ItemT", bound=discord.ui.Item[Any])


def _as(item: discord.ui.Item[Any], kind: type[ItemT]) -> ItemT:
    """The component a custom id matched, as the kind its template is for (Discord sends that kind)."""
    if not isinstance(item, kind):
        raise TypeError(f"{item!r} is not a {kind.__name__}")
    return item


class _Bound:
    """What every answer component reads: the services it was bound to (see bound_items)."""

    services: ClassVar[Services]
    lang: Language = Language.EN  # the language of the answer the component is on (its custom id says)

    def _read_lang(self, match: re.Match[str]) -> None:
        self.lang = Language.ZH if match["lang"] else Language.EN

    async def _send_entry(self, interaction: discord.Interaction, entry_id: str) -> None:
        """An entry's answer, shown only to the member who clicked, in the language of the answer clicked on."""
        knowledge = self.services.knowledge
        entry = knowledge.entries.get(entry_id)
        locale = self.lang
        if entry is None:
            rendered = render_notice("gone", locale)
        else:
            rendered = render_answer(knowledge.compose_entry(entry), knowledge.entries, locale)
        await interaction.response.send_message(**rendered.kwargs(), ephemeral=True)


class FullExplanationButton(_Bound, discord.ui.DynamicItem[discord.ui.Button[Any]], template=custom_ids.FULL):
    def __init__(self, item: discord.ui.Button[Any], entry_id: str) -> None:
        super().__init__(item)
        self.entry_id = entry_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> FullExplanationButton:
        made = cls(_as(item, discord.ui.Button), match["entry"])
        made._read_lang(match)
        return made

    async def callback(self, interaction: discord.Interaction) -> None:
        entry = self.services.knowledge.entries.get(self.entry_id)
        rendered = render_body(entry, self.lang) if entry else render_notice("gone", self.lang)
        await interaction.response.send_message(**rendered.kwargs(), ephemeral=True)


class VoteButton(_Bound, discord.ui.DynamicItem[discord.ui.Button[Any]], template=custom_ids.VOTE):
    def __init__(self, item: discord.ui.Button[Any], entry_id: str, value: str) -> None:
        super().__init__(item)
        self.entry_id, self.value = entry_id, value

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> VoteButton:
        made = cls(_as(item, discord.ui.Button), match["entry"], match["value"])
        made._read_lang(match)
        return made

    async def callback(self, interaction: discord.Interaction) -> None:
        locale = self.lang
        if self.entry_id not in self.services.knowledge.entries or interaction.message is None:
            await interaction.response.send_message(**render_notice("gone", locale).kwargs(), ephemeral=True)
            return
        helpful = self.value == "up"
        try:
            await self.services.community.vote(interaction.message.id, interaction.user.id, self.entry_id, helpful)
            key = "vote_thanks"
        except StorageUnavailable:  # the answer stands; only the vote is lost, and the member is told so
            log.warning("could not record a vote on %s", self.entry_id, exc_info=True)
            key = "vote_failed"
        await interaction.response.send_message(**render_notice(key, locale).kwargs(), ephemeral=True)


class RelatedSelect(_Bound, discord.ui.DynamicItem[discord.ui.Select[Any]], template=custom_ids.RELATED):
    def __init__(self, item: discord.ui.Select[Any], entry_id: str) -> None:
        super().__init__(item)
        self.entry_id = entry_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> RelatedSelect:
        made = cls(_as(item, discord.ui.Select), match["entry"])
        made._read_lang(match)
        return made

    async def callback(self, interaction: discord.Interaction) -> None:
        data: dict[str, object] = dict(interaction.data or {})
        values = data.get("values")
        chosen = str(values[0]) if isinstance(values, list) and values else ""
        # Only an entry the answer really links to may be opened from this select.
        entry = self.services.knowledge.entries.get(self.entry_id)
        if entry is None or chosen not in entry.related:
            chosen = ""
        await self._send_entry(interaction, chosen)


class SuggestionButton(_Bound, discord.ui.DynamicItem[discord.ui.Button[Any]], template=custom_ids.SUGGEST):
    def __init__(self, item: discord.ui.Button[Any], entry_id: str) -> None:
        super().__init__(item)
        self.entry_id = entry_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> SuggestionButton:
        made = cls(_as(item, discord.ui.Button), match["entry"])
        made._read_lang(match)
        return made

    async def callback(self, interaction: discord.Interaction) -> None:
        await self._send_entry(interaction, self.entry_id)


def bound_items(services: Services) -> tuple[type[discord.ui.DynamicItem[Any]], ...]:
    """The answer components, bound to these services (one set per bot, so tests can run several)."""
    return tuple(
        types.new_class(
            cls.__name__,
            (cls,),
            {"template": cls.__discord_ui_compiled_template__},
            lambda namespace: namespace.update(services=services),
        )
        for cls in (FullExplanationButton, VoteButton, RelatedSelect, SuggestionButton)
    )


class Paginator(discord.ui.View):
    """Page data lives here; the buttons only move the page. Only the caller may press them."""

    def __init__(self, owner_id: int, pages: int, render_page: Callable[[int], discord.Embed]) -> None:
        super().__init__(timeout=300)
        self.owner_id, self.pages, self.page = owner_id, pages, 0
        self.render_page = render_page
        self._sync()

    def _sync(self) -> None:
        self.previous.disabled = self.page <= 0
        self.next.disabled = self.page >= self.pages - 1

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        if interaction.user.id == self.owner_id:
            return True
        rendered = render_notice("not_yours", interaction_language(interaction))
        await interaction.response.send_message(**rendered.kwargs(), ephemeral=True)
        return False

    async def _turn(self, interaction: discord.Interaction, step: int) -> None:
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


def paged(owner_id: int, pages: int, render_page: Callable[[int], discord.Embed]) -> Rendered:
    """The first page, with page buttons for its owner when there is more than one."""
    view = Paginator(owner_id, pages, render_page) if pages > 1 else None
    return Rendered(embeds=[render_page(0)], view=view)


class Confirm(discord.ui.View):
    """Yes / cancel for a destructive or bulk change; only the editor who asked can press it."""

    def __init__(
        self,
        editors: EditorRule,
        owner_id: int,
        action: Callable[[discord.Interaction], Awaitable[Rendered]],
        label: str = "Confirm",
    ) -> None:
        super().__init__(timeout=300)
        self.editors, self.owner_id, self.action = editors, owner_id, action
        self.confirm.label = label

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        return await self.editors.admit(interaction, self.owner_id)

    @discord.ui.button(label="Confirm", style=discord.ButtonStyle.danger)
    async def confirm(self, interaction: discord.Interaction, _button: discord.ui.Button[Any]) -> None:
        self.stop()
        await interaction.response.defer(ephemeral=True, thinking=True)  # an import can take longer than 3 s
        try:
            rendered = await self.action(interaction)
        except EditRejected as error:
            rendered = render_rejection(error)
        await reply(interaction, rendered)

    @discord.ui.button(label="Cancel", style=discord.ButtonStyle.secondary)
    async def cancel(self, interaction: discord.Interaction, _button: discord.ui.Button[Any]) -> None:
        self.stop()
        await reply(interaction, Rendered(content=CANCELLED))


class _GapButton(discord.ui.Button[Any]):
    """Opens the new-entry form prefilled with one gap's question."""

    def __init__(self, index: int, question: str, open_form: Callable[[str], discord.ui.Modal]) -> None:
        super().__init__(label=f"Add entry for #{index + 1}", row=index // 5)
        self.question, self.open_form = question, open_form

    async def callback(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_modal(self.open_form(self.question))


class GapButtons(discord.ui.View):
    """One "add entry" button per gap group; the questions stay here, not in the custom ids."""

    def __init__(self, editors: EditorRule, questions: list[str], open_form: Callable[[str], discord.ui.Modal]) -> None:
        super().__init__(timeout=900)
        self.editors = editors
        for index, question in enumerate(questions[:5]):
            self.add_item(_GapButton(index, question, open_form))

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        return await self.editors.admit(interaction)
