"""Where the shipped knowledge and migrations live, in a checkout and in an installed wheel."""

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
PROJECT_NAME = 'name = "copyright-bot"'


def is_checkout(folder: Path) -> bool:
    """A clone of this repository: its pyproject names the project and knowledge/ sits beside it."""
    pyproject = folder / "pyproject.toml"
    try:
        return (folder / "knowledge").is_dir() and PROJECT_NAME in pyproject.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False


def shipped_dir(name: str) -> Path:
    """A checkout keeps `knowledge/` and `migrations/` beside `bot/`; a wheel keeps them in bot/resources."""
    checkout = _PACKAGE.parent / name
    if checkout.is_dir() and (_PACKAGE.parent / "pyproject.toml").is_file():
        return checkout
    return _PACKAGE / "resources" / name


def default_knowledge_dir() -> Path:
    """Run from a checkout, its knowledge/; otherwise the copy that came with the package.

    The same for `copyright-bot` and `python -m bot`, which may import different copies of this package
    (the installed one and the checkout's), so the two never sync different files over each other.
    """
    here = Path.cwd()
    return here / "knowledge" if is_checkout(here) else shipped_dir("knowledge")
