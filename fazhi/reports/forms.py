from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core.forms import DateInput
from fazhi.core.stats import Period
from fazhi.reports.models import AnnualReport, Part


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


# --- the annual report's editing --------------------------------------------------------------


class ReportCreateForm(forms.Form):
    """A new report: its year and the period its figures count (1 January to today in the
    current year, to 31 December in an earlier one, when left blank)."""

    year = forms.IntegerField(label=gettext_lazy("年度"), min_value=2000, max_value=2200)
    period_start = forms.DateField(
        label=gettext_lazy("统计期间开始日期"),
        required=False,
        widget=DateInput(),
        help_text=gettext_lazy("留空为该年1月1日。"),
    )
    period_end = forms.DateField(
        label=gettext_lazy("统计期间结束日期"),
        required=False,
        widget=DateInput(),
        help_text=gettext_lazy("留空为今天（往年为12月31日）。报告中的数字按此期间从记录中统计。"),
    )

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    @staticmethod
    def initial_for(today: date) -> dict[str, Any]:
        # The dates are left blank: they follow whichever year is chosen.
        return {"year": today.year}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        year = data.get("year")
        if year is None or self.errors:
            return data
        if not data.get("period_start"):
            data["period_start"] = date(year, 1, 1)
        if not data.get("period_end"):
            data["period_end"] = self.today if year == self.today.year else date(year, 12, 31)
        for name in ("period_start", "period_end"):
            if data[name].year != year:
                self.add_error(name, _("统计期间须在%(year)s年之内。") % {"year": year})
        if not self.errors and data["period_start"] > data["period_end"]:
            self.add_error("period_end", _("结束日期不能早于开始日期。"))
        return data


class ReportParticularsForm(forms.ModelForm):
    """The report's particulars (报告信息): title, issuing office, date, period, preamble."""

    class Meta:
        model = AnnualReport
        fields = ["title", "issuer", "issued_on", "period_start", "period_end", "preamble"]
        widgets = {
            "issued_on": DateInput(),
            "period_start": DateInput(),
            "period_end": DateInput(),
            "preamble": forms.Textarea(attrs={"rows": 4}),
        }


class SectionTextForm(forms.Form):
    """A section's text, and for a work area of 主要举措和成效 its subheading."""

    title = forms.CharField(
        label=gettext_lazy("小标题"),
        max_length=100,
        required=False,
        help_text=gettext_lazy("例如：加强组织领导，奠定依法行政基础。"),
    )
    text = forms.CharField(
        label=gettext_lazy("正文"),
        required=False,
        max_length=20000,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 16, "data-report-text": ""}),
        help_text=gettext_lazy(
            "每段一行。数字请用右侧的“插入数字”插入数字标记（如 {{fig:org.grids}}），"
            "显示时按记录统计；直接键入的数字按原样保留。"
        ),
    )

    def __init__(self, *args: Any, with_title: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not with_title:
            del self.fields["title"]


class ProposalForm(forms.Form):
    """Accept a proposed paragraph as it is or as edited, or drop it."""

    ACCEPT, DROP = "accept", "drop"

    action = forms.ChoiceField(choices=[(ACCEPT, ACCEPT), (DROP, DROP)])
    text = forms.CharField(
        label=gettext_lazy("建议内容"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


def _position_choices() -> list[tuple[str, str]]:
    return [("", _("不列入")), *((str(n), str(n)) for n in range(1, len(Part.values) + 1))]


class OutlineForm(forms.Form):
    """The street's outline: each part's place in its reports, or left out."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for part in Part:
            self.fields[part.value] = forms.TypedChoiceField(
                label=part.label,
                choices=_position_choices,
                coerce=int,
                empty_value=None,
                required=False,
            )

    @staticmethod
    def initial_for(parts: list[str]) -> dict[str, int]:
        return {part: n for n, part in enumerate(parts, start=1)}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if Part.MEASURES in self.fields and data.get(Part.MEASURES) is None:
            self.add_error(Part.MEASURES, _("年度报告须包含“主要举措和成效”一章。"))
        taken: dict[int, str] = {}
        for name in self.fields:
            place = data.get(name)
            if place is None:
                continue
            if place in taken:
                self.add_error(
                    name,
                    _("与“%(other)s”的顺序相同，请为每一章选择不同的顺序。")
                    % {"other": self.fields[taken[place]].label},
                )
            else:
                taken[place] = name
        return data

    def parts(self) -> list[str]:
        """The parts chosen, in their order."""
        chosen = [(place, name) for name, place in self.cleaned_data.items() if place is not None]
        return [name for _place, name in sorted(chosen)]
