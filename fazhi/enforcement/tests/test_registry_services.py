"""The enforcement configuration through its services: the catalogue (fine range, unique code,
delete only when unused), key areas, bodies and powers, and the street's settings (created on
the first save, audited, checked). Every refusal writes nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from fazhi.audit.models import Action, AuditEntry
from fazhi.enforcement.models import (
    EnforcementBody,
    EnforcementPower,
    EnforcementSettings,
    ViolationCategory,
)
from fazhi.enforcement.services import registry as services
from fazhi.enforcement.tests.report_helpers import last_audit, make_patrol, make_report

pytestmark = pytest.mark.django_db


def _category(world, **fields):
    data = {
        "code": "CR-09",
        "name": "乱贴乱画",
        "legal_basis": "《天津市市容和环境卫生管理条例》第十九条",
        "fine_min": Decimal("50"),
        "fine_max": Decimal("200"),
        **fields,
    }
    return services.violation_category_create(street=world.a.street, actor=world.sysadmin, **data)


def _nothing_written(func, message: str) -> None:
    audits = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as exc:
        func()
    assert message in " ".join(exc.value.messages)
    assert AuditEntry.objects.count() == audits


def test_category_create_update_and_checks(world, enf):
    category = _category(world)
    assert last_audit().action == Action.CREATE
    services.violation_category_update(category, actor=world.sysadmin, in_use=False)
    category.refresh_from_db()
    assert not category.in_use
    count = ViolationCategory.objects.count()
    _nothing_written(
        lambda: _category(world, code="CR-10", fine_min=Decimal("300")), "罚款下限不能高于上限"
    )
    _nothing_written(lambda: _category(world, name="另一个"), "编码")
    assert ViolationCategory.objects.count() == count
    # The same code in another street is another catalogue.
    services.violation_category_create(
        street=world.b.street, actor=None, code="CR-09", name="乱贴乱画", legal_basis="x"
    )


def test_category_deleted_only_while_unused(world, enf):
    unused = _category(world)
    services.violation_category_delete(unused, actor=world.sysadmin)
    assert not ViolationCategory.objects.filter(pk=unused.pk).exists()
    assert last_audit().action == Action.DELETE
    make_report(world, enf, category=enf.litter)
    _nothing_written(
        lambda: services.violation_category_delete(enf.litter, actor=world.sysadmin), "问题线索"
    )
    assert ViolationCategory.objects.filter(pk=enf.litter.pk).exists()


def test_category_import_updates_by_code(world, enf):
    updated = services.violation_category_import(
        street=world.a.street,
        actor=world.sysadmin,
        code="CR-01",
        name="占道经营",
        legal_basis="新依据",
        fine_max=Decimal("300"),
    )
    assert updated.pk == enf.stall.pk
    enf.stall.refresh_from_db()
    assert (enf.stall.legal_basis, enf.stall.fine_max) == ("新依据", Decimal("300"))
    created = services.violation_category_import(
        street=world.a.street, actor=world.sysadmin, code="CR-20", name="渣土遗撒", legal_basis="x"
    )
    assert created.street == world.a.street


def test_key_area_delete_refused_while_a_patrol_names_it(world, enf):
    make_patrol(world, enf, key_area=enf.key_area)
    _nothing_written(
        lambda: services.key_area_delete(enf.key_area, actor=world.sysadmin), "巡查记录"
    )


def test_body_with_powers_not_deleted(world, enf):
    body = services.enforcement_body_create(
        street=world.a.street, actor=world.sysadmin, name="甲街综合执法队", legal_basis="授权决定"
    )
    power = services.enforcement_power_create(
        street=world.a.street,
        actor=world.sysadmin,
        body=body,
        kind=EnforcementPower.Kind.PENALTY,
        name="对占道经营的处罚",
        legal_basis="条例第五十二条",
    )
    _nothing_written(
        lambda: services.enforcement_body_delete(body, actor=world.sysadmin), "执法职权"
    )
    services.enforcement_power_delete(power, actor=world.sysadmin)
    services.enforcement_body_delete(body, actor=world.sysadmin)
    assert not EnforcementBody.objects.exists()


def test_power_of_another_streets_body_refused(world, enf):
    body_b = services.enforcement_body_create(
        street=world.b.street, actor=None, name="乙街综合执法队", legal_basis="授权决定"
    )
    _nothing_written(
        lambda: services.enforcement_power_create(
            street=world.a.street,
            actor=world.sysadmin,
            body=body_b,
            kind=EnforcementPower.Kind.PENALTY,
            name="x",
            legal_basis="y",
        ),
        "不属于本街道",
    )


def test_settings_created_on_first_save_then_updated(world, enf):
    assert not EnforcementSettings.objects.exists()
    saved = services.enforcement_settings_save(
        street=world.a.street, actor=world.sysadmin, major_fine_individual=Decimal("8000")
    )
    assert saved.pk and saved.major_fine_organisation == Decimal("50000")
    assert last_audit().action == Action.CREATE
    services.enforcement_settings_save(
        street=world.a.street, actor=world.sysadmin, review_workdays=15
    )
    assert EnforcementSettings.objects.count() == 1
    assert EnforcementSettings.for_street(world.a.street).review_workdays == 15
    entry = last_audit()
    assert entry.action == Action.UPDATE and entry.changes["after"] == {"review_workdays": 15}


def test_settings_refusals(world, enf):
    _nothing_written(
        lambda: services.enforcement_settings_save(
            street=world.a.street, actor=world.sysadmin, major_fine_organisation=Decimal("1000")
        ),
        "单位的重大案件罚款标准不能低于个人的标准",
    )
    _nothing_written(
        lambda: services.enforcement_settings_save(
            street=world.a.street, actor=world.sysadmin, review_workdays=0
        ),
        "1",
    )
    assert not EnforcementSettings.objects.exists()
