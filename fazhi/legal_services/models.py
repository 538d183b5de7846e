"""Public legal services (公共法律服务): law firms and lawyers, the standing adviser contract,
village advisers, duty shifts and their suspension, residents' appointments, consultations,
people's mediation, and the WeChat groups the lawyers answer in (their pushes there are
publicity items of the outreach app)."""

from __future__ import annotations

import datetime
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fazhi.core.files import document_field
from fazhi.core.formats import cn_date, cn_datetime
from fazhi.core.scoping import ScopedManager
from fazhi.org.models import (
    ActiveOnQuerySet,
    StreetRecord,
    User,
    Village,
    mobile_validator,
    phone_validator,
)

# Days before its end from which a standing adviser contract is flagged as expiring.
CONTRACT_EXPIRY_WARNING_DAYS = 30
# 人民调解法 第三十三条: judicial confirmation is applied for within 30 days of the agreement
# taking effect, which is its signing (第二十九条).
JUDICIAL_CONFIRMATION_DAYS = 30

licence_validator = RegexValidator(r"^\d{17}$", _("律师执业证号为17位数字。"))


class Topic(models.TextChoices):
    """The legal matter a resident asks about; shared by appointments and consultations."""

    MARRIAGE_FAMILY = "marriage_family", _("婚姻家庭")
    LABOUR = "labour", _("劳动争议")
    CONTRACT = "contract", _("合同纠纷")
    PROPERTY = "property", _("房产物业")
    NEIGHBOUR = "neighbour", _("邻里纠纷")
    EPIDEMIC = "epidemic", _("疫情防控")
    TRAFFIC = "traffic", _("交通事故")
    TORT = "tort", _("损害赔偿")
    INHERITANCE = "inheritance", _("继承")
    LAND = "land", _("土地承包")
    DEBT = "debt", _("借贷纠纷")
    OTHER = "other", _("其他")


class LawFirm(StreetRecord):
    """律师事务所 that serves the street."""

    name = models.CharField(_("律师事务所名称"), max_length=100)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True, validators=[phone_validator])
    contact_person = models.CharField(_("联系人"), max_length=30, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("律师事务所")
        verbose_name_plural = pgettext_lazy("plural", "律师事务所")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["street", "name"], name="lawfirm_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Lawyer(StreetRecord):
    """律师: a practising lawyer of a firm who serves the street (duty, advice, mediation)."""

    firm = models.ForeignKey(
        LawFirm, verbose_name=_("律师事务所"), on_delete=models.PROTECT, related_name="lawyers"
    )
    name = models.CharField(_("姓名"), max_length=30)
    licence_no = models.CharField(_("执业证号"), max_length=17, validators=[licence_validator])
    phone = models.CharField(_("手机号码"), max_length=11, validators=[mobile_validator])
    specialties = models.CharField(
        _("擅长领域"),
        max_length=200,
        blank=True,
        help_text=_("多个领域用顿号分隔，例如：婚姻家庭、劳动争议。"),
    )
    user = models.OneToOneField(
        User,
        verbose_name=_("系统账号"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="lawyer",
        help_text=_("律师本人登录系统时使用的账号（律师角色）。"),
    )
    is_active = models.BooleanField(_("在册"), default=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("律师")
        verbose_name_plural = pgettext_lazy("plural", "律师")
        ordering = ["firm__name", "name"]
        permissions = [("import_legal_services", _("导入律师、值班表和咨询登记"))]
        constraints = [
            models.UniqueConstraint(
                fields=["street", "licence_no"],
                name="lawyer_unique_licence",
                violation_error_message=_("本街道已登记该执业证号的律师。"),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.clean_same_street("firm", "user")


class AdviserContractQuerySet(ActiveOnQuerySet):
    start_field = "starts_on"
    end_field = "ends_on"

    def with_renewal(self) -> AdviserContractQuerySet:
        """Each contract with ``renewed`` and ``superseded``.

        A following contract of the street takes over from this one: it starts within the
        warning period before this one's end or later, and ends later (a special-service
        contract running alongside does not take over). ``renewed``: one starts on or before
        the day after this one's end, so the service goes on without a gap. ``superseded``:
        there is one at all, even after a gap.
        """
        warned_from = Cast(
            OuterRef("ends_on") - datetime.timedelta(days=CONTRACT_EXPIRY_WARNING_DAYS),
            models.DateField(),
        )
        day_after = Cast(OuterRef("ends_on") + datetime.timedelta(days=1), models.DateField())
        following = AdviserContract.objects.filter(
            street=OuterRef("street"), starts_on__gt=warned_from, ends_on__gt=OuterRef("ends_on")
        )
        return self.annotate(
            renewed=Exists(following.filter(starts_on__lte=day_after)),
            superseded=Exists(following),
        )

    def expiring(self, today: datetime.date) -> AdviserContractQuerySet:
        """In force today, ending within the warning period, and not yet renewed."""
        horizon = today + datetime.timedelta(days=CONTRACT_EXPIRY_WARNING_DAYS)
        return (
            self.with_renewal()
            .filter(starts_on__lte=today, ends_on__gte=today, ends_on__lte=horizon)
            .filter(renewed=False)
        )

    def expired(self, today: datetime.date) -> AdviserContractQuerySet:
        """Ended before today and no following contract signed: the street has no standing
        adviser under contract until a new one is signed."""
        return self.with_renewal().filter(ends_on__lt=today, superseded=False)


class AdviserContract(StreetRecord):
    """常年法律顾问合同 between the street office and a law firm."""

    firm = models.ForeignKey(
        LawFirm, verbose_name=_("律师事务所"), on_delete=models.PROTECT, related_name="contracts"
    )
    title = models.CharField(_("合同名称"), max_length=100)
    contract_no = models.CharField(_("合同编号"), max_length=50, blank=True)
    signed_on = models.DateField(_("签订日期"))
    starts_on = models.DateField(_("起始日期"))
    # Inclusive: the contract is in force on its last day.
    ends_on = models.DateField(_("终止日期"))
    lead_lawyer = models.ForeignKey(
        Lawyer,
        verbose_name=_("主办律师"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    scope = models.TextField(_("服务范围"))
    fee = models.DecimalField(
        _("顾问费（元）"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    document = document_field(_("合同文本"), "contracts", blank=True)
    document_sha256 = models.CharField(_("文件指纹（SHA-256）"), max_length=64, blank=True)

    objects: ClassVar[Any] = models.Manager.from_queryset(AdviserContractQuerySet)()

    class Meta:
        verbose_name = _("常年法律顾问合同")
        verbose_name_plural = pgettext_lazy("plural", "常年法律顾问合同")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="advisercontract_ends_after_start",
                violation_error_message=_("终止日期不能早于起始日期。"),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        self.clean_same_street("firm", "lead_lawyer")
        lead = self.lead_lawyer if self.lead_lawyer_id else None
        if lead is not None and self.firm_id and lead.firm_id != self.firm_id:
            raise ValidationError({"lead_lawyer": _("主办律师不是该律师事务所的律师。")})

    def expiry_state(self, today: datetime.date) -> str:
        """ "expiring" (即将到期), "expired" (已到期) or "", by the rules of
        ``AdviserContract.objects.expiring`` and ``expired``. Reads the ``renewed`` and
        ``superseded`` annotations of ``with_renewal()`` where the list has them."""
        horizon = today + datetime.timedelta(days=CONTRACT_EXPIRY_WARNING_DAYS)
        expiring = self.starts_on <= today <= self.ends_on <= horizon
        expired = self.ends_on < today
        if not (expiring or expired):
            return ""
        renewed, superseded = getattr(self, "renewed", None), getattr(self, "superseded", None)
        if renewed is None or superseded is None:
            flags = (
                AdviserContract.objects.with_renewal()
                .filter(pk=self.pk)
                .values_list("renewed", "superseded")
                .first()
            )
            renewed, superseded = flags or (False, False)
        if expiring and not renewed:
            return "expiring"
        if expired and not superseded:
            return "expired"
        return ""

    def is_expiring(self, today: datetime.date) -> bool:
        """In force, ending within the warning period, and not yet renewed."""
        return self.expiry_state(today) == "expiring"


class VillageAdviserQuerySet(ActiveOnQuerySet):
    start_field = "starts_on"
    end_field = "ends_on"


class VillageAdviser(StreetRecord):
    """村居法律顾问: a lawyer assigned to serve one village for a period (一村居一法律顾问)."""

    lawyer = models.ForeignKey(
        Lawyer, verbose_name=_("律师"), on_delete=models.PROTECT, related_name="assignments"
    )
    village = models.ForeignKey(
        Village, verbose_name=_("村居"), on_delete=models.PROTECT, related_name="advisers"
    )
    starts_on = models.DateField(_("起始日期"))
    ends_on = models.DateField(_("终止日期"), null=True, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    objects: ClassVar[Any] = models.Manager.from_queryset(VillageAdviserQuerySet)()

    scope_lawyer: ClassVar[str | None] = "lawyer__user"

    class Meta:
        verbose_name = _("村居法律顾问")
        verbose_name_plural = pgettext_lazy("plural", "村居法律顾问")
        ordering = ["village__sort_order", "village__name", "-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="villageadviser_ends_after_start",
                violation_error_message=_("终止日期不能早于起始日期。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.village} · {self.lawyer}"

    def clean(self) -> None:
        self.clean_same_street("lawyer", "village")


class ServiceSuspension(StreetRecord):
    """暂停现场服务: no duty shift is held or booked in the period (whole street or one village)."""

    village = models.ForeignKey(
        Village,
        verbose_name=_("村居"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="service_suspensions",
        help_text=_("不选表示全街道暂停。"),
    )
    starts_on = models.DateField(_("暂停起始日期"))
    ends_on = models.DateField(
        _("恢复前最后一日"), null=True, blank=True, help_text=_("尚未确定恢复日期的可不填。")
    )
    reason = models.CharField(_("暂停原因"), max_length=200, help_text=_("将在预约页面公开显示。"))
    alternative = models.CharField(
        _("替代服务方式"),
        max_length=200,
        blank=True,
        help_text=_("例如：电话、微信咨询照常提供，公开显示。"),
    )

    class Meta:
        verbose_name = _("暂停现场服务")
        verbose_name_plural = pgettext_lazy("plural", "暂停现场服务")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="servicesuspension_ends_after_start",
                violation_error_message=_("恢复前最后一日不能早于暂停起始日期。"),
            )
        ]

    def __str__(self) -> str:
        place = self.village.name if self.village is not None else _("全街道")
        end = cn_date(self.ends_on) if self.ends_on else _("另行通知")
        return f"{place}：{cn_date(self.starts_on)}至{end}"

    def clean(self) -> None:
        self.clean_same_street("village")


class DutyShift(StreetRecord):
    """值班: one lawyer on duty in one village for a time slot, bookable up to its capacity."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("已排班")
        HELD = "held", _("已值班")
        ABSENT = "absent", _("律师未到岗")
        CANCELLED = "cancelled", _("已取消")

    village = models.ForeignKey(
        Village, verbose_name=_("村居"), on_delete=models.PROTECT, related_name="duty_shifts"
    )
    lawyer = models.ForeignKey(
        Lawyer, verbose_name=_("值班律师"), on_delete=models.PROTECT, related_name="shifts"
    )
    date = models.DateField(_("值班日期"))
    starts_at = models.TimeField(_("开始时间"))
    ends_at = models.TimeField(_("结束时间"))
    place = models.CharField(_("地点"), max_length=100, blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("可预约名额"),
        default=4,
        help_text=_("0表示不接受预约，只接待现场来访。"),
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.SCHEDULED
    )
    consultations_handled = models.PositiveSmallIntegerField(
        _("接待咨询人次"), null=True, blank=True
    )
    record = models.TextField(_("值班记录"), blank=True)
    cancel_reason = models.CharField(_("取消原因"), max_length=200, blank=True)
    suspension = models.ForeignKey(
        ServiceSuspension,
        verbose_name=_("因暂停现场服务取消"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="cancelled_shifts",
    )

    scope_grid = "village__grids"

    scope_lawyer: ClassVar[str | None] = "lawyer__user"

    class Meta:
        verbose_name = _("值班")
        verbose_name_plural = pgettext_lazy("plural", "值班")
        ordering = ["date", "starts_at", "village__sort_order"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="dutyshift_ends_after_start",
                violation_error_message=_("结束时间须晚于开始时间。"),
            ),
            models.UniqueConstraint(
                fields=["lawyer", "date", "starts_at"],
                name="dutyshift_unique_lawyer_slot",
                violation_error_message=_("该律师在同一时段已有值班。"),
            ),
        ]
        indexes = [
            models.Index(fields=["street", "date"], name="dutyshift_street_date"),
        ]

    def __str__(self) -> str:
        return f"{cn_date(self.date)} {self.starts_at:%H:%M}—{self.ends_at:%H:%M} {self.village}"

    def clean(self) -> None:
        self.clean_same_street("village", "lawyer")


class Appointment(StreetRecord):
    """预约: a resident's booking of a place on a duty shift."""

    class Status(models.TextChoices):
        BOOKED = "booked", _("已预约")
        CONFIRMED = "confirmed", _("已确认")
        ATTENDED = "attended", _("已到场")
        NO_SHOW = "no_show", _("未到场")
        CANCELLED = "cancelled", _("已取消")
        RESCHEDULED = "rescheduled", _("已改期")

    class Source(models.TextChoices):
        PORTAL = "portal", _("网上预约")
        STAFF = "staff", _("工作人员代约")

    # The statuses that hold a place on the shift.
    HOLDING: ClassVar[tuple[str, ...]] = (
        Status.BOOKED,
        Status.CONFIRMED,
        Status.ATTENDED,
        Status.NO_SHOW,
    )

    shift = models.ForeignKey(
        DutyShift, verbose_name=_("值班"), on_delete=models.PROTECT, related_name="appointments"
    )
    code = models.CharField(_("预约码"), max_length=12, unique=True, editable=False)
    topic = models.CharField(_("咨询事项"), max_length=20, choices=Topic.choices)
    description = models.TextField(_("问题简述"), blank=True, max_length=1000)
    name = models.CharField(_("预约人姓名"), max_length=30)
    mobile = models.CharField(_("手机号码"), max_length=11, validators=[mobile_validator])
    consent_at = models.DateTimeField(_("同意个人信息使用时间"))
    source = models.CharField(
        _("预约方式"), max_length=16, choices=Source.choices, default=Source.PORTAL
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.BOOKED
    )
    status_changed_at = models.DateTimeField(_("状态变更时间"), null=True, blank=True)
    rescheduled_to = models.OneToOneField(
        "self",
        verbose_name=_("改期后的预约"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rescheduled_from",
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)

    scope_grid = "shift__village__grids"

    scope_lawyer: ClassVar[str | None] = "shift__lawyer__user"

    class Meta:
        verbose_name = _("预约")
        verbose_name_plural = pgettext_lazy("plural", "预约")
        ordering = ["-shift__date", "shift__starts_at", "id"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def clean(self) -> None:
        self.clean_same_street("shift")


class Consultation(StreetRecord):
    """咨询: one question answered at the phone desk, the WeChat desk, on site or online."""

    class Channel(models.TextChoices):
        PHONE = "phone", _("电话")
        WECHAT = "wechat", _("微信")
        ONSITE = "onsite", _("现场")
        ONLINE = "online", _("网络")
        HOTLINE_12348 = "hotline_12348", _("12348转办")

    class Referral(models.TextChoices):
        NONE = "", _("无")
        TO_12348 = "to_12348", _("转12348热线")
        TO_MEDIATION = "to_mediation", _("转人民调解")
        TO_OTHER = "to_other", _("转其他部门")

    occurred_at = models.DateTimeField(_("咨询时间"))
    channel = models.CharField(_("渠道"), max_length=16, choices=Channel.choices)
    topic = models.CharField(_("咨询事项"), max_length=20, choices=Topic.choices)
    question = models.TextField(_("咨询问题"))
    answer = models.TextField(_("解答意见"), blank=True)
    lawyer = models.ForeignKey(
        Lawyer,
        verbose_name=_("解答律师"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consultations",
    )
    handled_by = models.ForeignKey(
        User,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    village = models.ForeignKey(
        Village,
        verbose_name=_("村居"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consultations",
    )
    minutes = models.PositiveSmallIntegerField(_("用时（分钟）"), null=True, blank=True)
    resident_name = models.CharField(_("咨询人姓名"), max_length=30, blank=True)
    resident_phone = models.CharField(
        _("咨询人电话"), max_length=30, blank=True, validators=[phone_validator]
    )
    hotline_ticket = models.CharField(
        _("12348工单号"), max_length=40, blank=True, help_text=_("由12348热线转来或转往时填写。")
    )
    referral = models.CharField(
        _("转办去向"), max_length=16, choices=Referral.choices, default=Referral.NONE, blank=True
    )
    follow_up_needed = models.BooleanField(_("需要回访"), default=False)
    follow_up_note = models.CharField(_("回访情况"), max_length=200, blank=True)
    shift = models.ForeignKey(
        DutyShift,
        verbose_name=_("值班"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consultations",
        help_text=_("现场值班时接待的咨询。"),
    )
    appointment = models.ForeignKey(
        Appointment,
        verbose_name=_("预约"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consultations",
    )

    scope_grid = "village__grids"

    scope_lawyer: ClassVar[str | None] = "lawyer__user"

    class Meta:
        verbose_name = _("咨询")
        verbose_name_plural = pgettext_lazy("plural", "咨询")
        ordering = ["-occurred_at"]
        indexes = [
            models.Index(fields=["street", "occurred_at"], name="consultation_street_at"),
        ]

    def __str__(self) -> str:
        # Local time in the product's form (2020年5月20日 10:00), not the stored UTC.
        return _("%(channel)s咨询 %(time)s") % {
            "channel": self.get_channel_display(),
            "time": cn_datetime(self.occurred_at),
        }

    def clean(self) -> None:
        self.clean_same_street("lawyer", "village", "shift", "appointment", "handled_by")


class Mediation(StreetRecord):
    """人民调解: a dispute mediated by the street's people's mediation committee."""

    class Status(models.TextChoices):
        ACCEPTED = "accepted", _("已受理")
        IN_PROGRESS = "in_progress", _("调解中")
        SUCCEEDED = "succeeded", _("调解成功")
        FAILED = "failed", _("调解不成")
        TERMINATED = "terminated", _("已终止")

    class DisputeType(models.TextChoices):
        MARRIAGE_FAMILY = "marriage_family", _("婚姻家庭纠纷")
        NEIGHBOUR = "neighbour", _("邻里纠纷")
        HOUSING = "housing", _("房屋宅基地纠纷")
        CONTRACT = "contract", _("合同纠纷")
        DAMAGES = "damages", _("损害赔偿纠纷")
        LABOUR = "labour", _("劳动争议")
        PROPERTY_MGMT = "property_mgmt", _("物业纠纷")
        OTHER = "other", _("其他纠纷")

    class Source(models.TextChoices):
        APPLICATION = "application", _("当事人申请")
        INITIATIVE = "initiative", _("主动调解")
        REFERRAL = "referral", _("有关部门移送")

    CLOSED: ClassVar[tuple[str, ...]] = (Status.SUCCEEDED, Status.FAILED, Status.TERMINATED)

    case_no = models.CharField(_("案号"), max_length=50)
    title = models.CharField(_("纠纷名称"), max_length=100)
    dispute_type = models.CharField(_("纠纷类型"), max_length=20, choices=DisputeType.choices)
    source = models.CharField(
        _("纠纷来源"), max_length=16, choices=Source.choices, default=Source.APPLICATION
    )
    village = models.ForeignKey(
        Village,
        verbose_name=_("村居"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mediations",
    )
    received_on = models.DateField(_("受理日期"))
    summary = models.TextField(_("纠纷简要情况"))
    mediators = models.CharField(_("人民调解员"), max_length=200, help_text=_("多人用顿号分隔。"))
    lawyer = models.ForeignKey(
        Lawyer,
        verbose_name=_("参与律师"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mediations",
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.ACCEPTED
    )
    closed_on = models.DateField(_("结案日期"), null=True, blank=True)
    outcome = models.TextField(_("调解结果"), blank=True)

    scope_grid = "village__grids"

    scope_lawyer: ClassVar[str | None] = "lawyer__user"

    class Meta:
        verbose_name = _("人民调解")
        verbose_name_plural = pgettext_lazy("plural", "人民调解")
        ordering = ["-received_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["street", "case_no"],
                name="mediation_unique_case_no",
                violation_error_message=_("本街道已有该案号的调解案件。"),
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("received_on")),
                name="mediation_closed_after_received",
                violation_error_message=_("结案日期不能早于受理日期。"),
            ),
        ]
        indexes = [
            models.Index(fields=["street", "received_on"], name="mediation_street_received"),
            models.Index(fields=["street", "closed_on"], name="mediation_street_closed"),
        ]

    def __str__(self) -> str:
        return f"{self.case_no} {self.title}"

    def clean(self) -> None:
        self.clean_same_street("village", "lawyer")


class MediationParty(models.Model):
    """A party (当事人) to a mediation."""

    class Side(models.TextChoices):
        APPLICANT = "applicant", _("申请人")
        RESPONDENT = "respondent", _("被申请人")
        THIRD_PARTY = "third_party", _("第三人")

    class Kind(models.TextChoices):
        PERSON = "person", _("自然人")
        ORGANISATION = "organisation", _("法人或其他组织")

    mediation = models.ForeignKey(
        Mediation, verbose_name=_("调解案件"), on_delete=models.CASCADE, related_name="parties"
    )
    side = models.CharField(_("当事人类别"), max_length=16, choices=Side.choices)
    kind = models.CharField(_("主体类型"), max_length=16, choices=Kind.choices, default=Kind.PERSON)
    name = models.CharField(_("姓名或名称"), max_length=100)
    gender = models.CharField(_("性别"), max_length=4, blank=True)
    id_number = models.CharField(_("身份证号码或统一社会信用代码"), max_length=18, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True, validators=[phone_validator])
    address = models.CharField(_("住所"), max_length=200, blank=True)
    representative = models.CharField(_("法定代表人或代理人"), max_length=50, blank=True)

    scope_street: ClassVar[str] = "mediation__street"
    scope_grid: ClassVar[str | None] = "mediation__village__grids"
    scope_lawyer: ClassVar[str | None] = "mediation__lawyer__user"
    objects: ClassVar[Any] = ScopedManager()

    class Meta:
        verbose_name = _("调解当事人")
        verbose_name_plural = pgettext_lazy("plural", "调解当事人")
        ordering = ["mediation", "side", "id"]

    def __str__(self) -> str:
        return f"{self.get_side_display()} {self.name}"


class MediationSession(models.Model):
    """One mediation session (调解记录): when, where, who, what was said and agreed."""

    mediation = models.ForeignKey(
        Mediation, verbose_name=_("调解案件"), on_delete=models.CASCADE, related_name="sessions"
    )
    held_on = models.DateField(_("调解日期"))
    place = models.CharField(_("调解地点"), max_length=100, blank=True)
    participants = models.CharField(_("参加人员"), max_length=200)
    record = models.TextField(_("调解记录"))
    lawyer_present = models.BooleanField(_("律师参与"), default=False)

    scope_street: ClassVar[str] = "mediation__street"
    scope_grid: ClassVar[str | None] = "mediation__village__grids"
    scope_lawyer: ClassVar[str | None] = "mediation__lawyer__user"
    objects: ClassVar[Any] = ScopedManager()

    class Meta:
        verbose_name = _("调解记录")
        verbose_name_plural = pgettext_lazy("plural", "调解记录")
        ordering = ["mediation", "held_on", "id"]

    def __str__(self) -> str:
        return f"{cn_date(self.held_on)} {self.mediation.case_no}"


class MediationAgreement(models.Model):
    """调解协议: what 人民调解法 第二十八条 requires, and its judicial confirmation (司法确认)."""

    class Confirmation(models.TextChoices):
        NOT_APPLIED = "not_applied", _("未申请")
        APPLIED = "applied", _("已申请")
        CONFIRMED = "confirmed", _("已确认有效")
        REJECTED = "rejected", _("不予确认")

    mediation = models.OneToOneField(
        Mediation, verbose_name=_("调解案件"), on_delete=models.PROTECT, related_name="agreement"
    )
    signed_on = models.DateField(_("协议签订日期"))
    facts = models.TextField(_("纠纷的主要事实"))
    disputed_points = models.TextField(_("争议事项"))
    responsibilities = models.TextField(_("各方当事人的责任"))
    terms = models.TextField(_("协议内容"))
    performance_manner = models.CharField(_("履行方式"), max_length=200)
    performance_deadline = models.DateField(_("履行期限"))
    performed = models.BooleanField(_("已履行"), default=False)
    confirmation = models.CharField(
        _("司法确认"),
        max_length=16,
        choices=Confirmation.choices,
        default=Confirmation.NOT_APPLIED,
    )
    # Set by the service from ``signed_on`` and the holiday calendar when the agreement is
    # recorded (services.mediation.confirmation_deadline_for): lists filter and flag on it.
    confirmation_deadline = models.DateField(
        _("申请司法确认截止日"),
        editable=False,
        help_text=_(
            "协议生效（签订）之日起三十日；最后一日为法定休假日的，顺延至休假日后第一个工作日。"
        ),
    )
    confirmation_applied_on = models.DateField(_("申请司法确认日期"), null=True, blank=True)
    confirmation_court = models.CharField(_("受理法院"), max_length=100, blank=True)

    scope_street: ClassVar[str] = "mediation__street"
    scope_grid: ClassVar[str | None] = "mediation__village__grids"
    scope_lawyer: ClassVar[str | None] = "mediation__lawyer__user"
    objects: ClassVar[Any] = ScopedManager()

    class Meta:
        verbose_name = _("调解协议")
        verbose_name_plural = pgettext_lazy("plural", "调解协议")
        ordering = ["-signed_on"]

    def __str__(self) -> str:
        return _("%(case)s调解协议") % {"case": self.mediation.case_no}


class MediationStep(models.Model):
    """One step of a mediation's case file (卷宗): accepted, mediated, agreed, closed, confirmed.

    Kept with the case for good (the audit log is purged after its retention period), dated by
    when the step happened, not when it was typed in.
    """

    class Kind(models.TextChoices):
        ACCEPTED = "accepted", _("受理")
        STARTED = "started", _("开始调解")
        AGREEMENT = "agreement", _("记录调解协议")
        CLOSED = "closed", _("结案")
        CONFIRMATION_APPLIED = "confirmation_applied", _("申请司法确认")
        CONFIRMATION_DECIDED = "confirmation_decided", _("司法确认结果")
        PERFORMED = "performed", _("协议履行完毕")

    mediation = models.ForeignKey(
        Mediation, verbose_name=_("调解案件"), on_delete=models.CASCADE, related_name="steps"
    )
    kind = models.CharField(_("环节"), max_length=24, choices=Kind.choices)
    on = models.DateField(_("日期"))
    status_before = models.CharField(
        _("变更前状态"), max_length=16, choices=Mediation.Status.choices, blank=True
    )
    status_after = models.CharField(
        _("变更后状态"), max_length=16, choices=Mediation.Status.choices, blank=True
    )
    note = models.CharField(_("说明"), max_length=500, blank=True)
    actor = models.ForeignKey(
        User,
        verbose_name=_("操作人账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField(_("操作人"), max_length=150)
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    scope_street: ClassVar[str] = "mediation__street"
    scope_grid: ClassVar[str | None] = "mediation__village__grids"
    scope_lawyer: ClassVar[str | None] = "mediation__lawyer__user"
    objects: ClassVar[Any] = ScopedManager()

    class Meta:
        verbose_name = _("调解环节")
        verbose_name_plural = pgettext_lazy("plural", "调解环节")
        ordering = ["mediation", "on", "id"]

    def __str__(self) -> str:
        return f"{cn_date(self.on)} {self.get_kind_display()}"


class WechatGroupQuerySet(ActiveOnQuerySet):
    start_field = "created_on"
    end_field = "closed_on"


class WechatGroup(StreetRecord):
    """微信群 where the village legal adviser answers residents and pushes legal content."""

    name = models.CharField(_("群名称"), max_length=100)
    village = models.ForeignKey(
        Village,
        verbose_name=_("村居"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="wechat_groups",
    )
    lawyer = models.ForeignKey(
        Lawyer,
        verbose_name=_("入群律师"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="wechat_groups",
    )
    created_on = models.DateField(_("建群日期"))
    closed_on = models.DateField(_("解散日期"), null=True, blank=True)
    purpose = models.CharField(_("用途"), max_length=200, blank=True)

    objects: ClassVar[Any] = models.Manager.from_queryset(WechatGroupQuerySet)()

    scope_lawyer: ClassVar[str | None] = "lawyer__user"

    class Meta:
        verbose_name = _("微信群")
        verbose_name_plural = pgettext_lazy("plural", "微信群")
        ordering = ["village__sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["street", "name"], name="wechatgroup_unique_name"),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("created_on")),
                name="wechatgroup_closed_after_created",
                violation_error_message=_("解散日期不能早于建群日期。"),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.clean_same_street("village", "lawyer")


class WechatGroupCount(models.Model):
    """A group's member count as of a date: the registry keeps the history of its size."""

    group = models.ForeignKey(
        WechatGroup, verbose_name=_("微信群"), on_delete=models.CASCADE, related_name="counts"
    )
    counted_on = models.DateField(_("统计日期"))
    members = models.PositiveIntegerField(_("成员人数"))

    scope_street: ClassVar[str] = "group__street"
    objects: ClassVar[Any] = ScopedManager()

    scope_lawyer: ClassVar[str | None] = "group__lawyer__user"

    class Meta:
        verbose_name = _("群成员人数")
        verbose_name_plural = pgettext_lazy("plural", "群成员人数")
        ordering = ["group", "-counted_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "counted_on"],
                name="wechatgroupcount_unique_day",
                violation_error_message=_("该群在这一天已有人数记录。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.group}：{cn_date(self.counted_on)} {self.members}人"


class LawyerCalendarFeed(models.Model):
    """A lawyer's private iCalendar (.ics) feed of duty shifts, opened by a secret link.

    Calendar apps cannot log in, so the link carries a random token; only its SHA-256 digest
    is kept, and issuing a new link makes the old one stop working.
    """

    lawyer = models.OneToOneField(
        Lawyer, verbose_name=_("律师"), on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token_digest = models.CharField(
        _("链接密钥摘要（SHA-256）"), max_length=64, unique=True, editable=False
    )
    created_at = models.DateTimeField(_("生成时间"), editable=False)

    scope_street: ClassVar[str] = "lawyer__street"
    scope_lawyer: ClassVar[str | None] = "lawyer__user"
    objects: ClassVar[Any] = ScopedManager()

    class Meta:
        verbose_name = _("值班日历订阅")
        verbose_name_plural = pgettext_lazy("plural", "值班日历订阅")

    def __str__(self) -> str:
        return _("%(lawyer)s的值班日历") % {"lawyer": self.lawyer}
