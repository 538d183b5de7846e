"""The OpenAPI schema and the interactive docs: valid, Chinese, and nothing from other hosts."""

from __future__ import annotations

import json
import re
from pathlib import Path

import ninja
from django.test import override_settings

from fazhi.api.tokens import token_create

URL = re.compile(r"""(?:src|href)\s*=\s*["']([^"']+)["']""")
ASSET = re.compile(r"""<(?:link|script)\b[^>]*?(?:src|href)\s*=\s*["']([^"']+)["']""")
NINJA_STATIC = Path(ninja.__file__).resolve().parent / "static"


def test_openapi_schema_is_3_1_with_every_resource(world):
    response = world.client(world.clerk_a).get("/api/openapi.json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.1.")
    assert schema["info"]["title"] == "法治政府建设工作平台 API"
    for path in [
        "/api/streets/",
        "/api/departments/{id}/",
        "/api/villages/",
        "/api/grids/{id}/",
        "/api/grid-workers/",
        "/api/leading-groups/",
        "/api/leading-group-members/{id}/",
        "/api/meetings/",
    ]:
        assert path in schema["paths"], path
    assert set(schema["paths"]["/api/villages/{id}/"]) == {"get", "patch", "delete"}
    operation_ids = [op["operationId"] for item in schema["paths"].values() for op in item.values()]
    assert len(operation_ids) == len(set(operation_ids))


def test_schema_fields_are_described_in_chinese(world):
    schema = world.client(world.clerk_a).get("/api/openapi.json").json()
    worker = schema["components"]["schemas"]["GridWorkerOut"]["properties"]
    assert worker["phone"]["description"] == "手机号码"
    assert worker["kind"]["description"] == "类别（full_time：专职；part_time：兼职）"
    create = schema["components"]["schemas"]["GridWorkerCreate"]
    assert set(create["required"]) == {"grid", "name", "phone", "started_on"}
    filters = schema["paths"]["/api/grid-workers/"]["get"]["parameters"]
    assert {p["name"] for p in filters} >= {
        "q",
        "village",
        "grid",
        "kind",
        "status",
        "cursor",
        "limit",
    }


def test_schema_needs_a_login_or_token(world, anon):
    response = anon.get("/api/openapi.json")
    assert response.status_code == 401 and response.json()["detail"].startswith("未登录")
    _, plain = token_create(
        user=world.clerk_a, name="生成客户端", expires_at=None, actor=world.clerk_a
    )
    assert anon.get("/api/openapi.json", HTTP_AUTHORIZATION=f"Bearer {plain}").status_code == 200


def _asset_urls(html: str) -> list[str]:
    return ASSET.findall(html)


def test_docs_page_loads_nothing_from_other_hosts_and_runs_no_inline_script(world):
    response = world.client(world.clerk_a).get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert not re.search(r"https?://", html)
    urls = URL.findall(html)
    assert len(urls) == 6 and all(u.startswith("/") and not u.startswith("//") for u in urls)
    assert len(_asset_urls(html)) == 5
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert "script-src 'self'" in response["Content-Security-Policy"]
    settings = json.loads(re.search(r'id="swagger-settings"[^>]*>(.*?)</script>', html).group(1))
    assert settings["url"] == "/api/openapi.json" and settings["validatorUrl"] is None


def test_docs_assets_are_served_from_ninjas_own_files(world):
    client = world.client(world.clerk_a)
    html = client.get("/api/docs").content.decode()
    for url in _asset_urls(html):
        if url.startswith("/api/docs/assets/"):
            asset = client.get(url)
            assert asset.status_code == 200, url
            name = url.rsplit("/", 1)[1]
            assert b"".join(asset.streaming_content) == (NINJA_STATIC / "ninja" / name).read_bytes()
    assert client.get("/api/docs/assets/swagger-ui-bundle.js")["Content-Type"].startswith(
        "text/javascript"
    )
    assert client.get("/api/docs/assets/..%2Fmain.py").status_code == 404
    assert client.get("/api/docs/assets/redoc.standalone.js").status_code == 404


@override_settings(STATICFILES_DIRS=[NINJA_STATIC])
def test_docs_use_static_urls_once_ninjas_files_are_collected(world):
    html = world.client(world.clerk_a).get("/api/docs").content.decode()
    urls = _asset_urls(html)
    assert len(urls) == 5 and all(u.startswith("/static/ninja/") for u in urls)


def test_docs_page_sends_visitors_to_login(anon):
    response = anon.get("/api/docs")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert anon.get("/api/docs/")["Location"] == "/api/docs"


def test_api_root_and_unknown_paths_answer_json(world):
    client = world.client(world.clerk_a)
    root = client.get("/api/").json()
    assert root["docs"] == "/api/docs" and root["tokens"] == "/api/tokens/"
    missing = client.get("/api/no-such-thing/")
    assert missing.status_code == 404
    assert missing.json()["detail"] == "接口地址不存在，请查阅接口文档。"
    assert client.get("/api/villages/abc/").status_code == 404


def test_docs_are_in_the_navigation(world):
    html = world.client(world.clerk_a).get("/office/").content.decode()
    assert 'href="/api/docs"' in html
