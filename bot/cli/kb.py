"""`kb validate | sync [--take] | export | stats | check-facts | history | revert | gaps | stale | import`."""

import argparse
import datetime as dt
import getpass
import json
import sys
from collections import Counter
from pathlib import Path

import yaml

from bot.cli.errors import PROBLEM, USAGE
from bot.cli.output import fail
from bot.core.bootstrap import seed_if_needed
from bot.core.container import open_store_services
from bot.core.editing import EditRejected, NoChange, revision_changes
from bot.core.entry import Entry
from bot.core.gaps import group_gaps
from bot.core.knowledge_files import (
    Problem,
    content_problems,
    knowledge_paths,
    load_directory,
    load_file,
    previous_file,
    render_entry,
)
from bot.core.stale import stale_entries, stale_line
from bot.core.sync import sync_directory, take_side
from bot.devtools.factcheck import FactSheetError, check_facts, load_fact_sheet
from bot.settings import Settings


def export_record(entry: Entry) -> dict[str, object]:
    return entry.model_dump(mode="json")


def _validate(path: Path, knowledge_dir: Path, named: bool) -> int:
    if not path.exists():
        blame = "" if named else " (KNOWLEDGE_DIR)"
        return fail(f"{path}{blame} does not exist", status=USAGE if named else PROBLEM)
    if path.is_file():
        problems, count = _file_problems(path, knowledge_dir), 1
    else:
        result = load_directory(path)
        problems, count = result.problems, len(result.files)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) in {count} file(s)", file=sys.stderr)
        return 1
    print(f"ok: {count} file(s) valid")
    return 0


def _file_problems(path: Path, knowledge_dir: Path) -> list[Problem]:
    """One file checked among the entries around it: its own folder when that is a knowledge base,
    KNOWLEDGE_DIR otherwise (a draft kept elsewhere), so its links and aliases are judged as sync would."""
    loaded, problems = load_file(path)
    here = path.resolve()
    neighbours = [p for p in knowledge_paths(path.parent) if p.resolve() != here]
    folder = path.parent if neighbours else knowledge_dir
    own_id = loaded.entry.id if loaded.entry is not None else None
    others = [
        other
        for other_path in (knowledge_paths(folder) if folder.is_dir() else [])
        if other_path.resolve() != here
        for other in [load_file(other_path)[0]]
        if other.entry is not None and other.entry.id != own_id
    ]
    if loaded.entry is not None:
        problems += [p for p in content_problems([*others, loaded]) if p.file == str(loaded.path)]
    return problems


def _stats(entries: list[Entry], settings: Settings) -> None:
    print(f"knowledge: {settings.knowledge_dir} (from {settings.knowledge_source()})")
    by_place = Counter(j for e in entries for j in e.jurisdictions)
    by_kind = Counter(e.kind for e in entries)
    print(f"entries: {len(entries)}")
    print("jurisdictions: " + ", ".join(f"{k} {v}" for k, v in sorted(by_place.items())))
    print("kinds: " + ", ".join(f"{k} {v}" for k, v in sorted(by_kind.items())))
    print(f"aliases: {sum(len(e.aliases) for e in entries)}")
    print(f"questions: {sum(len(e.questions) for e in entries)}")
    print(f"citations: {sum(len(e.citations) for e in entries)}")
    print("ids:")
    for entry in entries:
        print(f"  {entry.id}  [{','.join(entry.jurisdictions)}] {entry.kind}, {entry.status}, as of {entry.as_of}")


def _export(entries: list[Entry], fmt: str, out: str | None, knowledge_dir: Path) -> int:
    """Files keep the layout of their counterparts in KNOWLEDGE_DIR, so git shows only what was edited."""
    try:
        if fmt == "files":
            assert out is not None  # checked with the arguments
            folder = Path(out)
            folder.mkdir(exist_ok=True)
            for entry in entries:
                text = render_entry(entry, previous_file(knowledge_dir, entry.id))
                (folder / f"{entry.id}.md").write_text(text, encoding="utf-8")
            print(f"wrote {len(entries)} file(s) to {folder}")
            return 0
        records = [export_record(e) for e in entries]
        text = (
            json.dumps(records, ensure_ascii=False, indent=2)
            if fmt == "json"
            else yaml.safe_dump(records, allow_unicode=True, sort_keys=False)
        )
        if out:
            Path(out).write_text(text + "\n", encoding="utf-8")
        else:
            sys.stdout.write(text + "\n")
    except OSError as exc:
        return fail(f"cannot write {exc.filename or out}: {exc.strerror} (the folder it goes in must exist)", status=1)
    return 0


async def run_kb(args: argparse.Namespace, settings: Settings) -> int:
    command = args.kb_command
    if command == "validate":
        return _validate(Path(args.path or settings.knowledge_dir), settings.knowledge_dir, named=bool(args.path))
    if not settings.knowledge_dir.is_dir() or not knowledge_paths(settings.knowledge_dir):
        return fail(f"KNOWLEDGE_DIR ({settings.knowledge_dir}) is not a folder of knowledge files (*.md).", PROBLEM)
    if command == "check-facts":
        return _check_facts(Path(args.fact_sheet), settings.knowledge_dir, strict=args.strict)
    services = await open_store_services(settings)
    repo = services.editor.repo
    try:
        if command == "sync" and args.take:
            known = (settings.knowledge_dir / f"{args.entry_id}.md").is_file() or await repo.get(args.entry_id)
            if not known:
                return fail(f"no entry {args.entry_id!r} in KNOWLEDGE_DIR or the database", status=USAGE)
            print(await take_side(repo, settings.knowledge_dir, args.entry_id, args.take))
            return 0
        if command == "sync":
            report = await sync_directory(repo, settings.knowledge_dir)
            for line in report.lines():
                print(line)
            return 0 if report.ok else 1
        await seed_if_needed(repo, settings)
        if command == "import":
            from bot.cli.kb_import import run_import

            return await run_import(Path(args.file), args.dry_run, services.editor)
        if command == "history":
            revisions = await repo.revisions(args.entry_id)
            if not revisions:
                return fail(f"no entry {args.entry_id!r} (kb stats lists every id)", status=USAGE)
            for step in revision_changes(revisions):
                print(f"r{step.number}  {step.created_at:%Y-%m-%d %H:%M} UTC  {step.author}: {step.reason}")
                for line in step.changes[:8]:
                    print(f"      {line}")
            return 0
        if command == "revert":
            numbers = [rev.number for rev in await repo.revisions(args.entry_id)]
            if args.revision not in numbers:
                found = f"its revisions are r1 to r{max(numbers)}" if numbers else "kb stats lists every id"
                return fail(f"{args.entry_id!r} has no revision {args.revision} ({found})", status=USAGE)
            try:
                saved = await services.editor.revert(
                    args.entry_id, args.revision, author=f"cli:{getpass.getuser()}", reason=args.reason
                )
            except NoChange as exc:
                print(exc.problems[0])
                return 0
            except EditRejected as exc:
                return fail("; ".join(exc.problems), status=PROBLEM)
            print(f"{args.entry_id} is now at revision {saved.entry.revision}")
            for line in saved.changes:
                print(f"  {line}")
            return 0
        if command == "gaps":
            groups = group_gaps(await services.community.gaps())
            if not groups:
                print("no unanswered questions recorded yet")
            for group in groups:
                print(f"{group.count:>4}x  {group.example}   (last {group.last_asked}, {group.servers} server(s))")
            return 0
        entries = await repo.list_entries()
        if command == "stale":
            return _stale(entries, args.days)
        if command == "stats":
            _stats(entries, settings)
            return 0
        return _export(entries, args.format, args.out, settings.knowledge_dir)
    finally:
        await services.close()


def _stale(entries: list[Entry], days: int) -> int:
    today = dt.date.today()
    found = stale_entries(entries, today, days)
    for entry in found:
        print(stale_line(entry, today))
    open_count = sum(e.is_open for e in entries)
    print(f"{len(found)} of {open_count} open matter(s) not checked in the last {days} day(s)")
    return 0


def _check_facts(sheet: Path, directory: Path, *, strict: bool) -> int:
    """Fails on unexplained differences; items the knowledge base has no entry for are listed apart."""
    try:
        facts = load_fact_sheet(sheet)
    except FactSheetError as exc:
        return fail(str(exc), status=PROBLEM)
    result = load_directory(directory)
    for problem in result.problems:
        print(problem)
    differences, missing = check_facts(result.entries, facts)
    unexplained = [d for d in differences if not d.explained]
    for difference in differences:
        print(difference)
    if missing:
        print(
            f"fact-sheet items without a knowledge entry ({'a failure with' if strict else 'not a failure without'} "
            "--strict):"
        )
        for item in missing:
            print(f"  {item}")
    print(
        f"{len(facts)} fact-sheet items, {len(result.entries)} entries: {len(differences)} difference(s), "
        f"{len(unexplained)} unexplained, {len(missing)} item(s) without an entry"
    )
    return 1 if unexplained or result.problems or (strict and missing) else 0
