"""The services every front end uses, built once by the entry point and passed down (never looked up)."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.core.bootstrap import Core, open_core, open_store
from bot.core.community import CommunityService
from bot.core.editing import Editor
from bot.core.service import KnowledgeService
from bot.core.storage.database import make_sessionmaker
from bot.core.storage.repository import Repository
from bot.settings import Settings


class MetaStore(Protocol):
    """Small keyed facts the program keeps about itself (the command-tree hash, the files' fingerprint)."""

    async def get_meta(self, key: str) -> str | None: ...

    async def set_meta(self, key: str, value: str) -> None: ...


@dataclass
class Services:
    settings: Settings
    knowledge: KnowledgeService
    editor: Editor
    community: CommunityService
    meta: MetaStore
    close: Callable[[], Awaitable[None]]
    engine: AsyncEngine
    # Keeps this process in step with the others over the same database (None: a one-shot command).
    core: Core | None = None


def build_services(
    settings: Settings, engine: AsyncEngine, repo: Repository, knowledge: KnowledgeService, core: Core | None = None
) -> Services:
    return Services(
        settings=settings,
        knowledge=knowledge,
        editor=Editor(repo, knowledge),
        community=CommunityService(make_sessionmaker(engine)),
        meta=repo,
        close=engine.dispose,
        engine=engine,
        core=core,
    )


async def open_services(settings: Settings) -> Services:
    """For serving: migrated, seeded, the index built."""
    core = await open_core(settings)
    return build_services(settings, core.engine, core.repo, core.service, core)


async def open_store_services(settings: Settings) -> Services:
    """For one terminal command: migrated, nothing loaded (the index is built only when an edit needs it)."""
    engine, repo = await open_store(settings)
    return build_services(settings, engine, repo, KnowledgeService(repo))
