"""A read replica: the router sends figures', dashboards' and exports' reads to its alias
(here a mirror of the test database) and everything else to the primary."""

from __future__ import annotations

import pytest
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext

from fazhi.core.replica import read_alias, replica_reads
from fazhi.org.models import Village
from fazhi.org.services import village_create

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


def test_without_a_replica_every_read_stays_on_the_primary(world, settings):
    settings.FAZHI_READ_REPLICA = None
    with replica_reads():
        assert read_alias() is None
        assert Village.objects.all().db == "default"


def test_reads_inside_the_block_go_to_the_replica_and_writes_to_the_primary(world, settings):
    from datetime import date

    settings.FAZHI_READ_REPLICA = "replica"
    assert Village.objects.all().db == "default"
    with replica_reads():
        assert Village.objects.all().db == "replica"
        created = village_create(
            street=world.a.street,
            actor=world.clerk_a,
            name="副本测试村",
            established_on=date(2020, 1, 1),
        )
        assert created._state.db == "default"
        with transaction.atomic():  # a write's own reads stay on the primary
            assert Village.objects.all().db == "default"
            assert read_alias() is None
    assert Village.objects.all().db == "default"


def test_the_dashboard_counts_on_the_replica_and_a_form_reads_the_primary(world, settings):
    settings.FAZHI_READ_REPLICA = "replica"
    client = world.client(world.clerk_a)
    with CaptureQueriesContext(connections["replica"]) as replica:
        assert client.get("/office/").status_code == 200
    assert any("COUNT" in q["sql"].upper() for q in replica.captured_queries)

    with CaptureQueriesContext(connections["replica"]) as replica:
        assert client.get(f"/office/org/village/{world.a.village.pk}/edit/").status_code == 200
    assert replica.captured_queries == []


def test_the_statistics_api_reads_the_replica(world, settings):
    settings.FAZHI_READ_REPLICA = "replica"
    client = world.client(world.clerk_a)
    with (
        CaptureQueriesContext(connections["replica"]) as replica,
        CaptureQueriesContext(connections["default"]) as primary,
    ):
        response = client.get("/api/statistics/")
    assert response.status_code == 200

    def figures(queries: CaptureQueriesContext) -> list[str]:
        # the engine's one statement for every figure joins each record set by street
        return [q["sql"] for q in queries.captured_queries if 'WHERE s."id" IN' in q["sql"]]

    assert len(figures(replica)) == 1
    assert figures(primary) == []


def test_an_export_audits_on_the_primary_while_its_rows_come_from_the_replica(world, settings):
    from fazhi.audit.models import Action, AuditEntry
    from fazhi.audit.services import verify

    settings.FAZHI_READ_REPLICA = "replica"
    client = world.client(world.clerk_a)
    with CaptureQueriesContext(connections["replica"]) as replica:
        response = client.get("/office/org/village/", {"format": "xlsx"})
    assert response.status_code == 200
    assert any("org_village" in q["sql"] for q in replica.captured_queries)
    assert not any("FOR UPDATE" in q["sql"].upper() for q in replica.captured_queries)
    assert AuditEntry.objects.filter(action=Action.EXPORT).count() == 1
    assert verify().ok
