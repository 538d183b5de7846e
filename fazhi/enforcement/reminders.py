"""Dashboard reminders of administrative enforcement: each links to its filtered list."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.translation import gettext_lazy as _

from fazhi.core.reminders import reminder
from fazhi.enforcement.models import Report
from fazhi.enforcement.selectors.reports import pending_reports


@reminder(
    "enforcement.reports_pending",
    label=_("待处理线索"),
    perm="enforcement.add_case",
    url_name="enforcement:report_list",
    query="pending=yes",
)
def reports_pending(user: Any, today: date) -> int:
    """Reports awaiting acceptance as a case or dismissal, for those who may accept them."""
    return pending_reports(Report.objects.for_user(user)).count()


@reminder(
    "enforcement.frontage_unrectified",
    label=_("不达标待整改的门前三包自查"),
    perm="enforcement.change_frontageselfcheck",
    url_name="enforcement:frontageselfcheck_list",
    query="unrectified=yes",
)
def frontage_unrectified(user: Any, today: date) -> int:
    """Failed self-checks without a rectification date, for those who record it."""
    from fazhi.enforcement.models import FrontageSelfCheck
    from fazhi.enforcement.selectors.frontage import unrectified

    return unrectified(FrontageSelfCheck.objects.for_user(user)).count()


@reminder(
    "enforcement.cases_overdue",
    label=_("已超过决定期限的案件"),
    perm="enforcement.change_case",
    url_name="enforcement:case_list",
    query="deadline=overdue",
)
def cases_overdue(user: Any, today: date) -> int:
    """Open cases past their decision deadline (the list's ``deadline=overdue`` rule)."""
    from fazhi.enforcement.models import Case
    from fazhi.enforcement.selectors.cases import overdue

    return overdue(Case.objects.for_user(user), today).count()


@reminder(
    "enforcement.cases_due_soon",
    label=_("决定期限即将届满的案件"),
    perm="enforcement.change_case",
    url_name="enforcement:case_list",
    query="deadline=due_soon",
)
def cases_due_soon(user: Any, today: date) -> int:
    """Open cases whose decision is due within 15 days (the list's ``deadline=due_soon``)."""
    from fazhi.enforcement.models import Case
    from fazhi.enforcement.selectors.cases import due_soon

    return due_soon(Case.objects.for_user(user), today).count()
