"""Reads on legality review and major decisions: lists with their joins, who may do what to a
request, and where a major decision stands in its procedure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core.access import Refusal, get_for_user
from fazhi.core.formats import cn_date
from fazhi.legal_services.models import AdviserContract, Lawyer
from fazhi.org.models import Street
from fazhi.reviews.models import MajorDecision, PublicComment, ReviewRequest

# A request is flagged "due soon" this many calendar days before its deadline.
DUE_SOON_DAYS = 3

OPEN_REVIEW = (ReviewRequest.Status.RECEIVED, ReviewRequest.Status.IN_REVIEW)
FAVOURABLE = (ReviewRequest.Conclusion.APPROVED, ReviewRequest.Conclusion.APPROVED_WITH_CHANGES)
# The statuses in which a decision is still being prepared, before it is made.
PREPARING = (
    MajorDecision.Status.DRAFTING,
    MajorDecision.Status.CONSULTING,
    MajorDecision.Status.DISCUSSION,
)


# --- Legality review requests ---------------------------------------------------------------


def review_request_list(user: Any) -> QuerySet[ReviewRequest]:
    return ReviewRequest.objects.for_user(user).select_related(
        "department", "adviser", "reviewer", "requested_by", "major_decision"
    )


def awaiting_opinion_of(qs: QuerySet[ReviewRequest], user: Any) -> QuerySet[ReviewRequest]:
    """The requests without an opinion yet that ``user`` reviews: as the reviewer named, or as
    the legal adviser asked."""
    return qs.filter(status__in=OPEN_REVIEW).filter(Q(reviewer=user) | Q(adviser__user=user))


def overdue(qs: QuerySet[ReviewRequest], today: date) -> QuerySet[ReviewRequest]:
    """Past the deadline and still without an opinion."""
    return qs.filter(status__in=OPEN_REVIEW, due_on__lt=today)


def due_soon(qs: QuerySet[ReviewRequest], today: date) -> QuerySet[ReviewRequest]:
    """Without an opinion yet, the deadline today or within ``DUE_SOON_DAYS`` days."""
    return qs.filter(
        status__in=OPEN_REVIEW,
        due_on__gte=today,
        due_on__lte=today + timedelta(days=DUE_SOON_DAYS),
    )


def deadline_flag(request: ReviewRequest, today: date) -> str:
    """``"overdue"``, ``"due_soon"`` or ``""`` for one request, by the rules above."""
    if request.status not in OPEN_REVIEW:
        return ""
    if request.due_on < today:
        return "overdue"
    if request.due_on <= today + timedelta(days=DUE_SOON_DAYS):
        return "due_soon"
    return ""


def may_send_for(user: Any, department_id: int | None) -> bool:
    """A request goes out in the name of a department: the office sends for any, a department's
    staff only for their own (``user.department``)."""
    if can_manage_review_requests(user):
        return True
    own = getattr(user, "department_id", None)
    return own is not None and own == department_id


def can_manage_review_requests(user: Any) -> bool:
    """The office keeps the register: it both registers requests and changes them, so it
    edits particulars and assigns advisers. Advisers and reviewers (who may change a request
    only to give their opinion) and departments (who may only send one) cannot."""
    return bool(
        user.has_perm("reviews.add_reviewrequest") and user.has_perm("reviews.change_reviewrequest")
    )


def is_review_assignee(user: Any, request: ReviewRequest) -> bool:
    """The request is assigned to this account: as its reviewer, or to the lawyer it belongs to."""
    if request.reviewer_id is not None and request.reviewer_id == user.pk:
        return True
    adviser: Lawyer | None = request.adviser if request.adviser_id else None
    return adviser is not None and adviser.user_id is not None and adviser.user_id == user.pk


def can_give_opinion(user: Any, request: ReviewRequest) -> bool:
    """The assigned adviser or reviewer, or the office entering an opinion it received."""
    if not user.has_perm("reviews.change_reviewrequest"):
        return False
    return is_review_assignee(user, request) or can_manage_review_requests(user)


def can_withdraw_or_follow_up(user: Any, request: ReviewRequest) -> bool:
    """Withdrawing a request and recording the document's fate: the office, or whoever sent it."""
    if can_manage_review_requests(user):
        return True
    return (
        user.has_perm("reviews.view_reviewrequest")
        and request.requested_by_id is not None
        and request.requested_by_id == user.pk
    )


def get_review_request_for_user(
    user: Any, pk: Any, *, write: bool = False, action: str = "change"
) -> ReviewRequest:
    """The request ``pk`` as ``user`` may see it (404 otherwise); with ``write``, only for the
    office, which edits and deletes requests (403 otherwise)."""
    request = get_for_user(ReviewRequest, user, pk, write=write, action=action)
    if write and not can_manage_review_requests(user):
        raise PermissionDenied(
            Refusal(_("只有司法所（领导小组办公室）可以修改送审事项、指定法律顾问和审查人员。"))
        )
    return request


def get_review_request_for_opinion(user: Any, pk: Any) -> ReviewRequest:
    request = get_for_user(ReviewRequest, user, pk)
    if not can_give_opinion(user, request):
        raise PermissionDenied(Refusal(_("只能为分配给您的审查事项出具审查意见。")))
    return request


def get_review_request_for_follow_up(user: Any, pk: Any) -> ReviewRequest:
    request = get_for_user(ReviewRequest, user, pk)
    if not can_withdraw_or_follow_up(user, request):
        raise PermissionDenied(
            Refusal(_("只有司法所或送审人可以撤回审查事项、登记文件的后续情况。"))
        )
    return request


def adviser_choices(user: Any, linked: Lawyer | None = None) -> QuerySet[Lawyer]:
    """Lawyers on the register, and the one a request already names even if since removed."""
    condition = Q(is_active=True)
    if linked is not None:
        condition |= Q(pk=linked.pk)
    return Lawyer.objects.for_user(user).filter(condition).select_related("firm")


def standing_adviser(user: Any, today: date) -> Lawyer | None:
    """The lead lawyer of the standing adviser contract in force today, if it names one."""
    contract = (
        AdviserContract.objects.for_user(user)
        .active_on(today)
        .filter(lead_lawyer__is_active=True)
        .select_related("lead_lawyer")
        .order_by("-starts_on")
        .first()
    )
    return contract.lead_lawyer if contract is not None else None


# --- Major decisions -------------------------------------------------------------------------


def decision_list(user: Any) -> QuerySet[MajorDecision]:
    return (
        MajorDecision.objects.for_user(user)
        .select_related("department")
        .prefetch_related("attendees", "reviews")
    )


# Who holds the collective discussion, decides, publishes, archives and abandons a decision.
DECIDE_PERMISSION = "reviews.decide_majordecision"


def may_decide(user: Any) -> bool:
    """The office (作出重大行政决策决定): the collective discussion, the decision, its publication,
    archiving and abandoning, for every decision of the street."""
    return bool(user.has_perm(DECIDE_PERMISSION))


def may_change_decision(user: Any, decision: MajorDecision) -> bool:
    """Preparing ``decision`` (particulars, participation, expert argument, risk assessment,
    legality review request): the office for every decision, a department's staff only for
    their own department's."""
    if not user.has_perm("reviews.change_majordecision"):
        return False
    return may_decide(user) or may_prepare_for(user, decision.department_id)


def may_prepare_for(user: Any, department_id: int | None) -> bool:
    """A decision may be entered for (or moved to) this department by ``user``."""
    if may_decide(user):
        return True
    own = getattr(user, "department_id", None)
    return own is not None and own == department_id


def decision_change_refusal(decision: MajorDecision) -> Refusal:
    return Refusal(
        _("只有司法所（领导小组办公室）或承办单位“%(department)s”的工作人员可以办理该决策事项。")
        % {"department": decision.department}
    )


def decide_refusal() -> Refusal:
    return Refusal(_("集体讨论、作出决定、公布、归档和终止决策由司法所（领导小组办公室）办理。"))


def get_decision_for_user(
    user: Any, pk: Any, write: bool = False, *, decide: bool = False
) -> MajorDecision:
    """The decision ``pk`` as ``user`` may see it (404 otherwise). With ``write``, only for who
    may prepare it; with ``decide``, only for the office (403 otherwise)."""
    decision = get_for_user(MajorDecision, user, pk, write=write or decide)
    if decide and not may_decide(user):
        raise PermissionDenied(decide_refusal())
    if write and not decide and not may_change_decision(user, decision):
        raise PermissionDenied(decision_change_refusal(decision))
    return decision


def comment_list(user: Any) -> QuerySet[PublicComment]:
    return PublicComment.objects.for_user(user).select_related("decision")


def get_comment_for_user(user: Any, pk: Any, write: bool = False) -> PublicComment:
    return get_for_user(PublicComment, user, pk, write=write)


class StepState(models.TextChoices):
    DONE = "done", gettext_lazy("已完成")
    NOT_REQUIRED = "not_required", gettext_lazy("无需履行")
    IN_PROGRESS = "in_progress", gettext_lazy("进行中")
    MISSING = "missing", gettext_lazy("未完成")


@dataclass(frozen=True)
class Step:
    """One step of a major decision's procedure and where it stands."""

    key: str
    label: Any
    state: StepState
    note: str = ""

    @property
    def satisfied(self) -> bool:
        return self.state in (StepState.DONE, StepState.NOT_REQUIRED)


# The steps of 重大行政决策程序暂行条例 in order; the first five must be satisfied before the
# decision is made (第三十条), the first four before the collective discussion.
STEP_LABELS = {
    "participation": gettext_lazy("公众参与"),
    "expert": gettext_lazy("专家论证"),
    "risk": gettext_lazy("风险评估"),
    "legality": gettext_lazy("合法性审查"),
    "discussion": gettext_lazy("集体讨论决定"),
    "publication": gettext_lazy("决策公布"),
    "archive": gettext_lazy("归档"),
}
BEFORE_DISCUSSION = ("participation", "expert", "risk", "legality")


def legality_reviews(decision: MajorDecision) -> list[ReviewRequest]:
    """The decision's legality review requests, newest first (from a list's prefetch if any)."""
    prefetched = getattr(decision, "_prefetched_objects_cache", {}).get("reviews")
    if prefetched is not None:
        return sorted(prefetched, key=lambda r: (r.received_on, r.pk), reverse=True)
    return list(
        ReviewRequest.objects.filter(major_decision=decision)
        .select_related("adviser", "reviewer")
        .order_by("-received_on", "-id")
    )


def is_favourable(review: ReviewRequest) -> bool:
    return review.status == ReviewRequest.Status.COMPLETED and review.conclusion in FAVOURABLE


def is_rejected(review: ReviewRequest) -> bool:
    return (
        review.status == ReviewRequest.Status.COMPLETED
        and review.conclusion == ReviewRequest.Conclusion.REJECTED
    )


def reviewed_current_draft(decision: MajorDecision, review: ReviewRequest) -> bool:
    """The review was of the draft the decision has now (a decision without a draft file is
    reviewed on what was sent)."""
    return not decision.draft_sha256 or review.document_sha256 == decision.draft_sha256


def favourable_review(
    decision: MajorDecision, reviews: list[ReviewRequest]
) -> ReviewRequest | None:
    """The completed review that lets the decision go to discussion: 同意 or 修改后同意, given
    on the decision's current draft. Public comments never count here: only a review request
    can (第二十五条)."""
    for review in reviews:
        if is_favourable(review) and reviewed_current_draft(decision, review):
            return review
    return None


def review_fixing_draft(reviews: list[ReviewRequest]) -> ReviewRequest | None:
    """The review that fixes the draft, title and background: one under way or favourable.
    A withdrawn or rejected review leaves them open to change."""
    for review in reviews:
        if review.status in OPEN_REVIEW or is_favourable(review):
            return review
    return None


def _participation(d: MajorDecision) -> Step:
    label = STEP_LABELS["participation"]
    if d.comment_opens_on is None or d.comment_closes_on is None:
        return Step("participation", label, StepState.MISSING, _("尚未公开征求意见。"))
    period = _("征求意见期：%(opens)s至%(closes)s。") % {
        "opens": cn_date(d.comment_opens_on),
        "closes": cn_date(d.comment_closes_on),
    }
    if d.short_period_reason:
        period += _("期限少于30日的理由：%(reason)s。") % {"reason": d.short_period_reason}
    if d.status == MajorDecision.Status.CONSULTING:
        return Step("participation", label, StepState.IN_PROGRESS, period)
    if d.participation_summary:
        return Step("participation", label, StepState.DONE, period)
    return Step(
        "participation", label, StepState.MISSING, period + _("尚未汇总公众意见的采纳情况。")
    )


def _expert(d: MajorDecision) -> Step:
    label = STEP_LABELS["expert"]
    if not d.expert_required:
        return Step("expert", label, StepState.NOT_REQUIRED, d.expert_waiver_reason)
    if d.expert_held_on is not None:
        note = _("%(date)s论证，论证专家：%(experts)s。") % {
            "date": cn_date(d.expert_held_on),
            "experts": d.experts,
        }
        return Step("expert", label, StepState.DONE, note)
    return Step("expert", label, StepState.MISSING, _("尚未组织专家论证。"))


def _risk(d: MajorDecision) -> Step:
    label = STEP_LABELS["risk"]
    if not d.risk_required:
        return Step("risk", label, StepState.NOT_REQUIRED, d.risk_waiver_reason)
    if d.risk_assessed_on is not None:
        note = _("%(date)s评估，风险等级：%(level)s。") % {
            "date": cn_date(d.risk_assessed_on),
            "level": d.get_risk_level_display(),
        }
        return Step("risk", label, StepState.DONE, note)
    return Step("risk", label, StepState.MISSING, _("尚未进行风险评估。"))


def _legality(d: MajorDecision, reviews: list[ReviewRequest]) -> Step:
    label = STEP_LABELS["legality"]
    favourable = favourable_review(d, reviews)
    if favourable is not None:
        note = _("%(date)s出具审查意见：%(conclusion)s。") % {
            "date": cn_date(favourable.completed_on),
            "conclusion": favourable.get_conclusion_display(),
        }
        return Step("legality", label, StepState.DONE, note)
    pending = next((r for r in reviews if r.status in OPEN_REVIEW), None)
    if pending is not None:
        note = _("%(received)s送审，审查期限至%(due)s。") % {
            "received": cn_date(pending.received_on),
            "due": cn_date(pending.due_on),
        }
        return Step("legality", label, StepState.IN_PROGRESS, note)
    latest = next((r for r in reviews if r.status == ReviewRequest.Status.COMPLETED), None)
    if latest is not None and is_rejected(latest):
        note = _("%(date)s审查结论为“不同意”，须修改决策草案后重新送审。") % {
            "date": cn_date(latest.completed_on)
        }
        return Step("legality", label, StepState.MISSING, note)
    if latest is not None:
        note = _(
            "%(date)s出具的审查意见所审查的文件与现行决策草案不一致，须将现行草案重新送审。"
        ) % {"date": cn_date(latest.completed_on)}
        return Step("legality", label, StepState.MISSING, note)
    return Step("legality", label, StepState.MISSING, _("尚未送交合法性审查。"))


def _discussion(d: MajorDecision) -> Step:
    label = STEP_LABELS["discussion"]
    if d.decided_on is not None:
        note = _("%(discussed)s经%(meeting)s集体讨论，%(decided)s作出决定。") % {
            "discussed": cn_date(d.discussed_on),
            "meeting": d.meeting_name,
            "decided": cn_date(d.decided_on),
        }
        return Step("discussion", label, StepState.DONE, note)
    if d.discussed_on is not None:
        note = _("%(date)s经%(meeting)s集体讨论，尚未作出决定。") % {
            "date": cn_date(d.discussed_on),
            "meeting": d.meeting_name,
        }
        return Step("discussion", label, StepState.IN_PROGRESS, note)
    return Step("discussion", label, StepState.MISSING, _("尚未提交集体讨论。"))


def _publication(d: MajorDecision) -> Step:
    label = STEP_LABELS["publication"]
    if d.published_on is not None:
        note = _("%(date)s通过%(channel)s公布。") % {
            "date": cn_date(d.published_on),
            "channel": d.publication_channel,
        }
        return Step("publication", label, StepState.DONE, note)
    return Step("publication", label, StepState.MISSING, _("尚未公布。"))


def _archive(d: MajorDecision) -> Step:
    label = STEP_LABELS["archive"]
    if d.archived_on is not None:
        note = _("%(date)s归档。") % {"date": cn_date(d.archived_on)}
        return Step("archive", label, StepState.DONE, note)
    return Step("archive", label, StepState.MISSING, _("尚未归档。"))


def decision_steps(
    decision: MajorDecision, reviews: list[ReviewRequest] | None = None
) -> list[Step]:
    """Every step of the procedure in order, each done, not required (why), under way or
    missing."""
    if reviews is None:
        reviews = legality_reviews(decision)
    return [
        _participation(decision),
        _expert(decision),
        _risk(decision),
        _legality(decision, reviews),
        _discussion(decision),
        _publication(decision),
        _archive(decision),
    ]


def missing_before_discussion(decision: MajorDecision) -> list[Step]:
    """The steps that must be satisfied before the collective discussion and are not."""
    steps = decision_steps(decision)
    return [s for s in steps if s.key in BEFORE_DISCUSSION and not s.satisfied]


def missing_before_decision(decision: MajorDecision) -> list[Any]:
    """The names of the steps a decision cannot be made without, that are not satisfied:
    those before the discussion, and a discussion at which the head spoke last."""
    missing: list[Any] = [s.label for s in missing_before_discussion(decision)]
    if decision.discussed_on is None or not decision.head_spoke_last:
        missing.append(gettext_lazy("集体讨论"))
    return missing


# --- The public pages ------------------------------------------------------------------------


def public_decisions(street: Street) -> QuerySet[MajorDecision]:
    """The decisions a street shows the public: put out for comment, or published."""
    return (
        MajorDecision.objects.for_street(street)
        .exclude(status=MajorDecision.Status.ABANDONED)
        .filter(
            Q(comment_opens_on__isnull=False)
            | Q(status__in=[MajorDecision.Status.PUBLISHED, MajorDecision.Status.ARCHIVED])
        )
        .select_related("department")
        .defer(
            "discussion_record",
            "dissent",
            "head_differs_reason",
            "expert_opinion",
            "risk_summary",
        )
    )


def public_consulting(street: Street, today: date | None = None) -> QuerySet[MajorDecision]:
    """Decisions whose comment period is open today, the earliest closing first.

    A period not begun yet, or ended but not yet closed by the office (it sums the comments
    up after the last day), is not 正在征求意见: such a draft is listed only when it may take
    a comment.
    """
    today = today or timezone.localdate()
    return (
        public_decisions(street)
        .filter(
            status=MajorDecision.Status.CONSULTING,
            comment_opens_on__lte=today,
            comment_closes_on__gte=today,
        )
        .order_by("comment_closes_on", "pk")
    )


def public_published(street: Street) -> QuerySet[MajorDecision]:
    """Decisions made and published, the latest first."""
    return (
        public_decisions(street)
        .filter(status__in=[MajorDecision.Status.PUBLISHED, MajorDecision.Status.ARCHIVED])
        .order_by("-published_on", "-pk")
    )


def public_decision(street: Street, pk: int) -> MajorDecision | None:
    return public_decisions(street).filter(pk=pk).first()
