"""How fast an Excel import of 5,000 consultations is previewed and applied, against a floor
measured in the same run.

    FAZHI_ENV=test .venv/bin/python scripts/bench_import.py [--rows 5000] [--runs 3]

On SQLite (var/bench/import.sqlite3, made anew each run): migrate, one street with a village,
a law firm and two lawyers, an office clerk; then a consultation register of ROWS distinct rows
(every column of the template filled, as an office's log is) written with openpyxl.

Each run, in a transaction rolled back at its end:

    preview   ``CONSULTATION_IMPORT.preview``: read, parse and check every row (the preview page)
    apply     what the apply page does: the preview again, then ``apply`` (every row written
              through the service with its audit row, and the import's own audit row)
    floor     the least work that gives the same rows: openpyxl reading the file (read-only,
              values only) and one ``bulk_create`` of the same ROWS consultations, built by hand

Prints the medians in seconds, rows per second and the ratio to the floor. Target: apply
under 5 s for 5,000 rows. Not a test; the figures move with a busy machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import datetime, timedelta
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH = ROOT / "var" / "bench"
DB = BENCH / "import.sqlite3"
TARGET_S = 5.0

CHANNELS = ["电话", "微信", "现场", "网络"]
TOPICS = ["劳动争议", "婚姻家庭", "房产物业", "合同纠纷", "邻里纠纷"]


class Rollback(Exception):
    pass


def sheet(rows: int, lawyers: list[str], village: str) -> bytes:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("咨询登记")
    ws.append(
        [
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
            "回访情况",
            "村居",
        ]
    )
    start = datetime(2020, 1, 2, 8, 0)  # noqa: DTZ001 (a cell holds no time zone)
    for i in range(rows):
        ws.append(
            [
                start + timedelta(minutes=7 * i),
                CHANNELS[i % len(CHANNELS)],
                TOPICS[i % len(TOPICS)],
                f"第{i + 1}号：单位拖欠工资三个月，应当去哪里投诉？",
                "可向劳动保障监察机构投诉，也可申请劳动争议仲裁，仲裁时效为一年。",
                lawyers[i % len(lawyers)],
                f"{5 + i % 30}分钟",
                "李女士",
                f"138{i:08d}",
                "是" if i % 7 == 0 else "否",
                "",
                village,
            ]
        )
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="cProfile one apply")
    args = parser.parse_args()

    BENCH.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{DB}{suffix}").unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{DB}"
    os.environ.setdefault("FAZHI_ENV", "test")
    os.environ["FAZHI_DATA_DIR"] = str(BENCH / "data")
    os.environ["FAZHI_DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")
    import django

    django.setup()
    from datetime import date

    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone
    from openpyxl import load_workbook

    from fazhi.legal_services.imports import CONSULTATION_IMPORT
    from fazhi.legal_services.models import Consultation
    from fazhi.legal_services.services import registry
    from fazhi.org import services as org_services
    from fazhi.org.roles import Role
    from fazhi.testing import make_street, make_user

    call_command("migrate", verbosity=0)
    place = make_street("bench", "试验街")
    street = place.street
    clerk = make_user("bench_clerk", street, [Role.OFFICE], full_name="试验街办公室")
    firm = registry.law_firm_create(street=street, actor=None, name="大有律师事务所")
    lawyers = [
        registry.lawyer_create(
            street=street,
            actor=None,
            firm=firm,
            name=name,
            licence_no=f"1120120101000000{n}",
            phone=f"1361234567{n}",
        )
        for n, name in enumerate(["王明", "赵敏"], start=1)
    ]
    village = org_services.village_create(
        street=street, actor=None, name="港西新城社区", established_on=date(2015, 1, 1)
    )
    content = sheet(args.rows, [lw.name for lw in lawyers], village.name)

    def preview() -> None:
        result = CONSULTATION_IMPORT.preview(content, user=clerk)
        assert result.ok, [str(e) for e in result.errors[:5]]

    def apply() -> None:
        result = CONSULTATION_IMPORT.preview(content, user=clerk, for_apply=True)
        created = CONSULTATION_IMPORT.apply(result, user=clerk, file_name="bench.xlsx", sha256="0")
        assert len(created) == args.rows

    def floor() -> None:
        workbook = load_workbook(BytesIO(content), read_only=True, data_only=True)
        values = list(workbook.worksheets[0].iter_rows(values_only=True))
        workbook.close()
        start = timezone.make_aware(datetime(2020, 1, 2, 8, 0))  # noqa: DTZ001
        Consultation.objects.bulk_create(
            [
                Consultation(
                    street=street,
                    occurred_at=start + timedelta(minutes=7 * i),
                    channel="phone",
                    topic="labour",
                    question=row[3],
                    answer=row[4],
                    lawyer=lawyers[i % 2],
                    minutes=5 + i % 30,
                    resident_name=row[7],
                    resident_phone=row[8],
                    follow_up_needed=row[9] == "是",
                    village=village,
                    handled_by=clerk,
                )
                for i, row in enumerate(values[1:])
            ],
            batch_size=500,
        )

    def timed(work) -> float:  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        try:
            with transaction.atomic():
                work()
                raise Rollback
        except Rollback:
            pass
        return time.perf_counter() - started

    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.runcall(timed, apply)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)

    times: dict[str, list[float]] = {"preview": [], "apply": [], "floor": []}
    for n in range(args.runs):
        order = ["preview", "apply", "floor"] if n % 2 == 0 else ["floor", "apply", "preview"]
        for name in order:
            times[name].append(timed({"preview": preview, "apply": apply, "floor": floor}[name]))
    median = {name: statistics.median(values) for name, values in times.items()}
    rows = args.rows
    print(
        f"\nExcel import of {rows:,} consultations ({len(content) / 1024:.0f} KB), SQLite; "
        f"median of {args.runs} runs, {os.cpu_count()} CPUs shared with other work."
    )
    print(f"  {'':<44}{'s':>8}{'rows/s':>10}{'× floor':>9}")
    for name, label in [
        ("preview", "preview (read, parse, check every row)"),
        ("apply", "apply (preview again, write, audit)"),
        ("floor", "floor: openpyxl read + one bulk_create"),
    ]:
        seconds = median[name]
        ratio = seconds / median["floor"]
        target = f"   target < {TARGET_S:g} s" if name == "apply" else ""
        print(f"  {label:<44}{seconds:>8.2f}{rows / seconds:>10,.0f}{ratio:>8.1f}x{target}")


if __name__ == "__main__":
    main()
