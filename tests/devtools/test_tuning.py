"""The weight search reads only held-out stored phrasings, and never makes the ranking worse on them."""

from dataclasses import replace

from bot.core.entry import Entry
from bot.core.matching.weighted import Weights
from bot.devtools.tuning import own_first, tune


def test_the_search_keeps_a_weight_only_when_held_out_phrasings_do_better(shipped_entries: list[Entry]) -> None:
    entries = [e for e in shipped_entries if "US" in e.jurisdictions][:12]
    start = replace(Weights(), phrase=0.05)  # a poor start: phrasings barely count
    said: list[str] = []
    tuned = tune(entries, start, say=said.append, names=("phrase",))
    assert own_first(entries, tuned) >= own_first(entries, start)
    assert said[0].startswith("start: own entry first")
    assert tuned.phrase >= start.phrase
