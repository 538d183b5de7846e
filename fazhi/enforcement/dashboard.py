"""The dashboard's charts of administrative enforcement and the figures its grid map shows
(``fazhi.core.dashboard``): each a breakdown of a figure of ``statistics.py``, shown to those who
may read the figures and the records counted."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fazhi.core.dashboard import dashboard_chart, dashboard_map_layer

_CASES = "enforcement.view_case"

dashboard_chart(
    "cases-by-month",
    title=_("发现违法行为（按月）"),
    kind="bar",
    series=[("enforcement.cases_found", "month", _("发现违法行为"))],
    perm=_CASES,
    order=10,
)
dashboard_chart(
    "cases-by-status",
    title=_("发现违法行为的办理状态"),
    kind="pie",
    series=[("enforcement.cases_found", "status", _("发现违法行为"))],
    perm=_CASES,
    order=20,
)
dashboard_chart(
    "cases-by-category",
    title=_("发现违法行为（按类别）"),
    kind="bar",
    series=[("enforcement.cases_found", "category", _("发现违法行为"))],
    perm=_CASES,
    order=30,
)
dashboard_chart(
    "cases-by-village",
    title=_("发现违法行为（按村居）"),
    kind="bar",
    series=[("enforcement.cases_found", "village", _("发现违法行为"))],
    perm=_CASES,
    order=40,
)
dashboard_chart(
    "reports-by-source",
    title=_("问题线索来源"),
    kind="pie",
    series=[("enforcement.reports", "source", pgettext_lazy("plural", "问题线索"))],
    perm="enforcement.view_report",
    order=50,
)
dashboard_chart(
    "publications-by-month",
    title=_("执法决定公示：按时与逾期（按月）"),
    kind="stacked_bar",
    series=[
        ("enforcement.decisions_published_on_time", "month", _("按时公示")),
        ("enforcement.decisions_published_late", "month", _("逾期公示")),
    ],
    perm="enforcement.view_publication",
    order=60,
)
# A case reviewed twice (修改后同意, then 同意) counts under both conclusions: each bar is the
# cases that received that conclusion in the period, as the records page lists them.
dashboard_chart(
    "reviews-by-conclusion",
    title=_("重大执法决定法制审核意见"),
    kind="bar",
    series=[("enforcement.major_cases_reviewed", "conclusion", _("审核案件"))],
    perm="enforcement.view_legalreview",
    order=70,
    category_label=_("审核意见"),
)

dashboard_map_layer(
    "cases", stat="enforcement.cases_found", perm=_CASES, label=_("发现违法行为"), order=10
)
dashboard_map_layer(
    "reports",
    stat="enforcement.reports",
    perm="enforcement.view_report",
    label=pgettext_lazy("plural", "问题线索"),
    order=20,
)
dashboard_map_layer(
    "patrols",
    stat="enforcement.patrols",
    perm="enforcement.view_patrol",
    label=_("执法巡查"),
    order=30,
)
