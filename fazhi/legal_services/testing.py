"""Test fixtures of legal services: a law firm with two lawyers in street A, one in street B.

def test_x(world, legal):  legal.firm_a, legal.lawyer_a (has the account legal.lawyer_user),
    legal.other_lawyer_a, legal.firm_b, legal.lawyer_b
"""

from __future__ import annotations

from dataclasses import dataclass

from fazhi.core.services import model_create
from fazhi.legal_services.models import LawFirm, Lawyer
from fazhi.org.models import User
from fazhi.org.roles import Role
from fazhi.testing import World, make_user


@dataclass
class Legal:
    firm_a: LawFirm
    lawyer_a: Lawyer
    lawyer_user: User
    other_lawyer_a: Lawyer
    firm_b: LawFirm
    lawyer_b: Lawyer


def build_legal(world: World) -> Legal:
    a, b = world.a.street, world.b.street
    firm_a = model_create(LawFirm, actor=None, data={"street": a, "name": "甲街律师事务所"})
    firm_b = model_create(LawFirm, actor=None, data={"street": b, "name": "乙街律师事务所"})
    lawyer_user = make_user("lawyer_a", a, [Role.LAWYER], full_name="王律师")
    lawyer_a = model_create(
        Lawyer,
        actor=None,
        data={
            "street": a,
            "firm": firm_a,
            "name": "王律师",
            "licence_no": "11201200810000001",
            "phone": "13700000001",
            "user": lawyer_user,
        },
    )
    other = model_create(
        Lawyer,
        actor=None,
        data={
            "street": a,
            "firm": firm_a,
            "name": "赵律师",
            "licence_no": "11201200810000002",
            "phone": "13700000002",
        },
    )
    lawyer_b = model_create(
        Lawyer,
        actor=None,
        data={
            "street": b,
            "firm": firm_b,
            "name": "钱律师",
            "licence_no": "11201200810000003",
            "phone": "13700000003",
        },
    )
    return Legal(firm_a, lawyer_a, lawyer_user, other, firm_b, lawyer_b)
