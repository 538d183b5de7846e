"""fazhi stats --street haibin --from 2020-01-01 --to 2020-09-28 [--json] [--key org.grids ...]"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from fazhi.core import stats
from fazhi.org.models import Street


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"日期“{text}”格式不正确，应为 YYYY-MM-DD，例如 2020-09-28。") from None


class Command(BaseCommand):
    help = "按街道和期间输出全部统计指标（年度报告引用的数字）。"
    # A read-only query answered at once: the system checks would double its start-up time.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--street", required=True, help="街道标识，例如 haibin")
        parser.add_argument(
            "--from", dest="start", required=True, type=_date, help="开始日期 YYYY-MM-DD"
        )
        parser.add_argument(
            "--to", dest="end", required=True, type=_date, help="结束日期 YYYY-MM-DD（含当日）"
        )
        parser.add_argument("--key", action="append", dest="keys", help="只输出这些指标（可重复）")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出 {键名: 数值}")

    def handle(self, *args: Any, **options: Any) -> None:
        street = Street.objects.filter(slug=options["street"]).first()
        if street is None:
            known = "、".join(Street.objects.values_list("slug", flat=True)) or "（无）"
            raise CommandError(f"没有标识为“{options['street']}”的街道。已有：{known}")
        try:
            period = stats.Period(options["start"], options["end"])
            values = stats.compute(street, period, options["keys"])
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        if options["json"]:
            self.stdout.write(json.dumps(values, ensure_ascii=False, indent=2, sort_keys=True))
            return
        self.stdout.write(f"{street.name}　{period}")
        for key, value in values.items():
            stat = stats.get(key)
            self.stdout.write(f"{stat.label}：{value}{stat.unit}　[{key}]")
