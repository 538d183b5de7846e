"""Cases over the API: the list with the page's filters and scope, registration, PATCH of the
particulars, a step and a refusal (422, nothing written), permissions."""

from __future__ import annotations

import pytest
import time_machine

from fazhi.audit.models import Action, AuditEntry
from fazhi.enforcement.models import Case
from fazhi.enforcement.tests.case_helpers import at, notified, register, state

pytestmark = pytest.mark.django_db
JSON = "application/json"
BASE = "/api/enforcement-cases/"


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(at(2020, 9, 28, 9), tick=False):
        yield


def test_list_read_and_scope(world, enf):
    case = register(world, enf, party_name="接口当事人")
    register(world, enf, major_public_interest=True)
    client = world.client(world.clerk_a)
    rows = client.get(BASE).json()["results"]
    assert len(rows) == 2
    major = client.get(BASE, {"major": "yes"}).json()["results"]
    assert [r["major_public_interest"] for r in major] == [True]
    one = client.get(f"{BASE}{case.pk}/").json()
    assert one["number"] == case.number and one["status"] == "found"
    assert sorted(one["officers"]) == sorted([enf.officer1.pk, enf.officer2.pk])
    assert one["deadline_flag"] == ""
    assert world.client(world.clerk_b).get(f"{BASE}{case.pk}/").status_code == 404
    assert world.client(world.clerk_b).get(BASE).json()["results"] == []
    assert world.client(world.grid_worker).get(BASE).status_code == 403


def test_register_and_patch(world, enf):
    client = world.client(enf.officer1)
    response = client.post(
        BASE,
        {
            "category": enf.stall.pk,
            "source": "patrol",
            "location": "花园路5号",
            "found_at": "2020-09-27T15:00:00+08:00",
            "facts": "占道经营。",
            "party_kind": "individual",
            "officers": [enf.officer1.pk, enf.officer2.pk],
        },
        content_type=JSON,
    )
    assert response.status_code == 201, response.json()
    case = Case.objects.get(pk=response.json()["id"])
    assert case.number == "2020-0001" and case.steps.count() == 1
    patched = client.patch(f"{BASE}{case.pk}/", {"location": "花园路7号"}, content_type=JSON)
    assert patched.status_code == 200 and patched.json()["location"] == "花园路7号"
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry.action == Action.UPDATE and entry.changes["after"] == {"location": "花园路7号"}
    bad = client.patch(f"{BASE}{case.pk}/", {"officers": [enf.officer3.pk]}, content_type=JSON)
    assert bad.status_code == 422
    one_officer = client.post(
        BASE,
        {
            "category": enf.stall.pk,
            "source": "patrol",
            "location": "花园路5号",
            "found_at": "2020-09-27T15:00:00+08:00",
            "facts": "占道经营。",
            "party_kind": "individual",
            "officers": [enf.officer1.pk],
        },
        content_type=JSON,
    )
    assert one_officer.status_code == 422
    assert "至少两名" in str(one_officer.json())
    assert Case.objects.count() == 1


def test_a_step_and_a_refusal(world, enf):
    case = register(world, enf)
    client = world.client(enf.officer1)
    response = client.post(f"{BASE}{case.pk}/file/", {"filed_on": "2020-09-02"}, content_type=JSON)
    assert response.status_code == 200, response.json()
    assert (
        response.json()["status"] == "filed" and response.json()["decision_due_on"] == "2020-12-01"
    )
    before = state(case)
    refused = client.post(
        f"{BASE}{case.pk}/serve/",
        {"served_on": "2020-09-03", "method": "直接送达"},
        content_type=JSON,
    )
    assert refused.status_code == 422 and "不能送达" in refused.json()["detail"] + str(
        refused.json()["errors"]
    )
    assert state(case) == before
    assert (
        world.client(world.leader)
        .post(
            f"{BASE}{case.pk}/investigate/",
            {"record": "询问。", "investigated_on": "2020-09-03"},
            content_type=JSON,
        )
        .status_code
        == 403
    )
    assert (
        world.client(world.clerk_b)
        .post(
            f"{BASE}{case.pk}/investigate/",
            {"record": "询问。", "investigated_on": "2020-09-03"},
            content_type=JSON,
        )
        .status_code
        == 404
    )
    unknown = client.post(f"{BASE}{case.pk}/file/", {"filed": "2020-09-02"}, content_type=JSON)
    assert unknown.status_code == 422


def test_decision_with_deciders_and_the_hearing_right_as_json(world, enf):
    case = notified(world, enf, hearing=True)
    assert case.hearing_applicable is True
    client = world.client(enf.officer1)
    response = client.post(
        f"{BASE}{case.pk}/decide/",
        {
            "decided_on": "2020-09-14",
            "outcome": "penalty",
            "penalty_kind": "fine",
            "fine": "100",
            "decision_no": "津滨甲执罚决字〔2020〕第011号",
            "decision_text": "罚款100元。",
            "decision_basis": "条例第五十二条",
            "deciders": [enf.officer1.pk],
        },
        content_type=JSON,
    )
    assert response.status_code == 422 and "至少两名" in str(response.json())
    response = client.post(
        f"{BASE}{case.pk}/decide/",
        {
            "decided_on": "2020-09-14",
            "outcome": "penalty",
            "penalty_kind": "fine",
            "fine": "100",
            "decision_no": "津滨甲执罚决字〔2020〕第011号",
            "decision_text": "罚款100元。",
            "decision_basis": "条例第五十二条",
            "deciders": [enf.officer1.pk, enf.officer2.pk],
        },
        content_type=JSON,
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "decided"
    assert response.json()["proposed_penalty_kind"] == "fine"
    assert response.json()["proposed_penalty_kind_display"] == "罚款"
    assert sorted(response.json()["deciders"]) == sorted([enf.officer1.pk, enf.officer2.pk])
