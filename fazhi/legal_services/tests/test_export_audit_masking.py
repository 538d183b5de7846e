"""Exports of lists about residents and parties: the audit row (kept longer than the records)
and the sheet's note of the filters keep a searched mobile number, name or ID number masked."""

from __future__ import annotations

from io import BytesIO

import pytest
import time_machine
from openpyxl import load_workbook

from fazhi.audit.models import Action, AuditEntry
from fazhi.core.masking import mask_search
from fazhi.legal_services.tests.duty_fixtures import NOW, book, make_shift
from fazhi.legal_services.tests.mediation_cases import ID_MAN, accepted_case

pytestmark = pytest.mark.django_db
BASE = "/office/legal-services"


def _export(client, path, params) -> tuple[AuditEntry, str]:
    response = client.get(f"{BASE}/{path}/", {**params, "format": "xlsx"})
    assert response.status_code == 200
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry.action == Action.EXPORT
    sheet = load_workbook(BytesIO(response.content))["说明"]
    notes = " ".join(str(c) for row in sheet.iter_rows(values_only=True) for c in row)
    return entry, notes


def test_a_searched_mobile_number_is_masked_in_the_audit_row(world, legal):
    with time_machine.travel(NOW, tick=False):
        book(make_shift(world, legal), mobile="13812345678", name="张三丰")
        client = world.client(world.clerk_a)
        entry, notes = _export(client, "appointment", {"q": "13812345678"})
    assert entry.changes["filters"] == {"预约码、姓名或手机号": "138****5678"}
    assert entry.changes["count"] == 1
    assert "13812345678" not in str(entry.changes) and "13812345678" not in notes
    assert "138****5678" in notes


def test_a_searched_name_and_id_number_of_a_party_are_masked(world, legal):
    accepted_case(world.a.street, world.clerk_a)
    client = world.client(world.clerk_a)
    entry, notes = _export(client, "mediation/parties", {"id_number": ID_MAN})
    assert entry.changes["filters"] == {"证件号码（完整）": "120101******0012"}
    assert entry.changes["count"] == 1 and ID_MAN not in notes
    entry, _notes = _export(client, "mediation", {"q": "张明"})
    assert entry.changes["filters"] == {"关键词": "张*"} and entry.changes["count"] == 1
    entry, _notes = _export(client, "consultation", {"q": "李女士 13612345678"})
    assert entry.changes["filters"] == {"关键词": "李** 136****5678"}


def test_mask_search():
    assert mask_search("张三丰 13812345678 120101198001010012 A") == (
        "张** 138****5678 120101******0012 A"
    )
