"""Rules of the roster and the bookings that hold across services: a shift whose residents were
seen is not recorded as the lawyer absent; a moved booking keeps the mobile number's limits;
residents book online only within the public window (the office further ahead); the roster's
services take the day they compare with, so that past years can be entered as they happened."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError

from fazhi.audit.models import Action, AuditEntry
from fazhi.legal_services.models import Appointment, DutyShift
from fazhi.legal_services.selectors.duty import PUBLIC_BOOKING_DAYS
from fazhi.legal_services.services import duty
from fazhi.legal_services.tests.duty_fixtures import (
    NOW,
    THURSDAY,
    TODAY,
    at,
    book,
    last_audit,
    make_shift,
)

pytestmark = pytest.mark.django_db
BASE = "/office/legal-services"


def _state() -> tuple[int, int]:
    return Appointment.objects.count(), AuditEntry.objects.count()


# --- a shift whose residents came is not "lawyer absent" --------------------------------------


def test_absent_is_refused_while_residents_are_marked_as_come(world, legal):
    shift = make_shift(world, legal)
    appointment = book(shift)
    duty.appointment_attend(appointment, actor=world.clerk_a, attended=True, now=at(THURSDAY, 10))
    with time_machine.travel(at(THURSDAY, 12), tick=False):
        client = world.client(world.clerk_a)
        before = AuditEntry.objects.count()
        response = client.post(f"{BASE}/dutyshift/{shift.pk}/record/", {"status": "absent"})
        assert response.status_code == 400
        text = response.content.decode()
        assert "已有1名预约群众登记为已到场，不能登记为律师未到岗" in text
        assert "请先更正预约的到场情况" in text
        shift.refresh_from_db()
        assert shift.status == DutyShift.Status.SCHEDULED
        assert AuditEntry.objects.count() == before

        # Once the attendance is corrected, the absence is recorded.
        duty.appointment_attend(appointment, actor=world.clerk_a, attended=False)
        response = client.post(f"{BASE}/dutyshift/{shift.pk}/record/", {"status": "absent"})
        assert response.status_code == 302
    shift.refresh_from_db()
    assert shift.status == DutyShift.Status.ABSENT
    entry = last_audit()
    assert (entry.action, entry.object_id) == (Action.TRANSITION, str(shift.pk))


def test_a_held_shift_with_residents_seen_cannot_be_corrected_to_absent(world, legal):
    shift = make_shift(world, legal)
    appointment = book(shift)
    duty.duty_shift_record(shift, actor=world.clerk_a, status="held", today=THURSDAY)
    duty.appointment_attend(appointment, actor=world.clerk_a, attended=True, now=at(THURSDAY, 10))
    with pytest.raises(ValidationError) as exc:
        duty.duty_shift_record(shift, actor=world.clerk_a, status="absent", today=THURSDAY)
    assert "请先更正预约的到场情况" in " ".join(exc.value.messages)
    shift.refresh_from_db()
    assert shift.status == DutyShift.Status.HELD


# --- rescheduling keeps the mobile number's limits ---------------------------------------------


def test_a_booking_is_not_moved_to_a_shift_the_same_number_already_holds(world, legal):
    first = make_shift(world, legal)
    second = make_shift(world, legal, date=THURSDAY + timedelta(days=1))
    moving = book(first, mobile="13812340001")
    book(second, mobile="13812340001")
    before = _state()
    with pytest.raises(ValidationError) as exc:
        duty.appointment_reschedule(moving, shift=second, actor=world.clerk_a, now=NOW)
    assert "该手机号已预约了这一时段" in " ".join(exc.value.messages)
    assert _state() == before
    moving.refresh_from_db()
    assert moving.status == Appointment.Status.BOOKED


def test_a_move_does_not_count_the_booking_moved_but_counts_the_others(world, legal):
    # A booking of a shift gone by, never marked: not one "still to come".
    past = make_shift(world, legal, date=TODAY - timedelta(days=4))
    missed = book(past, now=at(TODAY - timedelta(days=10), 9))
    shifts = [make_shift(world, legal, date=THURSDAY + timedelta(days=7 * n)) for n in range(5)]
    held = [book(shift) for shift in shifts[:3]]  # the number's limit of open bookings
    # Moving one of its three bookings leaves it with three: allowed.
    moved = duty.appointment_reschedule(held[0], shift=shifts[3], actor=world.clerk_a, now=NOW)
    assert moved.status == Appointment.Status.BOOKED and moved.shift == shifts[3]
    assert last_audit().action == Action.TRANSITION
    # Moved to a shift to come, the one gone by would be a fourth.
    before = _state()
    with pytest.raises(ValidationError) as exc:
        duty.appointment_reschedule(missed, shift=shifts[4], actor=world.clerk_a, now=NOW)
    assert "已有3个尚未办理的预约" in " ".join(exc.value.messages)
    assert _state() == before


# --- the public booking window -----------------------------------------------------------------


def test_residents_book_online_only_within_the_public_window(world, legal, anon):
    last_day = TODAY + timedelta(days=PUBLIC_BOOKING_DAYS)
    inside = make_shift(world, legal, date=last_day)
    beyond = make_shift(world, legal, date=last_day + timedelta(days=1))
    with time_machine.travel(NOW, tick=False):
        resident = anon
        form = {"topic": "labour", "name": "刘晓梅", "mobile": "13800000001", "consent": "on"}
        page = resident.get(f"/s/street-a/lawyers/book/{beyond.pk}/")
        assert page.status_code == 200
        assert "该时段尚未开放网上预约" in page.content.decode()
        before = _state()
        refused = resident.post(f"/s/street-a/lawyers/book/{beyond.pk}/", form)
        assert refused.status_code == 400 and _state() == before
        assert resident.post(f"/s/street-a/lawyers/book/{inside.pk}/", form).status_code == 302
    with pytest.raises(ValidationError) as exc:
        book(beyond, mobile="13800000002")
    assert "网上可预约60天内（2020年7月31日以前）的值班" in " ".join(exc.value.messages)
    # The office books a caller further ahead.
    staff = book(
        beyond,
        mobile="13800000003",
        source=Appointment.Source.STAFF,
        actor=world.clerk_a,
    )
    assert staff.shift == beyond and last_audit().actor == world.clerk_a


# --- the roster's services take "today" ---------------------------------------------------------


def test_a_past_roster_is_entered_as_of_its_day(world, legal):
    # The real clock is long past 2020: replaying 4 June 2020, the 5th is still to come.
    with pytest.raises(ValidationError) as exc:
        make_shift(world, legal, date=date(2020, 6, 5), status="held", today=date(2020, 6, 4))
    assert "值班日期尚未到" in " ".join(exc.value.messages)
    assert not DutyShift.objects.exists()
    shift = make_shift(world, legal, status="held", today=date(2020, 6, 4))
    assert shift.status == DutyShift.Status.HELD
