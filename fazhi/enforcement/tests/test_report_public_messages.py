"""The resident's report form as a resident reads its errors: the platform's wording, each once."""

from __future__ import annotations

import pytest

from fazhi.audit.models import AuditEntry
from fazhi.core.tests.form_messages import assert_platform_wording
from fazhi.enforcement.models import Report

pytestmark = pytest.mark.django_db
BASE = "/s/street-a/enforcement/report"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def report(**changes: str) -> dict[str, str]:
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


def test_missing_and_bad_input_in_the_platforms_wording(world, enf, anon):
    before = AuditEntry.objects.count()
    data = report(address="", description="", category="999999", latitude="北纬", longitude="1")
    response = anon.post(f"{BASE}/", data)
    assert response.status_code == 400
    assert_platform_wording(
        response.content.decode(),
        "请填写地点。",
        "请填写问题描述。",
        "问题类别的选项无效，请重新选择。",
        "纬度须填写数字。",
    )
    response = anon.post(f"{BASE}/", report(address="路" * 201, reporter_name="名" * 31))
    assert response.status_code == 400
    assert_platform_wording(
        response.content.decode(),
        "地点不能超过200字（现为201字）。",
        "您的称呼不能超过30字（现为31字）。",
    )
    assert not Report.objects.exists() and AuditEntry.objects.count() == before


def test_the_lookup_form_in_the_platforms_wording(world, anon):
    response = anon.post(f"{BASE}/lookup/", {"code": ""})
    assert response.status_code == 400
    assert_platform_wording(response.content.decode(), "请填写查询码。")
    response = anon.post(f"{BASE}/lookup/", {"code": "A" * 21})
    assert_platform_wording(response.content.decode(), "查询码不能超过20字（现为21字）。")
