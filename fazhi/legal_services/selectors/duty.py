"""Reads on the duty roster, service suspensions and appointments; each selector owns its joins.

Also the two access rules of this area, decided here once for pages, API and services:
who keeps the roster (the office), and who may record a shift or handle its appointments
(the office, or the lawyer on duty for their own shifts).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from fazhi.core.access import get_for_user
from fazhi.legal_services.models import (
    Appointment,
    DutyShift,
    Lawyer,
    LawyerCalendarFeed,
    ServiceSuspension,
    VillageAdviser,
)
from fazhi.org.models import Street, Village

# How far ahead the public page offers shifts, and how far back and ahead a calendar feed goes.
PUBLIC_BOOKING_DAYS = 60
FEED_PAST_DAYS = 90
FEED_FUTURE_DAYS = 366

ROSTER_PERMISSION = "legal_services.add_dutyshift"
BOOKING_PERMISSION = "legal_services.add_appointment"

_HOLDING = Q(appointments__status__in=Appointment.HOLDING)


# --- who may do what ----------------------------------------------------------------------------


def keeps_roster(user: Any) -> bool:
    """The office keeps the roster: plans, moves and cancels shifts, suspends the service."""
    return bool(user is not None and user.has_perm(ROSTER_PERMISSION))


def handles_bookings(user: Any) -> bool:
    """The office books on a resident's behalf, cancels and reschedules any appointment."""
    return bool(user is not None and user.has_perm(BOOKING_PERMISSION))


def is_own_shift(user: Any, shift: DutyShift) -> bool:
    """The shift is the user's own: the account is the lawyer's on duty."""
    return bool(
        user is not None
        and getattr(user, "pk", None) is not None
        and shift.lawyer.user_id == user.pk
    )


def may_record_shift(user: Any, shift: DutyShift) -> bool:
    """Recording a shift as it happened: the office for any shift, a lawyer for their own."""
    if not user.has_perm("legal_services.change_dutyshift"):
        return False
    return keeps_roster(user) or is_own_shift(user, shift)


def may_handle_appointment(user: Any, appointment: Appointment) -> bool:
    """Confirming and marking attendance: the office, or the lawyer of the appointment's shift."""
    if not user.has_perm("legal_services.change_appointment"):
        return False
    return handles_bookings(user) or is_own_shift(user, appointment.shift)


def may_manage_feed(user: Any, lawyer: Lawyer) -> bool:
    """A calendar link: the lawyer's own, or any lawyer's of the street for the office."""
    if user is None or lawyer.street_id != getattr(user, "street_id", None):
        return bool(user is not None and user.is_superuser)
    return keeps_roster(user) or lawyer.user_id == user.pk


# --- lists ----------------------------------------------------------------------------------


def with_booked(qs: QuerySet[DutyShift]) -> QuerySet[DutyShift]:
    """Each shift with ``booked``: the appointments holding one of its places."""
    return qs.annotate(booked=Count("appointments", filter=_HOLDING, distinct=True))


def duty_shift_list(user: Any) -> QuerySet[DutyShift]:
    return with_booked(
        DutyShift.objects.for_user(user).select_related("village", "lawyer", "lawyer__firm")
    ).order_by("date", "starts_at", "village__sort_order", "pk")


def service_suspension_list(user: Any) -> QuerySet[ServiceSuspension]:
    return ServiceSuspension.objects.for_user(user).select_related("village")


def appointment_list(user: Any) -> QuerySet[Appointment]:
    return Appointment.objects.for_user(user).select_related(
        "shift", "shift__village", "shift__lawyer"
    )


def shift_appointments(shift: DutyShift) -> QuerySet[Appointment]:
    return shift.appointments.select_related("rescheduled_to").order_by("created_at", "pk")


def lawyers_for_feeds(user: Any) -> QuerySet[Lawyer]:
    """The lawyers whose calendar links the user may manage, with their feed if any."""
    qs = Lawyer.objects.for_user(user).select_related("firm", "calendar_feed")
    if keeps_roster(user) or user.is_superuser:
        return qs.filter(is_active=True)
    return qs.filter(user=user)


# --- one record, as the user may see it -----------------------------------------------------


def get_shift_for_user(
    user: Any, pk: Any, write: bool = False, action: str = "change"
) -> DutyShift:
    return get_for_user(DutyShift, user, pk, write=write, action=action)


def get_suspension_for_user(user: Any, pk: Any, write: bool = False) -> ServiceSuspension:
    return get_for_user(ServiceSuspension, user, pk, write=write)


def get_appointment_for_user(user: Any, pk: Any, write: bool = False) -> Appointment:
    return get_for_user(Appointment, user, pk, write=write)


def get_lawyer_for_user(user: Any, pk: Any) -> Lawyer:
    return get_for_user(Lawyer, user, pk)


# --- rules read by the services and the public pages ---------------------------------------


def shift_start(shift: DutyShift) -> datetime.datetime:
    """When the shift begins, as an aware time in the server's zone (Asia/Shanghai)."""
    return timezone.make_aware(datetime.datetime.combine(shift.date, shift.starts_at))


def shift_end(shift: DutyShift) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(shift.date, shift.ends_at))


def suspensions_covering(
    street: Street | int, village: Village | int | None, first: datetime.date, last: datetime.date
) -> QuerySet[ServiceSuspension]:
    """Suspensions overlapping ``first``–``last`` that reach ``village``: the street-wide ones
    and the village's own (with ``village`` None: every suspension of the street)."""
    street_id = street if isinstance(street, int) else street.pk
    village_id = village if village is None or isinstance(village, int) else village.pk
    place = (Q(village__isnull=True) | Q(village_id=village_id)) if village_id else Q()
    return (
        ServiceSuspension.objects.filter(street_id=street_id, starts_on__lte=last)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=first))
        .filter(place)
        .select_related("village")
        .order_by("starts_on", "pk")
    )


def suspension_on(
    street: Street | int, village: Village | int | None, day: datetime.date
) -> ServiceSuspension | None:
    """The suspension in force in ``village`` (or the whole street) on ``day``, if any."""
    return suspensions_covering(street, village, day, day).first()


def shifts_to_suspend(suspension: ServiceSuspension) -> QuerySet[DutyShift]:
    """The scheduled shifts a suspension stops: in its period, in its village or anywhere."""
    qs = DutyShift.objects.filter(
        street_id=suspension.street_id,
        status=DutyShift.Status.SCHEDULED,
        date__gte=suspension.starts_on,
    )
    if suspension.ends_on is not None:
        qs = qs.filter(date__lte=suspension.ends_on)
    if suspension.village_id is not None:
        qs = qs.filter(village_id=suspension.village_id)
    return qs


# --- the public pages ------------------------------------------------------------------------


def public_booking_horizon(now: datetime.datetime) -> datetime.date:
    """The last day whose shifts residents may book online (the public page lists no later
    ones; the booking service refuses them, the office may book further ahead)."""
    return timezone.localtime(now).date() + datetime.timedelta(days=PUBLIC_BOOKING_DAYS)


def public_notices(street: Street, today: datetime.date) -> list[ServiceSuspension]:
    """Suspensions in force today or announced for the booking window, street-wide first."""
    horizon = today + datetime.timedelta(days=PUBLIC_BOOKING_DAYS)
    return sorted(
        suspensions_covering(street, None, today, horizon),
        key=lambda s: (s.village_id is not None, s.starts_on),
    )


def public_advisers(street: Street, today: datetime.date) -> dict[int, list[Lawyer]]:
    """The lawyers serving each village today (一村居一法律顾问), by village id."""
    result: dict[int, list[Lawyer]] = {}
    advisers = (
        VillageAdviser.objects.for_street(street)
        .active_on(today)
        .select_related("lawyer", "lawyer__firm")
        .order_by("village_id", "starts_on", "pk")
    )
    for adviser in advisers:
        result.setdefault(adviser.village_id, []).append(adviser.lawyer)
    return result


def public_shifts(street: Street, now: datetime.datetime) -> list[DutyShift]:
    """Scheduled shifts open to booking, from now through the booking window.

    Each carries ``booked`` and ``free`` (places left); shifts inside a suspension are left out:
    the page shows the suspension's notice instead.
    """
    today = timezone.localtime(now).date()
    horizon = public_booking_horizon(now)
    shifts = with_booked(
        DutyShift.objects.for_street(street)
        .filter(status=DutyShift.Status.SCHEDULED, capacity__gt=0, date__range=(today, horizon))
        .select_related("village", "lawyer", "lawyer__firm")
    ).order_by("date", "starts_at", "village__sort_order", "pk")
    notices = list(suspensions_covering(street, None, today, horizon))
    result = []
    for shift in shifts:
        if shift_start(shift) <= now:
            continue
        if any(_covers(s, shift) for s in notices):
            continue
        shift.free = max(shift.capacity - shift.booked, 0)  # type: ignore[attr-defined]
        result.append(shift)
    return result


def _covers(suspension: ServiceSuspension, shift: DutyShift) -> bool:
    if suspension.village_id is not None and suspension.village_id != shift.village_id:
        return False
    if suspension.ends_on is not None and shift.date > suspension.ends_on:
        return False
    return suspension.starts_on <= shift.date


def public_shift(street: Street, pk: int) -> DutyShift | None:
    """One shift of the street for the booking form, with its ``booked`` count."""
    return (
        with_booked(DutyShift.objects.for_street(street))
        .select_related("village", "lawyer", "lawyer__firm")
        .filter(pk=pk)
        .first()
    )


def booking_by_code(street: Street, code: str, mobile: str) -> Appointment | None:
    """The booking with this code and mobile number, or None: either wrong is the same."""
    return (
        Appointment.objects.for_street(street)
        .select_related("shift", "shift__village", "shift__lawyer", "rescheduled_to")
        .filter(code=code, mobile=mobile)
        .first()
    )


def open_bookings_of(street: Street | int, mobile: str, today: datetime.date) -> int:
    """A mobile number's bookings still to come (booked or confirmed) in the street."""
    street_id = street if isinstance(street, int) else street.pk
    return Appointment.objects.filter(
        street_id=street_id,
        mobile=mobile,
        status__in=(Appointment.Status.BOOKED, Appointment.Status.CONFIRMED),
        shift__date__gte=today,
    ).count()


def bookable_shifts(
    street: Street | int, now: datetime.datetime, exclude: DutyShift | None = None
) -> QuerySet[DutyShift]:
    """Shifts staff may book or move a resident to: scheduled, to come, with a free place.

    The booking service checks suspensions and the places again under a lock.
    """
    street_id = street if isinstance(street, int) else street.pk
    today = timezone.localtime(now).date()
    qs = (
        with_booked(DutyShift.objects.filter(street_id=street_id))
        .filter(status=DutyShift.Status.SCHEDULED, capacity__gt=0, date__gte=today)
        .filter(capacity__gt=F("booked"))
        .select_related("village", "lawyer")
        .order_by("date", "starts_at", "village__sort_order", "pk")
    )
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return qs


# --- the calendar feed -----------------------------------------------------------------------


def feed_by_digest(digest: str) -> LawyerCalendarFeed | None:
    return (
        LawyerCalendarFeed.objects.select_related("lawyer", "lawyer__street")
        .filter(token_digest=digest, lawyer__is_active=True)
        .first()
    )


def feed_shifts(lawyer: Lawyer, today: datetime.date) -> QuerySet[DutyShift]:
    """The lawyer's shifts from a season back to a year ahead, cancelled ones included (so
    that calendar apps remove them)."""
    first = today - datetime.timedelta(days=FEED_PAST_DAYS)
    last = today + datetime.timedelta(days=FEED_FUTURE_DAYS)
    return with_booked(
        DutyShift.objects.filter(lawyer=lawyer, date__range=(first, last)).select_related("village")
    ).order_by("date", "starts_at", "pk")
