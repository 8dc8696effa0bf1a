"""`timeline`: the /timeline picture written to a file, from the same entries the bot serves."""

import argparse
import sys
from pathlib import Path

from bot.cli.errors import PROBLEM, USAGE
from bot.cli.output import fail
from bot.core.bootstrap import open_core
from bot.i18n import Language
from bot.settings import Settings
from bot.timeline import TimelineCache


async def run_timeline(args: argparse.Namespace, settings: Settings) -> int:
    out = Path(args.out)
    if not out.parent.is_dir():
        return fail(f"the folder of --out does not exist: {out.parent}", USAGE)
    core = await open_core(settings)
    try:
        entries = list(core.service.entries.values())
    finally:
        await core.close()
    lang = Language.parse(args.lang)
    picture = TimelineCache().picture(entries, lang, args.jurisdiction)
    try:
        out.write_bytes(picture.png)
    except OSError as exc:
        return fail(f"cannot write {out}: {exc.strerror or exc}", PROBLEM)
    if picture.lang is not lang:
        print("note: no Chinese font is installed here, so the labels are in English", file=sys.stderr)
    print(f"{out}: {picture.items} items, {len(picture.png) // 1024} KB, {picture.lang.short}")
    return 0
