"""The demo's current year of the leading group: its meetings held up to yesterday."""

from __future__ import annotations

import pytest
from django.utils import timezone

from fazhi.core.workdays import is_workday
from fazhi.org.models import LeadingGroupMeeting
from fazhi.testing import this_years_figures

pytestmark = pytest.mark.django_db


def test_the_leading_group_met_this_year_up_to_yesterday(demo):
    today = timezone.localdate()
    meetings = LeadingGroupMeeting.objects.filter(street__slug="haibin", held_on__year=today.year)
    assert not meetings.filter(held_on__gte=today).exists()
    if today.month > 1:  # the plenary opens the year's work in January
        assert meetings.exists()
        plenary = meetings.get(kind=LeadingGroupMeeting.Kind.PLENARY)
        assert plenary.title.startswith(f"{today.year}年")
    assert all(is_workday(m.held_on) and m.attendees.exists() for m in meetings)
    assert this_years_figures()["org.leading_group_meetings"] == meetings.count()
