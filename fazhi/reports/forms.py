from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core.forms import DateInput
from fazhi.core.stats import Period


class PeriodForm(forms.Form):
    """A report period; defaults to the current year up to today."""

    start = forms.DateField(label=gettext_lazy("开始日期"), widget=DateInput())
    end = forms.DateField(label=gettext_lazy("结束日期"), widget=DateInput())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", _("结束日期不能早于开始日期。"))
        if start and end and (end - start).days > 366 * 5:
            self.add_error("end", _("统计期间不能超过5年。"))
        return data

    def period(self) -> Period:
        return Period(self.cleaned_data["start"], self.cleaned_data["end"])

    @staticmethod
    def initial_for(today: date) -> dict[str, date]:
        return {"start": today.replace(month=1, day=1), "end": today}
