"""List filters of law study and the 法律明白人: the page, its Excel export and the API use these."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.core.filters import Filter, FilterSet, SearchFilter
from fazhi.core.forms import DateInput
from fazhi.org.models import User, Village
from fazhi.study.models import LawToStudy, LegalLiterate, StudyExam, StudySession

_YEAR = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2200)


def _all(choices: Any) -> list[tuple[str, Any]]:
    return [("", _("全部")), *choices]


def _date_range(field: str) -> tuple[Filter, Filter]:
    return (
        Filter(forms.DateField(label=_("开始日期"), widget=DateInput()), f"{field}__gte"),
        Filter(forms.DateField(label=_("结束日期"), widget=DateInput()), f"{field}__lte"),
    )


class StudyTargetFilter(FilterSet):
    year = Filter(_YEAR, "year")


class LawToStudyFilter(FilterSet):
    q = SearchFilter(["name", "note"])
    level = Filter(
        forms.ChoiceField(label=_("效力级别"), choices=_all(LawToStudy.Level.choices)), "level"
    )
    year = Filter(
        forms.IntegerField(label=_("列入年度"), min_value=2000, max_value=2200), "listed_on__year"
    )


class StudySessionFilter(FilterSet):
    q = SearchFilter(["title", "content", "other_laws", "speaker", "lawyer__name"])
    kind = Filter(
        forms.ChoiceField(label=_("学法形式"), choices=_all(StudySession.Kind.choices)), "kind"
    )
    law = Filter(
        forms.ModelChoiceField(label=_("新修订法律"), queryset=LawToStudy.objects.all()), "laws"
    )
    date_from, date_to = _date_range("date")


class StudyAttendanceFilter(FilterSet):
    q = SearchFilter(["user__full_name", "user__username", "session__title", "note"])
    session = Filter(
        forms.ModelChoiceField(label=_("学法活动"), queryset=StudySession.objects.all()),
        "session",
    )
    user = Filter(forms.ModelChoiceField(label=_("人员"), queryset=User.objects.all()), "user")
    attended = Filter(
        forms.ChoiceField(
            label=_("出席"), choices=[("", _("全部")), ("1", _("是")), ("0", _("否"))]
        ),
        lambda qs, value: qs.filter(attended=value == "1"),
    )
    date_from, date_to = _date_range("session__date")


class SelfStudyFilter(FilterSet):
    q = SearchFilter(["user__full_name", "user__username", "material", "note"])
    user = Filter(forms.ModelChoiceField(label=_("人员"), queryset=User.objects.all()), "user")
    law = Filter(
        forms.ModelChoiceField(label=_("新修订法律"), queryset=LawToStudy.objects.all()), "laws"
    )
    date_from, date_to = _date_range("date")


_STATUS = [("", _("全部")), ("active", _("在册")), ("ended", _("已退出"))]


def _status(qs: Any, value: str) -> Any:
    today = timezone.localdate()
    return qs.active_on(today) if value == "active" else qs.ended_by(today)


class LegalLiterateFilter(FilterSet):
    q = SearchFilter(["name", "phone", "note"])
    village = Filter(
        forms.ModelChoiceField(label=_("村居"), queryset=Village.objects.all()), "village"
    )
    source = Filter(
        forms.ChoiceField(label=_("人员来源"), choices=_all(LegalLiterate.Source.choices)),
        "source",
    )
    status = Filter(forms.ChoiceField(label=_("状态"), choices=_STATUS), _status)


class LiterateTrainingFilter(FilterSet):
    q = SearchFilter(["title", "content", "speaker", "lawyer__name"])
    literate = Filter(
        forms.ModelChoiceField(label=_("法律明白人"), queryset=LegalLiterate.objects.all()),
        "attendees",
    )
    date_from, date_to = _date_range("date")


class StudyExamFilter(FilterSet):
    q = SearchFilter(["title", "note"])
    law = Filter(
        forms.ModelChoiceField(label=_("新修订法律"), queryset=LawToStudy.objects.all()), "laws"
    )
    date_from, date_to = _date_range("date")


class StudyExamScoreFilter(FilterSet):
    q = SearchFilter(["user__full_name", "user__username", "exam__title", "note"])
    exam = Filter(
        forms.ModelChoiceField(label=_("学法考试"), queryset=StudyExam.objects.all()), "exam"
    )
    user = Filter(forms.ModelChoiceField(label=_("人员"), queryset=User.objects.all()), "user")
