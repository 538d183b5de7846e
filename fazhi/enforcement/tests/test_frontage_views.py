"""门前三包 pages: the register (list, filters, export, form), the unit's history page with its
letter, self-checks and cases, the letter's download, self-checks entered from the unit's page;
other street 404, read-only 403, grid worker's scope, bad input written nowhere."""

from __future__ import annotations

import hashlib
from datetime import date
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from openpyxl import load_workbook

from fazhi.audit.models import Action, AuditEntry
from fazhi.enforcement.models import Case, FrontageSelfCheck, FrontageUnit
from fazhi.enforcement.tests.frontage_helpers import (
    CREDIT_CODE,
    PDF,
    TODAY,
    at,
    case,
    last_audit,
    self_check,
    unit,
)

pytestmark = pytest.mark.django_db


def queries() -> CaptureQueriesContext:
    return CaptureQueriesContext(connection)


def record_queries(context: CaptureQueriesContext) -> list[str]:
    """The queries of the pages themselves (the session's own bookkeeping left out)."""
    return [q["sql"] for q in context.captured_queries if "django_session" not in q["sql"]]


BASE = "/office/enforcement"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def units(world, enf):
    """A unit in each grid of street A (with the key area) and one in street B."""
    return {
        "own": unit(
            world.a.street, world.clerk_a, "甲超市", grid=world.a.grid, key_area=enf.key_area
        ),
        "other_grid": unit(world.a.street, world.clerk_a, "乙饭店", grid=world.a.other_grid),
        "b": unit(world.b.street, world.clerk_b, "丙商店", grid=world.b.grid),
    }


def _form(**changes):
    data = {
        "name": "光明大道药店",
        "kind": "shop",
        "credit_code": CREDIT_CODE,
        "address": "光明大道6号",
        "zone": "门前至道路边石",
        "contact_name": "孙经理",
        "contact_phone": "022-63123456",
        "in_use": "on",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_office_registers_a_unit_with_its_letter(world, enf, media):
    data = _form(key_area=enf.key_area.pk, grid=world.a.grid.pk, letter_signed_on="2020-03-02")
    data["letter"] = SimpleUploadedFile("责任书.pdf", PDF)
    response = world.client(enf.officer1).post(f"{BASE}/frontageunit/new/", data)
    u = FrontageUnit.objects.get(name="光明大道药店")
    assert response.status_code == 302 and response["Location"] == f"{BASE}/frontageunit/{u.pk}/"
    assert (u.street, u.grid, u.letter_sha256) == (
        world.a.street,
        world.a.grid,
        hashlib.sha256(PDF).hexdigest(),
    )
    entry = last_audit()
    assert (entry.action, entry.object_id, entry.actor) == (Action.CREATE, str(u.pk), enf.officer1)
    page = world.client(world.clerk_a).get(f"{BASE}/frontageunit/{u.pk}/").content.decode()
    assert u.letter_sha256 in page and "2020年3月2日" in page
    download = world.client(world.clerk_a).get(f"{BASE}/frontageunit/{u.pk}/letter/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert download["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"credit_code": "91350100M000100Y44"}, "统一社会信用代码校验位不正确"),
        ({"contact_phone": "6312345"}, "带区号的固定电话"),
        ({"name": ""}, "这个字段是必填项"),
        ({"letter_signed_on": "2999-01-01"}, "责任书签订日期不能晚于今天"),
    ],
)
def test_bad_unit_input_is_shown_in_chinese_and_nothing_written(world, changes, message):
    before = (FrontageUnit.objects.count(), AuditEntry.objects.count())
    response = world.client(world.clerk_a).post(f"{BASE}/frontageunit/new/", _form(**changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert (FrontageUnit.objects.count(), AuditEntry.objects.count()) == before


def test_unit_edited_with_audit_row(world, units):
    u = units["own"]
    data = _form(name=u.name, address=u.address, in_use=None, grid=world.a.grid.pk)
    response = world.client(world.clerk_a).post(f"{BASE}/frontageunit/{u.pk}/edit/", data)
    assert response.status_code == 302
    u.refresh_from_db()
    assert u.in_use is False and u.credit_code == CREDIT_CODE
    entry = last_audit()
    assert entry.action == Action.UPDATE and entry.changes["after"]["in_use"] is False


def test_list_shows_own_street_with_filters_and_export(world, enf, units):
    self_check(units["other_grid"], world.clerk_a, date(2020, 9, 1), failed=True)
    units["own"].letter_signed_on = date(2020, 3, 2)
    FrontageUnit.objects.filter(pk=units["own"].pk).update(letter_signed_on=date(2020, 3, 2))
    client = world.client(world.clerk_a)

    def listed(query: str = "") -> set[str]:
        response = client.get(f"{BASE}/frontageunit/{query}")
        assert response.status_code == 200
        return {obj.name for obj, _values in response.context["rows"]}

    assert listed() == {"甲超市", "乙饭店"}
    assert listed("?letter_signed=yes") == {"甲超市"}
    assert listed("?letter_signed=no") == {"乙饭店"}
    assert listed("?failed_checks=yes") == {"乙饭店"}
    assert listed("?failed_checks=no") == {"甲超市"}
    assert listed(f"?key_area={enf.key_area.pk}") == {"甲超市"}
    assert listed(f"?grid={world.a.other_grid.pk}") == {"乙饭店"}
    assert listed("?kind=institution") == set()
    assert listed("?in_use=yes&q=超市") == {"甲超市"}
    assert "不达标1次" in client.get(f"{BASE}/frontageunit/").content.decode()
    # Another street's grid is no choice: the filter is refused, not ignored.
    assert client.get(f"{BASE}/frontageunit/?grid={world.b.grid.pk}").status_code == 400

    export = client.get(f"{BASE}/frontageunit/?failed_checks=yes&format=xlsx")
    assert export.status_code == 200
    sheet = load_workbook(BytesIO(export.content)).active
    names = [row[0] for row in sheet.iter_rows(values_only=True)]
    assert "乙饭店" in names and "甲超市" not in names
    assert last_audit().action == Action.EXPORT


def test_another_streets_unit_is_404_and_untouched(world, units, media):
    client = world.client(world.clerk_b)
    pk = units["own"].pk
    for suffix in ("", "edit/", "letter/"):
        assert client.get(f"{BASE}/frontageunit/{pk}/{suffix}").status_code == 404
    before = AuditEntry.objects.count()
    assert client.post(f"{BASE}/frontageunit/{pk}/edit/", _form()).status_code == 404
    assert client.get(f"{BASE}/frontageselfcheck/new/?unit={pk}").status_code == 404
    assert AuditEntry.objects.count() == before


def test_read_only_roles_are_refused(world, units):
    pk = units["own"].pk
    leader = world.client(world.leader)
    assert leader.get(f"{BASE}/frontageunit/{pk}/").status_code == 200
    assert leader.get(f"{BASE}/frontageunit/new/").status_code == 403
    response = leader.post(f"{BASE}/frontageunit/{pk}/edit/", _form())
    assert response.status_code == 403 and "无权" in response.content.decode()
    assert leader.post(f"{BASE}/frontageselfcheck/new/", {"unit": pk}).status_code == 403
    # The legal reviewer has no part in 门前三包.
    assert world.client(world.reviewer).get(f"{BASE}/frontageunit/").status_code == 403
    assert world.client(world.reviewer).get(f"{BASE}/frontageunit/{pk}/").status_code == 403


def test_wrong_method_is_405(world, units):
    client = world.client(world.clerk_a)
    assert client.post(f"{BASE}/frontageunit/").status_code == 405
    assert client.post(f"{BASE}/frontageunit/{units['own'].pk}/").status_code == 405
    assert client.post(f"{BASE}/frontageunit/{units['own'].pk}/letter/").status_code == 405


def test_letter_missing_is_404(world, units):
    assert (
        world.client(world.clerk_a)
        .get(f"{BASE}/frontageunit/{units['own'].pk}/letter/")
        .status_code
        == 404
    )


# --- the history page ------------------------------------------------------------------------


def test_history_page_shows_self_checks_in_time_order_and_cases(world, enf, units):
    u = units["own"]
    self_check(u, world.clerk_a, date(2020, 9, 10), failed=True, problems="门前堆放纸箱")
    self_check(u, world.clerk_a, date(2020, 3, 5))
    self_check(u, world.grid_worker, date(2020, 6, 5), failed=True, problems="占用人行道")
    found = case(
        world.a.street,
        enf.stall,
        [enf.officer1, enf.officer2],
        at(2020, 9, 12, 10),
        frontage_unit=u,
        grid=world.a.grid,
    )
    closed = case(
        world.a.street,
        enf.litter,
        [enf.officer1, enf.officer2],
        at(2020, 6, 6, 10),
        frontage_unit=u,
        grid=world.a.grid,
        status=Case.Status.CLOSED,
    )
    elsewhere = case(world.a.street, enf.stall, [enf.officer1, enf.officer2], at(2020, 6, 7, 10))

    response = world.client(world.clerk_a).get(f"{BASE}/frontageunit/{u.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert [c.checked_on for c in response.context["checks"]] == [
        date(2020, 3, 5),
        date(2020, 6, 5),
        date(2020, 9, 10),
    ]
    assert page.index("2020年3月5日") < page.index("2020年6月5日") < page.index("2020年9月10日")
    assert "占用人行道" in page and "门前堆放纸箱" in page and "张网格" in page
    assert "3次，其中不达标2次" in page
    assert found.number in page and closed.number in page and elsewhere.number not in page
    assert "已结案" in page and "发现登记" in page
    assert page.index(closed.number) < page.index(found.number)
    try:
        url = reverse("enforcement:case_detail", args=[found.pk])
    except NoReverseMatch:
        url = None
    if url:
        assert f'href="{url}"' in page


def test_grid_worker_sees_own_grid_and_records_its_self_checks(world, enf, units):
    client = world.client(world.grid_worker)
    response = client.get(f"{BASE}/frontageunit/")
    assert {obj.name for obj, _values in response.context["rows"]} == {"甲超市"}
    own, other = units["own"], units["other_grid"]
    assert client.get(f"{BASE}/frontageunit/{other.pk}/").status_code == 404
    page = client.get(f"{BASE}/frontageunit/{own.pk}/")
    assert page.status_code == 200 and page.context["cases"] is None  # no right to see cases
    assert client.get(f"{BASE}/frontageunit/{own.pk}/edit/").status_code == 403
    assert client.get(f"{BASE}/frontageselfcheck/new/?unit={own.pk}").status_code == 200

    response = client.post(
        f"{BASE}/frontageselfcheck/new/?unit={own.pk}",
        {"unit": own.pk, "checked_on": "2020-09-01", "result": "failed", "problems": "门前乱堆"},
    )
    check = FrontageSelfCheck.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{BASE}/frontageunit/{own.pk}/"
    assert (check.unit, check.recorded_by) == (own, world.grid_worker)
    entry = last_audit()
    assert (entry.action, entry.actor, entry.object_id) == (
        Action.CREATE,
        world.grid_worker,
        str(check.pk),
    )

    before = AuditEntry.objects.count()
    response = client.post(
        f"{BASE}/frontageselfcheck/new/",
        {"unit": other.pk, "checked_on": "2020-09-01", "result": "passed"},
    )
    assert response.status_code == 400 and "选择一个有效的选项" in response.content.decode()
    assert FrontageSelfCheck.objects.count() == 1 and AuditEntry.objects.count() == before
    checks = client.get(f"{BASE}/frontageselfcheck/")
    assert [obj.unit for obj, _values in checks.context["rows"]] == [own]


def test_bad_self_check_is_shown_in_chinese_and_nothing_written(world, units):
    client = world.client(world.clerk_a)
    pk = units["own"].pk
    before = AuditEntry.objects.count()
    for data, message in [
        ({"checked_on": "2020-09-01", "result": "failed"}, "自查不达标的，请写明存在问题"),
        ({"checked_on": "2999-01-01", "result": "passed"}, "自查日期不能晚于今天"),
        (
            {
                "checked_on": "2020-09-10",
                "result": "failed",
                "problems": "乱堆",
                "rectified_on": "2020-09-01",
            },
            "整改完成日期不能早于自查日期",
        ),
    ]:
        response = client.post(f"{BASE}/frontageselfcheck/new/", {"unit": pk, **data})
        assert response.status_code == 400 and message in response.content.decode()
    assert not FrontageSelfCheck.objects.exists() and AuditEntry.objects.count() == before


def test_self_check_list_filters_export_and_correction(world, enf, units):
    self_check(units["own"], world.clerk_a, date(2020, 3, 5))
    failed = self_check(units["other_grid"], world.clerk_a, date(2020, 9, 1), failed=True)
    self_check(units["b"], world.clerk_b, date(2020, 9, 1), failed=True)
    client = world.client(world.clerk_a)

    def listed(query: str) -> list[str]:
        response = client.get(f"{BASE}/frontageselfcheck/{query}")
        assert response.status_code == 200
        return sorted(obj.unit.name for obj, _values in response.context["rows"])

    assert listed("") == ["乙饭店", "甲超市"]
    assert listed("?result=failed") == ["乙饭店"]
    assert listed("?checked_from=2020-09-01&checked_to=2020-09-30") == ["乙饭店"]
    assert listed("?checked_to=2020-08-31") == ["甲超市"]
    assert listed(f"?key_area={enf.key_area.pk}") == ["甲超市"]
    assert listed(f"?grid={world.a.other_grid.pk}") == ["乙饭店"]
    export = client.get(f"{BASE}/frontageselfcheck/?result=failed&format=xlsx")
    assert export.status_code == 200 and last_audit().action == Action.EXPORT

    response = client.post(
        f"{BASE}/frontageselfcheck/{failed.pk}/edit/",
        {
            "checked_on": "2020-09-01",
            "result": "failed",
            "problems": "门前堆放纸箱",
            "rectified_on": "2020-09-03",
        },
    )
    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.rectified_on == date(2020, 9, 3)
    assert last_audit().action == Action.UPDATE
    assert (
        world.client(world.grid_worker)
        .get(f"{BASE}/frontageselfcheck/{failed.pk}/edit/")
        .status_code
        == 404
    )


def test_unrectified_self_checks_are_a_reminder_linking_to_the_filtered_list(world, units):
    from fazhi.core.reminders import due

    self_check(units["own"], world.clerk_a, date(2020, 9, 1), failed=True)
    self_check(
        units["other_grid"],
        world.clerk_a,
        date(2020, 9, 2),
        failed=True,
        rectified_on=date(2020, 9, 3),
    )
    self_check(units["other_grid"], world.clerk_a, date(2020, 9, 4))
    self_check(units["b"], world.clerk_b, date(2020, 9, 1), failed=True)
    items = {i["label"]: i for i in due(world.clerk_a, TODAY)}
    item = items["不达标待整改的门前三包自查"]
    assert item["count"] == 1
    response = world.client(world.clerk_a).get(item["url"])
    assert [obj.unit.name for obj, _values in response.context["rows"]] == ["甲超市"]
    # The leader reads but records no rectification: no reminder.
    assert "不达标待整改的门前三包自查" not in {i["label"] for i in due(world.leader, TODAY)}


def test_list_queries_do_not_grow_with_rows(world, enf, units):
    client = world.client(world.clerk_a)
    self_check(units["own"], world.clerk_a, date(2020, 9, 1), failed=True)
    client.get(f"{BASE}/frontageunit/")  # the session and permissions warmed up
    with queries() as few:
        client.get(f"{BASE}/frontageunit/")
        client.get(f"{BASE}/frontageselfcheck/")
    for n in range(5):
        u = unit(
            world.a.street, world.clerk_a, f"单位{n}", grid=world.a.grid, key_area=enf.key_area
        )
        self_check(u, world.clerk_a, date(2020, 9, 1), failed=True)
    with queries() as many:
        client.get(f"{BASE}/frontageunit/")
        client.get(f"{BASE}/frontageselfcheck/")
    assert len(record_queries(many)) <= len(record_queries(few))
