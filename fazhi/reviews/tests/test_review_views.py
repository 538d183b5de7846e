"""Back-office pages of legality review: status, database, audit row; wrong method, another
street (404), a role without the right (403), bad input; who may give the opinion."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest
import time_machine

from fazhi.audit.models import Action, AuditEntry
from fazhi.reviews import services
from fazhi.reviews.models import ReviewRequest
from fazhi.reviews.tests.helpers import PDF, last_audit, make_decision, make_request, pdf

pytestmark = pytest.mark.django_db
BASE = "/office/reviews/requests/"


def counts() -> tuple[int, int]:
    return ReviewRequest.objects.count(), AuditEntry.objects.count()


def test_list_needs_login_and_the_right(world, anon):
    response = anon.get(BASE)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert world.client(world.grid_worker).get(BASE).status_code == 403
    assert world.client(world.leader).get(BASE).status_code == 200


def test_list_shows_own_street_with_deadline_flags_and_filters(world, dept, dept_b, legal):
    late = make_request(world, dept, title="逾期的合同", due_on=date(2020, 10, 9))
    make_request(world, dept, title="按期的合同", due_on=date(2020, 10, 30))
    services.review_request_create(
        street=world.b.street,
        actor=world.clerk_b,
        title="乙街的合同",
        kind="contract",
        department=dept_b,
        received_on=date(2020, 9, 28),
    )
    with time_machine.travel(date(2020, 10, 12), tick=False):
        client = world.client(world.clerk_a)
        text = client.get(BASE).content.decode()
        assert "逾期的合同" in text and "按期的合同" in text and "乙街的合同" not in text
        assert "已逾期 1 件" in text
        filtered = client.get(BASE, {"deadline": "overdue"}).content.decode()
        assert "逾期的合同" in filtered and "按期的合同" not in filtered
        by_kind = client.get(BASE, {"received_from": "2020-09-28", "kind": "contract"})
        assert late.title in by_kind.content.decode()
        response = client.get(BASE, {"received_from": "2020-13-01"})
        assert response.status_code == 400 and "逾期的合同" not in response.content.decode()


def test_list_exports_to_excel_and_audits(world, dept):
    make_request(world, dept)
    response = world.client(world.clerk_a).get(BASE, {"format": "xlsx", "kind": "contract"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    entry = last_audit()
    assert entry.action == Action.EXPORT and entry.object_type == "reviews.reviewrequest"


def test_department_staff_send_a_document(world, dept, media, dept_staff):
    client = world.client(dept_staff)
    response = client.post(
        f"{BASE}new/",
        {
            "title": "道路保洁服务合同",
            "kind": "contract",
            "department": dept.pk,
            "counterparty": "天津市某保洁公司",
            "amount": "120000.00",
            "received_on": "2020-09-28",
            "document": pdf(),
        },
    )
    req = ReviewRequest.objects.get(title="道路保洁服务合同")
    assert response.status_code == 302 and response["Location"] == f"{BASE}{req.pk}/"
    assert (req.street, req.requested_by, req.due_on) == (
        world.a.street,
        dept_staff,
        date(2020, 10, 12),
    )
    assert req.document_sha256 == hashlib.sha256(PDF).hexdigest()
    entry = last_audit()
    assert (entry.action, entry.object_id, entry.actor) == (
        Action.CREATE,
        str(req.pk),
        dept_staff,
    )
    detail = client.get(f"{BASE}{req.pk}/").content.decode()
    assert req.document_sha256 in detail
    download = client.get(f"{BASE}{req.pk}/document/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    # A department does not assign the adviser.
    sneaky = client.post(
        f"{BASE}new/",
        {
            "title": "另一合同",
            "kind": "contract",
            "department": dept.pk,
            "received_on": "2020-09-28",
            "reviewer": world.reviewer.pk,
        },
    )
    assert sneaky.status_code == 400
    assert "只有司法所可以指定法律顾问和审查人员" in sneaky.content.decode()
    assert not ReviewRequest.objects.filter(title="另一合同").exists()


def test_bad_input_is_refused_in_chinese_and_nothing_is_written(world, dept, media):
    before = counts()
    response = world.client(world.clerk_a).post(
        f"{BASE}new/",
        {
            "title": "",
            "kind": "castle",
            "department": dept.pk,
            "received_on": "2020-09-28",
            "document": pdf("病毒.pdf", b"MZ\x90\x00 not a document"),
        },
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "这个字段是必填项" in text and "只能上传PDF" in text
    assert counts() == before


def test_a_major_decision_request_under_seven_working_days_is_refused_on_the_page(world, dept):
    before = counts()
    response = world.client(world.clerk_a).post(
        f"{BASE}new/",
        {
            "title": "决策审查",
            "kind": "major_decision",
            "department": dept.pk,
            "received_on": "2020-09-28",
            "due_on": "2020-10-05",
        },
    )
    assert response.status_code == 400
    assert "审查期限最早为2020年10月14日" in response.content.decode()
    assert counts() == before


def test_the_office_assigns_and_edits(world, dept, legal):
    req = make_request(world, dept)
    response = world.client(world.clerk_a).post(
        f"{BASE}{req.pk}/edit/",
        {
            "title": req.title,
            "kind": "contract",
            "department": dept.pk,
            "received_on": "2020-09-28",
            "due_on": "",
            "adviser": legal.lawyer_a.pk,
        },
    )
    assert response.status_code == 302
    req.refresh_from_db()
    assert (req.adviser, req.status, req.due_on) == (
        legal.lawyer_a,
        ReviewRequest.Status.IN_REVIEW,
        date(2020, 10, 12),
    )
    assert last_audit().changes["after"] == {"adviser": legal.lawyer_a.pk, "status": "in_review"}


@pytest.mark.parametrize("who", ["reviewer", "staff_a", "leader"])
def test_others_may_not_edit_a_request(world, dept, who):
    req = make_request(world, dept)
    client = world.client(getattr(world, who))
    assert client.get(f"{BASE}{req.pk}/edit/").status_code == 403
    assert client.post(f"{BASE}{req.pk}/delete/").status_code == 403
    assert ReviewRequest.objects.filter(pk=req.pk).exists()


def test_another_streets_request_is_404(world, dept):
    req = make_request(world, dept)
    client = world.client(world.clerk_b)
    for suffix in ("", "edit/", "delete/", "document/", "opinion/", "withdraw/", "fate/"):
        assert client.get(f"{BASE}{req.pk}/{suffix}").status_code == 404, suffix


def test_the_assigned_lawyer_gives_the_opinion(world, dept, legal):
    req = make_request(world, dept, adviser=legal.lawyer_a)
    client = world.client(legal.lawyer_user)
    assert client.get(f"{BASE}{req.pk}/opinion/").status_code == 200
    response = client.post(
        f"{BASE}{req.pk}/opinion/",
        {"opinion": "合法。", "conclusion": "approved", "completed_on": "2020-10-09"},
    )
    assert response.status_code == 302 and response["Location"] == f"{BASE}{req.pk}/"
    req.refresh_from_db()
    assert (req.status, req.conclusion, req.opinion) == ("completed", "approved", "合法。")
    entry = last_audit()
    assert (entry.action, entry.actor) == (Action.TRANSITION, legal.lawyer_user)
    # Only once.
    again = client.post(
        f"{BASE}{req.pk}/opinion/",
        {"opinion": "不合法。", "conclusion": "rejected", "completed_on": "2020-10-09"},
    )
    assert again.status_code == 400 and "不能重复出具" in again.content.decode()
    req.refresh_from_db()
    assert req.conclusion == "approved"


def test_a_lawyer_sees_only_the_requests_assigned_to_them(world, dept, legal):
    mine = make_request(world, dept, title="分给王律师的合同", adviser=legal.lawyer_a)
    theirs = make_request(world, dept, title="分给赵律师的合同", adviser=legal.other_lawyer_a)
    client = world.client(legal.lawyer_user)
    text = client.get(BASE).content.decode()
    assert mine.title in text and theirs.title not in text
    assert client.get(f"{BASE}{theirs.pk}/").status_code == 404
    assert client.get(f"{BASE}{theirs.pk}/opinion/").status_code == 404


def test_a_reviewer_completes_only_their_own(world, dept, legal):
    other = make_request(world, dept, adviser=legal.lawyer_a)
    mine = make_request(world, dept, title="采购合同", reviewer=world.reviewer)
    client = world.client(world.reviewer)
    assert client.get(f"{BASE}{other.pk}/").status_code == 200
    response = client.post(
        f"{BASE}{other.pk}/opinion/",
        {"opinion": "合法。", "conclusion": "approved", "completed_on": "2020-10-09"},
    )
    assert response.status_code == 403
    other.refresh_from_db()
    assert other.status == ReviewRequest.Status.IN_REVIEW
    response = client.post(
        f"{BASE}{mine.pk}/opinion/",
        {"opinion": "合法。", "conclusion": "approved", "completed_on": "2020-10-09"},
    )
    assert response.status_code == 302


def test_an_opinion_without_text_is_refused_on_the_page(world, dept, legal):
    req = make_request(world, dept, adviser=legal.lawyer_a)
    before = counts()
    response = world.client(legal.lawyer_user).post(
        f"{BASE}{req.pk}/opinion/", {"opinion": "", "conclusion": "maybe", "completed_on": "x"}
    )
    assert response.status_code == 400
    assert "这个字段是必填项" in response.content.decode()
    assert counts() == before


def test_the_sender_withdraws_and_records_the_fate(world, dept, legal, dept_staff):
    req = services.review_request_create(
        street=world.a.street,
        actor=dept_staff,
        title="租赁合同",
        kind="contract",
        department=dept,
        received_on=date(2020, 9, 28),
    )
    client = world.client(dept_staff)
    response = client.post(f"{BASE}{req.pk}/withdraw/", {"reason": "合同相对方放弃签约。"})
    assert response.status_code == 302
    req.refresh_from_db()
    assert req.status == ReviewRequest.Status.WITHDRAWN
    assert last_audit().changes["after"]["withdraw_reason"] == "合同相对方放弃签约。"
    # Another department's member may not.
    other = make_request(world, dept, adviser=legal.lawyer_a)
    assert client.post(f"{BASE}{other.pk}/withdraw/", {"reason": "x"}).status_code == 403
    services.review_request_complete(
        other,
        actor=legal.lawyer_user,
        opinion="合法。",
        conclusion="approved",
        completed_on=date(2020, 10, 9),
    )
    response = world.client(world.clerk_a).post(
        f"{BASE}{other.pk}/fate/", {"fate": "adopted", "fate_note": "已签订。"}
    )
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.fate == "adopted"


def test_the_office_deletes_an_open_request(world, dept):
    req = make_request(world, dept)
    client = world.client(world.clerk_a)
    assert client.get(f"{BASE}{req.pk}/delete/").status_code == 200
    response = client.post(f"{BASE}{req.pk}/delete/")
    assert response.status_code == 302
    assert not ReviewRequest.objects.filter(pk=req.pk).exists()
    entry = last_audit()
    assert (entry.action, entry.object_id) == (Action.DELETE, str(req.pk))


def test_a_withdrawn_decision_review_is_not_deleted_on_the_page(world, dept, legal):
    decision = make_decision(world, dept)
    review = services.decision_request_legality_review(
        decision, actor=world.clerk_a, received_on=date(2020, 7, 2), adviser=legal.lawyer_a
    )
    services.review_request_withdraw(review, actor=world.clerk_a, reason="草案需大改。")
    client = world.client(world.clerk_a)
    assert f"{BASE}{review.pk}/delete/" not in client.get(f"{BASE}{review.pk}/").content.decode()
    before = AuditEntry.objects.count()
    response = client.post(f"{BASE}{review.pk}/delete/")
    assert response.status_code == 400
    assert "决策程序的记录，不能删除" in response.content.decode()
    assert ReviewRequest.objects.filter(pk=review.pk).exists()
    assert AuditEntry.objects.count() == before


def test_wrong_methods(world, dept):
    req = make_request(world, dept)
    client = world.client(world.clerk_a)
    assert client.post(BASE).status_code == 405
    assert client.post(f"{BASE}{req.pk}/").status_code == 405
    assert client.delete(f"{BASE}{req.pk}/edit/").status_code == 405


def test_the_list_costs_the_same_queries_for_more_rows(world, dept, legal):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = world.client(world.clerk_a)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(BASE).status_code == 200
        return len(ctx.captured_queries)

    make_request(world, dept, adviser=legal.lawyer_a, reviewer=world.reviewer)
    one = queries()
    for n in range(3):
        make_request(world, dept, title=f"合同{n}", adviser=legal.other_lawyer_a)
    assert queries() == one
