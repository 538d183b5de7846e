"""Records for the 门前三包 and campaign tests, written through the services (cases and patrols,
owned by other areas, through ``model_create``)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from fazhi.audit.models import AuditEntry
from fazhi.core.services import model_create
from fazhi.enforcement.models import (
    Campaign,
    Case,
    FrontageSelfCheck,
    FrontageUnit,
    KeyArea,
    Patrol,
    ViolationCategory,
)
from fazhi.enforcement.services import campaigns as campaign_services
from fazhi.enforcement.services import frontage as frontage_services
from fazhi.org.models import Street, User

SHANGHAI = ZoneInfo("Asia/Shanghai")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
CREDIT_CODE = "91350100M000100Y43"  # a valid unified social credit code (GB 32100)
TODAY = date(2020, 9, 28)


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=SHANGHAI)  # type: ignore[misc]


def last_audit() -> AuditEntry:
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry is not None
    return entry


def unit(
    street: Street, actor: User | None, name: str = "幸福路便民超市", **fields: Any
) -> FrontageUnit:
    data: dict[str, Any] = {
        "name": name,
        "kind": FrontageUnit.Kind.SHOP,
        "address": fields.pop("address", "幸福路18号"),
        "zone": "门前至道路边石，东西各至相邻单位分界",
        "contact_name": "王店长",
        "contact_phone": "13812345678",
        **fields,
    }
    return frontage_services.frontage_unit_create(street=street, actor=actor, today=TODAY, **data)


def self_check(
    u: FrontageUnit, actor: User, checked_on: date, failed: bool = False, **fields: Any
) -> FrontageSelfCheck:
    result = FrontageSelfCheck.Result.FAILED if failed else FrontageSelfCheck.Result.PASSED
    if failed:
        fields.setdefault("problems", "门前堆放纸箱")
    return frontage_services.frontage_self_check_create(
        actor=actor, unit=u, checked_on=checked_on, result=result, today=TODAY, **fields
    )


def campaign(
    street: Street, actor: User | None, name: str = "幸福路市容环境专项整治", **fields: Any
) -> Campaign:
    data: dict[str, Any] = {
        "name": name,
        "starts_on": date(2020, 5, 1),
        "ends_on": date(2020, 8, 31),
        "goal": "整治占道经营、乱堆乱放，恢复道路通行秩序。",
        **fields,
    }
    return campaign_services.campaign_create(street=street, actor=actor, **data)


_numbers = iter(range(1, 100000))


def case(
    street: Street,
    category: ViolationCategory,
    officers: list[User],
    found_at: datetime,
    *,
    status: str = Case.Status.FOUND,
    **fields: Any,
) -> Case:
    n = next(_numbers)
    return model_create(
        Case,
        actor=None,
        data={
            "street": street,
            "number": f"测执〔2020〕{n}号",
            "status": status,
            "category": category,
            "source": "patrol",
            "location": "幸福路18号门前",
            "found_at": found_at,
            "facts": "在门前人行道摆摊经营。",
            "party_kind": Case.PartyKind.INDIVIDUAL,
            "party_name": "赵某",
            **fields,
        },
        m2m={"officers": officers},
    )


def patrol(
    street: Street, members: list[User], started_at: datetime, key_area: KeyArea, **fields: Any
) -> Patrol:
    return model_create(
        Patrol,
        actor=None,
        data={
            "street": street,
            "started_at": started_at,
            "key_area": key_area,
            "route": "幸福路全线",
            **fields,
        },
        m2m={"members": members},
    )
