"""Start-up order shared by the CLI and the bot: settings -> engine -> migrations -> seed -> service."""

import logging
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.core.service import KnowledgeService
from bot.core.storage.database import make_engine, make_sessionmaker, upgrade
from bot.core.storage.repository import Repository
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

    async def close(self) -> None:
        await self.engine.dispose()


async def open_store(settings: Settings) -> tuple[AsyncEngine, Repository]:
    engine = make_engine(settings.database_url)
    await upgrade(engine)
    return engine, Repository(make_sessionmaker(engine))


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
    engine, repo = await open_store(settings)
    report = await seed_if_needed(repo, settings)
    service = KnowledgeService(repo)
    await service.reload()
    if not service.entries:
        await engine.dispose()
        detail = f": {report.problems[0]}" if report and report.problems else ""
        raise StartupError(f"The knowledge base is empty; check KNOWLEDGE_DIR ({settings.knowledge_dir}){detail}")
    if report and report.problems:
        log.warning("knowledge files have problems; serving the last good database (%d entries)", len(service.entries))
    return Core(engine, repo, service)
