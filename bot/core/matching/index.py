"""The inverted index behind the matcher: token postings per entry, and the tokens of every name.

Built once per knowledge base (and again after an edit). Texts are split on white space and each
raw word is normalised and tokenised once, through a memo, because a knowledge base repeats its
words; that keeps the build of 100,000 entries within seconds.
"""

from array import array
from collections.abc import Iterable, Sequence

import numpy as np

from bot.core.matching.base import MatchDoc
from bot.core.matching.text import is_cjk_token, normalise_word, word_tokens

# How much a token counts in an entry, by the strongest field it appears in (stored as a 1-byte code).
BACKGROUND, EXTRA, QUESTION, NAME = 0, 1, 2, 3
FIELD_WEIGHTS = np.array([0.3, 0.5, 1.0, 1.0], dtype=np.float32)
SLICES = 16  # postings regrouped per token in this many passes: more passes, smaller temporaries
NAME_SHARE = 0.6  # share of a name's rare-word weight the question must contain for the name to count


# A doc's tokens per field, each in first-seen order: body, summary, questions, then one tuple per name.
DocTokens = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[tuple[str, ...], ...]]


class TokenCache:
    """Each doc's tokens, kept between builds: an edit re-tokenises only the doc that changed (tokenising is most
    of a build). Rebuilding from cached tokens gives the very index a fresh build gives: the vocabulary is
    numbered in the same first-seen order and every set is filled in the same order."""

    def __init__(self) -> None:
        self.docs: dict[MatchDoc, DocTokens] = {}
        self.raw: dict[str, tuple[str, ...]] = {}  # a raw word's tokens
        self.phrases: dict[MatchDoc, list[str]] = {}  # the matcher's normalised phrasings

    def keep_only(self, docs: Iterable[MatchDoc]) -> None:
        wanted = set(docs)
        self.docs = {d: t for d, t in self.docs.items() if d in wanted}
        self.phrases = {d: p for d, p in self.phrases.items() if d in wanted}
        if len(self.raw) > 4 * max(len(self.docs), 1_000) * 50:
            self.raw = {}


class TokenIndex:
    """Postings (token -> entries, with the weight of the strongest field it appears in) and names."""

    def __init__(self, docs: Sequence[MatchDoc], real: int | None = None, cache: TokenCache | None = None) -> None:
        """`real`: how many of `docs` (the first ones) are entries; the rest are out-of-scope groups. `cache`: docs'
        tokens from earlier builds (see TokenCache)."""
        self.size = len(docs)
        real = self.size if real is None else real
        self.vocab: dict[str, int] = {}
        self._cache = cache or TokenCache()
        self._keep = cache is not None  # without a cache to fill, keep no doc's tokens (the build's peak memory)
        post_token, post_field, doc_sizes = array("i"), array("B"), array("i")
        name_tokens, name_ptr, name_doc_ptr = array("i"), array("q", [0]), array("q", [0])

        for doc in docs:
            body, summary, questions, names = self._doc_tokens(doc)
            bag: dict[int, int] = dict.fromkeys(self._ids(body), BACKGROUND)
            bag.update(dict.fromkeys(self._ids(summary), EXTRA))
            bag.update(dict.fromkeys(self._ids(questions), QUESTION))
            for name in names:
                ids = self._ids(name)
                if ids:
                    bag.update(dict.fromkeys(ids, NAME))
                    name_tokens.extend(ids)
                    name_ptr.append(len(name_tokens))
            name_doc_ptr.append(len(name_ptr) - 1)
            post_token.extend(bag.keys())
            post_field.extend(bag.values())
            doc_sizes.append(len(bag))

        tok = np.frombuffer(post_token, dtype=np.int32)
        self.df = np.bincount(tok, minlength=len(self.vocab)).astype(np.int32)
        self.post_ptr = np.concatenate(([0], np.cumsum(self.df))).astype(np.int64)
        self.post_doc, self.post_field = self._by_token(
            tok, np.frombuffer(post_field, dtype=np.uint8), np.frombuffer(doc_sizes, dtype=np.int32)
        )
        del tok, post_token, post_field
        # The domain is what the entries speak of: a token in an entry's names, phrasings or summary.
        self.domain = self._domain(real)
        self.idf = np.log1p(max(self.size, 1) / np.maximum(self.df, 1)).astype(np.float32)
        self.max_idf = float(self.idf.max()) if len(self.idf) else 1.0
        # Names: name i has tokens name_tokens[name_ptr[i]:name_ptr[i+1]]; entry d owns names
        # name_doc_ptr[d]..name_doc_ptr[d+1].
        self.name_tokens = np.frombuffer(name_tokens, dtype=np.int32)
        self.name_ptr = np.frombuffer(name_ptr, dtype=np.int64)
        self.name_doc_ptr = np.frombuffer(name_doc_ptr, dtype=np.int64)
        lengths = np.diff(self.name_ptr)
        self.name_total = (
            np.add.reduceat(self.idf[self.name_tokens], self.name_ptr[:-1]) * (lengths > 0)
            if len(self.name_tokens)
            else np.zeros(0, dtype=np.float32)
        )
        self.latin_words = [w for w in self.vocab if len(w) >= 4 and not w.isdigit() and not is_cjk_token(w)]
        self.latin_ids = np.array([self.vocab[w] for w in self.latin_words], dtype=np.int32)
        del self._cache

    def _by_token(self, tok: np.ndarray, field: np.ndarray, sizes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Regroup postings from entry order to token order (entries stay ascending within a token).

        Done in slices of the vocabulary, so the sort's temporary index never covers every posting at once.
        """
        starts = np.cumsum(sizes, dtype=np.int64) - sizes  # where each entry's postings begin
        out_doc = np.empty(len(tok), dtype=np.int32)
        out_field = np.empty(len(tok), dtype=np.uint8)
        # Token boundaries that split the postings into about sixteen equal slices (the sort's index per slice
        # is what peaks the build's memory).
        cuts = np.searchsorted(self.post_ptr, np.linspace(0, len(tok), SLICES + 1)[1:-1])
        bounds = np.unique(np.concatenate(([0], cuts, [len(self.vocab)])))
        for lo, hi in zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True):
            picked = np.flatnonzero((tok >= lo) & (tok < hi))
            order = picked[np.argsort(tok[picked], kind="stable")]
            start, end = self.post_ptr[lo], self.post_ptr[hi]
            out_doc[start:end] = np.searchsorted(starts, order, side="right") - 1
            out_field[start:end] = field[order]
        return out_doc, out_field

    def _domain(self, real: int) -> np.ndarray:
        """Per token: used in an entry's names, phrasings or summary. Read in eighths of the postings, so the
        temporaries stay small at any size (every token has a posting, so no segment is empty)."""
        domain = np.zeros(len(self.vocab), dtype=bool)
        total = int(self.post_ptr[-1])
        cuts = np.searchsorted(self.post_ptr, np.linspace(0, total, 9)[1:-1])
        bounds = np.unique(np.concatenate(([0], cuts, [len(self.vocab)])))
        for lo, hi in zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True):
            start, end = int(self.post_ptr[lo]), int(self.post_ptr[hi])
            if end > start:
                used = (self.post_field[start:end] >= EXTRA) & (self.post_doc[start:end] < real)
                domain[lo:hi] = np.logical_or.reduceat(used, self.post_ptr[lo:hi] - start)
        return domain

    def _doc_tokens(self, doc: MatchDoc) -> DocTokens:
        cached = self._cache.docs.get(doc)
        if cached is None:
            names = tuple(self._tokens((name,)) for name in (doc.title, *doc.aliases))
            cached = (self._tokens(doc.body), self._tokens(doc.summary), self._tokens(doc.questions), names)
            if self._keep:
                self._cache.docs[doc] = cached
        return cached

    def _tokens(self, texts: Iterable[str]) -> tuple[str, ...]:
        """The texts' tokens, each once, in first-seen order. Texts are split on white space and each raw word
        is normalised and tokenised once, through a memo, because a knowledge base repeats its words."""
        found: list[str] = []
        memo = self._cache.raw
        for text in texts:
            for raw in text.split():
                known = memo.get(raw)
                if known is None:
                    known = memo[raw] = tuple(token for word in normalise_word(raw) for token in word_tokens(word))
                found.extend(known)
        return tuple(dict.fromkeys(found))

    def _ids(self, tokens: tuple[str, ...]) -> set[int]:
        """Token ids, numbered in first-seen order across the build (as tokenising in place would number them)."""
        vocab = self.vocab
        ids = set(map(vocab.get, tokens))  # the same ids in the same order as below, at C speed when all are known
        if None not in ids:
            return ids  # type: ignore[return-value]
        for token in tokens:
            if token not in vocab:
                vocab[token] = len(vocab)
        return set(map(vocab.__getitem__, tokens))

    def postings(self, token_id: int) -> tuple[np.ndarray, np.ndarray]:
        lo, hi = self.post_ptr[token_id], self.post_ptr[token_id + 1]
        return self.post_doc[lo:hi], FIELD_WEIGHTS[self.post_field[lo:hi]]

    def weights_in(self, token_id: int, docs: np.ndarray) -> np.ndarray:
        """The token's field weight in each of `docs` (sorted ids), 0 where absent: no full scan."""
        entries, weights = self.postings(token_id)
        if not len(entries):
            return np.zeros(len(docs), dtype=np.float32)
        pos = np.minimum(np.searchsorted(entries, docs), len(entries) - 1)
        return np.where(entries[pos] == docs, weights[pos], 0.0).astype(np.float32)

    def names_hold(self, doc: int, token_ids: set[int]) -> bool:
        """Whether any of these tokens is in one of the entry's names (title or aliases)."""
        lo, hi = self.name_ptr[self.name_doc_ptr[doc]], self.name_ptr[self.name_doc_ptr[doc + 1]]
        return bool(token_ids & set(self.name_tokens[lo:hi].tolist()))

    def name_scores(self, docs: np.ndarray, query_sim: np.ndarray) -> np.ndarray:
        """Per doc, the best share of a name's rare-word weight found in the question (0..1)."""
        starts, ends = self.name_doc_ptr[docs], self.name_doc_ptr[docs + 1]
        counts = ends - starts
        best = np.zeros(len(docs), dtype=np.float32)
        if not counts.sum():
            return best
        names = np.repeat(starts - np.cumsum(counts) + counts, counts) + np.arange(counts.sum())
        owner = np.repeat(np.arange(len(docs)), counts)
        t_lo, t_hi = self.name_ptr[names], self.name_ptr[names + 1]
        t_counts = t_hi - t_lo
        keep = t_counts > 0
        names, owner, t_lo, t_counts = names[keep], owner[keep], t_lo[keep], t_counts[keep]
        if not len(names):
            return best
        flat = np.repeat(t_lo - np.cumsum(t_counts) + t_counts, t_counts) + np.arange(t_counts.sum())
        toks = self.name_tokens[flat]
        found = np.add.reduceat(self.idf[toks] * query_sim[toks], np.cumsum(t_counts) - t_counts)
        ratio = found / np.maximum(self.name_total[names], 1e-9)
        # A name counts when (nearly) all its words are in the question, scaled by how telling it is.
        strength = np.where(ratio >= NAME_SHARE, ratio * np.minimum(self.name_total[names] / self.max_idf, 1.0), 0.0)
        np.maximum.at(best, owner, strength.astype(np.float32))
        return best
