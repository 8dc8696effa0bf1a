"""Answers: /ask, mentions, and answer channels. Parse, check, call the service, render, reply."""

import logging
import re
import time
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.container import Services
from bot.core.lengths import ASKED
from bot.discord_bot.language import interaction_language, message_language
from bot.discord_bot.limits import without_mentions
from bot.discord_bot.pacing import Pacing
from bot.discord_bot.render import render_answer, render_notice

log = logging.getLogger(__name__)
MUTED_SECONDS = 600
_QUESTION_SHAPE = re.compile(
    r"\?|？|吗|么|呢|^(who|what|when|where|why|how|is|are|can|could|does|do|did|will|would|should|which)\b",
    re.IGNORECASE,
)


def reads_as_question(content: str) -> bool:
    return bool(_QUESTION_SHAPE.search(content.strip()))


class AskCog(commands.Cog):
    def __init__(self, bot: commands.Bot | commands.AutoShardedBot, services: Services, pacing: Pacing) -> None:
        self.bot = bot  # for its own user: mentions of it are questions
        self.knowledge, self.community, self.pacing = services.knowledge, services.community, pacing
        self.confident = services.settings.answer_channel_confidence
        self._noticed: dict[int, float] = {}  # users told about the cooldown, so they are told once
        self._muted: dict[int, float] = {}  # channel id -> until when the bot does not try to send there

    @app_commands.command(name="ask", description="Ask a question about AI and copyright")
    @app_commands.describe(question="Your question, in English or Chinese")
    async def ask(self, interaction: discord.Interaction, question: app_commands.Range[str, 1, ASKED]) -> None:
        question = without_mentions(question)
        lang = interaction_language(interaction, question)
        if not question:
            await interaction.response.send_message(**render_notice("empty_question", lang).kwargs(), ephemeral=True)
            return
        wait = await self.pacing.cooldown.take(interaction.user.id)
        if wait:
            rendered = render_notice("cooldown", lang, seconds=f"{wait:.0f}")
            await interaction.response.send_message(**rendered.kwargs(), ephemeral=True)
            return
        answer = self.knowledge.ask(question)
        await interaction.response.send_message(**render_answer(answer, self.knowledge.entries, lang).kwargs())
        await self.community.note_answer(answer, interaction.guild_id, interaction.user.id)

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        if message.author.bot or self.bot.user is None or message.author.id == self.bot.user.id:
            return
        mentioned = self.bot.user in message.mentions and not message.mention_everyone
        in_channel = message.guild is not None and (message.guild.id, message.channel.id) in self.pacing.answer_channels
        if not mentioned and not in_channel:
            return
        question = without_mentions(message.content)  # the bot's own mention among them
        if not question:
            if mentioned:
                await self._reply(message, render_notice("empty_question", message_language(message, "")).kwargs())
            return
        if not mentioned and not reads_as_question(question):
            return
        answer = self.knowledge.ask(question[:ASKED])
        if not mentioned and (not answer.matched or answer.confidence < self.confident):
            return  # answer channels only get confident answers: no noise
        wait = await self.pacing.cooldown.take(message.author.id)
        if wait:
            await self._cooldown_notice(message)
            return
        rendered = render_answer(answer, self.knowledge.entries, message_language(message, question))
        if await self._reply(message, rendered.kwargs()):
            await self.community.note_answer(answer, message.guild.id if message.guild else None, message.author.id)

    async def _reply(self, message: discord.Message, kwargs: dict[str, Any]) -> bool:
        """Reply only where the bot may send: a channel that refused once is left alone for a while, so
        mentions there do not turn into a stream of 403s (Discord bans bots that make too many)."""
        channel_id = message.channel.id
        now = time.monotonic()
        if now < self._muted.get(channel_id, 0.0) or not self._can_send(message):
            return False
        try:
            await message.reply(**kwargs, mention_author=False)
        except (discord.Forbidden, discord.NotFound):
            if len(self._muted) > 10_000:
                self._muted = {c: until for c, until in self._muted.items() if until > now}
            self._muted[channel_id] = now + MUTED_SECONDS
            log.info("cannot send in channel %s; not answering there for %d s", channel_id, MUTED_SECONDS)
            return False
        return True

    @staticmethod
    def _can_send(message: discord.Message) -> bool:
        """What the cache knows of the bot's permissions there (unknown counts as yes; a 403 then teaches)."""
        guild = message.guild
        me = guild.me if guild is not None else None
        if me is None or not isinstance(message.channel, discord.abc.GuildChannel):
            return True
        permissions = message.channel.permissions_for(me)
        return permissions.send_messages and permissions.read_message_history

    async def _cooldown_notice(self, message: discord.Message) -> None:
        """One reaction per cooldown window per user, instead of a message for every extra request."""
        if time.monotonic() < self._muted.get(message.channel.id, 0.0):
            return
        now = discord.utils.utcnow().timestamp()
        if now - self._noticed.get(message.author.id, 0.0) < self.pacing.cooldown.seconds:
            return
        self._noticed[message.author.id] = now
        try:
            await message.add_reaction("⏳")
        except discord.HTTPException:
            log.info("could not react to a message during cooldown")
