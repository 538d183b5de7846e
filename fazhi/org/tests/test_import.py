from __future__ import annotations

from datetime import date, datetime
from io import BytesIO
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from fazhi.audit.models import Action, AuditEntry
from fazhi.audit.services import verify
from fazhi.core import imports
from fazhi.core.excel import XLSX_MIME
from fazhi.core.imports import CellError, Date, ParseContext
from fazhi.org import services
from fazhi.org.imports import GRID_IMPORT, GRID_WORKER_IMPORT
from fazhi.org.models import Grid, GridWorker

GRID_HEADERS = ["村居名称", "网格编号", "网格名称", "四至范围", "划定日期"]
# openpyxl reads a date cell as a naive datetime: Excel has no time zones.
EXCEL_DATETIME = datetime(2020, 9, 28, 0, 0)  # noqa: DTZ001
WORKER_HEADERS = ["网格编号", "姓名", "性别", "手机号码", "类别", "上岗日期", "备注"]


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


def upload(client, key: str, content: bytes, name: str = "导入.xlsx"):
    return client.post(
        reverse("org:import_upload", args=[key]),
        {"file": SimpleUploadedFile(name, content, content_type=XLSX_MIME)},
    )


def errors_of(response) -> list[str]:
    return [str(e) for e in response.context["errors"]]


def counts() -> tuple[int, int, int]:
    return Grid.objects.count(), GridWorker.objects.count(), AuditEntry.objects.count()


# --- template ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "headers"), [("grid", GRID_HEADERS), ("gridworker", WORKER_HEADERS)]
)
def test_template_is_an_xlsx_with_the_headers_and_instructions(world, key, headers):
    response = world.client(world.clerk_a).get(reverse("org:import_template", args=[key]))

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_MIME
    wb = load_workbook(BytesIO(response.content))
    data, notes = wb.worksheets
    assert [c.value for c in data[1]] == headers
    assert data.max_row == 2  # one example row
    instructions = {row[0]: row for row in notes.iter_rows(values_only=True) if row[0]}
    for header in headers:
        assert instructions[header][1] in {"必填", "选填"}


def test_template_lists_only_own_street_references(world):
    response = world.client(world.clerk_a).get(reverse("org:import_template", args=["grid"]))

    notes = load_workbook(BytesIO(response.content))["填写说明"]
    village_row = next(r for r in notes.iter_rows(values_only=True) if r[0] == "村居名称")
    assert village_row[1] == "必填"
    assert world.a.village.name in village_row[3]
    assert world.b.village.name not in village_row[3]


# --- the good path ---------------------------------------------------------------------------


def test_good_grid_file_previews_without_writing_then_applies(world, staging_dir):
    client = world.client(world.clerk_a)
    village = world.a.village.name
    content = xlsx(
        GRID_HEADERS,
        [
            [village, "A-10", "第十网格", "东至海滨大道", "2020-09-28"],
            [village, "A-11", "第十一网格", None, "2020/9/28"],
            [village, "A-12", "第十二网格", None, "2020年9月28日"],
            [village, "A-13", "第十三网格", None, date(2020, 9, 28)],  # an Excel date cell
        ],
    )
    before = counts()

    response = upload(client, "grid", content, name="甲街网格.xlsx")
    assert response.status_code == 302
    preview = client.get(response["Location"])

    assert preview.status_code == 200
    assert preview.context["preview"].valid_count == 4
    assert errors_of(preview) == []
    assert "可导入 4 行，有问题 0 行" in preview.content.decode()
    assert counts() == before  # upload and preview wrote nothing
    assert len(list(staging_dir.glob("*.xlsx"))) == 1

    applied = client.post(preview.context["apply_url"])

    assert applied.status_code == 302
    assert applied["Location"] == reverse("org:grid_list")
    grids = Grid.objects.filter(code__in=["A-10", "A-11", "A-12", "A-13"]).order_by("code")
    assert [(g.code, g.street, g.village, g.established_on) for g in grids] == [
        (code, world.a.street, world.a.village, date(2020, 9, 28))
        for code in ["A-10", "A-11", "A-12", "A-13"]
    ]
    assert grids[0].area_description == "东至海滨大道"
    creates = AuditEntry.objects.filter(action=Action.CREATE, object_type="org.grid")
    assert set(creates.values_list("object_id", flat=True)) >= {str(g.pk) for g in grids}
    assert creates.filter(actor=world.clerk_a).count() == 4
    summary = AuditEntry.objects.get(action=Action.IMPORT)
    assert summary.actor == world.clerk_a
    assert summary.street == world.a.street
    assert summary.changes["file"] == "甲街网格.xlsx"
    assert summary.changes["rows"] == 4
    assert sorted(summary.changes["ids"]) == sorted(g.pk for g in grids)
    assert AuditEntry.objects.count() == before[2] + 5
    assert verify().ok
    assert list(staging_dir.glob("*.xlsx")) == []  # the kept file is gone after the import


def test_good_grid_worker_file_applies(world):
    client = world.client(world.clerk_a)
    content = xlsx(
        WORKER_HEADERS,
        [
            [world.a.grid.code, "王晓红", "女", 13812340001, "专职", "2020-09-28", "兼任楼门长"],
            [world.a.other_grid.code, "赵刚", None, "138 1234 0002", "兼职", 44102, None],
        ],
    )

    response = upload(client, "gridworker", content)
    preview = client.get(response["Location"])
    assert errors_of(preview) == []
    applied = client.post(preview.context["apply_url"])

    assert applied.status_code == 302
    assert applied["Location"] == reverse("org:gridworker_list")
    wang = GridWorker.objects.get(name="王晓红")
    assert (wang.grid, wang.gender, wang.phone, wang.kind, wang.started_on, wang.note) == (
        world.a.grid,
        GridWorker.Gender.FEMALE,
        "13812340001",
        GridWorker.Kind.FULL_TIME,
        date(2020, 9, 28),
        "兼任楼门长",
    )
    zhao = GridWorker.objects.get(name="赵刚")
    assert (zhao.phone, zhao.kind, zhao.gender, zhao.started_on) == (
        "13812340002",
        GridWorker.Kind.PART_TIME,
        "",
        date(2020, 9, 28),
    )
    assert AuditEntry.objects.filter(action=Action.IMPORT, object_type="org.gridworker").exists()


# --- bad rows --------------------------------------------------------------------------------


def test_bad_row_is_named_by_row_and_column_and_nothing_is_written(world):
    client = world.client(world.clerk_a)
    content = xlsx(
        WORKER_HEADERS,
        [
            [world.a.grid.code, "王晓红", "女", "13812340001", "专职", "2020-09-28", None],
            [world.a.grid.code, "赵刚", "男", "13812340002", "专职", "2020-09-28", None],
            [world.a.grid.code, "钱多", "男", "13812340003", "专职", "2020-09-28", None],
            [world.a.grid.code, "孙立", "男", "1381234", "专职", "2020-09-28", None],
        ],
    )
    before = counts()

    preview = client.get(upload(client, "gridworker", content)["Location"])

    assert preview.status_code == 200
    assert errors_of(preview) == ["第5行“手机号码”：请输入11位手机号码。"]
    assert "第5行“手机号码”：请输入11位手机号码。" in preview.content.decode()
    assert (preview.context["preview"].valid_count, preview.context["preview"].invalid_count) == (
        3,
        1,
    )
    assert "disabled" in preview.content.decode()

    applied = client.post(preview.context["apply_url"])

    assert applied.status_code == 400
    assert "未导入任何记录" in applied.content.decode()
    assert counts() == before


def test_every_kind_of_cell_error_names_its_row_and_column(world):
    content = xlsx(
        WORKER_HEADERS,
        [
            ["no-such-grid", "王晓红", "女", "13812340001", "专职", "2020-09-28", None],
            [world.a.grid.code, None, "女", "13812340002", "专职", "2020-09-28", None],
            [world.a.grid.code, "赵刚", "未知", "13812340003", "临时", "2020-02-30", None],
            [world.a.grid.code, "钱多", "男", "13812340004", "专职", "九月", None],
        ],
    )

    preview = GRID_WORKER_IMPORT.preview(content, user=world.clerk_a)

    assert [str(e) for e in preview.errors] == [
        "第2行“网格编号”：本街道没有“no-such-grid”这个网格编号。",
        "第3行“姓名”：此项为必填项。",
        "第4行“性别”：请填写以下之一：男、女。",
        "第4行“类别”：请填写以下之一：专职、兼职。",
        "第4行“上岗日期”：“2020-02-30”不是有效的日期。",
        "第5行“上岗日期”：请填写日期，例如 2020-09-28、2020/9/28 或 2020年9月28日。",
    ]


def test_another_streets_village_is_an_error(world):
    client = world.client(world.clerk_a)
    other = world.b.village.name
    content = xlsx(GRID_HEADERS, [[other, "A-20", "越界网格", None, "2020-09-28"]])
    before = counts()

    preview = client.get(upload(client, "grid", content)["Location"])

    assert errors_of(preview) == [f"第2行“村居名称”：本街道没有“{other}”这个村居。"]
    assert client.post(preview.context["apply_url"]).status_code == 400
    assert counts() == before


def test_duplicates_in_the_file_and_with_existing_records_are_errors(world):
    village = world.a.village.name
    content = xlsx(
        GRID_HEADERS,
        [
            [village, "A-30", "第三十网格", None, "2020-09-28"],
            [village, "A-30", "又一个第三十网格", None, "2020-09-28"],
            [village, world.a.grid.code, "撞号网格", None, "2020-09-28"],
        ],
    )

    preview = GRID_IMPORT.preview(content, user=world.clerk_a)

    assert [str(e) for e in preview.errors] == [
        "第3行“网格编号”：与第2行的网格编号重复。",
        f"第4行“网格编号”：本街道已有网格编号为“{world.a.grid.code}”的网格。",
    ]


def test_another_streets_grid_code_does_not_conflict(world):
    # Street B's code "street-b-01" is free in street A: uniqueness is per street.
    content = xlsx(
        GRID_HEADERS, [[world.a.village.name, world.b.grid.code, "借号网格", None, "2020-09-28"]]
    )

    assert GRID_IMPORT.preview(content, user=world.clerk_a).ok


def test_active_phone_conflict_uses_the_models_rule(world):
    content = xlsx(
        WORKER_HEADERS,
        [[world.a.grid.code, "张三", "男", world.a.worker.phone, "专职", "2020-09-28", None]],
    )

    preview = GRID_WORKER_IMPORT.preview(content, user=world.clerk_a)

    assert [str(e) for e in preview.errors] == [
        f"第2行“手机号码”：本街道已有手机号码为“{world.a.worker.phone}”的在岗网格员。"
    ]


def test_the_template_example_row_is_refused(world):
    response = world.client(world.clerk_a).get(reverse("org:import_template", args=["grid"]))
    wb = load_workbook(BytesIO(response.content))
    del wb["填写说明"]
    buffer = BytesIO()
    wb.save(buffer)

    preview = GRID_IMPORT.preview(buffer.getvalue(), user=world.clerk_a)

    assert [str(e) for e in preview.errors] == ["第2行：这是模板中的示例行，请删除后再导入。"]


def test_model_validation_errors_are_shown_in_the_preview(world):
    content = xlsx(
        GRID_HEADERS, [[world.a.village.name, "A-" + "9" * 40, "超长编号", None, "2020-09-28"]]
    )

    preview = GRID_IMPORT.preview(content, user=world.clerk_a)

    assert len(preview.errors) == 1
    assert str(preview.errors[0]).startswith("第2行“网格编号”：")
    assert "30" in preview.errors[0].message


def test_apply_revalidates_the_kept_file(world):
    client = world.client(world.clerk_a)
    content = xlsx(GRID_HEADERS, [[world.a.village.name, "A-40", "第四十网格", None, "2020-09-28"]])
    preview = client.get(upload(client, "grid", content)["Location"])
    assert preview.context["preview"].ok
    # Someone enters the same grid by hand between the preview and the confirmation.
    services.grid_create(
        street=world.a.street,
        actor=world.clerk_a,
        village=world.a.village,
        code="A-40",
        name="手工录入",
        established_on=date(2020, 9, 1),
    )
    before = counts()

    applied = client.post(preview.context["apply_url"])

    assert applied.status_code == 400
    assert errors_of(applied) == ["第2行“网格编号”：本街道已有网格编号为“A-40”的网格。"]
    assert counts() == before
    assert Grid.objects.get(code="A-40").name == "手工录入"


def test_a_service_refusal_while_applying_rolls_back_every_row(world, monkeypatch):
    client = world.client(world.clerk_a)
    village = world.a.village.name
    content = xlsx(
        GRID_HEADERS,
        [
            [village, "A-50", "第五十网格", None, "2020-09-28"],
            [village, "A-51", "第五十一网格", None, "2020-09-28"],
        ],
    )
    preview = client.get(upload(client, "grid", content)["Location"])
    real_create_many = services.grid_create_many

    def refuse_second(*, rows, **given):
        """Writes the first row, then refuses the second (its index 1), as a service might."""
        from django.core.exceptions import ValidationError

        from fazhi.core.imports.bulk import RowsRejected

        real_create_many(rows=[r for r in rows if r["code"] != "A-51"], **given)
        raise RowsRejected({1: ValidationError({"name": "该名称已被上级停用。"})})

    monkeypatch.setattr(services, "grid_create_many", refuse_second)
    before = counts()

    applied = client.post(preview.context["apply_url"])

    assert applied.status_code == 400
    assert errors_of(applied) == ["第3行“网格名称”：该名称已被上级停用。"]
    assert counts() == before
    assert not Grid.objects.filter(code="A-50").exists()
    assert verify().ok


# --- bad files -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xef\xbb\xbf\xe6\x9d\x91,\xe7\xbd\x91\xe6\xa0\xbc\n", "不是Excel（.xlsx）文件"),
        (b"PK\x03\x04 not really a zip", "不是Excel（.xlsx）文件"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504, "旧版Excel（.xls）"),
        (xlsx([], []), "文件是空的"),
        (xlsx(GRID_HEADERS, []), "文件中没有数据行"),
        (xlsx(["网格编号", "网格名称", "负责人"], [["A-1", "x", "y"]]), "无法识别的列：“负责人”"),
        (xlsx(["网格编号", "网格名称"], [["A-1", "x"]]), "缺少必填列：“村居名称”、“划定日期”"),
    ],
    ids=["csv", "fake-zip", "xls", "empty", "header-only", "unknown-header", "missing-header"],
)
def test_a_file_that_cannot_be_imported_is_refused_clearly(world, staging_dir, content, message):
    client = world.client(world.clerk_a)
    before = counts()

    response = upload(client, "grid", content, name="网格.xlsx")

    assert response.status_code == 400
    assert message in response.content.decode()
    assert counts() == before
    assert not staging_dir.exists() or list(staging_dir.iterdir()) == []


def test_an_empty_upload_is_refused(world):
    response = upload(world.client(world.clerk_a), "grid", b"")

    assert response.status_code == 400
    assert "上传的文件是空的。" in response.content.decode()


def test_a_file_over_the_size_limit_is_refused(world, staging_dir):
    content = b"PK\x03\x04" + b"\0" * imports.MAX_BYTES

    response = upload(world.client(world.clerk_a), "grid", content)

    assert response.status_code == 400
    assert "文件超过20 MB" in response.content.decode()
    assert not staging_dir.exists() or list(staging_dir.iterdir()) == []


def test_a_file_over_the_row_limit_is_refused(world, monkeypatch):
    monkeypatch.setattr(imports.importer, "MAX_ROWS", 3)
    rows = [[world.a.village.name, f"A-6{i}", "网格", None, "2020-09-28"] for i in range(4)]

    response = upload(world.client(world.clerk_a), "grid", xlsx(GRID_HEADERS, rows))

    assert response.status_code == 400
    assert "文件超过3行数据" in response.content.decode()


# --- access ----------------------------------------------------------------------------------


def test_read_only_leader_gets_403_everywhere(world):
    client = world.client(world.leader)
    content = xlsx(GRID_HEADERS, [[world.a.village.name, "A-70", "x", None, "2020-09-28"]])

    assert client.get(reverse("org:import_home")).status_code == 403
    assert client.get(reverse("org:import_template", args=["grid"])).status_code == 403
    assert client.get(reverse("org:import_upload", args=["grid"])).status_code == 403
    assert upload(client, "grid", content).status_code == 403
    assert not Grid.objects.filter(code="A-70").exists()


def test_import_home_lists_the_importers_for_the_office(world):
    response = world.client(world.clerk_a).get(reverse("org:import_home"))

    assert response.status_code == 200
    page = response.content.decode()
    assert reverse("org:import_upload", args=["grid"]) in page
    assert reverse("org:import_template", args=["gridworker"]) in page


def test_anonymous_is_sent_to_login(anon):
    response = anon.get(reverse("org:import_home"))

    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_wrong_methods_get_405(world):
    client = world.client(world.clerk_a)
    content = xlsx(GRID_HEADERS, [[world.a.village.name, "A-80", "x", None, "2020-09-28"]])
    preview_url = upload(client, "grid", content)["Location"]
    apply_url = client.get(preview_url).context["apply_url"]
    before = counts()

    assert client.get(apply_url).status_code == 405
    assert client.post(preview_url).status_code == 405
    assert client.post(reverse("org:import_template", args=["grid"])).status_code == 405
    assert client.post(reverse("org:import_home")).status_code == 405
    assert counts() == before


def test_another_users_upload_cannot_be_seen_or_applied(world):
    content = xlsx(GRID_HEADERS, [[world.a.village.name, "A-90", "x", None, "2020-09-28"]])
    owner = world.client(world.clerk_a)
    preview_url = upload(owner, "grid", content)["Location"]
    apply_url = owner.get(preview_url).context["apply_url"]
    other = world.client(world.sysadmin)  # same street, may import, but did not upload it

    assert other.get(preview_url)["Location"] == reverse("org:import_upload", args=["grid"])
    assert other.post(apply_url).status_code == 302
    assert not Grid.objects.filter(code="A-90").exists()


def test_applying_twice_imports_once(world):
    client = world.client(world.clerk_a)
    content = xlsx(GRID_HEADERS, [[world.a.village.name, "A-95", "x", None, "2020-09-28"]])
    apply_url = client.get(upload(client, "grid", content)["Location"]).context["apply_url"]

    assert client.post(apply_url)["Location"] == reverse("org:grid_list")
    assert client.post(apply_url)["Location"] == reverse("org:import_upload", args=["grid"])
    assert Grid.objects.filter(code="A-95").count() == 1
    assert AuditEntry.objects.filter(action=Action.IMPORT).count() == 1


def test_unknown_importer_is_404(world):
    response = world.client(world.clerk_a).get(reverse("org:import_upload", args=["nothing"]))

    assert response.status_code == 404


# --- the date parser -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "2020-09-28",
        "2020/9/28",
        "2020年9月28日",
        "2020.9.28",
        "20200928",
        44102,
        44102.0,
        EXCEL_DATETIME,
        date(2020, 9, 28),
        "2020-09-28 00:00:00",
    ],
)
def test_date_accepts_the_usual_spellings(value):
    assert Date().parse(value, ParseContext(user=None)) == date(2020, 9, 28)


@pytest.mark.parametrize("value", ["2020-13-01", "九月二十八日", "28/9/2020", True])
def test_date_refuses_what_is_not_a_date(value):
    with pytest.raises(CellError):
        Date().parse(value, ParseContext(user=None))


def test_a_village_named_like_a_formula_stays_text_in_the_template(world):
    from io import BytesIO

    from openpyxl import load_workbook

    from fazhi.org.services import village_create

    village_create(
        street=world.a.street,
        actor=world.clerk_a,
        name='=HYPERLINK("http://evil/","x")',
        established_on=date(2020, 1, 1),
    )
    response = world.client(world.clerk_a).get("/office/org/import/grid/template/")
    assert response.status_code == 200
    cells = [
        cell
        for ws in load_workbook(BytesIO(response.content)).worksheets
        for row in ws.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and "HYPERLINK" in cell.value
    ]
    assert cells and all(cell.data_type == "s" for cell in cells)


def test_a_tiny_file_declaring_a_huge_sheet_is_refused_quickly(world):
    """One cell at the sheet's far corner: refused after a bounded read (unbounded, reading
    every empty row and column of it took minutes)."""
    from io import BytesIO

    from django.core.exceptions import ValidationError
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["网格编号", "姓名", "手机号码", "上岗日期"])
    ws.cell(row=1048576, column=16384, value="x")
    buffer = BytesIO()
    wb.save(buffer)
    assert len(buffer.getvalue()) < 10_000
    with pytest.raises(ValidationError, match="含空行"):
        imports.importer.read_sheet(buffer.getvalue(), max_columns=30)
