"""The org records over the API: scope, permissions, writes through the services, errors."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fazhi.audit.models import Action, AuditEntry
from fazhi.org import services
from fazhi.org.models import (
    Department,
    Grid,
    GridWorker,
    LeadingGroupMeeting,
    Village,
)
from fazhi.org.roles import Role
from fazhi.testing import make_user

JSON = "application/json"


def last_audit() -> AuditEntry:
    return AuditEntry.objects.order_by("-seq").first()


def ids(response) -> set[int]:
    return {row["id"] for row in response.json()["results"]}


def street_record_ids(world, records, street: str) -> dict[str, int]:
    """One record of each type in ``street`` ("a" or "b"), by API path."""
    s, r = getattr(world, street), records[street]
    return {
        "streets": s.street.pk,
        "departments": r.department.pk,
        "villages": s.village.pk,
        "grids": s.grid.pk,
        "grid-workers": s.worker.pk,
        "leading-groups": r.group.pk,
        "leading-group-members": r.member.pk,
        "meetings": r.meeting.pk,
    }


PATHS = [
    "streets",
    "departments",
    "villages",
    "grids",
    "grid-workers",
    "leading-groups",
    "leading-group-members",
    "meetings",
]


# --- reading: scope --------------------------------------------------------------------------


@pytest.mark.parametrize("path", PATHS)
def test_list_shows_only_own_streets_records(world, records, path):
    own = street_record_ids(world, records, "b")[path]
    other = street_record_ids(world, records, "a")[path]
    response = world.client(world.clerk_b).get(f"/api/{path}/")
    assert response.status_code == 200
    assert own in ids(response)
    assert other not in ids(response)


@pytest.mark.parametrize("path", PATHS)
def test_another_streets_record_is_404(world, records, path):
    other = street_record_ids(world, records, "a")[path]
    response = world.client(world.clerk_b).get(f"/api/{path}/{other}/")
    assert response.status_code == 404
    assert "不存在或不在您的管辖范围内" in response.json()["detail"]
    own = street_record_ids(world, records, "b")[path]
    assert world.client(world.clerk_b).get(f"/api/{path}/{own}/").json()["id"] == own


def test_grid_worker_sees_only_own_grids_workers(world):
    client = world.client(world.grid_worker)
    response = client.get("/api/grid-workers/")
    assert response.status_code == 200
    assert ids(response) == {world.a.worker.pk}
    assert client.get(f"/api/grid-workers/{world.a.other_worker.pk}/").status_code == 404


def test_grid_worker_may_not_read_departments(world, records):
    response = world.client(world.grid_worker).get("/api/departments/")
    assert response.status_code == 403
    assert response.json()["detail"] == "无权查看部门。"


def test_output_carries_ids_labels_and_local_times(world):
    response = world.client(world.clerk_a).get(f"/api/grid-workers/{world.a.worker.pk}/")
    body = response.json()
    assert body["id"] == world.a.worker.pk
    assert body["label"] == "张网格（street-a-01）"
    assert body["grid"] == world.a.grid.pk
    assert (body["kind"], body["kind_display"]) == ("full_time", "专职")
    assert body["created_at"].endswith("+08:00")


# --- reading: filters, pagination, query count ----------------------------------------------------


def test_search_and_village_filters_narrow_the_list(world):
    street = world.a.street
    village = services.village_create(
        street=street, actor=world.clerk_a, name="新港社区", established_on=date(2020, 1, 1)
    )
    grid = services.grid_create(
        street=street,
        actor=world.clerk_a,
        village=village,
        code="street-a-09",
        name="新港网格",
        established_on=date(2020, 1, 1),
    )
    newcomer = services.grid_worker_create(
        street=street,
        actor=world.clerk_a,
        grid=grid,
        name="赵新港",
        phone="13800000009",
        started_on=date(2020, 2, 1),
    )
    client = world.client(world.clerk_a)
    assert ids(client.get("/api/grid-workers/", {"village": village.pk})) == {newcomer.pk}
    assert ids(client.get("/api/grid-workers/", {"q": "李网格"})) == {world.a.other_worker.pk}
    assert (
        ids(client.get("/api/grid-workers/", {"q": "赵新港", "village": world.a.village.pk}))
        == set()
    )
    assert ids(client.get("/api/villages/", {"kind": "community"})) == {
        world.a.village.pk,
        village.pk,
    }


def test_filter_on_another_streets_village_is_refused(world):
    response = world.client(world.clerk_a).get(
        "/api/grid-workers/", {"village": world.b.village.pk}
    )
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["village"]


def test_cursor_pagination_walks_every_row_once(world):
    for n in range(23):
        services.grid_worker_create(
            street=world.a.street,
            actor=world.clerk_a,
            grid=world.a.grid if n % 2 else world.a.other_grid,
            name=f"网格员{n:02d}",
            phone=f"1370000{n:04d}",
            started_on=date(2020, 1, 1),
        )
    expected = set(GridWorker.objects.for_street(world.a.street).values_list("pk", flat=True))
    client = world.client(world.clerk_a)
    seen: list[int] = []
    url = "/api/grid-workers/?limit=7"
    pages = 0
    while url:
        body = client.get(url).json()
        seen += [row["id"] for row in body["results"]]
        url = body["next"]
        pages += 1
    assert pages == 4  # 25 rows: 7 + 7 + 7 + 4
    assert seen == sorted(seen) and len(seen) == len(set(seen))
    assert set(seen) == expected


def test_next_cursor_keeps_filters(world):
    client = world.client(world.clerk_a)
    first = client.get("/api/grid-workers/", {"limit": 1, "q": "网格"}).json()
    assert "q=" in first["next"]
    second = client.get(
        "/api/grid-workers/", {"limit": 1, "q": "网格", "cursor": first["next_cursor"]}
    ).json()
    assert [r["id"] for r in first["results"] + second["results"]] == [
        world.a.worker.pk,
        world.a.other_worker.pk,
    ]
    assert second["next"] is None


@pytest.mark.parametrize("cursor", ["zzz", "bm90LWEtY3Vyc29y", "YWZ0ZXI6eA"])
def test_malformed_cursor_is_422(world, cursor):
    response = world.client(world.clerk_a).get("/api/grid-workers/", {"cursor": cursor})
    assert response.status_code == 422
    assert "分页游标无效" in response.json()["errors"]["cursor"][0]


@pytest.mark.parametrize(
    "query",
    [lambda world: {"village": world.b.village.pk}, lambda world: {"cursor": "zzz"}],
    ids=["filter on another street's village", "malformed cursor"],
)
def test_a_refused_read_says_the_query_is_wrong_not_that_nothing_was_saved(world, query):
    response = world.client(world.clerk_a).get("/api/grid-workers/", query(world))
    assert response.status_code == 422
    assert response.json()["detail"] == "查询条件有误，请按 errors 中的提示修改。"


def test_page_size_is_bounded(world):
    response = world.client(world.clerk_a).get("/api/grid-workers/", {"limit": 500})
    assert response.status_code == 422
    assert response.json()["errors"] == {"limit": ["不能大于200。"]}


def _list_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("path", ["grid-workers", "meetings", "leading-group-members"])
def test_list_query_count_does_not_grow_with_rows(
    world, records, path, django_assert_max_num_queries
):
    client = world.client(world.clerk_a)
    few = _list_queries(client, f"/api/{path}/")
    for n in range(12):
        services.grid_worker_create(
            street=world.a.street,
            actor=world.clerk_a,
            grid=world.a.grid,
            name=f"网格员{n:02d}",
            phone=f"1360000{n:04d}",
            started_on=date(2020, 1, 1),
        )
        services.meeting_create(
            street=world.a.street,
            actor=world.clerk_a,
            group=records["a"].group,
            title=f"专题会议{n}",
            held_on=date(2020, 5, 1),
            topics="议题",
            attendees=[world.clerk_a, world.leader],
        )
        services.leading_group_member_create(
            street=world.a.street,
            actor=world.clerk_a,
            group=records["a"].group,
            user=world.staff_a,
            position="member",
            appointed_on=date(2020, 1, n + 1),
            left_on=date(2020, 1, n + 1),
        )
    # Session, user, permissions, the rows and (for meetings) their attendees.
    with django_assert_max_num_queries(9):
        many = _list_queries(client, f"/api/{path}/")
    assert many == few


# --- writing: the office -------------------------------------------------------------------------


def test_office_creates_village_through_the_service_with_audit(world):
    client = world.client(world.clerk_a)
    response = client.post(
        "/api/villages/",
        {"name": "新港社区", "kind": "community", "established_on": "2020-03-01"},
        content_type=JSON,
    )
    assert response.status_code == 201
    village = Village.objects.get(name="新港社区")
    assert response.json()["id"] == village.pk
    assert village.street == world.a.street and village.sort_order == 0
    entry = last_audit()
    assert (entry.action, entry.object_id, entry.actor, entry.actor_name) == (
        Action.CREATE,
        str(village.pk),
        world.clerk_a,
        "甲街办公室",
    )
    assert entry.changes["after"]["name"] == "新港社区"


def test_omitted_fields_take_the_models_defaults(world):
    response = world.client(world.clerk_a).post(
        "/api/departments/", {"name": "综合执法队"}, content_type=JSON
    )
    assert response.status_code == 201
    department = Department.objects.get(name="综合执法队")
    assert department.is_active is True and department.sort_order == 0


def test_patch_changes_only_what_is_sent_and_audits_it(world):
    grid = world.a.grid
    response = world.client(world.clerk_a).patch(
        f"/api/grids/{grid.pk}/", {"name": "第一网格（东）"}, content_type=JSON
    )
    assert response.status_code == 200
    assert response.json()["name"] == "第一网格（东）"
    grid.refresh_from_db()
    assert (grid.name, grid.code, grid.village) == (
        "第一网格（东）",
        "street-a-01",
        world.a.village,
    )
    entry = last_audit()
    assert entry.action == Action.UPDATE and entry.actor == world.clerk_a
    assert entry.changes == {"before": {"name": "第一网格"}, "after": {"name": "第一网格（东）"}}


def test_delete_removes_the_record_and_audits_it(world, records):
    department = records["a"].department
    response = world.client(world.clerk_a).delete(f"/api/departments/{department.pk}/")
    assert response.status_code == 204
    assert not Department.objects.filter(pk=department.pk).exists()
    entry = last_audit()
    assert (entry.action, entry.object_id, entry.actor) == (
        Action.DELETE,
        str(department.pk),
        world.clerk_a,
    )


def test_meeting_create_sets_attendees(world, records):
    response = world.client(world.clerk_a).post(
        "/api/meetings/",
        {
            "group": records["a"].group.pk,
            "title": "专题会议",
            "kind": "topical",
            "held_on": "2020-06-01",
            "topics": "研究重大行政决策事项",
            "attendees": [world.clerk_a.pk, world.leader.pk],
        },
        content_type=JSON,
    )
    assert response.status_code == 201
    meeting = LeadingGroupMeeting.objects.get(title="专题会议")
    assert set(meeting.attendees.all()) == {world.clerk_a, world.leader}
    assert sorted(response.json()["attendees"]) == sorted([world.clerk_a.pk, world.leader.pk])
    assert last_audit().changes["after"]["attendees"] == sorted([world.clerk_a.pk, world.leader.pk])


# --- writing: refused ---------------------------------------------------------------------------


@pytest.mark.parametrize("user", ["leader", "staff_a", "reviewer"])
def test_read_only_roles_get_403_and_nothing_is_written(world, records, user):
    client = world.client(getattr(world, user))
    department = records["a"].department
    before = (Department.objects.count(), AuditEntry.objects.count())
    assert client.get(f"/api/departments/{department.pk}/").status_code == 200
    created = client.post("/api/departments/", {"name": "新部门"}, content_type=JSON)
    changed = client.patch(
        f"/api/departments/{department.pk}/", {"name": "改名"}, content_type=JSON
    )
    deleted = client.delete(f"/api/departments/{department.pk}/")
    assert [created.status_code, changed.status_code, deleted.status_code] == [403, 403, 403]
    assert [r.json()["detail"] for r in (created, changed, deleted)] == [
        "无权新增部门。",
        "无权修改部门。",
        "无权删除部门。",
    ]
    department.refresh_from_db()
    assert department.name == "甲街司法所"
    assert (Department.objects.count(), AuditEntry.objects.count()) == before


def test_office_of_another_street_gets_404_on_writes(world):
    client = world.client(world.clerk_b)
    grid = world.a.grid
    before = AuditEntry.objects.count()
    assert (
        client.patch(f"/api/grids/{grid.pk}/", {"name": "x"}, content_type=JSON).status_code == 404
    )
    assert client.delete(f"/api/grids/{grid.pk}/").status_code == 404
    grid.refresh_from_db()
    assert grid.name == "第一网格" and AuditEntry.objects.count() == before


def test_bad_input_is_422_in_chinese_and_writes_nothing(world):
    before = (Village.objects.count(), AuditEntry.objects.count())
    response = world.client(world.clerk_a).post(
        "/api/villages/",
        {"name": "", "kind": "castle", "established_on": "2020-13-45", "households": -1},
        content_type=JSON,
    )
    assert response.status_code == 422
    body = response.json()
    assert body["detail"].startswith("提交的内容有误，未保存")
    assert body["errors"]["kind"] == ["请从以下选项中选择：'village'、'community'。"]
    assert body["errors"]["established_on"] == ["请输入有效的日期，格式为 YYYY-MM-DD。"]
    assert body["errors"]["households"] == ["不能小于0。"]
    assert (Village.objects.count(), AuditEntry.objects.count()) == before


def test_missing_required_field_and_blank_name_are_named(world):
    client = world.client(world.clerk_a)
    missing = client.post("/api/villages/", {"name": "新港社区"}, content_type=JSON)
    assert missing.json()["errors"] == {"established_on": ["这个字段是必填项。"]}
    blank = client.post(
        "/api/villages/", {"name": "  ", "established_on": "2020-01-01"}, content_type=JSON
    )
    assert blank.status_code == 422
    assert blank.json()["errors"] == {"name": ["这个字段是必填项。"]}
    assert not Village.objects.filter(established_on=date(2020, 1, 1)).exists()


def test_unknown_field_is_refused_not_ignored(world):
    response = world.client(world.clerk_a).patch(
        f"/api/grids/{world.a.grid.pk}/", {"street": world.b.street.pk}, content_type=JSON
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {"street": ["不是可以提交的字段。"]}
    world.a.grid.refresh_from_db()
    assert world.a.grid.street == world.a.street


def test_rules_of_the_model_come_back_per_field(world):
    response = world.client(world.clerk_a).patch(
        f"/api/grids/{world.a.grid.pk}/", {"dissolved_on": "2018-01-01"}, content_type=JSON
    )
    assert response.status_code == 422
    assert "撤销日期不能早于划定日期" in str(response.json()["errors"])
    world.a.grid.refresh_from_db()
    assert world.a.grid.dissolved_on is None


def test_duplicate_name_is_refused(world):
    response = world.client(world.clerk_a).post(
        "/api/villages/",
        {"name": world.a.village.name, "established_on": "2020-01-01"},
        content_type=JSON,
    )
    assert response.status_code == 422
    assert "本街道已有村居名称相同的村居" in str(response.json()["errors"])
    assert Village.objects.filter(name=world.a.village.name).count() == 1


def test_related_record_of_another_street_is_refused(world):
    before = (Grid.objects.count(), AuditEntry.objects.count())
    response = world.client(world.clerk_a).post(
        "/api/grids/",
        {
            "village": world.b.village.pk,
            "code": "street-a-07",
            "name": "越界网格",
            "established_on": "2020-01-01",
        },
        content_type=JSON,
    )
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["village"]
    assert (Grid.objects.count(), AuditEntry.objects.count()) == before


def test_meeting_attendee_of_another_street_is_refused(world, records):
    response = world.client(world.clerk_a).patch(
        f"/api/meetings/{records['a'].meeting.pk}/",
        {"attendees": [world.clerk_a.pk, world.clerk_b.pk]},
        content_type=JSON,
    )
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["attendees"]
    assert list(records["a"].meeting.attendees.all()) == [world.clerk_a]


def test_service_refusal_is_422_and_deletes_nothing(world):
    village = world.a.village
    response = world.client(world.clerk_a).delete(f"/api/villages/{village.pk}/")
    assert response.status_code == 422
    assert "仍被网格使用，不能删除" in response.json()["detail"]
    assert Village.objects.filter(pk=village.pk).exists()


def test_account_without_street_cannot_create(world):
    homeless = make_user("homeless", None, [Role.OFFICE])
    response = world.client(homeless).post(
        "/api/departments/", {"name": "无主部门"}, content_type=JSON
    )
    assert response.status_code == 422
    assert response.json()["detail"] == "您的账号未归属任何街道，不能新增记录。"
    assert not Department.objects.filter(name="无主部门").exists()


def test_streets_are_read_only(world):
    client = world.client(world.clerk_a)
    url = f"/api/streets/{world.a.street.pk}/"
    assert client.get(url).json()["name"] == "甲街"
    response = client.patch(url, {"name": "改名"}, content_type=JSON)
    assert response.status_code == 405
    assert response.json()["detail"] == "该地址不支持此请求方法。"
    assert "GET" in response["Allow"]


def test_unreadable_body_is_400(world):
    before = Department.objects.count()
    response = world.client(world.clerk_a).post("/api/departments/", "{name:", content_type=JSON)
    assert response.status_code == 400
    assert "JSON" in response.json()["detail"]
    assert Department.objects.count() == before
