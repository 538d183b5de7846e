"""The annual report's workflow: its steps in order, who takes each, and why someone may not.

    起草中 → 办公室已审核 → 主要负责人已审定 → 已通过保密审查 → 已公开

The office (领导小组办公室) reviews the draft, the principal leader (党政主要负责人) approves it,
the person the office named on the report confirms its 保密审查, and the office publishes it.
Before publication whoever holds the step at hand may send the report back to drafting
(退回修改) with a reason. Each step is one permission of ``AnnualReport``'s Meta, granted to a
role in ``fazhi.org.roles``; the 保密审查 is the named person's alone.

Nothing here writes: ``fazhi.reports.services.report_advance`` takes the steps, the pages ask
``may_take`` which buttons to show. Both read the same rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.org.models import User
from fazhi.reports.models import AnnualReport, ReportStep

Status = AnnualReport.Status
Kind = ReportStep.Kind

REVIEW_PERMISSION = "reports.review_annualreport"
APPROVE_PERMISSION = "reports.approve_annualreport"
SECRECY_PERMISSION = "reports.secrecy_check_annualreport"
PUBLISH_PERMISSION = "reports.publish_annualreport"
# Naming the secrecy reviewer is part of arranging publication: the office's.
NAME_REVIEWER_PERMISSION = PUBLISH_PERMISSION


@dataclass(frozen=True)
class Step:
    """One step of the workflow: from which state to which, and whose it is (the permission,
    or for 保密审查 the person named on the report)."""

    kind: str
    source: str
    target: str
    perm: str
    holder: Any  # who takes it, as the page names them
    slug: str  # its address on the pages

    @property
    def label(self) -> str:
        return str(Kind(self.kind).label)

    @property
    def named_person(self) -> bool:
        return self.kind == Kind.SECRECY_CHECK


FORWARD: tuple[Step, ...] = (
    Step(
        Kind.REVIEW,
        Status.DRAFT,
        Status.OFFICE_REVIEWED,
        REVIEW_PERMISSION,
        gettext_lazy("领导小组办公室"),
        "review",
    ),
    Step(
        Kind.APPROVE,
        Status.OFFICE_REVIEWED,
        Status.APPROVED,
        APPROVE_PERMISSION,
        gettext_lazy("党政主要负责人"),
        "approve",
    ),
    Step(
        Kind.SECRECY_CHECK,
        Status.APPROVED,
        Status.SECRECY_CHECKED,
        SECRECY_PERMISSION,
        gettext_lazy("指定的保密审查人"),
        "secrecy-check",
    ),
    Step(
        Kind.PUBLISH,
        Status.SECRECY_CHECKED,
        Status.PUBLISHED,
        PUBLISH_PERMISSION,
        gettext_lazy("领导小组办公室"),
        "publish",
    ),
)
RETURN_SLUG = "return"
# The states a report may be sent back to drafting from: reviewed, approved, secrecy-checked.
RETURNABLE = (Status.OFFICE_REVIEWED, Status.APPROVED, Status.SECRECY_CHECKED)
# A return's reason, as long as a note on a step may be.
REASON_MAX_LENGTH = 500


def pending_step(status: str) -> Step | None:
    """The step a report in ``status`` waits for (None once published)."""
    return next((s for s in FORWARD if s.source == status), None)


def return_step(status: str) -> Step:
    """退回修改 from ``status``: taken by whoever holds the step the report waits for."""
    holder = pending_step(status)
    assert holder is not None
    return Step(Kind.RETURN, status, Status.DRAFT, holder.perm, holder.holder, RETURN_SLUG)


def step_to(report: AnnualReport, to: str) -> Step:
    """The step that moves ``report`` to ``to`` now; a ValidationError says why none does."""
    if to not in Status.values:
        raise ValidationError(_("年度报告不能转为该状态。"))
    current = report.status
    if current == Status.PUBLISHED:
        raise ValidationError(_("年度报告已公开，不能再变更状态，也不能退回修改。"))
    if to == Status.DRAFT:
        if current == Status.DRAFT:
            raise ValidationError(_("年度报告正在起草中，无需退回修改。"))
        return return_step(current)
    step = pending_step(current)
    if step is None or step.target != to:
        raise ValidationError(
            _("年度报告当前为“%(current)s”，不能直接转为“%(to)s”。")
            % {"current": report.get_status_display(), "to": Status(to).label}
        )
    if step.named_person and report.secrecy_reviewer_id is None:
        raise ValidationError(_("尚未指定保密审查人，请领导小组办公室先指定。"))
    return step


def _same_street(report: AnnualReport, user: Any) -> str | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return _("年度报告的流转须由本街道的工作人员本人办理。")
    if not user.is_active:
        return _("该账号已停用，不能办理年度报告的流转。")
    if user.street_id != report.street_id:
        return _("只能办理本街道的年度报告。")
    return None


def refusal(report: AnnualReport, step: Step, user: Any) -> str | None:
    """Why ``user`` may not take ``step`` on ``report`` (None: they may). The state is
    ``step_to``'s to check; this is about the person."""
    wrong = _same_street(report, user)
    if wrong:
        return wrong
    if step.named_person or (step.kind == Kind.RETURN and step.source == Status.APPROVED):
        if report.secrecy_reviewer_id is None:
            return _("尚未指定保密审查人，请领导小组办公室先指定。")
        if user.pk != report.secrecy_reviewer_id:
            return _("保密审查只能由报告指定的保密审查人%(name)s本人确认或退回。") % {
                "name": _reviewer_name(report)
            }
        if not user.has_perm(SECRECY_PERMISSION):
            return _("您的角色已不能担任保密审查人，请领导小组办公室重新指定。")
        return None
    if not user.has_perm(step.perm):
        if step.kind == Kind.RETURN:
            return _("报告现由%(holder)s办理，只有%(holder)s可以退回修改。") % {
                "holder": step.holder
            }
        return _("%(step)s由%(holder)s办理。") % {"step": step.label, "holder": step.holder}
    return None


def _reviewer_name(report: AnnualReport) -> str:
    reviewer = report.secrecy_reviewer
    return reviewer.display_name if reviewer is not None else ""


def may_take(report: AnnualReport, step: Step, user: Any) -> bool:
    return refusal(report, step, user) is None


def available_steps(report: AnnualReport, user: Any) -> list[Step]:
    """The steps ``user`` may take on ``report`` now: the one it waits for, and 退回修改."""
    steps: list[Step] = []
    pending = pending_step(report.status)
    if pending is None:
        return steps
    if not (pending.named_person and report.secrecy_reviewer_id is None):
        steps.append(pending)
    if report.status in RETURNABLE:
        steps.append(return_step(report.status))
    return [s for s in steps if may_take(report, s, user)]


# The states in which the office may name (or change) the secrecy reviewer: until the check.
REVIEWER_NAMEABLE = (Status.DRAFT, Status.OFFICE_REVIEWED, Status.APPROVED)


def name_reviewer_refusal(report: AnnualReport, user: Any) -> str | None:
    """Why ``user`` may not name the report's secrecy reviewer (None: they may)."""
    wrong = _same_street(report, user)
    if wrong:
        return wrong
    if not user.has_perm(NAME_REVIEWER_PERMISSION):
        return _("保密审查人由领导小组办公室指定。")
    return None


def may_name_reviewer(report: AnnualReport, user: Any) -> bool:
    return report.status in REVIEWER_NAMEABLE and name_reviewer_refusal(report, user) is None


def reviewer_candidates(report: AnnualReport) -> QuerySet[User]:
    """Who the office may name: the active accounts of the report's street whose role may be
    named, by name."""
    return (
        User.objects.with_perm(SECRECY_PERMISSION, is_active=True, include_superusers=False)
        .filter(street_id=report.street_id)
        .order_by("full_name", "username")
    )


def reviewer_problem(report: AnnualReport, reviewer: Any) -> str | None:
    """Why ``reviewer`` cannot be named for ``report``'s 保密审查 (None: they can): an active
    account of the report's street whose role may be named (and so may read the report)."""
    if reviewer is None:
        return _("请选择保密审查人。")
    name = reviewer.display_name
    if not reviewer.is_active:
        return _("%(name)s的账号已停用，不能担任保密审查人。") % {"name": name}
    if reviewer.street_id != report.street_id:
        return _("保密审查人须为本街道的工作人员。")
    if not reviewer.has_perm(SECRECY_PERMISSION):
        return _("%(name)s的角色不能担任年度报告的保密审查人。") % {"name": name}
    return None
