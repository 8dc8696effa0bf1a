"""A large knowledge base is held packed (compressed JSON per entry): what the service serves from a packed
table must be what it serves from plain objects, edits included."""

import asyncio

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.core import entry_table
from bot.core.entry import Entry
from bot.core.entry_table import EntryHead, EntryTable
from bot.core.service import KnowledgeService
from bot.core.storage.database import make_sessionmaker, upgrade
from bot.core.storage.repository import Repository


def test_every_shipped_entry_survives_packing(shipped_entries: list[Entry]) -> None:
    table = EntryTable(shipped_entries, pack_above=10)
    assert table.packed and len(table) == len(shipped_entries)
    for entry in shipped_entries:
        assert entry.id in table
        assert table[entry.id] == entry  # every field, sides and citations included
    assert sorted(table.heads()) == sorted(EntryHead.of(e) for e in shipped_entries)
    assert "no-such-entry" not in table and table.get("no-such-entry") is None


def test_small_tables_stay_plain(shipped_entries: list[Entry]) -> None:
    table = EntryTable(shipped_entries)
    assert not table.packed
    assert table[shipped_entries[0].id] is shipped_entries[0]


def test_a_copy_changes_alone(shipped_entries: list[Entry]) -> None:
    table = EntryTable(shipped_entries, pack_above=10)
    first = shipped_entries[0]
    table[first.id]  # now among the recent objects too
    changed = first.model_copy(update={"title": "Changed title", "revision": first.revision + 1})
    copy = table.copy()
    copy.put(changed)
    copy.pop(shipped_entries[1].id)
    assert copy[first.id].title == "Changed title" and table[first.id] == first
    assert shipped_entries[1].id in table and shipped_entries[1].id not in copy
    assert len(copy) == len(table) - 1


def _served(service: KnowledgeService, questions: list[str]) -> list[object]:
    return [
        [service.ask(q) for q in questions],
        list(service.listing()),
        list(service.listing("CN")),
        service.topics(),
        [service.lookup(name) for name in ("thaler v. perlmutter", "li v liu", "nothing by this name")],
    ]


def test_a_packed_service_serves_as_a_plain_one(shipped_entries: list[Entry], monkeypatch: pytest.MonkeyPatch) -> None:
    questions = [q for e in shipped_entries[:20] for q in e.questions[:2]] + ["can ai art be copyrighted"]
    plain = KnowledgeService(None)
    plain.load(shipped_entries)
    monkeypatch.setattr(entry_table, "PACK_ABOVE", 10)
    packed = KnowledgeService(None)
    packed.load(shipped_entries)
    assert packed.entries.packed and not plain.entries.packed
    assert _served(packed, questions) == _served(plain, questions)

    edited = shipped_entries[3].model_copy(
        update={"aliases": [*shipped_entries[3].aliases, "a packed alias"], "revision": 99}
    )
    gone = shipped_entries[4].model_copy(update={"revision": 99})

    async def edit(service: KnowledgeService) -> None:
        await service.apply([(edited, False), (gone, True)])

    asyncio.run(edit(plain))
    asyncio.run(edit(packed))
    assert packed.lookup("a packed alias") == edited
    assert gone.id in packed.deleted and gone.id not in packed.entries
    assert _served(packed, [*questions, "a packed alias"]) == _served(plain, [*questions, "a packed alias"])


async def test_a_packed_reload_from_the_database_serves_as_a_plain_one(
    engine: AsyncEngine, shipped_entries: list[Entry], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Above the threshold, reload reads stored rows without making entries (they are packed as stored and
    validated when unpacked): every answer, name and listing must be what a plain reload serves."""
    await upgrade(engine)
    repo = Repository(make_sessionmaker(engine))
    await repo.save_many([(e, 0) for e in shipped_entries], author="test", reason="seed")
    gone = shipped_entries[5]
    await repo.save(gone, expected_revision=1, author="test", reason="delete", deleted=True)
    plain = KnowledgeService(repo)
    await plain.reload()
    monkeypatch.setattr(entry_table, "PACK_ABOVE", 10)
    packed = KnowledgeService(repo)
    await packed.reload()
    assert packed.entries.packed and not plain.entries.packed
    assert gone.id in packed.deleted and gone.id not in packed.entries
    questions = [q for e in shipped_entries[:25] for q in e.questions[:2]] + ["can ai art be copyrighted"]
    assert _served(packed, questions) == _served(plain, questions)
    assert all(packed.entries[i] == plain.entries[i] for i in plain.entries)
    assert packed.catalogue.problems(shipped_entries[0]) == plain.catalogue.problems(shipped_entries[0])


def test_phrasings_are_read_without_unpacking_the_entry(shipped_entries: list[Entry]) -> None:
    table = EntryTable(shipped_entries, pack_above=10)
    for entry in shipped_entries:
        assert table.questions(entry.id) == entry.questions
    assert table.questions("no-such-entry") == []


def test_a_listing_unpacks_only_the_page_read(shipped_entries: list[Entry], monkeypatch: pytest.MonkeyPatch) -> None:
    """/cases over a large knowledge base: the entries are chosen by their heads and unpacked a page at a time."""
    monkeypatch.setattr(entry_table, "PACK_ABOVE", 10)
    service = KnowledgeService(None)
    service.load(shipped_entries)
    assert service.entries.packed
    read: list[str] = []
    original = EntryTable.__getitem__
    monkeypatch.setattr(EntryTable, "__getitem__", lambda self, key: read.append(key) or original(self, key))
    listing = service.listing("US")
    assert len(listing) == sum("US" in e.jurisdictions for e in shipped_entries) and not read
    page = listing[0:10]
    assert [e.id for e in page] == read == listing.ids[:10]


def test_every_entry_can_be_read_aside_without_pushing_out_the_recent_ones(shipped_entries: list[Entry]) -> None:
    """The timeline reads every entry in a worker thread: from the packed texts, not through the recent entries."""
    table = EntryTable(shipped_entries, pack_above=10)
    asked = table[shipped_entries[0].id]
    everything = list(table.unpacked())
    assert [e.id for e in everything] == [e.id for e in shipped_entries] and everything == shipped_entries
    assert list(table._recent) == [asked.id]
