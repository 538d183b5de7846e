"""The filters of the account list; the page and its Excel export share them."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from fazhi.core.filters import Filter, FilterSet, SearchFilter
from fazhi.org.models import Department
from fazhi.org.roles import Role

_STATUS = [("", _("全部")), ("active", _("在用")), ("inactive", _("已停用"))]


def _status(qs: QuerySet[Any], value: str) -> QuerySet[Any]:
    return qs.filter(is_active=value == "active")


class UserFilter(FilterSet):
    q = SearchFilter(["username", "full_name", "phone", "title"])
    role = Filter(
        forms.ChoiceField(label=_("角色"), choices=[("", _("全部")), *Role.choices]), "groups__name"
    )
    department = Filter(
        forms.ModelChoiceField(label=_("部门"), queryset=Department.objects.all()), "department"
    )
    # Named ``status``: ``active`` would hide FilterSet.active().
    status = Filter(forms.ChoiceField(label=_("状态"), choices=_STATUS), _status)
