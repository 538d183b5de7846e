"""List filters of patrols and reports (问题线索): the pages, their Excel exports and the API."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from fazhi.core.filters import Filter, FilterSet, SearchFilter
from fazhi.core.forms import DateInput
from fazhi.enforcement.models import Campaign, KeyArea, Report, ViolationCategory
from fazhi.enforcement.selectors.reports import pending_reports
from fazhi.org.models import Grid, User


def _choices(choices: list[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    return [("", _("全部")), *((value, label) for value, label in choices if value != "")]


def _day(label: Any, lookup: str) -> Filter:
    return Filter(forms.DateField(label=label, widget=DateInput()), lookup)


def _grid() -> Filter:
    return Filter(
        forms.ModelChoiceField(label=_("网格"), queryset=Grid.objects.order_by("code")), "grid"
    )


class PatrolFilter(FilterSet):
    q = SearchFilter(["route", "findings"])
    date_from = _day(_("开始日期"), "started_at__date__gte")
    date_to = _day(_("结束日期"), "started_at__date__lte")
    grid = _grid()
    key_area = Filter(
        forms.ModelChoiceField(label=_("重点区域"), queryset=KeyArea.objects.all()), "key_area"
    )
    campaign = Filter(
        forms.ModelChoiceField(label=_("专项治理"), queryset=Campaign.objects.all()), "campaign"
    )
    member = Filter(
        forms.ModelChoiceField(
            label=_("巡查人员"), queryset=User.objects.filter(is_active=True).order_by("username")
        ),
        lambda qs, user: qs.filter(members=user).distinct(),
    )


def _pending(qs: QuerySet[Any], value: str) -> QuerySet[Any]:
    pending = pending_reports(qs)
    return pending if value == "yes" else qs.exclude(pk__in=pending.values("pk"))


class ReportFilter(FilterSet):
    q = SearchFilter(["address", "description", "hotline_ticket", "tracking_code"])
    source = Filter(
        forms.ChoiceField(label=_("来源"), choices=_choices(Report.Source.choices)), "source"
    )
    status = Filter(
        forms.ChoiceField(label=_("状态"), choices=_choices(Report.Status.choices)), "status"
    )
    pending = Filter(
        forms.ChoiceField(
            label=_("待处理"), choices=[("", _("全部")), ("yes", _("是")), ("no", _("否"))]
        ),
        _pending,
        description="yes 待处理（尚未登记为案件或作不予登记处理），no 已处理",
    )
    category = Filter(
        forms.ModelChoiceField(label=_("问题类别"), queryset=ViolationCategory.objects.all()),
        "category",
    )
    grid = _grid()
    date_from = _day(_("开始日期"), "reported_at__date__gte")
    date_to = _day(_("结束日期"), "reported_at__date__lte")
    hotline_ticket = Filter(
        forms.CharField(label=_("12345工单号"), max_length=40), "hotline_ticket__icontains"
    )
