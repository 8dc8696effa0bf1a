"""Figures measured by tests, collected for docs/reliability.md when RELIABILITY_FIGURES names a file."""

import json
import os
from pathlib import Path
from typing import Any


def record(**figures: Any) -> None:
    target = os.environ.get("RELIABILITY_FIGURES")
    if not target:
        return
    path = Path(target)
    current = json.loads(path.read_text()) if path.exists() else {}
    path.write_text(json.dumps(current | figures, indent=1, sort_keys=True))
