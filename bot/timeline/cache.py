"""Pictures are drawn once per knowledge state: the key is a hash of exactly what is drawn, so an edit that
changes a date, title or outcome redraws and anything else (a new question phrasing) does not."""

import dataclasses
import hashlib
import json
from collections import OrderedDict
from collections.abc import Iterable
from pathlib import Path

from bot.core.entry import Entry
from bot.i18n import Language
from bot.timeline.draw import Picture, draw_timeline
from bot.timeline.fonts import cjk_font_path
from bot.timeline.items import timeline_items

DRAWING_VERSION = "1"  # bump when draw.py changes what the same items look like


def timeline_key(entries: Iterable[Entry], lang: Language, jurisdiction: str | None = None) -> str:
    entries = list(entries)
    drawn = [dataclasses.astuple(item) for item in timeline_items(entries, jurisdiction)]
    as_of = max((e.as_of for e in entries), default="")
    font = str(cjk_font_path()) if lang is Language.ZH else ""
    text = json.dumps([DRAWING_VERSION, lang.value, jurisdiction, as_of, font, drawn], ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


class TimelineCache:
    """Pictures by key, in memory (the most recent `size`), and in `directory` too when one is given."""

    def __init__(self, directory: Path | None = None, size: int = 16) -> None:
        self.directory, self.size = directory, size
        self._pictures: OrderedDict[str, Picture] = OrderedDict()
        self.drawn = 0  # how many pictures were actually drawn (the tests watch it)

    def picture(self, entries: Iterable[Entry], lang: Language, jurisdiction: str | None = None) -> Picture:
        entries = list(entries)
        key = timeline_key(entries, lang, jurisdiction)
        if key in self._pictures:
            self._pictures.move_to_end(key)
            return self._pictures[key]
        picture = self._read(key)
        if picture is None:
            items = timeline_items(entries, jurisdiction)
            as_of = max((e.as_of for e in entries), default="")
            picture = draw_timeline(items, lang, as_of=format_as_of(as_of, lang))
            self.drawn += 1
            self._write(key, picture)
        self._pictures[key] = picture
        while len(self._pictures) > self.size:
            self._pictures.popitem(last=False)
        return picture

    def _path(self, key: str) -> Path | None:
        return self.directory / f"timeline-{key[:24]}.png" if self.directory else None

    def _read(self, key: str) -> Picture | None:
        path = self._path(key)
        if path is None or not path.is_file():
            return None
        meta = path.with_suffix(".json")
        info = json.loads(meta.read_text()) if meta.is_file() else {}
        return Picture(png=path.read_bytes(), lang=Language(info.get("lang", "en")), items=int(info.get("items", 0)))

    def _write(self, key: str, picture: Picture) -> None:
        path = self._path(key)
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(picture.png)
        path.with_suffix(".json").write_text(json.dumps({"lang": picture.lang.value, "items": picture.items}))


def format_as_of(as_of: str, lang: Language) -> str:
    from bot.i18n import format_date

    return format_date(as_of, lang) if as_of else ""
