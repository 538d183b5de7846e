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


# --- Legal review and publicity (法制审核、执法公示) ---------------------------------------------


@reminder(
    "enforcement.reviews_mine_overdue",
    label=_("已逾期的待我法制审核"),
    perm="enforcement.change_legalreview",
    url_name="enforcement:legalreview_list",
    query="mine=yes&deadline=overdue",
)
def reviews_mine_overdue(user: Any, today: date) -> int:
    """Reviews assigned to ``user``, past their deadline without an opinion."""
    from fazhi.enforcement.selectors import review as selectors

    return selectors.overdue(selectors.mine(selectors.review_list(user), user), today).count()


@reminder(
    "enforcement.reviews_mine_due_soon",
    label=_("即将到期的待我法制审核"),
    perm="enforcement.change_legalreview",
    url_name="enforcement:legalreview_list",
    query="mine=yes&deadline=due_soon",
)
def reviews_mine_due_soon(user: Any, today: date) -> int:
    """Reviews assigned to ``user`` due within 3 days."""
    from fazhi.enforcement.selectors import review as selectors

    return selectors.due_soon(selectors.mine(selectors.review_list(user), user), today).count()


@reminder(
    "enforcement.publications_due",
    label=_("待公示的执法决定"),
    perm="enforcement.add_publication",
    url_name="enforcement:publication_list",
    query="state=due",
)
def publications_due(user: Any, today: date) -> int:
    """Decisions made and not yet published."""
    from fazhi.enforcement.selectors import publication as selectors

    return selectors.awaiting_publication(user).count()


@reminder(
    "enforcement.publications_overdue",
    label=_("逾期未公示的执法决定"),
    perm="enforcement.add_publication",
    url_name="enforcement:publication_list",
    query="state=overdue",
)
def publications_overdue(user: Any, today: date) -> int:
    """Decisions past their publication deadline and not published."""
    from fazhi.enforcement.selectors import publication as selectors

    return selectors.publication_overdue(selectors.awaiting_publication(user), today).count()


@reminder(
    "enforcement.withdrawals_due",
    label=_("决定变更或撤销后待撤下的公示"),
    perm="enforcement.change_publication",
    url_name="enforcement:publication_list",
    query="state=withdraw_due",
)
def withdrawals_due(user: Any, today: date) -> int:
    """Publications of changed or revoked decisions still shown."""
    from fazhi.enforcement.selectors import publication as selectors

    return selectors.awaiting_withdrawal(selectors.publication_list(user)).count()


@reminder(
    "enforcement.withdrawals_overdue",
    label=_("逾期未撤下的公示"),
    perm="enforcement.change_publication",
    url_name="enforcement:publication_list",
    query="state=withdraw_overdue",
)
def withdrawals_overdue(user: Any, today: date) -> int:
    """Publications still shown past their withdrawal deadline."""
    from fazhi.enforcement.selectors import publication as selectors

    return selectors.withdrawal_overdue(selectors.publication_list(user), today).count()
