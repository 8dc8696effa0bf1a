"""Fonts for the picture: Pillow's own bundled font for Latin text (the same on every machine, so the PNG is
the same), and a CJK font from the system when one is installed. Nothing is downloaded."""

import functools
from pathlib import Path

from PIL import ImageFont

FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".fonts")
# File-name patterns of common fonts with Simplified Chinese glyphs (Debian: fonts-noto-cjk, fonts-wqy-*, ...).
CJK_PATTERNS = (
    "NotoSansCJK*",
    "NotoSansSC*",
    "NotoSerifCJK*",
    "SourceHanSans*",
    "wqy-zenhei*",
    "wqy-microhei*",
    "DroidSansFallback*",
    "uming*",
)

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


@functools.cache
def cjk_font_path() -> Path | None:
    """The first installed CJK font in a fixed order (so one machine always draws the same picture), or None."""
    for pattern in CJK_PATTERNS:
        for folder in FONT_DIRS:
            found = sorted(p for p in folder.rglob(pattern) if p.suffix.lower() in {".ttf", ".ttc", ".otf"})
            if found:
                return found[0]
    return None


def latin_font(size: int) -> Font:
    """Pillow's bundled font (FreeType builds of Pillow 10.1+); the tiny bitmap one only where FreeType is missing."""
    try:
        return ImageFont.load_default(size=size)
    except (ImportError, OSError):  # pragma: no cover - Pillow without FreeType
        return ImageFont.load_default()


def cjk_font(size: int, path: Path | None) -> Font | None:
    if path is None:
        return None
    try:
        return ImageFont.truetype(str(path), size=size)
    except OSError:
        return None
