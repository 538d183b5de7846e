"""Back-office pages of cases: the list (filters, deadline flags, Excel export), registration,
the case page with its whole-process timeline, and one small form page per step of the
workflow, each POSTing to the step's service."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from fazhi.core.access import Refusal, require_perm
from fazhi.core.display import display_value, field_label
from fazhi.core.excel import export_rows, row_reader
from fazhi.core.filters import FilterSet
from fazhi.core.forms import form_page
from fazhi.core.paging import paginate
from fazhi.core.types import AuthedRequest
from fazhi.enforcement.filters.cases import CaseFilter
from fazhi.enforcement.forms import cases as case_forms
from fazhi.enforcement.models import Case, EnforcementSettings, Publication
from fazhi.enforcement.selectors import cases as selectors
from fazhi.enforcement.services import cases as services
from fazhi.enforcement.steps import STEPS

READ = ["GET", "HEAD"]
WRITE = ["GET", "HEAD", "POST"]
PAGE_SIZE = 50
FORM_TEMPLATE = "enforcement/case_form.html"
FLAG_LABELS = {"overdue": gettext_lazy("决定已逾期"), "due_soon": gettext_lazy("即将到期")}


def _url(name: str, *args: Any) -> str:
    return reverse(f"enforcement:case_{name}", args=args)


def _settings_by_street(cases: list[Case]) -> dict[int, EnforcementSettings]:
    """Each street's settings once, for the major-case column of a page of cases."""
    street_ids = {c.street_id for c in cases}
    found = {s.street_id: s for s in EnforcementSettings.objects.filter(street_id__in=street_ids)}
    return {sid: found.get(sid) or EnforcementSettings(street_id=sid) for sid in street_ids}


def _officers(case: Case) -> str:
    return _("、").join(u.display_name for u in case.officers.all())


# --- the list ---------------------------------------------------------------------------------

LIST_FIELDS = ["number", "status", "category", "party_name", "location", "found_at"]


def _export(request: AuthedRequest, qs: Any, filters: FilterSet) -> HttpResponse:
    today = timezone.localdate()
    fields = [
        "number",
        "status",
        "procedure",
        "outcome",
        "source",
        "category",
        "party_kind",
        "party_name",
        "location",
        "grid",
        "key_area",
        "campaign",
        "found_at",
        "filed_on",
        "decision_due_on",
        "decided_on",
        "decision_no",
        "penalty_kind",
        "fine",
        "served_on",
        "executed_on",
        "closed_on",
    ]
    headers = [
        *(field_label(Case, f) for f in fields),
        field_label(Case, "officers"),
        _("期限提醒"),
        _("重大案件"),
    ]
    settings: dict[int, EnforcementSettings] = {}
    read = row_reader(Case, fields)

    def rows() -> Any:
        for case in qs.iterator(chunk_size=500):
            if case.street_id not in settings:
                settings[case.street_id] = EnforcementSettings.for_street(case.street_id)
            reasons = case.major_reasons(settings[case.street_id])
            flag = selectors.deadline_flag(case, today)
            yield [
                *read(case),
                _officers(case),
                str(FLAG_LABELS[flag]) if flag else "",
                _("；").join(reasons),
            ]

    return export_rows(
        object_type=Case._meta.label_lower,
        title=Case._meta.verbose_name_plural,
        headers=headers,
        rows=rows(),
        count=qs.count(),
        filters=filters.active(),
        actor=request.user,
        request=request,
    )


@login_required
@require_http_methods(READ)
def case_list(request: AuthedRequest) -> HttpResponse:
    user = request.user
    require_perm(user, Case, "view")
    filters = CaseFilter(request.GET, user=user)
    qs = filters.apply(selectors.case_list(user))
    if request.GET.get("format") == "xlsx":
        return _export(request, qs, filters)
    today = timezone.localdate()
    page = paginate(request, qs, PAGE_SIZE)
    cases = list(page.object_list)
    settings = _settings_by_street(cases)
    rows = [
        {
            "case": c,
            "values": [display_value(c, f) for f in LIST_FIELDS],
            "officers": _officers(c),
            "flag": selectors.deadline_flag(c, today),
            "major": c.is_major(settings[c.street_id]),
        }
        for c in cases
    ]
    everything = selectors.case_list(user)
    return render(
        request,
        "enforcement/case_list.html",
        {
            "page": page,
            "rows": rows,
            "headers": [
                *(field_label(Case, f) for f in LIST_FIELDS),
                field_label(Case, "officers"),
                field_label(Case, "decision_due_on"),
            ],
            "filters": filters,
            "can_add": user.has_perm("enforcement.add_case"),
            "overdue_count": selectors.overdue(everything, today).count(),
            "due_soon_count": selectors.due_soon(everything, today).count(),
        },
        status=400 if filters.is_bound and not filters.is_valid() else 200,
    )


# --- registration and the particulars --------------------------------------------------------


def _form_context(heading: str, back_url: str, **extra: Any) -> dict[str, Any]:
    return {
        "heading": heading,
        "back_url": back_url,
        "submit_label": extra.pop("submit", "") or _("保存"),
        "intro": extra.pop("intro", ""),
        **extra,
    }


def _register(user: Any, data: dict[str, Any]) -> Case:
    data = dict(data)
    officers = data.pop("officers")
    return services.case_register(actor=user, street=user.street, data=data, officers=officers)


@login_required
@require_http_methods(WRITE)
def case_create(request: AuthedRequest) -> HttpResponse:
    user = request.user
    require_perm(user, Case, "add")
    if user.street is None:
        raise PermissionDenied(Refusal(_("您的账号未归属任何街道，不能新增记录。")))
    form = case_forms.CaseForm(request.POST or None, user=user)
    return form_page(
        request,
        form,
        template=FORM_TEMPLATE,
        context=_form_context(
            _("登记案件"),
            _url("list"),
            intro=_(
                "登记发现的违法行为。每个案件须有至少两名持有执法证件的承办执法人员；"
                "登记后按程序制止、立案或当场处罚。"
            ),
            submit=_("登记"),
        ),
        action=lambda data: _register(user, data),
        success=lambda case: (
            _("已登记案件%(number)s。") % {"number": case.number},
            _url("detail", case.pk),
        ),
    )


@login_required
@require_http_methods(WRITE)
def case_update(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    case = selectors.get_case_for_user(user, pk, write=True)
    if request.method != "POST" and not selectors.action_allowed(case, "update"):
        return _not_now(request, case, _("修改案件信息"))
    form = case_forms.CaseUpdateForm(request.POST or None, instance=case, user=user)
    fields = set(services.EDITABLE_FIELDS)
    return form_page(
        request,
        form,
        template=FORM_TEMPLATE,
        context=_form_context(
            _("修改案件信息：%(number)s") % {"number": case.number},
            _url("detail", case.pk),
            subject=case,
        ),
        action=lambda data: services.case_update(
            actor=user, case=case, data={k: v for k, v in data.items() if k in fields}
        ),
        success=lambda _result: (_("已保存案件信息。"), _url("detail", case.pk)),
        on_invalid=case.refresh_from_db,
    )


# --- the case page --------------------------------------------------------------------------

# The status is the badge at the head of the page, not a row of its own.
DETAIL_FIELDS = [
    "number",
    "procedure",
    "outcome",
    "source",
    "report",
    "category",
    "location",
    "found_at",
    "grid",
    "key_area",
    "campaign",
    "frontage_unit",
    "patrol",
]
PARTY_FIELDS = [
    "party_kind",
    "party_name",
    "party_id_number",
    "party_phone",
    "party_address",
    "party_representative",
    "third_parties",
]
DECISION_FIELDS = [
    "decided_on",
    "decision_no",
    "penalty_kind",
    "fine",
    "decision_basis",
    "decision_place",
    "publish_due_on",
    "served_on",
    "service_method",
    "executed_on",
    "execution",
    "fine_paid",
    "closed_on",
    "close_reason",
    "transferred_on",
    "transferred_to",
    "transfer_reason",
    "archived_on",
    "archive_no",
    "decision_changed_on",
    "decision_change_reason",
]


def _rows(case: Case, names: list[str]) -> list[tuple[str, Any]]:
    return [
        (field_label(Case, n), display_value(case, n))
        for n in names
        if display_value(case, n) not in ("", None)
    ]


def _deadline_row(case: Case) -> str:
    """What the 决定期限 row shows: ``"date"`` (the deadline), ``"pending"`` (an open case
    not filed yet: counted from the filing) or ``""`` (no row: an on-the-spot case is decided
    on the spot, and a case ended before filing never had a deadline)."""
    if case.procedure == Case.Procedure.ON_THE_SPOT:
        return ""
    if case.decision_due_on is not None:
        return "date"
    return "pending" if case.status in Case.OPEN else ""


@login_required
@require_http_methods(READ)
def case_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    case = selectors.get_case_for_user(user, pk)
    can_change = user.has_perm("enforcement.change_case")
    today = timezone.localdate()
    publication = Publication.objects.filter(case=case).first()
    decided = case.decided_on is not None
    return render(
        request,
        "enforcement/case_detail.html",
        {
            "case": case,
            "fields": _rows(case, DETAIL_FIELDS),
            "party": _rows(case, PARTY_FIELDS),
            "decision": _rows(case, DECISION_FIELDS),
            "officers": list(case.officers.all()),
            "deciders": list(case.deciders.all()),
            "flag": selectors.deadline_flag(case, today),
            "deadline_row": _deadline_row(case),
            "major_reasons": case.major_reasons(),
            "timeline": selectors.case_timeline(case),
            "actions": selectors.available_actions(case) if can_change else [],
            "can_add_evidence": user.has_perm("enforcement.add_evidence"),
            "can_submit_review": user.has_perm("enforcement.add_legalreview")
            and case.status in (Case.Status.INVESTIGATING, Case.Status.NOTIFIED),
            "can_publish": user.has_perm("enforcement.add_publication")
            and decided
            and publication is None,
            "can_change_decision": can_change
            and decided
            and case.decision_changed_on is None
            and case.status != Case.Status.ARCHIVED,
            "publication": publication,
            "can_docx": case.procedure == Case.Procedure.ON_THE_SPOT and decided,
        },
    )


# --- the steps ------------------------------------------------------------------------------


def _not_now(request: AuthedRequest, case: Case, action: Any) -> HttpResponse:
    messages.error(
        request,
        _("案件当前状态为“%(status)s”，不能%(action)s。")
        % {"status": case.get_status_display(), "action": action},
    )
    return HttpResponseRedirect(_url("detail", case.pk))


def _step_view(name: str) -> Callable[..., HttpResponse]:
    step = STEPS[name]

    @login_required
    @require_http_methods(WRITE)
    def view(request: AuthedRequest, pk: int) -> HttpResponse:
        user = request.user
        case = selectors.get_case_for_user(user, pk, write=True)
        if request.method != "POST" and not selectors.action_allowed(case, name):
            return _not_now(request, case, step.heading)
        form = step.form(request.POST or None, case=case, user=user)
        return form_page(
            request,
            form,
            template=FORM_TEMPLATE,
            context=_form_context(
                _("%(step)s：%(number)s") % {"step": step.heading, "number": case.number},
                _url("detail", case.pk),
                intro=step.intro,
                submit=step.submit or step.heading,
                subject=case,
            ),
            action=lambda data: step.service(actor=user, case=case, **data),
            success=lambda _result: (str(step.done), _url("detail", case.pk)),
            on_invalid=case.refresh_from_db,
        )

    view.__name__ = f"case_{name}"
    return view


# --- the on-the-spot decision document ------------------------------------------------------


@login_required
@require_http_methods(READ)
def case_decision_docx(request: AuthedRequest, pk: int) -> HttpResponse:
    """The on-the-spot decision as a .docx to print; each download is audited as an export."""
    from fazhi.audit.models import Action
    from fazhi.audit.services import record
    from fazhi.core.docx import DOCX_MIME
    from fazhi.enforcement.decision_docx import on_the_spot_docx

    case = selectors.get_case_for_user(request.user, pk)
    if case.procedure != Case.Procedure.ON_THE_SPOT or case.decided_on is None:
        raise Http404(Refusal(_("该案件没有当场处罚决定书。")))
    content = on_the_spot_docx(case)
    record(
        actor=request.user,
        action=Action.EXPORT,
        obj=case,
        street=case.street_id,
        object_repr=gettext_lazy("当场行政处罚决定书"),
        extra={"format": "docx", "case_no": case.number, "decision_no": case.decision_no},
    )
    response = HttpResponse(content, content_type=DOCX_MIME)
    filename = _("当场行政处罚决定书-%(number)s.docx") % {"number": case.number}
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    response["Cache-Control"] = "private, no-store"
    return response


def _slug(name: str) -> str:
    return name.replace("_", "-")


urlpatterns: list[URLPattern] = [
    path("cases/", case_list, name="case_list"),
    path("cases/new/", case_create, name="case_create"),
    path("cases/<int:pk>/", case_detail, name="case_detail"),
    path("cases/<int:pk>/edit/", case_update, name="case_update"),
    path("cases/<int:pk>/decision.docx", case_decision_docx, name="case_decision_docx"),
    *(path(f"cases/<int:pk>/{_slug(n)}/", _step_view(n), name=f"case_{n}") for n in STEPS),
]
