"""The filters of the audit log; the page and its Excel export share them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.apps import apps
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from fazhi.audit.models import Action
from fazhi.core.filters import Filter, FilterSet, SearchFilter
from fazhi.core.formats import cn_date_lazy
from fazhi.core.forms import DateInput


def object_type_label(object_type: str) -> str:
    """The name of a record type such as ``org.user`` (用户), or the code itself."""
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return object_type
    return capfirst(str(model._meta.verbose_name))


def _object_type_choices() -> list[tuple[str, Any]]:
    types = [
        (m._meta.label_lower, capfirst(str(m._meta.verbose_name)))
        for m in apps.get_models()
        if m.__module__.startswith("fazhi.") and m._meta.default_permissions
    ]
    return [("", _("全部")), *sorted(types, key=lambda t: t[1])]


class AuditEntryFilter(FilterSet):
    actor = Filter(forms.CharField(label=_("操作人"), max_length=150), "actor_name__icontains")
    object_type = Filter(
        forms.ChoiceField(label=_("对象类型"), choices=_object_type_choices), "object_type"
    )
    object_id = Filter(forms.CharField(label=_("对象编号"), max_length=64), "object_id")
    action = Filter(
        forms.ChoiceField(label=_("操作"), choices=[("", _("全部")), *Action.choices]), "action"
    )
    date_from = Filter(
        forms.DateField(label=_("起始日期"), widget=DateInput()), "created_at__date__gte"
    )
    date_to = Filter(
        forms.DateField(label=_("截止日期"), widget=DateInput()), "created_at__date__lte"
    )
    q = SearchFilter(["object_repr"], label=_("对象名称含"))

    def __init__(self, data: Mapping[str, Any] | None, *, user: Any = None) -> None:
        super().__init__(data, user=user)
        if self.form.is_valid():
            start = self.form.cleaned_data.get("date_from")
            end = self.form.cleaned_data.get("date_to")
            if start and end and start > end:
                self.form.add_error("date_to", _("截止日期不能早于起始日期。"))

    def active(self) -> dict[Any, Any]:
        """The filters in force, dates written the product's way (2020年9月28日)."""
        result = super().active()
        if self.form.is_valid():
            for name in ("date_from", "date_to"):
                value = self.form.cleaned_data.get(name)
                if value:
                    result[self.form.fields[name].label] = cn_date_lazy(value)
        return result
