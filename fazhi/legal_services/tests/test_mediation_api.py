"""People's mediation over the API: scope, masked ID numbers, the confirmation deadline, PATCH
of a case through its service, sessions recorded by the case's lawyer only."""

from __future__ import annotations

import json
from datetime import date

import pytest
import time_machine

from fazhi.audit.models import Action, AuditEntry
from fazhi.legal_services.models import Mediation, MediationSession
from fazhi.legal_services.tests.mediation_cases import (
    ID_MAN,
    accepted_case,
    in_progress_case,
    succeeded_case,
)

pytestmark = pytest.mark.django_db
JSON = "application/json"


def ids(response) -> set[int]:
    return {row["id"] for row in response.json()["results"]}


def test_every_path_is_scoped_to_the_street(world):
    case, agreement = succeeded_case(world.a.street, world.clerk_a)
    records = {
        "mediations": case.pk,
        "mediation-parties": case.parties.first().pk,
        "mediation-sessions": case.sessions.first().pk,
        "mediation-agreements": agreement.pk,
    }
    own = world.client(world.clerk_a)
    other = world.client(world.clerk_b)
    for path, pk in records.items():
        assert pk in ids(own.get(f"/api/{path}/")), path
        assert own.get(f"/api/{path}/{pk}/").status_code == 200, path
        assert other.get(f"/api/{path}/").json()["results"] == [], path
        assert other.get(f"/api/{path}/{pk}/").status_code == 404, path
    assert world.client(world.staff_a).get("/api/mediations/").status_code == 403


def test_party_id_numbers_are_masked(world):
    case = accepted_case(world.a.street, world.clerk_a)
    client = world.client(world.clerk_a)
    body = client.get("/api/mediation-parties/").text
    assert ID_MAN not in body and "120101******0012" in body
    party = case.parties.get(side="applicant")
    assert client.get(f"/api/mediation-parties/{party.pk}/").json()["id_number"] == (
        "120101******0012"
    )


def test_agreements_carry_their_confirmation_deadline(world):
    _case, agreement = succeeded_case(world.a.street, world.clerk_a, signed_on=date(2020, 6, 10))
    body = world.client(world.clerk_a).get(f"/api/mediation-agreements/{agreement.pk}/").json()
    assert body["confirmation_deadline"] == "2020-07-10"
    assert body["confirmation_display"] == "未申请"


def test_list_filters_are_the_pages(world, legal):
    with_lawyer, _agreement = succeeded_case(
        world.a.street, world.clerk_a, lawyer=legal.lawyer_a, signed_on=date(2020, 6, 10)
    )
    without = accepted_case(world.a.street, world.clerk_a, case_no="（2020）调字第2号")
    with time_machine.travel(date(2020, 7, 5), tick=False):
        client = world.client(world.clerk_a)
        assert ids(client.get("/api/mediations/", {"with_lawyer": "yes"})) == {with_lawyer.pk}
        assert ids(client.get("/api/mediations/", {"with_lawyer": "no"})) == {without.pk}
        assert ids(client.get("/api/mediations/", {"window": "closing"})) == {with_lawyer.pk}
        assert client.get("/api/mediations/", {"window": "soon"}).status_code == 422


def test_patch_changes_the_case_through_its_service(world, legal):
    case = accepted_case(world.a.street, world.clerk_a)
    client = world.client(world.clerk_a)
    response = client.patch(
        f"/api/mediations/{case.pk}/",
        json.dumps({"lawyer": legal.lawyer_a.pk}),
        content_type=JSON,
    )
    assert response.status_code == 200 and response.json()["lawyer"] == legal.lawyer_a.pk
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry.action == Action.UPDATE and entry.actor == world.clerk_a
    before = AuditEntry.objects.count()
    response = client.patch(
        f"/api/mediations/{case.pk}/", json.dumps({"status": "succeeded"}), content_type=JSON
    )
    assert response.status_code == 422
    response = client.patch(
        f"/api/mediations/{case.pk}/", json.dumps({"received_on": "2099-01-01"}), content_type=JSON
    )
    assert response.status_code == 422 and "不能晚于今天" in response.text
    case.refresh_from_db()
    assert case.status == Mediation.Status.ACCEPTED and case.received_on == date(2020, 6, 1)
    assert AuditEntry.objects.count() == before
    assert (
        world.client(world.leader)
        .patch(f"/api/mediations/{case.pk}/", json.dumps({"title": "改"}), content_type=JSON)
        .status_code
        == 403
    )


def test_a_case_is_not_created_without_its_parties(world):
    response = world.client(world.clerk_a).post(
        "/api/mediations/", json.dumps({"title": "x"}), content_type=JSON
    )
    assert response.status_code == 405
    assert not Mediation.objects.exists()


def session_body(case, **extra):
    return json.dumps(
        {
            "mediation": case.pk,
            "held_on": "2020-06-05",
            "place": "社区调解室",
            "participants": "张明、李芳",
            "record": "双方陈述意见。",
            **extra,
        }
    )


def test_the_cases_lawyer_records_a_session(world, legal):
    own = accepted_case(world.a.street, world.clerk_a, lawyer=legal.lawyer_a)
    other = in_progress_case(world.a.street, world.clerk_a, case_no="（2020）调字第2号")
    client = world.client(legal.lawyer_user)
    response = client.post(
        "/api/mediation-sessions/", session_body(own, lawyer_present=True), content_type=JSON
    )
    assert response.status_code == 201 and response.json()["lawyer_present"] is True
    own.refresh_from_db()
    assert own.status == Mediation.Status.IN_PROGRESS
    before = MediationSession.objects.count()
    # A case the lawyer does not serve is outside the lawyer's scope: not a choice at all.
    response = client.post("/api/mediation-sessions/", session_body(other), content_type=JSON)
    assert response.status_code == 422
    assert "mediation" in response.json()["errors"]
    response = world.client(world.leader).post(
        "/api/mediation-sessions/", session_body(own), content_type=JSON
    )
    assert response.status_code == 403
    response = world.client(world.clerk_b).post(
        "/api/mediation-sessions/", session_body(own), content_type=JSON
    )
    assert response.status_code == 422
    assert MediationSession.objects.count() == before


def test_a_session_on_a_closed_case_is_422(world):
    case, _agreement = succeeded_case(world.a.street, world.clerk_a)
    response = world.client(world.clerk_a).post(
        "/api/mediation-sessions/", session_body(case), content_type=JSON
    )
    assert response.status_code == 422
    assert "不能再记录调解情况" in response.text


def test_the_schema_lists_the_mediation_paths(world):
    schema = world.client(world.clerk_a).get("/api/openapi.json").json()
    assert set(schema["paths"]["/api/mediations/{id}/"]) == {"get", "patch"}
    assert set(schema["paths"]["/api/mediation-sessions/"]) == {"get", "post"}
    assert set(schema["paths"]["/api/mediation-parties/{id}/"]) == {"get"}
    party = schema["components"]["schemas"]["MediationPartyOut"]["properties"]
    assert "遮蔽" in party["id_number"]["description"]
