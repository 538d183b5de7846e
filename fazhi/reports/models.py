"""The annual rule-of-law report (法治政府建设情况报告): a street's report of one year, its
sections, the paragraphs proposed from the records, and a frozen version at every save.

A section's text holds figures as tokens bound to a statistic key (``fazhi.reports.tokens``),
never typed numbers: the number is read from the records whenever the report is shown or
exported, and frozen with the text in each ``ReportVersion``.
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fazhi.core.scoping import ScopedManager
from fazhi.core.stats import Period
from fazhi.org.models import StreetRecord


class Part(models.TextChoices):
    """The report's parts, in the order of 法治政府建设与责任落实督察工作规定 (2019) 第二十五条."""

    MEASURES = "measures", _("主要举措和成效")
    FIRST_RESPONSIBILITY = (
        "first_responsibility",
        _("党政主要负责人履行推进法治建设第一责任人职责情况"),
    )
    SHORTCOMINGS = "shortcomings", _("存在的不足和原因")
    NEXT_YEAR = "next_year", _("下一年度推进法治政府建设的主要安排")
    OTHER = "other", _("其他需要报告的情况")


class Area(models.TextChoices):
    """The work areas of part 一 (主要举措和成效), one subsection each."""

    ORGANISATION = "organisation", _("组织领导")
    EPIDEMIC = "epidemic", _("疫情防控普法")
    ENFORCEMENT = "enforcement", _("行政执法")
    DECISIONS = "decisions", _("决策程序与公共法律服务")
    EDUCATION = "education", _("普法宣传教育")


# The platform's outline: all five parts, as the regulation lists them.
DEFAULT_PARTS: tuple[str, ...] = tuple(Part.values)


def validate_parts(value: Any) -> None:
    """An outline names known parts, each once, and always 主要举措和成效."""
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValidationError(_("章节设置须为章节代码的列表。"))
    unknown = [v for v in value if v not in Part.values]
    if unknown:
        raise ValidationError(_("未知的章节：%(parts)s。") % {"parts": _("、").join(unknown)})
    if len(set(value)) != len(value):
        raise ValidationError(_("同一章节不能重复列出。"))
    if Part.MEASURES not in value:
        raise ValidationError(_("年度报告须包含“主要举措和成效”一章。"))


class ReportOutline(StreetRecord):
    """年度报告章节设置: which parts a street's reports have, in which order."""

    parts = models.JSONField(
        _("章节及顺序"),
        default=list,
        validators=[validate_parts],
        help_text=_("新建年度报告时按此顺序设置章节；未设置的街道使用全部五个章节。"),
    )

    class Meta:
        verbose_name = _("年度报告章节设置")
        verbose_name_plural = pgettext_lazy("plural", "年度报告章节设置")
        constraints = [
            models.UniqueConstraint(
                fields=["street"],
                name="reportoutline_one_per_street",
                violation_error_message=_("本街道已有年度报告章节设置，请修改原有设置。"),
            )
        ]

    def __str__(self) -> str:
        return str(_("%(street)s年度报告章节设置") % {"street": self.street})


class AnnualReport(StreetRecord):
    """法治政府建设情况报告: a street's report on one year's rule-of-law government work."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("起草中")
        OFFICE_REVIEWED = "office_reviewed", _("办公室已审核")
        APPROVED = "approved", _("主要负责人已审定")
        SECRECY_CHECKED = "secrecy_checked", _("已通过保密审查")
        PUBLISHED = "published", _("已公开")

    year = models.PositiveSmallIntegerField(
        _("年度"), validators=[MinValueValidator(2000), MaxValueValidator(2200)]
    )
    period_start = models.DateField(_("统计期间开始日期"))
    period_end = models.DateField(
        _("统计期间结束日期"), help_text=_("报告中的数字按此期间从记录中统计。")
    )
    title = models.CharField(_("标题"), max_length=100)
    issuer = models.CharField(
        _("发文机关"), max_length=100, help_text=_("例如：天津市滨海新区海滨街道办事处。")
    )
    issued_on = models.DateField(_("成文日期"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    deadline = models.DateField(_("报送期限"), help_text=_("默认为次年4月1日前报送并公开。"))
    preamble = models.TextField(
        _("开头语"), blank=True, help_text=_("正文之前的总述，以“现将工作情况报告如下：”结尾。")
    )
    secrecy_reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("保密审查人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("由领导小组办公室指定；报告的保密审查只能由被指定的人员本人确认。"),
    )
    published_at = models.DateTimeField(_("公开时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("法治政府建设年度报告")
        verbose_name_plural = pgettext_lazy("plural", "法治政府建设年度报告")
        ordering = ["-year"]
        # Each step of the workflow is one role's (fazhi.reports.workflow); the roles table
        # (fazhi.org.roles) grants them.
        permissions = [
            ("review_annualreport", _("审核年度报告（办公室审核）")),
            ("approve_annualreport", _("审定年度报告")),
            ("secrecy_check_annualreport", _("可被指定为年度报告的保密审查人")),
            ("publish_annualreport", _("指定年度报告的保密审查人并公开报告")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["street", "year"],
                name="annualreport_one_per_year",
                violation_error_message=_("本街道已有该年度的法治政府建设年度报告。"),
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="annualreport_period_ordered",
                violation_error_message=_("统计期间的结束日期不能早于开始日期。"),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def period(self) -> Period:
        return Period(self.period_start, self.period_end)

    @property
    def published_late(self) -> bool:
        """Made public after its deadline: allowed, and shown as 逾期公开."""
        if self.published_at is None:
            return False
        return timezone.localdate(self.published_at) > self.deadline

    def overdue_on(self, day: date) -> bool:
        """Not yet public on ``day``, past its deadline."""
        return self.status != self.Status.PUBLISHED and day > self.deadline

    def clean(self) -> None:
        if self.year and self.period_start and self.period_end:
            for name in ("period_start", "period_end"):
                if getattr(self, name).year != self.year:
                    raise ValidationError(
                        {name: _("统计期间须在%(year)s年之内。") % {"year": self.year}}
                    )


def default_deadline(year: int) -> date:
    """A year's report is due by 1 April of the next year (督察工作规定第二十五条)."""
    return date(year + 1, 4, 1)


class ReportSection(models.Model):
    """A section of the report: a part, or in 主要举措和成效 one work area, with its text."""

    report = models.ForeignKey(
        AnnualReport, verbose_name=_("年度报告"), on_delete=models.CASCADE, related_name="sections"
    )
    part = models.CharField(_("章节"), max_length=24, choices=Part.choices)
    area = models.CharField(
        _("工作领域"),
        max_length=16,
        choices=Area.choices,
        blank=True,
        help_text=_("仅“主要举措和成效”一章分工作领域。"),
    )
    position = models.PositiveSmallIntegerField(_("顺序"))
    title = models.CharField(
        _("小标题"),
        max_length=100,
        blank=True,
        help_text=_("工作领域的小标题，例如：加强组织领导，奠定依法行政基础。"),
    )
    text = models.TextField(
        _("正文"),
        blank=True,
        help_text=_("每段一行；数字以数字标记引用统计指标，例如 {{fig:org.grids}}。"),
    )

    scope_street: ClassVar[str] = "report__street"
    objects: ClassVar[Any] = ScopedManager()

    class Meta:
        verbose_name = _("年度报告章节")
        verbose_name_plural = pgettext_lazy("plural", "年度报告章节")
        ordering = ["report", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "part", "area"],
                name="reportsection_unique_part_area",
                violation_error_message=_("年度报告中已有该章节。"),
            ),
            models.CheckConstraint(
                condition=Q(part="measures") | Q(area=""),
                name="reportsection_area_only_in_measures",
                violation_error_message=_("只有“主要举措和成效”一章分工作领域。"),
            ),
        ]

    def __str__(self) -> str:
        if self.area:
            return f"{self.get_part_display()}：{self.get_area_display()}"
        return str(self.get_part_display())

    @property
    def paragraphs(self) -> list[str]:
        return [line.strip() for line in self.text.splitlines() if line.strip()]


class ReportProposal(models.Model):
    """A paragraph the system proposes for a section from the records (拟稿建议), until staff
    accept it (as proposed or edited) into the section's text, or drop it."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("待确认")
        ACCEPTED = "accepted", _("已采纳")
        DROPPED = "dropped", _("已舍弃")

    section = models.ForeignKey(
        ReportSection, verbose_name=_("章节"), on_delete=models.CASCADE, related_name="proposals"
    )
    position = models.PositiveSmallIntegerField(_("顺序"))
    text = models.TextField(_("建议内容"))
    reason = models.CharField(
        _("建议依据"), max_length=300, blank=True, help_text=_("系统提出此段的依据。")
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.PROPOSED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("确认人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("提出时间"), default=timezone.now)

    scope_street: ClassVar[str] = "section__report__street"
    objects: ClassVar[Any] = ScopedManager()

    class Meta:
        verbose_name = _("拟稿建议")
        verbose_name_plural = pgettext_lazy("plural", "拟稿建议")
        ordering = ["section", "position"]

    def __str__(self) -> str:
        return str(_("%(section)s拟稿建议%(n)s") % {"section": self.section, "n": self.position})


class ReportVersion(models.Model):
    """A frozen copy of the whole report — its text with the tokens and the value each figure
    had — taken at every save."""

    class Occasion(models.TextChoices):
        SAVE = "save", _("保存")
        ACCEPT = "accept", _("采纳拟稿建议")
        APPROVAL = "approval", _("审定")

    report = models.ForeignKey(
        AnnualReport, verbose_name=_("年度报告"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("版本号"))
    occasion = models.CharField(_("形成原因"), max_length=16, choices=Occasion.choices)
    content = models.JSONField(
        _("报告内容"), help_text=_("标题、开头语和各章节正文（含数字标记）。")
    )
    figures = models.JSONField(_("数字取值"), help_text=_("正文中每个数字标记当时的统计值。"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("保存人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("保存时间"), default=timezone.now)

    scope_street: ClassVar[str] = "report__street"
    objects: ClassVar[Any] = ScopedManager()

    class Meta:
        verbose_name = _("年度报告版本")
        verbose_name_plural = pgettext_lazy("plural", "年度报告版本")
        ordering = ["report", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="reportversion_unique_number")
        ]

    def __str__(self) -> str:
        return str(_("%(report)s第%(n)s版") % {"report": self.report, "n": self.number})


class ReportStep(models.Model):
    """年度报告流转记录: one step of a report's workflow — 办公室审核, 审定, 保密审查, 公开 or
    退回修改 — who took it, when, from which state to which, and the reason or opinion given."""

    class Kind(models.TextChoices):
        REVIEW = "review", _("办公室审核")
        APPROVE = "approve", _("主要负责人审定")
        SECRECY_CHECK = "secrecy_check", _("保密审查")
        PUBLISH = "publish", _("公开")
        RETURN = "return", _("退回修改")

    report = models.ForeignKey(
        AnnualReport, verbose_name=_("年度报告"), on_delete=models.CASCADE, related_name="steps"
    )
    kind = models.CharField(_("环节"), max_length=16, choices=Kind.choices)
    status_before = models.CharField(
        _("原状态"), max_length=20, choices=AnnualReport.Status.choices
    )
    status_after = models.CharField(_("新状态"), max_length=20, choices=AnnualReport.Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("办理人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    occurred_at = models.DateTimeField(_("办理时间"), default=timezone.now)
    reason = models.TextField(_("理由或意见"), blank=True)
    version = models.PositiveIntegerField(
        _("版本号"), null=True, blank=True, help_text=_("审定时形成的版本。")
    )
    late = models.BooleanField(_("逾期"), default=False, help_text=_("公开时已过报送期限。"))

    scope_street: ClassVar[str] = "report__street"
    objects: ClassVar[Any] = ScopedManager()

    class Meta:
        verbose_name = _("年度报告流转记录")
        verbose_name_plural = pgettext_lazy("plural", "年度报告流转记录")
        ordering = ["report", "occurred_at", "id"]

    def __str__(self) -> str:
        return f"{self.report} {self.get_kind_display()}"
