"""The dashboard's case reminders count what the filtered case list shows, with a frozen clock."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from fazhi.enforcement.services import cases as services
from fazhi.enforcement.tests.case_helpers import NOW, TODAY, at, filed, register

pytestmark = pytest.mark.django_db


def _reminders(client):
    page = client.get("/office/")
    assert page.status_code == 200
    return {str(r["label"]): r for r in page.context["reminders"]}


def test_overdue_and_due_soon_cases_on_the_dashboard_link_to_the_same_rows(world, enf):
    filed(world, enf)  # filed 2 September: due 1 December 2020
    soon = register(world, enf, found_at=at(2020, 9, 10))
    services.case_file(
        actor=enf.officer1, case=soon, filed_on=date(2020, 9, 10), today=TODAY, now=NOW
    )  # due 9 December
    register(world, enf)  # not filed: no deadline yet
    with time_machine.travel(at(2020, 12, 2, 9), tick=False):
        client = world.client(enf.officer1)
        reminders = _reminders(client)
        overdue = reminders["已超过决定期限的案件"]
        due_soon = reminders["决定期限即将届满的案件"]
        assert overdue["count"] == 1 and due_soon["count"] == 1
        for item in (overdue, due_soon):
            listed = client.get(item["url"])
            assert listed.status_code == 200
            assert listed.context["page"].paginator.count == item["count"]
        # Street B has nothing of street A; the leader may read cases but does not work them.
        assert "已超过决定期限的案件" not in _reminders(world.client(world.clerk_b))
        assert "已超过决定期限的案件" not in _reminders(world.client(world.leader))
    with time_machine.travel(at(2020, 11, 10, 9), tick=False):
        reminders = _reminders(world.client(enf.officer1))
        assert "已超过决定期限的案件" not in reminders
        assert "决定期限即将届满的案件" not in reminders
