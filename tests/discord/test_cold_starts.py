"""Ten bot processes started at once on an empty database all come up: one migration, one seeding, at most
one command upload, no false conflict. Each is a real process doing the bot's whole start-up (open the core,
log in to a fake Discord, setup_hook with the command sync) and then exiting: the gateway adds nothing here."""

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.discord.conftest import TOKEN
from tests.discord.fake_discord import FakeDiscord
from tests.discord.test_two_processes import schema  # noqa: F401  (the PostgreSQL schema fixture)

STARTS = 10
FILES = len(list((REPO / "knowledge").glob("[!_.]*.md")))


async def cold_starts(fake: FakeDiscord, env: dict[str, str], tmp_path: Path) -> list[str]:
    base = (
        os.environ
        | env
        | {
            "FAKE_DISCORD_PORT": str(fake.port),
            "DISCORD_TOKEN": TOKEN,
            "KNOWLEDGE_DIR": str(REPO / "knowledge"),
            "LOG_LEVEL": "INFO",
        }
    )
    procs = [
        await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "tests.discord.bot_process",
            "--once",
            cwd=tmp_path,
            env=base | {"PYTHONPATH": str(REPO)},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        for _ in range(STARTS)
    ]
    outputs = await asyncio.wait_for(asyncio.gather(*(p.communicate() for p in procs)), 120)
    logs = [out.decode() for out, _ in outputs]
    for proc, log in zip(procs, logs, strict=True):
        assert proc.returncode == 0, log[-3000:]
        assert "Traceback" not in log and "conflict" not in log, log[-3000:]
    return logs


def check(logs: list[str], fake: FakeDiscord) -> None:
    joined = "\n".join(logs)
    assert joined.count("database migrated from empty") == 1, joined[-3000:]
    assert joined.count("knowledge files synced:") == 1 and f"synced: {FILES} added" in joined
    assert len(fake.synced) <= 1, "the command tree was uploaded more than once"


async def test_ten_cold_starts_on_an_empty_sqlite_database(tmp_path: Path) -> None:
    fake = FakeDiscord()
    await fake.start()
    try:
        url = f"sqlite+aiosqlite:///{tmp_path / 'data' / 'bot.sqlite3'}"
        check(await cold_starts(fake, {"DATABASE_URL": url}, tmp_path), fake)
    finally:
        await fake.stop()


async def test_ten_cold_starts_on_an_empty_postgresql_schema(schema: tuple[str, str], tmp_path: Path) -> None:  # noqa: F811
    url, name = schema
    fake = FakeDiscord()
    await fake.start()
    try:
        check(await cold_starts(fake, {"DATABASE_URL": url, "TEST_SCHEMA": name}, tmp_path), fake)
    finally:
        await fake.stop()


@pytest.mark.parametrize("folder", ["empty"])
def test_four_asks_at_once_in_an_empty_folder(tmp_path: Path, folder: str) -> None:
    """The issue's SQLite case: `copyright-bot ask` four times at once where nothing exists yet."""
    work = tmp_path / folder
    work.mkdir()
    env = os.environ | {"PYTHONPATH": str(REPO), "KNOWLEDGE_DIR": str(REPO / "knowledge")}
    env.pop("DATABASE_URL", None)
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "bot", "ask", "thaler v perlmutter"],
            cwd=work,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0 and "Thaler" in out, err[-2000:]
