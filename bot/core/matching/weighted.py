"""The production matcher: rare-word weighting, name spotting and fuzzy phrase scoring with rapidfuzz.

Three stages keep it fast at any size. The question's rare tokens (words and CJK bigrams, typos
mapped to known words) pick candidate entries from the inverted index; common tokens and names
are then scored for those candidates only; and one `process.cdist` call compares the question
with the stored phrasings of the best few. The score of an entry does not depend on how many
other entries there are, so the confidence threshold holds at any size.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

from bot.core.matching.base import Candidate, MatchDoc, MatchResult
from bot.core.matching.index import TokenIndex
from bot.core.matching.text import (
    asks_comparison,
    dates_in,
    in_domain,
    is_cjk_token,
    jurisdictions_in,
    normalise,
    normalise_lines,
    tokens,
)

FUZZY_CUTOFF = 82  # rapidfuzz ratio for a misspelt word to stand for a known one
PHRASE_SCORER = fuzz.token_sort_ratio  # whole-phrase likeness; subset-friendly scorers over-reward short texts
SHORTLIST = 12  # entries whose phrasings go through the fuzzy phrase pass
EAGER_PHRASES = 20_000  # up to this size phrasings are normalised at build; beyond, on first use (memory)
CANDIDATES = 192  # entries scored in full after the rare-token pass
POSTINGS_BUDGET = 2_000  # postings read to pick candidates (at least; a fifth of the entries when more)


@dataclass(frozen=True)
class Weights:
    """How the evidence combines; the same for every question (checked on the dev set, never per question)."""

    coverage: float = 0.62
    phrase: float = 0.45
    alias: float = 0.25
    foreign_jurisdiction: float = 0.80
    uncovered_place: float = 0.3  # the question is only about places the knowledge base has nothing on
    comparison_topic: float = 0.10
    unknown_word: float = 0.35  # an unknown word weighs this share of the rarest known word
    unknown_cjk: float = 0.1  # bigrams across word boundaries are often noise, so unknown ones weigh less
    partial_places: float = 0.9  # a question about several jurisdictions, answered by an entry on fewer
    threshold: float = 0.30
    steepness: float = 0.15  # fitted by likelihood on the dev set and our own phrasings (score -> right answer)
    off_domain: float = 0.3  # outside AI and copyright, only a named case or party may carry a question
    specific: float = 0.8  # rare-word weight (in units of the rarest word) an entry must match to be sure
    date_year: float = 0.03  # the question names the year of the entry's own date
    date_month: float = 0.06  # ... or its month


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


@dataclass(frozen=True)
class _QueryToken:
    weight: float
    expansions: tuple[tuple[int, float], ...]  # (token id, similarity)


class WeightedMatcher:
    def __init__(self, weights: Weights | None = None, *, exhaustive: bool = False) -> None:
        """`exhaustive` scores every entry that shares a token with the question (no narrowing): the
        reference that tests compare the narrowed matcher with."""
        self.weights = weights or Weights()
        self._exhaustive = exhaustive
        self._docs: list[MatchDoc] = []
        self._index = TokenIndex([])
        self._phrases: dict[int, list[str]] = {}
        self._names: list[tuple[str, str, str]] | None = None

    def build(self, docs: Sequence[MatchDoc]) -> None:
        self._docs = list(docs)
        self._index = TokenIndex(self._docs)
        self._phrases = {}
        self._names = None
        self._budget = math.inf if self._exhaustive else max(POSTINGS_BUDGET, len(self._docs) // 5)
        self._candidate_limit = len(self._docs) if self._exhaustive else CANDIDATES
        if len(self._docs) <= EAGER_PHRASES:
            for doc in range(len(self._docs)):
                self._phrase_texts(doc)

    # ---- the question -----------------------------------------------------------------------------
    def _expand(self, token: str) -> tuple[tuple[int, float], ...]:
        """The known tokens a question token stands for, with how sure we are (typos included)."""
        index = self._index
        known = index.vocab.get(token)
        if known is not None:
            return ((known, 1.0),)
        if is_cjk_token(token) or len(token) < 4 or not index.latin_words:
            return ()
        hits = process.extract(token, index.latin_words, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=3)
        return tuple((int(index.latin_ids[i]), score / 100.0) for _, score, i in hits)

    def _query(self, words: list[str]) -> tuple[list[_QueryToken], float]:
        w, index = self.weights, self._index
        out, total = [], 0.0
        for token in words:
            expansions = self._expand(token)
            if not expansions:
                total += (w.unknown_cjk if is_cjk_token(token) else w.unknown_word) * index.max_idf
                continue
            weight = max(float(index.idf[tid]) for tid, _ in expansions)
            out.append(_QueryToken(weight, expansions))
            total += weight
        return out, total

    # ---- scoring ----------------------------------------------------------------------------------
    def _candidates(self, query: list[_QueryToken]) -> np.ndarray:
        """Entries worth scoring in full: those holding the question's rarest tokens.

        Tokens are taken rarest first until their postings reach a budget, so a small knowledge base
        is scored exhaustively and a large one only where the telling words are.
        """
        index = self._index
        ranked = sorted(query, key=lambda q: min(int(index.df[tid]) for tid, _ in q.expansions))
        chosen, budget = [], 0
        for q in ranked:
            if chosen and budget >= self._budget:
                break
            chosen.append(q)
            budget += sum(int(index.df[tid]) for tid, _ in q.expansions)
        partial = np.zeros(index.size, dtype=np.float32)
        for q in chosen:
            if len(q.expansions) == 1:
                tid, sim = q.expansions[0]
                entries, weights = index.postings(tid)
                partial[entries] += weights * (sim * q.weight)
                continue
            best = np.zeros(index.size, dtype=np.float32)
            for tid, sim in q.expansions:
                entries, weights = index.postings(tid)
                best[entries] = np.maximum(best[entries], weights * sim)
            partial += best * q.weight
        docs = np.flatnonzero(partial)
        keep = self._candidate_limit
        if len(docs) > keep:
            # Select among the non-zero entries only: introselect is slow on long runs of equal zeros.
            docs = np.sort(docs[np.argpartition(partial[docs], len(docs) - keep)[len(docs) - keep :]])
        return docs.astype(np.int64)

    def _coverage(self, query: list[_QueryToken], docs: np.ndarray) -> np.ndarray:
        """Rare-word weight of the question found in each entry (a token's best spelling counts once)."""
        score = np.zeros(len(docs), dtype=np.float32)
        for q in query:
            best = np.zeros(len(docs), dtype=np.float32)
            for tid, sim in q.expansions:
                np.maximum(best, self._index.weights_in(tid, docs) * sim, out=best)
            score += best * q.weight
        return score

    def _phrase_texts(self, doc: int) -> list[str]:
        cached = self._phrases.get(doc)
        if cached is None:
            entry = self._docs[doc]
            cached = self._phrases[doc] = [t for t in normalise_lines((entry.title, *entry.questions)) if t]
        return cached

    def match(self, question: str, limit: int = 3) -> MatchResult:
        w = self.weights
        norm = normalise(question)
        words = list(dict.fromkeys(tokens(norm)))
        places = frozenset(jurisdictions_in(question, norm))
        comparison = asks_comparison(norm) and (len(places) >= 2 or "v" not in norm.split())
        when = dates_in(norm)
        nothing = MatchResult(question, (), False, comparison, places)
        if not words or not self._docs:
            return nothing
        query, total = self._query(words)
        if not query:
            return nothing
        docs = self._candidates(query)
        if not len(docs):
            return nothing
        matched = self._coverage(query, docs)
        coverage = matched / max(total, 1e-9)
        # Questions of common words only ("the copyright thing with AI") match many entries equally: the
        # confidence falls with how little telling weight the entry really matched.
        specificity = np.minimum(1.0, matched / (w.specific * self._index.max_idf))
        query_sim = np.zeros(len(self._index.vocab), dtype=np.float32)
        for q in query:
            for tid, sim in q.expansions:
                query_sim[tid] = max(query_sim[tid], sim)
        names = self._index.name_scores(docs, query_sim)
        base = w.coverage * coverage + w.alias * names

        k = min(SHORTLIST, len(docs))
        top = np.argpartition(-base, k - 1)[:k] if len(docs) > k else np.arange(len(docs))
        top = top[base[top] > 0]
        texts_per_doc = [self._phrase_texts(int(docs[i])) for i in top]
        texts = [t for group in texts_per_doc for t in group]
        phrase = process.cdist([norm], texts, scorer=PHRASE_SCORER, dtype=np.uint8, workers=1)[0] if texts else []

        scored: list[tuple[float, int, str]] = []
        offset = 0
        for i, group in zip(top.tolist(), texts_per_doc, strict=True):
            best_phrase, best_text = 0.0, ""
            if group:
                j = int(np.argmax(phrase[offset : offset + len(group)]))
                best_phrase, best_text = float(phrase[offset + j]) / 100.0, group[j]
            offset += len(group)
            doc = self._docs[int(docs[i])]
            score = (float(base[i]) + w.phrase * best_phrase) * float(specificity[i])
            here = set(doc.jurisdictions)
            if places == {"OTHER"}:
                score *= w.uncovered_place
            elif places and not places & here:
                score *= w.foreign_jurisdiction
            elif len(places) > 1 and not places <= here:
                score *= w.partial_places
            if comparison and doc.is_topic and len(here) > 1 and (not places or places <= here):
                score += w.comparison_topic
            if when and doc.date:
                score += w.date_month if doc.date[:7] in when else w.date_year if doc.date[:4] in when else 0.0
            scored.append((score, int(docs[i]), best_text))
        scored.sort(key=lambda item: (-item[0], item[1]))

        on_topic = in_domain(norm) or bool(names.max(initial=0.0) > 0)
        candidates = []
        for score, d, text in scored[: max(limit, 1)]:
            adjusted = score if on_topic else score * w.off_domain
            confidence = _sigmoid((adjusted - w.threshold) / w.steepness)
            candidates.append(Candidate(self._docs[d].entry_id, round(confidence, 4), round(score, 4), text))
        accepted = bool(candidates) and candidates[0].confidence >= 0.5
        return MatchResult(question, tuple(candidates), accepted, comparison, places, on_topic)

    # ---- autocomplete -----------------------------------------------------------------------------
    def names(self, prefix: str, limit: int = 25) -> list[tuple[str, str]]:
        """Titles and aliases closest to what the user has typed so far, one per entry."""
        if not self._docs:
            return []
        if self._names is None:
            self._names = [
                (doc.entry_id, name, normalise(name)) for doc in self._docs for name in (doc.title, *doc.aliases)
            ]
        norm = normalise(prefix)
        if not norm:
            return [(doc.entry_id, doc.title) for doc in self._docs[:limit]]
        hits = process.extract(
            norm, [n for _, _, n in self._names], scorer=fuzz.WRatio, limit=limit * 4, score_cutoff=40
        )
        seen: dict[str, str] = {}
        for _, _, index in hits:
            entry_id, display, _ = self._names[index]
            seen.setdefault(entry_id, display)
            if len(seen) >= limit:
                break
        return list(seen.items())
