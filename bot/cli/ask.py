"""`ask`: one question or a batch, answered by the same service the Discord layer uses."""

import argparse
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.cli.errors import PROBLEM, USAGE
from bot.cli.output import fail, print_json
from bot.core.answers import Answer
from bot.core.bootstrap import open_core
from bot.core.entry import Entry
from bot.i18n import Language, choose_language, messages
from bot.i18n.localized import citation_text, localize
from bot.settings import Settings


def render_text(answer: Answer, lang: Language = Language.EN, entries: Mapping[str, Entry] | None = None) -> str:
    """Each citation and each suggestion once: sides point at the numbered sources instead of repeating them.

    English is the contract's text format, unchanged; Chinese has the same layout with the catalogue's words.
    """
    if lang is not Language.EN:
        return render_text_localized(answer, lang, entries)
    shown = localize(answer, Language.EN)
    sources: list[str] = []
    for citation in [*answer.citations, *(c for side in answer.sides for c in side.citations)]:
        if citation_text(citation, Language.EN) not in sources:
            sources.append(citation_text(citation, Language.EN))
    lines: list[str] = []
    if answer.entry is not None:
        lines += [answer.entry.title, ""]
    lines.append(shown.text.replace(shown.did_you_mean, "") if shown.did_you_mean else shown.text)
    for side in answer.sides:
        numbers = sorted({sources.index(citation_text(c, Language.EN)) + 1 for c in side.citations})
        lines += ["", f"{side.name}:", side.text]
        lines += [f"  (sources {', '.join(f'[{n}]' for n in numbers)})"] if numbers else []
    if sources:
        lines += ["", "Sources:"] + [f"  [{n}] {line}" for n, line in enumerate(sources, start=1)]
    if answer.suggestions:
        lines += ["", "Suggestions:"] + [f"  - {s.title} [{s.id}]" for s in answer.suggestions]
    lines += ["", f"(confidence {answer.confidence:.2f})"]
    return "\n".join(lines)


def render_text_localized(answer: Answer, lang: Language, entries: Mapping[str, Entry] | None = None) -> str:
    """render_text's layout in another language: title_zh, summary_zh and sides' text_zh where the entry has them."""
    m, shown = messages(lang), localize(answer, lang, entries)
    sources: list[str] = []
    for citation in [*shown.citations, *(c for side in shown.sides for c in side.citations)]:
        if citation_text(citation, lang) not in sources:
            sources.append(citation_text(citation, lang))
    lines: list[str] = [shown.title, ""] if shown.title else []
    lines.append(shown.text if answer.entry is not None else f"{shown.summary}（{shown.disclaimer}）")
    for side in shown.sides:
        numbers = sorted({sources.index(citation_text(c, lang)) + 1 for c in side.citations})
        lines += ["", m.get("answer-side-heading", jurisdiction=side.name), side.text]
        refs = ", ".join(f"[{n}]" for n in numbers)
        lines += [f"  {m.get('answer-sources-ref', refs=refs)}"] if numbers else []
    if sources:
        lines += ["", m.get("answer-side-heading", jurisdiction=m.get("answer-sources"))]
        lines += [f"  [{n}] {line}" for n, line in enumerate(sources, start=1)]
    if shown.suggestions:
        lines += ["", m.get("answer-side-heading", jurisdiction=m.get("answer-suggestions"))]
        lines += [f"  - {title} [{entry_id}]" for entry_id, title in shown.suggestions]
    lines += ["", m.get("answer-confidence", value=f"{answer.confidence:.2f}")]
    return "\n".join(lines)


def answer_json(answer: Answer, lang: Language, entries: Mapping[str, Entry] | None = None) -> dict[str, Any]:
    """The contract's JSON object with `lang` added; in Chinese the texts a person reads are Chinese (the
    citations stay as recorded: they are the sources' own titles, courts and numbers)."""
    structured = answer.to_json()
    shown = localize(answer, lang, entries)
    # The contract's order: the answer's text after the entry, the disclaimer last.
    out = {k: v for k, v in structured.items() if k in ("question", "matched", "confidence", "entry")}
    out["answer"] = shown.text
    out |= {k: v for k, v in structured.items() if k not in out}
    out["disclaimer"] = shown.disclaimer
    if lang is not Language.EN:
        if out["entry"] is not None and shown.title:
            out["entry"]["title"] = shown.title
        for side, text in zip(out["sides"], (s.text for s in shown.sides), strict=True):
            side["text"] = text
        for suggestion, (_, title) in zip(out["suggestions"], shown.suggestions, strict=True):
            suggestion["title"] = title
    out["lang"] = lang.short
    return out


def answer_language(requested: str | None, question: str) -> Language:
    """`--lang zh|en` as asked; `auto` (the default) answers in the question's own language."""
    if requested in (None, "auto"):
        return choose_language(question)
    return Language.parse(requested)


@dataclass(frozen=True)
class BatchLine:
    """One input line: a question to ask, or why it cannot be asked (still one output line, in its place)."""

    question: str
    error: str | None = None


def read_batch(path: Path) -> list[BatchLine]:
    """Raises UnicodeDecodeError for a file that is not text; every line, blank ones too, gives one BatchLine."""
    lines = []
    for raw in path.read_bytes().decode("utf-8").splitlines():
        line = raw.strip()
        if not line.startswith("{"):
            lines.append(BatchLine(line, None if line else "empty question"))
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            lines.append(BatchLine(line))  # a question that happens to start with a brace
            continue
        q = record.get("q") if isinstance(record, dict) else None
        if isinstance(q, str):
            lines.append(BatchLine(q.strip(), None if q.strip() else "empty question"))
        else:
            lines.append(BatchLine("", f"'q' must be a string, got {json.dumps(q)}"))
    return lines


async def run_ask(args: argparse.Namespace, settings: Settings) -> int:
    fmt = args.format or ("json" if args.batch else "text")
    if args.batch:
        try:
            batch = read_batch(Path(args.batch))
        except UnicodeDecodeError:
            return fail(f"{args.batch} is not a UTF-8 text file of questions (one per line, or JSON Lines)", PROBLEM)
        except OSError as exc:
            return fail(f"cannot read {args.batch}: {exc.strerror}", status=USAGE)
    else:
        if args.question is None or not args.question.strip():
            return fail('the question is empty; ask something like: python -m bot ask "Can AI art be copyrighted?"')
        batch = [BatchLine(args.question)]
    asked = [line.question for line in batch if line.error is None]

    if fmt == "discord":
        from bot.cli.discord_cmds import discord_payloads  # discord.py is loaded only for this format

        answers: list[Any] = await discord_payloads(settings, asked, args.locale)
    else:
        core = await open_core(settings)
        try:
            answers = [core.service.ask(q) for q in asked]
            entries = core.service.entries
        finally:
            await core.close()
    # A batch keeps its English output unless --lang is given: scripts read it (the contract's batch form).
    requested = getattr(args, "lang", None) or ("en" if args.batch else "auto")
    replies = iter(answers)
    for number, line in enumerate(batch, start=1):
        if line.error is not None:
            print_json({"line": number, "question": line.question, "matched": False, "error": line.error}, lines=True)
            continue
        reply = next(replies)
        if fmt == "discord":
            print_json(reply, lines=True)
        elif fmt == "json":
            print_json(answer_json(reply, answer_language(requested, line.question), entries), lines=bool(args.batch))
        else:
            print(render_text(reply, answer_language(requested, line.question), entries))
    return 0
