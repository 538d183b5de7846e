"""The roster's services: planning and moving shifts around suspensions, recording and
cancelling them, and suspensions cancelling the shifts in their period."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fazhi.audit.models import Action, AuditEntry
from fazhi.legal_services.models import Appointment, DutyShift, ServiceSuspension
from fazhi.legal_services.services import duty
from fazhi.legal_services.tests.duty_fixtures import (
    NOW,
    THURSDAY,
    at,
    book,
    last_audit,
    make_shift,
)
from fazhi.org.services import village_create

pytestmark = pytest.mark.django_db


def refused(call, *args, **kwargs) -> str:
    before = (
        DutyShift.objects.count(),
        ServiceSuspension.objects.count(),
        AuditEntry.objects.count(),
    )
    with pytest.raises(ValidationError) as exc:
        call(*args, **kwargs)
    assert (
        DutyShift.objects.count(),
        ServiceSuspension.objects.count(),
        AuditEntry.objects.count(),
    ) == before
    return " ".join(exc.value.messages)


def suspend(world, **fields) -> ServiceSuspension:
    data = {
        "starts_on": date(2020, 1, 24),
        "ends_on": date(2020, 5, 31),
        "reason": "新冠肺炎疫情防控",
        "alternative": "电话、微信咨询照常提供",
    }
    data.update(fields)
    return duty.service_suspension_create(
        street=world.a.street, actor=world.clerk_a, now=NOW, **data
    )


def test_create_is_audited(world, legal):
    shift = make_shift(world, legal)
    entry = last_audit()
    assert (entry.action, entry.actor, entry.object_id) == (
        Action.CREATE,
        world.clerk_a,
        str(shift.pk),
    )
    assert shift.status == DutyShift.Status.SCHEDULED


def test_a_shift_inside_a_suspension_is_refused_naming_it(world, legal):
    suspend(world)
    message = refused(make_shift, world, legal, date=date(2020, 2, 6))
    assert message == (
        "该日期在暂停现场服务期间，不能安排值班：全街道暂停现场法律服务"
        "（2020年1月24日至2020年5月31日），原因：新冠肺炎疫情防控。电话、微信咨询照常提供。"
    )
    # The day after the last day of the suspension is fine.
    assert make_shift(world, legal, date=date(2020, 6, 1))


def test_a_village_suspension_stops_only_that_village(world, legal):
    other = village_create(
        street=world.a.street, actor=None, name="东沽村", established_on=date(2010, 1, 1)
    )
    suspend(world, village=world.a.village, ends_on=None)
    assert "甲街幸福社区暂停现场法律服务（2020年1月24日起，恢复时间另行通知）" in refused(
        make_shift, world, legal, date=date(2021, 3, 1)
    )
    assert make_shift(world, legal, village=other, date=date(2021, 3, 1))


def test_moving_a_shift_into_a_suspension_is_refused(world, legal):
    suspend(world)
    shift = make_shift(world, legal)
    message = refused(duty.duty_shift_update, shift, actor=world.clerk_a, date=date(2020, 3, 5))
    assert "不能安排值班：全街道暂停现场法律服务" in message
    shift.refresh_from_db()
    assert shift.date == THURSDAY


def test_a_booked_shift_keeps_its_time_but_may_change_lawyer(world, legal):
    shift = make_shift(world, legal, capacity=3)
    book(shift)
    book(shift, mobile="13812340002")
    assert "已有2人预约，不能改期" in refused(
        duty.duty_shift_update, shift, actor=world.clerk_a, starts_at=time(10)
    )
    assert "可预约名额不能少于2" in refused(
        duty.duty_shift_update, shift, actor=world.clerk_a, capacity=1
    )
    duty.duty_shift_update(shift, actor=world.clerk_a, lawyer=legal.other_lawyer_a, capacity=2)
    shift.refresh_from_db()
    assert (shift.lawyer, shift.capacity) == (legal.other_lawyer_a, 2)
    entry = last_audit()
    assert entry.changes["after"] == {"lawyer": legal.other_lawyer_a.pk, "capacity": 2}


def test_state_changes_do_not_go_through_update(world, legal):
    shift = make_shift(world, legal)
    assert "登记值班情况" in refused(
        duty.duty_shift_update, shift, actor=world.clerk_a, status=DutyShift.Status.HELD
    )


def test_the_roster_is_the_offices(world, legal):
    shift = make_shift(world, legal)
    with pytest.raises(PermissionDenied):
        duty.duty_shift_create(
            street=world.a.street,
            actor=legal.lawyer_user,
            village=world.a.village,
            lawyer=legal.lawyer_a,
            date=THURSDAY,
            starts_at=time(14),
            ends_at=time(16),
        )
    with pytest.raises(PermissionDenied):
        duty.duty_shift_update(shift, actor=legal.lawyer_user, place="别处")
    with pytest.raises(PermissionDenied):
        duty.duty_shift_cancel(shift, actor=legal.lawyer_user, reason="不想去")
    shift.refresh_from_db()
    assert shift.status == DutyShift.Status.SCHEDULED


def test_record_only_once_the_day_has_come(world, legal):
    shift = make_shift(world, legal)
    message = refused(
        duty.duty_shift_record,
        shift,
        actor=world.clerk_a,
        status=DutyShift.Status.HELD,
        today=THURSDAY - timedelta(days=1),
    )
    assert message == "值班日期（2020年6月4日）尚未到，不能登记值班情况。"
    duty.duty_shift_record(
        shift,
        actor=world.clerk_a,
        status=DutyShift.Status.HELD,
        consultations_handled=4,
        record="接待4人次",
        today=THURSDAY,
    )
    shift.refresh_from_db()
    assert (shift.status, shift.consultations_handled, shift.record) == ("held", 4, "接待4人次")
    entry = last_audit()
    assert entry.action == Action.TRANSITION
    assert entry.changes["before"]["status"] == "scheduled"
    assert entry.changes["after"] == {
        "status": "held",
        "consultations_handled": 4,
        "record": "接待4人次",
    }


def test_a_lawyer_records_their_own_shifts_only(world, legal):
    own = make_shift(world, legal)
    other = make_shift(world, legal, lawyer=legal.other_lawyer_a)
    duty.duty_shift_record(
        own, actor=legal.lawyer_user, status=DutyShift.Status.ABSENT, today=THURSDAY
    )
    own.refresh_from_db()
    assert own.status == DutyShift.Status.ABSENT and last_audit().actor == legal.lawyer_user
    with pytest.raises(PermissionDenied):
        duty.duty_shift_record(
            other, actor=legal.lawyer_user, status=DutyShift.Status.HELD, today=THURSDAY
        )
    other.refresh_from_db()
    assert other.status == DutyShift.Status.SCHEDULED


def test_absent_with_consultations_and_unknown_status_are_refused(world, legal):
    shift = make_shift(world, legal)
    assert "律师未到岗时不能填写接待咨询人次" in refused(
        duty.duty_shift_record,
        shift,
        actor=world.clerk_a,
        status=DutyShift.Status.ABSENT,
        consultations_handled=3,
        today=THURSDAY,
    )
    assert "请选择" in refused(
        duty.duty_shift_record, shift, actor=world.clerk_a, status="cancelled", today=THURSDAY
    )


def test_cancel_takes_its_bookings_along(world, legal):
    shift = make_shift(world, legal)
    first, second = book(shift), book(shift, mobile="13812340002")
    duty.duty_shift_cancel(shift, actor=world.clerk_a, reason="律师临时出庭", now=NOW)
    shift.refresh_from_db()
    assert (shift.status, shift.cancel_reason) == (DutyShift.Status.CANCELLED, "律师临时出庭")
    for appointment in (first, second):
        appointment.refresh_from_db()
        assert appointment.status == Appointment.Status.CANCELLED
        assert appointment.note == "值班取消：律师临时出庭"
    rows = AuditEntry.objects.filter(action=Action.TRANSITION).order_by("seq")
    assert [r.object_type for r in rows] == [
        "legal_services.dutyshift",
        "legal_services.appointment",
        "legal_services.appointment",
    ]
    assert "只能取消尚未举行的值班" in refused(
        duty.duty_shift_cancel, shift, actor=world.clerk_a, reason="再取消一次"
    )
    assert "请填写取消原因" in refused(
        duty.duty_shift_cancel,
        make_shift(world, legal, capacity=0, date=THURSDAY + timedelta(days=1)),
        actor=world.clerk_a,
        reason=" ",
    )


def test_recorded_or_booked_shifts_are_not_deleted(world, legal):
    booked = make_shift(world, legal)
    book(booked)
    assert "请取消该值班" in refused(duty.duty_shift_delete, booked, actor=world.clerk_a)
    held = make_shift(world, legal, lawyer=legal.other_lawyer_a)
    duty.duty_shift_record(held, actor=world.clerk_a, status="held", today=THURSDAY)
    assert "已登记值班情况" in refused(duty.duty_shift_delete, held, actor=world.clerk_a)
    spare = make_shift(world, legal, date=THURSDAY + timedelta(days=1))
    duty.duty_shift_delete(spare, actor=world.clerk_a)
    assert not DutyShift.objects.filter(pk=spare.pk).exists()
    assert last_audit().action == Action.DELETE


def test_a_suspension_cancels_the_scheduled_shifts_of_its_period(world, legal):
    inside = make_shift(world, legal, date=date(2020, 2, 6))
    booked = book(inside, now=at(date(2020, 2, 1), 10))
    held = make_shift(world, legal, date=date(2020, 1, 23), lawyer=legal.other_lawyer_a)
    duty.duty_shift_record(held, actor=world.clerk_a, status="held", today=date(2020, 1, 23))
    after = make_shift(world, legal, date=date(2020, 6, 2))
    other_street = duty.duty_shift_create(
        street=world.b.street,
        actor=world.clerk_b,
        village=world.b.village,
        lawyer=legal.lawyer_b,
        date=date(2020, 2, 6),
        starts_at=time(9),
        ends_at=time(11),
    )
    suspension = suspend(world)
    inside.refresh_from_db()
    assert inside.status == DutyShift.Status.CANCELLED
    assert inside.suspension == suspension
    assert inside.cancel_reason == "暂停现场服务：新冠肺炎疫情防控"
    booked.refresh_from_db()
    assert booked.status == Appointment.Status.CANCELLED
    assert list(suspension.cancelled_shifts.all()) == [inside]
    for untouched in (held, after, other_street):
        status = DutyShift.objects.get(pk=untouched.pk).status
        assert status != DutyShift.Status.CANCELLED
    assert AuditEntry.objects.filter(
        object_type="legal_services.servicesuspension", action=Action.CREATE
    ).exists()


def test_extending_a_suspension_cancels_the_newly_covered_shifts(world, legal):
    later = make_shift(world, legal, date=date(2020, 6, 2))
    suspension = suspend(world)
    later.refresh_from_db()
    assert later.status == DutyShift.Status.SCHEDULED
    duty.service_suspension_update(
        suspension, actor=world.clerk_a, ends_on=date(2020, 6, 30), now=NOW
    )
    later.refresh_from_db()
    assert (later.status, later.suspension) == (DutyShift.Status.CANCELLED, suspension)
    # Ending it earlier restores nothing, and a suspension that cancelled shifts stays.
    duty.service_suspension_update(suspension, actor=world.clerk_a, ends_on=date(2020, 2, 1))
    later.refresh_from_db()
    assert later.status == DutyShift.Status.CANCELLED
    assert "不能删除" in refused(duty.service_suspension_delete, suspension, actor=world.clerk_a)


def test_a_suspension_with_dates_the_wrong_way_round_is_refused(world, legal):
    shift = make_shift(world, legal, date=date(2020, 3, 2))
    assert "恢复前最后一日不能早于暂停起始日期" in refused(
        suspend, world, starts_on=date(2020, 3, 1), ends_on=date(2020, 2, 1)
    )
    shift.refresh_from_db()
    assert shift.status == DutyShift.Status.SCHEDULED
