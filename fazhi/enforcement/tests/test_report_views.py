"""Report pages: the desk's entry (12345), the grid worker's phone form, the list with its
filters, the pending flag and export, the detail with the photo served after the access check,
accepting as a case and dismissing; the grid worker's scope."""

from __future__ import annotations

import hashlib

import pytest

from fazhi.audit.models import Action, AuditEntry
from fazhi.core.reminders import due
from fazhi.enforcement.models import Case, Report
from fazhi.enforcement.tests.report_helpers import (
    last_audit,
    make_patrol,
    make_report,
    photo,
    png_bytes,
)

pytestmark = pytest.mark.django_db

BASE = "/office/enforcement/report"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _phone(enf, **changes):
    return {
        "category": enf.stall.pk,
        "address": "幸福路12号门前",
        "description": "流动摊贩占用人行道经营。",
        "latitude": "",
        "longitude": "",
        **changes,
    }


def _desk(enf, **changes):
    return {
        "source": "hotline",
        "hotline_ticket": "TJ12345-20200928-0001",
        "reported_at": "2020-09-28T09:30",
        "category": enf.litter.pk,
        "address": "光明大道与花园路交口",
        "description": "12345转办：路口堆放建筑垃圾。",
        "reporter_name": "王女士",
        "reporter_phone": "13800001111",
        **changes,
    }


# --- the grid worker's phone form -------------------------------------------------------------


def test_phone_form_page_is_for_the_camera_and_works_without_script(world, enf):
    response = world.client(world.grid_worker).get(f"{BASE}/phone/")
    assert response.status_code == 200
    content = response.content.decode()
    assert 'type="file"' in content and 'accept="image/*"' in content
    assert 'capture="environment"' in content
    assert "enforcement/geolocate.js" in content and "<script>" not in content
    assert 'class="sidebar"' not in content  # one column, no back-office sidebar


def test_grid_worker_reports_from_the_phone_with_a_photo(world, enf):
    content = png_bytes()
    client = world.client(world.grid_worker)
    response = client.post(
        f"{BASE}/phone/",
        _phone(enf, latitude="39.021234", longitude="117.712345", photo=photo(content)),
    )
    assert response.status_code == 302
    report = Report.objects.get()
    assert response["Location"] == f"{BASE}/phone/done/?report={report.pk}"
    assert (report.source, report.grid, report.reporter) == (
        Report.Source.GRID_WORKER,
        world.a.grid,
        world.grid_worker,
    )
    assert report.photo_sha256 == hashlib.sha256(content).hexdigest()
    assert str(report.latitude) == "39.021234"
    entry = last_audit()
    assert (entry.action, entry.object_id) == (Action.CREATE, str(report.pk))
    done = client.get(response["Location"])
    assert done.status_code == 200 and "继续上报" in done.content.decode()
    # The photo is served to those who may see the report, never to another street.
    served = client.get(f"{BASE}/{report.pk}/photo/")
    assert served.status_code == 200
    assert b"".join(served.streaming_content) == content
    assert served["Cache-Control"] == "private, no-store"
    assert world.client(world.clerk_b).get(f"{BASE}/{report.pk}/photo/").status_code == 404
    assert world.client(None).get(f"{BASE}/{report.pk}/photo/").status_code == 302


def test_phone_form_bad_input_chinese_errors_nothing_written(world, enf):
    client = world.client(world.grid_worker)
    audits = AuditEntry.objects.count()
    cases = [
        (_phone(enf, category=""), "请选择问题类别。"),
        (_phone(enf, address=""), "请填写地点。"),
        (_phone(enf, latitude="39.1"), "经度和纬度须同时填写"),
        (_phone(enf, latitude="99", longitude="117"), "90"),
        (_phone(enf, photo=photo(b"GIF89a not allowed", "a.png")), "JPG、PNG或HEIC"),
        (_phone(enf, category=enf.category_b.pk), "问题类别的选项无效，请重新选择。"),
    ]
    for data, message in cases:
        response = client.post(f"{BASE}/phone/", data)
        assert response.status_code == 400, message
        assert message in response.content.decode(), message
    assert Report.objects.count() == 0
    assert AuditEntry.objects.count() == audits


def test_grid_worker_sees_only_the_own_grids_reports(world, enf):
    own = make_report(world, enf)
    other = make_report(world, enf, actor=world.clerk_a, source="other", grid=world.a.other_grid)
    client = world.client(world.grid_worker)
    response = client.get(f"{BASE}/")
    assert {obj.pk for obj, _values in response.context["rows"]} == {own.pk}
    assert client.get(f"{BASE}/{own.pk}/").status_code == 200
    assert client.get(f"{BASE}/{other.pk}/").status_code == 404
    # The desk page sends the grid worker to the phone form; handling is not the worker's.
    assert client.get(f"{BASE}/new/")["Location"] == f"{BASE}/phone/"
    assert client.post(f"{BASE}/{own.pk}/dismiss/", {"reason": "x"}).status_code == 403
    assert client.get(f"{BASE}/{own.pk}/accept/").status_code == 403


def test_grid_worker_reports_a_patrols_finding_of_the_own_grid_only(world, enf):
    own = make_patrol(world, enf)
    other = make_patrol(world, enf, grid=world.a.other_grid)
    client = world.client(world.grid_worker)
    assert client.post(f"{BASE}/phone/", {**_phone(enf), "patrol": own.pk}).status_code == 302
    report = Report.objects.get()
    assert (report.source, report.patrol) == (Report.Source.PATROL, own)
    # Another grid's patrol is not the worker's to see: the report stays the worker's own.
    assert client.post(f"{BASE}/phone/", {**_phone(enf), "patrol": other.pk}).status_code == 302
    latest = Report.objects.latest("pk")
    assert (latest.patrol, latest.grid) == (None, world.a.grid)


# --- the desk ---------------------------------------------------------------------------------


def test_office_enters_a_12345_transfer(world, enf):
    client = world.client(world.clerk_a)
    assert client.get(f"{BASE}/new/").status_code == 200
    response = client.post(f"{BASE}/new/", _desk(enf))
    assert response.status_code == 302
    report = Report.objects.get()
    assert (report.source, report.hotline_ticket, report.reporter) == (
        "hotline",
        "TJ12345-20200928-0001",
        None,
    )
    assert report.reporter_phone == "13800001111"
    assert last_audit().actor == world.clerk_a


def test_desk_bad_input_nothing_written(world, enf):
    client = world.client(world.clerk_a)
    audits = AuditEntry.objects.count()
    for data, message in [
        (_desk(enf, hotline_ticket=""), "须填写工单号"),
        (_desk(enf, source="patrol", hotline_ticket=""), "请选择巡查记录"),
        (_desk(enf, reporter_phone="0000"), "联系电话"),
        (_desk(enf, grid=world.b.grid.pk), "网格的选项无效，请重新选择。"),
    ]:
        response = client.post(f"{BASE}/new/", data)
        assert response.status_code == 400, message
        assert message in response.content.decode(), message
    assert Report.objects.count() == 0
    assert AuditEntry.objects.count() == audits


def test_read_only_roles_may_not_report(world, enf):
    for user in (world.leader, world.reviewer):
        assert world.client(user).post(f"{BASE}/new/", _desk(enf)).status_code == 403
        assert world.client(user).post(f"{BASE}/phone/", _phone(enf)).status_code == 403
    assert Report.objects.count() == 0


# --- list, detail ---------------------------------------------------------------------------


def test_list_filters_pending_flag_and_export(world, enf):
    pending = make_report(world, enf)
    hotline = make_report(
        world,
        enf,
        actor=world.clerk_a,
        source="hotline",
        hotline_ticket="TJ-77",
        category=enf.litter,
    )
    from fazhi.enforcement.services.reports import report_dismiss

    report_dismiss(actor=enf.officer1, report=hotline, reason="重复工单。")
    client = world.client(enf.officer1)

    def listed(query: str) -> set[int]:
        response = client.get(f"{BASE}/?{query}")
        assert response.status_code == 200
        return {obj.pk for obj, _values in response.context["rows"]}

    assert listed("") == {pending.pk, hotline.pk}
    assert listed("pending=yes") == {pending.pk}
    assert listed("source=hotline") == {hotline.pk}
    assert listed("status=dismissed") == {hotline.pk}
    assert listed(f"category={enf.stall.pk}") == {pending.pk}
    assert listed(f"grid={world.a.grid.pk}") == {pending.pk}
    assert listed("hotline_ticket=77") == {hotline.pk}
    assert listed("date_from=2020-09-29") == set()
    assert "待处理" in client.get(f"{BASE}/").content.decode()
    response = client.get(f"{BASE}/?pending=yes&format=xlsx")
    assert response.status_code == 200
    assert last_audit().action == Action.EXPORT
    assert world.client(world.clerk_b).get(f"{BASE}/{pending.pk}/").status_code == 404


def test_export_leaves_out_the_residents_contact(world, enf):
    from io import BytesIO

    from openpyxl import load_workbook

    from fazhi.enforcement.services.reports import report_create

    report_create(
        actor=None,
        street=world.a.street,
        data={
            "address": "幸福路口",
            "description": "有人占道摆摊。",
            "reporter_name": "孙举报",
            "reporter_phone": "13912345678",
            "consent": True,
        },
    )
    response = world.client(enf.officer1).get(f"{BASE}/?format=xlsx")
    assert response.status_code == 200
    cells = {
        str(cell.value)
        for sheet in load_workbook(BytesIO(response.content)).worksheets
        for row in sheet.iter_rows()
        for cell in row
    }
    assert "幸福路口" in cells
    assert not any("13912345678" in c or "孙举报" in c for c in cells)


def test_pending_reminder_for_those_who_may_accept(world, enf):
    make_report(world, enf)
    today = make_report(world, enf).reported_at.date()
    items = [i for i in due(enf.officer1, today) if i["url"].endswith("pending=yes")]
    assert items and items[0]["count"] == 2
    assert not [i for i in due(world.grid_worker, today) if "report" in i["url"]]
    assert not [i for i in due(world.clerk_b, today) if "report" in i["url"]]


def test_detail_hides_the_residents_contact_from_the_grid_worker(world, enf):
    report = make_report(world, enf, reporter_name="王女士", reporter_phone="13800001111")
    officer = world.client(enf.officer1).get(f"{BASE}/{report.pk}/").content.decode()
    assert "13800001111" in officer and "登记为案件" in officer
    worker = world.client(world.grid_worker).get(f"{BASE}/{report.pk}/").content.decode()
    assert "13800001111" not in worker and "登记为案件" not in worker


# --- accept and dismiss ---------------------------------------------------------------------


def _accept(enf, **changes):
    return {
        "officers": [enf.officer1.pk, enf.officer2.pk],
        "category": enf.stall.pk,
        "location": "幸福路12号门前",
        "found_at": "2020-09-28T10:00",
        "facts": "当事人在人行道上摆摊经营水果。",
        "party_kind": "individual",
        "party_name": "王某",
        **changes,
    }


def test_officer_accepts_a_report_as_a_case(world, enf):
    report = make_report(world, enf)
    client = world.client(enf.officer1)
    response = client.get(f"{BASE}/{report.pk}/accept/")
    assert response.status_code == 200
    assert response.context["form"].initial["location"] == "幸福路12号门前"
    response = client.post(f"{BASE}/{report.pk}/accept/", _accept(enf))
    assert response.status_code == 302
    case = Case.objects.get()
    report.refresh_from_db()
    assert report.status == Report.Status.ACCEPTED and case.report == report
    assert case.party_name == "王某" and case.grid == world.a.grid
    detail = client.get(f"{BASE}/{report.pk}/")
    assert detail.status_code == 200 and case.number in detail.content.decode()
    assert AuditEntry.objects.filter(
        object_type="enforcement.report", object_id=str(report.pk), action=Action.TRANSITION
    ).exists()
    # Handled: a second acceptance or a dismissal is refused, nothing written.
    audits = AuditEntry.objects.count()
    assert client.post(f"{BASE}/{report.pk}/accept/", _accept(enf)).status_code == 400
    response = client.post(f"{BASE}/{report.pk}/dismiss/", {"reason": "x"})
    assert response.status_code == 400 and "已处理" in response.content.decode()
    assert Case.objects.count() == 1 and AuditEntry.objects.count() == audits


def test_accept_refused_with_one_officer_nothing_written(world, enf):
    report = make_report(world, enf)
    client = world.client(enf.officer1)
    audits = AuditEntry.objects.count()
    response = client.post(f"{BASE}/{report.pk}/accept/", _accept(enf, officers=[enf.officer1.pk]))
    assert response.status_code == 400
    assert "执法人员" in response.content.decode()
    response = client.post(
        f"{BASE}/{report.pk}/accept/", _accept(enf, officers=[enf.officer1.pk, enf.uncertified.pk])
    )
    assert response.status_code == 400
    assert Case.objects.count() == 0 and AuditEntry.objects.count() == audits
    report.refresh_from_db()
    assert report.status == Report.Status.PENDING


def test_accept_and_dismiss_access(world, enf):
    report = make_report(world, enf)
    assert world.client(world.clerk_b).get(f"{BASE}/{report.pk}/accept/").status_code == 404
    assert (
        world.client(world.leader).post(f"{BASE}/{report.pk}/accept/", _accept(enf)).status_code
        == 403
    )
    assert (
        world.client(world.leader).post(f"{BASE}/{report.pk}/dismiss/", {"reason": "x"}).status_code
        == 403
    )
    assert world.client(enf.officer1).put(f"{BASE}/{report.pk}/dismiss/").status_code == 405
    report.refresh_from_db()
    assert report.status == Report.Status.PENDING


def test_officer_dismisses_with_a_reason(world, enf):
    report = make_report(world, enf)
    client = world.client(enf.officer1)
    response = client.post(f"{BASE}/{report.pk}/dismiss/", {"reason": ""})
    assert response.status_code == 400 and "请填写不予登记理由。" in response.content.decode()
    report.refresh_from_db()
    assert report.status == Report.Status.PENDING
    response = client.post(f"{BASE}/{report.pk}/dismiss/", {"reason": "经核查已自行整改。"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.dismiss_reason, report.handled_by) == (
        Report.Status.DISMISSED,
        "经核查已自行整改。",
        enf.officer1,
    )
    assert last_audit().action == Action.TRANSITION


def test_officer_corrects_a_pending_report(world, enf):
    report = make_report(world, enf)
    client = world.client(enf.officer1)
    assert client.get(f"{BASE}/{report.pk}/edit/").status_code == 200
    data = {
        "category": enf.litter.pk,
        "grid": world.a.grid.pk,
        "address": "幸福路14号",
        "description": report.description,
    }
    assert client.post(f"{BASE}/{report.pk}/edit/", data).status_code == 302
    report.refresh_from_db()
    assert (report.category, report.address) == (enf.litter, "幸福路14号")
    assert last_audit().action == Action.UPDATE


def test_list_queries_do_not_grow_with_the_rows(world, enf):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = world.client(enf.officer1)
    patrol = make_patrol(world, enf)
    make_report(world, enf, actor=world.clerk_a, source="patrol", patrol=patrol)

    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    reports, patrols = count(f"{BASE}/"), count("/office/enforcement/patrol/")
    for _ in range(4):
        more = make_patrol(world, enf, members=[enf.officer1, enf.officer2, enf.officer3])
        make_report(world, enf, actor=world.clerk_a, source="patrol", patrol=more)
    assert count(f"{BASE}/") == reports
    assert count("/office/enforcement/patrol/") == patrols
