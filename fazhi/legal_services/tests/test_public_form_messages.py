"""The booking pages' errors as a resident reads them: the platform's wording, each once."""

from __future__ import annotations

import pytest
import time_machine

from fazhi.audit.models import AuditEntry
from fazhi.core.tests.form_messages import assert_platform_wording
from fazhi.legal_services.models import Appointment
from fazhi.legal_services.tests.duty_fixtures import NOW, make_shift

pytestmark = pytest.mark.django_db
BASE = "/s/street-a/lawyers"


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


def booking(**changes: str) -> dict[str, str]:
    return {
        "topic": "marriage_family",
        "name": "刘晓梅",
        "mobile": "13800000001",
        "description": "离婚后孩子抚养费问题",
        "consent": "on",
        **changes,
    }


@pytest.mark.parametrize("mobile", ["1380000", "138000000012", "1380000000a", "23800000001"])
def test_a_bad_mobile_number_is_said_once(world, legal, anon, mobile):
    shift = make_shift(world, legal)
    before = AuditEntry.objects.count()
    response = anon.post(f"{BASE}/book/{shift.pk}/", booking(mobile=mobile))
    assert response.status_code == 400
    assert_platform_wording(response.content.decode(), "请输入11位手机号码。")
    assert not Appointment.objects.exists() and AuditEntry.objects.count() == before


def test_missing_and_over_long_input_in_the_platforms_wording(world, legal, anon):
    shift = make_shift(world, legal)
    data = booking(topic="", name="", mobile="", description="长" * 612)
    response = anon.post(f"{BASE}/book/{shift.pk}/", data)
    assert response.status_code == 400
    assert_platform_wording(
        response.content.decode(),
        "请选择咨询事项。",
        "请填写姓名。",
        "请填写手机号码。",
        "问题简述不能超过500字（现为612字）。",
    )
    too_long = anon.post(f"{BASE}/book/{shift.pk}/", booking(name="张" * 31))
    assert_platform_wording(too_long.content.decode(), "姓名不能超过30字（现为31字）。")
    assert not Appointment.objects.exists()


def test_a_spaced_mobile_number_books(world, legal, anon):
    shift = make_shift(world, legal)
    response = anon.post(f"{BASE}/book/{shift.pk}/", booking(mobile="138 0000 0001"))
    assert response.status_code == 302
    assert Appointment.objects.get().mobile == "13800000001"


def test_the_lookup_form_in_the_platforms_wording(world, anon):
    response = anon.post(f"{BASE}/lookup/", {"code": "", "mobile": "1380000"})
    assert response.status_code == 400
    assert_platform_wording(response.content.decode(), "请填写预约码。", "请输入11位手机号码。")
    response = anon.post(f"{BASE}/lookup/", {"code": "A" * 21, "mobile": ""})
    assert_platform_wording(
        response.content.decode(),
        "预约码不能超过20字（现为21字）。",
        "请填写预约时留下的手机号码。",
    )
