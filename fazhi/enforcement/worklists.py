"""The first screen's enforcement work: the grid worker's report button and the open reports of
the own grids, the officer's open cases by their decision deadline, the reviewer's 法制审核."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core.worklists import Work, WorkItem, collect, first_action, worklist
from fazhi.enforcement.models import Case, Report
from fazhi.enforcement.selectors import cases as case_selectors
from fazhi.enforcement.selectors import review as review_selectors
from fazhi.enforcement.selectors.reports import pending_reports
from fazhi.org.roles import Role

first_action(
    "enforcement.report",
    label=gettext_lazy("上报问题"),
    perm="enforcement.add_report",
    url_name="enforcement:report_phone",
    roles=(Role.GRID_WORKER,),
)


def _list_url(name: str, query: str) -> str:
    return f"{reverse(name)}?{query}"


@worklist(
    "enforcement.grid_reports",
    label=gettext_lazy("本网格待处理的问题线索"),
    perm="enforcement.view_report",
    order=10,
)
def grid_reports(user: Any, today: date) -> Work | None:
    """A grid worker's open reports: of the own grids, the oldest first."""
    if not user.has_role(Role.GRID_WORKER):
        return None
    qs = pending_reports(Report.objects.for_user(user)).select_related("grid", "category")

    def item(report: Report) -> WorkItem:
        reported = timezone.localtime(report.reported_at).date()
        return WorkItem(
            title=str(report.category or report.get_source_display()),
            url=reverse("enforcement:report_detail", args=[report.pk]),
            facts=[str(report.grid or ""), report.address],
            due=reported,
            due_label=_("上报于"),
            # Waiting more than two days for an officer to register or dismiss it.
            flag="overdue" if (today - reported).days > 2 else "",
        )

    return collect(
        qs.order_by("reported_at", "id"),
        item,
        _list_url("enforcement:report_list", "pending=yes"),
    )


@worklist(
    "enforcement.my_cases",
    label=gettext_lazy("我承办的案件（按决定期限）"),
    perm="enforcement.change_case",
    order=20,
)
def my_cases(user: Any, today: date) -> Work | None:
    """The officer's open cases, the nearest decision deadline first."""
    if not user.enforcement_certificate_no:
        return None
    qs = (
        Case.objects.for_user(user)
        .filter(officers=user, status__in=Case.OPEN)
        .select_related("category")
    )
    return collect(
        qs.order_by(F("decision_due_on").asc(nulls_last=True), "found_at", "id"),
        lambda case: WorkItem(
            title=f"{case.number} {case.category.name}",
            url=reverse("enforcement:case_detail", args=[case.pk]),
            facts=[case.get_status_display(), case.party_name or case.location],
            due=case.decision_due_on,
            due_label=_("决定期限"),
            flag=case_selectors.deadline_flag(case, today),
        ),
        _list_url("enforcement:case_list", f"officer={user.pk}&state=open"),
    )


@worklist(
    "enforcement.my_reviews",
    label=gettext_lazy("待我法制审核的案件"),
    perm="enforcement.change_legalreview",
    order=30,
)
def my_reviews(user: Any, today: date) -> Work | None:
    """The reviews assigned to the reviewer without an opinion, the nearest deadline first."""
    qs = review_selectors.pending(review_selectors.mine(review_selectors.review_list(user), user))
    return collect(
        qs.order_by("due_on", "id"),
        lambda review: WorkItem(
            title=f"{review.case.number} {review.case.category.name}",
            url=reverse("enforcement:legalreview_detail", args=[review.pk]),
            facts=[_("报送人：%(name)s") % {"name": review.submitted_by.display_name}],
            due=review.due_on,
            due_label=_("审核期限"),
            flag=review_selectors.deadline_flag(review, today),
        ),
        _list_url("enforcement:legalreview_list", "mine=yes&state=pending"),
    )
