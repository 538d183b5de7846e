"""A major case along the real workflow (the cases area's services): registered, filed,
investigated, notified, reviewed (returned once, then agreed), decided, published on time —
with the published text masked."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
import time_machine

from fazhi.enforcement.models import Case, LegalReview
from fazhi.enforcement.services import cases
from fazhi.enforcement.services.legal_review import legal_review_complete, legal_review_submit
from fazhi.enforcement.services.publication import publication_publish
from fazhi.enforcement.tests.b_helpers import FACTS, PARTY, PARTY_ID, aware

pytestmark = pytest.mark.django_db
ALL_PASS = {key: True for key, _label in LegalReview.CHECKLIST}


def test_major_case_reviewed_decided_and_published(world, enf):
    with time_machine.travel(aware(2020, 9, 1, 10, 0), tick=False):
        case = cases.case_register(
            actor=enf.officer1,
            street=world.a.street,
            data={
                "category": enf.litter,
                "source": "patrol",
                "location": "幸福路",
                "found_at": aware(2020, 9, 1, 9, 0),
                "facts": FACTS,
                "party_kind": "individual",
                "party_name": PARTY,
                "party_id_number": PARTY_ID,
                "party_phone": "13812345678",
                "third_parties": "赵六、钱七七",
            },
            officers=[enf.officer1, enf.officer2],
        )
        case = cases.case_file(actor=enf.officer1, case=case, filed_on=date(2020, 9, 1))
        case = cases.case_investigate(
            actor=enf.officer1, case=case, record="现场勘验，询问当事人。"
        )
    with time_machine.travel(aware(2020, 9, 10, 10, 0), tick=False):
        case = cases.case_notify(
            actor=enf.officer1,
            case=case,
            notified_on=date(2020, 9, 10),
            proposed_penalty="罚款六千元",
            proposed_penalty_kind="fine",
            proposed_fine=Decimal("6000"),
        )
        assert case.is_major()
    with time_machine.travel(aware(2020, 9, 21, 10, 0), tick=False):
        first = legal_review_submit(actor=enf.officer1, case=case, reviewer=enf.reviewer)
        legal_review_complete(
            actor=enf.reviewer,
            review=first,
            checklist={**ALL_PASS, "check_facts": False},
            conclusion="disagree",
            opinion="证据不足。",
        )
        case.refresh_from_db()
        assert case.status == Case.Status.INVESTIGATING
        second = legal_review_submit(actor=enf.officer1, case=case, reviewer=enf.reviewer)
        legal_review_complete(
            actor=enf.reviewer,
            review=second,
            checklist=ALL_PASS,
            conclusion="agree",
            opinion="同意",
        )
    with time_machine.travel(aware(2020, 9, 28, 10, 0), tick=False):
        case.refresh_from_db()
        case = cases.case_decide(
            actor=enf.officer1,
            case=case,
            decided_on=date(2020, 9, 28),
            outcome="penalty",
            decision_no="津滨城罚〔2020〕88号",
            decision_text=f"对{PARTY}罚款六千元。",
            deciders=[enf.officer1, enf.officer2],
            penalty_kind="fine",
            fine=Decimal("6000"),
            decision_basis="《天津市市容和环境卫生管理条例》第五十二条",
        )
    assert case.publish_due_on == date(2020, 10, 14)
    with time_machine.travel(aware(2020, 10, 14, 10, 0), tick=False):
        publication = publication_publish(actor=enf.officer1, case=case)
    assert publication.on_time and publication.party == "王某"
    assert (
        PARTY not in publication.conclusion and "行政处罚：罚款6000元。" in publication.conclusion
    )
