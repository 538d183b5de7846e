"""Excel exports a clerk can use: the header in row 1, real dates, widths, print setup."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from io import BytesIO
from zoneinfo import ZoneInfo

import pandas as pd
from openpyxl import load_workbook

from fazhi.core.excel import workbook_bytes

SHANGHAI = ZoneInfo("Asia/Shanghai")
HEADERS = ["案件编号", "发现时间", "立案日期", "罚款金额", "当事人名称"]
LONG_NAME = "海滨街道某某商贸有限公司第一分公司" * 3


def _workbook(rows: list[list[object]], notes: list[object] | None = None) -> bytes:
    return workbook_bytes(
        title="违法案件",
        headers=HEADERS,
        rows=rows,
        notes=notes
        if notes is not None
        else [("导出人", "甲街办公室"), ("筛选条件", "状态：已立案")],
    )


ROWS = [
    [
        "HB-2020-001",
        datetime(2020, 9, 24, 15, 20, tzinfo=SHANGHAI),
        date(2020, 9, 25),
        Decimal("1500.50"),
        LONG_NAME,
    ],
    ["HB-2020-002", None, None, 200, "张三"],
]


def test_row_1_is_the_header_and_the_notes_are_on_a_second_sheet():
    book = load_workbook(BytesIO(_workbook(ROWS)))
    assert book.sheetnames == ["违法案件", "说明"]
    sheet = book["违法案件"]
    assert [c.value for c in sheet[1]] == HEADERS
    assert sheet["A2"].value == "HB-2020-001"
    assert sheet.freeze_panes == "A2"
    notes = [tuple(row) for row in book["说明"].iter_rows(values_only=True)]
    assert notes[0][0] == "违法案件"
    assert ("导出人", "甲街办公室") in notes
    assert ("筛选条件", "状态：已立案") in notes
    assert ("记录数", 2) in notes


def test_pandas_reads_the_real_column_names_and_dates():
    frame = pd.read_excel(BytesIO(_workbook(ROWS)))
    assert list(frame.columns) == HEADERS
    assert frame["发现时间"][0] == pd.Timestamp(2020, 9, 24, 15, 20)
    assert frame["立案日期"][0] == pd.Timestamp(2020, 9, 25)
    assert frame["罚款金额"].tolist() == [1500.5, 200]


def test_dates_and_times_are_excel_dates_shown_the_chinese_way():
    sheet = load_workbook(BytesIO(_workbook(ROWS))).active
    found, filed = sheet["B2"], sheet["C2"]
    # Local time (Asia/Shanghai), not UTC, and a date Excel can sort and filter.
    assert found.is_date
    assert found.value.replace(tzinfo=SHANGHAI) == datetime(2020, 9, 24, 15, 20, tzinfo=SHANGHAI)
    assert found.number_format == 'yyyy"年"m"月"d"日" hh:mm'
    assert filed.is_date and filed.value.date() == date(2020, 9, 25)
    assert filed.number_format == 'yyyy"年"m"月"d"日"'
    assert sheet["B3"].value is None


def test_columns_are_as_wide_as_their_content_within_a_limit():
    sheet = load_workbook(BytesIO(_workbook(ROWS))).active
    widths = {key: dim.width for key, dim in sheet.column_dimensions.items()}
    # "HB-2020-001" is 11 characters; a datetime needs about 20; the long CJK name is capped.
    assert 12 <= widths["A"] <= 20
    assert widths["B"] >= 18
    assert 55 <= widths["E"] <= 62
    # Five CJK characters count as ten: the heading of 当事人名称 is not cut.
    short = load_workbook(BytesIO(_workbook([["1", None, None, 1, "张三"]]))).active
    assert short.column_dimensions["E"].width >= 10


def test_the_sheet_prints_landscape_one_page_wide_with_the_header_on_every_page():
    sheet = load_workbook(BytesIO(_workbook(ROWS))).active
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    assert sheet.page_setup.fitToWidth in (None, 1)  # 1 is the default and may be left out
    assert sheet.page_setup.fitToHeight == 0
    assert sheet.print_title_rows == "$1:$1"


def test_an_empty_list_still_has_its_header_and_a_count_of_zero():
    book = load_workbook(BytesIO(_workbook([])))
    assert [c.value for c in book.active[1]] == HEADERS
    assert ("记录数", 0) in [tuple(r) for r in book["说明"].iter_rows(values_only=True)]
