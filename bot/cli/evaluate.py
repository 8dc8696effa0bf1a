"""`eval FILE [--json]`: accuracy figures on a question file, through the same service as `ask`."""

import argparse
from pathlib import Path

from bot.cli.errors import PROBLEM, USAGE
from bot.cli.output import fail, print_json
from bot.core.bootstrap import open_core
from bot.devtools.evaluation import evaluate, load_questions
from bot.devtools.reliability_plot import draw_reliability
from bot.settings import Settings


async def run_eval(args: argparse.Namespace, settings: Settings) -> int:
    try:
        questions = load_questions(Path(args.file))
    except OSError as exc:
        return fail(f"cannot read {args.file}: {exc.strerror}", status=USAGE)
    except (ValueError, KeyError) as exc:  # UnicodeDecodeError included: the file is there but is not a question file
        return fail(f"{args.file} is not a question file (JSON Lines with q, expect, kind): {exc}", status=PROBLEM)
    core = await open_core(settings)
    try:
        figures = evaluate(core.service, questions).figures()
    finally:
        await core.close()
    if args.plot:
        try:
            draw_reliability(figures["reliability"], Path(args.plot), title=f"Reliability: {Path(args.file).name}")
        except ImportError:
            return fail("drawing needs Pillow: pip install '.[plot]'", status=1)
        except OSError as exc:
            return fail(f"cannot write {args.plot}: {exc.strerror or exc}", status=1)
    if args.json:
        print_json(figures)
        return 0
    for miss in figures["misses"]:
        print(
            f"miss [{miss['kind']}] {miss['q']!r}: expected {miss['expect']}, got {miss['got']} "
            f"(confidence {miss['confidence']:.2f}; top3 {miss.get('top3', [])})"
        )
    if figures["missing_ids"]:
        print("expected ids missing from the knowledge base: " + ", ".join(figures["missing_ids"]))
    print(
        "by kind: " + ", ".join(f"{k} {v:.2f} (n={figures['kind_counts'][k]})" for k, v in figures["by_kind"].items())
    )
    print("reliability (best candidate per question, declined ones included):")
    for row in figures["reliability"]:
        if row["count"]:
            print(f"  confidence {row['bin']}: {row['right']}/{row['count']} right ({row['accuracy']:.2f})")
    shown = figures["answered_in_language"]
    print("answered in the question's language: " + ", ".join(f"{k} {v[0]}/{v[1]}" for k, v in shown.items()))
    print(
        f"answered {figures['answered']}, wrong {figures['wrong']}, "
        f"wrong at confidence >= 0.9: {figures['wrong_at_90']}"
    )
    print(
        f"questions {figures['questions']}: top-1 {figures['top1']:.3f}, top-3 {figures['top3']:.3f}, "
        f"off-topic declined {figures['decline_off_topic']:.3f}, false declines {figures['false_declines']:.3f}"
    )
    return 0
