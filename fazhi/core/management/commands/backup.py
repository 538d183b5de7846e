"""fazhi backup [--output PATH]: the database and all uploaded files in one .tar.gz."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fazhi.core.backup import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "把数据库（Django dumpdata，SQLite 与 PostgreSQL 通用）和全部上传文件备份为一个 .tar.gz，"
        "附清单（时间、版本、数据库类型、各表行数、每个文件的 SHA-256）。"
        "备份文件含全部数据和密码摘要，权限为 0600，请妥善保管。"
        "数据量很大的 PostgreSQL 生产库，用 pg_dump 备份数据库、另行复制上传文件目录会更快。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            "-o",
            type=Path,
            help="备份文件路径或目录；默认 $FAZHI_DATA_DIR/backups/fazhi-年月日-时分秒.tar.gz",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = create_backup(options["output"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        manifest = result.manifest
        rows = sum(manifest["counts"].values())
        media = len(manifest["members"]) - 1
        self.stdout.write(self.style.SUCCESS(f"已备份：{result.path}"))
        self.stdout.write(
            f"  数据库 {manifest['database_vendor']}，{len(manifest['counts'])}张表共{rows}行；"
            f"上传文件{media}个"
        )
        self.stdout.write(f"  SHA-256 {result.sha256}")
