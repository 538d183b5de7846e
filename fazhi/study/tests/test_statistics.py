"""The study figures: each equals a count or sum of the records behind it, within its period."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from fazhi.core import stats
from fazhi.study import services
from fazhi.study.models import LegalLiterate, StudySession

pytestmark = pytest.mark.django_db

YEAR = stats.Period(date(2020, 1, 1), date(2020, 9, 28))
KEYS = [
    "study.sessions",
    "study.sessions.kind.group",
    "study.sessions.kind.pre_meeting",
    "study.leadership_sessions",
    "study.attendances",
    "study.hours",
    "study.self_study_hours",
    "study.laws_to_study",
    "study.legal_literates",
    "study.literate_trainings",
    "study.legal_literates_trained",
]


def test_registry_has_the_study_keys():
    keys = {s.key for s in stats.registered()}
    assert set(KEYS) <= keys
    assert {f"study.sessions.kind.{k}" for k in StudySession.Kind.values} <= keys
    assert all(stats.get(k).chapter == "study" for k in KEYS)


def test_figures_equal_their_records(world, records):
    a = world.a.street
    services.study_session_create(
        street=a,
        actor=world.clerk_a,
        kind=StudySession.Kind.PRE_MEETING,
        title="会前学法",
        date=date(2020, 3, 6),
        content="疫情防控",
        hours=Decimal("1"),
        attendees=[world.leader, world.clerk_a],
    )
    services.study_attendance_create(
        street=a,
        actor=world.clerk_a,
        session=records["a"].session,
        user=world.staff_a,
        attended=False,
    )
    # Outside the period: not counted.
    services.study_session_create(
        street=a,
        actor=world.clerk_a,
        kind=StudySession.Kind.GROUP,
        title="年末集中学法",
        date=date(2020, 12, 20),
        content="宪法",
        hours=Decimal("2"),
        attendees=[world.clerk_a],
    )
    left = services.legal_literate_create(
        street=a,
        actor=world.clerk_a,
        village=world.a.village,
        name="周明白",
        source=LegalLiterate.Source.OTHER,
        appointed_on=date(2019, 1, 1),
    )
    services.legal_literate_update(left, actor=world.clerk_a, ended_on=date(2020, 5, 1))
    values = stats.compute(a, YEAR, KEYS)
    assert values == {
        "study.sessions": 2,
        "study.sessions.kind.group": 1,
        "study.sessions.kind.pre_meeting": 1,
        "study.leadership_sessions": 1,
        "study.attendances": 3,
        "study.hours": 4.0,
        "study.self_study_hours": 1.5,
        "study.laws_to_study": 1,
        "study.legal_literates": 1,
        "study.literate_trainings": 1,
        "study.legal_literates_trained": 1,
    }
    for key in KEYS:
        stat = stats.get(key)
        behind = stats.records(stat, a, YEAR, world.clerk_a)
        assert stats.records_total(stat, behind) == values[key], key
    # Street B's records are its own.
    assert stats.compute(world.b.street, YEAR, ["study.sessions"])["study.sessions"] == 1


def test_breakdowns_add_up(world, records):
    stat = stats.get("study.hours")
    bars = stats.breakdown(stat, world.a.street, YEAR, "kind")
    assert [(b.label, b.value) for b in bars] == [("集中学法", 2.0)]
    literates = stats.breakdown(
        stats.get("study.legal_literates"), world.a.street, YEAR, stats.BY_VILLAGE
    )
    assert [(b.label, b.value) for b in literates] == [("甲街幸福社区", 1)]
