"""The public booking pages (预约律师): no account, made for a phone.

A resident sees the villages with their legal adviser and the shifts with free places, books
one with a name, a mobile number and consent, gets a booking code, and later looks the booking
up (code and mobile number together) to check or cancel it. Names and numbers are only ever
echoed masked (张某, 138****0001); a wrong code or number gets the same answer as an unknown one.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from fazhi.core.forms import add_service_error
from fazhi.core.masking import mask_mobile, mask_name, mask_official_text
from fazhi.legal_services.forms.duty import PublicBookingForm, PublicLookupForm
from fazhi.legal_services.models import Appointment, DutyShift
from fazhi.legal_services.selectors import duty as selectors
from fazhi.legal_services.services import duty as services
from fazhi.org.models import Street
from fazhi.portal import selectors as portal_selectors
from fazhi.portal.views import street_context

SECTION = "lawyer_booking"
# The booking just made, for its confirmation page: this browser's session only.
SESSION_KEY = "legal_services_booked"
# The booking this browser has proved to hold (code and mobile number, or just booked it):
# the only one its cancel button may cancel.
VERIFIED_KEY = "legal_services_verified"
MAX_ID = 2**63 - 1
NOT_FOUND = gettext_lazy("预约码或手机号码不正确，请核对后重新输入。")


def _street(slug: str) -> Street:
    street = portal_selectors.portal_street(slug)
    if street is None:
        raise Http404
    return street


def _page(
    request: HttpRequest, street: Street, template: str, status: int = 200, **extra: Any
) -> HttpResponse:
    context = street_context(street, current=SECTION) | extra
    return render(request, f"legal_services/{template}", context, status=status)


def _echo(appointment: Appointment, now: Any) -> dict[str, Any]:
    """A booking as the public pages show it: the resident's details masked."""
    shift = appointment.shift
    return {
        "code": appointment.code,
        "name": mask_name(appointment.name),
        "mobile": mask_mobile(appointment.mobile),
        "topic": appointment.get_topic_display(),
        "status": appointment.get_status_display(),
        "shift": shift,
        "time_slot": f"{shift.starts_at:%H:%M}—{shift.ends_at:%H:%M}",
        "cancel_reason": mask_official_text(shift.cancel_reason)
        if shift.status == DutyShift.Status.CANCELLED
        else "",
        "rescheduled_to": appointment.rescheduled_to,
        "cancellable": appointment.status
        in (Appointment.Status.BOOKED, Appointment.Status.CONFIRMED)
        and selectors.shift_start(shift) > now,
    }


@require_http_methods(["GET", "HEAD"])
def index(request: HttpRequest, slug: str) -> HttpResponse:
    """The street's villages with their adviser, the shifts open to booking, any suspension."""
    street = _street(slug)
    now = timezone.now()
    today = timezone.localdate()
    villages = list(portal_selectors.portal_villages(street))
    advisers = selectors.public_advisers(street, today)
    notices = selectors.public_notices(street, today)
    shifts: dict[int, list[DutyShift]] = {}
    for shift in selectors.public_shifts(street, now):
        shifts.setdefault(shift.village_id, []).append(shift)
    rows = [
        {
            "village": village,
            "advisers": advisers.get(village.pk, []),
            "shifts": shifts.get(village.pk, []),
            "notices": [n for n in notices if n.village_id == village.pk],
        }
        for village in villages
    ]
    return _page(
        request,
        street,
        "public_index.html",
        rows=rows,
        street_notices=[n for n in notices if n.village_id is None],
        today=today,
        window=selectors.PUBLIC_BOOKING_DAYS,
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def book(request: HttpRequest, slug: str, shift_id: int) -> HttpResponse:
    """The booking form of one shift; the service decides, under a lock, whether it may."""
    street = _street(slug)
    shift = selectors.public_shift(street, shift_id) if shift_id <= MAX_ID else None
    if shift is None:
        raise Http404
    now = timezone.now()
    refusal = services.booking_refusal(shift, now)
    form = PublicBookingForm(request.POST or None)
    if request.method == "POST" and refusal is None and form.is_valid():
        data = form.cleaned_data
        try:
            appointment = services.appointment_book(
                shift=shift,
                topic=data["topic"],
                name=data["name"],
                mobile=data["mobile"],
                consent=data["consent"],
                description=data["description"],
                source=Appointment.Source.PORTAL,
                now=now,
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            request.session[SESSION_KEY] = appointment.pk
            request.session[VERIFIED_KEY] = appointment.pk
            return HttpResponseRedirect(
                reverse("legal_services_public:booked", kwargs={"slug": street.slug})
            )
    status = 400 if request.method == "POST" else 200
    return _page(
        request,
        street,
        "public_book.html",
        status=status,
        shift=shift,
        free=max(shift.capacity - getattr(shift, "booked", 0), 0),
        time_slot=f"{shift.starts_at:%H:%M}—{shift.ends_at:%H:%M}",
        refusal=refusal,
        form=form,
    )


@never_cache
@require_http_methods(["GET", "HEAD"])
def booked(request: HttpRequest, slug: str) -> HttpResponse:
    """The booking just made in this browser, with its code."""
    street = _street(slug)
    pk = request.session.get(SESSION_KEY)
    appointment = _booking(street, pk=pk) if isinstance(pk, int) else None
    if appointment is None:
        return HttpResponseRedirect(
            reverse("legal_services_public:lookup", kwargs={"slug": street.slug})
        )
    return _page(request, street, "public_booked.html", booking=_echo(appointment, timezone.now()))


def _result(
    request: HttpRequest,
    street: Street,
    appointment: Appointment,
    *,
    notice: str = "",
    error: str = "",
) -> HttpResponse:
    request.session[VERIFIED_KEY] = appointment.pk
    return _page(
        request,
        street,
        "public_lookup.html",
        status=400 if error else 200,
        form=PublicLookupForm(),
        booking=_echo(appointment, timezone.now()),
        notice=notice,
        error=error,
    )


def _booking(street: Street, **lookup: Any) -> Appointment | None:
    return (
        Appointment.objects.for_street(street)
        .select_related("shift", "shift__village", "shift__lawyer", "rescheduled_to")
        .filter(**lookup)
        .first()
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def lookup(request: HttpRequest, slug: str) -> HttpResponse:
    """Find a booking by its code and the mobile number given (sent by POST: a number does
    not belong in addresses and server logs)."""
    street = _street(slug)
    form = PublicLookupForm(request.POST or None)
    if request.method != "POST":
        return _page(request, street, "public_lookup.html", form=form)
    if form.is_valid():
        code = services.normalise_code(form.cleaned_data["code"])
        appointment = selectors.booking_by_code(street, code, form.cleaned_data["mobile"])
        if appointment is not None:
            return _result(request, street, appointment)
        form.add_error(None, NOT_FOUND)
    return _page(request, street, "public_lookup.html", status=400, form=form)


@never_cache
@require_POST
def cancel(request: HttpRequest, slug: str) -> HttpResponse:
    """The resident cancels the booking this browser has just looked up or made."""
    street = _street(slug)
    pk = request.session.get(VERIFIED_KEY)
    code = services.normalise_code(request.POST.get("code", ""))[:20]
    appointment = _booking(street, pk=pk, code=code) if isinstance(pk, int) and code else None
    if appointment is None:
        return _page(
            request,
            street,
            "public_lookup.html",
            status=400,
            form=PublicLookupForm(),
            error=_("请先用预约码和手机号码查询预约，再办理取消。"),
        )
    reason = (request.POST.get("reason") or "").strip()[:100]
    try:
        services.appointment_cancel(appointment, by_resident=True, reason=reason)
    except ValidationError as exc:
        appointment.refresh_from_db()
        return _result(request, street, appointment, error=" ".join(exc.messages))
    appointment.refresh_from_db()
    return _result(request, street, appointment, notice=_("已取消预约。如仍需咨询，欢迎再次预约。"))
