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


class Measured:
    """Wall time and peak Python allocation of a block, for the document (never asserted: machines are noisy)."""

    def __enter__(self) -> "Measured":
        import time
        import tracemalloc

        tracemalloc.start()
        self._start = time.perf_counter()
        return self

    def __exit__(self, *_: object) -> None:
        import time
        import tracemalloc

        self.ms = round((time.perf_counter() - self._start) * 1000, 1)
        self.peak_kb = tracemalloc.get_traced_memory()[1] // 1024
        tracemalloc.stop()
