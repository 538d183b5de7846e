"""The case page's head rows: the status once (the badge), and the decision deadline only where
there is one: a date for a filed general-procedure case, "counted from the filing" for an open
case not filed yet, nothing for an on-the-spot case (decided on the spot)."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest

from fazhi.enforcement.models import Case
from fazhi.enforcement.services import cases as services
from fazhi.enforcement.tests.case_helpers import at, filed, register

pytestmark = pytest.mark.django_db

BASE = "/office/enforcement/cases/"


def _head(html: str) -> str:
    """The page's first list of fields (status, deadline, the case's own fields)."""
    match = re.search(r'<dl class="fields">(.*?)</dl>', html, re.S)
    assert match is not None
    return match.group(1)


def _terms(html: str) -> list[str]:
    return [t.strip() for t in re.findall(r"<dt>([^<]*)</dt>", _head(html))]


def test_status_shown_once(world, enf):
    case = filed(world, enf)
    html = world.client(enf.officer1).get(f"{BASE}{case.pk}/").content.decode()
    assert _terms(html).count("状态") == 1
    assert "已立案" in _head(html)


def test_closed_on_the_spot_case_has_no_decision_deadline(world, enf):
    case = register(world, enf)
    case = services.case_decide_on_the_spot(
        actor=enf.officer1,
        case=case,
        decided_at=at(2020, 9, 1, 10, 20),
        place="幸福路与光明大道交口",
        penalty_kind="fine",
        fine=Decimal("50"),
        decision_no="津滨甲当罚字〔2020〕第005号",
        decision_basis="《城市市容和环境卫生管理条例》第三十四条",
        deciders=[enf.officer1, enf.officer2],
        now=at(2020, 9, 1, 11),
    )
    case = services.case_execute(
        actor=enf.officer1,
        case=case,
        executed_on=date(2020, 9, 1),
        manner="自觉履行",
        fine_paid=Decimal("50"),
        today=date(2020, 9, 2),
        now=at(2020, 9, 2),
    )
    case = services.case_close(
        actor=enf.officer1, case=case, closed_on=date(2020, 9, 2), today=date(2020, 9, 2)
    )
    assert case.status == Case.Status.CLOSED
    html = world.client(enf.officer1).get(f"{BASE}{case.pk}/").content.decode()
    assert "决定期限" not in _terms(html)
    assert "立案后计算" not in html
    assert _terms(html).count("状态") == 1


def test_open_case_not_filed_reads_counted_from_filing_and_filed_one_a_date(world, enf):
    found = register(world, enf)
    html = world.client(enf.officer1).get(f"{BASE}{found.pk}/").content.decode()
    assert "决定期限" in _terms(html) and "立案后计算" in _head(html)
    case = filed(world, enf)
    assert case.decision_due_on is not None
    html = world.client(enf.officer1).get(f"{BASE}{case.pk}/").content.decode()
    assert "决定期限" in _terms(html) and "立案后计算" not in html
    due = case.decision_due_on
    assert f"{due.year}年{due.month}月{due.day}日" in _head(html)
