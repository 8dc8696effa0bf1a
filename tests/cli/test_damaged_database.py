"""A stored row that no longer passes the schema is one sentence naming the entry, not a traceback."""

import sqlite3
from pathlib import Path

from tests.cli.conftest import Cli


def test_a_damaged_entry_is_named_in_one_sentence(cli: Cli, tmp_path: Path) -> None:
    status, _, _ = cli("ask", "monkey selfie")
    assert status == 0
    with sqlite3.connect(tmp_path / "cli.sqlite3") as db:
        db.execute("DELETE FROM citations WHERE entry_id = 'us-naruto'")
    status, _, err = cli("ask", "monkey selfie")
    assert status == 1 and "Traceback" not in err
    assert "us-naruto" in err and "no longer passes the schema" in err and len(err.strip().splitlines()) == 1
