"""How fast a list is written to .xlsx, against a floor measured in the same run.

    FAZHI_ENV=test .venv/bin/python scripts/bench_export.py [--rows 30000] [--runs 3]
        [--memory-rows 10000,100000]

The export is ``fazhi.core.excel.write_workbook``, what every list's ``export_rows`` writes
(and what a background export writes into its file): a case list's 22 columns of realistic
values (case numbers, Chinese status and category labels, party names and addresses, aware
datetimes, dates, fines, blanks), every text cell written as text with control characters
replaced, dates as Excel dates with the Chinese number format, widths measured, print setup,
the 说明 sheet. The floors write the same values plainly in the same run: xlsxwriter's typed
writers in constant-memory mode (no widths, no checks) and openpyxl's write-only ``append``,
the two ways a Python program usually writes a large .xlsx. The export writes its data rows'
XML itself into xlsxwriter's row file, so it may well beat both.

Then the peak memory (tracemalloc) of the export for each of ``--memory-rows``, rows generated
one by one as a queryset's iterator hands them over: flat means the file is streamed.

Target: at least 10,000 rows/s, and no slower than the xlsxwriter floor. Prints medians; not a
test, the figures move with a busy machine.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")
os.environ.setdefault("FAZHI_ENV", "test")

import django  # noqa: E402

django.setup()

import xlsxwriter  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from fazhi.core.excel import write_workbook  # noqa: E402

SHANGHAI = ZoneInfo("Asia/Shanghai")
HEADERS = [
    "案件编号", "状态", "程序", "结果", "来源", "违法行为类别", "当事人类型", "当事人名称",
    "地点", "网格", "重点区域", "专项治理", "发现时间", "立案日期", "决定期限", "决定日期",
    "决定书文号", "处罚种类", "罚款金额（元）", "送达日期", "执行日期", "结案日期",
]  # fmt: skip
STATUSES = ["已上报", "已立案", "调查取证", "待法制审核", "已决定", "已送达", "已执行", "已结案"]
CATEGORIES = ["占道经营", "乱搭乱建", "违规设置户外广告", "未按规定收集生活垃圾", "噪声扰民"]
PARTIES = ["张三", "海滨街道某某商贸有限公司", "李四（个体工商户）", "王五", "某某餐饮店"]


def case_rows(n: int) -> Iterator[list[Any]]:
    """``n`` rows as a case list's export hands them over, one at a time."""
    start = datetime(2020, 1, 2, 9, 30, tzinfo=SHANGHAI)
    for i in range(n):
        found = start + timedelta(minutes=37 * i)
        filed = found.date() + timedelta(days=1)
        closed = i % 3 == 0
        yield [
            f"海滨综执〔2020〕{i + 1:05d}号",
            STATUSES[i % len(STATUSES)],
            "一般程序" if i % 4 else "简易程序",
            "罚款" if i % 2 else "",
            "网格员上报",
            CATEGORIES[i % len(CATEGORIES)],
            "单位" if i % 5 == 1 else "个人",
            PARTIES[i % len(PARTIES)],
            f"海滨街道幸福路{i % 300 + 1}号门前",
            f"street-a-{i % 12 + 1:02d} 第{i % 12 + 1}网格",
            "幸福路商业街" if i % 7 == 0 else "",
            "",
            found,
            filed,
            filed + timedelta(days=90),
            filed + timedelta(days=20) if closed else None,
            f"海滨罚决字〔2020〕第{i:05d}号" if closed else "",
            "罚款" if closed else "",
            Decimal(200 + (i % 50) * 100) if closed else None,
            filed + timedelta(days=23) if closed else None,
            filed + timedelta(days=30) if closed else None,
            filed + timedelta(days=31) if closed else None,
        ]


def export(path: str, n: int) -> None:
    write_workbook(
        path,
        title="执法案件",
        headers=HEADERS,
        rows=case_rows(n),
        notes=[("导出时间", "2020年9月28日 10:00"), ("导出人", "甲街办公室")],
    )


def floor_xlsxwriter(path: str, n: int) -> None:
    """Each value by its type straight to xlsxwriter's typed writer: nothing checked or sized."""
    book = xlsxwriter.Workbook(path, {"constant_memory": True})
    sheet = book.add_worksheet("执法案件")
    stamp = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    write_string, write_number = sheet.write_string, sheet.write_number
    write_datetime = sheet.write_datetime
    for c, header in enumerate(HEADERS):
        write_string(0, c, header)
    for r, row in enumerate(case_rows(n), start=1):
        for c, v in enumerate(row):
            if v is None:
                continue
            if type(v) is str:
                write_string(r, c, v)
            elif type(v) is datetime:
                write_datetime(r, c, v.replace(tzinfo=None), stamp)
            elif type(v) is date:
                write_datetime(r, c, v, stamp)
            else:
                write_number(r, c, float(v))
    book.close()


def floor_openpyxl(path: str, n: int) -> None:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("执法案件")
    sheet.append(HEADERS)
    for row in case_rows(n):
        sheet.append([*row[:12], row[12].replace(tzinfo=None), *row[13:]])
    book.save(path)


def timed(fn: Callable[[str, int], None], n: int, folder: str) -> float:
    gc.collect()
    began = time.perf_counter()
    fn(os.path.join(folder, f"{fn.__name__}.xlsx"), n)
    return time.perf_counter() - began


def peak_memory(n: int, folder: str) -> int:
    gc.collect()
    tracemalloc.start()
    export(os.path.join(folder, "memory.xlsx"), n)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=30_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--memory-rows", default="10000,100000")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        times: dict[str, list[float]] = {"export": [], "xlsxwriter": [], "openpyxl": []}
        for _run in range(args.runs):
            times["export"].append(timed(export, args.rows, folder))
            times["xlsxwriter"].append(timed(floor_xlsxwriter, args.rows, folder))
            times["openpyxl"].append(timed(floor_openpyxl, args.rows, folder))
        median = {name: statistics.median(values) for name, values in times.items()}
        print(f"Excel export of {args.rows:,} case rows × {len(HEADERS)} columns, median of "
              f"{args.runs} runs")  # fmt: skip
        for name, label in [
            ("export", "project export (write_workbook)"),
            ("xlsxwriter", "floor: xlsxwriter typed write_*, constant memory"),
            ("openpyxl", "floor: openpyxl write-only append"),
        ]:
            seconds = median[name]
            print(f"  {label:<48} {seconds:7.2f} s  {args.rows / seconds:>9,.0f} rows/s")
        print(f"  ratio export / xlsxwriter floor: {median['export'] / median['xlsxwriter']:.2f}×")
        print(f"  ratio export / openpyxl floor:   {median['export'] / median['openpyxl']:.2f}×")
        print("Peak Python memory of the export (tracemalloc):")
        for n in (int(x) for x in args.memory_rows.split(",")):
            print(f"  {n:>9,} rows: {peak_memory(n, folder) / 1024 / 1024:6.1f} MiB")


if __name__ == "__main__":
    main()
