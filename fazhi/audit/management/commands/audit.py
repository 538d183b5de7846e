"""fazhi audit verify | fazhi audit purge --before YYYY-MM-DD

verify re-computes the hash chain and exits non-zero at the first broken row; run it from cron
and alert on failure. purge deletes rows older than the cutoff, never inside the retention
period (settings.AUDIT_RETENTION_DAYS), and leaves the kept chain verifiable.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from fazhi.audit.services import purge_before, verify


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"日期“{text}”格式不正确，应为 YYYY-MM-DD，例如 2020-09-28。") from None


class Command(BaseCommand):
    help = "校验审计日志的哈希链（verify），或清理保存期以外的审计记录（purge）。"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="verify|purge")
        sub.add_parser("verify", help="逐条校验审计链；链条断开时以非零状态退出。")
        purge = sub.add_parser("purge", help="删除截止日期以前的审计记录（不得在保存期内）。")
        purge.add_argument(
            "--before", required=True, metavar="YYYY-MM-DD", help="删除此日期零时以前的记录。"
        )

    def handle(self, *args: Any, subcommand: str, **options: Any) -> None:
        if subcommand == "verify":
            self._verify()
        else:
            self._purge(_day(options["before"]))

    def _verify(self) -> None:
        result = verify()
        if not result.ok:
            raise CommandError(
                f"审计链校验失败：第{result.broken_seq}号记录。原因：{result.reason}。"
                f"此前已校验{result.checked}条。",
                returncode=2,
            )
        self.stdout.write(f"审计链完整：已校验{result.checked}条记录。")

    def _purge(self, cutoff: date) -> None:
        try:
            count = purge_before(cutoff=cutoff, actor=None)
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from None
        self.stdout.write(f"已清理{cutoff.isoformat()}以前的审计记录{count}条。")
