"""The demo on a 390-pixel phone, in real headless Chromium: each role's main pages and the
public portal fit the screen, the back office's navigation waits behind the menu button, and lists
read as one card per record."""

from __future__ import annotations

from django.urls import reverse
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser.test_backoffice import (
    PHONE_VIEWPORT,
    SCREENSHOT_DIR,
    browser,  # noqa: F401  (the module's fixture)
    demo,  # noqa: F401  (the demo, restored for each test)
    login,
    pytestmark,  # noqa: F401  (browser marker, skipped without Chromium)
)

ROLES = ["office", "leader", "officer", "reviewer", "lawyer", "gridworker"]
# The lists a role works from, in order of preference; each role gets those its sidebar offers.
MAIN_LISTS = [
    "enforcement:case_list",
    "enforcement:report_list",
    "enforcement:legalreview_list",
    "reviews:reviewrequest_list",
    "legal_services:dutyshift_list",
    "legal_services:appointment_list",
    "legal_services:consultation_list",
    "legal_services:mediation_list",
    "reviews:majordecision_list",
    "enforcement:patrol_list",
    "outreach:activity_list",
    "study:studysession_list",
    "org:gridworker_list",
    "org:village_list",
]
PAGES_PER_ROLE = 5
FITS = """() => window.innerWidth === 390
    && document.documentElement.scrollWidth <= window.innerWidth"""


def phone(browser: Browser) -> BrowserContext:  # noqa: F811
    return browser.new_context(viewport=PHONE_VIEWPORT, locale="zh-CN", is_mobile=True)


def fits_the_screen(page: Page) -> bool:
    """Nothing on the page is wider than the phone: it never scrolls sideways."""
    return bool(page.evaluate(FITS))


def shows_cards(page: Page) -> bool:
    """The page's list, if it has records, shows each record as a card with labelled fields."""
    rows = page.locator(".table-wrap > table.list > tbody > tr:not(:has(td.empty))")
    if not rows.count():
        return False
    first = rows.first
    # The column headings are left to screen readers: the cards label their own fields.
    heading = page.locator(".table-wrap > table.list > thead").first
    assert heading.evaluate("head => head.getBoundingClientRect().height") <= 1, page.url
    assert first.evaluate("row => getComputedStyle(row).display") == "block"
    # The first cell is the card's title; the fields after it read "heading value".
    labelled = first.locator("td[data-label]:visible:not(:first-child)")
    assert labelled.count(), page.url
    label = labelled.first.evaluate("cell => getComputedStyle(cell, '::before').content")
    assert label.strip('"') == labelled.first.get_attribute("data-label"), page.url
    return True


def test_each_role_works_on_a_phone(browser: Browser, live_server, demo: None) -> None:  # noqa: F811
    base = live_server.url
    for username in ROLES:
        context = phone(browser)
        page = context.new_page()
        login(page, base, username)

        # The first screen is the work, not the navigation: the sidebar waits behind the button.
        menu = page.locator("label.nav-button")
        sidebar_links = page.locator("nav.sidebar a")
        expect(menu).to_be_visible()
        expect(sidebar_links.first).to_be_hidden()
        assert fits_the_screen(page), (username, "/office/")
        page.screenshot(path=str(SCREENSHOT_DIR / f"fazhi-phone-{username}.png"))
        menu.click()
        expect(sidebar_links.first).to_be_visible()
        page.screenshot(path=str(SCREENSHOT_DIR / f"fazhi-phone-{username}-menu.png"))
        offered = {a.get_attribute("href") for a in sidebar_links.element_handles()}
        menu.click()
        expect(sidebar_links.first).to_be_hidden()

        pages = [reverse(name) for name in MAIN_LISTS if reverse(name) in offered]
        pages = pages[:PAGES_PER_ROLE]
        assert len(pages) >= 2, (username, sorted(offered))
        cards = []
        for path in pages:
            response = page.goto(f"{base}{path}")
            assert response is not None and response.status == 200, (username, path)
            expect(page.locator("main h1")).to_be_visible()
            expect(menu).to_be_visible()
            expect(sidebar_links.first).to_be_hidden()
            assert fits_the_screen(page), (username, path)
            if shows_cards(page):
                cards.append(path)
                filters = page.locator("form.filters")
                if filters.count():
                    # The filters fold too, behind their own button.
                    expect(filters).to_be_hidden()
                    page.locator("label.filters-button").click()
                    expect(filters).to_be_visible()
                    assert fits_the_screen(page), (username, path, "filters")
        assert cards, (username, pages)
        page.goto(f"{base}{cards[0]}")
        page.screenshot(path=str(SCREENSHOT_DIR / f"fazhi-phone-{username}-list.png"))
        context.close()


def test_a_form_takes_one_column_on_a_phone(
    browser: Browser,  # noqa: F811
    live_server,
    demo: None,  # noqa: F811
) -> None:
    context = phone(browser)
    page = context.new_page()
    login(page, live_server.url, "office")
    page.goto(f"{live_server.url}/office/org/village/new/")
    label = page.locator("form.record .field > label").first
    field = page.locator("form.record .field > input, form.record .field > select").first
    form = page.locator("form.record").bounding_box()
    above, below = label.bounding_box(), field.bounding_box()
    assert form and above and below
    assert below["y"] >= above["y"] + above["height"] - 1  # the input under its label
    assert below["width"] > 0.8 * form["width"]  # across the form
    assert fits_the_screen(page)
    page.screenshot(path=str(SCREENSHOT_DIR / "fazhi-phone-form.png"))
    context.close()


def test_the_portal_fits_a_phone(browser: Browser, live_server, demo: None) -> None:  # noqa: F811
    base = live_server.url
    context = phone(browser)
    page = context.new_page()
    page.goto(f"{base}/s/haibin/")
    assert fits_the_screen(page)
    sections = [a.get_attribute("href") for a in page.locator(".portal-nav a").element_handles()]
    assert len(sections) >= 6, sections
    visited = ["/", *sections]
    for path in visited:
        response = page.goto(f"{base}{path}")
        assert response is not None and response.status == 200, path
        expect(page.locator("main h1").first).to_be_visible()
        assert fits_the_screen(page), path
    # One record of each kind the portal lists, opened from its list.
    for listing, link in (
        ("/s/haibin/enforcement/", "a[href*='/enforcement/decisions/']"),
        ("/s/haibin/decisions/", "a[href^='/s/haibin/decisions/']:not([aria-current])"),
    ):
        page.goto(f"{base}{listing}")
        page.locator(f"main {link}").first.click()
        expect(page.locator("main h1").first).to_be_visible()
        assert fits_the_screen(page), page.url
    page.goto(f"{base}/s/haibin/")
    page.screenshot(path=str(SCREENSHOT_DIR / "fazhi-phone-portal.png"))
    context.close()


BODY_CARD = "section[aria-labelledby='bodies-title'] li.portal-section"


def test_the_enforcement_body_card_uses_the_width(
    browser: Browser,  # noqa: F811
    live_server,
    demo: None,  # noqa: F811
) -> None:
    for viewport in (PHONE_VIEWPORT, {"width": 1280, "height": 900}):
        context = browser.new_context(viewport=viewport, locale="zh-CN")
        page = context.new_page()
        page.goto(f"{live_server.url}/s/haibin/enforcement/")
        card = page.locator(BODY_CARD).first
        expect(card).to_be_visible()
        panel = page.locator("section[aria-labelledby='bodies-title'] ul").first.bounding_box()
        box = card.bounding_box()
        assert panel and box
        assert box["width"] > 0.9 * panel["width"], (viewport, box, panel)
        # The telephone numbers and the address each read on one line.
        label = card.locator("dl.portal-info dt").first.bounding_box()
        assert label
        phones = card.locator("a[href^='tel:']")
        assert phones.count() >= 1
        for number in phones.all():
            assert number.evaluate("a => a.getClientRects().length") == 1, number.text_content()
            height = number.bounding_box()
            assert height and height["height"] < 1.5 * label["height"]
        address = card.locator("dl.portal-info dd").first.bounding_box()
        assert address and address["height"] < 1.5 * label["height"], viewport
        # Every card of the portal's lists has room for its text: a third of the row at least.
        for path in ("/s/haibin/enforcement/", "/s/haibin/decisions/", "/s/haibin/"):
            page.goto(f"{live_server.url}{path}")
            for cards in page.locator("ul.portal-sections").all():
                row = cards.bounding_box()
                for item in cards.locator("> li").all():
                    width = item.bounding_box()
                    assert row and width and width["width"] > 0.3 * row["width"], path
        page.goto(f"{live_server.url}/s/haibin/enforcement/")
        name = f"fazhi-enforcement-public-{viewport['width']}.png"
        page.screenshot(path=str(SCREENSHOT_DIR / name))
        context.close()
