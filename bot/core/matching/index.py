"""The inverted index behind the matcher: token postings per entry, and the tokens of every name.

Built once per knowledge base and patched after an edit: `patched` drops and adds docs with a few passes
over the arrays (milliseconds at 10,000 entries), and gives exactly the index a fresh build would.
"""

import multiprocessing
from array import array
from collections import deque
from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import chain, islice
from typing import Any

import numpy as np

from bot.core.matching.base import MatchDoc
from bot.core.matching.text import is_cjk_token, normalise_word, word_tokens

# How much a token counts in an entry, by the strongest field it appears in (stored as a 1-byte code).
BACKGROUND, EXTRA, QUESTION, NAME = 0, 1, 2, 3
FIELD_WEIGHTS = np.array([0.3, 0.5, 1.0, 1.0], dtype=np.float32)
# A posting is one int32: the entry's number shifted left, the field code in the low bits (the postings of a
# token, sorted, are then in entry order; and the field costs no array of its own).
FIELD_BITS, FIELD_MASK = 2, 3
RUN = 1 << 20  # postings regrouped by token this many at a time: the build's temporaries stay this size
BACKLOG = 2  # chunks queued for a tokenising process at most
STEP = 1 << 20  # elements copied per call when patching, so no one call holds the interpreter for long
NAME_SHARE = 0.6  # share of a name's rare-word weight the question must contain for the name to count
NAME_RARE = 0.3  # ... and its rarest word must weigh this share of the knowledge base's rarest word's weight


Memo = dict[str, tuple[int, ...]]  # a raw word's token ids: a knowledge base repeats its words


def _ids(texts: Iterable[str], vocab: dict[str, int], memo: Memo) -> set[int]:
    """The ids of the texts' tokens (a token seen for the first time is numbered next). Texts are split on white
    space and each distinct raw word is normalised and tokenised once, through the memo; the rest runs at C
    speed (most of a build is here)."""
    raws = set(chain.from_iterable(text.split() for text in texts))
    for raw in raws.difference(memo):
        tokens = (token for word in normalise_word(raw) for token in word_tokens(word))
        memo[raw] = tuple(vocab.setdefault(token, len(vocab)) for token in tokens)
    return set(chain.from_iterable(map(memo.__getitem__, raws)))


def _bag(doc: MatchDoc, vocab: dict[str, int], memo: Memo) -> tuple[dict[int, int], list[set[int]]]:
    """A doc's tokens, each with the strongest field it appears in, and the tokens of each of its names."""
    bag: dict[int, int] = dict.fromkeys(_ids(doc.body, vocab, memo), BACKGROUND)
    bag.update(dict.fromkeys(_ids(doc.summary, vocab, memo), EXTRA))
    bag.update(dict.fromkeys(_ids(doc.questions, vocab, memo), QUESTION))
    names = []
    for name in (doc.title, *doc.aliases, *doc.numbers):
        ids = _ids((name,), vocab, memo)
        if ids:
            bag.update(dict.fromkeys(ids, NAME))
            names.append(ids)
        # "泰勒案" is "the Thaler case": a question says "泰勒起诉…那个案子", so the name without "案" counts too
        # (its last bigram, "勒案", is no word anyone types).
        if len(name) > 2 and name.endswith("案") and is_cjk_token(name[-2]):
            bare = _ids((name[:-1],), vocab, memo)
            if bare:
                names.append(bare)
    return bag, names


def _latin(word: str) -> bool:
    """A word long enough to be misspelt recognisably (typos are looked up among these)."""
    return len(word) >= 4 and not word.isdigit() and not is_cjk_token(word)


def _splice(old: np.ndarray, drop: np.ndarray, at: np.ndarray, values: np.ndarray) -> np.ndarray:
    """`old` without the elements at `drop`, with `values` inserted before the elements at `at` (both sorted).

    Copied a run at a time between the edits: one pass, and never one long call that would keep the event loop
    waiting (numpy's insert and delete hold the interpreter for a whole large array)."""
    out = np.empty(len(old) - len(drop) + len(values), dtype=old.dtype)
    points = np.concatenate((at, drop))
    kinds = np.concatenate((np.zeros(len(at), dtype=np.int8), np.ones(len(drop), dtype=np.int8)))
    which = np.concatenate((np.arange(len(at)), np.arange(len(drop))))
    order = np.lexsort((kinds, points))  # at one place, the insertion before the drop (the result is the same)
    src = dst = 0
    for point, kind, i in zip(points[order].tolist(), kinds[order].tolist(), which[order].tolist(), strict=True):
        for lo in range(src, point, STEP):
            n = min(STEP, point - lo)
            out[dst : dst + n] = old[lo : lo + n]
            dst += n
        src = point
        if kind:
            src += 1
        else:
            out[dst] = values[i]
            dst += 1
    for lo in range(src, len(old), STEP):
        n = min(STEP, len(old) - lo)
        out[dst : dst + n] = old[lo : lo + n]
        dst += n
    return out


Chunk = tuple[list[str], int, bytes, bytes, bytes, bytes, bytes, bytes]  # what one chunk of docs added


class IndexBuilder:
    """Reads docs a chunk at a time (in id order, then the out-of-scope groups), so that a large knowledge base
    can be indexed while it streams in, each chunk's texts let go once read."""

    def __init__(self) -> None:
        self.vocab: dict[str, int] = {}
        self.memo: Memo = {}
        self.docs = 0
        self.post_token, self.post_field, self.doc_sizes = array("i"), array("B"), array("i")
        self.name_tokens, self.name_lengths, self.doc_names = array("i"), array("i"), array("i")
        self._sent = 0  # vocabulary already handed over by take()

    def add(self, docs: Iterable[MatchDoc]) -> None:
        for doc in docs:
            bag, names = _bag(doc, self.vocab, self.memo)
            for ids in names:
                self.name_tokens.extend(ids)
                self.name_lengths.append(len(ids))
            self.doc_names.append(len(names))
            self.post_token.extend(bag.keys())
            self.post_field.extend(bag.values())
            self.doc_sizes.append(len(bag))
            self.docs += 1

    def take(self) -> Chunk:
        """What was added since the last take (the new words in order, the arrays), and forget it but the
        vocabulary and memo: how a builder in another process hands its work over."""
        words = list(islice(self.vocab, self._sent, None))
        self._sent = len(self.vocab)
        arrays = (self.post_token, self.post_field, self.doc_sizes, self.name_tokens, self.name_lengths, self.doc_names)
        chunk: Chunk = (words, self.docs, *(a.tobytes() for a in arrays))  # type: ignore[assignment]
        self.docs = 0
        self.post_token, self.post_field, self.doc_sizes = array("i"), array("B"), array("i")
        self.name_tokens, self.name_lengths, self.doc_names = array("i"), array("i"), array("i")
        return chunk

    def put(self, chunk: Chunk) -> None:
        """Another builder's take(), as if its docs had been added here (its vocabulary extends this one's)."""
        words, docs, *arrays = chunk
        for word in words:
            self.vocab[word] = len(self.vocab)
        for mine, data in zip(
            (self.post_token, self.post_field, self.doc_sizes, self.name_tokens, self.name_lengths, self.doc_names),
            arrays,
            strict=True,
        ):
            mine.frombytes(data)
        self.docs += docs

    def finish(self, real: int | None = None) -> "TokenIndex":
        """`real`: how many of the docs (the first ones) are entries; the rest are out-of-scope groups."""
        self.memo = {}
        return TokenIndex(self, real)


class ProcessIndexBuilder(IndexBuilder):
    """Tokenises in a process of its own, which keeps the vocabulary; this one only appends what it sends back.

    Tokenising is most of loading a large knowledge base, and in one process it competes with reading and
    unpacking the rows for the one interpreter lock; in its own process it runs on another core."""

    def __init__(self) -> None:
        super().__init__()
        self._pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
        self._pending: deque[Future[Chunk]] = deque()

    def add(self, docs: Iterable[MatchDoc]) -> None:
        self._pending.append(self._pool.submit(_index_elsewhere, list(docs)))
        # Take in what is ready, in order; and wait when the worker is behind, so that the chunks queued for it
        # (their whole texts) never pile up in memory.
        while self._pending and (self._pending[0].done() or len(self._pending) > BACKLOG):
            self.put(self._pending.popleft().result())

    def finish(self, real: int | None = None) -> "TokenIndex":
        try:
            while self._pending:
                self.put(self._pending.popleft().result())
        finally:
            self._pool.shutdown(cancel_futures=True)
        return super().finish(real)


_elsewhere: IndexBuilder | None = None  # the builder of a ProcessIndexBuilder's worker process


def _index_elsewhere(docs: list[MatchDoc]) -> Chunk:
    global _elsewhere
    if _elsewhere is None:
        _elsewhere = IndexBuilder()
    _elsewhere.add(docs)
    return _elsewhere.take()


class TokenIndex:
    """Postings (token -> entries, with the weight of the strongest field it appears in) and names.

    Docs are numbered in the order given (entries by id, then the out-of-scope groups), and `patched` keeps that
    numbering, so an index patched after edits scores exactly as one built afresh over the same docs."""

    def __init__(self, builder: IndexBuilder, real: int | None = None) -> None:
        """Made by IndexBuilder.finish() from the docs it read; `real`: how many of them (the first ones) are
        entries, the rest out-of-scope groups."""
        self.size = builder.docs
        self.vocab = builder.vocab
        post_token, post_field, doc_sizes = builder.post_token, builder.post_field, builder.doc_sizes
        name_tokens, name_lengths, doc_names = builder.name_tokens, builder.name_lengths, builder.doc_names
        IndexBuilder.__init__(builder)  # handed over: the builder keeps no second reference

        tok = np.frombuffer(post_token, dtype=np.int32)
        self.df = np.bincount(tok, minlength=len(self.vocab)).astype(np.int32)
        self.post_ptr = np.concatenate(([0], np.cumsum(self.df))).astype(np.int64)
        self.post = self._by_token(
            tok, np.frombuffer(post_field, dtype=np.uint8), np.frombuffer(doc_sizes, dtype=np.int32)
        )
        del tok, post_token, post_field
        # Names: name i has tokens name_tokens[name_ptr[i]:name_ptr[i+1]]; entry d owns names
        # name_doc_ptr[d]..name_doc_ptr[d+1].
        self.name_tokens = np.frombuffer(name_tokens, dtype=np.int32)
        self.name_ptr = np.concatenate(([0], np.cumsum(np.frombuffer(name_lengths, dtype=np.int32)))).astype(np.int64)
        self.name_doc_ptr = np.concatenate(([0], np.cumsum(np.frombuffer(doc_names, dtype=np.int32)))).astype(np.int64)
        self.latin_all = [w for w in self.vocab if _latin(w)]
        # The domain is what the entries speak of: a token in an entry's names, phrasings or summary.
        self.domain = self._domain(self.size if real is None else real)
        self._derive()

    def _derive(self) -> None:
        """The weights that follow from the counts: recomputed whole after a patch (each is one pass over an
        array), since every weight moves when the number of entries does."""
        live = self.df > 0  # a patch can leave a token no entry uses any more
        self.idf = np.log1p(max(self.size, 1) / np.maximum(self.df, 1)).astype(np.float32)
        self.max_idf = float(self.idf[live].max()) if live.any() else 1.0
        if len(self.name_tokens):
            # Summed in float64, where a name's few float32 weights add exactly, so the order of its tokens
            # (which depends on how the vocabulary was numbered) cannot change the total.
            weights = self.idf[self.name_tokens].astype(np.float64)
            starts, worded = np.minimum(self.name_ptr[:-1], len(weights) - 1), np.diff(self.name_ptr) > 0
            self.name_total = (np.add.reduceat(weights, starts) * worded).astype(np.float32)
            self.name_rarest = (np.maximum.reduceat(weights, starts) * worded).astype(np.float32)
        else:
            self.name_total = np.zeros(len(self.name_ptr) - 1, dtype=np.float32)
            self.name_rarest = np.zeros(len(self.name_ptr) - 1, dtype=np.float32)
        # The words a misspelling may stand for: the longer Latin words that some doc still uses.
        ids = np.array([self.vocab[w] for w in self.latin_all], dtype=np.int32)
        keep = live[ids] if len(ids) else np.zeros(0, dtype=bool)
        self.latin_words = [w for w, alive in zip(self.latin_all, keep.tolist(), strict=True) if alive]
        self.latin_ids = ids[keep]

    def patched(self, remap: np.ndarray, added: Sequence[tuple[int, MatchDoc]], real: int) -> "TokenIndex":
        """A new index with some docs dropped and others added, this one left as it is (it is served meanwhile).

        `remap`: each old doc's new number, or -1 when it is dropped; `added`: (new number, doc). The new numbers
        must keep the kept docs in their order. Cost: a few passes over the postings, not a re-read of any doc.
        """
        new = TokenIndex.__new__(TokenIndex)
        new.size = int(np.count_nonzero(remap >= 0)) + len(added)
        new.vocab = dict(self.vocab)
        old_vocab = len(self.vocab)
        memo: Memo = {}
        added = sorted(added, key=lambda pair: pair[0])
        bags = [(number, *_bag(doc, new.vocab, memo)) for number, doc in added]
        grown = len(new.vocab) - old_vocab

        # Postings: the dropped docs' are found with a pass per dropped doc, the kept ones renumbered only when
        # numbers move (an entry added or deleted, not replaced), and the added docs' inserted in their places.
        old_docs = len(remap)
        kept_old = np.flatnonzero(remap >= 0)  # their new numbers ascend as the old ones do
        kept_new = remap[kept_old]
        dropped = self._postings_of(np.flatnonzero(remap < 0))
        dropped_tok = np.searchsorted(self.post_ptr, dropped, side="right") - 1
        df = np.concatenate((self.df, np.zeros(grown, dtype=np.int32)))
        np.subtract.at(df, dropped_tok, 1)
        ptr = np.concatenate((self.post_ptr, np.full(grown, self.post_ptr[-1], dtype=np.int64)))
        add_tok = np.array([t for _, bag, _ in bags for t in bag], dtype=np.int32)
        add_doc = np.array([n for n, bag, _ in bags for _ in bag], dtype=np.int32)
        add_field = np.array([f for _, bag, _ in bags for f in bag.values()], dtype=np.uint8)
        order = np.lexsort((add_doc, add_tok))
        add_tok, add_doc, add_field = add_tok[order], add_doc[order], add_field[order]
        # An added posting goes before the first old posting of its token whose doc comes after it.
        after = np.searchsorted(kept_new, add_doc)
        before_doc = np.where(after < len(kept_old), kept_old[np.minimum(after, len(kept_old) - 1)], old_docs)
        at = np.array(
            [
                ptr[t] + np.searchsorted(self.post[ptr[t] : ptr[t + 1]], d << FIELD_BITS)
                for t, d in zip(add_tok.tolist(), before_doc.tolist(), strict=True)
            ],
            dtype=np.int64,
        )
        added_post = (add_doc << FIELD_BITS) | add_field.astype(np.int32)
        new.post = _splice(self.post, dropped, at, added_post)
        if not np.array_equal(kept_new, kept_old):  # numbers move: renumber, a slice at a time
            table = remap.astype(np.int32)
            for lo in range(0, len(new.post), STEP):
                run = new.post[lo : lo + STEP]
                run[:] = (table[run >> FIELD_BITS] << FIELD_BITS) | (run & FIELD_MASK)
            # The added postings were new numbers already: where each landed, it is put back.
            new.post[at - np.searchsorted(dropped, at) + np.arange(len(at))] = added_post
        new.df = df + np.bincount(add_tok, minlength=len(df)).astype(np.int32)
        new.post_ptr = np.concatenate(([0], np.cumsum(new.df))).astype(np.int64)
        # Only tokens whose summary-or-better use changed can enter or leave the domain.
        touched = np.union1d(dropped_tok[(self.post[dropped] & FIELD_MASK) >= EXTRA], add_tok[add_field >= EXTRA])
        new.domain = np.concatenate((self.domain, np.zeros(grown, dtype=bool)))
        new.domain[touched] = [new._in_domain(t, real) for t in touched.tolist()]

        # Names: the kept docs' in runs (their order holds), the added docs' between, copied a run at a time.
        self._patch_names(new, kept_old, kept_new, bags)
        new.latin_all = [*self.latin_all, *(w for w in islice(new.vocab, old_vocab, None) if _latin(w))]
        new._derive()
        return new

    def _patch_names(
        self, new: "TokenIndex", kept_old: np.ndarray, kept_new: np.ndarray, bags: list[tuple[int, Any, list[set[int]]]]
    ) -> None:
        """The names arrays of `new`: runs of kept docs (consecutive in both numberings) copied whole, each added
        doc's names in its place; no per-name work over the whole knowledge base, which held the loop."""
        name_lengths = np.diff(self.name_ptr)
        doc_counts = np.diff(self.name_doc_ptr)
        cut = np.flatnonzero((np.diff(kept_old) != 1) | (np.diff(kept_new) != 1)) + 1
        pieces: list[tuple[int, np.ndarray, np.ndarray, np.ndarray]] = []  # (first new doc, tokens, lengths, counts)
        for lo, hi in zip([0, *cut.tolist()], [*cut.tolist(), len(kept_old)], strict=True):
            if hi > lo:
                first, last = int(kept_old[lo]), int(kept_old[hi - 1]) + 1
                n1, n2 = int(self.name_doc_ptr[first]), int(self.name_doc_ptr[last])
                tokens = self.name_tokens[self.name_ptr[n1] : self.name_ptr[n2]]
                pieces.append((int(kept_new[lo]), tokens, name_lengths[n1:n2], doc_counts[first:last]))
        for number, _, names in bags:
            ids = [np.fromiter(sorted(name), dtype=np.int32) for name in names]
            tokens = np.concatenate(ids) if ids else np.zeros(0, dtype=np.int32)
            lengths = np.array([len(i) for i in ids], dtype=np.int64)
            pieces.append((number, tokens, lengths, np.array([len(ids)], dtype=np.int64)))
        pieces.sort(key=lambda piece: piece[0])
        new.name_tokens = np.concatenate([p[1] for p in pieces]).astype(np.int32, copy=False)
        new.name_ptr = np.concatenate(([0], np.cumsum(np.concatenate([p[2] for p in pieces])))).astype(np.int64)
        new.name_doc_ptr = np.concatenate(([0], np.cumsum(np.concatenate([p[3] for p in pieces])))).astype(np.int64)

    def _in_domain(self, token: int, real: int) -> bool:
        lo, hi = self.post_ptr[token], self.post_ptr[token + 1]
        run = self.post[lo:hi]
        return bool((((run & FIELD_MASK) >= EXTRA) & ((run >> FIELD_BITS) < real)).any())

    def _postings_of(self, docs: np.ndarray) -> np.ndarray:
        """Where these docs' postings are, a slice of the postings at a time (no temporary of their size)."""
        found = []
        for lo in range(0, len(self.post), STEP):
            owners = self.post[lo : lo + STEP] >> FIELD_BITS
            hit = (owners == docs[0]) if len(docs) == 1 else np.isin(owners, docs)
            found.append(np.flatnonzero(hit) + lo)
        return np.concatenate(found) if found else np.zeros(0, dtype=np.int64)

    def _by_token(self, tok: np.ndarray, field: np.ndarray, sizes: np.ndarray) -> np.ndarray:
        """Regroup postings from entry order to token order (entries stay ascending within a token).

        A counting sort, a run of postings at a time in entry order: each run is sorted by token and written
        after what earlier runs wrote, so the temporaries are a run's size, never the whole of the postings.
        """
        starts = np.cumsum(sizes, dtype=np.int64) - sizes  # where each entry's postings begin
        out = np.empty(len(tok), dtype=np.int32)
        fill = self.post_ptr[:-1].copy()  # the next free place of each token
        for lo in range(0, len(tok), RUN):
            run = tok[lo : lo + RUN]
            order = np.argsort(run, kind="stable")
            grouped = run[order]
            first = np.flatnonzero(np.concatenate(([True], grouped[1:] != grouped[:-1])))
            counts = np.diff(np.concatenate((first, [len(grouped)])))
            place = fill[grouped] + (np.arange(len(grouped)) - np.repeat(first, counts))
            docs = (np.searchsorted(starts, order + lo, side="right") - 1).astype(np.int32)
            out[place] = (docs << FIELD_BITS) | field[lo : lo + RUN][order]
            fill[grouped[first]] += counts
        return out

    def _domain(self, real: int) -> np.ndarray:
        """Per token: used in an entry's names, phrasings or summary. Read in eighths of the postings, so the
        temporaries stay small at any size; a token with no postings left (after a patch) is not in it."""
        domain = np.zeros(len(self.vocab), dtype=bool)
        total = int(self.post_ptr[-1])
        cuts = np.searchsorted(self.post_ptr, np.linspace(0, total, 9)[1:-1])
        bounds = np.unique(np.concatenate(([0], cuts, [len(self.vocab)])))
        for lo, hi in zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True):
            start, end = int(self.post_ptr[lo]), int(self.post_ptr[hi])
            run = self.post[start:end]
            used = ((run & FIELD_MASK) >= EXTRA) & ((run >> FIELD_BITS) < real)
            seen = np.concatenate(([0], np.cumsum(used, dtype=np.int64)))
            edges = self.post_ptr[lo : hi + 1] - start
            domain[lo:hi] = seen[edges[1:]] > seen[edges[:-1]]
        return domain

    def postings(self, token_id: int) -> tuple[np.ndarray, np.ndarray]:
        lo, hi = self.post_ptr[token_id], self.post_ptr[token_id + 1]
        run = self.post[lo:hi]
        return run >> FIELD_BITS, FIELD_WEIGHTS[run & FIELD_MASK]

    def weights_in(self, token_id: int, docs: np.ndarray) -> np.ndarray:
        """The token's field weight in each of `docs` (sorted ids), 0 where absent: no full scan."""
        run = self.post[self.post_ptr[token_id] : self.post_ptr[token_id + 1]]
        if not len(run):
            return np.zeros(len(docs), dtype=np.float32)
        # Searched as packed postings (an entry's is at least its number shifted), so only the found ones unpack.
        found = run[np.minimum(np.searchsorted(run, docs << FIELD_BITS), len(run) - 1)]
        return np.where(found >> FIELD_BITS == docs, FIELD_WEIGHTS[found & FIELD_MASK], 0.0).astype(np.float32)

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
        found = np.add.reduceat((self.idf[toks] * query_sim[toks]).astype(np.float64), np.cumsum(t_counts) - t_counts)
        ratio = found / np.maximum(self.name_total[names], 1e-9)
        # A name counts when (nearly) all its words are in the question, scaled by how telling it is.
        # A name made only of the subject's everyday words ("computer-generated works") names nothing in particular.
        telling = self.name_rarest[names] >= NAME_RARE * self.max_idf
        strength = np.where(
            (ratio >= NAME_SHARE) & telling, ratio * np.minimum(self.name_total[names] / self.max_idf, 1.0), 0.0
        )
        np.maximum.at(best, owner, strength.astype(np.float32))
        return best
