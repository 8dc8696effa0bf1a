"""The wheel must carry every package: pyproject lists them by hand (knowledge/ and migrations/ are mapped in)."""

import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_every_python_package_is_listed_in_pyproject() -> None:
    listed = set(tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {
        ".".join(init.parent.relative_to(REPO).parts)
        for init in (REPO / "bot").rglob("__init__.py")
        if "__pycache__" not in init.parts
    }
    assert found <= listed, sorted(found - listed)


def test_package_data_carries_the_message_catalogues_and_court_names() -> None:
    """The .ftl catalogues and courts_zh.yaml are read through importlib.resources, so a wheel must hold them."""
    patterns = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]["bot.i18n"]
    root = REPO / "bot" / "i18n"
    data = {p.relative_to(root) for p in root.rglob("*") if p.is_file() and p.suffix not in {".py", ".pyc"}}
    covered = {p for p in data if any(p.match(pattern) for pattern in patterns)}
    assert data and covered == data, sorted(map(str, data - covered))
