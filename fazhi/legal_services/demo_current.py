"""Haibin Street's public legal services in the current year, up to the day the demo is loaded,
and the end of what 2020 left open on the report's day.

The village advisers keep duty on Tuesdays and Thursdays the whole year: the shifts up to
yesterday are recorded, residents booked and came (or did not), walk-ins were answered; the
shifts of the coming four weeks are on the roster with bookings and free places, several of them
the demo lawyer account's. Phone, WeChat and 12348 consultations run up to yesterday. The
mediation committee's year has cases in every state, one agreement's judicial confirmation
window closing within the week. The standing adviser's contract of the year runs, beside a
special-service contract about to expire.
"""

from __future__ import annotations

from datetime import date, time, timedelta
from decimal import Decimal
from typing import Any

from fazhi.core.demo import DemoContext, demo_step, mobile, person_name
from fazhi.core.workdays import CalendarUnknown, add_workdays, is_workday
from fazhi.legal_services.demo import MEDIATIONS, QUESTIONS, STANDING_FIRM
from fazhi.legal_services.models import (
    Appointment,
    Consultation,
    DutyShift,
    Lawyer,
    Mediation,
    MediationAgreement,
    MediationParty,
    Topic,
    VillageAdviser,
)
from fazhi.legal_services.services import duty, mediation, registry
from fazhi.legal_services.services.mediation import confirmation_deadline_for
from fazhi.org.models import User, Village

COURT = "天津市滨海新区人民法院"
# The weeks of roster ahead of today (the public page offers up to 60 days).
ROSTER_WEEKS = 4
# A year's desk consultations, as in a year without suspension (2020: 210 and 66 in nine months).
PHONE_PER_YEAR = 260
WECHAT_PER_YEAR = 90
HOTLINE_PER_YEAR = 10


def _workday(day: date) -> bool:
    try:
        return is_workday(day)
    except CalendarUnknown:  # a year the calendar does not hold: weekdays will do
        return day.weekday() < 5


def _workdays(start: date, end: date) -> list[date]:
    days, day = [], start
    while day <= end:
        if _workday(day):
            days.append(day)
        day += timedelta(days=1)
    return days


def _workdays_before(day: date, n: int) -> date:
    """The working day ``n`` working days before ``day``."""
    while n > 0:
        day -= timedelta(days=1)
        if _workday(day):
            n -= 1
    return day


def _topic(rng: Any) -> str:
    return rng.choice([t for t in QUESTIONS if t != Topic.EPIDEMIC])


def _advisers(ctx: DemoContext) -> dict[int, Lawyer]:
    """Each village's adviser today, by village id."""
    assignments = VillageAdviser.objects.filter(street=ctx.street).active_on(ctx.today)
    return {a.village_id: a.lawyer for a in assignments.select_related("lawyer")}


# --- 2020's loose ends ----------------------------------------------------------------------------


@demo_step(order=730)
def legal_services_2020_concluded(ctx: DemoContext) -> None:
    """What was open on 2020年9月28日, concluded in the autumn of 2020: the mediation still in
    progress, the agreements awaiting the court, the agreements' performance, the follow-up
    calls; and the next year's standing contract, signed in December."""
    office: User = ctx.shared["users"]["office"]
    cases = Mediation.objects.filter(street=ctx.street, received_on__year=2020)
    in_progress = cases.get(title=MEDIATIONS[-1][0])
    signed = date(2020, 10, 15)
    mediation.mediation_agreement_record(
        in_progress,
        actor=office,
        signed_on=signed,
        facts=in_progress.summary,
        disputed_points="双方就加建雨棚影响通风采光的问题存在争议。",
        responsibilities="被申请人加建雨棚超出原有范围，对纠纷的发生负主要责任。",
        terms="被申请人于协议签订后十五日内将雨棚拆短至原有范围，申请人不再主张其他赔偿。",
        performance_manner="被申请人自行拆除",
        performance_deadline=signed + timedelta(days=15),
        today=signed,
    )
    mediation.mediation_close(
        in_progress,
        actor=office,
        status=Mediation.Status.SUCCEEDED,
        closed_on=signed,
        outcome="双方达成调解协议并签字。",
        today=signed,
    )
    for n, agreement in enumerate(
        MediationAgreement.objects.filter(mediation__in=cases)
        .select_related("mediation")
        .order_by("signed_on", "pk")
    ):
        if agreement.confirmation == MediationAgreement.Confirmation.APPLIED:
            decided = date(2020, 10, 12) + timedelta(days=2 * n)
            mediation.mediation_confirmation_result(
                agreement, actor=office, confirmed=True, decided_on=decided, today=decided
            )
        # Recorded as performed when the office went through the register after the report.
        performed = max(agreement.performance_deadline, date(2020, 9, 29))
        mediation.mediation_agreement_performed(
            agreement, actor=office, performed_on=performed, today=date(2020, 10, 30)
        )
    # The consultations marked for a follow-up call, called back in October.
    to_call = Consultation.objects.filter(
        street=ctx.street, occurred_at__year=2020, follow_up_needed=True, follow_up_note=""
    ).order_by("occurred_at", "pk")
    for n, consultation in enumerate(to_call):
        registry.consultation_update(
            consultation,
            actor=office,
            now=ctx.at(date(2020, 10, 9) + timedelta(days=n % 5), 15),
            follow_up_note="已电话回访，当事人表示问题已解决。",
        )
    standing = ctx.shared["lawyers"][STANDING_FIRM]
    registry.adviser_contract_create(
        street=ctx.street,
        actor=office,
        firm=standing[0].firm,
        title="海滨街道办事处常年法律顾问服务合同（2021年度）",
        contract_no="HBJD-FW-2021-001",
        signed_on=date(2020, 12, 28),
        starts_on=date(2021, 1, 1),
        ends_on=date(2021, 12, 31),
        lead_lawyer=standing[0],
        scope=_STANDING_SCOPE,
        fee=Decimal("60000.00"),
    )


_STANDING_SCOPE = (
    "为街道重大行政决策、规范性文件、合同和项目协议提供合法性审查意见；参与重大矛盾纠纷"
    "化解和信访案件处理；为机关干部讲授法律知识；代理诉讼和非诉讼事务。"
)


# --- The current year: contracts, the roster, bookings, consultations -----------------------------


@demo_step(order=731)
def legal_services_current_contracts(ctx: DemoContext) -> None:
    office: User = ctx.shared["users"]["office"]
    year = ctx.today.year
    standing = ctx.shared["lawyers"][STANDING_FIRM]
    firm = standing[0].firm
    registry.adviser_contract_create(
        street=ctx.street,
        actor=office,
        firm=firm,
        title=f"海滨街道办事处常年法律顾问服务合同（{year}年度）",
        contract_no=f"HBJD-FW-{year}-002",
        signed_on=date(year - 1, 12, 26),
        starts_on=ctx.year_start,
        ends_on=date(year, 12, 31),
        lead_lawyer=standing[0],
        scope=_STANDING_SCOPE,
        fee=Decimal("80000.00"),
    )
    # A special-service contract running beside it, ending in three weeks: 即将到期.
    ends = ctx.today + timedelta(days=20)
    registry.adviser_contract_create(
        street=ctx.street,
        actor=office,
        firm=firm,
        title="老旧小区改造项目专项法律服务合同",
        contract_no=f"HBJD-FW-{year}-011",
        signed_on=ctx.today - timedelta(days=160),
        starts_on=ctx.today - timedelta(days=155),
        ends_on=ends,
        lead_lawyer=standing[1],
        scope="为老旧小区改造项目的招标文件、施工合同和居民协议提供法律审查，参与项目相关矛盾纠纷化解。",
        fee=Decimal("30000.00"),
    )


def _shift(
    ctx: DemoContext, village: Village, lawyer: Lawyer, day: date, *, afternoon: bool = False
) -> DutyShift:
    return duty.duty_shift_create(
        street=ctx.street,
        actor=ctx.shared["users"]["office"],
        village=village,
        lawyer=lawyer,
        date=day,
        starts_at=time(14, 0) if afternoon else time(9, 0),
        ends_at=time(16, 30) if afternoon else time(11, 30),
        place=f"{village.name}党群服务中心法律服务室",
        capacity=4,
        today=ctx.today,
    )


def _book(ctx: DemoContext, rng: Any, shift: DutyShift, on: date, hour: int) -> Appointment:
    """A resident's booking made online on ``on`` (a day before the shift's)."""
    topic = _topic(rng)
    return duty.appointment_book(
        shift=shift,
        topic=topic,
        name=person_name(rng),
        mobile=mobile(rng, ctx.shared["phones"]),
        consent=True,
        description=rng.choice(QUESTIONS[topic])[0],
        now=ctx.at(on, hour, rng.randrange(0, 60)),
    )


@demo_step(order=732)
def legal_services_current_roster(ctx: DemoContext) -> None:
    """Tuesday and Thursday duty in the villages in turn; the past recorded, the next weeks
    booked in part."""
    rng = ctx.rng_for("legal_services-roster")
    office: User = ctx.shared["users"]["office"]
    lawyer_user: User = ctx.shared["users"]["lawyer"]
    villages: list[Village] = list(ctx.shared["villages"].values())
    advisers = _advisers(ctx)
    yesterday = ctx.today - timedelta(days=1)
    past = [d for d in _workdays(ctx.year_start, yesterday) if d.weekday() in (1, 3)]
    for n, day in enumerate(past):
        village = villages[n % len(villages)]
        lawyer = advisers[village.pk]
        shift = _shift(ctx, village, lawyer, day)
        if n % 37 == 20:  # the lawyer called to a hearing: the office cancels two days before
            duty.duty_shift_cancel(
                shift,
                actor=office,
                reason="值班律师临时出庭，本次值班取消，请改约其他时段。",
                now=ctx.at(day - timedelta(days=2), 16),
            )
            continue
        bookings = [
            _book(ctx, rng, shift, day - timedelta(days=rng.randrange(2, 9)), rng.randrange(9, 21))
            for _ in range(rng.choice([0, 0, 1, 1, 1, 2]))
        ]
        if n % 6 == 4:  # a resident who booked and then cancelled
            cancelled = _book(ctx, rng, shift, day - timedelta(days=4), 19)
            duty.appointment_cancel(
                cancelled, by_resident=True, reason="本人时间冲突", now=ctx.at(day, 7, 30)
            )
        for appointment in bookings:
            duty.appointment_confirm(appointment, actor=office, now=ctx.at(day - timedelta(1), 10))
        if n % 41 == 30 and not bookings:
            duty.duty_shift_record(
                shift,
                actor=office,
                status=DutyShift.Status.ABSENT,
                record="值班律师因病未到岗，已电话告知来访群众改日咨询。",
                today=day,
            )
            continue
        walk_ins = rng.randrange(0, 3)
        came = []
        for k, appointment in enumerate(bookings):
            attended = not (n % 11 == 3 and k == 0)
            duty.appointment_attend(
                appointment, actor=office, attended=attended, now=ctx.at(day, 9, 20 + 5 * k)
            )
            if attended:
                came.append(appointment)
        duty.duty_shift_record(
            shift,
            actor=office,
            status=DutyShift.Status.HELD,
            consultations_handled=len(came) + walk_ins,
            record="按预约接待群众并解答现场来访咨询。",
            today=day,
        )
        visitors: list[Appointment | None] = [*came, *([None] * walk_ins)]
        for k, visitor in enumerate(visitors):
            topic = visitor.topic if visitor else _topic(rng)
            question, answer = rng.choice(QUESTIONS[topic])
            registry.consultation_create(
                street=ctx.street,
                actor=office,
                occurred_at=ctx.at(day, 9 + (30 + 15 * k) // 60, (30 + 15 * k) % 60),
                channel=Consultation.Channel.ONSITE,
                topic=topic,
                question=question,
                answer=answer,
                lawyer=lawyer,
                village=village,
                shift=shift,
                appointment=visitor,
                resident_name=visitor.name if visitor else "",
                resident_phone=visitor.mobile if visitor else "",
                minutes=rng.choice([15, 20, 30]),
            )

    # The coming weeks: every other shift is the demo lawyer's (its two villages in turn).
    own = [v for v in villages if advisers[v.pk].user_id == lawyer_user.pk]
    others = [v for v in villages if v not in own]
    ahead = [
        d
        for d in _workdays(ctx.today, ctx.today + timedelta(weeks=ROSTER_WEEKS))
        if d.weekday() in (1, 3)
    ]
    for n, day in enumerate(ahead):
        for afternoon, village in ((False, others[n % len(others)]), (True, own[n % len(own)])):
            shift = _shift(ctx, village, advisers[village.pk], day, afternoon=afternoon)
            # Booked in the days before today, up to two of four places: some left to book.
            for k in range(rng.choice([0, 1, 1, 2]) if n else 2):
                booked_on = min(ctx.today, day) - timedelta(days=rng.randrange(1, 6))
                appointment = _book(ctx, rng, shift, booked_on, rng.randrange(8, 22))
                if k == 0 and n % 2 == 0:
                    handler = lawyer_user if village in own else office
                    duty.appointment_confirm(
                        appointment, actor=handler, now=ctx.at(booked_on + timedelta(days=1), 8)
                    )


@demo_step(order=733)
def legal_services_current_desks(ctx: DemoContext) -> None:
    """Questions answered by phone, in the WeChat groups and passed on by 12348, up to
    yesterday, as many as a year's share up to today."""
    rng = ctx.rng_for("legal_services-desks")
    office: User = ctx.shared["users"]["office"]
    villages: list[Village] = list(ctx.shared["villages"].values())
    advisers = _advisers(ctx)
    days = _workdays(ctx.year_start, ctx.today - timedelta(days=1))
    if not days:
        return
    share = (ctx.today - ctx.year_start).days / 365
    year = ctx.today.year
    for channel, per_year in (
        (Consultation.Channel.PHONE, PHONE_PER_YEAR),
        (Consultation.Channel.WECHAT, WECHAT_PER_YEAR),
        (Consultation.Channel.HOTLINE_12348, HOTLINE_PER_YEAR),
    ):
        for n in range(max(round(per_year * share), 1)):
            day = rng.choice(days)
            topic = _topic(rng)
            question, answer = rng.choice(QUESTIONS[topic])
            village = rng.choice(villages)
            phone = channel == Consultation.Channel.PHONE
            hotline = channel == Consultation.Channel.HOTLINE_12348
            referral = (
                Consultation.Referral.TO_12348
                if phone and n % 40 == 7
                else Consultation.Referral.NONE
            )
            follow_up = hotline or n % 25 == 3
            registry.consultation_create(
                street=ctx.street,
                actor=office,
                occurred_at=ctx.at(day, rng.randrange(9, 17), rng.randrange(0, 60)),
                channel=channel,
                topic=topic,
                question=question,
                answer=answer,
                lawyer=advisers[village.pk],
                village=village,
                minutes=rng.choice([5, 10, 10, 15, 20]),
                resident_name=person_name(rng) if phone else "",
                resident_phone=mobile(rng, ctx.shared["phones"]) if phone else "",
                referral=referral,
                hotline_ticket=(
                    f"TJ12348-{day:%Y%m%d}-{n + 1:03d}"
                    if hotline
                    else (f"12348-{year}-{n:05d}" if referral else "")
                ),
                follow_up_needed=follow_up,
                follow_up_note="已电话回访，当事人表示满意。"
                if follow_up and day < ctx.today - timedelta(days=7)
                else "",
            )


# (title, type, with a lawyer, how far it has gone)
CURRENT_MEDIATIONS = [
    ("相邻排水管道堵塞纠纷", Mediation.DisputeType.NEIGHBOUR, False, "performed"),
    ("装修噪音扰民纠纷", Mediation.DisputeType.NEIGHBOUR, False, "performed"),
    ("彩礼返还纠纷", Mediation.DisputeType.MARRIAGE_FAMILY, True, "confirmed"),
    ("拖欠装修工程款纠纷", Mediation.DisputeType.CONTRACT, True, "confirmed"),
    ("宠物犬咬伤赔偿纠纷", Mediation.DisputeType.DAMAGES, False, "performed"),
    ("土地承包经营权流转纠纷", Mediation.DisputeType.HOUSING, True, "failed"),
    ("物业公司停车管理纠纷", Mediation.DisputeType.PROPERTY_MGMT, False, "performed"),
    ("务工人员工伤赔偿纠纷", Mediation.DisputeType.LABOUR, True, "confirmed"),
    ("赡养老人费用分担纠纷", Mediation.DisputeType.MARRIAGE_FAMILY, False, "performed"),
    ("房屋租赁押金返还纠纷", Mediation.DisputeType.CONTRACT, True, "applied"),
    ("楼上漏水损害赔偿纠纷", Mediation.DisputeType.DAMAGES, True, "closing"),
    ("共用楼道堆物纠纷", Mediation.DisputeType.NEIGHBOUR, False, "in_progress"),
    ("劳务费结算纠纷", Mediation.DisputeType.LABOUR, True, "in_progress"),
    ("电动自行车碰撞赔偿纠纷", Mediation.DisputeType.DAMAGES, False, "accepted"),
]


def _closing_signed_on(today: date) -> date:
    """A signing day whose confirmation window closes in 2 to 6 days."""
    for back in range(24, 40):
        signed = today - timedelta(days=back)
        if 2 <= (confirmation_deadline_for(signed) - today).days <= 6:
            return signed
    return today - timedelta(days=26)


@demo_step(order=734)
def legal_services_current_mediations(ctx: DemoContext) -> None:
    """The mediation committee's year: cases in every state, the last ones still open."""
    rng = ctx.rng_for("legal_services-mediations")
    office: User = ctx.shared["users"]["office"]
    villages: list[Village] = list(ctx.shared["villages"].values())
    advisers = _advisers(ctx)
    today = ctx.today
    # The concluded cases were received through the year, up to two months ago (at least the
    # last three months of last year early in January).
    window = _workdays(min(ctx.year_start, today - timedelta(days=120)), today - timedelta(days=60))
    done = [m for m in CURRENT_MEDIATIONS if m[3] in ("performed", "confirmed", "failed")]
    numbers: dict[int, int] = {}
    yesterday = today - timedelta(days=1)
    for n, (title, dispute_type, with_lawyer, fate) in enumerate(CURRENT_MEDIATIONS):
        village = villages[(n * 5 + 2) % len(villages)]
        if fate in ("performed", "confirmed", "failed"):
            received = window[
                (done.index((title, dispute_type, with_lawyer, fate)) * len(window)) // len(done)
            ]
            held = add_workdays(received, 3)
            signed = add_workdays(held, rng.choice([3, 5, 7]))
        elif fate == "closing":
            signed = _closing_signed_on(today)
            held = _workdays_before(signed, 4)
            received = _workdays_before(held, 3)
        elif fate == "applied":
            signed = _workdays_before(today, 15)
            held = _workdays_before(signed, 4)
            received = _workdays_before(held, 3)
        elif fate == "in_progress":
            held = _workdays_before(today, 2 + 3 * (n % 2))
            received = _workdays_before(held, 3)
        else:
            received = _workdays_before(today, 1)
        year = received.year
        numbers[year] = numbers.get(year, 100 if year == 2020 else 0) + 1
        parties = [
            {
                "kind": MediationParty.Kind.PERSON,
                "address": f"天津市滨海新区海滨街{village.name}",
                "side": side,
                "name": person_name(rng),
                "phone": mobile(rng, ctx.shared["phones"]),
            }
            for side in (MediationParty.Side.APPLICANT, MediationParty.Side.RESPONDENT)
        ]
        case = mediation.mediation_create(
            street=ctx.street,
            actor=office,
            case_no=f"海滨人调〔{year}〕{numbers[year]}号",
            title=title,
            dispute_type=dispute_type,
            village=village,
            received_on=received,
            summary=f"{village.name}居民因{title[:-2]}发生争议，双方协商未果，申请人民调解委员会调解。",
            mediators="、".join(person_name(rng) for _ in range(2)),
            lawyer=advisers[village.pk] if with_lawyer else None,
            parties=parties,
            today=received,
        )
        if fate == "accepted":
            continue
        mediation.mediation_session_add(
            case,
            actor=office,
            held_on=held,
            place=f"{village.name}人民调解室",
            participants="双方当事人、人民调解员" + ("、法律顾问" if with_lawyer else ""),
            record="调解员听取双方陈述，释明相关法律规定"
            + ("，法律顾问就责任划分和诉讼风险作出分析" if with_lawyer else "")
            + "，双方各自表达了调解意愿。",
            lawyer_present=with_lawyer,
            today=held,
        )
        if fate == "in_progress":
            continue
        if fate == "failed":
            mediation.mediation_close(
                case,
                actor=office,
                status=Mediation.Status.FAILED,
                closed_on=signed,
                outcome="双方分歧较大，调解不成，已告知当事人可依法提起诉讼。",
                today=signed,
            )
            continue
        deadline = signed + timedelta(days=15)
        mediation.mediation_agreement_record(
            case,
            actor=office,
            signed_on=signed,
            facts=case.summary,
            disputed_points=f"双方就{title[:-2]}的责任承担和赔偿数额存在争议。",
            responsibilities="被申请人对纠纷的发生负主要责任，申请人负次要责任。",
            terms=f"被申请人于{deadline.month}月{deadline.day}日前一次性向申请人支付补偿款人民币"
            f"{rng.choice(['二千', '三千', '五千', '八千'])}元，双方就此纠纷再无其他争议。",
            performance_manner="现金或银行转账",
            performance_deadline=deadline,
            today=signed,
        )
        mediation.mediation_close(
            case,
            actor=office,
            status=Mediation.Status.SUCCEEDED,
            closed_on=signed,
            outcome="双方达成调解协议并签字。",
            today=signed,
        )
        case.refresh_from_db()
        agreement = case.agreement
        if fate in ("confirmed", "applied"):
            applied = (
                signed + timedelta(days=7) if fate == "confirmed" else _workdays_before(today, 5)
            )
            mediation.mediation_confirmation_apply(
                agreement, actor=office, applied_on=applied, court=COURT, today=applied
            )
            if fate == "confirmed":
                decided = add_workdays(applied, 10)
                mediation.mediation_confirmation_result(
                    agreement, actor=office, confirmed=True, decided_on=decided, today=decided
                )
        if fate in ("performed", "confirmed") and deadline <= yesterday:
            mediation.mediation_agreement_performed(
                agreement, actor=office, performed_on=deadline, today=deadline
            )
