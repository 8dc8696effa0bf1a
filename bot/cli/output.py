"""Small printing helpers shared by the commands."""

import json
import sys
from typing import Any


def fail(message: str, status: int = 2) -> int:
    print(f"error: {message}", file=sys.stderr)
    return status


def print_json(obj: Any, *, lines: bool = False) -> None:
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":") if lines else None, indent=None if lines else 2)
    sys.stdout.write(text + "\n")
