"""fazhi generate_district --streets 24 --years 2016-2020 [--district 滨海新区] [--seed 1]
[--scale 1.0] [--first 1]

Bulk-load fictitious streets with years of records (``core.generator``) for benchmarks and the
district view. Without --first the streets are the first of the list not there yet (the demo's
neighbour street takes the first); with --first, refuses, writing nothing, when one of them
exists already.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from fazhi.core.generator import DEFAULT_DISTRICT, generate, parse_years


class Command(BaseCommand):
    help = "批量生成一个区多个街道、多个年度的模拟数据（用于性能测试和全区统计）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--streets", type=int, required=True, help="要生成的街道数，例如 24")
        parser.add_argument(
            "--years", required=True, help="年度：2016-2020、2020 或 2016,2017（须连续）"
        )
        parser.add_argument(
            "--district", default=DEFAULT_DISTRICT, help=f"所属区（默认“{DEFAULT_DISTRICT}”）"
        )
        parser.add_argument(
            "--seed", type=int, default=1, help="随机种子（默认1）：相同种子生成相同数据"
        )
        parser.add_argument(
            "--scale", type=float, default=1.0, help="每年业务量的系数（默认1.0，约为海滨街一年）"
        )
        parser.add_argument(
            "--first",
            type=int,
            default=None,
            help="从第几个街道名称开始；不指定时接在本区已有的街道之后（指定的街道已存在则拒绝）",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            years = parse_years(options["years"])
            generate(
                district=options["district"],
                streets=options["streets"],
                years=years,
                scale=options["scale"],
                seed=options["seed"],
                first=options["first"],
                stdout=self.stdout,
            )
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from None
