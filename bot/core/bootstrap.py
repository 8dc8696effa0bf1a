"""Start-up order shared by the CLI and the bot: settings -> engine -> migrations -> seed -> service."""

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.core.service import KnowledgeService
from bot.core.storage.changes import (
    ANSWER_CHANNELS,
    AUDIT_CHANNELS,
    ENTRY,
    ApplyChanges,
    Change,
    ChangeFeed,
    ChangeWatcher,
)
from bot.core.storage.database import (
    current_revision,
    locked_upgrade,
    make_engine,
    make_sessionmaker,
    unreachable,
    upgrade,
)
from bot.core.storage.repository import Repository
from bot.core.storage.startup_lock import startup_lock
from bot.core.sync import FINGERPRINT_KEY, SyncReport, directory_fingerprint, sync_directory
from bot.settings import Settings

log = logging.getLogger(__name__)


class StartupError(RuntimeError):
    """The bot cannot serve; the message is one sentence naming what to fix."""


@dataclass
class Core:
    engine: AsyncEngine
    repo: Repository
    service: KnowledgeService
    feed: ChangeFeed
    version: int  # of the change feed, when the service was loaded

    def watcher(self, on_change: ApplyChanges | None = None, *, check_seconds: float = 1.0) -> ChangeWatcher:
        """Keeps the service in step with changes made by other processes; `on_change` hears of every change
        (after entries are applied), for what the caller serves itself (answer and audit channels)."""

        async def apply(changes: Sequence[Change]) -> None:
            ids = sorted({c.key for c in changes if c.kind == ENTRY})
            if ids:
                stored = await self.repo.entries_by_id(ids)
                await self.service.apply(stored)
            if on_change is not None:
                await on_change(changes)

        async def resync() -> int:
            version = await self.feed.version()
            await self.service.reload()
            if on_change is not None:
                await on_change([Change(version, ANSWER_CHANNELS, ""), Change(version, AUDIT_CHANNELS, "")])
            return version

        return ChangeWatcher(self.engine, self.feed, apply, resync, version=self.version, check_seconds=check_seconds)

    async def close(self) -> None:
        await self.engine.dispose()


async def open_store(settings: Settings) -> tuple[AsyncEngine, Repository]:
    engine = make_engine(settings.database_url)
    try:
        await locked_upgrade(engine)
    except BaseException:
        await engine.dispose()  # no connection left for a worker thread to finish after the loop has closed
        raise
    return engine, Repository(make_sessionmaker(engine))


async def prepare_store(settings: Settings) -> tuple[AsyncEngine, Repository, SyncReport | None]:
    """Migrate and seed under the start-up lock: of N processes started at once, the first does the work and
    the others, once they get the lock, find it done (no second migration, seeding or false conflict)."""
    engine = make_engine(settings.database_url)
    repo = Repository(make_sessionmaker(engine))
    try:
        async with startup_lock(engine):
            before = await current_revision(engine)
            await upgrade(engine)
            after = await current_revision(engine)
            if before != after:
                log.info("database migrated from %s to %s", before or "empty", after)
            report = await seed_if_needed(repo, settings)
            if report is not None:
                log.info("knowledge files synced: %d added, %d updated", len(report.added), len(report.updated))
    except (OperationalError, OSError) as exc:
        await engine.dispose()
        raise unreachable(exc) from exc
    except BaseException:
        await engine.dispose()
        raise
    return engine, repo, report


async def seed_if_needed(repo: Repository, settings: Settings) -> SyncReport | None:
    """Sync when the knowledge files changed since the last sync (always true for a new database)."""
    fingerprint = directory_fingerprint(settings.knowledge_dir)
    if await repo.get_meta(FINGERPRINT_KEY) == fingerprint:
        return None
    report = await sync_directory(repo, settings.knowledge_dir)
    for line in report.lines():
        if report.problems or line.startswith("conflict"):
            log.warning("%s", line)
    return report


async def open_core(settings: Settings) -> Core:
    engine, repo, report = await prepare_store(settings)
    feed = ChangeFeed(make_sessionmaker(engine))
    version = await feed.version()  # read before the entries: a change after this is applied again, not lost
    service = KnowledgeService(repo)
    await service.reload()
    if not service.entries:
        await engine.dispose()
        detail = f": {report.problems[0]}" if report and report.problems else ""
        raise StartupError(f"The knowledge base is empty; check KNOWLEDGE_DIR ({settings.knowledge_dir}){detail}")
    if report and report.problems:
        log.warning("knowledge files have problems; serving the last good database (%d entries)", len(service.entries))
    return Core(engine, repo, service, feed, version)
