"""Mediation cases for the tests, built through the services like real records.

case = accepted_case(world.a.street, world.clerk_a)     # 已受理, two parties
case = in_progress_case(...)                           # + one session
case, agreement = succeeded_case(..., signed_on=...)   # + agreement, closed 调解成功
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fazhi.legal_services.models import Mediation, MediationAgreement, MediationParty
from fazhi.legal_services.services import mediation as services

# Valid citizen ID numbers (check digit per GB 11643): male, female, male, female.
ID_MAN = "120101198001010012"
ID_WOMAN = "120101198503150023"
ID_MAN_2 = "120105199007200036"
ID_WOMAN_2 = "120116197511110048"
CREDIT_CODE = "91120116MA05XYW12D"

RECEIVED = date(2020, 6, 1)


def applicant(**extra: Any) -> dict[str, Any]:
    return {
        "side": MediationParty.Side.APPLICANT,
        "kind": MediationParty.Kind.PERSON,
        "name": "张明",
        "id_number": ID_MAN,
        "phone": "13812345678",
        "address": "天津市滨海新区幸福路1号",
        **extra,
    }


def respondent(**extra: Any) -> dict[str, Any]:
    return {
        "side": MediationParty.Side.RESPONDENT,
        "kind": MediationParty.Kind.PERSON,
        "name": "李芳",
        "id_number": ID_WOMAN,
        "phone": "13912345678",
        "address": "天津市滨海新区幸福路3号",
        **extra,
    }


def case_fields(**extra: Any) -> dict[str, Any]:
    return {
        "case_no": "（2020）调字第1号",
        "title": "张明与李芳相邻通行纠纷",
        "dispute_type": Mediation.DisputeType.NEIGHBOUR,
        "received_on": RECEIVED,
        "summary": "双方因院墙外通道堆放杂物发生争执。",
        "mediators": "王调解、刘调解",
        **extra,
    }


def accepted_case(street: Any, actor: Any, **extra: Any) -> Mediation:
    return services.mediation_create(
        street=street,
        actor=actor,
        parties=[applicant(), respondent()],
        today=date(2020, 9, 28),
        **case_fields(**extra),
    )


def in_progress_case(street: Any, actor: Any, **extra: Any) -> Mediation:
    case = accepted_case(street, actor, **extra)
    services.mediation_session_add(
        case,
        actor=actor,
        today=date(2020, 9, 28),
        held_on=date(2020, 6, 5),
        place="社区调解室",
        participants="张明、李芳、王调解",
        record="双方陈述了各自意见。",
    )
    case.refresh_from_db()
    return case


def agreement_fields(**extra: Any) -> dict[str, Any]:
    return {
        "signed_on": date(2020, 6, 10),
        "facts": "李芳在院墙外通道堆放杂物，影响张明通行。",
        "disputed_points": "杂物是否应当清除及清除期限。",
        "responsibilities": "李芳堆放杂物影响他人通行，应负主要责任。",
        "terms": "一、李芳于2020年6月20日前清除通道杂物；\n二、双方今后互谅互让，和睦相处。",
        "performance_manner": "李芳自行清除",
        "performance_deadline": date(2020, 6, 20),
        **extra,
    }


def succeeded_case(
    street: Any, actor: Any, *, signed_on: date = date(2020, 6, 10), **extra: Any
) -> tuple[Mediation, MediationAgreement]:
    case = in_progress_case(street, actor, **extra)
    agreement = services.mediation_agreement_record(
        case,
        actor=actor,
        today=signed_on,
        **agreement_fields(signed_on=signed_on, performance_deadline=signed_on),
    )
    services.mediation_close(
        case,
        actor=actor,
        status=Mediation.Status.SUCCEEDED,
        closed_on=signed_on,
        outcome="达成书面调解协议。",
        today=signed_on,
    )
    case.refresh_from_db()
    agreement.refresh_from_db()
    return case, agreement
