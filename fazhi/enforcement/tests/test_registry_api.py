"""The enforcement configuration over the API: scope, the system administrator's writes
through the services, the settings of the own street."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from fazhi.audit.models import Action, AuditEntry
from fazhi.enforcement.models import EnforcementSettings, ViolationCategory
from fazhi.enforcement.tests.report_helpers import last_audit

pytestmark = pytest.mark.django_db

JSON = "application/json"


def ids(response) -> set[int]:
    return {row["id"] for row in response.json()["results"]}


@pytest.mark.parametrize(
    "path", ["violation-categories", "key-areas", "enforcement-bodies", "enforcement-powers"]
)
def test_lists_open_for_readers(world, enf, path):
    assert world.client(enf.officer1).get(f"/api/{path}/").status_code == 200


def test_categories_stay_within_the_street(world, enf):
    response = world.client(world.clerk_b).get("/api/violation-categories/")
    assert ids(response) == {enf.category_b.pk}
    assert (
        world.client(world.clerk_b).get(f"/api/violation-categories/{enf.stall.pk}/").status_code
        == 404
    )
    response = world.client(world.clerk_a).get("/api/violation-categories/?q=占道")
    assert ids(response) == {enf.stall.pk}


def test_sysadmin_writes_categories_others_may_not(world, enf):
    body = {"code": "CR-09", "name": "乱贴乱画", "legal_basis": "条例第十九条", "fine_max": "200"}
    response = world.client(enf.officer1).post(
        "/api/violation-categories/", json.dumps(body), content_type=JSON
    )
    assert response.status_code == 403
    client = world.client(world.sysadmin)
    response = client.post("/api/violation-categories/", json.dumps(body), content_type=JSON)
    assert response.status_code == 201, response.content
    created = ViolationCategory.objects.get(code="CR-09")
    assert created.street == world.a.street
    assert last_audit().action == Action.CREATE
    audits = AuditEntry.objects.count()
    bad = client.patch(
        f"/api/violation-categories/{created.pk}/",
        json.dumps({"fine_min": "500"}),
        content_type=JSON,
    )
    assert bad.status_code == 422 and "罚款下限不能高于上限" in bad.content.decode()
    assert AuditEntry.objects.count() == audits
    assert client.delete(f"/api/violation-categories/{created.pk}/").status_code == 204


def test_settings_read_then_changed_by_sysadmin(world, enf):
    response = world.client(enf.officer1).get("/api/enforcement-settings/")
    assert response.status_code == 200
    data = response.json()
    assert data["id"] is None and Decimal(data["major_fine_individual"]) == Decimal("5000")
    patch = json.dumps({"review_workdays": 12})
    assert (
        world.client(enf.officer1)
        .patch("/api/enforcement-settings/", patch, content_type=JSON)
        .status_code
        == 403
    )
    client = world.client(world.sysadmin)
    response = client.patch("/api/enforcement-settings/", patch, content_type=JSON)
    assert response.status_code == 200, response.content
    assert response.json()["review_workdays"] == 12 and response.json()["id"]
    assert EnforcementSettings.for_street(world.a.street).review_workdays == 12
    bad = client.patch(
        "/api/enforcement-settings/",
        json.dumps({"major_fine_organisation": "10"}),
        content_type=JSON,
    )
    assert bad.status_code == 422 and "不能低于个人的标准" in bad.content.decode()
    assert world.client(world.grid_worker).get("/api/enforcement-settings/").status_code == 403
    # Street B still runs on the defaults.
    assert world.client(world.clerk_b).get("/api/enforcement-settings/").json()["id"] is None
