"""门前三包 services: each rule refuses with a Chinese message and writes nothing; the letter's
fingerprint; self-checks of a grid worker's own grid only."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from fazhi.audit.models import Action, AuditEntry
from fazhi.enforcement.models import FrontageSelfCheck, FrontageUnit
from fazhi.enforcement.services import frontage as services
from fazhi.enforcement.tests.frontage_helpers import (
    CREDIT_CODE,
    PDF,
    TODAY,
    last_audit,
    self_check,
    unit,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _refused(call, field: str | None, text: str) -> None:
    units, checks, audits = (
        FrontageUnit.objects.count(),
        FrontageSelfCheck.objects.count(),
        AuditEntry.objects.count(),
    )
    with pytest.raises(ValidationError) as exc:
        call()
    messages = exc.value.message_dict[field] if field else exc.value.messages
    assert any(text in m for m in messages), messages
    assert FrontageUnit.objects.count() == units
    assert FrontageSelfCheck.objects.count() == checks
    assert AuditEntry.objects.count() == audits


def test_unit_registered_with_letter_fingerprint_and_audit(world, media):
    letter = SimpleUploadedFile("责任书.pdf", PDF)
    u = unit(
        world.a.street,
        world.clerk_a,
        credit_code=CREDIT_CODE.lower(),
        contact_phone="022 6312 3456",
        letter_signed_on=date(2020, 3, 2),
        letter=letter,
        grid=world.a.grid,
    )
    u.refresh_from_db()
    assert u.credit_code == CREDIT_CODE
    assert u.contact_phone == "02263123456"
    assert u.letter_sha256 == hashlib.sha256(PDF).hexdigest()
    assert u.letter.name.endswith(".pdf") and "责任书" not in u.letter.name
    entry = last_audit()
    assert (entry.action, entry.object_id, entry.actor) == (Action.CREATE, str(u.pk), world.clerk_a)


@pytest.mark.parametrize(
    ("fields", "field", "text"),
    [
        ({"credit_code": "91350100M000100Y44"}, "credit_code", "校验位不正确"),
        ({"credit_code": "913501"}, "credit_code", "应为18位"),
        ({"contact_phone": "12345"}, "contact_phone", "手机号码或带区号的固定电话"),
        ({"contact_phone": "1381234567"}, "contact_phone", "手机号码或带区号的固定电话"),
        ({"letter_signed_on": date(2020, 9, 29)}, "letter_signed_on", "不能晚于今天"),
    ],
)
def test_unit_with_bad_particulars_is_refused_and_nothing_written(world, fields, field, text):
    _refused(lambda: unit(world.a.street, world.clerk_a, **fields), field, text)


def test_letter_file_without_its_signed_date_is_refused(world, media):
    letter = SimpleUploadedFile("责任书.pdf", PDF)
    _refused(
        lambda: unit(world.a.street, world.clerk_a, letter=letter), "letter_signed_on", "签订日期"
    )


def test_unit_of_another_streets_grid_is_refused(world):
    _refused(lambda: unit(world.a.street, world.clerk_a, grid=world.b.grid), None, "")


def test_same_name_and_address_twice_is_refused(world):
    unit(world.a.street, world.clerk_a)
    _refused(lambda: unit(world.a.street, world.clerk_a), None, "本街道已有单位名称、地址相同")


def test_unit_update_keeps_street_and_writes_changed_fields(world):
    u = unit(world.a.street, world.clerk_a)
    with pytest.raises(ValidationError):
        services.frontage_unit_update(u, actor=world.clerk_a, street=world.b.street)
    services.frontage_unit_update(u, actor=world.clerk_a, in_use=False, today=TODAY)
    u.refresh_from_db()
    assert u.in_use is False and u.street == world.a.street
    entry = last_audit()
    assert entry.action == Action.UPDATE and entry.changes["before"] == {"in_use": True}


# --- self-checks ---------------------------------------------------------------------------------


def test_self_check_recorded_by_the_actor(world):
    u = unit(world.a.street, world.clerk_a)
    check = self_check(
        u, world.clerk_a, date(2020, 9, 1), failed=True, rectified_on=date(2020, 9, 3)
    )
    assert check.recorded_by == world.clerk_a and check.unit == u
    assert last_audit().action == Action.CREATE


@pytest.mark.parametrize(
    ("fields", "field", "text"),
    [
        ({"checked_on": date(2020, 9, 29), "result": "passed"}, "checked_on", "不能晚于今天"),
        ({"checked_on": date(2020, 9, 1), "result": "failed"}, "problems", "写明存在问题"),
        (
            {"checked_on": date(2020, 9, 1), "result": "failed", "problems": "  "},
            "problems",
            "写明存在问题",
        ),
        (
            {
                "checked_on": date(2020, 9, 10),
                "result": "failed",
                "problems": "乱堆",
                "rectified_on": date(2020, 9, 9),
            },
            "rectified_on",
            "不能早于自查日期",
        ),
        (
            {
                "checked_on": date(2020, 9, 10),
                "result": "failed",
                "problems": "乱堆",
                "rectified_on": date(2020, 9, 30),
            },
            "rectified_on",
            "不能晚于今天",
        ),
        (
            {
                "checked_on": date(2020, 9, 10),
                "result": "passed",
                "rectified_on": date(2020, 9, 11),
            },
            "rectified_on",
            "无需填写",
        ),
    ],
)
def test_bad_self_check_is_refused_and_nothing_written(world, fields, field, text):
    u = unit(world.a.street, world.clerk_a)
    _refused(
        lambda: services.frontage_self_check_create(
            actor=world.clerk_a, unit=u, today=TODAY, **fields
        ),
        field,
        text,
    )


def test_grid_worker_records_own_grids_units_only(world):
    own = unit(world.a.street, world.clerk_a, "甲单位", grid=world.a.grid)
    other = unit(world.a.street, world.clerk_a, "乙单位", grid=world.a.other_grid)
    assert self_check(own, world.grid_worker, date(2020, 9, 1)).recorded_by == world.grid_worker
    _refused(
        lambda: self_check(other, world.grid_worker, date(2020, 9, 1)), "unit", "不在您的管辖范围内"
    )


def test_another_streets_clerk_cannot_record_a_self_check(world):
    u = unit(world.a.street, world.clerk_a)
    _refused(lambda: self_check(u, world.clerk_b, date(2020, 9, 1)), "unit", "不在您的管辖范围内")


def test_unit_off_the_register_takes_no_self_check(world):
    u = unit(world.a.street, world.clerk_a, in_use=False)
    _refused(lambda: self_check(u, world.clerk_a, date(2020, 9, 1)), "unit", "已不在册")


def test_self_check_update_records_rectification_and_keeps_its_unit(world):
    u = unit(world.a.street, world.clerk_a)
    other = unit(world.a.street, world.clerk_a, "另一单位")
    check = self_check(u, world.clerk_a, date(2020, 9, 1), failed=True)
    with pytest.raises(ValidationError):
        services.frontage_self_check_update(check, actor=world.clerk_a, unit=other, today=TODAY)
    services.frontage_self_check_update(
        check, actor=world.clerk_a, rectified_on=date(2020, 9, 5), today=TODAY
    )
    check.refresh_from_db()
    assert check.rectified_on == date(2020, 9, 5) and check.unit == u
    assert last_audit().changes["after"] == {"rectified_on": "2020-09-05"}
