"""Publicity pages (执法公示, after the decision): the lists of decisions due for publication or
withdrawal and of publications, a publication, publishing a case's decision (the masked text
shown first), withdrawing, and recording that a decision was changed or revoked."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from fazhi.core.access import get_for_user, require_perm
from fazhi.core.display import display_value, field_label
from fazhi.core.excel import export_queryset
from fazhi.core.forms import form_page
from fazhi.core.masking import highlighted
from fazhi.core.paging import paginate
from fazhi.core.types import AuthedRequest
from fazhi.enforcement.filters.publication import (
    CASE_TABS,
    TABS,
    AwaitingPublicationFilter,
    PublicationFilter,
)
from fazhi.enforcement.forms.publication import (
    DecisionChangeForm,
    PublicationWithdrawForm,
    PublishForm,
)
from fazhi.enforcement.models import Case, EnforcementSettings, Publication
from fazhi.enforcement.selectors import publication as selectors
from fazhi.enforcement.services.cases import case_fill_publish_due
from fazhi.enforcement.services.publication import (
    case_record_decision_change,
    publication_publish,
    publication_refusal,
    publication_texts,
    publication_withdraw,
)
from fazhi.enforcement.views.evidence import FORM_TEMPLATE, case_url

READ = ["GET", "HEAD"]
WRITE = ["GET", "HEAD", "POST"]

CASE_FIELDS = ["number", "category", "outcome", "decided_on", "decision_no", "publish_due_on"]
PUBLICATION_FIELDS = [
    "case",
    "decision_no",
    "category",
    "decided_on",
    "published_on",
    "withdraw_due_on",
    "withdrawn_on",
]
PUBLICATION_EXPORT_FIELDS = [
    "case",
    "authority",
    "party",
    "category",
    "facts",
    "conclusion",
    "decision_no",
    "decided_on",
    "published_on",
    "published_by",
    "withdraw_due_on",
    "withdrawn_on",
    "withdraw_reason",
]


def _tab_counts(user: Any, today: Any) -> dict[str, int]:
    cases = selectors.awaiting_publication(user)
    pubs = selectors.publication_list(user)
    return {
        "due": cases.count(),
        "overdue": selectors.publication_overdue(cases, today).count(),
        "published": selectors.shown(pubs).count(),
        "withdraw_due": selectors.awaiting_withdrawal(pubs).count(),
        "withdraw_overdue": selectors.withdrawal_overdue(pubs, today).count(),
        "withdrawn": selectors.withdrawn(pubs).count(),
    }


@login_required
@require_http_methods(READ)
def publication_list(request: AuthedRequest) -> HttpResponse:
    user = request.user
    require_perm(user, Publication, "view")
    today = timezone.localdate()
    tab = request.GET.get("state") or "due"
    if tab not in dict(TABS):
        tab = "due"
    # Decisions recorded while their deadline's year had no holiday calendar get it now if known.
    case_fill_publish_due(cases=Case.objects.for_user(user))
    params = request.GET.copy()
    if tab in CASE_TABS:
        found: Any = AwaitingPublicationFilter(params, user=user)
        qs: Any = found.apply(selectors.awaiting_publication(user))
        if tab == "overdue":
            qs = selectors.publication_overdue(qs, today)
        model: Any = Case
        fields = CASE_FIELDS
    else:
        params["state"] = tab
        found = PublicationFilter(params, user=user)
        qs = found.apply(selectors.publication_list(user))
        model = Publication
        fields = PUBLICATION_FIELDS
    if request.GET.get("format") == "xlsx":
        filters = found.active()
        filters[_("类别")] = dict(TABS)[tab]
        return export_queryset(
            qs,
            fields=fields if tab in CASE_TABS else PUBLICATION_EXPORT_FIELDS,
            title=_("执法决定公示") + "（" + str(dict(TABS)[tab]) + "）",
            filters=filters,
            actor=user,
            request=request,
        )
    page = paginate(request, qs, 50)
    rows = []
    for obj in page.object_list:
        values = [display_value(obj, f) for f in fields]
        if tab in CASE_TABS:
            flag = selectors.due_flag(obj.publish_due_on, today)
            if obj.publish_due_on is None:
                values[fields.index("publish_due_on")] = _("期限待定（尚无节假日安排）")
        else:
            flag = selectors.due_flag(obj.withdraw_due_on, today, done=obj.withdrawn_on is not None)
        rows.append((obj, values, flag))
    counts = _tab_counts(user, today)
    return render(
        request,
        "enforcement/publication_list.html",
        {
            "tab": tab,
            "tabs": [(key, label, counts[key]) for key, label in TABS],
            "is_case_tab": tab in CASE_TABS,
            "page": page,
            "rows": rows,
            "headers": [field_label(model, f) for f in fields],
            "filters": found,
            "can_publish": user.has_perm("enforcement.add_publication"),
        },
        status=400 if found.is_bound and not found.is_valid() else 200,
    )


@login_required
@require_http_methods(READ)
def publication_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    publication = selectors.get_publication_for_user(user, pk)
    can_change = user.has_perm("enforcement.change_publication")
    return render(
        request,
        "enforcement/publication_detail.html",
        {
            "object": publication,
            "case": publication.case,
            "case_link": case_url(publication.case),
            "flag": selectors.due_flag(
                publication.withdraw_due_on,
                timezone.localdate(),
                done=publication.withdrawn_on is not None,
            ),
            "can_withdraw": can_change and publication.withdrawn_on is None,
            "can_record_change": user.has_perm("enforcement.change_case")
            and publication.case.decision_changed_on is None,
        },
    )


PUBLISH_TEMPLATE = "enforcement/publication_publish.html"


def _preview(case: Case) -> tuple[list[tuple[str, Any]], int]:
    """What the portal will show, masked as it will be written, each mask marked; and how many
    of the masks are only guesses (marked apart, for the publisher to check)."""
    settings = EnforcementSettings.for_street(case.street_id)
    texts = publication_texts(case)
    rows = [
        (_("执法机关"), settings.authority()),
        (_("执法对象"), highlighted(texts["party"])),
        (_("案件事实"), highlighted(texts["facts"])),
        (_("执法类别"), case.category.name),
        (_("执法结论"), highlighted(texts["conclusion"])),
        (_("决定书文号"), case.decision_no),
        (_("决定日期"), display_value(case, "decided_on")),
    ]
    return rows, sum(len(text.uncertain) for text in texts.values())


@login_required
@require_http_methods(WRITE)
def publication_publish_view(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    case = get_for_user(Case, user, pk)
    require_perm(user, Publication, "add")
    refusal = publication_refusal(case)
    preview, uncertain = ([], 0) if refusal else _preview(case)
    return form_page(
        request,
        PublishForm(request.POST if request.method == "POST" else None, uncertain=uncertain > 0),
        template=PUBLISH_TEMPLATE,
        context={
            "heading": _("公示执法决定：%(number)s") % {"number": case.number},
            "intro": refusal
            or _(
                "以下内容将在门户网站“执法公示”中公开。自然人的姓名只显示姓氏，"
                "身份证号、电话、详细地址和其他人员的姓名已隐去；请核对后公示。"
            ),
            "case": case,
            "preview": preview,
            "uncertain": uncertain,
            "due_on": case.publish_due_on,
            "back_url": case_url(case),
            "submit_label": _("公示"),
        },
        action=lambda data: publication_publish(
            actor=user, case=case, uncertain_checked=bool(data.get("uncertain_checked"))
        ),
        success=lambda publication: (
            _("已公示执法决定。")
            if publication.on_time
            else _("已公示执法决定（超过公示期限%(due)s）。")
            % {"due": display_value(case, "publish_due_on")},
            reverse("enforcement:publication_detail", args=[publication.pk]),
        ),
    )


@login_required
@require_http_methods(WRITE)
def publication_withdraw_view(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    publication = selectors.get_publication_for_user(user, pk, write=True)
    detail = reverse("enforcement:publication_detail", args=[publication.pk])
    return form_page(
        request,
        PublicationWithdrawForm(request.POST or None),
        template=FORM_TEMPLATE,
        context={
            "heading": _("撤下公示：%(number)s") % {"number": publication.case.number},
            "intro": _("撤下后，门户网站不再显示公示内容，只显示“已撤下”和撤下理由。"),
            "case": publication.case,
            "back_url": detail,
            "submit_label": _("撤下"),
        },
        action=lambda data: publication_withdraw(actor=user, publication=publication, **data),
        success=lambda _result: (_("已撤下公示。"), detail),
    )


@login_required
@require_http_methods(WRITE)
def case_decision_change(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    case = get_for_user(Case, user, pk, write=True)
    settings = EnforcementSettings.for_street(case.street_id)
    back = case_url(case)
    publication = Publication.objects.filter(case=case).first()
    return form_page(
        request,
        DecisionChangeForm(request.POST or None),
        template=FORM_TEMPLATE,
        context={
            "heading": _("登记决定变更或撤销：%(number)s") % {"number": case.number},
            "intro": _("已公示的决定被变更或撤销的，应在%(days)d个工作日内撤下公示。")
            % {"days": settings.withdraw_workdays},
            "case": case,
            "back_url": back,
            "submit_label": _("登记"),
        },
        action=lambda data: case_record_decision_change(actor=user, case=case, **data),
        success=lambda _case: (
            _("已登记决定变更或撤销，请在期限内撤下公示。")
            if publication is not None and publication.withdrawn_on is None
            else _("已登记决定变更或撤销。"),
            reverse("enforcement:publication_detail", args=[publication.pk])
            if publication is not None
            else back,
        ),
    )


urlpatterns: list[URLPattern] = [
    path("publications/", publication_list, name="publication_list"),
    path("publications/<int:pk>/", publication_detail, name="publication_detail"),
    path("publications/<int:pk>/withdraw/", publication_withdraw_view, name="publication_withdraw"),
    path("cases/<int:pk>/publish/", publication_publish_view, name="publication_publish"),
    path("cases/<int:pk>/decision-change/", case_decision_change, name="case_decision_change"),
]
