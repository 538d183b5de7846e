"""Pages of the enforcement configuration: the system administrator writes, others read; the
body lists its powers; the street's settings page (view, edit, first save creates the row)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from fazhi.audit.models import Action, AuditEntry
from fazhi.enforcement.models import (
    EnforcementPower,
    EnforcementSettings,
    KeyArea,
    ViolationCategory,
)
from fazhi.enforcement.services import registry as services
from fazhi.enforcement.tests.report_helpers import last_audit, make_report

pytestmark = pytest.mark.django_db

BASE = "/office/enforcement"
CATEGORY = {
    "code": "CR-09",
    "name": "乱贴乱画",
    "legal_basis": "《天津市市容和环境卫生管理条例》第十九条",
    "penalty_basis": "第五十三条",
    "penalty_range": "责令清除，处五十元以上二百元以下罚款。",
    "fine_min": "50",
    "fine_max": "200",
    "in_use": "on",
}


@pytest.fixture
def body(world, enf):
    body = services.enforcement_body_create(
        street=world.a.street, actor=None, name="甲街综合执法队", legal_basis="区政府授权决定"
    )
    services.enforcement_power_create(
        street=world.a.street,
        actor=None,
        body=body,
        kind=EnforcementPower.Kind.PENALTY,
        name="对占道经营行为的行政处罚",
        legal_basis="条例第五十二条",
    )
    return body


def test_sysadmin_creates_a_category(world, enf):
    client = world.client(world.sysadmin)
    assert client.get(f"{BASE}/violationcategory/new/").status_code == 200
    response = client.post(f"{BASE}/violationcategory/new/", CATEGORY)
    assert response.status_code == 302
    created = ViolationCategory.objects.get(street=world.a.street, code="CR-09")
    assert created.fine_max == Decimal("200")
    entry = last_audit()
    assert (entry.action, entry.object_id, entry.actor) == (
        Action.CREATE,
        str(created.pk),
        world.sysadmin,
    )


def test_category_bad_input_gives_chinese_error_nothing_written(world, enf):
    client = world.client(world.sysadmin)
    audits = AuditEntry.objects.count()
    response = client.post(f"{BASE}/violationcategory/new/", {**CATEGORY, "fine_min": "500"})
    assert response.status_code == 400
    assert "罚款下限不能高于上限" in response.content.decode()
    response = client.post(f"{BASE}/violationcategory/new/", {**CATEGORY, "code": "CR-01"})
    assert response.status_code == 400
    assert "编码" in response.content.decode()
    assert not ViolationCategory.objects.filter(code="CR-09").exists()
    assert AuditEntry.objects.count() == audits


def test_readers_read_and_may_not_write(world, enf):
    for user in (world.clerk_a, enf.officer1, world.grid_worker, world.leader):
        client = world.client(user)
        assert client.get(f"{BASE}/violationcategory/").status_code == 200
        assert client.get(f"{BASE}/violationcategory/{enf.stall.pk}/").status_code == 200
        assert client.get(f"{BASE}/keyarea/{enf.key_area.pk}/").status_code == 200
        assert client.post(f"{BASE}/violationcategory/new/", CATEGORY).status_code == 403
        response = client.post(f"{BASE}/violationcategory/{enf.stall.pk}/edit/", CATEGORY)
        assert response.status_code == 403
    assert not ViolationCategory.objects.filter(code="CR-09").exists()


def test_another_streets_records_are_404(world, enf, body):
    client = world.client(world.clerk_b)
    assert client.get(f"{BASE}/violationcategory/{enf.stall.pk}/").status_code == 404
    assert client.get(f"{BASE}/keyarea/{enf.key_area.pk}/").status_code == 404
    assert client.get(f"{BASE}/enforcementbody/{body.pk}/").status_code == 404
    response = world.client(world.sysadmin).get(f"{BASE}/violationcategory/{enf.category_b.pk}/")
    assert response.status_code == 404


def test_list_shows_only_own_street_and_exports(world, enf):
    client = world.client(world.clerk_a)
    response = client.get(f"{BASE}/violationcategory/")
    listed = {obj.pk for obj, _values in response.context["rows"]}
    assert listed == {enf.stall.pk, enf.litter.pk}
    response = client.get(f"{BASE}/violationcategory/?q=占道&format=xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert last_audit().action == Action.EXPORT


def test_delete_used_category_refused_unused_deleted(world, enf):
    make_report(world, enf, category=enf.litter)
    client = world.client(world.sysadmin)
    assert client.get(f"{BASE}/violationcategory/{enf.litter.pk}/delete/").status_code == 200
    response = client.post(f"{BASE}/violationcategory/{enf.litter.pk}/delete/")
    assert response.status_code == 400
    assert "问题线索" in response.content.decode()
    assert ViolationCategory.objects.filter(pk=enf.litter.pk).exists()
    assert client.get(f"{BASE}/violationcategory/{enf.stall.pk}/delete/").status_code == 200
    assert client.post(f"{BASE}/violationcategory/{enf.stall.pk}/delete/").status_code == 302
    assert not ViolationCategory.objects.filter(pk=enf.stall.pk).exists()
    assert last_audit().action == Action.DELETE
    assert client.get(f"{BASE}/violationcategory/{enf.litter.pk}/delete/", follow=False)


def test_wrong_method(world, enf):
    client = world.client(world.sysadmin)
    assert client.post(f"{BASE}/violationcategory/").status_code == 405
    assert client.post(f"{BASE}/settings/").status_code == 405


def test_key_area_created_by_sysadmin(world, enf):
    client = world.client(world.sysadmin)
    response = client.post(
        f"{BASE}/keyarea/new/",
        {"name": "祥和市场", "kind": "market", "village": world.a.village.pk, "in_use": "on"},
    )
    assert response.status_code == 302
    area = KeyArea.objects.get(name="祥和市场")
    assert area.street == world.a.street and area.village == world.a.village
    response = client.post(
        f"{BASE}/keyarea/new/",
        {"name": "港西新城", "kind": "neighbourhood", "village": world.b.village.pk},
    )
    assert response.status_code == 400
    assert not KeyArea.objects.filter(name="港西新城").exists()


def test_body_detail_lists_its_powers(world, enf, body):
    response = world.client(enf.officer1).get(f"{BASE}/enforcementbody/{body.pk}/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "对占道经营行为的行政处罚" in content
    assert "条例第五十二条" in content


def test_power_created_for_own_body_only(world, enf, body):
    client = world.client(world.sysadmin)
    data = {
        "body": body.pk,
        "kind": "inspection",
        "name": "市容环境卫生检查",
        "legal_basis": "条例",
        "order": 2,
    }
    assert client.post(f"{BASE}/enforcementpower/new/", data).status_code == 302
    other = services.enforcement_body_create(
        street=world.b.street, actor=None, name="乙街执法队", legal_basis="授权"
    )
    response = client.post(f"{BASE}/enforcementpower/new/", {**data, "body": other.pk, "name": "x"})
    assert response.status_code == 400
    assert EnforcementPower.objects.filter(body=other).count() == 0


# --- settings ---------------------------------------------------------------------------------

SETTINGS = {
    "authority_name": "甲街道办事处",
    "major_fine_individual": "8000",
    "major_fine_organisation": "60000",
    "review_workdays": "10",
    "publish_penalty_workdays": "7",
    "publish_other_workdays": "20",
    "withdraw_workdays": "3",
    "procedures": "发现—立案—调查—告知—决定—送达—执行。",
    "remedies": "可在六十日内申请行政复议，或在六个月内提起行政诉讼。",
}


def test_settings_page_shows_defaults_then_sysadmin_saves(world, enf):
    response = world.client(enf.officer1).get(f"{BASE}/settings/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "默认值" in content and "5000" in content
    assert 'href="/office/enforcement/settings/edit/"' not in content
    client = world.client(world.sysadmin)
    assert client.get(f"{BASE}/settings/edit/").status_code == 200
    response = client.post(f"{BASE}/settings/edit/", SETTINGS)
    assert response.status_code == 302
    saved = EnforcementSettings.objects.get(street=world.a.street)
    assert saved.major_fine_individual == Decimal("8000")
    entry = last_audit()
    assert (entry.action, entry.object_id) == (Action.CREATE, str(saved.pk))
    response = client.post(f"{BASE}/settings/edit/", {**SETTINGS, "review_workdays": "12"})
    assert response.status_code == 302
    assert EnforcementSettings.objects.count() == 1
    assert last_audit().changes["after"] == {"review_workdays": 12}
    # Another street's settings are untouched: it still runs on the defaults.
    assert EnforcementSettings.for_street(world.b.street).pk is None


def test_settings_bad_input_and_refusals(world, enf):
    client = world.client(world.sysadmin)
    audits = AuditEntry.objects.count()
    response = client.post(f"{BASE}/settings/edit/", {**SETTINGS, "major_fine_organisation": "100"})
    assert response.status_code == 400
    assert "单位的重大案件罚款标准不能低于个人的标准" in response.content.decode()
    response = client.post(f"{BASE}/settings/edit/", {**SETTINGS, "review_workdays": "0"})
    assert response.status_code == 400
    assert not EnforcementSettings.objects.exists()
    assert AuditEntry.objects.count() == audits
    for user in (enf.officer1, world.clerk_a):
        assert world.client(user).post(f"{BASE}/settings/edit/", SETTINGS).status_code == 403
    assert world.client(world.grid_worker).get(f"{BASE}/settings/").status_code == 403
    assert world.client(None).get(f"{BASE}/settings/").status_code == 302
    assert not EnforcementSettings.objects.exists()
