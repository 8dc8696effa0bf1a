"""Moderators through the fake Discord: add, edit, history, revert, conflicts, refusals, export/import, gaps."""

import asyncio
import io
import json
import zipfile

import pytest

from tests.discord.conftest import Harness
from tests.discord.fake_discord import ALL_PERMISSIONS, ANSWER_CHANNEL_ID, GUILD_ID, MANAGE_GUILD, OTHER_GUILD_ID, Sent

AUDIT_ID = ANSWER_CHANNEL_ID

EDITOR_PERMISSIONS = str(MANAGE_GUILD | 0x800 | 0x400 | (1 << 31))
BODY = " ".join(f"This sentence number {i} explains the test ruling about penguin photographs." for i in range(16))
QUESTIONS = "\n".join(f"penguin photo ruling question number {i}" for i in range(8))
CITATION = "U.S. District Court for Testing | 2024-05-01 | No. 1:24-cv-00001 | https://example.org/penguin-ruling"


@pytest.fixture
def settings_overrides() -> dict:
    return {"kb_editor_guild_ids": [GUILD_ID], "answer_cooldown_seconds": 0.0}


def option(name: str, value: object, kind: int = 3) -> dict:
    return {"name": name, "type": kind, "value": value}


def sub(name: str, *options: dict) -> list[dict]:
    return [{"name": name, "type": 1, "options": list(options)}]


async def import_zip(harness: Harness, editor: int, name: str, data: bytes) -> Sent:
    """Upload a zip to /kb import and return the follow-up with the dry run."""
    attachment = harness.fake.attach(name, data)
    deferred = await harness.slash(
        "kb",
        sub("import", option("file", attachment["id"], 11)),
        user_id=editor,
        permissions=EDITOR_PERMISSIONS,
        resolved={"attachments": {attachment["id"]: attachment}},
        final=False,
    )
    return await harness.next_followup(deferred.interaction_id)


async def add_alias(harness: Harness, editor: int, entry_id: str, text: str) -> Sent:
    """/kb alias add, as an editor."""
    options = [{"name": "alias", "type": 2, "options": sub("add", option("entry", entry_id), option("text", text))}]
    return await harness.slash("kb", options, user_id=editor, permissions=EDITOR_PERMISSIONS)


async def add_penguin(harness: Harness, editor: int) -> None:
    modal = await harness.slash(
        "kb",
        sub("add", option("id", "us-test-penguin"), option("jurisdiction", "US"), option("kind", "judgment")),
        user_id=editor,
        permissions=EDITOR_PERMISSIONS,
    )
    done = await harness.submit(
        modal,
        {0: "Penguin v. Photographer", 1: "A test ruling about penguin photos.", 2: BODY, 3: QUESTIONS, 4: CITATION},
        user_id=editor,
        permissions=EDITOR_PERMISSIONS,
    )
    assert done.ephemeral and "Added `us-test-penguin` (revision 1)" in done.data["content"], done.data


async def test_add_ask_edit_history_revert(harness: Harness) -> None:
    editor, member = harness.new_user(), harness.new_user()
    await add_penguin(harness, editor)
    asked = await harness.slash("ask", [option("question", "penguin photo ruling question")], user_id=member)
    assert asked.data["embeds"][0]["title"] == "Penguin v. Photographer"
    modal = await harness.slash(
        "kb", sub("edit", option("entry", "us-test-penguin")), user_id=editor, permissions=EDITOR_PERMISSIONS
    )
    prefilled = [row["components"][0].get("value") for row in modal.body["data"]["components"]]
    assert prefilled[0] == "Penguin v. Photographer" and prefilled[2] == BODY
    saved = await harness.submit(
        modal,
        {1: "An edited summary about penguins.", 4: "clearer summary"},
        user_id=editor,
        permissions=EDITOR_PERMISSIONS,
    )
    assert "revision 2" in saved.data["content"] and "summary" in saved.data["content"]
    again = await harness.slash("ask", [option("question", "penguin photo ruling question")], user_id=member)
    assert "An edited summary about penguins." in again.data["embeds"][0]["description"]
    history = await harness.slash(
        "kb", sub("history", option("entry", "us-test-penguin")), user_id=editor, permissions=EDITOR_PERMISSIONS
    )
    text = history.data["embeds"][0]["description"]
    assert "**r2**" in text and "**r1**" in text and "clearer summary" in text
    reverted = await harness.slash(
        "kb",
        sub("revert", option("entry", "us-test-penguin"), option("revision", 1, 4)),
        user_id=editor,
        permissions=EDITOR_PERMISSIONS,
    )
    assert "revision 3" in reverted.data["content"]
    assert harness.services.knowledge.entries["us-test-penguin"].summary == "A test ruling about penguin photos."


async def test_second_editor_of_the_same_revision_is_refused_and_gets_text_back(harness: Harness) -> None:
    first, second = harness.new_user(), harness.new_user()
    open_first = await harness.slash(
        "kb", sub("edit", option("entry", "us-naruto")), user_id=first, permissions=EDITOR_PERMISSIONS
    )
    open_second = await harness.slash(
        "kb", sub("edit", option("entry", "us-naruto")), user_id=second, permissions=EDITOR_PERMISSIONS
    )
    ok = await harness.submit(
        open_first, {1: "First editor's summary.", 4: "first"}, user_id=first, permissions=EDITOR_PERMISSIONS
    )
    assert "revision 2" in ok.data["content"]
    refused = await harness.submit(
        open_second, {1: "Second editor's summary.", 4: "second"}, user_id=second, permissions=EDITOR_PERMISSIONS
    )
    content = refused.data["content"]
    assert "Nothing was saved" in content and "changed since you opened it" in content
    assert "summary" in content and "Your version is attached" in content
    assert b"Second editor's summary." in refused.body["_files"]["us-naruto-your-version.md"]
    assert harness.services.knowledge.entries["us-naruto"].summary == "First editor's summary."


async def _dump(harness: Harness) -> str:
    entries = await harness.services.editor.repo.list_entries(include_deleted=True)
    counts = await harness.services.editor.repo.table_counts()
    return json.dumps([e.model_dump(mode="json") for e in entries] + [counts], sort_keys=True)


KB_CALLS = [
    sub("add", option("id", "us-intruder"), option("jurisdiction", "US"), option("kind", "judgment")),
    sub("edit", option("entry", "us-naruto")),
    sub("delete", option("entry", "us-naruto"), option("reason", "vandalism")),
    sub("restore", option("entry", "us-naruto")),
    sub("history", option("entry", "us-naruto")),
    sub("revert", option("entry", "us-naruto"), option("revision", 1, 4)),
    [{"name": "alias", "type": 2, "options": sub("add", option("entry", "us-naruto"), option("text", "x"))}],
    [{"name": "question", "type": 2, "options": sub("remove", option("entry", "us-naruto"), option("text", "x"))}],
    [{"name": "cite", "type": 2, "options": sub("remove", option("entry", "us-naruto"), option("number", 1, 4))}],
    sub("export"),
    sub("gaps"),
    sub("feedback"),
    sub("stale"),
    sub("status", option("entry", "us-naruto"), option("status", "pending"), option("detail", "x")),
]


@pytest.mark.parametrize(("guild", "permissions"), [(GUILD_ID, "1071698660929"), (OTHER_GUILD_ID, ALL_PERMISSIONS)])
async def test_non_editors_are_refused_everywhere(harness: Harness, guild: int, permissions: str) -> None:
    """A member without Manage Server in the editor server, and an admin of a non-editor server."""
    before = await _dump(harness)
    member = harness.new_user()
    for options in KB_CALLS:
        sent = await harness.slash("kb", options, user_id=member, permissions=permissions, guild_id=guild)
        assert sent.body["type"] == 4 and sent.ephemeral, options
        assert "Only knowledge editors" in sent.data["content"], (options, sent.data)
    choices = await harness.autocomplete(
        "kb", "entry", "naruto", path=["edit"], user_id=member, permissions=permissions, guild_id=guild
    )
    assert choices == []
    assert await _dump(harness) == before


async def test_forged_components_and_modals_are_refused(harness: Harness) -> None:
    editor, intruder = harness.new_user(), harness.new_user()
    before = await _dump(harness)
    modal = await harness.slash(
        "kb", sub("edit", option("entry", "us-naruto")), user_id=editor, permissions=EDITOR_PERMISSIONS
    )
    forged = await harness.submit(
        modal, {1: "Vandalised."}, user_id=intruder, guild_id=OTHER_GUILD_ID, permissions=ALL_PERMISSIONS
    )
    assert forged.ephemeral or forged.body["type"] in (4, 6)
    assert await _dump(harness) == before


async def test_export_then_import_is_a_no_op_and_a_broken_file_changes_nothing(harness: Harness) -> None:
    editor = harness.new_user()
    deferred = await harness.slash("kb", sub("export"), user_id=editor, permissions=EDITOR_PERMISSIONS, final=False)
    assert deferred.body["type"] == 5
    export = await harness.next_followup(deferred.interaction_id)
    data = export.body["_files"]["knowledge-export.zip"]
    assert len(zipfile.ZipFile(io.BytesIO(data)).namelist()) == len(harness.services.knowledge.entries) + 1
    shipped = harness.services.settings.knowledge_dir / "us-naruto.md"
    assert zipfile.ZipFile(io.BytesIO(data)).read("knowledge/us-naruto.md") == shipped.read_bytes()
    before = await _dump(harness)
    dry_run = await import_zip(harness, editor, "knowledge-export.zip", data)
    assert "0 to add, 0 to change" in dry_run.body["content"] and "Nothing to do" in dry_run.body["content"]
    broken = io.BytesIO()
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr("knowledge/bad.md", "---\nid: bad\n---\nno fields\n")
        archive.writestr("knowledge/worse.md", "not even front matter")
    report = (await import_zip(harness, editor, "broken.zip", broken.getvalue())).body["content"]
    assert "problem(s); nothing will change" in report
    assert "knowledge/bad.md:2: kind: required field is missing" in report or "bad.md" in report
    assert "worse.md" in report
    assert await _dump(harness) == before


async def test_import_adds_after_confirmation(harness: Harness) -> None:
    editor = harness.new_user()
    entries = await harness.services.editor.repo.list_entries()
    from bot.core.transfer import export_zip

    penguin = entries[0].model_copy(
        update={
            "id": "us-test-import",
            "aliases": ["imported penguin alias"],
            "covers": ["us-test-import"],
            "related": [],
        }
    )
    plan = await import_zip(harness, editor, "new.zip", export_zip([penguin]))
    assert "1 to add" in plan.body["content"]
    confirm = plan.body["components"][0]["components"][0]["custom_id"]
    clicked = await harness.click(harness.message_of(plan), confirm, user_id=editor, permissions=EDITOR_PERMISSIONS)
    assert clicked.body["type"] == 5  # deferred first: an import may take longer than Discord's 3 s
    done = await harness.final(clicked)
    assert "Imported: 1 added" in done.data["content"]
    assert "us-test-import" in harness.services.knowledge.entries


async def test_declined_question_shows_in_gaps_and_opens_a_prefilled_form(harness: Harness) -> None:
    editor, member = harness.new_user(), harness.new_user()
    question = "ai voice clone copyright in canada"
    await harness.slash("ask", [option("question", question)], user_id=member)
    await harness.gaps_settled(1)
    gaps = await harness.slash("kb", sub("gaps"), user_id=editor, permissions=EDITOR_PERMISSIONS)
    assert "ai voice clone copyright in canada" in gaps.data["embeds"][0]["description"]
    button = gaps.data["components"][0]["components"][0]["custom_id"]
    modal = await harness.click(harness.message_of(gaps), button, user_id=editor, permissions=EDITOR_PERMISSIONS)
    assert modal.body["type"] == 9
    values = [row["components"][0].get("value") for row in modal.body["data"]["components"]]
    assert question in values
    stranger = await harness.click(harness.message_of(gaps), button, user_id=harness.new_user())
    assert stranger.body["type"] == 4 and "Only knowledge editors" in stranger.data["content"]


async def test_small_edits_delete_restore_and_the_audit_channel(harness: Harness) -> None:
    editor = harness.new_user()
    audit = {
        "options": [{"name": "audit-channel", "type": 1, "options": [option("channel", str(AUDIT_ID), 7)]}],
        "resolved": {
            "channels": {
                str(AUDIT_ID): {
                    "id": str(AUDIT_ID),
                    "type": 0,
                    "name": "ask-here",
                    "permissions": "0",
                    "guild_id": str(GUILD_ID),
                }
            }
        },
    }
    set_audit = await harness.slash("settings", **audit, user_id=editor, permissions=EDITOR_PERMISSIONS)
    assert set_audit.ephemeral
    posted = harness.fake.expect(str(AUDIT_ID))
    alias = await add_alias(harness, editor, "us-naruto", "macaque photo case")
    assert "revision 2" in alias.data["content"]
    post = await asyncio.wait_for(posted, 5)
    assert "us-naruto" in post.body["content"] and "macaque photo case" in post.body["content"]
    assert harness.services.knowledge.match("macaque photo case").best.entry_id == "us-naruto"
    question = await harness.slash(
        "kb",
        [
            {
                "name": "question",
                "type": 2,
                "options": sub(
                    "add", option("entry", "us-naruto"), option("text", "can an animal hold a copyright in the us")
                ),
            }
        ],
        user_id=editor,
        permissions=EDITOR_PERMISSIONS,
    )
    assert "revision 3" in question.data["content"]
    bad_cite = await harness.slash(
        "kb",
        [
            {
                "name": "cite",
                "type": 2,
                "options": sub(
                    "add",
                    option("entry", "us-naruto"),
                    option("court", "Ninth Circuit"),
                    option("date", "2018-13-40"),
                    option("docket", "-"),
                    option("url", "http://not-secure.example"),
                ),
            }
        ],
        user_id=editor,
        permissions=EDITOR_PERMISSIONS,
    )
    assert "Nothing was saved" in bad_cite.data["content"] and "https" in bad_cite.data["content"]
    ask = await harness.slash(
        "kb",
        sub("delete", option("entry", "us-naruto"), option("reason", "testing")),
        user_id=editor,
        permissions=EDITOR_PERMISSIONS,
    )
    confirm = ask.data["components"][0]["components"][0]["custom_id"]
    outsider = await harness.click(
        harness.message_of(ask),
        confirm,
        user_id=harness.new_user(),
        permissions=ALL_PERMISSIONS,
        guild_id=OTHER_GUILD_ID,
    )
    assert "Only knowledge editors" in outsider.data["content"] and "us-naruto" in harness.services.knowledge.entries
    deleted = await harness.final(
        await harness.click(harness.message_of(ask), confirm, user_id=editor, permissions=EDITOR_PERMISSIONS)
    )
    assert "Deleted" in deleted.data["content"] and "us-naruto" not in harness.services.knowledge.entries
    restored = await harness.slash(
        "kb", sub("restore", option("entry", "us-naruto")), user_id=editor, permissions=EDITOR_PERMISSIONS
    )
    assert "Restored" in restored.data["content"] and "us-naruto" in harness.services.knowledge.entries


async def test_twenty_concurrent_modal_saves_make_one_revision(harness: Harness) -> None:
    editors = [harness.new_user() for _ in range(20)]
    modals = [
        await harness.slash("kb", sub("edit", option("entry", "us-feist")), user_id=e, permissions=EDITOR_PERMISSIONS)
        for e in editors
    ]
    results = await asyncio.gather(
        *[
            harness.submit(m, {1: f"Summary from editor {i}.", 4: "race"}, user_id=e, permissions=EDITOR_PERMISSIONS)
            for i, (m, e) in enumerate(zip(modals, editors, strict=True))
        ]
    )
    saved = [r for r in results if r.data["content"].startswith("Saved `us-feist` (revision 2)")]
    assert len(saved) == 1
    assert all("Nothing was saved" in r.data["content"] for r in results if r not in saved)
    assert len(await harness.services.editor.history("us-feist")) == 2


async def test_feedback_lists_not_helpful_entries(harness: Harness) -> None:
    editor, member = harness.new_user(), harness.new_user()
    sent = await harness.slash("ask", [option("question", "monkey selfie copyright naruto")], user_id=member)
    await harness.click(harness.message_of(sent), "kb:vote:us-naruto:down", user_id=member)
    report = await harness.slash("kb", sub("feedback"), user_id=editor, permissions=EDITOR_PERMISSIONS)
    assert "`us-naruto`: 1 not helpful, 0 helpful" in report.data["embeds"][0]["description"]


async def test_stale_lists_open_matters_and_status_records_a_check(harness: Harness) -> None:
    """/kb stale names an open matter unchecked for longer than the window; /kb status records a check."""
    editor, member = harness.new_user(), harness.new_user()
    target = next(e for e in sorted(harness.services.knowledge.entries.values(), key=lambda e: e.id) if e.is_open)
    old = await harness.services.editor.update(
        target.id, {"as_of": "2025-01-01"}, base=target.revision, author="t", reason="t"
    )
    listed = await harness.slash("kb", sub("stale"), user_id=editor, permissions=EDITOR_PERMISSIONS)
    assert listed.ephemeral
    page = listed.data["embeds"][0]["description"]
    assert target.id in page and "last checked 2025-01-01" in page, listed.data
    assert "us-naruto" not in page  # decided long ago: not an open matter

    saved = await harness.slash(
        "kb",
        sub("status", option("entry", target.id), option("status", target.status)),
        user_id=editor,
        permissions=EDITOR_PERMISSIONS,
    )
    assert "Saved" in saved.data["content"] and "as_of" in saved.data["content"], saved.data
    after = harness.services.knowledge.entries[target.id]
    assert after.status_detail == old.entry.status_detail and after.as_of > "2025-01-01"
    again = await harness.slash("kb", sub("stale"), user_id=editor, permissions=EDITOR_PERMISSIONS)
    assert target.id not in (again.data.get("content") or "") + json.dumps(again.data.get("embeds"))

    asked = await harness.slash("ask", [option("question", after.questions[0])], user_id=member)
    assert asked.data["embeds"][0]["title"] == after.title
    assert f"Status: {after.status}" in asked.data["embeds"][0]["description"]


async def test_a_decision_drops_the_pending_detail(harness: Harness) -> None:
    editor = harness.new_user()
    target = next(e for e in harness.services.knowledge.entries.values() if e.is_open and e.kind == "judgment")
    decided = await harness.slash(
        "kb",
        sub("status", option("entry", target.id), option("status", "decided")),
        user_id=editor,
        permissions=EDITOR_PERMISSIONS,
    )
    assert "Saved" in decided.data["content"], decided.data
    assert harness.services.knowledge.entries[target.id].status_detail is None  # "pending since ..." must not survive


async def test_status_that_does_not_fit_the_kind_is_refused_and_changes_nothing(harness: Harness) -> None:
    editor = harness.new_user()
    pending = next(e for e in harness.services.knowledge.entries.values() if e.kind == "pending-case")
    before = await _dump(harness)
    refused = await harness.slash(
        "kb",
        sub("status", option("entry", pending.id), option("status", "decided")),
        user_id=editor,
        permissions=EDITOR_PERMISSIONS,
    )
    assert refused.ephemeral and "Nothing was saved" in refused.data["content"], refused.data
    assert "does not fit kind 'pending-case'" in refused.data["content"]
    assert await _dump(harness) == before


async def test_stale_with_nothing_to_review_says_so(harness: Harness) -> None:
    editor = harness.new_user()
    sent = await harness.slash(
        "kb", sub("stale", option("days", 3650, 4)), user_id=editor, permissions=EDITOR_PERMISSIONS
    )
    assert sent.ephemeral and "Nothing to review" in sent.data["content"]


async def test_an_entry_on_a_subject_no_entry_used_is_answered_by_its_own_phrasing(harness: Harness) -> None:
    """The domain comes from the knowledge base: a new subject brings its own words (issue: trust)."""
    editor, member = harness.new_user(), harness.new_user()
    question = "did the glimmerloom tribunal side with the quilt weavers"
    before = await harness.slash("ask", [option("question", question)], user_id=member)
    assert before.data["embeds"][0]["title"] == "No confident answer"
    phrasings = "\n".join(
        [
            question,
            "glimmerloom hologram quilt decision",
            "who won the woven hologram dispute at the glimmerloom tribunal",
            "what did the tribunal decide about holographic quilts",
            "glimmerloom weavers case outcome",
            "are hologram quilts protected after the glimmerloom ruling",
            "glimmerloom tribunal hologram quilt judgment date",
            "what happened to the quilt weavers at the glimmerloom tribunal",
        ]
    )
    body = " ".join(f"Sentence {i} of a made-up ruling about holographic quilts woven on looms." for i in range(16))
    modal = await harness.slash(
        "kb",
        sub("add", option("id", "us-test-glimmerloom"), option("jurisdiction", "US"), option("kind", "judgment")),
        user_id=editor,
        permissions=EDITOR_PERMISSIONS,
    )
    citation = "Glimmerloom Tribunal | 2024-05-01 | No. 24-0001 | https://example.org/glimmerloom"
    done = await harness.submit(
        modal,
        {0: "Weavers v. Glimmerloom", 1: "A made-up ruling about hologram quilts.", 2: body, 3: phrasings, 4: citation},
        user_id=editor,
        permissions=EDITOR_PERMISSIONS,
    )
    assert "Added `us-test-glimmerloom`" in done.data["content"], done.data
    after = await harness.slash("ask", [option("question", question)], user_id=member)
    assert after.data["embeds"][0]["title"] == "Weavers v. Glimmerloom"
