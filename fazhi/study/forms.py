"""Forms of law study and the 法律明白人: the pages and the API check input with these."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fazhi.core.forms import ScopedModelForm
from fazhi.org.models import User
from fazhi.study.models import (
    LawToStudy,
    LegalLiterate,
    LiterateTraining,
    SelfStudy,
    StudyAttendance,
    StudyExam,
    StudyExamScore,
    StudySession,
    StudyTarget,
)
from fazhi.study.selectors import study_people
from fazhi.study.services import may_record_for_others

_MULTI = {"size": 10}
_MULTI_HELP = _("按住 Ctrl 键可多选。")


def _people_or_linked(field: Any, user: Any, linked: list[int]) -> None:
    """Offer the street's staff held to study, and those the record already names even if
    since gone, so that an old record stays editable."""
    people = study_people(user.street_id).values("pk") if user.street_id else []
    field.queryset = field.queryset.filter(Q(pk__in=people) | Q(pk__in=linked)).order_by(
        "department__sort_order", "username"
    )


def _lawyers_active_or_linked(field: Any, linked: Any) -> None:
    field.queryset = field.queryset.select_related("firm").filter(Q(is_active=True) | Q(pk=linked))


class StudyTargetForm(ScopedModelForm):
    class Meta:
        model = StudyTarget
        fields = ["year", "target_hours", "note"]


class LawToStudyForm(ScopedModelForm):
    class Meta:
        model = LawToStudy
        fields = ["name", "level", "revised_on", "effective_on", "listed_on", "note"]


class StudySessionForm(ScopedModelForm):
    """A session; when new, the people present are picked at once (each then has an attendance
    record to correct: absent, left early)."""

    attendees = forms.ModelMultipleChoiceField(
        label=_("出席人员"),
        queryset=User.objects.all(),
        required=False,
        widget=forms.SelectMultiple(attrs=_MULTI),
        help_text=_(
            "新增时选择出席人员，按本次学时计入；以后在签到记录中逐人修改。按住 Ctrl 键可多选。"
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        session = self.instance
        if session.pk:
            del self.fields["attendees"]
        else:
            _people_or_linked(self.fields["attendees"], self.user, [])
        _lawyers_active_or_linked(self.fields["lawyer"], session.lawyer_id if session.pk else None)
        laws: Any = self.fields["laws"]
        laws.widget.attrs.update(_MULTI)
        laws.help_text = f"{laws.help_text}{_MULTI_HELP}"

    class Meta:
        model = StudySession
        fields = [
            "kind",
            "title",
            "date",
            "place",
            "content",
            "laws",
            "other_laws",
            "lawyer",
            "speaker",
            "meeting",
            "department",
            "hours",
            "note",
        ]


class StudyAttendanceForm(ScopedModelForm):
    """One sign-in; the session and the person are fixed once recorded."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        row = self.instance
        _people_or_linked(self.fields["user"], self.user, [row.user_id] if row.pk else [])
        if row.pk:
            self.fields["session"].disabled = True
            self.fields["user"].disabled = True

    def _get_validation_exclusions(self) -> set[str]:
        # The hours are settled by the service (present without hours: the session's; absent:
        # none), so they are not judged here against the stored record's.
        return {*super()._get_validation_exclusions(), "hours"}

    class Meta:
        model = StudyAttendance
        fields = ["session", "user", "attended", "hours", "note"]


class SelfStudyForm(ScopedModelForm):
    """A self-study record; staff who may not record for others can only name themselves."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        study = self.instance
        person: Any = self.fields["user"]
        if may_record_for_others(self.user):
            _people_or_linked(person, self.user, [study.user_id] if study.pk else [])
        else:
            person.queryset = person.queryset.filter(pk=self.user.pk)
            person.initial = self.user.pk
        laws: Any = self.fields["laws"]
        laws.widget.attrs.update(_MULTI)
        laws.help_text = _MULTI_HELP

    class Meta:
        model = SelfStudy
        fields = ["user", "date", "laws", "material", "hours", "note"]


class LegalLiterateForm(ScopedModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        person = self.instance
        village: Any = self.fields["village"]
        village.queryset = village.queryset.order_by("sort_order", "name")
        worker: Any = self.fields["grid_worker"]
        linked = person.grid_worker_id if person.pk else None
        worker.queryset = worker.queryset.select_related("grid").filter(
            Q(ended_on__isnull=True) | Q(pk=linked)
        )
        account: Any = self.fields["user"]
        account.queryset = account.queryset.filter(
            Q(is_active=True) | Q(pk=person.user_id if person.pk else None)
        )

    class Meta:
        model = LegalLiterate
        fields = [
            "village",
            "name",
            "source",
            "phone",
            "grid_worker",
            "user",
            "appointed_on",
            "ended_on",
            "note",
        ]


class LiterateTrainingForm(ScopedModelForm):
    attendees = forms.ModelMultipleChoiceField(
        label=_("参训法律明白人"),
        queryset=LegalLiterate.objects.all(),
        required=False,
        widget=forms.SelectMultiple(attrs=_MULTI),
        help_text=_MULTI_HELP,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        training = self.instance
        people: Any = self.fields["attendees"]
        linked = list(training.attendees.values_list("pk", flat=True)) if training.pk else []
        people.queryset = (
            LegalLiterate.objects.for_user(self.user)
            .filter(Q(ended_on__isnull=True) | Q(pk__in=linked))
            .select_related("village")
        )
        people.label_from_instance = lambda p: f"{p.name}（{p.village.name}）"
        if training.pk:
            people.initial = linked
        _lawyers_active_or_linked(
            self.fields["lawyer"], training.lawyer_id if training.pk else None
        )

    class Meta:
        model = LiterateTraining
        fields = [
            "title",
            "date",
            "place",
            "content",
            "lawyer",
            "speaker",
            "hours",
            "attendees",
            "note",
        ]


class StudyExamForm(ScopedModelForm):
    """An exam: its questions picked from the bank, or a number of them drawn at random."""

    question_count = forms.IntegerField(
        label=_("抽题数"),
        min_value=1,
        max_value=100,
        required=False,
        help_text=_("从题库中随机抽取的试题数，优先抽取法律依据为所选法律的在用试题。"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        exam = self.instance
        if exam.pk:
            del self.fields["question_count"]
        questions: Any = self.fields["questions"]
        linked = list(exam.questions.values_list("pk", flat=True)) if exam.pk else []
        questions.queryset = questions.queryset.filter(Q(in_use=True) | Q(pk__in=linked))
        questions.required = False
        for name in ("laws", "questions"):
            field: Any = self.fields[name]
            field.widget.attrs.update(_MULTI)
            field.help_text = f"{field.help_text}{_MULTI_HELP}"

    class Meta:
        model = StudyExam
        fields = ["title", "date", "laws", "questions", "pass_score", "note"]


class StudyExamScoreForm(ScopedModelForm):
    """One score; the exam and the person are fixed once entered."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        row = self.instance
        _people_or_linked(self.fields["user"], self.user, [row.user_id] if row.pk else [])
        if row.pk:
            self.fields["exam"].disabled = True
            self.fields["user"].disabled = True

    class Meta:
        model = StudyExamScore
        fields = ["exam", "user", "score", "note"]
