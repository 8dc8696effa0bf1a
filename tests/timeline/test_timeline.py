"""The /timeline picture: rows and outcomes from the entries, a small valid PNG, the same bytes every time, and
drawn again only when what it shows changes."""

import io
import struct

from PIL import Image

from bot.cli.main import JURISDICTIONS as CLI_JURISDICTIONS
from bot.core.entry import JURISDICTIONS, Entry
from bot.i18n import Language
from bot.timeline import TimelineCache, draw_timeline, timeline_items, timeline_key
from bot.timeline.items import short_label

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MAX_BYTES = 300 * 1024


def _png_size(data: bytes) -> tuple[int, int]:
    assert data.startswith(PNG_SIGNATURE) and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def _with_outcome(entries: list[Entry], entry_id: str, outcome: str | None) -> list[Entry]:
    return [e.model_copy(update={"outcome": outcome}) if e.id == entry_id else e for e in entries]


def test_rows_and_outcomes_come_from_the_entries(shipped_entries):
    entries = _with_outcome(shipped_entries, "us-thaler-v-perlmutter", None)
    items = {item.id: item for item in timeline_items(entries)}
    assert items["cn-li-v-liu"].row == "cn" and items["cn-li-v-liu"].outcome == "protected"
    assert items["us-thaler-v-perlmutter"].row == "us" and items["uk-getty-v-stability"].row == "other"
    assert items["us-thaler-v-perlmutter"].outcome == "other"  # no outcome field: unmarked, never guessed
    assert items["cn-copyright-law"].document and not items["cn-li-v-liu"].document
    assert not any(i.startswith("topic-") for i in items)  # topics are not events
    assert items["cn-wuhan-donghu-2025"].date  # no date of its own: its citation's
    days = [item.day for item in timeline_items(entries)]
    assert days == sorted(days)


def test_jurisdiction_filter(shipped_entries):
    items = timeline_items(shipped_entries, "CN")
    assert items and all(item.row == "cn" for item in items)
    assert {i.row for i in timeline_items(shipped_entries, "DE")} == {"other"}


def test_short_labels():
    assert short_label("Li v. Liu (the 'Spring Breeze Brings Tenderness' AI image case)", 34) == "Li v. Liu"
    assert short_label("Data (Use and Access) Act 2025", 34) == "Data (Use and Access) Act 2025"
    assert short_label("A" * 50, 10) == "A" * 9 + "…"


def test_picture_is_a_small_valid_png_and_deterministic(shipped_entries):
    items = timeline_items(shipped_entries)
    first = draw_timeline(items, Language.EN, as_of="29 November 2026")
    second = draw_timeline(items, Language.EN, as_of="29 November 2026")
    assert first.png == second.png
    assert len(first.png) < MAX_BYTES
    width, height = _png_size(first.png)
    assert width == 1600 and 400 < height < 4000
    Image.open(io.BytesIO(first.png)).verify()


def test_chinese_without_a_cjk_font_draws_english(shipped_entries, tmp_path):
    missing = tmp_path / "no-such-font.ttf"
    picture = draw_timeline(timeline_items(shipped_entries), Language.ZH, cjk_font_file=missing)
    assert picture.lang is Language.EN
    assert picture.png == draw_timeline(timeline_items(shipped_entries), Language.EN).png


def test_empty_selection_still_draws(shipped_entries):
    picture = draw_timeline([], Language.EN)
    Image.open(io.BytesIO(picture.png)).verify()


def test_cache_reuses_and_redraws_only_when_the_drawing_changes(shipped_entries, tmp_path):
    cache = TimelineCache(directory=tmp_path)
    first = cache.picture(shipped_entries, Language.EN)
    assert cache.picture(shipped_entries, Language.EN) is first and cache.drawn == 1
    # An edit the picture does not show (a new question phrasing) keeps the key.
    rephrased = [
        e.model_copy(update={"questions": [*e.questions, "one more way to ask"]}) if e.id == "cn-li-v-liu" else e
        for e in shipped_entries
    ]
    assert timeline_key(rephrased, Language.EN) == timeline_key(shipped_entries, Language.EN)
    assert cache.picture(rephrased, Language.EN) is first and cache.drawn == 1
    # An outcome (or date, or title) is drawn: a new picture.
    marked = _with_outcome(shipped_entries, "cn-li-v-liu", "not-protected")
    second = cache.picture(marked, Language.EN)
    assert cache.drawn == 2 and second.png != first.png
    # Another process (a new cache over the same folder) reads it back instead of drawing.
    again = TimelineCache(directory=tmp_path)
    assert again.picture(marked, Language.EN).png == second.png and again.drawn == 0
    assert cache.picture(shipped_entries, Language.EN, "US") is not first and cache.drawn == 3


def test_cli_jurisdictions_match_the_schema():
    assert CLI_JURISDICTIONS == JURISDICTIONS
