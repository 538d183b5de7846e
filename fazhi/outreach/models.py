"""Law education and publicity (普法宣传): the laws each department must publicise (谁执法谁普法),
activities with their photos and on-the-spot consultations, the key dates of the year,
publicity items by channel (WeChat-group pushes among them), media works and the recognition
they received, the legal FAQ, and the question bank with its quizzes and attempts."""

from __future__ import annotations

import datetime
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fazhi.core.files import RandomName
from fazhi.core.formats import cn_date
from fazhi.core.scoping import ScopedManager
from fazhi.legal_services.models import Consultation, LawFirm, Lawyer, WechatGroup
from fazhi.org.models import Department, Grid, StreetRecord, User, Village, mobile_validator

YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]
# The letters that name a question's options, in order.
OPTION_LETTERS = "ABCDEF"
# A true/false question's two options: 正确 is A, 错误 is B.
TRUE_FALSE_OPTIONS = ["正确", "错误"]


class Theme(StreetRecord):
    """普法主题: a law or a topic the street publicises (《民法典》, 《宪法》, 防范非法集资 …)."""

    class Kind(models.TextChoices):
        LAW = "law", _("法律法规")
        TOPIC = "topic", _("专题")

    name = models.CharField(
        _("名称"),
        max_length=100,
        help_text=_("法律法规写简称并加书名号，例如《民法典》；专题直接写名称，例如防范非法集资。"),
    )
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices, default=Kind.LAW)
    sort_order = models.PositiveIntegerField(_("排序"), default=0, blank=True)
    is_active = models.BooleanField(_("在用"), default=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("普法主题")
        verbose_name_plural = pgettext_lazy("plural", "普法主题")
        ordering = ["sort_order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["street", "name"],
                name="theme_unique_name",
                violation_error_message=_("本街道已有同名的普法主题。"),
            )
        ]

    def __str__(self) -> str:
        return self.name


class ResponsibilityItem(StreetRecord):
    """普法责任清单的一项 (谁执法谁普法): a law a department enforces and must publicise in a year."""

    year = models.PositiveSmallIntegerField(_("年度"), validators=YEAR_VALIDATORS)
    department = models.ForeignKey(
        Department,
        verbose_name=_("责任部门"),
        on_delete=models.PROTECT,
        related_name="responsibility_items",
    )
    theme = models.ForeignKey(
        Theme,
        verbose_name=_("法律法规"),
        on_delete=models.PROTECT,
        related_name="responsibility_items",
    )
    content = models.TextField(
        _("宣传内容"), help_text=_("本部门执行该法律时应向群众宣传的重点，例如主要义务和法律责任。")
    )
    audience = models.CharField(
        _("宣传对象"),
        max_length=100,
        blank=True,
        help_text=_("例如：沿街商户、辖区居民、企业职工。"),
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("普法责任清单")
        verbose_name_plural = pgettext_lazy("plural", "普法责任清单")
        ordering = ["-year", "department__sort_order", "theme__sort_order", "theme__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["street", "year", "department", "theme"],
                name="responsibilityitem_unique",
                violation_error_message=_("该部门本年度的普法责任清单已有这部法律。"),
            )
        ]
        indexes = [models.Index(fields=["street", "year"], name="responsibility_street_year")]

    def __str__(self) -> str:
        return _("%(year)s年%(department)s：%(theme)s") % {
            "year": self.year,
            "department": self.department,
            "theme": self.theme,
        }

    def clean(self) -> None:
        self.clean_same_street("department", "theme")


class KeyDate(StreetRecord):
    """普法节点: a day or a period of every year for law publicity (4·15, 6·26, 12·4 …)."""

    name = models.CharField(_("名称"), max_length=50)
    month = models.PositiveSmallIntegerField(
        _("月"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    day = models.PositiveSmallIntegerField(
        _("日"), validators=[MinValueValidator(1), MaxValueValidator(31)]
    )
    end_month = models.PositiveSmallIntegerField(
        _("结束月"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_("宣传周、宣传月等持续多日的节点填写；单日的节点不填。"),
    )
    end_day = models.PositiveSmallIntegerField(
        _("结束日"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(31)]
    )
    themes = models.ManyToManyField(
        Theme, verbose_name=_("相关普法主题"), blank=True, related_name="key_dates"
    )
    description = models.CharField(_("说明"), max_length=200, blank=True)
    is_active = models.BooleanField(_("在用"), default=True)

    class Meta:
        verbose_name = _("普法节点")
        verbose_name_plural = pgettext_lazy("plural", "普法节点")
        ordering = ["month", "day", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["street", "name"],
                name="keydate_unique_name",
                violation_error_message=_("本街道已有同名的普法节点。"),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        # Checked in a common year: 2月29日 has no date three years in four.
        try:
            first = datetime.date(2001, self.month, self.day)
        except (TypeError, ValueError):
            raise ValidationError(
                {"day": _("不是有效的日期（2月29日也不能作为普法节点）。")}
            ) from None
        if (self.end_month is None) != (self.end_day is None):
            raise ValidationError({"end_day": _("结束月和结束日须同时填写或同时不填。")})
        if self.end_month is not None and self.end_day is not None:
            try:
                last = datetime.date(2001, self.end_month, self.end_day)
            except ValueError:
                raise ValidationError({"end_day": _("结束日期不是有效的日期。")}) from None
            if last < first:
                raise ValidationError({"end_day": _("结束日期须在开始日期之后，且在同一年内。")})

    def occurrence(self, year: int) -> tuple[datetime.date, datetime.date]:
        """The first and last day of the key date in ``year``."""
        first = datetime.date(year, self.month, self.day)
        if self.end_month is None or self.end_day is None:
            return first, first
        return first, datetime.date(year, self.end_month, self.end_day)

    @property
    def when(self) -> str:
        """4月15日, or 12月1日至12月7日."""
        text = _("%(month)d月%(day)d日") % {"month": self.month, "day": self.day}
        if self.end_month is None or self.end_day is None:
            return text
        end = _("%(month)d月%(day)d日") % {"month": self.end_month, "day": self.end_day}
        return _("%(start)s至%(end)s") % {"start": text, "end": end}


class Activity(StreetRecord):
    """普法活动: a lecture, a market-day stand, a visit to offices, communities, schools or firms,
    a theme day, an online quiz, an exhibition or a case explained (以案释法)."""

    class Kind(models.TextChoices):
        LECTURE = "lecture", _("讲座")
        MARKET_DAY = "market_day", _("赶大集")
        GOVERNMENT = "government", _("进机关")
        COMMUNITY = "community", _("进社区")
        SCHOOL = "school", _("进校园")
        ENTERPRISE = "enterprise", _("进企业")
        THEME_DAY = "theme_day", _("主题日")
        ONLINE_QUIZ = "online_quiz", _("线上竞答")
        EXHIBITION = "exhibition", _("展览")
        CASE_EXPLAINED = "case_explained", _("以案释法")

    class Status(models.TextChoices):
        PLANNED = "planned", _("计划开展")
        HELD = "held", _("已开展")
        CANCELLED = "cancelled", _("已取消")

    title = models.CharField(_("活动名称"), max_length=200)
    kind = models.CharField(_("活动类型"), max_length=16, choices=Kind.choices)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.HELD)
    held_on = models.DateField(_("活动日期"))
    place = models.CharField(_("地点"), max_length=200, blank=True)
    village = models.ForeignKey(
        Village,
        verbose_name=_("村居"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="outreach_activities",
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("组织部门"),
        on_delete=models.PROTECT,
        related_name="outreach_activities",
    )
    themes = models.ManyToManyField(Theme, verbose_name=_("普法主题"), related_name="activities")
    partner_firm = models.ForeignKey(
        LawFirm,
        verbose_name=_("合作律师事务所"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="outreach_activities",
    )
    partners = models.CharField(
        _("协办单位"),
        max_length=200,
        blank=True,
        help_text=_("律师事务所以外的协办单位，例如派出所、禁毒办、学校，多个用顿号分隔。"),
    )
    audience = models.CharField(
        _("宣传对象"), max_length=100, blank=True, help_text=_("例如：辖区居民、机关干部、学生。")
    )
    headcount = models.PositiveIntegerField(_("参与人数"), null=True, blank=True)
    materials = models.PositiveIntegerField(_("发放宣传材料（份）"), default=0, blank=True)
    key_date = models.ForeignKey(
        KeyDate,
        verbose_name=_("普法节点"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities",
        help_text=_("为某个普法节点开展的活动请选择，普法节点日历据此显示各节点的安排。"),
    )
    quiz = models.ForeignKey(
        "Quiz",
        verbose_name=_("知识竞答"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities",
        help_text=_("线上竞答活动所用的竞答。"),
    )
    consultations = models.ManyToManyField(
        Consultation,
        verbose_name=_("现场法律咨询"),
        blank=True,
        related_name="outreach_activities",
        help_text=_("活动现场接待的法律咨询，在公共法律服务的咨询登记中记录。"),
    )
    summary = models.TextField(_("活动情况"), blank=True)

    class Meta:
        verbose_name = _("普法活动")
        verbose_name_plural = pgettext_lazy("plural", "普法活动")
        permissions = [("import_outreach", _("导入普法活动、宣传记录、常见法律问题和试题"))]
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["street", "held_on"], name="activity_street_held")]

    def __str__(self) -> str:
        return f"{cn_date(self.held_on)} {self.title}"

    def clean(self) -> None:
        self.clean_same_street("village", "department", "partner_firm", "key_date", "quiz")
        if self.quiz_id and self.kind != self.Kind.ONLINE_QUIZ:
            raise ValidationError({"quiz": _("只有线上竞答活动才关联知识竞答。")})


class ActivityPhoto(models.Model):
    """A photo of an activity, checked by its content and fingerprinted at upload."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("普法活动"), on_delete=models.PROTECT, related_name="photos"
    )
    file = models.FileField(_("照片"), upload_to=RandomName("outreach/photos"), max_length=200)
    sha256 = models.CharField(_("文件指纹（SHA-256）"), max_length=64)
    content_type = models.CharField(_("文件格式"), max_length=100)
    size = models.PositiveBigIntegerField(_("文件大小（字节）"))
    caption = models.CharField(_("照片说明"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        User, verbose_name=_("上传人"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    scope_street: ClassVar[str] = "activity__street"
    objects: ClassVar[Any] = ScopedManager()

    class Meta:
        verbose_name = _("活动照片")
        verbose_name_plural = pgettext_lazy("plural", "活动照片")
        ordering = ["activity", "uploaded_at", "id"]

    def __str__(self) -> str:
        return self.caption or _("活动照片%(pk)s") % {"pk": self.pk}


class PublicityItem(StreetRecord):
    """宣传记录: one piece of publicity pushed online (微博, 公众号, 微信群 …) or placed offline
    (公开栏, 条幅, 明白纸, 网格巡逻车 …), WeChat-group pushes of the legal advisers included."""

    class Channel(models.TextChoices):
        WEIBO = "weibo", _("微博")
        OFFICIAL_ACCOUNT = "official_account", _("公众号")
        WECHAT_GROUP = "wechat_group", _("微信群")
        MOMENTS = "moments", _("朋友圈")
        DOUYIN = "douyin", _("抖音")
        OTHER_ONLINE = "other_online", _("其他线上渠道")
        NOTICE_BOARD = "notice_board", _("公开栏")
        LED_SCREEN = "led_screen", _("电子显示屏")
        BANNER = "banner", _("条幅")
        POSTER = "poster", _("海报")
        LOUDSPEAKER = "loudspeaker", _("大喇叭")
        MOBILE_SPEAKER = "mobile_speaker", _("移动音箱")
        LETTER = "letter", _("一封信")
        LEAFLET = "leaflet", _("明白纸")
        LECTURER = "lecturer", _("宣讲员")
        PATROL_CAR = "patrol_car", _("网格巡逻车")
        OTHER_OFFLINE = "other_offline", _("其他线下形式")

    # Pushed online: what the figure "推送法律信息" counts.
    ONLINE: ClassVar[tuple[str, ...]] = (
        Channel.WEIBO,
        Channel.OFFICIAL_ACCOUNT,
        Channel.WECHAT_GROUP,
        Channel.MOMENTS,
        Channel.DOUYIN,
        Channel.OTHER_ONLINE,
    )

    class Kind(models.TextChoices):
        LAW = "law", _("法律知识")
        POLICY = "policy", _("政策解读")
        CASE = "case", _("以案释法")
        NOTICE = "notice", _("通知公告")
        VIDEO = "video", _("普法视频")

    published_on = models.DateField(_("日期"), help_text=_("推送、张贴或播放的日期。"))
    channel = models.CharField(_("渠道"), max_length=20, choices=Channel.choices)
    title = models.CharField(_("标题或内容"), max_length=200)
    kind = models.CharField(_("内容类别"), max_length=16, choices=Kind.choices, blank=True)
    quantity = models.PositiveIntegerField(
        _("数量"), null=True, blank=True, help_text=_("份数、条数、块数或次数。")
    )
    reach = models.PositiveIntegerField(_("覆盖人数或阅读量"), null=True, blank=True)
    village = models.ForeignKey(
        Village,
        verbose_name=_("村居"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="publicity_items",
    )
    grid = models.ForeignKey(
        Grid,
        verbose_name=_("网格"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="publicity_items",
    )
    group = models.ForeignKey(
        WechatGroup,
        verbose_name=_("微信群"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="publicity_items",
    )
    lawyer = models.ForeignKey(
        Lawyer,
        verbose_name=_("推送律师"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="publicity_items",
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("责任部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="publicity_items",
    )
    themes = models.ManyToManyField(
        Theme, verbose_name=_("普法主题"), blank=True, related_name="publicity_items"
    )
    link = models.URLField(_("链接"), blank=True)
    note = models.CharField(_("说明"), max_length=500, blank=True)

    scope_lawyer: ClassVar[str | None] = "lawyer__user"

    class Meta:
        verbose_name = _("宣传记录")
        verbose_name_plural = pgettext_lazy("plural", "宣传记录")
        ordering = ["-published_on", "-id"]
        indexes = [
            models.Index(fields=["street", "published_on"], name="publicity_street_published")
        ]

    def __str__(self) -> str:
        return f"{cn_date(self.published_on)} {self.title}"

    @property
    def online(self) -> bool:
        return self.channel in self.ONLINE

    def clean(self) -> None:
        self.clean_same_street("village", "grid", "group", "lawyer", "department")
        if self.channel == self.Channel.WECHAT_GROUP and not self.group_id:
            raise ValidationError({"group": _("渠道为微信群时请选择微信群。")})
        if self.group_id and self.channel != self.Channel.WECHAT_GROUP:
            raise ValidationError({"group": _("只有渠道为微信群时才选择微信群。")})
        grid = self.grid if self.grid_id else None
        if grid is not None and self.village_id and grid.village_id != self.village_id:
            raise ValidationError({"grid": _("所选网格不属于所选村居。")})


class MediaWork(StreetRecord):
    """普法作品: a short video, an article, a poster or a report video, often made with the
    partner law firm and published on a platform."""

    class Kind(models.TextChoices):
        SHORT_VIDEO = "short_video", _("短视频")
        ARTICLE = "article", _("文章")
        POSTER = "poster", _("海报")
        REPORT_VIDEO = "report_video", _("汇报视频")

    class Platform(models.TextChoices):
        DOUYIN = "douyin", _("抖音")
        WEIBO = "weibo", _("微博")
        OFFICIAL_ACCOUNT = "official_account", _("微信公众号")
        CHANNELS = "channels", _("微信视频号")
        WEBSITE = "website", _("政府网站")
        OTHER = "other", _("其他")

    title = models.CharField(_("作品名称"), max_length=200)
    kind = models.CharField(_("作品类型"), max_length=16, choices=Kind.choices)
    published_on = models.DateField(_("发布日期"))
    partner_firm = models.ForeignKey(
        LawFirm,
        verbose_name=_("合作律师事务所"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="media_works",
    )
    makers = models.CharField(
        _("制作人员"),
        max_length=200,
        blank=True,
        help_text=_("例如出镜律师、撰稿人，多人用顿号分隔。"),
    )
    platform = models.CharField(_("发布平台"), max_length=20, choices=Platform.choices, blank=True)
    link = models.URLField(_("链接"), blank=True)
    file = models.FileField(
        _("作品文件"),
        upload_to=RandomName("outreach/works"),
        max_length=200,
        blank=True,
        help_text=_("视频、图片或PDF、Word文件。"),
    )
    file_sha256 = models.CharField(_("文件指纹（SHA-256）"), max_length=64, blank=True)
    views = models.PositiveIntegerField(_("播放或阅读量"), null=True, blank=True)
    themes = models.ManyToManyField(
        Theme, verbose_name=_("普法主题"), blank=True, related_name="media_works"
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("责任部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="media_works",
    )
    description = models.TextField(_("内容简介"), blank=True)

    class Meta:
        verbose_name = _("普法作品")
        verbose_name_plural = pgettext_lazy("plural", "普法作品")
        ordering = ["-published_on", "-id"]
        indexes = [
            models.Index(fields=["street", "published_on"], name="mediawork_street_published")
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        self.clean_same_street("partner_firm", "department")
        if not self.link and not self.file:
            raise ValidationError({"link": _("请填写作品链接或上传作品文件。")})


class Recognition(StreetRecord):
    """表彰 / 肯定: recognition of the street's law publicity, e.g. the Ministry of Justice's
    official Weibo praising a video."""

    class Level(models.TextChoices):
        NATIONAL = "national", _("国家级")
        PROVINCIAL = "provincial", _("省（市）级")
        DISTRICT = "district", _("区级")
        OTHER = "other", _("其他")

    recognised_on = models.DateField(_("日期"))
    recognised_by = models.CharField(_("肯定或表彰单位"), max_length=100)
    level = models.CharField(_("级别"), max_length=16, choices=Level.choices)
    work = models.ForeignKey(
        MediaWork,
        verbose_name=_("获肯定的作品"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recognitions",
    )
    content = models.TextField(_("内容"))
    link = models.URLField(_("链接"), blank=True)

    class Meta:
        verbose_name = _("表彰与肯定")
        verbose_name_plural = pgettext_lazy("plural", "表彰与肯定")
        ordering = ["-recognised_on", "-id"]
        indexes = [models.Index(fields=["street", "recognised_on"], name="recognition_street_on")]

    def __str__(self) -> str:
        return f"{cn_date(self.recognised_on)} {self.recognised_by}"

    def clean(self) -> None:
        self.clean_same_street("work")


class FaqEntry(StreetRecord):
    """常见法律问题: a question residents ask and its answer with the law it rests on, written
    with the partner law firm, published on the portal while it is current."""

    class Category(models.TextChoices):
        EPIDEMIC = "epidemic", _("疫情防控")
        LABOUR = "labour", _("劳动用工")
        TENANCY = "tenancy", _("房屋租赁")
        CONTRACT = "contract", _("合同履行")
        CONSUMER = "consumer", _("消费维权")
        PUBLIC_ORDER = "public_order", _("社会秩序")
        MARRIAGE_FAMILY = "marriage_family", _("婚姻家庭")
        PROPERTY = "property", _("物业管理")
        SOCIAL_SECURITY = "social_security", _("社会保障")
        OTHER = "other", _("其他")

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        PUBLISHED = "published", _("已发布")
        RETIRED = "retired", _("已停用")

    question = models.CharField(_("问题"), max_length=300)
    answer = models.TextField(_("解答"))
    category = models.CharField(_("分类"), max_length=20, choices=Category.choices)
    law_references = models.TextField(
        _("法律依据"),
        blank=True,
        help_text=_("每行一条，例如：《中华人民共和国劳动合同法》第四十条。"),
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    partner_firm = models.ForeignKey(
        LawFirm,
        verbose_name=_("合作律师事务所"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="faq_entries",
    )
    published_on = models.DateField(_("发布日期"), null=True, blank=True, editable=False)
    retired_on = models.DateField(_("停用日期"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("常见法律问题")
        verbose_name_plural = pgettext_lazy("plural", "常见法律问题")
        ordering = ["category", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["street", "question"],
                name="faqentry_unique_question",
                violation_error_message=_("本街道已有相同的问题。"),
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_on__isnull=False),
                name="faqentry_published_has_date",
                violation_error_message=_("已发布或已停用的问题须有发布日期。"),
            ),
            models.CheckConstraint(
                condition=~Q(status="retired")
                | Q(retired_on__isnull=False, retired_on__gte=F("published_on")),
                name="faqentry_retired_after_published",
                violation_error_message=_("停用日期不能早于发布日期。"),
            ),
        ]
        indexes = [
            models.Index(fields=["street", "published_on"], name="faqentry_street_published")
        ]

    def __str__(self) -> str:
        return self.question

    def clean(self) -> None:
        self.clean_same_street("partner_firm")


class FaqSynonym(StreetRecord):
    """FAQ 同义词: words a resident may search by for the same thing (欠薪、拖欠工资)."""

    term = models.CharField(_("词语"), max_length=30)
    synonyms = models.CharField(
        _("同义词"),
        max_length=500,
        help_text=_("用顿号或逗号分隔，例如：拖欠工资、克扣工资、不发工资。"),
    )

    class Meta:
        verbose_name = _("法律问答同义词")
        verbose_name_plural = pgettext_lazy("plural", "法律问答同义词")
        ordering = ["term"]
        constraints = [
            models.UniqueConstraint(
                fields=["street", "term"],
                name="faqsynonym_unique_term",
                violation_error_message=_("本街道已有这个词语的同义词。"),
            )
        ]

    def __str__(self) -> str:
        return self.term


class FaqSearchText(models.Model):
    """An FAQ entry's text cut into words (分词) for the full-text index, one row per entry.

    Written by ``fazhi.outreach.search`` whenever the FAQ services write an entry; the index
    over it is the database's own, made by migration 0003: on SQLite the FTS5 table
    ``outreach_faq_fts``, kept in step by triggers on this table (a migration that rebuilds
    this table on SQLite must create them again); on PostgreSQL the generated ``tsvector``
    column ``document`` with a GIN index. The entry's street, status and category are copied
    here so that PostgreSQL picks its candidates without reading the entries; the results are
    checked against the entries themselves on both databases."""

    entry = models.OneToOneField(
        FaqEntry,
        verbose_name=_("常见法律问题"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_text",
    )
    street = models.ForeignKey(
        "org.Street", verbose_name=_("街道"), on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(_("状态"), max_length=16, choices=FaqEntry.Status.choices)
    category = models.CharField(_("分类"), max_length=20, choices=FaqEntry.Category.choices)
    question_words = models.TextField(_("问题分词"))
    answer_words = models.TextField(_("解答分词"))
    reference_words = models.TextField(_("法律依据分词"), blank=True)

    class Meta:
        verbose_name = _("法律问答检索文本")
        verbose_name_plural = pgettext_lazy("plural", "法律问答检索文本")
        default_permissions = ()

    def __str__(self) -> str:
        return str(self.entry)


class Question(StreetRecord):
    """题库中的一道试题: single choice, multiple choice or true/false, with its answer, the
    explanation and the law it rests on."""

    class Kind(models.TextChoices):
        SINGLE = "single", _("单选题")
        MULTIPLE = "multiple", _("多选题")
        TRUE_FALSE = "true_false", _("判断题")

    kind = models.CharField(_("题型"), max_length=16, choices=Kind.choices)
    stem = models.TextField(_("题干"))
    options = models.JSONField(
        _("选项"),
        default=list,
        blank=True,
        help_text=_("各选项的文字，依次为A、B、C……；判断题为“正确”“错误”两项。"),
    )
    answer = models.CharField(
        _("正确答案"),
        max_length=6,
        help_text=_(
            "选项字母：单选题一个，例如B；多选题两个以上，例如ACD；判断题A为正确、B为错误。"
        ),
    )
    explanation = models.TextField(_("答案解析"), blank=True)
    law_reference = models.CharField(_("法律依据"), max_length=200, blank=True)
    theme = models.ForeignKey(
        Theme,
        verbose_name=_("所属主题"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="questions",
    )
    in_use = models.BooleanField(_("在用"), default=True)

    class Meta:
        verbose_name = _("试题")
        verbose_name_plural = pgettext_lazy("plural", "题库")
        ordering = ["id"]

    def __str__(self) -> str:
        text = " ".join(self.stem.split())
        return text if len(text) <= 40 else f"{text[:40]}…"

    def option_list(self) -> str:
        """The options as the bank is read and exported: A．鸦片, one per line."""
        return "\n".join(
            f"{letter}．{text}"
            for letter, text in zip(OPTION_LETTERS, self.options or [], strict=False)
        )

    option_list.short_description = _("选项")  # type: ignore[attr-defined]

    def clean(self) -> None:
        self.clean_same_street("theme")
        options = self.options
        if self.kind == self.Kind.TRUE_FALSE:
            if options in (None, "", []):
                self.options = options = list(TRUE_FALSE_OPTIONS)
            if options != TRUE_FALSE_OPTIONS:
                raise ValidationError({"options": _("判断题的选项只能是“正确”“错误”。")})
        if (
            not isinstance(options, list)
            or not all(isinstance(o, str) and o.strip() for o in options)
            or not 2 <= len(options) <= len(OPTION_LETTERS)
        ):
            raise ValidationError(
                {
                    "options": _("请填写2至%(n)d个选项，每个选项都要有文字。")
                    % {"n": len(OPTION_LETTERS)}
                }
            )
        if len({o.strip() for o in options}) != len(options):
            raise ValidationError({"options": _("选项不能重复。")})
        letters = OPTION_LETTERS[: len(options)]
        answer = (self.answer or "").strip().upper()
        if not answer or any(a not in letters for a in answer) or len(set(answer)) != len(answer):
            raise ValidationError(
                {"answer": _("正确答案须为选项字母%(letters)s中的字母。") % {"letters": letters}}
            )
        if self.kind == self.Kind.MULTIPLE and len(answer) < 2:
            raise ValidationError({"answer": _("多选题的正确答案至少有两个选项。")})
        if self.kind != self.Kind.MULTIPLE and len(answer) != 1:
            raise ValidationError({"answer": _("单选题和判断题的正确答案只有一个选项。")})
        self.answer = "".join(sorted(answer))


class Quiz(StreetRecord):
    """法律知识竞答: questions drawn from the bank for each resident who takes part by mobile
    number, once per number, within a time window and a time limit."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("未发布")
        PUBLISHED = "published", _("已发布")
        CANCELLED = "cancelled", _("已取消")

    title = models.CharField(_("竞答名称"), max_length=100)
    description = models.TextField(_("竞答说明"), blank=True)
    opens_at = models.DateTimeField(_("开始时间"))
    closes_at = models.DateTimeField(_("结束时间"))
    question_count = models.PositiveSmallIntegerField(
        _("每次抽题数"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("答题限时（分钟）"), validators=[MinValueValidator(1), MaxValueValidator(180)]
    )
    themes = models.ManyToManyField(
        Theme,
        verbose_name=_("出题范围"),
        blank=True,
        related_name="quizzes",
        help_text=_("从这些主题的在用试题中抽题；不选表示从全部在用试题中抽题。"),
    )
    key_date = models.ForeignKey(
        KeyDate,
        verbose_name=_("普法节点"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="quizzes",
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.DRAFT, editable=False
    )

    class Meta:
        verbose_name = _("知识竞答")
        verbose_name_plural = pgettext_lazy("plural", "知识竞答")
        ordering = ["-opens_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")),
                name="quiz_closes_after_opening",
                violation_error_message=_("结束时间须晚于开始时间。"),
            )
        ]
        indexes = [models.Index(fields=["street", "opens_at"], name="quiz_street_opens")]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        self.clean_same_street("key_date")


class QuizAttempt(models.Model):
    """A resident's one attempt at a quiz: the questions drawn, the answers and the score
    counted on the server."""

    quiz = models.ForeignKey(
        Quiz, verbose_name=_("知识竞答"), on_delete=models.PROTECT, related_name="attempts"
    )
    mobile = models.CharField(_("手机号码"), max_length=11, validators=[mobile_validator])
    name = models.CharField(_("姓名"), max_length=30)
    started_at = models.DateTimeField(_("开始答题时间"))
    submitted_at = models.DateTimeField(_("交卷时间"), null=True, blank=True)
    questions = models.JSONField(_("抽取的试题"), default=list, blank=True)
    answers = models.JSONField(_("作答"), default=dict, blank=True)
    correct = models.PositiveSmallIntegerField(_("答对题数"), null=True, blank=True)
    score = models.PositiveSmallIntegerField(_("得分"), null=True, blank=True)

    scope_street: ClassVar[str] = "quiz__street"
    objects: ClassVar[Any] = ScopedManager()

    class Meta:
        verbose_name = _("竞答记录")
        verbose_name_plural = pgettext_lazy("plural", "竞答记录")
        ordering = ["quiz", "-score", "submitted_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["quiz", "mobile"],
                name="quizattempt_one_per_mobile",
                violation_error_message=_("该手机号码已参加过本次竞答，每个号码只能参加一次。"),
            )
        ]
        indexes = [models.Index(fields=["submitted_at"], name="quizattempt_submitted")]

    def __str__(self) -> str:
        return f"{self.quiz} {self.name}"

    @property
    def deadline(self) -> datetime.datetime:
        """When the answers are due: the time limit after the start, or the quiz's end if that
        comes first."""
        quiz = self.quiz
        return min(
            self.started_at + datetime.timedelta(minutes=quiz.time_limit_minutes), quiz.closes_at
        )
