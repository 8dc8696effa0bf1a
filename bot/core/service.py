"""The core service every front end calls: ask, lookup, compare, suggest, reload."""

import asyncio
import gc
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from typing import Any, TypeVar

from bot.core import entry_table, lengths
from bot.core.answers import Answer, compose, decline
from bot.core.catalogue import Catalogue
from bot.core.entry import Entry, alias_key
from bot.core.entry_table import EntryList, EntryTable
from bot.core.matching.base import MatchDoc, Matcher, MatchResult
from bot.core.matching.weighted import WeightedMatcher
from bot.core.memory import release_memory
from bot.core.storage.repository import Repository

log = logging.getLogger(__name__)

SPLIT_TOPIC = "topic-cn-us-split"
T = TypeVar("T")
MAX_QUESTION_CHARS = lengths.ASKED


class EmptyQuestion(ValueError):
    """The question has no text to match."""


def _names(entry: Entry) -> tuple[str, ...]:
    return (entry.id, entry.title, *entry.aliases)


class KnowledgeService:
    """Serves answers from an in-memory index; the database is read at start and after edits."""

    def __init__(self, repo: Repository | None, matcher_factory: Callable[[], Matcher] = WeightedMatcher) -> None:
        """`repo` may be None for a service loaded directly with entries (evaluation, benchmarks, tests)."""
        self.repo = repo
        self._matcher_factory = matcher_factory
        self._matcher: Matcher = matcher_factory()
        self.entries = EntryTable()
        self.deleted = EntryTable()  # kept for their names: a deleted entry's alias stays taken
        self.catalogue = Catalogue([])
        self.loaded = False  # a one-shot command's service is loaded only when an edit needs the catalogue
        self._by_name: dict[str, str] = {}  # name key -> entry id
        self._patching = asyncio.Lock()  # one index update at a time

    async def reload(self) -> None:
        """Everything from the database, a chunk at a time: each chunk is indexed in a worker thread while the
        next one is read, and let go once indexed (a large knowledge base is never held whole as objects)."""
        if self.repo is None:
            raise RuntimeError("this service was built without a database; use load()")
        packed = await self.repo.count_entries() > entry_table.PACK_ABOVE
        loading = _Loading(self._matcher_factory(), packed=packed)
        if packed:  # packing (compression, which lets go of the interpreter) beside indexing
            await _pipelined(
                self.repo.stream_rows(),
                lambda chunk: asyncio.gather(
                    asyncio.to_thread(loading.pack, chunk), asyncio.to_thread(loading.add_data, chunk)
                ),
            )
        else:
            await _pipelined(self.repo.stream_entries(), lambda chunk: asyncio.to_thread(loading.add, chunk))
        async with self._patching:
            state = await asyncio.to_thread(loading.finish)
            await self._swap_off_loop(*state, trim=True)

    async def stored_entries(self, include_deleted: bool = False) -> list[Entry]:
        """What the database holds now (an export), rather than what the index was built from."""
        if self.repo is None:
            return list(self.entries.values())
        return await self.repo.list_entries(include_deleted=include_deleted)

    async def _swap_off_loop(self, *state: Any, trim: bool = False) -> None:
        """Swap, then let the old state go in a worker thread (freeing a large index takes a while), and move
        what is served now out of the garbage collector's sight: a full collection over millions of long-lived
        objects would otherwise stall the loop for as long as it takes, at any moment. `trim` (after a load):
        give freed memory back to the system; not after an edit, as trimming a large heap holds the allocator's
        lock long enough to stall the loop."""
        old = [self._matcher, self.entries, self.deleted, self._by_name]
        self._swap(*state)
        await asyncio.to_thread(_let_go, old, trim)
        gc.freeze()

    def load(self, entries: list[Entry], deleted: list[Entry] | None = None) -> None:
        loading = _Loading(self._matcher_factory())
        flagged = [(e, False) for e in entries] + [(e, True) for e in deleted or []]
        loading.add(sorted(flagged, key=lambda pair: pair[0].id))
        self._swap(*loading.finish())

    def _index(self, entries: EntryTable) -> Matcher:
        """A matcher that cannot be patched, built afresh over these entries in id order."""
        matcher = self._matcher_factory()
        matcher.build([MatchDoc.from_entry(entries[entry_id]) for entry_id in sorted(entries)])
        log.info("index built over %d entries", len(entries))
        return matcher

    def _patched(self, fresh: list[tuple[Entry | None, Entry, bool]], entries: EntryTable) -> Matcher:
        """The index with these changes in, built aside (in a worker thread): patched for the changed entries
        alone when the matcher can be, else built afresh."""
        if isinstance(self._matcher, WeightedMatcher):
            latest = {new.id: (new, gone) for _, new, gone in fresh}  # an id changed twice: its last version
            added = [MatchDoc.from_entry(new) for new, gone in latest.values() if not gone]
            matcher: Matcher = self._matcher.patched(latest.keys(), added)
        else:
            matcher = self._index(entries)
        return matcher

    def _swap(
        self,
        matcher: Matcher,
        entries: EntryTable,
        deleted: EntryTable,
        by_name: dict[str, str],
        catalogue: Catalogue,
    ) -> None:
        """Replace the served state at once (on the loop), so no question sees half of an update."""
        if isinstance(matcher, WeightedMatcher):
            matcher.phrase_source = self._phrasings
        self.loaded = True
        self._matcher, self.entries, self.deleted, self._by_name, self.catalogue = (
            matcher,
            entries,
            deleted,
            by_name,
            catalogue,
        )

    def _phrasings(self, entry_id: str) -> Sequence[str]:
        """A served entry's phrasings, for a matcher that indexed a packed table without keeping them."""
        return self.entries.questions(entry_id)

    async def apply(self, changed: Sequence[tuple[Entry, bool]]) -> bool:
        """Serve these entries as stored now (each with its deleted flag), without reading anything else:
        what an edit in this process, or a change announced by another, calls. False when nothing was new.
        The index, names and catalogue are patched off the loop for the changed entries alone."""
        async with self._patching:
            entries, deleted = self.entries.copy(), self.deleted.copy()  # the served ones stay as they are
            fresh: list[tuple[Entry | None, Entry, bool]] = []
            for entry, gone in changed:
                held = entries.get(entry.id) or deleted.get(entry.id)
                if held is not None and held.revision >= entry.revision and (entry.id in deleted) == gone:
                    continue  # already served (our own edit, announced back to us)
                fresh.append((held, entry, gone))
                entries.pop(entry.id)
                deleted.pop(entry.id)
                (deleted if gone else entries).put(entry)
            if not fresh:
                return False
            matcher = await asyncio.to_thread(self._patched, fresh, entries)
            # The name table and the catalogue are patched in place, on the loop (a few names per change, and
            # copying a large one would stall the loop longer), right before the index is swapped.
            by_name, catalogue = self._by_name, self.catalogue
            for old, new, gone in fresh:
                if old is not None:
                    catalogue.remove(old)
                    for name in _names(old):
                        if by_name.get(alias_key(name)) == old.id:
                            del by_name[alias_key(name)]
                catalogue.add(new)
                if not gone:
                    by_name.update((alias_key(n), new.id) for n in _names(new))
            await self._swap_off_loop(matcher, entries, deleted, by_name, catalogue)
            return True

    def match(self, question: str, limit: int = 3) -> MatchResult:
        return self._matcher.match(question[:MAX_QUESTION_CHARS], limit=limit)

    def ask(self, question: str) -> Answer:
        if not question or not question.strip():
            raise EmptyQuestion("the question is empty")
        return self.answer(question, self.match(question))

    def answer(self, question: str, result: MatchResult) -> Answer:
        """The answer a match gives: its best entry when accepted, else a decline with its near misses."""
        best = result.best
        if not result.accepted or best is None or best.entry_id not in self.entries:
            return decline(question, result, self.entries)
        return compose(self.entries[best.entry_id], best.confidence, question, self.entries)

    def lookup(self, name: str) -> Entry | None:
        """An entry by id, title or alias (ignoring case and spacing); None when nothing is exactly that."""
        found = self.entries.get(name)
        if found is None and (entry_id := self._by_name.get(alias_key(name))) is not None:
            found = self.entries.get(entry_id)
        return found

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

    def listing(self, jurisdiction: str | None = None, kind: str | None = None) -> EntryList:
        """The entries of a jurisdiction and kind (either may be None for all), by place, date and id; chosen by
        their heads, and unpacked only as they are read (a page at a time)."""
        heads = sorted(
            (
                h
                for h in self.entries.heads()
                if (jurisdiction is None or jurisdiction in h.jurisdictions) and (kind is None or h.kind == kind)
            ),
            key=lambda h: (h.jurisdictions[0], h.date or "", h.id),
        )
        return EntryList(self.entries, [h.id for h in heads])

    def topics(self, needle: str = "") -> list[tuple[str, str]]:
        """(id, title) of every entry with sides to compare, whose id or title contains `needle`."""
        needle = needle.casefold().strip()
        return [
            (h.id, h.title)
            for h in self.entries.heads()
            if h.has_sides and (not needle or needle in h.title.casefold() or needle in h.id)
        ]

    def compare(self, topic: str | None = None) -> Answer | None:
        """A topic side by side: the China-versus-US split unless another topic is named."""
        entry = self.lookup(topic) if topic else self.entries.get(SPLIT_TOPIC)
        if entry is None or not entry.sides:
            return None
        return self.compose_entry(entry)


async def _pipelined(chunks: AsyncIterator[T], start: Callable[[T], Awaitable[Any]]) -> None:
    """Each chunk's work started (in threads) while the next chunk is read."""
    pending: asyncio.Future[Any] | None = None
    async for chunk in chunks:
        if pending is not None:
            await pending
        pending = asyncio.ensure_future(start(chunk))
    if pending is not None:
        await pending


def _let_go(state: list[Any], trim: bool) -> None:
    state.clear()
    if trim:
        release_memory()


class _Loading:
    """A served state being read in, a chunk at a time (in id order): the entries, their names, the catalogue,
    and the index, fed each chunk's docs as they come. `packed`: the entries come as stored data and are kept
    packed (see EntryTable), never made objects at load."""

    def __init__(self, matcher: Matcher, packed: bool = False) -> None:
        self.matcher = matcher
        self.builder = matcher.builder(tokenise_elsewhere=packed) if isinstance(matcher, WeightedMatcher) else None
        self.docs: list[MatchDoc] = []  # for a matcher that builds from every doc at once
        self.entries, self.deleted = EntryTable(packed=packed), EntryTable(packed=packed)
        self.by_name: dict[str, str] = {}
        self.catalogue = Catalogue([])

    def add(self, chunk: Sequence[tuple[Entry, bool]]) -> None:
        docs = []
        for entry, gone in chunk:
            (self.deleted if gone else self.entries).put(entry)
            if self._names(entry.id, _names(entry), gone):
                docs.append(MatchDoc.from_entry(entry))
        self._index(docs)

    def pack(self, chunk: Sequence[tuple[dict[str, Any], bool]]) -> None:
        """Stored data into the packed tables (may run beside add_data: they share nothing)."""
        for data, gone in chunk:
            (self.deleted if gone else self.entries).put_data(data)

    def add_data(self, chunk: Sequence[tuple[dict[str, Any], bool]]) -> None:
        """Stored data's names and docs (pack() puts the data itself in the tables)."""
        docs = []
        for data, gone in chunk:
            if self._names(data["id"], (data["id"], data["title"], *data["aliases"]), gone):
                docs.append(MatchDoc.from_data(data))
        self._index(docs)

    def _names(self, entry_id: str, names: Sequence[str], gone: bool) -> bool:
        """The entry's names into the catalogue, and the name table when it is served (then True). Each name
        is folded once, and both tables hold the same key."""
        keys = [alias_key(name) for name in names]
        self.catalogue.add_keys(entry_id, keys)
        if not gone:
            self.by_name.update(dict.fromkeys(keys, entry_id))
        return not gone

    def _index(self, docs: list[MatchDoc]) -> None:
        if self.builder is not None:
            self.builder.add(docs, phrasings=not self.entries.packed)
        else:
            self.docs.extend(docs)

    def finish(self) -> tuple[Matcher, EntryTable, EntryTable, dict[str, str], Catalogue]:
        release_memory()  # what the chunks left behind, before the index takes its arrays
        if self.builder is not None:
            self.builder.finish()
        else:
            self.matcher.build(self.docs)
        log.info("index built over %d entries", len(self.entries))
        return self.matcher, self.entries, self.deleted, self.by_name, self.catalogue
