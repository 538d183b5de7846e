"""Administrative enforcement (行政执法) under the three systems (行政执法三项制度): the violation
catalogue, patrols and reports, the case and its whole-process record, legal review of major
cases, publicity before and after, 门前三包 and special campaigns.

The case's workflow lives in ``services/cases.py``; every state change there locks the row,
checks the state it starts from and writes a ``CaseStep`` and an audit row. The rules that more
than one service asks (is the case major? has it a passed review?) are methods here.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fazhi.core.files import RandomName, document_field
from fazhi.core.formats import cn_datetime
from fazhi.core.scoping import ScopedManager
from fazhi.org.models import Grid, Street, StreetRecord, User, Village

# Amounts of money in yuan: the model fields spell these out (the type checker wants them
# literal); forms use the same bounds.
MONEY = {"max_digits": 12, "decimal_places": 2}

# 行政处罚法（2021）第五十一条: a fine on the spot reaches at most 200 yuan for a citizen and
# 3,000 yuan for a legal person or other organisation.
ON_THE_SPOT_LIMIT_INDIVIDUAL = Decimal("200")
ON_THE_SPOT_LIMIT_ORGANISATION = Decimal("3000")
# 第六十条: a decision within 90 days of filing.
DECISION_DAYS = 90
# The office's rule for 第六十条's exception (“另有规定的除外”): an extension approved by the
# office head (with the street's approval recorded in the reason) reaches at most this many
# days after the statutory 90-day deadline.
DECISION_EXTENSION_MAX_DAYS = 60
# A case whose decision is due within this many days is flagged 即将到期.
DECISION_DUE_SOON_DAYS = 15
# 第六十四条: the hearing is requested within 5 days of the notice; the party is told of the
# hearing 7 days before it.
HEARING_REQUEST_DAYS = 5
HEARING_NOTICE_DAYS = 7
# The longest text a resident's report and a case's facts may hold (a page, not a book).
REPORT_DESCRIPTION_MAX_LENGTH = 2000
CASE_FACTS_MAX_LENGTH = 5000


class EnforcementSettings(models.Model):
    """A street's enforcement rules that the office may set (defaults as the issue's law)."""

    street = models.OneToOneField(
        Street,
        verbose_name=_("街道"),
        on_delete=models.CASCADE,
        related_name="enforcement_settings",
    )
    authority_name = models.CharField(
        _("执法机关名称"),
        max_length=100,
        blank=True,
        help_text=_("决定书和公示中的执法机关；不填时使用街道全称。"),
    )
    major_fine_individual = models.DecimalField(
        _("重大案件罚款标准（个人）"),
        default=Decimal("5000"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("对个人拟罚款达到此金额（元）的，为重大案件，须经法制审核。"),
        max_digits=12,
        decimal_places=2,
    )
    major_fine_organisation = models.DecimalField(
        _("重大案件罚款标准（单位）"),
        default=Decimal("50000"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("对法人或其他组织拟罚款达到此金额（元）的，为重大案件，须经法制审核。"),
        max_digits=12,
        decimal_places=2,
    )
    review_workdays = models.PositiveSmallIntegerField(
        _("法制审核时限（工作日）"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    publish_penalty_workdays = models.PositiveSmallIntegerField(
        _("行政处罚决定公示时限（工作日）"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    publish_other_workdays = models.PositiveSmallIntegerField(
        _("其他执法决定公示时限（工作日）"),
        default=20,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    withdraw_workdays = models.PositiveSmallIntegerField(
        _("决定变更、撤销后撤下公示时限（工作日）"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
    )
    procedures = models.TextField(
        _("执法程序"),
        blank=True,
        help_text=_("在执法公示页面向社会公开的执法流程。"),
    )
    remedies = models.TextField(
        _("救济渠道"),
        blank=True,
        help_text=_("申请行政复议、提起行政诉讼的途径和期限，写入决定书并公开。"),
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    scope_street: ClassVar[str] = "street"
    objects: ClassVar[Any] = ScopedManager()

    class Meta:
        verbose_name = _("执法设置")
        verbose_name_plural = pgettext_lazy("plural", "执法设置")

    def __str__(self) -> str:
        return str(_("%(street)s执法设置") % {"street": self.street})

    @classmethod
    def for_street(cls, street: Street | int) -> EnforcementSettings:
        """The street's settings; an unsaved default row if the office never changed them."""
        street_id = street if isinstance(street, int) else street.pk
        found = cls.objects.filter(street_id=street_id).first()
        return found or cls(street_id=street_id)

    def authority(self) -> str:
        return self.authority_name or self.street.name


class ViolationCategory(StreetRecord):
    """One kind of city-appearance violation (违法行为目录) with its legal basis and penalty."""

    class Group(models.TextChoices):
        """The statistical class a street's own catalogue entry is counted under, so that
        figures by category compare across streets and years."""

        STREET_VENDING = "street_vending", _("占道经营")
        PILING = "piling", _("乱堆乱放")
        POSTING = "posting", _("乱贴乱画")
        OUTDOOR_ADS = "outdoor_ads", _("违规户外广告")
        ILLEGAL_BUILDING = "illegal_building", _("私搭乱建")
        SPILLAGE = "spillage", _("渣土遗撒")
        FRONTAGE = "frontage", _("门前三包不落实")
        OTHER = "other", _("其他")

    code = models.CharField(_("编码"), max_length=20)
    name = models.CharField(_("违法行为"), max_length=100)
    group = models.CharField(
        _("统计分类"), max_length=20, choices=Group.choices, default=Group.OTHER
    )
    legal_basis = models.TextField(_("违法依据"), help_text=_("违反的法律、法规、规章条款。"))
    penalty_basis = models.TextField(_("处罚依据"), blank=True)
    penalty_range = models.CharField(
        _("处罚幅度"),
        max_length=300,
        blank=True,
        help_text=_("例如：责令改正，处五十元以上二百元以下罚款。"),
    )
    fine_min = models.DecimalField(
        _("罚款下限（元）"),
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        max_digits=12,
        decimal_places=2,
    )
    fine_max = models.DecimalField(
        _("罚款上限（元）"),
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        max_digits=12,
        decimal_places=2,
    )
    in_use = models.BooleanField(_("在用"), default=True)

    class Meta:
        verbose_name = _("违法行为类别")
        verbose_name_plural = pgettext_lazy("plural", "违法行为目录")
        ordering = ["code"]
        permissions = [("import_enforcement", _("导入执法数据"))]
        constraints = [
            models.UniqueConstraint(fields=["street", "code"], name="violation_unique_code"),
            models.UniqueConstraint(fields=["street", "name"], name="violation_unique_name"),
            models.CheckConstraint(
                condition=Q(fine_min__isnull=True)
                | Q(fine_max__isnull=True)
                | Q(fine_min__lte=models.F("fine_max")),
                name="violation_fine_range",
                violation_error_message=_("罚款下限不能高于上限。"),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if (
            self.fine_min is not None
            and self.fine_max is not None
            and self.fine_min > self.fine_max
        ):
            raise ValidationError({"fine_max": _("罚款下限不能高于上限。")})


class KeyArea(StreetRecord):
    """A key area of enforcement (重点区域): a road, a market, a neighbourhood."""

    class Kind(models.TextChoices):
        ROAD = "road", _("道路")
        MARKET = "market", _("市场")
        NEIGHBOURHOOD = "neighbourhood", _("小区")
        OTHER = "other", _("其他")

    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    village = models.ForeignKey(
        Village,
        verbose_name=_("所在村居"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="key_areas",
    )
    description = models.TextField(_("说明"), blank=True)
    in_use = models.BooleanField(_("在用"), default=True)

    class Meta:
        verbose_name = _("重点区域")
        verbose_name_plural = pgettext_lazy("plural", "重点区域")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["street", "name"], name="keyarea_unique_name")
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.clean_same_street("village")


class Campaign(StreetRecord):
    """专项治理: a campaign with its plan, period, phases, key areas and partner units."""

    name = models.CharField(_("专项治理名称"), max_length=200)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    goal = models.TextField(_("治理目标和主要任务"))
    plan = document_field(_("实施方案"), "campaigns", blank=True)
    plan_sha256 = models.CharField(_("方案文件指纹（SHA-256）"), max_length=64, blank=True)
    key_areas = models.ManyToManyField(
        KeyArea, verbose_name=_("重点区域"), blank=True, related_name="campaigns"
    )
    lead = models.ForeignKey(
        User,
        verbose_name=_("牵头负责人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    summary = models.TextField(_("工作总结"), blank=True)

    class Meta:
        verbose_name = _("专项治理")
        verbose_name_plural = pgettext_lazy("plural", "专项治理")
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="campaign_dates_ordered",
                violation_error_message=_("结束日期不能早于开始日期。"),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.clean_same_street("lead")
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("结束日期不能早于开始日期。")})


class CampaignPhase(models.Model):
    """A phase of a campaign (动员部署、集中整治、巩固提升…)."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("专项治理"), on_delete=models.CASCADE, related_name="phases"
    )
    name = models.CharField(_("阶段名称"), max_length=100)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    tasks = models.TextField(_("阶段任务"), blank=True)

    scope_street: ClassVar[str] = "campaign__street"
    objects: ClassVar[Any] = ScopedManager()

    class Meta:
        verbose_name = _("治理阶段")
        verbose_name_plural = pgettext_lazy("plural", "治理阶段")
        ordering = ["campaign", "starts_on"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("结束日期不能早于开始日期。")})
        campaign = getattr(self, "campaign", None)
        if (
            campaign
            and self.starts_on
            and self.ends_on
            and (self.starts_on < campaign.starts_on or self.ends_on > campaign.ends_on)
        ):
            raise ValidationError(_("阶段须在专项治理期间内。"))


class CampaignPartner(models.Model):
    """A unit working with the street in a campaign (公安、交警、物业公司、市政公司、村居)."""

    class Kind(models.TextChoices):
        POLICE = "police", _("公安")
        TRAFFIC_POLICE = "traffic_police", _("交警")
        PROPERTY = "property", _("物业公司")
        MUNICIPAL = "municipal", _("市政公司")
        VILLAGE = "village", _("村居")
        DEPARTMENT = "department", _("职能部门")
        OTHER = "other", _("其他")

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("专项治理"), on_delete=models.CASCADE, related_name="partners"
    )
    kind = models.CharField(_("类别"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("单位名称"), max_length=100)
    contact = models.CharField(_("联系人"), max_length=30, blank=True)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    role = models.CharField(_("职责分工"), max_length=300, blank=True)

    scope_street: ClassVar[str] = "campaign__street"
    objects: ClassVar[Any] = ScopedManager()

    class Meta:
        verbose_name = _("协作单位")
        verbose_name_plural = pgettext_lazy("plural", "协作单位")
        ordering = ["campaign", "kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "name"], name="partner_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Patrol(StreetRecord):
    """A patrol (巡查): who went, when, where, and what they found."""

    started_at = models.DateTimeField(_("开始时间"))
    ended_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    grid = models.ForeignKey(
        Grid,
        verbose_name=_("网格"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="patrols",
    )
    key_area = models.ForeignKey(
        KeyArea,
        verbose_name=_("重点区域"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="patrols",
    )
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("专项治理"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="patrols",
    )
    members = models.ManyToManyField(User, verbose_name=_("巡查人员"), related_name="patrols")
    route = models.TextField(_("巡查路线"))
    findings = models.TextField(_("巡查情况"), blank=True)
    problems_found = models.PositiveIntegerField(_("发现问题数"), default=0)

    scope_grid = "grid"

    class Meta:
        verbose_name = _("巡查记录")
        verbose_name_plural = pgettext_lazy("plural", "巡查记录")
        ordering = ["-started_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=models.F("started_at")),
                name="patrol_times_ordered",
                violation_error_message=_("结束时间不能早于开始时间。"),
            ),
            models.CheckConstraint(
                condition=Q(grid__isnull=False) | Q(key_area__isnull=False),
                name="patrol_has_place",
                violation_error_message=_("请选择巡查的网格或重点区域。"),
            ),
        ]
        indexes = [
            models.Index(fields=["street", "started_at"], name="patrol_street_started"),
        ]

    def __str__(self) -> str:
        """When (local time, 2020年9月25日 09:30) and where: 2020年9月25日 09:30 幸福路."""
        place = self.key_area or self.grid
        return f"{cn_datetime(self.started_at)} {place}".strip()

    def clean(self) -> None:
        self.clean_same_street("grid", "key_area", "campaign")
        if self.started_at and self.ended_at and self.ended_at < self.started_at:
            raise ValidationError({"ended_at": _("结束时间不能早于开始时间。")})
        if not self.grid_id and not self.key_area_id:
            # On the grid field: the constraint below is then skipped (its field failed), so
            # the form shows the message once, where the place is chosen.
            raise ValidationError({"grid": _("请选择巡查的网格或重点区域。")})


class FrontageUnit(StreetRecord):
    """门前三包责任单位: a shop or institution along the street and its frontage zone."""

    class Kind(models.TextChoices):
        SHOP = "shop", _("商户")
        INSTITUTION = "institution", _("机关事业单位")
        ENTERPRISE = "enterprise", _("企业")
        OTHER = "other", _("其他")

    name = models.CharField(_("单位名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    address = models.CharField(_("地址"), max_length=200)
    key_area = models.ForeignKey(
        KeyArea,
        verbose_name=_("所在重点区域"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="frontage_units",
    )
    grid = models.ForeignKey(
        Grid,
        verbose_name=_("网格"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="frontage_units",
    )
    zone = models.CharField(
        _("责任区域"), max_length=300, help_text=_("例如：门前至道路边石，东西各至相邻单位分界。")
    )
    contact_name = models.CharField(_("责任人"), max_length=30)
    contact_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    letter_signed_on = models.DateField(_("责任书签订日期"), null=True, blank=True)
    letter = document_field(_("责任书"), "frontage", blank=True)
    letter_sha256 = models.CharField(_("责任书文件指纹（SHA-256）"), max_length=64, blank=True)
    in_use = models.BooleanField(_("在册"), default=True)

    scope_grid = "grid"

    class Meta:
        verbose_name = _("门前三包责任单位")
        verbose_name_plural = pgettext_lazy("plural", "门前三包责任单位")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["street", "name", "address"], name="frontage_unique_name_address"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.clean_same_street("key_area", "grid")


class FrontageSelfCheck(models.Model):
    """A unit's self-check (自查) of its frontage zone, as the unit reports it."""

    class Result(models.TextChoices):
        PASSED = "passed", _("达标")
        FAILED = "failed", _("不达标")

    unit = models.ForeignKey(
        FrontageUnit,
        verbose_name=_("责任单位"),
        on_delete=models.PROTECT,
        related_name="self_checks",
    )
    checked_on = models.DateField(_("自查日期"))
    result = models.CharField(_("自查结果"), max_length=8, choices=Result.choices)
    problems = models.TextField(_("存在问题"), blank=True)
    rectified_on = models.DateField(_("整改完成日期"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        User, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    scope_street: ClassVar[str] = "unit__street"
    scope_grid: ClassVar[str | None] = "unit__grid"
    objects: ClassVar[Any] = ScopedManager()

    class Meta:
        verbose_name = _("门前三包自查记录")
        verbose_name_plural = pgettext_lazy("plural", "门前三包自查记录")
        ordering = ["-checked_on", "-id"]
        indexes = [
            models.Index(fields=["checked_on", "unit"], name="selfcheck_checked"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.checked_on}"

    def clean(self) -> None:
        if self.result == self.Result.FAILED and not (self.problems or "").strip():
            raise ValidationError({"problems": _("自查不达标的，请写明存在问题。")})
        if self.rectified_on and self.checked_on and self.rectified_on < self.checked_on:
            raise ValidationError({"rectified_on": _("整改完成日期不能早于自查日期。")})


class Report(StreetRecord):
    """A problem reported (问题线索): by a grid worker's phone, a resident on the portal, a
    12345 transfer or from a patrol. Accepted, it becomes a case; otherwise it is closed with a
    reason."""

    class Source(models.TextChoices):
        PATROL = "patrol", _("巡查发现")
        GRID_WORKER = "grid_worker", _("网格员上报")
        RESIDENT = "resident", _("群众举报")
        HOTLINE = "hotline", _("12345热线转办")
        OTHER = "other", _("其他")

    class Status(models.TextChoices):
        PENDING = "pending", _("待处理")
        ACCEPTED = "accepted", _("已登记为案件")
        DISMISSED = "dismissed", _("不予登记")

    source = models.CharField(_("来源"), max_length=16, choices=Source.choices)
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    reported_at = models.DateTimeField(_("上报时间"))
    category = models.ForeignKey(
        ViolationCategory,
        verbose_name=_("问题类别"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reports",
    )
    grid = models.ForeignKey(
        Grid,
        verbose_name=_("网格"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="enforcement_reports",
    )
    patrol = models.ForeignKey(
        Patrol,
        verbose_name=_("巡查记录"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reports",
    )
    address = models.CharField(_("地点"), max_length=200)
    latitude = models.DecimalField(
        _("纬度"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("-90")), MaxValueValidator(Decimal("90"))],
    )
    longitude = models.DecimalField(
        _("经度"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("-180")), MaxValueValidator(Decimal("180"))],
    )
    description = models.TextField(
        _("问题描述"),
        validators=[
            MaxLengthValidator(
                REPORT_DESCRIPTION_MAX_LENGTH,
                message=_("问题描述不能超过%(limit_value)d字（现为%(show_value)d字）。"),
            )
        ],
    )
    photo = models.FileField(
        _("现场照片"), upload_to=RandomName("reports"), max_length=200, blank=True
    )
    photo_sha256 = models.CharField(_("照片文件指纹（SHA-256）"), max_length=64, blank=True)
    reporter = models.ForeignKey(
        User,
        verbose_name=_("上报人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("工作人员、网格员上报时为其账号；群众举报和热线转办为空。"),
    )
    reporter_name = models.CharField(_("举报人姓名"), max_length=30, blank=True)
    reporter_phone = models.CharField(_("举报人联系电话"), max_length=20, blank=True)
    hotline_ticket = models.CharField(_("12345工单号"), max_length=40, blank=True)
    tracking_code = models.CharField(_("查询码"), max_length=12, blank=True, db_index=True)
    handled_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    handled_by = models.ForeignKey(
        User,
        verbose_name=_("处理人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    dismiss_reason = models.CharField(_("不予登记理由"), max_length=300, blank=True)

    scope_grid = "grid"

    class Meta:
        verbose_name = _("问题线索")
        verbose_name_plural = pgettext_lazy("plural", "问题线索")
        ordering = ["-reported_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["street", "tracking_code"],
                condition=~Q(tracking_code=""),
                name="report_unique_tracking_code",
            ),
            models.CheckConstraint(
                condition=~Q(source="hotline") | ~Q(hotline_ticket=""),
                name="report_hotline_has_ticket",
                violation_error_message=_("12345热线转办的线索须填写工单号。"),
            ),
        ]
        indexes = [
            models.Index(fields=["street", "reported_at"], name="report_street_reported"),
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.address}"

    def clean(self) -> None:
        self.clean_same_street("category", "grid", "patrol")
        if self.source == self.Source.HOTLINE and not self.hotline_ticket.strip():
            raise ValidationError({"hotline_ticket": _("12345热线转办的线索须填写工单号。")})
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(_("经度和纬度须同时填写。"))


class Case(StreetRecord):
    """A violation case (执法案件) from its discovery to its archive."""

    class Status(models.TextChoices):
        FOUND = "found", _("发现登记")
        STOPPED = "stopped", _("已制止")
        FILED = "filed", _("已立案")
        INVESTIGATING = "investigating", _("调查取证")
        NOTIFIED = "notified", _("已告知")
        REVIEWING = "reviewing", _("法制审核")
        DECIDED = "decided", _("已决定")
        SERVED = "served", _("已送达")
        EXECUTED = "executed", _("已执行")
        CLOSED = "closed", _("已结案")
        TRANSFERRED = "transferred", _("已移送")
        ARCHIVED = "archived", _("已归档")

    class Procedure(models.TextChoices):
        GENERAL = "general", _("普通程序")
        ON_THE_SPOT = "on_the_spot", _("简易程序（当场处罚）")

    class Outcome(models.TextChoices):
        PENALTY = "penalty", _("行政处罚")
        NO_PENALTY = "no_penalty", _("不予行政处罚")
        CORRECTED = "corrected", _("责令改正后结案")
        TRANSFERRED = "transferred", _("移送其他机关")

    class PartyKind(models.TextChoices):
        INDIVIDUAL = "individual", _("自然人")
        ORGANISATION = "organisation", _("法人或其他组织")

    class PenaltyKind(models.TextChoices):
        WARNING = "warning", _("警告")
        CRITICISM = "criticism", _("通报批评")
        FINE = "fine", _("罚款")
        CONFISCATION = "confiscation", _("没收违法所得、没收非法财物")
        LICENCE = "licence", _("暂扣许可证件、降低资质等级、吊销许可证件")
        RESTRICTION = "restriction", _("限制开展生产经营活动、责令停产停业、责令关闭、限制从业")
        OTHER = "other", _("其他")

    # States a case is open in: its decision deadline runs and it shows on the to-do lists.
    OPEN: ClassVar[tuple[str, ...]] = (
        "found",
        "stopped",
        "filed",
        "investigating",
        "notified",
        "reviewing",
    )
    # States before filing or before a decision: a correction or a transfer may still end it.
    BEFORE_DECISION: ClassVar[tuple[str, ...]] = OPEN

    number = models.CharField(_("案件编号"), max_length=30)
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.FOUND
    )
    procedure = models.CharField(
        _("程序"), max_length=16, choices=Procedure.choices, default=Procedure.GENERAL
    )
    outcome = models.CharField(_("处理结果"), max_length=16, choices=Outcome.choices, blank=True)
    source = models.CharField(_("案件来源"), max_length=16, choices=Report.Source.choices)
    report = models.OneToOneField(
        Report,
        verbose_name=_("问题线索"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="case",
    )
    patrol = models.ForeignKey(
        Patrol,
        verbose_name=_("巡查记录"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    category = models.ForeignKey(
        ViolationCategory,
        verbose_name=_("违法行为类别"),
        on_delete=models.PROTECT,
        related_name="cases",
    )
    grid = models.ForeignKey(
        Grid,
        verbose_name=_("网格"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="enforcement_cases",
    )
    key_area = models.ForeignKey(
        KeyArea,
        verbose_name=_("重点区域"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("专项治理"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    frontage_unit = models.ForeignKey(
        FrontageUnit,
        verbose_name=_("门前三包责任单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    location = models.CharField(_("违法地点"), max_length=200)
    found_at = models.DateTimeField(_("发现时间"))
    facts = models.TextField(
        _("案件事实"),
        help_text=_("违法行为的时间、地点、经过和情节。"),
        validators=[
            MaxLengthValidator(
                CASE_FACTS_MAX_LENGTH,
                message=_("案件事实不能超过%(limit_value)d字（现为%(show_value)d字）。"),
            )
        ],
    )
    officers = models.ManyToManyField(
        User,
        verbose_name=_("承办执法人员"),
        related_name="enforcement_cases",
        help_text=_("至少两名持有执法证件的执法人员。"),
    )

    # 当事人
    party_kind = models.CharField(_("当事人类型"), max_length=16, choices=PartyKind.choices)
    party_name = models.CharField(_("当事人"), max_length=100, blank=True)
    party_id_number = models.CharField(
        _("证件号码"),
        max_length=18,
        blank=True,
        help_text=_("自然人为公民身份号码，单位为统一社会信用代码。"),
    )
    party_phone = models.CharField(_("当事人联系电话"), max_length=20, blank=True)
    party_address = models.CharField(_("当事人住址或经营地址"), max_length=200, blank=True)
    party_representative = models.CharField(_("法定代表人或负责人"), max_length=30, blank=True)
    third_parties = models.CharField(
        _("其他相关人员"),
        max_length=300,
        blank=True,
        help_text=_("证人、受害人等其他人员的姓名，以顿号分隔；公示时一律隐去。"),
    )

    # 重大案件
    major_public_interest = models.BooleanField(_("涉及重大公共利益"), default=False)
    complex_case = models.BooleanField(_("案件情况疑难复杂、涉及多个法律关系"), default=False)

    # 制止
    stopped_at = models.DateTimeField(_("制止时间"), null=True, blank=True)
    stop_measure = models.CharField(_("制止措施"), max_length=300, blank=True)
    # 立案
    filed_on = models.DateField(_("立案日期"), null=True, blank=True)
    decision_due_on = models.DateField(_("决定期限"), null=True, blank=True)
    deadline_extension_reason = models.CharField(_("延长期限理由"), max_length=300, blank=True)
    # 告知
    notified_on = models.DateField(_("告知日期"), null=True, blank=True)
    proposed_penalty = models.TextField(_("拟作出的处罚内容"), blank=True)
    proposed_penalty_kind = models.CharField(
        _("拟处罚种类"), max_length=16, choices=PenaltyKind.choices, blank=True
    )
    proposed_fine = models.DecimalField(
        _("拟罚款金额（元）"), null=True, blank=True, max_digits=12, decimal_places=2
    )
    hearing_applicable = models.BooleanField(_("告知听证权利"), default=False)
    statement = models.TextField(_("当事人陈述、申辩情况"), blank=True)
    hearing_requested_on = models.DateField(_("申请听证日期"), null=True, blank=True)
    hearing_notice_on = models.DateField(_("听证通知日期"), null=True, blank=True)
    hearing_on = models.DateField(_("听证日期"), null=True, blank=True)
    hearing_record = models.TextField(_("听证情况"), blank=True)
    # 决定
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    decision_no = models.CharField(_("决定书文号"), max_length=60, blank=True)
    penalty_kind = models.CharField(
        _("处罚种类"), max_length=16, choices=PenaltyKind.choices, blank=True
    )
    fine = models.DecimalField(
        _("罚款金额（元）"), null=True, blank=True, max_digits=12, decimal_places=2
    )
    decision_text = models.TextField(_("决定内容"), blank=True)
    decision_basis = models.TextField(_("处罚依据"), blank=True)
    decision_place = models.CharField(
        _("作出决定地点"), max_length=200, blank=True, help_text=_("当场处罚时填写。")
    )
    deciders = models.ManyToManyField(
        User,
        verbose_name=_("作出决定的执法人员"),
        blank=True,
        related_name="+",
    )
    publish_due_on = models.DateField(_("公示期限"), null=True, blank=True)
    # 送达、执行
    served_on = models.DateField(_("送达日期"), null=True, blank=True)
    service_method = models.CharField(_("送达方式"), max_length=30, blank=True)
    executed_on = models.DateField(_("执行日期"), null=True, blank=True)
    execution = models.CharField(_("执行情况"), max_length=300, blank=True)
    fine_paid = models.DecimalField(
        _("已缴罚款（元）"), null=True, blank=True, max_digits=12, decimal_places=2
    )
    # 结案、移送、归档
    closed_on = models.DateField(_("结案日期"), null=True, blank=True)
    close_reason = models.TextField(_("结案理由"), blank=True)
    transferred_on = models.DateField(_("移送日期"), null=True, blank=True)
    transferred_to = models.CharField(_("移送机关"), max_length=100, blank=True)
    transfer_reason = models.TextField(_("移送理由"), blank=True)
    archived_on = models.DateField(_("归档日期"), null=True, blank=True)
    archive_no = models.CharField(_("档案号"), max_length=40, blank=True)
    # A decision later changed or revoked (行政复议、诉讼或自行纠正): its publication is withdrawn.
    decision_changed_on = models.DateField(_("决定变更或撤销日期"), null=True, blank=True)
    decision_change_reason = models.CharField(_("决定变更或撤销理由"), max_length=300, blank=True)

    scope_grid = "grid"

    class Meta:
        verbose_name = _("执法案件")
        verbose_name_plural = pgettext_lazy("plural", "执法案件")
        ordering = ["-found_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["street", "number"], name="case_unique_number"),
            models.CheckConstraint(
                condition=Q(fine__isnull=True) | Q(fine__gte=0),
                name="case_fine_not_negative",
            ),
        ]
        indexes = [
            models.Index(fields=["street", "stopped_at"], name="case_street_stopped"),
            models.Index(fields=["street", "filed_on"], name="case_street_filed"),
            models.Index(fields=["street", "decided_on"], name="case_street_decided"),
            models.Index(fields=["street", "closed_on"], name="case_street_closed"),
            models.Index(fields=["street", "transferred_on"], name="case_street_transferred"),
            models.Index(fields=["street", "archived_on"], name="case_street_archived"),
            # The list's reminder counts: open cases by decision deadline, in a street and
            # across the district.
            models.Index(
                fields=["street", "status", "decision_due_on"], name="case_street_status_due"
            ),
            models.Index(fields=["status", "decision_due_on"], name="case_status_due"),
            # The list's order (newest found first, the id breaking ties), which its pages
            # follow by key, in a street and across the district.
            models.Index(fields=["street", "-found_at", "-id"], name="case_street_found"),
            models.Index(fields=["-found_at", "-id"], name="case_found"),
        ]

    def __str__(self) -> str:
        return self.number

    def clean(self) -> None:
        self.clean_same_street("category", "grid", "key_area", "campaign", "frontage_unit")

    # --- rules asked by more than one service -------------------------------------------------
    def fine_for_threshold(self) -> Decimal | None:
        """The fine that decides whether the case is major: decided, else proposed."""
        return self.fine if self.fine is not None else self.proposed_fine

    def major_reasons(self, settings: EnforcementSettings | None = None) -> list[str]:
        """Why the case is major (重大执法决定), empty if it is not."""
        settings = settings or EnforcementSettings.for_street(self.street_id)
        reasons: list[str] = []
        if self.major_public_interest:
            reasons.append(str(_("涉及重大公共利益")))
        if self.hearing_on:
            reasons.append(str(_("经过听证程序")))
        if self.complex_case:
            reasons.append(str(_("案件情况疑难复杂")))
        fine = self.fine_for_threshold()
        threshold = (
            settings.major_fine_individual
            if self.party_kind == self.PartyKind.INDIVIDUAL
            else settings.major_fine_organisation
        )
        if fine is not None and fine >= threshold:
            reasons.append(str(_("罚款金额达到%(amount)s元")) % {"amount": f"{threshold:,.0f}"})
        return reasons

    def is_major(self, settings: EnforcementSettings | None = None) -> bool:
        return bool(self.major_reasons(settings))

    def passed_review(self) -> LegalReview | None:
        """The legal review a decision may rely on, or None.

        Only the latest concluded review counts: a later 不同意 voids an earlier 同意. It counts
        if it passed (同意 or 修改后同意) and what it reviewed has not changed since: the notice
        it saw (the notice date and the proposed fine, recorded on the review at submission) is
        still the case's notice, and no hearing was held after it was submitted (a hearing makes
        the case major and its record is new matter for the review). A review asked before any
        notice covers the notice given from review right after it: any further notice needs a
        new review first (the state machine only lets a notice follow 调查取证 or a passed
        review). A decision heavier than the notice is refused by ``case_decide`` itself: it
        needs a new notice, and so, for a major case, a new review."""
        latest = self.legal_reviews.exclude(conclusion="").order_by("-reviewed_at", "-id").first()
        if latest is None or latest.conclusion not in (
            LegalReview.Conclusion.AGREE,
            LegalReview.Conclusion.AMEND,
        ):
            return None
        if latest.reviewed_notified_on is not None and (
            self.notified_on != latest.reviewed_notified_on
            or self.proposed_fine != latest.reviewed_proposed_fine
        ):
            return None
        if self.hearing_on is not None and self.hearing_on != latest.reviewed_hearing_on:
            return None
        return latest

    def certified_officers(self) -> list[User]:
        return [u for u in self.officers.all() if u.is_active and u.enforcement_certificate_no]


class CaseStep(models.Model):
    """One entry of the whole-process record (全过程记录): a step of the case, who took it, when,
    and its text record. Written by the services with each transition; evidence may hang on it."""

    class Kind(models.TextChoices):
        REGISTER = "register", _("发现登记")
        STOP = "stop", _("制止")
        FILE = "file", _("立案")
        INVESTIGATE = "investigate", _("调查取证")
        NOTIFY = "notify", _("告知")
        STATEMENT = "statement", _("陈述申辩")
        HEARING = "hearing", _("听证")
        REVIEW_SUBMIT = "review_submit", _("提交法制审核")
        REVIEW_OPINION = "review_opinion", _("法制审核意见")
        DECIDE = "decide", _("作出决定")
        ON_THE_SPOT = "on_the_spot", _("当场处罚")
        SERVE = "serve", _("送达")
        EXECUTE = "execute", _("执行")
        CLOSE = "close", _("结案")
        TRANSFER = "transfer", _("移送")
        ARCHIVE = "archive", _("归档")
        EXTEND = "extend", _("延长办案期限")
        PUBLISH = "publish", _("公示")
        WITHDRAW = "withdraw", _("撤下公示")
        DECISION_CHANGE = "decision_change", _("决定变更或撤销")
        NOTE = "note", _("记录")

    case = models.ForeignKey(
        Case, verbose_name=_("案件"), on_delete=models.PROTECT, related_name="steps"
    )
    kind = models.CharField(_("环节"), max_length=20, choices=Kind.choices)
    occurred_at = models.DateTimeField(_("时间"))
    actor = models.ForeignKey(
        User, verbose_name=_("经办人"), on_delete=models.PROTECT, related_name="+"
    )
    record = models.TextField(_("文字记录"), blank=True)
    status_before = models.CharField(_("原状态"), max_length=16, blank=True)
    status_after = models.CharField(_("新状态"), max_length=16, blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    scope_street: ClassVar[str] = "case__street"
    scope_grid: ClassVar[str | None] = "case__grid"
    objects: ClassVar[Any] = ScopedManager()

    class Meta:
        verbose_name = _("办案记录")
        verbose_name_plural = pgettext_lazy("plural", "办案记录")
        ordering = ["occurred_at", "id"]

    def __str__(self) -> str:
        return f"{self.case} {self.get_kind_display()}"


class Evidence(models.Model):
    """A piece of evidence (证据): photo, audio, video or document, fingerprinted at upload and
    never replaced or deleted. A correction is a new file naming the one it corrects and why."""

    class Kind(models.TextChoices):
        PHOTO = "photo", _("照片")
        AUDIO = "audio", _("录音")
        VIDEO = "video", _("录像")
        DOCUMENT = "document", _("文书")

    case = models.ForeignKey(
        Case, verbose_name=_("案件"), on_delete=models.PROTECT, related_name="evidence"
    )
    step = models.ForeignKey(
        CaseStep,
        verbose_name=_("办案环节"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="evidence",
    )
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    file = models.FileField(_("文件"), upload_to=RandomName("evidence"), max_length=200)
    sha256 = models.CharField(_("文件指纹（SHA-256）"), max_length=64)
    size = models.PositiveBigIntegerField(_("文件大小（字节）"))
    content_type = models.CharField(_("文件格式"), max_length=100)
    description = models.CharField(_("证据说明"), max_length=300)
    captured_at = models.DateTimeField(_("采集时间"), null=True, blank=True)
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("更正的证据"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    correction_reason = models.CharField(_("更正理由"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        User, verbose_name=_("上传人"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    scope_street: ClassVar[str] = "case__street"
    scope_grid: ClassVar[str | None] = "case__grid"
    objects: ClassVar[Any] = ScopedManager()

    class Meta:
        verbose_name = _("证据")
        verbose_name_plural = pgettext_lazy("plural", "证据")
        ordering = ["uploaded_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(corrects__isnull=True) | ~Q(correction_reason=""),
                name="evidence_correction_has_reason",
                violation_error_message=_("更正证据须写明理由。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.description}"

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ValidationError(_("证据一经提交不得删除；如有错误，请上传更正证据并说明理由。"))


class LegalReview(models.Model):
    """法制审核 of a major case before its decision, by a qualified reviewer who is not one of
    the case's officers, against the checklist."""

    class Conclusion(models.TextChoices):
        AGREE = "agree", _("同意")
        AMEND = "amend", _("修改后同意")
        DISAGREE = "disagree", _("不同意")

    # The checklist: each item is judged 符合 (True) or not (False) with the reasons.
    CHECKLIST: ClassVar[tuple[tuple[str, Any], ...]] = (
        ("check_subject", _("执法主体是否合法")),
        ("check_authority", _("是否超越执法权限")),
        ("check_procedure", _("执法程序是否合法")),
        ("check_facts", _("案件事实是否清楚、证据是否确凿充分")),
        ("check_law", _("适用法律、法规、规章是否准确")),
        ("check_discretion", _("是否符合裁量基准")),
        ("check_documents", _("执法文书是否完备、规范")),
    )

    case = models.ForeignKey(
        Case, verbose_name=_("案件"), on_delete=models.PROTECT, related_name="legal_reviews"
    )
    submitted_at = models.DateTimeField(_("提交时间"))
    submitted_by = models.ForeignKey(
        User, verbose_name=_("提交人"), on_delete=models.PROTECT, related_name="+"
    )
    reviewer = models.ForeignKey(
        User, verbose_name=_("审核人员"), on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField(_("审核期限"))
    materials = models.TextField(_("报送材料"), blank=True)
    # What the review saw, taken at submission: a later notice or hearing voids its opinion for
    # the decision (``Case.passed_review``).
    reviewed_notified_on = models.DateField(_("审核时的告知日期"), null=True, blank=True)
    reviewed_proposed_fine = models.DecimalField(
        _("审核时的拟罚款金额（元）"), null=True, blank=True, max_digits=12, decimal_places=2
    )
    reviewed_hearing_on = models.DateField(_("审核时的听证日期"), null=True, blank=True)
    check_subject = models.BooleanField(_("执法主体合法"), null=True, blank=True)
    check_authority = models.BooleanField(_("未超越执法权限"), null=True, blank=True)
    check_procedure = models.BooleanField(_("执法程序合法"), null=True, blank=True)
    check_facts = models.BooleanField(_("事实清楚、证据确凿"), null=True, blank=True)
    check_law = models.BooleanField(_("适用法律准确"), null=True, blank=True)
    check_discretion = models.BooleanField(_("符合裁量基准"), null=True, blank=True)
    check_documents = models.BooleanField(_("文书完备规范"), null=True, blank=True)
    conclusion = models.CharField(
        _("审核意见"), max_length=16, choices=Conclusion.choices, blank=True
    )
    opinion = models.TextField(_("审核意见和理由"), blank=True)
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)

    scope_street: ClassVar[str] = "case__street"
    objects: ClassVar[Any] = ScopedManager()

    class Meta:
        verbose_name = _("法制审核")
        verbose_name_plural = pgettext_lazy("plural", "法制审核")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            # One review open at a time per case.
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(conclusion=""),
                name="legalreview_one_open_per_case",
                violation_error_message=_("该案件已有待审核的法制审核。"),
            )
        ]
        indexes = [
            models.Index(fields=["reviewed_at", "case"], name="legalreview_reviewed"),
        ]

    def __str__(self) -> str:
        return str(_("%(case)s法制审核") % {"case": self.case})

    @property
    def pending(self) -> bool:
        return not self.conclusion


class Publication(models.Model):
    """The public notice (执法决定公示) of a case's decision, and its withdrawal when the decision
    is changed or revoked. The published text is masked when written and again when shown."""

    case = models.OneToOneField(
        Case, verbose_name=_("案件"), on_delete=models.PROTECT, related_name="publication"
    )
    authority = models.CharField(_("执法机关"), max_length=100)
    party = models.CharField(_("执法对象"), max_length=100)
    facts = models.TextField(_("案件事实"))
    category = models.CharField(_("执法类别"), max_length=100)
    conclusion = models.TextField(_("执法结论"))
    decision_no = models.CharField(_("决定书文号"), max_length=60, blank=True)
    decided_on = models.DateField(_("决定日期"))
    published_on = models.DateField(_("公示日期"))
    published_by = models.ForeignKey(
        User, verbose_name=_("公示人"), on_delete=models.PROTECT, related_name="+"
    )
    withdraw_due_on = models.DateField(_("撤下期限"), null=True, blank=True)
    withdrawn_on = models.DateField(_("撤下日期"), null=True, blank=True)
    withdraw_reason = models.CharField(_("撤下理由"), max_length=300, blank=True)
    withdrawn_by = models.ForeignKey(
        User,
        verbose_name=_("撤下人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    scope_street: ClassVar[str] = "case__street"
    objects: ClassVar[Any] = ScopedManager()

    class Meta:
        verbose_name = _("执法决定公示")
        verbose_name_plural = pgettext_lazy("plural", "执法决定公示")
        ordering = ["-published_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | ~Q(withdraw_reason=""),
                name="publication_withdrawal_has_reason",
                violation_error_message=_("撤下公示须写明理由。"),
            )
        ]
        indexes = [
            models.Index(fields=["published_on", "case"], name="publication_published"),
            models.Index(fields=["withdrawn_on", "case"], name="publication_withdrawn"),
        ]

    def __str__(self) -> str:
        return self.decision_no or str(self.case)

    @property
    def on_time(self) -> bool:
        due = self.case.publish_due_on
        return due is None or self.published_on <= due


class EnforcementBody(StreetRecord):
    """事前公开: an enforcement body of the street (执法主体) with its legal standing."""

    name = models.CharField(_("执法主体名称"), max_length=100)
    legal_basis = models.TextField(_("主体资格依据"))
    address = models.CharField(_("办公地址"), max_length=200, blank=True)
    phone = models.CharField(_("咨询电话"), max_length=20, blank=True)
    supervision_phone = models.CharField(_("监督电话"), max_length=20, blank=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("执法主体")
        verbose_name_plural = pgettext_lazy("plural", "执法主体")
        ordering = ["order", "name"]
        constraints = [models.UniqueConstraint(fields=["street", "name"], name="body_unique_name")]

    def __str__(self) -> str:
        return self.name


class EnforcementPower(StreetRecord):
    """事前公开: a power (执法职权) of a body and its legal basis."""

    class Kind(models.TextChoices):
        PENALTY = "penalty", _("行政处罚")
        COERCION = "coercion", _("行政强制")
        INSPECTION = "inspection", _("行政检查")
        OTHER = "other", _("其他")

    body = models.ForeignKey(
        EnforcementBody,
        verbose_name=_("执法主体"),
        on_delete=models.PROTECT,
        related_name="powers",
    )
    kind = models.CharField(_("职权类别"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("职权名称"), max_length=200)
    legal_basis = models.TextField(_("法律依据"))
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("执法职权")
        verbose_name_plural = pgettext_lazy("plural", "执法职权")
        ordering = ["body", "order", "name"]
        constraints = [models.UniqueConstraint(fields=["body", "name"], name="power_unique_name")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.clean_same_street("body")
