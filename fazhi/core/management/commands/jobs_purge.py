"""fazhi jobs_purge: the nightly clean-up of background exports and imports.

Deletes export files and finished import jobs older than a day, and marks failed an import
whose worker died (each export and import task also cleans up as it starts).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from fazhi.core.exports import export_jobs_purge
from fazhi.core.imports.jobs import import_jobs_purge


class Command(BaseCommand):
    help = (
        "清理后台导出和后台导入：删除超过一天的导出文件和已结束的导入记录，中断的导入标记为失败。"
    )

    def handle(self, *args: Any, **options: Any) -> None:
        exports = export_jobs_purge()
        imports = import_jobs_purge()
        self.stdout.write(f"已删除过期导出文件 {exports} 个、已结束的后台导入记录 {imports} 条。")
