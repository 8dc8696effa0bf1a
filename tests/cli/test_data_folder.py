"""A database that cannot be opened or written at start-up: one sentence about DATABASE_URL, no traceback.

Root can write anywhere, so the unwritable case is a database path that is a folder: SQLite fails to open
it exactly as it fails in a read-only data folder ("unable to open database file").
"""

from pathlib import Path

import pytest

from tests.cli.test_bad_config import one_sentence, run


@pytest.mark.parametrize("command", [["kb", "stats"], ["ask", "thaler"], ["kb", "import", "x.zip", "--dry-run"]])
def test_database_that_cannot_be_opened_is_one_sentence(tmp_path: Path, command: list[str]) -> None:
    (tmp_path / "db.sqlite3").mkdir()
    one_sentence(run(tmp_path, *command, DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path}/db.sqlite3"), "DATABASE_URL")


def test_database_server_that_is_not_there_is_one_sentence(tmp_path: Path) -> None:
    url = "postgresql+asyncpg://nobody@127.0.0.1:9/none"  # the discard port: nothing listens
    one_sentence(run(tmp_path, "kb", "stats", DATABASE_URL=url), "DATABASE_URL")
