"""The demo's current year: the working-day calendar its deadlines are counted on.

The package of public holidays knows the years the State Council has announced. A deadline of
the current year's records may reach into a year it does not know yet (a case filed in December
is decided in January): the demo then enters that year as the system administrator would
before the notice is out, New Year's Day off and every other day ordinary, and says so in the
year's source, so its deadlines can be counted and nobody takes them for the official ones.
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from fazhi.core import services
from fazhi.core.demo import DemoContext, demo_step
from fazhi.core.models import CalendarDay, CalendarYear
from fazhi.core.workdays import package_day


@demo_step(order=700)
def calendar_years(ctx: DemoContext) -> None:
    admin = ctx.shared["users"]["sysadmin"]
    for year in (ctx.today.year, ctx.today.year + 1):
        if package_day(date(year, 1, 1)) is not None:
            continue
        if CalendarYear.objects.filter(year=year).exists():
            continue
        services.calendar_day_set(
            day=date(year, 1, 1), kind=CalendarDay.Kind.HOLIDAY, name=_("元旦"), actor=admin
        )
        services.calendar_year_declare(
            year=year,
            source=_("演示数据：%(year)s年安排尚未发布，除元旦外按普通工作日计算。")
            % {"year": year},
            actor=admin,
        )
