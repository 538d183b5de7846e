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
