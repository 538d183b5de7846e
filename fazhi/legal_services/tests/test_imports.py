"""Excel imports of lawyers, consultation logs and duty rosters: templates, good files, bad
rows named by row and column with nothing written, permissions; and the new cell types."""

from __future__ import annotations

from datetime import date, datetime, time
from io import BytesIO
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from fazhi.audit.models import Action, AuditEntry
from fazhi.core.excel import XLSX_MIME
from fazhi.core.imports import (
    CellError,
    DateTime,
    ImportRejected,
    Integer,
    ParseContext,
    Time,
    YesNo,
)
from fazhi.legal_services.imports import (
    CONSULTATION_IMPORT,
    DUTY_ROSTER_IMPORT,
    LAWYER_IMPORT,
    DigitsText,
)
from fazhi.legal_services.models import Consultation, DutyShift, Lawyer
from fazhi.legal_services.services import registry as services
from fazhi.legal_services.tests.registry_cases import at

pytestmark = pytest.mark.django_db

LAWYER_HEADERS = ["律师事务所", "姓名", "执业证号", "手机号码", "擅长领域", "备注"]
CONSULTATION_HEADERS = [
    "时间",
    "渠道",
    "事项",
    "问题",
    "解答",
    "律师",
    "用时",
    "咨询人",
    "电话",
    "是否回访",
]
ROSTER_HEADERS = [
    "村居",
    "日期",
    "开始时间",
    "结束时间",
    "律师（按姓名或执业证号）",
    "地点",
    "可预约名额",
]


@pytest.fixture(autouse=True)
def staging_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path / "imports"


def xlsx(headers: list[str], rows: list[list[Any]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for row in rows:
        ws.append(row)
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def upload(client, key: str, content: bytes):
    return client.post(
        reverse("legal_services:import_upload", args=[key]),
        {"file": SimpleUploadedFile("导入.xlsx", content, content_type=XLSX_MIME)},
    )


def errors_of(response) -> list[str]:
    return [str(e) for e in response.context["errors"]]


# --- pages and permissions -----------------------------------------------------------------


def test_import_home_lists_the_three_imports_for_the_office(world, legal):
    response = world.client(world.clerk_a).get(reverse("legal_services:import_home"))
    assert response.status_code == 200
    keys = [item["importer"].key for item in response.context["importers"]]
    assert keys == ["lawyer", "consultation", "dutyshift"]
    assert all(item["refused"] == "" for item in response.context["importers"])


def test_import_needs_the_import_permission(world, legal):
    for user in (world.leader, legal.lawyer_user, world.sysadmin):
        client = world.client(user)
        assert client.get(reverse("legal_services:import_home")).status_code == 403
        assert (
            client.get(reverse("legal_services:import_template", args=["lawyer"])).status_code
            == 403
        )
        response = upload(client, "lawyer", xlsx(LAWYER_HEADERS, [["甲街律师事务所"]]))
        assert response.status_code == 403
    assert (
        world.client(world.clerk_a).get("/office/legal-services/import/nothing/").status_code == 404
    )


@pytest.mark.parametrize(
    ("key", "headers"),
    [
        ("lawyer", LAWYER_HEADERS),
        ("consultation", [*CONSULTATION_HEADERS, "回访情况", "村居", "转办去向", "12348工单号"]),
        ("dutyshift", ROSTER_HEADERS),
    ],
)
def test_template_has_the_headers_an_example_and_instructions(world, legal, key, headers):
    response = world.client(world.clerk_a).get(
        reverse("legal_services:import_template", args=[key])
    )
    assert response.status_code == 200 and response["Content-Type"] == XLSX_MIME
    data, notes = load_workbook(BytesIO(response.content)).worksheets
    assert [c.value for c in data[1]] == headers
    assert data.max_row == 2
    instructions = {row[0]: row for row in notes.iter_rows(values_only=True) if row[0]}
    for header in headers:
        assert instructions[header][1] in {"必填", "选填"}


def test_template_keeps_long_numbers_as_text_and_names_own_lawyers(world, legal):
    response = world.client(world.clerk_a).get(
        reverse("legal_services:import_template", args=["dutyshift"])
    )
    data, notes = load_workbook(BytesIO(response.content)).worksheets
    assert data["E2"].number_format == "@"  # the lawyer column: licence numbers stay whole
    assert data["C2"].number_format == "hh:mm"
    lawyer_row = next(r for r in notes.iter_rows(values_only=True) if r[0] == ROSTER_HEADERS[4])
    assert "王律师" in lawyer_row[3] and "钱律师" not in lawyer_row[3]


# --- lawyers -------------------------------------------------------------------------------


def test_good_lawyer_file_previews_then_applies_with_audit_rows(world, legal):
    client = world.client(world.clerk_a)
    content = xlsx(
        LAWYER_HEADERS,
        [
            ["甲街律师事务所", "孙律师", "11201201010000011", "13700000011", "婚姻家庭", None],
            ["甲街律师事务所", "周律师", "11201201010000012", 13700000012, None, "兼职"],
        ],
    )
    before = Lawyer.objects.count()
    preview = client.get(upload(client, "lawyer", content)["Location"])
    assert preview.status_code == 200 and errors_of(preview) == []
    assert Lawyer.objects.count() == before
    applied = client.post(preview.context["apply_url"])
    assert applied.status_code == 302
    assert applied["Location"] == reverse("legal_services:lawyer_list")
    sun = Lawyer.objects.get(name="孙律师")
    zhou = Lawyer.objects.get(name="周律师")
    assert (sun.firm, sun.street, sun.licence_no, sun.specialties) == (
        legal.firm_a,
        world.a.street,
        "11201201010000011",
        "婚姻家庭",
    )
    assert zhou.phone == "13700000012" and zhou.note == "兼职"
    summary = AuditEntry.objects.get(action=Action.IMPORT)
    assert summary.actor == world.clerk_a and summary.changes["rows"] == 2
    assert AuditEntry.objects.filter(
        action=Action.CREATE, object_type="legal_services.lawyer", object_id=str(sun.pk)
    ).exists()


def test_bad_lawyer_rows_are_named_and_nothing_is_written(world, legal):
    client = world.client(world.clerk_a)
    content = xlsx(
        LAWYER_HEADERS,
        [
            ["乙街律师事务所", "吴律师", "11201201010000021", "13700000021", None, None],
            ["甲街律师事务所", "郑律师", legal.lawyer_a.licence_no, "13700000022", None, None],
            ["甲街律师事务所", "冯律师", 11201201010000023, "13700000023", None, None],
            ["甲街律师事务所", "陈律师", "1120120101", "13700000024", None, None],
        ],
    )
    before = (Lawyer.objects.count(), AuditEntry.objects.count())
    preview = client.get(upload(client, "lawyer", content)["Location"])
    errors = errors_of(preview)
    assert errors == [
        "第2行“律师事务所”：本街道没有“乙街律师事务所”这个律师事务所。",
        "第3行“执业证号”：本街道已有执业证号为“11201200810000001”的律师。",
        "第4行“执业证号”：长数字须按文本填写：请把该列设为“文本”格式，或在数字前加英文单引号，"
        "否则Excel会丢失末尾的数字。",
        "第5行“执业证号”：律师执业证号为17位数字。",
    ]
    refused = client.post(preview.context["apply_url"])
    assert refused.status_code == 400
    assert (Lawyer.objects.count(), AuditEntry.objects.count()) == before


# --- consultation logs ----------------------------------------------------------------------


def test_good_consultation_log_applies_with_the_importer_as_recorder(world, legal):
    client = world.client(world.clerk_a)
    content = xlsx(
        [*CONSULTATION_HEADERS, "12348工单号"],
        [
            [
                datetime(2020, 3, 2, 9, 30),  # noqa: DTZ001 (an Excel cell)
                "电话",
                "劳动争议",
                "单位拖欠工资怎么办？",
                "可向劳动保障监察机构投诉。",
                "王律师",
                "15分钟",
                "李女士",
                "13612345678",
                "是",
                None,
            ],
            [
                "2020年3月3日 14:05",
                "微信",
                "婚姻家庭",
                "协议离婚需要什么材料？",
                None,
                legal.other_lawyer_a.licence_no,
                10,
                None,
                "022-63212348",
                "否",
                None,
            ],
            [
                "2020/3/4 10:00",
                "12348转办",
                "疫情防控",
                "返津人员如何登记？",
                "按社区要求登记。",
                None,
                None,
                None,
                None,
                None,
                "TJ12348-20200304-001",
            ],
        ],
    )
    preview = client.get(upload(client, "consultation", content)["Location"])
    assert errors_of(preview) == []
    applied = client.post(preview.context["apply_url"])
    assert applied["Location"] == reverse("legal_services:consultation_list")
    first = Consultation.objects.get(question="单位拖欠工资怎么办？")
    assert (first.occurred_at, first.channel, first.lawyer, first.minutes) == (
        at(2020, 3, 2, 9, 30),
        Consultation.Channel.PHONE,
        legal.lawyer_a,
        15,
    )
    assert first.follow_up_needed and first.handled_by == world.clerk_a
    assert (first.resident_name, first.resident_phone) == ("李女士", "13612345678")
    second = Consultation.objects.get(question="协议离婚需要什么材料？")
    assert second.lawyer == legal.other_lawyer_a and second.occurred_at == at(2020, 3, 3, 14, 5)
    hotline = Consultation.objects.get(channel=Consultation.Channel.HOTLINE_12348)
    assert hotline.hotline_ticket == "TJ12348-20200304-001"
    assert AuditEntry.objects.get(action=Action.IMPORT).changes["rows"] == 3


def test_bad_consultation_rows_are_named_before_anything_is_written(world, legal):
    services.consultation_create(
        street=world.a.street,
        actor=world.clerk_a,
        occurred_at=at(2020, 3, 2, 9, 30),
        channel="phone",
        topic="labour",
        question="已登记过的问题",
    )
    client = world.client(world.clerk_a)
    row = ["2020-03-05 09:00", "电话", "劳动争议", "问题", None, None, None, None, None, None]
    content = xlsx(
        [*CONSULTATION_HEADERS, "12348工单号"],
        [
            ["2020-03-05 09:00", "12348转办", *row[2:], None],
            ["2020-03-05 09:00", "电报", *row[2:], None],
            ["2020-03-05 25:00", *row[1:], None],
            ["2031-01-01 09:00", *row[1:], None],
            [row[0], row[1], row[2], "问题", None, "钱律师", "一刻钟", None, None, "也许", None],
            ["2020-03-02 09:30", "电话", "劳动争议", "已登记过的问题", *row[4:], None],
        ],
    )
    before = (Consultation.objects.count(), AuditEntry.objects.count())
    with time_machine.travel(at(2020, 9, 28, 9, 0), tick=False):
        client = world.client(world.clerk_a)
        preview = client.get(upload(client, "consultation", content)["Location"])
        assert errors_of(preview) == [
            "第2行“12348工单号”：由12348热线转来的咨询请填写12348工单号。",
            "第3行“渠道”：请填写以下之一：电话、微信、现场、网络、12348转办。",
            "第4行“时间”：“2020-03-05 25:00”不是有效的日期和时间。",
            "第5行“时间”：咨询时间不能晚于当前时间。",
            "第6行“律师”：本街道没有姓名或执业证号为“钱律师”的律师。",
            "第6行“用时”：请填写整数。",
            "第6行“是否回访”：请填写“是”或“否”。",
            "第7行“时间”：本街道已有时间、渠道、问题为“2020年3月2日 09:30 / 电话 / 已登记过的问题”"
            "的咨询登记。",
        ]
        assert client.post(preview.context["apply_url"]).status_code == 400
    assert (Consultation.objects.count(), AuditEntry.objects.count()) == before


# --- duty rosters --------------------------------------------------------------------------


def _roster(world, rows: list[list[Any]]):
    return DUTY_ROSTER_IMPORT.preview(xlsx(ROSTER_HEADERS, rows), user=world.clerk_a)


def test_good_roster_creates_shifts_through_the_duty_service(world, legal):
    village = world.a.village.name
    preview = _roster(
        world,
        [
            [village, "2020-10-12", "9:00", "11:30", "王律师", "党群服务中心", 4],
            [
                village,
                date(2020, 10, 13),
                time(14, 0),
                "16时30分",
                legal.other_lawyer_a.licence_no,
                None,
                "0人",
            ],
            [village, "2020-10-14", 0.375, 0.5, "王律师", None, None],  # Excel times
        ],
    )
    assert preview.errors == []
    created = DUTY_ROSTER_IMPORT.apply(
        preview, user=world.clerk_a, file_name="十月值班表.xlsx", sha256="0" * 64
    )
    shifts = DutyShift.objects.order_by("date")
    assert [(s.date, s.starts_at, s.ends_at, s.lawyer, s.capacity) for s in shifts] == [
        (date(2020, 10, 12), time(9, 0), time(11, 30), legal.lawyer_a, 4),
        (date(2020, 10, 13), time(14, 0), time(16, 30), legal.other_lawyer_a, 0),
        (date(2020, 10, 14), time(9, 0), time(12, 0), legal.lawyer_a, 4),
    ]
    assert {s.pk for s in created} == {s.pk for s in shifts}
    assert all(s.street == world.a.street and s.place in ("党群服务中心", "") for s in shifts)
    summary = AuditEntry.objects.get(action=Action.IMPORT)
    assert summary.object_type == "legal_services.dutyshift" and summary.changes["rows"] == 3


def test_bad_roster_rows_are_named_and_nothing_is_written(world, legal):
    services.lawyer_create(
        street=world.a.street,
        actor=world.clerk_a,
        firm=legal.firm_a,
        name="王律师",
        licence_no="11201200810000031",
        phone="13700000031",
    )
    services.lawyer_update(legal.other_lawyer_a, actor=world.clerk_a, is_active=False)
    village = world.a.village.name
    preview = _roster(
        world,
        [
            [village, "2020-10-12", "9:00", "11:30", "王律师", None, None],
            [village, "2020-10-12", "9:00", "11:30", "赵律师", None, None],
            [village, "2020-10-12", "14:00", "11:30", "11201200810000031", None, None],
            ["乙街幸福社区", "2020-10-12", "9点", "25:00", "11201200810000031", None, 100],
            [village, "2020-10-13", "9:00", "11:30", "11201200810000031", None, None],
            [village, "2020-10-13", "9:00", "11:30", "11201200810000031", None, None],
        ],
    )
    assert [str(e) for e in preview.errors] == [
        "第2行“律师（按姓名或执业证号）”：本街道有2位名为“王律师”的律师，请改填执业证号。",
        "第3行“律师（按姓名或执业证号）”：律师赵律师已不在册。",
        "第4行：结束时间须晚于开始时间。",
        "第5行“村居”：本街道没有“乙街幸福社区”这个村居。",
        "第5行“结束时间”：“25:00”不是有效的时间。",
        "第5行“可预约名额”：请填写0至99之间的整数。",
        "第7行“律师（按姓名或执业证号）”：与第6行的律师（按姓名或执业证号）、日期、开始时间重复。",
    ]
    with pytest.raises(ImportRejected):
        DUTY_ROSTER_IMPORT.apply(preview, user=world.clerk_a, file_name="x.xlsx", sha256="0" * 64)
    assert not DutyShift.objects.exists()


def test_roster_refused_by_the_duty_service_writes_no_row(world, legal):
    from fazhi.legal_services.services import duty

    duty.service_suspension_create(
        street=world.a.street,
        actor=world.clerk_a,
        starts_on=date(2020, 10, 13),
        ends_on=date(2020, 10, 31),
        reason="疫情防控",
    )
    village = world.a.village.name
    preview = _roster(
        world,
        [
            [village, "2020-10-12", "9:00", "11:30", "王律师", None, None],
            [village, "2020-10-13", "9:00", "11:30", "王律师", None, None],
        ],
    )
    assert preview.ok
    with pytest.raises(ImportRejected) as caught:
        DUTY_ROSTER_IMPORT.apply(preview, user=world.clerk_a, file_name="x.xlsx", sha256="0" * 64)
    assert [e.row for e in caught.value.errors] == [3]
    assert not DutyShift.objects.exists()
    assert not AuditEntry.objects.filter(action=Action.IMPORT).exists()


# --- the cell types --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("9:00", time(9, 0)),
        ("09：30", time(9, 30)),
        ("14时30分", time(14, 30)),
        ("8点", time(8, 0)),
        (time(16, 45, 12), time(16, 45)),
        (0.75, time(18, 0)),
        (datetime(1899, 12, 30, 7, 15), time(7, 15)),  # noqa: DTZ001
    ],
)
def test_time_cells(world, value, expected):
    assert Time().parse(value, ParseContext(world.clerk_a)) == expected


@pytest.mark.parametrize("value", ["9", "24:00", "9:75", "上午", 1.5])
def test_bad_time_cells(world, value):
    with pytest.raises(CellError):
        Time().parse(value, ParseContext(world.clerk_a))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2020-09-28 10:30", at(2020, 9, 28, 10, 30)),
        ("2020/9/28 8:05:30", at(2020, 9, 28, 8, 5, 30)),
        ("2020年9月28日 10时30分", at(2020, 9, 28, 10, 30)),
        ("2020-09-28T10:30", at(2020, 9, 28, 10, 30)),
        ("2020-09-28", at(2020, 9, 28, 0, 0)),
        (date(2020, 9, 28), at(2020, 9, 28, 0, 0)),
        (44102.4375, at(2020, 9, 28, 10, 30)),
    ],
)
def test_datetime_cells_are_read_in_local_time(world, value, expected):
    assert DateTime().parse(value, ParseContext(world.clerk_a)) == expected


def test_integer_and_yes_no_and_digit_cells(world):
    ctx = ParseContext(world.clerk_a)
    minutes = Integer(max_value=600, unit="分钟")
    assert [minutes.parse(v, ctx) for v in ("15分钟", 15.0, 20, " 30 ")] == [15, 15, 20, 30]
    for bad in ("十五", 15.5, "-1", "601"):
        with pytest.raises(CellError):
            minutes.parse(bad, ctx)
    yes_no = YesNo()
    assert [yes_no.parse(v, ctx) for v in ("是", "否", "需要", True, "N")] == [
        True,
        False,
        True,
        True,
        False,
    ]
    assert DigitsText().parse(13612345678, ctx) == "13612345678"
    with pytest.raises(CellError, match="长数字须按文本填写"):
        DigitsText().parse(11201200810000001, ctx)


def test_a_file_that_is_no_spreadsheet_is_refused(world, legal):
    response = upload(world.client(world.clerk_a), "consultation", b"not a spreadsheet")
    assert response.status_code == 400
    assert "不是Excel" in response.content.decode()
    with pytest.raises(ValidationError):
        CONSULTATION_IMPORT.preview(b"", user=world.clerk_a)
    assert LAWYER_IMPORT.key == "lawyer"


def test_roster_pages_upload_preview_apply(world, legal):
    client = world.client(world.clerk_a)
    content = xlsx(
        ROSTER_HEADERS,
        [[world.a.village.name, "2020-10-12", "9:00", "11:30", "王律师", "党群服务中心", 2]],
    )
    preview = client.get(upload(client, "dutyshift", content)["Location"])
    assert preview.status_code == 200 and errors_of(preview) == []
    assert "09:00" in preview.content.decode()
    assert not DutyShift.objects.exists()
    applied = client.post(preview.context["apply_url"])
    assert applied.status_code == 302
    assert applied["Location"] == reverse("legal_services:dutyshift_list")
    shift = DutyShift.objects.get()
    assert (shift.lawyer, shift.capacity, shift.place) == (legal.lawyer_a, 2, "党群服务中心")
    assert AuditEntry.objects.filter(
        action=Action.CREATE, object_type="legal_services.dutyshift", actor=world.clerk_a
    ).exists()
