"""Running the command line in this process: fast enough to walk every subcommand."""

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.cli.main import main

SETTING_NAMES = {
    "DATABASE_URL",
    "KNOWLEDGE_DIR",
    "KB_EDITOR_GUILD_IDS",
    "KB_EDITOR_ROLE_IDS",
    "LOG_LEVEL",
    "DRIVER_LOG_LEVEL",
    "DISCORD_TOKEN",
    "DEV_GUILD_ID",
}

Cli = Callable[..., tuple[int, str, str]]


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Cli:
    """cli(*argv, **settings) -> (exit status, stdout, stderr), from an empty folder with its own database."""
    for name in SETTING_NAMES & set(os.environ):
        monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)

    def run(*argv: str, **settings: str) -> tuple[int, str, str]:
        with monkeypatch.context() as scoped:
            scoped.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'cli.sqlite3'}")
            for name, value in settings.items():
                scoped.setenv(name, value)
            try:
                status = main(list(argv))
            except SystemExit as exc:
                status = exc.code if isinstance(exc.code, int) else 1
        out, err = capsys.readouterr()
        return status, out, err

    return run
