"""The dashboard in real headless Chromium: the office clerk picks a year, the charts and the grid
map are drawn under the site's CSP, and a click on a bar or a grid opens the records behind it."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from playwright.sync_api import Browser, expect

from fazhi.enforcement.testing import build_enf
from fazhi.enforcement.tests.b_helpers import make_case
from fazhi.org.models import Grid
from fazhi.testing import PASSWORD, build_world
from tests.browser.test_backoffice import (
    SCREENSHOT_DIR,
    browser,  # noqa: F401  (the module's fixture)
    pytestmark,  # noqa: F401  (browser marker, skipped without Chromium)
)
from tests.browser.test_charts import canvas_is_drawn, click_at_data

SHANGHAI = ZoneInfo("Asia/Shanghai")


def square(x: float) -> dict[str, Any]:
    return {"type": "Polygon", "coordinates": [[[x, 0], [x + 1, 0], [x + 1, 1], [x, 1], [x, 0]]]}


def test_the_clerk_picks_a_year_and_opens_the_records_behind_a_bar_and_a_grid(
    browser: Browser,  # noqa: F811
    live_server,
    transactional_db: None,
) -> None:
    world = build_world()
    enf = build_enf(world)
    march = [
        make_case(enf, grid=world.a.grid, found_at=datetime(2020, 3, d, 9, tzinfo=SHANGHAI))
        for d in (5, 20)
    ]
    september = make_case(
        enf, grid=world.a.other_grid, found_at=datetime(2020, 9, 1, 9, tzinfo=SHANGHAI)
    )
    Grid.objects.filter(pk=world.a.grid.pk).update(boundary=square(0))
    Grid.objects.filter(pk=world.a.other_grid.pk).update(boundary=square(1))

    base = live_server.url
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    context.add_init_script(
        "window.cspViolations = [];"
        "document.addEventListener('securitypolicyviolation',"
        " (e) => window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill("clerk_a")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.locator("h1")).to_have_text("工作台")

    # The year 2020 from the picker.
    page.locator("select[name=year]").select_option("2020")
    page.get_by_role("form", name="按年度").get_by_role("button", name="查看").click()
    expect(page).to_have_url(re.compile(r"/office/\?year=2020"))
    expect(page.locator(".dashboard-period")).to_contain_text("2020年1月1日至2020年12月31日")

    for canvas_id in ("chart-cases-by-month-canvas", "chart-grid-map-canvas"):
        expect(page.locator(f"#{canvas_id} canvas")).to_have_count(1)
        page.wait_for_function(
            "(id) => echarts.getInstanceByDom(document.getElementById(id)) !== undefined",
            arg=canvas_id,
        )
    page.wait_for_timeout(1200)  # the opening animation
    assert canvas_is_drawn(page, "chart-cases-by-month-canvas")
    assert canvas_is_drawn(page, "chart-grid-map-canvas")
    expect(page.locator("#chart-grid-map tbody tr")).to_have_count(2)
    page.screenshot(path=str(SCREENSHOT_DIR / "fazhi-dashboard.png"), full_page=True)

    # March's bar (index 2, halfway up its 2 cases) opens March's cases.
    click_at_data(page, "chart-cases-by-month-canvas", [2, 1])
    expect(page).to_have_url(
        re.compile(
            r"/office/reports/statistics/enforcement\.cases_found/records/\?"
            r"start=2020-01-01&end=2020-12-31&by=month&value=2020-03$"
        )
    )
    expect(page.locator("h1")).to_have_text("发现违法行为")
    for case in march:
        expect(page.locator("main")).to_contain_text(case.number)
    expect(page.locator("main")).not_to_contain_text(september.number)

    # Grid A-02's square on the map opens the grid's records.
    page.go_back()
    page.wait_for_function(
        "() => echarts.getInstanceByDom(document.getElementById('chart-grid-map-canvas'))"
    )
    page.wait_for_timeout(1200)
    click_at_data(page, "chart-grid-map-canvas", [1.5, 0.5])
    expect(page).to_have_url(re.compile(rf"by=grid&value={world.a.other_grid.pk}$"))
    expect(page.locator("main")).to_contain_text(september.number)

    assert page.evaluate("window.cspViolations") == []
    assert errors == []
    context.close()
