"""The production matcher: rare-word weighting, alias spotting and fuzzy phrase scoring with rapidfuzz.

Two stages keep it fast at any size. An inverted index of tokens (words and CJK bigrams) scores
every entry by how much of the question's rare-word weight it explains, touching only the postings
of the question's tokens; then one `process.cdist` call scores the question against the stored
phrasings, titles and aliases of the few best entries only.
"""

import math
from array import array
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

from bot.core.matching.base import Candidate, MatchDoc, MatchResult
from bot.core.matching.text import asks_comparison, in_domain, is_cjk_token, jurisdictions_in, normalise, tokens

NAME_WEIGHT = 1.0
QUESTION_WEIGHT = 1.0
EXTRA_WEIGHT = 0.5
BACKGROUND_WEIGHT = 0.3
FUZZY_CUTOFF = 82  # rapidfuzz ratio for a misspelt word to stand for a known one
PHRASE_SCORER = fuzz.token_sort_ratio  # whole-phrase likeness; subset-friendly scorers over-reward short texts
SHORTLIST = 16  # entries whose phrasings go through the fuzzy phrase pass


@dataclass(frozen=True)
class Weights:
    """How the evidence combines; the same for every question (checked on the dev set, never per question)."""

    coverage: float = 0.62
    phrase: float = 0.45
    alias: float = 0.25
    foreign_jurisdiction: float = 0.80
    comparison_topic: float = 0.10
    unknown_word: float = 0.35  # an unknown word weighs this share of the rarest known word
    unknown_cjk: float = 0.1  # bigrams across word boundaries are often noise, so unknown ones weigh less
    partial_places: float = 0.9  # a question about several jurisdictions, answered by an entry on fewer
    threshold: float = 0.30
    steepness: float = 0.05
    off_domain: float = 0.5  # outside AI and copyright, only a named case or party may carry a question


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


class WeightedMatcher:
    def __init__(self, weights: Weights | None = None) -> None:
        self.weights = weights or Weights()
        self._docs: list[MatchDoc] = []

    # ---- building -------------------------------------------------------------------------------
    def build(self, docs: Sequence[MatchDoc]) -> None:
        self._docs = list(docs)
        vocab: dict[str, int] = {}
        post_token, post_doc, post_weight = array("i"), array("i"), array("f")
        alias_token, alias_index = array("i"), array("i")
        alias_doc: list[int] = []
        phrase_texts: list[str] = []
        phrase_ptr = [0]

        def token_id(token: str) -> int:
            found = vocab.get(token)
            if found is None:
                found = vocab[token] = len(vocab)
            return found

        for index, doc in enumerate(self._docs):
            bag: dict[int, float] = {}
            # (texts, weight in the token bag, are they names to spot, are they phrasings to compare)
            fields = (
                ((doc.title,), NAME_WEIGHT, True, True),
                (doc.aliases, NAME_WEIGHT, True, False),
                (doc.questions, QUESTION_WEIGHT, False, True),
                (doc.extra, EXTRA_WEIGHT, False, False),
                (doc.background, BACKGROUND_WEIGHT, False, False),
            )
            for texts, weight, is_name, is_phrase in fields:
                for text in texts:
                    norm = normalise(text)
                    ids = {token_id(t) for t in tokens(norm)}
                    for tid in ids:
                        bag[tid] = max(bag.get(tid, 0.0), weight)
                    if is_name and ids:
                        for tid in ids:
                            alias_token.append(tid)
                            alias_index.append(len(alias_doc))
                        alias_doc.append(index)
                    if is_phrase and norm:
                        phrase_texts.append(norm)
            phrase_ptr.append(len(phrase_texts))
            for tid, weight in bag.items():
                post_token.append(tid)
                post_doc.append(index)
                post_weight.append(weight)

        self._vocab = vocab
        self._latin_words = [w for w in vocab if not is_cjk_token(w) and len(w) >= 4]
        self._latin_ids = np.array([vocab[w] for w in self._latin_words], dtype=np.int32)
        tok = np.frombuffer(post_token, dtype=np.int32)
        order = np.argsort(tok, kind="stable")
        self._post_doc = np.frombuffer(post_doc, dtype=np.int32)[order]
        self._post_weight = np.frombuffer(post_weight, dtype=np.float32)[order]
        counts = np.bincount(tok, minlength=len(vocab))
        self._post_ptr = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
        n = max(len(self._docs), 1)
        self._idf = np.log1p(n / np.maximum(counts, 1)).astype(np.float32)
        self._max_idf = float(self._idf.max()) if len(self._idf) else 1.0

        a_tok = np.frombuffer(alias_token, dtype=np.int32)
        a_idx = np.frombuffer(alias_index, dtype=np.int32)
        a_order = np.argsort(a_tok, kind="stable")
        self._alias_post = a_idx[a_order]
        self._alias_ptr = np.concatenate(([0], np.cumsum(np.bincount(a_tok, minlength=len(vocab))))).astype(np.int64)
        self._alias_doc = np.array(alias_doc, dtype=np.int32)
        self._alias_total = np.bincount(a_idx, weights=self._idf[a_tok], minlength=len(alias_doc)).astype(np.float32)
        self._phrase_texts = phrase_texts
        self._phrase_ptr = np.array(phrase_ptr, dtype=np.int64)
        self._name_index = [(doc.entry_id, doc.title, normalise(doc.title)) for doc in self._docs] + [
            (self._docs[d].entry_id, alias, normalise(alias))
            for d, doc in enumerate(self._docs)
            for alias in doc.aliases
        ]

    # ---- matching -------------------------------------------------------------------------------
    def _expand(self, token: str) -> list[tuple[int, float]]:
        """The known tokens a question token stands for, with how sure we are (typos included)."""
        known = self._vocab.get(token)
        if known is not None:
            return [(known, 1.0)]
        if is_cjk_token(token) or len(token) < 4 or not self._latin_words:
            return []
        hits = process.extract(token, self._latin_words, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=3)
        return [(int(self._latin_ids[i]), score / 100.0) for _, score, i in hits]

    def match(self, question: str, limit: int = 3) -> MatchResult:
        w = self.weights
        norm = normalise(question)
        query = list(dict.fromkeys(tokens(norm)))
        places = frozenset(jurisdictions_in(question, norm))
        comparison = asks_comparison(norm) and (len(places) >= 2 or "v" not in norm.split())
        if not query or not self._docs:
            return MatchResult(question, (), False, comparison, places)

        n = len(self._docs)
        coverage = np.zeros(n, dtype=np.float32)
        alias_hit = np.zeros(len(self._alias_doc), dtype=np.float32)
        total = 0.0
        for token in query:
            expansions = self._expand(token)
            if not expansions:
                total += (w.unknown_cjk if is_cjk_token(token) else w.unknown_word) * self._max_idf
                continue
            weight = max(float(self._idf[tid]) for tid, _ in expansions)
            total += weight
            best = np.zeros(n, dtype=np.float32)
            best_alias = np.zeros(len(self._alias_doc), dtype=np.float32)
            for tid, sim in expansions:
                lo, hi = self._post_ptr[tid], self._post_ptr[tid + 1]
                docs = self._post_doc[lo:hi]
                best[docs] = np.maximum(best[docs], self._post_weight[lo:hi] * sim)
                alo, ahi = self._alias_ptr[tid], self._alias_ptr[tid + 1]
                aliases = self._alias_post[alo:ahi]
                best_alias[aliases] = np.maximum(best_alias[aliases], self._idf[tid] * sim)
            coverage += best * weight
            alias_hit += best_alias
        coverage /= max(total, 1e-9)
        alias_score = np.zeros(n, dtype=np.float32)
        if len(self._alias_doc):
            ratio = alias_hit / np.maximum(self._alias_total, 1e-9)
            # An alias counts when (nearly) all of its words are in the question, scaled by how telling it is.
            strength = np.where(ratio >= 0.85, ratio * np.minimum(self._alias_total / self._max_idf, 1.0), 0.0)
            np.maximum.at(alias_score, self._alias_doc, strength.astype(np.float32))

        base = w.coverage * coverage + w.alias * alias_score
        k = min(SHORTLIST, n)
        shortlist = np.argpartition(-base, k - 1)[:k] if n > k else np.arange(n)
        shortlist = shortlist[base[shortlist] > 0]
        if not len(shortlist):
            return MatchResult(question, (), False, comparison, places)

        spans = [(int(self._phrase_ptr[d]), int(self._phrase_ptr[d + 1])) for d in shortlist]
        texts = [t for lo, hi in spans for t in self._phrase_texts[lo:hi]]
        phrase = process.cdist([norm], texts, scorer=PHRASE_SCORER, dtype=np.uint8, workers=1)[0]

        scored: list[tuple[float, int, str]] = []
        offset = 0
        for d, (lo, hi) in zip(shortlist.tolist(), spans, strict=True):
            size = hi - lo
            best_text, best_phrase = "", 0.0
            if size:
                j = int(np.argmax(phrase[offset : offset + size]))
                best_phrase = float(phrase[offset + j]) / 100.0
                best_text = self._phrase_texts[lo + j]
            offset += size
            score = float(base[d]) + w.phrase * best_phrase
            doc = self._docs[d]
            if places and not places & set(doc.jurisdictions):
                score *= w.foreign_jurisdiction
            elif len(places) > 1 and not places <= set(doc.jurisdictions):
                score *= w.partial_places
            wide_topic = doc.is_topic and len(doc.jurisdictions) > 1
            if comparison and wide_topic and (not places or places <= set(doc.jurisdictions)):
                score += w.comparison_topic
            scored.append((score, d, best_text))
        scored.sort(key=lambda item: -item[0])

        on_topic = in_domain(norm) or float(alias_score.max(initial=0.0)) > 0
        candidates = []
        for score, d, text in scored[: max(limit, 1)]:
            adjusted = score if on_topic else score * w.off_domain
            confidence = _sigmoid((adjusted - w.threshold) / w.steepness)
            candidates.append(Candidate(self._docs[d].entry_id, round(confidence, 4), round(score, 4), text))
        accepted = bool(candidates) and candidates[0].confidence >= 0.5
        return MatchResult(question, tuple(candidates), accepted, comparison, places)

    def names(self, prefix: str, limit: int = 25) -> list[tuple[str, str]]:
        """Titles and aliases closest to what the user has typed so far, one per entry."""
        if not self._docs:
            return []
        norm = normalise(prefix)
        if not norm:
            return [(doc.entry_id, doc.title) for doc in self._docs[:limit]]
        hits = process.extract(
            norm, [n for _, _, n in self._name_index], scorer=fuzz.WRatio, limit=limit * 4, score_cutoff=40
        )
        seen: dict[str, str] = {}
        for _, _, index in hits:
            entry_id, display, _ = self._name_index[index]
            seen.setdefault(entry_id, display)
            if len(seen) >= limit:
                break
        return list(seen.items())
