from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class LoginThrottle(models.Model):
    """Failed-login counter of one account or IP address; past the limit it locks."""

    class Kind(models.TextChoices):
        ACCOUNT = "account", _("账号")
        IP = "ip", _("IP地址")

    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    key = models.CharField(_("账号或IP"), max_length=150)
    failures = models.PositiveIntegerField(_("连续失败次数"), default=0)
    last_failure_at = models.DateTimeField(_("最近失败时间"), null=True, blank=True)
    counting_since = models.DateTimeField(_("本轮计数起始时间"), null=True, blank=True)
    locked_until = models.DateTimeField(_("锁定至"), null=True, blank=True)

    class Meta:
        verbose_name = _("登录失败计数")
        verbose_name_plural = pgettext_lazy("plural", "登录失败计数")
        constraints = [
            models.UniqueConstraint(fields=["kind", "key"], name="loginthrottle_unique_key")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.key}"


class ApiToken(models.Model):
    """A personal API token; only its SHA-256 digest is stored."""

    user = models.ForeignKey(
        "org.User", verbose_name=_("用户"), on_delete=models.PROTECT, related_name="api_tokens"
    )
    name = models.CharField(_("用途"), max_length=50)
    prefix = models.CharField(_("前缀"), max_length=8, db_index=True)
    digest = models.CharField(_("摘要"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    expires_at = models.DateTimeField(_("有效期至"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("接口令牌")
        verbose_name_plural = pgettext_lazy("plural", "接口令牌")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name}（{self.prefix}…）"
