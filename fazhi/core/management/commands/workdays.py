"""fazhi workdays --from 2020-01-20 --days 7: the n-th working day after a date, and why."""

from __future__ import annotations

import sys
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from fazhi.core.formats import cn_date
from fazhi.core.workdays import CalendarUnknown, DayInfo, Source, WorkCalendar


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"日期格式应为 年-月-日，例如 2020-01-20：{text}") from None


class Command(BaseCommand):
    help = (
        "按法定节假日安排（含调休上班日）计算某日之后的第 N 个工作日，并列出跳过的节假日。"
        "尚无安排的年份提示系统管理员录入，退出码为 1。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--from",
            dest="start",
            type=_iso_date,
            help="起算日期（不计入），例如 2020-01-20；默认今天",
        )
        parser.add_argument("--days", type=int, required=True, help="工作日数，不小于 0")

    def handle(self, *args: Any, **options: Any) -> None:
        start: date = options["start"] or timezone.localdate()
        days: int = options["days"]
        if days < 0:
            raise CommandError("工作日数不能为负数。")
        calendar = WorkCalendar.load()
        try:
            end = calendar.add_workdays(start, days)
            skipped = calendar.rest_days(start, end)
        except CalendarUnknown as exc:
            self.stderr.write(str(exc))
            sys.exit(1)
        self.stdout.write(f"{cn_date(start)}后第{days}个工作日：{cn_date(end)}")
        holidays = [d for d in skipped if d.name]
        weekends = len(skipped) - len(holidays)
        if holidays:
            self.stdout.write("跳过的节假日：")
            for line in _holiday_lines(holidays):
                self.stdout.write(f"  {line}")
        else:
            self.stdout.write("期间没有节假日。")
        if weekends:
            self.stdout.write(f"另跳过周六、周日{weekends}天。")


def _holiday_lines(holidays: list[DayInfo]) -> list[str]:
    """Consecutive days of one holiday on one line: 2020年1月24日至2020年2月2日 春节（10天）."""
    lines = []
    runs: list[list[DayInfo]] = []
    for day in holidays:
        if runs and runs[-1][-1].name == day.name and (day.day - runs[-1][-1].day).days == 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    for run in runs:
        first, last = run[0], run[-1]
        span = cn_date(first.day) if first is last else f"{cn_date(first.day)}至{cn_date(last.day)}"
        entered = "，管理员录入" if any(d.source == Source.ENTRY for d in run) else ""
        lines.append(f"{span} {first.name}（{len(run)}天{entered}）")
    return lines
