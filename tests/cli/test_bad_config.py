"""Bad configuration: one clear sentence naming the setting, never a traceback."""

import os
import subprocess
import sys
from pathlib import Path

import pytest


def run(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "KNOWLEDGE_DIR", "KB_EDITOR_GUILD_IDS"}}
    base.setdefault("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite3'}")
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], cwd=tmp_path, env=base | env, capture_output=True, text=True, timeout=120
    )


def one_sentence(done: subprocess.CompletedProcess[str], setting: str) -> None:
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and setting in errors[0], done.stderr


@pytest.mark.parametrize("url", ["not a url", "mysql://nobody@localhost/x", "sqlite:///plain-driver.db"])
def test_malformed_database_url(tmp_path: Path, url: str) -> None:
    one_sentence(run(tmp_path, "ask", "thaler", DATABASE_URL=url), "DATABASE_URL")


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere, so an unwritable folder cannot be made")
def test_unwritable_data_directory(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    one_sentence(
        run(tmp_path, "ask", "thaler", DATABASE_URL=f"sqlite+aiosqlite:///{locked}/sub/db.sqlite3"), "DATABASE_URL"
    )


def test_data_directory_that_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "blocker").write_text("a file where a folder should be")
    one_sentence(
        run(tmp_path, "ask", "thaler", DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path}/blocker/db.sqlite3"),
        "DATABASE_URL",
    )


@pytest.mark.parametrize("folder", ["missing", "empty"])
def test_missing_or_empty_knowledge_directory(tmp_path: Path, folder: str) -> None:
    if folder == "empty":
        (tmp_path / "empty").mkdir()
    one_sentence(run(tmp_path, "ask", "thaler", KNOWLEDGE_DIR=str(tmp_path / folder)), "KNOWLEDGE_DIR")


def test_invalid_editor_guild_ids(tmp_path: Path) -> None:
    one_sentence(run(tmp_path, "kb", "stats", KB_EDITOR_GUILD_IDS="12,abc"), "KB_EDITOR_GUILD_IDS")


def test_broken_knowledge_file_keeps_the_last_good_database(tmp_path: Path) -> None:
    """Seed from good files, then break one: the bot reports file and line and keeps serving."""
    import shutil

    from bot.paths import shipped_dir

    folder = tmp_path / "knowledge"
    shutil.copytree(shipped_dir("knowledge"), folder)
    first = run(tmp_path, "ask", "--format", "json", "thaler v perlmutter", KNOWLEDGE_DIR=str(folder))
    assert first.returncode == 0
    broken = folder / "us-naruto.md"
    broken.write_text(broken.read_text(encoding="utf-8").replace("status:", "status: [", 1), encoding="utf-8")
    again = run(tmp_path, "ask", "--format", "json", "thaler v perlmutter", KNOWLEDGE_DIR=str(folder))
    assert again.returncode == 0 and '"us-thaler-v-perlmutter"' in again.stdout
    assert f"{broken}:" in again.stderr and "serving the last good database" in again.stderr
