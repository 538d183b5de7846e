"""The first hour on the demo: every account's first screen shows current work, in real Chromium.

The demo holds Haibin's 2020 and the current year up to the day it is loaded, so whatever the
date the suite runs on, each role logs in to records of its own that are due now: the grid
worker its grids' open reports under the report button, the officer its cases by deadline, the
reviewer its reviews, the lawyer its next shifts, the leader and the office the year's figures.
A resident comments on the decision out for comment and books a lawyer's shift.
"""

from __future__ import annotations

import re

from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from fazhi.legal_services.models import Appointment
from fazhi.reviews.models import PublicComment
from tests.browser.test_backoffice import (
    SCREENSHOT_DIR,
    browser,  # noqa: F401  (the module's fixture)
    demo,  # noqa: F401
    login,
    pytestmark,  # noqa: F401
)

# Each account and the own lists its first screen must show with at least one item.
OWN_WORK = {
    "gridworker": ["本网格待处理的问题线索"],
    "officer": ["我承办的案件（按决定期限）"],
    "reviewer": ["待我法制审核的案件", "待我审查的合法性审查"],
    "lawyer": ["我的值班安排"],
    "leader": [],
    "office": [],
}
# The accounts that see the street's figures: every card of the year must count something.
SEE_FIGURES = ("leader", "office", "officer", "reviewer")


def _figures(page: Page) -> dict[str, str]:
    cards = page.locator(".cards .card")
    return {
        (card.locator(".label").inner_text()).strip(): card.locator(".figure").inner_text().strip()
        for card in cards.all()
    }


def test_every_account_opens_on_its_current_work(
    browser: Browser,  # noqa: F811
    live_server,
    demo: None,  # noqa: F811
) -> None:
    base = live_server.url
    year = timezone.localdate().year
    for username, lists in OWN_WORK.items():
        context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
        page = context.new_page()
        login(page, base, username)
        main = page.locator("main")
        for label in lists:
            panel = main.locator("section.worklist", has=page.locator("h2", has_text=label))
            expect(panel, f"{username}: {label}").to_have_count(1)
            items = panel.locator("li")
            assert items.count() >= 1, (username, label)
            # Each item opens its record.
            href = items.first.locator("a").first.get_attribute("href")
            response = page.request.get(f"{base}{href}")
            assert response.status == 200, (username, label, href)
        if username in SEE_FIGURES:
            expect(main.locator(".dashboard-period .help")).to_contain_text(f"{year}年1月1日")
            figures = _figures(page)
            assert figures, username
            zero = [label for label, value in figures.items() if value in {"0", "0.0"}]
            assert not zero, (username, zero)
        if username == "gridworker":
            button = main.get_by_role("link", name="上报问题")
            expect(button).to_be_visible()
            first_list = main.locator("section.worklist").first
            assert button.bounding_box()["y"] < first_list.bounding_box()["y"]  # type: ignore[index]
        if username == "leader":
            # The year's charts draw the street's own records.
            expect(main.locator(".chart").first).to_be_visible()
        page.screenshot(path=str(SCREENSHOT_DIR / f"first-screen-{username}.png"), full_page=True)
        # Nothing from 2020 still waits: no report pending for years.
        assert not re.search(r"待处理\d{3,}天", main.inner_text()), username
        context.close()


def test_a_resident_comments_on_the_open_decision_and_books_a_shift(
    browser: Browser,  # noqa: F811
    live_server,
    demo: None,  # noqa: F811
) -> None:
    base = live_server.url
    page = browser.new_page(locale="zh-CN")
    page.goto(f"{base}/s/haibin/decisions/")
    consulting = page.locator("section", has=page.locator("h2", has_text="正在征求意见"))
    expect(consulting.locator("li").first).to_contain_text("正在接收意见")
    expect(consulting).not_to_contain_text("未在征求意见期内")
    consulting.locator("a").first.click()
    comments = PublicComment.objects.count()
    page.get_by_label("意见建议").fill("建议在施工期间错峰作业，减少对周边居民休息的影响。")
    page.get_by_role("button", name="提交意见").click()
    expect(page.locator("main")).to_contain_text("意见")
    assert PublicComment.objects.count() == comments + 1

    page.goto(f"{base}/s/haibin/lawyers/")
    page.get_by_role("link", name=re.compile(r"^预约（余\d+个名额）$")).first.click()
    page.get_by_label("咨询事项").select_option(label="劳动争议")
    page.get_by_label("姓名").fill("张建国")
    page.get_by_label("手机号码").fill("13912345678")
    page.get_by_label("我已阅读并同意上述个人信息使用说明").check()
    page.get_by_role("button", name="提交预约").click()
    expect(page.locator("h1")).to_have_text("预约成功")
    code = page.locator(".portal-hotline-number").inner_text().strip()
    booking = Appointment.objects.get(code=code)
    assert booking.shift.date >= timezone.localdate()
