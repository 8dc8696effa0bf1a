"""Start-up work that must happen once however many processes start together: migrations, seeding from the
knowledge files, command sync. On PostgreSQL a session advisory lock on a connection of its own; on SQLite
an exclusive lock on a file beside the database (SQLite's own locks are per statement, and a migration is
many). A process that waited finds the work done and skips it."""

import asyncio
import contextlib
import fcntl
from collections.abc import AsyncIterator
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

STARTUP_LOCK_KEY = 0x6B625F7374617274  # "kb_start"


def lock_path(engine: AsyncEngine) -> Path | None:
    """The lock file for a SQLite database file; None for an in-memory one."""
    database = engine.url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database).expanduser().resolve().with_name(Path(database).name + ".startup-lock")


@contextlib.asynccontextmanager
async def startup_lock(engine: AsyncEngine) -> AsyncIterator[None]:
    if engine.dialect.name == "postgresql":
        async with engine.connect() as connection:
            await connection.execute(select(func.pg_advisory_lock(STARTUP_LOCK_KEY)))
            await connection.commit()
            try:
                yield
            finally:
                await connection.execute(select(func.pg_advisory_unlock(STARTUP_LOCK_KEY)))
                await connection.commit()
        return
    path = lock_path(engine)
    if path is None:
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        await asyncio.to_thread(fcntl.flock, handle.fileno(), fcntl.LOCK_EX)  # waiting must not block the loop
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
