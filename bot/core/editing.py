"""Moderators' changes: validated by the same rules as the files, saved as revisions, never lost.

Every change names the revision it started from. If the entry moved on since, nothing is saved and
the caller gets the difference and its own text back (EditRejected with `conflict`). A change that
breaks a rule is refused with every problem listed. After each save the index is updated for the changed
entry alone (no other entry is read), so the next question sees the change.

An edit is done when it commits. The index update and the announcements come after it; a failure there
does not undo the save, so it is reported in `Saved.not_done` ("saved, but ..."), never as a refusal.
"""

import asyncio
import datetime as dt
import functools
import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ParamSpec, TypeVar

from pydantic import ValidationError

from bot.core.entry import Entry
from bot.core.service import KnowledgeService
from bot.core.storage.errors import StorageUnavailable
from bot.core.storage.repository import AlreadyExists, EditConflict, NameTaken, Repository, Revision
from bot.core.transfer import ImportPlan, plan_import

log = logging.getLogger(__name__)

DIFF_VALUE = 80
P = ParamSpec("P")
T = TypeVar("T")
UNAVAILABLE = "the knowledge database is unavailable right now, so edits are paused (answers still work); try again"


class EditRejected(Exception):
    """Nothing was saved. `problems` lists rule violations; `conflict` is set when the entry moved on."""

    def __init__(self, problems: list[str], conflict: Entry | None = None, yours: Entry | None = None) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems
        self.conflict = conflict
        self.yours = yours


class NoChange(EditRejected):
    """The change would leave the entry as it is (same content, same deleted state): no revision is added."""

    def __init__(self, entry_id: str) -> None:
        super().__init__([f"nothing to change: {entry_id} is already like that, so no revision was added"])


def _short(value: Any) -> str:
    text = value if isinstance(value, str) else repr(value)
    text = " ".join(str(text).split())
    return text if len(text) <= DIFF_VALUE else text[: DIFF_VALUE - 1] + "…"


def diff(before: Mapping[str, Any] | None, after: Mapping[str, Any]) -> list[str]:
    """A short, field-by-field account of a change, for conflicts, history and the audit channel."""
    if before is None:
        return ["created"]
    lines = []
    for key in after:
        old, new = before.get(key), after.get(key)
        if old == new:
            continue
        if isinstance(old, list) and isinstance(new, list) and all(isinstance(x, str) for x in old + new):
            added = [x for x in new if x not in old]
            removed = [x for x in old if x not in new]
            parts = [f"+{_short(x)}" for x in added] + [f"-{_short(x)}" for x in removed]
            lines.append(f"{key}: " + ", ".join(parts) if parts else f"{key}: reordered")
        else:
            lines.append(f"{key}: {_short(old)} → {_short(new)}")
    return lines


@dataclass(frozen=True)
class HistoryStep:
    """One revision as people read the history: who, when, why, and what changed from the one before."""

    number: int
    created_at: dt.datetime
    author: str
    reason: str
    changes: list[str]


def revision_changes(revisions: Sequence[Revision]) -> list[HistoryStep]:
    """The history, oldest first, as /kb history and `kb history` show it."""
    out, previous = [], None
    for rev in revisions:
        out.append(HistoryStep(rev.number, rev.created_at, rev.author, rev.reason, diff(previous, rev.snapshot)))
        previous = rev.snapshot
    return out


def guarded(method: Callable[P, Awaitable[T]]) -> Callable[P, Awaitable[T]]:
    """A database that is locked, gone or full refuses the edit cleanly: each save is one transaction,
    so a failure leaves nothing half-saved, and answers (served from memory) go on."""

    @functools.wraps(method)
    async def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return await method(*args, **kwargs)
        except StorageUnavailable as exc:
            raise EditRejected([UNAVAILABLE]) from exc

    return wrapper


# Steps after the commit, named in `not_done` when they failed (the renderer words them).
INDEX_BEHIND = "index"  # the answers do not show the change yet
NOT_ANNOUNCED = "announce"  # the audit channels were not told


@dataclass(frozen=True)
class Saved:
    entry: Entry
    changes: list[str]
    not_done: tuple[str, ...] = ()


@dataclass(frozen=True)
class Imported:
    added: int
    changed: int
    not_done: tuple[str, ...] = ()


Listener = Callable[[Saved], Awaitable[None]]


@dataclass
class Editor:
    repo: Repository
    knowledge: KnowledgeService
    listeners: list[Listener] = field(default_factory=list)

    def subscribe(self, listener: Listener) -> None:
        """Told of every committed change (the audit posts), after the index update."""
        self.listeners.append(listener)

    async def _after_commit(self, results: Sequence[Saved], *, deleted: bool = False) -> tuple[str, ...]:
        """The index update (for the changed entries alone) and the announcements. The save stands whatever
        happens here, so any failure is logged and named for the editor instead of raised."""
        not_done: list[str] = []
        try:
            await self.knowledge.apply([(result.entry, deleted) for result in results])
        except Exception:
            log.warning("saved, but the index update failed; answers show the change after the next one", exc_info=True)
            not_done.append(INDEX_BEHIND)
        try:
            for result in results:
                for listener in self.listeners:
                    await listener(result)
        except Exception:
            log.warning("saved, but the change was not announced", exc_info=True)
            not_done.append(NOT_ANNOUNCED)
        return tuple(not_done)

    async def _problems(self, entry: Entry) -> list[str]:
        """The file rules, applied to this entry among all the others, as the served catalogue holds them (the
        database's unique names still catch a concurrent save from another process: NameTaken)."""
        if not self.knowledge.loaded and self.knowledge.repo is not None:
            await self.knowledge.reload()  # a terminal command: read the catalogue once, for this edit
        return self.knowledge.catalogue.problems(entry)

    async def _save(
        self, entry: Entry, base: int, author: str, reason: str, *, deleted: bool = False, before: Entry | None = None
    ) -> Saved:
        if not reason.strip():
            raise EditRejected(["reason: say why (it is kept in the history)"])
        unchanged = before is not None and before.content() == entry.content()
        if unchanged and deleted == (entry.id in self.knowledge.deleted):
            raise NoChange(entry.id)
        problems = await self._problems(entry) if not deleted else []
        if problems:
            raise EditRejected(problems)
        try:
            saved = await self.repo.save(entry, expected_revision=base, author=author, reason=reason, deleted=deleted)
        except NameTaken as exc:
            raise EditRejected([str(exc)]) from exc
        except AlreadyExists as exc:  # a create that lost the race for its id
            raise EditRejected([f"id: {entry.id!r} already exists"]) from exc
        except EditConflict as exc:
            current = exc.current
            changes = diff(before.content() if before else None, current.content()) if current else []
            raise EditRejected(
                [
                    f"the entry changed since you opened it (now revision {current.revision if current else '?'})",
                    *changes,
                ],
                conflict=current,
                yours=entry,
            ) from exc
        changes = diff(before.content() if before else None, saved.content()) if not deleted else ["deleted"]
        not_done = await self._after_commit([Saved(saved, changes)], deleted=deleted)
        return Saved(saved, changes, not_done)

    @staticmethod
    def build(data: Mapping[str, Any]) -> Entry:
        """An Entry from submitted fields, or EditRejected with each schema problem."""
        try:
            return Entry.model_validate(dict(data))
        except ValidationError as exc:
            raise EditRejected(
                [
                    f"{'.'.join(str(p) for p in err['loc'])}: {err['msg'].removeprefix('Value error, ')}"
                    for err in exc.errors()
                ]
            ) from exc

    @guarded
    async def create(self, data: Mapping[str, Any], author: str, reason: str = "added") -> Saved:
        entry = self.build(data)
        if await self.repo.get(entry.id) is not None:
            raise EditRejected([f"id: {entry.id!r} already exists"])
        return await self._save(entry, 0, author, reason)

    @guarded
    async def current(self, entry_id: str) -> Entry:
        entry = await self.repo.get(entry_id)
        if entry is None:
            raise EditRejected([f"id: no entry {entry_id!r}"])
        return entry

    @guarded
    async def update(self, entry_id: str, changes: Mapping[str, Any], *, base: int, author: str, reason: str) -> Saved:
        """Apply changed fields on top of the revision the editor started from."""
        before = await self.current(entry_id)
        if before.revision != base:
            started = await self._revision_entry(entry_id, base)
            raise EditRejected(
                [
                    f"the entry changed since you opened it (revision {base} → {before.revision})",
                    *diff(started.content() if started else None, before.content()),
                ],
                conflict=before,
                yours=self._merge(started or before, changes),
            )
        return await self._save(self._merge(before, changes), base, author, reason, before=before)

    def _merge(self, entry: Entry, changes: Mapping[str, Any]) -> Entry:
        return self.build(entry.model_dump(mode="json", exclude={"revision"}) | dict(changes))

    @guarded
    async def delete(self, entry_id: str, *, base: int, author: str, reason: str) -> Saved:
        before = await self.current(entry_id)
        return await self._save(before, base, author, reason, deleted=True, before=before)

    @guarded
    async def restore(self, entry_id: str, *, author: str, reason: str = "restored") -> Saved:
        before = await self.current(entry_id)
        return await self._save(before, before.revision, author, reason, before=before)

    @guarded
    async def history(self, entry_id: str) -> list[Revision]:
        return await self.repo.revisions(entry_id)

    async def _revision_entry(self, entry_id: str, number: int) -> Entry | None:
        for revision in await self.repo.revisions(entry_id):
            if revision.number == number:
                snapshot = {k: v for k, v in revision.snapshot.items() if k != "deleted"}
                return Entry.model_validate(snapshot | {"revision": number})
        return None

    @guarded
    async def revert(self, entry_id: str, number: int, *, author: str, reason: str = "") -> Saved:
        """Restore an earlier revision's content, as a new revision (history is never rewritten)."""
        before = await self.current(entry_id)
        old = await self._revision_entry(entry_id, number)
        if old is None:
            raise EditRejected([f"revision: {entry_id} has no revision {number}"])
        return await self._save(old, before.revision, author, reason or f"revert to r{number}", before=before)

    @guarded
    async def plan_import(self, data: bytes) -> ImportPlan:
        """The dry run of an import against what is stored now, deleted entries included."""
        stored = await self.repo.list_entries(include_deleted=True)
        deleted = await self.repo.deleted_ids()
        current = {e.id: e for e in stored if e.id not in deleted}
        return await asyncio.to_thread(plan_import, data, current, deleted)  # 2,000 files must not stall the loop

    async def apply_import(self, plan: ImportPlan, author: str) -> Imported:
        """A checked plan in one transaction (each entry one revision), then one index update: all of it, or
        nothing when an entry moved on or a name was taken since the dry run."""
        changes = [(e, 0) for e in plan.added] + [(e, e.revision) for e in plan.changed]
        try:
            saved = await self.repo.save_many(changes, author=author, reason="imported")
        except AlreadyExists as exc:
            raise EditRejected([f"id: {exc.entry_id!r} already exists; nothing was imported"]) from exc
        except EditConflict as exc:
            raise EditRejected([f"{exc.entry_id} changed since the dry run; nothing was imported"]) from exc
        except NameTaken as exc:
            raise EditRejected([f"{exc}; nothing was imported"]) from exc
        except StorageUnavailable as exc:
            raise EditRejected([UNAVAILABLE]) from exc
        results = []
        for entry in saved:
            before = plan.before.get(entry.id)
            results.append(Saved(entry, diff(before.content() if before else None, entry.content())))
        return Imported(len(plan.added), len(plan.changed), await self._after_commit(results))
