"""The API keeps its contract: a valid OpenAPI document (each response declared once, file
downloads with their content types), times with an offset taken as Beijing time or refused,
ISO dates only in filters, and JSON errors under /api/ even from Django's CSRF check."""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from datetime import datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from openapi_spec_validator import OpenAPIV31SpecValidator

from fazhi.api.api import api
from fazhi.api.errors import BAD_DATE, BAD_TIME, CSRF_FAILED, has_chinese
from fazhi.audit.models import AuditEntry
from fazhi.core.files import DOCUMENT_CONTENT_TYPES
from fazhi.legal_services.models import DutyShift
from fazhi.legal_services.testing import build_legal

pytestmark = pytest.mark.django_db
JSON = "application/json"
NOW = datetime(2020, 6, 1, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"

DOWNLOADS = {
    "/api/adviser-contracts/{id}/document/": DOCUMENT_CONTENT_TYPES,
    "/api/review-requests/{id}/document/": DOCUMENT_CONTENT_TYPES,
    "/api/major-decisions/{id}/draft/": DOCUMENT_CONTENT_TYPES,
    "/api/reports/{id}/photo/": ("image/jpeg", "image/png", "image/heic"),
    "/api/evidence/{id}/file/": ("image/*", "audio/*", "video/*", *DOCUMENT_CONTENT_TYPES),
    "/api/frontage-units/{id}/letter/": DOCUMENT_CONTENT_TYPES,
    "/api/campaigns/{id}/plan/": DOCUMENT_CONTENT_TYPES,
}


def _pairs_once(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """json.loads' object hook: a key given twice is an error (a dict would keep the last)."""
    twice = [key for key, count in Counter(key for key, _value in pairs).items() if count > 1]
    assert not twice, f"duplicated keys {twice} in {[key for key, _value in pairs]}"
    return dict(pairs)


@pytest.fixture
def document(world) -> dict[str, Any]:
    """The OpenAPI document as served, read from its text with every key checked once."""
    response = world.client(world.clerk_a).get("/api/openapi.json")
    assert response.status_code == 200
    return json.loads(response.content, object_pairs_hook=_pairs_once)


def test_the_openapi_document_is_valid_with_each_response_declared_once(document):
    errors = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in OpenAPIV31SpecValidator(document).iter_errors()
    ]
    assert errors == []
    # The annual reports' operations are part of what was validated.
    assert {"/api/annual-reports/", "/api/annual-reports/{id}/"} <= set(document["paths"])
    for path, item in document["paths"].items():
        for method, operation in item.items():
            codes = list(operation["responses"])
            assert len(codes) == len(set(codes)), (method, path, codes)


def test_file_downloads_declare_one_200_with_their_content_types(document):
    for path, content_types in DOWNLOADS.items():
        answer = document["paths"][path]["get"]["responses"]["200"]
        assert list(answer["content"]) == list(content_types), path
        for media in answer["content"].values():
            assert media["schema"] == {"type": "string", "format": "binary"}
    assert "application/pdf" in DOCUMENT_CONTENT_TYPES
    assert (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        in DOCUMENT_CONTENT_TYPES
    )


def test_every_answer_is_described_in_chinese(document):
    for path, item in document["paths"].items():
        for method, operation in item.items():
            for status, answer in operation["responses"].items():
                assert has_chinese(answer["description"]), (method, path, status, answer)
    responses = document["paths"]["/api/departments/{id}/"]["delete"]["responses"]
    assert responses["404"]["description"] == "记录不存在或不在您的管辖范围内"
    assert responses["204"]["description"] == "已删除，无返回内容"


def test_no_two_schemas_share_a_name(world):
    """The document keeps one schema per name: a second class of the same name would silently
    replace the first, and its operation would then declare another operation's answer."""
    definitions: dict[str, set[str]] = defaultdict(set)
    for _prefix, router in api._routers:
        for path_operation in router.path_operations.values():
            for operation in path_operation.operations:
                for mode, models in [
                    ("serialization", (operation.response_models or {}).values()),
                    ("validation", operation.models),
                ]:
                    for model in models:
                        if not hasattr(model, "model_json_schema"):
                            continue
                        found = model.model_json_schema(mode=mode).get("$defs", {})
                        for name, definition in found.items():
                            definitions[name].add(json.dumps(definition, sort_keys=True))
    assert {name for name, texts in definitions.items() if len(texts) > 1} == set()


def test_a_time_of_day_is_declared_as_the_beijing_time_it_is(document):
    """JSON Schema's "time" is RFC 3339's and requires an offset; the answers write Beijing
    time without one, and the schema says so."""
    shift = document["components"]["schemas"]["DutyShiftOut"]["properties"]["starts_at"]
    assert "format" not in shift
    assert re.fullmatch(shift["pattern"].strip("^$"), "09:00:00")


# --- times --------------------------------------------------------------------------------------


@pytest.fixture
def roster(world):
    """Street A's clerk with a lawyer to put on the roster, on Monday 1 June 2020."""
    legal = build_legal(world)
    with time_machine.travel(NOW, tick=False):
        yield (
            world.client(world.clerk_a),
            {
                "village": world.a.village.pk,
                "lawyer": legal.lawyer_a.pk,
                "date": "2020-06-11",
                "ends_at": "17:00",
                "capacity": 3,
            },
        )


@pytest.mark.parametrize(
    ("sent", "stored"),
    [
        ("09:00:00+08:00", time(9, 0)),
        ("09:00+08:00", time(9, 0)),
        ("01:00:00Z", time(9, 0)),
        ("02:30:00+01:00", time(9, 30)),
        ("09:15", time(9, 15)),
    ],
)
def test_a_time_with_an_offset_is_stored_as_beijing_time(roster, sent, stored):
    client, body = roster
    response = client.post("/api/duty-shifts/", body | {"starts_at": sent}, content_type=JSON)
    assert response.status_code == 201, response.json()
    shift = DutyShift.objects.get(pk=response.json()["id"])
    assert shift.starts_at == stored
    assert response.json()["starts_at"] == stored.isoformat()


def test_a_time_changed_with_an_offset_is_stored_as_beijing_time(roster):
    client, body = roster
    pk = client.post("/api/duty-shifts/", body | {"starts_at": "09:00"}, content_type=JSON).json()[
        "id"
    ]
    response = client.patch(f"/api/duty-shifts/{pk}/", {"ends_at": "08:00:00Z"}, content_type=JSON)
    assert response.status_code == 200, response.json()
    assert DutyShift.objects.get(pk=pk).ends_at == time(16, 0)


@pytest.mark.parametrize(
    ("sent", "message"),
    [
        ("20:00:00Z", "该时间换算为北京时间后不在同一天（为04:00），请直接填写北京时间。"),
        ("09:00:00-10:00", "该时间换算为北京时间后不在同一天（为03:00），请直接填写北京时间。"),
        (32400, BAD_TIME),
        ("32400", BAD_TIME),
        ("9点", BAD_TIME),
        ("25:00", BAD_TIME),
    ],
)
def test_a_time_that_is_not_a_beijing_time_of_that_day_is_refused(roster, sent, message):
    client, body = roster
    audit_rows = AuditEntry.objects.count()
    response = client.post("/api/duty-shifts/", body | {"starts_at": sent}, content_type=JSON)
    assert response.status_code == 422
    assert response.json()["errors"] == {"starts_at": [message]}
    assert not DutyShift.objects.exists()
    assert AuditEntry.objects.count() == audit_rows


# --- dates in filters -----------------------------------------------------------------------------


@pytest.mark.parametrize("sent", ["0", "1577836800", "20200928", "abc", "2020-02-30"])
def test_a_date_filter_takes_only_an_iso_date(world, sent):
    client = world.client(world.clerk_a)
    for path, name in [("publications", "published_to"), ("meetings", "held_from")]:
        response = client.get(f"/api/{path}/", {name: sent})
        assert response.status_code == 422, (path, sent)
        assert response.json() == {
            "detail": "查询条件有误，请按 errors 中的提示修改。",
            "errors": {name: [BAD_DATE]},
        }
        assert client.get(f"/api/{path}/", {name: "2020-09-28"}).status_code == 200


# --- CSRF ----------------------------------------------------------------------------------------


def test_a_csrf_failure_under_the_api_is_a_json_error(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.clerk_a)
    for path in ["/api/", "/api/no-such-endpoint/", "/api/openapi.json"]:
        response = client.post(path, {}, content_type=JSON)
        assert response.status_code == 403, path
        assert response["Content-Type"] == "application/json", path
        assert response.json() == {
            "detail": "CSRF 校验失败，请刷新页面后重试；程序调用请改用接口令牌。",
            "errors": {},
        }
    # The token pages answer a program (no Accept header, or JSON asked for) in JSON too.
    for path, accept in [
        ("/api/tokens/", None),
        ("/api/tokens/", "application/json"),
        ("/api/tokens/1/revoke/", "*/*"),
    ]:
        headers = {"Accept": accept} if accept else {}
        response = client.post(path, {"name": "x"}, headers=headers)
        assert response.status_code == 403, path
        assert response["Content-Type"] == "application/json", (path, accept)
        assert response.json()["detail"] == CSRF_FAILED
    # A browser posting the token page's form, and the back office's pages: the expired form
    # is explained on the office's own page.
    for path in ["/api/tokens/", "/office/"]:
        response = client.post(path, {"name": "x"}, headers={"Accept": BROWSER_ACCEPT})
        assert response.status_code == 403, path
        assert response["Content-Type"].startswith("text/html"), path
        assert "表单已失效" in response.content.decode()
