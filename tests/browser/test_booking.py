"""A resident books a village legal adviser from a phone, looks the booking up and cancels it;
the office sees the booking on its list. Real headless Chromium against the demo street."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, expect

from fazhi.legal_services.models import Appointment
from tests.browser.test_backoffice import (
    PHONE_VIEWPORT,
    browser,  # noqa: F401  (the module's fixture)
    demo,  # noqa: F401
    login,
    no_horizontal_overflow,
    pytestmark,  # noqa: F401
)


def test_resident_books_looks_up_and_cancels_on_a_phone(
    browser: Browser,  # noqa: F811
    live_server,
    demo: None,  # noqa: F811
) -> None:
    base = live_server.url
    page = browser.new_page(viewport=PHONE_VIEWPORT)

    page.goto(f"{base}/s/haibin/")
    page.get_by_role("link", name="预约律师").first.click()
    expect(page.locator("h1")).to_have_text("预约律师")
    assert no_horizontal_overflow(page)
    page.get_by_role("link", name=re.compile(r"^预约（余\d+个名额）$")).first.click()
    expect(page.locator("h1")).to_have_text("预约现场法律咨询")

    # Bad input first: a wrong mobile number and no consent give Chinese errors, nothing saved.
    before = Appointment.objects.count()
    page.get_by_label("咨询事项").select_option(label="劳动争议")
    page.get_by_label("姓名").fill("张建国")
    page.get_by_label("手机号码").fill("1234")
    page.get_by_role("button", name="提交预约").click()
    expect(page.locator(".errorlist-box")).to_contain_text("未保存")
    expect(page.locator(".field.has-error .error").first).to_contain_text("手机号码")
    assert Appointment.objects.count() == before

    page.get_by_label("手机号码").fill("13912345678")
    page.get_by_label("我已阅读并同意上述个人信息使用说明").check()
    page.get_by_role("button", name="提交预约").click()
    expect(page.locator("h1")).to_have_text("预约成功")
    code = page.locator(".portal-hotline-number").inner_text().strip()
    booking = Appointment.objects.get(code=code)
    assert (booking.name, booking.mobile, booking.status) == ("张建国", "13912345678", "booked")
    # Shown back masked: surname + 某, the middle of the mobile number hidden.
    body = page.locator("main").inner_text()
    assert "张某" in body and "139****5678" in body and "张建国" not in body
    assert no_horizontal_overflow(page)

    # Later, from the lookup page: the code and the mobile number, then cancel.
    page.goto(f"{base}/s/haibin/lawyers/")
    page.get_by_role("link", name="已经预约？查询或取消预约").click()
    page.get_by_label("预约码").fill(code)
    page.get_by_label("预约时填写的手机号码").fill("13912345678")
    page.get_by_role("button", name="查询").click()
    expect(page.locator(".portal-panel").first).to_contain_text(code)
    page.get_by_role("button", name="取消预约").click()
    booking.refresh_from_db()
    assert booking.status == Appointment.Status.CANCELLED

    # The office sees it on the appointments list, by its code.
    office = browser.new_page()
    login(office, base, "office")
    office.goto(f"{base}/office/legal-services/appointment/?q={code}")
    expect(office.locator("table.list")).to_contain_text(code)
    expect(office.locator("table.list")).to_contain_text("已取消")
