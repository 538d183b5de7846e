"""Study records of both streets, written through the services, for the study tests.

def test_x(world, legal, records):  records["a"].session, records["a"].law, …
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from fazhi.audit.models import AuditEntry
from fazhi.legal_services.testing import build_legal
from fazhi.outreach import services as outreach_services
from fazhi.outreach.models import Question
from fazhi.study import services
from fazhi.study.models import (
    LawToStudy,
    LegalLiterate,
    LiterateTraining,
    SelfStudy,
    StudyAttendance,
    StudyExam,
    StudyExamScore,
    StudySession,
    StudyTarget,
)


@dataclass
class StreetStudy:
    target: StudyTarget
    law: LawToStudy
    session: StudySession
    attendance: StudyAttendance
    self_study: SelfStudy
    literate: LegalLiterate
    training: LiterateTraining
    exam: StudyExam
    score: StudyExamScore


def last_audit() -> AuditEntry:
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry is not None
    return entry


def street_study(world, key: str) -> StreetStudy:
    s = getattr(world, key)
    clerk = world.clerk_a if key == "a" else world.clerk_b
    street = s.street
    target = services.study_target_create(
        street=street, actor=clerk, year=2020, target_hours=Decimal("40")
    )
    law = services.law_to_study_create(
        street=street,
        actor=clerk,
        name="《中华人民共和国民法典》",
        revised_on=date(2020, 5, 28),
        effective_on=date(2021, 1, 1),
        listed_on=date(2020, 6, 1),
    )
    session = services.study_session_create(
        street=street,
        actor=clerk,
        kind=StudySession.Kind.GROUP,
        title="集中学习《民法典》",
        date=date(2020, 6, 19),
        content="学习民法典总则编。",
        hours=Decimal("2"),
        laws=[law],
        attendees=[clerk],
    )
    attendance = session.attendance.get()
    self_study = services.self_study_create(
        street=street,
        actor=clerk,
        user=clerk,
        date=date(2020, 7, 1),
        material="学习强国“法治思想”专题",
        hours=Decimal("1.5"),
    )
    literate = services.legal_literate_create(
        street=street,
        actor=clerk,
        village=s.village,
        name="赵明白" if key == "a" else "钱明白",
        source=LegalLiterate.Source.VILLAGE_CADRE,
        phone="13512345678",
        appointed_on=date(2019, 6, 1),
    )
    training = services.literate_training_create(
        street=street,
        actor=clerk,
        title="法律明白人《民法典》培训",
        date=date(2020, 7, 8),
        content="婚姻家庭和继承。",
        hours=Decimal("2"),
        attendees=[literate],
    )
    question = outreach_services.question_create(
        street=street,
        actor=clerk,
        kind=Question.Kind.TRUE_FALSE,
        stem="民法典自2021年1月1日起施行。",
        options=["正确", "错误"],
        answer="A",
        law_reference="《中华人民共和国民法典》第一千二百六十条",
    )
    exam = services.study_exam_create(
        street=street,
        actor=clerk,
        title="《民法典》知识测试",
        date=date(2020, 9, 25),
        laws=[law],
        questions=[question],
    )
    score = services.study_exam_score_create(
        street=street, actor=clerk, exam=exam, user=clerk, score=Decimal("90")
    )
    return StreetStudy(
        target, law, session, attendance, self_study, literate, training, exam, score
    )


@pytest.fixture
def legal(world):
    return build_legal(world)


@pytest.fixture
def records(world):
    return {"a": street_study(world, "a"), "b": street_study(world, "b")}
