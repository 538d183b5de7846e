"""The annual report's workflow on its page: the panel of its steps (who took each and when,
the step it waits for, the buttons of the steps the viewer may take) and one confirmation page
per step — 办公室审核, 审定, 保密审查, 公开, and 退回修改 with its reason — plus naming the
secrecy reviewer. Every step goes through ``services.report_advance``, which checks again."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from fazhi.core.access import Refusal
from fazhi.core.formats import cn_date
from fazhi.core.forms import form_page
from fazhi.core.types import AuthedRequest
from fazhi.org.models import User
from fazhi.reports import services, workflow
from fazhi.reports.models import AnnualReport, ReportStep
from fazhi.reports.selectors import get_annual_report_for_user

Status = AnnualReport.Status
WRITE = ["GET", "HEAD", "POST"]
STEP_TEMPLATE = "reports/annual_report_step.html"


# --- the panel -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StepRow:
    """One forward step of the panel: done (by whom, when), the one the report waits for, or
    still to come; with its button when the viewer may take it."""

    step: workflow.Step
    state: str  # "done", "current" or "waiting"
    record: ReportStep | None
    holder: str
    url: str

    @property
    def state_label(self) -> str:
        return {
            "done": _("已完成"),
            "current": _("待办理"),
            "waiting": _("未开始"),
        }[self.state]


@dataclass(frozen=True)
class WorkflowPanel:
    """What the report page shows of the workflow, and what the viewer may do in it."""

    report: AnnualReport
    rows: list[StepRow]
    history: list[ReportStep]
    last_return: ReportStep | None
    return_url: str
    name_reviewer_url: str
    compare_url: str

    @property
    def history_told(self) -> bool:
        """Whether the history says more than the steps' table: a return, or a reason given."""
        return any(r.kind == ReportStep.Kind.RETURN or r.reason for r in self.history)


_ORDER: list[str] = [Status.DRAFT, Status.OFFICE_REVIEWED, Status.APPROVED, Status.SECRECY_CHECKED]


def step_url(report: AnnualReport, slug: str) -> str:
    return reverse("reports:annual_report_step", args=[report.pk, slug])


def _holder(report: AnnualReport, step: workflow.Step) -> str:
    if not step.named_person:
        return str(step.holder)
    if report.secrecy_reviewer is None:
        return _("尚未指定保密审查人")
    return _("保密审查人%(name)s") % {"name": report.secrecy_reviewer.display_name}


def workflow_panel(report: AnnualReport, user: Any) -> WorkflowPanel:
    """The report's workflow as its page shows it to ``user``: two queries (the steps taken
    with their actors, the named reviewer), whatever the report's history."""
    history = list(report.steps.select_related("actor").order_by("occurred_at", "pk"))
    position = len(_ORDER) if report.status == Status.PUBLISHED else _ORDER.index(report.status)
    latest = {record.kind: record for record in history}
    allowed = {step.slug for step in workflow.available_steps(report, user)}
    rows = []
    for index, step in enumerate(workflow.FORWARD):
        state = "done" if index < position else "current" if index == position else "waiting"
        rows.append(
            StepRow(
                step=step,
                state=state,
                record=latest.get(step.kind) if state == "done" else None,
                holder=_holder(report, step),
                url=step_url(report, step.slug) if step.slug in allowed else "",
            )
        )
    returns = [record for record in history if record.kind == ReportStep.Kind.RETURN]
    return WorkflowPanel(
        report=report,
        rows=rows,
        history=history,
        last_return=returns[-1] if returns and report.status == Status.DRAFT else None,
        return_url=(
            step_url(report, workflow.RETURN_SLUG) if workflow.RETURN_SLUG in allowed else ""
        ),
        name_reviewer_url=(
            reverse("reports:annual_report_secrecy_reviewer", args=[report.pk])
            if workflow.may_name_reviewer(report, user)
            else ""
        ),
        compare_url=reverse("reports:annual_report_compare", args=[report.pk]),
    )


# --- the steps -------------------------------------------------------------------------------------


class StepForm(forms.Form):
    """A step confirmed, with an opinion if the actor gives one; a return needs its reason."""

    reason = forms.CharField(
        label=gettext_lazy("意见"),
        required=False,
        max_length=workflow.REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, returning: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if returning:
            reason = self.fields["reason"]
            reason.required = True
            reason.label = _("退回理由")
            reason.help_text = _("写明需要修改的内容，报告将退回起草中。")
            reason.error_messages["required"] = _("请填写退回修改的理由。")


# What each step's page asks and what it says once done.
_QUESTIONS: dict[str, Any] = {
    ReportStep.Kind.REVIEW: gettext_lazy(
        "确认报告已经办公室审核，提交党政主要负责人审定？审核后报告不能再修改，除非退回修改。"
    ),
    ReportStep.Kind.APPROVE: gettext_lazy(
        "确认审定本报告？审定时将保存报告当前的文字和数字（审定版本），公开的即为该版本。"
    ),
    ReportStep.Kind.SECRECY_CHECK: gettext_lazy(
        "确认本报告已经保密审查，不含国家秘密、工作秘密和个人隐私，可以公开？"
    ),
    ReportStep.Kind.PUBLISH: gettext_lazy(
        "确认公开本报告？公开后报告将在公众服务网站上发布，不能再修改或退回。"
    ),
    ReportStep.Kind.RETURN: gettext_lazy("确认将本报告退回起草中修改？修改后须重新审核、审定。"),
}
_DONE: dict[str, Any] = {
    ReportStep.Kind.REVIEW: gettext_lazy("已完成办公室审核，报告提交党政主要负责人审定。"),
    ReportStep.Kind.APPROVE: gettext_lazy("已审定，审定版本为第%(version)s版。"),
    ReportStep.Kind.SECRECY_CHECK: gettext_lazy("已确认通过保密审查。"),
    ReportStep.Kind.PUBLISH: gettext_lazy("报告已公开。"),
    ReportStep.Kind.RETURN: gettext_lazy("报告已退回修改，现为起草中。"),
}


def _late_warning(report: AnnualReport, today: date) -> str:
    if today <= report.deadline:
        return ""
    return _("已过报送期限（%(deadline)s），公开后将记为逾期公开。") % {
        "deadline": cn_date(report.deadline)
    }


def _step_done(report: AnnualReport, step: workflow.Step) -> str:
    message = str(_DONE[step.kind])
    if step.kind == ReportStep.Kind.APPROVE:
        latest = report.steps.filter(kind=step.kind).order_by("-occurred_at", "-pk").first()
        message %= {"version": latest.version if latest is not None else ""}
    return message


_TARGETS = {step.slug: step.target for step in workflow.FORWARD} | {
    workflow.RETURN_SLUG: Status.DRAFT
}


@login_required
@require_http_methods(WRITE)
def annual_report_step(request: AuthedRequest, pk: int, slug: str) -> HttpResponse:
    """One step's confirmation page: GET asks, POST takes the step and goes back to the report.
    404 outside the street, 403 for whoever does not hold the step, 400 with the reason when
    the report cannot take it now."""
    user = request.user
    report = get_annual_report_for_user(user, pk)
    to = _TARGETS.get(slug)
    if to is None:
        raise Http404(Refusal(_("年度报告没有该流转环节。")))
    detail_url = reverse("reports:annual_report_detail", args=[report.pk])
    context: dict[str, Any] = {"report": report, "back_url": detail_url}
    try:
        step = workflow.step_to(report, to)
    except ValidationError as exc:
        context["error"] = " ".join(exc.messages)
        return render(request, STEP_TEMPLATE, context, status=400)
    refusal = workflow.refusal(report, step, user)
    if refusal is not None:
        raise PermissionDenied(Refusal(refusal))
    returning = step.kind == ReportStep.Kind.RETURN
    form = StepForm(request.POST or None, returning=returning)
    context |= {
        "step": step,
        "heading": _("%(step)s：%(title)s") % {"step": step.label, "title": report.title},
        "question": _QUESTIONS[step.kind],
        "warning": (
            _late_warning(report, timezone.localdate())
            if step.kind == ReportStep.Kind.PUBLISH
            else ""
        ),
        "submit_label": step.label if returning else _("确认%(step)s") % {"step": step.label},
        "danger": returning,
    }
    return form_page(
        request,
        form,
        template=STEP_TEMPLATE,
        context=context,
        action=lambda data: services.report_advance(
            report, to=to, actor=user, reason=data.get("reason", "")
        ),
        success=lambda advanced: (_step_done(advanced, step), detail_url),
    )


class PersonChoiceField(forms.ModelChoiceField):
    """A staff account by name and post: 王某（司法所所长）."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.display_name}（{obj.title}）" if obj.title else str(obj.display_name)


class SecrecyReviewerForm(forms.Form):
    """The person the office names to confirm the report's 保密审查."""

    secrecy_reviewer = PersonChoiceField(
        label=gettext_lazy("保密审查人"),
        queryset=User.objects.none(),
        help_text=gettext_lazy(
            "本街道可担任保密审查人的在职人员；报告的保密审查只能由其本人确认。"
        ),
    )

    def __init__(self, *args: Any, report: AnnualReport, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["secrecy_reviewer"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = workflow.reviewer_candidates(report)
        field.initial = report.secrecy_reviewer_id


@login_required
@require_http_methods(WRITE)
def annual_report_secrecy_reviewer(request: AuthedRequest, pk: int) -> HttpResponse:
    """Name (or change) who confirms the report's 保密审查: the office, until it is done."""
    user = request.user
    report = get_annual_report_for_user(user, pk)
    refusal = workflow.name_reviewer_refusal(report, user)
    if refusal is not None:
        raise PermissionDenied(Refusal(refusal))
    detail_url = reverse("reports:annual_report_detail", args=[report.pk])
    context: dict[str, Any] = {
        "report": report,
        "back_url": detail_url,
        "heading": _("指定保密审查人：%(title)s") % {"title": report.title},
        "question": _("指定后，报告的保密审查只能由其本人确认或退回。"),
        "submit_label": _("保存"),
    }
    if report.status not in workflow.REVIEWER_NAMEABLE:
        context["error"] = _("年度报告%(status)s，不能再更换保密审查人。") % {
            "status": report.get_status_display()
        }
        return render(request, STEP_TEMPLATE, context, status=400)
    form = SecrecyReviewerForm(request.POST or None, report=report)
    return form_page(
        request,
        form,
        template=STEP_TEMPLATE,
        context=context,
        action=lambda data: services.report_secrecy_reviewer_set(
            report, reviewer=data["secrecy_reviewer"], actor=user
        ),
        success=lambda named: (
            _("已指定%(name)s为保密审查人。") % {"name": named.secrecy_reviewer.display_name},
            detail_url,
        ),
    )
