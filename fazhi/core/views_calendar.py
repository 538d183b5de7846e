"""The working-day calendar's pages (系统管理 › 节假日安排): a year at a glance from both
sources, the administrator's entries and the declarations of complete years."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from fazhi.core import calendar_file, services, workdays
from fazhi.core.access import Refusal, require_perm
from fazhi.core.crud import Crud
from fazhi.core.filters import CalendarDayFilter, CalendarYearFilter
from fazhi.core.formats import cn_date
from fazhi.core.forms import CalendarDayForm, CalendarLoadForm, CalendarYearForm
from fazhi.core.models import CalendarDay, CalendarYear


def _day_create(data: dict[str, Any], *, street: Any, actor: Any) -> CalendarDay:
    return services.calendar_day_set(actor=actor, **data)


def _day_update(entry: CalendarDay, data: dict[str, Any], *, actor: Any) -> CalendarDay:
    return services.calendar_day_set(day=entry.day, actor=actor, **data)


def _day_delete(entry: CalendarDay, *, actor: Any) -> None:
    services.calendar_day_remove(day=entry.day, actor=actor)


def _year_create(data: dict[str, Any], *, street: Any, actor: Any) -> CalendarYear:
    return services.calendar_year_declare(actor=actor, **data)


def _year_update(declared: CalendarYear, data: dict[str, Any], *, actor: Any) -> CalendarYear:
    return services.calendar_year_declare(year=declared.year, actor=actor, **data)


def _year_delete(declared: CalendarYear, *, actor: Any) -> None:
    services.calendar_year_withdraw(year=declared.year, actor=actor)


ENTITIES = [
    Crud(
        model=CalendarDay,
        name="calendarday",
        namespace="core",
        list_fields=["day", "kind", "name", "note"],
        filterset=CalendarDayFilter,
        form_class=CalendarDayForm,
        selector=lambda user: CalendarDay.objects.for_user(user),
        create=_day_create,
        update=_day_update,
        delete=_day_delete,
        help_text=gettext_lazy(
            "录入国务院办公厅通知中的放假日期和调休上班日，录入的安排优先于节假日软件包。"
            "一年录入完毕后，请在“已确认的年度安排”中确认该年已录入完整。"
        ),
    ),
    Crud(
        model=CalendarYear,
        name="calendaryear",
        namespace="core",
        list_fields=["year", "source"],
        filterset=CalendarYearFilter,
        form_class=CalendarYearForm,
        selector=lambda user: CalendarYear.objects.for_user(user),
        create=_year_create,
        update=_year_update,
        delete=_year_delete,
        help_text=gettext_lazy(
            "确认后，该年未录入的日期按周一至周五上班、周六周日休息计算；"
            "节假日软件包未收录的年份，须先确认才能计算工作日。"
        ),
    ),
]

WEEKDAYS = [
    gettext_lazy("星期一"),
    gettext_lazy("星期二"),
    gettext_lazy("星期三"),
    gettext_lazy("星期四"),
    gettext_lazy("星期五"),
    gettext_lazy("星期六"),
    gettext_lazy("星期日"),
]

# The package calls these "Spring Festival" like the rest of the holiday; the page says why.
EPIDEMIC_EXTENSION = {date(2020, 1, 31), date(2020, 2, 1), date(2020, 2, 2)}


@login_required
@require_http_methods(["GET", "HEAD"])
def calendar_year(request: HttpRequest, year: int | None = None) -> HttpResponse:
    """Every holiday and make-up working day of one year, from the package and the entries."""
    user = request.user
    require_perm(user, CalendarDay, "view")
    if year is None:
        year = timezone.localdate().year
    if not 2000 <= year <= 2200:
        raise Http404(Refusal(_("只能查看2000年至2200年的节假日安排。")))
    entries = {e.day: e for e in CalendarDay.objects.for_user(user).filter(day__year=year)}
    package = {info.day: info for info in workdays.package_special_days(year)}
    rows = []
    for day in sorted(set(entries) | set(package)):
        entry = entries.get(day)
        # An entry on a day the package holds ordinary still overrides the package's view.
        known = package.get(day) or workdays.package_day(day)
        workday = entry.is_workday if entry else bool(known and known.workday)
        if entry is None:
            source = _("节假日软件包")
        elif known is None:
            source = _("管理员录入")
        elif known.workday == entry.is_workday:
            source = _("管理员录入（与软件包一致）")
        else:
            source = _("管理员录入（覆盖软件包）")
        note = entry.note if entry else ""
        if entry is None and day in EPIDEMIC_EXTENSION:
            note = _("延长春节假期（国办发明电〔2020〕1号）")
        rows.append(
            {
                "date": cn_date(day),
                "weekday": WEEKDAYS[day.weekday()],
                "kind": _("调休上班") if workday else _("休息"),
                "workday": workday,
                "name": entry.name if entry else (known.name if known else ""),
                "source": source,
                "note": note,
                "entry": entry,
            }
        )
    first, last = workdays.package_years()
    declared = CalendarYear.objects.filter(year=year).first()
    return render(
        request,
        "core/calendar_year.html",
        {
            "title": _("%(year)s年节假日安排") % {"year": year},
            "year": year,
            "rows": rows,
            "package_covers": first <= year <= last,
            "package_version": workdays.package_version(),
            "package_first": first,
            "package_last": last,
            "declared": declared,
            "can_add_day": user.has_perm("core.add_calendarday"),
            "can_declare": user.has_perm("core.add_calendaryear"),
            "can_load": user.has_perm("core.add_calendaryear"),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def calendar_load(request: HttpRequest) -> HttpResponse:
    """Load a year's arrangement from a small file: upload, preview, then confirm.

    The preview writes nothing; the confirmation posts the previewed dates back, which are
    read again and written by ``calendar_year_load`` only if they are still without error.
    """
    user: Any = request.user
    require_perm(user, CalendarYear, "add")
    require_perm(user, CalendarDay, "add")
    require_perm(user, CalendarDay, "delete")
    next_year = timezone.localdate().year + 1
    arrangement: calendar_file.Arrangement | None = None
    if request.method != "POST":
        form = CalendarLoadForm(initial={"year": next_year})
        return _load_page(request, form, arrangement)
    form = CalendarLoadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _load_page(request, form, arrangement)
    year, source = form.cleaned_data["year"], form.cleaned_data["source"]
    upload = form.cleaned_data["file"]
    confirming = "confirm" in request.POST and not upload
    try:
        if upload:
            content, name = upload.read(calendar_file.MAX_BYTES + 1), upload.name
        elif confirming:
            content, name = form.cleaned_data["arrangement"].encode(), ""
        else:
            form.add_error("file", _("请选择要上传的文件。"))
            return _load_page(request, form, arrangement)
        arrangement = calendar_file.read_arrangement(content, year=year, filename=name)
    except ValidationError as error:
        form.add_error("file" if upload else None, error)
        return _load_page(request, form, arrangement)
    if not confirming or arrangement.errors:
        return _load_page(request, form, arrangement)
    try:
        services.calendar_year_load(
            year=year,
            days=[(d.day, d.kind, d.name) for d in arrangement.days],
            source=source,
            actor=user,
        )
    except ValidationError as error:
        form.add_error(None, error)
        return _load_page(request, form, arrangement)
    messages.success(
        request,
        _("已载入%(year)s年的节假日安排，共%(n)s个日期，该年安排已确认录入完整。")
        % {"year": year, "n": len(arrangement.days)},
    )
    return redirect("core:calendar_year", year=year)


def _load_page(
    request: HttpRequest, form: CalendarLoadForm, arrangement: calendar_file.Arrangement | None
) -> HttpResponse:
    if arrangement is not None and not arrangement.errors:
        # The confirmation posts back the dates previewed, not the file.
        data = request.POST.copy()
        data["arrangement"] = arrangement.as_text()
        form.data = data
    status = (
        400
        if request.method == "POST" and (form.errors or (arrangement and arrangement.errors))
        else 200
    )
    return render(
        request,
        "core/calendar_load.html",
        {
            "title": _("载入年度节假日安排"),
            "form": form,
            "arrangement": arrangement,
            "sample_year": workdays.package_years()[1],
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def calendar_load_template(request: HttpRequest) -> HttpResponse:
    """The file's template: the last year the package covers, in the form the page reads."""
    require_perm(request.user, CalendarYear, "add")
    year = workdays.package_years()[1]
    response = HttpResponse(calendar_file.sample_csv(year), content_type="text/csv; charset=utf-8")
    filename = quote(_("%(year)s年节假日安排（模板）.csv") % {"year": year})
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response
