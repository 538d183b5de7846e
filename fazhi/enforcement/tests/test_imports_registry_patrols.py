"""Excel imports of the violation catalogue (updates by code) and of patrol logs, called on the
importers: good files, Chinese errors named by row and column, all or nothing, access."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import Workbook, load_workbook

from fazhi.audit.models import Action, AuditEntry
from fazhi.core.imports import ImportRejected
from fazhi.enforcement.imports import PATROL_LOG_IMPORT, VIOLATION_CATEGORY_IMPORT
from fazhi.enforcement.models import Patrol, ViolationCategory
from fazhi.enforcement.tests.report_helpers import at, last_audit
from fazhi.org.roles import Role
from fazhi.testing import make_user

pytestmark = pytest.mark.django_db

CATEGORY_HEADERS = [
    "编码",
    "违法行为",
    "违法依据",
    "处罚依据",
    "处罚幅度",
    "罚款下限（元）",
    "罚款上限（元）",
]
PATROL_HEADERS = [
    "开始时间",
    "结束时间",
    "网格编号",
    "重点区域",
    "巡查人员",
    "巡查路线",
    "巡查情况",
    "发现问题数",
]


def xlsx(headers: list[str], rows: list[list[Any]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for row in rows:
        ws.append(row)
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _messages(preview) -> list[str]:
    return [str(e) for e in preview.errors]


def _apply(importer, content: bytes, user):
    preview = importer.preview(content, user=user)
    assert preview.ok, _messages(preview)
    return importer.apply(preview, user=user, file_name="台账.xlsx", sha256="0" * 64)


# --- the catalogue ----------------------------------------------------------------------------


def test_catalogue_import_adds_and_updates_by_code(world, enf):
    content = xlsx(
        CATEGORY_HEADERS,
        [
            ["CR-01", "占道经营", "新版违法依据", "", "", "", "500元"],
            [
                "CR-03",
                "乱贴乱画",
                "条例第十九条",
                "条例第五十三条",
                "处五十元以上二百元以下罚款",
                50,
                "200",
            ],
        ],
    )
    created = _apply(VIOLATION_CATEGORY_IMPORT, content, world.sysadmin)
    assert len(created) == 2
    enf.stall.refresh_from_db()
    assert (enf.stall.legal_basis, enf.stall.fine_max) == ("新版违法依据", Decimal("500"))
    # An empty optional cell leaves what was registered.
    assert enf.stall.penalty_basis == "《天津市市容和环境卫生管理条例》第五十二条"
    new = ViolationCategory.objects.get(street=world.a.street, code="CR-03")
    assert (new.fine_min, new.fine_max) == (Decimal("50"), Decimal("200"))
    entry = last_audit()
    assert entry.action == Action.IMPORT and entry.changes["rows"] == 2
    # Street B's catalogue is untouched.
    enf.category_b.refresh_from_db()
    assert enf.category_b.fine_max == Decimal("200")


def test_catalogue_row_errors_in_chinese_nothing_written(world, enf):
    content = xlsx(
        CATEGORY_HEADERS,
        [
            ["CR-05", "私搭乱建", "", "", "", "", ""],
            ["CR-06", "渣土遗撒", "条例", "", "", "300", "100"],
            ["CR-07", "违规户外广告", "条例", "", "", "-1", ""],
            ["CR-08", "乱堆乱放", "条例", "", "", "", ""],
            ["CR-09", "门前三包不落实", "条例", "", "", "", ""],
            ["CR-09", "门前三包不落实（重复）", "条例", "", "", "", ""],
        ],
    )
    audits = AuditEntry.objects.count()
    preview = VIOLATION_CATEGORY_IMPORT.preview(content, user=world.sysadmin)
    messages = _messages(preview)
    assert "第2行“违法依据”：此项为必填项。" in messages
    assert any(m.startswith("第3行") and "罚款下限不能高于上限" in m for m in messages)
    assert any(m.startswith("第4行“罚款下限（元）”") and "负数" in m for m in messages)
    # A new code under a name the street already has.
    assert any(m.startswith("第5行") and "违法行为" in m for m in messages)
    assert any(m.startswith("第7行“编码”") and "与第6行" in m for m in messages)
    assert not preview.ok
    with pytest.raises(ImportRejected):
        VIOLATION_CATEGORY_IMPORT.apply(preview, user=world.sysadmin, file_name="x", sha256="0")
    assert ViolationCategory.objects.filter(street=world.a.street).count() == 2
    assert AuditEntry.objects.count() == audits


def test_catalogue_import_access(world, enf):
    VIOLATION_CATEGORY_IMPORT.check_access(world.sysadmin)
    for user in (world.grid_worker, world.leader, world.reviewer):
        with pytest.raises(PermissionDenied):
            VIOLATION_CATEGORY_IMPORT.check_access(user)
    # Officers import patrol logs, not the catalogue (it is the system administrator's).
    with pytest.raises(PermissionDenied):
        VIOLATION_CATEGORY_IMPORT.check_access(enf.officer1)


def test_catalogue_template_has_the_columns(world, enf):
    wb = load_workbook(BytesIO(VIOLATION_CATEGORY_IMPORT.template_bytes(world.sysadmin)))
    assert [c.value for c in wb.worksheets[0][1]] == CATEGORY_HEADERS


# --- patrol logs ------------------------------------------------------------------------------


def _patrol_row(world, **changes) -> list[Any]:
    values = {
        "start": "2020-09-01 09:00",
        "end": "2020-09-01 11:00",
        "grid": world.a.grid.code,
        "area": "",
        "members": "officer1、陈执法",
        "route": "幸福路—光明大道",
        "findings": "发现占道经营一处。",
        "problems": 1,
        **changes,
    }
    return list(values.values())


def test_patrol_log_import(world, enf):
    content = xlsx(
        PATROL_HEADERS,
        [
            _patrol_row(world),
            _patrol_row(
                world,
                start="2020年9月2日 14:30",
                end="",
                grid="",
                area="幸福路",
                members="杨执法",
                problems="2个",
            ),
        ],
    )
    created = _apply(PATROL_LOG_IMPORT, content, enf.officer1)
    first, second = sorted(created, key=lambda p: p.started_at)
    assert first.started_at == at(2020, 9, 1, 9, 0) and first.grid == world.a.grid
    assert set(first.members.all()) == {enf.officer1, enf.officer2}
    assert (second.key_area, second.grid, second.problems_found) == (enf.key_area, None, 2)
    assert list(second.members.all()) == [enf.officer3]
    assert last_audit().action == Action.IMPORT


def test_patrol_log_row_errors_nothing_written(world, enf):
    make_user("dup1", world.a.street, [Role.ENFORCEMENT_OFFICER], full_name="陈执法")
    content = xlsx(
        PATROL_HEADERS,
        [
            _patrol_row(world, grid="", area="", members="officer1", route="一"),
            _patrol_row(world, grid="no-such-grid", members="officer1", route="二"),
            _patrol_row(world, members="乙街执法", route="三"),
            _patrol_row(world, members="陈执法", route="四"),
            _patrol_row(world, end="2020-09-01 08:00", members="officer1", route="五"),
            _patrol_row(world, grid=world.b.grid.code, members="officer1", route="六"),
            _patrol_row(world, start="2099-01-01 09:00", end="", members="officer1", route="七"),
        ],
    )
    preview = PATROL_LOG_IMPORT.preview(content, user=enf.officer1)
    messages = _messages(preview)
    assert any(m.startswith("第2行") and "请选择巡查的网格或重点区域" in m for m in messages)
    assert any(m.startswith("第3行“网格编号”") for m in messages)
    assert any(m.startswith("第4行“巡查人员”") and "乙街执法" in m for m in messages)
    assert any(m.startswith("第5行“巡查人员”") and "请改填用户名" in m for m in messages)
    assert any(m.startswith("第6行") and "结束时间不能早于开始时间" in m for m in messages)
    assert any(m.startswith("第7行“网格编号”") for m in messages)  # another street's grid
    assert any(m.startswith("第8行") and "不能晚于当前时间" in m for m in messages)
    assert Patrol.objects.count() == 0


def test_patrol_log_duplicates_in_file_and_with_existing(world, enf):
    _apply(PATROL_LOG_IMPORT, xlsx(PATROL_HEADERS, [_patrol_row(world)]), enf.officer1)
    preview = PATROL_LOG_IMPORT.preview(
        xlsx(
            PATROL_HEADERS,
            [
                _patrol_row(world),
                _patrol_row(world, route="新路线"),
                _patrol_row(world, route="新路线"),
            ],
        ),
        user=enf.officer1,
    )
    messages = _messages(preview)
    assert any(m.startswith("第2行") and "本街道已有" in m for m in messages)
    assert any(m.startswith("第4行") and "与第3行" in m for m in messages)
    assert Patrol.objects.count() == 1


def test_patrol_log_import_access(world, enf):
    PATROL_LOG_IMPORT.check_access(enf.officer1)
    PATROL_LOG_IMPORT.check_access(world.clerk_a)
    for user in (world.grid_worker, world.leader):
        with pytest.raises(PermissionDenied):
            PATROL_LOG_IMPORT.check_access(user)
