"""Test fixtures of enforcement: officers, a reviewer, the catalogue and a key area in street A,
an officer and a category in street B.

def test_x(world, enf):  enf.officer1, enf.officer2, enf.officer3 (certified officers of A),
    enf.uncertified (officer role, no certificate), enf.reviewer (qualified, world.reviewer),
    enf.officer_b (street B), enf.stall / enf.litter (categories of A), enf.category_b,
    enf.key_area (幸福路 in A)
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from fazhi.core.services import model_create
from fazhi.enforcement.models import KeyArea, ViolationCategory
from fazhi.org.models import Street, User
from fazhi.org.roles import Role
from fazhi.testing import World, make_user


@dataclass
class Enf:
    officer1: User
    officer2: User
    officer3: User
    uncertified: User
    reviewer: User
    officer_b: User
    stall: ViolationCategory
    litter: ViolationCategory
    category_b: ViolationCategory
    key_area: KeyArea


def _category(street: Street, code: str, name: str, fine_max: str) -> ViolationCategory:
    return model_create(
        ViolationCategory,
        actor=None,
        data={
            "street": street,
            "code": code,
            "name": name,
            "legal_basis": "《天津市市容和环境卫生管理条例》第十八条",
            "penalty_basis": "《天津市市容和环境卫生管理条例》第五十二条",
            "penalty_range": f"责令改正，可以处{fine_max}元以下罚款。",
            "fine_min": Decimal("0"),
            "fine_max": Decimal(fine_max),
        },
    )


def build_enf(world: World) -> Enf:
    a, b = world.a.street, world.b.street

    def officer(username: str, street: Street, name: str, cert: str) -> User:
        return make_user(
            username,
            street,
            [Role.ENFORCEMENT_OFFICER],
            full_name=name,
            enforcement_certificate_no=cert,
        )

    return Enf(
        officer1=officer("officer1", a, "刘执法", "12011600000001"),
        officer2=officer("officer2", a, "陈执法", "12011600000002"),
        officer3=officer("officer3", a, "杨执法", "12011600000003"),
        uncertified=officer("uncertified", a, "吴协管", ""),
        reviewer=world.reviewer,
        officer_b=officer("officer_b", b, "乙街执法", "12011700000001"),
        stall=_category(a, "CR-01", "占道经营", "200"),
        litter=_category(a, "CR-02", "乱堆乱放", "100000"),
        category_b=_category(b, "CR-01", "占道经营", "200"),
        key_area=model_create(
            KeyArea, actor=None, data={"street": a, "name": "幸福路", "kind": KeyArea.Kind.ROAD}
        ),
    )
