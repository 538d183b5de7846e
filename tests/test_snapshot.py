"""The snapshot the suite restores the demo from gives back exactly the rows it took."""

from __future__ import annotations

from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db import connection

from fazhi.audit.services import verify
from fazhi.org.models import Village
from fazhi.org.services import village_create
from fazhi.snapshot import Snapshot


def _contents() -> dict[str, list[tuple]]:
    tables = connection.introspection.django_table_names(only_existing=True)
    with connection.cursor() as cursor:
        out = {}
        for table in sorted(tables):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            out[table] = sorted(cursor.fetchall(), key=repr)
        return out


def test_restore_gives_back_every_row_and_the_audit_chain(world, transactional_db):
    before = _contents()
    snapshot = Snapshot.take()
    village_create(
        street=world.a.street,
        actor=world.clerk_a,
        name="快照后新增村居",
        established_on=date(2020, 1, 1),
    )
    Village.objects.filter(pk=world.a.village.pk).update(name="改名")
    assert _contents() != before

    snapshot.restore()

    assert _contents() == before
    assert verify().ok
    # ids are what they were, so the next record does not collide with a restored one
    new = village_create(
        street=world.a.street,
        actor=world.clerk_a,
        name="恢复后新增村居",
        established_on=date(2020, 1, 1),
    )
    assert new.pk > max(v.pk for v in Village.objects.exclude(pk=new.pk))
    assert ContentType.objects.get_for_model(Village).model_class() is Village
