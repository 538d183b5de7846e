"""The public booking pages as an anonymous resident uses them on a phone."""

from __future__ import annotations

import re
from datetime import date, time, timedelta

import pytest
import time_machine
from django.test import Client

from fazhi.audit.models import Action, AuditEntry
from fazhi.core.services import model_create
from fazhi.legal_services.models import Appointment, VillageAdviser
from fazhi.legal_services.services import duty
from fazhi.legal_services.tests.duty_fixtures import (
    NOW,
    THURSDAY,
    at,
    book,
    last_audit,
    make_shift,
)

pytestmark = pytest.mark.django_db
BASE = "/s/street-a/lawyers"


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


def booking_form(**changes):
    data = {
        "topic": "marriage_family",
        "name": "刘晓梅",
        "mobile": "13800000001",
        "description": "离婚后孩子抚养费问题",
        "consent": "on",
    }
    data.update(changes)
    return data


def test_the_portal_links_the_booking_section(world, anon):
    text = anon.get("/s/street-a/").content.decode()
    assert f'<a href="{BASE}/">预约律师</a>' in text


def test_index_shows_advisers_and_bookable_shifts_but_nobody_who_booked(world, legal, anon):
    model_create(
        VillageAdviser,
        actor=None,
        data={
            "street": world.a.street,
            "lawyer": legal.lawyer_a,
            "village": world.a.village,
            "starts_on": date(2019, 3, 1),
        },
    )
    open_shift = make_shift(world, legal)
    full = make_shift(world, legal, date=THURSDAY + timedelta(days=1), capacity=1)
    book(full)
    past = make_shift(world, legal, date=date(2020, 5, 28))
    other_street = duty.duty_shift_create(
        street=world.b.street,
        actor=world.clerk_b,
        village=world.b.village,
        lawyer=legal.lawyer_b,
        date=THURSDAY,
        starts_at=open_shift.starts_at,
        ends_at=open_shift.ends_at,
    )
    response = anon.get(f"{BASE}/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "法律顾问：王律师（甲街律师事务所）" in text
    assert f'href="{BASE}/book/{open_shift.pk}/">预约（余2个名额）' in text
    assert "已约满" in text and f"/book/{full.pk}/" not in text
    assert f"/book/{past.pk}/" not in text and f"/book/{other_street.pk}/" not in text
    assert "12348" in text
    for private in ("张三丰", "13812340001", legal.lawyer_a.phone):
        assert private not in text


def test_a_suspension_is_announced_with_its_reason_and_alternative(world, legal, anon):
    shift = make_shift(world, legal, date=date(2020, 6, 10))
    duty.service_suspension_create(
        street=world.a.street,
        actor=world.clerk_a,
        starts_on=date(2020, 6, 1),
        ends_on=date(2020, 6, 30),
        reason="疫情防控需要",
        alternative="可在村居法律服务微信群留言",
    )
    text = anon.get(f"{BASE}/").content.decode()
    assert "全街道暂停现场法律服务" in text
    assert "原因：疫情防控需要" in text and "替代服务：可在村居法律服务微信群留言" in text
    assert "暂停时间：2020年6月1日至2020年6月30日" in text
    assert f"/book/{shift.pk}/" not in text


def test_booking_in_a_suspension_is_refused_with_a_clear_message(world, legal, anon):
    """The issue's "done when": no booking in a suspension period, and the page says why."""
    shift = make_shift(world, legal, date=date(2020, 6, 10))
    duty.service_suspension_create(
        street=world.a.street,
        actor=world.clerk_a,
        village=world.a.village,
        starts_on=date(2020, 6, 8),
        reason="村委会换届选举",
        alternative="请拨打司法所电话022-63219999",
    )
    text = anon.get(f"{BASE}/book/{shift.pk}/").content.decode()
    assert (
        "该时段不接受预约：甲街幸福社区暂停现场法律服务（2020年6月8日起，恢复时间另行通知）" in text
    )
    assert "原因：村委会换届选举" in text and "请拨打司法所电话022-63219999" in text
    assert '<form method="post" class="record"' not in text
    before = (Appointment.objects.count(), AuditEntry.objects.count())
    response = anon.post(f"{BASE}/book/{shift.pk}/", booking_form())
    assert response.status_code == 400
    assert "村委会换届选举" in response.content.decode()
    assert (Appointment.objects.count(), AuditEntry.objects.count()) == before


def test_book_and_see_the_code_with_the_details_masked(world, legal, anon):
    shift = make_shift(world, legal)
    response = anon.get(f"{BASE}/book/{shift.pk}/")
    text = response.content.decode()
    assert response.status_code == 200
    assert "个人信息使用说明" in text and "保存一年" in text and "12348" in text
    response = anon.post(f"{BASE}/book/{shift.pk}/", booking_form(), REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 302 and response["Location"] == f"{BASE}/booked/"
    appointment = Appointment.objects.get()
    assert (appointment.name, appointment.mobile, appointment.source) == (
        "刘晓梅",
        "13800000001",
        "portal",
    )
    entry = last_audit()
    assert (entry.action, entry.actor, entry.ip) == (Action.CREATE, None, "198.51.100.7")
    text = anon.get(f"{BASE}/booked/").content.decode()
    assert appointment.code in text and "刘某" in text and "138****0001" in text
    assert "刘晓梅" not in text and "13800000001" not in text
    assert "离婚后孩子抚养费问题" not in text
    # Another browser does not see it.
    assert Client().get(f"{BASE}/booked/").status_code == 302


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"mobile": "1380000"}, "请输入11位手机号码"),
        ({"mobile": "23800000001"}, "请输入11位手机号码"),
        ({"mobile": "1380000000a"}, "请输入11位手机号码"),
        ({"consent": ""}, "请阅读并勾选同意个人信息使用说明"),
        ({"name": "   "}, "请填写姓名。"),
        ({"topic": "astrology"}, "咨询事项的选项无效，请重新选择。"),
        ({"description": "长" * 501}, "问题简述不能超过500字（现为501字）。"),
    ],
)
def test_bad_input_is_refused_and_nothing_written(world, legal, anon, changes, message):
    shift = make_shift(world, legal)
    response = anon.post(f"{BASE}/book/{shift.pk}/", booking_form(**changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Appointment.objects.exists()


def test_a_full_shift_says_so(world, legal, anon):
    shift = make_shift(world, legal, capacity=1)
    book(shift)
    assert "该时段已约满" in anon.get(f"{BASE}/book/{shift.pk}/").content.decode()
    response = anon.post(f"{BASE}/book/{shift.pk}/", booking_form())
    assert response.status_code == 400 and "该时段已约满" in response.content.decode()
    assert Appointment.objects.count() == 1


@pytest.mark.parametrize("path", ["book/999999/", f"book/{2**70}/", "book/abc/"])
def test_unknown_shifts_are_the_portals_404(world, legal, anon, path):
    response = anon.get(f"{BASE}/{path}")
    assert response.status_code == 404
    assert "没有找到您要访问的页面" in response.content.decode()


def test_other_streets_shift_and_unknown_street_are_404(world, legal, anon):
    shift = make_shift(world, legal)
    assert anon.get(f"/s/street-b/lawyers/book/{shift.pk}/").status_code == 404
    assert anon.post(f"/s/street-b/lawyers/book/{shift.pk}/", booking_form()).status_code == 404
    assert anon.get("/s/nowhere/lawyers/").status_code == 404
    assert not Appointment.objects.exists()


def test_csrf_is_enforced(world, legal):
    shift = make_shift(world, legal)
    client = Client(enforce_csrf_checks=True)
    assert client.post(f"{BASE}/book/{shift.pk}/", booking_form()).status_code == 403
    assert client.post(f"{BASE}/lookup/", {"code": "X", "mobile": "13800000001"}).status_code == 403
    assert not Appointment.objects.exists()


def test_lookup_needs_code_and_mobile_together(world, legal, anon):
    appointment = book(make_shift(world, legal))
    code = appointment.code
    response = anon.post(
        f"{BASE}/lookup/", {"code": f"{code[:4].lower()}-{code[4:]}", "mobile": "13812340001"}
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert code in text and "张某" in text and "138****0001" in text and "取消预约" in text
    assert "张三丰" not in text and "13812340001" not in text
    wrong_mobile = anon.post(f"{BASE}/lookup/", {"code": code, "mobile": "13812340009"})
    unknown = anon.post(f"{BASE}/lookup/", {"code": "ZZZZZZZZ", "mobile": "13812340001"})
    for response in (wrong_mobile, unknown):
        assert response.status_code == 400
        text = response.content.decode()
        assert "预约码或手机号码不正确，请核对后重新输入。" in text
        assert "张某" not in text and 'name="reason"' not in text
    garbage = anon.post(f"{BASE}/lookup/", {"code": "码" * 50, "mobile": "abc"})
    assert garbage.status_code == 400
    assert anon.get(f"{BASE}/lookup/?code={code}").status_code == 200


def test_resident_cancels_after_looking_the_booking_up(world, legal, anon):
    appointment = book(make_shift(world, legal))
    # Without having proved the booking, the button does nothing.
    response = anon.post(f"{BASE}/cancel/", {"code": appointment.code})
    assert (
        response.status_code == 400
        and "请先用预约码和手机号码查询预约" in response.content.decode()
    )
    anon.post(f"{BASE}/lookup/", {"code": appointment.code, "mobile": "13812340001"})
    assert anon.get(f"{BASE}/cancel/").status_code == 405
    response = anon.post(f"{BASE}/cancel/", {"code": appointment.code, "reason": "已自行解决"})
    assert response.status_code == 200
    assert "已取消预约" in response.content.decode()
    appointment.refresh_from_db()
    assert (appointment.status, appointment.note) == ("cancelled", "本人取消：已自行解决")
    entry = last_audit()
    assert (entry.action, entry.actor, entry.actor_name) == (Action.TRANSITION, None, "匿名访客")
    again = anon.post(f"{BASE}/cancel/", {"code": appointment.code})
    assert again.status_code == 400 and "该预约已取消" in again.content.decode()


def test_the_booking_browser_may_cancel_but_not_after_the_start(world, legal, anon):
    shift = make_shift(world, legal, date=NOW.date(), starts_at=time(10, 30), ends_at=time(12))
    anon.post(f"{BASE}/book/{shift.pk}/", booking_form())
    appointment = Appointment.objects.get()
    assert 'name="reason"' in anon.get(f"{BASE}/booked/").content.decode()
    with time_machine.travel(at(NOW.date(), 10, 45), tick=False):
        response = anon.post(f"{BASE}/cancel/", {"code": appointment.code})
    assert response.status_code == 400
    assert "值班已开始，不能在网上取消预约" in response.content.decode()
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.BOOKED


def test_codes_shown_are_only_ever_the_residents_own(world, legal, anon):
    shift = make_shift(world, legal, capacity=3)
    other = book(shift, mobile="13812340002")
    anon.post(f"{BASE}/book/{shift.pk}/", booking_form())
    text = anon.get(f"{BASE}/booked/").content.decode()
    codes = set(re.findall(r"\b[2-9A-HJ-NP-Z]{8}\b", text))
    assert other.code not in codes and len(codes) == 1
