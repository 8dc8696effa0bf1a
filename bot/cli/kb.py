"""`kb validate | sync | export | stats | check-facts | history | revert | gaps | stale | import`."""

import argparse
import datetime as dt
import getpass
import json
import sys
from collections import Counter
from pathlib import Path

import yaml

from bot.cli.output import fail
from bot.core.bootstrap import open_store, seed_if_needed
from bot.core.editing import Editor, EditRejected, diff
from bot.core.entry import Entry
from bot.core.factcheck import check_facts, load_fact_sheet
from bot.core.gaps import group_gaps
from bot.core.knowledge_files import content_problems, load_directory, load_file, render_entry
from bot.core.service import KnowledgeService
from bot.core.stale import stale_entries, stale_line
from bot.core.storage.community import CommunityStore
from bot.core.storage.database import make_sessionmaker
from bot.core.sync import sync_directory
from bot.settings import Settings


def export_record(entry: Entry) -> dict[str, object]:
    return entry.model_dump(mode="json")


def _validate(path: Path) -> int:
    if path.is_file():
        loaded, problems = load_file(path)
        problems += content_problems([loaded]) if loaded.entry else []
        count = 1
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


def _stats(entries: list[Entry]) -> None:
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


def _export(entries: list[Entry], fmt: str, out: str | None) -> int:
    if fmt == "files":
        if not out:
            return fail("--format files needs --out FOLDER")
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        for entry in entries:
            (folder / f"{entry.id}.md").write_text(render_entry(entry), encoding="utf-8")
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
    return 0


async def run_kb(args: argparse.Namespace, settings: Settings) -> int:
    command = args.kb_command
    if command == "validate":
        return _validate(Path(args.path) if args.path else settings.knowledge_dir)
    if command == "check-facts":
        return _check_facts(Path(args.fact_sheet), settings.knowledge_dir)
    engine, repo = await open_store(settings)
    try:
        if command == "sync":
            report = await sync_directory(repo, settings.knowledge_dir)
            for line in report.lines():
                print(line)
            return 0 if report.ok else 1
        await seed_if_needed(repo, settings)
        if command == "import":
            from bot.cli.kb_import import run_import

            return await run_import(Path(args.file), args.dry_run, repo)
        if command == "history":
            revisions = await repo.revisions(args.entry_id)
            if not revisions:
                return fail(f"no entry {args.entry_id!r}")
            previous = None
            for rev in revisions:
                print(f"r{rev.number}  {rev.created_at:%Y-%m-%d %H:%M} UTC  {rev.author}: {rev.reason}")
                for line in diff(previous, rev.snapshot)[:8]:
                    print(f"      {line}")
                previous = rev.snapshot
            return 0
        if command == "revert":
            service = KnowledgeService(repo)
            try:
                saved = await Editor(repo, service).revert(
                    args.entry_id, args.revision, author=f"cli:{getpass.getuser()}", reason=args.reason
                )
            except EditRejected as exc:
                return fail("; ".join(exc.problems), status=1)
            print(f"{args.entry_id} is now at revision {saved.entry.revision}")
            for line in saved.changes:
                print(f"  {line}")
            return 0
        if command == "gaps":
            groups = group_gaps(await CommunityStore(make_sessionmaker(engine)).gaps())
            if not groups:
                print("no unanswered questions recorded yet")
            for group in groups:
                print(f"{group.count:>4}x  {group.example}   (last {group.last_asked}, {group.servers} server(s))")
            return 0
        entries = await repo.list_entries()
        if command == "stale":
            return _stale(entries, args.days)
        if command == "stats":
            _stats(entries)
            return 0
        return _export(entries, args.format, args.out)
    finally:
        await engine.dispose()


def _stale(entries: list[Entry], days: int) -> int:
    today = dt.date.today()
    found = stale_entries(entries, today, days)
    for entry in found:
        print(stale_line(entry, today))
    open_count = sum(e.is_open for e in entries)
    print(f"{len(found)} of {open_count} open matter(s) not checked in the last {days} day(s)")
    return 0


def _check_facts(sheet: Path, directory: Path) -> int:
    try:
        facts = load_fact_sheet(sheet)
    except (OSError, yaml.YAMLError) as exc:
        return fail(f"cannot read fact sheet {sheet}: {exc}")
    result = load_directory(directory)
    differences, missing = check_facts(result.entries, facts)
    unexplained = [d for d in differences if not d.explained]
    for difference in differences:
        print(difference)
    for item in missing:
        print(f"{item}: no knowledge entry for this fact-sheet item")
    print(
        f"{len(facts)} fact-sheet items, {len(result.entries)} entries: {len(differences)} difference(s), "
        f"{len(unexplained)} unexplained, {len(missing)} item(s) without an entry"
    )
    return 1 if unexplained or missing or result.problems else 0
