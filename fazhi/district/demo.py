"""The demo's second street: the district view compares Haibin with a neighbour of its district.

A smaller street (about a third of Haibin's volume) with one year of records, bulk-generated as
the benchmarks' streets are (``fazhi.core.generator``), after every app has loaded Haibin.
"""

from __future__ import annotations

from datetime import date

from fazhi.core.demo import DemoContext, demo_step
from fazhi.core.generator import generate

SECOND_STREET_SCALE = 0.3


@demo_step(order=900)
def second_street(ctx: DemoContext) -> None:
    (street,) = generate(
        district=ctx.street.district,
        streets=1,
        years=[2020],
        scale=SECOND_STREET_SCALE,
        seed=2020,
        # What the end of 2020 left open is taken to its end in the first half of 2021.
        settle_until=date(2021, 6, 30),
    )
    ctx.shared["second_street"] = street
