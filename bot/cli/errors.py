"""Failures a person can fix (settings, database, network, files), each told as one sentence with exit 1.

Anything not listed here is a bug and keeps its traceback.
"""

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from bot.settings import Settings

USAGE = 2  # the command line is wrong: unknown option, bad value, unknown entry id, missing file argument
PROBLEM = 1  # the command line is fine but the settings, the database, the network or a file's contents are not


def _where(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "DATABASE_URL"


def _first_line(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0].rstrip(".") if text else type(exc).__name__


def explain(exc: BaseException, settings: Settings) -> str | None:
    """One sentence for a failure the person running the command can fix, or None for a bug."""
    from alembic.util.exc import CommandError

    from bot.core.bootstrap import StartupError
    from bot.core.storage.database import DatabaseConfigError, MigrationError
    from bot.core.storage.errors import StorageUnavailable
    from bot.core.storage.repository import StoredEntryInvalid
    from bot.core.sync import SyncRefused

    if isinstance(exc, StorageUnavailable) and exc.__cause__ is not None:
        exc = exc.__cause__  # the driver's own words name what to fix
    if isinstance(exc, DatabaseConfigError | StartupError | SyncRefused | MigrationError | StoredEntryInvalid):
        return str(exc)
    if isinstance(exc, CommandError):
        return f"the database migration cannot be done: {_first_line(exc)} (see `db current` and migrations/versions)."
    where = _where(settings.database_url)
    if isinstance(exc, SQLAlchemyError):
        return f"the database in DATABASE_URL ({where}) cannot be used: {_first_line(exc)}."
    if isinstance(exc, OSError) and exc.filename:
        return f"{exc.filename}: {exc.strerror or _first_line(exc)}."
    if isinstance(exc, OSError):  # raised while connecting: refused, unknown host, timed out
        return f"cannot connect to the database in DATABASE_URL ({where}): {_first_line(exc)}."
    return None
