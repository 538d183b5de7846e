"""The resident's report on the public portal: no account, the contact optional (the phone
checked when given, consent needed), a tracking code, and a lookup that shows the status and
dates only — nothing personal, nothing of the reason."""

from __future__ import annotations

import re

import pytest

from fazhi.audit.models import AuditEntry
from fazhi.enforcement.models import Report
from fazhi.enforcement.services.reports import report_dismiss
from fazhi.enforcement.tests.report_helpers import photo

pytestmark = pytest.mark.django_db

BASE = "/s/street-a/enforcement/report"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _data(**changes):
    return {
        "category": "",
        "address": "花园路菜市场东门",
        "description": "早市摊位占满人行道，行人只能走机动车道。",
        "latitude": "",
        "longitude": "",
        "reporter_name": "",
        "reporter_phone": "",
        **changes,
    }


def test_form_opens_for_anyone_on_a_phone_sized_page(world, enf, anon):
    response = anon.get(f"{BASE}/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "个人信息使用说明" in content and 'capture="environment"' in content
    assert "占道经营" in content  # the street's categories
    assert anon.get("/s/no-such-street/enforcement/report/").status_code == 404


def test_anonymous_report_without_contact_gets_a_code(world, enf, anon):
    response = anon.post(f"{BASE}/", _data(photo=photo()))
    assert response.status_code == 302
    report = Report.objects.get()
    assert (report.source, report.street, report.reporter, report.reporter_phone) == (
        Report.Source.RESIDENT,
        world.a.street,
        None,
        "",
    )
    assert report.photo_sha256
    done = anon.get(response["Location"])
    assert done.status_code == 200
    assert report.tracking_code in done.content.decode()
    assert re.fullmatch(r"[2-9A-HJ-NP-Z]{8}", report.tracking_code)
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry is not None and entry.actor is None and entry.object_id == str(report.pk)


def test_contact_optional_phone_checked_and_consent_needed(world, enf, anon):
    response = anon.post(f"{BASE}/", _data(reporter_phone="12345"))
    assert response.status_code == 400
    assert "请填写正确的联系电话" in response.content.decode()
    response = anon.post(f"{BASE}/", _data(reporter_name="刘先生", reporter_phone="13912345678"))
    assert response.status_code == 400
    assert "勾选同意" in response.content.decode()
    response = anon.post(f"{BASE}/", _data(address=""))
    assert response.status_code == 400
    assert Report.objects.count() == 0
    response = anon.post(
        f"{BASE}/", _data(reporter_name="刘先生", reporter_phone="13912345678", consent="on")
    )
    assert response.status_code == 302
    assert Report.objects.get().reporter_phone == "13912345678"


def test_lookup_shows_status_and_dates_but_nothing_personal(world, enf, anon):
    anon.post(
        f"{BASE}/",
        _data(
            reporter_name="刘建国",
            reporter_phone="13912345678",
            consent="on",
            category=enf.stall.pk,
        ),
    )
    report = Report.objects.get()
    report_dismiss(actor=enf.officer1, report=report, reason="经核查，摊主刘建国已自行撤离。")
    fresh = world.client(None)
    page = fresh.get(f"{BASE}/lookup/")
    assert page.status_code == 200
    response = fresh.post(f"{BASE}/lookup/", {"code": report.tracking_code.lower()})
    assert response.status_code == 200
    content = response.content.decode()
    assert report.tracking_code in content
    assert "经核查不予立案" in content
    for private in ("刘建国", "13912345678", "花园路菜市场", "早市摊位", "自行撤离", "占道经营"):
        assert private not in content, private
    response = fresh.post(f"{BASE}/lookup/", {"code": "ZZZZZZZZ"})
    assert response.status_code == 400
    assert "没有找到这个查询码" in response.content.decode()


def test_codes_do_not_cross_streets(world, enf, anon):
    anon.post(f"{BASE}/", _data())
    code = Report.objects.get().tracking_code
    response = anon.post("/s/street-b/enforcement/report/lookup/", {"code": code})
    assert response.status_code == 400


def test_done_page_without_a_report_goes_to_the_lookup(world, anon):
    response = anon.get(f"{BASE}/done/")
    assert response.status_code == 302 and response["Location"].endswith("/report/lookup/")
