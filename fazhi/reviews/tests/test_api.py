"""Legality review and major decisions over the API: the same scope, rights and rules as the
pages, the steps as operations, the schema renders."""

from __future__ import annotations

import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from fazhi.audit.models import Action, AuditEntry
from fazhi.reviews import services
from fazhi.reviews.models import MajorDecision, PublicComment, ReviewRequest
from fazhi.reviews.tests.helpers import (
    PDF,
    last_audit,
    make_decision,
    make_request,
    open_june,
    pdf,
    prepare,
)

pytestmark = pytest.mark.django_db
JSON = "application/json"


def post(client, url, data):
    return client.post(url, json.dumps(data), content_type=JSON)


def test_the_schema_renders_with_every_operation(world):
    schema = world.client(world.clerk_a).get("/api/openapi.json").json()
    paths = schema["paths"]
    for path in [
        "/api/review-requests/",
        "/api/review-requests/{id}/",
        "/api/review-requests/{id}/document/",
        "/api/review-requests/{id}/opinion/",
        "/api/review-requests/{id}/withdraw/",
        "/api/review-requests/{id}/fate/",
        "/api/major-decisions/",
        "/api/major-decisions/{id}/participation/open/",
        "/api/major-decisions/{id}/legality/",
        "/api/major-decisions/{id}/discussion/",
        "/api/major-decisions/{id}/decide/",
        "/api/public-comments/",
        "/api/public-comments/{id}/respond/",
    ]:
        assert path in paths, path
    out = schema["components"]["schemas"]["ReviewRequestOut"]["properties"]
    assert "document_url" in out and "document_sha256" in out and "document" not in out
    decision = schema["components"]["schemas"]["MajorDecisionOut"]["properties"]
    assert "steps" in decision and "draft" not in decision
    assert set(paths["/api/public-comments/{id}/"]) == {"get"}


def test_review_requests_read_scope_and_document_link(world, dept, legal, media):
    req = make_request(world, dept, document=pdf())
    client = world.client(world.clerk_a)
    rows = client.get("/api/review-requests/").json()["results"]
    assert [r["id"] for r in rows] == [req.pk]
    row = rows[0]
    assert row["kind_display"] == "合同" and row["due_on"] == "2020-10-12"
    assert row["document_url"] == f"/api/review-requests/{req.pk}/document/"
    download = client.get(row["document_url"])
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert world.client(world.clerk_b).get(f"/api/review-requests/{req.pk}/").status_code == 404
    assert world.client(world.grid_worker).get("/api/review-requests/").status_code == 403


def test_a_department_creates_a_request_over_the_api(world, dept, dept_staff):
    client = world.client(dept_staff)
    response = post(
        client,
        "/api/review-requests/",
        {
            "title": "车辆租赁合同",
            "kind": "contract",
            "department": dept.pk,
            "received_on": "2020-09-28",
        },
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["due_on"], body["status"], body["requested_by"]) == (
        "2020-10-12",
        "received",
        dept_staff.pk,
    )
    entry = last_audit()
    assert (entry.action, entry.object_id) == (Action.CREATE, str(body["id"]))
    # It may not assign, nor edit afterwards.
    refused = post(
        client,
        "/api/review-requests/",
        {
            "title": "另一合同",
            "kind": "contract",
            "department": dept.pk,
            "received_on": "2020-09-28",
            "reviewer": world.reviewer.pk,
        },
    )
    assert refused.status_code == 422
    assert "只有司法所可以指定法律顾问和审查人员" in refused.json()["detail"]
    patch = client.patch(
        f"/api/review-requests/{body['id']}/", json.dumps({"title": "改名"}), content_type=JSON
    )
    assert patch.status_code == 403


def test_the_seven_working_days_hold_over_the_api(world, dept):
    before = (ReviewRequest.objects.count(), AuditEntry.objects.count())
    response = post(
        world.client(world.clerk_a),
        "/api/review-requests/",
        {
            "title": "决策审查",
            "kind": "major_decision",
            "department": dept.pk,
            "received_on": "2020-09-28",
            "due_on": "2020-10-13",
        },
    )
    assert response.status_code == 422
    assert "最早为2020年10月14日" in response.json()["errors"]["due_on"][0]
    assert (ReviewRequest.objects.count(), AuditEntry.objects.count()) == before


def test_the_lawyer_gives_the_opinion_over_the_api_once(world, dept, legal):
    req = make_request(world, dept, adviser=legal.lawyer_a)
    other = make_request(world, dept, title="他人的合同", adviser=legal.other_lawyer_a)
    client = world.client(legal.lawyer_user)
    assert [r["id"] for r in client.get("/api/review-requests/").json()["results"]] == [req.pk]
    body = {"opinion": "合法。", "conclusion": "approved", "completed_on": "2020-10-09"}
    response = post(client, f"/api/review-requests/{req.pk}/opinion/", body)
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "completed"
    assert last_audit().actor == legal.lawyer_user
    again = post(client, f"/api/review-requests/{req.pk}/opinion/", body)
    assert again.status_code == 422 and "不能重复出具" in again.json()["detail"]
    assert post(client, f"/api/review-requests/{other.pk}/opinion/", body).status_code == 404
    # A lawyer has the change right but edits no particulars.
    patch = client.patch(
        f"/api/review-requests/{req.pk}/", json.dumps({"title": "改名"}), content_type=JSON
    )
    assert patch.status_code == 403


def test_a_bad_opinion_body_is_refused_in_chinese(world, dept, legal):
    req = make_request(world, dept, adviser=legal.lawyer_a)
    response = post(
        world.client(legal.lawyer_user),
        f"/api/review-requests/{req.pk}/opinion/",
        {"opinion": "", "conclusion": "maybe", "completed_on": "2020-13-01"},
    )
    assert response.status_code == 422
    assert "conclusion" in response.json()["errors"]
    req.refresh_from_db()
    assert req.status == ReviewRequest.Status.IN_REVIEW


def test_the_procedure_over_the_api(world, dept, legal):
    client = world.client(world.clerk_a)
    created = post(
        client,
        "/api/major-decisions/",
        {"title": "停车场收费方案", "department": dept.pk, "background": "规范停车秩序。"},
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    url = f"/api/major-decisions/{pk}"
    with time_machine.travel(date(2020, 6, 1)):
        # A client of its own: a session touched in 2020 would have expired by today.
        opener = world.client(world.clerk_a)
        short = post(
            opener,
            f"{url}/participation/open/",
            {"opens_on": "2020-06-01", "closes_on": "2020-06-30"},
        )
        assert short.status_code == 422
        assert (
            "29日（自开始之日的次日起算），少于30日"
            in short.json()["errors"]["short_period_reason"][0]
        )
        opened = post(
            opener,
            f"{url}/participation/open/",
            {"opens_on": "2020-06-01", "closes_on": "2020-07-01"},
        )
    assert opened.status_code == 200 and opened.json()["status"] == "consulting"
    decide = post(client, f"{url}/decide/", {"decided_on": "2020-07-20", "decision_text": "同意。"})
    assert decide.status_code == 422 and "不能作出决定" in decide.json()["detail"]
    assert post(client, f"{url}/participation/close/", {"summary": "无意见。"}).status_code == 200
    assert (
        post(client, f"{url}/expert/waive/", {"reason": "不涉及专业技术问题。"}).status_code == 200
    )
    assert post(client, f"{url}/risk/waive/", {"reason": "风险极低。"}).status_code == 200
    legality = post(
        client, f"{url}/legality/", {"received_on": "2020-09-28", "adviser": legal.lawyer_a.pk}
    )
    assert legality.status_code == 201, legality.content
    assert (legality.json()["due_on"], legality.json()["kind"]) == ("2020-10-14", "major_decision")
    review = ReviewRequest.objects.get(pk=legality.json()["id"])
    services.review_request_complete(
        review,
        actor=legal.lawyer_user,
        opinion="合法。",
        conclusion="approved",
        completed_on=date(2020, 10, 9),
    )
    discussion = post(
        client,
        f"{url}/discussion/",
        {
            "discussed_on": "2020-10-15",
            "meeting_name": "主任办公会议",
            "attendees": [world.leader.pk, world.clerk_a.pk],
            "head_spoke_last": True,
            "discussion_record": "同意。",
        },
    )
    assert discussion.status_code == 200, discussion.content
    decided = post(
        client, f"{url}/decide/", {"decided_on": "2020-10-16", "decision_text": "同意。"}
    )
    assert decided.status_code == 200
    steps = {s["key"]: s["state"] for s in decided.json()["steps"]}
    assert steps["discussion"] == "done" and steps["expert"] == "not_required"
    assert steps["publication"] == "missing"
    assert MajorDecision.objects.get(pk=pk).status == MajorDecision.Status.DECIDED


def test_decision_steps_need_the_right_and_the_street(world, dept):
    decision = make_decision(world, dept)
    body = {"reason": "不需要。"}
    assert (
        post(
            world.client(world.leader), f"/api/major-decisions/{decision.pk}/expert/waive/", body
        ).status_code
        == 403
    )
    assert (
        post(
            world.client(world.clerk_b), f"/api/major-decisions/{decision.pk}/expert/waive/", body
        ).status_code
        == 404
    )
    decision.refresh_from_db()
    assert decision.expert_required is True


def test_public_comments_for_staff_only(world, dept, legal):
    decision = make_decision(world, dept)
    open_june(decision, world)
    comment = services.comment_submit(
        decision,
        content="意见",
        name="孙七",
        now=datetime(2020, 6, 2, tzinfo=ZoneInfo("Asia/Shanghai")),
    )
    rows = (
        world.client(world.clerk_a).get("/api/public-comments/", {"decision": decision.pk}).json()
    )
    assert rows["results"][0]["name"] == "孙七"
    assert world.client(legal.lawyer_user).get("/api/public-comments/").status_code == 403
    assert world.client(world.clerk_b).get(f"/api/public-comments/{comment.pk}/").status_code == 404
    answered = post(
        world.client(world.clerk_a),
        f"/api/public-comments/{comment.pk}/respond/",
        {"response": "已采纳。"},
    )
    assert answered.status_code == 200 and answered.json()["response"] == "已采纳。"
    assert PublicComment.objects.get().response == "已采纳。"


def test_the_decision_out_lists_the_steps(world, dept, legal):
    decision = prepare(make_decision(world, dept), world, legal)
    body = world.client(world.clerk_a).get(f"/api/major-decisions/{decision.pk}/").json()
    assert [s["key"] for s in body["steps"]][:4] == ["participation", "expert", "risk", "legality"]
    assert body["status"] == "discussion" and body["draft_url"] is None


def test_decision_lists_cost_the_same_queries_for_more_rows(world, dept, legal):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = world.client(world.clerk_a)

    def queries(url: str) -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    prepare(make_decision(world, dept), world, legal)
    one = (queries("/api/major-decisions/"), queries("/office/reviews/decisions/"))
    for n in range(3):
        prepare(make_decision(world, dept, title=f"决策{n}"), world, legal)
    assert (queries("/api/major-decisions/"), queries("/office/reviews/decisions/")) == one
