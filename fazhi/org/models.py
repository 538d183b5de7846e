from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fazhi.core.formats import cn_date
from fazhi.core.scoping import ScopedManager, ScopedQuerySet

mobile_validator = RegexValidator(r"^1[3-9]\d{9}$", _("请输入11位手机号码。"))
phone_validator = RegexValidator(
    r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?|\d{3,5})$",
    _("请输入手机号码或带区号的固定电话，例如 13812345678 或 022-63123456。"),
)


class District(models.Model):
    """区: several streets roll up to it."""

    name = models.CharField(_("名称"), max_length=50, unique=True)
    city = models.CharField(_("所属城市"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("区")
        verbose_name_plural = pgettext_lazy("plural", "区")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Street(models.Model):
    """街道办事处: the tenant; every record belongs to one street."""

    district = models.ForeignKey(
        District, verbose_name=_("所属区"), on_delete=models.PROTECT, related_name="streets"
    )
    name = models.CharField(_("名称"), max_length=50)
    slug = models.SlugField(
        _("标识"),
        max_length=50,
        unique=True,
        help_text=_("英文字母、数字或短横线，用于网址和命令行，例如 haibin。"),
    )
    address = models.CharField(_("办公地址"), max_length=200, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True, validators=[phone_validator])
    office_hours = models.CharField(_("办公时间"), max_length=100, blank=True)
    introduction = models.TextField(_("街道简介"), blank=True)

    scope_street = "id"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("街道")
        verbose_name_plural = pgettext_lazy("plural", "街道")
        ordering = ["name"]
        permissions = [
            ("view_statistics", _("查看统计指标")),
            ("import_org", _("导入网格和网格员")),
        ]
        constraints = [
            models.UniqueConstraint(fields=["district", "name"], name="street_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


def _field_label(instance: models.Model, name: str) -> Any:
    return getattr(instance._meta.get_field(name), "verbose_name", name)


class StreetRecord(models.Model):
    """Abstract base: a record that belongs to one street and knows when it was written."""

    street = models.ForeignKey(
        Street, verbose_name=_("街道"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    scope_street: ClassVar[str] = "street"
    scope_grid: ClassVar[str | None] = None
    objects: ClassVar[Any] = ScopedManager()

    class Meta:
        abstract = True

    def unique_error_message(self, model_class: Any, unique_check: Any) -> ValidationError:
        labels = [str(_field_label(self, f)) for f in unique_check if f != "street"]
        return ValidationError(
            _("本街道已有%(fields)s相同的%(model)s。")
            % {"fields": _("、").join(labels), "model": self._meta.verbose_name},
            code="unique_together",
        )

    def clean_same_street(self, *related: Any) -> None:
        """Refuse links to records of another street."""
        for field_name in related:
            other = getattr(self, field_name, None)
            if (
                other is not None
                and self.street_id
                and getattr(other, "street_id", None) != self.street_id
            ):
                label = _field_label(self, field_name)
                raise ValidationError(
                    {field_name: _("所选%(label)s不属于本街道。") % {"label": label}}
                )


class ActiveOnQuerySet(ScopedQuerySet[Any]):
    """Records in force on a date, for figures "as of" the end of a report period."""

    start_field = "established_on"
    end_field = "dissolved_on"

    def active_on(self, day: Any) -> ActiveOnQuerySet:
        """In force on ``day``: started on or before it, not ended by it. The one rule of
        "在用 / 在岗 / 在任" for figures, counts and list filters alike."""
        return self.filter(**{f"{self.start_field}__lte": day}).filter(
            Q(**{f"{self.end_field}__isnull": True}) | Q(**{f"{self.end_field}__gt": day})
        )

    def ended_by(self, day: Any) -> ActiveOnQuerySet:
        """Dissolved, left or ended on or before ``day``."""
        return self.filter(**{f"{self.end_field}__lte": day})


class Department(StreetRecord):
    """部门 / 科室 of the street office, e.g. 公共安全办公室."""

    name = models.CharField(_("部门名称"), max_length=50)
    head_name = models.CharField(_("负责人"), max_length=30, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True, validators=[phone_validator])
    duties = models.TextField(_("主要职责"), blank=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=0, blank=True)
    is_active = models.BooleanField(_("在用"), default=True)

    class Meta:
        verbose_name = _("部门")
        verbose_name_plural = pgettext_lazy("plural", "部门")
        ordering = ["sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["street", "name"], name="department_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Village(StreetRecord):
    """村居: a village (村) or an urban community (社区) of the street."""

    class Kind(models.TextChoices):
        VILLAGE = "village", _("村")
        COMMUNITY = "community", _("社区")

    name = models.CharField(_("村居名称"), max_length=50)
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices, default=Kind.COMMUNITY)
    address = models.CharField(_("村（居）委会地址"), max_length=200, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True, validators=[phone_validator])
    households = models.PositiveIntegerField(_("户数"), null=True, blank=True)
    population = models.PositiveIntegerField(_("人口"), null=True, blank=True)
    established_on = models.DateField(_("设立日期"))
    dissolved_on = models.DateField(_("撤销日期"), null=True, blank=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=0, blank=True)

    scope_grid = "grids"
    objects: ClassVar[Any] = models.Manager.from_queryset(ActiveOnQuerySet)()

    class Meta:
        verbose_name = _("村居")
        verbose_name_plural = pgettext_lazy("plural", "村居")
        ordering = ["sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["street", "name"], name="village_unique_name"),
            models.CheckConstraint(
                condition=Q(dissolved_on__isnull=True)
                | Q(dissolved_on__gte=models.F("established_on")),
                name="village_dissolved_after_established",
                violation_error_message=_("撤销日期不能早于设立日期。"),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Grid(StreetRecord):
    """网格: the smallest unit of grassroots management, inside one village."""

    village = models.ForeignKey(
        Village, verbose_name=_("所属村居"), on_delete=models.PROTECT, related_name="grids"
    )
    code = models.CharField(_("网格编号"), max_length=30)
    name = models.CharField(_("网格名称"), max_length=50)
    area_description = models.CharField(_("四至范围"), max_length=200, blank=True)
    boundary = models.JSONField(
        _("网格边界"),
        null=True,
        blank=True,
        help_text=_("GeoJSON 多边形（Polygon 或 MultiPolygon 的 geometry），由网格边界文件导入。"),
    )
    established_on = models.DateField(_("划定日期"))
    dissolved_on = models.DateField(_("撤销日期"), null=True, blank=True)

    scope_grid = "id"
    objects: ClassVar[Any] = models.Manager.from_queryset(ActiveOnQuerySet)()

    class Meta:
        verbose_name = _("网格")
        verbose_name_plural = pgettext_lazy("plural", "网格")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["street", "code"], name="grid_unique_code"),
            models.CheckConstraint(
                condition=Q(dissolved_on__isnull=True)
                | Q(dissolved_on__gte=models.F("established_on")),
                name="grid_dissolved_after_established",
                violation_error_message=_("撤销日期不能早于划定日期。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def clean(self) -> None:
        self.clean_same_street("village")
        village = self.village if self.village_id else None
        if village is None or self.established_on is None:
            return
        if self.established_on < village.established_on:
            raise ValidationError(
                {
                    "established_on": _("划定日期不能早于所属村居的设立日期（%(date)s）。")
                    % {"date": cn_date(village.established_on)}
                }
            )
        if village.dissolved_on and self.established_on >= village.dissolved_on:
            raise ValidationError(
                {
                    "village": _("村居“%(name)s”已于%(date)s撤销。")
                    % {"name": village.name, "date": cn_date(village.dissolved_on)}
                }
            )


class UserQuerySet(ScopedQuerySet["User"]):
    def for_user(self, user: Any) -> UserQuerySet:
        """Accounts of the user's street; superuser accounts only for superusers."""
        qs = super().for_user(user)
        return qs if getattr(user, "is_superuser", False) else qs.exclude(is_superuser=True)


class UserManager(DjangoUserManager["User"]):
    def get_queryset(self) -> UserQuerySet:
        return UserQuerySet(self.model, using=self._db)

    def for_user(self, user: Any) -> UserQuerySet:
        return self.get_queryset().for_user(user)


class LegalReviewPost(models.TextChoices):
    """How a legal reviewer holds the post: full-time (专职) or alongside another post (兼职)."""

    FULL_TIME = "full_time", _("专职")
    PART_TIME = "part_time", _("兼职")


class User(AbstractUser):
    """A staff account: office staff, officers, reviewers, grid workers with accounts, lawyers."""

    full_name = models.CharField(_("姓名"), max_length=30)
    street = models.ForeignKey(
        Street,
        verbose_name=_("街道"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    district = models.ForeignKey(
        District,
        verbose_name=_("所属区"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
        help_text=_("区依法治区办的账号：可查看本区各街道的统计数据，不能查看街道的具体记录。"),
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    grid = models.ForeignKey(
        Grid,
        verbose_name=_("网格"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
        help_text=_("网格员账号只能看到本网格的记录。"),
    )
    title = models.CharField(_("职务"), max_length=50, blank=True)
    phone = models.CharField(
        _("手机号码"), max_length=11, blank=True, validators=[mobile_validator]
    )
    enforcement_certificate_no = models.CharField(_("执法证号"), max_length=30, blank=True)
    legal_qualification = models.CharField(
        _("法律职业资格证书编号"),
        max_length=30,
        blank=True,
        help_text=_("法制审核人员须具备法律职业资格。"),
    )
    legal_review_post = models.CharField(
        _("法制审核岗位"),
        max_length=16,
        choices=LegalReviewPost.choices,
        blank=True,
        help_text=_("法制审核人员专职从事法制审核，或由其他岗位的工作人员兼任。"),
    )
    must_change_password = models.BooleanField(_("下次登录须修改密码"), default=True)
    password_changed_at = models.DateTimeField(_("密码修改时间"), null=True, blank=True)
    is_demo_account = models.BooleanField(_("演示账号"), default=False)

    scope_street: ClassVar[str] = "street"
    scope_grid: ClassVar[str | None] = "grid"
    objects = UserManager()  # type: ignore[misc]

    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = pgettext_lazy("plural", "用户")
        ordering = ["username"]
        permissions = [("manage_roles", _("分配角色"))]
        constraints = [
            # Login and lockout compare user names without case: so must uniqueness.
            models.UniqueConstraint(
                Lower("username"),
                name="user_unique_username_ci",
                violation_error_message=_("该用户名已被使用。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.full_name}（{self.username}）" if self.full_name else self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.username

    def role_codes(self) -> set[str]:
        cached: set[str] | None = getattr(self, "_role_codes", None)
        if cached is None:
            cached = set(self.groups.values_list("name", flat=True)) if self.pk else set()
            self._role_codes = cached
        return cached

    def has_role(self, role: str) -> bool:
        return role in self.role_codes()

    def has_any_role(self, roles: Iterable[str]) -> bool:
        return bool(self.role_codes() & set(roles))

    def role_labels(self) -> str:
        from fazhi.org.roles import Role

        return _("、").join(
            str(Role(code).label) for code in sorted(self.role_codes()) if code in Role.values
        )

    def clean(self) -> None:
        super().clean()
        if self.department and self.street_id and self.department.street_id != self.street_id:
            raise ValidationError({"department": _("所选部门不属于该用户的街道。")})
        if self.grid and self.street_id and self.grid.street_id != self.street_id:
            raise ValidationError({"grid": _("所选网格不属于该用户的街道。")})


class GridWorkerQuerySet(ActiveOnQuerySet):
    start_field = "started_on"
    end_field = "ended_on"


class GridWorker(StreetRecord):
    """网格员: a person assigned to one grid, full-time (专职) or part-time (兼职)."""

    class Kind(models.TextChoices):
        FULL_TIME = "full_time", _("专职")
        PART_TIME = "part_time", _("兼职")

    class Gender(models.TextChoices):
        MALE = "male", _("男")
        FEMALE = "female", _("女")

    grid = models.ForeignKey(
        Grid, verbose_name=_("网格"), on_delete=models.PROTECT, related_name="workers"
    )
    name = models.CharField(_("姓名"), max_length=30)
    gender = models.CharField(_("性别"), max_length=8, choices=Gender.choices, blank=True)
    phone = models.CharField(_("手机号码"), max_length=11, validators=[mobile_validator])
    kind = models.CharField(_("类别"), max_length=16, choices=Kind.choices, default=Kind.FULL_TIME)
    started_on = models.DateField(_("上岗日期"))
    ended_on = models.DateField(_("离岗日期"), null=True, blank=True)
    user = models.OneToOneField(
        User,
        verbose_name=_("系统账号"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="grid_worker",
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)

    scope_grid = "grid"
    objects: ClassVar[Any] = models.Manager.from_queryset(GridWorkerQuerySet)()

    class Meta:
        verbose_name = _("网格员")
        verbose_name_plural = pgettext_lazy("plural", "网格员")
        ordering = ["grid__code", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["street", "phone"],
                condition=Q(ended_on__isnull=True),
                name="gridworker_unique_active_phone",
                violation_error_message=_("本街道已有使用该手机号码的在岗网格员。"),
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="gridworker_ended_after_started",
                violation_error_message=_("离岗日期不能早于上岗日期。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.grid.code}）"

    def clean(self) -> None:
        self.clean_same_street("grid", "user")
        grid = self.grid if self.grid_id else None
        if grid is None:
            return
        if self.started_on is not None:
            if self.started_on < grid.established_on:
                raise ValidationError(
                    {
                        "started_on": _("上岗日期不能早于网格的划定日期（%(date)s）。")
                        % {"date": cn_date(grid.established_on)}
                    }
                )
            if grid.dissolved_on and self.started_on >= grid.dissolved_on:
                raise ValidationError(
                    {
                        "grid": _("网格“%(code)s”已于%(date)s撤销。")
                        % {"code": grid.code, "date": cn_date(grid.dissolved_on)}
                    }
                )
        if self.user is not None and self.user.grid_id != grid.pk:
            raise ValidationError({"user": _("所选账号属于其他网格，不能关联到本网格的网格员。")})


class LeadingGroup(StreetRecord):
    """法治政府建设领导小组 of a street, with its office (办公室)."""

    name = models.CharField(_("名称"), max_length=100)
    established_on = models.DateField(_("成立日期"))
    document_no = models.CharField(_("成立文号"), max_length=50, blank=True)
    office_location = models.CharField(
        _("办公室设在"),
        max_length=100,
        blank=True,
        help_text=_("领导小组下设办公室所在部门，例如 司法所。"),
    )
    duties = models.TextField(_("工作职责"), blank=True)

    class Meta:
        verbose_name = _("法治政府建设领导小组")
        verbose_name_plural = pgettext_lazy("plural", "法治政府建设领导小组")
        ordering = ["-established_on"]

    def __str__(self) -> str:
        return self.name


class LeadingGroupMemberQuerySet(ActiveOnQuerySet):
    start_field = "appointed_on"
    end_field = "left_on"


class LeadingGroupMember(StreetRecord):
    """A seat in the leading group: 组长, 副组长, 成员, or in its office."""

    class Position(models.TextChoices):
        LEADER = "leader", _("组长")
        DEPUTY = "deputy", _("副组长")
        MEMBER = "member", _("成员")
        OFFICE_DIRECTOR = "office_director", _("办公室主任")
        OFFICE_MEMBER = "office_member", _("办公室成员")

    group = models.ForeignKey(
        LeadingGroup, verbose_name=_("领导小组"), on_delete=models.PROTECT, related_name="members"
    )
    user = models.ForeignKey(
        User, verbose_name=_("人员"), on_delete=models.PROTECT, related_name="leading_group_seats"
    )
    position = models.CharField(_("小组职务"), max_length=20, choices=Position.choices)
    title = models.CharField(
        _("行政职务"), max_length=50, blank=True, help_text=_("例如 街道党工委书记。")
    )
    appointed_on = models.DateField(_("任职日期"))
    left_on = models.DateField(_("离任日期"), null=True, blank=True)

    objects: ClassVar[Any] = models.Manager.from_queryset(LeadingGroupMemberQuerySet)()

    class Meta:
        verbose_name = _("领导小组成员")
        verbose_name_plural = pgettext_lazy("plural", "领导小组成员")
        ordering = ["group", "position", "appointed_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "user", "position"],
                condition=Q(left_on__isnull=True),
                name="leadinggroupmember_unique_active_seat",
                violation_error_message=_("该人员已在领导小组中担任此职务。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_position_display()} {self.user.display_name}"

    def clean(self) -> None:
        self.clean_same_street("group", "user")
        if self.left_on and self.appointed_on and self.left_on < self.appointed_on:
            raise ValidationError({"left_on": _("离任日期不能早于任职日期。")})


class LeadingGroupMeeting(StreetRecord):
    """领导小组会议: a plenary or topical meeting, with topics, attendees and minutes."""

    class Kind(models.TextChoices):
        PLENARY = "plenary", _("全体会议")
        TOPICAL = "topical", _("专题会议")
        STUDY = "study", _("会前学法")

    group = models.ForeignKey(
        LeadingGroup, verbose_name=_("领导小组"), on_delete=models.PROTECT, related_name="meetings"
    )
    title = models.CharField(_("会议名称"), max_length=100)
    kind = models.CharField(
        _("会议类型"), max_length=16, choices=Kind.choices, default=Kind.TOPICAL
    )
    held_on = models.DateField(_("召开日期"))
    place = models.CharField(_("地点"), max_length=100, blank=True)
    chaired_by = models.ForeignKey(
        User,
        verbose_name=_("主持人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="chaired_meetings",
    )
    topics = models.TextField(_("议题"), help_text=_("每行一个议题。"))
    attendees = models.ManyToManyField(
        User, verbose_name=_("出席人员"), related_name="attended_meetings", blank=True
    )
    decisions = models.TextField(_("会议议定事项"), blank=True)

    class Meta:
        verbose_name = _("领导小组会议")
        verbose_name_plural = pgettext_lazy("plural", "领导小组会议")
        ordering = ["-held_on"]
        indexes = [models.Index(fields=["street", "held_on"], name="meeting_street_held")]

    def __str__(self) -> str:
        return f"{cn_date(self.held_on)} {self.title}"

    def clean(self) -> None:
        self.clean_same_street("group", "chaired_by")

    def topic_list(self) -> list[str]:
        return [line.strip() for line in self.topics.splitlines() if line.strip()]
