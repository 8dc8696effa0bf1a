"""`bench [--sizes ...] [--json]`: latency, build time and memory for this matcher and the baseline."""

import argparse

from bot.cli.output import fail, print_json
from bot.core.bench import run_sizes
from bot.settings import Settings


async def run_bench(args: argparse.Namespace, settings: Settings) -> int:
    try:
        sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        return fail("--sizes takes whole numbers separated by commas, e.g. 50,1000,10000")
    if not sizes or min(sizes) < 1 or args.questions < 1:
        return fail("--sizes and --questions must be positive")
    rows = run_sizes(sizes, args.questions)
    if args.json:
        print_json(rows)
        return 0
    print(
        f"{'entries':>8} | {'matcher p50':>11} {'p99':>8} {'build':>7} {'peak':>7} | "
        f"{'baseline p50':>12} {'p99':>9} {'build':>6} {'peak':>7} | {'x p50':>6} {'x p99':>6}"
    )
    for row in rows:
        m, b = row["matcher"], row["baseline"]
        print(
            f"{row['size']:>8} | {m['p50_ms']:>9.3f}ms {m['p99_ms']:>6.2f}ms {m['build_s']:>6.2f}s "
            f"{m['peak_mb']:>5.0f}MB | "
            f"{b['p50_ms']:>10.3f}ms {b['p99_ms']:>7.2f}ms {b['build_s']:>5.2f}s {b['peak_mb']:>5.0f}MB | "
            f"{row['speedup_p50']:>6} {row['speedup_p99']:>6}"
        )
    print("peak = the whole process's peak resident memory at that size (each size runs in its own process)")
    return 0
