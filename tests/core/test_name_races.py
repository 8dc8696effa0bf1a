"""Losing a race for an id or an alias is told as what it is ("already exists"), never "database unavailable"."""

import asyncio

from bot.core.editing import UNAVAILABLE, Editor, EditRejected
from bot.core.entry import Entry
from tests.core.test_editing import editor  # noqa: F401  (the fixture: an editor over every shipped entry)


def _copy(entry: Entry, new_id: str, aliases: list[str]) -> dict:
    return entry.model_dump(mode="json", exclude={"revision"}) | {
        "id": new_id,
        "title": f"Test entry {new_id}",
        "aliases": aliases,
        "covers": [new_id],
        "related": [],
    }


async def _outcomes(*saves) -> tuple[int, list[list[str]]]:
    results = await asyncio.gather(*saves, return_exceptions=True)
    refused = [r.problems for r in results if isinstance(r, EditRejected)]
    others = [r for r in results if isinstance(r, BaseException) and not isinstance(r, EditRejected)]
    assert not others, others
    return len(results) - len(refused), refused


async def test_two_creates_of_one_id_one_wins_the_other_hears_already_exists(
    editor: Editor,  # noqa: F811  (the imported fixture)
    shipped_entries: list[Entry],
) -> None:
    base = next(e for e in shipped_entries if e.id == "us-naruto")
    data = _copy(base, "us-race-id", ["race alias one"])
    saved, refused = await _outcomes(*(editor.create(data, f"editor {i}") for i in range(6)))
    assert saved == 1
    for problems in refused:
        assert UNAVAILABLE not in problems and any("already exists" in p for p in problems), problems


async def test_two_entries_racing_for_one_alias_one_wins(
    editor: Editor,  # noqa: F811  (the imported fixture)
    shipped_entries: list[Entry],
) -> None:
    base = next(e for e in shipped_entries if e.id == "us-naruto")
    saves = [editor.create(_copy(base, f"us-race-{i}", ["the contested alias"]), "editor") for i in range(6)]
    saved, refused = await _outcomes(*saves)
    assert saved == 1
    for problems in refused:
        assert UNAVAILABLE not in problems and any("the contested alias" in p for p in problems), problems
