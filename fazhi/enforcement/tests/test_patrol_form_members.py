"""The patrol form as a clerk meets it: the 巡查人员 choices are those who may patrol (the
officers and grid workers of the street), by name with the role and user name, under a filter
box; the service accepts the same people only; a missing place is said once, at the grid."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError

from fazhi.audit.models import AuditEntry
from fazhi.enforcement.models import Patrol
from fazhi.enforcement.services.patrols import patrol_update
from fazhi.enforcement.tests.report_helpers import make_patrol
from fazhi.org.models import User

pytestmark = pytest.mark.django_db

BASE = "/office/enforcement/patrol"
PLACE = "请选择巡查的网格或重点区域。"


def _member_labels(html: str) -> dict[int, str]:
    """The ``members`` checkboxes of the page: user id to the label shown beside it."""
    found = re.findall(
        r'<label for="id_members_\d+"><input type="checkbox" name="members" value="(\d+)"'
        r"[^>]*>\s*([^<]*)</label>",
        html,
    )
    return {int(pk): label.strip() for pk, label in found}


def test_members_offered_are_those_who_patrol_by_name(world, enf):
    response = world.client(enf.officer1).get(f"{BASE}/new/")
    assert response.status_code == 200
    labels = _member_labels(response.content.decode())
    patrollers = {enf.officer1, enf.officer2, enf.officer3, enf.uncertified, world.grid_worker}
    assert set(labels) == {u.pk for u in patrollers}
    # Not the office, the reviewer, the leader, the administrators, the auditor, another street.
    for user in (world.clerk_a, world.reviewer, world.auditor, world.sysadmin, enf.officer_b):
        assert user.pk not in labels
    assert labels[enf.officer1.pk] == "刘执法（执法人员，officer1）"
    assert labels[world.grid_worker.pk] == "张网格（网格员，grid_worker）"


def test_members_list_has_the_filter_box_script_and_works_without_it(world, enf):
    html = world.client(enf.officer1).get(f"{BASE}/new/").content.decode()
    assert "data-filtered-choices" in html
    assert 'src="/static/enforcement/filtered_choices.js"' in html
    assert "cdn" not in html.lower()
    # The plain checkboxes are there for a browser without the script.
    assert 'type="checkbox" name="members"' in html
    script = finders.find("enforcement/filtered_choices.js")
    assert script is not None and "data-filtered-choices" in Path(script).read_text()
    assert settings.STATIC_URL == "/static/"


def test_the_auditor_cannot_be_named_and_nothing_is_written(world, enf):
    patrols, audits = Patrol.objects.count(), AuditEntry.objects.count()
    response = world.client(enf.officer1).post(
        f"{BASE}/new/",
        {
            "started_at": "2020-09-01T09:00",
            "grid": world.a.grid.pk,
            "members": [enf.officer1.pk, world.auditor.pk],
            "route": "幸福路",
            "problems_found": "0",
        },
    )
    assert response.status_code == 400
    with pytest.raises(ValidationError) as exc:
        make_patrol(world, enf, members=[enf.officer1, world.clerk_a])
    assert "须为本街道在用的执法人员或网格员账号" in " ".join(exc.value.messages)
    assert "甲街办公室" in " ".join(exc.value.messages)
    assert (Patrol.objects.count(), AuditEntry.objects.count()) == (patrols, audits)


def test_a_member_on_record_stays_when_no_longer_patrolling(world, enf):
    patrol = make_patrol(world, enf, members=[enf.officer1, enf.officer2])
    User.objects.filter(pk=enf.officer2.pk).update(is_active=False)
    html = world.client(enf.officer1).get(f"{BASE}/{patrol.pk}/edit/").content.decode()
    assert enf.officer2.pk in _member_labels(html)
    patrol_update(patrol, actor=enf.officer1, members=[enf.officer1, enf.officer2], route="改")
    with pytest.raises(ValidationError):
        patrol_update(patrol, actor=enf.officer1, members=[enf.officer1, world.reviewer])


def test_missing_place_said_once_at_the_grid(world, enf):
    response = world.client(enf.officer1).post(
        f"{BASE}/new/",
        {
            "started_at": "2020-09-01T09:00",
            "members": [enf.officer1.pk],
            "route": "幸福路",
            "problems_found": "0",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert html.count(PLACE) == 1
    form = response.context["form"]
    assert form.errors["grid"] == [PLACE]
    assert not form.non_field_errors()
