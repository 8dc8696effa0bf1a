"""Losing a race for an id or an alias is told as what it is ("already exists"), never "database unavailable"."""

import asyncio

import pytest

from bot.core.editing import UNAVAILABLE, Editor, EditRejected, Imported
from bot.core.entry import Entry
from bot.core.transfer import export_zip, plan_import
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


async def test_an_import_that_lost_a_race_is_not_applied_at_all(
    editor: Editor,  # noqa: F811  (the imported fixture)
    shipped_entries: list[Entry],
) -> None:
    base = next(e for e in shipped_entries if e.id == "us-naruto")
    new = [Entry.model_validate(_copy(base, f"us-import-{i}", [f"import alias {i}"])) for i in range(3)]
    current = {e.id: e for e in await editor.repo.list_entries()}
    plan = plan_import(export_zip(new), current)
    assert [e.id for e in plan.added] == ["us-import-0", "us-import-1", "us-import-2"]
    await editor.create(_copy(base, "us-import-2", ["taken meanwhile"]), "someone else")  # after the dry run
    with pytest.raises(EditRejected) as refused:
        await editor.apply_import(plan, "importer")
    assert refused.value.problems == ["id: 'us-import-2' already exists; nothing was imported"]
    assert await editor.repo.get("us-import-0") is None and await editor.repo.get("us-import-1") is None
    plan = plan_import(export_zip(new[:2]), {e.id: e for e in await editor.repo.list_entries()})
    assert await editor.apply_import(plan, "importer") == Imported(added=2, changed=0)
    assert "us-import-1" in editor.knowledge.entries
