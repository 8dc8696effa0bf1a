"""The benchmark of the real path: entries with bodies, stored in a database, loaded the way the bot loads them,
and an edit committed by another process's engine until this process serves it.

For each size: fill a fresh database (SQLite file, or a PostgreSQL schema of its own, dropped afterwards) with
synthetic entries built from the real ones, bodies included; then, in a child process of its own (so peak
memory is the bot's alone), time start-up (read every entry, build the index), commit an edit from a second
engine, and time until the change is served, while a ticker on the event loop records the longest stall.
"""

import asyncio
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from sqlalchemy import insert, text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.core.entry import Entry, alias_key
from bot.core.matching.base import MatchDoc
from bot.core.service import KnowledgeService
from bot.core.storage.changes import ChangeFeed
from bot.core.storage.database import make_engine, make_sessionmaker, upgrade
from bot.core.storage.repository import Repository, _scalars
from bot.core.storage.tables import AliasRow, CitationRow, EntryRow, QuestionRow, utcnow
from bot.devtools.bench import SEED, _peak_mb, _shuffle_words, _words

CHUNK = 1_000
QUESTIONS = 200  # asked after start-up, each timed
TICK = 0.002  # the stall monitor's beat


def _engine(url: str, schema: str | None) -> AsyncEngine:
    options = {"connect_args": {"server_settings": {"search_path": schema}}} if schema else {}
    return make_engine(url, **options)


def synthetic_entries(real: Sequence[Entry], size: int, seed: int = SEED) -> list[Entry]:
    """The real entries, then recombinations of them (titles, aliases, phrasings, summaries reworded; the body
    kept whole) until there are `size`."""
    rng = random.Random(seed)
    pool = _words([MatchDoc.from_entry(e) for e in real])
    out = list(real[:size])
    while len(out) < size:
        base = rng.choice(real)
        n = len(out)
        data = base.model_dump(mode="json") | {
            "id": f"synthetic-{n}",
            "title": _shuffle_words(base.title, pool, rng, 0.5)[:200] + f" {n}",
            "aliases": [f"{_shuffle_words(a, pool, rng, 0.6)[:150]} {n}" for a in base.aliases[:4]],
            "questions": [_shuffle_words(q, pool, rng, 0.4)[:250] for q in base.questions[:10]],
            "summary": _shuffle_words(base.summary, pool, rng, 0.4)[:600],
            "covers": [f"synthetic-{n}"],
            "related": [],
            "sides": [],
            "revision": 1,
        }
        try:
            out.append(Entry.model_validate(data))
        except ValidationError:
            continue  # a recombination the schema refuses (a phrasing listed twice): draw another
    return out


async def fill(engine: AsyncEngine, entries: Sequence[Entry]) -> None:
    """Bulk insert (setup, not timed): the rows the repository would write, without a revision each."""
    await upgrade(engine)
    now = utcnow()
    taken: set[str] = set()
    for start in range(0, len(entries), CHUNK):
        chunk = entries[start : start + CHUNK]
        async with engine.begin() as conn:
            await conn.execute(
                insert(EntryRow), [{"id": e.id, **_scalars(e), "revision": 1, "updated_at": now} for e in chunk]
            )
            aliases = []
            for e in chunk:
                for i, a in enumerate(e.aliases):
                    if alias_key(a) not in taken:  # one alias names one entry (a unique key)
                        taken.add(alias_key(a))
                        aliases.append({"entry_id": e.id, "position": i, "text": a, "key": alias_key(a)})
            if aliases:
                await conn.execute(insert(AliasRow), aliases)
            await conn.execute(
                insert(QuestionRow),
                [{"entry_id": e.id, "position": i, "text": q} for e in chunk for i, q in enumerate(e.questions)],
            )
            await conn.execute(
                insert(CitationRow),
                [
                    {"entry_id": e.id, "position": i, **c.model_dump(mode="json")}
                    for e in chunk
                    for i, c in enumerate(e.citations)
                ],
            )


async def measure(url: str, schema: str | None) -> dict[str, Any]:
    """In the child: start-up, then an edit committed elsewhere until served, with the longest loop stall."""
    engine = _engine(url, schema)
    other = _engine(url, schema)
    try:
        started = time.perf_counter()
        repo = Repository(make_sessionmaker(engine))
        feed = ChangeFeed(make_sessionmaker(engine))
        version = await feed.version()
        service = KnowledgeService(repo)
        await service.reload()
        startup = time.perf_counter() - started
        startup_peak = _peak_mb()

        asked = _questions(service, QUESTIONS)
        timings = []
        for question in asked:
            began = time.perf_counter()
            service.ask(question)
            timings.append(time.perf_counter() - began)
        timings.sort()

        from bot.core.bootstrap import Core

        core = Core(engine, repo, service, feed, version)
        watcher = core.watcher(check_seconds=1.0)
        watcher.start()
        if engine.dialect.name == "postgresql":
            while not watcher.listening:
                await asyncio.sleep(0.01)
        stalls: list[float] = []
        ticking = True

        async def ticker() -> None:
            last = time.perf_counter()
            while ticking:
                await asyncio.sleep(TICK)
                now = time.perf_counter()
                stalls.append(now - last - TICK)
                last = now

        tick = asyncio.create_task(ticker())
        target = sorted(service.entries)[len(service.entries) // 2]
        entry = service.entries[target]
        alias = f"bench alias {uuid.uuid4().hex[:8]}"
        edited = entry.model_copy(update={"aliases": [*entry.aliases, alias]})
        other_repo = Repository(make_sessionmaker(other))
        await other_repo.save(edited, expected_revision=entry.revision, author="bench", reason="bench")
        committed = time.perf_counter()
        while service.lookup(alias) is None:
            await asyncio.sleep(0.001)
            if time.perf_counter() - committed > 600:
                raise RuntimeError("the edit was never served")
        served = time.perf_counter() - committed
        ticking = False
        await tick
        await watcher.stop()
        return {
            "backend": engine.dialect.name,
            "entries": len(service.entries),
            "startup_s": round(startup, 2),
            "startup_peak_mb": round(startup_peak, 1),
            "peak_mb": round(_peak_mb(), 1),
            "edit_to_served_ms": round(served * 1000, 1),
            "longest_stall_ms": round(max(stalls, default=0.0) * 1000, 1),
            "ask_p50_ms": round(timings[len(timings) // 2] * 1000, 2),
            "ask_p99_ms": round(timings[int(len(timings) * 0.99)] * 1000, 2),
        }
    finally:
        await engine.dispose()
        await other.dispose()


def _questions(service: KnowledgeService, count: int) -> list[str]:
    """Stored phrasings of entries picked at random, each asked once: first sight of those entries, so a packed
    table unpacks their phrasings (the slower case)."""
    rng = random.Random(SEED)
    ids = rng.sample(sorted(service.entries), min(count, len(service.entries)))
    asked = [rng.choice(service.entries[i].questions or (service.entries[i].title,)) for i in ids]
    service.entries.forget_recent()  # picking them unpacked those entries: first sight is what is timed
    return asked


async def _prepare(url: str, size: int) -> tuple[str, str | None]:
    """A fresh database for one size: a SQLite file in a temporary folder, or a PostgreSQL schema."""
    from bot.core.knowledge_files import load_directory
    from bot.paths import shipped_dir

    real = load_directory(shipped_dir("knowledge")).entries
    schema = None
    if url.startswith("postgresql"):
        schema = f"bench_{uuid.uuid4().hex[:10]}"
        admin = make_engine(url, isolation_level="AUTOCOMMIT")
        async with admin.connect() as conn:
            await conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        await admin.dispose()
    engine = _engine(url, schema)
    try:
        await fill(engine, synthetic_entries(real, size))
    finally:
        await engine.dispose()
    return url, schema


async def _drop(url: str, schema: str | None) -> None:
    if schema is None:
        return
    admin = make_engine(url, isolation_level="AUTOCOMMIT")
    async with admin.connect() as conn:
        await conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    await admin.dispose()


async def run_store_sizes(sizes: Sequence[int], url: str | None) -> list[dict[str, Any]]:
    """Each size: fill a database, then measure in a child process. `url` None: a SQLite file per size."""
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-") as folder:
        for size in sizes:
            db_url = url or f"sqlite+aiosqlite:///{Path(folder) / f'bench-{size}.sqlite3'}"
            t0 = time.perf_counter()
            _, schema = await _prepare(db_url, size)
            fill_s = time.perf_counter() - t0
            try:
                env = os.environ | ({"BENCH_SCHEMA": schema} if schema else {})
                done = await asyncio.to_thread(
                    subprocess.run,
                    [sys.executable, "-m", "bot.devtools.bench_store", db_url],
                    capture_output=True,
                    text=True,
                    env=env,
                )
                if done.returncode != 0:
                    raise RuntimeError(f"the bench child failed at {size} entries: {done.stderr.strip()[-2000:]}")
                row = json.loads(done.stdout.strip().splitlines()[-1])
            finally:
                await _drop(db_url, schema)
            rows.append({"size": size, "fill_s": round(fill_s, 1), **row})
    return rows


if __name__ == "__main__":
    print(json.dumps(asyncio.run(measure(sys.argv[1], os.environ.get("BENCH_SCHEMA")))))
