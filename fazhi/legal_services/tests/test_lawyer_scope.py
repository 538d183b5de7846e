"""An outside lawyer's account sees only the own lawyer's records: not other lawyers'
residents (consultations, bookings), cases or groups, and not the office's contracts."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from fazhi.core.services import model_create
from fazhi.legal_services.models import AdviserContract, Consultation
from fazhi.legal_services.services import registry

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _consultation(world, lawyer, phone):
    return registry.consultation_create(
        street=world.a.street,
        actor=world.clerk_a,
        occurred_at=datetime(2020, 5, 20, 10, tzinfo=SHANGHAI),
        channel=Consultation.Channel.PHONE,
        topic="labour",
        question="拖欠工资怎么办？",
        lawyer=lawyer,
        resident_name="李某某",
        resident_phone=phone,
    )


def test_a_lawyer_sees_only_the_own_consultations(world, legal):
    own = _consultation(world, legal.lawyer_a, "13612340001")
    other = _consultation(world, legal.other_lawyer_a, "13612340002")
    client = world.client(legal.lawyer_user)

    listed = client.get("/api/consultations/").json()["results"]
    assert [c["id"] for c in listed] == [own.pk]
    assert "13612340002" not in client.get("/office/legal-services/consultation/").content.decode()
    assert client.get(f"/office/legal-services/consultation/{other.pk}/").status_code == 404
    response = client.patch(
        f"/api/consultations/{other.pk}/",
        {"answer": "改过的解答"},
        content_type="application/json",
    )
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.answer == ""
    # The office sees both.
    office = world.client(world.clerk_a).get("/api/consultations/").json()["results"]
    assert {c["id"] for c in office} == {own.pk, other.pk}


def test_a_lawyer_does_not_see_the_offices_adviser_contracts(world, legal):
    contract = model_create(
        AdviserContract,
        actor=None,
        data={
            "street": world.a.street,
            "firm": legal.firm_a,
            "title": "常年法律顾问合同",
            "signed_on": date(2019, 12, 20),
            "starts_on": date(2020, 1, 1),
            "ends_on": date(2020, 12, 31),
            "scope": "合法性审查",
            "fee": 60000,
        },
    )
    client = world.client(legal.lawyer_user)
    assert client.get("/office/legal-services/advisercontract/").status_code == 403
    assert client.get(f"/api/adviser-contracts/{contract.pk}/").status_code == 403
