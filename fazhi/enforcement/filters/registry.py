"""List filters of the enforcement configuration: the page, its Excel export and the API."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from fazhi.core.filters import Filter, FilterSet, SearchFilter
from fazhi.enforcement.models import EnforcementBody, EnforcementPower, KeyArea
from fazhi.org.models import Village


def _choices(choices: list[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    return [("", _("全部")), *((value, label) for value, label in choices if value != "")]


def _in_use(label: Any = None) -> Filter:
    return Filter(
        forms.ChoiceField(
            label=label or _("在用"),
            choices=[("", _("全部")), ("yes", _("在用")), ("no", _("停用"))],
        ),
        lambda qs, value: qs.filter(in_use=value == "yes"),
    )


class ViolationCategoryFilter(FilterSet):
    q = SearchFilter(["code", "name", "legal_basis", "penalty_basis", "penalty_range"])
    in_use = _in_use()


class KeyAreaFilter(FilterSet):
    q = SearchFilter(["name", "description"])
    kind = Filter(
        forms.ChoiceField(label=_("类型"), choices=_choices(KeyArea.Kind.choices)), "kind"
    )
    village = Filter(
        forms.ModelChoiceField(label=_("所在村居"), queryset=Village.objects.all()), "village"
    )
    in_use = _in_use()


class EnforcementBodyFilter(FilterSet):
    q = SearchFilter(["name", "legal_basis", "address"])


class EnforcementPowerFilter(FilterSet):
    q = SearchFilter(["name", "legal_basis"])
    body = Filter(
        forms.ModelChoiceField(label=_("执法主体"), queryset=EnforcementBody.objects.all()),
        "body",
    )
    kind = Filter(
        forms.ChoiceField(label=_("职权类别"), choices=_choices(EnforcementPower.Kind.choices)),
        "kind",
    )
