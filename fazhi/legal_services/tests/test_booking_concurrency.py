"""Concurrent bookings on PostgreSQL: the last place goes to exactly one resident, a shift is
never overbooked, and bookings racing a suspension or a cancellation neither deadlock nor
survive it."""

from __future__ import annotations

import contextlib
import threading
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from fazhi.audit.services import verify
from fazhi.legal_services.models import Appointment, DutyShift
from fazhi.legal_services.services import duty
from fazhi.legal_services.tests.duty_fixtures import NOW, THURSDAY, book, make_shift

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs concurrent connections to one database (PostgreSQL; set DATABASE_URL)",
    ),
]

FULL = "该时段已约满，请选择其他时段。"


def run_threads(count: int, target) -> list[BaseException]:
    """Run ``target(n)`` in ``count`` threads released together; the unexpected errors."""
    errors: list[BaseException] = []
    barrier = threading.Barrier(count)

    def worker(n: int) -> None:
        try:
            barrier.wait(timeout=10)
            target(n)
        except BaseException as exc:  # reported to the test, which fails on any
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return errors


def holding(shift: DutyShift) -> int:
    return Appointment.objects.filter(shift=shift, status__in=Appointment.HOLDING).count()


def test_eight_residents_booking_the_last_place_at_once_one_gets_it(world, legal):
    shift = make_shift(world, legal, capacity=3)
    book(shift, mobile="13900000001")
    book(shift, mobile="13900000002")
    outcomes: list[str] = []

    def attempt(n: int) -> None:
        try:
            book(shift, mobile=f"1370000000{n}", name=f"居民{n}")
            outcomes.append("booked")
        except ValidationError as exc:
            outcomes.append(" ".join(exc.messages))

    assert run_threads(8, attempt) == []
    assert sorted(outcomes) == sorted(["booked"] + [FULL] * 7)
    assert holding(shift) == 3
    assert verify().ok


def test_a_crowd_on_an_empty_shift_fills_it_exactly(world, legal):
    shift = make_shift(world, legal, capacity=4)
    outcomes: list[str] = []

    def attempt(n: int) -> None:
        try:
            book(shift, mobile=f"137000000{n:02d}")
            outcomes.append("booked")
        except ValidationError as exc:
            outcomes.append(" ".join(exc.messages))

    assert run_threads(10, attempt) == []
    assert outcomes.count("booked") == 4 and outcomes.count(FULL) == 6
    assert holding(shift) == 4
    codes = Appointment.objects.filter(shift=shift).values_list("code", flat=True)
    assert len(set(codes)) == 4


def test_bookings_racing_a_suspension_and_a_cancellation_leave_no_booking_behind(world, legal):
    """The suspension and the cancellation lock the shifts before they write their audit rows,
    as the booking does: whatever the interleaving, nobody deadlocks and no open booking
    remains on a cancelled shift."""
    first = make_shift(world, legal, date=date(2020, 6, 18), capacity=4)
    second = make_shift(world, legal, date=date(2020, 6, 25), capacity=4)
    other = make_shift(world, legal, date=THURSDAY + timedelta(days=1), capacity=4)

    def act(n: int) -> None:
        if n == 0:
            duty.service_suspension_create(
                street=world.a.street,
                actor=world.clerk_a,
                starts_on=date(2020, 6, 15),
                ends_on=date(2020, 6, 20),
                reason="场所维修",
                now=NOW,
            )
        elif n == 1:
            duty.duty_shift_cancel(second, actor=world.clerk_a, reason="律师出庭", now=NOW)
        else:
            target = (first, second, other)[n % 3]
            # Refused when the shift was cancelled first: as it should be.
            with contextlib.suppress(ValidationError):
                book(target, mobile=f"136000000{n:02d}")

    assert run_threads(9, act) == []
    for shift in (first, second):
        shift.refresh_from_db()
        assert shift.status == DutyShift.Status.CANCELLED
        assert not shift.appointments.exclude(status=Appointment.Status.CANCELLED).exists()
    assert holding(other) == other.appointments.count() <= 4
    assert verify().ok
