"""List filters for people and places: the page, its export and the API use these."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.core.filters import Filter, FilterSet, SearchFilter
from fazhi.core.forms import DateInput
from fazhi.org.models import (
    Grid,
    GridWorker,
    LeadingGroup,
    LeadingGroupMeeting,
    LeadingGroupMember,
    Village,
)

_STATUS = [("", _("全部")), ("active", _("在用")), ("ended", _("已撤销/离任"))]


def _status(qs: Any, value: str) -> Any:
    today = timezone.localdate()
    return qs.active_on(today) if value == "active" else qs.ended_by(today)


STATUS_FILTER = Filter(forms.ChoiceField(label=_("状态"), choices=_STATUS), _status)


class DepartmentFilter(FilterSet):
    q = SearchFilter(["name", "head_name", "duties"])


class VillageFilter(FilterSet):
    q = SearchFilter(["name", "address"])
    kind = Filter(
        forms.ChoiceField(label=_("类型"), choices=[("", _("全部")), *Village.Kind.choices]), "kind"
    )
    status = STATUS_FILTER


class GridFilter(FilterSet):
    q = SearchFilter(["code", "name", "area_description"])
    village = Filter(
        forms.ModelChoiceField(label=_("村居"), queryset=Village.objects.all()), "village"
    )
    status = STATUS_FILTER


class GridWorkerFilter(FilterSet):
    q = SearchFilter(["name", "phone", "grid__code", "grid__name"])
    village = Filter(
        forms.ModelChoiceField(label=_("村居"), queryset=Village.objects.all()), "grid__village"
    )
    grid = Filter(forms.ModelChoiceField(label=_("网格"), queryset=Grid.objects.all()), "grid")
    kind = Filter(
        forms.ChoiceField(label=_("类别"), choices=[("", _("全部")), *GridWorker.Kind.choices]),
        "kind",
    )
    status = STATUS_FILTER


class LeadingGroupFilter(FilterSet):
    q = SearchFilter(["name", "document_no"])


class LeadingGroupMemberFilter(FilterSet):
    q = SearchFilter(["user__full_name", "title"])
    group = Filter(
        forms.ModelChoiceField(label=_("领导小组"), queryset=LeadingGroup.objects.all()), "group"
    )
    position = Filter(
        forms.ChoiceField(
            label=_("小组职务"), choices=[("", _("全部")), *LeadingGroupMember.Position.choices]
        ),
        "position",
    )
    status = STATUS_FILTER


class MeetingFilter(FilterSet):
    q = SearchFilter(["title", "topics", "decisions"])
    kind = Filter(
        forms.ChoiceField(
            label=_("会议类型"), choices=[("", _("全部")), *LeadingGroupMeeting.Kind.choices]
        ),
        "kind",
    )
    held_from = Filter(forms.DateField(label=_("开始日期"), widget=DateInput()), "held_on__gte")
    held_to = Filter(forms.DateField(label=_("结束日期"), widget=DateInput()), "held_on__lte")
