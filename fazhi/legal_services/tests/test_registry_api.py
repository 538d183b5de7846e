"""The registry over the API: scope, permissions, writes through the services, the contract's
file, member counts, and the schema."""

from __future__ import annotations

import hashlib
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from fazhi.audit.models import Action, AuditEntry
from fazhi.legal_services.models import Consultation, LawFirm, WechatGroupCount
from fazhi.legal_services.services import registry as services
from fazhi.legal_services.tests.registry_cases import PDF, last_audit, street_records

pytestmark = pytest.mark.django_db

JSON = "application/json"
PATHS = {
    "law-firms": lambda legal, r: legal.firm_a.pk,
    "lawyers": lambda legal, r: legal.lawyer_a.pk,
    "adviser-contracts": lambda legal, r: r.contract.pk,
    "village-advisers": lambda legal, r: r.adviser.pk,
    "consultations": lambda legal, r: r.consultation.pk,
    "wechat-groups": lambda legal, r: r.group.pk,
    "wechat-group-counts": lambda legal, r: r.count.pk,
}


@pytest.fixture
def records(world, legal):
    return {"a": street_records(world, legal, "a"), "b": street_records(world, legal, "b")}


def ids(response) -> set[int]:
    return {row["id"] for row in response.json()["results"]}


@pytest.mark.parametrize("path", PATHS)
def test_lists_and_records_stay_within_the_street(world, legal, records, path):
    own = PATHS[path](legal, records["a"])
    client = world.client(world.clerk_b)
    response = client.get(f"/api/{path}/")
    assert response.status_code == 200 and own not in ids(response)
    assert world.client(world.clerk_a).get(f"/api/{path}/{own}/").status_code == 200
    missing = client.get(f"/api/{path}/{own}/")
    assert missing.status_code == 404 and "不在您的管辖范围内" in missing.json()["detail"]


def test_reading_needs_login_and_the_right_to_view(world, legal, records, anon):
    assert anon.get("/api/consultations/").status_code == 401
    assert world.client(world.staff_a).get("/api/consultations/").status_code == 403


def test_consultation_answer_carries_resident_data_for_staff_who_may_view(world, legal, records):
    row = world.client(world.leader).get(f"/api/consultations/{records['a'].consultation.pk}/")
    data = row.json()
    assert (data["resident_name"], data["resident_phone"]) == ("李女士", "13612345678")
    assert data["channel_display"] == "电话" and data["handled_by"] == world.clerk_a.pk


def test_firm_created_over_the_api_is_audited(world):
    response = world.client(world.clerk_a).post(
        "/api/law-firms/", {"name": "大有律师事务所", "phone": "022-63221166"}, content_type=JSON
    )
    assert response.status_code == 201
    firm = LawFirm.objects.get(name="大有律师事务所")
    assert response.json()["id"] == firm.pk and firm.street == world.a.street
    entry = last_audit()
    assert (entry.action, entry.object_id, entry.actor) == (
        Action.CREATE,
        str(firm.pk),
        world.clerk_a,
    )


def test_consultation_created_over_the_api_follows_the_same_rules(world, legal):
    client = world.client(legal.lawyer_user)
    body = {
        "occurred_at": "2020-09-28T10:30:00+08:00",
        "channel": "hotline_12348",
        "topic": "labour",
        "question": "工资被拖欠怎么办？",
        "lawyer": legal.lawyer_a.pk,
    }
    refused = client.post("/api/consultations/", body, content_type=JSON)
    assert refused.status_code == 422
    assert "12348工单号" in refused.json()["errors"]["hotline_ticket"][0]
    assert not Consultation.objects.exists()
    body["hotline_ticket"] = "TJ12348-20200928-001"
    created = client.post("/api/consultations/", body, content_type=JSON)
    assert created.status_code == 201, created.json()
    consultation = Consultation.objects.get()
    assert consultation.handled_by == legal.lawyer_user
    assert created.json()["occurred_at"] == "2020-09-28T10:30:00+08:00"
    other = client.post(
        "/api/consultations/", body | {"lawyer": legal.lawyer_b.pk}, content_type=JSON
    )
    assert other.status_code == 422 and Consultation.objects.count() == 1


def test_read_only_role_cannot_write_over_the_api(world, legal, records):
    client = world.client(world.leader)
    before = AuditEntry.objects.count()
    assert client.post("/api/law-firms/", {"name": "X所"}, content_type=JSON).status_code == 403
    pk = records["a"].group.pk
    assert (
        client.patch(f"/api/wechat-groups/{pk}/", {"name": "改"}, content_type=JSON).status_code
        == 403
    )
    assert client.delete(f"/api/wechat-groups/{records['a'].group.pk}/").status_code == 403
    assert AuditEntry.objects.count() == before


def test_patch_changes_only_the_fields_sent(world, legal, records):
    group = records["a"].group
    response = world.client(world.clerk_a).patch(
        f"/api/wechat-groups/{group.pk}/", {"purpose": "推送民法典要点"}, content_type=JSON
    )
    assert response.status_code == 200 and response.json()["purpose"] == "推送民法典要点"
    assert last_audit().changes["after"] == {"purpose": "推送民法典要点"}


def test_contract_answer_has_fingerprint_and_file_address(
    world, legal, records, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    contract = services.adviser_contract_update(
        records["a"].contract,
        actor=world.clerk_a,
        document=SimpleUploadedFile("合同.pdf", PDF),
    )
    client = world.client(world.clerk_a)
    data = client.get(f"/api/adviser-contracts/{contract.pk}/").json()
    assert data["document_sha256"] == hashlib.sha256(PDF).hexdigest()
    assert data["document_url"] == f"/api/adviser-contracts/{contract.pk}/document/"
    assert "document" not in data
    download = client.get(data["document_url"])
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert world.client(world.clerk_b).get(data["document_url"]).status_code == 404
    listed = client.get("/api/adviser-contracts/").json()["results"][0]
    assert listed["document_url"] == data["document_url"]
    without = client.get(f"/api/adviser-contracts/{records['b'].contract.pk}/")
    assert without.status_code == 404
    bare = world.client(world.clerk_b).get(f"/api/adviser-contracts/{records['b'].contract.pk}/")
    assert bare.json()["document_url"] is None


def test_contract_file_is_not_taken_as_json(world, legal):
    response = world.client(world.clerk_a).post(
        "/api/adviser-contracts/",
        {
            "firm": legal.firm_a.pk,
            "title": "顾问合同",
            "signed_on": "2020-01-01",
            "starts_on": "2020-01-01",
            "ends_on": "2020-12-31",
            "scope": "法律顾问",
            "document": "contracts/2020/x.pdf",
        },
        content_type=JSON,
    )
    assert response.status_code == 422


def test_member_counts_over_the_api_replace_the_days_count(world, legal, records):
    group = records["a"].group
    client = world.client(world.clerk_a)
    body = {"group": group.pk, "counted_on": "2020-03-01", "members": 55}
    response = client.post("/api/wechat-group-counts/", body, content_type=JSON)
    assert response.status_code == 201, response.json()
    assert response.json()["members"] == 55
    assert WechatGroupCount.objects.filter(group=group).count() == 1
    assert last_audit().changes == {"before": {"members": 48}, "after": {"members": 55}}
    other = client.post(
        "/api/wechat-group-counts/", body | {"group": records["b"].group.pk}, content_type=JSON
    )
    assert other.status_code == 422
    listed = client.get("/api/wechat-group-counts/", {"group": group.pk})
    assert ids(listed) == {records["a"].count.pk}


def test_schema_renders_with_every_registry_path(world):
    response = world.client(world.clerk_a).get("/api/openapi.json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    for path in PATHS:
        assert f"/api/{path}/" in schema["paths"], path
    assert "/api/adviser-contracts/{id}/document/" in schema["paths"]
    contract = schema["components"]["schemas"]["AdviserContractOut"]["properties"]
    assert "document_url" in contract and "document" not in contract
    assert "document" not in schema["components"]["schemas"]["AdviserContractCreate"]["properties"]
    filters = {p["name"] for p in schema["paths"]["/api/consultations/"]["get"]["parameters"]}
    assert {"channel", "topic", "hotline", "follow_up", "date_from", "date_to"} <= filters
