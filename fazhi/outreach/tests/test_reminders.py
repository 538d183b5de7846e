"""The dashboard's reminder of a key date coming up with nothing planned: counted with a frozen
clock, linked to the calendar, shown to those who plan activities only."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from fazhi.outreach import services
from fazhi.outreach.models import Activity

pytestmark = pytest.mark.django_db

LABEL = "14天内到来、尚无活动安排的普法节点"


def _reminders(client) -> dict[str, dict]:
    return {str(r["label"]): r for r in client.get("/office/").context["reminders"]}


def _plan(world, outreach, **fields):
    return services.activity_create(
        street=world.a.street,
        actor=world.clerk_a,
        title="“12·4”国家宪法日宣传活动",
        kind=Activity.Kind.THEME_DAY,
        status=Activity.Status.PLANNED,
        held_on=date(2020, 12, 4),
        department=outreach.a.department,
        themes=[outreach.a.themes["宪法"]],
        key_date=outreach.a.key_date,
        **fields,
    )


@time_machine.travel("2020-11-20 09:00 +0800", tick=False)
def test_key_date_within_14_days_with_nothing_planned_is_reminded(world, outreach):
    client = world.client(world.clerk_a)
    reminder = _reminders(client)[LABEL]
    assert reminder["count"] == 1  # 国家宪法日, 12月4日: 14 days ahead
    calendar = client.get(reminder["url"])
    assert calendar.status_code == 200 and calendar.context["year"] == 2020
    flagged = [row.key_date.name for row, due in calendar.context["rows"] if due]
    assert flagged == ["国家宪法日"]
    assert "尚无安排" in calendar.content.decode()
    # Department staff plan activities too; the leader only reads: no reminder.
    assert _reminders(world.client(world.staff_a))[LABEL]["count"] == 1
    assert LABEL not in _reminders(world.client(world.leader))
    # Street B's key date is street B's business.
    assert _reminders(world.client(world.clerk_b))[LABEL]["count"] == 1
    _plan(world, outreach)
    assert LABEL not in _reminders(client)
    assert _reminders(world.client(world.clerk_b))[LABEL]["count"] == 1


@time_machine.travel("2020-11-19 09:00 +0800", tick=False)
def test_key_date_15_days_ahead_is_not_yet_reminded(world, outreach):
    assert LABEL not in _reminders(world.client(world.clerk_a))


@time_machine.travel("2020-12-02 09:00 +0800", tick=False)
def test_a_cancelled_activity_is_no_plan_and_a_passed_day_no_reminder(world, outreach):
    activity = _plan(world, outreach)
    services.activity_update(activity, actor=world.clerk_a, status=Activity.Status.CANCELLED)
    assert _reminders(world.client(world.clerk_a))[LABEL]["count"] == 1
    with time_machine.travel("2020-12-05 09:00 +0800", tick=False):
        assert LABEL not in _reminders(world.client(world.clerk_a))


@time_machine.travel("2020-12-25 09:00 +0800", tick=False)
def test_a_key_date_early_next_year_is_reminded_in_december(world, outreach):
    services.key_date_create(
        street=world.a.street, actor=world.clerk_a, name="中国人民警察节", month=1, day=3
    )
    assert _reminders(world.client(world.clerk_a))[LABEL]["count"] == 1
