"""Reads on 门前三包: units with their self-check figures, self-checks, a unit's history."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from fazhi.core.access import get_for_user
from fazhi.enforcement.models import Case, FrontageSelfCheck, FrontageUnit


def _failed_checks() -> Any:
    failed = (
        FrontageSelfCheck.objects.filter(
            unit=OuterRef("pk"), result=FrontageSelfCheck.Result.FAILED
        )
        .order_by()
        .values("unit")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(failed, output_field=IntegerField()), Value(0))


def frontage_unit_list(user: Any) -> QuerySet[FrontageUnit]:
    """Units in the user's scope with ``failed_checks`` (count) and ``last_checked_on``."""
    last = FrontageSelfCheck.objects.filter(unit=OuterRef("pk")).order_by("-checked_on")
    return (
        FrontageUnit.objects.for_user(user)
        .select_related("key_area", "grid", "grid__village")
        .annotate(
            failed_checks=_failed_checks(),
            last_checked_on=Subquery(last.values("checked_on")[:1]),
        )
    )


def has_failed_checks(qs: QuerySet[FrontageUnit], value: bool) -> QuerySet[FrontageUnit]:
    failed = FrontageSelfCheck.objects.filter(
        unit=OuterRef("pk"), result=FrontageSelfCheck.Result.FAILED
    )
    return qs.filter(Exists(failed)) if value else qs.exclude(Exists(failed))


def unrectified(qs: QuerySet[FrontageSelfCheck]) -> QuerySet[FrontageSelfCheck]:
    """Failed self-checks whose problems are not yet put right (待整改)."""
    return qs.filter(result=FrontageSelfCheck.Result.FAILED, rectified_on__isnull=True)


def frontage_self_check_list(user: Any) -> QuerySet[FrontageSelfCheck]:
    return FrontageSelfCheck.objects.for_user(user).select_related(
        "unit", "unit__key_area", "unit__grid", "recorded_by"
    )


def get_frontage_unit_for_user(user: Any, pk: Any, write: bool = False) -> FrontageUnit:
    return get_for_user(FrontageUnit, user, pk, write=write)


def get_frontage_self_check_for_user(user: Any, pk: Any, write: bool = False) -> FrontageSelfCheck:
    return get_for_user(FrontageSelfCheck, user, pk, write=write)


@dataclass
class UnitHistory:
    """What one page shows of a unit: its self-checks in time order, and the cases found at
    its frontage (only when the user may see cases, and those in the user's scope)."""

    self_checks: list[FrontageSelfCheck]
    cases: list[Case] | None
    failed: int


def unit_history(unit: FrontageUnit, user: Any) -> UnitHistory:
    checks = list(
        unit.self_checks.select_related("recorded_by").order_by("checked_on", "created_at", "id")
    )
    cases: list[Case] | None = None
    if user.has_perm("enforcement.view_case"):
        cases = list(
            Case.objects.for_user(user)
            .filter(frontage_unit=unit)
            .select_related("category")
            .order_by("found_at", "id")
        )
    failed = sum(1 for c in checks if c.result == FrontageSelfCheck.Result.FAILED)
    return UnitHistory(self_checks=checks, cases=cases, failed=failed)
