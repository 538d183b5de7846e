"""List filters of special campaigns: the page, its Excel export and the API use these."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from fazhi.core.filters import Filter, FilterSet, SearchFilter
from fazhi.core.forms import DateInput
from fazhi.enforcement.models import Campaign, KeyArea


def _active_on(qs: QuerySet[Any], day: date) -> QuerySet[Any]:
    return qs.filter(starts_on__lte=day, ends_on__gte=day)


def _year(qs: QuerySet[Any], year: int) -> QuerySet[Any]:
    """Campaigns running at any time of the year."""
    return qs.filter(starts_on__year__lte=year, ends_on__year__gte=year)


class CampaignFilter(FilterSet):
    q = SearchFilter(["name", "goal", "summary"])
    active_on = Filter(
        forms.DateField(label=_("进行日期"), widget=DateInput()),
        _active_on,
        description="在这一天进行中的专项治理",
    )
    year = Filter(
        forms.IntegerField(label=_("年度"), min_value=2000, max_value=2200),
        _year,
        description="这一年内进行过的专项治理",
    )
    key_area = Filter(
        forms.ModelChoiceField(label=_("重点区域"), queryset=KeyArea.objects.all()),
        lambda qs, area: qs.filter(key_areas=area).distinct(),
    )


class CampaignPartOf(FilterSet):
    """Phases or partner units of one campaign (the API's lists)."""

    campaign = Filter(
        forms.ModelChoiceField(label=_("专项治理"), queryset=Campaign.objects.all()), "campaign"
    )
