"""fazhi appointments_erase: empty the residents' details of bookings past their retention."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fazhi.legal_services.services.duty import (
    APPOINTMENT_RETENTION_DAYS,
    appointment_erase_expired,
)


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"日期格式应为 年-月-日，例如 2021-06-01：{text}") from None


class Command(BaseCommand):
    help = (
        f"清除值班日期已过{APPOINTMENT_RETENTION_DAYS}日的预约中的预约人姓名（保留姓氏）、"
        "手机号码和问题简述，预约记录本身保留用于统计。可每日定时运行，重复运行不会重复清除。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", type=_iso_date, help="按哪一天计算保存期，默认今天")

    def handle(self, *args: Any, **options: Any) -> None:
        count = appointment_erase_expired(today=options["today"])
        self.stdout.write(f"已清除{count}个预约的个人信息。")
