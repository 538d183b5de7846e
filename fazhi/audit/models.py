from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

GENESIS_HASH = "0" * 64


class Action(models.TextChoices):
    CREATE = "create", _("新增")
    UPDATE = "update", _("修改")
    DELETE = "delete", _("删除")
    TRANSITION = "transition", _("状态变更")
    IMPORT = "import", _("导入")
    EXPORT = "export", _("导出")
    LOGIN = "login", _("登录")
    LOGOUT = "logout", _("退出")
    LOGIN_FAILED = "login_failed", _("登录失败")
    LOCKOUT = "lockout", _("账号锁定")
    PASSWORD_CHANGE = "password_change", _("修改密码")
    ROLE_CHANGE = "role_change", _("角色变更")
    ACCOUNT_DISABLE = "account_disable", _("停用账号")
    ACCOUNT_ENABLE = "account_enable", _("启用账号")
    UNLOCK = "unlock", _("解除锁定")
    TOKEN = "token", _("接口令牌")
    BACKUP = "backup", _("备份恢复")
    PURGE = "purge", _("清理过期日志")


class AppendOnlyQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("审计日志只能追加，不能修改。")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("审计日志只能追加，不能删除；过期日志请用 fazhi audit purge 清理。")

    def _purge(self) -> int:
        """Delete rows for the retention purge only (``audit.services.purge_before``)."""
        count, _ = super().delete()
        return count


class AuditEntry(models.Model):
    """One row of the append-only, hash-chained audit log (全过程记录)."""

    seq = models.PositiveBigIntegerField(_("序号"), unique=True, editable=False)
    created_at = models.DateTimeField(
        _("时间"), default=timezone.now, db_index=True, editable=False
    )
    street = models.ForeignKey(
        "org.Street",
        verbose_name=_("街道"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_name = models.CharField(_("操作人姓名"), max_length=150, blank=True)
    action = models.CharField(_("操作"), max_length=32, choices=Action.choices, db_index=True)
    object_type = models.CharField(_("对象类型"), max_length=100, blank=True, db_index=True)
    object_id = models.CharField(_("对象编号"), max_length=64, blank=True, db_index=True)
    object_repr = models.CharField(_("对象"), max_length=200, blank=True)
    changes = models.JSONField(_("变更内容"), default=dict, blank=True)
    ip = models.CharField(_("IP地址"), max_length=64, blank=True)
    request_id = models.CharField(_("请求编号"), max_length=64, blank=True)
    prev_hash = models.CharField(_("前一行哈希"), max_length=64)
    hash = models.CharField(_("本行哈希"), max_length=64, unique=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("审计记录")
        verbose_name_plural = pgettext_lazy("plural", "审计记录")
        ordering = ["-seq"]
        default_permissions = ("view",)
        indexes = [models.Index(fields=["street", "created_at"])]

    def __str__(self) -> str:
        return f"#{self.seq} {self.actor_name} {self.get_action_display()} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("审计日志只能追加，不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("审计日志只能追加，不能删除。")


class AuditChainHead(models.Model):
    """The single row that serialises appends and remembers where the kept chain starts."""

    last_seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)
    # After a retention purge the oldest kept row's prev_hash is no longer re-computable;
    # the purge records it here so that deleting further rows by SQL is still detected.
    anchor_seq = models.PositiveBigIntegerField(default=1)
    anchor_prev_hash = models.CharField(max_length=64, default=GENESIS_HASH)

    class Meta:
        verbose_name = _("审计链状态")
        default_permissions = ()

    def __str__(self) -> str:
        return f"审计链至第{self.last_seq}号"
