"""Imports at volume: the row limit takes a 50,000-row file, rows are checked and written in
bulk with the same errors as one by one, and a refused row among thousands writes nothing."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from openpyxl import Workbook

from fazhi.audit.models import Action, AuditEntry
from fazhi.audit.services import verify
from fazhi.core.excel import XLSX_MIME
from fazhi.core.imports import MAX_ROWS, ImportRejected
from fazhi.core.imports.bulk import clean_in_bulk
from fazhi.core.imports.cells import APPLY_CHUNK
from fazhi.core.imports.pages import PREVIEW_ROWS
from fazhi.legal_services.imports import CONSULTATION_IMPORT
from fazhi.legal_services.models import Consultation
from fazhi.org.models import Grid

pytestmark = pytest.mark.django_db

HEADERS = ["时间", "渠道", "事项", "问题", "解答", "咨询人", "12348工单号"]


def consultation_log(rows: int, *, bad_row: int | None = None) -> bytes:
    """A consultation log of ``rows`` distinct rows (Excel rows 2 …); on Excel row ``bad_row``
    a call from the 12348 hotline without its ticket number."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("咨询登记")
    ws.append(HEADERS)
    start = datetime(2020, 3, 2, 8, 0)  # noqa: DTZ001 (a cell holds no time zone)
    for n in range(2, rows + 2):
        hotline = n == bad_row
        ws.append(
            [
                start + timedelta(minutes=7 * n),
                "12348转办" if hotline else "电话",
                "劳动争议",
                f"第{n}行的来电：单位拖欠工资，应当去哪里投诉？",
                "可向劳动保障监察机构投诉。",
                "李女士",
                None,
            ]
        )
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def sparse_sheet(rows: int) -> bytes:
    """The consultation template's header and ``rows`` rows with one cell each: cheap to write
    and read, and enough for the row limit."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("咨询登记")
    ws.append(HEADERS)
    for n in range(rows):
        ws.append([None, None, None, n])
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_a_file_of_50000_rows_is_within_the_limit():
    assert MAX_ROWS >= 50_000
    assert CONSULTATION_IMPORT.check_file(sparse_sheet(50_000)) == 50_000


def test_a_file_over_the_row_limit_is_refused_naming_the_limit(monkeypatch):
    # The limit lowered, so that the file over it stays small: the rule is the same.
    from fazhi.core.imports import importer

    monkeypatch.setattr(importer, "MAX_ROWS", 100)
    with pytest.raises(ValidationError) as refused:
        CONSULTATION_IMPORT.check_file(sparse_sheet(101))
    assert refused.value.messages == ["文件超过100行数据，请拆分为多个文件分批导入。"]
    assert CONSULTATION_IMPORT.check_file(sparse_sheet(100)) == 100


def test_thousands_of_rows_are_written_with_an_audit_row_each(world):
    rows = 2 * APPLY_CHUNK + 7  # three chunks for the service's bulk variant
    before = AuditEntry.objects.count()
    preview = CONSULTATION_IMPORT.preview(consultation_log(rows), user=world.clerk_a)
    assert preview.ok

    created = CONSULTATION_IMPORT.apply(
        preview, user=world.clerk_a, file_name="咨询登记.xlsx", sha256="0" * 64
    )

    assert len(created) == Consultation.objects.filter(street=world.a.street).count() == rows
    assert all(c.handled_by_id == world.clerk_a.pk for c in created)
    audit = AuditEntry.objects.filter(seq__gt=before).order_by("seq")
    assert audit.count() == rows + 1
    creates = audit.filter(action=Action.CREATE, object_type="legal_services.consultation")
    assert sorted(int(e.object_id) for e in creates) == sorted(c.pk for c in created)
    last = audit.last()
    assert last is not None and last.action == Action.IMPORT and last.changes["rows"] == rows
    assert verify().ok


def test_a_row_refused_by_the_service_among_thousands_writes_nothing_and_is_named(world):
    """The service's bulk variant refuses Excel row 2,345 (in the apply's third chunk): the
    error names that row, and no consultation and no audit row is written."""
    content = consultation_log(2 * APPLY_CHUNK + 500, bad_row=2345)
    before = (Consultation.objects.count(), AuditEntry.objects.count())
    # As the apply page reads it: the record checks are left to the service's bulk variant.
    preview = CONSULTATION_IMPORT.preview(content, user=world.clerk_a, for_apply=True)
    assert preview.ok

    with pytest.raises(ImportRejected) as rejected:
        CONSULTATION_IMPORT.apply(
            preview, user=world.clerk_a, file_name="咨询登记.xlsx", sha256="0" * 64
        )

    assert [str(e) for e in rejected.value.errors] == [
        "第2345行“12348工单号”：由12348热线转来的咨询请填写12348工单号。"
    ]
    assert (Consultation.objects.count(), AuditEntry.objects.count()) == before
    # The preview page names the same row before anything is tried.
    shown = CONSULTATION_IMPORT.preview(content, user=world.clerk_a)
    assert [str(e) for e in shown.errors] == [str(e) for e in rejected.value.errors]


def test_checking_in_bulk_gives_the_errors_of_checking_one_by_one(world):
    """Each record checked as if those before it had been saved: a code the street has, a code
    an earlier record takes, another street's village, a check constraint, a required field."""
    a, b = world.a, world.b

    def grids() -> list[Grid]:
        day = date(2020, 1, 1)
        fields = {"street": a.street, "name": "网格", "established_on": day}
        return [
            Grid(village=a.village, code=a.grid.code, **fields),  # the street has it
            Grid(village=a.village, code="N-01", **fields),
            Grid(village=a.village, code="N-01", **fields),  # the row before takes it
            Grid(village=b.village, code="N-02", **fields),  # another street's village
            Grid(village=a.village, code="N-04", dissolved_on=date(2019, 1, 1), **fields),
            Grid(village=a.village, code="", **fields),  # required
            Grid(village=a.village, code=b.grid.code, **fields),  # another street's code
        ]

    def messages(error: ValidationError) -> dict[str, list[str]]:
        return {name: sorted(found) for name, found in error.message_dict.items()}

    one_by_one: dict[int, dict[str, list[str]]] = {}
    with transaction.atomic():
        for i, grid in enumerate(grids()):
            try:
                grid.full_clean()
            except ValidationError as exc:
                one_by_one[i] = messages(exc)
            else:
                grid.save()
        transaction.set_rollback(True)

    in_bulk = {i: messages(e) for i, e in clean_in_bulk(grids()).items()}

    assert sorted(in_bulk) == [0, 2, 3, 4, 5]
    assert in_bulk == one_by_one


def test_the_preview_page_of_a_long_file_lists_the_rows_with_problems_first(
    world, settings, tmp_path
):
    settings.DATA_DIR = tmp_path
    client = world.client(world.clerk_a)
    content = consultation_log(PREVIEW_ROWS + 300, bad_row=PREVIEW_ROWS + 250)
    uploaded = client.post(
        reverse("legal_services:import_upload", args=["consultation"]),
        {"file": SimpleUploadedFile("咨询登记.xlsx", content, content_type=XLSX_MIME)},
    )

    page = client.get(uploaded["Location"])

    assert page.status_code == 200
    numbers = [row.number for row in page.context["rows"]]
    assert len(numbers) == PREVIEW_ROWS and PREVIEW_ROWS + 250 in numbers
    assert numbers == sorted(numbers)
    html = page.content.decode()
    assert (
        f"共 {PREVIEW_ROWS + 300} 行，下表只列出其中 {PREVIEW_ROWS} 行，有问题的行优先列出。"
        in html
    )
    assert f"第{PREVIEW_ROWS + 250}行“12348工单号”" in html
