"""Working days (工作日) by the official Chinese holiday calendar, make-up working days included.

Every deadline counted in working days (publicity "within 7 working days", legality review
"at least 7 working days", review time limits "10 working days") is counted here. A date is
resolved in this order:

1. the system administrator's entry for that date (``CalendarDay``), which overrides
2. the ``chinese_calendar`` package, for the years it covers (its 2020 data include the
   epidemic extension of the Spring Festival holiday to 2 February);
3. for a year the administrator has declared fully entered (``CalendarYear``): an ordinary
   day, Monday to Friday working, Saturday and Sunday off;
4. otherwise ``CalendarUnknown``: the State Council has not announced the year or no one has
   entered it yet. A weekend-only guess would silently move deadlines.

The package's last year may end before the next year's arrangement is known (a New Year
holiday or make-up day can fall in late December): the administrator enters such dates, and
the entries win.

The package's data are fixed per release and cached per process; the administrator's entries
(a few dozen rows a year) are read once per call, or once per ``WorkCalendar.load()`` when a
caller counts many deadlines, so every process sees a change at once.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

import chinese_calendar
from chinese_calendar import constants as package_data
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# The package names its holidays in English; the product names them as the State Council does.
PACKAGE_HOLIDAY_NAMES = {
    "New Year's Day": gettext_lazy("元旦"),
    "Spring Festival": gettext_lazy("春节"),
    "Tomb-sweeping Day": gettext_lazy("清明节"),
    "Labour Day": gettext_lazy("劳动节"),
    "Dragon Boat Festival": gettext_lazy("端午节"),
    "National Day": gettext_lazy("国庆节"),
    "Mid-autumn Festival": gettext_lazy("中秋节"),
    "Anti-Fascist 70th Day": gettext_lazy("中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日"),
}


class CalendarUnknown(ValidationError):
    """No holiday arrangement is known for ``year``: neither the package nor the administrator
    has it. A ValidationError, so a form whose service counts a deadline shows the message."""

    def __init__(self, year: int) -> None:
        self.year = year
        super().__init__(
            _("尚无%(year)s年的法定节假日安排，请系统管理员在“节假日安排”中录入后再计算。")
            % {"year": year},
            code="calendar_unknown",
        )

    def __str__(self) -> str:
        return self.messages[0]


class Source(StrEnum):
    ENTRY = "entry"  # the administrator's entry for the date
    PACKAGE = "package"  # chinese_calendar
    DECLARED = "declared"  # an ordinary day of a year the administrator declared complete


@dataclass(frozen=True)
class DayInfo:
    """What the calendar says of one date, and on whose authority."""

    day: date
    workday: bool
    name: str  # the holiday a rest or make-up day belongs to; "" for an ordinary day
    source: Source


def package_years() -> tuple[int, int]:
    """The first and last year the installed package covers."""
    years = [d.year for d in package_data.holidays]
    return min(years), max(years)


def package_version() -> str:
    return str(getattr(chinese_calendar, "__version__", ""))


@functools.lru_cache(maxsize=8192)
def _package_lookup(day: date) -> tuple[bool, str] | None:
    """(working?, English holiday name) from the package, or None for a year it does not know."""
    try:
        rest, name = chinese_calendar.get_holiday_detail(day)
    except NotImplementedError:
        return None
    return not rest, name or ""


def package_day(day: date) -> DayInfo | None:
    """The package's view of ``day``; None for a year it does not cover."""
    found = _package_lookup(_as_date(day))
    if found is None:
        return None
    workday, name = found
    return DayInfo(day, workday, str(PACKAGE_HOLIDAY_NAMES.get(name, name)), Source.PACKAGE)


def package_special_days(year: int) -> list[DayInfo]:
    """The package's holidays and make-up working days of ``year`` (empty if not covered)."""
    days = [d for d in (*package_data.holidays, *package_data.workdays) if d.year == year]
    return [info for d in sorted(days) if (info := package_day(d)) is not None]


@dataclass(frozen=True)
class WorkCalendar:
    """The calendar as it stands: the administrator's entries and declared years, loaded once.

    Load it once to count many deadlines in one request; the module functions load it per call.
    """

    entries: Mapping[date, tuple[bool, str]]
    declared: frozenset[int]

    @classmethod
    def load(cls) -> WorkCalendar:
        from fazhi.core.models import CalendarDay, CalendarYear

        entries = {
            day: (kind == CalendarDay.Kind.WORKDAY, name)
            for day, kind, name in CalendarDay.objects.values_list("day", "kind", "name")
        }
        declared = frozenset(CalendarYear.objects.values_list("year", flat=True))
        return cls(entries=entries, declared=declared)

    def describe(self, day: date) -> DayInfo:
        """Working or not, and why; raises ``CalendarUnknown`` for a year no one knows."""
        day = _as_date(day)
        entry = self.entries.get(day)
        if entry is not None:
            return DayInfo(day, entry[0], entry[1], Source.ENTRY)
        info = package_day(day)
        if info is not None:
            return info
        if day.year in self.declared:
            return DayInfo(day, day.weekday() < 5, "", Source.DECLARED)
        raise CalendarUnknown(day.year)

    def is_workday(self, day: date) -> bool:
        return self.describe(day).workday

    def next_workday(self, day: date) -> date:
        """The first working day strictly after ``day``."""
        day = _as_date(day)
        while True:
            if day >= date.max:  # no calendar reaches the end of time
                raise CalendarUnknown(date.max.year)
            day += timedelta(days=1)
            if self.is_workday(day):
                return day

    def add_workdays(self, start: date, n: int) -> date:
        """The ``n``-th working day after ``start`` (``start`` itself is not counted).

        ``n = 0`` gives ``start`` if it is a working day, else the next working day: a time
        limit that ends on a rest day ends on the first working day after it.
        """
        if n < 0:
            raise ValueError("n must not be negative")
        start = _as_date(start)
        if n == 0:
            return start if self.is_workday(start) else self.next_workday(start)
        day = start
        for _i in range(n):
            day = self.next_workday(day)
        return day

    def workdays_between(self, a: date, b: date) -> int:
        """The working days after ``a`` up to and including ``b``; negative if ``b`` < ``a``.

        ``workdays_between(a, add_workdays(a, n)) == n`` for every ``n`` ≥ 1.
        """
        a, b = _as_date(a), _as_date(b)
        if b < a:
            return -self.workdays_between(b, a)
        count, day = 0, a + timedelta(days=1)
        while day <= b:
            count += self.is_workday(day)
            day += timedelta(days=1)
        return count

    def rest_days(self, a: date, b: date) -> list[DayInfo]:
        """The days off after ``a`` up to and including ``b``, with their holiday names."""
        a, b = _as_date(a), _as_date(b)
        result, day = [], a + timedelta(days=1)
        while day <= b:
            info = self.describe(day)
            if not info.workday:
                result.append(info)
            day += timedelta(days=1)
        return result


def year_known(year: int) -> bool:
    """Whether deadlines can be counted through ``year``: the package covers it or the system
    administrator has declared its arrangement fully entered."""
    from fazhi.core.models import CalendarYear

    first, last = package_years()
    return first <= year <= last or CalendarYear.objects.filter(year=year).exists()


def _as_date(value: date) -> date:
    # A datetime would compare unequal to the dates the calendar is keyed by: refuse it
    # rather than count from the wrong day.
    if isinstance(value, datetime):
        raise TypeError("working days are counted on dates; pass timezone.localdate(...)")
    return value


def is_workday(day: date, calendar: WorkCalendar | None = None) -> bool:
    """Whether ``day`` is an official working day."""
    return (calendar or WorkCalendar.load()).is_workday(day)


def next_workday(day: date, calendar: WorkCalendar | None = None) -> date:
    """The first working day strictly after ``day``."""
    return (calendar or WorkCalendar.load()).next_workday(day)


def add_workdays(start: date, n: int, calendar: WorkCalendar | None = None) -> date:
    """The ``n``-th working day after ``start``; see ``WorkCalendar.add_workdays`` for n = 0."""
    return (calendar or WorkCalendar.load()).add_workdays(start, n)


def workdays_between(a: date, b: date, calendar: WorkCalendar | None = None) -> int:
    """The working days after ``a`` up to and including ``b``."""
    return (calendar or WorkCalendar.load()).workdays_between(a, b)
