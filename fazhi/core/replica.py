"""Figures, dashboards and exports may read from a PostgreSQL replica.

With ``FAZHI_REPLICA_URL`` set, the database router below sends the reads made inside
``replica_reads()`` (a context manager and decorator) to the replica's alias; every other read
and every write goes to the primary. Those blocks are the ones that only count and list
(statistics, dashboards, the district comparison, exports), so a replica a second behind shows
a figure a second old, never a form that has lost what its user just saved.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"

_reading: ContextVar[bool] = ContextVar("replica_reads", default=False)


@contextmanager
def replica_reads() -> Iterator[None]:
    """Reads inside the block (or the decorated function) come from the replica when one is
    configured."""
    token = _reading.set(True)
    try:
        yield
    finally:
        _reading.reset(token)


def read_alias() -> str | None:
    """The alias reads go to now: the replica inside ``replica_reads()``, else None (the
    primary). Inside a transaction on the primary every read stays there: a service that
    writes (an export's audit row locking the chain's head, say) reads what it is about to
    change, never a replica's older copy."""
    alias: str | None = getattr(settings, "FAZHI_READ_REPLICA", None)
    if not alias or not _reading.get() or connections[DEFAULT_DB_ALIAS].in_atomic_block:
        return None
    return alias


class ReplicaRouter:
    """Routes ``replica_reads()`` to the replica; the replica is never migrated or written."""

    def db_for_read(self, model: Any, **hints: Any) -> str | None:
        return read_alias()

    def db_for_write(self, model: Any, **hints: Any) -> str | None:
        return "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # the replica holds the primary's rows

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == "default"
