"""Export and import plans: a round trip changes nothing; changes, additions and conflicts are told apart."""

import io
import zipfile

from bot.core.entry import Entry
from bot.core.transfer import export_zip, plan_import


def test_round_trip_is_a_no_op(shipped_entries: list[Entry]) -> None:
    current = {e.id: e.model_copy(update={"revision": 3}) for e in shipped_entries}
    plan = plan_import(export_zip(list(current.values())), current)
    assert plan.is_noop and len(plan.unchanged) == len(shipped_entries)


def test_changed_added_and_conflicting_entries(shipped_entries: list[Entry]) -> None:
    current = {e.id: e.model_copy(update={"revision": 1}) for e in shipped_entries}
    edited = current["us-naruto"].model_copy(update={"summary": "Changed in the file."})
    moved_on = current["us-feist"].model_copy(update={"summary": "Changed in the file too."})
    added = current["us-zarya"].model_copy(
        update={"id": "us-zarya-copy", "aliases": ["zarya copy"], "covers": ["us-zarya-copy"], "related": []}
    )
    data = export_zip([edited, moved_on, added])
    current["us-feist"] = current["us-feist"].model_copy(update={"revision": 2})  # edited here after the export
    plan = plan_import(data, current)
    assert [e.id for e in plan.changed] == ["us-naruto"]
    assert [e.id for e in plan.added] == ["us-zarya-copy"]
    assert plan.conflicts == ["us-feist"]


def test_broken_archive_lists_problems(shipped_entries: list[Entry]) -> None:
    assert plan_import(b"not a zip", {}).problems
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("knowledge/a.md", "---\nid: a\nkind: nonsense\n---\n")
    plan = plan_import(buffer.getvalue(), {e.id: e for e in shipped_entries})
    assert any("kind" in p for p in plan.problems) and not plan.added
