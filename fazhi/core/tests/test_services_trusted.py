"""``database_checks_trusted`` (the demo's load): the rules the database enforces itself are left
to it, every other rule is checked as always, and outside the block nothing changes."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from fazhi.core.services import database_checks_trusted, full_clean
from fazhi.org.models import Department

pytestmark = pytest.mark.django_db


def test_outside_the_block_a_missing_street_and_a_taken_name_are_refused(world):
    Department.objects.create(street=world.a.street, name="综合执法大队")
    with pytest.raises(ValidationError) as missing:
        full_clean(Department(street_id=999999, name="新部门"))
    assert "street" in missing.value.message_dict
    with pytest.raises(ValidationError) as taken:
        full_clean(Department(street=world.a.street, name="综合执法大队"))
    assert "本街道已有" in str(taken.value)


def test_inside_the_block_no_query_and_the_database_still_refuses(world):
    Department.objects.create(street=world.a.street, name="综合执法大队")
    taken = Department(street=world.a.street, name="综合执法大队")
    with database_checks_trusted(), CaptureQueriesContext(connection) as queries:
        full_clean(taken)
    assert len(queries) == 0
    with pytest.raises(IntegrityError), transaction.atomic():
        taken.save()


def test_inside_the_block_the_fields_own_rules_are_still_checked(world):
    with database_checks_trusted(), pytest.raises(ValidationError) as error:
        full_clean(Department(street=world.a.street, name="", phone="电话"))
    assert {"name", "phone"} <= set(error.value.message_dict)
