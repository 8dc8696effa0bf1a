"""`bench [--sizes ...] [--json]`: latency, build time and memory for this matcher and the baseline."""

import argparse

from bot.cli.output import fail, print_json
from bot.devtools.bench import run_sizes
from bot.settings import Settings


async def run_bench(args: argparse.Namespace, settings: Settings) -> int:
    try:
        sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        return fail("--sizes takes whole numbers separated by commas, e.g. 50,1000,10000")
    if not sizes or min(sizes) < 1 or args.questions < 1:
        return fail("--sizes and --questions must be positive")
    if args.store:
        return await _store(sizes, args)
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


async def _store(sizes: list[int], args: argparse.Namespace) -> int:
    from bot.devtools.bench_store import run_store_sizes

    rows = await run_store_sizes(sizes, args.database)
    if args.json:
        print_json(rows)
        return 0
    print(
        f"{'entries':>8} {'backend':>10} | {'start-up':>8} {'peak':>7} | {'edit to served':>14} {'longest stall':>13}"
        f" | {'ask p50':>8} {'p99':>8}"
    )
    for row in rows:
        print(
            f"{row['size']:>8} {row['backend']:>10} | {row['startup_s']:>7.2f}s {row['peak_mb']:>5.0f}MB | "
            f"{row['edit_to_served_ms']:>12.0f}ms {row['longest_stall_ms']:>11.1f}ms | "
            f"{row['ask_p50_ms']:>6.2f}ms {row['ask_p99_ms']:>6.2f}ms"
        )
    print("start-up = read every entry (with bodies) from the database and build the index; edit to served = an")
    print("edit committed by another engine until this process answers with it; stall = the event loop's longest")
    print("wait beyond its 2 ms beat while the edit was applied; peak = this process's peak resident memory;")
    print("ask = one question answered after start-up (entries seen for the first time), 200 timed")
    return 0
