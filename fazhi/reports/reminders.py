"""Dashboard reminders of the annual report: from 1 March of the following year until it is
published, a year's report is due by its deadline (次年4月1日前报送并公开), and overdue after it.

They go to those who read the report — the office that compiles and publishes it and the
principal leader who answers for it — and link to the street's reports, where the report's
state and deadline are shown."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from fazhi.core.formats import cn_date
from fazhi.core.reminders import reminder
from fazhi.reports.models import AnnualReport

# A year's report is reminded of from this day of the following year (month, day).
REMINDED_FROM = (3, 1)


def latest_year_reminded(today: date) -> int:
    """The latest year whose report is due on ``today``: last year's from 1 March on."""
    return today.year - 1 if (today.month, today.day) >= REMINDED_FROM else today.year - 2


def unpublished_reports(user: Any, today: date) -> QuerySet[AnnualReport]:
    """The reports of the user's street due on ``today`` and not yet published."""
    return (  # type: ignore[no-any-return]
        AnnualReport.objects.for_user(user)
        .filter(year__lte=latest_year_reminded(today))
        .exclude(status=AnnualReport.Status.PUBLISHED)
    )


def _due(user: Any, today: date) -> QuerySet[AnnualReport]:
    return unpublished_reports(user, today).filter(deadline__gte=today)


def _overdue(user: Any, today: date) -> QuerySet[AnnualReport]:
    return unpublished_reports(user, today).filter(deadline__lt=today)


def _labels(reports: QuerySet[AnnualReport], text: str) -> str:
    # Translators: the separator between two reminders' sentences in one line.
    return _("；").join(
        text % {"year": year, "deadline": cn_date(deadline)}
        for year, deadline in reports.order_by("year").values_list("year", "deadline")
    )


def due_label(user: Any, today: date) -> str:
    return _labels(_due(user, today), _("%(year)s年度法治政府建设情况报告须于%(deadline)s前公开"))


def overdue_label(user: Any, today: date) -> str:
    return _labels(
        _overdue(user, today),
        _("%(year)s年度法治政府建设情况报告已过报送期限（%(deadline)s），尚未公开"),
    )


@reminder(
    "reports.annual_report_due",
    label=due_label,
    perm="reports.view_annualreport",
    url_name="reports:annual_report_list",
)
def annual_report_due(user: Any, today: date) -> int:
    return _due(user, today).count()


@reminder(
    "reports.annual_report_overdue",
    label=overdue_label,
    perm="reports.view_annualreport",
    url_name="reports:annual_report_list",
)
def annual_report_overdue(user: Any, today: date) -> int:
    return _overdue(user, today).count()
