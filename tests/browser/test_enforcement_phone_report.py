"""The grid worker reports a problem from a phone: a 375-pixel-wide window, the phone form
(category, address, description, a photo, the coordinates from the phone's position), success
with 继续上报, and the report in the database with the photo's SHA-256. Nothing scrolls
sideways. Real headless Chromium."""

from __future__ import annotations

import hashlib

import pytest
from playwright.sync_api import Browser, Page, expect

from fazhi.enforcement.models import Report
from fazhi.enforcement.testing import build_enf
from fazhi.enforcement.tests.report_helpers import png_bytes
from fazhi.testing import PASSWORD, build_world
from tests.browser.test_backoffice import (
    SCREENSHOT_DIR,
    browser,  # noqa: F401  (the module's fixture)
    pytestmark,  # noqa: F401
)

PHONE = {"width": 375, "height": 812}


def fits_the_screen(page: Page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= 375"))


@pytest.fixture
def people(transactional_db: None, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    world = build_world()
    build_enf(world)
    return world


def test_grid_worker_reports_from_a_phone(
    browser: Browser,  # noqa: F811
    live_server,
    people,
    tmp_path,
) -> None:
    base = live_server.url
    context = browser.new_context(
        viewport=PHONE,
        locale="zh-CN",
        has_touch=True,
        is_mobile=True,
        geolocation={"latitude": 39.021234, "longitude": 117.712345, "accuracy": 20},
        permissions=["geolocation"],
    )
    page = context.new_page()
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill("grid_worker")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.locator("h1")).to_have_text("工作台")

    page.goto(f"{base}/office/enforcement/report/phone/")
    expect(page.locator("h1")).to_have_text("上报问题")
    assert fits_the_screen(page)

    # Bad input first: without a category nothing is saved, the error is in Chinese.
    page.get_by_role("button", name="提交上报").click()
    expect(page.locator(".errorlist-box")).to_contain_text("未保存")
    assert Report.objects.count() == 0
    assert fits_the_screen(page)

    picture = tmp_path / "现场.png"
    picture.write_bytes(png_bytes(64, 48))
    page.get_by_label("问题类别").select_option(label="占道经营")
    page.get_by_label("地点").fill("幸福路12号门前人行道")
    page.get_by_label("问题描述").fill("流动摊贩占用人行道经营水果，行人需绕行。")
    page.get_by_label("现场照片").set_input_files(str(picture))
    # The phone's position fills the coordinates (a script of the app's own static files).
    page.get_by_role("button", name="用当前位置填写坐标").click()
    expect(page.get_by_label("纬度")).to_have_value("39.021234")
    expect(page.get_by_label("经度")).to_have_value("117.712345")
    assert fits_the_screen(page)
    page.screenshot(path=str(SCREENSHOT_DIR / "enforcement-phone-report.png"), full_page=True)
    page.get_by_role("button", name="提交上报").click()

    expect(page.locator("h1")).to_have_text("上报成功")
    expect(page.get_by_role("link", name="继续上报")).to_be_visible()
    assert fits_the_screen(page)

    report = Report.objects.get()
    assert report.source == Report.Source.GRID_WORKER
    assert report.grid is not None and report.grid.code == "street-a-01"
    assert report.category is not None and report.category.name == "占道经营"
    assert report.address == "幸福路12号门前人行道"
    assert str(report.latitude) == "39.021234" and str(report.longitude) == "117.712345"
    assert report.photo_sha256 == hashlib.sha256(picture.read_bytes()).hexdigest()
    with report.photo.open("rb") as stored:
        assert hashlib.sha256(stored.read()).hexdigest() == report.photo_sha256

    # 继续上报 opens an empty form again.
    page.get_by_role("link", name="继续上报").click()
    expect(page.locator("h1")).to_have_text("上报问题")
    expect(page.get_by_label("地点")).to_have_value("")
    context.close()
