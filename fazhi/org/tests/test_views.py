"""Back-office pages of people and places: success, wrong method, other street, role, bad input."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.audit.models import Action, AuditEntry
from fazhi.org.models import Grid, GridWorker, LeadingGroupMeeting, User, Village
from fazhi.org.services import leading_group_create


def last_audit() -> AuditEntry:
    return AuditEntry.objects.order_by("-seq").first()


LIST_URLS = [
    "/office/org/department/",
    "/office/org/village/",
    "/office/org/grid/",
    "/office/org/gridworker/",
    "/office/org/leadinggroup/",
    "/office/org/leadinggroupmember/",
    "/office/org/leadinggroupmeeting/",
]


@pytest.mark.parametrize("url", LIST_URLS)
def test_lists_open_for_office_and_need_login(world, anon, url):
    assert world.client(world.clerk_a).get(url).status_code == 200
    response = anon.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_village_create_writes_record_and_audit(world):
    client = world.client(world.clerk_a)
    response = client.post(
        "/office/org/village/new/",
        {"name": "新港社区", "kind": "community", "established_on": "2020-03-01", "sort_order": 3},
    )
    village = Village.objects.get(name="新港社区")
    assert (
        response.status_code == 302 and response["Location"] == f"/office/org/village/{village.pk}/"
    )
    assert village.street == world.a.street
    entry = last_audit()
    assert (entry.action, entry.object_id, entry.actor) == (
        Action.CREATE,
        str(village.pk),
        world.clerk_a,
    )
    assert entry.changes["after"]["name"] == "新港社区"


def test_bad_input_shows_chinese_error_and_writes_nothing(world):
    client = world.client(world.clerk_a)
    before = (Village.objects.count(), AuditEntry.objects.count())
    response = client.post(
        "/office/org/village/new/",
        {"name": "", "kind": "castle", "established_on": "2020-13-45"},
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "这个字段是必填项" in text
    assert "提交的内容有误，未保存" in text
    assert (Village.objects.count(), AuditEntry.objects.count()) == before


def test_duplicate_name_is_refused_in_chinese(world):
    client = world.client(world.clerk_a)
    response = client.post(
        "/office/org/village/new/",
        {"name": world.a.village.name, "kind": "community", "established_on": "2020-01-01"},
    )
    assert response.status_code == 400
    assert "本街道已有村居名称相同的村居" in response.content.decode()
    assert Village.objects.filter(name=world.a.village.name).count() == 1


def test_dates_in_wrong_order_are_refused(world):
    client = world.client(world.clerk_a)
    response = client.post(
        f"/office/org/grid/{world.a.grid.pk}/edit/",
        {
            "village": world.a.village.pk,
            "code": world.a.grid.code,
            "name": "第一网格",
            "established_on": "2019-01-01",
            "dissolved_on": "2018-01-01",
        },
    )
    assert response.status_code == 400
    assert "撤销日期不能早于划定日期" in response.content.decode()
    world.a.grid.refresh_from_db()
    assert world.a.grid.dissolved_on is None


def test_update_audits_only_changed_fields(world):
    client = world.client(world.clerk_a)
    grid = world.a.grid
    response = client.post(
        f"/office/org/grid/{grid.pk}/edit/",
        {
            "village": world.a.village.pk,
            "code": grid.code,
            "name": "第一网格（东）",
            "area_description": "",
            "established_on": "2019-01-01",
        },
    )
    assert response.status_code == 302
    grid.refresh_from_db()
    assert grid.name == "第一网格（东）"
    entry = last_audit()
    assert entry.action == Action.UPDATE and entry.actor == world.clerk_a
    assert entry.changes == {"before": {"name": "第一网格"}, "after": {"name": "第一网格（东）"}}


def test_other_streets_records_are_404_everywhere(world):
    client = world.client(world.clerk_b)
    grid = world.a.grid
    for url in (
        f"/office/org/grid/{grid.pk}/",
        f"/office/org/grid/{grid.pk}/edit/",
        f"/office/org/grid/{grid.pk}/delete/",
        f"/office/org/village/{world.a.village.pk}/",
        f"/office/org/gridworker/{world.a.worker.pk}/",
    ):
        assert client.get(url).status_code == 404, url
    response = client.post(
        f"/office/org/grid/{grid.pk}/edit/",
        {
            "village": world.a.village.pk,
            "code": "X",
            "name": "改名",
            "established_on": "2019-01-01",
        },
    )
    assert response.status_code == 404
    assert client.post(f"/office/org/grid/{grid.pk}/delete/").status_code == 404
    grid.refresh_from_db()
    assert grid.name == "第一网格" and Grid.objects.filter(pk=grid.pk).exists()


def test_other_streets_records_never_listed(world):
    text = world.client(world.clerk_b).get("/office/org/grid/").content.decode()
    assert world.b.grid.code in text and world.a.grid.code not in text


def test_linking_another_streets_village_is_refused(world):
    client = world.client(world.clerk_a)
    response = client.post(
        "/office/org/grid/new/",
        {
            "village": world.b.village.pk,
            "code": "A-99",
            "name": "越界网格",
            "established_on": "2020-01-01",
        },
    )
    assert response.status_code == 400
    assert not Grid.objects.filter(code="A-99").exists()


def test_read_only_role_gets_403_on_writes(world):
    client = world.client(world.leader)
    grid = world.a.grid
    assert client.get(f"/office/org/grid/{grid.pk}/").status_code == 200
    assert client.get("/office/org/grid/new/").status_code == 403
    assert client.get(f"/office/org/grid/{grid.pk}/edit/").status_code == 403
    response = client.post(f"/office/org/grid/{grid.pk}/delete/")
    assert response.status_code == 403
    assert "无权" in response.content.decode()
    assert Grid.objects.filter(pk=grid.pk).exists()


def test_auditor_cannot_read_org_records(world):
    client = world.client(world.auditor)
    assert client.get("/office/org/grid/").status_code == 403


def test_wrong_method_is_405(world):
    client = world.client(world.clerk_a)
    assert client.post("/office/org/grid/").status_code == 405
    assert client.put(f"/office/org/grid/{world.a.grid.pk}/edit/").status_code == 405
    assert client.delete(f"/office/org/grid/{world.a.grid.pk}/").status_code == 405


def test_grid_worker_sees_only_own_grid(world):
    client = world.client(world.grid_worker)
    text = client.get("/office/org/gridworker/").content.decode()
    assert world.a.worker.phone in text and world.a.other_worker.phone not in text
    assert client.get(f"/office/org/gridworker/{world.a.other_worker.pk}/").status_code == 404
    assert client.get(f"/office/org/grid/{world.a.other_grid.pk}/").status_code == 404
    assert client.get(f"/office/org/grid/{world.a.grid.pk}/").status_code == 200
    assert client.get("/office/org/leadinggroupmeeting/").status_code == 403


def test_delete_in_use_is_refused_with_reason(world):
    client = world.client(world.clerk_a)
    response = client.post(f"/office/org/grid/{world.a.grid.pk}/delete/")
    assert response.status_code == 400
    assert "仍被" in response.content.decode()
    assert Grid.objects.filter(pk=world.a.grid.pk).exists()


def test_delete_writes_audit_row(world):
    client = world.client(world.clerk_a)
    village = Village.objects.create(
        street=world.a.street, name="待删社区", established_on=date(2020, 1, 1)
    )
    response = client.post(f"/office/org/village/{village.pk}/delete/")
    assert response.status_code == 302
    assert not Village.objects.filter(pk=village.pk).exists()
    entry = last_audit()
    assert (entry.action, entry.object_id, entry.object_repr) == (
        Action.DELETE,
        str(village.pk),
        "待删社区",
    )


def test_meeting_with_attendees_of_own_street_only(world):
    client = world.client(world.clerk_a)
    group = leading_group_create(
        street=world.a.street, actor=world.clerk_a, name="领导小组", established_on=date(2019, 1, 1)
    )
    data = {
        "group": group.pk,
        "title": "专题会议",
        "kind": "topical",
        "held_on": "2020-05-01",
        "topics": "研究法治政府建设",
        "attendees": [world.leader.pk, world.clerk_b.pk],
    }
    response = client.post("/office/org/leadinggroupmeeting/new/", data)
    assert response.status_code == 400
    assert not LeadingGroupMeeting.objects.exists()
    data["attendees"] = [world.leader.pk, world.reviewer.pk]
    response = client.post("/office/org/leadinggroupmeeting/new/", data)
    assert response.status_code == 302
    meeting = LeadingGroupMeeting.objects.get()
    assert set(meeting.attendees.all()) == {world.leader, world.reviewer}
    assert last_audit().changes["after"]["attendees"] == sorted(
        [world.leader.pk, world.reviewer.pk]
    )


def test_filters_and_export_follow_the_same_rows(world):
    from io import BytesIO

    from openpyxl import load_workbook

    client = world.client(world.clerk_a)
    text = client.get("/office/org/gridworker/", {"grid": world.a.other_grid.pk}).content.decode()
    assert world.a.other_worker.phone in text and world.a.worker.phone not in text
    response = client.get(
        "/office/org/gridworker/", {"grid": world.a.other_grid.pk, "format": "xlsx"}
    )
    assert response.status_code == 200
    book = load_workbook(BytesIO(response.content))
    rows = list(book.active.iter_rows(values_only=True))
    phones = [cell for row in rows for cell in row if cell and str(cell).startswith("1")]
    assert phones == [world.a.other_worker.phone]
    assert any(row[0] == "筛选条件" for row in book["说明"].iter_rows(values_only=True))
    assert last_audit().action == Action.EXPORT


def test_invalid_filter_shows_error_not_all_rows(world):
    response = world.client(world.clerk_a).get("/office/org/gridworker/", {"grid": "abc"})
    assert response.status_code == 400
    assert world.a.worker.phone not in response.content.decode()


def test_list_query_count_is_pinned(world, django_assert_max_num_queries):
    for n in range(30):
        GridWorker.objects.create(
            street=world.a.street,
            grid=world.a.grid,
            name=f"网格员{n}",
            phone=f"137{n:08d}",
            started_on=date(2020, 1, 1),
        )
    client = world.client(world.clerk_a)
    client.get("/office/org/gridworker/")
    # Session, user, two permission lookups, count, rows, the user's street and roles for the
    # header, the village and grid choices of the filter bar, and the session save: constant,
    # whatever the number of rows.
    with django_assert_max_num_queries(13):
        response = client.get("/office/org/gridworker/")
    assert response.status_code == 200


def test_street_page_edit_by_office_read_by_leader(world):
    client = world.client(world.clerk_a)
    response = client.post(
        "/office/org/street/", {"name": "甲街", "phone": "022-63212348", "address": "甲街1号"}
    )
    assert response.status_code == 302
    world.a.street.refresh_from_db()
    assert world.a.street.address == "甲街1号"
    leader = world.client(world.leader)
    assert leader.get("/office/org/street/").status_code == 200
    assert leader.post("/office/org/street/", {"name": "改名"}).status_code == 403
    bad = client.post("/office/org/street/", {"name": "甲街", "phone": "abc"})
    assert bad.status_code == 400 and "固定电话" in bad.content.decode()


def test_unknown_addresses_get_the_fitting_404(world, anon):
    public = anon.get("/no-such-page/")
    assert public.status_code == 404 and "没有找到您要访问的页面" in public.content.decode()
    office = world.client(world.clerk_a).get("/office/org/grid/999999/")
    assert office.status_code == 404 and "返回工作台" in office.content.decode()


def test_related_lists_follow_scope_and_permissions(world):
    from fazhi.org.services import department_create

    department = department_create(street=world.a.street, actor=world.clerk_a, name="司法所")
    User.objects.filter(pk=world.reviewer.pk).update(department=department, phone="13712345678")
    # Department staff may read departments but not accounts: the staff list stays hidden.
    page = world.client(world.staff_a).get(f"/office/org/department/{department.pk}/")
    assert page.status_code == 200 and "13712345678" not in page.content.decode()
    # The security administrator, who may read accounts, sees them.
    assert (
        "13712345678"
        in world.client(world.secadmin)
        .get(f"/office/org/department/{department.pk}/")
        .content.decode()
    )
    # A grid worker opening the own village sees the own grid only.
    village = world.client(world.grid_worker).get(f"/office/org/village/{world.a.village.pk}/")
    text = village.content.decode()
    assert world.a.grid.code in text and world.a.other_grid.code not in text


def test_in_post_means_the_same_on_every_page(world):
    """A worker who starts next month is not yet in post: not counted, not listed as 在用."""
    from datetime import timedelta

    from django.utils import timezone

    from fazhi.core.stats import Period, compute

    today = timezone.localdate()
    GridWorker.objects.create(
        street=world.a.street,
        grid=world.a.grid,
        name="候任网格员",
        phone="13811112222",
        started_on=today + timedelta(days=30),
    )
    client = world.client(world.clerk_a)
    active = client.get("/office/org/gridworker/", {"status": "active"}).content.decode()
    assert "候任网格员" not in active and world.a.worker.name in active
    page = client.get("/office/org/street/")
    assert page.context["counts"]["workers"] == 2
    figure = compute(world.a.street, Period(today.replace(month=1, day=1), today))
    assert figure["org.grid_workers"] == 2


def test_sidebar_opens_the_chapters_the_user_can_use(world):
    text = world.client(world.clerk_a).get("/office/").content.decode()
    assert "<details open><summary>一、组织领导</summary>" in text
    assert "<details open><summary>三、行政执法</summary>" in text
    assert "<details open><summary>六、法治宣传教育</summary>" in text
    # Every chapter is open now: the annual report's drafting entry links to the reports.
    assert "<details open><summary>八、年度报告</summary>" in text
    assert '<a href="/office/reports/annual/">年度报告编写</a>' in text
    assert "尚未开放" not in text
    # An account without the permission does not see the entry at all.
    grid = world.client(world.grid_worker).get("/office/").content.decode()
    assert "年度报告编写" not in grid


def test_sidebar_names_the_entries_not_built_yet_once_after_the_chapters(world, monkeypatch):
    from django.urls import reverse

    from fazhi.core import navigation
    from fazhi.core.navigation import NavItem, NavSection

    monkeypatch.setattr(
        navigation,
        "SECTIONS",
        [
            NavSection("一、组织领导", [NavItem("村居", "org:village_list", "org.view_village"),
                                       NavItem("网格地图")]),
            NavSection("九、法治督察", [NavItem("督察记录"), NavItem("整改台账")]),
        ],
    )  # fmt: skip
    text = world.client(world.clerk_a).get("/office/").content.decode()
    start = text.index('<nav class="sidebar"')
    sidebar = text[start : text.index("</nav>", start)]
    assert f'<li><a href="{reverse("org:village_list")}">村居</a></li>' in sidebar
    # Neither an item nor a chapter of its own: one muted line, the whole chapter by its name.
    assert sidebar.count("尚未开放") == 1
    assert '<p class="nav-announced">尚未开放：网格地图、法治督察</p>' in sidebar
    assert "<summary>九、法治督察</summary>" not in sidebar and "督察记录" not in sidebar
    assert sidebar.count("<li>") == 1


def test_places_and_people_must_be_in_force_when_linked(world):
    from fazhi.org import services as org_services

    old = org_services.village_create(
        street=world.a.street,
        actor=world.clerk_a,
        name="旧村",
        established_on=date(2000, 1, 1),
        dissolved_on=date(2015, 1, 1),
    )
    client = world.client(world.clerk_a)
    response = client.post(
        "/office/org/grid/new/",
        {"village": old.pk, "code": "OLD-1", "name": "旧网格", "established_on": "2020-01-01"},
    )
    assert response.status_code == 400 and "已于2015年1月1日撤销" in response.content.decode()
    response = client.post(
        "/office/org/gridworker/new/",
        {
            "grid": world.a.grid.pk,
            "name": "早到者",
            "phone": "13700001111",
            "kind": "full_time",
            "started_on": "2018-01-01",
        },
    )
    assert response.status_code == 400 and "不能早于网格的划定日期" in response.content.decode()
    response = client.post(
        f"/office/org/gridworker/{world.a.other_worker.pk}/edit/",
        {
            "grid": world.a.other_grid.pk,
            "name": world.a.other_worker.name,
            "phone": world.a.other_worker.phone,
            "kind": "full_time",
            "started_on": "2019-05-01",
            "user": world.grid_worker.pk,
        },
    )
    assert response.status_code == 400 and "属于其他网格" in response.content.decode()
    assert not Grid.objects.filter(code="OLD-1").exists()
    assert not GridWorker.objects.filter(name="早到者").exists()


def test_a_meeting_whose_attendee_has_left_can_still_be_edited(world):
    from fazhi.org.services import leading_group_create, meeting_create

    group = leading_group_create(
        street=world.a.street, actor=world.clerk_a, name="领导小组", established_on=date(2019, 1, 1)
    )
    meeting = meeting_create(
        street=world.a.street,
        actor=world.clerk_a,
        group=group,
        title="部署会",
        held_on=date(2020, 1, 10),
        topics="部署",
        chaired_by=world.leader,
        attendees=[world.leader, world.reviewer],
    )
    User.objects.filter(pk=world.reviewer.pk).update(is_active=False)
    client = world.client(world.clerk_a)
    data = {
        "group": group.pk,
        "title": "部署会（修订）",
        "kind": "topical",
        "held_on": "2020-01-10",
        "topics": "部署",
        "chaired_by": world.leader.pk,
        "attendees": [world.leader.pk, world.reviewer.pk],
    }
    response = client.post(f"/office/org/leadinggroupmeeting/{meeting.pk}/edit/", data)
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.title == "部署会（修订）"
    # A new meeting cannot pick the person who has left.
    data["title"] = "新会议"
    assert client.post("/office/org/leadinggroupmeeting/new/", data).status_code == 400


def test_a_refused_form_post_gets_our_403_page(world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.clerk_a)
    response = client.post("/office/org/village/new/", {"name": "x"})
    assert response.status_code == 403
    assert "表单已失效" in response.content.decode()


def test_null_characters_are_refused_with_a_true_message(world):
    response = world.client(world.clerk_a).post(
        "/office/org/village/new/",
        {"name": "坏\x00名", "kind": "village", "established_on": "2020-01-01"},
    )
    assert response.status_code == 400
    assert "不能包含空字符" in response.content.decode()
