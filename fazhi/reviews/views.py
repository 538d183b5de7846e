"""Back-office pages: legality review requests (送审、指定、出具意见、后续情况) and the
procedure tracker of major decisions, one small form page per step."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from fazhi.core.access import Refusal, require_perm
from fazhi.core.display import display_value, field_label
from fazhi.core.excel import export_queryset
from fazhi.core.files import serve_document
from fazhi.core.forms import form_page
from fazhi.core.paging import paginate
from fazhi.core.types import AuthedRequest
from fazhi.reviews import filters, selectors, services
from fazhi.reviews import forms as review_forms
from fazhi.reviews.models import MajorDecision, PublicComment, ReviewRequest

READ = ["GET", "HEAD"]
WRITE = ["GET", "HEAD", "POST"]
FORM_TEMPLATE = "reviews/form.html"


def _form_context(
    heading: str, back_url: str, *, submit: str = "", intro: str = "", **extra: Any
) -> dict[str, Any]:
    return {
        "heading": heading,
        "back_url": back_url,
        "submit_label": submit or _("保存"),
        "intro": intro,
        **extra,
    }


# --- Legality review requests ----------------------------------------------------------------

REQUEST_LIST_FIELDS = [
    "title",
    "kind",
    "department",
    "received_on",
    "due_on",
    "adviser",
    "reviewer",
    "status",
    "conclusion",
]
REQUEST_EXPORT_FIELDS = [
    "title",
    "kind",
    "department",
    "requested_by",
    "counterparty",
    "amount",
    "received_on",
    "due_on",
    "adviser",
    "reviewer",
    "status",
    "opinion",
    "conclusion",
    "completed_on",
    "fate",
    "fate_note",
    "document_sha256",
]
REQUEST_DETAIL_FIELDS = [
    "title",
    "kind",
    "department",
    "requested_by",
    "counterparty",
    "amount",
    "received_on",
    "due_on",
    "adviser",
    "reviewer",
    "status",
]


def _request_url(name: str, request_obj: ReviewRequest) -> str:
    return reverse(f"reviews:reviewrequest_{name}", args=[request_obj.pk])


@login_required
@require_http_methods(READ)
def reviewrequest_list(request: AuthedRequest) -> HttpResponse:
    user = request.user
    require_perm(user, ReviewRequest, "view")
    found = filters.ReviewRequestFilter(request.GET, user=user)
    qs = found.apply(selectors.review_request_list(user))
    if request.GET.get("format") == "xlsx":
        return export_queryset(
            qs,
            fields=REQUEST_EXPORT_FIELDS,
            title=ReviewRequest._meta.verbose_name_plural,
            filters=found.active(),
            actor=user,
            request=request,
        )
    today = timezone.localdate()
    page = paginate(request, qs, 50)
    rows = [
        (
            obj,
            [display_value(obj, f) for f in REQUEST_LIST_FIELDS],
            selectors.deadline_flag(obj, today),
        )
        for obj in page.object_list
    ]
    everything = selectors.review_request_list(user)
    return render(
        request,
        "reviews/reviewrequest_list.html",
        {
            "page": page,
            "rows": rows,
            "headers": [field_label(ReviewRequest, f) for f in REQUEST_LIST_FIELDS],
            "filters": found,
            "can_add": user.has_perm("reviews.add_reviewrequest"),
            "overdue_count": selectors.overdue(everything, today).count(),
            "due_soon_count": selectors.due_soon(everything, today).count(),
        },
        status=400 if found.is_bound and not found.is_valid() else 200,
    )


def _hide_assignment(form: forms.BaseForm, user: Any) -> None:
    """Only the office assigns advisers and reviewers: others do not see the fields."""
    if not selectors.can_manage_review_requests(user):
        for name in ("adviser", "reviewer"):
            form.fields[name].widget = forms.HiddenInput()
            form.fields[name].initial = None


@login_required
@require_http_methods(WRITE)
def reviewrequest_create(request: AuthedRequest) -> HttpResponse:
    user = request.user
    require_perm(user, ReviewRequest, "add")
    if user.street is None:
        raise PermissionDenied(Refusal(_("您的账号未归属任何街道，不能新增记录。")))
    form = review_forms.ReviewRequestForm(request.POST or None, request.FILES or None, user=user)
    _hide_assignment(form, user)
    street = user.street
    return form_page(
        request,
        form,
        template=FORM_TEMPLATE,
        context=_form_context(
            _("送审合法性审查"),
            reverse("reviews:reviewrequest_list"),
            intro=_(
                "登记部门送审的合同、项目协议、规范性文件等，由司法所指定法律顾问或审查人员审查。"
            ),
        ),
        action=lambda data: services.review_request_create(street=street, actor=user, **data),
        success=lambda obj: (
            _("已登记送审事项“%(title)s”，审查期限至%(due)s。")
            % {"title": obj.title, "due": display_value(obj, "due_on")},
            _request_url("detail", obj),
        ),
    )


@login_required
@require_http_methods(READ)
def reviewrequest_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    obj = selectors.get_review_request_for_user(user, pk)
    is_open = obj.status in selectors.OPEN_REVIEW
    can_manage = selectors.can_manage_review_requests(user)
    return render(
        request,
        "reviews/reviewrequest_detail.html",
        {
            "object": obj,
            "fields": [
                (field_label(ReviewRequest, f), display_value(obj, f))
                for f in REQUEST_DETAIL_FIELDS
            ],
            "flag": selectors.deadline_flag(obj, timezone.localdate()),
            "can_edit": can_manage and is_open,
            "can_delete": can_manage
            and user.has_perm("reviews.delete_reviewrequest")
            and not services.deletion_refusal(obj),
            "can_complete": is_open and selectors.can_give_opinion(user, obj),
            "can_withdraw": is_open and selectors.can_withdraw_or_follow_up(user, obj),
            "can_set_fate": obj.status == ReviewRequest.Status.COMPLETED
            and selectors.can_withdraw_or_follow_up(user, obj),
            "can_see_decision": obj.major_decision_id is not None
            and user.has_perm("reviews.view_majordecision"),
        },
    )


@login_required
@require_http_methods(READ)
def reviewrequest_document(request: AuthedRequest, pk: int) -> HttpResponse:
    obj = selectors.get_review_request_for_user(request.user, pk)
    return serve_document(obj.document, filename=obj.title)


@login_required
@require_http_methods(WRITE)
def reviewrequest_update(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    obj = selectors.get_review_request_for_user(user, pk, write=True)
    form = review_forms.ReviewRequestForm(
        request.POST or None, request.FILES or None, instance=obj, user=user
    )
    return form_page(
        request,
        form,
        template=FORM_TEMPLATE,
        context=_form_context(
            _("修改送审事项：%(title)s") % {"title": obj.title}, _request_url("detail", obj)
        ),
        action=lambda data: services.review_request_update(obj, actor=user, **data),
        success=lambda _result: (_("已保存送审事项。"), _request_url("detail", obj)),
        on_invalid=obj.refresh_from_db,
    )


@login_required
@require_http_methods(WRITE)
def reviewrequest_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    obj = selectors.get_review_request_for_user(user, pk, write=True, action="delete")
    error = ""
    if request.method == "POST":
        try:
            services.review_request_delete(obj, actor=user)
        except ValidationError as exc:
            error = _("；").join(exc.messages)
        else:
            messages.success(request, _("已删除送审事项“%(title)s”。") % {"title": obj.title})
            return HttpResponseRedirect(reverse("reviews:reviewrequest_list"))
    return render(
        request,
        "reviews/confirm_delete.html",
        {"object": obj, "error": error, "back_url": _request_url("detail", obj)},
        status=400 if error else 200,
    )


def _request_action(
    request: AuthedRequest,
    obj: ReviewRequest,
    form: forms.BaseForm,
    *,
    heading: str,
    action: Callable[[dict[str, Any]], Any],
    done: str,
    submit: str = "",
    intro: str = "",
) -> HttpResponse:
    return form_page(
        request,
        form,
        template=FORM_TEMPLATE,
        context=_form_context(
            heading, _request_url("detail", obj), submit=submit, intro=intro, subject=obj
        ),
        action=action,
        success=lambda _result: (done, _request_url("detail", obj)),
    )


@login_required
@require_http_methods(WRITE)
def reviewrequest_complete(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    obj = selectors.get_review_request_for_opinion(user, pk)
    return _request_action(
        request,
        obj,
        review_forms.ReviewOpinionForm(request.POST or None),
        heading=_("出具审查意见：%(title)s") % {"title": obj.title},
        action=lambda data: services.review_request_complete(obj, actor=user, **data),
        done=_("已登记审查意见。"),
        submit=_("出具意见"),
        intro=_("审查意见出具后不能修改；如文件修改后需要重新审查，请另行送审。"),
    )


@login_required
@require_http_methods(WRITE)
def reviewrequest_withdraw(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    obj = selectors.get_review_request_for_follow_up(user, pk)
    return _request_action(
        request,
        obj,
        review_forms.ReasonForm(request.POST or None, label=_("撤回理由")),
        heading=_("撤回送审：%(title)s") % {"title": obj.title},
        action=lambda data: services.review_request_withdraw(obj, actor=user, **data),
        done=_("已撤回送审事项。"),
        submit=_("撤回"),
    )


@login_required
@require_http_methods(WRITE)
def reviewrequest_fate(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    obj = selectors.get_review_request_for_follow_up(user, pk)
    form = review_forms.FateForm(
        request.POST or None, initial={"fate": obj.fate, "fate_note": obj.fate_note}
    )
    return _request_action(
        request,
        obj,
        form,
        heading=_("登记后续情况：%(title)s") % {"title": obj.title},
        action=lambda data: services.review_request_set_fate(obj, actor=user, **data),
        done=_("已登记文件的后续情况。"),
    )


# --- Major decisions -------------------------------------------------------------------------

DECISION_LIST_FIELDS = [
    "title",
    "department",
    "catalogue_year",
    "status",
    "comment_opens_on",
    "comment_closes_on",
    "decided_on",
    "published_on",
]
DECISION_EXPORT_FIELDS = [
    *DECISION_LIST_FIELDS,
    "short_period_reason",
    "expert_held_on",
    "risk_assessed_on",
    "risk_level",
    "discussed_on",
    "meeting_name",
    "publication_channel",
    "archived_on",
    "abandon_reason",
]


def _decision_url(name: str, decision: MajorDecision) -> str:
    return reverse(f"reviews:majordecision_{name}", args=[decision.pk])


@login_required
@require_http_methods(READ)
def majordecision_list(request: AuthedRequest) -> HttpResponse:
    user = request.user
    require_perm(user, MajorDecision, "view")
    found = filters.MajorDecisionFilter(request.GET, user=user)
    qs = found.apply(selectors.decision_list(user))
    if request.GET.get("format") == "xlsx":
        return export_queryset(
            qs,
            fields=DECISION_EXPORT_FIELDS,
            title=MajorDecision._meta.verbose_name_plural,
            filters=found.active(),
            actor=user,
            request=request,
        )
    page = paginate(request, qs, 50)
    return render(
        request,
        "reviews/majordecision_list.html",
        {
            "page": page,
            "rows": [
                (obj, [display_value(obj, f) for f in DECISION_LIST_FIELDS])
                for obj in page.object_list
            ],
            "headers": [field_label(MajorDecision, f) for f in DECISION_LIST_FIELDS],
            "filters": found,
            "can_add": user.has_perm("reviews.add_majordecision"),
        },
        status=400 if found.is_bound and not found.is_valid() else 200,
    )


@login_required
@require_http_methods(WRITE)
def majordecision_create(request: AuthedRequest) -> HttpResponse:
    user = request.user
    require_perm(user, MajorDecision, "add")
    if user.street is None:
        raise PermissionDenied(Refusal(_("您的账号未归属任何街道，不能新增记录。")))
    street = user.street
    form = review_forms.MajorDecisionForm(request.POST or None, request.FILES or None, user=user)
    return form_page(
        request,
        form,
        template=FORM_TEMPLATE,
        context=_form_context(
            _("新增重大行政决策"),
            reverse("reviews:majordecision_list"),
            intro=_(
                "决策须依次履行公众参与、专家论证、风险评估、合法性审查、集体讨论决定等程序，"
                "缺少必经程序的不能作出决定。"
            ),
        ),
        action=lambda data: services.decision_create(street=street, actor=user, **data),
        success=lambda obj: (
            _("已新增重大行政决策“%(title)s”。") % {"title": obj.title},
            _decision_url("detail", obj),
        ),
    )


@login_required
@require_http_methods(WRITE)
def majordecision_update(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    decision = selectors.get_decision_for_user(user, pk, write=True)
    form = review_forms.MajorDecisionForm(
        request.POST or None, request.FILES or None, instance=decision, user=user
    )
    return form_page(
        request,
        form,
        template=FORM_TEMPLATE,
        context=_form_context(
            _("修改重大行政决策：%(title)s") % {"title": decision.title},
            _decision_url("detail", decision),
        ),
        action=lambda data: services.decision_update(decision, actor=user, **data),
        success=lambda _result: (_("已保存重大行政决策。"), _decision_url("detail", decision)),
        on_invalid=decision.refresh_from_db,
    )


@login_required
@require_http_methods(READ)
def majordecision_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    decision = selectors.get_decision_for_user(user, pk)
    reviews = selectors.legality_reviews(decision)
    steps = selectors.decision_steps(decision, reviews)
    preparing = decision.status in selectors.PREPARING
    can_change = selectors.may_change_decision(user, decision)
    can_run = can_change and selectors.may_decide(user)
    before_discussion = preparing and decision.discussed_on is None
    can_view_comments = user.has_perm("reviews.view_publiccomment")
    return render(
        request,
        "reviews/majordecision_detail.html",
        {
            "object": decision,
            "steps": steps,
            # The requests this user may open (a lawyer: those assigned to them).
            "reviews": list(
                selectors.review_request_list(user)
                .filter(major_decision=decision)
                .order_by("-received_on", "-id")
            )
            if user.has_perm("reviews.view_reviewrequest")
            else [],
            "comments": list(decision.comments.all()) if can_view_comments else None,
            "can_respond": preparing and user.has_perm("reviews.change_publiccomment"),
            "can_change": can_change,
            "can_edit": can_change and preparing,
            "can_step": can_change and before_discussion,
            "can_open": can_change
            and before_discussion
            and decision.status != MajorDecision.Status.CONSULTING,
            "can_close": can_change and decision.status == MajorDecision.Status.CONSULTING,
            "can_request_review": can_change
            and before_discussion
            and user.has_perm("reviews.add_reviewrequest")
            and not any(
                s.key == "legality" and s.state != selectors.StepState.MISSING for s in steps
            ),
            "can_discuss": can_run
            and preparing
            and decision.status != MajorDecision.Status.CONSULTING,
            "can_decide": can_run and preparing,
            "can_abandon": can_run and preparing,
            "can_publish": can_run and decision.status == MajorDecision.Status.DECIDED,
            "can_archive": can_run and decision.status == MajorDecision.Status.PUBLISHED,
            "missing": selectors.missing_before_decision(decision) if preparing else [],
            "attendees": list(decision.attendees.all()),
        },
    )


@login_required
@require_http_methods(READ)
def majordecision_draft(request: AuthedRequest, pk: int) -> HttpResponse:
    decision = selectors.get_decision_for_user(request.user, pk)
    return serve_document(
        decision.draft, filename=_("%(title)s（草案）") % {"title": decision.title}
    )


def _decision_step(
    request: AuthedRequest,
    pk: int,
    *,
    form_class: Callable[..., forms.BaseForm],
    service: Callable[..., Any],
    heading: str,
    done: str,
    intro: str = "",
    submit: str = "",
    with_user: bool = False,
    with_decision: bool = False,
    decide: bool = False,
    form_kwargs: dict[str, Any] | None = None,
) -> HttpResponse:
    """One step's form page: GET shows it, POST runs the step's service on the decision.
    ``decide``: a step for the office only (the service refuses anyone else as well)."""
    user = request.user
    decision = selectors.get_decision_for_user(user, pk, write=True, decide=decide)
    kwargs = dict(form_kwargs or {})
    if with_user:
        kwargs["user"] = user
    if with_decision:
        kwargs["decision"] = decision
    form = form_class(request.POST or None, request.FILES or None, **kwargs)
    return form_page(
        request,
        form,
        template=FORM_TEMPLATE,
        context=_form_context(
            heading % {"title": decision.title},
            _decision_url("detail", decision),
            submit=submit,
            intro=intro,
            subject=decision,
        ),
        action=lambda data: service(decision, actor=user, **data),
        success=lambda _result: (done, _decision_url("detail", decision)),
    )


@login_required
@require_http_methods(WRITE)
def majordecision_open_participation(request: AuthedRequest, pk: int) -> HttpResponse:
    return _decision_step(
        request,
        pk,
        form_class=review_forms.OpenParticipationForm,
        service=services.decision_open_participation,
        heading=_("公开征求意见：%(title)s"),
        done=_("已发起公开征求意见，决策草案将在公众服务网站上公布，接收公众意见。"),
        intro=_(
            "征求意见期限一般不少于30日（重大行政决策程序暂行条例第十四条），"
            "少于30日的须说明理由。期间公众可在公众服务网站上提交意见。"
        ),
        submit=_("发起征求意见"),
    )


@login_required
@require_http_methods(WRITE)
def majordecision_close_participation(request: AuthedRequest, pk: int) -> HttpResponse:
    return _decision_step(
        request,
        pk,
        form_class=review_forms.CloseParticipationForm,
        service=services.decision_close_participation,
        heading=_("结束公众参与：%(title)s"),
        done=_("已结束公众参与，记录了公众意见采纳情况。"),
        submit=_("结束公众参与"),
    )


@login_required
@require_http_methods(WRITE)
def majordecision_expert(request: AuthedRequest, pk: int) -> HttpResponse:
    return _decision_step(
        request,
        pk,
        form_class=review_forms.ExpertForm,
        service=services.decision_record_expert,
        heading=_("登记专家论证：%(title)s"),
        done=_("已登记专家论证。"),
    )


@login_required
@require_http_methods(WRITE)
def majordecision_expert_waive(request: AuthedRequest, pk: int) -> HttpResponse:
    return _decision_step(
        request,
        pk,
        form_class=review_forms.ReasonForm,
        form_kwargs={"label": _("不需要专家论证的理由")},
        service=services.decision_waive_expert,
        heading=_("无需专家论证：%(title)s"),
        done=_("已登记不需要专家论证的理由。"),
    )


@login_required
@require_http_methods(WRITE)
def majordecision_risk(request: AuthedRequest, pk: int) -> HttpResponse:
    return _decision_step(
        request,
        pk,
        form_class=review_forms.RiskForm,
        service=services.decision_record_risk,
        heading=_("登记风险评估：%(title)s"),
        done=_("已登记风险评估。"),
    )


@login_required
@require_http_methods(WRITE)
def majordecision_risk_waive(request: AuthedRequest, pk: int) -> HttpResponse:
    return _decision_step(
        request,
        pk,
        form_class=review_forms.ReasonForm,
        form_kwargs={"label": _("不需要风险评估的理由")},
        service=services.decision_waive_risk,
        heading=_("无需风险评估：%(title)s"),
        done=_("已登记不需要风险评估的理由。"),
    )


@login_required
@require_http_methods(WRITE)
def majordecision_legality(request: AuthedRequest, pk: int) -> HttpResponse:
    require_perm(request.user, ReviewRequest, "add")
    return _decision_step(
        request,
        pk,
        form_class=review_forms.LegalityRequestForm,
        with_user=True,
        service=services.decision_request_legality_review,
        heading=_("送交合法性审查：%(title)s"),
        done=_("已送交合法性审查。"),
        intro=_(
            "决策草案提交集体讨论前须经合法性审查，审查期限不得少于7个工作日"
            "（重大行政决策程序暂行条例第二十七条）；征求意见不能代替合法性审查。"
        ),
        submit=_("送审"),
    )


@login_required
@require_http_methods(WRITE)
def majordecision_discussion(request: AuthedRequest, pk: int) -> HttpResponse:
    return _decision_step(
        request,
        pk,
        form_class=review_forms.DiscussionForm,
        with_user=True,
        with_decision=True,
        service=services.decision_record_discussion,
        decide=True,
        heading=_("登记集体讨论：%(title)s"),
        done=_("已登记集体讨论。"),
        intro=_(
            "决策草案应当经决策机关常务会议或者全体会议讨论；行政首长在集体讨论的最后发表意见，"
            "与会人员的不同意见应当如实记录（重大行政决策程序暂行条例第三十条）。"
        ),
    )


@login_required
@require_http_methods(WRITE)
def majordecision_decide(request: AuthedRequest, pk: int) -> HttpResponse:
    return _decision_step(
        request,
        pk,
        form_class=review_forms.DecideForm,
        service=services.decision_decide,
        decide=True,
        heading=_("作出决定：%(title)s"),
        done=_("已登记决定。"),
        submit=_("作出决定"),
    )


@login_required
@require_http_methods(WRITE)
def majordecision_publish(request: AuthedRequest, pk: int) -> HttpResponse:
    return _decision_step(
        request,
        pk,
        form_class=review_forms.PublishForm,
        service=services.decision_publish,
        decide=True,
        heading=_("登记决策公布：%(title)s"),
        done=_("已登记公布，决定内容已在公众服务网站上公开。"),
    )


@login_required
@require_http_methods(WRITE)
def majordecision_archive(request: AuthedRequest, pk: int) -> HttpResponse:
    return _decision_step(
        request,
        pk,
        form_class=review_forms.ArchiveForm,
        service=services.decision_archive,
        decide=True,
        heading=_("登记归档：%(title)s"),
        done=_("已登记归档。"),
    )


@login_required
@require_http_methods(WRITE)
def majordecision_abandon(request: AuthedRequest, pk: int) -> HttpResponse:
    return _decision_step(
        request,
        pk,
        form_class=review_forms.ReasonForm,
        form_kwargs={"label": _("终止理由")},
        service=services.decision_abandon,
        decide=True,
        heading=_("终止决策：%(title)s"),
        done=_("已终止该决策事项。"),
        submit=_("终止决策"),
    )


@login_required
@require_http_methods(WRITE)
def publiccomment_respond(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    comment: PublicComment = selectors.get_comment_for_user(user, pk, write=True)
    decision = comment.decision
    form = review_forms.CommentResponseForm(
        request.POST or None, initial={"response": comment.response}
    )
    return form_page(
        request,
        form,
        template=FORM_TEMPLATE,
        context=_form_context(
            _("意见采纳情况：%(title)s") % {"title": decision.title},
            _decision_url("detail", decision),
            comment=comment,
        ),
        action=lambda data: services.comment_respond(comment, actor=user, **data),
        success=lambda _result: (_("已保存意见采纳情况。"), _decision_url("detail", decision)),
    )
