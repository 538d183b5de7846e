"""A generated street's public legal services (``core.generator``): a standing-adviser firm and
a village-adviser firm with their lawyers, one adviser for each village, a WeChat group for
each village and one for the street; and each year the adviser contract, the advisers' duty
shifts twice a week with residents' bookings, consultations at every desk and on every topic,
people's mediation with its agreements, and the groups' sizes (what the advisers push in them
is publicity of the outreach app). In 2020 on-site service stops for the epidemic (24 January to
31 May) as it did in Haibin."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from fazhi.core.generator import StreetPlan, generator_step, office_name
from fazhi.core.masking import mask_mobile, mask_name
from fazhi.legal_services.demo import QUESTIONS
from fazhi.legal_services.models import (
    AdviserContract,
    Appointment,
    Consultation,
    DutyShift,
    LawFirm,
    Lawyer,
    Mediation,
    MediationAgreement,
    MediationParty,
    MediationSession,
    MediationStep,
    ServiceSuspension,
    Topic,
    VillageAdviser,
    WechatGroup,
    WechatGroupCount,
)
from fazhi.legal_services.services.duty import CODE_ALPHABET, CODE_LENGTH
from fazhi.legal_services.services.mediation import confirmation_deadline_for
from fazhi.org.models import User, Village
from fazhi.org.roles import Role

FIRM_WORDS = (
    "勤达",
    "大有",
    "正平",
    "明德",
    "海润",
    "金诚",
    "泰和",
    "信达",
    "博远",
    "华盛",
    "恒信",
    "中正",
)
SPECIALTIES = (
    "婚姻家庭、继承", "劳动争议、工伤赔偿", "房产物业、邻里纠纷", "交通事故、损害赔偿",
    "土地承包、农村集体经济", "借贷纠纷、合同纠纷", "合同纠纷、行政法务", "公司法务、政府采购",
)  # fmt: skip
EPIDEMIC = (date(2020, 1, 24), date(2020, 5, 31))
MEDIATIONS = (
    ("邻里漏水损害赔偿纠纷", Mediation.DisputeType.DAMAGES),
    ("门脸房租金纠纷", Mediation.DisputeType.CONTRACT),
    ("农民工工资支付纠纷", Mediation.DisputeType.LABOUR),
    ("宅基地边界纠纷", Mediation.DisputeType.HOUSING),
    ("赡养费给付纠纷", Mediation.DisputeType.MARRIAGE_FAMILY),
    ("楼道堆物通行纠纷", Mediation.DisputeType.NEIGHBOUR),
    ("物业费收缴纠纷", Mediation.DisputeType.PROPERTY_MGMT),
    ("电动车碰撞赔偿纠纷", Mediation.DisputeType.DAMAGES),
    ("相邻通风采光纠纷", Mediation.DisputeType.NEIGHBOUR),
    ("离婚财产分割纠纷", Mediation.DisputeType.MARRIAGE_FAMILY),
    ("装修噪音纠纷", Mediation.DisputeType.NEIGHBOUR),
    ("土地承包合同纠纷", Mediation.DisputeType.CONTRACT),
)


@generator_step(order=30)
def setup_legal_services(plan: StreetPlan) -> None:
    rng = plan.rng("legal_services")
    rows, street = plan.rows, plan.street
    office = plan.user(Role.OFFICE)
    at = plan.at(plan.founding, 15)
    villages: list[Village] = plan.shared["villages"]
    standing_word, village_word = rng.sample(FIRM_WORDS, 2)
    firms = []
    for word in (standing_word, village_word):
        firm = rows.add(
            LawFirm(
                street=street,
                name=f"天津{word}律师事务所",
                address=f"{plan.district.city}{plan.district.name}{rng.choice(('第三大街', '迎宾街', '中心北路'))}{rng.randrange(1, 120)}号",
                phone=f"022-66{rng.randrange(10**6):06d}",
                contact_person=plan.person(rng),
            ),
            at,
        )
        plan.audit_create(firm, at, office)
        firms.append(firm)
    licences: set[str] = set()
    lawyers: list[list[Lawyer]] = [[], []]
    account: User = plan.user(Role.LAWYER)
    for side, count in ((0, 3), (1, max(6, (len(villages) + 1) // 2))):
        for i in range(count):
            while True:
                licence = f"11201{2005 + rng.randrange(12)}1{rng.randrange(10**7):07d}"[:17]
                if len(licence) == 17 and licence not in licences:
                    licences.add(licence)
                    break
            linked = account if side == 1 and i == 0 else None
            lawyer = rows.add(
                Lawyer(
                    street=street,
                    firm=firms[side],
                    name=linked.full_name if linked else plan.person(rng),
                    licence_no=licence,
                    phone=linked.phone if linked else plan.mobile(rng),
                    specialties=SPECIALTIES[(i + 6 * (1 - side)) % len(SPECIALTIES)],
                    user=linked,
                ),
                at,
            )
            plan.audit_create(lawyer, at, office)
            lawyers[side].append(lawyer)
    adviser_of: dict[int, Lawyer] = {}
    since = date(plan.first_year - 1, 3, 1)
    for i, village in enumerate(villages):
        lawyer = lawyers[1][i % len(lawyers[1])]
        adviser_of[id(village)] = lawyer
        assignment = rows.add(
            VillageAdviser(street=street, lawyer=lawyer, village=village, starts_on=since), at
        )
        plan.audit_create(assignment, at, office)
    groups = []
    for village in villages:
        groups.append(
            WechatGroup(
                street=street,
                name=f"{village.name}法律服务群",
                village=village,
                lawyer=adviser_of[id(village)],
                created_on=date(plan.first_year - 1, 6, 1),
                purpose="村居法律顾问在线解答群众法律问题，推送法律知识。",
            )
        )
    groups.append(
        WechatGroup(
            street=street,
            name=f"{street.name}公共法律服务群",
            created_on=date(plan.first_year - 1, 6, 1),
            purpose="街道司法所和法律顾问集中答复群众法律咨询。",
        )
    )
    for group in groups:
        rows.add(group, at)
        plan.audit_create(group, at, office)
    plan.shared["firms"] = firms
    plan.shared["standing_lawyers"] = lawyers[0]
    plan.shared["village_lawyers"] = lawyers[1]
    plan.shared["adviser_of"] = adviser_of
    plan.shared["wechat_groups"] = groups
    plan.shared["group_sizes"] = {id(g): rng.randrange(30, 60) for g in groups}
    plan.shared["appointment_codes"] = set(Appointment.objects.values_list("code", flat=True))


@generator_step(order=30, per_year=True)
def legal_services_year(plan: StreetPlan, year: int) -> None:
    work = _Year(plan, year)
    work.contract()
    work.roster()
    work.desks()
    work.mediations()
    work.wechat()


# The demo's questions, and the topics it has none for.
ANSWERS: dict[str, list[tuple[str, str]]] = {
    **{str(topic): pairs for topic, pairs in QUESTIONS.items()},
    Topic.TORT: [
        (
            "被邻居家的狗咬伤，医药费应当由谁承担？",
            "饲养的动物造成他人损害的，动物饲养人或者管理人应当承担侵权责任，可要求其赔偿医药费、误工费等损失。",
        )
    ],
    Topic.OTHER: [
        (
            "办理公证需要准备哪些材料？",
            "一般须提供身份证件和与公证事项有关的证明材料，具体可咨询公证机构。",
        )
    ],
}


def _topic(rng: random.Random, day: date) -> str:
    """A consultation's topic: the epidemic's questions from 2020 to 2022, many in its first
    months; the others as often as each other."""
    peak = date(2020, 1, 24) <= day <= date(2020, 4, 30)
    weights = {topic: 2 for topic in ANSWERS}
    weights[Topic.EPIDEMIC] = 10 if peak else 1 if 2020 <= day.year <= 2022 else 0
    weights[Topic.TORT] = weights[Topic.OTHER] = 1
    topics = list(weights)
    return str(rng.choices(topics, weights=[weights[t] for t in topics])[0])


def _question(rng: random.Random, topic: str) -> tuple[str, str]:
    return rng.choice(ANSWERS[topic])


class _Year:
    def __init__(self, plan: StreetPlan, year: int) -> None:
        self.plan = plan
        self.year = year
        self.rng = plan.rng("legal_services", year)
        self.rows = plan.rows
        self.office = plan.user(Role.OFFICE)
        self.villages: list[Village] = plan.shared["villages"]
        self.adviser_of: dict[int, Lawyer] = plan.shared["adviser_of"]
        self.first, self.last = plan.year_days(year)
        self.workdays = plan.workdays(year)

    def adviser(self, village: Village) -> Lawyer:
        return self.adviser_of[id(village)]

    def suspended(self, day: date) -> bool:
        return EPIDEMIC[0] <= day <= EPIDEMIC[1]

    def contract(self) -> None:
        plan, rng = self.plan, self.rng
        signed = date(self.year - 1, 12, rng.randrange(20, 31))
        at = plan.at(signed, 15)
        standing: list[Lawyer] = plan.shared["standing_lawyers"]
        contract = self.rows.add(
            AdviserContract(
                street=plan.street,
                firm=standing[0].firm,
                title=f"{office_name(plan.street.name)}常年法律顾问服务合同（{self.year}年度）",
                contract_no=f"{plan.street.slug.upper()[:4]}-FW-{self.year}-{rng.randrange(1, 20):03d}",
                signed_on=signed,
                starts_on=date(self.year, 1, 1),
                ends_on=date(self.year, 12, 31),
                lead_lawyer=standing[0],
                scope="为街道重大行政决策、规范性文件、合同和项目协议提供合法性审查意见；参与重大"
                "矛盾纠纷化解和信访案件处理；为机关干部讲授法律知识；代理诉讼和非诉讼事务。",
                fee=Decimal(rng.choice((50000, 60000, 80000))),
            ),
            at,
        )
        plan.audit_create(contract, at, self.office)

    # --- duty shifts and bookings
    def roster(self) -> None:
        """Shifts on Tuesdays and Thursdays, the villages taking turns; held, a few with the
        lawyer absent or called off; in 2020 none from 24 January to 31 May."""
        plan, rng = self.plan, self.rng
        suspension = None
        if self.year == 2020 and self.first <= EPIDEMIC[0] <= self.last:
            at = plan.at(EPIDEMIC[0], 8)
            suspension = self.rows.add(
                ServiceSuspension(
                    street=plan.street,
                    starts_on=EPIDEMIC[0],
                    ends_on=EPIDEMIC[1],
                    reason="新冠肺炎疫情防控期间，暂停村居法律顾问现场值班和预约服务。",
                    alternative="法律咨询改为电话、微信方式提供：可拨打12348公共法律服务热线，"
                    "或在本村居法律服务微信群留言，法律顾问当日答复。",
                ),
                at,
            )
            plan.audit_create(suspension, at, self.office)
        turn = rng.randrange(len(self.villages))
        for day in self.workdays:
            if day.weekday() not in (1, 3):
                continue
            if suspension is not None and self.suspended(day):
                # Only the fortnight already on the roster when service stopped.
                if day > EPIDEMIC[0] + timedelta(days=14):
                    continue
            elif rng.random() >= plan.scale * 1.05:
                continue
            turn += 1
            village = self.villages[turn % len(self.villages)]
            morning = rng.random() < 0.7
            shift = DutyShift(
                street=plan.street,
                village=village,
                lawyer=self.adviser(village),
                date=day,
                starts_at=time(9, 0) if morning else time(14, 0),
                ends_at=time(11, 30) if morning else time(16, 30),
                place=f"{village.name}党群服务中心法律服务室",
                capacity=rng.choice((3, 3, 4, 0)),
            )
            rostered_on = day - timedelta(days=rng.randrange(10, 25))
            if suspension is not None and self.suspended(day):
                rostered_on = min(rostered_on, EPIDEMIC[0] - timedelta(days=1))
            rostered = plan.at(rostered_on, 10)
            self.rows.add(shift, rostered)
            plan.audit_create(shift, rostered, self.office, frozen=True)
            if suspension is not None and self.suspended(day):
                self._cancel(shift, suspension.reason, plan.at(EPIDEMIC[0], 8, 30), suspension)
                continue
            roll = rng.random()
            if roll < 0.05:
                self._cancel(shift, "值班律师因参加庭审临时调整，改期另行安排。",
                             plan.at(day - timedelta(days=1), 16), None)  # fmt: skip
                continue
            bookings = self._bookings(shift) if shift.capacity else []
            done = plan.at(day, 12 if morning else 17)
            if roll < 0.08 and not bookings:
                plan.change(shift, done, self.office,
                            {"status": DutyShift.Status.ABSENT, "consultations_handled": None, "record": "律师未按时到岗。"})  # fmt: skip
                continue
            attended = [a for a in bookings if a.status == Appointment.Status.ATTENDED]
            handled = len(attended) + rng.randrange(0, 4)
            plan.change(
                shift,
                done,
                self.office,
                {
                    "status": DutyShift.Status.HELD,
                    "consultations_handled": handled,
                    "record": f"接待群众{handled}人次，均当场解答。",
                },
            )
            self._onsite(shift, attended, handled)

    def _cancel(
        self, shift: DutyShift, reason: str, at: datetime, suspension: ServiceSuspension | None
    ) -> None:
        moment = max(at, shift.created_at)
        self.plan.change(
            shift,
            moment,
            self.office,
            {
                "status": DutyShift.Status.CANCELLED,
                "cancel_reason": reason[:200],
                "suspension": suspension,
            },
        )

    def _code(self) -> str:
        codes: set[str] = self.plan.shared["appointment_codes"]
        while True:
            code = "".join(self.rng.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
            if code not in codes:
                codes.add(code)
                return code

    def _bookings(self, shift: DutyShift) -> list[Appointment]:
        """Residents' bookings of a shift: confirmed the day before, then come or not; a few
        cancelled by the resident."""
        plan, rng = self.plan, self.rng
        made = []
        count = min(shift.capacity, rng.choice((0, 0, 0, 1, 1, 2)))
        cancelled = rng.random() < 0.1
        start = plan.at(shift.date, shift.starts_at.hour, shift.starts_at.minute)
        for n in range(count + cancelled):
            booked = plan.at(
                shift.date - timedelta(days=rng.randrange(2, 8)),
                rng.randrange(8, 21),
                rng.randrange(60),
            )
            topic = _topic(rng, shift.date)
            appointment = Appointment(
                street=plan.street,
                shift=shift,
                code=self._code(),
                topic=topic,
                description=_question(rng, topic)[0],
                name=plan.person(rng),
                mobile=plan.mobile(rng),
                consent_at=booked,
                source=Appointment.Source.PORTAL
                if rng.random() < 0.8
                else Appointment.Source.STAFF,
                status=Appointment.Status.BOOKED,
                status_changed_at=booked,
            )
            self.rows.add(appointment, booked)
            actor = self.office if appointment.source == Appointment.Source.STAFF else None
            # The audit row masks the resident and leaves out the text (``duty`` does too).
            masked = {
                "name": mask_name(appointment.name),
                "mobile": mask_mobile(appointment.mobile),
            }
            repr_ = f"{appointment.code} {masked['name']}"
            plan.audit_create(appointment, booked, actor, frozen=True, extra=masked,
                              drop=("description",), object_repr=repr_,
                              resident=actor is None)  # fmt: skip
            if n == count:  # the one who cancelled
                moment = booked + timedelta(hours=rng.randrange(2, 30))
                moment = min(moment, start - timedelta(hours=1))
                if moment <= booked:
                    moment = booked + timedelta(minutes=10)
                self._status(
                    appointment,
                    Appointment.Status.CANCELLED,
                    moment,
                    None,
                    repr_,
                    note="本人时间冲突",
                )
                continue
            confirmed = max(
                plan.at(shift.date - timedelta(days=1), 9), booked + timedelta(minutes=30)
            )
            self._status(appointment, Appointment.Status.CONFIRMED, confirmed, self.office, repr_)
            came = rng.random() < 0.9
            self._status(
                appointment,
                Appointment.Status.ATTENDED if came else Appointment.Status.NO_SHOW,
                start + timedelta(minutes=30),
                self.office,
                repr_,
            )
            made.append(appointment)
        return made

    def _status(
        self,
        appointment: Appointment,
        status: str,
        at: datetime,
        actor: User | None,
        repr_: str,
        note: str | None = None,
    ) -> None:
        fields: dict[str, Any] = {"status": status, "status_changed_at": at}
        if note is not None:
            fields["note"] = note
        before = {k: getattr(appointment, k) for k in fields if k != "status_changed_at"}
        for name, value in fields.items():
            setattr(appointment, name, value)
        appointment.updated_at = at
        after = {k: v for k, v in fields.items() if k != "status_changed_at"}
        self.plan.audit_change(
            appointment, at, actor, before=before, after=after, object_repr=repr_
        )

    def _onsite(self, shift: DutyShift, attended: list[Appointment], handled: int) -> None:
        plan, rng = self.plan, self.rng
        start = plan.at(shift.date, shift.starts_at.hour)
        for k in range(handled):
            appointment = attended[k] if k < len(attended) else None
            topic = appointment.topic if appointment else _topic(rng, shift.date)
            question, answer = _question(rng, topic)
            moment = start + timedelta(minutes=10 + 15 * k)
            self._consultation(
                moment,
                Consultation.Channel.ONSITE,
                topic,
                question,
                answer,
                shift.village,
                shift=shift,
                appointment=appointment,
                resident_name=appointment.name if appointment else "",
                resident_phone=appointment.mobile if appointment else "",
                minutes=rng.choice((10, 15, 20, 30)),
            )

    def _consultation(
        self,
        moment: datetime,
        channel: str,
        topic: str,
        question: str,
        answer: str,
        village: Village,
        **fields: Any,
    ) -> None:
        consultation = Consultation(
            street=self.plan.street,
            occurred_at=moment,
            channel=channel,
            topic=topic,
            question=question,
            answer=answer,
            lawyer=self.adviser(village),
            handled_by=self.office,
            village=village,
            **fields,
        )
        at = moment + timedelta(minutes=30)
        self.rows.add(consultation, at)
        self.plan.audit_create(consultation, at, self.office)

    # --- the phone, WeChat, online and 12348 desks
    def desks(self) -> None:
        plan, rng = self.plan, self.rng
        days = self.workdays
        if not days:
            return
        for channel, per_day in (
            (Consultation.Channel.PHONE, 0.75),
            (Consultation.Channel.WECHAT, 0.36),
            (Consultation.Channel.ONLINE, 0.08),
            (Consultation.Channel.HOTLINE_12348, 0.03),
        ):
            for day in days:
                busy = 2.5 if self.year == 2020 and self.suspended(day) else 1.0
                for n in range(plan.times(rng, per_day * busy)):
                    topic = _topic(rng, day)
                    question, answer = _question(rng, topic)
                    village = rng.choice(self.villages)
                    moment = plan.at(day, rng.randrange(9, 17), rng.randrange(60))
                    fields: dict[str, Any] = {"minutes": rng.choice((5, 10, 10, 15, 20))}
                    if channel == Consultation.Channel.PHONE:
                        fields |= {
                            "resident_name": plan.person(rng),
                            "resident_phone": plan.mobile(rng),
                        }
                        if rng.random() < 0.03:
                            fields |= {
                                "referral": Consultation.Referral.TO_12348,
                                "hotline_ticket": f"12348-{day:%Y%m%d}-{n + 1:03d}",
                            }
                        elif rng.random() < 0.02:
                            fields["referral"] = Consultation.Referral.TO_MEDIATION
                    if channel == Consultation.Channel.HOTLINE_12348:
                        fields |= {
                            "hotline_ticket": f"TJ12348-{day:%Y%m%d}-{n + 1:03d}",
                            "follow_up_needed": True,
                            "follow_up_note": "已电话回访，当事人表示满意。",
                        }
                    elif rng.random() < 0.04:
                        fields["follow_up_needed"] = True
                    self._consultation(moment, channel, topic, question, answer, village, **fields)

    # --- people's mediation
    def mediations(self) -> None:
        plan, rng = self.plan, self.rng
        days = self.workdays
        count = min(plan.times(rng, 12.0), len(days))
        for number, received in enumerate(sorted(rng.sample(days, count)), start=1):
            self._mediation(number, received)

    def _mediation(self, number: int, received: date) -> None:
        plan, rng = self.plan, self.rng
        horizon = plan.horizon
        title, dispute = rng.choice(MEDIATIONS)
        village = rng.choice(self.villages)
        with_lawyer = rng.random() < 0.4
        lawyer = self.adviser(village) if with_lawyer else None
        at = plan.at(received, 10)
        mediation = self.rows.add(
            Mediation(
                street=plan.street,
                case_no=f"（{self.year}）调字第{number}号",
                title=title,
                dispute_type=dispute,
                source=rng.choice(
                    (Mediation.Source.APPLICATION,) * 3
                    + (Mediation.Source.INITIATIVE, Mediation.Source.REFERRAL)
                ),
                village=village,
                received_on=received,
                summary=f"{village.name}居民因{title[:-2]}发生争议，双方协商未果，申请人民调解委员会调解。",
                mediators="、".join(plan.person(rng) for _ in range(2)),
                lawyer=lawyer,
                status=Mediation.Status.ACCEPTED,
            ),
            at,
        )
        plan.audit_create(mediation, at, self.office, frozen=True)
        for side in (MediationParty.Side.APPLICANT, MediationParty.Side.RESPONDENT):
            party = self.rows.add(
                MediationParty(
                    mediation=mediation,
                    side=side,
                    kind=MediationParty.Kind.PERSON,
                    name=plan.person(rng),
                    phone=plan.mobile(rng),
                    address=plan.address(village.name),
                )
            )
            plan.audit_create(party, at, self.office)
        self._step(mediation, MediationStep.Kind.ACCEPTED, received, "", Mediation.Status.ACCEPTED,
                   mediation.get_source_display())  # fmt: skip
        held = plan.add_workdays(received, rng.randrange(2, 6))
        if held > horizon:
            return
        at = plan.at(held, 15)
        session = self.rows.add(
            MediationSession(
                mediation=mediation,
                held_on=held,
                place=f"{village.name}人民调解室",
                participants="双方当事人、人民调解员" + ("、法律顾问" if with_lawyer else ""),
                record="调解员听取双方陈述，释明相关法律规定"
                + ("，法律顾问就赔偿标准和诉讼风险作出分析" if with_lawyer else "")
                + "，双方各自表达了调解意愿。",
                lawyer_present=with_lawyer,
            )
        )
        plan.audit_create(session, at, self.office)
        plan.change(mediation, at, self.office, {"status": Mediation.Status.IN_PROGRESS},
                    extra={"step": str(MediationStep.Kind.STARTED)})  # fmt: skip
        self._step(mediation, MediationStep.Kind.STARTED, held, Mediation.Status.ACCEPTED,
                   Mediation.Status.IN_PROGRESS, session.place)  # fmt: skip
        closed = plan.add_workdays(held, rng.randrange(3, 10))
        if closed > horizon:
            return
        roll = rng.random()
        outcome = (
            Mediation.Status.SUCCEEDED
            if roll < 0.85
            else Mediation.Status.FAILED
            if roll < 0.95
            else Mediation.Status.TERMINATED
        )
        agreement = None
        if outcome == Mediation.Status.SUCCEEDED:
            agreement = self.rows.add(
                MediationAgreement(
                    mediation=mediation,
                    signed_on=closed,
                    facts=mediation.summary,
                    disputed_points=f"双方就{title[:-2]}的责任承担和赔偿数额存在争议。",
                    responsibilities="被申请人对纠纷的发生负主要责任，申请人负次要责任。",
                    terms=f"被申请人一次性向申请人支付补偿款人民币{rng.choice(('二千', '三千', '五千', '八千'))}元，双方就此纠纷再无其他争议。",
                    performance_manner="现金或银行转账",
                    performance_deadline=closed + timedelta(days=15),
                    confirmation_deadline=confirmation_deadline_for(closed),
                )
            )
            at = plan.at(closed, 11)
            plan.audit_create(
                agreement, at, self.office, frozen=True, object_repr=f"{mediation.case_no}调解协议"
            )
            self._step(mediation, MediationStep.Kind.AGREEMENT, closed, "", "", "")
        text = {
            Mediation.Status.SUCCEEDED: "双方达成调解协议并签字。",
            Mediation.Status.FAILED: "双方分歧较大，调解不成，已告知当事人可依法提起诉讼。",
            Mediation.Status.TERMINATED: "申请人撤回调解申请，终止调解。",
        }[outcome]
        at = plan.at(closed, 16)
        plan.change(mediation, at, self.office, {"status": outcome, "closed_on": closed, "outcome": text},
                    extra={"step": str(MediationStep.Kind.CLOSED)})  # fmt: skip
        self._step(
            mediation,
            MediationStep.Kind.CLOSED,
            closed,
            Mediation.Status.IN_PROGRESS,
            outcome,
            text,
        )
        if agreement is None:
            return
        repr_ = f"{mediation.case_no}调解协议"
        if with_lawyer and rng.random() < 0.6:
            applied = closed + timedelta(days=rng.randrange(3, 15))
            if applied <= horizon and applied <= agreement.confirmation_deadline:
                court = f"天津市{plan.district.name}人民法院"
                plan.change(agreement, plan.at(applied, 10), self.office,
                            {"confirmation": MediationAgreement.Confirmation.APPLIED,
                             "confirmation_applied_on": applied, "confirmation_court": court},
                            extra={"step": str(MediationStep.Kind.CONFIRMATION_APPLIED)}, object_repr=repr_)  # fmt: skip
                self._step(
                    mediation, MediationStep.Kind.CONFIRMATION_APPLIED, applied, "", "", court
                )
                decided = applied + timedelta(days=rng.randrange(10, 30))
                if decided <= horizon:
                    plan.change(agreement, plan.at(decided, 10), self.office,
                                {"confirmation": MediationAgreement.Confirmation.CONFIRMED},
                                extra={"step": str(MediationStep.Kind.CONFIRMATION_DECIDED)}, object_repr=repr_)  # fmt: skip
                    self._step(mediation, MediationStep.Kind.CONFIRMATION_DECIDED, decided, "", "",
                               MediationAgreement.Confirmation.CONFIRMED.label)  # fmt: skip
        performed = closed + timedelta(days=rng.randrange(3, 16))
        if performed <= horizon and rng.random() < 0.8:
            plan.change(agreement, plan.at(performed, 10), self.office, {"performed": True},
                        extra={"step": str(MediationStep.Kind.PERFORMED)}, object_repr=repr_)  # fmt: skip
            self._step(mediation, MediationStep.Kind.PERFORMED, performed, "", "", "")

    def _step(
        self, mediation: Mediation, kind: str, on: date, before: str, after: str, note: object
    ) -> None:
        self.rows.add(
            MediationStep(
                mediation=mediation,
                kind=kind,
                on=on,
                status_before=before,
                status_after=after,
                note=str(note)[:500],
                actor=self.office,
                actor_name=self.office.display_name,
            ),
            self.plan.at(on, 17),
        )

    # --- WeChat groups
    def wechat(self) -> None:
        plan, rng = self.plan, self.rng
        groups: list[WechatGroup] = plan.shared["wechat_groups"]
        sizes: dict[int, int] = plan.shared["group_sizes"]
        for group in groups:
            for counted in (date(self.year, 6, 30), date(self.year, 12, 31)):
                if counted > plan.horizon:
                    continue
                sizes[id(group)] += rng.randrange(0, 12)
                size = self.rows.add(
                    WechatGroupCount(group=group, counted_on=counted, members=sizes[id(group)])
                )
                plan.audit_create(size, plan.at(counted, 17), self.office,
                                  object_repr=f"{group.name}：{counted} {sizes[id(group)]}人")  # fmt: skip
