"""Cases the case-workflow tests share, driven through the services with a fixed clock:
found on 1 September 2020, today is 28 September 2020 unless a test says otherwise."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.forms.models import model_to_dict

from fazhi.audit.models import AuditEntry
from fazhi.enforcement.models import Case, CaseStep, LegalReview
from fazhi.enforcement.services import cases as services
from fazhi.enforcement.services.workflow import advance

TODAY = date(2020, 9, 28)
CREDIT_CODE = "91120116MA05TK3Y1K"
SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(y: int, m: int, d: int, h: int = 10, mi: int = 0) -> datetime:
    return datetime(y, m, d, h, mi, tzinfo=SHANGHAI)


NOW = at(2020, 9, 28, 16)


def case_data(enf: Any, **over: Any) -> dict[str, Any]:
    return {
        "category": enf.stall,
        "source": "patrol",
        "location": "幸福路与光明大道交口东侧",
        "found_at": at(2020, 9, 1),
        "facts": "当事人在幸福路人行道上摆摊销售水果，占用人行道约6平方米。",
        "party_kind": Case.PartyKind.INDIVIDUAL,
        "party_name": "王小明",
        "party_id_number": "120116198001011239",
        "party_phone": "13812345678",
        **over,
    }


def register(world: Any, enf: Any, officers: Any = None, **over: Any) -> Case:
    return services.case_register(
        actor=enf.officer1,
        street=world.a.street,
        data=case_data(enf, **over),
        officers=officers or [enf.officer1, enf.officer2],
        now=NOW,
    )


def filed(world: Any, enf: Any, **over: Any) -> Case:
    case = register(world, enf, **over)
    return services.case_file(
        actor=enf.officer1, case=case, filed_on=date(2020, 9, 2), today=TODAY, now=NOW
    )


def investigating(world: Any, enf: Any, **over: Any) -> Case:
    case = filed(world, enf, **over)
    return services.case_investigate(
        actor=enf.officer1,
        case=case,
        record="询问当事人，制作询问笔录一份，现场拍照取证。",
        investigated_on=date(2020, 9, 3),
        today=TODAY,
        now=NOW,
    )


def notified(
    world: Any,
    enf: Any,
    *,
    fine: Decimal | None = Decimal("100"),
    kind: str = Case.PenaltyKind.FINE,
    hearing: bool | None = None,
    on: date = date(2020, 9, 7),
    **over: Any,
) -> Case:
    case = investigating(world, enf, **over)
    return services.case_notify(
        actor=enf.officer1,
        case=case,
        notified_on=on,
        proposed_penalty="拟处罚款。",
        proposed_penalty_kind=kind,
        proposed_fine=fine,
        hearing_applicable=hearing,
        today=TODAY,
        now=NOW,
    )


def decide(case: Case, enf: Any, **over: Any) -> Case:
    data: dict[str, Any] = {
        "decided_on": date(2020, 9, 14),
        "outcome": Case.Outcome.PENALTY,
        "penalty_kind": Case.PenaltyKind.FINE,
        "fine": Decimal("100"),
        "decision_no": "津滨甲执罚决字〔2020〕第001号",
        "decision_text": "责令改正，处罚款人民币100元。",
        "decision_basis": "《天津市市容和环境卫生管理条例》第五十二条",
        "deciders": [enf.officer1, enf.officer2],
        "today": TODAY,
        "now": NOW,
        **over,
    }
    return services.case_decide(actor=enf.officer1, case=case, **data)


def decided(world: Any, enf: Any, **over: Any) -> Case:
    return decide(notified(world, enf), enf, **over)


def in_review(case: Case, enf: Any, *, conclusion: str = "") -> LegalReview:
    """Send the case to legal review as area B's service does (a step and the state), with the
    opinion already given when ``conclusion`` is."""
    advance(
        case,
        actor=enf.officer1,
        kind=CaseStep.Kind.REVIEW_SUBMIT,
        action="提交法制审核",
        allowed=(Case.Status.INVESTIGATING, Case.Status.NOTIFIED),
        to_state=Case.Status.REVIEWING,
        occurred_at=at(2020, 9, 8),
    )
    review = LegalReview.objects.create(
        case=case,
        submitted_at=at(2020, 9, 8),
        submitted_by=enf.officer1,
        reviewer=enf.reviewer,
        due_on=date(2020, 9, 22),
    )
    if conclusion:
        review.conclusion = conclusion
        review.opinion = "事实清楚，证据确凿，程序合法。"
        review.reviewed_at = at(2020, 9, 10)
        for name, _label in LegalReview.CHECKLIST:
            setattr(review, name, True)
        review.save()
    return review


def state(case: Case) -> tuple[dict[str, Any], int, int]:
    """The case's row, its number of steps and the number of audit rows: a refusal leaves all
    three as they were."""
    fresh = Case.objects.get(pk=case.pk)
    row = model_to_dict(fresh)
    return row, CaseStep.objects.filter(case=fresh).count(), AuditEntry.objects.count()
