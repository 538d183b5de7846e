"""Patrols through their services: members of the street, grid or key area, times, the
campaign's period, and the grid worker's own grid. Every refusal writes nothing."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from fazhi.audit.models import Action, AuditEntry
from fazhi.core.services import model_create
from fazhi.enforcement.models import Campaign, Patrol
from fazhi.enforcement.services.patrols import patrol_create, patrol_update
from fazhi.enforcement.tests.report_helpers import at, last_audit, make_patrol

pytestmark = pytest.mark.django_db


def _refused(world, enf, message: str, **fields) -> None:
    patrols, audits = Patrol.objects.count(), AuditEntry.objects.count()
    with pytest.raises(ValidationError) as exc:
        make_patrol(world, enf, **fields)
    assert message in " ".join(exc.value.messages)
    assert Patrol.objects.count() == patrols
    assert AuditEntry.objects.count() == audits


def test_patrol_created_with_members_and_audited(world, enf):
    patrol = make_patrol(world, enf)
    assert set(patrol.members.all()) == {enf.officer1, enf.officer2}
    entry = last_audit()
    assert (entry.action, entry.object_id) == (Action.CREATE, str(patrol.pk))
    assert sorted(entry.changes["after"]["members"]) == sorted([enf.officer1.pk, enf.officer2.pk])


def test_patrol_needs_a_place_members_and_ordered_times(world, enf):
    _refused(world, enf, "请选择巡查的网格或重点区域", grid=None)
    _refused(world, enf, "请选择巡查人员", members=[])
    _refused(world, enf, "结束时间不能早于开始时间", ended_at=at(2020, 9, 1, 8, 0))
    _refused(world, enf, "不能晚于当前时间", started_at=at(2999, 1, 1, 8, 0), ended_at=None)


def test_members_of_another_street_refused(world, enf):
    _refused(world, enf, "乙街执法", members=[enf.officer1, enf.officer_b])


def test_another_streets_grid_refused(world, enf):
    _refused(world, enf, "不属于本街道", grid=world.b.grid)


def test_campaign_period_checked(world, enf):
    campaign = model_create(
        Campaign,
        actor=None,
        data={
            "street": world.a.street,
            "name": "占道经营专项整治",
            "starts_on": date(2020, 10, 1),
            "ends_on": date(2020, 12, 31),
            "goal": "清理占道经营。",
        },
    )
    _refused(world, enf, "不在专项治理", campaign=campaign)
    inside = make_patrol(
        world, enf, campaign=campaign, started_at=at(2020, 10, 8, 9), ended_at=at(2020, 10, 8, 10)
    )
    assert inside.campaign == campaign


def test_key_area_only_patrol(world, enf):
    patrol = make_patrol(world, enf, grid=None, key_area=enf.key_area)
    assert patrol.key_area == enf.key_area and patrol.grid is None


def test_grid_worker_records_only_the_own_grid(world, enf):
    worker = world.grid_worker
    data = {
        "started_at": at(2020, 9, 1, 9),
        "route": "第一网格",
        "members": [worker],
    }
    for grid in (world.a.other_grid, None):
        with pytest.raises(ValidationError, match="只能登记本网格"):
            patrol_create(
                street=world.a.street, actor=worker, grid=grid, key_area=enf.key_area, **data
            )
    assert Patrol.objects.count() == 0
    patrol = patrol_create(street=world.a.street, actor=worker, grid=world.a.grid, **data)
    assert patrol.grid == world.a.grid


def test_update_changes_members_and_refuses_bad_times(world, enf):
    patrol = make_patrol(world, enf)
    patrol_update(patrol, actor=world.clerk_a, members=[enf.officer3], findings="无")
    patrol.refresh_from_db()
    assert list(patrol.members.all()) == [enf.officer3]
    assert last_audit().changes["after"]["members"] == [enf.officer3.pk]
    audits = AuditEntry.objects.count()
    with pytest.raises(ValidationError, match="结束时间不能早于开始时间"):
        patrol_update(patrol, actor=world.clerk_a, ended_at=at(2020, 8, 1, 9))
    with pytest.raises(ValidationError, match="请选择巡查人员"):
        patrol_update(patrol, actor=world.clerk_a, members=[])
    assert AuditEntry.objects.count() == audits
    patrol.refresh_from_db()
    assert list(patrol.members.all()) == [enf.officer3]


def test_a_patrol_reads_as_its_local_chinese_date_time_and_place(world, enf):
    patrol = make_patrol(
        world, enf, started_at=at(2020, 9, 25, 9, 30), ended_at=at(2020, 9, 25, 11, 0)
    )
    assert str(patrol) == f"2020年9月25日 09:30 {world.a.grid}"
    # 01:30 in Beijing is still the day before in UTC: the local day is the one shown.
    early = make_patrol(
        world, enf, started_at=at(2020, 9, 25, 1, 30), ended_at=at(2020, 9, 25, 3, 0)
    )
    assert str(early).startswith("2020年9月25日 01:30 ")
