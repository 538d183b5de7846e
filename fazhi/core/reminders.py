"""The dashboard's reminders (待办提醒): what needs someone's attention today.

An app declares its reminders in its own ``reminders.py``::

    @reminder("legal_services.contracts_expiring", label=_("即将到期的法律顾问合同"),
              perm="legal_services.view_advisercontract",
              url_name="legal_services:advisercontract_list", query="expiring=yes")
    def contracts_expiring(user: User, today: date) -> int: ...

Each counts the records of the user's scope with the same queryset rule its list filter uses,
and links to that filtered list, so the number on the dashboard is the number of rows there.

A label that must name what is due (a year, a deadline) is a function ``label(user, today)``
instead of a text, called only when the reminder counts something. ``perm`` may be a tuple:
the reminder then goes to whoever holds any of them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.urls import reverse
from django.utils.module_loading import autodiscover_modules

CountFunc = Callable[[Any, date], int]


@dataclass(frozen=True)
class Reminder:
    key: str
    label: Any
    perm: str | tuple[str, ...]
    url_name: str
    query: str
    count: CountFunc

    def url(self, today: date) -> str:
        query = self.query.format(today=today.isoformat())
        return reverse(self.url_name) + (f"?{query}" if query else "")


_registry: dict[str, Reminder] = {}


def reminder(
    key: str, *, label: Any, perm: str | tuple[str, ...], url_name: str, query: str = ""
) -> Callable[[CountFunc], CountFunc]:
    """Register ``func(user, today) -> int`` as the reminder ``key``."""

    def register(func: CountFunc) -> CountFunc:
        _registry[key] = Reminder(key, label, perm, url_name, query, func)
        return func

    return register


def due(user: Any, today: date) -> list[dict[str, Any]]:
    """The reminders ``user`` may act on that count at least one record today, in key order."""
    autodiscover_modules("reminders")
    result = []
    for key in sorted(_registry):
        item = _registry[key]
        perms = (item.perm,) if isinstance(item.perm, str) else item.perm
        if not any(user.has_perm(perm) for perm in perms):
            continue
        count = item.count(user, today)
        if count:
            label = item.label(user, today) if callable(item.label) else item.label
            result.append({"label": label, "count": count, "url": item.url(today)})
    return result


# --- The core app's own reminder: the holiday calendar's year-end ------------------------------
# Declared here because ``autodiscover_modules("reminders")`` finds the core app's reminders in
# this very module.

# Deadlines of these records are counted in working days (publication within 7, legal review
# within 10, review time limits …): whoever sees them is hurt when next year is unknown.
DEADLINE_PERMS = (
    "enforcement.view_case",
    "enforcement.view_legalreview",
    "enforcement.view_publication",
    "reviews.view_reviewrequest",
    "legal_services.view_mediation",
)
CALENDAR_KEEPER_PERM = "core.add_calendaryear"
# The system administrator is warned from 1 November, everyone concerned from 1 December.
CALENDAR_KEEPER_WARNED_FROM = 11
CALENDAR_USERS_WARNED_FROM = 12


def _next_year_missing(today: date, from_month: int) -> int:
    from fazhi.core.workdays import year_known

    return int(today.month >= from_month and not year_known(today.year + 1))


def calendar_missing_label(user: Any, today: date) -> str:
    from django.utils.translation import gettext as _

    return _(
        "尚未录入%(year)s年的法定节假日安排：%(year)s年内的工作日期限将无法计算，"
        "相关公示、审核、审查等期限届时不能确定，请系统管理员录入。"
    ) % {"year": today.year + 1}


@reminder(
    "core.calendar_next_year_missing",
    label=calendar_missing_label,
    perm=CALENDAR_KEEPER_PERM,
    url_name="core:calendar_import",
)
def calendar_next_year_missing(user: Any, today: date) -> int:
    return _next_year_missing(today, CALENDAR_KEEPER_WARNED_FROM)


@reminder(
    "core.calendar_next_year_missing_for_deadlines",
    label=calendar_missing_label,
    perm=DEADLINE_PERMS,
    url_name="core:calendar",
)
def calendar_next_year_missing_for_deadlines(user: Any, today: date) -> int:
    if user.has_perm(CALENDAR_KEEPER_PERM):
        return 0  # warned by the reminder above, which links to the loading page
    return _next_year_missing(today, CALENDAR_USERS_WARNED_FROM)
