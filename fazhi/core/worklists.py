"""The first screen's own work (我的工作): what the user is to do next, record by record.

Where the reminders count what is due and the dashboard shows the street's figures, a worklist
names the records themselves: the grid worker's open reports of the own grids, the officer's
cases by their deadline, the reviewer's reviews, the lawyer's next shifts. An app declares its
lists in its own ``worklists.py``::

    @worklist("enforcement.my_cases", label=_("我承办的案件"), perm="enforcement.change_case",
              order=20)
    def my_cases(user: User, today: date) -> Work | None: ...

A list returns at most ``LIMIT`` items, the nearest deadline first, with the number of all of
them and the address of the full list (filtered the same way); it returns None, or no items,
when the user has nothing of its kind, and is then not shown. The first thing a role does
every day (the grid worker's 上报问题) is an action, a button above the lists::

    first_action("enforcement.report", label=_("上报问题"), perm="enforcement.add_report",
                 url_name="enforcement:report_phone", roles=(Role.GRID_WORKER,))
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.urls import reverse
from django.utils.module_loading import autodiscover_modules

from fazhi.core.formats import cn_date

# Items shown of each list; the rest behind its "全部" link.
LIMIT = 5


@dataclass(frozen=True)
class WorkItem:
    title: str
    url: str
    # Short facts after the title (state, place, counterpart), in reading order.
    facts: Sequence[str] = ()
    # The date the item is due (a deadline) or happens (a shift), and how it stands today.
    due: date | None = None
    due_label: Any = ""
    flag: str = ""  # "overdue", "due_soon" or ""

    @property
    def due_text(self) -> str:
        return cn_date(self.due) if self.due else ""


@dataclass(frozen=True)
class Work:
    items: list[WorkItem]
    total: int
    more_url: str


def collect(qs: Any, item: Callable[[Any], WorkItem], more_url: str) -> Work | None:
    """The first ``LIMIT`` records of ``qs`` (ordered) as items, and the number of all; one
    query when they all fit, and None when there are none."""
    shown = list(qs[: LIMIT + 1])
    if not shown:
        return None
    total = len(shown) if len(shown) <= LIMIT else qs.count()
    return Work([item(record) for record in shown[:LIMIT]], total, more_url)


@dataclass(frozen=True)
class Worklist:
    key: str
    label: Any
    perm: str
    order: int
    build: Callable[[Any, date], Work | None]


@dataclass(frozen=True)
class Action:
    key: str
    label: Any
    perm: str
    url_name: str
    roles: tuple[str, ...] = ()

    @property
    def url(self) -> str:
        return reverse(self.url_name)


@dataclass(frozen=True)
class Panel:
    """One list as the first screen shows it."""

    key: str
    label: Any
    work: Work


@dataclass
class FirstScreen:
    actions: list[Action] = field(default_factory=list)
    panels: list[Panel] = field(default_factory=list)


_lists: dict[str, Worklist] = {}
_actions: dict[str, Action] = {}


def worklist(
    key: str, *, label: Any, perm: str, order: int
) -> Callable[[Callable[[Any, date], Work | None]], Callable[[Any, date], Work | None]]:
    """Register ``func(user, today) -> Work | None`` as the worklist ``key``."""

    def register(func: Callable[[Any, date], Work | None]) -> Callable[[Any, date], Work | None]:
        _lists[key] = Worklist(key, label, perm, order, func)
        return func

    return register


def first_action(
    key: str, *, label: Any, perm: str, url_name: str, roles: Sequence[str] = ()
) -> None:
    """A button above the lists for whoever holds ``perm`` (and, if given, one of ``roles``)."""
    _actions[key] = Action(key, label, perm, url_name, tuple(roles))


def first_screen(user: Any, today: date) -> FirstScreen:
    """The actions and the non-empty worklists of ``user`` today, in order."""
    autodiscover_modules("worklists")
    screen = FirstScreen()
    for action in _actions.values():
        if user.has_perm(action.perm) and (
            not action.roles or user.has_any_role(list(action.roles))
        ):
            screen.actions.append(action)
    for item in sorted(_lists.values(), key=lambda w: (w.order, w.key)):
        if not user.has_perm(item.perm):
            continue
        work = item.build(user, today)
        if work is not None and work.items:
            screen.panels.append(Panel(item.key, item.label, work))
    return screen
