"""One schema of maximum lengths: what it accepts, both databases store; one more is refused by name."""

from typing import Any

import pytest
from sqlalchemy import String, insert, select, text
from sqlalchemy.exc import IntegrityError

from bot.core import lengths
from bot.core.editing import UNAVAILABLE, Editor, EditRejected
from bot.core.entry import Entry
from bot.core.service import KnowledgeService
from bot.core.storage.database import make_sessionmaker, upgrade
from bot.core.storage.repository import Repository
from bot.core.storage.tables import Base, FeedbackRow, utcnow


def at_the_limit(entry: Entry) -> Entry:
    """Every text field as long as the schema allows."""
    citation = entry.citations[0].model_dump() | {
        "title": "T" * lengths.TITLE,
        "court": "C" * lengths.COURT,
        "date_label": "L" * lengths.DATE_LABEL,
        "docket": "D" * lengths.DOCKET,
        "reporter": "R" * lengths.REPORTER,
        "url": "https://example.com/" + "u" * (lengths.URL - len("https://example.com/")),
    }
    data = entry.model_dump() | {
        "title": "标" * lengths.TITLE,
        "title_zh": "题" * lengths.TITLE,
        "court": "c" * lengths.COURT,
        "court_zh": "院" * lengths.COURT,
        "docket": "d" * lengths.DOCKET,
        "status_detail": "s" * lengths.STATUS_DETAIL,
        "summary": "m" * lengths.SUMMARY,
        "body": "b" * lengths.BODY,
        "aliases": ["a" * lengths.ALIAS],
        "questions": ["q" * lengths.QUESTION],
        "citations": [citation],
    }
    return Entry.model_validate(data)


async def test_every_field_at_its_maximum_is_stored_on_both_back_ends(engine, shipped_entries: list[Entry]) -> None:
    await upgrade(engine)
    repo = Repository(make_sessionmaker(engine))
    entry = at_the_limit(shipped_entries[0])
    await repo.save(entry, expected_revision=0, author="a" * lengths.AUTHOR, reason="limits")
    stored = await repo.get(entry.id)
    assert stored is not None and stored.content() == entry.content()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": "t" * (lengths.TITLE + 1)}, "title"),
        ({"citations": "date_label"}, "citations.0.date_label"),
        ({"questions": ["q" * (lengths.QUESTION + 1)]}, "questions.0"),
    ],
)
async def test_one_over_the_maximum_is_refused_by_name_not_as_database_unavailable(
    engine, shipped_entries: list[Entry], change: dict[str, Any], field: str
) -> None:
    await upgrade(engine)
    repo = Repository(make_sessionmaker(engine))
    entry = shipped_entries[0]
    await repo.save(entry, expected_revision=0, author="seed", reason="seed")
    service = KnowledgeService(repo)
    await service.reload()
    if change.get("citations") == "date_label":
        change = {"citations": [entry.citations[0].model_dump() | {"date_label": "x" * (lengths.DATE_LABEL + 1)}]}
    with pytest.raises(EditRejected) as refused:
        await Editor(repo, service).update(entry.id, change, base=1, author="editor", reason="too long")
    assert UNAVAILABLE not in refused.value.problems
    assert any(p.startswith(f"{field}: ") and "at most" in p for p in refused.value.problems), refused.value.problems
    assert (await repo.get(entry.id)).revision == 1  # type: ignore[union-attr]


def test_columns_follow_the_schema() -> None:
    """Each entry text column is exactly as long as the schema's figure for its field."""
    expected = {
        ("entries", "title"): lengths.TITLE,
        ("entries", "court"): lengths.COURT,
        ("entries", "docket"): lengths.DOCKET,
        ("entries", "summary"): lengths.SUMMARY,
        ("entries", "body"): lengths.BODY,
        ("aliases", "text"): lengths.ALIAS,
        ("questions", "text"): lengths.QUESTION,
        ("citations", "title"): lengths.TITLE,
        ("citations", "date_label"): lengths.DATE_LABEL,
        ("citations", "url"): lengths.URL,
    }
    for (table, column), length in expected.items():
        kind = Base.metadata.tables[table].c[column].type
        assert isinstance(kind, String) and kind.length == length, (table, column)


async def test_migration_folds_duplicate_votes_into_one_per_member_and_entry(engine) -> None:
    await upgrade(engine, "0005")
    async with engine.begin() as conn:
        for message_id, helpful in ((1, False), (2, False), (3, True)):
            await conn.execute(
                text(
                    "INSERT INTO feedback (message_id, user_id, entry_id, helpful, created_at) "
                    "VALUES (:m, 7, 'us-naruto', :h, CURRENT_TIMESTAMP)"
                ),
                {"m": message_id, "h": helpful},
            )
    await upgrade(engine)
    async with engine.connect() as conn:
        rows = (await conn.execute(select(FeedbackRow.message_id, FeedbackRow.helpful))).all()
    assert [tuple(r) for r in rows] == [(3, True)]
    with pytest.raises(IntegrityError):
        async with engine.begin() as conn:
            await conn.execute(
                insert(FeedbackRow).values(
                    message_id=9, user_id=7, entry_id="us-naruto", helpful=False, created_at=utcnow()
                )
            )


async def test_sync_of_a_file_with_an_over_long_title_reports_it(
    engine, shipped_entries: list[Entry], tmp_path
) -> None:
    from bot.core.knowledge_files import render_entry
    from bot.core.sync import sync_directory

    await upgrade(engine)
    repo = Repository(make_sessionmaker(engine))
    entry = next(e for e in shipped_entries if e.id == "us-naruto")
    text = render_entry(entry.model_copy(update={"title": "T" * (lengths.TITLE + 1)}))
    assert "T" * (lengths.TITLE + 1) in text
    (tmp_path / "us-naruto.md").write_text(text, encoding="utf-8")
    report = await sync_directory(repo, tmp_path)
    assert any(p.field == "title" and "at most 300" in p.message for p in report.problems), report.problems
    assert await repo.list_entries() == []
