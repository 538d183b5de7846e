"""The dashboard's reminders (待办提醒): what needs someone's attention today.

An app declares its reminders in its own ``reminders.py``::

    @reminder("legal_services.contracts_expiring", label=_("即将到期的法律顾问合同"),
              perm="legal_services.view_advisercontract",
              url_name="legal_services:advisercontract_list", query="expiring=yes")
    def contracts_expiring(user: User, today: date) -> int: ...

Each counts the records of the user's scope with the same queryset rule its list filter uses,
and links to that filtered list, so the number on the dashboard is the number of rows there.

A label that must name what is due (a year, a deadline) is a function ``label(user, today)``
instead of a text, called only when the reminder counts something.
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
    perm: str
    url_name: str
    query: str
    count: CountFunc

    def url(self, today: date) -> str:
        query = self.query.format(today=today.isoformat())
        return reverse(self.url_name) + (f"?{query}" if query else "")


_registry: dict[str, Reminder] = {}


def reminder(
    key: str, *, label: Any, perm: str, url_name: str, query: str = ""
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
        if not user.has_perm(item.perm):
            continue
        count = item.count(user, today)
        if count:
            label = item.label(user, today) if callable(item.label) else item.label
            result.append({"label": label, "count": count, "url": item.url(today)})
    return result
