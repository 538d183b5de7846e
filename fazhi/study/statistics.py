"""Report figures of staff law study and the 法律明白人 (keys under ``study.``).

Sessions, hours and trainings count when they took place within the period; the registry of
法律明白人 is as of the period's last day; a law counts when it was put on the list within the
period. Who is below the year's target of hours is not a measure over records (it compares each
person's sum with the target): the hours page shows it.
"""

from __future__ import annotations

from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from fazhi.core.stats import (
    AsOf,
    CountDistinct,
    Dimension,
    During,
    Ratio,
    RecordSet,
    Sum,
    composed_label,
    statistic,
)
from fazhi.study.models import (
    LawToStudy,
    LegalLiterate,
    LiterateTraining,
    LiterateTrainingAttendance,
    SelfStudy,
    StudyAttendance,
    StudyExam,
    StudyExamScore,
    StudySession,
)

SESSIONS = RecordSet(
    StudySession,
    dimensions={
        "kind": Dimension(_("学法形式"), "kind"),
        "department": Dimension(_("组织部门"), "department"),
    },
    columns=("date", "title", "kind", "hours"),
)
ATTENDANCE = RecordSet(
    StudyAttendance,
    dimensions={
        "kind": Dimension(_("学法形式"), "session__kind"),
        "department": Dimension(_("部门"), "user__department"),
    },
    columns=("session", "user"),
)
SELF_STUDIES = RecordSet(
    SelfStudy,
    dimensions={"department": Dimension(_("部门"), "user__department")},
    columns=("date", "user", "material"),
)
LAWS = RecordSet(
    LawToStudy,
    dimensions={"level": Dimension(_("效力级别"), "level")},
    columns=("name", "level", "revised_on", "listed_on"),
)
LITERATES = RecordSet(
    LegalLiterate,
    village="village",
    dimensions={"source": Dimension(_("人员来源"), "source")},
    columns=("name", "village", "source", "appointed_on"),
)
TRAININGS = RecordSet(LiterateTraining, columns=("date", "title", "hours"))
TRAINING_ATTENDANCE = RecordSet(
    LiterateTrainingAttendance,
    village="literate__village",
    dimensions={"source": Dimension(_("人员来源"), "literate__source")},
    columns=("training", "literate"),
)

EXAMS = RecordSet(StudyExam, columns=("date", "title", "pass_score"))
EXAM_SCORES = RecordSet(
    StudyExamScore,
    dimensions={"department": Dimension(_("部门"), "user__department")},
    columns=("exam", "user", "score"),
)

_held = During("date")
_attended = Q(attended=True)

statistic(
    "study.sessions",
    label=_("学法活动"),
    unit=_("次"),
    records=SESSIONS,
    period=_held,
    description=_("期间内举办的集中学法、会前学法、集体学法、法律顾问讲座和专题培训"),
    headline=True,
)
for _kind in StudySession.Kind:
    statistic(
        f"study.sessions.kind.{_kind.value}",
        label=composed_label(_("学法活动：%(kind)s"), kind=_kind.label),
        unit=_("次"),
        records=SESSIONS,
        period=_held,
        filters=Q(kind=_kind),
    )
statistic(
    "study.leadership_sessions",
    label=_("领导班子学法"),
    unit=_("次"),
    records=SESSIONS,
    period=_held,
    filters=Q(kind__in=StudySession.LEADERSHIP_KINDS),
    description=_("期间内的领导班子会前学法和集体学法"),
)
statistic(
    "study.attendances",
    label=_("参加学法"),
    unit=_("人次"),
    records=ATTENDANCE,
    period=During("session__date"),
    filters=_attended,
    description=_("期间内学法活动的出席人次"),
)
statistic(
    "study.hours",
    label=_("集中学法学时"),
    unit=_("学时"),
    records=ATTENDANCE,
    period=During("session__date"),
    filters=_attended,
    aggregate=Sum("hours", decimal=True),
    description=_("期间内学法活动出席人员计入的学时之和"),
)
statistic(
    "study.self_study_hours",
    label=_("自学学时"),
    unit=_("学时"),
    records=SELF_STUDIES,
    period=_held,
    aggregate=Sum("hours", decimal=True),
    description=_("期间内登记的自学学时之和"),
)
statistic(
    "study.laws_to_study",
    label=_("列入学习清单的新修订法律"),
    unit=_("部"),
    records=LAWS,
    period=During("listed_on"),
    description=_("期间内列入新修订法律学习清单的法律法规"),
)
statistic(
    "study.legal_literates",
    label=_("法律明白人"),
    unit=_("名"),
    records=LITERATES,
    period=AsOf(),
    description=_("统计期末在册的法律明白人"),
    headline=True,
)
statistic(
    "study.literate_trainings",
    label=_("法律明白人培训"),
    unit=_("次"),
    records=TRAININGS,
    period=_held,
    description=_("期间内举办的法律明白人培训"),
)
statistic(
    "study.legal_literates_trained",
    label=_("参加培训的法律明白人"),
    unit=_("名"),
    records=TRAINING_ATTENDANCE,
    period=During("training__date"),
    aggregate=CountDistinct("literate"),
    description=_("期间内参加过培训的法律明白人（多次参训的计一人）"),
)
statistic(
    "study.exams",
    label=_("学法考试"),
    unit=_("次"),
    records=EXAMS,
    period=_held,
    description=_("期间内举行的学法考试（试题取自知识竞答题库）"),
)
statistic(
    "study.exam_takers",
    label=_("参加学法考试"),
    unit=_("人次"),
    records=EXAM_SCORES,
    period=During("exam__date"),
    description=_("期间内学法考试登记了成绩的人次"),
)
statistic(
    "study.exam_passed",
    label=_("学法考试合格"),
    unit=_("人次"),
    records=EXAM_SCORES,
    period=During("exam__date"),
    filters=Q(score__gte=F("exam__pass_score")),
    description=_("期间内学法考试成绩达到合格分数的人次"),
)
statistic(
    "study.exam_pass_rate",
    label=_("学法考试合格率"),
    unit="%",
    aggregate=Ratio("study.exam_passed", "study.exam_takers"),
    description=_("学法考试合格人次占参考人次的百分比"),
)
