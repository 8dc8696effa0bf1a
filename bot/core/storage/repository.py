"""The only SQL in the project: entries with their aliases, questions, citations and revisions."""

import datetime as dt
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from sqlalchemy import String, any_, bindparam, delete, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import selectinload
from sqlalchemy.sql.elements import ColumnElement

from bot.core.entry import Entry, alias_key
from bot.core.storage.changes import ENTRY, order_changes, record_change
from bot.core.storage.errors import storage_errors
from bot.core.storage.tables import AliasRow, CitationRow, EntryRow, MetaRow, QuestionRow, RevisionRow, utcnow

# Entry fields stored as columns of `entries`; the lists live in tables of their own.
STREAM_CHUNK = 2_000  # entries read per query when loading everything
CITATION_FIELDS = ("ref", "title", "court", "date", "date_label", "docket", "reporter", "url")
SCALAR_FIELDS = [f for f in Entry.model_fields if f not in {"id", "aliases", "questions", "citations", "revision"}]


class NameTaken(Exception):
    """A concurrent save took this id or alias first (a race the rule check could not see); nothing was saved.
    The message names the field, like the rule check's own."""


class StoredEntryInvalid(Exception):
    """A stored entry no longer passes the schema (written by an older version, or damaged)."""

    def __init__(self, entry_id: str, error: ValidationError) -> None:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        super().__init__(
            f"the stored entry {entry_id!r} no longer passes the schema ({where}: {first['msg']}): restore the "
            "database from a backup, or move it aside so that a fresh one is seeded from the knowledge files"
        )
        self.entry_id = entry_id


class EditConflict(Exception):
    """The entry changed since the editor loaded it; nothing was saved."""

    def __init__(self, entry_id: str, expected: int, current: Entry | None) -> None:
        super().__init__(f"{entry_id} is at revision {current.revision if current else 'none'}, not {expected}")
        self.entry_id = entry_id
        self.expected = expected
        self.current = current


class AlreadyExists(EditConflict):
    """A create found the id taken (a live entry, or one deleted and kept for its history); nothing was saved."""

    def __init__(self, entry_id: str, current: Entry | None) -> None:
        super().__init__(entry_id, 0, current)


@dataclass(frozen=True)
class Revision:
    entry_id: str
    number: int
    snapshot: dict[str, Any]
    author: str
    reason: str
    created_at: dt.datetime


def _to_entry(row: EntryRow) -> Entry:
    data: dict[str, Any] = {name: getattr(row, name) for name in SCALAR_FIELDS}
    data["id"] = row.id
    data["revision"] = row.revision
    data["aliases"] = [a.text for a in row.aliases]
    data["questions"] = [q.text for q in row.questions]
    data["citations"] = [
        {
            "ref": c.ref,
            "title": c.title,
            "court": c.court,
            "date": c.date,
            "date_label": c.date_label,
            "docket": c.docket,
            "reporter": c.reporter,
            "url": c.url,
        }
        for c in row.citations
    ]
    try:
        return Entry.model_validate(data)
    except ValidationError as exc:
        raise StoredEntryInvalid(row.id, exc) from exc


def _among(dialect: str, ids: list[str]) -> Callable[[Any], ColumnElement[bool]]:
    """`column IN ids`: on PostgreSQL as one array parameter (`= ANY`), not thousands of bound values to
    render and send for each query of a load."""
    if dialect == "postgresql":
        values = bindparam("ids", ids, type_=postgresql.ARRAY(String))
        return lambda column: column == any_(values)
    return lambda column: column.in_(ids)


def _validated(data: dict[str, Any]) -> Entry:
    try:
        return Entry.model_validate(data)
    except ValidationError as exc:
        raise StoredEntryInvalid(str(data.get("id")), exc) from exc


def _scalars(entry: Entry) -> dict[str, Any]:
    dumped = entry.model_dump(mode="json")
    return {name: dumped[name] for name in SCALAR_FIELDS}


class Repository:
    """One AsyncSession per unit of work, from the injected sessionmaker."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    @storage_errors
    async def list_entries(self, include_deleted: bool = False) -> list[Entry]:
        query = select(EntryRow).options(
            selectinload(EntryRow.aliases), selectinload(EntryRow.questions), selectinload(EntryRow.citations)
        )
        if not include_deleted:
            query = query.where(EntryRow.deleted.is_(False))
        async with self._sessions() as session:
            rows = (await session.scalars(query.order_by(EntryRow.id))).all()
            return [_to_entry(row) for row in rows]

    @storage_errors
    async def count_entries(self) -> int:
        """How many entries are stored, deleted ones included (a loader chooses how to hold them by this)."""
        async with self._sessions() as session:
            return int((await session.execute(select(func.count()).select_from(EntryRow))).scalar_one())

    async def stream_entries(self, chunk: int = STREAM_CHUNK) -> AsyncIterator[list[tuple[Entry, bool]]]:
        """Every entry with its deleted flag, in id order, a chunk at a time: each chunk's rows are let go before
        the next is read, so a large knowledge base is never held twice (rows and entries) in memory."""
        async for rows in self.stream_rows(chunk):
            yield [(_validated(data), gone) for data, gone in rows]

    async def stream_rows(self, chunk: int = STREAM_CHUNK) -> AsyncIterator[list[tuple[dict[str, Any], bool]]]:
        """As stream_entries, but each entry as the plain data it was stored from (JSON-ready, every write having
        validated it), for a loader that keeps entries packed and validates each when it is unpacked."""
        async with self._sessions() as session:
            ids = sorted((await session.scalars(select(EntryRow.id))).all())
        # In Python's order of ids, not the database collation's: the index numbers entries in this order.
        for start in range(0, len(ids), chunk):
            yield sorted(await self.rows_by_id(ids[start : start + chunk]), key=lambda pair: pair[0]["id"])

    async def entries_by_id(self, ids: list[str]) -> list[tuple[Entry, bool]]:
        """These entries as stored now, each with its deleted flag; an id not stored is left out."""
        return [(_validated(data), gone) for data, gone in await self.rows_by_id(ids)]

    @storage_errors
    async def rows_by_id(self, ids: list[str]) -> list[tuple[dict[str, Any], bool]]:
        """These entries' stored data, each with its deleted flag. Plain rows, not ORM objects (no identity map to
        fill and drop), and only the columns an entry is made of: four queries per call, whatever the number."""
        entries = EntryRow.__table__
        texts: dict[str, dict[str, list[Any]]] = {"aliases": {}, "questions": {}}
        citations: dict[str, list[dict[str, Any]]] = {}
        scalar_columns = [entries.c[name] for name in ("id", "revision", "deleted", *SCALAR_FIELDS)]
        # On the session's connection, not through the ORM: plain rows, without its per-row bookkeeping.
        async with self._sessions() as session:
            conn = await session.connection()
            among = _among(conn.dialect.name, ids)
            query = select(*scalar_columns).where(among(entries.c.id)).order_by(entries.c.id)
            rows = (await conn.execute(query)).all()
            for name, table in (("aliases", AliasRow), ("questions", QuestionRow)):
                found = await conn.execute(
                    select(table.entry_id, table.text)
                    .where(among(table.entry_id))
                    .order_by(table.entry_id, table.position)
                )
                held = texts[name]
                for entry_id, value in found:
                    held.setdefault(entry_id, []).append(value)
            cited = await conn.execute(
                select(CitationRow.entry_id, *(getattr(CitationRow, k) for k in CITATION_FIELDS))
                .where(among(CitationRow.entry_id))
                .order_by(CitationRow.entry_id, CitationRow.position)
            )
            for entry_id, *values in cited:
                citations.setdefault(entry_id, []).append(dict(zip(CITATION_FIELDS, values, strict=True)))
        out = []
        for entry_id, revision, deleted, *scalars in rows:
            data: dict[str, Any] = dict(zip(SCALAR_FIELDS, scalars, strict=True))
            data |= {"id": entry_id, "revision": revision}
            data["aliases"] = texts["aliases"].get(entry_id, [])
            data["questions"] = texts["questions"].get(entry_id, [])
            data["citations"] = citations.get(entry_id, [])
            out.append((data, bool(deleted)))
        return out

    @storage_errors
    async def get(self, entry_id: str) -> Entry | None:
        async with self._sessions() as session:
            return await self._get(session, entry_id)

    async def _get(self, session: AsyncSession, entry_id: str) -> Entry | None:
        query = (
            select(EntryRow)
            .where(EntryRow.id == entry_id)
            .options(selectinload(EntryRow.aliases), selectinload(EntryRow.questions), selectinload(EntryRow.citations))
            .execution_options(populate_existing=True)
        )
        row = (await session.scalars(query)).first()
        return _to_entry(row) if row is not None else None

    @storage_errors
    async def sync_state(self) -> dict[str, tuple[int, int | None, str | None]]:
        """For every stored entry: (revision, synced_revision, file_hash)."""
        async with self._sessions() as session:
            rows = await session.execute(
                select(EntryRow.id, EntryRow.revision, EntryRow.synced_revision, EntryRow.file_hash)
            )
            return {row.id: (row.revision, row.synced_revision, row.file_hash) for row in rows}

    @storage_errors
    async def deleted_ids(self) -> set[str]:
        async with self._sessions() as session:
            return set((await session.scalars(select(EntryRow.id).where(EntryRow.deleted.is_(True)))).all())

    @storage_errors
    async def count(self) -> int:
        async with self._sessions() as session:
            return len((await session.scalars(select(EntryRow.id))).all())

    @storage_errors
    async def save(
        self,
        entry: Entry,
        *,
        expected_revision: int,
        author: str,
        reason: str,
        file_hash: str | None = None,
        deleted: bool = False,
    ) -> Entry:
        """Create (expected_revision 0) or update an entry, with its revision, in one transaction.

        The compare-and-set on `revision` is what makes concurrent saves safe: of several saves that
        start from the same revision, exactly one wins and the others get EditConflict.
        """
        try:
            async with self._sessions() as session, session.begin():
                return await self._save(session, entry, expected_revision, author, reason, file_hash, deleted)
        except IntegrityError as exc:
            raise NameTaken(await self._taken(entry, expected_revision)) from exc

    @storage_errors
    async def save_many(self, changes: list[tuple[Entry, int]], *, author: str, reason: str) -> list[Entry]:
        """Several (entry, expected revision) saves in one transaction: all of them, or, on the first conflict
        or taken name, none (an import is applied whole)."""
        current: tuple[Entry, int] | None = None
        try:
            async with self._sessions() as session, session.begin():
                await order_changes(session)
                saved = []
                for current in changes:
                    saved.append(await self._save(session, *current, author, reason, None, False))
                return saved
        except IntegrityError as exc:
            assert current is not None
            raise NameTaken(await self._taken(*current)) from exc

    async def _taken(self, entry: Entry, expected_revision: int) -> str:
        """Which name a concurrent save took first, in the words of the schema check."""
        keys = {alias_key(a): a for a in entry.aliases}
        async with self._sessions() as session:
            if expected_revision == 0 and await session.scalar(select(EntryRow.id).where(EntryRow.id == entry.id)):
                return f"id: {entry.id!r} already exists"
            rows = await session.execute(
                select(AliasRow.key, AliasRow.entry_id).where(AliasRow.key.in_(keys), AliasRow.entry_id != entry.id)
            )
            for key, owner in rows:
                return f"aliases: alias {keys[key]!r} is already used by {owner}"
        return "id: another save took this id or one of these aliases first; reload and try again"

    async def _save(
        self,
        session: AsyncSession,
        entry: Entry,
        expected_revision: int,
        author: str,
        reason: str,
        file_hash: str | None,
        deleted: bool,
    ) -> Entry:
        """One save inside the caller's transaction."""
        number = expected_revision + 1
        values = _scalars(entry) | {"revision": number, "updated_at": utcnow(), "deleted": deleted}
        if file_hash is not None:
            values |= {"file_hash": file_hash, "synced_revision": number}
        if expected_revision == 0:
            exists = await session.scalar(select(EntryRow.id).where(EntryRow.id == entry.id))
            if exists is not None:
                raise AlreadyExists(entry.id, await self._get(session, entry.id))
            await session.execute(insert(EntryRow).values(id=entry.id, **values))
        else:
            result = await session.execute(
                update(EntryRow).where(EntryRow.id == entry.id, EntryRow.revision == expected_revision).values(**values)
            )
            if result.rowcount != 1:  # type: ignore[attr-defined]
                raise EditConflict(entry.id, expected_revision, await self._get(session, entry.id))
            for table in (AliasRow, QuestionRow, CitationRow):
                await session.execute(delete(table).where(table.entry_id == entry.id))
        await self._insert_children(session, entry)
        await record_change(session, ENTRY, entry.id)
        saved = entry.model_copy(update={"revision": number})
        await session.execute(
            insert(RevisionRow).values(
                entry_id=entry.id,
                number=number,
                snapshot=saved.content() | {"deleted": deleted},
                author=author,
                reason=reason,
                created_at=utcnow(),
            )
        )
        return saved

    async def _insert_children(self, session: AsyncSession, entry: Entry) -> None:
        if entry.aliases:
            await session.execute(
                insert(AliasRow),
                [
                    {"entry_id": entry.id, "position": i, "text": a, "key": alias_key(a)}
                    for i, a in enumerate(entry.aliases)
                ],
            )
        if entry.questions:
            await session.execute(
                insert(QuestionRow),
                [{"entry_id": entry.id, "position": i, "text": q} for i, q in enumerate(entry.questions)],
            )
        await session.execute(
            insert(CitationRow),
            [{"entry_id": entry.id, "position": i, **c.model_dump(mode="json")} for i, c in enumerate(entry.citations)],
        )

    @storage_errors
    async def mark_synced(self, entry_id: str, file_hash: str) -> None:
        """The file and the database agree (e.g. after an export was committed): remember it."""
        async with self._sessions() as session, session.begin():
            await session.execute(
                update(EntryRow)
                .where(EntryRow.id == entry_id)
                .values(file_hash=file_hash, synced_revision=EntryRow.revision)
            )

    @storage_errors
    async def revisions(self, entry_id: str) -> list[Revision]:
        async with self._sessions() as session:
            rows = await session.scalars(
                select(RevisionRow).where(RevisionRow.entry_id == entry_id).order_by(RevisionRow.number)
            )
            return [Revision(r.entry_id, r.number, r.snapshot, r.author, r.reason, r.created_at) for r in rows.all()]

    @storage_errors
    async def get_meta(self, key: str) -> str | None:
        async with self._sessions() as session:
            return await session.scalar(select(MetaRow.value).where(MetaRow.key == key))

    @storage_errors
    async def set_meta(self, key: str, value: str) -> None:
        """An upsert: two processes setting the same key at once both succeed (the last one wins)."""
        async with self._sessions() as session, session.begin():
            dialect = session.bind.dialect.name if session.bind is not None else ""
            if dialect in ("postgresql", "sqlite"):
                insert_or = postgresql.insert if dialect == "postgresql" else sqlite.insert
                statement = insert_or(MetaRow).values(key=key, value=value)
                await session.execute(
                    statement.on_conflict_do_update(index_elements=[MetaRow.key], set_={"value": value})
                )
                return
            result = await session.execute(update(MetaRow).where(MetaRow.key == key).values(value=value))
            if result.rowcount == 0:  # type: ignore[attr-defined]
                await session.execute(insert(MetaRow).values(key=key, value=value))

    @storage_errors
    async def table_counts(self) -> dict[str, int]:
        async with self._sessions() as session:
            counts = {}
            for table in (EntryRow, AliasRow, QuestionRow, CitationRow, RevisionRow):
                counts[table.__tablename__] = len((await session.scalars(select(table.id))).all())
            return counts
