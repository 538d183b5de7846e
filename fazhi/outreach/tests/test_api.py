"""Law education and publicity over the API: scope, permissions, writes through the services
with the pages' rules, and results without the residents' numbers."""

from __future__ import annotations

import pytest

from fazhi.audit.models import Action, AuditEntry
from fazhi.outreach import services
from fazhi.outreach.models import Activity, Question
from fazhi.outreach.testing import at, last_audit

pytestmark = pytest.mark.django_db

JSON = "application/json"
PATHS = {
    "outreach-themes": lambda o: o.themes["宪法"].pk,
    "responsibility-items": lambda o: o.item.pk,
    "key-dates": lambda o: o.key_date.pk,
    "outreach-activities": lambda o: o.activity.pk,
    "publicity-items": lambda o: o.publicity.pk,
    "media-works": lambda o: o.work.pk,
    "recognitions": lambda o: o.recognition.pk,
    "faq-entries": lambda o: o.faq.pk,
    "questions": lambda o: o.question.pk,
    "quizzes": lambda o: o.quiz.pk,
}


def ids(response) -> set[int]:
    return {row["id"] for row in response.json()["results"]}


@pytest.mark.parametrize("path", PATHS)
def test_lists_and_records_stay_within_the_street(world, outreach, path):
    own = PATHS[path](outreach.a)
    client = world.client(world.clerk_b)
    response = client.get(f"/api/{path}/")
    assert response.status_code == 200 and own not in ids(response)
    assert world.client(world.clerk_a).get(f"/api/{path}/{own}/").status_code == 200
    missing = client.get(f"/api/{path}/{own}/")
    assert missing.status_code == 404 and "不在您的管辖范围内" in missing.json()["detail"]


def test_reading_needs_login_and_the_right_to_view(world, outreach, anon):
    assert anon.get("/api/outreach-activities/").status_code == 401
    assert world.client(world.auditor).get("/api/outreach-activities/").status_code == 403


def test_activity_created_over_the_api_follows_the_same_rules(world, outreach):
    client = world.client(world.staff_a)
    body = {
        "title": "禁毒知识讲座",
        "kind": "lecture",
        "held_on": "2020-06-22",
        "department": outreach.a.department.pk,
        "themes": [outreach.a.themes["宪法"].pk],
    }
    refused = client.post("/api/outreach-activities/", body, content_type=JSON)
    assert refused.status_code == 422
    assert "参与人数" in refused.json()["errors"]["headcount"][0]
    assert Activity.objects.count() == 2
    created = client.post(
        "/api/outreach-activities/", body | {"headcount": 60, "materials": 20}, content_type=JSON
    )
    assert created.status_code == 201, created.json()
    data = created.json()
    assert (data["kind_display"], data["themes"], data["materials"]) == (
        "讲座",
        [outreach.a.themes["宪法"].pk],
        20,
    )
    entry = last_audit()
    assert (entry.action, entry.object_id, entry.actor) == (
        Action.CREATE,
        str(data["id"]),
        world.staff_a,
    )
    other = client.post(
        "/api/outreach-activities/",
        body | {"headcount": 60, "themes": [outreach.b.themes["宪法"].pk]},
        content_type=JSON,
    )
    assert other.status_code == 422


def test_question_over_the_api_takes_its_options_as_a_list(world, outreach):
    client = world.client(world.clerk_a)
    body = {
        "kind": "single",
        "stem": "国际禁毒日是每年的：",
        "options": ["4月15日", "6月26日"],
        "answer": "B",
    }
    created = client.post("/api/questions/", body, content_type=JSON)
    assert created.status_code == 201, created.json()
    assert created.json()["options"] == ["4月15日", "6月26日"]
    wrong = client.post(
        "/api/questions/", body | {"stem": "另一题", "answer": "C"}, content_type=JSON
    )
    assert wrong.status_code == 422 and "AB" in wrong.json()["errors"]["answer"][0]
    assert Question.objects.filter(street=world.a.street).count() == 2


def test_read_only_role_cannot_write_over_the_api(world, outreach):
    client = world.client(world.leader)
    before = AuditEntry.objects.count()
    pk = outreach.a.activity.pk
    assert client.get(f"/api/outreach-activities/{pk}/").status_code == 200
    patch = client.patch(f"/api/outreach-activities/{pk}/", {"title": "改"}, content_type=JSON)
    assert patch.status_code == 403
    assert client.delete(f"/api/faq-entries/{outreach.a.faq.pk}/").status_code == 403
    assert AuditEntry.objects.count() == before


def test_quiz_attempts_are_read_without_the_mobile_number(world, outreach):
    quiz = outreach.a.quiz
    services.quiz_publish(quiz, actor=world.clerk_a, now=at(2020, 12, 1, 9))
    services.quiz_attempt_start(
        quiz=quiz, mobile="13812345678", name="张三", now=at(2020, 12, 4, 9)
    )
    response = world.client(world.clerk_a).get("/api/quiz-attempts/", {"quiz": quiz.pk})
    assert response.status_code == 200
    row = response.json()["results"][0]
    assert (
        row["name"] == "张三"
        and "mobile" not in row
        and "13812345678" not in response.content.decode()
    )
    assert (
        world.client(world.clerk_a).post("/api/quiz-attempts/", {}, content_type=JSON).status_code
        == 405
    )
