"""Staff pages of appointments: list and search, booking on behalf, and the detail page's
buttons (confirm, attendance, cancel, reschedule)."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
import time_machine

from fazhi.audit.models import Action, AuditEntry
from fazhi.legal_services.models import Appointment
from fazhi.legal_services.tests.duty_fixtures import (
    NOW,
    THURSDAY,
    at,
    book,
    last_audit,
    make_shift,
)

pytestmark = pytest.mark.django_db
BASE = "/office/legal-services/appointment"


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


def test_list_searches_by_code_name_or_mobile(world, legal):
    shift = make_shift(world, legal)
    first = book(shift)
    second = book(shift, name="李四", mobile="13912340002")
    client = world.client(world.clerk_a)
    for query, shown, hidden in (
        (first.code, first, second),
        ("李四", second, first),
        ("13912340002", second, first),
    ):
        text = client.get(f"{BASE}/", {"q": query}).content.decode()
        assert shown.code in text and hidden.code not in text, query
    text = client.get(f"{BASE}/", {"status": "booked", "topic": "labour"}).content.decode()
    assert first.code in text and second.code in text
    assert world.client(world.clerk_b).get(f"{BASE}/").content.decode().count(first.code) == 0


def test_book_on_behalf(world, legal):
    shift = make_shift(world, legal)
    response = world.client(world.clerk_a).post(
        f"{BASE}/new/",
        {
            "shift": shift.pk,
            "topic": "contract",
            "name": "王五",
            "mobile": "13712340005",
            "description": "",
            "consent": "on",
        },
    )
    appointment = Appointment.objects.get(name="王五")
    assert response.status_code == 302
    assert response["Location"].endswith(f"/appointment/{appointment.pk}/")
    assert (appointment.source, appointment.shift) == (Appointment.Source.STAFF, shift)
    entry = last_audit()
    assert (entry.action, entry.actor, entry.changes["source"]) == (
        Action.CREATE,
        world.clerk_a,
        "staff",
    )


def test_book_on_behalf_refuses_bad_input_and_full_shifts(world, legal):
    shift = make_shift(world, legal, capacity=1)
    client = world.client(world.clerk_a)
    before = (Appointment.objects.count(), AuditEntry.objects.count())
    response = client.post(
        f"{BASE}/new/",
        {"shift": shift.pk, "topic": "contract", "name": "王五", "mobile": "1371234"},
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "请输入11位手机号码" in text and "征得同意" in text
    assert (Appointment.objects.count(), AuditEntry.objects.count()) == before
    book(shift)
    response = client.post(
        f"{BASE}/new/",
        {
            "shift": shift.pk,
            "topic": "contract",
            "name": "王五",
            "mobile": "13712340005",
            "consent": "on",
        },
    )
    # A full shift is no longer offered: the choice itself is refused.
    assert response.status_code == 400
    assert not Appointment.objects.filter(name="王五").exists()


def test_lawyer_and_leader_cannot_book_on_behalf(world, legal):
    assert world.client(legal.lawyer_user).get(f"{BASE}/new/").status_code == 403
    assert world.client(world.leader).get(f"{BASE}/new/").status_code == 403


def test_detail_shows_the_resident_and_the_buttons_the_user_may_use(world, legal):
    appointment = book(make_shift(world, legal))
    text = world.client(world.clerk_a).get(f"{BASE}/{appointment.pk}/").content.decode()
    assert "张三丰" in text and "13812340001" in text
    assert "确认预约" in text and "取消预约" in text and "改期" in text
    assert "值班开始后可登记到场情况" in text
    text = world.client(world.leader).get(f"{BASE}/{appointment.pk}/").content.decode()
    assert "确认预约" not in text and "取消预约" not in text
    assert world.client(world.clerk_b).get(f"{BASE}/{appointment.pk}/").status_code == 404


def test_confirm_button(world, legal):
    appointment = book(make_shift(world, legal))
    client = world.client(legal.lawyer_user)
    assert client.get(f"{BASE}/{appointment.pk}/confirm/").status_code == 405
    response = client.post(f"{BASE}/{appointment.pk}/confirm/")
    assert response.status_code == 302
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.CONFIRMED
    assert (last_audit().action, last_audit().actor) == (Action.TRANSITION, legal.lawyer_user)
    response = client.post(f"{BASE}/{appointment.pk}/confirm/")
    assert response.status_code == 400
    assert "只有“已预约”的预约可以确认" in response.content.decode()


def test_attendance_buttons_after_the_shift_started(world, legal):
    appointment = book(make_shift(world, legal))
    response = world.client(world.clerk_a).post(
        f"{BASE}/{appointment.pk}/attend/", {"attended": "yes"}
    )
    assert response.status_code == 400 and "值班开始后才能登记到场情况" in response.content.decode()
    with time_machine.travel(at(THURSDAY, 10), tick=False):
        client = world.client(world.clerk_a)
        assert (
            client.post(f"{BASE}/{appointment.pk}/attend/", {"attended": "maybe"}).status_code
            == 400
        )
        assert (
            client.post(f"{BASE}/{appointment.pk}/attend/", {"attended": "no"}).status_code == 302
        )
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.NO_SHOW


def test_cancel_button_needs_the_office(world, legal):
    appointment = book(make_shift(world, legal))
    assert (
        world.client(legal.lawyer_user).post(f"{BASE}/{appointment.pk}/cancel/").status_code == 403
    )
    assert world.client(world.leader).post(f"{BASE}/{appointment.pk}/cancel/").status_code == 403
    assert world.client(world.clerk_b).post(f"{BASE}/{appointment.pk}/cancel/").status_code == 404
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.BOOKED
    response = world.client(world.clerk_a).post(
        f"{BASE}/{appointment.pk}/cancel/", {"reason": "本人来电取消"}
    )
    assert response.status_code == 302
    appointment.refresh_from_db()
    assert (appointment.status, appointment.note) == (
        Appointment.Status.CANCELLED,
        "工作人员取消：本人来电取消",
    )
    assert last_audit().actor == world.clerk_a


def test_reschedule_button(world, legal):
    shift = make_shift(world, legal)
    later = make_shift(
        world, legal, date=THURSDAY + timedelta(days=7), starts_at=time(14), ends_at=time(16)
    )
    appointment = book(shift)
    client = world.client(world.clerk_a)
    response = client.post(f"{BASE}/{appointment.pk}/reschedule/", {"shift": shift.pk})
    assert response.status_code == 400  # the same shift is not offered
    response = client.post(f"{BASE}/{appointment.pk}/reschedule/", {"shift": later.pk})
    new = Appointment.objects.get(shift=later)
    assert response.status_code == 302 and response["Location"].endswith(f"/{new.pk}/")
    appointment.refresh_from_db()
    assert (appointment.status, appointment.rescheduled_to) == (
        Appointment.Status.RESCHEDULED,
        new,
    )
    text = client.get(f"{BASE}/{new.pk}/").content.decode()
    assert appointment.code in text  # linked back to the booking it replaced
