"""The /timeline picture: rulings and documents on a time axis, one row for China, one for the US, one for the rest.

Pure Python and Pillow, no discord: the Discord layer sends the PNG bytes as an attachment and the terminal writes
them to a file (`python -m bot timeline --out FILE`).
"""

from bot.timeline.cache import TimelineCache, timeline_key
from bot.timeline.draw import Picture, draw_timeline
from bot.timeline.items import ROWS, TimelineItem, timeline_items

__all__ = ["ROWS", "Picture", "TimelineCache", "TimelineItem", "draw_timeline", "timeline_items", "timeline_key"]
