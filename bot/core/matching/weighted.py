"""The production matcher: rare-word weighting, name spotting and fuzzy phrase scoring with rapidfuzz.

Three stages keep it fast at any size. The question's rare tokens (words and CJK bigrams, typos
mapped to known words) pick candidate entries from the inverted index; common tokens and names
are then scored for those candidates only; and one `process.cdist` call compares the question
with the stored phrasings of the best few. The score of an entry does not depend on how many
other entries there are, so the confidence threshold holds at any size.

Out-of-scope groups (near-miss questions kept as data) are indexed beside the entries and scored
the same way; the confidence is a fitted probability of being right (see confidence.py), so a
question that an out-of-scope group or a rival entry explains nearly as well gets a low one.
"""

import math
import threading
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise

import numpy as np
from rapidfuzz import fuzz, process

from bot.core.matching.base import Candidate, MatchDoc, MatchResult
from bot.core.matching.confidence import FEATURES, Calibration, shipped_calibration
from bot.core.matching.index import IndexBuilder, ProcessIndexBuilder
from bot.core.matching.names import NameIndex
from bot.core.matching.out_of_scope import shipped_out_of_scope
from bot.core.matching.text import (
    asks_comparison,
    dates_in,
    domain_floor,
    excluded_places,
    is_cjk_token,
    jurisdictions_in,
    normalise,
    normalise_lines,
    place_codes,
    place_neighbours,
    place_tokens,
    subject_sides,
    tokens,
    without_places,
)

FUZZY_CUTOFF = 82  # rapidfuzz ratio for a misspelt word to stand for a known one
# Whole-phrase likeness: token_sort_ratio (subset-friendly scorers over-reward short texts), computed as a plain
# ratio over texts whose words are sorted once, when the phrasings are first read, rather than at every question.
PHRASE_SCORER = fuzz.ratio
SHORTLIST = 12  # entries whose phrasings go through the fuzzy phrase pass
SHORTLIST_TIES = 24  # ... or more when entries tie with the last of them, up to this many
EAGER_PHRASES = 20_000  # up to this size phrasings are normalised at build; beyond, on first use (memory)
PHRASES_KEPT = 50_000  # docs' normalised phrasings kept at most, when they were read from the phrase source
# A long question (a situation, then the question) holds many words no entry needs: its coverage is the share
# of at most this many rarest-word weights, so that telling it in full does not count against the answer.
COVERAGE_CAP = 5.0
TIE_SCALE = 0.05  # score margin at which a rival stops counting as a tie (the "tied" feature falls to 1/e)
MISSPELT_DF = 2  # a word in at most this many entries may be a stored misspelling ...
MISSPELT_LENGTH = 6  # ... if at least this long (shorter words are too often a letter from another word) ...
MISSPELT_RATIO = 3  # ... and a word a letter away is in this many times as many entries
NAMED_CASE = 0.95  # how fully a question must name a case for a topic covering it not to outrank it
CANDIDATES = 192  # entries scored in full after the rare-token pass
TYPO_DOMAIN_LENGTH = 6  # a misspelt word this long still counts for the subject
NAMES_AT_ONCE = 2_000  # up to this many entries the name index is built when first asked (a tenth of a second)
NEAR_KEPT = 4_096  # unknown words' near spellings remembered (a scan of the vocabulary each; words repeat)
POSTINGS_BUDGET = 2_000  # postings read to pick candidates (at least; a fifth of the entries when more)


@dataclass(frozen=True)
class Weights:
    """How the evidence ranks entries; the same for every question (tuned on held-out stored phrasings, see
    calibration.py; never per question)."""

    coverage: float = 0.806
    phrase: float = 0.3825
    alias: float = 0.28
    foreign_jurisdiction: float = 0.48
    uncovered_place: float = 0.3  # the question is only about places the knowledge base has nothing on
    comparison_topic: float = 0.10
    place_word: float = 1.0  # a city's share of its rare-word weight (a city also names its court, so all of it)
    country: float = 1.0  # a country named, in units of the rarest word (the place factors judge places)
    unknown_word: float = 0.35  # an unknown word weighs this share of the rarest known word
    unknown_cjk: float = 0.1  # bigrams across word boundaries are often noise, so unknown ones weigh less
    partial_places: float = 0.54  # a question about several jurisdictions, answered by an entry on fewer
    unplaced: float = 0.78  # a question naming no place nor case, answered by one country's entry (not a topic)
    accept: float = 0.5  # answer when the fitted probability of being right reaches this
    specific: float = 1.28  # rare-word weight (in units of the rarest word) an entry must match to be sure
    date_year: float = 0.03  # the question names the year of the entry's own date
    date_month: float = 0.06  # ... or its month
    broad_topic: float = 0.5  # a topic, for a question of common words only (per unit of how little matched)


@dataclass(frozen=True)
class _QueryToken:
    weight: float
    expansions: tuple[tuple[int, float], ...]  # (token id, similarity)
    places: frozenset[str] = frozenset()  # a place name's jurisdictions: entries about them hold it


@dataclass(frozen=True)
class _Scored:
    score: float
    doc: int
    text: str
    evidence: tuple[float, ...]  # phrase, coverage, names, specificity
    elsewhere: bool = False  # about none of the question's places (see _elsewhere)


@dataclass(frozen=True)
class _Context:
    """What the question says apart from any one entry: the confidence features read it."""

    scope: float  # the best out-of-scope group's score
    scope_phrase: float  # the best out-of-scope group's phrase likeness
    known: float  # share of the question's weight in the subject's words
    places: frozenset[str]
    comparison: bool
    excluded: frozenset[str] = frozenset()  # places named only to be left out
    sides: tuple[float, float] = (0.0, 0.0)  # the question names the subject's AI side, its legal side


def _place_shares(docs: Sequence[MatchDoc], real: int) -> np.ndarray:
    """Per doc, the share of the knowledge base's cases (entries that are not topics) about its places: where a
    question that names no place most likely means, as the knowledge base itself says."""
    counts: Counter[str] = Counter()
    cases = 0
    for doc in docs[:real]:
        if not doc.is_topic:
            counts.update(doc.jurisdictions)
            cases += 1
    shares = [min(1.0, sum(counts[p] for p in doc.jurisdictions) / max(cases, 1)) for doc in docs]
    return np.array(shares, dtype=np.float32)


def _elsewhere(here: set[str], places: frozenset[str], excluded: frozenset[str]) -> bool:
    """An entry about none of the places the question names, or only about those it leaves out."""
    return bool(places and not places & here) or bool(excluded and here and here <= excluded)


def _sorted_words(text: str) -> str:
    return " ".join(sorted(text.split()))


def _slim(doc: MatchDoc, phrasings: bool = True) -> MatchDoc:
    """What the matcher keeps of a doc once it is indexed: not its summary or body (read only to index them),
    which are most of a large knowledge base's text; without `phrasings`, not its phrasings either (they are
    asked of the phrase source when the doc is shortlisted)."""
    if not phrasings:
        return replace(doc, summary=(), body=(), questions=(), phrasings_elsewhere=True)
    return replace(doc, summary=(), body=()) if doc.summary or doc.body else doc


class WeightedMatcher:
    _name_index: NameIndex | None  # autocomplete's, built when first needed (see names)
    _stale_names: NameIndex | None  # the previous matcher's, served while ours is built aside

    def __init__(
        self,
        weights: Weights | None = None,
        *,
        exhaustive: bool = False,
        out_of_scope: Sequence[MatchDoc] | None = None,
        calibration: Calibration | None = None,
    ) -> None:
        """`exhaustive` scores every entry that shares a token with the question (no narrowing): the
        reference that tests compare the narrowed matcher with. `out_of_scope` and `calibration`
        default to the shipped ones; the calibration fit passes its own."""
        self.weights = weights or Weights()
        self._exhaustive = exhaustive
        self._out_of_scope = tuple(shipped_out_of_scope() if out_of_scope is None else out_of_scope)
        self.calibration = calibration or shipped_calibration()
        self._docs: list[MatchDoc] = []
        self._real = 0  # docs[:_real] are entries, the rest out-of-scope groups
        self._index = IndexBuilder().finish()
        self._phrases: dict[int, list[str]] = {}
        self._told: dict[int, frozenset[tuple[str, str]]] = {}  # per doc read, the places its phrasings tell of
        self._forget_names(stale=None)
        self._near: dict[str, tuple[tuple[int, float], ...]] = {}
        # Where the phrasings of docs indexed without them are read (entry id -> its phrasings).
        self.phrase_source: Callable[[str], Sequence[str]] | None = None

    @property
    def out_of_scope(self) -> tuple[MatchDoc, ...]:
        return self._out_of_scope

    def build(self, docs: Sequence[MatchDoc]) -> None:
        """Numbered in entry-id order, which a patch keeps, so a patched matcher scores as a fresh build does."""
        builder = self.builder()
        builder.add(sorted(docs, key=lambda doc: doc.entry_id))
        builder.finish()

    def builder(self, tokenise_elsewhere: bool = False) -> "MatcherBuilder":
        """Build this matcher from docs fed a chunk at a time, in entry-id order; `tokenise_elsewhere`: in a
        process of its own (see ProcessIndexBuilder), for a large knowledge base."""
        return MatcherBuilder(self, ProcessIndexBuilder() if tokenise_elsewhere else IndexBuilder())

    def _settle(self) -> None:
        """What depends only on the size and the shipped tables."""
        self._scope_ids = np.arange(self._real, len(self._docs), dtype=np.int64)
        self._near = {}  # the vocabulary may have changed
        self._mass = _place_shares(self._docs, self._real)
        # Broader docs first among ties: topics, then docs about more places.
        breadth = [len(doc.jurisdictions) + (100 if doc.is_topic else 0) for doc in self._docs]
        self._breadth = np.array(breadth, dtype=np.int32)
        self._floor = domain_floor()
        self._sides = subject_sides()
        self._places = place_codes()
        self._place_words = place_tokens()  # a city or region: weighed as a place, found by its spelling
        # Per country, the docs about it (one pass over the docs: this runs again after every edit).
        self._about = {code: np.zeros(len(self._docs), dtype=bool) for codes in self._places.values() for code in codes}
        for number, item in enumerate(self._docs):
            for code in item.jurisdictions:
                if code in self._about:
                    self._about[code][number] = True
        self._budget = math.inf if self._exhaustive else max(POSTINGS_BUDGET, len(self._docs) // 5)
        self._candidate_limit = len(self._docs) if self._exhaustive else CANDIDATES
        if len(self._docs) <= EAGER_PHRASES:
            for doc in range(len(self._docs)):
                if not self._docs[doc].phrasings_elsewhere:
                    self._phrase_texts(doc)

    def patched(self, removed: Collection[str], added: Sequence[MatchDoc]) -> "WeightedMatcher":
        """A matcher serving these changes, built beside this one (which answers meanwhile): the docs of
        `removed` ids leave, `added` docs come in (a replaced entry is in both). Only the added docs are read;
        the rest is a few passes over the index's arrays, and the result scores exactly as a fresh build."""
        entries = self._docs[: self._real]
        ids = [doc.entry_id for doc in entries]
        leaving = set(removed) | {doc.entry_id for doc in added}
        gone = sorted(i for i in (bisect_left(ids, e) for e in leaving) if i < len(ids) and ids[i] in leaving)
        kept_ids = [entry_id for i, entry_id in enumerate(ids) if entry_id not in leaving] if gone else ids
        incoming = sorted(added, key=lambda doc: doc.entry_id)
        # Where each added doc goes among the kept ones, and so every doc's new number (kept ones keep their order).
        slots = np.array([bisect_left(kept_ids, doc.entry_id) for doc in incoming], dtype=np.int64)
        placed = slots + np.arange(len(incoming), dtype=np.int64)
        keep = np.ones(len(entries), dtype=bool)
        keep[gone] = False
        rank = np.cumsum(keep) - 1
        remap = np.where(keep, rank + np.searchsorted(slots, rank, side="right"), -1)
        real = len(kept_ids) + len(incoming)
        remap = np.concatenate((remap, real + np.arange(len(self._docs) - len(entries)))).astype(np.int64)

        new = WeightedMatcher.__new__(WeightedMatcher)
        new.__dict__.update(self.__dict__)
        docs: list[MatchDoc | None] = [None] * (real + len(self._out_of_scope))
        for old, number in enumerate(remap.tolist()):
            if number >= 0:
                docs[number] = self._docs[old]
        for number, doc in zip(placed.tolist(), incoming, strict=True):
            docs[number] = _slim(doc)
        new._docs = docs  # type: ignore[assignment]  # every slot is filled above
        new._real = real
        new._index = self._index.patched(remap, list(zip(placed.tolist(), incoming, strict=True)), real)
        new._phrases = {int(remap[d]): texts for d, texts in self._phrases.items() if remap[d] >= 0}
        new._told = {int(remap[d]): told for d, told in self._told.items() if remap[d] >= 0}
        new._forget_names(stale=self._name_index or self._stale_names)
        new._settle()
        return new

    # ---- the question -----------------------------------------------------------------------------
    def _expand(self, token: str) -> tuple[tuple[int, float], ...]:
        """The known tokens a question token stands for, with how sure we are (typos included)."""
        index = self._index
        known = index.vocab.get(token)
        if known is not None and index.df[known]:
            # A word all but unseen, one letter from a common one, is most likely the same misspelling in a stored
            # phrasing ("liabilty"): it stands for the common word too, and weighs as it.
            if index.df[known] > MISSPELT_DF or len(token) < MISSPELT_LENGTH or is_cjk_token(token):
                return ((known, 1.0),)
            floor = max(MISSPELT_DF + 1, MISSPELT_RATIO * int(index.df[known]))
            common = tuple(
                (tid, sim) for tid, sim in self._near_words(token) if tid != known and index.df[tid] >= floor
            )
            return ((known, 1.0), *common[:2])
        if is_cjk_token(token) or len(token) < 4 or not index.latin_words:
            return ()
        return self._near_words(token)

    def _near_words(self, token: str) -> tuple[tuple[int, float], ...]:
        """The known words a few letters from `token`, best first (at most three)."""
        index = self._index
        cached = self._near.get(token)
        if cached is not None:
            return cached
        hits = process.extract(token, index.latin_words, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=None)
        # The best three, ties by spelling: the same whatever order the vocabulary was numbered in.
        best = sorted(hits, key=lambda hit: (-hit[1], hit[0]))[:3]
        if len(self._near) >= NEAR_KEPT:
            self._near.clear()
        near = self._near[token] = tuple((int(index.latin_ids[i]), score / 100.0) for _, score, i in best)
        return near

    def _query(
        self, words: list[str], places: frozenset[str] = frozenset(), excluded: frozenset[str] = frozenset()
    ) -> tuple[list[_QueryToken], float, float]:
        """The known tokens, the question's total weight, and the weight in words of the domain: words
        the entries themselves use (so an entry added from Discord brings its own), or the floor."""
        w, index = self.weights, self._index
        out, total, domain = [], 0.0, 0.0
        # A country named weighs the same however it is spelt, shared among the words that name it; a word of a
        # country's name counts only where the question names that country ("state" alone is no place).
        named = {token: self._places[token] for token in words if token in self._places}
        countries = {token: codes for token, codes in named.items() if codes <= places}
        spellings = Counter(countries.values())
        for token in words:
            if excluded and token in named and named[token] <= excluded:
                continue  # "outside America": the place left out is no word of the question's
            expansions = self._expand(token)
            codes = countries.get(token)
            if codes is not None:  # says where, not what: neither for nor against the subject
                weight = w.country * index.max_idf / spellings[codes]
                out.append(_QueryToken(weight, expansions, codes))
                total += weight
                domain += weight
                continue
            place = token in self._place_words
            if not expansions:
                weight = (w.unknown_cjk if is_cjk_token(token) else w.unknown_word) * index.max_idf
                weight *= w.place_word if place else 1.0
                total += weight
                domain += weight if place or token in self._floor else 0.0
                continue
            # A misspelling that stands for several known words weighs as the most common of them: which one
            # was meant is a guess, and a rare name near a common word ("charge" ~ "charle") must not decide.
            weight = min(float(index.idf[tid]) for tid, _ in expansions) * (w.place_word if place else 1.0)
            out.append(_QueryToken(weight, expansions))
            total += weight
            # A short word's near spellings are often other words ("bread" ~ "breach"): only exact matches
            # and close misspellings of longer words speak for the subject.
            if (
                place
                or token in self._floor
                or any(
                    index.domain[tid] and (sim == 1.0 or (len(token) >= TYPO_DOMAIN_LENGTH and sim >= 0.88))
                    for tid, sim in expansions
                )
            ):
                domain += weight
        return out, total, domain

    # ---- scoring ----------------------------------------------------------------------------------
    def _candidates(self, query: list[_QueryToken]) -> np.ndarray:
        """Entries worth scoring in full: those holding the question's rarest tokens.

        Tokens are taken rarest first until their postings reach a budget, so a small knowledge base
        is scored exhaustively and a large one only where the telling words are.
        """
        index = self._index
        # A country says where, not what: it picks no entries (however it is spelt), it only weighs them.
        ranked = sorted(
            (q for q in query if q.expansions and not q.places),
            key=lambda q: min(int(index.df[tid]) for tid, _ in q.expansions),
        )
        chosen: list[_QueryToken] = []
        budget = 0
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
        docs = np.flatnonzero(partial[: self._real])
        keep = self._candidate_limit
        if len(docs) > keep:
            # Select among the non-zero entries only (introselect is slow on long runs of equal zeros). Entries
            # tied at the cut (near-twins that share the rare words) are told apart by all the question's words.
            values = partial[docs]
            cut = np.partition(values, len(docs) - keep)[len(docs) - keep]
            above, tied = docs[values > cut], docs[values == cut]
            room = keep - len(above)
            if len(tied) > room:
                fuller = self._coverage(query, tied.astype(np.int64))
                tied = tied[np.lexsort((tied, -fuller))[:room]]
            docs = np.sort(np.concatenate((above, tied)))
        # The out-of-scope groups are few and always scored: they are what a near miss is measured against.
        return np.concatenate((docs.astype(np.int64), self._scope_ids))

    def _coverage(self, query: list[_QueryToken], docs: np.ndarray) -> np.ndarray:
        """Rare-word weight of the question's words found in each entry (a token's best spelling counts once); the
        countries named are weighed apart (see _country_coverage)."""
        score = np.zeros(len(docs), dtype=np.float32)
        for q in query:
            if q.places:
                continue
            best = np.zeros(len(docs), dtype=np.float32)
            for tid, sim in q.expansions:
                np.maximum(best, self._index.weights_in(tid, docs) * sim, out=best)
            score += best * q.weight
        return score

    def _country_coverage(self, query: list[_QueryToken], docs: np.ndarray) -> np.ndarray:
        """The weight of the countries named found in each entry: an entry holds a country by being about it,
        however it spells it, and every out-of-scope group holds it (a near miss can be about any place)."""
        score = np.zeros(len(docs), dtype=np.float32)
        for q in query:
            if q.places:
                about = docs >= self._real
                for code in q.places:
                    about |= self._about[code][docs]
                score += about * np.float32(q.weight)
        return score

    def _phrase_texts(self, doc: int) -> list[str]:
        cached = self._phrases.get(doc)
        if cached is None:
            entry = self._docs[doc]
            questions = entry.questions
            if entry.phrasings_elsewhere:
                if self.phrase_source is None:
                    raise RuntimeError("a doc indexed without its phrasings, and no phrase source to read them")
                questions = tuple(self.phrase_source(entry.entry_id))
                if len(self._phrases) >= PHRASES_KEPT:  # they were left out to save memory: keep a bounded few
                    self._phrases.clear()
                    self._told.clear()
            texts = normalise_lines((entry.title, *questions))
            self._told[doc] = frozenset().union(*map(place_neighbours, texts))
            cached = self._phrases[doc] = [_sorted_words(t) for t in map(without_places, texts) if t]
        return cached

    def match(self, question: str, limit: int = 3) -> MatchResult:
        norm = normalise(question)
        words = list(dict.fromkeys(tokens(norm)))
        # A place named only to be left out ("outside America") is no place of the question's.
        excluded = frozenset(excluded_places(norm))
        places = frozenset(jurisdictions_in(question, norm)) - excluded
        comparison = asks_comparison(norm) and (len(places) >= 2 or "v" not in norm.split())
        nothing = MatchResult(question, (), False, comparison, places, on_topic=False)
        if not words or not self._real:
            return nothing
        query, total, domain = self._query(words, places, excluded)
        if not query:
            return nothing
        scored = self._score(query, total, norm, places, comparison, excluded)
        real = [s for s in scored if s.doc < self._real]
        if not real:
            return nothing
        scope = max((s.score for s in scored if s.doc >= self._real), default=0.0)
        scope_phrase = max((s.evidence[0] for s in scored if s.doc >= self._real), default=0.0)
        known = domain / max(total, 1e-9)
        shown = real[: max(limit, 1)]
        ai_side, law_side = self._sides
        sides = (float(not ai_side.isdisjoint(words)), float(not law_side.isdisjoint(words)))
        context = _Context(scope, scope_phrase, known, places, comparison, excluded, sides)
        features = np.array([self._features(item, real, context) for item in shown], dtype=np.float64).reshape(
            len(shown), len(FEATURES)
        )
        probabilities = self.calibration.probability(features)
        candidates = tuple(
            Candidate(self._docs[item.doc].entry_id, round(float(p), 4), round(item.score, 4), item.text, tuple(row))
            for item, p, row in zip(shown, probabilities, features.tolist(), strict=True)
        )
        on_topic = real[0].score > scope and known >= 0.5
        result = MatchResult(question, candidates, False, comparison, places, on_topic)
        # A question only about places no entry is about has no answer here, however well its words fit.
        accepted = candidates[0].confidence >= self.weights.accept and not result.only_uncovered_places
        return replace(result, accepted=accepted)

    def _score(
        self,
        query: list[_QueryToken],
        total: float,
        norm: str,
        places: frozenset[str],
        comparison: bool,
        excluded: frozenset[str] = frozenset(),
    ) -> list[_Scored]:
        """Every shortlisted entry and out-of-scope group with its ranking score, best first."""
        w = self.weights
        docs = self._candidates(query)
        told = place_neighbours(norm) if places else frozenset()
        telling = self._coverage(query, docs)
        matched = telling + self._country_coverage(query, docs) if any(q.places for q in query) else telling
        coverage = matched / max(min(total, COVERAGE_CAP * self._index.max_idf), 1e-9)
        # Questions of common words only ("the copyright thing with AI") match many entries equally: the
        # score falls with how little telling weight the entry really matched.
        specificity = np.minimum(1.0, telling / (w.specific * self._index.max_idf))
        broad = 1.0 - float(specificity[docs < self._real].max(initial=0.0))  # how little any entry matched tellingly
        query_sim = np.zeros(len(self._index.vocab), dtype=np.float32)
        for q in query:
            for tid, sim in q.expansions:
                query_sim[tid] = max(query_sim[tid], sim)
        names = self._index.name_scores(docs, query_sim)
        base = w.coverage * coverage + w.alias * names

        entries = np.flatnonzero(docs < self._real)
        k = min(SHORTLIST, len(entries))
        if len(entries) > k:
            # The best k, and any tied with the k-th, up to a cap: which of several near-twins gets its phrasings
            # compared must not depend on how a sort happened to break ties. Broader entries first (topics, then
            # entries on more places: a question every entry fits equally asks for an overview), then lower numbers.
            cut = -np.partition(-base[entries], k - 1)[k - 1]
            above, tied = entries[base[entries] > cut], entries[base[entries] == cut]
            tied_docs = docs[tied]
            tied = tied[np.lexsort((tied_docs, -self._breadth[tied_docs]))]
            top = np.concatenate((above, tied[: max(SHORTLIST_TIES - len(above), 1)]))
        else:
            top = entries
        top = np.concatenate((top[base[top] > 0], np.flatnonzero(docs >= self._real)))
        texts_per_doc = [self._phrase_texts(int(docs[i])) for i in top]
        texts = [t for group in texts_per_doc for t in group]
        asked = _sorted_words(without_places(norm))
        phrase = process.cdist([asked], texts, scorer=PHRASE_SCORER, dtype=np.uint8, workers=1)[0] if texts else []

        when = dates_in(norm)
        scored: list[_Scored] = []
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
            if told:
                # "a famous Japanese superhero": a place the entry's own phrasings name in the same words is part of
                # its story, not a place the question asks about.
                here |= {code for code, _ in told & self._told.get(int(docs[i]), frozenset())}
            elsewhere = _elsewhere(here, places, excluded)
            if places == {"OTHER"}:  # for near misses too, or every such question would look like one
                score *= w.uncovered_place
            elif not doc.out_of_scope:
                if elsewhere:
                    score *= w.foreign_jurisdiction
                elif len(places) > 1 and not places <= here:
                    score *= w.partial_places
                elif (
                    not places
                    and not doc.is_topic
                    and len(here) == 1
                    and not names[i]
                    # A question naming the month of the entry's own date names the entry, as a title would.
                    and not (when and doc.date and doc.date[:7] in when)
                ):
                    score *= w.unplaced
            if comparison and doc.is_topic and len(here) > 1 and (not places or places <= here):
                score += w.comparison_topic
            if broad and doc.is_topic and not doc.out_of_scope and (not places or places <= here):
                # A question of common words only ("can AI art be copyrighted?") asks for the overview, not a case,
                # and, naming no place, most likely about the places most of the knowledge base is about.
                score += w.broad_topic * broad * (float(self._mass[int(docs[i])]) if not places else 1.0)
            if when and doc.date:
                score += w.date_month if doc.date[:7] in when else w.date_year if doc.date[:4] in when else 0.0
            evidence = (best_phrase, float(coverage[i]), float(names[i]), float(specificity[i]))
            scored.append(_Scored(score, int(docs[i]), best_text, evidence, elsewhere))
        scored = self._named_cases_first(scored)
        scored.sort(key=lambda item: (-item.score, item.doc))
        return scored

    def _named_cases_first(self, scored: list[_Scored]) -> list[_Scored]:
        """A question that names a case in full ("奥特曼AI图片案平台要承担什么责任") asks about that case: a topic
        covering it, however well its phrasings fit, comes just after it (the topic is its ally, so the case's
        confidence is not lowered by it)."""
        named = {
            self._docs[s.doc].entry_id: s.score
            for s in scored
            if s.doc < self._real and not self._docs[s.doc].is_topic and s.evidence[2] >= NAMED_CASE
        }
        if not named:
            return scored
        out = []
        for item in scored:
            doc = self._docs[item.doc]
            if doc.is_topic:
                cap = max((score for entry_id, score in named.items() if entry_id in doc.covers), default=math.inf)
                if item.score >= cap:
                    item = replace(item, score=cap - 1e-3)
            out.append(item)
        return out

    def _features(self, item: _Scored, real: list[_Scored], context: "_Context") -> list[float]:
        """The evidence for one candidate, in FEATURES order."""
        doc = self._docs[item.doc]
        named = context.comparison and item.evidence[2] > 0  # a comparison's named entries are asked together
        rival = max(
            (
                r.score
                for r in real
                if r.doc != item.doc and not self._allied(doc, r.doc) and not (named and r.evidence[2] > 0)
            ),
            default=0.0,
        )
        places = context.places
        mismatch = 1.0 if places == {"OTHER"} or item.elsewhere else 0.0
        return [
            item.score,
            *item.evidence,
            item.score - rival,
            item.score - context.scope,
            context.known,
            mismatch,
            item.evidence[0] - context.scope_phrase,
            math.exp(-max(item.score - rival, 0.0) / TIE_SCALE),
            *context.sides,
        ]

    def _allied(self, doc: MatchDoc, other: int) -> bool:
        """Two entries that answer for each other (a topic and a case it covers, or two topics about the same
        rulings) are not rivals."""
        them = self._docs[other]
        if doc.entry_id in them.covers or them.entry_id in doc.covers:
            return True
        return doc.is_topic and them.is_topic and not set(doc.covers).isdisjoint(them.covers)

    # ---- autocomplete -----------------------------------------------------------------------------
    def names(self, prefix: str, limit: int = 25) -> list[tuple[str, str]]:
        """Titles and aliases closest to what the user has typed so far, one per entry. A large knowledge base's
        name index is built in a thread of its own (seconds at 100,000 entries); meanwhile the previous one
        answers (without entries that have left), or, right after start-up, nothing."""
        if not self._real:
            return []
        if not normalise(prefix):
            return [(doc.entry_id, doc.title) for doc in self._docs[: min(limit, self._real)]]
        index = self._name_index
        if index is None and self._real <= NAMES_AT_ONCE:
            index = self._name_index = NameIndex(self._docs[: self._real])
        if index is not None:
            return index.search(prefix, limit)
        self._build_names_aside()
        stale = self._stale_names  # read once: the thread building ours lets it go when done
        if stale is None:
            return []
        return [pair for pair in stale.search(prefix, limit * 2) if self._holds(pair[0])][:limit]

    def prepare_names(self) -> None:
        """Build the name index now (a worker thread's job for a large knowledge base)."""
        if self._name_index is None:
            self._name_index = NameIndex(self._docs[: self._real])
            self._stale_names = None

    def _forget_names(self, stale: NameIndex | None) -> None:
        """No name index of our own yet; `stale` (the previous matcher's) answers until it is built."""
        self._name_index = None
        self._stale_names = stale
        self._naming = threading.Lock()
        self._naming_started = False

    def _build_names_aside(self) -> None:
        with self._naming:
            if self._naming_started:
                return
            self._naming_started = True
        threading.Thread(target=self.prepare_names, name="name-index", daemon=True).start()

    def _holds(self, entry_id: str) -> bool:
        at = bisect_left(self._docs, entry_id, 0, self._real, key=lambda doc: doc.entry_id)
        return at < self._real and self._docs[at].entry_id == entry_id


class MatcherBuilder:
    """Feeds docs to the index a chunk at a time and keeps them slim (see IndexBuilder); `finish` makes the
    matcher serve them."""

    def __init__(self, matcher: WeightedMatcher, index: IndexBuilder) -> None:
        self._matcher = matcher
        self._index = index
        self._docs: list[MatchDoc] = []

    def add(self, docs: Iterable[MatchDoc], phrasings: bool = True) -> None:
        """`phrasings`: keep the docs' phrasings (else the matcher reads them from its phrase source)."""
        docs = list(docs)
        ids = [self._docs[-1].entry_id] if self._docs else []
        ids += [doc.entry_id for doc in docs]
        if any(a >= b for a, b in pairwise(ids)):
            raise ValueError("docs must come in entry-id order, each once (a patch places entries by their ids)")
        self._index.add(docs)
        self._docs.extend(_slim(doc, phrasings) for doc in docs)

    def finish(self) -> WeightedMatcher:
        matcher, real = self._matcher, len(self._docs)
        self._index.add(matcher.out_of_scope)
        matcher._docs = [*self._docs, *matcher.out_of_scope]
        matcher._real = real
        matcher._index = self._index.finish(real)
        matcher._phrases = {}
        matcher._told = {}
        matcher._forget_names(stale=None)
        matcher._settle()
        self._docs = []
        return matcher
