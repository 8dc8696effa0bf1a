"""Autocomplete over entries' titles and aliases, bounded at any size.

Up to EXHAUSTIVE names every name is scored against what was typed (rapidfuzz WRatio). Above, names are first
found by their words: each typed word as the prefix of a name word (bisect over the sorted name words), or,
when no typed word is found, the name words spelt most like the last one; at most CANDIDATES names are scored.
The index holds only numbers beside the sorted words (the names themselves stay in the docs), so a keystroke
costs milliseconds and a few MB at 100,000 entries, not seconds and hundreds of MB.
"""

from bisect import bisect_left
from collections.abc import Sequence

import numpy as np
from rapidfuzz import fuzz, process

from bot.core.matching.base import MatchDoc
from bot.core.matching.text import normalise

EXHAUSTIVE = 20_000  # names scored one by one up to this many (the shipped knowledge base has a few hundred)
CANDIDATES = 4_000  # names scored per keystroke above that
WIDEST = 200_000  # a typed word's names considered at most (a one-letter prefix matches most names)
NEAR_WORDS = 12  # name words spelt like a misspelt last word
MIN_SCORE = 40


def _names_of(doc: MatchDoc) -> tuple[str, ...]:
    return (doc.title, *doc.aliases)


class NameIndex:
    """Names of `docs` (entries only), numbered in doc order then name order."""

    def __init__(self, docs: Sequence[MatchDoc]) -> None:
        self._docs = docs
        counts = np.fromiter((len(_names_of(doc)) for doc in docs), dtype=np.int64, count=len(docs))
        self._owner = np.repeat(np.arange(len(docs), dtype=np.int32), counts)
        self._position = (np.arange(len(self._owner)) - np.repeat(np.cumsum(counts) - counts, counts)).astype(np.int32)
        self.size = len(self._owner)
        self._words: list[str] = []
        self._starts = np.zeros(1, dtype=np.int64)
        self._postings = np.zeros(0, dtype=np.int32)
        self._norms: list[str] = []  # every name normalised, when few enough to score them all at each keystroke
        if self.size > EXHAUSTIVE:
            self._index_words()
        else:
            self._norms = [normalise(name) for doc in docs for name in _names_of(doc)]

    def _index_words(self) -> None:
        vocabulary: dict[str, int] = {}
        word_ids: list[int] = []
        name_ids: list[int] = []
        number = 0
        for doc in self._docs:
            for name in _names_of(doc):
                for word in set(normalise(name).split()):
                    word_ids.append(vocabulary.setdefault(word, len(vocabulary)))
                    name_ids.append(number)
                number += 1
        words = sorted(vocabulary)
        rank = np.empty(len(vocabulary), dtype=np.int64)
        rank[[vocabulary[w] for w in words]] = np.arange(len(words))
        by_word = rank[np.asarray(word_ids, dtype=np.int64)]
        order = np.argsort(by_word, kind="stable")
        self._words = words
        self._postings = np.asarray(name_ids, dtype=np.int32)[order]
        self._starts = np.concatenate(([0], np.cumsum(np.bincount(by_word, minlength=len(words))))).astype(np.int64)

    def _text(self, name: int) -> str:
        return _names_of(self._docs[int(self._owner[name])])[int(self._position[name])]

    def search(self, prefix: str, limit: int) -> list[tuple[str, str]]:
        """One (entry id, display name) per entry, closest first."""
        norm = normalise(prefix)
        if not norm or not self.size:
            return []
        if self._norms:
            chosen, texts = np.arange(self.size), self._norms
        else:
            chosen = self._candidates(norm.split())
            texts = [normalise(self._text(int(i))) for i in chosen]
        hits = process.extract(norm, texts, scorer=fuzz.WRatio, limit=limit * 4, score_cutoff=MIN_SCORE)
        seen: dict[str, str] = {}
        for _, _, j in hits:
            name = int(chosen[j])
            seen.setdefault(self._docs[int(self._owner[name])].entry_id, self._text(name))
            if len(seen) >= limit:
                break
        return list(seen.items())

    def _with_prefix(self, word: str) -> np.ndarray:
        lo = bisect_left(self._words, word)
        hi = bisect_left(self._words, word + "\U0010ffff", lo)
        start, end = int(self._starts[lo]), int(self._starts[hi])
        return self._postings[start : min(end, start + WIDEST)]

    def _candidates(self, words: list[str]) -> np.ndarray:
        """Names holding each typed word as the prefix of one of theirs (a word no name holds, a typo, does not
        narrow: the scoring judges it); with none found, names holding a word spelt like the last one."""
        sets = sorted((found for word in dict.fromkeys(words) if len(found := self._with_prefix(word))), key=len)
        chosen = sets[0] if sets else np.zeros(0, dtype=np.int32)
        for other in sets[1:]:
            if len(chosen) <= CANDIDATES:
                break
            narrowed = np.intersect1d(chosen, other)
            if len(narrowed):
                chosen = narrowed
        if not len(chosen):
            near = process.extract(words[-1], self._words, scorer=fuzz.ratio, limit=NEAR_WORDS, score_cutoff=70)
            spelt = [self._with_prefix(word)[: CANDIDATES // NEAR_WORDS] for word, _, _ in near]
            chosen = np.concatenate(spelt) if spelt else chosen
        return np.unique(chosen[: CANDIDATES * 4])[:CANDIDATES]
