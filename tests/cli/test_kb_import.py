"""`kb import FILE [--dry-run]`: the same plan as /kb import; refusals one line each, exit 1."""

from pathlib import Path

import pytest

from bot.core.entry import Entry
from bot.core.transfer import export_zip
from tests.cli.test_cli import run
from tests.core.test_transfer import MALFORMED, zip_bomb


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("import")


def test_zip_bomb_is_refused_in_one_line(home: Path) -> None:
    (home / "bomb.zip").write_bytes(zip_bomb())
    done = run(home, "kb", "import", "bomb.zip")
    assert done.returncode == 1
    assert done.stdout.splitlines() == ["knowledge/a.md is larger than 64 KB once unpacked"]
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("kind", ["encrypted", "corrupt data", "manifest not an object", "truncated"])
def test_malformed_archives_are_one_line_refusals(kind: str, home: Path) -> None:
    make, expected = MALFORMED[kind]
    (home / f"{kind}.zip").write_bytes(make())
    done = run(home, "kb", "import", f"{kind}.zip", "--dry-run")
    assert done.returncode == 1 and len(done.stdout.splitlines()) == 1 and expected in done.stdout
    assert "Traceback" not in done.stderr


def test_missing_file_is_a_one_line_refusal(home: Path) -> None:
    done = run(home, "kb", "import", "nowhere.zip")
    assert done.returncode == 1 and done.stdout.startswith("nowhere.zip: cannot read the file")


def test_dry_run_changes_nothing_then_import_applies(home: Path, shipped_entries: list[Entry]) -> None:
    entry = next(e for e in shipped_entries if e.id == "us-naruto")
    changed = entry.model_copy(update={"summary": "Changed through kb import.", "revision": 1})  # as seeded
    (home / "one.zip").write_bytes(export_zip([changed]))
    dry = run(home, "kb", "import", "one.zip", "--dry-run")
    assert (
        dry.returncode == 0
        and "change us-naruto" in dry.stdout
        and dry.stdout.rstrip().endswith("dry run: 0 to add, 1 to change, 0 unchanged, 0 conflict(s)")
    )
    assert "Changed through kb import." not in run(home, "kb", "export", "--format", "json").stdout
    done = run(home, "kb", "import", "one.zip")
    assert done.returncode == 0 and "Imported: 0 added, 1 changed." in done.stdout
    assert "Changed through kb import." in run(home, "kb", "export", "--format", "json").stdout
    again = run(home, "kb", "import", "one.zip")
    assert again.returncode == 0 and "0 to change, 1 unchanged" in again.stdout
