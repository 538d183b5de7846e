"""Legality review requests: deadlines in working days, the opinion given once, withdrawal,
the document's fate, and the file's fingerprint."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError

from fazhi.audit.models import Action
from fazhi.reviews import selectors, services
from fazhi.reviews.models import ReviewRequest
from fazhi.reviews.tests.helpers import PDF, last_audit, make_decision, make_request, pdf

pytestmark = pytest.mark.django_db


def complete(req, actor, **fields):
    data = {
        "opinion": "合同条款合法有效，建议明确违约责任。",
        "conclusion": ReviewRequest.Conclusion.APPROVED_WITH_CHANGES,
        "completed_on": date(2020, 10, 9),
        **fields,
    }
    return services.review_request_complete(req, actor=actor, **data)


def test_a_contract_gets_five_working_days_counted_over_the_holiday(world, dept):
    req = make_request(world, dept)
    # 28 September 2020 + 5 working days: 29, 30 September, 9, 10 (a make-up Saturday), 12 October.
    assert req.due_on == date(2020, 10, 12)
    assert req.status == ReviewRequest.Status.RECEIVED
    assert req.requested_by == world.clerk_a
    entry = last_audit()
    assert (entry.action, entry.object_id) == (Action.CREATE, str(req.pk))
    assert entry.changes["after"]["due_on"] == "2020-10-12"


def test_a_major_decision_request_needs_seven_working_days(world, dept):
    with pytest.raises(ValidationError) as exc:
        make_request(
            world,
            dept,
            kind=ReviewRequest.Kind.MAJOR_DECISION,
            due_on=date(2020, 10, 12),
        )
    assert "审查期限最早为2020年10月14日" in exc.value.message_dict["due_on"][0]
    assert not ReviewRequest.objects.exists()
    req = make_request(world, dept, kind=ReviewRequest.Kind.MAJOR_DECISION)
    assert req.due_on == date(2020, 10, 14)


def test_an_assigned_request_is_in_review_at_once(world, dept, legal):
    req = make_request(world, dept, adviser=legal.lawyer_a)
    assert req.status == ReviewRequest.Status.IN_REVIEW
    other = make_request(world, dept, title="采购合同")
    services.review_request_update(other, actor=world.clerk_a, reviewer=world.reviewer)
    other.refresh_from_db()
    assert other.status == ReviewRequest.Status.IN_REVIEW
    assert last_audit().changes["after"] == {"reviewer": world.reviewer.pk, "status": "in_review"}


def test_a_reviewer_needs_a_legal_qualification(world, dept):
    with pytest.raises(ValidationError) as exc:
        make_request(world, dept, reviewer=world.clerk_a)
    assert "须具备法律职业资格" in exc.value.message_dict["reviewer"][0]


def test_another_streets_adviser_is_refused(world, dept, legal):
    with pytest.raises(ValidationError) as exc:
        make_request(world, dept, adviser=legal.lawyer_b)
    assert exc.value.message_dict == {"adviser": ["所选法律顾问不属于本街道。"]}


def test_the_document_is_fingerprinted(world, dept, media):
    req = make_request(world, dept, document=pdf())
    req.refresh_from_db()
    assert req.document_sha256 == hashlib.sha256(PDF).hexdigest()
    assert req.document.name.startswith("reviews/") and req.document.name.endswith(".pdf")
    assert "合同" not in req.document.name


def test_the_opinion_is_recorded_once(world, dept, legal):
    req = make_request(world, dept, adviser=legal.lawyer_a)
    complete(req, legal.lawyer_user)
    req.refresh_from_db()
    assert req.status == ReviewRequest.Status.COMPLETED
    assert req.conclusion == ReviewRequest.Conclusion.APPROVED_WITH_CHANGES
    assert req.completed_on == date(2020, 10, 9)
    entry = last_audit()
    assert (entry.action, entry.actor) == (Action.TRANSITION, legal.lawyer_user)
    assert entry.changes["after"]["status"] == "completed" and entry.changes["overdue"] is False
    with pytest.raises(ValidationError) as exc:
        complete(req, legal.lawyer_user, conclusion=ReviewRequest.Conclusion.REJECTED)
    assert exc.value.messages == ["该审查事项已于2020年10月9日出具审查意见，不能重复出具。"]
    req.refresh_from_db()
    assert req.conclusion == ReviewRequest.Conclusion.APPROVED_WITH_CHANGES


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        ({"opinion": "  "}, {"opinion": ["请填写审查意见。"]}),
        ({"conclusion": ""}, {"conclusion": ["请选择审查结论：同意、修改后同意或不同意。"]}),
        ({"completed_on": None}, {"completed_on": ["请填写出具意见日期。"]}),
        (
            {"completed_on": date(2020, 9, 27)},
            {"completed_on": ["出具意见日期不能早于受理日期（2020年9月28日）。"]},
        ),
    ],
)
def test_an_incomplete_opinion_is_refused(world, dept, legal, fields, errors):
    req = make_request(world, dept, adviser=legal.lawyer_a)
    with pytest.raises(ValidationError) as exc:
        complete(req, legal.lawyer_user, **fields)
    assert exc.value.message_dict == errors
    req.refresh_from_db()
    assert req.status == ReviewRequest.Status.IN_REVIEW and req.opinion == ""


def test_an_opinion_dated_tomorrow_is_refused(world, dept, legal):
    req = make_request(world, dept, adviser=legal.lawyer_a)
    with time_machine.travel(date(2020, 10, 8), tick=False), pytest.raises(ValidationError) as exc:
        complete(req, legal.lawyer_user)
    assert exc.value.message_dict == {
        "completed_on": ["出具意见日期不能晚于今天（2020年10月8日）。"]
    }


def test_an_opinion_needs_an_assigned_adviser_or_reviewer(world, dept):
    req = make_request(world, dept)
    with pytest.raises(ValidationError) as exc:
        complete(req, world.clerk_a)
    assert exc.value.messages == ["请先指定法律顾问或审查人员，再登记审查意见。"]


def test_a_withdrawn_request_takes_no_opinion(world, dept, legal):
    req = make_request(world, dept, adviser=legal.lawyer_a)
    with pytest.raises(ValidationError) as exc:
        services.review_request_withdraw(req, actor=world.clerk_a, reason=" ")
    assert exc.value.message_dict == {"reason": ["请填写撤回理由。"]}
    services.review_request_withdraw(req, actor=world.clerk_a, reason="项目取消。")
    req.refresh_from_db()
    assert (req.status, req.withdraw_reason) == (ReviewRequest.Status.WITHDRAWN, "项目取消。")
    with pytest.raises(ValidationError) as exc:
        complete(req, legal.lawyer_user)
    assert exc.value.messages == ["该审查事项已撤回，不能出具审查意见。"]


def test_a_completed_request_is_neither_changed_nor_deleted(world, dept, legal):
    req = make_request(world, dept, adviser=legal.lawyer_a)
    complete(req, legal.lawyer_user)
    with pytest.raises(ValidationError):
        services.review_request_update(req, actor=world.clerk_a, title="改名")
    with pytest.raises(ValidationError) as exc:
        services.review_request_delete(req, actor=world.clerk_a)
    assert "不能删除" in exc.value.messages[0]
    assert ReviewRequest.objects.filter(pk=req.pk, title="幸福路社区物业服务合同").exists()


def test_the_fate_is_recorded_after_the_opinion(world, dept, legal):
    req = make_request(world, dept, adviser=legal.lawyer_a)
    with pytest.raises(ValidationError) as exc:
        services.review_request_set_fate(req, actor=world.clerk_a, fate="adopted")
    assert exc.value.messages == ["尚未出具审查意见，不能登记文件的后续情况。"]
    complete(req, legal.lawyer_user)
    services.review_request_set_fate(
        req, actor=world.clerk_a, fate="amended", fate_note="按意见修改第五条后签订。"
    )
    req.refresh_from_db()
    assert (req.fate, req.fate_note) == ("amended", "按意见修改第五条后签订。")
    assert last_audit().changes["after"] == {
        "fate": "amended",
        "fate_note": "按意见修改第五条后签订。",
    }


def test_signing_against_a_rejection_needs_a_reason(world, dept, legal):
    req = make_request(world, dept, adviser=legal.lawyer_a)
    complete(req, legal.lawyer_user, conclusion=ReviewRequest.Conclusion.REJECTED)
    with pytest.raises(ValidationError) as exc:
        services.review_request_set_fate(req, actor=world.clerk_a, fate="adopted")
    assert "须说明理由" in exc.value.message_dict["fate_note"][0]


def test_the_opinion_fields_cannot_be_set_on_create(world, dept):
    with pytest.raises(ValidationError) as exc:
        make_request(world, dept, conclusion="approved", status="completed")
    assert "审查结论、状态" in exc.value.messages[0]
    assert not ReviewRequest.objects.exists()


def test_overdue_and_due_soon(world, dept, legal):
    late = make_request(world, dept, title="逾期", due_on=date(2020, 10, 9))
    soon = make_request(world, dept, title="将到期", due_on=date(2020, 10, 13))
    later = make_request(world, dept, title="未到期", due_on=date(2020, 10, 30))
    done = make_request(
        world, dept, title="已完成", adviser=legal.lawyer_a, due_on=date(2020, 10, 9)
    )
    complete(done, legal.lawyer_user)
    qs = ReviewRequest.objects.all()
    today = date(2020, 10, 10)
    assert set(selectors.overdue(qs, today)) == {late}
    assert set(selectors.due_soon(qs, today)) == {soon}
    assert [selectors.deadline_flag(r, today) for r in (late, soon, later)] == [
        "overdue",
        "due_soon",
        "",
    ]
    done.refresh_from_db()
    assert selectors.deadline_flag(done, today) == ""


def test_a_withdrawn_request_stays_on_record(world, dept):
    req = make_request(world, dept)
    services.review_request_withdraw(req, actor=world.clerk_a, reason="合同相对方放弃签约。")
    with pytest.raises(ValidationError) as exc:
        services.review_request_delete(req, actor=world.clerk_a)
    assert exc.value.messages == ["已撤回的审查事项是审查工作的记录（含撤回理由），不能删除。"]
    req.refresh_from_db()
    assert req.withdraw_reason == "合同相对方放弃签约。"


def test_a_decisions_review_is_never_deleted(world, dept, legal):
    decision = make_decision(world, dept)
    review = services.decision_request_legality_review(
        decision, actor=world.clerk_a, received_on=date(2020, 7, 2), adviser=legal.lawyer_a
    )
    with pytest.raises(ValidationError) as exc:
        services.review_request_delete(review, actor=world.clerk_a)
    assert "决策程序的记录，不能删除" in exc.value.messages[0]
    services.review_request_withdraw(review, actor=world.clerk_a, reason="草案需大改。")
    with pytest.raises(ValidationError):
        services.review_request_delete(review, actor=world.clerk_a)
    assert ReviewRequest.objects.filter(pk=review.pk, status="withdrawn").exists()


def test_a_decisions_review_is_sent_only_from_the_decision(world, dept, legal, media):
    decision = make_decision(world, dept, draft=pdf("草案.pdf"))
    with pytest.raises(ValidationError) as exc:
        make_request(world, dept, kind="major_decision", major_decision=decision)
    assert "送交合法性审查" in exc.value.message_dict["major_decision"][0]
    assert not ReviewRequest.objects.exists()
