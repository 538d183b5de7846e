"""What a request body may say: a PATCH writes and re-checks only the fields it sends; null is
accepted only where the record may be empty; no type is guessed (true is not an id, "yes" is not
a yes); ids are bounded."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from fazhi.audit.models import AuditEntry
from fazhi.org import services
from fazhi.org.api import RESOURCES
from fazhi.org.models import Department, Grid, LeadingGroupMeeting, Village
from fazhi.org.roles import Role

JSON = "application/json"
BIGGEST_ID = 2**63 - 1
NULL_REFUSED = "不能为 null：要保留原值（新增时为默认值），请不要提交此字段。"
NULL_REFUSED_TEXT = (
    '不能为 null：要清空请提交空字符串 ""；要保留原值（新增时为默认值），请不要提交此字段。'
)


def last_audit() -> AuditEntry:
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry is not None
    return entry


def resource(path: str) -> Any:
    return next(r for r in RESOURCES if r.path == path)


# --- PATCH writes only what it sends ----------------------------------------------------------------


def test_patch_keeps_a_change_made_by_someone_else_meanwhile(world, records, monkeypatch):
    department = records["a"].department
    departments = resource("departments")
    service = departments.update

    def after_someone_else(instance: Any, **kwargs: Any) -> Any:
        # Another request changes the head after this one has read the record.
        Department.objects.filter(pk=instance.pk).update(head_name="李所长")
        return service(instance, **kwargs)

    monkeypatch.setattr(departments, "update", after_someone_else)
    response = world.client(world.clerk_a).patch(
        f"/api/departments/{department.pk}/", {"name": "甲街司法所（新）"}, content_type=JSON
    )
    assert response.status_code == 200
    department.refresh_from_db()
    assert (department.name, department.head_name) == ("甲街司法所（新）", "李所长")
    assert last_audit().changes == {
        "before": {"name": "甲街司法所"},
        "after": {"name": "甲街司法所（新）"},
    }


def test_patch_keeps_attendees_added_meanwhile(world, records, monkeypatch):
    meeting = records["a"].meeting
    meetings = resource("meetings")
    service = meetings.update

    def after_someone_else(instance: Any, **kwargs: Any) -> Any:
        instance.attendees.add(world.leader)
        return service(instance, **kwargs)

    monkeypatch.setattr(meetings, "update", after_someone_else)
    response = world.client(world.clerk_a).patch(
        f"/api/meetings/{meeting.pk}/", {"place": "三楼会议室"}, content_type=JSON
    )
    assert response.status_code == 200
    assert set(meeting.attendees.all()) == {world.clerk_a, world.leader}
    assert sorted(response.json()["attendees"]) == sorted([world.clerk_a.pk, world.leader.pk])


def test_patch_is_not_refused_for_a_linked_account_that_lost_its_role(world):
    worker = world.a.worker
    services.record_update(worker, actor=world.clerk_a, user=world.grid_worker)
    services.user_set_roles(world.grid_worker, roles=[Role.DEPARTMENT_STAFF], actor=world.secadmin)
    client = world.client(world.clerk_a)
    response = client.patch(
        f"/api/grid-workers/{worker.pk}/", {"note": "已转岗"}, content_type=JSON
    )
    assert response.status_code == 200, response.json()
    worker.refresh_from_db()
    assert (worker.note, worker.user) == ("已转岗", world.grid_worker)
    # Sending the account again is checked as on the page: it is no longer a grid worker's.
    resent = client.patch(
        f"/api/grid-workers/{worker.pk}/", {"user": world.grid_worker.pk}, content_type=JSON
    )
    assert resent.status_code == 422
    assert list(resent.json()["errors"]) == ["user"]


@pytest.mark.parametrize(
    "change",
    [{"is_active": False}, {"street": "b"}],
    ids=["attendee deactivated", "attendee moved to another street"],
)
def test_patch_is_not_refused_for_an_attendee_who_has_since_left(world, records, change):
    meeting = records["a"].meeting
    services.meeting_update(meeting, actor=world.clerk_a, attendees=[world.clerk_a, world.leader])
    if "street" in change:
        change = {"street": world.b.street}
    services.user_update(world.leader, actor=world.secadmin, **change)
    response = world.client(world.clerk_a).patch(
        f"/api/meetings/{meeting.pk}/", {"title": "2020年第一次全体会议（扩大）"}, content_type=JSON
    )
    assert response.status_code == 200, response.json()
    meeting.refresh_from_db()
    assert meeting.title == "2020年第一次全体会议（扩大）"
    assert set(meeting.attendees.all()) == {world.clerk_a, world.leader}


def test_patch_still_runs_the_records_own_rules_on_the_whole_record(world):
    grid = world.a.grid
    response = world.client(world.clerk_a).patch(
        f"/api/grids/{grid.pk}/", {"established_on": "2030-01-01"}, content_type=JSON
    )
    assert response.status_code == 200
    services.record_update(grid, actor=world.clerk_a, dissolved_on=date(2030, 6, 1))
    earlier = world.client(world.clerk_a).patch(
        f"/api/grids/{grid.pk}/", {"established_on": "2031-01-01"}, content_type=JSON
    )
    assert earlier.status_code == 422
    assert "撤销日期不能早于划定日期" in str(earlier.json()["errors"])
    grid.refresh_from_db()
    assert grid.established_on == date(2030, 1, 1)


def test_patch_answers_the_records_own_rule_on_a_field_not_sent(world):
    worker = world.a.worker
    services.record_update(worker, actor=world.clerk_a, user=world.grid_worker)
    services.user_update(world.grid_worker, actor=world.secadmin, grid=world.a.other_grid)
    before = AuditEntry.objects.count()
    response = world.client(world.clerk_a).patch(
        f"/api/grid-workers/{worker.pk}/", {"note": "已调网格"}, content_type=JSON
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "user": ["所选账号属于其他网格，不能关联到本网格的网格员。"]
    }
    worker.refresh_from_db()
    assert worker.note == "" and AuditEntry.objects.count() == before


# --- null ---------------------------------------------------------------------------------------------


def test_null_on_create_is_refused_not_read_as_false(world):
    before = (Department.objects.count(), AuditEntry.objects.count())
    response = world.client(world.clerk_a).post(
        "/api/departments/",
        {"name": "综合执法队", "is_active": None, "sort_order": None, "head_name": None},
        content_type=JSON,
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "is_active": [NULL_REFUSED],
        "sort_order": [NULL_REFUSED],
        "head_name": [NULL_REFUSED_TEXT],
    }
    assert (Department.objects.count(), AuditEntry.objects.count()) == before


def test_null_for_a_required_field_is_a_missing_field(world):
    before = Grid.objects.count()
    response = world.client(world.clerk_a).post(
        "/api/grids/",
        {"village": None, "code": None, "name": "新网格", "established_on": None},
        content_type=JSON,
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "village": ["这个字段是必填项。"],
        "code": ["这个字段是必填项。"],
        "established_on": ["这个字段是必填项。"],
    }
    assert Grid.objects.count() == before


@pytest.mark.parametrize(
    ("path", "body", "message"),
    [
        ("departments", {"is_active": None}, NULL_REFUSED),
        ("departments", {"sort_order": None}, NULL_REFUSED),
        ("departments", {"phone": None}, NULL_REFUSED_TEXT),
        ("meetings", {"attendees": None}, NULL_REFUSED),
        ("meetings", {"group": None}, NULL_REFUSED),
    ],
    ids=["is_active", "sort_order", "phone", "attendees", "group"],
)
def test_null_on_patch_is_refused_and_changes_nothing(world, records, path, body, message):
    record = {"departments": records["a"].department, "meetings": records["a"].meeting}[path]
    before = AuditEntry.objects.count()
    response = world.client(world.clerk_a).patch(
        f"/api/{path}/{record.pk}/", body, content_type=JSON
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {next(iter(body)): [message]}
    assert AuditEntry.objects.count() == before
    department = Department.objects.get(pk=records["a"].department.pk)
    assert (department.is_active, department.sort_order) == (True, 0)
    assert list(LeadingGroupMeeting.objects.get(pk=records["a"].meeting.pk).attendees.all()) == [
        world.clerk_a
    ]


def test_null_empties_a_field_that_may_be_empty(world):
    village = world.a.village
    services.record_update(
        village, actor=world.clerk_a, dissolved_on=date(2024, 1, 1), households=120
    )
    response = world.client(world.clerk_a).patch(
        f"/api/villages/{village.pk}/",
        {"dissolved_on": None, "households": None},
        content_type=JSON,
    )
    assert response.status_code == 200
    village.refresh_from_db()
    assert (village.dissolved_on, village.households) == (None, None)


def test_null_unlinks_a_grid_workers_account(world):
    worker = world.a.worker
    services.record_update(worker, actor=world.clerk_a, user=world.grid_worker)
    response = world.client(world.clerk_a).patch(
        f"/api/grid-workers/{worker.pk}/", {"user": None}, content_type=JSON
    )
    assert response.status_code == 200
    worker.refresh_from_db()
    assert worker.user is None


def test_schema_offers_null_only_where_the_record_may_be_empty(world):
    schema = world.client(world.clerk_a).get("/api/openapi.json").json()["components"]["schemas"]
    patch = schema["DepartmentPatch"]["properties"]
    assert patch["is_active"]["type"] == "boolean" and "default" not in patch["is_active"]
    assert "anyOf" not in patch["sort_order"]
    create = schema["DepartmentCreate"]["properties"]
    assert (create["is_active"]["default"], create["sort_order"]["default"]) == (True, 0)
    village = schema["VillagePatch"]["properties"]["dissolved_on"]
    assert {"type": "null"} in village["anyOf"]


# --- no guessing at types ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        ({"is_active": "yes"}, {"is_active": ["须为 true 或 false。"]}),
        ({"is_active": 1}, {"is_active": ["须为 true 或 false。"]}),
        ({"sort_order": True}, {"sort_order": ["须为整数。"]}),
        ({"sort_order": "3"}, {"sort_order": ["须为整数。"]}),
        ({"sort_order": 2.0}, {"sort_order": ["须为整数。"]}),
        ({"name": 12}, {"name": ["须为文本。"]}),
    ],
    ids=["yes", "1 for true", "true for 1", "text for a number", "2.0", "number for text"],
)
def test_values_of_another_type_are_refused(world, records, body, errors):
    department = records["a"].department
    response = world.client(world.clerk_a).patch(
        f"/api/departments/{department.pk}/", body, content_type=JSON
    )
    assert response.status_code == 422
    assert response.json()["errors"] == errors
    department.refresh_from_db()
    assert (department.name, department.is_active, department.sort_order) == (
        "甲街司法所",
        True,
        0,
    )


def test_true_is_not_the_record_with_id_1(world):
    before = Grid.objects.count()
    response = world.client(world.clerk_a).post(
        "/api/grids/",
        {"village": True, "code": "street-a-08", "name": "真网格", "established_on": "2020-01-01"},
        content_type=JSON,
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {"village": ["须为整数。"]}
    assert Grid.objects.count() == before


@pytest.mark.parametrize(
    "value",
    [0, "0", "1577836800", "2020-1-1", 20200101],
    ids=["number 0", "text 0", "timestamp", "no leading zeros", "number 20200101"],
)
def test_dates_are_only_read_as_year_month_day(world, value):
    before = Village.objects.count()
    response = world.client(world.clerk_a).post(
        "/api/villages/", {"name": "新港社区", "established_on": value}, content_type=JSON
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "established_on": ["请输入有效的日期，格式为 YYYY-MM-DD。"]
    }
    assert Village.objects.count() == before


# --- ids ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "key", "message"),
    [
        ("attendees", [BIGGEST_ID + 1], "attendees.0", f"不能大于{BIGGEST_ID}。"),
        ("attendees", [0], "attendees.0", "不能小于1。"),
        ("group", BIGGEST_ID + 1, "group", f"不能大于{BIGGEST_ID}。"),
        ("chaired_by", BIGGEST_ID + 1, "chaired_by", f"不能大于{BIGGEST_ID}。"),
    ],
    ids=["attendee past 2**63-1", "attendee 0", "group past 2**63-1", "chair past 2**63-1"],
)
def test_an_id_out_of_range_is_422_not_a_server_error(world, records, field, value, key, message):
    before = (LeadingGroupMeeting.objects.count(), AuditEntry.objects.count())
    body = {
        "group": records["a"].group.pk,
        "title": "专题会议",
        "held_on": "2020-06-01",
        "topics": "研究重大行政决策事项",
        field: value,
    }
    response = world.client(world.clerk_a).post("/api/meetings/", body, content_type=JSON)
    assert response.status_code == 422
    assert response.json()["errors"] == {key: [message]}
    assert (LeadingGroupMeeting.objects.count(), AuditEntry.objects.count()) == before


def test_a_big_id_in_a_patch_is_422(world, records):
    meeting = records["a"].meeting
    before = AuditEntry.objects.count()
    response = world.client(world.clerk_a).patch(
        f"/api/meetings/{meeting.pk}/", {"attendees": [BIGGEST_ID + 1]}, content_type=JSON
    )
    assert response.status_code == 422
    assert list(meeting.attendees.all()) == [world.clerk_a]
    assert AuditEntry.objects.count() == before
