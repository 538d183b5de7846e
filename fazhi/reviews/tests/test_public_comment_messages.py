"""The comment form's errors as a resident reads them: the platform's wording, each once."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from fazhi.audit.models import AuditEntry
from fazhi.core.tests.form_messages import assert_platform_wording
from fazhi.reviews.models import PublicComment
from fazhi.reviews.services import MAX_COMMENT_CHARS
from fazhi.reviews.tests.helpers import make_decision, open_june, pdf

pytestmark = pytest.mark.django_db
IN_PERIOD = datetime(2020, 6, 10, 10, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def consulting(world, dept, media):
    return open_june(make_decision(world, dept, draft=pdf("草案.pdf")), world)


def post(client, decision, data):
    with time_machine.travel(IN_PERIOD, tick=False):
        return client.post(f"/s/street-a/decisions/{decision.pk}/", data)


def test_missing_and_over_long_comments_in_the_platforms_wording(anon, consulting):
    before = AuditEntry.objects.count()
    over = MAX_COMMENT_CHARS + 12
    response = post(anon, consulting, {"content": "意" * over, "contact": "1" * 51})
    assert response.status_code == 400
    assert_platform_wording(
        response.content.decode(),
        f"意见建议不能超过{MAX_COMMENT_CHARS}字（现为{over}字）。",
        "联系方式不能超过50字（现为51字）。",
    )
    response = post(anon, consulting, {"content": "   ", "name": "名" * 31})
    assert response.status_code == 400
    assert_platform_wording(
        response.content.decode(), "请填写意见建议。", "姓名不能超过30字（现为31字）。"
    )
    assert not PublicComment.objects.exists() and AuditEntry.objects.count() == before
