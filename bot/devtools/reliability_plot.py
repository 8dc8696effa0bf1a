"""The reliability diagram as a PNG: confidence bins against how often the answer was right.

Pillow draws it (a small wheel, no plotting stack); it is an optional extra, so `ask` never needs it.
"""

from pathlib import Path
from typing import Any

SIZE = (640, 480)
MARGIN = 60


def draw_reliability(rows: list[dict[str, Any]], out: Path, title: str = "Reliability") -> None:
    """Bars: accuracy per confidence bin (with its count); the diagonal is perfect calibration."""
    from PIL import Image, ImageDraw  # the optional `plot` extra

    width, height = SIZE
    image = Image.new("RGB", SIZE, "white")
    draw = ImageDraw.Draw(image)
    left, right, top, bottom = MARGIN, width - MARGIN // 2, MARGIN, height - MARGIN
    span_x, span_y = right - left, bottom - top

    def at(x: float, y: float) -> tuple[float, float]:
        return left + x * span_x, bottom - y * span_y

    draw.rectangle((left, top, right, bottom), outline="black")
    for tick in range(0, 11, 2):
        value = tick / 10
        x, _ = at(value, 0)
        _, y = at(0, value)
        draw.line((x, bottom, x, bottom + 5), fill="black")
        draw.text((x - 8, bottom + 8), f"{value:.1f}", fill="black")
        draw.line((left - 5, y, left, y), fill="black")
        draw.text((left - 32, y - 6), f"{value:.1f}", fill="black")
    bins = max(len(rows), 1)
    for i, row in enumerate(rows):
        if not row["count"]:
            continue
        x0, y0 = at(i / bins, row["accuracy"])
        x1, _ = at((i + 1) / bins, 0)
        draw.rectangle((x0 + 2, y0, x1 - 2, bottom), fill=(90, 130, 200), outline=(40, 70, 140))
        draw.text((x0 + 4, min(y0 - 14, bottom - 14)), f"n={row['count']}", fill="black")
    draw.line((*at(0, 0), *at(1, 1)), fill=(200, 60, 60), width=2)
    draw.text((left, 20), title, fill="black")
    draw.text((left + span_x // 2 - 40, height - 28), "confidence", fill="black")
    draw.text((8, top - 24), "share right", fill="black")
    image.save(out, format="PNG")
