"""Argument parsing and dispatch; heavy modules are imported per command so `ask` starts fast."""

import argparse
import asyncio
import importlib
import logging
import os
import sys
import threading
from collections.abc import Callable, Coroutine, Sequence
from typing import Any

from pydantic import ValidationError
from pydantic_settings import SettingsError

from bot.cli.output import fail

# Kept in step with bot.core.entry.JURISDICTIONS by a test; not imported, so the parser loads nothing heavy.
JURISDICTIONS = ("CN", "US", "UK", "EU", "DE", "CZ", "JP", "IN", "KR", "IT")
# The Discord locales with a message catalogue (bot/i18n/locales), kept here so `ask` never imports discord.
LOCALES = ("en-US", "zh-CN")
Handler = Callable[[argparse.Namespace, Any], Coroutine[Any, Any, int]]


def _days(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of days") from None
    if not 0 <= value <= 36500:
        raise argparse.ArgumentTypeError("days must be between 0 and 36500")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="copyright-bot", description="Answers questions about AI and copyright, citing curated rulings."
    )
    sub = parser.add_subparsers(dest="command", required=True)

    ask = sub.add_parser("ask", help="answer a question from the terminal")
    ask.add_argument("question", nargs="?", help="the question (omit with --batch)")
    ask.add_argument("--batch", metavar="FILE", help="one question per line, or JSON Lines with a 'q' field")
    ask.add_argument("--format", choices=("text", "json", "discord"), default=None)
    ask.add_argument("--locale", choices=LOCALES, default="en-US", help="the asker's Discord locale (--format discord)")
    ask.add_argument(
        "--lang",
        choices=("zh", "en", "auto"),
        default=None,
        help="the answer's language (text and json); auto, the default, answers in the question's language",
    )

    kb = sub.add_parser("kb", help="knowledge base maintenance").add_subparsers(dest="kb_command", required=True)
    validate = kb.add_parser("validate", help="check knowledge files; FILE:LINE: field: message per problem")
    validate.add_argument("path", nargs="?", help="a folder or one file (default: KNOWLEDGE_DIR)")
    sync = kb.add_parser("sync", help="bring new and changed knowledge files into the database")
    sync.add_argument("--take", choices=("files", "database"), help="resolve ENTRY_ID's conflict by keeping this side")
    sync.add_argument("entry_id", nargs="?", help="the entry whose conflict --take resolves")
    export = kb.add_parser("export", help="write the database out (json, yaml, or knowledge files)")
    export.add_argument("--format", choices=("json", "yaml", "files"), default="json")
    export.add_argument("--out", help="output file (json/yaml) or folder (files); default: standard output")
    kb.add_parser("stats", help="counts per jurisdiction and kind, and every entry id")
    kb_import = kb.add_parser("import", help="import a zip made by kb export or /kb export (refusals: one line each)")
    kb_import.add_argument("file", help="the zip")
    kb_import.add_argument("--dry-run", action="store_true", help="show the plan and change nothing")
    facts = kb.add_parser("check-facts", help="compare court, date and docket with a fact sheet")
    facts.add_argument("fact_sheet", help="path to rulings.yaml")
    facts.add_argument("--strict", action="store_true", help="also fail when fact-sheet items have no entry")
    history = kb.add_parser("history", help="the revisions of one entry")
    history.add_argument("entry_id")
    revert = kb.add_parser("revert", help="restore an earlier revision of an entry (as a new revision)")
    revert.add_argument("entry_id")
    revert.add_argument("revision", type=int)
    revert.add_argument("--reason", default="", help="why (kept in the history)")
    kb.add_parser("gaps", help="questions the bot declined or barely matched, grouped, most asked first")
    stale = kb.add_parser("stale", help="open matters (pending, awaiting approval, consultation) not checked lately")
    stale.add_argument("--days", type=_days, default=90, help="how many days without a check count as stale (90)")

    db = sub.add_parser("db", help="database migrations").add_subparsers(dest="db_command", required=True)
    db.add_parser("upgrade", help="migrate to the newest schema")
    down = db.add_parser("downgrade", help="migrate down to REV (e.g. base, or a revision id)")
    down.add_argument("revision")
    db.add_parser("current", help="print the current schema revision")

    evaluate = sub.add_parser("eval", help="accuracy on a question file (JSON Lines: q, expect, kind)")
    evaluate.add_argument("file")
    evaluate.add_argument("--json", action="store_true")
    evaluate.add_argument("--plot", metavar="FILE.png", help="also draw the reliability diagram (needs the plot extra)")

    calibrate = sub.add_parser("calibrate", help="refit the confidence on held-out phrasings (development)")
    calibrate.add_argument("--write", action="store_true", help="save the fit as the shipped calibration.json")
    calibrate.add_argument(
        "--tune", action="store_true", help="search the ranking weights on held-out phrasings (prints suggestions)"
    )

    bench = sub.add_parser("bench", help="matching latency and memory against a naive baseline")
    bench.add_argument("--sizes", default="50,1000,10000,100000")
    bench.add_argument("--questions", type=int, default=200, help="questions timed per size")
    bench.add_argument("--json", action="store_true")
    bench.add_argument(
        "--store",
        action="store_true",
        help="the real path: entries with bodies in a database; start-up, peak memory, edit to served, loop stall",
    )
    bench.add_argument(
        "--database",
        default=None,
        help="with --store: a PostgreSQL URL (a schema of its own is made and dropped); default a SQLite file",
    )

    timeline = sub.add_parser("timeline", help="the /timeline picture (rulings and documents over time) as a PNG")
    timeline.add_argument("--out", required=True, metavar="FILE.png", help="where to write the picture")
    timeline.add_argument("--jurisdiction", choices=JURISDICTIONS, help="only this jurisdiction's items")
    timeline.add_argument("--lang", choices=("zh", "en"), default="en", help="labels' language (default en)")

    tree = sub.add_parser("commands", help="the slash-command tree (names, options, permissions, localisations)")
    tree.add_argument("--json", action="store_true")
    run = sub.add_parser("run", help="connect to Discord (needs DISCORD_TOKEN)")
    run.add_argument("--sync", action="store_true", help="sync the command tree even if it has not changed")
    return parser


# Each command's module and function, imported only when that command runs (so `ask` never loads discord).
HANDLERS = {
    "ask": ("bot.cli.ask", "run_ask"),
    "kb": ("bot.cli.kb", "run_kb"),
    "db": ("bot.cli.db", "run_db"),
    "eval": ("bot.cli.evaluate", "run_eval"),
    "calibrate": ("bot.cli.calibrate", "run_calibrate"),
    "bench": ("bot.cli.bench", "run_bench"),
    "timeline": ("bot.cli.timeline", "run_timeline"),
    "commands": ("bot.cli.discord_cmds", "run_commands"),
    "run": ("bot.cli.run", "run_bot"),
}


def _handler(args: argparse.Namespace) -> Handler:
    module, name = HANDLERS[args.command]
    return getattr(importlib.import_module(module), name)


def _check_combinations(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Argument combinations argparse cannot express; like every bad argument, they exit with status 2."""
    if args.command == "ask" and args.batch and args.question is not None:
        parser.error("ask takes a question or --batch FILE, not both")
    if args.command == "ask" and args.lang and args.format == "discord":
        parser.error("--lang is for the text and json formats; --format discord follows --locale")
    if args.command == "ask" and args.batch and args.format == "text":
        parser.error("--batch writes JSON Lines; use --format json or discord")
    if args.command != "kb":
        return
    if args.kb_command == "export" and args.format == "files" and not args.out:
        parser.error("kb export --format files needs --out FOLDER")
    if args.kb_command == "sync" and bool(args.take) != bool(args.entry_id):
        parser.error("kb sync --take files|database needs the ENTRY_ID whose conflict it resolves (and only then)")


def _quiet_late_driver_threads(hook: Any = threading.excepthook) -> None:
    """aiosqlite answers a failed connection's close from its worker thread; when the command has already
    reported the failure and its event loop is closed, that late answer raises in the thread and would print
    a traceback after our one sentence. That one case is dropped; any other thread error is shown."""

    def excepthook(args: threading.ExceptHookArgs) -> None:
        late = isinstance(args.exc_value, RuntimeError) and str(args.exc_value) == "Event loop is closed"
        if not (late and args.thread is not None and type(args.thread).__module__.startswith("aiosqlite")):
            hook(args)

    threading.excepthook = excepthook


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    _check_combinations(parser, args)

    from bot.cli.errors import PROBLEM, explain
    from bot.settings import Settings

    try:
        settings = Settings()
    except ValidationError as exc:
        first = exc.errors()[0]
        message = str(first["msg"]).removeprefix("Value error, ")
        return fail(f"Configuration error in {str(first['loc'][0]).upper()}: {message}.", status=1)
    except SettingsError as exc:  # a value the settings source could not even parse
        return fail(f"Configuration error: {str(exc).split(' from source')[0]}.", status=1)
    logging.basicConfig(level=settings.log_level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    quiet_drivers(settings.driver_log_level)
    _quiet_late_driver_threads()
    try:
        return asyncio.run(_handler(args)(args, settings))
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # explain() alone decides what is a problem to explain and what is a bug
        if isinstance(exc, BrokenPipeError):  # output piped into `head` and the like: stop quietly
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 0
        explained = explain(exc, settings)
        if explained is None:
            raise
        logging.getLogger(__name__).debug("details", exc_info=exc)
        return fail(explained, status=PROBLEM)


# Driver loggers write every statement and packet at DEBUG (kilobytes per question); LOG_LEVEL is about the bot.
DRIVER_LOGGERS = ("sqlalchemy", "aiosqlite", "asyncpg", "alembic")


def quiet_drivers(level: str) -> None:
    """The drivers log at DRIVER_LOG_LEVEL (WARNING unless asked), whatever LOG_LEVEL is."""
    for name in DRIVER_LOGGERS:
        logging.getLogger(name).setLevel(level)
