"""Reads of dashboards and exports go to a read replica when one is configured.

A view marks its reads with `replica_reads()` (or the `reads_from_replica` decorator); inside,
`ReplicaRouter` sends every read to the "replica" alias, while writes — audit entries, a
session touched by the middleware — still go to the primary, and so do the reads of a
transaction open on the primary. Without a "replica" alias
the router says nothing and Django uses the default database. A replica lags the primary by
the replication delay (usually well under a second); pages that must show what the user just
wrote do not read from it."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps
from typing import Any

from django.db import connections

REPLICA = "replica"
_reading: ContextVar[bool] = ContextVar("hangviet_replica_reads", default=False)


def replica_configured() -> bool:
    return REPLICA in connections.settings


@contextmanager
def replica_reads() -> Iterator[None]:
    token = _reading.set(True)
    try:
        yield
    finally:
        _reading.reset(token)


def reads_from_replica(view: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        with replica_reads():
            return view(*args, **kwargs)

    return wrapped


class ReplicaRouter:
    def db_for_read(self, model: type, **hints: Any) -> str | None:
        # Inside a transaction on the primary a read must see that transaction's writes: a
        # service called from a replica-reading view reads the primary.
        if _reading.get() and replica_configured() and not connections["default"].in_atomic_block:
            return REPLICA
        return None

    def db_for_write(self, model: type, **hints: Any) -> str | None:
        return None

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        # The replica holds the same rows as the primary.
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        # The replica receives the primary's schema through replication.
        return db != REPLICA
