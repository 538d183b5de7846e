"""Patrol pages: the list (filters, export), the record with its reports and cases, create and
edit; the grid worker sees and records only the own grid's patrols."""

from __future__ import annotations

import pytest

from fazhi.audit.models import Action, AuditEntry
from fazhi.enforcement.models import Patrol, Report
from fazhi.enforcement.tests.report_helpers import at, last_audit, make_patrol, make_report

pytestmark = pytest.mark.django_db

BASE = "/office/enforcement/patrol"


def _form(world, enf, **changes):
    return {
        "started_at": "2020-09-01T09:00",
        "ended_at": "2020-09-01T11:30",
        "grid": world.a.grid.pk,
        "members": [enf.officer1.pk, enf.officer2.pk],
        "route": "幸福路—光明大道—花园路",
        "findings": "发现占道经营两处，已劝离。",
        "problems_found": "2",
        **changes,
    }


def test_officer_creates_a_patrol(world, enf):
    client = world.client(enf.officer1)
    assert client.get(f"{BASE}/new/").status_code == 200
    response = client.post(f"{BASE}/new/", _form(world, enf))
    assert response.status_code == 302
    patrol = Patrol.objects.get()
    assert patrol.street == world.a.street
    assert set(patrol.members.all()) == {enf.officer1, enf.officer2}
    assert patrol.started_at == at(2020, 9, 1, 9, 0)
    entry = last_audit()
    assert (entry.action, entry.object_id, entry.actor) == (
        Action.CREATE,
        str(patrol.pk),
        enf.officer1,
    )


def test_bad_input_chinese_errors_nothing_written(world, enf):
    client = world.client(enf.officer1)
    audits = AuditEntry.objects.count()
    response = client.post(f"{BASE}/new/", _form(world, enf, grid="", key_area=""))
    assert response.status_code == 400
    assert "请选择巡查的网格或重点区域" in response.content.decode()
    response = client.post(f"{BASE}/new/", _form(world, enf, ended_at="2020-09-01T08:00"))
    assert response.status_code == 400
    assert "结束时间不能早于开始时间" in response.content.decode()
    response = client.post(f"{BASE}/new/", _form(world, enf, members=[enf.officer_b.pk]))
    assert response.status_code == 400
    assert Patrol.objects.count() == 0
    assert AuditEntry.objects.count() == audits


def test_detail_lists_reports_and_edit(world, enf):
    patrol = make_patrol(world, enf)
    make_report(world, enf, actor=world.clerk_a, source=Report.Source.PATROL, patrol=patrol)
    client = world.client(enf.officer1)
    response = client.get(f"{BASE}/{patrol.pk}/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "幸福路12号门前" in content and "上报巡查发现的问题" in content
    response = client.post(f"{BASE}/{patrol.pk}/edit/", _form(world, enf, findings="已整改。"))
    assert response.status_code == 302
    patrol.refresh_from_db()
    assert patrol.findings == "已整改。"
    assert last_audit().action == Action.UPDATE


def test_other_street_404_read_only_403_wrong_method(world, enf):
    patrol = make_patrol(world, enf)
    assert world.client(world.clerk_b).get(f"{BASE}/{patrol.pk}/").status_code == 404
    leader = world.client(world.leader)
    assert leader.get(f"{BASE}/{patrol.pk}/").status_code == 200
    assert leader.post(f"{BASE}/{patrol.pk}/edit/", _form(world, enf)).status_code == 403
    assert leader.post(f"{BASE}/new/", _form(world, enf)).status_code == 403
    assert world.client(world.reviewer).get(f"{BASE}/").status_code == 403
    assert world.client(enf.officer1).post(f"{BASE}/{patrol.pk}/delete/").status_code == 404
    assert world.client(enf.officer1).post(f"{BASE}/").status_code == 405
    assert Patrol.objects.count() == 1


def test_filters_and_export(world, enf):
    first = make_patrol(world, enf)
    second = make_patrol(
        world,
        enf,
        grid=None,
        key_area=enf.key_area,
        members=[enf.officer3],
        started_at=at(2020, 9, 20, 9),
        ended_at=at(2020, 9, 20, 10),
    )
    client = world.client(world.clerk_a)

    def listed(query: str) -> set[int]:
        response = client.get(f"{BASE}/?{query}")
        assert response.status_code == 200
        return {obj.pk for obj, _values in response.context["rows"]}

    assert listed("") == {first.pk, second.pk}
    assert listed(f"key_area={enf.key_area.pk}") == {second.pk}
    assert listed(f"grid={world.a.grid.pk}") == {first.pk}
    assert listed(f"member={enf.officer3.pk}") == {second.pk}
    assert listed("date_from=2020-09-10") == {second.pk}
    assert listed("date_to=2020-09-10") == {first.pk}
    response = client.get(f"{BASE}/?key_area={enf.key_area.pk}&format=xlsx")
    assert response.status_code == 200
    assert last_audit().action == Action.EXPORT


def test_grid_worker_sees_and_records_only_the_own_grid(world, enf):
    own = make_patrol(world, enf)
    other = make_patrol(world, enf, grid=world.a.other_grid)
    client = world.client(world.grid_worker)
    response = client.get(f"{BASE}/")
    assert {obj.pk for obj, _values in response.context["rows"]} == {own.pk}
    assert client.get(f"{BASE}/{other.pk}/").status_code == 404
    assert client.get(f"{BASE}/{own.pk}/").status_code == 200
    # The form offers the own grid only; another grid posted anyway is refused.
    response = client.get(f"{BASE}/new/")
    assert list(response.context["form"].fields["grid"].queryset) == [world.a.grid]
    data = _form(world, enf, members=[world.grid_worker.pk])
    response = client.post(f"{BASE}/new/", {**data, "grid": world.a.other_grid.pk})
    assert response.status_code == 400
    response = client.post(f"{BASE}/new/", {**data, "grid": "", "key_area": enf.key_area.pk})
    assert response.status_code == 400
    assert "只能登记本网格的巡查" in response.content.decode()
    assert Patrol.objects.count() == 2
    assert client.post(f"{BASE}/new/", data).status_code == 302
    assert Patrol.objects.filter(grid=world.a.grid).count() == 2
    # No right to change a patrol.
    assert client.post(f"{BASE}/{own.pk}/edit/", data).status_code == 403
