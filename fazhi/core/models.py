"""Platform-wide records: the official working-day calendar as the system administrator
keeps it (节假日安排). They belong to no street; every street counts working days alike."""

from __future__ import annotations

from typing import Any, ClassVar, Self

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from fazhi.core.formats import cn_date


class PlatformQuerySet(models.QuerySet[Any]):
    """Records shared by all streets: anyone active with the right to view sees all of them."""

    def for_user(self, user: Any) -> Self:
        if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        meta = self.model._meta
        if not user.has_perm(f"{meta.app_label}.view_{meta.model_name}"):
            return self.none()
        return self


PlatformManager = models.Manager.from_queryset(PlatformQuerySet)


class CalendarDay(models.Model):
    """One date of the official arrangement, entered by the system administrator: a holiday
    (休息日/节假日) or a make-up working day (调休上班日). It overrides the holiday package."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("休息日（节假日）")
        WORKDAY = "workday", _("调休上班日")

    day = models.DateField(
        _("日期"),
        unique=True,
        error_messages={"unique": _("该日期已录入，请修改原有记录。")},
    )
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("节日名称"), max_length=30, help_text=_("例如：春节、国庆节。"))
    note = models.CharField(_("备注"), max_length=200, blank=True)

    objects: ClassVar[Any] = PlatformManager()

    class Meta:
        verbose_name = _("节假日或调休日")
        verbose_name_plural = pgettext_lazy("plural", "节假日与调休日")
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{cn_date(self.day)} {self.name}（{self.get_kind_display()}）"

    @property
    def is_workday(self) -> bool:
        return self.kind == self.Kind.WORKDAY


class CalendarYear(models.Model):
    """A year whose arrangement the system administrator declares fully entered: its dates
    not entered are then ordinary days (Monday to Friday working, weekends off)."""

    year = models.PositiveSmallIntegerField(
        _("年度"),
        unique=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2200)],
        error_messages={"unique": _("该年度已确认录入完整。")},
    )
    source = models.CharField(
        _("依据文件"),
        max_length=200,
        help_text=_("国务院办公厅关于该年部分节假日安排的通知，例如：国办发明电〔2025〕7号。"),
    )

    objects: ClassVar[Any] = PlatformManager()

    class Meta:
        verbose_name = _("已确认的年度安排")
        verbose_name_plural = pgettext_lazy("plural", "已确认的年度安排")
        ordering = ["-year"]

    def __str__(self) -> str:
        return gettext("%(year)s年") % {"year": self.year}


class RateCounter(models.Model):
    """How many times one client did one limited thing in the current window (a fixed window
    per key): public forms without an account are limited per network address."""

    scope = models.CharField(_("限制事项"), max_length=40)
    key = models.CharField(_("来源"), max_length=100)
    window_started_at = models.DateTimeField(_("计数起始时间"))
    count = models.PositiveIntegerField(_("次数"), default=0)

    class Meta:
        verbose_name = _("访问频率计数")
        verbose_name_plural = pgettext_lazy("plural", "访问频率计数")
        constraints = [
            models.UniqueConstraint(fields=["scope", "key"], name="ratecounter_unique_key")
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.key}: {self.count}"


class ExportJob(models.Model):
    """An Excel export too long to write in the request (导出文件): written by the task queue,
    kept one day, downloadable only by the user who asked for it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("排队中")
        RUNNING = "running", _("生成中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    requested_by = models.ForeignKey(
        "org.User",
        verbose_name=_("导出人"),
        on_delete=models.CASCADE,
        related_name="export_jobs",
    )
    title = models.CharField(_("导出内容"), max_length=200)
    filename = models.CharField(_("文件名"), max_length=200)
    object_type = models.CharField(_("对象类型"), max_length=100)
    # The page asked again by the task, with the same filters and the user's own data scope.
    path = models.CharField(_("页面地址"), max_length=500)
    query = models.TextField(_("筛选参数"), blank=True)
    language = models.CharField(_("语言"), max_length=16)
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    total = models.PositiveIntegerField(_("记录数"), default=0)
    rows_written = models.PositiveIntegerField(_("已写入"), default=0)
    file = models.FileField(_("文件"), upload_to="exports", max_length=200, blank=True)
    error = models.CharField(_("失败原因"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("申请时间"), default=timezone.now)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("导出文件")
        verbose_name_plural = pgettext_lazy("plural", "导出文件")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["requested_by", "-created_at"], name="exportjob_user_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def percent(self) -> int:
        """How far the file is written, 0 to 100."""
        if self.status == self.Status.DONE:
            return 100
        if not self.total:
            return 0
        return min(100, self.rows_written * 100 // self.total)


class ImportJob(models.Model):
    """An Excel import too long to apply in the request (后台导入): applied by the task queue,
    all rows or none, visible only to the user who asked for it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("排队中")
        RUNNING = "running", _("导入中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    requested_by = models.ForeignKey(
        "org.User",
        verbose_name=_("导入人"),
        on_delete=models.CASCADE,
        related_name="import_jobs",
    )
    # ``namespace:key`` of the importer, e.g. ``org:grid``.
    importer = models.CharField(_("导入类型"), max_length=100)
    title = models.CharField(_("导入内容"), max_length=200)
    file_name = models.CharField(_("文件名"), max_length=200)
    # The staged upload's token: its file is held for the job beyond the usual two hours.
    token = models.CharField(_("文件标识"), max_length=32)
    language = models.CharField(_("语言"), max_length=16)
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    total = models.PositiveIntegerField(_("行数"), default=0)
    created_count = models.PositiveIntegerField(_("已导入"), default=0)
    error = models.CharField(_("失败原因"), max_length=500, blank=True)
    # The first row errors, as the preview words them; ``error_count`` counts them all.
    errors = models.JSONField(_("错误明细"), default=list, blank=True)
    error_count = models.PositiveIntegerField(_("错误数"), default=0)
    created_at = models.DateTimeField(_("申请时间"), default=timezone.now)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("后台导入")
        verbose_name_plural = pgettext_lazy("plural", "后台导入")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["requested_by", "-created_at"], name="importjob_user_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
