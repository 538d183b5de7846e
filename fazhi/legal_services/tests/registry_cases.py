"""Registry records of both streets for the registry tests: a contract, a village adviser,
a consultation, and a WeChat group with a member count, written through the services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from fazhi.audit.models import AuditEntry
from fazhi.legal_services.models import (
    AdviserContract,
    Consultation,
    Topic,
    VillageAdviser,
    WechatGroup,
    WechatGroupCount,
)
from fazhi.legal_services.services import registry as services
from fazhi.legal_services.testing import Legal
from fazhi.testing import World

SHANGHAI = ZoneInfo("Asia/Shanghai")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=SHANGHAI)  # type: ignore[misc]


def last_audit() -> AuditEntry:
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry is not None
    return entry


@dataclass
class Records:
    contract: AdviserContract
    adviser: VillageAdviser
    consultation: Consultation
    group: WechatGroup
    count: WechatGroupCount


def street_records(world: World, legal: Legal, street: str) -> Records:
    s = getattr(world, street)
    clerk = world.clerk_a if street == "a" else world.clerk_b
    firm = legal.firm_a if street == "a" else legal.firm_b
    lawyer = legal.lawyer_a if street == "a" else legal.lawyer_b
    contract = services.adviser_contract_create(
        street=s.street,
        actor=clerk,
        firm=firm,
        title=f"{s.street.name}常年法律顾问合同",
        signed_on=date(2019, 12, 27),
        starts_on=date(2020, 1, 1),
        ends_on=date(2020, 12, 31),
        lead_lawyer=lawyer,
        scope="合同审查、重大决策法律意见",
    )
    adviser = services.village_adviser_create(
        street=s.street, actor=clerk, lawyer=lawyer, village=s.village, starts_on=date(2019, 3, 1)
    )
    consultation = services.consultation_create(
        street=s.street,
        actor=clerk,
        occurred_at=at(2020, 3, 2, 10, 30),
        channel=Consultation.Channel.PHONE,
        topic=Topic.LABOUR,
        question=f"{s.street.name}：单位拖欠工资怎么办？",
        answer="可向劳动保障监察机构投诉。",
        lawyer=lawyer,
        resident_name="李女士",
        resident_phone="13612345678",
    )
    group = services.wechat_group_create(
        street=s.street,
        actor=clerk,
        name=f"{s.street.name}法律服务群",
        village=s.village,
        lawyer=lawyer,
        created_on=date(2019, 6, 1),
    )
    count = services.wechat_group_count_record(
        group, counted_on=date(2020, 3, 1), members=48, actor=clerk
    )
    return Records(contract, adviser, consultation, group, count)
