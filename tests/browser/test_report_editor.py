"""The office writes a section of the annual report in real headless Chromium: a figure picked
from the picker (found by its name, read approximately) goes in at the caret as a token, the
preview follows the text with the figure counted from the demo's records, and the text is saved;
without script the 预览 button posts the form and the page comes back with the preview."""

from __future__ import annotations

import re
from datetime import date

from playwright.sync_api import Browser, expect

from fazhi.core import stats
from fazhi.org.models import Street, User
from fazhi.reports import document, services, tokens
from fazhi.reports.models import Area, ReportSection
from tests.browser.test_backoffice import (
    SCREENSHOT_DIR,
    browser,  # noqa: F401  (the module's fixture)
    demo,  # noqa: F401
    login,
    pytestmark,  # noqa: F401
)

TOKEN = "{{fig:org.grids|approx=10}}"


def test_the_office_inserts_a_figure_from_the_picker_and_sees_it_in_the_preview(
    browser: Browser,  # noqa: F811
    live_server,
    demo: None,  # noqa: F811
) -> None:
    street = Street.objects.get(slug="haibin")
    office = User.objects.get(username="office")
    report = services.report_create(street=street, year=2019, actor=office)
    section = ReportSection.objects.get(report=report, area=Area.ORGANISATION)
    period = stats.Period(date(2019, 1, 1), date(2019, 12, 31))
    reads = tokens.render_text(TOKEN, period, document.figure_values(street, period, [TOKEN]))
    assert "余个" in reads or reads.endswith("个")
    base = live_server.url
    url = f"{base}/office/reports/annual/{report.pk}/edit/sections/{section.pk}/"

    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    login(page, base, "office")
    page.goto(url)
    expect(page.locator("main h1")).to_contain_text("（一）加强组织领导")

    text = page.get_by_label("正文")
    text.fill("辖区")
    # The picker: found by its name, read approximately to the ten.
    picker = page.locator("[data-figure-picker]")
    picker.get_by_label("查找指标").fill("网格数")
    expect(picker.locator('[data-key="org.grid_workers"]')).to_be_hidden()
    grids = picker.locator('[data-key="org.grids"]')
    expect(grids).to_be_visible()
    picker.get_by_label("约数（如“260余名”“百余份”）").check()
    grids.click()
    expect(text).to_have_value(f"辖区{TOKEN}")
    text.press("End")
    text.press_sequentially("网格。")
    expect(text).to_have_value(f"辖区{TOKEN}网格。")

    figure = page.locator('[data-section-preview] a.report-figure[data-key="org.grids"]')
    expect(figure).to_have_text(reads)
    expect(page.locator("[data-section-preview]")).to_contain_text(f"辖区{reads}网格。")
    page.screenshot(path=str(SCREENSHOT_DIR / "report-editor.png"), full_page=True)

    page.get_by_role("button", name="保存").click()
    expect(page.locator(".messages")).to_contain_text("已保存")
    section.refresh_from_db()
    assert section.text == f"辖区{TOKEN}网格。"
    assert errors == []

    # Without script: the reading form stays hidden, 预览 posts the form, nothing is saved.
    plain = browser.new_context(locale="zh-CN", java_script_enabled=False)
    page = plain.new_page()
    login(page, base, "office")
    page.goto(url)
    expect(page.locator("[data-figure-reading]")).to_be_hidden()
    page.get_by_label("正文").fill("共{{fig:org.grids}}网格，{{fig:org.gridz}}。")
    page.get_by_role("button", name="预览").click()
    expect(page.locator("[data-section-preview] a.report-figure")).to_have_count(1)
    expect(page.locator("[data-section-preview]")).to_contain_text(
        re.compile("没有名为“org.gridz”的统计指标")
    )
    section.refresh_from_db()
    assert section.text == f"辖区{TOKEN}网格。"
    context.close()
    plain.close()
