"""Haibin Street's public legal services in 2020, as the report tells them.

天津勤达律师事务所 is the standing legal adviser; 大有律师事务所's lawyers are the village
advisers. In January the advisers held 16 on-site duty sessions; from 24 January on-site service
was suspended for the epidemic and answered by phone and WeChat (210 and 66 consultations); from
June 22 booked on-site services were given by 10 lawyers; lawyers took part in 4 mediations; 15
WeChat groups of 700-odd residents received 270-odd pushes (planned here, written as publicity
items by the outreach demo). Every figure the report quotes is
counted from the records written here, never stored.
"""

from __future__ import annotations

import datetime
from datetime import date, time, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from fazhi.core.demo import DemoContext, demo_step, mobile, person_name
from fazhi.core.workdays import add_workdays, is_workday
from fazhi.legal_services.models import (
    Consultation,
    DutyShift,
    Lawyer,
    Mediation,
    MediationParty,
    Topic,
    WechatGroup,
)
from fazhi.legal_services.services import duty, mediation, registry
from fazhi.org.models import User, Village

STANDING_FIRM = "天津勤达律师事务所"
VILLAGE_FIRM = "大有律师事务所"

# (firm, lawyers, specialties)
LAWYERS = [
    (STANDING_FIRM, 3, ["合同纠纷、行政法务", "公司法务、政府采购", "建设工程、行政复议"]),
    (
        VILLAGE_FIRM,
        10,
        [
            "婚姻家庭、继承",
            "劳动争议、工伤赔偿",
            "房产物业、邻里纠纷",
            "交通事故、损害赔偿",
            "土地承包、农村集体经济",
            "借贷纠纷、合同纠纷",
        ],
    ),
]

SUSPENSION_START = date(2020, 1, 24)
SUSPENSION_LAST_DAY = date(2020, 5, 31)
JANUARY_SHIFTS_HELD = 16
BOOKED_SERVICES = 22
BOOKING_LAWYERS = 10
PHONE_CONSULTATIONS = 210
WECHAT_CONSULTATIONS = 66
MEDIATIONS_WITH_LAWYER = 4
WECHAT_GROUPS_MIN_MEMBERS = 700
PUSHES = 276
REPORT_DAY = date(2020, 9, 28)

QUESTIONS: dict[str, list[tuple[str, str]]] = {
    Topic.EPIDEMIC: [
        (
            "疫情期间公司停工，工资应当怎么发放？",
            "在一个工资支付周期内的，用人单位应当按照劳动合同约定的标准支付工资；超过一个"
            "工资支付周期的，按照国家和本市有关规定执行。",
        ),
        (
            "小区封闭管理，外地返津人员不配合登记怎么办？",
            "依据传染病防治法和本市有关决定，个人应当配合社区防控措施；拒不配合的可报告"
            "公安机关依法处理。",
        ),
        (
            "租住的门脸因疫情不能营业，房租能否减免？",
            "可与出租人协商减免或延期支付；协商不成的，可依据合同约定和公平原则主张变更，"
            "必要时申请人民调解。",
        ),
    ],
    Topic.MARRIAGE_FAMILY: [
        (
            "协议离婚后发现对方隐瞒财产，还能分割吗？",
            "发现对方隐藏、转移共同财产的，可以向人民法院提起诉讼，请求再次分割夫妻共同财产。",
        ),
        (
            "老人再婚，子女反对，老人的婚姻自由受保护吗？",
            "子女应当尊重父母的婚姻权利，不得干涉父母离婚、再婚以及婚后的生活。",
        ),
    ],
    Topic.LABOUR: [
        (
            "在工地干活受伤，老板不给报销医药费怎么办？",
            "先固定劳动关系和受伤经过的证据，向社会保险行政部门申请工伤认定；未参加工伤保险的，"
            "由用人单位按标准支付工伤待遇。",
        ),
        (
            "单位拖欠工资三个月，应当去哪里投诉？",
            "可向劳动保障监察机构投诉，也可申请劳动争议仲裁，仲裁时效为一年。",
        ),
    ],
    Topic.CONTRACT: [
        (
            "买的二手车有事故隐瞒，能退车吗？",
            "卖方故意隐瞒重大事故的，可主张撤销合同或解除合同并要求赔偿损失，注意保留交易凭证。",
        ),
    ],
    Topic.PROPERTY: [
        (
            "物业公司不维修电梯，业主能否拒交物业费？",
            "业主可要求物业公司依约履行维修义务，但不宜以此为由拒交物业费，可通过业主委员会协商或诉讼解决。",
        ),
        (
            "楼上漏水把我家屋顶泡坏了，怎么索赔？",
            "可先拍照取证，与楼上协商修复和赔偿；协商不成的可申请人民调解或提起诉讼。",
        ),
    ],
    Topic.NEIGHBOUR: [
        (
            "邻居在楼道里堆放杂物，影响通行怎么办？",
            "可向物业和社区反映，占用消防通道的可报告消防救援机构依法处理。",
        ),
    ],
    Topic.INHERITANCE: [
        (
            "父亲去世没留遗嘱，房子怎么继承？",
            "无遗嘱的按法定继承办理，第一顺序继承人为配偶、子女、父母，同一顺序继承人一般均等分配。",
        ),
    ],
    Topic.LAND: [
        (
            "土地承包经营权能否流转给外村人？",
            "承包方可以依法采取出租、入股等方式流转土地经营权，须签订书面合同并向发包方备案。",
        ),
    ],
    Topic.DEBT: [
        (
            "借钱给朋友没有写借条，只有微信转账记录，能要回来吗？",
            "微信转账记录和聊天记录可以作为证据，建议尽快让对方书面确认借款事实。",
        ),
    ],
    Topic.TRAFFIC: [
        (
            "电动车被汽车撞了，对方只愿意私了怎么办？",
            "建议报警由交警出具事故认定书，再据此协商赔偿，协商不成可申请调解或诉讼。",
        ),
    ],
}


def _pick_topic(rng: Any, day: date) -> str:
    epidemic_weight = 5 if date(2020, 1, 24) <= day <= date(2020, 4, 30) else 1
    topics = [t for t in QUESTIONS for _ in range(epidemic_weight if t == Topic.EPIDEMIC else 2)]
    return rng.choice(topics)


def _at(day: date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, time(hour, minute)))


def _workdays(start: date, end: date) -> list[date]:
    days, day = [], start
    while day <= end:
        if is_workday(day):
            days.append(day)
        day += timedelta(days=1)
    return days


@demo_step(order=30)
def load_legal_services(ctx: DemoContext) -> None:
    rng, street = ctx.rng, ctx.street
    office: User = ctx.shared["users"]["office"]
    villages: dict[str, Village] = ctx.shared["villages"]

    # --- Firms, lawyers, the standing contract, village advisers -------------------------------
    firms = {
        STANDING_FIRM: registry.law_firm_create(
            street=street,
            actor=office,
            name=STANDING_FIRM,
            address="天津市滨海新区第三大街51号",
            phone="022-66292288",
            contact_person=person_name(rng),
        ),
        VILLAGE_FIRM: registry.law_firm_create(
            street=street,
            actor=office,
            name=VILLAGE_FIRM,
            address="天津市滨海新区大港迎宾街68号",
            phone="022-63221166",
            contact_person=person_name(rng),
        ),
    }
    phones = ctx.shared.setdefault("phones", set())
    lawyers: dict[str, list[Lawyer]] = {STANDING_FIRM: [], VILLAGE_FIRM: []}
    serial = 0
    for firm_name, count, specialties in LAWYERS:
        for i in range(count):
            serial += 1
            lawyers[firm_name].append(
                registry.lawyer_create(
                    street=street,
                    actor=office,
                    firm=firms[firm_name],
                    name=person_name(rng),
                    licence_no=f"11201{2005 + serial % 12}1{rng.randrange(10**7):07d}",
                    phone=mobile(rng, phones),
                    specialties=specialties[i % len(specialties)],
                    # The demo's lawyer account is a village adviser of the partner firm.
                    user=ctx.shared["users"]["lawyer"]
                    if firm_name == VILLAGE_FIRM and i == 0
                    else None,
                )
            )
    ctx.shared["lawyers"] = lawyers
    standing = lawyers[STANDING_FIRM]
    registry.adviser_contract_create(
        street=street,
        actor=office,
        firm=firms[STANDING_FIRM],
        title="海滨街道办事处常年法律顾问服务合同",
        contract_no="HBJD-FW-2020-003",
        signed_on=date(2019, 12, 27),
        starts_on=date(2020, 1, 1),
        ends_on=date(2020, 12, 31),
        lead_lawyer=standing[0],
        scope="为街道重大行政决策、规范性文件、合同和项目协议提供合法性审查意见；参与重大"
        "矛盾纠纷化解和信访案件处理；为机关干部讲授法律知识；代理诉讼和非诉讼事务。",
        fee=Decimal("60000.00"),
    )
    advisers = lawyers[VILLAGE_FIRM]
    adviser_of: dict[str, Lawyer] = {}
    for i, village in enumerate(villages.values()):
        lawyer = advisers[i % len(advisers)]
        adviser_of[village.name] = lawyer
        registry.village_adviser_create(
            street=street, actor=office, lawyer=lawyer, village=village, starts_on=date(2019, 3, 1)
        )

    # --- January: 16 on-site duty sessions held, then the epidemic suspension ------------------
    village_list = list(villages.values())
    january = _workdays(date(2020, 1, 2), date(2020, 1, 23))
    for n in range(JANUARY_SHIFTS_HELD):
        village = village_list[n % len(village_list)]
        day = january[n % len(january)]
        shift = duty.duty_shift_create(
            street=street,
            actor=office,
            village=village,
            lawyer=adviser_of[village.name],
            date=day,
            starts_at=time(9, 0) if n % 2 == 0 else time(14, 0),
            ends_at=time(11, 30) if n % 2 == 0 else time(16, 30),
            place=f"{village.name}党群服务中心法律服务室",
            capacity=0,
        )
        handled = rng.randrange(2, 6)
        duty.duty_shift_record(
            shift,
            actor=office,
            status=DutyShift.Status.HELD,
            consultations_handled=handled,
            record=f"接待群众{handled}人次，主要咨询婚姻家庭、劳动报酬和邻里纠纷问题，均当场解答。",
            today=day,
        )
        for k in range(handled):
            topic = _pick_topic(rng, day)
            question, answer = rng.choice(QUESTIONS[topic])
            registry.consultation_create(
                street=street,
                actor=office,
                occurred_at=_at(day, shift.starts_at.hour, 10 + 10 * k),
                channel=Consultation.Channel.ONSITE,
                topic=topic,
                question=question,
                answer=answer,
                lawyer=shift.lawyer,
                village=village,
                shift=shift,
                minutes=rng.choice([10, 15, 20, 30]),
            )
    # Shifts already on the roster for the last days of January, cancelled by the suspension.
    for n, day in enumerate(_workdays(date(2020, 2, 3), date(2020, 2, 7))):
        village = village_list[(JANUARY_SHIFTS_HELD + n) % len(village_list)]
        duty.duty_shift_create(
            street=street,
            actor=office,
            village=village,
            lawyer=adviser_of[village.name],
            date=day,
            starts_at=time(9, 0),
            ends_at=time(11, 30),
            place=f"{village.name}党群服务中心法律服务室",
            capacity=4,
        )
    duty.service_suspension_create(
        street=street,
        actor=office,
        starts_on=SUSPENSION_START,
        ends_on=SUSPENSION_LAST_DAY,
        reason="新冠肺炎疫情防控期间，暂停村居法律顾问现场值班和预约服务。",
        now=_at(SUSPENSION_START, 8),
        alternative="法律咨询改为电话、微信方式提供：可拨打12348公共法律服务热线，或在本村居"
        "法律服务微信群留言，法律顾问当日答复。",
    )

    # --- From June: booked on-site services, 22 by 10 lawyers -----------------------------------
    summer = [d for d in _workdays(date(2020, 6, 2), date(2020, 9, 25)) if d.weekday() in (1, 3)]
    serving = advisers[:BOOKING_LAWYERS]
    # The 22 booked services spread over the summer's shifts, the lawyers taking turns.
    booked_shifts = {(i * len(summer)) // BOOKED_SERVICES: i for i in range(BOOKED_SERVICES)}
    for n, day in enumerate(summer):
        turn = booked_shifts.get(n, n)
        lawyer = serving[turn % len(serving)]
        village = next(v for v in village_list if adviser_of[v.name] == lawyer)
        shift = duty.duty_shift_create(
            street=street,
            actor=office,
            village=village,
            lawyer=lawyer,
            date=day,
            starts_at=time(9, 0),
            ends_at=time(11, 30),
            place=f"{village.name}党群服务中心法律服务室",
            capacity=3,
        )
        bookings = []
        if n in booked_shifts:
            topic = _pick_topic(rng, day)
            bookings.append(
                duty.appointment_book(
                    shift=shift,
                    topic=topic,
                    name=person_name(rng),
                    mobile=mobile(rng, phones),
                    consent=True,
                    description=rng.choice(QUESTIONS[topic])[0],
                    now=_at(day - timedelta(days=rng.randrange(2, 6)), 10),
                )
            )
        if n % 5 == 2:  # a resident who booked and then cancelled: not a service given
            cancelled = duty.appointment_book(
                shift=shift,
                topic=Topic.OTHER,
                name=person_name(rng),
                mobile=mobile(rng, phones),
                consent=True,
                now=_at(day - timedelta(days=3), 15),
            )
            duty.appointment_cancel(
                cancelled,
                by_resident=True,
                reason="本人时间冲突",
                now=_at(day - timedelta(days=1), 18),
            )
        for appointment in bookings:
            duty.appointment_confirm(appointment, actor=office, now=_at(day - timedelta(days=1), 9))
        duty.duty_shift_record(
            shift,
            actor=office,
            status=DutyShift.Status.HELD,
            consultations_handled=len(bookings) + rng.randrange(0, 3),
            record="按预约接待群众并解答现场来访咨询。",
            today=day,
        )
        for appointment in bookings:
            duty.appointment_attend(appointment, actor=office, attended=True, now=_at(day, 9, 30))
            question, answer = rng.choice(QUESTIONS[appointment.topic])
            registry.consultation_create(
                street=street,
                actor=office,
                occurred_at=_at(day, 9, 30),
                channel=Consultation.Channel.ONSITE,
                topic=appointment.topic,
                question=question,
                answer=answer,
                lawyer=lawyer,
                village=village,
                shift=shift,
                appointment=appointment,
                resident_name=appointment.name,
                resident_phone=appointment.mobile,
                minutes=30,
            )

    # --- Phone and WeChat desks during the suspension and after --------------------------------
    desk_days = _workdays(SUSPENSION_START, REPORT_DAY)
    for channel, count in (
        (Consultation.Channel.PHONE, PHONE_CONSULTATIONS),
        (Consultation.Channel.WECHAT, WECHAT_CONSULTATIONS),
    ):
        for n in range(count):
            day = rng.choice(desk_days)
            topic = _pick_topic(rng, day)
            question, answer = rng.choice(QUESTIONS[topic])
            village = rng.choice(village_list)
            referral = (
                Consultation.Referral.TO_12348
                if channel == Consultation.Channel.PHONE and n % 40 == 7
                else Consultation.Referral.NONE
            )
            registry.consultation_create(
                street=street,
                actor=office,
                occurred_at=_at(day, rng.randrange(9, 17), rng.randrange(0, 60)),
                channel=channel,
                topic=topic,
                question=question,
                answer=answer,
                lawyer=adviser_of[village.name],
                village=village,
                minutes=rng.choice([5, 10, 10, 15, 20]),
                resident_name=person_name(rng) if channel == Consultation.Channel.PHONE else "",
                resident_phone=mobile(rng, phones) if channel == Consultation.Channel.PHONE else "",
                referral=referral,
                hotline_ticket=f"12348-2020-{n:05d}" if referral else "",
                follow_up_needed=n % 25 == 3,
            )
    for n in range(6):  # questions the 12348 hotline passed on to the street
        day = rng.choice(desk_days)
        topic = _pick_topic(rng, day)
        question, answer = rng.choice(QUESTIONS[topic])
        village = rng.choice(village_list)
        registry.consultation_create(
            street=street,
            actor=office,
            occurred_at=_at(day, 10),
            channel=Consultation.Channel.HOTLINE_12348,
            topic=topic,
            question=question,
            answer=answer,
            lawyer=adviser_of[village.name],
            village=village,
            hotline_ticket=f"TJ12348-2020{day:%m%d}-{n + 1:03d}",
            follow_up_needed=True,
            follow_up_note="已电话回访，当事人表示满意。",
        )

    _load_mediations(ctx, adviser_of, village_list)
    _load_wechat(ctx, adviser_of, village_list)
    # The roster of the coming weeks is the current year's (demo_current.py).


MEDIATIONS = [
    # (title, type, with lawyer, outcome status)
    ("邻里漏水损害赔偿纠纷", Mediation.DisputeType.DAMAGES, True, Mediation.Status.SUCCEEDED),
    ("门脸房租金减免纠纷", Mediation.DisputeType.CONTRACT, True, Mediation.Status.SUCCEEDED),
    ("农民工工资支付纠纷", Mediation.DisputeType.LABOUR, True, Mediation.Status.SUCCEEDED),
    ("宅基地边界纠纷", Mediation.DisputeType.HOUSING, True, Mediation.Status.FAILED),
    ("赡养费给付纠纷", Mediation.DisputeType.MARRIAGE_FAMILY, False, Mediation.Status.SUCCEEDED),
    ("楼道堆物通行纠纷", Mediation.DisputeType.NEIGHBOUR, False, Mediation.Status.SUCCEEDED),
    ("物业费收缴纠纷", Mediation.DisputeType.PROPERTY_MGMT, False, Mediation.Status.SUCCEEDED),
    ("电动车碰撞赔偿纠纷", Mediation.DisputeType.DAMAGES, False, Mediation.Status.SUCCEEDED),
    ("相邻通风采光纠纷", Mediation.DisputeType.NEIGHBOUR, False, Mediation.Status.IN_PROGRESS),
]


def _load_mediations(
    ctx: DemoContext, adviser_of: dict[str, Lawyer], villages: list[Village]
) -> None:
    rng, street = ctx.rng, ctx.street
    office: User = ctx.shared["users"]["office"]
    phones = ctx.shared["phones"]
    days = _workdays(date(2020, 3, 2), date(2020, 9, 10))
    for n, (title, dispute_type, with_lawyer, outcome) in enumerate(MEDIATIONS):
        received = days[(n * len(days)) // len(MEDIATIONS)]
        village = villages[(n * 3) % len(villages)]
        party = {
            "kind": MediationParty.Kind.PERSON,
            "address": f"天津市滨海新区海滨街{village.name}",
        }
        case = mediation.mediation_create(
            street=street,
            actor=office,
            case_no=f"海滨人调〔2020〕{n + 1}号",
            title=title,
            dispute_type=dispute_type,
            village=village,
            received_on=received,
            summary=f"{village.name}居民因{title[:-2]}发生争议，双方协商未果，申请人民调解委员会调解。",
            mediators="、".join(person_name(rng) for _ in range(2)),
            lawyer=adviser_of[village.name] if with_lawyer else None,
            parties=[
                {
                    **party,
                    "side": MediationParty.Side.APPLICANT,
                    "name": person_name(rng),
                    "phone": mobile(rng, phones),
                },
                {
                    **party,
                    "side": MediationParty.Side.RESPONDENT,
                    "name": person_name(rng),
                    "phone": mobile(rng, phones),
                },
            ],
            today=received,
        )
        held = add_workdays(received, 3)
        mediation.mediation_session_add(
            case,
            actor=office,
            held_on=held,
            place=f"{village.name}人民调解室",
            participants="双方当事人、人民调解员" + ("、法律顾问" if with_lawyer else ""),
            record="调解员听取双方陈述，释明相关法律规定"
            + ("，法律顾问就赔偿标准和诉讼风险作出分析" if with_lawyer else "")
            + "，双方各自表达了调解意愿。",
            lawyer_present=with_lawyer,
            today=held,
        )
        if outcome == Mediation.Status.IN_PROGRESS:
            continue
        closed = add_workdays(held, 5)
        if outcome == Mediation.Status.SUCCEEDED:
            mediation.mediation_agreement_record(
                case,
                actor=office,
                signed_on=closed,
                facts=case.summary,
                disputed_points=f"双方就{title[:-2]}的责任承担和赔偿数额存在争议。",
                responsibilities="被申请人对纠纷的发生负主要责任，申请人负次要责任。",
                terms="被申请人一次性向申请人支付补偿款人民币三千元，双方就此纠纷再无其他争议。",
                performance_manner="现金或银行转账",
                performance_deadline=closed + timedelta(days=15),
                today=closed,
            )
        mediation.mediation_close(
            case,
            actor=office,
            status=outcome,
            closed_on=closed,
            outcome="双方达成调解协议并签字。"
            if outcome == Mediation.Status.SUCCEEDED
            else "双方分歧较大，调解不成，已告知当事人可依法提起诉讼。",
            today=closed,
        )
        if outcome == Mediation.Status.SUCCEEDED and with_lawyer:
            case.refresh_from_db()
            mediation.mediation_confirmation_apply(
                case.agreement,
                actor=office,
                applied_on=closed + timedelta(days=7),
                court="天津市滨海新区人民法院",
                today=closed + timedelta(days=7),
            )


def _load_wechat(ctx: DemoContext, adviser_of: dict[str, Lawyer], villages: list[Village]) -> None:
    rng, street = ctx.rng, ctx.street
    office: User = ctx.shared["users"]["office"]
    groups: list[WechatGroup] = []
    for village in villages:
        groups.append(
            registry.wechat_group_create(
                street=street,
                actor=office,
                name=f"{village.name}法律服务群",
                village=village,
                lawyer=adviser_of[village.name],
                created_on=date(2019, 6, 1),
                purpose="村居法律顾问在线解答群众法律问题，推送法律知识。",
            )
        )
    for name, created in (
        ("海滨街公共法律服务群", date(2019, 6, 1)),
        ("海滨街疫情防控法律咨询群", date(2020, 2, 3)),
    ):
        groups.append(
            registry.wechat_group_create(
                street=street,
                actor=office,
                name=name,
                created_on=created,
                purpose="街道司法所和法律顾问集中答复群众法律咨询。",
            )
        )
    sizes = [rng.randrange(38, 66) for _ in groups]
    shortfall = WECHAT_GROUPS_MIN_MEMBERS + 20 - sum(sizes)
    if shortfall > 0:
        sizes[-1] += shortfall
    for group, size in zip(groups, sizes, strict=True):
        if group.created_on < date(2020, 3, 1):
            registry.wechat_group_count_record(
                group,
                actor=office,
                counted_on=date(2020, 3, 1),
                members=max(size - rng.randrange(5, 15), 10),
            )
        registry.wechat_group_count_record(group, actor=office, counted_on=REPORT_DAY, members=size)

    # The pushes are publicity items of the outreach app, which writes them (its demo step runs
    # later): planned here with the draws they always took, so the steps after this one get the
    # same random numbers as before.
    titles = {
        "law": [
            "民法典婚姻家庭编要点",
            "劳动合同解除的法定情形",
            "遗嘱的几种形式",
            "借条怎么写才有效",
        ],
        "policy": [
            "疫情期间劳动关系处理政策解读",
            "本市复工复产法律指引",
            "农村土地承包政策问答",
        ],
        "case": [
            "以案释法：拒不配合疫情防控的法律责任",
            "以案释法：高空抛物致人损害",
            "以案释法：网络诈骗防范",
        ],
        "notice": ["12348公共法律服务热线服务时间", "村居法律顾问现场服务恢复通知"],
        "video": ["普法短视频：疫情防控中的法律问题", "普法短视频：民法典来了"],
    }
    days = [d for d in _workdays(date(2020, 2, 3), REPORT_DAY)]
    pushes: list[dict[str, Any]] = []
    for n in range(PUSHES):
        kind = rng.choice(list(titles))
        in_group = n % 6 != 0
        group = groups[n % len(groups)] if in_group else None
        pushes.append(
            {
                "published_on": days[(n * len(days)) // PUSHES],
                "channel": "wechat_group" if in_group else "official_account",
                "group": group,
                "title": rng.choice(titles[kind]),
                "kind": kind,
                "lawyer": group.lawyer if group is not None else None,
            }
        )
    ctx.shared["wechat_pushes"] = pushes
