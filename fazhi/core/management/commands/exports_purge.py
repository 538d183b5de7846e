"""fazhi exports_purge: delete background Excel exports older than a day, with their files."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from fazhi.core.exports import export_jobs_purge


class Command(BaseCommand):
    help = "删除超过一天的后台导出文件及其记录（每次后台导出开始时也会自动清理）。"

    def handle(self, *args: Any, **options: Any) -> None:
        removed = export_jobs_purge()
        self.stdout.write(f"已删除过期导出文件 {removed} 个。")
