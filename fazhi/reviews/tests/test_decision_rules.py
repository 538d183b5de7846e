"""What the procedure decides on: the draft that was reviewed, a comment period that lies ahead,
a rejected draft sent again only once amended, the head's reason for departing from the
majority, and no personal data of commenters in the audit chain."""

from __future__ import annotations

import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from fazhi.audit.models import Action, AuditEntry
from fazhi.reviews import selectors, services
from fazhi.reviews.models import MajorDecision, ReviewRequest
from fazhi.reviews.tests.helpers import (
    discuss,
    last_audit,
    make_decision,
    open_june,
    pdf,
    prepare,
    review_approved,
)

pytestmark = pytest.mark.django_db
BASE = "/office/reviews/decisions/"
SHANGHAI = ZoneInfo("Asia/Shanghai")
NEW_DRAFT = b"%PDF-1.4\n% a different plan\n%%EOF\n"


def legality(decision: MajorDecision) -> selectors.Step:
    return {s.key: s for s in selectors.decision_steps(decision)}["legality"]


def send(decision, world, legal, **fields):
    data = {"received_on": date(2020, 7, 2), "adviser": legal.lawyer_a, **fields}
    return services.decision_request_legality_review(decision, actor=world.clerk_a, **data)


def reject(review, legal):
    return services.review_request_complete(
        review,
        actor=legal.lawyer_user,
        opinion="第三条与上位法冲突。",
        conclusion=ReviewRequest.Conclusion.REJECTED,
        completed_on=date(2020, 7, 10),
    )


# --- The decision is made on the draft that was reviewed -------------------------------------


@pytest.mark.parametrize(
    "change",
    [
        {"draft": "new"},
        {"background": "完全不同的方案内容。"},
        {"title": "另一个方案"},
    ],
)
def test_the_reviewed_draft_is_fixed_after_a_favourable_review(world, dept, legal, media, change):
    decision = prepare(make_decision(world, dept, draft=pdf("草案.pdf")), world, legal)
    sha = decision.draft_sha256
    before = AuditEntry.objects.count()
    if change.get("draft") == "new":
        change = {"draft": pdf("新草案.pdf", NEW_DRAFT)}
    with pytest.raises(ValidationError) as exc:
        services.decision_update(decision, actor=world.clerk_a, **change)
    assert exc.value.messages == [
        "决策草案已于2020年7月2日送交合法性审查（已出具意见：同意），决策事项、决策背景和主要内容、"
        "决策草案不能再修改；确需修改的，请先撤回送审，修改后重新送审。"
    ]
    decision.refresh_from_db()
    assert (decision.draft_sha256, decision.title) == (sha, "老旧小区加装电梯实施方案")
    assert AuditEntry.objects.count() == before


def test_the_draft_is_fixed_after_the_discussion_on_the_page(world, dept, legal, media):
    decision = discuss(
        prepare(make_decision(world, dept, draft=pdf("草案.pdf")), world, legal), world
    )
    sha = decision.draft_sha256
    response = world.client(world.clerk_a).post(
        f"{BASE}{decision.pk}/edit/",
        {
            "title": decision.title,
            "department": dept.pk,
            "background": "改了",
            "catalogue_year": 2020,
            "draft": pdf("新草案.pdf", NEW_DRAFT),
        },
    )
    assert response.status_code == 400
    assert "决策草案不能再修改" in response.content.decode()
    decision.refresh_from_db()
    assert decision.draft_sha256 == sha and decision.background != "改了"


def test_the_draft_is_fixed_while_under_review_and_open_again_once_withdrawn(
    world, dept, legal, media
):
    decision = make_decision(world, dept, draft=pdf("草案.pdf"))
    review = send(decision, world, legal)
    with pytest.raises(ValidationError) as exc:
        services.decision_update(decision, actor=world.clerk_a, background="改")
    assert "送交合法性审查（审查中）" in exc.value.messages[0]
    # The department and the catalogue year are not what the review looked at.
    services.decision_update(decision, actor=world.clerk_a, catalogue_year=2021)
    services.review_request_withdraw(review, actor=world.clerk_a, reason="草案需大改。")
    services.decision_update(
        decision, actor=world.clerk_a, background="改", draft=pdf("新草案.pdf", NEW_DRAFT)
    )
    decision.refresh_from_db()
    assert decision.background == "改" and decision.draft_sha256 != review.document_sha256
    entry = last_audit()
    assert entry.action == Action.UPDATE and "draft_sha256" in entry.changes["after"]


def test_only_a_review_of_the_current_draft_counts(world, dept, legal, media):
    decision = prepare(make_decision(world, dept, draft=pdf("草案.pdf")), world, legal)
    assert legality(decision).state == selectors.StepState.DONE
    # A draft changed behind the procedure's back (before this rule, or by hand in the database).
    MajorDecision.objects.filter(pk=decision.pk).update(draft_sha256="0" * 64)
    decision.refresh_from_db()
    step = legality(decision)
    assert step.state == selectors.StepState.MISSING
    assert step.note == (
        "2020年7月10日出具的审查意见所审查的文件与现行决策草案不一致，须将现行草案重新送审。"
    )
    with pytest.raises(ValidationError) as exc:
        discuss(decision, world)
    assert "集体讨论前须完成以下程序：合法性审查" in exc.value.messages[0]
    # The current draft may go for review again.
    again = send(decision, world, legal, received_on=date(2020, 7, 13))
    assert again.status == ReviewRequest.Status.IN_REVIEW


def test_a_decision_with_a_draft_sends_that_draft_not_another_document(world, dept, legal, media):
    decision = make_decision(world, dept, draft=pdf("草案.pdf"))
    with pytest.raises(ValidationError) as exc:
        send(decision, world, legal, document=pdf("别的文件.pdf", NEW_DRAFT))
    assert "送审的应为该草案" in exc.value.message_dict["document"][0]
    assert not ReviewRequest.objects.exists()


def test_the_document_of_a_decisions_review_is_not_replaced(world, dept, legal, media):
    decision = make_decision(world, dept, draft=pdf("草案.pdf"))
    review = send(decision, world, legal)
    with pytest.raises(ValidationError) as exc:
        services.review_request_update(
            review, actor=world.clerk_a, document=pdf("新草案.pdf", NEW_DRAFT)
        )
    assert "不能更换" in exc.value.message_dict["document"][0]
    review.refresh_from_db()
    assert review.document_sha256 == decision.draft_sha256


# --- A rejected draft goes again only once amended ------------------------------------------


def test_an_unchanged_draft_is_not_sent_again_after_a_rejection(world, dept, legal, media):
    decision = make_decision(world, dept, draft=pdf("草案.pdf"))
    reject(send(decision, world, legal), legal)
    with pytest.raises(ValidationError) as exc:
        send(decision, world, legal, received_on=date(2020, 7, 11))
    assert exc.value.messages == [
        "2020年7月10日的合法性审查结论为“不同意”，送审的决策草案未作修改：须修改决策草案后重新送审。"
    ]
    assert ReviewRequest.objects.count() == 1
    # Amended, it goes again.
    services.decision_update(decision, actor=world.clerk_a, draft=pdf("修改稿.pdf", NEW_DRAFT))
    decision.refresh_from_db()
    again = send(decision, world, legal, received_on=date(2020, 7, 11))
    assert again.document_sha256 == decision.draft_sha256


def test_without_a_draft_file_a_rejected_decision_needs_one_to_go_again(world, dept, legal):
    decision = make_decision(world, dept)
    reject(send(decision, world, legal), legal)
    with pytest.raises(ValidationError) as exc:
        send(decision, world, legal, received_on=date(2020, 7, 11))
    assert "须修改决策草案后重新送审" in exc.value.messages[0]


# --- The comment period lies ahead ----------------------------------------------------------


def test_a_comment_period_in_the_past_is_refused(world, dept):
    decision = make_decision(world, dept)
    with pytest.raises(ValidationError) as exc:
        open_june(decision, world, today=date(2020, 9, 1))
    assert exc.value.message_dict == {
        "opens_on": ["征求意见开始日期不能早于今天（2020年9月1日）：征求意见须向公众公开后进行。"]
    }
    decision.refresh_from_db()
    assert decision.status == MajorDecision.Status.DRAFTING and decision.comment_opens_on is None
    # Opening today, or announcing a period that starts later, is fine.
    open_june(decision, world, today=date(2020, 6, 1))
    decision.refresh_from_db()
    assert decision.status == MajorDecision.Status.CONSULTING


def test_a_backdated_period_is_refused_on_the_page(world, dept):
    decision = make_decision(world, dept)
    before = AuditEntry.objects.count()
    with time_machine.travel(datetime(2020, 9, 1, 9, tzinfo=SHANGHAI)):
        client = world.client(world.clerk_a)
        response = client.post(
            f"{BASE}{decision.pk}/participation/open/",
            {"opens_on": "2020-06-01", "closes_on": "2020-07-01"},
        )
    assert response.status_code == 400
    assert "征求意见开始日期不能早于今天（2020年9月1日）" in response.content.decode()
    decision.refresh_from_db()
    assert decision.comment_opens_on is None and AuditEntry.objects.count() == before


def test_a_period_ending_the_day_it_opens_is_refused(world, dept):
    with pytest.raises(ValidationError) as exc:
        open_june(make_decision(world, dept), world, closes_on=date(2020, 6, 1))
    assert exc.value.message_dict == {
        "closes_on": ["征求意见截止日期须晚于开始日期（期限自开始之日的次日起算）。"]
    }


# --- The head departing from the majority (第三十条) ------------------------------------------


def test_the_heads_reason_for_departing_from_the_majority_is_recorded(world, dept, legal):
    decision = prepare(make_decision(world, dept), world, legal)
    client = world.client(world.clerk_a)
    response = client.post(
        f"{BASE}{decision.pk}/discussion/",
        {
            "discussed_on": "2020-07-15",
            "meeting_name": "主任办公会议",
            "attendees": [world.leader.pk, world.clerk_a.pk],
            "head_spoke_last": "on",
            "discussion_record": "多数人主张暂缓实施。",
            "head_differs_reason": "  汛期前不实施将影响居民安全。 ",
        },
    )
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.head_differs_reason == "汛期前不实施将影响居民安全。"
    assert last_audit().changes["after"]["head_differs_reason"] == "汛期前不实施将影响居民安全。"
    text = client.get(f"{BASE}{decision.pk}/").content.decode()
    assert "行政首长拟作决定与多数人意见不一致的理由" in text
    assert "汛期前不实施将影响居民安全。" in text


# --- No personal data of the public in the audit chain --------------------------------------


def test_a_comments_audit_row_says_only_whether_a_name_and_contact_were_given(world, dept):
    decision = open_june(make_decision(world, dept), world)
    services.comment_submit(
        decision,
        content="建议增设无障碍坡道。",
        name="赵六",
        contact="13900000000",
        now=datetime(2020, 6, 2, 9, tzinfo=SHANGHAI),
    )
    entry = last_audit()
    after = entry.changes["after"]
    assert (after["name_given"], after["contact_given"]) == (True, True)
    assert after["content"] == "建议增设无障碍坡道。"
    dumped = json.dumps(entry.changes, ensure_ascii=False)
    assert "赵六" not in dumped and "13900000000" not in dumped
    services.comment_submit(
        decision, content="匿名意见。", now=datetime(2020, 6, 3, 9, tzinfo=SHANGHAI)
    )
    after = last_audit().changes["after"]
    assert (after["name_given"], after["contact_given"]) == (False, False)


def test_without_a_draft_file_the_review_of_what_was_sent_counts(world, dept, legal):
    decision = make_decision(world, dept)
    review_approved(decision, world, legal)
    decision.refresh_from_db()
    assert legality(decision).state == selectors.StepState.DONE
