"""Drawing the timeline with Pillow: a year axis, one band per row, a marker per item stacked in lanes so labels
never overlap, and a legend. Same items, language and font -> the same PNG bytes."""

import datetime as dt
import io
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw

from bot.i18n import Language, messages
from bot.timeline.fonts import Font, cjk_font, cjk_font_path, latin_font
from bot.timeline.items import ROWS, UNMARKED, TimelineItem

WIDTH = 1600
MARGIN_LEFT, MARGIN_RIGHT = 170, 40
EARLIER_BAND = 120  # items before FIRST_YEAR are set out in a band of their own at the left, in date order
FIRST_YEAR = 2018
LANE, RADIUS = 22, 6
BACKGROUND, INK, GRID, BAND = (255, 255, 255), (33, 33, 33), (224, 224, 224), (246, 246, 248)
COLOURS = {
    "protected": (46, 125, 50),
    "not-protected": (198, 40, 40),
    "liable": (239, 108, 0),
    "not-liable": (21, 101, 192),
    "pending": (249, 168, 37),
    UNMARKED: (150, 150, 150),
}
LEGEND_ORDER = ("protected", "not-protected", "liable", "not-liable", "pending", UNMARKED, "document")


@dataclass(frozen=True)
class Picture:
    png: bytes
    lang: Language  # the language drawn: English when Chinese was asked for but no CJK font is installed
    items: int


class _Fonts:
    def __init__(self, lang: Language, cjk: Path | None) -> None:
        self.text: Font = latin_font(13)
        self.title: Font = latin_font(20)
        self.text_is_bundled = True
        if lang is Language.ZH and cjk_font(13, cjk) is not None:
            self.text, self.title, self.text_is_bundled = cjk_font(13, cjk), cjk_font(20, cjk), False  # type: ignore[assignment]


def latin_only(text: str) -> str:
    """Accents dropped ("Théâtre" -> "Theatre"): Pillow's bundled font has no glyphs for them, only boxes."""
    folded = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in folded if ch.isascii() or ch == "…")


def _x_scale(items: Sequence[TimelineItem]) -> tuple[int, int, object]:
    """The years shown and a function from a date to x (items before FIRST_YEAR go to the earlier band)."""
    recent = [i.day for i in items if i.day.year >= FIRST_YEAR]
    first = min((d.year for d in recent), default=FIRST_YEAR)
    last = max((d.year for d in recent), default=first) + 1
    has_earlier = any(i.day.year < FIRST_YEAR for i in items)
    left = MARGIN_LEFT + (EARLIER_BAND if has_earlier else 0)
    span = (dt.date(last, 1, 1) - dt.date(first, 1, 1)).days

    def x_of(day: dt.date) -> int:
        return left + round((day - dt.date(first, 1, 1)).days / span * (WIDTH - MARGIN_RIGHT - left))

    return first, last, x_of


def _text_width(draw: ImageDraw.ImageDraw, text: str, font: Font) -> int:
    box = draw.textbbox((0, 0), text, font=font)
    return int(box[2] - box[0])


def _span(x: int, width: int) -> tuple[int, int, bool]:
    """The stretch a marker and its label take: label to the right, or to the left where it would leave the picture."""
    if x + RADIUS + 4 + width <= WIDTH - 8:
        return x - RADIUS, x + RADIUS + 4 + width, True
    return x - RADIUS - 4 - width, x + RADIUS, False


def _lanes(items: Sequence[TimelineItem], xs: dict[str, int], widths: dict[str, int]) -> dict[str, int]:
    """Each item's lane in its row: the first lane where its marker and label overlap nothing already there."""
    taken: list[list[tuple[int, int]]] = []
    lane_of: dict[str, int] = {}
    for item in items:
        start, end, _ = _span(xs[item.id], widths[item.id])
        lane = next(
            (n for n, spans in enumerate(taken) if all(end + 8 < a or start > b + 8 for a, b in spans)), len(taken)
        )
        if lane == len(taken):
            taken.append([])
        taken[lane].append((start, end))
        lane_of[item.id] = lane
    return lane_of


def _marker(draw: ImageDraw.ImageDraw, x: int, y: int, outcome: str, document: bool) -> None:
    colour = COLOURS.get(outcome, COLOURS[UNMARKED])
    box = (x - RADIUS, y - RADIUS, x + RADIUS, y + RADIUS)
    if document and outcome == UNMARKED:
        draw.rectangle(box, fill=colour)
    elif outcome == "pending":
        draw.ellipse(box, fill=BACKGROUND, outline=colour, width=3)
    else:
        draw.ellipse(box, fill=colour)


def _palette() -> Image.Image:
    colours = [*COLOURS.values(), BACKGROUND, INK, GRID, BAND]
    greys = [(v, v, v) for v in range(0, 256, 1)][: 256 - len(colours)]
    flat = [channel for colour in colours + greys for channel in colour]
    palette = Image.new("P", (1, 1))
    palette.putpalette(flat)
    return palette


def draw_timeline(
    items: Sequence[TimelineItem], lang: Language, *, as_of: str = "", cjk_font_file: Path | None = None
) -> Picture:
    """The PNG; `cjk_font_file` overrides the system search (tests), and Chinese falls back to English without one."""
    cjk = cjk_font_file if cjk_font_file is not None else cjk_font_path()
    if lang is Language.ZH and cjk_font(13, cjk) is None:
        lang = Language.EN
    m, fonts = messages(lang), _Fonts(lang, cjk)
    scratch = ImageDraw.Draw(Image.new("RGB", (1, 1)))

    def label(item: TimelineItem) -> str:
        if lang is Language.ZH and item.label_zh:
            return item.label_zh
        return latin_only(item.label) if fonts.text_is_bundled else item.label

    first, last, x_of = _x_scale(items)
    earlier = [i for i in items if i.day.year < FIRST_YEAR]
    xs = {i.id: x_of(i.day) for i in items if i.day.year >= FIRST_YEAR}  # type: ignore[operator]
    for n, item in enumerate(earlier):  # the earlier band: evenly spaced, in date order
        xs[item.id] = MARGIN_LEFT + 10 + n * max(8, (EARLIER_BAND - 30) // max(1, len(earlier)))
    widths = {i.id: _text_width(scratch, label(i), fonts.text) for i in items}
    rows = {row: [i for i in items if i.row == row] for row in ROWS}
    lanes = {row: _lanes(row_items, xs, widths) for row, row_items in rows.items()}
    heights = {row: (max(lanes[row].values(), default=0) + 1) * LANE + 24 for row in ROWS}

    top, legend_height = 80, 70
    height = top + sum(heights.values()) + 40 + legend_height
    image = Image.new("RGB", (WIDTH, height), BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.text((24, 18), m.get("timeline-title"), font=fonts.title, fill=INK)
    caption = m.get("timeline-caption", count=len(items), date=as_of) if as_of else ""
    draw.text((24, 48), caption, font=fonts.text, fill=INK)

    axis_top, axis_bottom = top, top + sum(heights.values())
    for year in range(first, last + 1):
        x = x_of(dt.date(year, 1, 1))  # type: ignore[operator]
        draw.line((x, axis_top, x, axis_bottom), fill=GRID)
        draw.text((x + 3, axis_bottom + 6), str(year), font=fonts.text, fill=INK)
    if earlier:
        draw.text((MARGIN_LEFT + 6, axis_bottom + 6), f"< {FIRST_YEAR}", font=fonts.text, fill=INK)

    y = axis_top
    for n, row in enumerate(ROWS):
        if n % 2 == 0:
            draw.rectangle((0, y, WIDTH, y + heights[row]), fill=BAND)
        draw.text((16, y + 10), m.get(f"timeline-row-{row}"), font=fonts.text, fill=INK)
        for item in rows[row]:
            cy = y + 14 + lanes[row][item.id] * LANE
            _marker(draw, xs[item.id], cy, item.outcome, item.document)
            start, _, right = _span(xs[item.id], widths[item.id])
            draw.text((xs[item.id] + RADIUS + 4 if right else start, cy - 8), label(item), font=fonts.text, fill=INK)
        y += heights[row]
    if not items:
        draw.text((MARGIN_LEFT, axis_top + 20), m.get("timeline-empty"), font=fonts.text, fill=INK)

    x, ly = 24, axis_bottom + 40
    draw.text((x, ly), m.get("timeline-legend") + ":", font=fonts.text, fill=INK)
    x += _text_width(draw, m.get("timeline-legend") + ":", fonts.text) + 16
    for outcome in LEGEND_ORDER:
        document = outcome == "document"
        _marker(draw, x + RADIUS, ly + 8, UNMARKED if document else outcome, document=document)
        text = m.get("timeline-document" if document else f"outcome-{outcome}")
        draw.text((x + 2 * RADIUS + 6, ly), text, font=fonts.text, fill=INK)
        x += 2 * RADIUS + 6 + _text_width(draw, text, fonts.text) + 24

    out = io.BytesIO()
    # A fixed palette (the marker colours exactly, and greys for antialiased text) keeps the file small and the
    # colours true; no dithering, so the same drawing gives the same bytes.
    image.quantize(palette=_palette(), dither=Image.Dither.NONE).save(out, format="PNG", optimize=True)
    return Picture(png=out.getvalue(), lang=lang, items=len(items))
