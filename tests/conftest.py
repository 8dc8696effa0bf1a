"""Shared fixtures: shipped knowledge, and databases on both back ends (SQLite always, PostgreSQL when named)."""

import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from bot.core.entry import Entry
from bot.core.knowledge_files import load_directory
from bot.core.service import KnowledgeService
from bot.core.storage.database import make_engine
from bot.paths import shipped_dir

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
FACT_SHEET = SHARED / "reference" / "rulings.yaml"
DEV_SET = SHARED / "eval" / "dev.jsonl"
# The fact sheet and the dev set are not part of this repository: they live in a `shared/` folder beside it
# (../shared), as in the maintainers' workspace. In a plain clone these tests skip with this reason.
FACT_SHEET_SKIP = f"needs the fact sheet {FACT_SHEET} (../shared beside the repository; not in a plain clone)"
DEV_SET_SKIP = f"needs the dev set {DEV_SET} (../shared beside the repository; not in a plain clone)"
PG_SKIP = "PostgreSQL tests skipped: set TEST_DATABASE_URL=postgresql+asyncpg://USER@HOST:PORT/DB to run them"


@pytest.fixture(scope="session")
def shipped_entries() -> list[Entry]:
    result = load_directory(shipped_dir("knowledge"))
    assert not result.problems, [str(p) for p in result.problems]
    return result.entries


@pytest.fixture(scope="session")
def memory_service(shipped_entries: list[Entry]) -> KnowledgeService:
    """The service over the shipped entries, without a database: for matching and rendering tests."""
    service = KnowledgeService(None)
    service.load(shipped_entries)
    return service


@asynccontextmanager
async def pg_schema(url: str) -> AsyncIterator[str]:
    """A PostgreSQL schema of its own for one test, dropped afterwards."""
    name = f"test_{uuid.uuid4().hex[:12]}"
    admin = create_async_engine(url, isolation_level="AUTOCOMMIT")
    async with admin.connect() as conn:
        await conn.execute(text(f'CREATE SCHEMA "{name}"'))
    try:
        yield name
    finally:
        async with admin.connect() as conn:
            await conn.execute(text(f'DROP SCHEMA "{name}" CASCADE'))
        await admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
async def engine(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    """An empty database; on PostgreSQL, a schema of its own that is dropped afterwards."""
    if request.param == "sqlite":
        db = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'test.sqlite3'}")
        yield db
        await db.dispose()
        return
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        pytest.skip(PG_SKIP)
    async with pg_schema(url) as schema:
        db = make_engine(url, connect_args={"server_settings": {"search_path": schema}})
        try:
            yield db
        finally:
            await db.dispose()
