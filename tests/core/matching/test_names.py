"""Autocomplete at any size: the word index finds what exhaustive scoring finds, and a large matcher builds it
aside, answering from the previous index (never with an entry that has left) or with nothing meanwhile."""

import pytest

import bot.core.matching.names as names
import bot.core.matching.weighted as weighted
from bot.core.matching.base import MatchDoc
from bot.core.matching.names import NameIndex
from bot.core.matching.weighted import WeightedMatcher


def _docs(count: int) -> list[MatchDoc]:
    docs = [
        MatchDoc(f"e{i:04}", f"Case number {i} about murals", (f"Mural {i} v. Town",), (f"question {i}",))
        for i in range(count)
    ]
    docs.append(MatchDoc("thaler", "Thaler v. Perlmutter", ("Creativity Machine", "泰勒案"), ("thaler",)))
    return sorted(docs, key=lambda doc: doc.entry_id)


@pytest.mark.parametrize("typed", ["thaler", "thal", "thalr perlmutter", "creativity mach", "泰勒", "perlmuter"])
def test_the_word_index_finds_what_scoring_every_name_finds(monkeypatch: pytest.MonkeyPatch, typed: str) -> None:
    docs = _docs(300)
    exhaustive = NameIndex(docs).search(typed, 5)
    monkeypatch.setattr(names, "EXHAUSTIVE", 10)
    indexed = NameIndex(docs)
    assert indexed._words  # the word index was built
    assert indexed.search(typed, 5)[0] == exhaustive[0] == ("thaler", indexed.search(typed, 5)[0][1])


def test_a_one_letter_prefix_scores_a_bounded_number_of_names(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(names, "EXHAUSTIVE", 10)
    monkeypatch.setattr(names, "CANDIDATES", 50)
    index = NameIndex(_docs(300))
    assert len(index._candidates(["m"])) <= 50
    assert index.search("m", 5)


def test_a_large_matcher_builds_its_name_index_aside_and_serves_the_previous_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(weighted, "NAMES_AT_ONCE", 10)
    matcher = WeightedMatcher()
    matcher.build(_docs(50))
    built: list[WeightedMatcher] = []
    monkeypatch.setattr(WeightedMatcher, "_build_names_aside", lambda self: built.append(self))
    assert matcher.names("thaler") == []  # right after start-up: nothing yet, and a build is asked for
    assert built == [matcher]
    matcher.prepare_names()
    assert matcher.names("thaler")[0][0] == "thaler"

    patched = matcher.patched({"thaler"}, [MatchDoc("zarya", "Zarya of the Dawn", ("Kashtanova",), ("zarya",))])
    assert "thaler" not in dict(patched.names("thaler"))  # the previous index, without the entry that left
    assert patched.names("mural 7")[0][0] == "e0007"
    patched.prepare_names()
    assert patched.names("kashtanova")[0][0] == "zarya"
