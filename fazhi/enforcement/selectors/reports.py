"""Reads on patrols and reports (问题线索): the lists with their joins, what a patrol produced,
the reports awaiting a decision, and the resident's lookup by tracking code."""

from __future__ import annotations

from typing import Any

from django.db.models import F, QuerySet

from fazhi.core.access import get_for_user
from fazhi.enforcement.models import Case, Patrol, Report
from fazhi.org.models import Street, User
from fazhi.org.roles import Role

# Who goes on patrol: the enforcement officers and the grid workers. The office records
# patrols for others but does not patrol; the administrators and the auditor never do.
PATROL_ROLES = (Role.ENFORCEMENT_OFFICER, Role.GRID_WORKER)


def patrol_members(street_id: int) -> QuerySet[User]:
    """The accounts that may be named as members of a patrol of the street: active, of the
    street, holding a role that patrols (``PATROL_ROLES``). The form offers these and the
    service accepts only these (besides the members a patrol already names)."""
    return (
        User.objects.filter(street_id=street_id, is_active=True, groups__name__in=PATROL_ROLES)
        .distinct()
        .prefetch_related("groups")
        .order_by("full_name", "username")
    )


def patrol_list(user: Any) -> QuerySet[Patrol]:
    return (
        Patrol.objects.for_user(user)
        .select_related("grid", "key_area", "campaign")
        .prefetch_related("members")
    )


def patrol_reports(patrol: Patrol) -> QuerySet[Report]:
    return patrol.reports.select_related("category", "grid")


def patrol_cases(patrol: Patrol) -> QuerySet[Case]:
    return patrol.cases.select_related("category")


def report_list(user: Any) -> QuerySet[Report]:
    """The user's reports, each with ``case_pk``: the case it became, None while it has none."""
    return (
        Report.objects.for_user(user)
        .select_related("category", "grid", "patrol", "reporter", "handled_by")
        .annotate(case_pk=F("case__id"))
    )


def pending_reports(qs: QuerySet[Report]) -> QuerySet[Report]:
    """Reports awaiting acceptance or dismissal (待处理线索): the list filter and the reminder."""
    return qs.filter(status=Report.Status.PENDING)


def case_of(report: Report) -> Case | None:
    """The case a report became, if it did."""
    return Case.objects.filter(report=report).first()


def report_by_code(street: Street, code: str) -> Report | None:
    """A resident's report of ``street`` by its tracking code (None when there is none)."""
    if not code:
        return None
    return (
        Report.objects.for_street(street)
        .filter(source=Report.Source.RESIDENT, tracking_code=code)
        .only("status", "reported_at", "handled_at", "tracking_code", "street")
        .first()
    )


def get_patrol_for_user(user: Any, pk: Any, write: bool = False) -> Patrol:
    return get_for_user(Patrol, user, pk, write=write)


def get_report_for_user(user: Any, pk: Any, write: bool = False) -> Report:
    return get_for_user(Report, user, pk, write=write)
