"""The dashboard's reminders count what the filtered list shows, for the user's street only."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from fazhi.reviews.tests.helpers import make_request

pytestmark = pytest.mark.django_db


@time_machine.travel("2020-10-20 09:00 +0800", tick=False)
def test_overdue_review_appears_on_the_dashboard_and_links_to_the_same_rows(world, dept, legal):
    make_request(world, dept, received_on=date(2020, 9, 28), due_on=date(2020, 10, 12))
    make_request(world, dept, title="未到期的合同", received_on=date(2020, 10, 19))

    page = world.client(world.clerk_a).get("/office/")
    assert page.status_code == 200
    reminders = {str(r["label"]): r for r in page.context["reminders"]}
    overdue = reminders["已逾期未出具意见的合法性审查"]
    assert overdue["count"] == 1
    listed = world.client(world.clerk_a).get(overdue["url"])
    assert listed.status_code == 200
    assert listed.context["page"].paginator.count == 1

    # Street B's office has nothing of street A to be reminded of.
    other = world.client(world.clerk_b).get("/office/")
    assert not other.context["reminders"]
    # The auditor may not see reviews at all: no reminder.
    assert not world.client(world.auditor).get("/office/").context["reminders"]


@time_machine.travel("2020-10-20 09:00 +0800", tick=False)
def test_dashboard_shows_headline_figures_only(world):
    page = world.client(world.clerk_a).get("/office/")
    keys = [card.key for card in page.context["dashboard"].cards]
    assert "org.grids" in keys and "legal_services.consultations" in keys
    assert "legal_services.consultations.topic.labour" not in keys
