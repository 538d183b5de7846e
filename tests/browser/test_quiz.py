"""A resident takes a law quiz on a phone: with script (the time left counts down, and the sheet
is handed in by itself when it runs out) and without (the page states the time by which to hand
in); the result shows the answers; the ranking masks names. Real headless Chromium against the
demo street, with a quiz opened for the test."""

from __future__ import annotations

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from fazhi.org.models import Street, User
from fazhi.outreach import services
from fazhi.outreach.models import Question, Quiz, QuizAttempt
from tests.browser.test_backoffice import (
    PHONE_VIEWPORT,
    SCREENSHOT_DIR,
    browser,  # noqa: F401  (the module's fixture)
    demo,  # noqa: F401
    no_horizontal_overflow,
    pytestmark,  # noqa: F401
)


def open_quiz() -> Quiz:
    street = Street.objects.get(slug="haibin")
    office = User.objects.get(username="office")
    now = timezone.now()
    quiz = services.quiz_create(
        street=street,
        actor=office,
        title="宪法知识线上竞答",
        opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(hours=2),
        question_count=5,
        time_limit_minutes=10,
    )
    return services.quiz_publish(quiz, actor=office)


def take_part(page: Page, base: str, quiz: Quiz, name: str, mobile: str) -> QuizAttempt:
    page.goto(f"{base}/s/haibin/quiz/{quiz.pk}/")
    page.get_by_label("姓名").fill(name)
    page.get_by_label("手机号码").fill(mobile)
    page.get_by_label("我已阅读并同意上述个人信息使用说明").check()
    page.get_by_role("button", name="开始答题").click()
    expect(page).to_have_url(re.compile(rf"/quiz/{quiz.pk}/answer/$"))
    return QuizAttempt.objects.get(quiz=quiz, mobile=mobile)


def test_a_resident_takes_a_quiz_on_a_phone(
    browser: Browser,  # noqa: F811
    live_server,
    demo: None,  # noqa: F811
) -> None:
    base = live_server.url
    quiz = open_quiz()
    page = browser.new_page(viewport=PHONE_VIEWPORT)

    page.goto(f"{base}/s/haibin/")
    page.locator(".portal-nav").get_by_role("link", name="知识竞答").click()
    expect(page.locator("h1")).to_have_text("法律知识竞答")
    page.get_by_role("link", name="参加竞答").first.click()
    expect(page.locator("h1")).to_have_text(quiz.title)
    assert no_horizontal_overflow(page)

    # A wrong number: a Chinese error and nothing written.
    page.get_by_label("姓名").fill("刘晓梅")
    page.get_by_label("手机号码").fill("1381234")
    page.get_by_label("我已阅读并同意上述个人信息使用说明").check()
    page.get_by_role("button", name="开始答题").click()
    expect(page.locator(".field.has-error .error")).to_have_text("请输入11位手机号码。")
    assert not QuizAttempt.objects.filter(quiz=quiz).exists()

    attempt = take_part(page, base, quiz, "刘晓梅", "13812345678")
    countdown = page.locator("[data-quiz-countdown]")
    expect(countdown).to_be_visible()
    expect(countdown).to_have_text(re.compile(r"^剩余时间 (10:00|9:[0-5]\d)$"))
    assert no_horizontal_overflow(page)
    page.screenshot(path=str(SCREENSHOT_DIR / "fazhi-quiz-sheet-390.png"), full_page=True)
    answers = dict(Question.objects.filter(pk__in=attempt.questions).values_list("pk", "answer"))
    for pk in attempt.questions:
        for letter in answers[pk]:
            page.locator(f'input[name="q{pk}"][value="{letter}"]').check()
    page.get_by_role("button", name="交卷").click()
    expect(page.locator("#quiz-score")).to_have_text("100分")
    expect(page.locator(".quiz-review > li")).to_have_count(5)
    assert no_horizontal_overflow(page)
    page.screenshot(path=str(SCREENSHOT_DIR / "fazhi-quiz-result-390.png"), full_page=True)

    page.get_by_role("link", name="查看成绩排行").click()
    table = page.locator("table.quiz-ranking")
    expect(table).to_contain_text("刘某")
    expect(table).to_contain_text("138****5678")
    assert "刘晓梅" not in table.inner_text() and "13812345678" not in page.content()


def test_the_sheet_hands_itself_in_when_time_runs_out(
    browser: Browser,  # noqa: F811
    live_server,
    demo: None,  # noqa: F811
) -> None:
    base = live_server.url
    quiz = open_quiz()
    page = browser.new_page(viewport=PHONE_VIEWPORT)
    attempt = take_part(page, base, quiz, "王建国", "13912345678")
    # Started nearly ten minutes ago: three seconds are left.
    QuizAttempt.objects.filter(pk=attempt.pk).update(
        started_at=timezone.now() - timedelta(minutes=10) + timedelta(seconds=3)
    )
    page.reload()
    first = attempt.questions[0]
    page.locator(f'input[name="q{first}"]').first.check()
    expect(page.locator("#quiz-score")).to_be_visible(timeout=15_000)
    attempt.refresh_from_db()
    assert attempt.submitted_at is not None and attempt.answers[str(first)] == "A"


def test_without_script_the_page_states_the_time_and_still_works(
    browser: Browser,  # noqa: F811
    live_server,
    demo: None,  # noqa: F811
) -> None:
    base = live_server.url
    quiz = open_quiz()
    context = browser.new_context(viewport=PHONE_VIEWPORT, java_script_enabled=False)
    page = context.new_page()
    attempt = take_part(page, base, quiz, "赵敏", "13712345678")
    expect(page.locator("[data-quiz-countdown]")).to_be_hidden()
    deadline = timezone.localtime(attempt.deadline)
    expect(page.locator(".quiz-timer")).to_contain_text("前交卷")
    expect(page.locator(".quiz-timer")).to_contain_text(f"{deadline:%H:%M}")
    page.get_by_role("button", name="交卷").click()
    expect(page.locator("#quiz-score")).to_have_text("0分")
    context.close()
