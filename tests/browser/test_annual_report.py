"""A resident reads the street's published annual report on a phone: tapping a figure shows its
label, value, period and definition (口径说明) in a popover, Escape closes it; without script the
definition is the figure's title and in the table of figures below the text."""

from __future__ import annotations

from playwright.sync_api import Browser, expect

from fazhi.reports.tests.test_public_report import make_report, publish
from fazhi.testing import build_world
from tests.browser.test_backoffice import (
    PHONE_VIEWPORT,
    SCREENSHOT_DIR,
    browser,  # noqa: F401  (the module's fixture)
    no_horizontal_overflow,
    pytestmark,  # noqa: F401
)


def test_a_resident_taps_a_figure_of_the_report_for_its_definition(
    browser: Browser,  # noqa: F811
    live_server,
    transactional_db: None,
) -> None:
    world = build_world()
    publish(make_report(world), world.clerk_a)
    url = f"{live_server.url}/s/street-a/reports/2020/"

    phone = browser.new_context(viewport=PHONE_VIEWPORT, locale="zh-CN", is_mobile=True)
    page = phone.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url)
    figure = page.locator("#figure-1")
    expect(figure).to_have_text("两个")
    expect(figure).to_have_attribute("role", "button")
    figure.click()
    popover = page.get_by_role("dialog", name="网格数")
    expect(popover).to_be_visible()
    expect(popover).to_contain_text("2 个")
    expect(popover).to_contain_text("统计期间：2020-01-01 — 2020-09-28")
    expect(popover).to_contain_text("统计期末在用的网格")
    expect(popover).to_contain_text("org.grids")
    assert no_horizontal_overflow(page)
    page.screenshot(path=str(SCREENSHOT_DIR / "fazhi-portal-report.png"))
    page.keyboard.press("Escape")
    expect(page.locator(".report-popover")).to_have_count(0)
    expect(figure).to_be_focused()
    # Another figure by the keyboard; a tap elsewhere closes it.
    page.locator("#figure-3").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("dialog", name="村居法律顾问现场值班")).to_contain_text(
        "统计期间：2020-01-01 — 2020-01-31"
    )
    page.locator("h1").click()
    expect(page.locator(".report-popover")).to_have_count(0)
    assert errors == []
    phone.close()

    plain = browser.new_context(viewport=PHONE_VIEWPORT, java_script_enabled=False)
    page = plain.new_page()
    page.goto(url)
    expect(page.locator("#figure-1")).to_have_attribute("title", "网格数：统计期末在用的网格")
    page.locator("#figures summary").click()
    expect(page.locator("#figure-1-note")).to_contain_text("统计期末在用的网格")
    plain.close()
