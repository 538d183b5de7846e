"""List filters of 门前三包: the pages, their Excel exports and the API use these."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from fazhi.core.filters import Filter, FilterSet, SearchFilter
from fazhi.core.forms import DateInput
from fazhi.enforcement.models import FrontageSelfCheck, FrontageUnit, KeyArea
from fazhi.enforcement.selectors.frontage import has_failed_checks, unrectified
from fazhi.org.models import Grid

_YES_NO = [("", _("全部")), ("yes", _("是")), ("no", _("否"))]


def _choices(choices: list[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    return [("", _("全部")), *choices]


def _key_area(lookup: str) -> Filter:
    return Filter(
        forms.ModelChoiceField(label=_("重点区域"), queryset=KeyArea.objects.all()), lookup
    )


def _grid(lookup: str) -> Filter:
    return Filter(
        forms.ModelChoiceField(label=_("网格"), queryset=Grid.objects.select_related("village")),
        lookup,
    )


def _letter(qs: QuerySet[Any], value: str) -> QuerySet[Any]:
    return qs.filter(letter_signed_on__isnull=value != "yes")


def _failed(qs: QuerySet[Any], value: str) -> QuerySet[Any]:
    return has_failed_checks(qs, value == "yes")


class FrontageUnitFilter(FilterSet):
    q = SearchFilter(["name", "credit_code", "address", "zone", "contact_name", "contact_phone"])
    key_area = _key_area("key_area")
    grid = _grid("grid")
    kind = Filter(
        forms.ChoiceField(label=_("类型"), choices=_choices(FrontageUnit.Kind.choices)), "kind"
    )
    letter_signed = Filter(
        forms.ChoiceField(label=_("已签订责任书"), choices=_YES_NO),
        _letter,
        description="yes 已签订责任书（有签订日期），no 尚未签订",
    )
    in_use = Filter(
        forms.ChoiceField(
            label=_("在册"), choices=[("", _("全部")), ("yes", _("在册")), ("no", _("不在册"))]
        ),
        lambda qs, value: qs.filter(in_use=value == "yes"),
    )
    failed_checks = Filter(
        forms.ChoiceField(label=_("有不达标的自查"), choices=_YES_NO),
        _failed,
        description="yes 至少有一次自查不达标，no 没有不达标的自查",
    )


class FrontageSelfCheckFilter(FilterSet):
    q = SearchFilter(["unit__name", "unit__address", "problems"])
    checked_from = Filter(
        forms.DateField(label=_("自查日期自"), widget=DateInput()), "checked_on__gte"
    )
    checked_to = Filter(forms.DateField(label=_("至"), widget=DateInput()), "checked_on__lte")
    result = Filter(
        forms.ChoiceField(label=_("自查结果"), choices=_choices(FrontageSelfCheck.Result.choices)),
        "result",
    )
    unrectified = Filter(
        forms.ChoiceField(label=_("待整改"), choices=_YES_NO),
        lambda qs, value: unrectified(qs) if value == "yes" else qs.exclude(pk__in=unrectified(qs)),
        description="yes 不达标且尚未登记整改完成日期，no 其他",
    )
    key_area = _key_area("unit__key_area")
    grid = _grid("unit__grid")
    unit = Filter(
        forms.ModelChoiceField(label=_("责任单位"), queryset=FrontageUnit.objects.all()), "unit"
    )
