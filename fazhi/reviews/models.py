"""Legality review (合法性审查) of the street's contracts, agreements, normative documents and
major decisions, and the procedure of major administrative decisions (重大行政决策程序暂行条例)."""

from __future__ import annotations

from typing import Any, ClassVar

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fazhi.core.files import document_field
from fazhi.core.scoping import ScopedManager
from fazhi.legal_services.models import Lawyer
from fazhi.org.models import Department, StreetRecord, User

# 重大行政决策程序暂行条例 第十四条: the public comment period is at least 30 days.
MIN_COMMENT_DAYS = 30
# 第二十七条: the legality review is given at least 7 working days.
MIN_LEGALITY_REVIEW_WORKDAYS = 7


class MajorDecision(StreetRecord):
    """重大行政决策: one decision and the procedure it must pass before it is made."""

    class Status(models.TextChoices):
        DRAFTING = "drafting", _("拟定中")
        CONSULTING = "consulting", _("公开征求意见中")
        DISCUSSION = "discussion", _("待集体讨论")
        DECIDED = "decided", _("已作出决定")
        PUBLISHED = "published", _("已公布")
        ARCHIVED = "archived", _("已归档")
        ABANDONED = "abandoned", _("已终止")

    class RiskLevel(models.TextChoices):
        LOW = "low", _("低风险")
        MEDIUM = "medium", _("中风险")
        HIGH = "high", _("高风险")

    title = models.CharField(_("决策事项"), max_length=200)
    department = models.ForeignKey(
        Department,
        verbose_name=_("承办单位"),
        on_delete=models.PROTECT,
        related_name="major_decisions",
    )
    background = models.TextField(_("决策背景和主要内容"))
    catalogue_year = models.PositiveSmallIntegerField(
        _("列入决策事项目录年度"), null=True, blank=True
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.DRAFTING
    )
    draft = document_field(_("决策草案"), "decisions", blank=True)
    draft_sha256 = models.CharField(_("草案文件指纹（SHA-256）"), max_length=64, blank=True)

    # 公众参与
    comment_opens_on = models.DateField(_("征求意见开始日期"), null=True, blank=True)
    comment_closes_on = models.DateField(_("征求意见截止日期"), null=True, blank=True)
    short_period_reason = models.CharField(
        _("征求意见期限少于30日的理由"), max_length=300, blank=True
    )
    participation_summary = models.TextField(_("公众意见采纳情况"), blank=True)

    # 专家论证
    expert_required = models.BooleanField(_("需要专家论证"), default=True)
    expert_waiver_reason = models.CharField(_("不需要专家论证的理由"), max_length=300, blank=True)
    expert_held_on = models.DateField(_("专家论证日期"), null=True, blank=True)
    experts = models.CharField(_("论证专家"), max_length=300, blank=True)
    expert_opinion = models.TextField(_("专家论证意见"), blank=True)

    # 风险评估
    risk_required = models.BooleanField(_("需要风险评估"), default=True)
    risk_waiver_reason = models.CharField(_("不需要风险评估的理由"), max_length=300, blank=True)
    risk_assessed_on = models.DateField(_("风险评估日期"), null=True, blank=True)
    risk_level = models.CharField(
        _("风险等级"), max_length=8, choices=RiskLevel.choices, blank=True
    )
    risk_summary = models.TextField(_("风险评估结论和防范措施"), blank=True)

    # 集体讨论
    discussed_on = models.DateField(_("集体讨论日期"), null=True, blank=True)
    meeting_name = models.CharField(
        _("会议名称"),
        max_length=100,
        blank=True,
        help_text=_("例如：街道党工委会议、主任办公会议。"),
    )
    attendees = models.ManyToManyField(
        User, verbose_name=_("出席人员"), blank=True, related_name="+"
    )
    head_spoke_last = models.BooleanField(_("行政首长最后发表意见"), default=False)
    discussion_record = models.TextField(_("讨论情况"), blank=True)
    dissent = models.TextField(_("不同意见"), blank=True)
    head_differs_reason = models.TextField(
        _("行政首长拟作决定与多数人意见不一致的理由"),
        blank=True,
        help_text=_(
            "行政首长拟作出的决定与会议组成人员多数人的意见不一致的，"
            "填写其在会上说明的理由（重大行政决策程序暂行条例第三十条）；一致的不填。"
        ),
    )

    # 决定、公布、归档
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    decision_text = models.TextField(_("决定内容"), blank=True)
    published_on = models.DateField(_("公布日期"), null=True, blank=True)
    publication_channel = models.CharField(_("公布渠道"), max_length=100, blank=True)
    archived_on = models.DateField(_("归档日期"), null=True, blank=True)
    abandon_reason = models.CharField(_("终止理由"), max_length=300, blank=True)

    # An outside lawyer sees the decisions whose legality review was sent to them.
    scope_lawyer: ClassVar[str | None] = "reviews__adviser__user"

    class Meta:
        verbose_name = _("重大行政决策")
        verbose_name_plural = pgettext_lazy("plural", "重大行政决策")
        ordering = ["-created_at"]
        # The collective discussion, the decision, its publication and archiving, and
        # abandoning a decision are the office's; departments prepare their own decisions.
        permissions = [("decide_majordecision", _("作出重大行政决策决定"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(comment_closes_on__isnull=True)
                | Q(comment_closes_on__gte=F("comment_opens_on")),
                name="majordecision_comment_period_order",
                violation_error_message=_("征求意见截止日期不能早于开始日期。"),
            )
        ]
        indexes = [
            models.Index(fields=["street", "decided_on"], name="decision_street_decided"),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        self.clean_same_street("department")


class PublicComment(models.Model):
    """A resident's comment on a major decision during its public participation period."""

    decision = models.ForeignKey(
        MajorDecision,
        verbose_name=_("重大行政决策"),
        on_delete=models.PROTECT,
        related_name="comments",
    )
    # Set by the service (not auto_now_add) so that a replayed year keeps its own dates.
    submitted_at = models.DateTimeField(_("提交时间"), default=timezone.now)
    name = models.CharField(_("姓名"), max_length=30, blank=True)
    contact = models.CharField(_("联系方式"), max_length=50, blank=True)
    content = models.TextField(_("意见建议"), max_length=2000)
    response = models.TextField(_("采纳情况"), blank=True)

    scope_street: ClassVar[str] = "decision__street"
    objects: ClassVar[Any] = ScopedManager()

    class Meta:
        verbose_name = _("公众意见")
        verbose_name_plural = pgettext_lazy("plural", "公众意见")
        ordering = ["decision", "submitted_at"]
        indexes = [
            models.Index(fields=["submitted_at", "decision"], name="comment_submitted"),
        ]

    def __str__(self) -> str:
        return f"{self.decision}：{self.content[:20]}"


class ReviewRequest(StreetRecord):
    """合法性审查: a document sent to the legal adviser or reviewer, and the opinion given."""

    class Kind(models.TextChoices):
        CONTRACT = "contract", _("合同")
        AGREEMENT = "agreement", _("项目协议")
        NORMATIVE = "normative", _("行政规范性文件")
        MAJOR_DECISION = "major_decision", _("重大行政决策")
        OTHER = "other", _("其他")

    class Status(models.TextChoices):
        RECEIVED = "received", _("已受理")
        IN_REVIEW = "in_review", _("审查中")
        COMPLETED = "completed", _("已出具意见")
        WITHDRAWN = "withdrawn", _("已撤回")

    class Conclusion(models.TextChoices):
        APPROVED = "approved", _("同意")
        APPROVED_WITH_CHANGES = "approved_with_changes", _("修改后同意")
        REJECTED = "rejected", _("不同意")

    class Fate(models.TextChoices):
        PENDING = "pending", _("尚未确定")
        ADOPTED = "adopted", _("已签订或施行")
        AMENDED = "amended", _("修改后签订或施行")
        ABANDONED = "abandoned", _("未签订或未施行")

    # Kinds that count as "contracts and project agreements reviewed" in the report.
    CONTRACT_KINDS: ClassVar[tuple[str, ...]] = (Kind.CONTRACT, Kind.AGREEMENT)

    title = models.CharField(_("审查事项"), max_length=200)
    kind = models.CharField(_("审查类别"), max_length=20, choices=Kind.choices)
    department = models.ForeignKey(
        Department,
        verbose_name=_("送审部门"),
        on_delete=models.PROTECT,
        related_name="review_requests",
    )
    requested_by = models.ForeignKey(
        User,
        verbose_name=_("送审人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    counterparty = models.CharField(_("合同相对方"), max_length=200, blank=True)
    amount = models.DecimalField(
        _("合同金额（元）"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    document = document_field(_("送审文件"), "reviews", blank=True)
    document_sha256 = models.CharField(_("文件指纹（SHA-256）"), max_length=64, blank=True)
    received_on = models.DateField(_("受理日期"))
    due_on = models.DateField(_("审查期限"))
    adviser = models.ForeignKey(
        Lawyer,
        verbose_name=_("法律顾问"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="review_requests",
    )
    reviewer = models.ForeignKey(
        User,
        verbose_name=_("审查人员"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    major_decision = models.ForeignKey(
        MajorDecision,
        verbose_name=_("重大行政决策"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reviews",
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.RECEIVED
    )
    opinion = models.TextField(_("审查意见"), blank=True)
    conclusion = models.CharField(
        _("审查结论"), max_length=24, choices=Conclusion.choices, blank=True
    )
    completed_on = models.DateField(_("出具意见日期"), null=True, blank=True)
    fate = models.CharField(
        _("后续情况"), max_length=16, choices=Fate.choices, default=Fate.PENDING
    )
    fate_note = models.CharField(_("后续情况说明"), max_length=300, blank=True)
    withdraw_reason = models.CharField(_("撤回理由"), max_length=300, blank=True)

    # An outside lawyer sees the documents sent to them, not the street's whole register.
    scope_lawyer: ClassVar[str | None] = "adviser__user"

    class Meta:
        verbose_name = _("合法性审查")
        verbose_name_plural = pgettext_lazy("plural", "合法性审查")
        ordering = ["-received_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_on__gte=F("received_on")),
                name="reviewrequest_due_after_received",
                violation_error_message=_("审查期限不能早于受理日期。"),
            ),
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True) | Q(completed_on__gte=F("received_on")),
                name="reviewrequest_completed_after_received",
                violation_error_message=_("出具意见日期不能早于受理日期。"),
            ),
        ]
        indexes = [
            models.Index(fields=["street", "received_on"], name="reviewreq_street_received"),
            models.Index(fields=["street", "completed_on"], name="reviewreq_street_completed"),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        self.clean_same_street(
            "department", "adviser", "major_decision", "requested_by", "reviewer"
        )
