"""Report figures of legality review and major decisions (keys under ``reviews.``)."""

from __future__ import annotations

from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from fazhi.core.stats import Dimension, During, RecordSet, composed_label, statistic
from fazhi.reviews.models import MajorDecision, PublicComment, ReviewRequest

REVIEW_REQUESTS = RecordSet(
    ReviewRequest,
    dimensions={
        "kind": Dimension(_("审查类别"), "kind"),
        "conclusion": Dimension(_("审查结论"), "conclusion"),
        "department": Dimension(_("送审部门"), "department"),
    },
    columns=("kind", "received_on", "completed_on", "conclusion"),
)
MAJOR_DECISIONS = RecordSet(
    MajorDecision,
    dimensions={"department": Dimension(_("承办部门"), "department")},
    columns=("decided_on", "status"),
)
PUBLIC_COMMENTS = RecordSet(PublicComment, columns=("decision", "submitted_at"))

_done = Q(status=ReviewRequest.Status.COMPLETED)
_completed_on = During("completed_on")

statistic(
    "reviews.requests",
    label=_("受理合法性审查"),
    unit=_("件"),
    records=REVIEW_REQUESTS,
    period=During("received_on"),
    filters=~Q(status=ReviewRequest.Status.WITHDRAWN),
    description=_("期间内受理、未撤回的合法性审查申请"),
)
statistic(
    "reviews.completed",
    label=_("出具合法性审查意见"),
    unit=_("件"),
    records=REVIEW_REQUESTS,
    period=_completed_on,
    filters=_done,
    description=_("期间内出具审查意见的合法性审查"),
    headline=True,
)
statistic(
    "reviews.contracts_reviewed",
    label=_("审查合同和项目协议"),
    unit=_("份"),
    records=REVIEW_REQUESTS,
    period=_completed_on,
    filters=_done & Q(kind__in=ReviewRequest.CONTRACT_KINDS),
    description=_("期间内出具审查意见的合同和项目协议"),
)
for _kind in ReviewRequest.Kind:
    statistic(
        f"reviews.by_kind.{_kind.value}",
        label=composed_label(_("审查%(kind)s"), kind=_kind.label),
        unit=_("件"),
        records=REVIEW_REQUESTS,
        period=_completed_on,
        filters=_done & Q(kind=_kind),
    )
for _conclusion in ReviewRequest.Conclusion:
    statistic(
        f"reviews.conclusion.{_conclusion.value}",
        label=composed_label(_("审查结论为“%(conclusion)s”"), conclusion=_conclusion.label),
        unit=_("件"),
        records=REVIEW_REQUESTS,
        period=_completed_on,
        filters=_done & Q(conclusion=_conclusion),
    )
statistic(
    "reviews.completed_late",
    label=_("超过审查期限出具意见"),
    unit=_("件"),
    records=REVIEW_REQUESTS,
    period=_completed_on,
    filters=_done & Q(completed_on__gt=F("due_on")),
)
statistic(
    "reviews.major_decisions_decided",
    label=_("作出重大行政决策"),
    unit=_("项"),
    records=MAJOR_DECISIONS,
    period=During("decided_on"),
)
statistic(
    "reviews.public_comments",
    label=_("重大行政决策公众意见"),
    unit=_("条"),
    records=PUBLIC_COMMENTS,
    period=During("submitted_at"),
)
