"""LOG_LEVEL=DEBUG is about the bot: database drivers stay at WARNING unless DRIVER_LOG_LEVEL asks for more."""

import os
import subprocess
import sys
from pathlib import Path

DRIVERS = ("sqlalchemy", "aiosqlite", "asyncpg", "alembic")


def _ask(tmp_path: Path, **env: str) -> str:
    base = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "LOG_LEVEL", "DRIVER_LOG_LEVEL"}}
    done = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "monkey selfie"],
        cwd=tmp_path,
        env=base | {"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite3'}"} | env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stderr


def test_debug_log_has_no_driver_noise(tmp_path: Path) -> None:
    _ask(tmp_path)  # create and seed the database first
    err = _ask(tmp_path, LOG_LEVEL="DEBUG")
    assert not [line for line in err.splitlines() if line.split(" ")[1:2] and line.split(" ")[1].startswith(DRIVERS)]
    assert len(err) < 4000, err[:2000]


def test_driver_debug_only_when_asked(tmp_path: Path) -> None:
    _ask(tmp_path)
    err = _ask(tmp_path, LOG_LEVEL="DEBUG", DRIVER_LOG_LEVEL="DEBUG")
    assert any(line.split(" ")[1].startswith(DRIVERS) for line in err.splitlines() if " " in line)
