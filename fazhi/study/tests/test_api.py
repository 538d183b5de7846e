"""Law study over the API: scope, permissions, writes through the services, errors, masking."""

from __future__ import annotations

import json

import pytest

from fazhi.audit.models import Action
from fazhi.study.models import SelfStudy, StudyAttendance, StudySession
from fazhi.study.tests.conftest import last_audit

pytestmark = pytest.mark.django_db

JSON = "application/json"
PATHS = {
    "study-targets": lambda r: r.target.pk,
    "laws-to-study": lambda r: r.law.pk,
    "study-sessions": lambda r: r.session.pk,
    "study-attendance": lambda r: r.attendance.pk,
    "self-studies": lambda r: r.self_study.pk,
    "legal-literates": lambda r: r.literate.pk,
    "literate-trainings": lambda r: r.training.pk,
    "study-exams": lambda r: r.exam.pk,
    "study-exam-scores": lambda r: r.score.pk,
}


def ids(response) -> set[int]:
    return {row["id"] for row in response.json()["results"]}


@pytest.mark.parametrize("path", PATHS)
def test_lists_and_records_stay_within_the_street(world, records, path):
    own, other = PATHS[path](records["a"]), PATHS[path](records["b"])
    client = world.client(world.clerk_a)
    response = client.get(f"/api/{path}/")
    assert response.status_code == 200
    assert own in ids(response) and other not in ids(response)
    assert client.get(f"/api/{path}/{own}/").status_code == 200
    missing = client.get(f"/api/{path}/{other}/")
    assert missing.status_code == 404 and "不在您的管辖范围内" in missing.json()["detail"]


def test_reading_needs_login_and_the_right_to_view(world, records, anon):
    assert anon.get("/api/study-sessions/").status_code == 401
    assert world.client(world.auditor).get("/api/study-sessions/").status_code == 403
    refused = world.client(world.leader).post(
        "/api/laws-to-study/",
        data={"name": "《宪法》", "revised_on": "2018-03-11", "listed_on": "2020-01-06"},
        content_type=JSON,
    )
    assert refused.status_code == 403 and "无权新增新修订法律" in refused.json()["detail"]


def test_session_created_and_changed_through_the_services(world, records):
    client = world.client(world.clerk_a)
    response = client.post(
        "/api/study-sessions/",
        data=json.dumps(
            {
                "kind": "leadership",
                "title": "领导班子集体学法",
                "date": "2020-07-24",
                "content": "政务处分法",
                "laws": [records["a"].law.pk],
                "hours": "1.5",
            }
        ),
        content_type=JSON,
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["kind_display"] == "领导班子集体学法" and data["laws"] == [records["a"].law.pk]
    session = StudySession.objects.get(pk=data["id"])
    assert session.street == world.a.street and last_audit().action == Action.CREATE
    patched = client.patch(
        f"/api/study-sessions/{session.pk}/", data={"hours": "2"}, content_type=JSON
    )
    assert patched.status_code == 200 and patched.json()["hours"] == "2.0"


def test_bad_input_is_422_in_chinese_and_nothing_written(world, records):
    before = StudyAttendance.objects.count()
    response = world.client(world.clerk_a).post(
        "/api/study-attendance/",
        data={"session": records["a"].session.pk, "user": world.clerk_a.pk},
        content_type=JSON,
    )
    assert response.status_code == 422
    assert "已有签到记录" in json.dumps(response.json(), ensure_ascii=False)
    other = world.client(world.clerk_a).post(
        "/api/study-attendance/",
        data={"session": records["b"].session.pk, "user": world.staff_a.pk},
        content_type=JSON,
    )
    assert other.status_code == 422
    assert StudyAttendance.objects.count() == before


def test_staff_record_their_own_self_study_over_the_api(world, records):
    client = world.client(world.staff_a)
    assert ids(client.get("/api/self-studies/")) == set()
    created = client.post(
        "/api/self-studies/",
        data={"user": world.staff_a.pk, "date": "2020-07-05", "material": "宪法", "hours": "1"},
        content_type=JSON,
    )
    assert created.status_code == 201, created.content
    assert SelfStudy.objects.get(pk=created.json()["id"]).user == world.staff_a
    refused = client.post(
        "/api/self-studies/",
        data={"user": world.clerk_a.pk, "date": "2020-07-05", "material": "宪法", "hours": "1"},
        content_type=JSON,
    )
    assert refused.status_code == 422
    assert client.get(f"/api/self-studies/{records['a'].self_study.pk}/").status_code == 404


def test_literate_phone_is_masked_in_the_api(world, records):
    data = world.client(world.clerk_a).get(f"/api/legal-literates/{records['a'].literate.pk}/")
    body = data.json()
    assert body["phone_masked"] == "135****5678" and "phone" not in body
    assert body["source_display"] == "村干部"
