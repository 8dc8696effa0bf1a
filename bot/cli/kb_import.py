"""`kb import FILE [--dry-run]`: the plan and checks of /kb import, from a terminal and scriptable."""

import getpass
from pathlib import Path

from bot.core.editing import Editor, EditRejected
from bot.core.transfer import MAX_BYTES, MAX_MB, plan_lines


def _refuse(lines: list[str]) -> int:
    for line in lines:
        print(line)
    return 1


async def run_import(path: Path, dry_run: bool, editor: Editor) -> int:
    """Exit 0 when applied (or, with --dry-run, when it would apply); each refusal one line and exit 1."""
    try:
        if path.stat().st_size > MAX_BYTES:
            return _refuse([f"{path}: the file is larger than {MAX_MB} MB"])
        data = path.read_bytes()
    except OSError as exc:
        return _refuse([f"{path}: cannot read the file ({exc.strerror})"])
    plan = await editor.plan_import(data)
    if plan.problems or plan.conflicts:
        return _refuse(plan_lines(plan))
    for line in plan_lines(plan):
        print(line)
    print(f"dry run: {plan.summary()}" if dry_run else plan.summary())
    if dry_run or plan.is_noop:
        return 0
    try:
        imported = await editor.apply_import(plan, f"cli:{getpass.getuser()}")
    except EditRejected as exc:
        return _refuse(exc.problems)
    print(f"Imported: {imported.added} added, {imported.changed} changed.")
    return 0
