"""The first screen's legal services: the lawyer's next duty shifts with their bookings, and the
mediations the lawyer takes part in that are still going on."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core.worklists import Work, WorkItem, collect, worklist
from fazhi.legal_services.models import Appointment, DutyShift, Mediation


@worklist(
    "legal_services.my_shifts",
    label=gettext_lazy("我的值班安排"),
    perm="legal_services.view_dutyshift",
    order=40,
)
def my_shifts(user: Any, today: date) -> Work | None:
    """The lawyer's own shifts from today on, each with the places booked."""
    qs = (
        DutyShift.objects.for_user(user)
        .filter(lawyer__user=user, status=DutyShift.Status.SCHEDULED, date__gte=today)
        .select_related("village")
    )
    query = f"date_from={today.isoformat()}&status=scheduled"
    return collect(
        qs.annotate(
            booked=Count("appointments", filter=Q(appointments__status__in=Appointment.HOLDING))
        ).order_by("date", "starts_at", "id"),
        lambda shift: WorkItem(
            title=str(shift.village),
            url=reverse("legal_services:dutyshift_detail", args=[shift.pk]),
            facts=[
                f"{shift.starts_at:%H:%M}—{shift.ends_at:%H:%M}",
                _("已预约%(booked)s人，共%(capacity)s个名额")
                % {"booked": shift.booked, "capacity": shift.capacity},
            ],
            due=shift.date,
            due_label=_("值班日期"),
        ),
        f"{reverse('legal_services:dutyshift_list')}?{query}",
    )


@worklist(
    "legal_services.my_mediations",
    label=gettext_lazy("我参与的调解"),
    perm="legal_services.view_mediation",
    order=45,
)
def my_mediations(user: Any, today: date) -> Work | None:
    """Mediations the lawyer takes part in, still being mediated, the oldest first."""
    qs = Mediation.objects.for_user(user).filter(
        lawyer__user=user, status=Mediation.Status.IN_PROGRESS
    )
    return collect(
        qs.order_by("received_on", "id"),
        lambda mediation: WorkItem(
            title=mediation.title,
            url=reverse("legal_services:mediation_detail", args=[mediation.pk]),
            facts=[mediation.get_status_display()],
            due=mediation.received_on,
            due_label=_("受理日期"),
        ),
        f"{reverse('legal_services:mediation_list')}?status=in_progress",
    )
