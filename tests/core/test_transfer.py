"""Export and import plans: a round trip changes nothing; changes, additions and conflicts are told apart."""

import io
import zipfile

import pytest

from bot.core.entry import Entry
from bot.core.transfer import export_zip, plan_import
from tests.figures import Measured, record


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


# ---- hostile archives: bounded work, one listed problem each -------------------------------------------------
def _zip(members: list[tuple[str, bytes]], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return buffer.getvalue()


def zip_bomb() -> bytes:
    """About 51 KB that inflates to about 50 MB: one knowledge file of zeros."""
    return _zip([("knowledge/a.md", b"\0" * (50 * 1024 * 1024))])


def _lying_header(data: bytes, name: bytes, size: int) -> bytes:
    """The same archive with the member's uncompressed size rewritten in both headers."""
    out = bytearray(data)
    local = out.find(b"PK\x03\x04")
    out[local + 22 : local + 26] = size.to_bytes(4, "little")
    central = out.find(b"PK\x01\x02")
    out[central + 24 : central + 28] = size.to_bytes(4, "little")
    assert name in out
    return bytes(out)


def test_zip_bomb_is_refused_from_its_headers() -> None:
    data = zip_bomb()
    assert len(data) < 60 * 1024
    with Measured() as measured:
        plan = plan_import(data, {})
    assert plan.problems == ["knowledge/a.md is larger than 64 KB once unpacked"]
    record(zip_bomb_kb=len(data) // 1024, zip_bomb_ms=measured.ms, zip_bomb_peak_kb=measured.peak_kb)


def test_zip_bomb_with_lying_headers_stops_at_the_declared_size() -> None:
    plan = plan_import(_lying_header(zip_bomb(), b"knowledge/a.md", 100), {})
    assert len(plan.problems) == 1 and "knowledge/a.md" in plan.problems[0] and "damaged" in plan.problems[0]


def test_many_members_and_a_large_total_are_refused() -> None:
    many = _zip([(f"knowledge/e{i}.md", b"x") for i in range(2001)], zipfile.ZIP_STORED)
    assert plan_import(many, {}).problems == ["the archive holds 2001 knowledge files; at most 2000 are accepted"]
    full_export = _zip([*((f"knowledge/e{i}.md", b"x") for i in range(2000)), ("manifest.json", b"{}")])
    assert not any("at most" in p for p in plan_import(full_export, {}).problems)  # 2,000 entries + manifest
    others = _zip([(f"notes/n{i}.txt", b"x") for i in range(2101)], zipfile.ZIP_STORED)
    assert plan_import(others, {}).problems == ["the archive holds 2101 files; at most 2100 are accepted"]
    big = _zip([(f"knowledge/e{i}.md", b"\0" * (60 * 1024)) for i in range(700)])
    assert plan_import(big, {}).problems == ["the archive unpacks to more than 40 MB"]


def test_repeated_member_name_is_reported() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive, pytest.warns(UserWarning, match="Duplicate name"):
        archive.writestr("knowledge/a.md", "---\nid: a\n---\n")
        archive.writestr("knowledge/a.md", "---\nid: b\n---\n")
    assert plan_import(buffer.getvalue(), {}).problems == ["the archive holds 'knowledge/a.md' twice"]


def _encrypted_flag(data: bytes) -> bytes:
    """Mark the first member as encrypted (general purpose flag bit 0) in both headers."""
    out = bytearray(data)
    local, central = out.find(b"PK\x03\x04"), out.find(b"PK\x01\x02")
    out[local + 6] |= 1
    out[central + 8] |= 1
    return bytes(out)


def _compression(data: bytes, method: int) -> bytes:
    out = bytearray(data)
    local, central = out.find(b"PK\x03\x04"), out.find(b"PK\x01\x02")
    out[local + 8 : local + 10] = method.to_bytes(2, "little")
    out[central + 10 : central + 12] = method.to_bytes(2, "little")
    return bytes(out)


def _corrupt(data: bytes) -> bytes:
    out = bytearray(data)
    local = out.find(b"PK\x03\x04")
    start = local + 30 + len(b"knowledge/a.md")
    for i in range(start, start + 8):
        out[i] ^= 0xFF
    return bytes(out)


MALFORMED = {
    "encrypted": (lambda: _encrypted_flag(_zip([("knowledge/a.md", b"---\nid: a\n---\n")])), "encrypted"),
    "unknown compression": (lambda: _compression(_zip([("knowledge/a.md", b"---\n")]), 99), "compression"),
    "corrupt data": (lambda: _corrupt(_zip([("knowledge/a.md", b"---\nid: a\n---\n" * 50)])), "damaged"),
    "manifest not an object": (
        lambda: _zip([("knowledge/a.md", b"---\n"), ("manifest.json", b"[1, 2]")]),
        "manifest.json must map entry ids to revision numbers",
    ),
    "manifest not json": (lambda: _zip([("manifest.json", b"{")]), "manifest.json is not valid JSON"),
    "not utf-8": (lambda: _zip([("knowledge/a.md", b"\xff\xfe---")]), "not UTF-8"),
    "truncated": (lambda: _zip([("knowledge/a.md", b"x" * 100)])[:-30], "not a readable zip"),
}


@pytest.mark.parametrize("kind", list(MALFORMED))
def test_every_malformed_archive_gets_one_listed_problem(kind: str) -> None:
    make, expected = MALFORMED[kind]
    problems = plan_import(make(), {}).problems
    assert len(problems) == 1 and expected in problems[0], problems


def test_self_referencing_anchor_in_an_archive_is_a_listed_problem() -> None:
    plan = plan_import(_zip([("knowledge/a.md", b"---\na: &a [*a]\n---\nbody\n")]), {})
    assert plan.problems == [
        "knowledge/a.md:2: yaml: YAML anchors and aliases (&name, *name) are not allowed in knowledge files"
    ]
