"""fazhi demo [--if-empty]: load the Haibin Street 2020 demo and print its accounts."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from fazhi.core.demo import DEMO_PASSWORD, DEMO_STREET_SLUG, load_demo
from fazhi.org.models import Street, User


class Command(BaseCommand):
    help = "载入海滨街2020年演示数据（每个角色一个演示账号）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="数据库中已有街道时不做任何事（供 make run 使用）",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION and not settings.DEMO_MODE:
            # Its accounts' password is published: never on a production instance.
            raise CommandError(
                "生产环境不能载入演示数据（演示账号的密码是公开的）。"
                "仅在公开演示实例上设置 FAZHI_DEMO_MODE=1 后使用。"
            )
        if Street.objects.filter(slug=DEMO_STREET_SLUG).exists():
            if options["if_empty"]:
                self.stdout.write("演示街道已存在，未重复载入。")
                self._print_accounts()
                return
            raise CommandError(
                "演示街道“haibin”已存在。要重新载入，请先删除数据库文件或使用新的数据库。"
            )
        if Street.objects.exists() and options["if_empty"]:
            self.stdout.write("数据库中已有街道数据，未载入演示数据。")
            return
        ctx = load_demo()
        self.stdout.write(self.style.SUCCESS(f"已载入演示街道：{ctx.street.name}"))
        second = ctx.shared.get("second_street")
        if second is not None:
            self.stdout.write(
                f"同区对照街道：{second.name}（2020年以来的记录，供区依法治区办对照查看）"
            )
        self._print_accounts()

    def _print_accounts(self) -> None:
        accounts = (
            User.objects.filter(is_demo_account=True).prefetch_related("groups").order_by("id")
        )
        if not accounts:
            return
        self.stdout.write(f"演示账号（密码均为 {DEMO_PASSWORD}）：")
        for user in accounts:
            self.stdout.write(f"  {user.username:<12} {user.role_labels()}　{user.full_name}")
