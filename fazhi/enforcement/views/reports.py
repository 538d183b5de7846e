"""Back-office pages of reports (问题线索): the list (filters, export, the pending flag), the
report with its photo, the desk's entry (12345 transfers, residents' calls, patrols), the grid
worker's phone form, corrections, and accepting a report as a case or dismissing it."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import render
from django.urls import NoReverseMatch, URLPattern, path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from fazhi.core.access import perm_name, require_perm
from fazhi.core.crud import Column, Crud
from fazhi.core.display import display_value, field_label
from fazhi.core.files import serve_document
from fazhi.core.forms import add_service_error, form_page
from fazhi.core.scoping import user_is_grid_scoped
from fazhi.enforcement.filters import reports as filters
from fazhi.enforcement.forms import reports as forms
from fazhi.enforcement.models import Case, Patrol, Report
from fazhi.enforcement.selectors import reports as selectors
from fazhi.enforcement.services import reports as services

_READ = ["GET", "HEAD"]
_WRITE = ["GET", "HEAD", "POST"]


def _pending_flag(report: Report) -> Any:
    if report.status != Report.Status.PENDING:
        return ""
    days = (timezone.localdate() - timezone.localtime(report.reported_at).date()).days
    text = _("待处理") if days < 1 else _("待处理%(days)s天") % {"days": days}
    return format_html('<span class="badge bad">{}</span>', text)


REPORT = Crud(
    model=Report,
    name="report",
    namespace="enforcement",
    list_fields=["reported_at", "source", "category", "grid", "address", "status"],
    export_fields=[
        "reported_at",
        "source",
        "status",
        "category",
        "grid",
        "patrol",
        "address",
        "latitude",
        "longitude",
        "description",
        "photo_sha256",
        "reporter",
        # Not the resident's name and phone: the export goes to every reader of the list
        # (grid workers included); those who handle reports see them on the report's page.
        "hotline_ticket",
        "tracking_code",
        "handled_at",
        "handled_by",
        "dismiss_reason",
    ],
    filterset=filters.ReportFilter,
    form_class=forms.ReportApiForm,
    selector=selectors.report_list,
    # Reports are written through their own pages (desk, phone, portal, accept, dismiss).
    create=None,
    update=None,
    delete=None,
    columns=[Column(gettext_lazy("处理提醒"), _pending_flag)],
    help_text=gettext_lazy(
        "网格员手机上报、群众在门户网站举报、12345热线转办和巡查发现的问题线索。待处理的线索由执法人员"
        "核查后登记为案件（至少两名持证执法人员承办），或写明理由作不予登记处理。"
    ),
)


# --- The report -------------------------------------------------------------------------------

_DETAIL_FIELDS = [
    "source",
    "status",
    "reported_at",
    "category",
    "grid",
    "patrol",
    "address",
    "description",
    "hotline_ticket",
    "tracking_code",
    "reporter",
    "handled_at",
    "handled_by",
    "dismiss_reason",
]
# The resident's contact: for those who handle reports, not for every reader of the list.
_CONTACT_FIELDS = ["reporter_name", "reporter_phone"]


def _coordinates(report: Report) -> str:
    if report.latitude is None or report.longitude is None:
        return ""
    return _("北纬%(lat)s，东经%(lng)s") % {"lat": report.latitude, "lng": report.longitude}


@login_required
@require_http_methods(_READ)
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    report = selectors.get_report_for_user(user, pk)
    names = list(_DETAIL_FIELDS)
    can_change = user.has_perm(perm_name(Report, "change"))
    if can_change:
        names += _CONTACT_FIELDS
    rows = [(field_label(Report, n), display_value(report, n)) for n in names]
    rows.insert(7, (_("坐标"), _coordinates(report)))
    case = selectors.case_of(report)
    pending = report.status == Report.Status.PENDING
    return render(
        request,
        "enforcement/report_detail.html",
        {
            "report": report,
            "rows": rows,
            "case": case if case is not None and user.has_perm(perm_name(Case, "view")) else None,
            "can_edit": pending and can_change and not user_is_grid_scoped(user),
            "can_accept": pending
            and can_change
            and user.has_perm(perm_name(Case, "add"))
            and not user_is_grid_scoped(user),
            "can_dismiss": pending and can_change and not user_is_grid_scoped(user),
        },
    )


@login_required
@require_http_methods(_READ)
def report_photo(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The report's photo, for those who may see the report."""
    report = selectors.get_report_for_user(request.user, pk)
    response = serve_document(report.photo, filename=_("现场照片%(pk)s") % {"pk": report.pk})
    if request.GET.get("inline"):
        response["Content-Disposition"] = "inline"
    return response


# --- Entering a report ------------------------------------------------------------------------


def _street_or_refuse(request: HttpRequest) -> HttpResponse | None:
    user: Any = request.user
    require_perm(user, Report, "add")
    if user.street_id is None:
        messages.error(request, _("您的账号未归属任何街道，不能上报线索。"))
        return HttpResponseRedirect(reverse("enforcement:report_list"))
    return None


def _submit(
    request: HttpRequest,
    form: Any,
    template: str,
    context: dict[str, Any],
    source: str,
    **extra: Any,
) -> HttpResponse | Report:
    """Hand a valid form to ``report_create``; its refusals come back onto the form (400)."""
    user: Any = request.user
    if request.method == "POST":
        if form.is_valid():
            data = {**form.report_data(), **extra}
            data.setdefault("source", source)
            try:
                report = services.report_create(
                    actor=user, street=user.street, data=data, photo=form.cleaned_data.get("photo")
                )
            except ValidationError as exc:
                add_service_error(form, exc)
            else:
                return report
        return render(request, template, {"form": form, **context}, status=400)
    return render(request, template, {"form": form, **context})


@login_required
@require_http_methods(_WRITE)
def report_create(request: HttpRequest) -> HttpResponse:
    """The desk's entry of a report: a 12345 transfer, a resident's call or visit, a patrol's
    finding. A grid worker reports from the phone form."""
    user: Any = request.user
    refused = _street_or_refuse(request)
    if refused is not None:
        return refused
    if user_is_grid_scoped(user):
        return HttpResponseRedirect(reverse("enforcement:report_phone"))
    initial: dict[str, Any] = {}
    if request.GET.get("source") in Report.Source.values:
        initial["source"] = request.GET["source"]
    patrol = _visible_patrol(user, request.GET.get("patrol"))
    if patrol is not None:
        initial.update(patrol=patrol.pk, grid=patrol.grid_id, source=Report.Source.PATROL)
    form = forms.ReportDeskForm(
        request.POST or None, request.FILES or None, user=user, initial=initial
    )
    result = _submit(
        request,
        form,
        "enforcement/report_form.html",
        {"list_url": reverse("enforcement:report_list")},
        Report.Source.OTHER,
    )
    if isinstance(result, Report):
        messages.success(
            request, _("已登记问题线索（%(source)s）。") % {"source": result.get_source_display()}
        )
        return HttpResponseRedirect(reverse("enforcement:report_detail", args=[result.pk]))
    return result


def _visible_patrol(user: Any, value: Any) -> Patrol | None:
    text = str(value or "")
    if not text.isdigit() or len(text) > 18:
        return None
    found: Patrol | None = Patrol.objects.for_user(user).filter(pk=int(text)).first()
    return found


@login_required
@require_http_methods(_WRITE)
def report_phone(request: HttpRequest) -> HttpResponse:
    """The grid worker's phone form: one column, big targets, the camera, the address and,
    optionally, the coordinates from the phone (a small script fills them; without it they
    are typed or left empty)."""
    user: Any = request.user
    refused = _street_or_refuse(request)
    if refused is not None:
        return refused
    patrol = _visible_patrol(user, request.POST.get("patrol") or request.GET.get("patrol"))
    form = forms.ReportPhoneForm(request.POST or None, request.FILES or None, user=user)
    source = Report.Source.GRID_WORKER if user_is_grid_scoped(user) else Report.Source.OTHER
    extra: dict[str, Any] = {}
    if patrol is not None:
        source = Report.Source.PATROL
        extra["patrol"] = patrol
    result = _submit(
        request,
        form,
        "enforcement/report_phone.html",
        {"patrol": patrol, "grid": user.grid if user_is_grid_scoped(user) else None},
        source,
        **extra,
    )
    if isinstance(result, Report):
        url = reverse("enforcement:report_phone_done")
        return HttpResponseRedirect(f"{url}?{urlencode({'report': result.pk})}")
    return result


@login_required
@require_http_methods(_READ)
def report_phone_done(request: HttpRequest) -> HttpResponse:
    """The phone form's success page, with 继续上报."""
    value = request.GET.get("report", "")
    report = (
        selectors.get_report_for_user(request.user, value)
        if value.isdigit() and len(value) < 19
        else None
    )
    return render(request, "enforcement/report_phone_done.html", {"report": report})


@login_required
@require_http_methods(_WRITE)
def report_update(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a pending report (category, grid, place, description, contact, ticket)."""
    user: Any = request.user
    report = selectors.get_report_for_user(user, pk, write=True)
    detail_url = reverse("enforcement:report_detail", args=[report.pk])
    form = forms.ReportEditForm(request.POST or None, user=user, report=report)
    return form_page(
        request,
        form,
        template="enforcement/report_edit.html",
        context={"report": report, "detail_url": detail_url},
        action=lambda data: services.report_update(report, actor=user, **data),
        success=lambda _r: (_("已保存问题线索。"), detail_url),
    )


# --- Accepting and dismissing -----------------------------------------------------------------


def _refusal(report: Report) -> str:
    if report.status == Report.Status.PENDING:
        return ""
    return _("该线索已处理（%(status)s），不能再处理。") % {"status": report.get_status_display()}


@login_required
@require_http_methods(_WRITE)
def report_accept(request: HttpRequest, pk: int) -> HttpResponse:
    """Register the report as a case: choose the officers and complete the case's fields."""
    user: Any = request.user
    report = selectors.get_report_for_user(user, pk, write=True)
    require_perm(user, Case, "add")
    form = forms.ReportAcceptForm(request.POST or None, user=user, report=report)

    def accept(data: dict[str, Any]) -> Case:
        officers = data.pop("officers")
        return services.report_accept(actor=user, report=report, officers=officers, data=data)

    def success(case: Case) -> tuple[str, str]:
        message = _("已将线索登记为案件%(number)s。") % {"number": case.number}
        try:
            url = reverse("enforcement:case_detail", args=[case.pk])
        except NoReverseMatch:  # the case pages are another area's; the report's always exist
            url = reverse("enforcement:report_detail", args=[report.pk])
        return message, url

    return form_page(
        request,
        form,
        template="enforcement/report_accept.html",
        context={"report": report, "refusal": _refusal(report)},
        action=accept,
        success=success,
    )


@login_required
@require_http_methods(_WRITE)
def report_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    """Close the report without a case (不予登记), with the reason."""
    user: Any = request.user
    report = selectors.get_report_for_user(user, pk, write=True)
    detail_url = reverse("enforcement:report_detail", args=[report.pk])
    form = forms.ReportDismissForm(request.POST or None)
    return form_page(
        request,
        form,
        template="enforcement/report_dismiss.html",
        context={"report": report, "refusal": _refusal(report), "detail_url": detail_url},
        action=lambda data: services.report_dismiss(actor=user, report=report, **data),
        success=lambda _r: (_("已作不予登记处理。"), detail_url),
        error_field="reason",
    )


urlpatterns: list[URLPattern] = [
    *(p for p in REPORT.urls() if getattr(p, "name", "") == "report_list"),
    path("report/new/", report_create, name="report_create"),
    path("report/phone/", report_phone, name="report_phone"),
    path("report/phone/done/", report_phone_done, name="report_phone_done"),
    path("report/<int:pk>/", report_detail, name="report_detail"),
    path("report/<int:pk>/photo/", report_photo, name="report_photo"),
    path("report/<int:pk>/edit/", report_update, name="report_update"),
    path("report/<int:pk>/accept/", report_accept, name="report_accept"),
    path("report/<int:pk>/dismiss/", report_dismiss, name="report_dismiss"),
]
