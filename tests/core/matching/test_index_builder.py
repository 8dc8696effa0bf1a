"""A large knowledge base is tokenised in a process of its own: the index it gives must be the one built in
this process, chunk by chunk, and the matcher over it must answer the same."""

from bot.core.entry import Entry
from bot.core.matching.base import MatchDoc
from bot.core.matching.weighted import WeightedMatcher
from tests.core.matching.test_incremental_index import _by_token, _names_of


def test_tokenising_elsewhere_builds_the_same_index(shipped_entries: list[Entry]) -> None:
    docs = sorted((MatchDoc.from_entry(e) for e in shipped_entries), key=lambda d: d.entry_id)
    built = {}
    for elsewhere in (False, True):
        matcher = WeightedMatcher()
        builder = matcher.builder(tokenise_elsewhere=elsewhere)
        for start in range(0, len(docs), 10):  # several chunks, so the vocabulary grows across them
            builder.add(docs[start : start + 10])
        built[elsewhere] = builder.finish()
    here, there = built[False], built[True]
    assert here._index.vocab.keys() == there._index.vocab.keys()  # numbered apart: string hashing is per process
    assert _by_token(here._index) == _by_token(there._index)
    assert _names_of(here._index) == _names_of(there._index)
    for question in [q for d in docs[:15] for q in d.questions[:2]] + ["can ai art be copyrighted"]:
        assert here.match(question) == there.match(question), question
