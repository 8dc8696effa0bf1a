"""Storage's own errors, so that the layers above never import SQLAlchemy to tell what went wrong."""

import functools
from collections.abc import Callable, Coroutine
from typing import Any, ParamSpec, TypeVar

from sqlalchemy.exc import SQLAlchemyError

P = ParamSpec("P")
T = TypeVar("T")


class StorageUnavailable(Exception):
    """The database could not be reached, read or written (locked, gone, full); the transaction was rolled
    back, so nothing of that call was saved. The driver's error is the __cause__."""


def storage_errors(method: Callable[P, Coroutine[Any, Any, T]]) -> Callable[P, Coroutine[Any, Any, T]]:
    """A database failure leaves a storage method as StorageUnavailable."""

    @functools.wraps(method)
    async def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return await method(*args, **kwargs)
        except SQLAlchemyError as exc:
            raise StorageUnavailable(str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from exc

    return wrapper
