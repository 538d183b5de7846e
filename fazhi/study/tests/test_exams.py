"""Study exams drawing on the 知识竞答 question bank: drawn or picked questions, scores entered by
the office, the pages and the figures."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from fazhi.audit.models import Action, AuditEntry
from fazhi.core import stats
from fazhi.outreach import services as outreach_services
from fazhi.outreach.models import Question
from fazhi.study import services
from fazhi.study.models import StudyExam, StudyExamScore
from fazhi.study.tests.conftest import last_audit

pytestmark = pytest.mark.django_db

BASE = "/office/study"


@pytest.fixture
def law(world):
    return services.law_to_study_create(
        street=world.a.street,
        actor=world.clerk_a,
        name="《中华人民共和国民法典》",
        revised_on=date(2020, 5, 28),
        listed_on=date(2020, 6, 1),
    )


def bank(world, street_key: str = "a") -> list[Question]:
    street = getattr(world, street_key).street
    clerk = world.clerk_a if street_key == "a" else world.clerk_b
    questions = []
    for n, reference in enumerate(
        [
            "《中华人民共和国民法典》第一千零四十三条",
            "《中华人民共和国民法典》第十七条",
            "《中华人民共和国宪法》第五条",
        ]
    ):
        questions.append(
            outreach_services.question_create(
                street=street,
                actor=clerk,
                kind=Question.Kind.TRUE_FALSE,
                stem=f"第{n + 1}题：判断题",
                options=["正确", "错误"],
                answer="A",
                law_reference=reference,
            )
        )
    return questions


def test_exam_draws_questions_on_its_laws_from_the_bank(world, law):
    questions = bank(world)
    exam = services.study_exam_create(
        street=world.a.street,
        actor=world.clerk_a,
        title="《民法典》知识测试",
        date=date(2020, 9, 25),
        laws=[law],
        question_count=2,
        rng=random.Random(1),
    )
    assert set(exam.questions.all()) == set(questions[:2])  # the two on the Civil Code
    entry = last_audit()
    assert (entry.action, entry.object_type) == (Action.CREATE, "study.studyexam")
    assert sorted(entry.changes["after"]["questions"]) == sorted(q.pk for q in questions[:2])
    topped_up = services.study_exam_create(
        street=world.a.street,
        actor=world.clerk_a,
        title="补足抽题",
        date=date(2020, 9, 26),
        laws=[law],
        question_count=3,
    )
    assert set(topped_up.questions.all()) == set(questions)  # the Civil Code's two, then one more
    other = bank(world, "b")
    before = (StudyExam.objects.count(), AuditEntry.objects.count())
    with pytest.raises(ValidationError, match="只有3道，不够抽取4道"):
        services.study_exam_create(
            street=world.a.street,
            actor=world.clerk_a,
            title="再测",
            date=date(2020, 9, 26),
            laws=[law],
            question_count=4,
        )
    with pytest.raises(ValidationError, match="请从题库中挑选试题，或填写抽题数"):
        services.study_exam_create(
            street=world.a.street, actor=world.clerk_a, title="空卷", date=date(2020, 9, 26)
        )
    with pytest.raises(ValidationError, match="不在本街道的题库中"):
        services.study_exam_create(
            street=world.a.street,
            actor=world.clerk_a,
            title="他街试题",
            date=date(2020, 9, 26),
            questions=other[:1],
        )
    assert (StudyExam.objects.count(), AuditEntry.objects.count()) == before


def test_scores_entered_and_the_figures_count_them(world, law):
    questions = bank(world)
    exam = services.study_exam_create(
        street=world.a.street,
        actor=world.clerk_a,
        title="新修订法律知识测试",
        date=date(2020, 9, 25),
        questions=questions,
    )
    for person, score in [(world.clerk_a, "92"), (world.staff_a, "55.5")]:
        services.study_exam_score_create(
            street=world.a.street, actor=world.clerk_a, exam=exam, user=person, score=score
        )
    before = StudyExamScore.objects.count()
    for person, score, message in [
        (world.leader, Decimal("101"), "成绩须在0至100分之间"),
        (world.clerk_a, Decimal("80"), "已有成绩"),
        (world.clerk_b, Decimal("80"), "须为本街道人员"),
    ]:
        with pytest.raises(ValidationError, match=message):
            services.study_exam_score_create(
                street=world.a.street, actor=world.clerk_a, exam=exam, user=person, score=score
            )
    assert StudyExamScore.objects.count() == before
    period = stats.Period(date(2020, 1, 1), date(2020, 9, 28))
    keys = ["study.exams", "study.exam_takers", "study.exam_passed", "study.exam_pass_rate"]
    values = stats.compute(world.a.street, period, keys)
    assert values == {
        "study.exams": 1,
        "study.exam_takers": 2,
        "study.exam_passed": 1,
        "study.exam_pass_rate": 50.0,
    }
    passed = stats.records(stats.get("study.exam_passed"), world.a.street, period, world.clerk_a)
    assert [s.user for s in passed] == [world.clerk_a]


def test_exam_pages(world, law):
    questions = bank(world)
    client = world.client(world.clerk_a)
    response = client.post(
        f"{BASE}/studyexam/new/",
        {
            "title": "《民法典》测试",
            "date": "2020-09-25",
            "laws": [law.pk],
            "question_count": "2",
            "pass_score": "60",
        },
    )
    exam = StudyExam.objects.get(title="《民法典》测试")
    assert response.status_code == 302 and exam.questions.count() == 2
    score = client.post(
        f"{BASE}/studyexamscore/new/",
        {"exam": exam.pk, "user": world.staff_a.pk, "score": "88"},
    )
    assert score.status_code == 302
    page = world.client(world.leader).get(f"{BASE}/studyexam/{exam.pk}/").content.decode()
    assert questions[0].stem in page and "staff_a" in page
    listing = world.client(world.leader).get(f"{BASE}/studyexam/")
    assert listing.context["rows"][0][1][-3:] == [2, 1, "88"]
    assert world.client(world.leader).get(f"{BASE}/studyexam/new/").status_code == 403
    assert world.client(world.clerk_b).get(f"{BASE}/studyexam/{exam.pk}/").status_code == 404
    bad = client.post(
        f"{BASE}/studyexamscore/new/", {"exam": exam.pk, "user": world.leader.pk, "score": "-1"}
    )
    assert bad.status_code == 400 and "成绩须在0至100分之间" in bad.content.decode()
