"""The auditor's audit-log pages: read-only, scoped to the own street, filtered, exported."""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO

import pytest
import time_machine
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from openpyxl import load_workbook

from fazhi.audit.models import Action, AuditEntry
from fazhi.audit.services import record
from fazhi.org.models import User, Village
from fazhi.org.services import record_update
from fazhi.testing import PASSWORD

LIST = "/office/audit/"


@pytest.fixture
def auditor(world) -> Client:
    return world.client(world.auditor)


def shown(client: Client, query: str = "") -> list[int]:
    response = client.get(f"{LIST}?{query}")
    assert response.status_code == 200, response.content.decode()[:500]
    return [entry.seq for entry, _ in response.context["rows"]]


def visible_to_auditor_a(world) -> list[int]:
    return list(
        AuditEntry.objects.filter(street=world.a.street)
        .order_by("-seq")
        .values_list("seq", flat=True)
    )


# --- Who sees what -------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["sysadmin", "secadmin", "clerk_a", "leader", "staff_a"])
def test_only_the_auditor_reaches_the_log(world, who):
    client = world.client(getattr(world, who))
    seq = AuditEntry.objects.filter(street=world.a.street).first().seq
    assert client.get(LIST).status_code == 403
    assert client.get(f"{LIST}?format=xlsx").status_code == 403
    assert client.get(f"{LIST}{seq}/").status_code == 403
    assert not AuditEntry.objects.filter(action=Action.EXPORT).exists()


def test_anonymous_is_sent_to_login(anon, world):
    assert anon.get(LIST)["Location"].startswith("/accounts/login/")


def test_the_auditor_sees_only_the_own_street_newest_first(auditor, world):
    nobody = record(actor=None, action=Action.LOGIN_FAILED, object_repr="x", actor_name="nobody")
    seqs = shown(auditor)
    expected = visible_to_auditor_a(world)
    assert seqs == expected[:50]
    assert seqs == sorted(seqs, reverse=True)
    assert nobody.seq not in seqs and nobody.street is None
    b_rows = set(AuditEntry.objects.filter(street=world.b.street).values_list("seq", flat=True))
    assert b_rows and not b_rows & set(expected)
    assert "只显示本街道的记录；不属于任何街道的记录" in auditor.get(LIST).content.decode()


def test_a_row_of_no_street_is_not_found_for_a_streets_auditor(auditor, world):
    # A failed login under an unknown name belongs to no street: no street's auditor reads it.
    Client().post("/accounts/login/", {"username": "=1+1", "password": "Wrong@2020pass"})
    entry = AuditEntry.objects.get(action=Action.LOGIN_FAILED)
    assert entry.street is None
    assert auditor.get(f"{LIST}{entry.seq}/").status_code == 404
    assert shown(auditor, "action=login_failed") == []


def test_a_superuser_sees_every_row(world):
    root = User.objects.create_superuser("root", password=PASSWORD, must_change_password=False)
    nobody = record(actor=None, action=Action.LOGIN_FAILED, object_repr="x", actor_name="nobody")
    client = world.client(root)
    everything = list(AuditEntry.objects.order_by("-seq").values_list("seq", flat=True))
    assert shown(client) == everything[:50]
    assert client.get(f"{LIST}{nobody.seq}/").status_code == 200
    b_row = AuditEntry.objects.filter(street=world.b.street).first()
    assert client.get(f"{LIST}{b_row.seq}/").status_code == 200


def test_another_streets_row_is_not_found(auditor, world):
    other = AuditEntry.objects.filter(street=world.b.street).first()
    assert auditor.get(f"{LIST}{other.seq}/").status_code == 404
    assert auditor.get(f"{LIST}999999/").status_code == 404


def test_pages(auditor, world):
    for i in range(60):
        record(actor=world.clerk_a, action=Action.EXPORT, object_repr=f"导出{i}")
    expected = visible_to_auditor_a(world)
    assert shown(auditor, "page=2") == expected[50:100]
    page = auditor.get(LIST).content.decode()
    assert f"共 {len(expected)} 条" in page
    assert "下一页" in page


def test_the_log_cannot_be_changed_through_the_web(auditor, world):
    seq = AuditEntry.objects.filter(street=world.a.street).first().seq
    count = AuditEntry.objects.count()
    assert auditor.post(LIST).status_code == 405
    assert auditor.post(f"{LIST}{seq}/").status_code == 405
    assert auditor.delete(f"{LIST}{seq}/").status_code == 405
    for suffix in ["edit/", "delete/", "update/"]:
        assert auditor.get(f"{LIST}{seq}/{suffix}").status_code == 404
    for name in ["audit:entry_update", "audit:entry_delete", "audit:entry_create"]:
        with pytest.raises(NoReverseMatch):
            reverse(name, args=[seq])
    assert AuditEntry.objects.count() == count


# --- Filters ------------------------------------------------------------------------------------


def test_filter_by_actor_action_object_and_keyword(auditor, world):
    village = world.a.village
    record_update(village, actor=world.clerk_a, name="幸福里社区")
    [update] = AuditEntry.objects.filter(action=Action.UPDATE, object_type="org.village")
    assert shown(auditor, "actor=甲街办公&action=update") == [update.seq]
    assert shown(auditor, f"object_type=org.village&object_id={village.pk}")[0] == update.seq
    assert set(shown(auditor, "object_type=org.village")) == set(
        AuditEntry.objects.filter(object_type="org.village", street=world.a.street).values_list(
            "seq", flat=True
        )
    )
    assert shown(auditor, "q=幸福里") == [update.seq]
    assert shown(auditor, "q=没有这个对象") == []


def test_filter_by_period(auditor, world):
    now = timezone.now()
    with time_machine.travel(now - timedelta(days=40), tick=False):
        old = record(actor=world.clerk_a, action=Action.EXPORT, object_repr="旧导出")
    day = (now - timedelta(days=40)).astimezone(timezone.get_current_timezone()).date()
    assert shown(auditor, f"date_from={day}&date_to={day}") == [old.seq]
    assert old.seq not in shown(auditor, f"date_from={day + timedelta(days=1)}")
    assert shown(auditor, f"date_to={day - timedelta(days=1)}") == []


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("date_from=2020-02-30", "输入一个有效的日期。"),
        ("date_from=2020-09-28&date_to=2020-09-01", "截止日期不能早于起始日期。"),
        ("action=hack", "选择一个有效的选项"),
        ("object_type=auth.secret", "选择一个有效的选项"),
    ],
)
def test_bad_filters_are_a_clear_error_and_show_nothing(auditor, world, query, message):
    response = auditor.get(f"{LIST}?{query}")
    assert response.status_code == 400
    assert message in response.content.decode()
    assert response.context["rows"] == []


def test_list_query_count_is_fixed(auditor, world, django_assert_max_num_queries):
    for i in range(60):
        record(actor=world.clerk_a, action=Action.EXPORT, object_repr=f"导出{i}")
    # Session, user, permission (2), count, page with streets, street and roles of the top
    # bar, session save (3 with its savepoint).
    with django_assert_max_num_queries(11):
        response = auditor.get(LIST)
    assert len(response.context["rows"]) == 50


# --- Detail ---------------------------------------------------------------------------------------


def test_detail_shows_before_and_after_side_by_side(auditor, world):
    village = world.a.village
    record_update(village, actor=world.clerk_a, name="幸福里社区", kind=Village.Kind.VILLAGE)
    entry = AuditEntry.objects.get(action=Action.UPDATE, object_type="org.village")
    response = auditor.get(f"{LIST}{entry.seq}/")
    assert response.status_code == 200
    rows = {(r.label, r.before, r.after) for r in response.context["change_rows"]}
    assert ("村居名称", "甲街幸福社区", "幸福里社区") in rows
    assert ("类型", "社区", "村") in rows
    page = response.content.decode()
    assert "修改前" in page and "修改后" in page
    assert f"审计记录第{entry.seq}号" in page
    assert "甲街办公室" in page


def test_detail_labels_a_login_failure(auditor, world):
    Client().post("/accounts/login/", {"username": "clerk_a", "password": "Wrong@2020pass"})
    entry = AuditEntry.objects.get(action=Action.LOGIN_FAILED)
    response = auditor.get(f"{LIST}{entry.seq}/")
    assert ("原因", "用户名或密码错误") in response.context["extra_items"]
    assert "登录失败" in response.content.decode()


# --- Export ---------------------------------------------------------------------------------------


def test_export_writes_the_filtered_rows_and_is_audited(auditor, world):
    record_update(world.a.village, actor=world.clerk_a, name="幸福里社区")
    response = auditor.get(f"{LIST}?action=update&format=xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(".xlsx")
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    notes = "\n".join(
        "：".join(str(c) for c in r if c is not None)
        for r in load_workbook(BytesIO(response.content))["说明"].iter_rows(values_only=True)
    )
    assert notes.startswith("审计日志")
    assert "筛选条件：操作：修改" in notes
    header = rows[0]
    data = rows[1:]
    assert len(data) == 1
    assert data[0][header.index("操作")] == "修改"
    assert data[0][header.index("对象类型")] == "村居"
    assert "幸福里社区" in data[0][header.index("变更内容")]
    export = AuditEntry.objects.get(action=Action.EXPORT)
    assert export.actor == world.auditor
    assert export.object_type == "audit.auditentry"
    assert export.changes == {"filters": {"操作": "修改"}, "count": 1}
