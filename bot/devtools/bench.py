"""The benchmark: this matcher against a naive baseline, side by side, on synthetic knowledge bases.

Synthetic entries recombine the real entries' words (titles, aliases, phrasings, summaries), so the
scoring work per question is like the real thing. Each size runs in a child process of its own, so
that peak memory (ru_maxrss) belongs to that size alone.
"""

import json
import random
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz, process

from bot.core.matching.base import MatchDoc
from bot.core.matching.weighted import WeightedMatcher

SEED = 20231127
SYNTHETIC_QUESTIONS = 10  # phrasings per synthetic entry (real entries have 12 to 20)


@dataclass(frozen=True)
class Timing:
    p50_ms: float
    p99_ms: float
    build_s: float
    peak_mb: float
    questions: int


def _words(docs: Sequence[MatchDoc]) -> list[str]:
    pool: list[str] = []
    for doc in docs:
        for text in (doc.title, *doc.aliases, *doc.questions, *doc.summary):
            pool.extend(text.split())
    return pool


def _shuffle_words(text: str, pool: Sequence[str], rng: random.Random, share: float) -> str:
    words = text.split()
    return " ".join(rng.choice(pool) if rng.random() < share else w for w in words)


def synthetic_docs(real: Sequence[MatchDoc], size: int, seed: int = SEED) -> list[MatchDoc]:
    """The real entries, then recombinations of them until there are `size` entries."""
    rng = random.Random(seed)
    pool = _words(real)
    docs = list(real[:size])
    while len(docs) < size:
        base = rng.choice(real)
        n = len(docs)
        docs.append(
            MatchDoc(
                entry_id=f"synthetic-{n}",
                title=_shuffle_words(base.title, pool, rng, 0.5) + f" {n}",
                aliases=tuple(_shuffle_words(a, pool, rng, 0.6) for a in base.aliases[:4]),
                questions=tuple(_shuffle_words(q, pool, rng, 0.4) for q in base.questions[:SYNTHETIC_QUESTIONS]),
                # No body: at 100,000 entries the bodies alone would outgrow the memory budget, and
                # names, phrasings and summaries are what the per-question scoring works on.
                summary=tuple(_shuffle_words(e, pool, rng, 0.4) for e in base.summary),
                jurisdictions=base.jurisdictions,
                is_topic=base.is_topic,
            )
        )
    return docs


def typo(text: str, rng: random.Random) -> str:
    chars = list(text)
    for _ in range(max(1, len(chars) // 25)):
        i = rng.randrange(len(chars))
        action = rng.random()
        if action < 0.4 and len(chars) > 3:
            del chars[i]
        elif action < 0.7:
            chars.insert(i, rng.choice("abcdefghijklmnopqrstuvwxyz"))
        elif i + 1 < len(chars):
            chars[i], chars[i + 1] = chars[i + 1], chars[i]
    return "".join(chars)


def bench_questions(real: Sequence[MatchDoc], count: int, seed: int = SEED) -> list[str]:
    """Real phrasings with typos, cut short or as asked: the shapes chat questions take."""
    rng = random.Random(seed + 1)
    texts = [q for doc in real for q in doc.questions]
    out = []
    for i in range(count):
        text = rng.choice(texts)
        out.append(typo(text, rng) if i % 3 else " ".join(text.split()[: max(3, len(text.split()) // 2)]))
    return out


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return statistics.median(ordered), p99


def run_one(kind: str, real: Sequence[MatchDoc], size: int, questions: int) -> Timing:
    """Time one matcher at one size, in this process."""
    docs = synthetic_docs(real, size)
    asked = bench_questions(real, questions)
    start = time.perf_counter()
    ask: Callable[[str], object]
    if kind == "matcher":
        matcher = WeightedMatcher()
        matcher.build(docs)
        ask = matcher.match
    else:
        texts = [q for doc in docs for q in doc.questions]

        def ask(question: str) -> object:
            return process.extractOne(question, texts, scorer=fuzz.WRatio)

    build = time.perf_counter() - start
    ask(asked[0])
    samples = []
    for question in asked:
        t0 = time.perf_counter()
        ask(question)
        samples.append((time.perf_counter() - t0) * 1000.0)
    p50, p99 = _percentiles(samples)
    return Timing(round(p50, 4), round(p99, 4), round(build, 3), round(_peak_mb(), 1), len(samples))


def baseline_questions(size: int, questions: int) -> int:
    """The baseline is slow at large sizes; fewer questions keep the run short (still enough for a p50)."""
    return questions if size <= 1000 else max(20, questions * 1000 // size)


def run_sizes(sizes: Sequence[int], questions: int) -> list[dict[str, Any]]:
    results = []
    for size in sizes:
        row: dict[str, Any] = {"size": size}
        for kind, count in (("matcher", questions), ("baseline", baseline_questions(size, questions))):
            done = subprocess.run(
                [sys.executable, "-m", "bot.devtools.bench", kind, str(size), str(count)],
                capture_output=True,
                text=True,
                check=True,
            )
            row[kind] = json.loads(done.stdout.strip().splitlines()[-1])
        m, b = row["matcher"], row["baseline"]
        row["speedup_p50"] = round(b["p50_ms"] / m["p50_ms"], 1) if m["p50_ms"] else None
        row["speedup_p99"] = round(b["p99_ms"] / m["p99_ms"], 1) if m["p99_ms"] else None
        results.append(row)
    return results


def _worker(kind: str, size: int, questions: int) -> None:
    from bot.core.knowledge_files import load_directory
    from bot.paths import shipped_dir

    real = [MatchDoc.from_entry(e) for e in load_directory(shipped_dir("knowledge")).entries]
    timing = run_one(kind, real, size, questions)
    print(json.dumps(timing.__dict__))


if __name__ == "__main__":
    _worker(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
