"""The study report pages: each person's hours against the year's target (with a frozen clock),
who has and has not studied a law on the list, and the villages' coverage by 法律明白人."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from openpyxl import load_workbook

from fazhi.audit.models import Action
from fazhi.org import services as org_services
from fazhi.study import services
from fazhi.study.models import LegalLiterate
from fazhi.study.tests.conftest import last_audit

pytestmark = pytest.mark.django_db

BASE = "/office/study"
REPORT_DAY = datetime(2020, 9, 28, 10, tzinfo=ZoneInfo("Asia/Shanghai"))


def rows_of(response) -> dict[str, list]:
    """The hours table by person: session hours, self-study hours, total, status."""
    return {
        p.user.username: [p.session_hours, p.self_hours, p.total, p.below_target]
        for p in response.context["people"]
    }


# --- hours against the target ----------------------------------------------------------------


def test_hours_of_the_frozen_year_against_the_target(world, records):
    services.self_study_create(
        street=world.a.street,
        actor=world.staff_a,
        date=date(2020, 9, 1),
        material="宪法",
        hours=Decimal("2.5"),
    )
    # Last year's study does not count in 2020.
    services.self_study_create(
        street=world.a.street,
        actor=world.staff_a,
        date=date(2019, 12, 31),
        material="宪法",
        hours=Decimal("3"),
    )
    with time_machine.travel(REPORT_DAY, tick=False):
        response = world.client(world.clerk_a).get(f"{BASE}/hours/")
    assert response.status_code == 200 and response.context["year"] == 2020
    table = rows_of(response)
    assert table["clerk_a"] == [Decimal("2"), Decimal("1.5"), Decimal("3.5"), True]
    assert table["staff_a"] == [Decimal("0"), Decimal("2.5"), Decimal("2.5"), True]
    assert "clerk_b" not in table  # another street's staff
    assert "lawyer_a" not in table
    text = response.content.decode()
    assert "未达标（差36.5学时）" in text and 'id="target-hours">40<' in text
    # Lower the target: the clerk reaches it, the staff member does not.
    services.study_target_update(records["a"].target, actor=world.clerk_a, target_hours=3)
    below = world.client(world.clerk_a).get(f"{BASE}/hours/", {"year": 2020, "below": "on"})
    assert list(rows_of(below)) != [] and "clerk_a" not in rows_of(below)
    assert "staff_a" in rows_of(below)


def test_hours_of_a_year_without_target_and_bad_year(world, records):
    client = world.client(world.clerk_a)
    response = client.get(f"{BASE}/hours/", {"year": 2019})
    assert response.status_code == 200
    assert "尚未设置2019年度的学时目标" in response.content.decode()
    assert all(not p.below_target for p in response.context["people"])
    bad = client.get(f"{BASE}/hours/", {"year": "二〇二〇"})
    assert bad.status_code == 400 and "年度须为四位数字的年份" in bad.content.decode()


def test_staff_see_their_own_hours_only(world, records):
    response = world.client(world.staff_a).get(f"{BASE}/hours/", {"year": 2020})
    assert response.status_code == 200
    assert list(rows_of(response)) == ["staff_a"]
    assert world.client(world.auditor).get(f"{BASE}/hours/").status_code == 403


def test_hours_export_is_audited(world, records):
    response = world.client(world.leader).get(f"{BASE}/hours/", {"year": 2020, "format": "xlsx"})
    book = load_workbook(BytesIO(response.content))
    rows = list(book.active.iter_rows(values_only=True))
    assert book["说明"]["A1"].value == "2020年度学法学时"
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name["甲街办公室"][2:7] == (2, 1.5, 3.5, 40, "未达标（差36.5学时）")
    entry = last_audit()
    assert (entry.action, entry.actor, entry.object_type) == (
        Action.EXPORT,
        world.leader,
        "study.hours",
    )


def test_hours_page_query_count_is_pinned(world, records, django_assert_max_num_queries):
    client = world.client(world.clerk_a)
    client.get(f"{BASE}/hours/", {"year": 2020})
    with django_assert_max_num_queries(14):
        assert client.get(f"{BASE}/hours/", {"year": 2020}).status_code == 200


# --- who has studied a law ---------------------------------------------------------------------


def test_law_status_lists_who_studied_and_who_not_yet(world, records):
    law = records["a"].law
    client = world.client(world.clerk_a)
    response = client.get(f"{BASE}/lawtostudy/{law.pk}/status/")
    assert response.status_code == 200
    status = response.context["status"]
    assert [s.user for s in status.studied] == [world.clerk_a]
    assert world.staff_a in status.not_yet and world.clerk_a not in status.not_yet
    # Self-study of the law counts too; an absence from a session does not.
    services.self_study_create(
        street=world.a.street,
        actor=world.staff_a,
        date=date(2020, 8, 1),
        laws=[law],
        hours=Decimal("1"),
    )
    services.study_attendance_create(
        street=world.a.street,
        actor=world.clerk_a,
        session=records["a"].session,
        user=world.leader,
        attended=False,
    )
    status = client.get(f"{BASE}/lawtostudy/{law.pk}/status/").context["status"]
    assert {s.user for s in status.studied} == {world.clerk_a, world.staff_a}
    assert world.leader in status.not_yet
    text = client.get(f"{BASE}/lawtostudy/{law.pk}/").content.decode()
    assert "已学习2人" in text and "查看学习名单" in text


def test_law_status_access(world, records):
    law = records["a"].law
    assert world.client(world.leader).get(f"{BASE}/lawtostudy/{law.pk}/status/").status_code == 200
    staff = world.client(world.staff_a).get(f"{BASE}/lawtostudy/{law.pk}/status/")
    assert staff.status_code == 403 and "无权查看全街道人员的学法情况" in staff.content.decode()
    other = world.client(world.clerk_b).get(f"{BASE}/lawtostudy/{law.pk}/status/")
    assert other.status_code == 404
    export = world.client(world.clerk_a).get(
        f"{BASE}/lawtostudy/{law.pk}/status/", {"format": "xlsx"}
    )
    rows = list(load_workbook(BytesIO(export.content)).active.iter_rows(values_only=True))
    assert rows[1][:2] == ("已学习", "甲街办公室")
    assert ("尚未学习", "staff_a") in {row[:2] for row in rows[2:]}


# --- 法律明白人 per village ---------------------------------------------------------------------


def test_coverage_flags_villages_below_three(world, records):
    client = world.client(world.clerk_a)
    response = client.get(f"{BASE}/legalliterate/coverage/", {"day": "2020-09-28"})
    assert response.status_code == 200
    [village] = response.context["coverage"]
    assert (village.village, village.count, village.below_target) == (world.a.village, 1, True)
    assert "不足3名，缺2名" in response.content.decode()
    for name in ("孙明白", "李明白"):
        services.legal_literate_create(
            street=world.a.street,
            actor=world.clerk_a,
            village=world.a.village,
            name=name,
            source=LegalLiterate.Source.MEDIATOR,
            appointed_on=date(2020, 3, 1),
        )
    [village] = client.get(f"{BASE}/legalliterate/coverage/", {"day": "2020-09-28"}).context[
        "coverage"
    ]
    assert (village.count, village.below_target) == (3, False)
    # Before the two were appointed, and after one left, the village was short.
    [early] = client.get(f"{BASE}/legalliterate/coverage/", {"day": "2020-02-28"}).context[
        "coverage"
    ]
    assert early.count == 1
    services.legal_literate_update(
        records["a"].literate, actor=world.clerk_a, ended_on=date(2020, 9, 1)
    )
    [late] = client.get(f"{BASE}/legalliterate/coverage/", {"day": "2020-09-28"}).context[
        "coverage"
    ]
    assert (late.count, late.below_target) == (2, True)


def test_coverage_counts_only_villages_in_force_and_refuses_bad_dates(world, records):
    org_services.village_create(
        street=world.a.street, actor=world.clerk_a, name="新村", established_on=date(2021, 1, 1)
    )
    client = world.client(world.leader)
    response = client.get(f"{BASE}/legalliterate/coverage/", {"day": "2020-09-28"})
    assert [c.village.name for c in response.context["coverage"]] == ["甲街幸福社区"]
    bad = client.get(f"{BASE}/legalliterate/coverage/", {"day": "2020-02-30"})
    assert bad.status_code == 400
    assert world.client(world.staff_a).get(f"{BASE}/legalliterate/coverage/").status_code == 403
    export = client.get(f"{BASE}/legalliterate/coverage/", {"day": "2020-09-28", "format": "xlsx"})
    rows = list(load_workbook(BytesIO(export.content)).active.iter_rows(values_only=True))
    assert rows[1] == ("甲街幸福社区", "社区", 1, "赵明白", "不足3名，缺2名")
