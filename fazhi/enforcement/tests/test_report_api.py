"""Patrols and reports over the API: the grid worker's scope, reports created through the
service, accepting and dismissing as operations, the contact shown to handlers only."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fazhi.audit.models import AuditEntry
from fazhi.enforcement.models import Case, Patrol, Report
from fazhi.enforcement.tests.report_helpers import make_patrol, make_report

pytestmark = pytest.mark.django_db

JSON = "application/json"


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def post(client, path: str, body: dict):
    return client.post(path, json.dumps(body), content_type=JSON)


def test_grid_worker_sees_only_the_own_grid(world, enf):
    own = make_report(world, enf)
    other = make_report(world, enf, actor=world.clerk_a, source="other", grid=world.a.other_grid)
    patrol = make_patrol(world, enf)
    other_patrol = make_patrol(world, enf, grid=world.a.other_grid)
    client = world.client(world.grid_worker)
    assert ids(client.get("/api/reports/")) == {own.pk}
    assert ids(client.get("/api/patrols/")) == {patrol.pk}
    assert client.get(f"/api/reports/{other.pk}/").status_code == 404
    assert client.get(f"/api/patrols/{other_patrol.pk}/").status_code == 404


def test_grid_worker_reports_into_the_own_grid_only(world, enf):
    client = world.client(world.grid_worker)
    body = {
        "source": "grid_worker",
        "category": enf.stall.pk,
        "address": "幸福路12号",
        "description": "占道经营。",
    }
    response = post(client, "/api/reports/", {**body, "grid": world.a.other_grid.pk})
    assert response.status_code == 422
    assert Report.objects.count() == 0
    response = post(client, "/api/reports/", body)
    assert response.status_code == 201, response.content
    report = Report.objects.get()
    assert (report.grid, report.reporter) == (world.a.grid, world.grid_worker)
    response = post(
        client,
        "/api/patrols/",
        {
            "started_at": "2020-09-01T09:00:00",
            "grid": world.a.other_grid.pk,
            "members": [world.grid_worker.pk],
            "route": "第二网格",
        },
    )
    assert response.status_code == 422
    assert Patrol.objects.count() == 0


def test_hotline_transfer_needs_its_ticket(world, enf):
    client = world.client(world.clerk_a)
    body = {"source": "hotline", "address": "花园路", "description": "12345转办。"}
    response = post(client, "/api/reports/", body)
    assert response.status_code == 422 and "工单号" in response.content.decode()
    response = post(client, "/api/reports/", {**body, "hotline_ticket": "TJ-1"})
    assert response.status_code == 201


def test_accept_and_dismiss_operations(world, enf):
    report = make_report(world, enf, reporter_name="王女士", reporter_phone="13800001111")
    other = make_report(world, enf)
    officer = world.client(enf.officer1)
    data = officer.get(f"/api/reports/{report.pk}/").json()
    assert data["reporter_phone"] == "13800001111" and data["case_id"] is None
    worker = world.client(world.grid_worker).get(f"/api/reports/{report.pk}/").json()
    assert worker["reporter_phone"] == "" and worker["reporter_name"] == ""
    audits = AuditEntry.objects.count()
    response = post(
        officer,
        f"/api/reports/{report.pk}/accept/",
        {"officers": [enf.officer1.pk], "party_kind": "individual"},
    )
    assert response.status_code == 422
    assert AuditEntry.objects.count() == audits and Case.objects.count() == 0
    response = post(
        world.client(world.grid_worker),
        f"/api/reports/{report.pk}/accept/",
        {"officers": [enf.officer1.pk, enf.officer2.pk], "party_kind": "individual"},
    )
    assert response.status_code == 403
    response = post(
        officer,
        f"/api/reports/{report.pk}/accept/",
        {
            "officers": [enf.officer1.pk, enf.officer2.pk],
            "party_kind": "individual",
            "party_name": "李某",
        },
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "accepted" and response.json()["case_id"]
    case = Case.objects.get()
    assert (case.location, case.party_name, case.category) == (report.address, "李某", enf.stall)
    response = post(officer, f"/api/reports/{other.pk}/dismiss/", {"reason": ""})
    assert response.status_code == 422
    response = post(officer, f"/api/reports/{other.pk}/dismiss/", {"reason": "重复上报。"})
    assert response.status_code == 200 and response.json()["status"] == "dismissed"
    response = post(officer, f"/api/reports/{other.pk}/dismiss/", {"reason": "再次"})
    assert response.status_code == 422 and "已处理" in response.content.decode()
    assert (
        world.client(world.clerk_b)
        .post(f"/api/reports/{report.pk}/dismiss/", json.dumps({"reason": "x"}), content_type=JSON)
        .status_code
        == 404
    )


def test_list_reads_the_cases_with_the_reports(world, enf):
    """The list answers each report's case_id without one more query per report."""
    accepted = make_report(world, enf)
    officer = world.client(enf.officer1)
    response = post(
        officer,
        f"/api/reports/{accepted.pk}/accept/",
        {"officers": [enf.officer1.pk, enf.officer2.pk], "party_kind": "individual"},
    )
    assert response.status_code == 200, response.content
    pending = make_report(world, enf)

    def listed() -> tuple[dict[int, int | None], int]:
        with CaptureQueriesContext(connection) as queries:
            response = officer.get("/api/reports/")
        assert response.status_code == 200
        return {r["id"]: r["case_id"] for r in response.json()["results"]}, len(queries)

    rows, few = listed()
    assert rows == {accepted.pk: Case.objects.get().pk, pending.pk: None}
    for _ in range(10):
        make_report(world, enf)
    rows, many = listed()
    assert len(rows) == 12 and many == few
