"""Where the shipped knowledge and migrations live, in a checkout and in an installed wheel."""

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def shipped_dir(name: str) -> Path:
    """A checkout keeps `knowledge/` and `migrations/` beside `bot/`; a wheel keeps them in bot/resources."""
    checkout = _PACKAGE.parent / name
    if checkout.is_dir() and (_PACKAGE.parent / "pyproject.toml").is_file():
        return checkout
    return _PACKAGE / "resources" / name
