"""Confidence that means what it says: fitted, honest on held-out questions, low for near misses and twins."""

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from bot.core.entry import Entry
from bot.core.matching.base import MatchDoc
from bot.core.matching.confidence import FEATURES, Calibration, fit_logistic, shipped_calibration
from bot.core.matching.out_of_scope import parse_groups, shipped_out_of_scope
from bot.core.matching.weighted import WeightedMatcher
from bot.core.service import KnowledgeService
from bot.devtools.calibration import OUT_OF_SCOPE_SHARE, HeldOutRows, fit_rows, held_out_rows, row_weights
from bot.devtools.evaluation import evaluate, load_questions

DATA = Path(__file__).resolve().parents[2] / "data"
HELD_OUT = [
    DATA / name
    for name in (
        "heldout-trust.jsonl",
        "heldout-2026.jsonl",
        "heldout-zh.jsonl",
        "heldout-fresh.jsonl",
        "heldout-story.jsonl",
        "heldout-blind.jsonl",
        "heldout-blind2.jsonl",
        "heldout-blind-off.jsonl",
        "heldout-story2.jsonl",
        "calibration.jsonl",
    )
]


@pytest.mark.parametrize("path", HELD_OUT, ids=lambda p: p.name)
def test_no_confident_wrong_answer_on_our_held_out_questions(memory_service: KnowledgeService, path: Path) -> None:
    figures = evaluate(memory_service, load_questions(path)).figures()
    assert figures["wrong_at_90"] == 0, figures["misses"]
    if figures["kind_counts"].get("off-topic"):  # heldout-story2 has none
        assert figures["decline_off_topic"] >= 0.75, figures["misses"]
    assert figures["top1"] >= 0.75, figures["misses"]


@pytest.mark.parametrize("name", ["probe-broad.jsonl", "probe-off.jsonl"])
def test_no_confident_wrong_answer_to_the_probes(memory_service: KnowledgeService, name: str) -> None:
    """Where the matcher is weakest: questions about the subject in general (no place, no case), and near misses
    from the neighbourhood (copyright without AI, AI without law); often wrong at 0.5-0.8 (see README), but never
    at 0.9 or more. Written to find those weaknesses and read, so not held out."""
    figures = evaluate(memory_service, load_questions(DATA / name)).figures()
    assert figures["wrong_at_90"] == 0, figures["misses"]


@pytest.fixture(scope="module")
def rows(shipped_entries: list[Entry]) -> HeldOutRows:
    """Every stored phrasing held out in turn: built once for the tests that read it."""
    return held_out_rows(shipped_entries)


def test_the_shipped_calibration_is_the_fit_of_the_shipped_knowledge(rows: HeldOutRows) -> None:
    """calibration.json must be refitted (`python -m bot calibrate --write`) when the phrasings change."""
    refit = fit_rows(rows).calibration
    drift = np.abs(refit.probability(rows.features) - shipped_calibration().probability(rows.features))
    assert float(drift.max()) < 0.05, "calibration.json is stale: run `python -m bot calibrate --write`"


def test_the_fit_finds_most_held_out_phrasings_and_its_confident_answers_are_right(rows: HeldOutRows) -> None:
    report = fit_rows(rows)
    assert report.rows > 1000 and report.top1 >= 0.75
    p = report.calibration.probability(rows.features)
    sure = p >= 0.9
    assert sure.any() and rows.labels[sure].mean() >= 0.9  # calibrated where it matters most
    assert (p[rows.out_of_scope] < 0.5).mean() >= 0.7  # out-of-scope phrasings are mostly declined


def test_logistic_fit_recovers_a_known_rule() -> None:
    rng = np.random.default_rng(3)
    x = rng.normal(size=(4000, len(FEATURES)))
    truth = Calibration(-0.5, tuple([2.0] + [0.0] * (len(FEATURES) - 1)))
    y = (rng.random(4000) < truth.probability(x)).astype(float)
    fitted = fit_logistic(x, y, l2=1e-4)
    assert abs(fitted.coefficients[0] - 2.0) < 0.3 and abs(fitted.intercept + 0.5) < 0.2
    assert Calibration.from_json(fitted.to_json()).coefficients == pytest.approx(fitted.coefficients, abs=1e-5)


@pytest.mark.parametrize(
    "question",
    [
        "is chatgpt down right now",
        "how much does a copyright lawyer cost",
        "how do i trademark my AI startup name",
        "how do I bake bread",
    ],
)
def test_near_misses_are_declined_without_rulings_pressed_on_them(
    memory_service: KnowledgeService, question: str
) -> None:
    answer = memory_service.ask(question)
    assert not answer.matched, question
    assert answer.suggestions == (), question


def test_the_flagship_question_is_answered(memory_service: KnowledgeService) -> None:
    answer = memory_service.ask("Can AI art be copyrighted in China?")
    assert answer.matched and answer.entry is not None
    assert answer.entry.id in {"cn-li-v-liu", "topic-cn-us-split", "topic-cn-ai-images"}


@pytest.mark.parametrize(
    "question", ["Can AI art be copyrighted?", "is AI art copyrightable", "can AI generated art be copyrighted at all?"]
)
def test_a_broad_question_naming_no_place_gets_the_split(memory_service: KnowledgeService, question: str) -> None:
    """Common words only and no place: the overview of where courts disagree, not one country's case and not the
    topic on the places few entries are about."""
    best = memory_service.match(question).best
    assert best is not None and best.entry_id == "topic-cn-us-split"


def test_out_of_scope_rows_weigh_a_fixed_share_of_the_fit(rows: HeldOutRows) -> None:
    """However many near-miss phrasings the groups hold, together they weigh OUT_OF_SCOPE_SHARE of the fit."""
    weights = row_weights(rows)
    share = weights[rows.out_of_scope].sum() / weights.sum()
    assert share == pytest.approx(OUT_OF_SCOPE_SHARE)
    assert (weights[~rows.out_of_scope] == 1.0).all()


def _doc(entry_id: str, title: str, questions: list[str], **extra: object) -> MatchDoc:
    return MatchDoc(entry_id=entry_id, title=title, aliases=(), questions=tuple(questions), **extra)


def test_an_entry_on_a_new_subject_is_found_by_its_own_phrasings(shipped_entries: list[Entry]) -> None:
    """The domain comes from the knowledge base: no fixed word list keeps out a subject an editor adds."""
    real = [MatchDoc.from_entry(e) for e in shipped_entries]
    phrasings = [
        "did the glimmerloom tribunal side with the quilt weavers",
        "glimmerloom hologram quilt decision",
        "who won the woven hologram dispute at the glimmerloom tribunal",
    ]
    question = phrasings[0]
    before = WeightedMatcher()
    before.build(real)
    assert not before.match(question).accepted
    after = WeightedMatcher()
    after.build([*real, _doc("xx-glimmerloom", "Weavers v. Glimmerloom", phrasings, jurisdictions=("US",))])
    result = after.match(question)
    assert result.accepted and result.best is not None and result.best.entry_id == "xx-glimmerloom"


def test_two_entries_that_fit_equally_get_low_confidence(shipped_entries: list[Entry]) -> None:
    real = [MatchDoc.from_entry(e) for e in shipped_entries]
    words = [
        "zephyrine canal mural dispute ruling",
        "who won the zephyrine canal mural case",
        "zephyrine mural judgment",
    ]
    single = WeightedMatcher()
    single.build([*real, _doc("xx-one", "Zephyrine canal mural", words)])
    twins = WeightedMatcher()
    twins.build([*real, _doc("xx-one", "Zephyrine canal mural", words), _doc("xx-two", "Zephyrine canal mural", words)])
    question = "what happened in the zephyrine canal mural dispute"
    alone, tied = single.match(question).confidence, twins.match(question).confidence
    assert single.match(question).accepted and alone >= 0.9
    assert tied <= alone - 0.05 and tied < 0.9  # never a confident answer when another entry fits as well


def test_a_question_an_out_of_scope_group_explains_is_declined(shipped_entries: list[Entry]) -> None:
    real = [MatchDoc.from_entry(e) for e in shipped_entries]
    group = parse_groups("- group: gardening\n  phrasings:\n    - how do i prune ai roses\n    - when to prune roses\n")
    matcher = WeightedMatcher(out_of_scope=[*shipped_out_of_scope(), *group])
    matcher.build(real)
    result = matcher.match("how do i prune ai roses")
    assert not result.accepted and not result.on_topic
    assert all(not c.entry_id.startswith("out-of-scope:") for c in result.candidates)


def test_shipped_out_of_scope_groups_parse_and_never_surface_as_answers(memory_service: KnowledgeService) -> None:
    groups = shipped_out_of_scope()
    assert len(groups) >= 5 and all(len(g.questions) >= 8 for g in groups)
    for group in groups:
        for question in group.questions[:3]:
            assert all(c.entry_id in memory_service.entries for c in memory_service.match(question).candidates)


def test_features_travel_with_candidates(memory_service: KnowledgeService) -> None:
    result = memory_service.match("thaler v perlmutter human authorship appeal")
    assert result.best is not None and len(result.best.features) == len(FEATURES)
    assert json.loads(shipped_calibration().to_json())["coefficients"].keys() == set(FEATURES)
    assert replace(result.best, features=()).entry_id == "us-thaler-v-perlmutter"


@pytest.mark.parametrize(
    ("question", "sides"),
    [
        ("can an ai image be protected by copyright", (1.0, 1.0)),
        ("did the court side with the artists against stability", (1.0, 1.0)),
        ("AI生成的图片有没有著作权", (1.0, 1.0)),
        ("what sampler should i use in midjourney", (1.0, 0.0)),
        ("who owns a wedding photo, the couple or the photographer", (0.0, 1.0)),
        ("how do i register a company in shanghai", (0.0, 0.0)),
    ],
)
def test_the_sides_of_the_subject_a_question_names_are_read(
    memory_service: KnowledgeService, question: str, sides: tuple[float, float]
) -> None:
    best = memory_service.match(question).best
    assert best is not None
    features = dict(zip(FEATURES, best.features, strict=True))
    assert (features["ai_side"], features["law_side"]) == sides


def test_naming_both_sides_of_the_subject_makes_an_answer_likelier_right(rows: HeldOutRows) -> None:
    """What the fit learned from our own data: with the same other evidence, a question that names neither AI
    nor the law is less likely to be rightly answered (a near miss usually names one side or neither)."""
    calibration = fit_rows(rows).calibration
    ai, law = FEATURES.index("ai_side"), FEATURES.index("law_side")
    both = rows.features.copy()
    both[:, [ai, law]] = 1.0
    neither = rows.features.copy()
    neither[:, [ai, law]] = 0.0
    assert (calibration.probability(neither) < calibration.probability(both)).all()
