"""The resident's report on the public portal (群众举报): no account, made for a phone.

A resident describes a problem (category if known, place, description, an optional photo and
coordinates, an optional name and phone with consent), gets a tracking code, and later looks
the report up by that code: the page shows only its status and dates, nothing personal and
nothing of the reason or the case behind it.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from fazhi.core.forms import add_service_error
from fazhi.enforcement.forms.reports import PublicReportForm, ReportLookupForm
from fazhi.enforcement.models import Report
from fazhi.enforcement.selectors import reports as selectors
from fazhi.enforcement.services import reports as services
from fazhi.org.models import Street
from fazhi.portal import selectors as portal_selectors
from fazhi.portal.views import street_context

SECTION = "enforcement"
# The report just sent, for its confirmation page: this browser's session only.
SESSION_KEY = "enforcement_reported"
NOT_FOUND = gettext_lazy("没有找到这个查询码的举报，请核对后重新输入。")


def _street(slug: str) -> Street:
    street = portal_selectors.portal_street(slug)
    if street is None:
        raise Http404
    return street


def _page(
    request: HttpRequest, street: Street, template: str, status: int = 200, **extra: Any
) -> HttpResponse:
    context = street_context(street, current=SECTION) | extra
    return render(request, f"enforcement/{template}", context, status=status)


def _public(report: Report) -> dict[str, Any]:
    """A report as the public pages show it: the code, the status and the dates only."""
    return {
        "code": report.tracking_code,
        "status": report.get_status_display(),
        "pending": report.status == Report.Status.PENDING,
        "accepted": report.status == Report.Status.ACCEPTED,
        "reported_at": report.reported_at,
        "handled_at": report.handled_at,
    }


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def report(request: HttpRequest, slug: str) -> HttpResponse:
    """The resident's report form; the service takes it in and gives the tracking code."""
    street = _street(slug)
    form = PublicReportForm(request.POST or None, request.FILES or None, street=street)
    if request.method == "POST":
        if form.is_valid():
            data = form.report_data()
            data["source"] = Report.Source.RESIDENT
            try:
                created = services.report_create(
                    actor=None, street=street, data=data, photo=form.cleaned_data.get("photo")
                )
            except ValidationError as exc:
                add_service_error(form, exc)
            else:
                request.session[SESSION_KEY] = created.pk
                return HttpResponseRedirect(
                    reverse("enforcement_public:report_done", kwargs={"slug": street.slug})
                )
        return _page(request, street, "public_report_form.html", status=400, form=form)
    return _page(request, street, "public_report_form.html", form=form)


@never_cache
@require_http_methods(["GET", "HEAD"])
def report_done(request: HttpRequest, slug: str) -> HttpResponse:
    """The report just sent from this browser, with its tracking code."""
    street = _street(slug)
    pk = request.session.get(SESSION_KEY)
    found = (
        Report.objects.for_street(street).filter(pk=pk, source=Report.Source.RESIDENT).first()
        if isinstance(pk, int)
        else None
    )
    if found is None:
        return HttpResponseRedirect(
            reverse("enforcement_public:report_lookup", kwargs={"slug": street.slug})
        )
    return _page(request, street, "public_report_done.html", report=_public(found))


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def report_lookup(request: HttpRequest, slug: str) -> HttpResponse:
    """Find a report by its tracking code (sent by POST, so that lookups count against the
    portal's limit of anonymous posts)."""
    street = _street(slug)
    form = ReportLookupForm(request.POST or None)
    if request.method != "POST":
        return _page(request, street, "public_report_lookup.html", form=form)
    if form.is_valid():
        code = services.normalise_code(form.cleaned_data["code"])
        found = selectors.report_by_code(street, code)
        if found is not None:
            return _page(
                request,
                street,
                "public_report_lookup.html",
                form=ReportLookupForm(),
                report=_public(found),
            )
        form.add_error("code", NOT_FOUND)
    return _page(request, street, "public_report_lookup.html", status=400, form=form)


urlpatterns: list[URLPattern] = [
    path("report/", report, name="report"),
    path("report/done/", report_done, name="report_done"),
    path("report/lookup/", report_lookup, name="report_lookup"),
]
