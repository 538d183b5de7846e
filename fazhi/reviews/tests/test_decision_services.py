"""The procedure of a major decision (重大行政决策程序暂行条例): every required step before the
decision, the comment period, the legality review's working days, the order of the steps."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from fazhi.audit.models import Action
from fazhi.reviews import selectors, services
from fazhi.reviews.models import MajorDecision, PublicComment, ReviewRequest
from fazhi.reviews.tests.helpers import (
    consult,
    discuss,
    last_audit,
    make_decision,
    open_june,
    pdf,
    prepare,
    review_approved,
)

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def messages_of(exc: pytest.ExceptionInfo[ValidationError]) -> str:
    return " ".join(exc.value.messages)


def decide(decision, world, **fields):
    data = {"decided_on": date(2020, 7, 16), "decision_text": "同意实施。", **fields}
    return services.decision_decide(decision, actor=world.clerk_a, **data)


# --- A decision cannot be made with a required step missing ---------------------------------


def test_a_decision_with_every_step_is_decided_and_audited(world, dept, legal):
    decision = discuss(prepare(make_decision(world, dept), world, legal), world)
    decided = decide(decision, world)
    assert decided.status == MajorDecision.Status.DECIDED
    decided.refresh_from_db()
    assert (decided.decided_on, decided.decision_text) == (date(2020, 7, 16), "同意实施。")
    entry = last_audit()
    assert (entry.action, entry.object_id, entry.actor) == (
        Action.TRANSITION,
        str(decision.pk),
        world.clerk_a,
    )
    assert entry.changes["after"]["status"] == "decided"
    assert entry.changes["before"]["status"] == "discussion"


@pytest.mark.parametrize(
    ("skip", "label"),
    [
        ("participation", "公众参与"),
        ("expert", "专家论证"),
        ("risk", "风险评估"),
        ("legality", "合法性审查"),
    ],
)
def test_decide_is_refused_while_a_step_before_discussion_is_missing(
    world, dept, legal, skip, label
):
    decision = prepare(make_decision(world, dept), world, legal, skip=skip)
    with pytest.raises(ValidationError) as exc:
        decide(decision, world)
    text = messages_of(exc)
    assert "尚未完成以下程序，不能作出决定" in text
    assert label in text and "集体讨论" in text
    decision.refresh_from_db()
    assert decision.status != MajorDecision.Status.DECIDED and decision.decided_on is None


def test_decide_is_refused_without_the_collective_discussion(world, dept, legal):
    decision = prepare(make_decision(world, dept), world, legal)
    assert decision.status == MajorDecision.Status.DISCUSSION  # ready, but not discussed
    with pytest.raises(ValidationError) as exc:
        decide(decision, world)
    assert messages_of(exc) == "尚未完成以下程序，不能作出决定：集体讨论。"
    decision.refresh_from_db()
    assert decision.decided_on is None


def test_decide_lists_every_missing_step_of_a_fresh_decision(world, dept):
    decision = make_decision(world, dept)
    with pytest.raises(ValidationError) as exc:
        decide(decision, world)
    assert messages_of(exc) == (
        "尚未完成以下程序，不能作出决定：公众参与、专家论证、风险评估、合法性审查、集体讨论。"
    )


def test_public_comments_never_stand_in_for_the_legality_review(world, dept, legal):
    decision = prepare(make_decision(world, dept), world, legal, skip="legality")
    services.decision_open_participation(
        decision,
        actor=world.clerk_a,
        opens_on=date(2020, 7, 3),
        closes_on=date(2020, 8, 2),
        today=date(2020, 7, 3),
    )
    services.comment_submit(
        decision,
        content="建议请律师把关，程序合法。",
        now=datetime(2020, 7, 4, 9, tzinfo=SHANGHAI),
    )
    services.decision_close_participation(
        decision, actor=world.clerk_a, summary="意见已采纳。", today=date(2020, 8, 3)
    )
    steps = {s.key: s for s in selectors.decision_steps(decision)}
    assert steps["participation"].state == selectors.StepState.DONE
    assert steps["legality"].state == selectors.StepState.MISSING
    with pytest.raises(ValidationError) as exc:
        discuss(decision, world, discussed_on=date(2020, 8, 4))
    assert "集体讨论前须完成以下程序：合法性审查" in messages_of(exc)


def test_a_rejected_legality_review_leaves_the_step_missing(world, dept, legal, media):
    decision = prepare(make_decision(world, dept), world, legal, skip="legality")
    review = services.decision_request_legality_review(
        decision, actor=world.clerk_a, received_on=date(2020, 7, 2), adviser=legal.lawyer_a
    )
    services.review_request_complete(
        review,
        actor=legal.lawyer_user,
        opinion="第三条与上位法冲突。",
        conclusion=ReviewRequest.Conclusion.REJECTED,
        completed_on=date(2020, 7, 10),
    )
    decision.refresh_from_db()
    step = {s.key: s for s in selectors.decision_steps(decision)}["legality"]
    assert step.state == selectors.StepState.MISSING and "不同意" in step.note
    assert decision.status == MajorDecision.Status.DRAFTING
    # After amending the draft it goes for review again and may then be discussed.
    services.decision_update(decision, actor=world.clerk_a, draft=pdf("修改稿.pdf"))
    review_approved(decision, world, legal)
    decision.refresh_from_db()
    assert decision.status == MajorDecision.Status.DISCUSSION


def test_the_tracker_shows_done_not_required_with_reason_and_missing(world, dept, legal):
    decision = make_decision(world, dept)
    consult(decision, world)
    services.decision_waive_expert(decision, actor=world.clerk_a, reason="技术方案成熟。")
    decision.refresh_from_db()
    states = {s.key: (s.state, s.note) for s in selectors.decision_steps(decision)}
    assert states["participation"][0] == selectors.StepState.DONE
    assert states["expert"] == (selectors.StepState.NOT_REQUIRED, "技术方案成熟。")
    assert states["risk"][0] == selectors.StepState.MISSING
    assert states["publication"][0] == selectors.StepState.MISSING
    assert [s.key for s in selectors.decision_steps(decision)] == [
        "participation",
        "expert",
        "risk",
        "legality",
        "discussion",
        "publication",
        "archive",
    ]


# --- Public participation: at least 30 days, or a recorded reason ---------------------------


def test_a_twenty_day_comment_period_is_refused_without_a_reason(world, dept):
    decision = make_decision(world, dept)
    with pytest.raises(ValidationError) as exc:
        open_june(decision, world, closes_on=date(2020, 6, 21))
    assert exc.value.message_dict["short_period_reason"] == [
        "征求意见期限为20日（自开始之日的次日起算），少于30日"
        "（重大行政决策程序暂行条例第十四条），须说明理由。"
    ]
    decision.refresh_from_db()
    assert decision.status == MajorDecision.Status.DRAFTING and decision.comment_opens_on is None


def test_a_twenty_day_comment_period_is_accepted_with_a_reason(world, dept):
    decision = make_decision(world, dept)
    open_june(
        decision, world, closes_on=date(2020, 6, 21), short_period_reason="  汛期前须完成改造。 "
    )
    decision.refresh_from_db()
    assert decision.status == MajorDecision.Status.CONSULTING
    assert decision.short_period_reason == "汛期前须完成改造。"
    entry = last_audit()
    assert entry.action == Action.TRANSITION and entry.changes["days"] == 20
    assert entry.changes["after"]["comment_closes_on"] == "2020-06-21"


def test_thirty_days_count_from_the_day_after_opening_and_need_no_reason(world, dept):
    """民法典第二百零一条: a period in days starts on the day after; 1 June to 1 July is 30."""
    decision = make_decision(world, dept)
    open_june(decision, world, short_period_reason="不需要的理由")
    decision.refresh_from_db()
    assert decision.short_period_reason == ""  # not needed, not kept
    assert last_audit().changes["days"] == 30
    with pytest.raises(ValidationError) as exc:
        open_june(make_decision(world, dept, title="另一事项"), world, closes_on=date(2020, 6, 30))
    assert "征求意见期限为29日（自开始之日的次日起算），少于30日" in messages_of(exc)


def test_participation_closes_only_after_the_period_with_a_summary(world, dept):
    decision = make_decision(world, dept)
    open_june(decision, world)
    with pytest.raises(ValidationError) as exc:
        services.decision_close_participation(
            decision, actor=world.clerk_a, summary="汇总", today=date(2020, 7, 1)
        )
    assert messages_of(exc) == "征求意见期限至2020年7月1日，期满后才能结束公众参与、汇总意见。"
    with pytest.raises(ValidationError) as exc:
        services.decision_close_participation(
            decision, actor=world.clerk_a, summary="  ", today=date(2020, 7, 2)
        )
    assert exc.value.message_dict == {"summary": ["请填写公众意见的汇总和采纳情况。"]}
    services.decision_close_participation(
        decision, actor=world.clerk_a, summary="无意见。", today=date(2020, 7, 2)
    )
    decision.refresh_from_db()
    assert decision.status == MajorDecision.Status.DRAFTING
    assert decision.participation_summary == "无意见。"


# --- Comments only within the period ---------------------------------------------------------


@pytest.fixture
def consulting(world, dept):
    return open_june(make_decision(world, dept), world)


def test_a_comment_within_the_period_is_kept_and_audited_without_an_actor(consulting):
    with time_machine.travel(datetime(2020, 7, 1, 23, 50, tzinfo=SHANGHAI), tick=False):
        comment = services.comment_submit(
            consulting, content=" 建议优先安排高层住宅。 ", name="张三", contact="13812345678"
        )
    comment.refresh_from_db()
    assert comment.content == "建议优先安排高层住宅。"
    assert comment.submitted_at == datetime(2020, 7, 1, 23, 50, tzinfo=SHANGHAI)
    entry = last_audit()
    assert (entry.action, entry.actor, entry.object_type) == (
        Action.CREATE,
        None,
        "reviews.publiccomment",
    )
    assert entry.street_id == consulting.street_id


@pytest.mark.parametrize(
    ("moment", "message"),
    [
        (
            datetime(2020, 5, 31, 23, 59, tzinfo=SHANGHAI),
            "征求意见自2020年6月1日开始，请届时再提交。",
        ),
        (
            datetime(2020, 7, 2, 0, 0, tzinfo=SHANGHAI),
            "征求意见已于2020年7月1日截止，不再接收意见。",
        ),
    ],
)
def test_a_comment_outside_the_period_is_refused(consulting, moment, message):
    with time_machine.travel(moment, tick=False), pytest.raises(ValidationError) as exc:
        services.comment_submit(consulting, content="意见")
    assert messages_of(exc) == message
    assert not PublicComment.objects.exists()


def test_a_comment_after_the_participation_is_closed_is_refused(world, dept):
    decision = consult(make_decision(world, dept), world)
    with pytest.raises(ValidationError) as exc:
        services.comment_submit(
            decision, content="意见", now=datetime(2020, 6, 15, tzinfo=SHANGHAI)
        )
    assert "征求意见已于2020年7月1日截止" in messages_of(exc)


def test_an_empty_or_overlong_comment_is_refused(consulting):
    moment = datetime(2020, 6, 10, tzinfo=SHANGHAI)
    with pytest.raises(ValidationError) as exc:
        services.comment_submit(consulting, content="   ", now=moment)
    assert exc.value.message_dict == {"content": ["请填写意见建议。"]}
    with pytest.raises(ValidationError) as exc:
        services.comment_submit(consulting, content="长" * 2001, now=moment)
    assert exc.value.message_dict == {"content": ["意见建议最多2000字。"]}
    assert not PublicComment.objects.exists()


def test_a_comment_is_answered_until_the_decision_is_made(world, dept, legal, consulting):
    comment = services.comment_submit(
        consulting, content="意见", now=datetime(2020, 6, 10, tzinfo=SHANGHAI)
    )
    services.comment_respond(comment, actor=world.clerk_a, response="已采纳。")
    comment.refresh_from_db()
    assert comment.response == "已采纳。"
    entry = last_audit()
    assert entry.action == Action.UPDATE and entry.street_id == consulting.street_id
    services.decision_close_participation(
        consulting, actor=world.clerk_a, summary="采纳1条。", today=date(2020, 7, 2)
    )
    decision = discuss(prepare(consulting, world, legal, skip="participation"), world)
    decide(decision, world)
    with pytest.raises(ValidationError) as exc:
        services.comment_respond(comment, actor=world.clerk_a, response="改为不采纳。")
    assert "作出决定" in messages_of(exc)


# --- The legality review: at least 7 working days ------------------------------------------


def test_legality_review_under_seven_working_days_is_refused(world, dept, legal):
    decision = make_decision(world, dept)
    # From 28 September 2020 the National Day holiday (1–8 October) intervenes: 7 calendar
    # days end on 5 October, 7 working days only on 14 October.
    with pytest.raises(ValidationError) as exc:
        services.decision_request_legality_review(
            decision,
            actor=world.clerk_a,
            received_on=date(2020, 9, 28),
            due_on=date(2020, 10, 13),
        )
    assert exc.value.message_dict["due_on"] == [
        "重大行政决策的合法性审查期限不得少于7个工作日（重大行政决策程序暂行条例第二十七条）："
        "2020年9月28日受理的，审查期限最早为2020年10月14日。"
    ]
    assert not ReviewRequest.objects.exists()
    review = services.decision_request_legality_review(
        decision, actor=world.clerk_a, received_on=date(2020, 9, 28), due_on=date(2020, 10, 14)
    )
    assert review.due_on == date(2020, 10, 14)
    assert review.kind == ReviewRequest.Kind.MAJOR_DECISION
    assert review.major_decision == decision and review.department == dept


def test_legality_review_deadline_defaults_to_seven_working_days(world, dept, legal):
    decision = make_decision(world, dept)
    review = services.decision_request_legality_review(
        decision, actor=world.clerk_a, received_on=date(2020, 9, 28), adviser=legal.lawyer_a
    )
    assert review.due_on == date(2020, 10, 14)
    assert review.status == ReviewRequest.Status.IN_REVIEW
    assert review.requested_by == world.clerk_a


def test_a_second_legality_review_is_refused_while_one_is_pending(world, dept, legal):
    decision = make_decision(world, dept)
    services.decision_request_legality_review(
        decision, actor=world.clerk_a, received_on=date(2020, 9, 28)
    )
    with pytest.raises(ValidationError) as exc:
        services.decision_request_legality_review(
            decision, actor=world.clerk_a, received_on=date(2020, 9, 29)
        )
    assert "已有正在进行的合法性审查" in messages_of(exc)
    assert ReviewRequest.objects.count() == 1


# --- Discussion, decision, publication, archive: their order -------------------------------


def test_the_head_must_speak_last(world, dept, legal):
    decision = prepare(make_decision(world, dept), world, legal)
    with pytest.raises(ValidationError) as exc:
        discuss(decision, world, head_spoke_last=False)
    assert "行政首长须最后发表意见" in exc.value.message_dict["head_spoke_last"][0]
    decision.refresh_from_db()
    assert decision.discussed_on is None


def test_the_discussion_records_attendees_and_dissent(world, dept, legal):
    decision = discuss(prepare(make_decision(world, dept), world, legal), world)
    decision.refresh_from_db()
    assert set(decision.attendees.all()) == {world.leader, world.clerk_a}
    assert decision.dissent == "一名委员建议扩大试点范围。"
    entry = last_audit()
    assert sorted(entry.changes["after"]["attendees"]) == sorted(
        [world.leader.pk, world.clerk_a.pk]
    )


def test_the_discussion_comes_after_the_review_opinion(world, dept, legal):
    decision = prepare(make_decision(world, dept), world, legal)
    with pytest.raises(ValidationError) as exc:
        discuss(decision, world, discussed_on=date(2020, 7, 9))
    assert exc.value.message_dict["discussed_on"] == [
        "集体讨论日期不能早于合法性审查出具意见的日期（2020年7月10日）。"
    ]


def test_attendees_must_be_of_the_street(world, dept, legal):
    decision = prepare(make_decision(world, dept), world, legal)
    with pytest.raises(ValidationError) as exc:
        discuss(decision, world, attendees=[world.leader, world.clerk_b])
    assert exc.value.message_dict == {"attendees": ["出席人员须为本街道人员。"]}


def test_steps_before_the_discussion_are_fixed_once_it_is_held(world, dept, legal):
    decision = discuss(prepare(make_decision(world, dept), world, legal), world)
    with pytest.raises(ValidationError) as exc:
        services.decision_waive_risk(decision, actor=world.clerk_a, reason="改为不评估")
    assert "集体讨论，讨论前的程序不能再修改" in messages_of(exc)


def test_decided_on_not_before_the_discussion(world, dept, legal):
    decision = discuss(prepare(make_decision(world, dept), world, legal), world)
    with pytest.raises(ValidationError) as exc:
        decide(decision, world, decided_on=date(2020, 7, 14))
    assert exc.value.message_dict == {
        "decided_on": ["决定日期不能早于集体讨论日期（2020年7月15日）。"]
    }


def test_publish_and_archive_follow_the_decision_in_order(world, dept, legal):
    decision = make_decision(world, dept)
    with pytest.raises(ValidationError) as exc:
        services.decision_publish(
            decision, actor=world.clerk_a, published_on=date(2020, 7, 20), channel="政府网站"
        )
    assert "只有已作出决定、尚未公布的决策才能登记公布" in messages_of(exc)
    decide(discuss(prepare(decision, world, legal), world), world)
    with pytest.raises(ValidationError):
        services.decision_archive(decision, actor=world.clerk_a, archived_on=date(2020, 7, 20))
    with pytest.raises(ValidationError) as exc:
        services.decision_publish(
            decision, actor=world.clerk_a, published_on=date(2020, 7, 15), channel="政府网站"
        )
    assert exc.value.message_dict == {
        "published_on": ["公布日期不能早于决定日期（2020年7月16日）。"]
    }
    services.decision_publish(
        decision, actor=world.clerk_a, published_on=date(2020, 7, 20), channel="区政府网站"
    )
    services.decision_archive(decision, actor=world.clerk_a, archived_on=date(2020, 7, 25))
    decision.refresh_from_db()
    assert decision.status == MajorDecision.Status.ARCHIVED
    states = {s.key: s.state for s in selectors.decision_steps(decision)}
    assert set(states.values()) == {selectors.StepState.DONE, selectors.StepState.NOT_REQUIRED}


def test_a_step_date_cannot_lie_in_the_future(world, dept):
    decision = make_decision(world, dept)
    with pytest.raises(ValidationError) as exc:
        services.decision_record_expert(
            decision,
            actor=world.clerk_a,
            held_on=date(2020, 7, 2),
            experts="王教授",
            opinion="可行",
            today=date(2020, 7, 1),
        )
    assert exc.value.message_dict == {"held_on": ["专家论证日期不能晚于今天（2020年7月1日）。"]}


def test_an_abandoned_decision_takes_no_further_step(world, dept):
    decision = make_decision(world, dept)
    services.decision_abandon(decision, actor=world.clerk_a, reason="上级政策调整。")
    with pytest.raises(ValidationError) as exc:
        services.decision_waive_expert(decision, actor=world.clerk_a, reason="理由")
    assert messages_of(exc) == "该决策事项已终止（上级政策调整。），不能再办理。"


def test_steps_are_refused_on_an_unknown_field(world, dept):
    with pytest.raises(ValidationError) as exc:
        make_decision(world, dept, status=MajorDecision.Status.DECIDED)
    assert "状态" in messages_of(exc)
    assert not MajorDecision.objects.exists()
