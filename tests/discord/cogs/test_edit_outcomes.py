"""What an editor is told is what happened: an import the dry run accepts is applied whole, and an edit
that committed is reported as saved even when a later step (the index update) fails."""

import pytest
from sqlalchemy.exc import OperationalError

from bot.core.transfer import export_zip
from tests.discord.cogs.test_kb_flows import EDITOR_PERMISSIONS, add_alias, import_zip
from tests.discord.conftest import Harness
from tests.discord.fake_discord import GUILD_ID


@pytest.fixture
def settings_overrides() -> dict:
    return {"kb_editor_guild_ids": [GUILD_ID], "answer_cooldown_seconds": 0.0}


def services(harness: Harness):
    return harness.services


async def _revisions(harness: Harness, entry_id: str) -> list[int]:
    return [r.number for r in await services(harness).editor.history(entry_id)]


async def _stored_ids(harness: Harness) -> set[str]:
    return {e.id for e in await services(harness).knowledge.stored_entries(include_deleted=True)}


def _new_entries(harness: Harness) -> list:
    """Two new entries; the first names the second (later in the zip) as related."""
    template = services(harness).knowledge.entries["us-naruto"]
    first = template.model_copy(
        update={
            "id": "aa-first-import",
            "aliases": ["first import alias"],
            "covers": ["aa-first-import"],
            "related": ["zz-second-import"],
        }
    )
    second = template.model_copy(
        update={
            "id": "zz-second-import",
            "aliases": ["second import alias"],
            "covers": ["zz-second-import"],
            "related": [],
        }
    )
    return [first, second]


async def _confirm(harness: Harness, plan, editor: int):
    confirm = plan.body["components"][0]["components"][0]["custom_id"]
    clicked = await harness.click(harness.message_of(plan), confirm, user_id=editor, permissions=EDITOR_PERMISSIONS)
    return await harness.final(clicked)


async def test_an_entry_naming_a_later_entry_of_the_same_zip_is_imported_with_it(harness: Harness) -> None:
    editor = harness.new_user()
    plan = await import_zip(harness, editor, "two.zip", export_zip(_new_entries(harness)))
    assert "2 to add" in plan.body["content"]
    done = await _confirm(harness, plan, editor)
    assert "Imported: 2 added" in done.data["content"] and "Nothing was saved" not in done.data["content"]
    assert {"aa-first-import", "zz-second-import"} <= set(services(harness).knowledge.entries)


async def test_a_zip_holding_a_deleted_id_is_refused_by_the_dry_run_and_saves_nothing(harness: Harness) -> None:
    editor = harness.new_user()
    naruto = services(harness).knowledge.entries["us-naruto"]
    new = _new_entries(harness)
    await services(harness).editor.delete("us-naruto", base=naruto.revision, author="test", reason="testing")
    before = await _stored_ids(harness)
    plan = await import_zip(harness, editor, "mixed.zip", export_zip([*new, naruto]))
    content = plan.body["content"]
    assert "us-naruto" in content and "deleted" in content, content
    assert "nothing will change" in content and not plan.body.get("components"), plan.body
    assert await _stored_ids(harness) == before
    assert "aa-first-import" not in services(harness).knowledge.entries


def _index_down(harness: Harness, monkeypatch: pytest.MonkeyPatch) -> None:
    """The database commits, then the index update that follows fails (a lock, a dropped connection)."""

    async def fail(*_: object) -> None:
        raise OperationalError("SELECT entries", {}, Exception("database is locked"))

    monkeypatch.setattr(services(harness).knowledge, "apply", fail)


async def test_an_edit_whose_index_update_fails_is_reported_as_saved(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = harness.new_user()
    _index_down(harness, monkeypatch)
    reply = await add_alias(harness, editor, "us-naruto", "macaque photo case")
    content = reply.data["content"]
    assert "Nothing was saved" not in content and "unavailable" not in content, content
    assert "revision 2" in content and "but" in content, content
    assert await _revisions(harness, "us-naruto") == [1, 2]


async def test_an_import_whose_index_update_fails_is_reported_as_saved(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = harness.new_user()
    plan = await import_zip(harness, editor, "two.zip", export_zip(_new_entries(harness)))
    _index_down(harness, monkeypatch)
    done = await _confirm(harness, plan, editor)
    content = done.data["content"]
    assert "Imported: 2 added" in content and "but" in content and "Nothing was saved" not in content, content
    assert {"aa-first-import", "zz-second-import"} <= await _stored_ids(harness)
