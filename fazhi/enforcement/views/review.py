"""Legal review pages (法制审核): the list with its deadline flags, a review with the case it
judges, the checklist form of the assigned reviewer, and submitting a case from its page."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from fazhi.core.access import Refusal, get_for_user, require_perm
from fazhi.core.display import display_value, field_label
from fazhi.core.excel import export_queryset
from fazhi.core.forms import form_page
from fazhi.core.paging import paginate
from fazhi.core.types import AuthedRequest
from fazhi.enforcement.filters.review import LegalReviewFilter
from fazhi.enforcement.forms.review import LegalReviewOpinionForm, LegalReviewSubmitForm
from fazhi.enforcement.models import Case, EnforcementSettings, LegalReview
from fazhi.enforcement.selectors import review as selectors
from fazhi.enforcement.services.legal_review import (
    SUBMIT_FROM,
    legal_review_complete,
    legal_review_submit,
)
from fazhi.enforcement.views.evidence import FORM_TEMPLATE, case_url

READ = ["GET", "HEAD"]
WRITE = ["GET", "HEAD", "POST"]

LIST_FIELDS = ["case", "submitted_at", "submitted_by", "reviewer", "due_on", "conclusion"]
EXPORT_FIELDS = [
    "case",
    "submitted_at",
    "submitted_by",
    "reviewer",
    "due_on",
    "materials",
    *(key for key, _label in LegalReview.CHECKLIST),
    "conclusion",
    "opinion",
    "reviewed_at",
]


def _detail_url(review: LegalReview) -> str:
    return reverse("enforcement:legalreview_detail", args=[review.pk])


@login_required
@require_http_methods(READ)
def legalreview_list(request: AuthedRequest) -> HttpResponse:
    user = request.user
    require_perm(user, LegalReview, "view")
    found = LegalReviewFilter(request.GET, user=user)
    qs = found.apply(selectors.review_list(user))
    if request.GET.get("format") == "xlsx":
        return export_queryset(
            qs,
            fields=EXPORT_FIELDS,
            title=LegalReview._meta.verbose_name_plural,
            filters=found.active(),
            actor=user,
            request=request,
        )
    today = timezone.localdate()
    page = paginate(request, qs, 50)
    everything = selectors.review_list(user)
    return render(
        request,
        "enforcement/legalreview_list.html",
        {
            "page": page,
            "rows": [
                (
                    obj,
                    [display_value(obj, f) for f in LIST_FIELDS],
                    selectors.deadline_flag(obj, today),
                )
                for obj in page.object_list
            ],
            "headers": [field_label(LegalReview, f) for f in LIST_FIELDS],
            "filters": found,
            "overdue_count": selectors.overdue(everything, today).count(),
            "due_soon_count": selectors.due_soon(everything, today).count(),
            "mine_count": selectors.pending(selectors.mine(everything, user)).count(),
        },
        status=400 if found.is_bound and not found.is_valid() else 200,
    )


def _may_complete(user: Any, review: LegalReview) -> bool:
    return (
        review.pending
        and user.pk == review.reviewer_id
        and user.has_perm("enforcement.change_legalreview")
    )


@login_required
@require_http_methods(READ)
def legalreview_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    review = selectors.get_review_for_user(user, pk)
    case = review.case
    can_complete = _may_complete(user, review)
    checklist = [(label, getattr(review, key)) for key, label in LegalReview.CHECKLIST]
    return render(
        request,
        "enforcement/legalreview_detail.html",
        {
            "object": review,
            "case": case,
            "case_link": case_url(case),
            "major_reasons": case.major_reasons(EnforcementSettings.for_street(case.street_id)),
            "officers": list(case.officers.all()),
            "evidence": list(selectors.case_evidence(case))
            if user.has_perm("enforcement.view_evidence")
            else None,
            "can_add_evidence": user.has_perm("enforcement.add_evidence"),
            "checklist": checklist,
            "flag": selectors.deadline_flag(review, timezone.localdate()),
            "can_complete": can_complete,
            "form": LegalReviewOpinionForm() if can_complete else None,
        },
    )


@login_required
@require_http_methods(WRITE)
def legalreview_complete(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    review = selectors.get_review_for_user(user, pk, write=True)
    if not review.pending:
        raise PermissionDenied(Refusal(_("该法制审核已出具意见，不能再次出具。")))
    if review.reviewer_id != user.pk:
        raise PermissionDenied(
            Refusal(
                _("只有被指定的审核人员%(name)s可以出具本次法制审核意见。")
                % {"name": review.reviewer.display_name}
            )
        )
    form = LegalReviewOpinionForm(request.POST or None)
    return form_page(
        request,
        form,
        template=FORM_TEMPLATE,
        context={
            "heading": _("出具法制审核意见：%(number)s") % {"number": review.case.number},
            "intro": _(
                "逐项判断是否符合；有不符合事项的不能出具“同意”，各项均符合的不能出具“不同意”。"
                "不同意的，案件退回调查取证。意见出具后不能修改。"
            ),
            "case": review.case,
            "back_url": _detail_url(review),
            "submit_label": _("出具意见"),
        },
        action=lambda _data: legal_review_complete(
            actor=user, review=review, **form.service_data()
        ),
        success=lambda done: (
            _("已出具法制审核意见：%(conclusion)s。")
            % {"conclusion": done.get_conclusion_display()},
            _detail_url(done),
        ),
    )


@login_required
@require_http_methods(WRITE)
def legalreview_submit(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    case = get_for_user(Case, user, pk)
    require_perm(user, LegalReview, "add")
    form = LegalReviewSubmitForm(request.POST or None, case=case)
    settings = EnforcementSettings.for_street(case.street_id)
    reasons = case.major_reasons(settings)
    intro = _(
        "审核期限为%(days)d个工作日。审核人员须具备法律职业资格，且不是本案的承办执法人员。"
    ) % {"days": settings.review_workdays}
    if reasons:
        intro = (
            _("本案属于重大执法决定（%(reasons)s），作出决定前须经法制审核。")
            % {"reasons": _("；").join(reasons)}
            + intro
        )
    if case.status not in SUBMIT_FROM:
        intro = _("案件当前状态为“%(status)s”，只有调查取证或已告知的案件可以提交法制审核。") % {
            "status": case.get_status_display()
        }
    return form_page(
        request,
        form,
        template=FORM_TEMPLATE,
        context={
            "heading": _("提交法制审核：%(number)s") % {"number": case.number},
            "intro": intro,
            "case": case,
            "back_url": case_url(case),
            "submit_label": _("提交审核"),
        },
        action=lambda data: legal_review_submit(actor=user, case=case, **data),
        success=lambda review: (
            _("已提交%(name)s法制审核，审核期限至%(due)s。")
            % {"name": review.reviewer.display_name, "due": display_value(review, "due_on")},
            _detail_url(review),
        ),
    )


urlpatterns: list[URLPattern] = [
    path("legal-reviews/", legalreview_list, name="legalreview_list"),
    path("legal-reviews/<int:pk>/", legalreview_detail, name="legalreview_detail"),
    path("legal-reviews/<int:pk>/complete/", legalreview_complete, name="legalreview_complete"),
    path("cases/<int:pk>/legal-review/", legalreview_submit, name="legalreview_submit"),
]
