"""`calibrate [--write | --tune]`: refit the matcher's confidence, or search its ranking weights, on held-out phrasings
of the knowledge files."""

import argparse
from dataclasses import asdict
from pathlib import Path

import bot.core.matching.confidence as confidence
from bot.cli.output import fail
from bot.core.knowledge_files import load_directory
from bot.core.matching.confidence import FEATURES
from bot.core.matching.weighted import Weights
from bot.devtools.calibration import fit
from bot.devtools.tuning import tune
from bot.settings import Settings


async def run_calibrate(args: argparse.Namespace, settings: Settings) -> int:
    loaded = load_directory(settings.knowledge_dir)
    if loaded.problems:
        return fail(f"the knowledge files have {len(loaded.problems)} problem(s); run `kb validate` first", status=1)
    if args.tune:
        shipped = asdict(Weights())
        changed = {k: v for k, v in asdict(tune(loaded.entries, Weights())).items() if v != shipped[k]}
        print(f"suggested weights (set them in Weights, then refit): {changed or 'none'}")
        return 0
    report = fit(loaded.entries)
    print(
        f"held-out phrasings and out-of-scope questions: {report.rows}; own entry found first: {report.top1:.3f}; "
        f"log loss {report.log_loss:.3f}; answered wrong {report.answered_wrong}, of them at >= 0.9: "
        f"{report.wrong_at_90}"
    )
    print(f"intercept {report.calibration.intercept:+.3f}")
    for name, value in zip(FEATURES, report.calibration.coefficients, strict=True):
        print(f"  {name:15} {value:+.3f}")
    if args.write:
        target = Path(confidence.__file__).parent / "calibration.json"
        target.write_text(report.calibration.to_json(), encoding="utf-8")
        print(f"written to {target}")
    return 0
