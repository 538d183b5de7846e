"""The case steps' bodies read dates as the rest of the API does: ISO text only, a date and time
with an offset taken as Beijing time; anything else is a 422 in Chinese and writes nothing."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from fazhi.api.errors import BAD_DATE, BAD_DATETIME
from fazhi.audit.models import AuditEntry
from fazhi.enforcement.models import Case
from fazhi.enforcement.testing import build_enf
from fazhi.enforcement.tests.case_helpers import at, register, state

pytestmark = pytest.mark.django_db
JSON = "application/json"
BASE = "/api/enforcement-cases/"


@pytest.fixture
def case_client(world):
    """A case found on 1 September 2020 and its officer's client, on 28 September 2020."""
    enf = build_enf(world)
    with time_machine.travel(at(2020, 9, 28, 9), tick=False):
        yield register(world, enf), world.client(enf.officer1)


@pytest.mark.parametrize("sent", [0, 1599004800, "1599004800", "20200902", "2020-09-02T00:00:00"])
def test_a_step_date_is_an_iso_date_only(case_client, sent):
    case, client = case_client
    before, audit_rows = state(case), AuditEntry.objects.count()
    response = client.post(f"{BASE}{case.pk}/file/", {"filed_on": sent}, content_type=JSON)
    assert response.status_code == 422
    assert response.json() == {
        "detail": "提交的内容有误，未保存，请按 errors 中的提示修改。",
        "errors": {"filed_on": [BAD_DATE]},
    }
    assert state(case) == before and AuditEntry.objects.count() == audit_rows


@pytest.mark.parametrize("sent", [0, 1599004800, "1599004800", "2020-09-02"])
def test_a_step_date_and_time_is_iso_text_only(case_client, sent):
    case, client = case_client
    before = state(case)
    response = client.post(
        f"{BASE}{case.pk}/stop/", {"stopped_at": sent, "measure": "责令停止。"}, content_type=JSON
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {"stopped_at": [BAD_DATETIME]}
    assert state(case) == before


@pytest.mark.parametrize(
    "sent", ["2020-09-01T11:30:00+08:00", "2020-09-01T03:30:00Z", "2020-09-01T11:30:00"]
)
def test_a_step_date_and_time_with_an_offset_is_beijing_time(case_client, sent):
    case, client = case_client
    response = client.post(
        f"{BASE}{case.pk}/stop/", {"stopped_at": sent, "measure": "责令停止。"}, content_type=JSON
    )
    assert response.status_code == 200, response.json()
    stopped_at = Case.objects.get(pk=case.pk).stopped_at
    assert stopped_at == datetime(2020, 9, 1, 11, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
