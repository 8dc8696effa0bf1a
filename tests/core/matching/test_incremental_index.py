"""An edit updates the served index for the one entry that changed (its kept tokens reused for the others); after
any sequence of adds, replacements and removals it must match exactly as an index built afresh over the same
entries: the same candidates, scores and confidences, the same names and suggestions."""

import asyncio
import random

import pytest

from bot.core.entry import Entry
from bot.core.service import KnowledgeService


def _questions(entries: list[Entry], rng: random.Random) -> list[str]:
    asked = [q for e in rng.sample(entries, min(12, len(entries))) for q in e.questions[:3]]
    return [*asked, "can an ai picture be copyrighted in china", "thaler perlmuter appeal", "penguin photo ruling"]


def _mutate(entry: Entry, others: list[Entry], rng: random.Random, n: int) -> Entry:
    donor = rng.choice(others)
    return entry.model_copy(
        update={
            "questions": [*entry.questions[1:], f"{rng.choice(donor.questions)} variant {n}"],
            "aliases": [*entry.aliases, f"incremental alias {n}"],
            "summary": f"{entry.summary[:400]} {donor.title}",
            "revision": entry.revision + 1,
        }
    )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_updates_match_a_fresh_build(shipped_entries: list[Entry], seed: int) -> None:
    rng = random.Random(seed)
    live = {e.id: e for e in shipped_entries}
    removed: dict[str, Entry] = {}
    service = KnowledgeService(None)
    service.load(list(live.values()))

    async def steps() -> None:
        for n in range(10):
            action = rng.choice(["replace", "replace", "remove", "add"])
            if action == "add" and removed:
                entry = removed.pop(rng.choice(sorted(removed)))
                entry = entry.model_copy(update={"revision": entry.revision + 1})
                live[entry.id] = entry
                await service.apply([(entry, False)])
            elif action == "remove":
                entry = live.pop(rng.choice(sorted(live)))
                entry = entry.model_copy(update={"revision": entry.revision + 1})
                removed[entry.id] = entry
                await service.apply([(entry, True)])
            else:
                target = rng.choice(sorted(live))
                entry = live[target] = _mutate(live[target], list(live.values()), rng, n)
                await service.apply([(entry, False)])

    asyncio.run(steps())
    fresh = KnowledgeService(None)
    fresh.load(list(live.values()), list(removed.values()))
    assert service.entries.keys() == fresh.entries.keys() and service.deleted.keys() == fresh.deleted.keys()
    for question in _questions(list(live.values()), rng):
        assert service.match(question) == fresh.match(question), question
    for prefix in ("thaler", "incremental alias", "li v", ""):
        assert service.suggest(prefix) == fresh.suggest(prefix)
    for entry in live.values():
        for name in (entry.title, *entry.aliases):
            assert service.lookup(name) == fresh.lookup(name)
    probe = next(iter(live.values()))
    assert service.catalogue.problems(probe) == fresh.catalogue.problems(probe)
