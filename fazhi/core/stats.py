"""The statistics registry: every figure the annual report quotes, by a stable dotted key.

An app declares its figures in its own ``statistics.py``::

    @statistic("org.grids", label=_("网格数"), unit=_("个"))
    def grids(street: Street, period: Period) -> int: ...

and ``compute(street, period)`` returns them all. There is no central list to edit.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from fazhi.org.models import Street

_KEY = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")


@dataclass(frozen=True)
class Period:
    """A closed date range [start, end], both days counted."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.start > self.end:
            raise ValidationError(_("统计期间的开始日期不能晚于结束日期。"))

    def __str__(self) -> str:
        from fazhi.core.formats import cn_date

        return _("%(start)s至%(end)s") % {"start": cn_date(self.start), "end": cn_date(self.end)}


StatFunc = Callable[["Street", Period], int | float]


@dataclass(frozen=True)
class Statistic:
    key: str
    label: Any
    unit: Any
    func: StatFunc
    description: Any = ""
    # Shown as a card on the dashboard (the statistics page lists every figure).
    headline: bool = False

    def compute(self, street: Street, period: Period) -> int | float:
        return self.func(street, period)


_registry: dict[str, Statistic] = {}


def statistic(
    key: str, *, label: Any, unit: Any = "", description: Any = "", headline: bool = False
) -> Callable[[StatFunc], StatFunc]:
    """Register ``func`` as the statistic ``key`` (its app label first, then dotted names)."""
    if not _KEY.match(key):
        raise ValueError(f"statistic key {key!r} is not dotted lower_snake_case")

    def register(func: StatFunc) -> StatFunc:
        existing = _registry.get(key)
        if existing is not None and existing.func.__qualname__ != func.__qualname__:
            raise ValueError(f"statistic {key!r} is registered twice")
        _registry[key] = Statistic(
            key=key,
            label=label,
            unit=unit,
            func=func,
            description=description,
            headline=headline,
        )
        return func

    return register


def registered() -> list[Statistic]:
    return [_registry[k] for k in sorted(_registry)]


def get(key: str) -> Statistic:
    try:
        return _registry[key]
    except KeyError:
        raise ValidationError(_("没有名为“%(key)s”的统计指标。") % {"key": key}) from None


def compute(
    street: Street, period: Period, keys: Iterable[str] | None = None
) -> dict[str, int | float]:
    """Every requested statistic (all by default) for one street and period, by key."""
    wanted = list(keys) if keys is not None else sorted(_registry)
    return {key: get(key).compute(street, period) for key in wanted}
