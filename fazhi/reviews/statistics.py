"""Report figures of legality review and major decisions (keys under ``reviews.``)."""

from __future__ import annotations

from django.db.models import F, QuerySet
from django.utils.translation import gettext_lazy as _

from fazhi.core.stats import Period, statistic
from fazhi.org.models import Street
from fazhi.reviews.models import MajorDecision, PublicComment, ReviewRequest


def _completed(street: Street, period: Period) -> QuerySet[ReviewRequest]:
    """Reviews whose opinion was given within the period."""
    return ReviewRequest.objects.for_street(street).filter(
        status=ReviewRequest.Status.COMPLETED,
        completed_on__range=(period.start, period.end),
    )


@statistic("reviews.requests", label=_("受理合法性审查"), unit=_("件"))
def requests(street: Street, period: Period) -> int:
    return (
        ReviewRequest.objects.for_street(street)
        .filter(received_on__range=(period.start, period.end))
        .exclude(status=ReviewRequest.Status.WITHDRAWN)
        .count()
    )


@statistic("reviews.completed", label=_("出具合法性审查意见"), unit=_("件"), headline=True)
def completed(street: Street, period: Period) -> int:
    return _completed(street, period).count()


@statistic(
    "reviews.contracts_reviewed",
    label=_("审查合同和项目协议"),
    unit=_("份"),
    description=_("期间内出具审查意见的合同和项目协议"),
)
def contracts_reviewed(street: Street, period: Period) -> int:
    return _completed(street, period).filter(kind__in=ReviewRequest.CONTRACT_KINDS).count()


def _register_kind(kind: ReviewRequest.Kind) -> None:
    @statistic(
        f"reviews.by_kind.{kind.value}",
        label=_("审查%(kind)s") % {"kind": kind.label},
        unit=_("件"),
    )
    def by_kind(street: Street, period: Period) -> int:
        return _completed(street, period).filter(kind=kind).count()

    by_kind.__qualname__ = f"by_kind_{kind.value}"


def _register_conclusion(conclusion: ReviewRequest.Conclusion) -> None:
    @statistic(
        f"reviews.conclusion.{conclusion.value}",
        label=_("审查结论为“%(conclusion)s”") % {"conclusion": conclusion.label},
        unit=_("件"),
    )
    def by_conclusion(street: Street, period: Period) -> int:
        return _completed(street, period).filter(conclusion=conclusion).count()

    by_conclusion.__qualname__ = f"by_conclusion_{conclusion.value}"


for _kind in ReviewRequest.Kind:
    _register_kind(_kind)
for _conclusion in ReviewRequest.Conclusion:
    _register_conclusion(_conclusion)


@statistic(
    "reviews.completed_late",
    label=_("超过审查期限出具意见"),
    unit=_("件"),
)
def completed_late(street: Street, period: Period) -> int:
    return _completed(street, period).filter(completed_on__gt=F("due_on")).count()


@statistic("reviews.major_decisions_decided", label=_("作出重大行政决策"), unit=_("项"))
def major_decisions_decided(street: Street, period: Period) -> int:
    return (
        MajorDecision.objects.for_street(street)
        .filter(decided_on__range=(period.start, period.end))
        .count()
    )


@statistic(
    "reviews.public_comments",
    label=_("重大行政决策公众意见"),
    unit=_("条"),
)
def public_comments(street: Street, period: Period) -> int:
    return (
        PublicComment.objects.filter(decision__street=street)
        .filter(submitted_at__date__range=(period.start, period.end))
        .count()
    )
