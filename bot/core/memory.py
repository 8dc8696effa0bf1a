"""Giving freed memory back to the system.

Loading a large knowledge base makes and drops millions of short-lived objects between the long-lived ones;
the C allocator keeps the freed pages unless asked, so the process would stay at its loading size.
"""

import ctypes
import ctypes.util
import functools
from collections.abc import Callable


@functools.cache
def _trim() -> Callable[[int], int] | None:
    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name).malloc_trim if name else None
    except (OSError, AttributeError):  # not glibc (musl, macOS): nothing to ask
        return None


def release_memory() -> None:
    trim = _trim()
    if trim is not None:
        trim(0)
