"""The served entries, held compactly when there are many.

An entry object with its texts takes about 24 KB in memory, most of it the long explanations; at 100,000
entries that alone would pass the memory a bot process should need. Above `PACK_ABOVE` entries the table
keeps each entry as compressed JSON (about 4 KB) and makes it an object again when it is asked for (about
0.2 ms; the last few thousand asked for are kept as objects). Below it, entries are plain objects, as small
knowledge bases, tests and the command line use them. What listings need of every entry is kept as a head.
"""

import zlib
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping
from typing import NamedTuple

from bot.core.entry import Entry

PACK_ABOVE = 20_000  # entries held as objects up to this many
RECENT = 2_048  # entries kept as objects in a packed table, the most recently asked for
LEVEL = 1  # zlib level: the higher ones save little on these texts and cost much more at start-up


class EntryHead(NamedTuple):
    """What listing, topics and /about read of every entry: read without unpacking the entry."""

    id: str
    title: str
    jurisdictions: tuple[str, ...]
    kind: str
    date: str | None
    as_of: str
    has_sides: bool

    @classmethod
    def of(cls, entry: Entry) -> "EntryHead":
        return cls(
            entry.id,
            entry.title,
            tuple(entry.jurisdictions),
            entry.kind,
            entry.date,
            entry.as_of,
            bool(entry.sides),
        )


class EntryTable(Mapping[str, Entry]):
    """Entry id -> entry. Copy it to change it: the served table is never changed in place."""

    def __init__(self, entries: Iterable[Entry] = (), *, pack_above: int | None = None) -> None:
        self.pack_above = PACK_ABOVE if pack_above is None else pack_above
        self._plain: dict[str, Entry] = {}
        self._packed: dict[str, bytes] = {}
        self._heads: dict[str, EntryHead] = {}  # packed tables only
        self._recent: OrderedDict[str, Entry] = OrderedDict()
        for entry in entries:
            self.put(entry)

    @property
    def packed(self) -> bool:
        return bool(self._packed)

    def put(self, entry: Entry) -> None:
        if self._packed:
            self._pack(entry)
            return
        self._plain[entry.id] = entry
        if len(self._plain) > self.pack_above:
            plain, self._plain = self._plain, {}
            for held in plain.values():
                self._pack(held)

    def _pack(self, entry: Entry) -> None:
        self._packed[entry.id] = zlib.compress(entry.model_dump_json().encode(), LEVEL)
        self._heads[entry.id] = EntryHead.of(entry)
        self._recent.pop(entry.id, None)

    def pop(self, entry_id: str) -> None:
        self._plain.pop(entry_id, None)
        self._packed.pop(entry_id, None)
        self._heads.pop(entry_id, None)
        self._recent.pop(entry_id, None)

    def copy(self) -> "EntryTable":
        """A table to change while this one is served: the packed texts are shared, not copied."""
        new = EntryTable(pack_above=self.pack_above)
        new._plain, new._packed, new._heads = dict(self._plain), dict(self._packed), dict(self._heads)
        new._recent = OrderedDict(self._recent)
        return new

    def __getitem__(self, entry_id: str) -> Entry:
        if not self._packed:
            return self._plain[entry_id]
        entry = self._recent.get(entry_id)
        if entry is not None:
            self._recent.move_to_end(entry_id)
            return entry
        entry = Entry.model_validate_json(zlib.decompress(self._packed[entry_id]))
        self._recent[entry_id] = entry
        if len(self._recent) > RECENT:
            self._recent.popitem(last=False)
        return entry

    def __contains__(self, entry_id: object) -> bool:
        return entry_id in self._packed if self._packed else entry_id in self._plain

    def __iter__(self) -> Iterator[str]:
        return iter(self._packed if self._packed else self._plain)

    def __len__(self) -> int:
        return len(self._packed) if self._packed else len(self._plain)

    def heads(self) -> Iterator[EntryHead]:
        """Every entry's head, without unpacking any entry."""
        if self._packed:
            return iter(self._heads.values())
        return map(EntryHead.of, self._plain.values())
