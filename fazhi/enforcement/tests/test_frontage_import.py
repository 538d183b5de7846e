"""Excel import of 门前三包 units, called directly: new units registered, a row naming a
registered unit updates it, bad rows named by row and column in Chinese, nothing written when
any row is refused; the template; who may import."""

from __future__ import annotations

from datetime import date
from io import BytesIO
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import Workbook, load_workbook

from fazhi.audit.models import Action, AuditEntry
from fazhi.core.imports import ImportRejected
from fazhi.enforcement.imports_frontage import FRONTAGE_UNIT_IMPORT, FrontageUnitImporter
from fazhi.enforcement.models import FrontageUnit
from fazhi.enforcement.tests.frontage_helpers import CREDIT_CODE, last_audit, unit

pytestmark = pytest.mark.django_db

HEADERS = [
    "单位名称",
    "类型",
    "统一社会信用代码",
    "地址",
    "重点区域",
    "网格编号",
    "责任区域",
    "责任人",
    "联系电话",
    "责任书签订日期",
]


def xlsx(rows: list[list[Any]], headers: list[str] = HEADERS) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for row in rows:
        ws.append(row)
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def row(name: str = "光明大道药店", **changes: Any) -> list[Any]:
    values = {
        "单位名称": name,
        "类型": "商户",
        "统一社会信用代码": CREDIT_CODE,
        "地址": "光明大道6号",
        "重点区域": "幸福路",
        "网格编号": "street-a-01",
        "责任区域": "门前至道路边石",
        "责任人": "孙经理",
        "联系电话": "022-63123456",
        "责任书签订日期": date(2020, 3, 2),
        **changes,
    }
    return [values[h] for h in HEADERS]


def apply(content: bytes, user) -> list[Any]:
    preview = FRONTAGE_UNIT_IMPORT.preview(content, user=user)
    return FRONTAGE_UNIT_IMPORT.apply(
        preview, user=user, file_name="门前三包.xlsx", sha256="0" * 64
    )


def test_importer_is_the_frontage_unit_importer():
    assert isinstance(FRONTAGE_UNIT_IMPORT, FrontageUnitImporter)
    assert FRONTAGE_UNIT_IMPORT.namespace == "enforcement"


def test_rows_register_new_units_and_update_a_registered_one(world, enf):
    existing = unit(world.a.street, world.clerk_a, "幸福路便民超市", address="幸福路18号")
    content = xlsx(
        [
            row(),
            row("幸福路便民超市", 地址="幸福路18号", 联系电话="13912345678", 统一社会信用代码=""),
            row(
                "港西新城社区卫生站",
                类型="机关事业单位",
                统一社会信用代码="",
                重点区域="",
                网格编号="",
                责任书签订日期="",
            ),
        ]
    )
    created = apply(content, world.clerk_a)
    assert len(created) == 3
    assert FrontageUnit.objects.filter(street=world.a.street).count() == 3
    new = FrontageUnit.objects.get(name="光明大道药店")
    assert (new.key_area, new.grid, new.contact_phone, new.letter_signed_on) == (
        enf.key_area,
        world.a.grid,
        "022-63123456",
        date(2020, 3, 2),
    )
    existing.refresh_from_db()
    assert existing.contact_phone == "13912345678"
    assert existing.letter_signed_on == date(2020, 3, 2)
    health = FrontageUnit.objects.get(name="港西新城社区卫生站")
    assert health.kind == FrontageUnit.Kind.INSTITUTION and health.key_area is None
    entry = last_audit()
    assert entry.action == Action.IMPORT and entry.changes["rows"] == 3
    assert AuditEntry.objects.filter(action=Action.UPDATE, object_id=str(existing.pk)).exists()


def test_bad_rows_are_named_in_chinese_and_nothing_is_written(world, enf):
    content = xlsx(
        [
            row(),
            row("甲", 统一社会信用代码="91350100M000100Y44"),
            row("乙", 联系电话="6312"),
            row("丙", 网格编号="street-b-01"),
            row("丁", 类型="个体户"),
            row("戊", 责任书签订日期=date(2999, 1, 1)),
            row(),  # the first row again
        ]
    )
    preview = FRONTAGE_UNIT_IMPORT.preview(content, user=world.clerk_a)
    errors = [str(e) for e in preview.errors]
    assert any(e.startswith("第3行“统一社会信用代码”") and "校验位不正确" in e for e in errors), (
        errors
    )
    assert any(e.startswith("第4行“联系电话”") and "固定电话" in e for e in errors), errors
    assert any(e.startswith("第5行“网格编号”") and "本街道没有“street-b-01”" in e for e in errors)
    assert any(e.startswith("第6行“类型”") and "请填写以下之一" in e for e in errors)
    assert any(e.startswith("第7行“责任书签订日期”") and "不能晚于今天" in e for e in errors)
    assert any(e.startswith("第8行") and "与第2行" in e for e in errors), errors
    before = (FrontageUnit.objects.count(), AuditEntry.objects.count())
    with pytest.raises(ImportRejected):
        FRONTAGE_UNIT_IMPORT.apply(preview, user=world.clerk_a, file_name="x.xlsx", sha256="0" * 64)
    assert (FrontageUnit.objects.count(), AuditEntry.objects.count()) == before


def test_a_row_refused_while_applying_rolls_back_every_row(world, enf):
    preview = FRONTAGE_UNIT_IMPORT.preview(xlsx([row(), row("第二家")]), user=world.clerk_a)
    assert preview.ok
    # The service refuses the second row when it is applied: the first is not kept either.
    preview.rows[1].values["contact_phone"] = "123"
    before = (FrontageUnit.objects.count(), AuditEntry.objects.count())
    with pytest.raises(ImportRejected) as exc:
        FRONTAGE_UNIT_IMPORT.apply(preview, user=world.clerk_a, file_name="x.xlsx", sha256="0" * 64)
    assert any(str(e).startswith("第3行“联系电话”") for e in exc.value.errors)
    assert (FrontageUnit.objects.count(), AuditEntry.objects.count()) == before


def test_only_the_office_and_officers_may_import(world, enf):
    FRONTAGE_UNIT_IMPORT.check_access(world.clerk_a)
    FRONTAGE_UNIT_IMPORT.check_access(enf.officer1)
    for user in (world.grid_worker, world.leader, world.reviewer):
        with pytest.raises(PermissionDenied):
            FRONTAGE_UNIT_IMPORT.check_access(user)


def test_template_lists_the_columns_and_the_streets_key_areas(world, enf):
    content = FRONTAGE_UNIT_IMPORT.template_bytes(world.clerk_a)
    wb = load_workbook(BytesIO(content))
    assert [c.value for c in wb.worksheets[0][1]] == HEADERS
    notes = " ".join(str(c.value) for r in wb["填写说明"].iter_rows() for c in r if c.value)
    assert "幸福路" in notes and "street-a-01" in notes
