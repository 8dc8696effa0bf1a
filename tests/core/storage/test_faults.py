"""Faults: a process killed mid-stream of edits, SQLite's safety settings, a database gone during an edit."""

import asyncio
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.core.bootstrap import open_core
from bot.core.editing import Editor, EditRejected
from bot.core.storage.database import SQLITE_BUSY_TIMEOUT_MS, make_engine, make_sessionmaker
from bot.core.storage.repository import Repository
from bot.settings import Settings
from tests.figures import record

REPO = Path(__file__).resolve().parents[3]


async def test_sqlite_runs_in_wal_with_foreign_keys_and_a_busy_timeout(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'p.sqlite3'}")
    async with engine.connect() as conn:
        assert (await conn.execute(text("PRAGMA journal_mode"))).scalar() == "wal"
        assert (await conn.execute(text("PRAGMA foreign_keys"))).scalar() == 1
        assert (await conn.execute(text("PRAGMA busy_timeout"))).scalar() == SQLITE_BUSY_TIMEOUT_MS
    await engine.dispose()


async def test_edit_with_the_database_gone_is_refused_cleanly(tmp_path: Path) -> None:
    db = tmp_path / "gone.sqlite3"
    core = await open_core(Settings(_env_file=None, database_url=f"sqlite+aiosqlite:///{db}"))
    editor = Editor(core.repo, core.service)
    entry = await core.repo.get("us-naruto")
    broken = make_engine("sqlite+aiosqlite:////proc/no-such-database.sqlite3")  # cannot be opened
    editor.repo = Repository(make_sessionmaker(broken))
    with pytest.raises(EditRejected) as caught:
        await editor.update("us-naruto", {"summary": "x."}, base=entry.revision, author="m", reason="r")
    assert "unavailable" in caught.value.problems[0] and "answers still work" in caught.value.problems[0]
    assert core.service.ask("thaler v perlmutter").matched  # answers come from memory
    assert (await core.repo.get("us-naruto")) == entry  # nothing half-saved
    await broken.dispose()
    await core.close()


def test_killed_mid_stream_loses_no_acknowledged_edit(tmp_path: Path) -> None:
    db = tmp_path / "crash.sqlite3"
    url = f"sqlite+aiosqlite:///{db}"
    asyncio.run(_seed(url))
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.edit_stream", url], cwd=REPO, env=env, stdout=subprocess.PIPE, text=True
    )
    acknowledged = []
    assert child.stdout is not None
    for line in child.stdout:
        acknowledged.append(int(line.split()[1]))
        if len(acknowledged) >= 40:
            break
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        numbers = [
            n for (n,) in conn.execute("SELECT number FROM revisions WHERE entry_id='us-naruto' ORDER BY number")
        ]
        current, summary = conn.execute("SELECT revision, summary FROM entries WHERE id='us-naruto'").fetchone()
        snapshot_summary = conn.execute(
            "SELECT json_extract(snapshot, '$.summary') FROM revisions WHERE entry_id='us-naruto' AND number=?",
            (current,),
        ).fetchone()[0]
    assert set(acknowledged) <= set(numbers)  # every acknowledged revision is there
    assert numbers == list(range(1, len(numbers) + 1))  # and no gap or partial one
    assert current == numbers[-1] and summary == snapshot_summary  # the entry is its last revision, whole
    record(crash_edits_acknowledged=len(acknowledged), crash_revisions_present=len(numbers))


async def _seed(url: str) -> None:
    core = await open_core(Settings(_env_file=None, database_url=url))
    await core.close()
