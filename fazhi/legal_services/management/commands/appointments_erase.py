"""fazhi appointments_erase: empty the residents' details of bookings past their retention."""

from __future__ import annotations

from argparse import ArgumentTypeError
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from fazhi.legal_services.services.duty import (
    APPOINTMENT_RETENTION_DAYS,
    appointment_erase_expired,
)


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        # argparse shows the message after the usage line, without a traceback.
        raise ArgumentTypeError(
            _("日期格式应为 年-月-日，例如 2021-06-01：%(text)s") % {"text": text}
        ) from None


def _help() -> str:
    return _(
        "清除值班日期已过%(days)d日的预约中的预约人姓名（保留姓氏）、手机号码和问题简述，"
        "预约记录本身保留用于统计。可每日定时运行，重复运行不会重复清除。"
    ) % {"days": APPOINTMENT_RETENTION_DAYS}


class Command(BaseCommand):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # argparse takes only a plain str; translated when the command is loaded.
        self.help = _help()

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", type=_iso_date, help=_("按哪一天计算保存期，默认今天"))

    def handle(self, *args: Any, **options: Any) -> None:
        count = appointment_erase_expired(today=options["today"])
        self.stdout.write(_("已清除%(count)d个预约的个人信息。") % {"count": count})
