"""/api/docs in real headless Chromium: Swagger UI renders every operation of the document,
with no console error, no page error and no "Errors" / "Parser error" banner.

The docs are for signed-in staff (fazhi.api.docs.docs_guard): one user in an otherwise empty
database is enough, no demo."""

from __future__ import annotations

from playwright.sync_api import Browser, expect

from fazhi.api.api import api
from fazhi.org.roles import Role
from fazhi.testing import PASSWORD, make_street, make_user
from tests.browser.test_backoffice import (
    browser,  # noqa: F401  (the module's fixture)
    pytestmark,
)

pytestmark = [*pytestmark]  # browser, and Chromium present


def test_the_api_docs_render_every_operation_without_errors(
    browser: Browser,  # noqa: F811
    live_server,
    transactional_db: None,
) -> None:
    user = make_user("docs_reader", make_street("haibin", "海滨街道").street, [Role.OFFICE])
    document = api.get_openapi_schema()
    operations = sum(len(item) for item in document["paths"].values())

    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    console_errors: list[str] = []
    page_errors: list[str] = []
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: page_errors.append(str(exc)))

    page.goto(f"{live_server.url}/accounts/login/?next=/api/docs")
    page.get_by_label("用户名").fill(user.username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/api/docs")

    # The document is large: give Swagger UI time to read it and draw the list.
    expect(page.locator(".swagger-ui .opblock")).to_have_count(operations, timeout=60_000)
    expect(page.locator(".swagger-ui .info .title")).to_contain_text(document["info"]["title"])
    assert operations > 300
    # Swagger UI reports a document it cannot read in an "Errors" box above the operations.
    assert page.locator(".swagger-ui .errors-wrapper").count() == 0
    text = page.locator("body").inner_text()
    assert "Parser error" not in text and "Resolver error" not in text
    assert console_errors == []
    assert page_errors == []
    context.close()
