"""The demo's current year of public legal services, relative to the day it is loaded, and no
2020 record left open: the roster of the coming weeks with bookings and free places (several of
them the demo lawyer's), the year's recorded shifts and consultations up to yesterday, a
mediation whose judicial confirmation window closes this week, a contract about to expire. A
resident books a free place on the portal."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from django.db.models import Count, Q
from django.test import Client
from django.utils import timezone

from fazhi.audit.models import Action, AuditEntry
from fazhi.legal_services.models import (
    AdviserContract,
    Appointment,
    Consultation,
    DutyShift,
    Mediation,
    MediationAgreement,
)
from fazhi.legal_services.selectors.mediation import confirmation_window
from fazhi.org.models import Street, User

pytestmark = pytest.mark.django_db

OPEN = (Appointment.Status.BOOKED, Appointment.Status.CONFIRMED)


@pytest.fixture
def haibin(demo) -> Street:
    return Street.objects.get(slug="haibin")


@pytest.fixture
def today() -> date:
    return timezone.localdate()


def upcoming(haibin: Street, today: date):
    return DutyShift.objects.filter(
        street=haibin,
        status=DutyShift.Status.SCHEDULED,
        date__gte=today,
        date__lte=today + timedelta(weeks=5),
    ).annotate(holding=Count("appointments", filter=Q(appointments__status__in=OPEN)))


def test_the_coming_weeks_are_on_the_roster_with_bookings_and_free_places(haibin, today):
    shifts = list(upcoming(haibin, today))
    assert len(shifts) >= 8
    assert sum(s.holding for s in shifts) >= 5
    assert any(s.holding < s.capacity and s.date > today for s in shifts)
    lawyer = User.objects.get(username="lawyer")
    own = [s for s in shifts if s.lawyer.user_id == lawyer.pk]
    assert len(own) >= 3
    assert Appointment.objects.filter(shift__in=own, status__in=OPEN).count() >= 2
    # Some still to confirm: the office's reminder has work.
    assert Appointment.objects.filter(shift__in=shifts, status=Appointment.Status.BOOKED).exists()


def test_the_year_so_far_is_recorded_up_to_yesterday(haibin, today):
    year = DutyShift.objects.filter(street=haibin, date__year=today.year, date__lt=today)
    if today.month > 1:
        assert year.filter(status=DutyShift.Status.HELD).count() >= 4
        assert Appointment.objects.filter(
            shift__in=year, status=Appointment.Status.ATTENDED
        ).exists()
    # Nothing of the past waits to be recorded, nothing is dated after today.
    assert not DutyShift.objects.filter(
        street=haibin, status=DutyShift.Status.SCHEDULED, date__lt=today
    ).exists()
    start_of_today = timezone.make_aware(datetime.combine(today, time(0)))
    consultations = Consultation.objects.filter(street=haibin, occurred_at__year=today.year)
    assert not consultations.filter(occurred_at__gte=start_of_today).exists()
    if today.month > 1:
        assert consultations.filter(channel=Consultation.Channel.PHONE).count() >= 10
        assert consultations.filter(channel=Consultation.Channel.ONSITE).exists()


def test_a_confirmation_window_closes_this_week(haibin, today):
    cases = Mediation.objects.filter(street=haibin)
    closing = list(confirmation_window(cases, "closing", today=today))
    assert len(closing) == 1
    deadline = closing[0].agreement.confirmation_deadline
    assert today <= deadline <= today + timedelta(days=7)
    assert cases.filter(status=Mediation.Status.IN_PROGRESS).count() >= 2
    assert cases.filter(status=Mediation.Status.ACCEPTED).exists()
    assert MediationAgreement.objects.filter(
        mediation__street=haibin, confirmation=MediationAgreement.Confirmation.APPLIED
    ).exists()


def test_a_contract_runs_and_one_is_about_to_expire(haibin, today):
    contracts = AdviserContract.objects.filter(street=haibin)
    assert contracts.active_on(today).count() >= 2
    assert contracts.expiring(today).exists()
    # 2020's contract was followed by others: not shown as expired without a successor.
    assert not contracts.expired(today).exists()


def test_no_2020_record_is_left_open(haibin):
    in_2020 = Q(received_on__year=2020)
    assert (
        not Mediation.objects.filter(in_2020, street=haibin)
        .exclude(status__in=Mediation.CLOSED)
        .exists()
    )
    assert not MediationAgreement.objects.filter(
        mediation__street=haibin,
        signed_on__year=2020,
        confirmation=MediationAgreement.Confirmation.APPLIED,
    ).exists()
    assert not MediationAgreement.objects.filter(
        mediation__street=haibin, signed_on__year=2020, performed=False
    ).exists()
    assert not Appointment.objects.filter(
        street=haibin, shift__date__year=2020, status__in=OPEN
    ).exists()
    assert not DutyShift.objects.filter(
        street=haibin, date__year=2020, status=DutyShift.Status.SCHEDULED
    ).exists()
    assert not Consultation.objects.filter(
        street=haibin, occurred_at__year=2020, follow_up_needed=True, follow_up_note=""
    ).exists()


def test_a_resident_books_a_free_upcoming_shift_on_the_portal(haibin, today):
    shift = next(
        s
        for s in upcoming(haibin, today).order_by("date", "starts_at")
        if s.holding < s.capacity and s.date > today
    )
    anon = Client()
    index = anon.get("/s/haibin/lawyers/")
    assert index.status_code == 200
    assert f"/s/haibin/lawyers/book/{shift.pk}/" in index.content.decode()
    before = AuditEntry.objects.count()
    response = anon.post(
        f"/s/haibin/lawyers/book/{shift.pk}/",
        {
            "topic": "labour",
            "name": "张建国",
            "mobile": "13912345678",
            "consent": "on",
            "description": "单位拖欠工资两个月。",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/s/haibin/lawyers/booked/"
    booking = Appointment.objects.get(shift=shift, mobile="13912345678")
    assert (booking.name, booking.status, booking.source) == (
        "张建国",
        Appointment.Status.BOOKED,
        Appointment.Source.PORTAL,
    )
    entry = AuditEntry.objects.order_by("-seq").first()
    assert AuditEntry.objects.count() == before + 1
    assert (entry.action, entry.actor, entry.object_id) == (Action.CREATE, None, str(booking.pk))
    assert "预约成功" in anon.get(response["Location"]).content.decode()
