"""Concurrent writers on PostgreSQL: the audit chain never forks, unique rules hold."""

from __future__ import annotations

import threading
from datetime import date

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
