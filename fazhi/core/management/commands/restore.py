"""fazhi restore PATH [--yes]: replace all data and uploaded files with a backup's."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections

from fazhi.core.backup import BackupError, VerifiedBackup, open_backup


class Command(BaseCommand):
    help = (
        "从 fazhi backup 生成的备份恢复：先核对清单中每个文件的 SHA-256，损坏的备份一律拒绝；"
        "然后把备份中的上传文件放到上传文件目录旁，迁移数据库结构，在一个事务中清空并载入全部数据，"
        "提交后整体换入上传文件目录（换入失败时保留原目录并说明如何手动完成），最后列出各表行数。"
        "恢复会替换当前全部数据（所有用户需重新登录），须加 --yes 或在提示时输入 yes 确认。"
        "恢复前请停止网站和后台任务进程。恢复较早的备份会带回此后撤销的 API 令牌、停用的账号和"
        "旧密码，恢复后请逐一核对。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="备份文件（.tar.gz）")
        parser.add_argument("--yes", action="store_true", help="不再询问，直接替换当前数据")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            with open_backup(options["path"]) as backup:
                self._describe(backup)
                if not options["yes"]:
                    self._confirm()
                result = backup.restore()
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS("已恢复。各表行数："))
        for label, count in sorted(result.counts.items()):
            model = apps.get_model(label)
            name = "" if model._meta.auto_created else str(model._meta.verbose_name)
            self.stdout.write(f"  {label:<40}{count:>8}  {name}")
        self.stdout.write(f"上传文件：{result.media_files}个")
        if result.old_media_left:
            self.stdout.write(
                self.style.WARNING(
                    f"恢复前的上传文件未能删除，仍在 {result.old_media_left}，核对后可手动删除。"
                )
            )
        self.stdout.write(
            self.style.WARNING(
                "请核对 API 令牌和账号：备份之后撤销的令牌、停用的账号和改过的密码都回到了备份时的"
                "状态，需要的重新撤销或停用；并请所有用户重新登录。"
            )
        )
        if result.audit.ok:
            self.stdout.write(f"审计日志校验通过（{result.audit.checked}条）。")
        else:
            self.stdout.write(
                self.style.WARNING(f"审计日志校验未通过：{result.audit.reason}（备份时已如此）。")
            )

    def _describe(self, backup: VerifiedBackup) -> None:
        manifest = backup.manifest
        here = connections[DEFAULT_DB_ALIAS].vendor
        self.stdout.write(f"备份文件：{backup.path}（清单与全部文件校验一致）")
        self.stdout.write(
            f"  备份时间 {manifest['created_at']}，程序版本 {manifest['app_version']}，"
            f"数据库 {manifest['database_vendor']}，共{sum(manifest['counts'].values())}行，"
            f"上传文件{len(manifest['members']) - 1}个"
        )
        if manifest["database_vendor"] != here:
            self.stdout.write(f"  将恢复到 {here} 数据库。")

    def _confirm(self) -> None:
        if not sys.stdin.isatty():
            raise CommandError("恢复会替换当前全部数据和上传文件。确认无误请加 --yes 重新运行。")
        answer = input("恢复会替换当前全部数据和上传文件，且不可撤销。确认请输入 yes：")
        if answer.strip().lower() != "yes":
            raise CommandError("已取消，未做任何改动。")
