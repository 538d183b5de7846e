"""The public pages: drafts out for comment, the comment form, published decisions. No account,
and never a commenter's name or contact."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from fazhi.audit.models import Action, AuditEntry
from fazhi.reviews import services
from fazhi.reviews.models import PublicComment
from fazhi.reviews.tests.helpers import (
    PDF,
    discuss,
    last_audit,
    make_decision,
    open_june,
    pdf,
    prepare,
)

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
IN_PERIOD = datetime(2020, 6, 10, 10, tzinfo=SHANGHAI)


@pytest.fixture
def consulting(world, dept, media):
    return open_june(make_decision(world, dept, draft=pdf("草案.pdf")), world)


def url(decision, suffix: str = "") -> str:
    return f"/s/street-a/decisions/{decision.pk}/{suffix}"


def test_the_index_lists_drafts_out_for_comment(anon, consulting):
    with time_machine.travel(IN_PERIOD, tick=False):
        response = anon.get("/s/street-a/decisions/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "老旧小区加装电梯实施方案" in text
    assert "征求意见时间：2020年6月1日至2020年7月1日。" in text
    assert "正在接收意见" in text
    assert anon.get("/s/street-b/decisions/").content.decode().count("老旧小区") == 0
    assert anon.get("/s/nowhere/decisions/").status_code == 404


def test_the_portal_links_to_the_section(anon, world):
    text = anon.get("/s/street-a/").content.decode()
    assert "重大行政决策征求意见" in text and "/s/street-a/decisions/" in text


def test_a_drafting_decision_is_not_public(anon, world, dept):
    decision = make_decision(world, dept)
    assert anon.get(url(decision)).status_code == 404
    assert "老旧小区" not in anon.get("/s/street-a/decisions/").content.decode()


def test_the_draft_downloads_without_an_account(anon, consulting):
    response = anon.get(url(consulting, "draft/"))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert anon.get(f"/s/street-b/decisions/{consulting.pk}/draft/").status_code == 404


def test_a_comment_is_taken_during_the_period(consulting):
    client = Client(enforce_csrf_checks=True)
    with time_machine.travel(IN_PERIOD, tick=False):
        page = client.get(url(consulting))
        assert page.status_code == 200
        token = page.cookies["csrftoken"].value
        response = client.post(
            url(consulting),
            {
                "csrfmiddlewaretoken": token,
                "content": "建议优先安排六层以上住宅。",
                "name": "王五",
                "contact": "13800138000",
            },
        )
        assert response.status_code == 302 and response["Location"] == url(consulting)
        followed = client.get(url(consulting)).content.decode()
    comment = PublicComment.objects.get()
    assert (comment.decision, comment.content, comment.name) == (
        consulting,
        "建议优先安排六层以上住宅。",
        "王五",
    )
    entry = last_audit()
    assert (entry.action, entry.actor, entry.actor_name) == (Action.CREATE, None, "匿名访客")
    assert "您的意见已提交，感谢您的参与。" in followed
    assert "王五" not in followed and "13800138000" not in followed


def test_a_comment_without_the_csrf_token_is_refused(consulting):
    client = Client(enforce_csrf_checks=True)
    with time_machine.travel(IN_PERIOD, tick=False):
        response = client.post(url(consulting), {"content": "意见"})
    assert response.status_code == 403
    assert not PublicComment.objects.exists()


def test_an_empty_comment_gets_a_chinese_error(anon, consulting):
    before = AuditEntry.objects.count()
    with time_machine.travel(IN_PERIOD, tick=False):
        response = anon.post(url(consulting), {"content": "", "name": "名" * 31})
    assert response.status_code == 400
    text = response.content.decode()
    assert "请填写意见建议。" in text and "提交的内容有误，未保存" in text
    assert "姓名不能超过30字（现为31字）。" in text
    assert not PublicComment.objects.exists() and AuditEntry.objects.count() == before


def test_after_the_period_the_comment_is_refused_clearly(anon, consulting):
    with time_machine.travel(datetime(2020, 7, 2, 8, tzinfo=SHANGHAI), tick=False):
        page = anon.get(url(consulting)).content.decode()
        response = anon.post(url(consulting), {"content": "迟到的意见"})
    assert "征求意见已于2020年7月1日截止，不再接收意见。" in page
    assert "提交意见" not in page
    assert response.status_code == 400
    assert "征求意见已于2020年7月1日截止，不再接收意见。" in response.content.decode()
    assert not PublicComment.objects.exists()


def test_a_published_decision_shows_its_text_but_no_commenter(anon, world, dept, legal, media):
    decision = make_decision(world, dept)
    open_june(decision, world)
    services.comment_submit(
        decision, content="意见", name="赵六", contact="zhao@example.com", now=IN_PERIOD
    )
    services.decision_close_participation(
        decision, actor=world.clerk_a, summary="收到意见1条，已采纳。", today=date(2020, 7, 2)
    )
    decision = discuss(prepare(decision, world, legal, skip="participation"), world)
    services.decision_decide(
        decision, actor=world.clerk_a, decided_on=date(2020, 7, 16), decision_text="同意实施。"
    )
    services.decision_publish(
        decision, actor=world.clerk_a, published_on=date(2020, 7, 20), channel="区政府网站"
    )
    index = anon.get("/s/street-a/decisions/").content.decode()
    assert "公布日期：2020年7月20日。" in index
    text = anon.get(url(decision)).content.decode()
    assert "同意实施。" in text and "收到意见1条，已采纳。" in text
    assert "赵六" not in text and "zhao@example.com" not in text
    assert "不同意见" not in text and "一名委员建议扩大试点范围" not in text
