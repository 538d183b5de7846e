"""The portal's 正在征求意见 lists a draft only while its comment period is open: not before
it begins, nor after its last day while the office has yet to close it and sum the comments up."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from fazhi.reviews.models import MajorDecision
from fazhi.reviews.tests.helpers import make_decision, open_june

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
TITLE = "老旧小区加装电梯实施方案"


@pytest.fixture
def consulting(world, dept):
    return open_june(make_decision(world, dept), world)


def consulting_section(anon) -> str:
    text = anon.get("/s/street-a/decisions/").content.decode()
    return text.split('id="consulting-title"')[1].split('id="published-title"')[0]


@pytest.mark.parametrize(
    ("moment", "listed"),
    [
        (datetime(2020, 5, 31, 18, tzinfo=SHANGHAI), False),
        (datetime(2020, 6, 1, 8, tzinfo=SHANGHAI), True),
        (datetime(2020, 7, 1, 23, 30, tzinfo=SHANGHAI), True),
        (datetime(2020, 7, 2, 8, tzinfo=SHANGHAI), False),
    ],
)
def test_only_a_period_open_today_is_listed(anon, consulting, moment, listed):
    with time_machine.travel(moment, tick=False):
        section = consulting_section(anon)
    assert consulting.status == MajorDecision.Status.CONSULTING
    assert (TITLE in section) is listed
    assert "未在征求意见期内" not in section
    if not listed:
        assert "目前没有正在征求意见的决策事项。" in section


def test_a_lapsed_period_still_shows_its_page_with_the_reason(anon, consulting):
    """Off the list, the draft's own page still tells a resident the period has ended."""
    with time_machine.travel(datetime(2020, 7, 2, 8, tzinfo=SHANGHAI), tick=False):
        page = anon.get(f"/s/street-a/decisions/{consulting.pk}/")
    assert page.status_code == 200
    assert "征求意见已于2020年7月1日截止，不再接收意见。" in page.content.decode()
