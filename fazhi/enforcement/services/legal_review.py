"""法制审核 of a case before its decision: submitted to a qualified reviewer who is not one of
the case's officers, judged item by item against the checklist, with a conclusion and reasons.

不同意 sends the case back to investigation; 同意 and 修改后同意 leave it in review, where the
decision may follow (``Case.passed_review``: only the latest opinion counts, and only while the
notice and hearing it reviewed are unchanged).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core.formats import cn_date
from fazhi.core.language import product_language
from fazhi.core.services import model_create, model_transition
from fazhi.enforcement import deadlines
from fazhi.enforcement.models import Case, CaseStep, EnforcementSettings, LegalReview
from fazhi.enforcement.services.cases import step_moment
from fazhi.enforcement.services.workflow import advance
from fazhi.org.models import User

SUBMIT_FROM = (Case.Status.INVESTIGATING, Case.Status.NOTIFIED)
CHECKLIST_KEYS = tuple(key for key, _label in LegalReview.CHECKLIST)


def case_people(case: Case) -> set[int]:
    """The ids of the case's officers and of the officers who decide it."""
    return {
        *case.officers.values_list("pk", flat=True),
        *case.deciders.values_list("pk", flat=True),
    }


def reviewer_refusal(case: Case, reviewer: User) -> str:
    """Why ``reviewer`` may not review ``case`` (empty if they may)."""
    if reviewer.pk in case_people(case):
        return _(
            "%(name)s是本案的承办执法人员，不能审核本案；法制审核须由未参与办案的人员进行。"
        ) % {"name": reviewer.display_name}
    if not reviewer.is_active:
        return _("%(name)s的账号已停用，不能指定为审核人员。") % {"name": reviewer.display_name}
    if reviewer.street_id != case.street_id:
        return _("审核人员须为本街道的工作人员。")
    if not (reviewer.legal_qualification or "").strip():
        return _("%(name)s未登记法律职业资格，不能担任法制审核人员。") % {
            "name": reviewer.display_name
        }
    if not reviewer.has_perm("enforcement.change_legalreview"):
        return _("%(name)s没有法制审核权限（须为法制审核人员）。") % {"name": reviewer.display_name}
    return ""


def legal_review_submit(
    *,
    actor: User,
    case: Case,
    reviewer: User,
    materials: str = "",
    today: date | None = None,
) -> LegalReview:
    """Send ``case`` (under investigation or notified) for legal review by ``reviewer``.

    The case moves to 法制审核; the review is due ``review_workdays`` working days later. The
    submission's step is dated ``today`` and the review keeps what it is asked to review: the notice date, the proposed fine and the hearing date of the
    case at submission (``Case.passed_review`` voids the opinion when they change).

    A due date in a year no holiday calendar knows is refused with the calendar's message
    (``CalendarUnknown``), before anything is written: unlike a decision already handed to the
    party, a submission can wait until the administrator enters the year, and the review's
    deadline is never left unknown."""
    now = timezone.now()
    today = today or timezone.localdate()
    settings = EnforcementSettings.for_street(case.street_id)
    due_on = deadlines.review_due(today, settings)  # CalendarUnknown: refused before any write
    seen: dict[str, Any] = {}

    def check(locked: Case) -> None:
        refusal = reviewer_refusal(locked, reviewer)
        if refusal:
            raise ValidationError({"reviewer": refusal}, code="reviewer")
        if locked.legal_reviews.filter(conclusion="").exists():
            raise ValidationError(_("该案件已有待审核的法制审核。"), code="open_review")
        seen.update(
            reviewed_notified_on=locked.notified_on,
            reviewed_proposed_fine=locked.proposed_fine,
            reviewed_hearing_on=locked.hearing_on,
        )

    with product_language():
        record = _("提交%(name)s法制审核，审核期限至%(due)s。%(materials)s") % {
            "name": reviewer.display_name,
            "due": cn_date(due_on),
            "materials": (materials or "").strip(),
        }
    with transaction.atomic():
        locked, step = advance(
            case,
            actor=actor,
            kind=CaseStep.Kind.REVIEW_SUBMIT,
            action=_("提交法制审核"),
            allowed=SUBMIT_FROM,
            to_state=Case.Status.REVIEWING,
            record=record,
            occurred_at=step_moment(case, today, now),
            check=check,
        )
        return model_create(
            LegalReview,
            actor=actor,
            data={
                "case": locked,
                "submitted_at": step.occurred_at,
                "submitted_by": actor,
                "reviewer": reviewer,
                "due_on": due_on,
                "materials": (materials or "").strip(),
                **seen,
            },
        )


def checklist_errors(checklist: Mapping[str, Any]) -> dict[str, str]:
    """The items of the checklist not judged 符合 or 不符合."""
    return {
        key: _("请判断此项是否符合。")
        for key in CHECKLIST_KEYS
        if not isinstance(checklist.get(key), bool)
    }


def _refuse_other_reviewer(review: LegalReview, actor: User) -> None:
    if review.reviewer_id != actor.pk:
        raise ValidationError(
            _("只有被指定的审核人员%(name)s可以出具本次法制审核意见。")
            % {"name": review.reviewer.display_name},
            code="not_reviewer",
        )


def legal_review_complete(
    *,
    actor: User,
    review: LegalReview,
    checklist: Mapping[str, bool],
    conclusion: str,
    opinion: str,
    now: datetime | None = None,
) -> LegalReview:
    """Give the opinion of ``review``: only the assigned reviewer, once.

    Every checklist item is judged; 同意 needs every item 符合 and 不同意 at least one
    不符合. 不同意 returns the case to investigation; the opinion is a step of the case."""
    now = now or timezone.now()
    _refuse_other_reviewer(review, actor)
    opinion = (opinion or "").strip()
    errors: dict[str, Any] = dict(checklist_errors(checklist))
    if conclusion not in LegalReview.Conclusion.values:
        errors["conclusion"] = _("请选择审核意见。")
    if not opinion:
        errors["opinion"] = _("请写明审核意见和理由。")
    if errors:
        raise ValidationError(errors)
    failed = [str(label) for key, label in LegalReview.CHECKLIST if not checklist[key]]
    if conclusion == LegalReview.Conclusion.AGREE and failed:
        raise ValidationError(
            {
                "conclusion": _(
                    "有不符合的审核事项（%(items)s），不能出具“同意”的意见；"
                    "请选择“修改后同意”或“不同意”。"
                )
                % {"items": _("、").join(failed)}
            },
            code="inconsistent",
        )
    if conclusion == LegalReview.Conclusion.DISAGREE and not failed:
        raise ValidationError(
            {"conclusion": _("各审核事项均符合的，不能出具“不同意”的意见；请写明不符合的事项。")},
            code="inconsistent",
        )

    with transaction.atomic():
        locked = LegalReview._base_manager.select_for_update().get(pk=review.pk)
        if not locked.pending:
            raise ValidationError(
                _("该法制审核已于%(date)s出具意见，不能再次出具。")
                % {
                    "date": cn_date(timezone.localtime(locked.reviewed_at))
                    if locked.reviewed_at
                    else ""
                }
            )
        _refuse_other_reviewer(locked, actor)

        def check(case: Case) -> None:
            if actor.pk in case_people(case):
                raise ValidationError(_("您是本案的承办执法人员，不能审核本案。"), code="own_case")

        with product_language():
            record = _("法制审核意见：%(conclusion)s。%(opinion)s") % {
                "conclusion": LegalReview.Conclusion(conclusion).label,
                "opinion": opinion,
            }
        advance(
            locked.case_id,
            actor=actor,
            kind=CaseStep.Kind.REVIEW_OPINION,
            action=_("出具法制审核意见"),
            allowed=(Case.Status.REVIEWING,),
            to_state=(
                Case.Status.INVESTIGATING if conclusion == LegalReview.Conclusion.DISAGREE else None
            ),
            record=record,
            occurred_at=now,
            check=check,
        )
        model_transition(
            locked,
            actor=actor,
            changes={
                **{key: bool(checklist[key]) for key in CHECKLIST_KEYS},
                "conclusion": conclusion,
                "opinion": opinion,
                "reviewed_at": now,
            },
        )
    return locked
