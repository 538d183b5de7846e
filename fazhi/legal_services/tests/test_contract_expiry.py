"""The expiry flags of the standing adviser contract: 即将到期 until a following contract is
signed (the renewal), 已到期 for a contract past its end with none after it; the dashboard
reminder counts what the list's filter shows."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from fazhi.legal_services.models import AdviserContract
from fazhi.legal_services.reminders import contracts_expiring
from fazhi.legal_services.services import registry as services

pytestmark = pytest.mark.django_db
BASE = "/office/legal-services/advisercontract/"


def _contract(world, legal, title, starts_on, ends_on):
    return services.adviser_contract_create(
        street=world.a.street,
        actor=world.clerk_a,
        firm=legal.firm_a,
        title=title,
        signed_on=starts_on,
        starts_on=starts_on,
        ends_on=ends_on,
        scope="合法性审查、法律咨询",
    )


def _flags(client, **params) -> dict[str, str]:
    response = client.get(BASE, params)
    assert response.status_code == 200
    return {str(obj): str(values[-1]) for obj, values in response.context["rows"]}


def test_a_renewed_contract_is_not_flagged_as_expiring(world, legal):
    current = _contract(world, legal, "2020年合同", date(2020, 1, 1), date(2020, 12, 31))
    # A special-service contract running alongside does not take over.
    _contract(world, legal, "征收项目专项合同", date(2020, 6, 1), date(2021, 6, 30))
    day = date(2020, 12, 10)
    assert list(AdviserContract.objects.expiring(day)) == [current]
    with time_machine.travel("2020-12-10 09:00 +0800", tick=False):
        client = world.client(world.clerk_a)
        assert "即将到期" in _flags(client)["2020年合同"]
        assert contracts_expiring(world.clerk_a, day) == 1

        _contract(world, legal, "2021年合同", date(2021, 1, 1), date(2021, 12, 31))
        flags = _flags(client)
        assert "即将到期" not in flags["2020年合同"]
        assert _flags(client, expiring="yes") == {}
        detail = client.get(f"{BASE}{current.pk}/").content.decode()
        assert "即将到期" not in detail
    assert list(AdviserContract.objects.expiring(day)) == []
    assert contracts_expiring(world.clerk_a, day) == 0


def test_a_renewal_after_a_gap_leaves_the_warning_on(world, legal):
    _contract(world, legal, "2020年合同", date(2020, 1, 1), date(2020, 12, 31))
    _contract(world, legal, "2021年合同", date(2021, 2, 1), date(2021, 12, 31))
    assert [c.title for c in AdviserContract.objects.expiring(date(2020, 12, 10))] == ["2020年合同"]


def test_a_contract_past_its_end_without_a_successor_is_flagged_expired(world, legal):
    _contract(world, legal, "2019年合同", date(2019, 1, 1), date(2019, 12, 31))
    _contract(world, legal, "2020年合同", date(2020, 1, 1), date(2020, 12, 26))
    with time_machine.travel("2021-01-05 09:00 +0800", tick=False):
        client = world.client(world.clerk_a)
        flags = _flags(client)
        assert "已到期" in flags["2020年合同"]
        assert flags["2019年合同"] == ""  # renewed by the 2020 contract
        assert set(_flags(client, expiring="expired")) == {"2020年合同"}
        assert set(_flags(client, expiring="no")) == {"2019年合同"}
        contract = AdviserContract.objects.get(title="2020年合同")
        detail = client.get(f"{BASE}{contract.pk}/").content.decode()
        assert "已到期：合同已于2020年12月26日终止" in detail
        # Expired is not expiring: the reminder asks for renewals still possible in time.
        assert contracts_expiring(world.clerk_a, date(2021, 1, 5)) == 0
    assert [c.title for c in AdviserContract.objects.expired(date(2021, 1, 5))] == ["2020年合同"]
