"""Staff law study (学法) and the villages' 法律明白人: study sessions with their attendance,
self-study, the list of newly revised laws to study, each street's yearly target of study hours,
the registry of legally literate villagers and their training."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fazhi.core.formats import cn_date
from fazhi.core.masking import mask_mobile
from fazhi.core.scoping import ScopedManager, ScopedQuerySet
from fazhi.legal_services.models import Lawyer
from fazhi.org.models import (
    ActiveOnQuerySet,
    Department,
    GridWorker,
    LeadingGroupMeeting,
    StreetRecord,
    User,
    Village,
    mobile_validator,
)

# One record's hours: a study session, a day's self-study, a training. Longer courses are
# recorded day by day.
MAX_HOURS = Decimal("24")
_max_hours = MaxValueValidator(
    MAX_HOURS, message=_("单条记录的学时不能超过24学时；持续多日的学习请按天分别登记。")
)
# 法律明白人 each active village should have at least (the 培养工程's usual target).
LITERATES_PER_VILLAGE = 3


def hours_text(value: Decimal | None) -> str:
    """Hours as people write them: 2, 1.5 (not 2.0)."""
    if value is None:
        return ""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def hours_field(verbose_name: Any, **kwargs: Any) -> models.DecimalField:
    """Study hours to one decimal (1.5学时), at most a day's."""
    return models.DecimalField(
        verbose_name,
        max_digits=4,
        decimal_places=1,
        validators=[_max_hours],
        **kwargs,
    )


def _positive_hours(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(hours__gt=0),
        name=f"{name}_hours_positive",
        violation_error_message=_("学时须大于0。"),
    )


class StudyTarget(StreetRecord):
    """学法学时目标: the hours of law study each staff member is to reach in a year."""

    year = models.PositiveSmallIntegerField(
        _("年度"), validators=[MinValueValidator(2000), MaxValueValidator(2200)]
    )
    target_hours = models.DecimalField(
        _("年度学时目标"),
        max_digits=5,
        decimal_places=1,
        validators=[MaxValueValidator(Decimal("500"))],
        help_text=_("每名工作人员本年度应完成的学法学时（集中学法与自学合计）。"),
    )
    note = models.CharField(_("依据或说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("学法学时目标")
        verbose_name_plural = pgettext_lazy("plural", "学法学时目标")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["street", "year"],
                name="studytarget_unique_year",
                violation_error_message=_("本街道已设置该年度的学时目标，请修改原有设置。"),
            ),
            models.CheckConstraint(
                condition=Q(target_hours__gt=0),
                name="studytarget_hours_positive",
                violation_error_message=_("学时目标须大于0。"),
            ),
        ]

    def __str__(self) -> str:
        return _("%(year)s年度学法学时目标") % {"year": self.year}


class LawToStudy(StreetRecord):
    """新修订法律学习清单的一项: a law, regulation or decision newly adopted or revised, which
    the staff are to study."""

    class Level(models.TextChoices):
        LAW = "law", _("法律")
        DECISION = "decision", _("有关法律问题的决定")
        ADMINISTRATIVE_REGULATION = "administrative_regulation", _("行政法规")
        LOCAL_REGULATION = "local_regulation", _("地方性法规")
        RULE = "rule", _("规章")
        OTHER = "other", _("其他")

    name = models.CharField(
        _("名称"), max_length=200, help_text=_("例如：《中华人民共和国民法典》。")
    )
    level = models.CharField(_("效力级别"), max_length=32, choices=Level.choices, default=Level.LAW)
    revised_on = models.DateField(_("通过或修订日期"))
    effective_on = models.DateField(_("施行日期"), null=True, blank=True)
    listed_on = models.DateField(_("列入学习清单日期"))
    note = models.CharField(
        _("学习要求"), max_length=200, blank=True, help_text=_("例如：重点学习物权编、合同编。")
    )

    class Meta:
        verbose_name = _("新修订法律")
        verbose_name_plural = pgettext_lazy("plural", "新修订法律学习清单")
        ordering = ["-listed_on", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["street", "name", "revised_on"],
                name="lawtostudy_unique_version",
                violation_error_message=_("学习清单中已有这部法律的这一版本。"),
            ),
            models.CheckConstraint(
                condition=Q(listed_on__gte=F("revised_on")),
                name="lawtostudy_listed_after_revised",
                violation_error_message=_("列入学习清单日期不能早于通过或修订日期。"),
            ),
            models.CheckConstraint(
                condition=Q(effective_on__isnull=True) | Q(effective_on__gte=F("revised_on")),
                name="lawtostudy_effective_after_revised",
                violation_error_message=_("施行日期不能早于通过或修订日期。"),
            ),
        ]
        indexes = [models.Index(fields=["street", "listed_on"], name="lawtostudy_street_listed")]

    def __str__(self) -> str:
        return self.name


class StudySession(StreetRecord):
    """学法活动: a study session of the staff — 集中学法, the leadership's study before a meeting
    (会前学法) or collective study (集体学法), a lecture by the legal adviser, a special training."""

    class Kind(models.TextChoices):
        GROUP = "group", _("集中学法")
        PRE_MEETING = "pre_meeting", _("领导班子会前学法")
        LEADERSHIP = "leadership", _("领导班子集体学法")
        ADVISER_LECTURE = "adviser_lecture", _("法律顾问讲座")
        TRAINING = "training", _("专题培训")

    # The leadership's own study (领导班子学法), which the report counts apart.
    LEADERSHIP_KINDS: ClassVar[tuple[str, ...]] = (Kind.PRE_MEETING, Kind.LEADERSHIP)

    kind = models.CharField(_("学法形式"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("学习主题"), max_length=100)
    date = models.DateField(_("学习日期"))
    place = models.CharField(_("地点"), max_length=100, blank=True)
    content = models.TextField(_("学习内容"), max_length=2000)
    laws = models.ManyToManyField(
        LawToStudy,
        verbose_name=_("学习的新修订法律"),
        related_name="sessions",
        blank=True,
        help_text=_("本次学习涉及的学习清单中的法律；出席人员即记为已学习。"),
    )
    other_laws = models.CharField(
        _("其他学习的法律法规"),
        max_length=200,
        blank=True,
        help_text=_("未列入学习清单的，多个用顿号分隔。"),
    )
    lawyer = models.ForeignKey(
        Lawyer,
        verbose_name=_("主讲律师"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="study_sessions",
        help_text=_("法律顾问讲座须选择主讲律师。"),
    )
    speaker = models.CharField(
        _("主讲人"),
        max_length=50,
        blank=True,
        help_text=_("主讲人不是本街道登记的律师时填写，例如：区司法局普法科科长。"),
    )
    meeting = models.ForeignKey(
        LeadingGroupMeeting,
        verbose_name=_("所在会议"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="study_sessions",
        help_text=_("会前学法时可选择随后召开的领导小组会议。"),
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("组织部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="study_sessions",
    )
    hours = hours_field(_("学时"), help_text=_("本次学习的时长，出席人员默认按此计入学时。"))
    note = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("学法活动")
        verbose_name_plural = pgettext_lazy("plural", "学法记录")
        ordering = ["-date", "-id"]
        permissions = [("import_study", _("导入学法签到"))]
        constraints = [_positive_hours("studysession")]
        indexes = [models.Index(fields=["street", "date"], name="studysession_street_date")]

    def __str__(self) -> str:
        return f"{cn_date(self.date)} {self.title}"

    def clean(self) -> None:
        self.clean_same_street("lawyer", "meeting", "department")
        if self.kind == self.Kind.ADVISER_LECTURE and not self.lawyer_id:
            raise ValidationError({"lawyer": _("法律顾问讲座请选择主讲律师。")})
        meeting = self.meeting if self.meeting_id else None
        if meeting is not None:
            if self.kind != self.Kind.PRE_MEETING:
                raise ValidationError({"meeting": _("只有会前学法才选择所在会议。")})
            if self.date is not None and meeting.held_on != self.date:
                raise ValidationError(
                    {
                        "meeting": _("会前学法的日期须与会议召开日期（%(date)s）相同。")
                        % {"date": cn_date(meeting.held_on)}
                    }
                )

    def speaker_display(self) -> str:
        """Who spoke: the lawyer with the firm, or the speaker as written."""
        if self.lawyer_id:
            lawyer = self.lawyer
            return f"{lawyer.name}（{lawyer.firm.name}）" if lawyer else ""
        return self.speaker

    speaker_display.short_description = _("主讲人")  # type: ignore[attr-defined]


class StudyAttendance(StreetRecord):
    """学法签到: one staff member at a study session — present or absent, and the hours counted."""

    session = models.ForeignKey(
        StudySession,
        verbose_name=_("学法活动"),
        on_delete=models.CASCADE,
        related_name="attendance",
    )
    user = models.ForeignKey(
        User, verbose_name=_("人员"), on_delete=models.PROTECT, related_name="study_attendance"
    )
    attended = models.BooleanField(_("出席"), default=True)
    hours = models.DecimalField(
        _("计入学时"),
        max_digits=4,
        decimal_places=1,
        default=Decimal("0"),
        blank=True,
        validators=[_max_hours],
        help_text=_("出席的不填则按学法活动的学时计入；未出席的不计学时。"),
    )
    note = models.CharField(_("说明"), max_length=100, blank=True, help_text=_("例如：请假原因。"))

    class Meta:
        verbose_name = _("学法签到")
        verbose_name_plural = pgettext_lazy("plural", "学法签到")
        ordering = ["-session__date", "session", "user__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "user"],
                name="studyattendance_unique_person",
                violation_error_message=_("该人员在本次学法中已有签到记录。"),
            ),
            models.CheckConstraint(
                condition=Q(hours__gte=0),
                name="studyattendance_hours_not_negative",
                violation_error_message=_("学时不能为负数。"),
            ),
            models.CheckConstraint(
                condition=Q(attended=True) | Q(hours=0),
                name="studyattendance_absent_no_hours",
                violation_error_message=_("未出席的人员不计学时。"),
            ),
        ]
        indexes = [models.Index(fields=["street", "user"], name="studyattendance_street_user")]

    def __str__(self) -> str:
        return f"{self.user.display_name} · {self.session}"

    def clean(self) -> None:
        self.clean_same_street("session", "user")
        session = self.session if self.session_id else None
        # Hours left empty (0) for one present are the session's: the service fills them in.
        if not self.attended or session is None or self.hours is None:
            return
        if self.hours > session.hours:
            raise ValidationError(
                {
                    "hours": _("计入学时不能超过本次学法的学时（%(hours)s学时）。")
                    % {"hours": hours_text(session.hours)}
                }
            )


class SelfStudyQuerySet(ScopedQuerySet["SelfStudy"]):
    def for_user(self, user: Any) -> SelfStudyQuerySet:
        """The street's self-study for those who keep or read it all (the office, the leader);
        one's own records for everyone else (department staff record their own)."""
        qs = super().for_user(user)
        if user is None or user.is_superuser or user.has_perm("study.view_all_selfstudy"):
            return qs
        return qs.filter(user=user)


class SelfStudy(StreetRecord):
    """自学记录: one person's study on their own — a law, a book, an online course."""

    user = models.ForeignKey(
        User, verbose_name=_("人员"), on_delete=models.PROTECT, related_name="self_studies"
    )
    date = models.DateField(_("学习日期"))
    laws = models.ManyToManyField(
        LawToStudy,
        verbose_name=_("学习的新修订法律"),
        related_name="self_studies",
        blank=True,
    )
    material = models.CharField(
        _("学习内容"),
        max_length=200,
        blank=True,
        help_text=_("未列入学习清单的法律法规、书籍或网络课程，例如：学习强国《民法典》专题课。"),
    )
    hours = hours_field(_("学时"))
    note = models.CharField(_("备注"), max_length=200, blank=True)

    objects: ClassVar[Any] = models.Manager.from_queryset(SelfStudyQuerySet)()

    class Meta:
        verbose_name = _("自学记录")
        verbose_name_plural = pgettext_lazy("plural", "自学记录")
        ordering = ["-date", "-id"]
        permissions = [("view_all_selfstudy", _("查看和登记全街道人员的自学记录"))]
        constraints = [_positive_hours("selfstudy")]
        indexes = [models.Index(fields=["street", "date"], name="selfstudy_street_date")]

    def __str__(self) -> str:
        return _("%(name)s %(date)s自学") % {
            "name": self.user.display_name,
            "date": cn_date(self.date),
        }

    def clean(self) -> None:
        self.clean_same_street("user")


class LegalLiterateQuerySet(ActiveOnQuerySet):
    start_field = "appointed_on"
    end_field = "ended_on"


class LegalLiterate(StreetRecord):
    """法律明白人: a villager trained to know the law and help the neighbours use it, drawn from
    the grid workers, mediators, village cadres and villagers' representatives."""

    class Source(models.TextChoices):
        GRID_WORKER = "grid_worker", pgettext_lazy("role", "网格员")
        MEDIATOR = "mediator", _("调解员")
        VILLAGE_CADRE = "village_cadre", _("村干部")
        VILLAGER_REPRESENTATIVE = "villager_representative", _("村民代表")
        OTHER = "other", _("其他")

    village = models.ForeignKey(
        Village, verbose_name=_("村居"), on_delete=models.PROTECT, related_name="legal_literates"
    )
    name = models.CharField(_("姓名"), max_length=30)
    source = models.CharField(_("人员来源"), max_length=32, choices=Source.choices)
    phone = models.CharField(
        _("手机号码"), max_length=11, blank=True, validators=[mobile_validator]
    )
    grid_worker = models.ForeignKey(
        GridWorker,
        verbose_name=_("对应网格员"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="legal_literates",
        help_text=_("本人是网格员的，选择对应的网格员记录。"),
    )
    user = models.ForeignKey(
        User,
        verbose_name=_("系统账号"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="legal_literates",
        help_text=_("本人有系统账号的（例如村居干部），选择对应账号。"),
    )
    appointed_on = models.DateField(_("认定日期"))
    ended_on = models.DateField(_("退出日期"), null=True, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    scope_grid = "village__grids"
    objects: ClassVar[Any] = models.Manager.from_queryset(LegalLiterateQuerySet)()

    class Meta:
        verbose_name = _("法律明白人")
        verbose_name_plural = pgettext_lazy("plural", "法律明白人")
        ordering = ["village__sort_order", "village__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["street", "village", "name"],
                condition=Q(ended_on__isnull=True),
                name="legalliterate_unique_active_name",
                violation_error_message=_("该村居已有同名的在册法律明白人。"),
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("appointed_on")),
                name="legalliterate_ended_after_appointed",
                violation_error_message=_("退出日期不能早于认定日期。"),
            ),
        ]
        indexes = [
            models.Index(fields=["street", "appointed_on"], name="legalliterate_street_appt"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.clean_same_street("village", "grid_worker", "user")
        village = self.village if self.village_id else None
        if village is None or self.appointed_on is None:
            return
        if village.dissolved_on is not None and self.appointed_on >= village.dissolved_on:
            raise ValidationError(
                {
                    "village": _("村居“%(name)s”已于%(date)s撤销。")
                    % {"name": village.name, "date": cn_date(village.dissolved_on)}
                }
            )
        worker = self.grid_worker if self.grid_worker_id else None
        if worker is not None and worker.grid.village_id != village.pk:
            raise ValidationError(
                {"grid_worker": _("所选网格员不在%(village)s的网格。") % {"village": village.name}}
            )

    def masked_phone(self) -> str:
        """The mobile number as lists and exports show it (138****5678)."""
        return mask_mobile(self.phone) if self.phone else ""

    masked_phone.short_description = _("手机号码")  # type: ignore[attr-defined]


class LiterateTraining(StreetRecord):
    """法律明白人培训: a training session for the 法律明白人, with who took part and its hours."""

    title = models.CharField(_("培训主题"), max_length=100)
    date = models.DateField(_("培训日期"))
    place = models.CharField(_("地点"), max_length=100, blank=True)
    content = models.TextField(_("培训内容"), max_length=2000)
    lawyer = models.ForeignKey(
        Lawyer,
        verbose_name=_("授课律师"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="literate_trainings",
    )
    speaker = models.CharField(
        _("授课人"), max_length=50, blank=True, help_text=_("授课人不是本街道登记的律师时填写。")
    )
    hours = hours_field(_("学时"))
    attendees: models.ManyToManyField[LegalLiterate, LiterateTrainingAttendance] = (
        models.ManyToManyField(
            LegalLiterate,
            verbose_name=_("参训法律明白人"),
            through="LiterateTrainingAttendance",
            related_name="trainings",
            blank=True,
        )
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("法律明白人培训")
        verbose_name_plural = pgettext_lazy("plural", "法律明白人培训")
        ordering = ["-date", "-id"]
        constraints = [_positive_hours("literatetraining")]
        indexes = [models.Index(fields=["street", "date"], name="literatetraining_street_date")]

    def __str__(self) -> str:
        return f"{cn_date(self.date)} {self.title}"

    def clean(self) -> None:
        self.clean_same_street("lawyer")

    def speaker_display(self) -> str:
        """Who taught: the lawyer with the firm, or the speaker as written."""
        if self.lawyer_id:
            lawyer = self.lawyer
            return f"{lawyer.name}（{lawyer.firm.name}）" if lawyer else ""
        return self.speaker

    speaker_display.short_description = _("授课人")  # type: ignore[attr-defined]


class LiterateTrainingAttendance(models.Model):
    """One 法律明白人 at one training (参训记录)."""

    training = models.ForeignKey(
        LiterateTraining,
        verbose_name=_("法律明白人培训"),
        on_delete=models.CASCADE,
        related_name="attendance",
    )
    literate = models.ForeignKey(
        LegalLiterate,
        verbose_name=_("法律明白人"),
        on_delete=models.PROTECT,
        related_name="training_attendance",
    )

    scope_street: ClassVar[str] = "training__street"
    scope_grid: ClassVar[str | None] = "literate__village__grids"
    objects: ClassVar[Any] = ScopedManager()

    class Meta:
        verbose_name = _("参训记录")
        verbose_name_plural = pgettext_lazy("plural", "参训记录")
        ordering = ["training", "literate"]
        constraints = [
            models.UniqueConstraint(
                fields=["training", "literate"],
                name="literatetrainingattendance_unique",
                violation_error_message=_("该法律明白人已在本次培训的参训名单中。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.literate.name} · {self.training}"


class StudyExam(StreetRecord):
    """学法考试: a test of the staff on the laws studied, its questions drawn from the question
    bank of the 知识竞答 (``outreach.Question``), the scores entered by the office."""

    title = models.CharField(_("考试名称"), max_length=100)
    date = models.DateField(_("考试日期"))
    laws = models.ManyToManyField(
        LawToStudy,
        verbose_name=_("考查的新修订法律"),
        related_name="exams",
        blank=True,
    )
    questions = models.ManyToManyField(
        "outreach.Question",
        verbose_name=_("试题"),
        related_name="study_exams",
        blank=True,
        help_text=_("从题库中抽取或挑选。"),
    )
    pass_score = models.DecimalField(
        _("合格分数"),
        max_digits=4,
        decimal_places=1,
        default=Decimal("60"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("满分100分。"),
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("学法考试")
        verbose_name_plural = pgettext_lazy("plural", "学法考试")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["street", "date"], name="studyexam_street_date")]

    def __str__(self) -> str:
        return f"{cn_date(self.date)} {self.title}"


class StudyExamScore(StreetRecord):
    """One person's score in a study exam, entered by the office (满分100分)."""

    exam = models.ForeignKey(
        StudyExam, verbose_name=_("学法考试"), on_delete=models.CASCADE, related_name="scores"
    )
    user = models.ForeignKey(
        User, verbose_name=_("人员"), on_delete=models.PROTECT, related_name="study_exam_scores"
    )
    score = models.DecimalField(
        _("成绩"),
        max_digits=4,
        decimal_places=1,
        validators=[
            MinValueValidator(0, message=_("成绩须在0至100分之间。")),
            MaxValueValidator(100, message=_("成绩须在0至100分之间。")),
        ],
    )
    note = models.CharField(_("备注"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("考试成绩")
        verbose_name_plural = pgettext_lazy("plural", "考试成绩")
        ordering = ["-exam__date", "exam", "-score", "user__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["exam", "user"],
                name="studyexamscore_unique_person",
                violation_error_message=_("该人员在本次考试中已有成绩。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user.display_name} · {self.exam}"

    def clean(self) -> None:
        self.clean_same_street("exam", "user")

    def passed(self) -> bool:
        return self.score is not None and self.score >= self.exam.pass_score

    passed.short_description = _("合格")  # type: ignore[attr-defined]
