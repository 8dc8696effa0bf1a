"""The core service every front end calls: ask, lookup, compare, suggest, reload."""

import asyncio
import logging
from collections.abc import Callable

from bot.core import lengths
from bot.core.answers import Answer, compose, decline
from bot.core.entry import Entry, alias_key
from bot.core.matching.base import MatchDoc, Matcher, MatchResult
from bot.core.matching.weighted import WeightedMatcher
from bot.core.storage.repository import Repository

log = logging.getLogger(__name__)

SPLIT_TOPIC = "topic-cn-us-split"
MAX_QUESTION_CHARS = lengths.ASKED


class EmptyQuestion(ValueError):
    """The question has no text to match."""


class KnowledgeService:
    """Serves answers from an in-memory index; the database is read at start and after edits."""

    def __init__(self, repo: Repository | None, matcher_factory: Callable[[], Matcher] = WeightedMatcher) -> None:
        """`repo` may be None for a service loaded directly with entries (evaluation, benchmarks, tests)."""
        self.repo = repo
        self._matcher_factory = matcher_factory
        self._matcher: Matcher = matcher_factory()
        self.entries: dict[str, Entry] = {}
        self._by_name: dict[str, Entry] = {}
        self.deleted: frozenset[str] = frozenset()  # ids kept for their history, offered by /kb restore

    async def reload(self) -> None:
        if self.repo is None:
            raise RuntimeError("this service was built without a database; use load()")
        entries = await self.repo.list_entries()
        deleted = frozenset(await self.repo.deleted_ids())
        await asyncio.to_thread(self.load, entries)  # building the index must not stall the event loop
        self.deleted = deleted

    async def stored_entries(self, include_deleted: bool = False) -> list[Entry]:
        """What the database holds now (an export), rather than what the index was built from."""
        if self.repo is None:
            return list(self.entries.values())
        return await self.repo.list_entries(include_deleted=include_deleted)

    def load(self, entries: list[Entry]) -> None:
        matcher = self._matcher_factory()
        matcher.build([MatchDoc.from_entry(e) for e in entries])
        self._matcher, self.entries = matcher, {e.id: e for e in entries}
        self._by_name = {alias_key(n): e for e in entries for n in (e.id, e.title, *e.aliases)}
        log.info("index built over %d entries", len(entries))

    def match(self, question: str, limit: int = 3) -> MatchResult:
        return self._matcher.match(question[:MAX_QUESTION_CHARS], limit=limit)

    def ask(self, question: str) -> Answer:
        if not question or not question.strip():
            raise EmptyQuestion("the question is empty")
        result = self.match(question)
        best = result.best
        if not result.accepted or best is None or best.entry_id not in self.entries:
            return decline(question, result, self.entries)
        return compose(self.entries[best.entry_id], best.confidence, question, self.entries)

    def lookup(self, name: str) -> Entry | None:
        """An entry by id, title or alias (ignoring case and spacing); None when nothing is exactly that."""
        return self.entries.get(name) or self._by_name.get(alias_key(name))

    def compose_entry(self, entry: Entry, question: str = "") -> Answer:
        return compose(entry, 1.0, question or entry.title, self.entries)

    def suggest(self, prefix: str, limit: int = 25, *, deleted: bool = False) -> list[tuple[str, str]]:
        """(id, name) pairs for autocomplete, from the index (never the database); with `deleted`, the deleted
        ids that contain the prefix follow."""
        pairs = self._matcher.names(prefix, limit=limit)
        if deleted:
            needle = prefix.casefold()
            pairs += [(d, f"{d} (deleted)") for d in sorted(self.deleted) if needle in d]
        return pairs[:limit]

    def listing(self, jurisdiction: str | None = None, kind: str | None = None) -> list[Entry]:
        """The entries of a jurisdiction and kind (either may be None for all), by place, date and id."""
        return sorted(
            (
                e
                for e in self.entries.values()
                if (jurisdiction is None or jurisdiction in e.jurisdictions) and (kind is None or e.kind == kind)
            ),
            key=lambda e: (e.jurisdictions[0], e.date or "", e.id),
        )

    def topics(self, needle: str = "") -> list[tuple[str, str]]:
        """(id, title) of every entry with sides to compare, whose id or title contains `needle`."""
        needle = needle.casefold().strip()
        return [
            (e.id, e.title)
            for e in self.entries.values()
            if e.sides and (not needle or needle in e.title.casefold() or needle in e.id)
        ]

    def compare(self, topic: str | None = None) -> Answer | None:
        """A topic side by side: the China-versus-US split unless another topic is named."""
        entry = self.lookup(topic) if topic else self.entries.get(SPLIT_TOPIC)
        if entry is None or not entry.sides:
            return None
        return self.compose_entry(entry)
