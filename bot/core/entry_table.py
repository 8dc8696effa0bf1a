"""The served entries, held compactly when there are many.

An entry object with its texts takes about 24 KB in memory, most of it the long explanations; at 100,000
entries that alone would pass the memory a bot process should need. Above `PACK_ABOVE` entries the table
keeps each entry's data compressed (pickled, then zstd: about 4.5 KB) and makes it an object again when it
is asked for (about 0.1 ms; the last few thousand asked for are kept as objects). Below it, entries are plain
objects, as small knowledge bases, tests and the command line use them. Listings read every entry's head.
"""

import pickle
import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, NamedTuple, overload

import zstandard

from bot.core.entry import OPEN_STATUSES, Entry

PACK_ABOVE = 20_000  # entries held as objects up to this many
RECENT = 2_048  # entries kept as objects in a packed table, the most recently asked for
LEVEL = 3  # zstd level: compression runs beside indexing at start-up, so a little more of it costs no time
_codecs = threading.local()  # zstd (de)compressors are not shared between threads


def _compress(data: bytes) -> bytes:
    if not hasattr(_codecs, "pack"):
        _codecs.pack = zstandard.ZstdCompressor(level=LEVEL)
    # A copy of its exact size: zstd's result keeps the room of the worst case (about the input's size).
    return memoryview(_codecs.pack.compress(data)).tobytes()


def _unpack(blob: bytes) -> dict[str, Any]:
    if not hasattr(_codecs, "unpack"):
        _codecs.unpack = zstandard.ZstdDecompressor()
    return pickle.loads(_codecs.unpack.decompress(blob))


HEAD_FIELDS = ("id", "title", "jurisdictions", "kind", "date", "as_of", "sides", "status")  # what a head is made of


class EntryHead(NamedTuple):
    """What listing, topics, /about and /kb stale read of every entry: read without unpacking the entry."""

    id: str
    title: str
    jurisdictions: tuple[str, ...]
    kind: str
    date: str | None
    as_of: str
    has_sides: bool
    status: str

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @classmethod
    def of(cls, entry: Entry) -> "EntryHead":
        return cls.from_data({name: getattr(entry, name) for name in HEAD_FIELDS})

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> "EntryHead":
        return cls(
            data["id"],
            data["title"],
            tuple(data["jurisdictions"]),
            data["kind"],
            data.get("date"),
            data["as_of"],
            bool(data.get("sides")),
            data["status"],
        )


class EntryList(Sequence[Entry]):
    """Entries of a table by id, unpacked only when read: a listing of thousands shows a page at a time."""

    def __init__(self, table: "EntryTable", ids: Sequence[str]) -> None:
        self._table = table
        self.ids = list(ids)

    def __len__(self) -> int:
        return len(self.ids)

    @overload
    def __getitem__(self, index: int) -> Entry: ...

    @overload
    def __getitem__(self, index: slice) -> list[Entry]: ...

    def __getitem__(self, index: int | slice) -> Entry | list[Entry]:
        if isinstance(index, slice):
            return [self._table[entry_id] for entry_id in self.ids[index]]
        return self._table[self.ids[index]]


class EntryTable(Mapping[str, Entry]):
    """Entry id -> entry. Copy it to change it: the served table is never changed in place."""

    def __init__(self, entries: Iterable[Entry] = (), *, pack_above: int | None = None, packed: bool = False) -> None:
        """`packed`: pack from the first entry (a loader that knows how many are coming)."""
        self.pack_above = PACK_ABOVE if pack_above is None else pack_above
        self.packed = packed
        self._plain: dict[str, Entry] = {}
        self._packed: dict[str, bytes] = {}
        self._heads: dict[str, EntryHead] = {}  # packed tables only
        self._recent: OrderedDict[str, Entry] = OrderedDict()
        self._lock = threading.Lock()
        for entry in entries:
            self.put(entry)

    def put(self, entry: Entry) -> None:
        if self.packed:
            self._store(entry.id, entry.model_dump(mode="json"), EntryHead.of(entry))
            return
        self._plain[entry.id] = entry
        if len(self._plain) > self.pack_above:
            self.packed, plain, self._plain = True, self._plain, {}
            for held in plain.values():
                self.put(held)

    def put_data(self, data: Mapping[str, Any]) -> None:
        """An entry as its stored data (JSON-ready, validated when it was written; validated again when it is
        unpacked). Only a packed table takes data: a plain one holds validated objects."""
        if not self.packed:
            raise ValueError("only a packed table takes stored data")
        self._store(data["id"], data, EntryHead.from_data(data))

    def _store(self, entry_id: str, data: Mapping[str, Any], head: EntryHead) -> None:
        # Pickled, not JSON: made and read only by this process, and several times faster to make.
        self._packed[entry_id] = _compress(pickle.dumps(dict(data), protocol=pickle.HIGHEST_PROTOCOL))
        self._heads[entry_id] = head
        self._recent.pop(entry_id, None)

    def pop(self, entry_id: str) -> None:
        self._plain.pop(entry_id, None)
        self._packed.pop(entry_id, None)
        self._heads.pop(entry_id, None)
        self._recent.pop(entry_id, None)

    def copy(self) -> "EntryTable":
        """A table to change while this one is served: the packed texts are shared, not copied."""
        new = EntryTable(pack_above=self.pack_above, packed=self.packed)
        new._plain, new._packed, new._heads = dict(self._plain), dict(self._packed), dict(self._heads)
        with self._lock:
            new._recent = OrderedDict(self._recent)
        return new

    def __getitem__(self, entry_id: str) -> Entry:
        if not self.packed:
            return self._plain[entry_id]
        with self._lock:  # a worker thread may read the table too (the timeline)
            entry = self._recent.get(entry_id)
            if entry is not None:
                self._recent.move_to_end(entry_id)
                return entry
        entry = Entry.model_validate(_unpack(self._packed[entry_id]))
        with self._lock:
            self._recent[entry_id] = entry
            if len(self._recent) > RECENT:
                self._recent.popitem(last=False)
        return entry

    def unpacked(self) -> Iterator[Entry]:
        """Every entry, made an object without being kept (a worker thread reading them all must not push out
        the recent entries that questions keep asking for)."""
        if not self.packed:
            return iter(self._plain.values())
        return (Entry.model_validate(_unpack(blob)) for blob in list(self._packed.values()))

    def __contains__(self, entry_id: object) -> bool:
        return entry_id in self._packed if self.packed else entry_id in self._plain

    def __iter__(self) -> Iterator[str]:
        return iter(self._packed if self.packed else self._plain)

    def __len__(self) -> int:
        return len(self._packed) if self.packed else len(self._plain)

    def questions(self, entry_id: str) -> list[str]:
        """An entry's phrasings, without making the entry an object (the matcher reads them for every shortlisted
        entry of a packed table; they were validated when the entry was written)."""
        held = self._plain.get(entry_id) if not self.packed else self._recent.get(entry_id)
        if held is not None:
            return held.questions
        blob = self._packed.get(entry_id)
        return list(_unpack(blob)["questions"]) if blob is not None else []

    def forget_recent(self) -> None:
        """Let go of the entries kept as objects (a benchmark times first sight)."""
        self._recent.clear()

    def heads(self) -> Iterator[EntryHead]:
        """Every entry's head, without unpacking any entry."""
        if self.packed:
            return iter(self._heads.values())
        return map(EntryHead.of, self._plain.values())
