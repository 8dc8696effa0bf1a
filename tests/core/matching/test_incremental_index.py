"""An edit updates the served index for the one entry that changed (its kept tokens reused for the others); after
any sequence of adds, replacements and removals it must match exactly as an index built afresh over the same
entries: the same candidates, scores and confidences, the same names and suggestions."""

import asyncio
import random

import numpy as np
import pytest

from bot.core.entry import Entry
from bot.core.matching import index as index_module
from bot.core.matching.base import MatchDoc
from bot.core.matching.index import TokenIndex
from bot.core.matching.weighted import WeightedMatcher
from bot.core.service import KnowledgeService
from bot.devtools.bench_store import synthetic_entries


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


def test_a_batch_of_changes_matches_a_fresh_build(shipped_entries: list[Entry]) -> None:
    """One apply() with several changes at once (an import, or changes announced together): a new id, the same id
    twice (its last version counts), a delete, and ids at both ends of the id order."""
    rng = random.Random(7)
    ordered = sorted(shipped_entries, key=lambda e: e.id)
    service = KnowledgeService(None)
    service.load(ordered)
    service.suggest("thaler")  # the autocomplete table is built, so the patch must carry it
    first, last, middle = ordered[0], ordered[-1], ordered[len(ordered) // 2]
    newcomer = middle.model_copy(
        update={"id": "aaa-new-entry", "title": "A new entry", "aliases": ["brand new alias"], "revision": 1}
    )
    twice = _mutate(middle, ordered, rng, 1)
    twice_again = _mutate(twice, ordered, rng, 2)
    changes = [
        (newcomer, False),
        (twice, False),
        (first.model_copy(update={"revision": first.revision + 1}), True),
        (twice_again, False),
        (_mutate(last, ordered, rng, 3), False),
    ]
    asyncio.run(service.apply(changes))
    live = {e.id: e for e in ordered} | {e.id: e for e, gone in changes if not gone}
    del live[first.id]
    fresh = KnowledgeService(None)
    fresh.load(list(live.values()), [changes[2][0]])
    assert service.entries.keys() == fresh.entries.keys() and service.deleted.keys() == fresh.deleted.keys()
    questions = [*_questions(list(live.values()), rng), "brand new alias", twice_again.questions[-1], first.title]
    for question in questions:
        assert service.match(question) == fresh.match(question), question
    assert service.match("brand new alias").best is not None
    assert service.suggest("brand new") == fresh.suggest("brand new")


def _by_token(index: TokenIndex) -> dict[str, tuple[list[int], list[int], bool, float]]:
    """The index keyed by token text (a patched index numbers new tokens differently from a fresh build)."""
    out = {}
    for token, tid in index.vocab.items():
        if index.df[tid]:
            lo, hi = index.post_ptr[tid], index.post_ptr[tid + 1]
            out[token] = (
                (index.post[lo:hi] >> index_module.FIELD_BITS).tolist(),
                (index.post[lo:hi] & index_module.FIELD_MASK).tolist(),
                bool(index.domain[tid]),
                float(index.idf[tid]),
            )
    return out


def _names_of(index: TokenIndex) -> list[list[set[str]]]:
    words = {tid: token for token, tid in index.vocab.items()}
    return [
        [
            {words[t] for t in index.name_tokens[index.name_ptr[n] : index.name_ptr[n + 1]].tolist()}
            for n in range(index.name_doc_ptr[d], index.name_doc_ptr[d + 1])
        ]
        for d in range(index.size)
    ]


def test_patched_arrays_equal_a_fresh_build_at_size(shipped_entries: list[Entry]) -> None:
    """Many patches over 1,500 entries (beyond the candidate cut, so a tie there would show): the arrays
    themselves (postings, names, domain, weights) are those of a fresh build, token for token."""
    rng = random.Random(11)
    entries = sorted(synthetic_entries(shipped_entries, 1_500), key=lambda e: e.id)
    matcher = WeightedMatcher()
    matcher.build([MatchDoc.from_entry(e) for e in entries])
    live = {e.id: e for e in entries}
    for n in range(6):
        leaving = rng.sample(sorted(live), 3)
        for entry_id in leaving[:2]:
            del live[entry_id]
        changed = _mutate(live[leaving[2]], list(live.values()), rng, n)
        born = changed.model_copy(update={"id": f"zz-born-{n}", "aliases": [f"born alias {n}"]})
        live[changed.id], live[born.id] = changed, born
        matcher = matcher.patched(leaving, [MatchDoc.from_entry(changed), MatchDoc.from_entry(born)])
    fresh = WeightedMatcher()
    fresh.build([MatchDoc.from_entry(live[i]) for i in sorted(live)])
    patched_index, fresh_index = matcher._index, fresh._index
    assert patched_index.size == fresh_index.size
    assert _by_token(patched_index) == _by_token(fresh_index)
    assert _names_of(patched_index) == _names_of(fresh_index)
    assert patched_index.max_idf == fresh_index.max_idf
    assert sorted(patched_index.latin_words) == sorted(fresh_index.latin_words)
    assert np.array_equal(patched_index.name_total, fresh_index.name_total)
    for question in [
        "born alias 3",
        "thaler appeal monkey selfie",
        *rng.sample([q for e in entries for q in e.questions], 20),
    ]:
        assert matcher.match(question) == fresh.match(question), question


def test_regrouping_by_token_is_a_stable_sort(monkeypatch: pytest.MonkeyPatch) -> None:
    """The build's counting sort, run by run (small runs here, so that tokens span many), must give exactly
    the postings a plain sort by (token, entry) gives."""
    monkeypatch.setattr(index_module, "RUN", 1_000)
    rng = np.random.default_rng(1)
    sizes = rng.integers(0, 30, 500).astype(np.int32)
    tok = np.concatenate([rng.choice(300, s, replace=False) for s in sizes]).astype(np.int32)
    field = rng.integers(0, 4, len(tok)).astype(np.uint8)
    index = TokenIndex.__new__(TokenIndex)
    index.post_ptr = np.concatenate(([0], np.cumsum(np.bincount(tok, minlength=300)))).astype(np.int64)
    post = index._by_token(tok, field, sizes)
    docs, fields = post >> index_module.FIELD_BITS, post & index_module.FIELD_MASK
    entry_of = np.repeat(np.arange(len(sizes)), sizes)
    order = np.lexsort((entry_of, tok))
    assert np.array_equal(docs, entry_of[order]) and np.array_equal(fields, field[order])
