"""Engines, sessions and migrations for SQLite (embedded default) and PostgreSQL."""

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine

from bot.paths import shipped_dir

SQLITE_BUSY_TIMEOUT_MS = 2000  # under Discord's 3-second window, with room to reply


class DatabaseConfigError(ValueError):
    """DATABASE_URL cannot be used; the message is one sentence meant for the person running the bot."""


class MigrationError(RuntimeError):
    """A migration that would have broken the data; it was rolled back."""


def make_engine(url: str, **options: Any) -> AsyncEngine:
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise DatabaseConfigError(f"DATABASE_URL is not a valid database URL: {url!r}.") from exc
    if parsed.get_backend_name() == "sqlite":
        if parsed.get_driver_name() != "aiosqlite":
            raise DatabaseConfigError("DATABASE_URL for SQLite must use the async driver: sqlite+aiosqlite:///PATH.")
        database = parsed.database
        if database and database != ":memory:" and not database.startswith("file:"):
            folder = Path(database).expanduser().resolve().parent
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise DatabaseConfigError(
                    f"DATABASE_URL points into a folder that cannot be created: {folder} ({exc.strerror})."
                ) from exc
    try:
        engine = create_async_engine(parsed, **options)
    except (NoSuchModuleError, ModuleNotFoundError) as exc:
        raise DatabaseConfigError(
            f"DATABASE_URL names a driver that is not installed ({parsed.drivername}); "
            "for PostgreSQL install the postgres extra and use postgresql+asyncpg://."
        ) from exc
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """WAL lets readers go on during a write; foreign keys and a busy timeout keep edits safe."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def make_sessionmaker(engine: AsyncEngine) -> async_sessionmaker:
    return async_sessionmaker(engine, expire_on_commit=False)


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(shipped_dir("migrations")))
    return config


def _run(connection: Connection, action: str, revision: str) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    getattr(command, action)(config, revision)


async def _migrate(engine: AsyncEngine, action: str, revision: str) -> None:
    """Run a migration in one transaction. On SQLite, batch mode rebuilds a table by copy, drop and rename,
    and with foreign keys on, the drop would cascade into every child table (aliases, questions, citations,
    revisions): they are off while it runs (the pragma only works outside a transaction), and the result
    must pass a foreign-key check before it is committed."""
    async with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            await connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            await connection.commit()
        try:
            async with connection.begin():
                await connection.run_sync(_run, action, revision)
                if sqlite and (await connection.exec_driver_sql("PRAGMA foreign_key_check")).first():
                    raise MigrationError(f"{action} to {revision} would leave rows pointing nowhere; nothing changed")
        finally:
            if sqlite:
                await connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                await connection.commit()


async def upgrade(engine: AsyncEngine, revision: str = "head") -> None:
    """Migrate; a database that cannot be opened or written (a read-only data folder, a server that is not
    there) is one sentence about DATABASE_URL, not a traceback."""
    try:
        await _migrate(engine, "upgrade", revision)
    except (OperationalError, OSError) as exc:
        raise unreachable(exc) from exc


def unreachable(exc: Exception) -> DatabaseConfigError:
    reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
    return DatabaseConfigError(
        f"DATABASE_URL names a database that cannot be opened or written ({reason}); "
        "check that its folder is writable, or that the server is running."
    )


async def locked_upgrade(engine: AsyncEngine, revision: str = "head") -> None:
    """upgrade() under the start-up lock: safe when several processes start at once."""
    from bot.core.storage.startup_lock import startup_lock

    try:
        async with startup_lock(engine):
            await upgrade(engine, revision)
    except (OperationalError, OSError) as exc:
        raise unreachable(exc) from exc


async def downgrade(engine: AsyncEngine, revision: str) -> None:
    await _migrate(engine, "downgrade", revision)


async def current_revision(engine: AsyncEngine) -> str | None:
    async with engine.connect() as connection:
        return await connection.run_sync(lambda sync: MigrationContext.configure(sync).get_current_revision())
