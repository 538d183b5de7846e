"""The study services: each write audited; bad input refused in Chinese with nothing written."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from fazhi.audit.models import Action, AuditEntry
from fazhi.org import services as org_services
from fazhi.study import services
from fazhi.study.models import (
    LegalLiterate,
    LiterateTraining,
    SelfStudy,
    StudyAttendance,
    StudySession,
)
from fazhi.study.tests.conftest import last_audit

pytestmark = pytest.mark.django_db


def counts() -> tuple[int, ...]:
    return (
        StudySession.objects.count(),
        StudyAttendance.objects.count(),
        SelfStudy.objects.count(),
        LegalLiterate.objects.count(),
        LiterateTraining.objects.count(),
        AuditEntry.objects.count(),
    )


def session_fields(**extra):
    return {
        "kind": StudySession.Kind.GROUP,
        "title": "集中学习《土地管理法》",
        "date": date(2020, 1, 16),
        "content": "宅基地管理。",
        "hours": Decimal("2"),
        **extra,
    }


def test_session_with_attendees_signs_each_in_for_its_hours(world):
    session = services.study_session_create(
        street=world.a.street,
        actor=world.clerk_a,
        attendees=[world.clerk_a, world.staff_a],
        **session_fields(),
    )
    rows = list(session.attendance.order_by("user__username"))
    assert [(r.user, r.attended, r.hours) for r in rows] == [
        (world.clerk_a, True, Decimal("2")),
        (world.staff_a, True, Decimal("2")),
    ]
    audits = AuditEntry.objects.filter(actor=world.clerk_a, action=Action.CREATE)
    assert {e.object_type for e in audits} == {"study.studysession", "study.studyattendance"}
    assert audits.filter(object_type="study.studyattendance").count() == 2


@pytest.mark.parametrize("hours", [Decimal("0"), Decimal("-1"), Decimal("25")])
def test_session_hours_out_of_range_are_refused(world, hours):
    before = counts()
    with pytest.raises(ValidationError) as exc:
        services.study_session_create(
            street=world.a.street,
            actor=world.clerk_a,
            attendees=[world.clerk_a],
            **session_fields(hours=hours),
        )
    assert "学时" in " ".join(exc.value.messages)
    assert counts() == before


def test_attendee_of_another_street_or_inactive_is_refused(world):
    before = counts()
    with pytest.raises(ValidationError, match="须为本街道人员"):
        services.study_session_create(
            street=world.a.street,
            actor=world.clerk_a,
            attendees=[world.clerk_b],
            **session_fields(),
        )
    org_services.user_update(world.staff_a, actor=world.secadmin, is_active=False)
    with pytest.raises(ValidationError, match="账号已停用"):
        services.study_session_create(
            street=world.a.street,
            actor=world.clerk_a,
            attendees=[world.staff_a],
            **session_fields(),
        )
    assert counts()[:5] == before[:5]


def test_adviser_lecture_needs_a_lawyer_of_the_street(world, legal):
    with pytest.raises(ValidationError, match="法律顾问讲座请选择主讲律师"):
        services.study_session_create(
            street=world.a.street,
            actor=world.clerk_a,
            **session_fields(kind=StudySession.Kind.ADVISER_LECTURE),
        )
    with pytest.raises(ValidationError, match="不属于本街道"):
        services.study_session_create(
            street=world.a.street,
            actor=world.clerk_a,
            **session_fields(kind=StudySession.Kind.ADVISER_LECTURE, lawyer=legal.lawyer_b),
        )
    lecture = services.study_session_create(
        street=world.a.street,
        actor=world.clerk_a,
        **session_fields(kind=StudySession.Kind.ADVISER_LECTURE, lawyer=legal.lawyer_a),
    )
    assert lecture.speaker_display() == "王律师（甲街律师事务所）"


def test_law_of_another_street_is_refused(world, records):
    with pytest.raises(ValidationError, match="不在本街道的学习清单中"):
        services.study_session_create(
            street=world.a.street,
            actor=world.clerk_a,
            laws=[records["b"].law],
            **session_fields(),
        )


def test_attendance_hours_follow_the_rules(world, records):
    session = records["a"].session
    before = counts()
    for hours, message in [
        (Decimal("3"), "不能超过本次学法的学时"),
        (Decimal("0"), "出席人员的计入学时须大于0"),
    ]:
        with pytest.raises(ValidationError, match=message):
            services.study_attendance_create(
                street=world.a.street,
                actor=world.clerk_a,
                session=session,
                user=world.staff_a,
                hours=hours,
            )
    with pytest.raises(ValidationError, match="未出席的人员不计学时"):
        services.study_attendance_create(
            street=world.a.street,
            actor=world.clerk_a,
            session=session,
            user=world.staff_a,
            attended=False,
            hours=Decimal("1"),
        )
    with pytest.raises(ValidationError, match="已有签到记录"):
        services.study_attendance_create(
            street=world.a.street, actor=world.clerk_a, session=session, user=world.clerk_a
        )
    with pytest.raises(ValidationError, match="不属于本街道"):
        services.study_attendance_create(
            street=world.b.street, actor=world.clerk_b, session=session, user=world.clerk_b
        )
    assert counts() == before
    absent = services.study_attendance_create(
        street=world.a.street,
        actor=world.clerk_a,
        session=session,
        user=world.staff_a,
        attended=False,
        note="请假",
    )
    assert (absent.attended, absent.hours) == (False, Decimal("0"))
    present = services.study_attendance_update(absent, actor=world.clerk_a, attended=True)
    assert present.hours == Decimal("2")
    entry = last_audit()
    assert (entry.action, entry.object_id) == (Action.UPDATE, str(absent.pk))
    assert entry.changes["after"] == {"attended": True, "hours": "2.0"}


def test_session_hours_change_carries_whole_attendance_and_refuses_overlong(world, records):
    session = records["a"].session
    services.study_attendance_create(
        street=world.a.street,
        actor=world.clerk_a,
        session=session,
        user=world.staff_a,
        hours=Decimal("1"),
    )
    services.study_session_update(session, actor=world.clerk_a, hours=Decimal("1.5"))
    hours = dict(session.attendance.values_list("user__username", "hours"))
    assert hours == {"clerk_a": Decimal("1.5"), "staff_a": Decimal("1")}
    with pytest.raises(ValidationError, match="超过修改后的学时"):
        services.study_session_update(session, actor=world.clerk_a, hours=Decimal("0.5"))
    session.refresh_from_db()
    assert session.hours == Decimal("1.5")


def test_session_delete_removes_its_attendance_audited(world, records):
    session = records["a"].session
    session_pk, row_pk = session.pk, records["a"].attendance.pk
    services.study_session_delete(session, actor=world.clerk_a)
    assert not StudySession.objects.filter(pk=session_pk).exists()
    assert not StudyAttendance.objects.filter(pk=row_pk).exists()
    deleted = AuditEntry.objects.filter(action=Action.DELETE).values_list(
        "object_type", "object_id"
    )
    assert set(deleted) == {
        ("study.studyattendance", str(row_pk)),
        ("study.studysession", str(session_pk)),
    }


def test_staff_record_only_their_own_self_study(world, records):
    own = services.self_study_create(
        street=world.a.street,
        actor=world.staff_a,
        date=date(2020, 7, 2),
        laws=[records["a"].law],
        hours=Decimal("2"),
    )
    assert own.user == world.staff_a and list(own.laws.all()) == [records["a"].law]
    assert last_audit().actor == world.staff_a
    before = counts()
    with pytest.raises(ValidationError, match="只能登记本人的自学记录"):
        services.self_study_create(
            street=world.a.street,
            actor=world.staff_a,
            user=world.clerk_a,
            date=date(2020, 7, 2),
            material="通读宪法",
            hours=Decimal("1"),
        )
    with pytest.raises(ValidationError, match="只能修改本人的自学记录"):
        services.self_study_update(records["a"].self_study, actor=world.staff_a, note="改")
    with pytest.raises(ValidationError, match="只能删除本人的自学记录"):
        services.self_study_delete(records["a"].self_study, actor=world.staff_a)
    assert counts() == before
    # The office records anyone's.
    services.self_study_create(
        street=world.a.street,
        actor=world.clerk_a,
        user=world.staff_a,
        date=date(2020, 7, 3),
        material="通读宪法",
        hours=Decimal("1"),
    )


def test_self_study_needs_what_was_studied_and_positive_hours(world):
    before = counts()
    with pytest.raises(ValidationError, match="请选择学习的新修订法律，或填写学习内容"):
        services.self_study_create(
            street=world.a.street,
            actor=world.staff_a,
            date=date(2020, 7, 2),
            hours=Decimal("1"),
        )
    with pytest.raises(ValidationError, match="学时须大于0"):
        services.self_study_create(
            street=world.a.street,
            actor=world.staff_a,
            date=date(2020, 7, 2),
            material="宪法",
            hours=Decimal("0"),
        )
    with pytest.raises(ValidationError, match="须为本街道人员"):
        services.self_study_create(
            street=world.a.street,
            actor=world.clerk_a,
            user=world.clerk_b,
            date=date(2020, 7, 2),
            material="宪法",
            hours=Decimal("1"),
        )
    assert counts() == before


def test_literate_rules(world, records):
    before = counts()
    with pytest.raises(ValidationError, match="不属于本街道"):
        services.legal_literate_create(
            street=world.a.street,
            actor=world.clerk_a,
            village=world.b.village,
            name="孙明白",
            source=LegalLiterate.Source.OTHER,
            appointed_on=date(2020, 1, 1),
        )
    with pytest.raises(ValidationError, match="同名的在册法律明白人"):
        services.legal_literate_create(
            street=world.a.street,
            actor=world.clerk_a,
            village=world.a.village,
            name="赵明白",
            source=LegalLiterate.Source.OTHER,
            appointed_on=date(2020, 1, 1),
        )
    with pytest.raises(ValidationError, match="退出日期不能早于认定日期"):
        services.legal_literate_update(
            records["a"].literate, actor=world.clerk_a, ended_on=date(2019, 1, 1)
        )
    assert counts() == before
    linked = services.legal_literate_create(
        street=world.a.street,
        actor=world.clerk_a,
        village=world.a.village,
        name=world.a.worker.name,
        source=LegalLiterate.Source.GRID_WORKER,
        grid_worker=world.a.worker,
        appointed_on=date(2020, 1, 1),
    )
    assert linked.grid_worker == world.a.worker
    assert linked.masked_phone() == ""


def test_training_takes_only_literates_in_the_registry_on_its_day(world, records):
    late = services.legal_literate_create(
        street=world.a.street,
        actor=world.clerk_a,
        village=world.a.village,
        name="周明白",
        source=LegalLiterate.Source.MEDIATOR,
        appointed_on=date(2020, 8, 1),
    )
    before = counts()
    for people, message in [([late], "不是在册的法律明白人"), ([records["b"].literate], "本街道")]:
        with pytest.raises(ValidationError, match=message):
            services.literate_training_create(
                street=world.a.street,
                actor=world.clerk_a,
                title="培训",
                date=date(2020, 7, 20),
                content="调解",
                hours=Decimal("2"),
                attendees=people,
            )
    assert counts() == before
    training = records["a"].training
    services.literate_training_delete(training, actor=world.clerk_a)
    removal = AuditEntry.objects.filter(object_id=str(training.pk), action=Action.UPDATE).get()
    assert removal.changes["before"] == {"attendees": [records["a"].literate.pk]}
