"""The Haibin Street demo: each app adds its records in its own ``demo.py``.

    @demo_step(order=10)
    def org(ctx: DemoContext) -> None: ...

Steps run in order inside one transaction, through the same services as the pages, with a
seeded random generator so the demo is the same on every machine.

The demo has two times. Haibin's 2020, up to the seed report's day (2020年9月28日), is the
same on every machine and reproduces the seed's figures; what was still open on that day is
concluded in the weeks after it, so no record waits six years. The current year, up to the
day the demo is loaded, is written by each app's ``demo_current.py`` (steps ordered 700 to
799, after every app's 2020 and before the annual reports): records dated relative to
``ctx.today``, drawn from ``ctx.rng_for(part)`` so a given day always gives the same demo.
They run up to the end of yesterday; what is planned (duty shifts, comment periods,
deadlines) reaches forward from today.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from fazhi.audit.services import batched
from fazhi.core.services import database_checks_trusted

DEMO_STREET_SLUG = "haibin"
DEMO_PASSWORD = "Haibin@2020"


@dataclass
class DemoAccount:
    username: str
    role_label: str
    full_name: str


@dataclass
class DemoContext:
    rng: random.Random
    street: Any = None
    accounts: list[DemoAccount] = field(default_factory=list)
    # Records one step hands to later ones (e.g. "users" by role, "villages" by name).
    shared: dict[str, Any] = field(default_factory=dict)
    # The day the demo is loaded: the current year's records are dated relative to it.
    today: date = field(default_factory=timezone.localdate)

    def rng_for(self, part: str) -> random.Random:
        """A generator for one part of the current year: the same for the same day and part,
        whatever the other parts draw."""
        return random.Random(f"{self.today.isoformat()}:{part}")

    @property
    def year_start(self) -> date:
        """The first day of the current year's records."""
        return date(self.today.year, 1, 1)

    def at(self, day: date, hour: int, minute: int = 0) -> datetime:
        """A local moment of ``day``."""
        return timezone.make_aware(datetime.combine(day, time(hour, minute)))

    def days_ago(self, days: int, hour: int = 9, minute: int = 0) -> datetime:
        """A local moment ``days`` days before today (1: yesterday)."""
        return self.at(self.today - timedelta(days=days), hour, minute)


_steps: list[tuple[int, str, Callable[[DemoContext], None]]] = []


def demo_step(
    order: int,
) -> Callable[[Callable[[DemoContext], None]], Callable[[DemoContext], None]]:
    def register(func: Callable[[DemoContext], None]) -> Callable[[DemoContext], None]:
        name = f"{func.__module__}.{func.__qualname__}"
        if all(existing != name for _, existing, _ in _steps):
            _steps.append((order, name, func))
        return func

    return register


def load_demo(seed: int = 2020) -> DemoContext:
    """Load the whole demo street; the caller checks that it is not loaded yet.

    The load succeeds or fails as a whole: one transaction, each step's audit rows chained in
    memory and written together at the step's end, and what the database enforces itself (references,
    unique and check constraints) left to it rather than asked of it record by record."""
    autodiscover_modules("demo", "demo_current")
    ctx = DemoContext(rng=random.Random(seed))
    with transaction.atomic(), database_checks_trusted():
        for _, _, step in sorted(_steps, key=lambda s: (s[0], s[1])):
            # A step's audit rows are written at its end: a later step may append to the
            # chain itself (the second street's bulk generator).
            with batched():
                step(ctx)
    return ctx


_SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪"
    "田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
)
_GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉兰萍红梅鹏飞海燕建华志强晓东雪梅丹宁文博"
    "浩然子涵欣怡俊杰佳琪宇轩思远嘉怡立新国庆春生秋菊红霞永胜凤英德明淑珍建国振华利民树林玉珍"
)


def person_name(rng: random.Random) -> str:
    """A plausible Chinese name: a common surname and one or two given-name characters."""
    surname = rng.choice(_SURNAMES)
    given = rng.choice(_GIVEN) + (rng.choice(_GIVEN) if rng.random() < 0.7 else "")
    return surname + given


def mobile(rng: random.Random, used: set[str]) -> str:
    while True:
        number = (
            rng.choice(
                [
                    "135",
                    "136",
                    "138",
                    "139",
                    "150",
                    "152",
                    "158",
                    "186",
                    "187",
                    "188",
                    "130",
                    "131",
                    "132",
                    "155",
                    "156",
                    "185",
                    "133",
                    "153",
                    "180",
                    "189",
                ]
            )
            + f"{rng.randrange(10**8):08d}"
        )
        if number not in used:
            used.add(number)
            return number
