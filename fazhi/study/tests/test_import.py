"""Excel import of sign-in sheets (学法签到表): a real .xlsx built with openpyxl, previewed then
applied with audit rows; bad rows named by row and column with nothing written; permissions."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from fazhi.audit.models import Action, AuditEntry
from fazhi.core.excel import XLSX_MIME
from fazhi.study.models import StudyAttendance

pytestmark = pytest.mark.django_db

HEADERS = ["学法活动", "人员", "出席", "计入学时", "说明"]
SESSION = "2020-06-19 集中学习《民法典》"


@pytest.fixture(autouse=True)
def staging_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path / "imports"


def xlsx(rows: list[list[Any]], headers: list[str] = HEADERS) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for row in rows:
        ws.append(row)
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def upload(client, content: bytes):
    return client.post(
        reverse("study:import_upload", args=["attendance"]),
        {"file": SimpleUploadedFile("签到表.xlsx", content, content_type=XLSX_MIME)},
    )


def errors_of(response) -> list[str]:
    return [str(e) for e in response.context["errors"]]


def test_template_names_the_street_sessions_and_people(world, records):
    response = world.client(world.clerk_a).get(
        reverse("study:import_template", args=["attendance"])
    )
    assert response.status_code == 200 and response["Content-Type"] == XLSX_MIME
    data, notes = load_workbook(BytesIO(response.content)).worksheets
    assert [c.value for c in data[1]] == HEADERS
    allowed = {row[0]: row[3] for row in notes.iter_rows(values_only=True) if row[0]}
    assert SESSION in allowed["学法活动"]
    assert "甲街办公室" in allowed["人员"] and "乙街办公室" not in allowed["人员"]


def test_good_sheet_previews_then_applies_with_audit_rows(world, records):
    client = world.client(world.clerk_a)
    content = xlsx(
        [
            [SESSION, "staff_a", "是", None, None],
            [SESSION, "甲街书记", "是", "1.5学时", "中途离开"],
            [SESSION, "reviewer", "否", None, "请假"],
        ]
    )
    before = StudyAttendance.objects.count()
    preview = client.get(upload(client, content)["Location"])
    assert preview.status_code == 200 and errors_of(preview) == []
    assert StudyAttendance.objects.count() == before
    applied = client.post(preview.context["apply_url"])
    assert applied.status_code == 302
    assert applied["Location"] == reverse("study:studyattendance_list")
    rows = {
        a.user.username: (a.attended, a.hours, a.note)
        for a in StudyAttendance.objects.filter(session=records["a"].session)
    }
    assert rows == {
        "clerk_a": (True, Decimal("2.0"), ""),
        "staff_a": (True, Decimal("2.0"), ""),
        "leader": (True, Decimal("1.5"), "中途离开"),
        "reviewer": (False, Decimal("0.0"), "请假"),
    }
    summary = AuditEntry.objects.get(action=Action.IMPORT)
    assert (summary.actor, summary.changes["rows"]) == (world.clerk_a, 3)
    created = AuditEntry.objects.filter(
        action=Action.CREATE, object_type="study.studyattendance", actor=world.clerk_a
    )
    assert created.count() == 1 + 3  # the fixture's sign-in, then the three imported


def test_bad_rows_are_named_and_nothing_is_written(world, records):
    client = world.client(world.clerk_a)
    content = xlsx(
        [
            ["2020-06-20 集中学习《民法典》", "staff_a", "是", None, None],
            [SESSION, "乙街办公室", "是", None, None],
            [SESSION, "staff_a", "是", 3, None],
            [SESSION, "甲街办公室", "是", None, None],
            [SESSION, "reviewer", "否", 2, None],
            [SESSION, "leader", "是", 0, None],
            [SESSION, "leader", "也许", None, None],
            ["6月19日学法", "leader", "是", None, None],
        ]
    )
    before = (StudyAttendance.objects.count(), AuditEntry.objects.count())
    preview = client.get(upload(client, content)["Location"])
    assert errors_of(preview) == [
        "第2行“学法活动”：本街道没有2020年6月20日“集中学习《民法典》”这次学法活动，请先登记学法活动。",
        "第3行“人员”：本街道没有姓名或用户名为“乙街办公室”的在岗工作人员。",
        "第4行“计入学时”：计入学时不能超过本次学法的学时（2学时）。",
        "第5行“学法活动”：本街道已有学法活动、人员为“2020年6月19日 集中学习《民法典》 / 甲街办公室”"
        "的签到记录。",
        "第6行：未出席的人员不计学时。",
        "第7行“计入学时”：出席人员的计入学时须大于0。",
        "第8行“出席”：请填写“是”或“否”。",
        "第8行“学法活动”：与第7行的学法活动、人员重复。",
        "第9行“学法活动”：请按“学习日期 学习主题”填写，例如 2020-06-12 《民法典》专题学习。",
    ]
    assert client.post(preview.context["apply_url"]).status_code == 400
    assert (StudyAttendance.objects.count(), AuditEntry.objects.count()) == before


def test_import_needs_the_import_permission(world, records):
    for user in (world.leader, world.staff_a, world.sysadmin):
        client = world.client(user)
        assert client.get(reverse("study:import_home")).status_code == 403
        assert upload(client, xlsx([[SESSION, "staff_a", "是", None, None]])).status_code == 403
    assert StudyAttendance.objects.filter(user=world.staff_a).count() == 0
