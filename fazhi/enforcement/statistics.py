"""Report figures of administrative enforcement (keys under ``enforcement.``).

Events count when they happened within the period: a case is "found" on its discovery, "filed"
on its filing day, "decided" on its decision day, "closed" on its closing day — so one case may
be found in one year and closed in the next. Registries (门前三包 units) are as of the period's
last day; a campaign counts when its period overlaps the report's.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import F, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from fazhi.core.stats import Period, statistic
from fazhi.enforcement.models import (
    Campaign,
    Case,
    FrontageSelfCheck,
    FrontageUnit,
    LegalReview,
    Patrol,
    Publication,
    Report,
    ViolationCategory,
)
from fazhi.org.models import Street


def _cases(street: Street) -> QuerySet[Case]:
    return Case.objects.for_street(street)


def _found(street: Street, period: Period) -> QuerySet[Case]:
    return _cases(street).filter(found_at__date__range=(period.start, period.end))


def _decided(street: Street, period: Period) -> QuerySet[Case]:
    return _cases(street).filter(decided_on__range=(period.start, period.end))


def _reviews(street: Street, period: Period) -> QuerySet[LegalReview]:
    """Legal reviews whose opinion was given within the period."""
    return LegalReview.objects.for_street(street).filter(
        reviewed_at__date__range=(period.start, period.end)
    )


def _published(street: Street, period: Period) -> QuerySet[Publication]:
    return Publication.objects.for_street(street).filter(
        published_on__range=(period.start, period.end)
    )


@statistic(
    "enforcement.patrols",
    label=_("执法巡查"),
    unit=_("次"),
    description=_("期间内开始的巡查次数"),
    headline=True,
)
def patrols(street: Street, period: Period) -> int:
    return (
        Patrol.objects.for_street(street)
        .filter(started_at__date__range=(period.start, period.end))
        .count()
    )


@statistic(
    "enforcement.reports",
    label=_("问题线索"),
    unit=_("条"),
    description=_("期间内上报的问题线索（巡查、网格员、群众举报、12345热线）"),
)
def reports(street: Street, period: Period) -> int:
    return (
        Report.objects.for_street(street)
        .filter(reported_at__date__range=(period.start, period.end))
        .count()
    )


def _register_report_source(source: Report.Source) -> None:
    @statistic(
        f"enforcement.reports.{source.value}",
        label=_("问题线索：%(source)s") % {"source": source.label},
        unit=_("条"),
    )
    def by_source(street: Street, period: Period) -> int:
        return (
            Report.objects.for_street(street)
            .filter(reported_at__date__range=(period.start, period.end), source=source)
            .count()
        )

    by_source.__qualname__ = f"reports_{source.value}"


for _source in Report.Source:
    _register_report_source(_source)


@statistic(
    "enforcement.cases_found",
    label=_("发现违法行为"),
    unit=_("起"),
    description=_("期间内发现登记的案件"),
    headline=True,
)
def cases_found(street: Street, period: Period) -> int:
    return _found(street, period).count()


@statistic(
    "enforcement.cases_stopped",
    label=_("当场制止违法行为"),
    unit=_("起"),
    description=_("期间内当场制止的违法行为"),
)
def cases_stopped(street: Street, period: Period) -> int:
    return _cases(street).filter(stopped_at__date__range=(period.start, period.end)).count()


@statistic("enforcement.cases_filed", label=_("立案"), unit=_("件"))
def cases_filed(street: Street, period: Period) -> int:
    return _cases(street).filter(filed_on__range=(period.start, period.end)).count()


@statistic(
    "enforcement.cases_decided",
    label=_("作出执法决定"),
    unit=_("件"),
    description=_("期间内作出的行政处罚决定和不予行政处罚决定（含当场处罚）"),
)
def cases_decided(street: Street, period: Period) -> int:
    return _decided(street, period).count()


@statistic(
    "enforcement.cases_on_the_spot",
    label=_("当场处罚（简易程序）"),
    unit=_("件"),
)
def cases_on_the_spot(street: Street, period: Period) -> int:
    return _decided(street, period).filter(procedure=Case.Procedure.ON_THE_SPOT).count()


@statistic(
    "enforcement.cases_general_procedure",
    label=_("普通程序作出的决定"),
    unit=_("件"),
)
def cases_general_procedure(street: Street, period: Period) -> int:
    return _decided(street, period).filter(procedure=Case.Procedure.GENERAL).count()


@statistic("enforcement.penalty_decisions", label=_("行政处罚决定"), unit=_("件"))
def penalty_decisions(street: Street, period: Period) -> int:
    return _decided(street, period).filter(outcome=Case.Outcome.PENALTY).count()


@statistic("enforcement.no_penalty_decisions", label=_("不予行政处罚决定"), unit=_("件"))
def no_penalty_decisions(street: Street, period: Period) -> int:
    return _decided(street, period).filter(outcome=Case.Outcome.NO_PENALTY).count()


@statistic(
    "enforcement.fines",
    label=_("决定罚款金额"),
    unit=_("元"),
    description=_("期间内作出的行政处罚决定的罚款合计"),
)
def fines(street: Street, period: Period) -> float:
    total = _decided(street, period).aggregate(total=Sum("fine"))["total"]
    return float(total or Decimal("0"))


@statistic(
    "enforcement.cases_closed",
    label=_("结案"),
    unit=_("件"),
    description=_("期间内结案的案件（含责令改正后结案）"),
    headline=True,
)
def cases_closed(street: Street, period: Period) -> int:
    return _cases(street).filter(closed_on__range=(period.start, period.end)).count()


@statistic("enforcement.cases_corrected", label=_("责令改正后结案"), unit=_("件"))
def cases_corrected(street: Street, period: Period) -> int:
    return (
        _cases(street)
        .filter(closed_on__range=(period.start, period.end), outcome=Case.Outcome.CORRECTED)
        .count()
    )


@statistic("enforcement.cases_transferred", label=_("移送其他机关"), unit=_("件"))
def cases_transferred(street: Street, period: Period) -> int:
    return _cases(street).filter(transferred_on__range=(period.start, period.end)).count()


@statistic("enforcement.cases_archived", label=_("归档"), unit=_("件"))
def cases_archived(street: Street, period: Period) -> int:
    return _cases(street).filter(archived_on__range=(period.start, period.end)).count()


@statistic(
    "enforcement.decisions_late",
    label=_("超过90日作出决定"),
    unit=_("件"),
    description=_("期间内作出、但晚于立案之日起90日（含批准延长的期限）的决定"),
)
def decisions_late(street: Street, period: Period) -> int:
    return _decided(street, period).filter(decided_on__gt=F("decision_due_on")).count()


def _register_category_group(group: ViolationCategory.Group) -> None:
    @statistic(
        f"enforcement.cases_found.category.{group.value}",
        label=_("发现违法行为：%(group)s") % {"group": group.label},
        unit=_("起"),
    )
    def by_group(street: Street, period: Period) -> int:
        return _found(street, period).filter(category__group=group).count()

    by_group.__qualname__ = f"cases_found_category_{group.value}"


for _group in ViolationCategory.Group:
    _register_category_group(_group)


@statistic(
    "enforcement.major_cases_reviewed",
    label=_("重大执法决定法制审核"),
    unit=_("件"),
    description=_("期间内出具法制审核意见的案件数（同一案件多次审核计一件）"),
    headline=True,
)
def major_cases_reviewed(street: Street, period: Period) -> int:
    return _reviews(street, period).values("case").distinct().count()


@statistic("enforcement.reviews_passed", label=_("法制审核同意"), unit=_("次"))
def reviews_passed(street: Street, period: Period) -> int:
    return _reviews(street, period).filter(conclusion=LegalReview.Conclusion.AGREE).count()


@statistic(
    "enforcement.reviews_returned",
    label=_("法制审核修改后同意"),
    unit=_("次"),
    description=_("审核意见为修改后同意、退回承办人员修改的次数"),
)
def reviews_returned(street: Street, period: Period) -> int:
    return _reviews(street, period).filter(conclusion=LegalReview.Conclusion.AMEND).count()


@statistic("enforcement.reviews_rejected", label=_("法制审核不同意"), unit=_("次"))
def reviews_rejected(street: Street, period: Period) -> int:
    return _reviews(street, period).filter(conclusion=LegalReview.Conclusion.DISAGREE).count()


@statistic(
    "enforcement.decisions_published",
    label=_("公示执法决定"),
    unit=_("件"),
    description=_("期间内在公众服务网站公示的执法决定"),
)
def decisions_published(street: Street, period: Period) -> int:
    return _published(street, period).count()


@statistic(
    "enforcement.decisions_published_on_time",
    label=_("按时公示的执法决定"),
    unit=_("件"),
    description=_("期间内公示、且在公示期限（行政处罚决定7个工作日，其他20个工作日）内的"),
)
def decisions_published_on_time(street: Street, period: Period) -> int:
    return _published(street, period).filter(published_on__lte=F("case__publish_due_on")).count()


@statistic(
    "enforcement.decisions_published_late",
    label=_("逾期公示的执法决定"),
    unit=_("件"),
    description=_("期间内公示、但晚于公示期限的"),
)
def decisions_published_late(street: Street, period: Period) -> int:
    return _published(street, period).filter(published_on__gt=F("case__publish_due_on")).count()


@statistic(
    "enforcement.publications_withdrawn",
    label=_("撤下公示"),
    unit=_("件"),
    description=_("期间内因决定变更、撤销而撤下的公示"),
)
def publications_withdrawn(street: Street, period: Period) -> int:
    return (
        Publication.objects.for_street(street)
        .filter(withdrawn_on__range=(period.start, period.end))
        .count()
    )


@statistic(
    "enforcement.campaigns",
    label=_("专项治理"),
    unit=_("项"),
    description=_("期间内开展（起止日期与统计期间有交叉）的专项治理"),
)
def campaigns(street: Street, period: Period) -> int:
    return (
        Campaign.objects.for_street(street)
        .filter(starts_on__lte=period.end, ends_on__gte=period.start)
        .count()
    )


@statistic(
    "enforcement.frontage_units",
    label=_("门前三包责任单位"),
    unit=_("家"),
    description=_("期末在册、已签订门前三包责任书的单位"),
)
def frontage_units(street: Street, period: Period) -> int:
    return (
        FrontageUnit.objects.for_street(street)
        .filter(in_use=True, letter_signed_on__lte=period.end)
        .count()
    )


@statistic(
    "enforcement.frontage_self_checks",
    label=_("门前三包自查"),
    unit=_("次"),
    description=_("期间内责任单位的自查次数"),
)
def frontage_self_checks(street: Street, period: Period) -> int:
    return (
        FrontageSelfCheck.objects.for_street(street)
        .filter(checked_on__range=(period.start, period.end))
        .count()
    )


@statistic(
    "enforcement.frontage_violations",
    label=_("门前三包责任区内发现的违法行为"),
    unit=_("起"),
)
def frontage_violations(street: Street, period: Period) -> int:
    return _found(street, period).filter(frontage_unit__isnull=False).count()
