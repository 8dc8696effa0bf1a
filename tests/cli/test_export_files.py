"""`kb export --format files` on a fresh database gives knowledge/ back byte for byte (`diff -r` is empty)."""

import filecmp
import os
import subprocess
import sys
from pathlib import Path

from bot.paths import shipped_dir
from tests.cli.conftest import Cli

REPO = Path(__file__).resolve().parents[2]


def test_export_of_a_fresh_database_is_identical_to_the_knowledge_folder(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"KNOWLEDGE_DIR", "DATABASE_URL"}}
    env["DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path / 'fresh.sqlite3'}"
    out = tmp_path / "exported"
    done = subprocess.run(
        [sys.executable, "-m", "bot", "kb", "export", "--format", "files", "--out", str(out)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    knowledge = shipped_dir("knowledge")
    names = sorted(p.name for p in knowledge.glob("*.md"))
    assert sorted(p.name for p in out.iterdir()) == names
    match, mismatch, errors = filecmp.cmpfiles(knowledge, out, names, shallow=False)
    assert (mismatch, errors) == ([], []) and len(match) == len(names)


def test_export_into_a_missing_folder_is_one_sentence(cli: Cli, tmp_path: Path) -> None:
    for fmt, target in (("files", tmp_path / "no" / "such"), ("json", tmp_path / "no" / "x.json")):
        status, _, err = cli("kb", "export", "--format", fmt, "--out", str(target))
        assert status == 1 and "Traceback" not in err, err
        assert err.startswith("error: ") and err.count("\n") == 1 and str(tmp_path / "no") in err


def test_export_files_needs_a_folder(cli: Cli) -> None:
    status, out, err = cli("kb", "export", "--format", "files")
    assert status == 2 and out == "" and "--out FOLDER" in err
