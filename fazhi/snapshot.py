"""A copy of every table's rows, taken once and put back as often as needed.

The test suite loads the Haibin demo once per run and restores it before each test that needs
it (the browser tests' ``live_server`` empties the database after every test), instead of
loading it again through the services each time.

The rows are copied as the database holds them, so a restore gives back the same ids, audit
chain and content types. PostgreSQL copies with ``COPY`` in its text format; SQLite selects
and inserts. Foreign keys are deferred to the end of the restoring transaction on both (Django
creates them ``DEFERRABLE INITIALLY DEFERRED``), so the tables can be filled in any order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connections, transaction

# Django's own bookkeeping, which a flush keeps and a restore must not touch.
_KEPT = {"django_migrations"}


@dataclass
class Snapshot:
    alias: str
    # table → (columns, rows) on SQLite; table → COPY text on PostgreSQL
    tables: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def take(cls, alias: str = "default") -> Snapshot:
        connection = connections[alias]
        snapshot = cls(alias)
        with connection.cursor() as cursor:
            for table in _tables(alias):
                quoted = connection.ops.quote_name(table)
                if connection.vendor == "postgresql":
                    with cursor.cursor.copy(f"COPY {quoted} TO STDOUT") as copy:
                        snapshot.tables[table] = b"".join(bytes(chunk) for chunk in copy)
                else:
                    columns = [
                        c.name
                        for c in connection.introspection.get_table_description(cursor, table)
                    ]
                    # Unary plus leaves a value as stored but drops the column's declared type,
                    # so the driver's converters (dates, times, booleans) leave it alone.
                    values = ", ".join(f"+{connection.ops.quote_name(c)}" for c in columns)
                    cursor.execute(f"SELECT {values} FROM {quoted}")
                    snapshot.tables[table] = (columns, cursor.fetchall())
        return snapshot

    def restore(self) -> None:
        """Empty every table and put the snapshot's rows back, in one transaction."""
        connection = connections[self.alias]
        tables = _tables(self.alias)
        with transaction.atomic(using=self.alias), connection.cursor() as cursor:
            for statement in connection.ops.sql_flush(no_style(), tables):
                cursor.execute(statement)
            for table, content in self.tables.items():
                quoted = connection.ops.quote_name(table)
                if connection.vendor == "postgresql":
                    with cursor.cursor.copy(f"COPY {quoted} FROM STDIN") as copy:
                        copy.write(content)
                else:
                    columns, rows = content
                    if rows:
                        names = ", ".join(connection.ops.quote_name(c) for c in columns)
                        marks = ", ".join(["%s"] * len(columns))
                        cursor.executemany(f"INSERT INTO {quoted} ({names}) VALUES ({marks})", rows)
            if connection.vendor == "postgresql":
                models = [m for m in apps.get_models(include_auto_created=True)]
                for statement in connection.ops.sequence_reset_sql(no_style(), models):
                    cursor.execute(statement)
        # Content types are cached by id; the restored rows may carry other ids than the ones
        # the flush's post-migrate step created.
        ContentType.objects.clear_cache()


def _tables(alias: str) -> list[str]:
    connection = connections[alias]
    return [
        t for t in connection.introspection.django_table_names(only_existing=True) if t not in _KEPT
    ]
