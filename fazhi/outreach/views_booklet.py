"""The 普法展示录 page: choose a period, tick the activities, media works and recognitions that go
in, set the cover's title, and export the booklet as a Word file or, printed by LibreOffice, a
PDF. Each export is audited (``booklet.booklet_export``)."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import quote

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from fazhi.core.access import Refusal, require_perm
from fazhi.core.documents import PDF_MIME, PdfUnavailable, libreoffice
from fazhi.core.docx import DOCX_MIME
from fazhi.core.forms import LONGEST_PERIOD_DAYS, DateInput
from fazhi.core.stats import Period
from fazhi.outreach import booklet
from fazhi.outreach.models import Activity, ActivityPhoto, MediaWork, Recognition


def _choices(label: Any) -> forms.ModelMultipleChoiceField:
    """Records ticked on the page: only those of the period the user may see are accepted."""
    return forms.ModelMultipleChoiceField(
        label=label,
        queryset=Activity.objects.none(),
        required=False,
        error_messages={
            "invalid_choice": gettext_lazy(
                "所选的%(model)s不在所选期间内或不属于本街道，请重新选择。"
            ),
            "invalid_pk_value": gettext_lazy("所选的记录编号无效，请重新选择。"),
        },
    )


class BookletPeriodForm(forms.Form):
    """The period of the booklet: from the first to the last day, both included."""

    start = forms.DateField(label=gettext_lazy("开始日期"), widget=DateInput())
    end = forms.DateField(label=gettext_lazy("结束日期"), widget=DateInput())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", _("结束日期不能早于开始日期。"))
        elif start and end and (end - start).days > LONGEST_PERIOD_DAYS:
            self.add_error("end", _("展示录的期间不能超过5年。"))
        return data

    def period(self) -> Period:
        return Period(self.cleaned_data["start"], self.cleaned_data["end"])


class BookletForm(BookletPeriodForm):
    """The booklet to export: its period, cover and the records ticked."""

    title = forms.CharField(label=gettext_lazy("标题"), max_length=100)
    compiler = forms.CharField(
        label=gettext_lazy("编印单位"),
        max_length=100,
        help_text=gettext_lazy("印在封面上，例如：海滨街道办事处。"),
    )
    compiled_on = forms.DateField(label=gettext_lazy("编印日期"), widget=DateInput())
    activities = _choices(gettext_lazy("普法活动"))
    works = _choices(gettext_lazy("普法作品"))
    recognitions = _choices(gettext_lazy("表彰与肯定"))
    file_format = forms.ChoiceField(
        choices=[(booklet.FORMAT_DOCX, "Word"), (booklet.FORMAT_PDF, "PDF")],
        error_messages={
            "required": gettext_lazy("请选择导出Word文件或PDF文件。"),
            "invalid_choice": gettext_lazy("请选择导出Word文件或PDF文件。"),
        },
    )

    def __init__(self, data: Any, *, user: Any) -> None:
        super().__init__(data)
        # The records offered are those of the period asked for; until it is a valid one, none.
        probe = BookletPeriodForm(data)
        if probe.is_valid():
            period = probe.period()
            fields: dict[str, Any] = self.fields
            fields["activities"].queryset = booklet.period_activities(user, *_days(period))
            fields["works"].queryset = booklet.period_works(user, *_days(period))
            fields["recognitions"].queryset = booklet.period_recognitions(user, *_days(period))
        for name, model in (
            ("activities", Activity),
            ("works", MediaWork),
            ("recognitions", Recognition),
        ):
            field = self.fields[name]
            field.error_messages["invalid_choice"] = field.error_messages["invalid_choice"] % {
                "model": model._meta.verbose_name
            }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not self.errors and not any(
            data.get(name) for name in ("activities", "works", "recognitions")
        ):
            raise ValidationError(_("请至少勾选一项普法活动、普法作品或表彰与肯定。"))
        return data


def _days(period: Period) -> tuple[date, date]:
    return period.start, period.end


def _default_period(today: date) -> Period:
    """This year up to today."""
    return Period(date(today.year, 1, 1), today)


def _ticked(form: forms.Form, name: str) -> set[str]:
    """The ids ticked in ``name``: as posted, or as the page proposes them."""
    if form.is_bound:
        data: Any = form.data
        return set(data.getlist(name))
    return {str(pk) for pk in form.initial.get(name, [])}


def _filename(title: str, extension: str) -> str:
    safe = "".join("_" if c in '/\\:*?"<>|' or ord(c) < 32 else c for c in title).strip()
    return f"{safe or _('普法展示录')}.{extension}"


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def booklet_page(request: HttpRequest) -> HttpResponse:
    """GET: the period's records with the proposed ticks (the activities with photos, every
    media work and recognition); POST: the booklet of the records ticked, as a file."""
    user: Any = request.user
    for model in (Activity, ActivityPhoto, MediaWork, Recognition):
        require_perm(user, model, "view")
    if user.street_id is None:
        raise PermissionDenied(Refusal(_("您的账号未归属任何街道，不能编印普法展示录。")))
    street = user.street
    today = timezone.localdate()
    context: dict[str, Any] = {"has_libreoffice": libreoffice() is not None}

    if request.method == "POST":
        form = BookletForm(request.POST, user=user)
        period_form = BookletPeriodForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            chosen = booklet.booklet_of(
                street=street,
                title=data["title"].strip(),
                start=data["start"],
                end=data["end"],
                compiler=data["compiler"].strip(),
                compiled_on=data["compiled_on"],
                activities=data["activities"],
                works=data["works"],
                recognitions=data["recognitions"],
            )
            file_format = data["file_format"]
            try:
                content = booklet.booklet_export(chosen, file_format=file_format, actor=user)
            except PdfUnavailable as exc:
                form.add_error(None, str(exc))
                return _render(request, form, period_form, context, status=503)
            mime = PDF_MIME if file_format == booklet.FORMAT_PDF else DOCX_MIME
            response = HttpResponse(content, content_type=mime)
            filename = _filename(chosen.title, file_format)
            response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
            response["X-Content-Type-Options"] = "nosniff"
            return response
        return _render(request, form, period_form, context, status=400)

    period_form = BookletPeriodForm(
        request.GET if {"start", "end"} & set(request.GET) else None,
        initial={"start": date(today.year, 1, 1), "end": today},
    )
    if period_form.is_bound and not period_form.is_valid():
        return _render(request, None, period_form, context, status=400)
    period = period_form.period() if period_form.is_bound else _default_period(today)
    form = BookletForm(None, user=user)
    fields: dict[str, Any] = form.fields
    activities = booklet.period_activities(user, *_days(period))
    fields["activities"].queryset = activities
    fields["works"].queryset = booklet.period_works(user, *_days(period))
    fields["recognitions"].queryset = booklet.period_recognitions(user, *_days(period))
    form.initial = {
        "start": period.start,
        "end": period.end,
        "title": booklet.default_title(street, period.start, period.end),
        "compiler": booklet.default_compiler(street),
        "compiled_on": today,
        "activities": [a.pk for a in activities if getattr(a, "photo_count", 0)],
        "works": [w.pk for w in fields["works"].queryset],
        "recognitions": [r.pk for r in fields["recognitions"].queryset],
    }
    return _render(request, form, period_form, context)


def _render(
    request: HttpRequest,
    form: BookletForm | None,
    period_form: BookletPeriodForm,
    context: dict[str, Any],
    status: int = 200,
) -> HttpResponse:
    if form is not None:
        fields: dict[str, Any] = form.fields
        context.update(
            form=form,
            activities=list(fields["activities"].queryset),
            works=list(fields["works"].queryset),
            recognitions=list(fields["recognitions"].queryset),
            ticked={name: _ticked(form, name) for name in ("activities", "works", "recognitions")},
        )
        if form.is_bound:
            context["start"], context["end"] = form.data.get("start", ""), form.data.get("end", "")
        else:
            context["start"] = form.initial["start"].isoformat()
            context["end"] = form.initial["end"].isoformat()
    context["period_form"] = period_form
    return render(request, "outreach/booklet.html", context, status=status)


urlpatterns: list[URLPattern] = [
    path("booklet/", booklet_page, name="booklet"),
]
