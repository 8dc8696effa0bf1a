"""Every subcommand, with bad arguments and with bad settings: one sentence and a clear exit status, no traceback.

The commands are found by walking the parser, so a new subcommand is covered (or this test asks for a sample
value of its arguments) without anyone remembering to add it here.
"""

import argparse
import os
from pathlib import Path

import pytest

from bot.cli.main import _parser
from tests.cli.conftest import Cli

# Commands that never open the database, so a bad DATABASE_URL does not stop them.
NO_DATABASE = {("kb", "validate"), ("kb", "check-facts"), ("bench",), ("run",), ("calibrate",)}


def _leaves(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
) -> list[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subs:
        return [(path, parser)]
    return [leaf for name, child in subs[0].choices.items() for leaf in _leaves(child, (*path, name))]


LEAVES = _leaves(_parser())


def _samples(tmp_path: Path) -> dict[str, str]:
    sheet = tmp_path / "sheet.yaml"
    sheet.write_text("- id: an-item-without-an-entry\n  court_or_body: Some Court\n")
    questions = tmp_path / "dev.jsonl"
    questions.write_text('{"q": "monkey selfie", "expect": ["us-naruto"], "kind": "case-lookup"}\n')
    return {
        "question": "monkey selfie",
        "fact_sheet": str(sheet),
        "entry_id": "us-naruto",
        "revision": "1",
        "file": str(questions),
        "out": str(tmp_path / "timeline.png"),
    }


def _valid_argv(path: tuple[str, ...], parser: argparse.ArgumentParser, samples: dict[str, str]) -> list[str]:
    argv = list(path)
    for action in parser._actions:
        if not action.option_strings and action.nargs != "?" and not isinstance(action, argparse._HelpAction):
            assert action.dest in samples, f"add a sample value for {' '.join(path)} {action.dest} to this test"
            argv.append(samples[action.dest])
        if action.option_strings and action.required:
            assert action.dest in samples, f"add a sample value for {' '.join(path)} --{action.dest} to this test"
            argv += [action.option_strings[0], samples[action.dest]]
    if path == ("ask",):
        argv.append(samples["question"])  # optional only because --batch may take its place
    if path == ("bench",):
        argv += ["--sizes", "50", "--questions", "1"]
    return argv


def _bad_argvs(path: tuple[str, ...], parser: argparse.ArgumentParser, valid: list[str]) -> list[list[str]]:
    bad = [[*valid, "--no-such-option"], [*valid, "one-argument-too-many", "and-another"]]
    for action in parser._actions:
        if action.option_strings and (action.choices or action.type):
            bad.append([*valid, action.option_strings[-1], "nope"])
        elif not action.option_strings and action.type is not None:
            bad.append([x if x != _samples_value(action, valid) else "nope" for x in valid])
    return bad


def _samples_value(action: argparse.Action, valid: list[str]) -> str:
    return "1" if action.dest == "revision" else valid[-1]


def _one_sentence(status: int, err: str, expected: int) -> None:
    assert status == expected, err
    assert "Traceback" not in err
    assert [line for line in err.splitlines() if line.startswith("error:") or ": error:" in line], err


@pytest.mark.parametrize(("path", "parser"), LEAVES, ids=[" ".join(p) for p, _ in LEAVES])
def test_bad_arguments_exit_2(cli: Cli, tmp_path: Path, path: tuple[str, ...], parser: argparse.ArgumentParser) -> None:
    valid = _valid_argv(path, parser, _samples(tmp_path))
    for argv in _bad_argvs(path, parser, valid):
        status, _, err = cli(*argv)
        _one_sentence(status, err, 2)


@pytest.mark.parametrize(
    "settings",
    [
        {"KB_EDITOR_GUILD_IDS": "12,abc"},
        {"LOG_LEVEL": "loud"},
        {"DATABASE_URL": "mysql://nobody@localhost/x"},
        {"KNOWLEDGE_DIR": "/no/such/folder"},
        {"DATABASE_URL": "postgresql+asyncpg://postgres@127.0.0.1:1/unreachable"},
    ],
    ids=["editor-ids", "log-level", "wrong-driver", "knowledge-dir", "postgres-unreachable"],
)
@pytest.mark.parametrize(("path", "parser"), LEAVES, ids=[" ".join(p) for p, _ in LEAVES])
def test_bad_settings_are_one_sentence(
    cli: Cli, tmp_path: Path, path: tuple[str, ...], parser: argparse.ArgumentParser, settings: dict[str, str]
) -> None:
    status, _, err = cli(*_valid_argv(path, parser, _samples(tmp_path)), **settings)
    assert "Traceback" not in err
    refused_by_settings = "DATABASE_URL" not in settings and "KNOWLEDGE_DIR" not in settings
    needs_the_database = path not in NO_DATABASE and "DATABASE_URL" in settings
    if refused_by_settings or needs_the_database or status != 0:
        _one_sentence(status, err, 1)


@pytest.mark.parametrize("problem", ["wrong user", "missing database"])
def test_postgres_refusals_are_one_sentence(cli: Cli, problem: str) -> None:
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        pytest.skip("needs PostgreSQL: set TEST_DATABASE_URL=postgresql+asyncpg://USER@HOST:PORT/DB")
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    bad = parsed.set(username="no_such_user") if problem == "wrong user" else parsed.set(database="no_such_db_16")
    status, _, err = cli("kb", "stats", DATABASE_URL=bad.render_as_string(hide_password=False))
    _one_sentence(status, err, 1)
    assert "DATABASE_URL" in err and ("no_such_user" in err or "no_such_db_16" in err)


def test_downgrade_to_an_unknown_revision(cli: Cli) -> None:
    status, _, err = cli("db", "downgrade", "9999")
    _one_sentence(status, err, 1)
    assert "9999" in err


def test_unknown_entry_is_a_bad_argument_everywhere(cli: Cli) -> None:
    assert cli("kb", "history", "nope")[0] == 2
    assert cli("kb", "revert", "nope", "1")[0] == 2
    assert cli("kb", "revert", "us-naruto", "99")[0] == 2
    assert cli("kb", "sync", "--take", "files", "nope")[0] == 2


def test_unknown_locale_is_refused(cli: Cli) -> None:
    status, _, err = cli("ask", "--locale", "fr", "monkey selfie")
    assert status == 2 and "fr" in err


def test_run_without_network_is_one_sentence(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """The client's login fails as it does offline (a connection error), before anything reaches Discord."""
    import aiohttp
    from aiohttp.client_reqrep import ConnectionKey

    from bot.discord_bot.client import CopyrightBot

    async def offline(self: object, token: str, *, reconnect: bool = True) -> None:
        key = ConnectionKey("discord.com", 443, True, True, None, None, None)
        raise aiohttp.ClientConnectorError(key, OSError(-3, "Temporary failure in name resolution"))

    monkeypatch.setattr(CopyrightBot, "start", offline)
    status, _, err = cli("run", DISCORD_TOKEN="not-a-real-token")
    _one_sentence(status, err, 1)
    assert "Discord" in err
