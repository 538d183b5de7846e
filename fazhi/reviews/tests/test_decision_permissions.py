"""Who runs a major decision: a department prepares its own decisions and sends documents for
review in its own name; the collective discussion, the decision, publication, archiving and
abandoning are the office's (reviews.decide_majordecision). Pages, API and services alike."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fazhi.audit.models import AuditEntry
from fazhi.org.roles import Role
from fazhi.org.services import department_create
from fazhi.reviews import selectors, services
from fazhi.reviews.models import MajorDecision, ReviewRequest
from fazhi.reviews.tests.helpers import discuss, make_decision, prepare
from fazhi.testing import make_user

pytestmark = pytest.mark.django_db
BASE = "/office/reviews/decisions/"
JSON = "application/json"


@pytest.fixture
def outsider(world):
    """Staff of another department of street A."""
    other = department_create(street=world.a.street, actor=None, name="城市管理办公室")
    return make_user("dept_other", world.a.street, [Role.DEPARTMENT_STAFF], department=other)


def post_json(client, url, data):
    return client.post(url, json.dumps(data), content_type=JSON)


def test_the_office_alone_holds_the_decide_permission(world, dept_staff, legal):
    assert world.clerk_a.has_perm("reviews.decide_majordecision")
    for user in (dept_staff, world.staff_a, world.leader, world.reviewer, legal.lawyer_user):
        assert not user.has_perm("reviews.decide_majordecision"), user.username


# --- Another department's decision ---------------------------------------------------------


def test_another_departments_staff_cannot_touch_the_decision(world, dept, outsider):
    decision = make_decision(world, dept)
    client = world.client(outsider)
    assert client.get(f"{BASE}{decision.pk}/").status_code == 200  # may read
    before = AuditEntry.objects.count()
    for suffix, data in [
        ("edit/", {"title": "改名", "department": dept.pk, "background": "背景"}),
        ("expert/waive/", {"reason": "不需要。"}),
        ("risk/waive/", {"reason": "不需要。"}),
        ("participation/open/", {"opens_on": "2020-06-01", "closes_on": "2020-07-01"}),
        ("legality/", {"received_on": "2020-09-28"}),
        ("abandon/", {"reason": "不想做了。"}),
    ]:
        assert client.get(f"{BASE}{decision.pk}/{suffix}").status_code == 403, suffix
        assert client.post(f"{BASE}{decision.pk}/{suffix}", data).status_code == 403, suffix
    decision.refresh_from_db()
    assert (decision.title, decision.status, decision.expert_required) == (
        "老旧小区加装电梯实施方案",
        MajorDecision.Status.DRAFTING,
        True,
    )
    assert AuditEntry.objects.count() == before
    assert not ReviewRequest.objects.exists()
    with pytest.raises(PermissionDenied):
        services.decision_waive_risk(decision, actor=outsider, reason="不需要。")


def test_another_departments_staff_cannot_discuss_or_decide_over_the_api(
    world, dept, legal, outsider
):
    decision = prepare(make_decision(world, dept), world, legal)
    client = world.client(outsider)
    response = post_json(
        client,
        f"/api/major-decisions/{decision.pk}/discussion/",
        {
            "discussed_on": "2020-07-15",
            "meeting_name": "主任办公会议",
            "attendees": [outsider.pk],
            "head_spoke_last": True,
            "discussion_record": "同意。",
        },
    )
    assert response.status_code == 403
    response = post_json(
        client,
        f"/api/major-decisions/{decision.pk}/decide/",
        {"decided_on": "2020-07-16", "decision_text": "通过。"},
    )
    assert response.status_code == 403
    response = client.patch(
        f"/api/major-decisions/{decision.pk}/", json.dumps({"title": "改名"}), content_type=JSON
    )
    assert response.status_code == 403
    decision.refresh_from_db()
    assert (decision.discussed_on, decision.title) == (None, "老旧小区加装电梯实施方案")


# --- The own department: prepares, but does not decide -------------------------------------


def test_the_own_department_prepares_its_decision(world, dept, dept_staff, legal):
    client = world.client(dept_staff)
    response = client.post(
        f"{BASE}new/", {"title": "农贸市场改造方案", "department": dept.pk, "background": "老化。"}
    )
    assert response.status_code == 302
    decision = MajorDecision.objects.get(title="农贸市场改造方案")
    assert client.post(f"{BASE}{decision.pk}/expert/waive/", {"reason": "无"}).status_code == 302
    response = client.post(f"{BASE}{decision.pk}/legality/", {"received_on": "2020-09-28"})
    assert response.status_code == 302
    review = ReviewRequest.objects.get(major_decision=decision)
    assert (review.department, review.requested_by) == (dept, dept_staff)
    page = client.get(f"{BASE}{decision.pk}/").content.decode()
    assert f"{BASE}{decision.pk}/edit/" in page
    assert f"{BASE}{decision.pk}/abandon/" not in page
    assert f"{BASE}{decision.pk}/decide/" not in page


def test_the_own_department_does_not_discuss_decide_publish_or_abandon(
    world, dept, dept_staff, legal
):
    decision = prepare(make_decision(world, dept), world, legal)
    client = world.client(dept_staff)
    for suffix, data in [
        ("discussion/", {"discussed_on": "2020-07-15"}),
        ("decide/", {"decided_on": "2020-07-16", "decision_text": "通过。"}),
        ("abandon/", {"reason": "不做了。"}),
    ]:
        assert client.post(f"{BASE}{decision.pk}/{suffix}", data).status_code == 403, suffix
    with pytest.raises(PermissionDenied) as exc:
        services.decision_abandon(decision, actor=dept_staff, reason="不做了。")
    assert "由司法所（领导小组办公室）办理" in str(exc.value)
    discuss(decision, world)
    decision.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.decision_decide(
            decision, actor=dept_staff, decided_on=date(2020, 7, 16), decision_text="通过。"
        )
    decision.refresh_from_db()
    assert decision.status == MajorDecision.Status.DISCUSSION
    # The office does.
    services.decision_decide(
        decision, actor=world.clerk_a, decided_on=date(2020, 7, 16), decision_text="通过。"
    )
    decision.refresh_from_db()
    assert decision.status == MajorDecision.Status.DECIDED


def test_a_department_enters_decisions_only_for_itself(world, dept, dept_staff, outsider):
    with pytest.raises(ValidationError) as exc:
        services.decision_create(
            street=world.a.street,
            actor=outsider,
            title="某方案",
            department=dept,
            background="背景",
        )
    assert exc.value.message_dict == {
        "department": ["部门工作人员只能以本部门（城市管理办公室）的名义办理重大行政决策。"]
    }
    decision = make_decision(world, dept)
    with pytest.raises(ValidationError):
        services.decision_update(decision, actor=dept_staff, department=outsider.department)
    decision.refresh_from_db()
    assert decision.department == dept
    # The page offers the own department only.
    form = world.client(dept_staff).get(f"{BASE}new/").content.decode()
    assert "经济发展办公室" in form and "城市管理办公室" not in form


# --- Review requests in the own department's name (16a) ------------------------------------


def test_a_department_sends_for_review_only_in_its_own_name(world, dept, dept_staff, outsider):
    client = world.client(outsider)
    response = post_json(
        client,
        "/api/review-requests/",
        {"title": "合同", "kind": "contract", "department": dept.pk, "received_on": "2020-09-28"},
    )
    assert response.status_code == 422
    with pytest.raises(ValidationError) as exc:
        services.review_request_create(
            street=world.a.street,
            actor=outsider,
            title="合同",
            kind="contract",
            department=dept,
            received_on=date(2020, 9, 28),
        )
    assert exc.value.message_dict == {
        "department": ["部门工作人员只能以本部门（城市管理办公室）的名义送审。"]
    }
    with pytest.raises(ValidationError) as exc:
        services.review_request_create(
            street=world.a.street,
            actor=world.staff_a,
            title="合同",
            kind="contract",
            department=dept,
            received_on=date(2020, 9, 28),
        )
    assert "未归属任何部门" in exc.value.message_dict["department"][0]
    assert not ReviewRequest.objects.exists()
    # The own department, and the office for any department, may.
    services.review_request_create(
        street=world.a.street,
        actor=dept_staff,
        title="合同",
        kind="contract",
        department=dept,
        received_on=date(2020, 9, 28),
    )
    assert ReviewRequest.objects.get().requested_by == dept_staff
    assert selectors.may_send_for(world.clerk_a, outsider.department_id)
