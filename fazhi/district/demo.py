"""The demo's second street: the district view compares Haibin with a neighbour of its district.

A smaller street (about a third of Haibin's volume) with its records from 2020 to the day
before the demo is loaded, bulk-generated as the benchmarks' streets are
(``fazhi.core.generator``), after every app has loaded Haibin.
"""

from __future__ import annotations

from fazhi.core.demo import DemoContext, demo_step
from fazhi.core.generator import generate

SECOND_STREET_SCALE = 0.3
SECOND_STREET_FROM = 2020


@demo_step(order=900)
def second_street(ctx: DemoContext) -> None:
    # From 2020 to yesterday, so that the district office compares the two streets over 2020
    # (Haibin's report year) and over the current year alike; each year's loose ends are
    # concluded in the next, the current year's are open as they would be.
    (street,) = generate(
        district=ctx.street.district,
        streets=1,
        years=range(SECOND_STREET_FROM, ctx.days_ago(1).year + 1),
        scale=SECOND_STREET_SCALE,
        seed=2020,
    )
    ctx.shared["second_street"] = street
