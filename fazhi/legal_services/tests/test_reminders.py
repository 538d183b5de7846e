"""Dashboard reminders of legal services: counts match the linked filtered lists."""

from __future__ import annotations

from datetime import date, time

import pytest
import time_machine

from fazhi.legal_services.services import duty, registry

pytestmark = pytest.mark.django_db


def _reminders(client) -> dict[str, dict]:
    return {str(r["label"]): r for r in client.get("/office/").context["reminders"]}


@time_machine.travel("2020-12-10 09:00 +0800", tick=False)
def test_expiring_contract_and_unrecorded_shift_are_reminded(world, legal):
    registry.adviser_contract_create(
        street=world.a.street,
        actor=world.clerk_a,
        firm=legal.firm_a,
        title="常年法律顾问合同",
        signed_on=date(2019, 12, 20),
        starts_on=date(2020, 1, 1),
        ends_on=date(2020, 12, 31),
        scope="合法性审查",
    )
    duty.duty_shift_create(
        street=world.a.street,
        actor=world.clerk_a,
        village=world.a.village,
        lawyer=legal.lawyer_a,
        date=date(2020, 12, 8),
        starts_at=time(9),
        ends_at=time(11),
    )
    client = world.client(world.clerk_a)
    reminders = _reminders(client)
    for label in ("即将到期的常年法律顾问合同", "尚未登记值班情况的值班"):
        assert reminders[label]["count"] == 1
        listed = client.get(reminders[label]["url"])
        assert listed.status_code == 200
        assert len(listed.context["rows"]) == 1, label

    # Lawyers and the leader read these records but do not keep them: no reminders.
    assert _reminders(world.client(legal.lawyer_user)) == {}
    assert _reminders(world.client(world.leader)) == {}
    assert _reminders(world.client(world.clerk_b)) == {}
