"""The first screen's enforcement work: each role sees its records, by deadline, linked to a list that
shows the same records; nothing of another's work or street."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from fazhi.enforcement.services import cases as services
from fazhi.enforcement.tests.case_helpers import (
    NOW,
    TODAY,
    at,
    filed,
    in_review,
    investigating,
    register,
)
from fazhi.enforcement.tests.report_helpers import make_report

pytestmark = pytest.mark.django_db


def _screen(client):
    page = client.get("/office/")
    assert page.status_code == 200
    work = page.context["work"]
    return page, {p.key: p for p in work.panels}, [a.key for a in work.actions]


def _listed_count(client, url):
    listed = client.get(url)
    assert listed.status_code == 200
    return listed.context["page"].paginator.count


def test_the_officer_sees_its_open_cases_by_deadline_and_the_list_behind_them(world, enf):
    later = filed(world, enf)  # filed 2 September 2020: due 1 December 2020
    sooner = register(world, enf, found_at=at(2020, 8, 20))
    services.case_file(
        actor=enf.officer1, case=sooner, filed_on=date(2020, 8, 21), today=TODAY, now=NOW
    )
    register(world, enf, officers=[enf.officer2, enf.officer3])  # not the officer's
    register(world, enf)  # registered, not filed: no deadline yet, listed last
    with time_machine.travel(at(2020, 11, 30, 9), tick=False):
        client = world.client(enf.officer1)
        page, panels, actions = _screen(client)
        cases = panels["enforcement.my_cases"].work
        assert cases.total == 3
        assert [item.title.split()[0] for item in cases.items][:2] == [sooner.number, later.number]
        assert cases.items[2].due is None
        assert [item.flag for item in cases.items] == ["overdue", "due_soon", ""]
        assert later.number in page.content.decode()
        assert _listed_count(client, cases.more_url) == cases.total
        assert actions == []  # the report button is the grid worker's
        # Another officer of the street has none of them; the leader works no cases.
        assert _screen(world.client(enf.officer3))[1]["enforcement.my_cases"].work.total == 1
        assert "enforcement.my_cases" not in _screen(world.client(world.clerk_b))[1]


def test_a_decided_case_leaves_the_officers_list(world, enf):
    case = investigating(world, enf)
    review = in_review(case, enf)
    with time_machine.travel(at(2020, 9, 30, 9), tick=False):
        panels = _screen(world.client(enf.officer1))[1]
        assert panels["enforcement.my_cases"].work.total == 1
        # The case waits for the reviewer: it is on the reviewer's first screen.
        reviews = _screen(world.client(enf.reviewer))[1]["enforcement.my_reviews"].work
        assert [item.url for item in reviews.items] == [
            reverse("enforcement:legalreview_detail", args=[review.pk])
        ]
        assert _listed_count(world.client(enf.reviewer), reviews.more_url) == 1


def test_the_grid_worker_sees_the_report_button_first_and_its_grids_open_reports(world, enf):
    make_report(world, enf)
    make_report(world, enf, address="光明大道8号")
    with time_machine.travel(at(2020, 10, 2, 9), tick=False):
        client = world.client(world.grid_worker)
        page, panels, actions = _screen(client)
        assert actions == ["enforcement.report"]
        html = page.content.decode()
        assert html.index("上报问题") < html.index("本网格待处理的问题线索")
        reports = panels["enforcement.grid_reports"].work
        assert reports.total == 2
        assert {item.flag for item in reports.items} == {"overdue"}  # waiting four days
        assert _listed_count(client, reports.more_url) == 2
        # Street B's office sees no grid worker's list and no button.
        _page, panels_b, actions_b = _screen(world.client(world.clerk_b))
        assert "enforcement.grid_reports" not in panels_b and actions_b == []
