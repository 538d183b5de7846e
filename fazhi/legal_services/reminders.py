"""Dashboard reminders of public legal services: each links to its filtered list.

They go to those who keep the records (the office), not to everyone who may read them."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.translation import gettext_lazy as _

from fazhi.core.reminders import reminder
from fazhi.legal_services.models import AdviserContract, Appointment, DutyShift, Mediation
from fazhi.legal_services.selectors.mediation import confirmation_window


@reminder(
    "legal_services.contracts_expiring",
    label=_("即将到期的常年法律顾问合同"),
    perm="legal_services.change_advisercontract",
    url_name="legal_services:advisercontract_list",
    query="expiring=yes",
)
def contracts_expiring(user: Any, today: date) -> int:
    return AdviserContract.objects.for_user(user).expiring(today).count()


@reminder(
    "legal_services.shifts_to_record",
    label=_("尚未登记值班情况的值班"),
    perm="legal_services.add_dutyshift",
    url_name="legal_services:dutyshift_list",
    query="status=scheduled&date_to={today}",
)
def shifts_to_record(user: Any, today: date) -> int:
    return (
        DutyShift.objects.for_user(user)
        .filter(status=DutyShift.Status.SCHEDULED, date__lte=today)
        .count()
    )


@reminder(
    "legal_services.appointments_to_confirm",
    label=_("待确认的群众预约"),
    perm="legal_services.add_appointment",
    url_name="legal_services:appointment_list",
    query="status=booked&date_from={today}",
)
def appointments_to_confirm(user: Any, today: date) -> int:
    return (
        Appointment.objects.for_user(user)
        .filter(status=Appointment.Status.BOOKED, shift__date__gte=today)
        .count()
    )


@reminder(
    "legal_services.confirmation_closing",
    label=_("司法确认申请期7日内届满的调解协议"),
    perm="legal_services.change_mediation",
    url_name="legal_services:mediation_list",
    query="window=closing",
)
def confirmation_closing(user: Any, today: date) -> int:
    return confirmation_window(Mediation.objects.for_user(user), "closing", today=today).count()
