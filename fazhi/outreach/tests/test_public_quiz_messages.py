"""The quiz's entry form as a resident reads its errors: the platform's wording, each once."""

from __future__ import annotations

import pytest
import time_machine

from fazhi.core.tests.form_messages import assert_platform_wording
from fazhi.outreach import services
from fazhi.outreach.models import QuizAttempt
from fazhi.outreach.testing import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def quiz(world, outreach):
    with time_machine.travel(at(2020, 12, 1, 9), tick=False):
        return services.quiz_publish(outreach.a.quiz, actor=world.clerk_a, now=at(2020, 12, 1, 9))


def start(client, quiz, **data: str):
    form = {"name": "张三丰", "mobile": "13812345678", "consent": "on", **data}
    with time_machine.travel(at(2020, 12, 4, 9), tick=False):
        return client.post(f"/s/street-a/quiz/{quiz.pk}/", form)


@pytest.mark.parametrize("mobile", ["1381234567", "138123456789", "1381234567x"])
def test_a_bad_mobile_number_is_said_once(quiz, anon, mobile):
    response = start(anon, quiz, mobile=mobile)
    assert response.status_code == 400
    assert_platform_wording(response.content.decode(), "请输入11位手机号码。")
    assert not QuizAttempt.objects.exists()


def test_missing_input_in_the_platforms_wording(quiz, anon):
    response = start(anon, quiz, name="", mobile="", consent="")
    assert response.status_code == 400
    assert_platform_wording(
        response.content.decode(),
        "请填写姓名。",
        "请填写手机号码。",
        "请阅读并勾选同意个人信息使用说明后再开始答题。",
    )
    assert not QuizAttempt.objects.exists()
