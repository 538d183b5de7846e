"""List filters of law education and publicity: the pages, their Excel exports and the API
use these."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from fazhi.core.filters import Filter, FilterSet, SearchFilter
from fazhi.core.forms import DateInput
from fazhi.legal_services.models import LawFirm, Lawyer, WechatGroup
from fazhi.org.models import Department, Grid, Village
from fazhi.outreach.models import (
    Activity,
    FaqEntry,
    KeyDate,
    MediaWork,
    PublicityItem,
    Question,
    Quiz,
    Recognition,
    Theme,
)

_YES_NO = [("", _("全部")), ("yes", _("是")), ("no", _("否"))]


def _choices(choices: list[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    return [("", _("全部")), *((value, label) for value, label in choices if value != "")]


def _choice(label: Any, choices: list[tuple[Any, Any]], lookup: str) -> Filter:
    return Filter(forms.ChoiceField(label=label, choices=_choices(choices)), lookup)


def _related(label: Any, queryset: QuerySet[Any], lookup: str) -> Filter:
    return Filter(forms.ModelChoiceField(label=label, queryset=queryset), lookup)


def _day(label: Any, lookup: str) -> Filter:
    return Filter(forms.DateField(label=label, widget=DateInput()), lookup)


def _yes_no(label: Any, field: str) -> Filter:
    return Filter(
        forms.ChoiceField(label=label, choices=_YES_NO),
        lambda qs, value: qs.filter(**{field: value == "yes"}),
    )


def _year(lookup: str) -> Filter:
    return Filter(forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100), lookup)


def _theme(lookup: str = "themes") -> Filter:
    return _related(_("普法主题"), Theme.objects.all(), lookup)


def _department() -> Filter:
    return _related(_("部门"), Department.objects.all(), "department")


def _firm() -> Filter:
    return _related(_("合作律师事务所"), LawFirm.objects.all(), "partner_firm")


class ThemeFilter(FilterSet):
    q = SearchFilter(["name", "note"])
    kind = _choice(_("类型"), Theme.Kind.choices, "kind")
    is_active = _yes_no(_("在用"), "is_active")


class ResponsibilityItemFilter(FilterSet):
    q = SearchFilter(["theme__name", "content", "audience", "note"])
    year = _year("year")
    department = _department()
    theme = _theme("theme")


class KeyDateFilter(FilterSet):
    q = SearchFilter(["name", "description"])
    month = Filter(forms.IntegerField(label=_("月"), min_value=1, max_value=12), "month")
    is_active = _yes_no(_("在用"), "is_active")


class ActivityFilter(FilterSet):
    q = SearchFilter(["title", "place", "partners", "audience", "summary"])
    kind = _choice(_("活动类型"), Activity.Kind.choices, "kind")
    status = _choice(_("状态"), Activity.Status.choices, "status")
    theme = _theme()
    department = _department()
    village = _related(_("村居"), Village.objects.all(), "village")
    partner_firm = _firm()
    key_date = _related(_("普法节点"), KeyDate.objects.all(), "key_date")
    year = _year("held_on__year")
    date_from = _day(_("开始日期"), "held_on__gte")
    date_to = _day(_("结束日期"), "held_on__lte")


class PublicityItemFilter(FilterSet):
    q = SearchFilter(["title", "note", "link"])
    channel = _choice(_("渠道"), PublicityItem.Channel.choices, "channel")
    online = Filter(
        forms.ChoiceField(
            label=_("线上或线下"),
            choices=[("", _("全部")), ("online", _("线上")), ("offline", _("线下"))],
        ),
        lambda qs, value: (
            qs.filter(channel__in=PublicityItem.ONLINE)
            if value == "online"
            else qs.exclude(channel__in=PublicityItem.ONLINE)
        ),
    )
    kind = _choice(_("内容类别"), PublicityItem.Kind.choices, "kind")
    theme = _theme()
    group = _related(_("微信群"), WechatGroup.objects.all(), "group")
    lawyer = _related(_("推送律师"), Lawyer.objects.select_related("firm"), "lawyer")
    village = _related(_("村居"), Village.objects.all(), "village")
    grid = _related(_("网格"), Grid.objects.all(), "grid")
    department = _department()
    date_from = _day(_("开始日期"), "published_on__gte")
    date_to = _day(_("结束日期"), "published_on__lte")


class MediaWorkFilter(FilterSet):
    q = SearchFilter(["title", "makers", "description", "link"])
    kind = _choice(_("作品类型"), MediaWork.Kind.choices, "kind")
    platform = _choice(_("发布平台"), MediaWork.Platform.choices, "platform")
    partner_firm = _firm()
    theme = _theme()
    date_from = _day(_("开始日期"), "published_on__gte")
    date_to = _day(_("结束日期"), "published_on__lte")


class RecognitionFilter(FilterSet):
    q = SearchFilter(["recognised_by", "content"])
    level = _choice(_("级别"), Recognition.Level.choices, "level")
    work = _related(_("获肯定的作品"), MediaWork.objects.all(), "work")
    date_from = _day(_("开始日期"), "recognised_on__gte")
    date_to = _day(_("结束日期"), "recognised_on__lte")


class FaqEntryFilter(FilterSet):
    q = SearchFilter(["question", "answer", "law_references"])
    category = _choice(_("分类"), FaqEntry.Category.choices, "category")
    status = _choice(_("状态"), FaqEntry.Status.choices, "status")
    partner_firm = _firm()


class FaqSynonymFilter(FilterSet):
    q = SearchFilter(["term", "synonyms"])


class QuestionFilter(FilterSet):
    q = SearchFilter(["stem", "explanation", "law_reference"])
    kind = _choice(_("题型"), Question.Kind.choices, "kind")
    theme = _theme("theme")
    in_use = _yes_no(_("在用"), "in_use")


class QuizFilter(FilterSet):
    q = SearchFilter(["title", "description"])
    status = _choice(_("状态"), Quiz.Status.choices, "status")
    year = _year("opens_at__year")


class QuizAttemptFilter(FilterSet):
    q = SearchFilter(["name", "mobile"])
    quiz = _related(_("知识竞答"), Quiz.objects.all(), "quiz")
    submitted = Filter(
        forms.ChoiceField(label=_("已交卷"), choices=_YES_NO),
        lambda qs, value: qs.filter(submitted_at__isnull=value != "yes"),
    )
