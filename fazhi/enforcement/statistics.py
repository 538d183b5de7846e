"""Report figures of administrative enforcement (keys under ``enforcement.``).

Events count when they happened within the period: a case is "found" on its discovery, "filed"
on its filing day, "decided" on its decision day, "closed" on its closing day — so one case may
be found in one year and closed in the next. Registries (门前三包 units) are as of the period's
last day; a campaign counts when its period overlaps the report's.
"""

from __future__ import annotations

from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fazhi.core.stats import (
    AsOf,
    CountDistinct,
    Dimension,
    During,
    Overlaps,
    RecordSet,
    Sum,
    composed_label,
    statistic,
)
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
from fazhi.org.models import LegalReviewPost

PATROLS = RecordSet(
    Patrol,
    village="grid__village",
    grid="grid",
    dimensions={"key_area": Dimension(_("重点区域"), "key_area")},
    columns=("started_at", "grid", "key_area", "problems_found"),
)
REPORTS = RecordSet(
    Report,
    village="grid__village",
    grid="grid",
    dimensions={
        "source": Dimension(_("来源"), "source"),
        "status": Dimension(_("状态"), "status"),
        "category": Dimension(_("违法行为类别"), "category__group"),
    },
    columns=("reported_at", "source", "status", "grid"),
)
CASES = RecordSet(
    Case,
    village="grid__village",
    grid="grid",
    dimensions={
        "category": Dimension(_("违法行为类别"), "category__group"),
        "status": Dimension(_("办理状态"), "status"),
        "procedure": Dimension(_("程序"), "procedure"),
        "source": Dimension(_("案件来源"), "source"),
        "key_area": Dimension(_("重点区域"), "key_area"),
    },
    columns=("number", "found_at", "category", "status", "grid"),
)
REVIEWS = RecordSet(
    LegalReview,
    village="case__grid__village",
    grid="case__grid",
    dimensions={
        "conclusion": Dimension(_("审核意见"), "conclusion"),
        "reviewer_post": Dimension(_("审核人员岗位"), "reviewer__legal_review_post"),
    },
    columns=("case", "reviewer", "reviewed_at", "conclusion"),
)
PUBLICATIONS = RecordSet(
    Publication,
    village="case__grid__village",
    grid="case__grid",
    columns=("case", "decided_on", "published_on", "withdrawn_on"),
)
CAMPAIGNS = RecordSet(Campaign, columns=("starts_on", "ends_on"))
FRONTAGE_UNITS = RecordSet(
    FrontageUnit,
    village="grid__village",
    grid="grid",
    dimensions={
        "kind": Dimension(_("类型"), "kind"),
        "key_area": Dimension(_("重点区域"), "key_area"),
    },
    columns=("name", "address", "letter_signed_on"),
)
SELF_CHECKS = RecordSet(
    FrontageSelfCheck,
    village="unit__grid__village",
    grid="unit__grid",
    dimensions={"result": Dimension(_("自查结果"), "result")},
    columns=("unit", "checked_on", "result"),
)

_found = During("found_at")
_decided = During("decided_on")
_reviewed = During("reviewed_at")
_published = During("published_on")

statistic(
    "enforcement.patrols",
    label=_("执法巡查"),
    unit=_("次"),
    records=PATROLS,
    period=During("started_at"),
    description=_("期间内开始的巡查次数"),
    headline=True,
)
statistic(
    "enforcement.reports",
    label=pgettext_lazy("plural", "问题线索"),
    unit=_("条"),
    records=REPORTS,
    period=During("reported_at"),
    description=_("期间内上报的问题线索（巡查、网格员、群众举报、12345热线）"),
)
for _source in Report.Source:
    statistic(
        f"enforcement.reports.{_source.value}",
        label=composed_label(_("问题线索：%(source)s"), source=_source.label),
        unit=_("条"),
        records=REPORTS,
        period=During("reported_at"),
        filters=Q(source=_source),
    )
statistic(
    "enforcement.cases_found",
    label=_("发现违法行为"),
    unit=_("起"),
    records=CASES,
    period=_found,
    description=_("期间内发现登记的案件"),
    headline=True,
)
statistic(
    "enforcement.cases_stopped",
    label=_("当场制止违法行为"),
    unit=_("起"),
    records=CASES,
    period=During("stopped_at"),
    description=_("期间内当场制止的违法行为"),
)
statistic(
    "enforcement.cases_filed",
    label=pgettext_lazy("statistic", "立案"),
    unit=_("件"),
    records=CASES,
    period=During("filed_on"),
    description=_("期间内立案的案件"),
)
statistic(
    "enforcement.cases_decided",
    label=_("作出执法决定"),
    unit=_("件"),
    records=CASES,
    period=_decided,
    description=_("期间内作出的行政处罚决定和不予行政处罚决定（含当场处罚）"),
)
statistic(
    "enforcement.cases_on_the_spot",
    label=_("当场处罚（简易程序）"),
    unit=_("件"),
    records=CASES,
    period=_decided,
    filters=Q(procedure=Case.Procedure.ON_THE_SPOT),
)
statistic(
    "enforcement.cases_general_procedure",
    label=_("普通程序作出的决定"),
    unit=_("件"),
    records=CASES,
    period=_decided,
    filters=Q(procedure=Case.Procedure.GENERAL),
)
statistic(
    "enforcement.penalty_decisions",
    label=_("行政处罚决定"),
    unit=_("件"),
    records=CASES,
    period=_decided,
    filters=Q(outcome=Case.Outcome.PENALTY),
)
statistic(
    "enforcement.no_penalty_decisions",
    label=_("不予行政处罚决定"),
    unit=_("件"),
    records=CASES,
    period=_decided,
    filters=Q(outcome=Case.Outcome.NO_PENALTY),
)
statistic(
    "enforcement.fines",
    label=_("决定罚款金额"),
    unit=_("元"),
    records=CASES,
    period=_decided,
    aggregate=Sum("fine", decimal=True),
    description=_("期间内作出的行政处罚决定的罚款合计"),
)
statistic(
    "enforcement.cases_closed",
    label=pgettext_lazy("statistic", "结案"),
    unit=_("件"),
    records=CASES,
    period=During("closed_on"),
    description=_("期间内结案的案件（含责令改正后结案）"),
    headline=True,
)
statistic(
    "enforcement.cases_corrected",
    label=pgettext_lazy("statistic", "责令改正后结案"),
    unit=_("件"),
    records=CASES,
    period=During("closed_on"),
    filters=Q(outcome=Case.Outcome.CORRECTED),
)
statistic(
    "enforcement.cases_transferred",
    label=pgettext_lazy("statistic", "移送其他机关"),
    unit=_("件"),
    records=CASES,
    period=During("transferred_on"),
)
statistic(
    "enforcement.cases_archived",
    label=pgettext_lazy("statistic", "归档"),
    unit=_("件"),
    records=CASES,
    period=During("archived_on"),
)
statistic(
    "enforcement.decisions_late",
    label=_("超过90日作出决定"),
    unit=_("件"),
    records=CASES,
    period=_decided,
    filters=Q(decided_on__gt=F("decision_due_on")),
    description=_("期间内作出、但晚于立案之日起90日（含批准延长的期限）的决定"),
)
for _group in ViolationCategory.Group:
    statistic(
        f"enforcement.cases_found.category.{_group.value}",
        label=composed_label(_("发现违法行为：%(group)s"), group=_group.label),
        unit=_("起"),
        records=CASES,
        period=_found,
        filters=Q(category__group=_group),
    )
statistic(
    "enforcement.major_cases_reviewed",
    label=_("重大执法决定法制审核"),
    unit=_("件"),
    records=REVIEWS,
    period=_reviewed,
    aggregate=CountDistinct("case"),
    description=_("期间内出具法制审核意见的案件数（同一案件多次审核计一件）"),
    headline=True,
)
statistic(
    "enforcement.major_cases_reviewed_part_time",
    label=_("由兼职人员法制审核的重大执法决定"),
    unit=_("件"),
    records=REVIEWS,
    period=_reviewed,
    filters=Q(reviewer__legal_review_post=LegalReviewPost.PART_TIME),
    aggregate=CountDistinct("case"),
    description=_("期间内出具法制审核意见的案件中，由兼任法制审核的其他岗位人员审核的"),
)
statistic(
    "enforcement.reviews_passed",
    label=_("法制审核同意"),
    unit=_("次"),
    records=REVIEWS,
    period=_reviewed,
    filters=Q(conclusion=LegalReview.Conclusion.AGREE),
)
statistic(
    "enforcement.reviews_returned",
    label=_("法制审核修改后同意"),
    unit=_("次"),
    records=REVIEWS,
    period=_reviewed,
    filters=Q(conclusion=LegalReview.Conclusion.AMEND),
    description=_("审核意见为修改后同意、退回承办人员修改的次数"),
)
statistic(
    "enforcement.reviews_rejected",
    label=_("法制审核不同意"),
    unit=_("次"),
    records=REVIEWS,
    period=_reviewed,
    filters=Q(conclusion=LegalReview.Conclusion.DISAGREE),
)
statistic(
    "enforcement.decisions_published",
    label=_("公示执法决定"),
    unit=_("件"),
    records=PUBLICATIONS,
    period=_published,
    description=_("期间内在公众服务网站公示的执法决定"),
)
statistic(
    "enforcement.decisions_published_on_time",
    label=_("按时公示的执法决定"),
    unit=_("件"),
    records=PUBLICATIONS,
    period=_published,
    filters=Q(published_on__lte=F("case__publish_due_on")),
    description=_("期间内公示、且在公示期限（行政处罚决定7个工作日，其他20个工作日）内的"),
)
statistic(
    "enforcement.decisions_published_late",
    label=_("逾期公示的执法决定"),
    unit=_("件"),
    records=PUBLICATIONS,
    period=_published,
    filters=Q(published_on__gt=F("case__publish_due_on")),
    description=_("期间内公示、但晚于公示期限的"),
)
statistic(
    "enforcement.publications_withdrawn",
    label=pgettext_lazy("statistic", "撤下公示"),
    unit=_("件"),
    records=PUBLICATIONS,
    period=During("withdrawn_on"),
    description=_("期间内因决定变更、撤销而撤下的公示"),
)
statistic(
    "enforcement.campaigns",
    label=pgettext_lazy("plural", "专项治理"),
    unit=_("项"),
    records=CAMPAIGNS,
    period=Overlaps("starts_on", "ends_on"),
    description=_("期间内开展（起止日期与统计期间有交叉）的专项治理"),
)
statistic(
    "enforcement.frontage_units",
    label=pgettext_lazy("plural", "门前三包责任单位"),
    unit=_("家"),
    records=FRONTAGE_UNITS,
    period=AsOf("letter_signed_on"),
    filters=Q(in_use=True),
    description=_("期末在册、已签订门前三包责任书的单位"),
)
statistic(
    "enforcement.frontage_self_checks",
    label=_("门前三包自查"),
    unit=_("次"),
    records=SELF_CHECKS,
    period=During("checked_on"),
    description=_("期间内责任单位的自查次数"),
)
statistic(
    "enforcement.frontage_violations",
    label=_("门前三包责任区内发现的违法行为"),
    unit=_("起"),
    records=CASES,
    period=_found,
    filters=Q(frontage_unit__isnull=False),
)
