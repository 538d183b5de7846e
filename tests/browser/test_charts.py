"""The chart component in real headless Chromium, 390 pixels wide: a bar chart and a map drawn
by the vendored ECharts under the site's CSP, a click on a bar or a region opening its records,
下载图片 saving a PNG, and not one request leaving 127.0.0.1.

The page is served by this module as a test-only URLconf (the project's own addresses plus a
page of charts and a page of "records")."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import path
from playwright.sync_api import Browser, Page, expect

from fazhi.core.charts import Chart, ChartSeries, feature_collection
from fazhi.urls import urlpatterns as project_urlpatterns
from tests.browser.test_backoffice import (
    PHONE_VIEWPORT,
    SCREENSHOT_DIR,
    browser,  # noqa: F401  (the module's fixture)
    no_horizontal_overflow,
    pytestmark,
)

pytestmark = [*pytestmark, pytest.mark.urls(__name__)]

VILLAGES = ["幸福村", "和平社区", "新港村"]
BAR_VALUES = [12, 30, 7]


def square(x: float) -> dict:
    return {"type": "Polygon", "coordinates": [[[x, 0], [x + 1, 0], [x + 1, 1], [x, 1], [x, 0]]]}


def charts() -> list[Chart]:
    urls: list[str | None] = [f"/test-records/{i}/" for i in range(len(VILLAGES))]
    return [
        Chart(
            key="cases",
            title="各村（社区）立案数",
            kind="bar",
            unit="件",
            categories=VILLAGES,
            series=[ChartSeries(name="立案数", values=BAR_VALUES, urls=urls)],
            xlsx_url="/test-records/xlsx/",
        ),
        Chart(
            key="reports-map",
            title="各村（社区）问题线索分布",
            kind="map",
            unit="条",
            categories=VILLAGES,
            series=[ChartSeries(name="问题线索", values=[1, 5, 9], urls=urls)],
            geojson=feature_collection({name: square(i) for i, name in enumerate(VILLAGES)}),
        ),
        # The other kinds, drawn on the same page: no script error, something painted.
        Chart(
            key="by-procedure",
            title="按程序立案数",
            kind="stacked_bar",
            categories=VILLAGES,
            series=[
                ChartSeries(name="一般程序", values=[3, 4, 5]),
                ChartSeries("简易程序", [1, 0, 2]),
            ],
        ),
        Chart(
            key="by-month",
            title="每月办结数",
            kind="line",
            categories=["1月", "2月", "3月"],
            series=[ChartSeries(name="办结数", values=[1200, 1350.5, 990])],
        ),
        Chart(
            key="by-kind",
            title="问题类别",
            kind="pie",
            categories=["占道经营", "违法建设"],
            series=[ChartSeries(name="问题线索", values=[8, 3], urls=urls[:2])],
        ),
    ]


PAGE = engines["django"].from_string(
    '{% extends "base.html" %}{% block content %}<h1>统计图表</h1>'
    '{% for c in charts %}{% include "core/partials/chart.html" with chart=c %}{% endfor %}'
    "{% endblock %}"
)


def chart_page(request: HttpRequest) -> HttpResponse:
    return HttpResponse(PAGE.render({"charts": charts(), "site_title": "法治"}, request))


def records_page(request: HttpRequest, index: str) -> HttpResponse:
    return HttpResponse(f"<!doctype html><h1>记录：{VILLAGES[int(index)]}</h1>")


urlpatterns = [
    path("test-charts/", chart_page),
    path("test-records/<int:index>/", records_page),
    *project_urlpatterns,
]


def canvas_is_drawn(page: Page, canvas_id: str) -> bool:
    """Some pixel of the chart's canvas is painted (not blank)."""
    return bool(
        page.evaluate(
            """(id) => {
                const canvas = document.querySelector(`#${id} canvas`);
                const pixels = canvas.getContext("2d")
                    .getImageData(0, 0, canvas.width, canvas.height).data;
                for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) return true;
                return false;
            }""",
            canvas_id,
        )
    )


def click_at_data(page: Page, canvas_id: str, point: list[float]) -> None:
    """Click where the chart draws ``point`` (a category index and value, or a coordinate)."""
    page.locator(f"#{canvas_id}").scroll_into_view_if_needed()
    x, y = page.evaluate(
        """([id, point]) => echarts.getInstanceByDom(document.getElementById(id))
            .convertToPixel({seriesIndex: 0}, point)""",
        [canvas_id, point],
    )
    box = page.locator(f"#{canvas_id}").bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + x, box["y"] + y)


def test_charts_draw_open_their_records_and_fetch_nothing_from_outside(
    browser: Browser,  # noqa: F811
    live_server,
    transactional_db: None,
) -> None:
    # The live server listens on localhost; the page is asked for by address so that any
    # request to another host, a name included, shows.
    base = live_server.url.replace("//localhost:", "//127.0.0.1:")
    context = browser.new_context(viewport=PHONE_VIEWPORT, locale="zh-CN", accept_downloads=True)
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    # Anything the CSP refused (an inline style or script ECharts might write) is recorded.
    context.add_init_script(
        "window.cspViolations = [];"
        "document.addEventListener('securitypolicyviolation',"
        " (e) => window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    page.goto(f"{base}/test-charts/")
    canvases = [f"chart-{chart.key}-canvas" for chart in charts()]
    for canvas_id in canvases:
        expect(page.locator(f"#{canvas_id} canvas")).to_have_count(1)
        page.wait_for_function(
            "(id) => echarts.getInstanceByDom(document.getElementById(id)) !== undefined",
            arg=canvas_id,
        )
    page.wait_for_timeout(1200)  # the opening animation
    for canvas_id in canvases:
        assert canvas_is_drawn(page, canvas_id), canvas_id
    # The table beside the drawing holds the same figures, each a link to its records.
    expect(page.locator("#chart-cases tbody tr").nth(1)).to_contain_text("和平社区")
    expect(page.locator("#chart-cases tbody tr").nth(1).get_by_role("link")).to_have_attribute(
        "href", "/test-records/1/"
    )
    assert no_horizontal_overflow(page)
    page.screenshot(path=str(SCREENSHOT_DIR / "fazhi-charts-390.png"), full_page=True)

    # 下载图片 saves the chart, titled, as a PNG.
    with page.expect_download() as download_info:
        page.locator("#chart-cases").get_by_role("button", name="下载图片").click()
    download = download_info.value
    assert download.suggested_filename == "各村（社区）立案数.png"
    picture = SCREENSHOT_DIR / "fazhi-chart-download.png"
    download.save_as(picture)
    assert picture.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    expect(
        page.locator("#chart-reports-map").get_by_role("button", name="下载图片")
    ).to_be_visible()

    # A click on 和平社区's bar (halfway up it) opens 和平社区's records.
    click_at_data(page, "chart-cases-canvas", [1, BAR_VALUES[1] / 2])
    expect(page).to_have_url(f"{base}/test-records/1/")
    expect(page.locator("h1")).to_have_text("记录：和平社区")

    # A click inside 新港村's square on the map opens 新港村's records.
    page.go_back()
    page.wait_for_function(
        "() => echarts.getInstanceByDom(document.getElementById('chart-reports-map-canvas'))"
    )
    page.wait_for_timeout(1200)
    click_at_data(page, "chart-reports-map-canvas", [2.5, 0.5])
    expect(page).to_have_url(f"{base}/test-records/2/")

    page.goto(f"{base}/test-charts/")
    page.wait_for_function(
        "() => echarts.getInstanceByDom(document.getElementById('chart-cases-canvas'))"
    )
    assert page.evaluate("window.cspViolations") == []
    assert errors == []
    hosts = {
        urlsplit(url).hostname for url in requests if urlsplit(url).scheme in ("http", "https")
    }
    assert hosts == {"127.0.0.1"}, requests
    assert any(url.endswith("/static/vendor/echarts/echarts.min.js") for url in requests)
    context.close()
