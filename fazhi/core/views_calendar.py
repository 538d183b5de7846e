"""The working-day calendar's pages (系统管理 › 节假日安排): a year at a glance from both
sources, the administrator's entries and the declarations of complete years."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from fazhi.core import services, workdays
from fazhi.core.access import Refusal, require_perm
from fazhi.core.crud import Crud
from fazhi.core.filters import CalendarDayFilter, CalendarYearFilter
from fazhi.core.formats import cn_date
from fazhi.core.forms import CalendarDayForm, CalendarYearForm
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
        },
    )
