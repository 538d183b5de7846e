"""门前三包 and campaigns over the API: scope and permissions as on the pages, writes through
the services (audited, Chinese refusals, nothing written), the files, the campaign's results."""

from __future__ import annotations

import hashlib
import json
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from fazhi.audit.models import Action, AuditEntry
from fazhi.enforcement.models import CampaignPartner, CampaignPhase, Case, FrontageSelfCheck
from fazhi.enforcement.services import campaigns as campaign_services
from fazhi.enforcement.tests.frontage_helpers import (
    PDF,
    at,
    campaign,
    case,
    last_audit,
    patrol,
    self_check,
    unit,
)

pytestmark = pytest.mark.django_db

JSON = "application/json"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def data(world, enf, media):
    own = unit(
        world.a.street,
        world.clerk_a,
        "甲超市",
        grid=world.a.grid,
        letter_signed_on=date(2020, 3, 2),
        letter=SimpleUploadedFile("责任书.pdf", PDF),
    )
    other_grid = unit(world.a.street, world.clerk_a, "乙饭店", grid=world.a.other_grid)
    c = campaign(
        world.a.street,
        world.clerk_a,
        key_areas=[enf.key_area],
        plan=SimpleUploadedFile("方案.pdf", PDF),
    )
    phase = campaign_services.campaign_phase_add(
        actor=world.clerk_a,
        campaign=c,
        name="集中整治",
        starts_on=date(2020, 6, 1),
        ends_on=date(2020, 7, 31),
    )
    partner = campaign_services.campaign_partner_add(
        actor=world.clerk_a, campaign=c, kind="police", name="派出所"
    )
    return {"own": own, "other_grid": other_grid, "campaign": c, "phase": phase, "partner": partner}


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def post(client, path: str, body: dict) -> object:
    return client.post(path, json.dumps(body), content_type=JSON)


def patch(client, path: str, body: dict) -> object:
    return client.patch(path, json.dumps(body), content_type=JSON)


def test_units_with_the_letter_and_its_fingerprint(world, data):
    client = world.client(world.clerk_a)
    assert ids(client.get("/api/frontage-units/")) == {data["own"].pk, data["other_grid"].pk}
    assert ids(client.get("/api/frontage-units/?letter_signed=yes")) == {data["own"].pk}
    row = client.get(f"/api/frontage-units/{data['own'].pk}/").json()
    assert row["letter_sha256"] == hashlib.sha256(PDF).hexdigest()
    download = client.get(row["letter_url"])
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert world.client(world.clerk_b).get(row["letter_url"]).status_code == 404
    assert client.get(f"/api/frontage-units/{data['other_grid'].pk}/").json()["letter_url"] is None


def test_unit_created_and_changed_through_the_service(world, enf, data):
    client = world.client(enf.officer1)
    response = post(
        client,
        "/api/frontage-units/",
        {
            "name": "光明大道药店",
            "kind": "shop",
            "address": "光明大道6号",
            "zone": "门前至道路边石",
            "contact_name": "孙经理",
            "contact_phone": "13812345678",
            "grid": world.a.grid.pk,
        },
    )
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    assert last_audit().action == Action.CREATE and last_audit().object_id == str(pk)
    before = AuditEntry.objects.count()
    response = patch(client, f"/api/frontage-units/{pk}/", {"credit_code": "91350100M000100Y44"})
    assert response.status_code == 422 and "校验位不正确" in response.content.decode()
    response = patch(client, f"/api/frontage-units/{pk}/", {"grid": world.b.grid.pk})
    assert response.status_code == 422
    assert AuditEntry.objects.count() == before
    response = patch(client, f"/api/frontage-units/{pk}/", {"in_use": False})
    assert response.status_code == 200 and response.json()["in_use"] is False


def test_grid_worker_reads_own_grid_and_records_its_self_checks(world, data):
    client = world.client(world.grid_worker)
    assert ids(client.get("/api/frontage-units/")) == {data["own"].pk}
    assert client.get(f"/api/frontage-units/{data['other_grid'].pk}/").status_code == 404
    assert (
        patch(client, f"/api/frontage-units/{data['own'].pk}/", {"in_use": False}).status_code
        == 403
    )
    response = post(
        client,
        "/api/frontage-self-checks/",
        {
            "unit": data["own"].pk,
            "checked_on": "2020-09-01",
            "result": "failed",
            "problems": "乱堆",
        },
    )
    assert response.status_code == 201, response.content
    check = FrontageSelfCheck.objects.get()
    assert check.recorded_by == world.grid_worker
    response = post(
        client,
        "/api/frontage-self-checks/",
        {"unit": data["other_grid"].pk, "checked_on": "2020-09-01", "result": "passed"},
    )
    assert response.status_code == 422 and FrontageSelfCheck.objects.count() == 1
    response = post(
        client,
        "/api/frontage-self-checks/",
        {"unit": data["own"].pk, "checked_on": "2020-09-01", "result": "failed"},
    )
    assert response.status_code == 422 and "写明存在问题" in response.content.decode()
    assert ids(client.get("/api/frontage-self-checks/?result=failed")) == {check.pk}


def test_read_only_roles_cannot_write(world, data):
    leader = world.client(world.leader)
    assert ids(leader.get("/api/campaigns/")) == {data["campaign"].pk}
    body = {"name": "x", "starts_on": "2020-04-01", "ends_on": "2020-04-30", "goal": "x"}
    response = post(leader, "/api/campaigns/", body)
    assert response.status_code == 403 and "无权" in response.content.decode()
    assert world.client(world.reviewer).get("/api/frontage-units/").status_code == 403
    assert world.client(world.grid_worker).get("/api/campaigns/").status_code == 403


def test_campaign_plan_and_results(world, enf, data):
    c = data["campaign"]
    officers = [enf.officer1, enf.officer2]
    patrol(world.a.street, officers, at(2020, 6, 3, 9), enf.key_area, campaign=c)
    case(
        world.a.street,
        enf.stall,
        officers,
        at(2020, 6, 5, 9),
        campaign=c,
        status=Case.Status.CLOSED,
    )
    case(world.a.street, enf.stall, officers, at(2020, 9, 5, 9), campaign=c)
    client = world.client(world.clerk_a)
    row = client.get(f"/api/campaigns/{c.pk}/").json()
    assert (
        row["key_areas"] == [enf.key_area.pk]
        and row["plan_sha256"] == hashlib.sha256(PDF).hexdigest()
    )
    assert b"".join(client.get(row["plan_url"]).streaming_content) == PDF
    results = client.get(f"/api/campaigns/{c.pk}/results/").json()
    assert (results["patrols"], results["cases_found"], results["cases_closed"]) == (1, 1, 1)
    assert results["by_category"] == [{"label": "占道经营", "found": 1, "closed": 1}]
    assert world.client(world.clerk_b).get(f"/api/campaigns/{c.pk}/results/").status_code == 404


def test_campaign_created_with_key_areas(world, enf):
    response = post(
        world.client(world.clerk_a),
        "/api/campaigns/",
        {
            "name": "花园路整治",
            "starts_on": "2020-04-01",
            "ends_on": "2020-04-30",
            "goal": "清理乱堆乱放。",
            "key_areas": [enf.key_area.pk],
        },
    )
    assert response.status_code == 201, response.content
    assert response.json()["key_areas"] == [enf.key_area.pk]


def test_phases_and_partners_over_the_api(world, data):
    client = world.client(world.clerk_a)
    c = data["campaign"]
    assert ids(client.get(f"/api/campaign-phases/?campaign={c.pk}")) == {data["phase"].pk}
    before = CampaignPhase.objects.count()
    response = post(
        client,
        "/api/campaign-phases/",
        {"campaign": c.pk, "name": "巩固提升", "starts_on": "2020-07-15", "ends_on": "2020-08-31"},
    )
    assert response.status_code == 422 and "时间重叠" in response.content.decode()
    assert CampaignPhase.objects.count() == before
    response = post(
        client,
        "/api/campaign-phases/",
        {"campaign": c.pk, "name": "巩固提升", "starts_on": "2020-08-01", "ends_on": "2020-08-31"},
    )
    assert response.status_code == 201
    new = response.json()["id"]
    assert client.delete(f"/api/campaign-phases/{new}/").status_code == 204
    assert (
        last_audit().action == Action.DELETE and not CampaignPhase.objects.filter(pk=new).exists()
    )
    assert (
        world.client(world.leader).delete(f"/api/campaign-phases/{data['phase'].pk}/").status_code
        == 403
    )
    assert (
        world.client(world.clerk_b).delete(f"/api/campaign-phases/{data['phase'].pk}/").status_code
        == 404
    )

    response = patch(
        client, f"/api/campaign-partners/{data['partner'].pk}/", {"phone": "022-25801234"}
    )
    assert response.status_code == 200 and response.json()["phone"] == "022-25801234"
    assert client.delete(f"/api/campaign-partners/{data['partner'].pk}/").status_code == 204
    assert not CampaignPartner.objects.exists()


def test_self_check_keeps_its_unit(world, data):
    """The API's self-check refuses a change of unit, as the service does."""
    check = self_check(data["own"], world.clerk_a, date(2020, 9, 1))
    response = patch(
        world.client(world.clerk_a),
        f"/api/frontage-self-checks/{check.pk}/",
        {"unit": data["other_grid"].pk},
    )
    assert response.status_code == 422 and "不能修改" in response.content.decode()
