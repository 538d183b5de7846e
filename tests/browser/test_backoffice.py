"""The back office and the public portal in real headless Chromium, on the Haibin demo street.

live_server needs transactional_db, which empties the database after each test, so each
test restores the demo (loaded once per run, see conftest.py) and walks a whole scenario.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from fazhi.core.demo import DEMO_PASSWORD
from fazhi.core.navigation import SECTIONS
from fazhi.org.models import Grid, GridWorker, Village
from fazhi.portal.registry import public_sections

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOT_DIR = Path(os.environ.get("FAZHI_SCREENSHOT_DIR", "/tmp"))
PHONE_VIEWPORT = {"width": 390, "height": 844}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="Chromium is not installed at /usr/bin/chromium"
    ),
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    # Playwright's sync API keeps an event loop running in this thread while the browser is
    # open; the ORM calls the tests make here (and the database flush after each test) are
    # plain synchronous ones all the same.
    with pytest.MonkeyPatch.context() as env, sync_playwright() as playwright:
        env.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def demo(demo_snapshot: Any, transactional_db: None) -> None:
    demo_snapshot.restore()


def login(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.locator("h1")).to_have_text("工作台")


def logout(page: Page) -> None:
    page.locator(".topbar").get_by_role("button", name="退出").click()
    expect(page.locator(".messages")).to_contain_text("您已安全退出。")
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))


def no_horizontal_overflow(page: Page) -> bool:
    return bool(
        page.evaluate(
            "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
        )
    )


def test_office_walks_the_back_office_and_the_portal(
    browser: Browser, live_server, demo: None
) -> None:
    base = live_server.url
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    login(page, base, "office")

    # Every open entry of the sidebar loads and shows its heading.
    sidebar = page.locator("nav.sidebar")
    links = [
        ((a.text_content() or "").strip(), a.get_attribute("href"))
        for a in sidebar.locator("a").element_handles()
    ]
    assert {"街道概况", "村居", "网格", "网格员", "统计指标"} <= {label for label, _ in links}
    for label, href in links:
        response = page.goto(f"{base}{href}")
        assert response is not None and response.status == 200, (label, href)
        if page.locator("main#main").count():
            heading = page.locator("main h1")
            expect(heading, f"{label} {href}").to_have_count(1)
            expect(heading).to_be_visible()
            assert (heading.text_content() or "").strip(), (label, href)
        else:
            # A page outside the back-office layout (the Swagger UI of the API documentation
            # has no <h1>): at least its title says which page it is.
            expect(page).to_have_title(re.compile(re.escape(label)))

    # The entries later releases fill are named once, in one muted line after the chapters,
    # and are not links.
    page.goto(f"{base}/office/")
    announced = sidebar.locator(".nav-announced")
    unbuilt = [item for section in SECTIONS for item in section.items if item.url_name is None]
    expect(announced).to_have_count(1 if unbuilt else 0)
    if unbuilt:
        expect(announced).to_contain_text("尚未开放：")
        expect(announced.locator("a")).to_have_count(0)
    assert (sidebar.inner_text()).count("尚未开放") == (1 if unbuilt else 0)

    # The grid list, filtered by village, then one grid.
    page.goto(f"{base}/office/org/grid/")
    expect(page.locator("main h1")).to_have_text("网格")
    expect(page.locator(".count")).to_have_text(
        f"共 {Grid.objects.filter(street__slug='haibin').count()} 条"
    )
    page.locator("form.filters").get_by_label("村居").select_option(label="港西新城社区")
    page.locator("form.filters").get_by_role("button", name="筛选").click()
    expect(page.locator(".count")).to_have_text("共 9 条")
    rows = page.locator("table.list tbody tr")
    expect(rows).to_have_count(9)
    for row in rows.all():
        expect(row).to_contain_text("港西新城社区")
    rows.first.locator("a").click()
    expect(page.locator("main h1")).to_have_text(re.compile(r"^网格：HB-01-01 "))
    expect(page.locator("main")).to_contain_text("港西新城社区第1网格")

    # A new village through the form.
    page.goto(f"{base}/office/org/village/")
    page.get_by_role("link", name="新增村居").click()
    page.get_by_label("村居名称").fill("海韵花园社区")
    page.get_by_label("类型").select_option(label="社区")
    page.get_by_label("设立日期").fill("2020-09-01")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".messages .msg-success")).to_have_text("已新增村居“海韵花园社区”。")
    expect(page.locator("main h1")).to_have_text("村居：海韵花园社区")
    assert Village.objects.filter(name="海韵花园社区").exists()

    # A bad form: the Chinese errors, and nothing written.
    villages_before = Village.objects.count()
    page.goto(f"{base}/office/org/village/new/")
    page.get_by_label("村居名称").fill("")
    page.get_by_label("联系电话").fill("123456")
    response_status: list[int] = []
    page.on("response", lambda r: response_status.append(r.status))
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".errorlist-box")).to_have_text("提交的内容有误，未保存，请按提示修改。")
    expect(page.locator(".field.has-error").first).to_contain_text("这个字段是必填项。")
    expect(page.locator("main")).to_contain_text("请输入手机号码或带区号的固定电话")
    assert 400 in response_status
    assert Village.objects.count() == villages_before

    # The back office on a phone: nothing wider than the screen.
    page.set_viewport_size(PHONE_VIEWPORT)
    for path in ("/office/", "/office/org/grid/", "/office/org/village/new/"):
        page.goto(f"{base}{path}")
        assert no_horizontal_overflow(page), path
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{base}/office/org/grid/")
    page.screenshot(path=str(SCREENSHOT_DIR / "fazhi-backoffice.png"))

    logout(page)
    context.close()

    # The public portal on a phone, without an account.
    phone = browser.new_context(viewport=PHONE_VIEWPORT, locale="zh-CN", is_mobile=True)
    page = phone.new_page()
    response = page.goto(f"{base}/")
    assert response is not None and response.status == 200
    # Two streets of the district have a portal: the resident chooses one.
    expect(page.locator("main h1")).to_have_text("请选择街道")
    page.get_by_role("link", name="海滨街").click()
    expect(page.locator("main h1")).to_have_text("海滨街")
    # The portal's menu lists only open sections; those announced are named once on the page.
    closed = [section for section in public_sections.all() if not section.available]
    expect(page.locator(".portal-nav")).not_to_contain_text("尚未开放")
    expect(page.locator(".portal-announced")).to_have_count(1 if closed else 0)
    # The demo's 13 villages and communities, and the one created above.
    expect(page.locator(".portal-villages li")).to_have_count(14)
    expect(page.locator(".portal-villages")).to_contain_text("海韵花园社区")
    assert no_horizontal_overflow(page)
    page.screenshot(path=str(SCREENSHOT_DIR / "fazhi-portal.png"), full_page=True)
    page.goto(f"{base}/s/nowhere/")
    expect(page.locator("main h1")).to_have_text("没有找到您要访问的页面")
    assert no_horizontal_overflow(page)
    phone.close()


def test_grid_worker_sees_only_own_grid_workers(browser: Browser, live_server, demo: None) -> None:
    base = live_server.url
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    login(page, base, "gridworker")
    own_grid = GridWorker.objects.get(user__username="gridworker").grid
    own_workers = GridWorker.objects.filter(grid=own_grid).count()
    assert 0 < own_workers < GridWorker.objects.count()

    page.goto(f"{base}/office/org/gridworker/")
    expect(page.locator("main h1")).to_have_text("网格员")
    expect(page.locator(".count")).to_have_text(f"共 {own_workers} 条")
    rows = page.locator("table.list tbody tr")
    expect(rows).to_have_count(own_workers)
    for row in rows.all():
        expect(row.locator("td").nth(1)).to_have_text(str(own_grid))
    logout(page)
    context.close()
