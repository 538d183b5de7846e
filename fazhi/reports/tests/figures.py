"""Records behind the figures the statistics tests look at, in street A unless said otherwise.

data = figures(world)
# patrols: 2 in grid A-01 (March, May), 1 in A-02 (May) in 2020; 1 in A-01 in 2019; 1 in B
# cases decided in 2020 with fines 100,000 + 100,000 + 65,950 = 265,950 yuan; 1 in B
# legal reviews: case 1 twice, case 2 once (2 cases reviewed, 3 reviews); 1 in B
# mediations closed in 2020: 2 succeeded, 1 failed (66.7%); 1 succeeded in B
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from fazhi.core.services import model_create
from fazhi.enforcement.models import Case, LegalReview, Patrol
from fazhi.enforcement.services.patrols import patrol_create
from fazhi.enforcement.testing import Enf, build_enf
from fazhi.enforcement.tests.b_helpers import make_case
from fazhi.legal_services.models import Mediation
from fazhi.testing import World

SHANGHAI = ZoneInfo("Asia/Shanghai")
YEAR = {"start": "2020-01-01", "end": "2020-12-31"}
NOW = datetime(2020, 12, 31, 12, tzinfo=SHANGHAI)


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=SHANGHAI)


@dataclass
class Figures:
    enf: Enf
    patrols_a01: list[Patrol]
    patrol_a02: Patrol
    patrol_b: Patrol
    cases: list[Case]
    case_b: Case
    mediations: list[Mediation]
    mediation_b: Mediation


def _patrol(
    world: World, members: list[Any], street: Any, grid: Any, start: datetime, **fields: Any
) -> Patrol:
    return patrol_create(
        street=street,
        actor=None,
        members=members,
        now=NOW,
        started_at=start,
        grid=grid,
        route="幸福路—光明大道",
        findings="发现占道经营一处。",
        problems_found=1,
        **fields,
    )


def _decided(enf: Enf, fine: str, street: Any = None, **fields: Any) -> Case:
    return make_case(
        enf,
        street=street,
        category=fields.pop("category", enf.litter if street is None else enf.category_b),
        status=Case.Status.DECIDED,
        outcome=Case.Outcome.PENALTY,
        decided_on=fields.pop("decided_on", date(2020, 9, 10)),
        decision_no=f"津滨城罚〔2020〕{fine}号",
        penalty_kind=Case.PenaltyKind.FINE,
        fine=Decimal(fine),
        decision_text="责令改正，处罚款。",
        **fields,
    )


def _review(case: Case, enf: Enf, reviewer: Any, day: int, conclusion: str) -> LegalReview:
    return LegalReview.objects.create(
        case=case,
        submitted_at=at(2020, 9, day - 1),
        submitted_by=case.officers.first(),
        reviewer=reviewer,
        due_on=date(2020, 9, 30),
        conclusion=conclusion,
        opinion="事实清楚，证据确凿，程序合法。",
        reviewed_at=at(2020, 9, day),
    )


def _mediation(street: Any, village: Any, number: int, status: str) -> Mediation:
    return model_create(
        Mediation,
        actor=None,
        data={
            "street": street,
            "case_no": f"（2020）调字第{number}号",
            "title": f"相邻通行纠纷{number}",
            "dispute_type": Mediation.DisputeType.NEIGHBOUR
            if number % 2
            else Mediation.DisputeType.CONTRACT,
            "village": village,
            "received_on": date(2020, 6, 1),
            "summary": "双方因院墙外通道堆放杂物发生争执。",
            "mediators": "王调解、刘调解",
            "status": status,
            "closed_on": date(2020, 6, 20),
        },
    )


def figures(world: World) -> Figures:
    enf = build_enf(world)
    team = [enf.officer1, enf.officer2]
    a01 = [
        _patrol(world, team, world.a.street, world.a.grid, at(2020, 3, 2, 9)),
        _patrol(
            world, team, world.a.street, world.a.grid, at(2020, 5, 10, 9), key_area=enf.key_area
        ),
    ]
    a02 = _patrol(world, team, world.a.street, world.a.other_grid, at(2020, 5, 11, 9))
    _patrol(world, team, world.a.street, world.a.grid, at(2019, 4, 1, 9))
    b = _patrol(world, [enf.officer_b], world.b.street, world.b.grid, at(2020, 5, 10, 9))
    cases = [
        _decided(enf, "100000", grid=world.a.grid),
        _decided(enf, "100000", grid=world.a.other_grid),
        _decided(enf, "65950", grid=world.a.grid, decided_on=date(2020, 10, 15)),
    ]
    case_b = _decided(enf, "150", street=world.b.street, grid=world.b.grid)
    _review(cases[0], enf, world.reviewer, 5, LegalReview.Conclusion.AMEND)
    _review(cases[0], enf, world.reviewer, 8, LegalReview.Conclusion.AGREE)
    _review(cases[1], enf, world.reviewer, 9, LegalReview.Conclusion.AGREE)
    _review(case_b, enf, enf.officer_b, 9, LegalReview.Conclusion.AGREE)
    succeeded, failed = Mediation.Status.SUCCEEDED, Mediation.Status.FAILED
    mediations = [
        _mediation(world.a.street, world.a.village, 1, succeeded),
        _mediation(world.a.street, world.a.village, 2, succeeded),
        _mediation(world.a.street, None, 3, failed),
    ]
    mediation_b = _mediation(world.b.street, world.b.village, 1, succeeded)
    return Figures(enf, a01, a02, b, cases, case_b, mediations, mediation_b)


def more_records(world: World, data: Figures, n: int) -> None:
    """``n`` more patrols (with a key area), decided cases each reviewed once, and closed
    mediations in street A, June 2020: pages must cost the same queries with them."""
    for day in range(1, n + 1):
        patrol_create(
            street=world.a.street,
            actor=None,
            members=[data.enf.officer1, data.enf.officer2],
            now=NOW,
            started_at=at(2020, 6, day, 9),
            grid=world.a.grid if day % 2 else world.a.other_grid,
            key_area=data.enf.key_area,
            route="幸福路",
        )
        case = _decided(data.enf, str(day), grid=world.a.grid, decided_on=date(2020, 6, day))
        _review(case, data.enf, world.reviewer, 9, LegalReview.Conclusion.AGREE)
        status = Mediation.Status.SUCCEEDED if day % 3 else Mediation.Status.FAILED
        _mediation(world.a.street, world.a.village, 100 + day, status)
