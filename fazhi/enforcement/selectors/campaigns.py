"""Reads on special campaigns: the list, and a campaign's results counted from the records
(patrols in it; cases found in it within its period, and those of them closed)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from fazhi.core.access import get_for_user
from fazhi.enforcement.models import Campaign, CampaignPartner, CampaignPhase, Case, Patrol

# A case counts as closed once it is 已结案 or, after that, 已归档.
CLOSED_STATES = (Case.Status.CLOSED, Case.Status.ARCHIVED)


def campaign_list(user: Any) -> QuerySet[Campaign]:
    return Campaign.objects.for_user(user).select_related("lead").prefetch_related("key_areas")


def campaign_phase_list(user: Any) -> QuerySet[CampaignPhase]:
    return CampaignPhase.objects.for_user(user).select_related("campaign")


def campaign_partner_list(user: Any) -> QuerySet[CampaignPartner]:
    return CampaignPartner.objects.for_user(user).select_related("campaign")


def get_campaign_for_user(user: Any, pk: Any, write: bool = False) -> Campaign:
    return get_for_user(Campaign, user, pk, write=write)


def get_campaign_phase_for_user(
    user: Any, pk: Any, write: bool = False, action: str = "change"
) -> CampaignPhase:
    return get_for_user(CampaignPhase, user, pk, write=write, action=action)


def get_campaign_partner_for_user(
    user: Any, pk: Any, write: bool = False, action: str = "change"
) -> CampaignPartner:
    return get_for_user(CampaignPartner, user, pk, write=write, action=action)


def campaign_patrols(campaign: Campaign) -> QuerySet[Patrol]:
    return Patrol.objects.filter(campaign=campaign)


def campaign_cases(campaign: Campaign) -> QuerySet[Case]:
    """The campaign's cases found within its period (the day in the street's time zone)."""
    return Case.objects.filter(
        campaign=campaign,
        found_at__date__gte=campaign.starts_on,
        found_at__date__lte=campaign.ends_on,
    )


@dataclass(frozen=True)
class ResultRow:
    label: str
    found: int
    closed: int


@dataclass(frozen=True)
class CampaignResults:
    patrols: int
    cases_found: int
    cases_closed: int
    by_category: list[ResultRow]
    by_key_area: list[ResultRow]


def _rows(qs: QuerySet[Case], field: str, empty: str) -> list[ResultRow]:
    closed = Count("pk", filter=Q(status__in=CLOSED_STATES))
    grouped = qs.order_by().values(field).annotate(found=Count("pk"), closed=closed)
    rows = [ResultRow(row[field] or empty, row["found"], row["closed"]) for row in grouped]
    return sorted(rows, key=lambda r: (-r.found, r.label))


def campaign_results(campaign: Campaign) -> CampaignResults:
    """The campaign's results: patrols in it, cases found within its period and closed, by
    category and by key area."""
    cases = campaign_cases(campaign)
    totals = cases.aggregate(
        found=Count("pk"), closed=Count("pk", filter=Q(status__in=CLOSED_STATES))
    )
    return CampaignResults(
        patrols=campaign_patrols(campaign).count(),
        cases_found=totals["found"],
        cases_closed=totals["closed"],
        by_category=_rows(cases, "category__name", _("未分类")),
        by_key_area=_rows(cases, "key_area__name", _("未指定重点区域")),
    )
