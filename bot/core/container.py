"""The services every front end uses, built once by the entry point and passed down (never looked up)."""

from collections.abc import Awaitable, Callable, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.core.bootstrap import Core, open_core, open_store
from bot.core.community import CommunityService
from bot.core.editing import Editor
from bot.core.service import KnowledgeService
from bot.core.storage.changes import ANSWER_CHANNELS, Change, ChangeWatcher
from bot.core.storage.database import make_sessionmaker
from bot.core.storage.repository import Repository
from bot.core.storage.startup_lock import startup_lock
from bot.settings import Settings
from bot.timeline import TimelineCache


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
    # /timeline's pictures, drawn once per knowledge state (the cache keys by what is drawn).
    timeline: TimelineCache = field(default_factory=TimelineCache)

    def watch(self, answer_channels_changed: Callable[[], Awaitable[None]]) -> ChangeWatcher | None:
        """What keeps this process serving every other process's edits: entries are applied to the index by
        the core; the caller re-reads the answer channels it caches when another process changed them."""
        if self.core is None:
            return None

        async def changed(changes: Sequence[Change]) -> None:
            if any(c.kind == ANSWER_CHANNELS for c in changes):
                await answer_channels_changed()

        return self.core.watcher(changed, check_seconds=self.settings.change_check_seconds)

    def startup_lock(self) -> AbstractAsyncContextManager[None]:
        """Held by one process at a time: of several starting together, one migrates, seeds and uploads."""
        return startup_lock(self.engine)


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
