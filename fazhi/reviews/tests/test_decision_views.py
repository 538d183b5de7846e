"""The back-office pages of major decisions: the procedure tracker and one page per step."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from fazhi.audit.models import Action, AuditEntry
from fazhi.reviews import services
from fazhi.reviews.models import MajorDecision, ReviewRequest
from fazhi.reviews.tests.helpers import discuss, last_audit, make_decision, open_june, prepare

pytestmark = pytest.mark.django_db
BASE = "/office/reviews/decisions/"


def test_list_and_create(world, dept, anon, dept_staff):
    assert anon.get(BASE).status_code == 302
    assert world.client(world.grid_worker).get(BASE).status_code == 403
    client = world.client(dept_staff)
    response = client.post(
        f"{BASE}new/",
        {
            "title": "农贸市场改造方案",
            "department": dept.pk,
            "background": "市场设施老化。",
            "catalogue_year": "2020",
        },
    )
    decision = MajorDecision.objects.get(title="农贸市场改造方案")
    assert response.status_code == 302 and response["Location"] == f"{BASE}{decision.pk}/"
    assert (decision.street, decision.status) == (world.a.street, MajorDecision.Status.DRAFTING)
    entry = last_audit()
    assert (entry.action, entry.object_id, entry.actor) == (
        Action.CREATE,
        str(decision.pk),
        dept_staff,
    )
    assert "农贸市场改造方案" in client.get(BASE).content.decode()
    assert "农贸市场改造方案" not in world.client(world.clerk_b).get(BASE).content.decode()


def test_create_with_bad_input_writes_nothing(world, dept):
    before = (MajorDecision.objects.count(), AuditEntry.objects.count())
    response = world.client(world.clerk_a).post(
        f"{BASE}new/", {"title": "", "department": dept.pk, "catalogue_year": "明年"}
    )
    assert response.status_code == 400
    assert "这个字段是必填项" in response.content.decode()
    assert (MajorDecision.objects.count(), AuditEntry.objects.count()) == before


def test_the_tracker_shows_each_step(world, dept, legal):
    decision = make_decision(world, dept)
    services.decision_waive_expert(decision, actor=world.clerk_a, reason="技术方案成熟。")
    text = world.client(world.clerk_a).get(f"{BASE}{decision.pk}/").content.decode()
    for label in (
        "公众参与",
        "专家论证",
        "风险评估",
        "合法性审查",
        "集体讨论决定",
        "决策公布",
        "归档",
    ):
        assert label in text
    assert "无需履行" in text and "理由：技术方案成熟。" in text and "未完成" in text
    assert "作出决定前尚需完成：公众参与、风险评估、合法性审查、集体讨论。" in text


def test_a_twenty_day_period_without_reason_is_refused_on_the_page(world, dept):
    decision = make_decision(world, dept)
    url = f"{BASE}{decision.pk}/participation/open/"
    client = world.client(world.clerk_a)
    before = AuditEntry.objects.count()
    with time_machine.travel(date(2020, 6, 1)):
        response = client.post(url, {"opens_on": "2020-06-01", "closes_on": "2020-06-21"})
    assert response.status_code == 400
    assert "征求意见期限为20日（自开始之日的次日起算），少于30日" in response.content.decode()
    decision.refresh_from_db()
    assert decision.status == MajorDecision.Status.DRAFTING
    assert AuditEntry.objects.count() == before
    with time_machine.travel(date(2020, 6, 1)):
        response = client.post(
            url,
            {
                "opens_on": "2020-06-01",
                "closes_on": "2020-06-21",
                "short_period_reason": "汛期临近。",
            },
        )
    assert response.status_code == 302
    decision.refresh_from_db()
    assert (decision.status, decision.short_period_reason) == ("consulting", "汛期临近。")
    assert last_audit().action == Action.TRANSITION


def test_decide_with_a_missing_step_is_refused_on_the_page(world, dept, legal):
    decision = prepare(make_decision(world, dept), world, legal, skip="legality")
    response = world.client(world.clerk_a).post(
        f"{BASE}{decision.pk}/decide/", {"decided_on": "2020-07-20", "decision_text": "同意。"}
    )
    assert response.status_code == 400
    assert "尚未完成以下程序，不能作出决定：合法性审查、集体讨论。" in response.content.decode()
    decision.refresh_from_db()
    assert decision.decided_on is None


def test_the_whole_procedure_through_the_pages(world, dept, legal):
    decision = prepare(make_decision(world, dept), world, legal)
    client = world.client(world.clerk_a)
    response = client.post(
        f"{BASE}{decision.pk}/discussion/",
        {
            "discussed_on": "2020-07-15",
            "meeting_name": "街道党工委会议",
            "attendees": [world.leader.pk, world.clerk_a.pk],
            "head_spoke_last": "on",
            "discussion_record": "同意。",
            "dissent": "",
        },
    )
    assert response.status_code == 302
    for step, data in [
        ("decide", {"decided_on": "2020-07-16", "decision_text": "同意实施加装电梯方案。"}),
        ("publish", {"published_on": "2020-07-20", "channel": "区政府网站"}),
        ("archive", {"archived_on": "2020-07-25"}),
    ]:
        response = client.post(f"{BASE}{decision.pk}/{step}/", data)
        assert response.status_code == 302, step
    decision.refresh_from_db()
    assert decision.status == MajorDecision.Status.ARCHIVED
    assert last_audit().changes["after"] == {"status": "archived", "archived_on": "2020-07-25"}


def test_a_discussion_without_the_head_speaking_last_is_refused(world, dept, legal):
    decision = prepare(make_decision(world, dept), world, legal)
    response = world.client(world.clerk_a).post(
        f"{BASE}{decision.pk}/discussion/",
        {
            "discussed_on": "2020-07-15",
            "meeting_name": "主任办公会议",
            "attendees": [world.leader.pk],
            "discussion_record": "同意。",
        },
    )
    assert response.status_code == 400
    assert "行政首长须最后发表意见" in response.content.decode()
    decision.refresh_from_db()
    assert decision.discussed_on is None


def test_the_legality_review_is_requested_from_the_tracker(world, dept, legal):
    decision = make_decision(world, dept)
    client = world.client(world.clerk_a)
    response = client.post(
        f"{BASE}{decision.pk}/legality/",
        {"received_on": "2020-09-28", "due_on": "2020-10-09", "adviser": legal.lawyer_a.pk},
    )
    assert response.status_code == 400
    assert "审查期限最早为2020年10月14日" in response.content.decode()
    assert not ReviewRequest.objects.exists()
    response = client.post(
        f"{BASE}{decision.pk}/legality/",
        {"received_on": "2020-09-28", "adviser": legal.lawyer_a.pk},
    )
    assert response.status_code == 302
    review = ReviewRequest.objects.get()
    assert (review.major_decision, review.due_on) == (decision, date(2020, 10, 14))
    assert last_audit().object_type == "reviews.reviewrequest"


@pytest.mark.parametrize("who", ["leader", "reviewer"])
def test_read_only_roles_see_but_may_not_take_steps(world, dept, legal, who):
    decision = make_decision(world, dept)
    client = world.client(getattr(world, who))
    assert client.get(f"{BASE}{decision.pk}/").status_code == 200
    response = client.post(f"{BASE}{decision.pk}/expert/waive/", {"reason": "不需要。"})
    assert response.status_code == 403
    decision.refresh_from_db()
    assert decision.expert_required is True


def test_another_streets_decision_is_404(world, dept):
    decision = make_decision(world, dept)
    client = world.client(world.clerk_b)
    for suffix in ("", "edit/", "draft/", "participation/open/", "expert/", "decide/", "abandon/"):
        assert client.get(f"{BASE}{decision.pk}/{suffix}").status_code == 404, suffix


def test_wrong_method(world, dept):
    decision = make_decision(world, dept)
    client = world.client(world.clerk_a)
    assert client.post(f"{BASE}{decision.pk}/").status_code == 405
    assert client.put(f"{BASE}{decision.pk}/decide/").status_code == 405


def test_comments_show_to_staff_with_names_and_are_answered(world, dept):
    decision = make_decision(world, dept)
    open_june(decision, world)
    comment = services.comment_submit(
        decision,
        content="建议增加无障碍设施。",
        name="李四",
        contact="13900001111",
        now=datetime(2020, 6, 5, 10, tzinfo=ZoneInfo("Asia/Shanghai")),
    )
    client = world.client(world.clerk_a)
    text = client.get(f"{BASE}{decision.pk}/").content.decode()
    assert "建议增加无障碍设施。" in text and "李四" in text and "13900001111" in text
    response = client.post(f"/office/reviews/comments/{comment.pk}/respond/", {"response": ""})
    assert response.status_code == 400
    response = client.post(
        f"/office/reviews/comments/{comment.pk}/respond/", {"response": "已采纳。"}
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.response == "已采纳。"
    assert (
        world.client(world.staff_a)
        .post(f"/office/reviews/comments/{comment.pk}/respond/", {"response": "x"})
        .status_code
        == 403
    )
    assert (
        world.client(world.clerk_b)
        .get(f"/office/reviews/comments/{comment.pk}/respond/")
        .status_code
        == 404
    )


def test_a_decided_decision_can_no_longer_be_edited(world, dept, legal):
    decision = discuss(prepare(make_decision(world, dept), world, legal), world)
    services.decision_decide(
        decision, actor=world.clerk_a, decided_on=date(2020, 7, 16), decision_text="同意。"
    )
    response = world.client(world.clerk_a).post(
        f"{BASE}{decision.pk}/edit/",
        {"title": "改名", "department": dept.pk, "background": "背景"},
    )
    assert response.status_code == 400
    assert "决策前的程序不能再修改" in response.content.decode()
    decision.refresh_from_db()
    assert decision.title == "老旧小区加装电梯实施方案"


def test_the_draft_goes_to_review_with_its_fingerprint(world, dept, legal, media):
    from fazhi.reviews.tests.helpers import PDF, pdf

    client = world.client(world.clerk_a)
    response = client.post(
        f"{BASE}new/",
        {
            "title": "垃圾分类实施办法",
            "department": dept.pk,
            "background": "推进垃圾分类。",
            "draft": pdf("草案.pdf"),
        },
    )
    decision = MajorDecision.objects.get(title="垃圾分类实施办法")
    assert response.status_code == 302
    download = client.get(f"{BASE}{decision.pk}/draft/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    response = client.post(f"{BASE}{decision.pk}/legality/", {"received_on": "2020-09-28"})
    assert response.status_code == 302
    review = ReviewRequest.objects.get(major_decision=decision)
    assert review.document.name == decision.draft.name
    assert review.document_sha256 == decision.draft_sha256 != ""
    # The reviewer downloads the same file from the request.
    got = world.client(world.reviewer).get(f"/office/reviews/requests/{review.pk}/document/")
    assert b"".join(got.streaming_content) == PDF
