"""Concurrent writers: the audit chain never forks, unique rules hold, SQLite writers queue.

Threads need a database that several connections share: PostgreSQL, or a SQLite file (the
SQLite test database is in memory, so the SQLite test copies it to a file first).
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
from contextlib import closing
from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from fazhi.audit.models import Action, AuditEntry
from fazhi.audit.services import record, verify

pytestmark = pytest.mark.django_db(transaction=True)

requires_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs concurrent connections to one database (PostgreSQL; set DATABASE_URL)",
)
requires_sqlite = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite's locking; PostgreSQL's is tested above"
)


def run_threads(count: int, target) -> list[BaseException]:
    errors: list[BaseException] = []
    barrier = threading.Barrier(count)

    def worker(n: int) -> None:
        try:
            barrier.wait(timeout=10)
            target(n)
        except BaseException as exc:  # reported to the test, which fails on any
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return errors


@requires_postgres
def test_parallel_audit_appends_keep_one_chain():
    def append(n: int) -> None:
        for i in range(15):
            record(actor=None, action=Action.UPDATE, object_type="test.thing", object_id=f"{n}-{i}")

    assert run_threads(6, append) == []
    assert AuditEntry.objects.count() == 90
    seqs = list(AuditEntry.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, 91))
    result = verify()
    assert result.ok, result.reason


@requires_postgres
def test_parallel_creates_of_the_same_grid_code_keep_one():
    from fazhi.testing import make_street

    a = make_street("street-a", "甲街")
    from fazhi.org.models import Grid
    from fazhi.org.services import grid_create

    outcomes: list[str] = []

    def create(n: int) -> None:
        try:
            grid_create(
                street=a.street,
                actor=None,
                village=a.village,
                code="SAME-01",
                name=f"网格{n}",
                established_on=date(2020, 1, 1),
            )
            outcomes.append("created")
        except ValidationError as exc:
            outcomes.append(" ".join(exc.messages))

    assert run_threads(4, create) == []
    assert Grid.objects.filter(code="SAME-01").count() == 1
    assert outcomes.count("created") == 1
    assert all("已" in o for o in outcomes if o != "created")
    assert verify().ok


# Run by ``fazhi shell`` in a process of its own, so the settings are read from DATABASE_URL as
# a deployment's are. 6 threads start together; each creates a grid, then renames it 7 times
# through record_update, which reads (locks) the row before writing as every state change does:
# without IMMEDIATE transactions two such writers deadlock and one gets "database is locked".
SQLITE_WRITERS = """
import threading
from datetime import date

from django.db import connections

from fazhi.audit.models import AuditEntry
from fazhi.audit.services import verify
from fazhi.org.models import Grid, Street, Village
from fazhi.org.services import grid_create, record_update

street = Street.objects.get(slug="street-a")
village = Village.objects.get(street=street)
audit_before = AuditEntry.objects.count()
barrier = threading.Barrier(6)
errors = []

def writer(n):
    try:
        barrier.wait(timeout=30)
        grid = grid_create(
            street=street,
            actor=None,
            village=village,
            code=f"T-{n}",
            name=f"并发网格{n}-0",
            established_on=date(2020, 1, 1),
        )
        for i in range(1, 8):
            grid = record_update(grid, actor=None, name=f"并发网格{n}-{i}")
    except Exception as exc:
        errors.append(repr(exc))
    finally:
        connections.close_all()

threads = [threading.Thread(target=writer, args=(n,)) for n in range(6)]
for t in threads:
    t.start()
for t in threads:
    t.join(timeout=120)
print("errors:", errors)
print("grids", sorted(Grid.objects.filter(code__startswith="T-").values_list("name", flat=True)))
print("audit", AuditEntry.objects.count() - audit_before)
print("chain", verify().ok)
"""


@requires_sqlite
def test_threads_writing_to_a_sqlite_file_named_by_url_all_land(tmp_path):
    from fazhi.testing import make_street

    make_street("street-a", "甲街")
    database = tmp_path / "threads.sqlite3"
    connection.ensure_connection()
    with closing(sqlite3.connect(database)) as copy:
        connection.connection.backup(copy)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FAZHI_", "DATABASE_URL"))}
    result = subprocess.run(
        [sys.executable, "-m", "fazhi", "shell", "-c", SQLITE_WRITERS],
        env=env
        | {
            "FAZHI_ENV": "test",
            "FAZHI_DATA_DIR": str(tmp_path),
            "DATABASE_URL": f"sqlite:///{database}",
        },
        cwd=Path(__file__).resolve().parent.parent,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "database is locked" not in result.stdout + result.stderr
    assert result.stdout.strip().splitlines()[-4:] == [
        "errors: []",
        "grids " + str(sorted(f"并发网格{n}-7" for n in range(6))),
        "audit 48",
        "chain True",
    ]
