"""The demo's current year of the leading group: its meetings held up to yesterday."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from fazhi.core.workdays import is_workday
from fazhi.org.models import LeadingGroupMeeting

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(demo_snapshot, django_db_blocker):
    with django_db_blocker.unblock():
        demo_snapshot.restore()
        yield
        call_command("flush", interactive=False, verbosity=0)


def test_the_leading_group_met_this_year_up_to_yesterday(demo):
    today = timezone.localdate()
    meetings = LeadingGroupMeeting.objects.filter(street__slug="haibin", held_on__year=today.year)
    assert not meetings.filter(held_on__gte=today).exists()
    if today.month > 1:  # the plenary opens the year's work in January
        assert meetings.exists()
        plenary = meetings.get(kind=LeadingGroupMeeting.Kind.PLENARY)
        assert plenary.title.startswith(f"{today.year}年")
    assert all(is_workday(m.held_on) and m.attendees.exists() for m in meetings)
    out = StringIO()
    call_command(
        "stats",
        "--street",
        "haibin",
        "--from",
        f"{today.year}-01-01",
        "--to",
        today.isoformat(),
        "--json",
        stdout=out,
    )
    assert json.loads(out.getvalue())["org.leading_group_meetings"] == meetings.count()
