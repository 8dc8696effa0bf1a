"""`ask`: one question or a batch, answered by the same service the Discord layer uses."""

import argparse
import contextlib
import json
from pathlib import Path

from bot.cli.output import fail, print_json
from bot.core.answers import Answer, citation_line
from bot.core.bootstrap import open_core
from bot.settings import Settings


def render_text(answer: Answer) -> str:
    lines: list[str] = []
    if answer.entry is not None:
        lines += [answer.entry.title, ""]
    lines.append(answer.text)
    for side in answer.sides:
        lines += ["", f"{side.name}:", side.text]
        lines += [f"  - {citation_line(c)}" for c in side.citations]
    if answer.citations:
        lines += ["", "Sources:"] + [f"  - {citation_line(c)}" for c in answer.citations]
    if answer.suggestions:
        lines += ["", "Suggestions:"] + [f"  - {s.title} [{s.id}]" for s in answer.suggestions]
    lines += ["", f"(confidence {answer.confidence:.2f})"]
    return "\n".join(lines)


def read_batch(path: Path) -> list[str]:
    questions = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("{"):
            with contextlib.suppress(json.JSONDecodeError):
                line = str(json.loads(line).get("q", ""))
        questions.append(line)
    return questions


async def run_ask(args: argparse.Namespace, settings: Settings) -> int:
    fmt = args.format or ("json" if args.batch else "text")
    if args.batch:
        if fmt == "text":
            return fail("--batch writes JSON Lines; use --format json.")
        try:
            questions = read_batch(Path(args.batch))
        except OSError as exc:
            return fail(f"cannot read {args.batch}: {exc.strerror}")
    else:
        if args.question is None or not args.question.strip():
            return fail('the question is empty; ask something like: python -m bot ask "Can AI art be copyrighted?"')
        questions = [args.question]

    if fmt == "discord":
        from bot.cli.discord_cmds import discord_payloads  # discord.py is loaded only for this format

        for payload in await discord_payloads(settings, [q for q in questions if q.strip()], args.locale):
            print_json(payload, lines=True)
        return 0
    core = await open_core(settings)
    try:
        for question in questions:
            if not question.strip():
                print_json({"question": question, "matched": False, "error": "empty question"}, lines=True)
                continue
            answer = core.service.ask(question)
            if fmt == "json":
                print_json(answer.to_json(), lines=bool(args.batch))
            else:
                print(render_text(answer))
    finally:
        await core.close()
    return 0
