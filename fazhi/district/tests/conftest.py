"""The district office of the test world's district (滨海新区: 甲街 and 乙街), one of another
district, and figures that differ between the streets."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from fazhi.enforcement.models import Case
from fazhi.enforcement.testing import build_enf
from fazhi.enforcement.tests.b_helpers import make_case
from fazhi.legal_services.models import Mediation
from fazhi.legal_services.services import mediation as mediation_services
from fazhi.legal_services.tests.mediation_cases import accepted_case, succeeded_case
from fazhi.org import services
from fazhi.org.models import District
from fazhi.org.roles import Role
from fazhi.testing import make_user

YEAR_2020 = {"start": "2020-01-01", "end": "2020-12-31"}


@pytest.fixture
def district_office(world):
    """区依法治区办 of 滨海新区, the district of 甲街 and 乙街."""
    return make_user(
        "district_office",
        None,
        [Role.DISTRICT_OFFICE],
        district=world.a.street.district,
        full_name="滨海新区依法治区办",
    )


@pytest.fixture
def other_district_office(world):
    """区依法治区办 of 和平区, whose only street is 丙街."""
    other = District.objects.create(name="和平区", city="天津市")
    services.street_create(actor=None, district=other, name="丙街", slug="street-c")
    return make_user(
        "other_district_office",
        None,
        [Role.DISTRICT_OFFICE],
        district=other,
        full_name="和平区依法治区办",
    )


def _failed_case(street, actor, case_no: str, village) -> Mediation:
    case = accepted_case(street, actor, case_no=case_no, village=village)
    return mediation_services.mediation_close(
        case,
        actor=actor,
        status=Mediation.Status.FAILED,
        closed_on=date(2020, 7, 1),
        outcome="双方分歧较大，调解不成。",
        today=date(2020, 7, 1),
    )


@pytest.fixture
def figures(world):
    """甲街: 1 mediation, succeeded (100%); 乙街: 3, of which 1 succeeded (33.3%) and a third
    grid. The district: 4 mediations, 2 of 4 closed succeeded (50%, not the mean 66.7%),
    5 grids."""
    succeeded_case(world.a.street, world.clerk_a, village=world.a.village)
    b, clerk, village = world.b.street, world.clerk_b, world.b.village
    succeeded_case(b, clerk, case_no="（2020）调字第1号", village=village)
    _failed_case(b, clerk, "（2020）调字第2号", village)
    _failed_case(b, clerk, "（2020）调字第3号", village)
    services.grid_create(
        street=world.b.street,
        actor=world.clerk_b,
        village=world.b.village,
        code="street-b-03",
        name="第三网格",
        established_on=date(2020, 3, 1),
    )


@pytest.fixture
def enf(world):
    return build_enf(world)


@pytest.fixture
def fines(world, enf):
    """A decided fine of 12,500.50元 in 甲街 and of 200元 in 乙街: 12,700.5 in the district."""
    common = {
        "status": Case.Status.DECIDED,
        "outcome": Case.Outcome.PENALTY,
        "decided_on": date(2020, 9, 28),
        "penalty_kind": Case.PenaltyKind.FINE,
        "decision_text": "责令当事人立即改正，并处罚款。",
    }
    make_case(
        enf,
        category=enf.litter,
        fine=Decimal("12500.50"),
        decision_no="津滨城罚〔2020〕15号",
        **common,
    )
    make_case(
        enf,
        street=world.b.street,
        fine=Decimal("200"),
        decision_no="津滨城罚〔2020〕16号",
        **common,
    )
