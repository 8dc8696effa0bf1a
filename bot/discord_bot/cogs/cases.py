"""Looking things up: /case, /compare, /cases, /cite, /about, /timeline. Autocomplete reads the in-memory index."""

import asyncio

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.answers import JURISDICTION_NAMES
from bot.core.container import Services
from bot.core.entry import JURISDICTIONS, KINDS
from bot.discord_bot import limits
from bot.discord_bot.language import interaction_language
from bot.discord_bot.pacing import Pacing
from bot.discord_bot.render import (
    Rendered,
    page_count,
    render_about,
    render_answer,
    render_cases_page,
    render_cite,
    render_notice,
    render_timeline,
    render_unknown,
)
from bot.discord_bot.views import paged

PER_PAGE = 8


def choices_for(pairs: list[tuple[str, str]]) -> list[app_commands.Choice[str]]:
    return [
        app_commands.Choice(name=limits.shorten(name, limits.CHOICE_NAME), value=entry_id[: limits.CHOICE_NAME])
        for entry_id, name in pairs[: limits.CHOICES]
    ]


class CasesCog(commands.Cog):
    def __init__(self, services: Services, pacing: Pacing) -> None:
        self.knowledge, self.pacing = services.knowledge, pacing
        self.timeline = services.timeline
        self._drawing = asyncio.Lock()  # one picture drawn at a time: a second asker then gets it from the cache

    async def entry_autocomplete(
        self, _interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return choices_for(self.knowledge.suggest(current[:200], limit=limits.CHOICES))

    async def topic_autocomplete(
        self, _interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return choices_for(self.knowledge.topics(current))

    async def _public(self, interaction: discord.Interaction, rendered: Rendered) -> None:
        """A public answer, or, past the member's share of public answers, the same answer for them alone."""
        private = not self.pacing.public_answers.allow(interaction.user.id)
        await interaction.response.send_message(**rendered.kwargs(), ephemeral=private)

    async def _unknown(self, interaction: discord.Interaction, name: str) -> None:
        rendered = render_unknown(
            self.knowledge.suggest(name[:200], limit=3), interaction_language(interaction), self.knowledge.entries
        )
        await interaction.response.send_message(**rendered.kwargs(), ephemeral=True)

    @app_commands.command(name="case", description="Look up one case or document by name")
    @app_commands.describe(name="Case name, party, court or alias")
    @app_commands.autocomplete(name=entry_autocomplete)
    async def case(self, interaction: discord.Interaction, name: app_commands.Range[str, 1, 200]) -> None:
        entry = self.knowledge.lookup(name.strip())
        if entry is None:
            await self._unknown(interaction, name)
            return
        answer = self.knowledge.compose_entry(entry)
        await self._public(
            interaction, render_answer(answer, self.knowledge.entries, interaction_language(interaction))
        )

    @app_commands.command(name="compare", description="China vs the US (or another topic) side by side")
    @app_commands.describe(topic="Topic to compare (default: the China-US split)")
    @app_commands.autocomplete(topic=topic_autocomplete)
    async def compare(self, interaction: discord.Interaction, topic: str | None = None) -> None:
        answer = self.knowledge.compare(topic)
        locale = interaction_language(interaction)
        if answer is None:
            await interaction.response.send_message(**render_notice("no_topic", locale).kwargs(), ephemeral=True)
            return
        await self._public(interaction, render_answer(answer, self.knowledge.entries, locale))

    @app_commands.command(name="cases", description="List the cases and documents in the knowledge base")
    @app_commands.describe(jurisdiction="Only this jurisdiction", kind="Only this kind of entry")
    @app_commands.choices(
        jurisdiction=[app_commands.Choice(name=JURISDICTION_NAMES[j], value=j) for j in JURISDICTIONS],
        kind=[app_commands.Choice(name=k.replace("-", " "), value=k) for k in KINDS],
    )
    async def cases(
        self,
        interaction: discord.Interaction,
        jurisdiction: app_commands.Choice[str] | None = None,
        kind: app_commands.Choice[str] | None = None,
    ) -> None:
        locale = interaction_language(interaction)
        entries = self.knowledge.listing(jurisdiction.value if jurisdiction else None, kind.value if kind else None)

        def page(number: int) -> discord.Embed:
            return render_cases_page(entries, number, PER_PAGE, locale)

        await self._public(interaction, paged(interaction.user.id, page_count(len(entries), PER_PAGE), page))

    @app_commands.command(name="cite", description="A citation ready to paste")
    @app_commands.describe(name="Case name, party, court or alias", style="Citation style")
    @app_commands.autocomplete(name=entry_autocomplete)
    @app_commands.choices(
        style=[app_commands.Choice(name="full", value="full"), app_commands.Choice(name="link", value="link")]
    )
    async def cite(
        self,
        interaction: discord.Interaction,
        name: app_commands.Range[str, 1, 200],
        style: app_commands.Choice[str] | None = None,
    ) -> None:
        entry = self.knowledge.lookup(name.strip())
        if entry is None:
            await self._unknown(interaction, name)
            return
        await self._public(
            interaction, render_cite(entry, style.value if style else "full", interaction_language(interaction))
        )

    @app_commands.command(name="about", description="What this bot is, its sources, and that it is not legal advice")
    async def about(self, interaction: discord.Interaction) -> None:
        await self._public(
            interaction, render_about(list(self.knowledge.entries.heads()), interaction_language(interaction))
        )

    @app_commands.command(name="timeline", description="The rulings and documents on a time axis, as a picture")
    @app_commands.describe(jurisdiction="Only this jurisdiction")
    @app_commands.choices(
        jurisdiction=[app_commands.Choice(name=JURISDICTION_NAMES[j], value=j) for j in JURISDICTIONS],
    )
    async def timeline_picture(
        self, interaction: discord.Interaction, jurisdiction: app_commands.Choice[str] | None = None
    ) -> None:
        lang = interaction_language(interaction)
        private = not self.pacing.public_answers.allow(interaction.user.id)
        await interaction.response.defer(ephemeral=private, thinking=True)  # drawing takes most of a second
        table = self.knowledge.entries  # never changed in place: a snapshot; unpacked in the worker thread
        async with self._drawing:
            picture = await asyncio.to_thread(
                self.timeline.picture, table.unpacked(), lang, jurisdiction.value if jurisdiction else None
            )
        as_of = max((head.as_of for head in table.heads()), default="")
        rendered = render_timeline(picture.png, picture.items, as_of, lang)
        await interaction.followup.send(**rendered.kwargs(), ephemeral=private)
