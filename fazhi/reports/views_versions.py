"""The versions of an annual report compared (版本比较): two versions chosen — the last approved
against the latest unless others are — their text side by side section by section with what was
deleted and inserted marked, and the figures whose values changed."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from fazhi.core.formats import cn_datetime
from fazhi.core.types import AuthedRequest
from fazhi.reports import compare
from fazhi.reports.models import ReportVersion
from fazhi.reports.selectors import get_annual_report_for_user


def version_label(version: ReportVersion) -> str:
    """第3版（审定，2020年9月30日 15:00，张三）."""
    author = version.author.display_name if version.author is not None else _("系统")
    return _("第%(number)s版（%(occasion)s，%(when)s，%(author)s）") % {
        "number": version.number,
        "occasion": version.get_occasion_display(),
        "when": cn_datetime(version.created_at),
        "author": author,
    }


class CompareForm(forms.Form):
    """The two versions to compare, by number: ``from`` (then) and ``to`` (now)."""

    def __init__(self, data: Any, *, versions: Sequence[ReportVersion]) -> None:
        super().__init__(data)
        choices = [(str(v.number), version_label(v)) for v in versions]
        self.fields["from"] = forms.TypedChoiceField(
            label=gettext_lazy("原版本"), choices=choices, coerce=int
        )
        self.fields["to"] = forms.TypedChoiceField(
            label=gettext_lazy("对比版本"), choices=choices, coerce=int
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("from") is not None and data.get("from") == data.get("to"):
            raise forms.ValidationError(_("请选择两个不同的版本。"))
        return data


@login_required
@require_http_methods(["GET", "HEAD"])
def annual_report_compare(request: AuthedRequest, pk: int) -> HttpResponse:
    """Two versions of the report compared; a fixed number of queries whatever their length."""
    report = get_annual_report_for_user(request.user, pk)
    # The list to choose from, without the versions' text: only the two compared are read.
    versions = list(
        report.versions.select_related("author").defer("content", "figures").order_by("-number")
    )
    chosen = "from" in request.GET or "to" in request.GET
    numbers: tuple[int, int] | None = None
    if chosen:
        form = CompareForm(request.GET, versions=versions)
        if form.is_valid():
            numbers = (form.cleaned_data["from"], form.cleaned_data["to"])
    else:
        pair = compare.default_pair(versions)
        if pair is not None:
            numbers = (pair[0].number, pair[1].number)
        form = CompareForm(None, versions=versions)
        if numbers is not None:
            form.fields["from"].initial, form.fields["to"].initial = numbers
    comparison = None
    if numbers is not None:
        read = {v.number: v for v in report.versions.filter(number__in=numbers)}
        for v in versions:
            if v.number in read:
                read[v.number].author = v.author  # already read with the list
        comparison = compare.compare(report, read[numbers[0]], read[numbers[1]])
    context = {
        "report": report,
        "form": form,
        "comparison": comparison,
        "versions": versions,
        "older_label": version_label(comparison.older) if comparison else "",
        "newer_label": version_label(comparison.newer) if comparison else "",
    }
    return render(
        request,
        "reports/annual_report_compare.html",
        context,
        status=400 if chosen and numbers is None else 200,
    )
