"""The booking rules of ``appointment_book`` and the staff's appointment services: each refusal
says why, nothing is written on a refusal, and every change leaves an audit row."""

from __future__ import annotations

import re
from datetime import date, time, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fazhi.audit.models import Action, AuditEntry
from fazhi.core import context
from fazhi.legal_services.models import Appointment, DutyShift, Topic
from fazhi.legal_services.services import duty
from fazhi.legal_services.tests.duty_fixtures import NOW, THURSDAY, at, book, last_audit, make_shift

pytestmark = pytest.mark.django_db


def refused(call, *args, **kwargs) -> str:
    """The message of the ValidationError ``call`` raises; fails if it writes anything."""
    before = (Appointment.objects.count(), AuditEntry.objects.count())
    with pytest.raises(ValidationError) as exc:
        call(*args, **kwargs)
    assert (Appointment.objects.count(), AuditEntry.objects.count()) == before
    return " ".join(exc.value.messages)


def test_a_booking_gets_a_random_unambiguous_code_and_a_masked_audit_row(world, legal):
    shift = make_shift(world, legal)
    with context.bound(context.RequestContext(request_id="r" * 16, ip="203.0.113.9")):
        appointment = book(shift)
    assert re.fullmatch(r"[2-9A-HJ-NP-Z]{8}", appointment.code)
    assert (appointment.status, appointment.source) == (
        Appointment.Status.BOOKED,
        Appointment.Source.PORTAL,
    )
    assert appointment.consent_at == NOW and appointment.street == world.a.street
    entry = last_audit()
    assert (entry.action, entry.actor, entry.actor_name, entry.ip) == (
        Action.CREATE,
        None,
        "匿名访客",
        "203.0.113.9",
    )
    # The log keeps no second register of residents: name and number masked, no question.
    assert entry.object_repr == f"{appointment.code} 张某"
    after = entry.changes["after"]
    assert (after["name"], after["mobile"]) == ("张某", "138****0001")
    assert "description" not in after and "13812340001" not in str(entry.changes)


def test_codes_differ(world, legal):
    shift = make_shift(world, legal, capacity=3)
    codes = {book(shift, mobile=f"1381234000{n}").code for n in range(3)}
    assert len(codes) == 3


def test_consent_is_required(world, legal):
    shift = make_shift(world, legal)
    assert "同意个人信息的使用说明" in refused(book, shift, consent=False)


def test_bad_mobile_and_empty_name_are_refused(world, legal):
    shift = make_shift(world, legal)
    assert "11位手机号码" in refused(book, shift, mobile="12345")
    assert "此字段不能为空" in refused(book, shift, name="   ")


def test_a_past_or_started_shift_is_refused(world, legal):
    shift = make_shift(world, legal)
    message = refused(book, shift, now=at(THURSDAY, 9, 0))
    assert message == "该时段已开始或已结束，不能预约，请选择其他时段。"


def test_a_cancelled_shift_is_refused_with_its_reason(world, legal):
    shift = make_shift(world, legal)
    duty.duty_shift_cancel(shift, actor=world.clerk_a, reason="律师临时出庭")
    assert "该时段的值班已取消（律师临时出庭）" in refused(book, shift)


def test_a_shift_without_places_takes_no_booking(world, legal):
    shift = make_shift(world, legal, capacity=0)
    assert "只接待现场来访，不接受预约" in refused(book, shift)


def test_a_full_shift_is_refused(world, legal):
    shift = make_shift(world, legal, capacity=1)
    book(shift)
    assert refused(book, shift, mobile="13812340002") == "该时段已约满，请选择其他时段。"
    assert shift.appointments.count() == 1


def test_cancelled_and_rescheduled_bookings_free_their_place(world, legal):
    shift = make_shift(world, legal, capacity=1)
    first = book(shift)
    duty.appointment_cancel(first, by_resident=True, now=NOW)
    second = book(shift, mobile="13812340002")
    other = make_shift(world, legal, date=THURSDAY + timedelta(days=7))
    duty.appointment_reschedule(second, shift=other, actor=world.clerk_a, now=NOW)
    assert book(shift, mobile="13812340003").status == Appointment.Status.BOOKED


def test_a_booking_in_a_suspension_period_is_refused_saying_why_and_what_to_do(world, legal):
    shift = make_shift(world, legal, date=date(2020, 6, 18))
    # A village suspension entered after the shift was planned cancels it …
    duty.service_suspension_create(
        street=world.a.street,
        actor=world.clerk_a,
        village=world.a.village,
        starts_on=date(2020, 6, 15),
        ends_on=date(2020, 6, 30),
        reason="村委会办公场所装修",
        alternative="电话、微信咨询照常提供",
    )
    message = refused(book, shift)
    assert message.startswith("该时段不接受预约：甲街幸福社区暂停现场法律服务")
    assert "原因：村委会办公场所装修" in message and "电话、微信咨询照常提供" in message


def test_a_shift_left_scheduled_in_a_suspension_is_still_refused(world, legal):
    """A suspension is the rule even for a shift it did not cancel (e.g. created cancelled,
    then the row changed by hand): the booking checks the period itself."""
    shift = make_shift(world, legal, date=date(2020, 6, 18))
    duty.service_suspension_create(
        street=world.a.street,
        actor=world.clerk_a,
        starts_on=date(2020, 6, 15),
        reason="疫情防控",
        alternative="请拨打12348",
    )
    DutyShift.objects.filter(pk=shift.pk).update(status=DutyShift.Status.SCHEDULED)
    message = refused(book, shift)
    assert (
        "暂停期间不接受预约：全街道暂停现场法律服务（2020年6月15日起，恢复时间另行通知）" in message
    )
    assert "12348公共法律服务热线" in message


def test_one_mobile_may_not_book_the_same_shift_twice(world, legal):
    shift = make_shift(world, legal)
    book(shift)
    assert "已预约了这一时段" in refused(book, shift)


def test_one_mobile_holds_at_most_three_open_bookings(world, legal):
    shifts = [make_shift(world, legal, date=THURSDAY + timedelta(days=7 * n)) for n in range(4)]
    for shift in shifts[:3]:
        book(shift)
    assert "已有3个尚未办理的预约" in refused(book, shifts[3])
    # Another number is not affected; a past booking no longer counts.
    assert book(shifts[3], mobile="13812340009")


def test_staff_book_on_behalf_and_a_lawyer_may_not(world, legal):
    shift = make_shift(world, legal)
    appointment = book(shift, source=Appointment.Source.STAFF, actor=world.clerk_a)
    assert last_audit().actor == world.clerk_a
    assert appointment.source == Appointment.Source.STAFF
    with pytest.raises(PermissionDenied):
        book(shift, mobile="13812340002", actor=legal.lawyer_user)


def test_confirm_then_attend_after_the_shift_started(world, legal):
    shift = make_shift(world, legal)
    appointment = book(shift)
    duty.appointment_confirm(appointment, actor=legal.lawyer_user, now=NOW)
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.CONFIRMED
    entry = last_audit()
    assert (entry.action, entry.actor, entry.changes["after"]["status"]) == (
        Action.TRANSITION,
        legal.lawyer_user,
        "confirmed",
    )
    message = refused(
        duty.appointment_attend, appointment, actor=world.clerk_a, attended=True, now=NOW
    )
    assert "值班开始后才能登记到场情况（值班时间：2020年6月4日 09:00）" in message
    duty.appointment_attend(appointment, actor=world.clerk_a, attended=False, now=at(THURSDAY, 12))
    duty.appointment_attend(appointment, actor=world.clerk_a, attended=True, now=at(THURSDAY, 12))
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.ATTENDED
    assert refused(duty.appointment_confirm, appointment, actor=world.clerk_a) == (
        "只有“已预约”的预约可以确认；该预约已到场。"
    )


def test_only_the_lawyer_on_duty_or_the_office_handles_a_booking(world, legal):
    shift = make_shift(world, legal, lawyer=legal.other_lawyer_a)
    appointment = book(shift)
    with pytest.raises(PermissionDenied):
        duty.appointment_confirm(appointment, actor=legal.lawyer_user)
    with pytest.raises(PermissionDenied):
        duty.appointment_cancel(appointment, actor=legal.lawyer_user)
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.BOOKED


def test_no_show_cannot_be_attended_when_the_lawyer_was_absent(world, legal):
    shift = make_shift(world, legal)
    appointment = book(shift)
    duty.duty_shift_record(
        shift, actor=world.clerk_a, status=DutyShift.Status.ABSENT, today=THURSDAY
    )
    message = refused(
        duty.appointment_attend,
        appointment,
        actor=world.clerk_a,
        attended=True,
        now=at(THURSDAY, 12),
    )
    assert "律师未到岗" in message


def test_resident_cancels_before_the_shift_only(world, legal):
    shift = make_shift(world, legal)
    appointment = book(shift)
    message = refused(
        duty.appointment_cancel, appointment, by_resident=True, now=at(THURSDAY, 9, 30)
    )
    assert "值班已开始，不能在网上取消预约" in message
    duty.appointment_cancel(appointment, by_resident=True, reason="另有安排", now=NOW)
    appointment.refresh_from_db()
    assert (appointment.status, appointment.note) == (
        Appointment.Status.CANCELLED,
        "本人取消：另有安排",
    )
    entry = last_audit()
    assert (entry.actor, entry.changes["by_resident"]) == (None, True)
    assert refused(duty.appointment_cancel, appointment, by_resident=True, now=NOW) == (
        "该预约已取消。"
    )


def test_reschedule_makes_a_linked_booking_with_a_new_code(world, legal):
    shift = make_shift(world, legal)
    later = make_shift(
        world, legal, date=THURSDAY + timedelta(days=7), starts_at=time(14), ends_at=time(16)
    )
    old = book(shift)
    new = duty.appointment_reschedule(old, shift=later, actor=world.clerk_a, now=NOW)
    old.refresh_from_db()
    assert (old.status, old.rescheduled_to) == (Appointment.Status.RESCHEDULED, new)
    assert (new.shift, new.name, new.mobile, new.status) == (
        later,
        "张三丰",
        "13812340001",
        Appointment.Status.BOOKED,
    )
    assert new.code != old.code and new.consent_at == old.consent_at
    actions = list(AuditEntry.objects.order_by("-seq").values_list("action", "object_id")[:2])
    assert actions == [(Action.TRANSITION, str(old.pk)), (Action.CREATE, str(new.pk))]
    # Not to the same shift, nor onto a full one.
    again = book(shift, mobile="13812340002")
    assert "另一个值班时段" in refused(
        duty.appointment_reschedule, again, shift=shift, actor=world.clerk_a, now=NOW
    )
    full = make_shift(world, legal, date=THURSDAY + timedelta(days=14), capacity=1)
    book(full, mobile="13812340003")
    assert "该时段已约满" in refused(
        duty.appointment_reschedule, again, shift=full, actor=world.clerk_a, now=NOW
    )


def test_services_replay_2020_with_an_explicit_clock(world, legal):
    """What the demo does: a June shift booked days before, held, attended."""
    shift = make_shift(world, legal, date=date(2020, 6, 9), capacity=3)
    appointment = book(shift, now=at(date(2020, 6, 5), 10))
    duty.appointment_confirm(appointment, actor=world.clerk_a)
    duty.duty_shift_record(
        shift,
        actor=world.clerk_a,
        status=DutyShift.Status.HELD,
        consultations_handled=2,
        today=date(2020, 6, 9),
    )
    duty.appointment_attend(
        appointment, actor=world.clerk_a, attended=True, now=at(date(2020, 6, 9), 9, 30)
    )
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.ATTENDED
    assert appointment.topic == Topic.LABOUR


def test_residents_details_are_erased_a_year_after_the_shift(world, legal):
    from io import StringIO

    from django.core.management import call_command

    old = book(make_shift(world, legal))
    recent = book(
        make_shift(world, legal, date=THURSDAY + timedelta(days=30)), mobile="13812340002"
    )
    out = StringIO()
    call_command("appointments_erase", "--today", "2021-06-20", stdout=out)
    assert out.getvalue().strip() == "已清除1个预约的个人信息。"
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.name, old.mobile, old.description, old.status) == ("张某", "", "", "booked")
    assert (recent.name, recent.mobile) == ("张三丰", "13812340002")
    entry = last_audit()
    assert (entry.action, entry.changes["erased"], entry.street_id) == (
        Action.UPDATE,
        1,
        world.a.street.pk,
    )
    assert duty.appointment_erase_expired(today=date(2021, 6, 20)) == 0
