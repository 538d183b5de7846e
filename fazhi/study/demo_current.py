"""The demo's current year of law study, up to the day the demo is loaded.

The year's target of 40 hours and its list of laws newly adopted or revised (real laws and
dates); the leadership's study before each of the year's leading-group meetings and its
collective study, group study, the standing adviser's lectures and special trainings, each with
its sign-ins; each person's self-study month by month, a few behind; 法律明白人 appointed where
villages were short, with the year's training; the mid-year exam with its scores and the
year-end exam set for the coming days.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from fazhi.core.demo import DemoContext, demo_step, mobile, person_name
from fazhi.core.workdays import next_workday
from fazhi.legal_services.demo import STANDING_FIRM, VILLAGE_FIRM
from fazhi.legal_services.models import AdviserContract, Lawyer
from fazhi.org.models import LeadingGroupMeeting, LeadingGroupMember, Street, User, Village
from fazhi.org.roles import Role
from fazhi.outreach.demo_current import QUIZ_THEMES
from fazhi.study import services
from fazhi.study.demo import ENFORCEMENT, EVERYONE, LEADERSHIP, MATERIALS, TARGET_HOURS
from fazhi.study.models import LawToStudy, LegalLiterate, StudySession
from fazhi.study.selectors import study_people

K = StudySession.Kind

# (key, name, level, adopted or revised, in force, listed (month, day), what to study): laws
# newly adopted or revised in the years before, with their real dates.
LAWS = [
    (
        "public_security",
        "《中华人民共和国治安管理处罚法》",
        LawToStudy.Level.LAW,
        date(2025, 6, 27),
        date(2026, 1, 1),
        (1, 8),
        "2025年修订：新增的违法行为、处罚程序和未成年人违法处理的规定。",
    ),
    (
        "cyber",
        "《中华人民共和国网络安全法》",
        LawToStudy.Level.LAW,
        date(2025, 10, 28),
        date(2026, 1, 1),
        (1, 8),
        "2025年修正：网络运行安全、个人信息保护和相应的法律责任。",
    ),
    (
        "private_economy",
        "《中华人民共和国民营经济促进法》",
        LawToStudy.Level.LAW,
        date(2025, 4, 30),
        date(2025, 5, 20),
        (1, 8),
        "公平竞争、投资融资促进和规范涉企执法检查的规定。",
    ),
    (
        "collective",
        "《中华人民共和国农村集体经济组织法》",
        LawToStudy.Level.LAW,
        date(2024, 6, 28),
        date(2025, 5, 1),
        (3, 2),
        "集体经济组织成员身份确认、财产管理和收益分配。",
    ),
    (
        "emergency",
        "《中华人民共和国突发事件应对法》",
        LawToStudy.Level.LAW,
        date(2024, 6, 28),
        date(2024, 11, 1),
        (3, 2),
        "2024年修订：街道在突发事件预防、应急处置和信息报送中的职责。",
    ),
    (
        "supervision",
        "《中华人民共和国监察法》",
        LawToStudy.Level.LAW,
        date(2024, 12, 25),
        date(2025, 6, 1),
        (5, 6),
        "2024年修正：监察程序和被调查人权利保障的新规定。",
    ),
    (
        "unfair",
        "《中华人民共和国反不正当竞争法》",
        LawToStudy.Level.LAW,
        date(2025, 6, 27),
        date(2025, 10, 15),
        (9, 1),
        "2025年修订：网络不正当竞争行为和平台经营者的公平竞争义务。",
    ),
]


@dataclass(frozen=True)
class Session:
    month: int
    day: int
    kind: str
    title: str
    audience: str
    hours: str
    laws: tuple[str, ...]
    content: str
    speaker: str = ""
    adviser: bool = False  # given by the standing adviser's lead lawyer
    other_laws: str = ""
    place: str = "街道办事处三楼会议室"
    department: str = "司法所"


SESSIONS = [
    Session(
        2,
        27,
        K.GROUP,
        "集中学习《中华人民共和国治安管理处罚法》修订内容",
        EVERYONE,
        "2",
        ("public_security",),
        "学习修订后治安管理处罚法新增的违法行为和处罚程序，结合网格巡查和矛盾纠纷化解讨论。",
        speaker="海滨派出所法制员",
    ),
    Session(
        3,
        27,
        K.ADVISER_LECTURE,
        "法律顾问讲座：《民营经济促进法》与规范涉企执法",
        EVERYONE,
        "2",
        ("private_economy",),
        "常年法律顾问解读民营经济促进法关于规范执法检查、禁止违规异地执法和趋利性执法的规定。",
        adviser=True,
    ),
    Session(
        5,
        15,
        K.LEADERSHIP,
        "领导班子集体学法：《中华人民共和国监察法》",
        LEADERSHIP,
        "1.5",
        ("supervision",),
        "领导班子成员学习修正后的监察法，交流依法用权、廉洁用权的体会。",
        speaker="街道党工委委员、纪工委书记",
        department="党政办公室",
    ),
    Session(
        6,
        19,
        K.TRAINING,
        "《中华人民共和国农村集体经济组织法》专题培训",
        EVERYONE,
        "3",
        ("collective",),
        "集体经济组织成员身份确认、集体财产管理和收益分配的规定，村务管理中的常见问题。",
        speaker="区农业农村委员会政策法规科",
        department="农业农村办公室",
    ),
    Session(
        8,
        21,
        K.GROUP,
        "集中学习《中华人民共和国突发事件应对法》",
        EVERYONE,
        "2",
        ("emergency",),
        "学习街道在突发事件预防、应急准备、信息报送和应急处置中的职责，结合汛期工作讨论。",
        speaker="公共安全办公室负责人",
        department="公共安全办公室",
    ),
    Session(
        9,
        25,
        K.ADVISER_LECTURE,
        "法律顾问讲座：行政执法中的证据规则和程序风险",
        EVERYONE,
        "2",
        (),
        "常年法律顾问结合行政复议和行政诉讼案例，讲解调查取证、告知和送达中的常见程序问题。",
        adviser=True,
        other_laws="《中华人民共和国行政处罚法》、《中华人民共和国行政复议法》",
    ),
    Session(
        10,
        23,
        K.TRAINING,
        "行政执法人员专题培训：《反不正当竞争法》与《网络安全法》新规",
        ENFORCEMENT,
        "3",
        ("unfair", "cyber"),
        "修订后的反不正当竞争法和网络安全法的法律责任条款，执法检查中的证据固定。",
        speaker="区市场监督管理局法规科",
        department="综合执法大队",
    ),
    Session(
        11,
        27,
        K.LEADERSHIP,
        "领导班子集体学法：习近平法治思想",
        LEADERSHIP,
        "1.5",
        (),
        "学习习近平法治思想的核心要义，研究落实党政主要负责人履行推进法治建设第一责任人职责。",
        speaker="司法所所长",
        other_laws="《中华人民共和国宪法》",
    ),
]

# Villages short of three 法律明白人, and how many are appointed this year.
LITERATES_ADDED = {"花园路社区": 1, "福华里社区": 2, "刘岗庄村": 1}
SOURCES = [
    LegalLiterate.Source.VILLAGE_CADRE,
    LegalLiterate.Source.MEDIATOR,
    LegalLiterate.Source.VILLAGER_REPRESENTATIVE,
]
LAGGARDS = 5
EXAM_QUESTIONS = 10
# The year-end exam is set for this many days after today.
EXAM_AHEAD_DAYS = 10


def _day(year: int, month: int, day: int) -> date:
    """The working day on or after the given day."""
    return next_workday(date(year, month, day) - timedelta(days=1))


def _leadership(street: Street, day: date) -> list[User]:
    positions = [
        LeadingGroupMember.Position.LEADER,
        LeadingGroupMember.Position.DEPUTY,
        LeadingGroupMember.Position.MEMBER,
    ]
    seats = (
        LeadingGroupMember.objects.filter(street=street, position__in=positions)
        .active_on(day)
        .select_related("user")
        .order_by("appointed_on", "pk")
    )
    return [u for u in dict.fromkeys(seat.user for seat in seats) if u.is_active]


def _adviser(ctx: DemoContext, day: date) -> Lawyer:
    """The standing adviser's lead lawyer on ``day``: of the contract then in force, else
    2020's."""
    contract = (
        AdviserContract.objects.filter(street=ctx.street, starts_on__lte=day, ends_on__gte=day)
        .select_related("lead_lawyer")
        .order_by("-starts_on")
        .first()
    )
    if contract is not None and contract.lead_lawyer is not None:
        return contract.lead_lawyer
    lawyers: dict[str, list[Lawyer]] = ctx.shared["lawyers"]
    return lawyers[STANDING_FIRM][0]


@demo_step(order=790)
def current_study_plan(ctx: DemoContext) -> None:
    """The year's target and its list of laws to study (those listed by yesterday)."""
    office: User = ctx.shared["users"]["office"]
    year = ctx.today.year
    services.study_target_create(
        street=ctx.street,
        actor=office,
        year=year,
        target_hours=TARGET_HOURS,
        note=f"街道{year}年度学法计划：工作人员每人每年学法不少于40学时。",
    )
    for _key, name, level, revised_on, effective_on, (month, day), note in LAWS:
        listed_on = max(date(year, month, day), revised_on)
        if listed_on >= ctx.today:
            continue
        services.law_to_study_create(
            street=ctx.street,
            actor=office,
            name=name,
            level=level,
            revised_on=revised_on,
            effective_on=effective_on,
            listed_on=listed_on,
            note=note,
        )


def _laws(street: Street, year: int) -> dict[str, LawToStudy]:
    by_name = {
        law.name: law for law in LawToStudy.objects.filter(street=street, listed_on__year=year)
    }
    return {key: by_name[name] for key, name, *_rest in LAWS if name in by_name}


def _sign_in(
    ctx: DemoContext, rng: random.Random, session: StudySession, people: list[User], everyone: bool
) -> None:
    office: User = ctx.shared["users"]["office"]
    for person in people:
        roll = rng.random()
        if everyone and roll < 0.1:
            services.study_attendance_create(
                street=ctx.street,
                actor=office,
                session=session,
                user=person,
                attended=False,
                note=rng.choice(["请假（外出执行任务）", "请假（病假）", "请假（值班）"]),
            )
        elif everyone and roll < 0.15 and session.hours > 1:
            services.study_attendance_create(
                street=ctx.street,
                actor=office,
                session=session,
                user=person,
                hours=session.hours - Decimal("1"),
                note="中途因工作离开",
            )
        else:
            services.study_attendance_create(
                street=ctx.street, actor=office, session=session, user=person
            )


@demo_step(order=791)
def current_study_sessions(ctx: DemoContext) -> None:
    """The year's sessions held by yesterday: the leadership's study before each leading-group
    meeting of the year, and the year's plan of group study, lectures and trainings."""
    rng = ctx.rng_for("study-sessions")
    street, year = ctx.street, ctx.today.year
    office: User = ctx.shared["users"]["office"]
    departments = ctx.shared["departments"]
    laws = _laws(street, year)
    staff = list(study_people(street))
    enforcement = [
        u for u in staff if u.has_any_role([Role.ENFORCEMENT_OFFICER, Role.LEGAL_REVIEWER])
    ]
    meetings = LeadingGroupMeeting.objects.filter(
        street=street, held_on__gte=ctx.year_start, held_on__lt=ctx.today
    ).order_by("held_on", "pk")
    for n, meeting in enumerate(meetings):
        listed = [law for law in laws.values() if law.listed_on <= meeting.held_on]
        law = listed[n % len(listed)] if listed else None
        session = services.study_session_create(
            street=street,
            actor=office,
            kind=K.PRE_MEETING,
            title=f"会前学法：{law.name}" if law else "会前学法：《中华人民共和国宪法》",
            date=meeting.held_on,
            place=meeting.place,
            content=(
                f"学习{law.name}的主要内容，结合会议议题研究贯彻落实措施。"
                if law
                else "学习宪法的基本原则和国家机关工作人员的宪法义务。"
            ),
            laws=[law] if law else [],
            other_laws="" if law else "《中华人民共和国宪法》",
            speaker="司法所所长",
            meeting=meeting,
            department=departments["司法所"],
            hours=Decimal("1"),
        )
        people = list(dict.fromkeys([*_leadership(street, meeting.held_on), office]))
        _sign_in(ctx, rng, session, people, everyone=False)
    for spec in SESSIONS:
        day = _day(year, spec.month, spec.day)
        if day >= ctx.today:
            continue
        session = services.study_session_create(
            street=street,
            actor=office,
            kind=spec.kind,
            title=spec.title,
            date=day,
            place=spec.place,
            content=spec.content,
            laws=[laws[k] for k in spec.laws if k in laws],
            other_laws=spec.other_laws,
            lawyer=_adviser(ctx, day) if spec.adviser else None,
            speaker=spec.speaker,
            department=departments[spec.department],
            hours=Decimal(spec.hours),
        )
        audience = {
            LEADERSHIP: list(dict.fromkeys([*_leadership(street, day), office])),
            EVERYONE: staff,
            ENFORCEMENT: list(dict.fromkeys([*enforcement, office])),
        }[spec.audience]
        _sign_in(ctx, rng, session, audience, everyone=spec.audience == EVERYONE)


@demo_step(order=792)
def current_self_study(ctx: DemoContext) -> None:
    """Each person's self-study month by month up to yesterday; a few fall behind."""
    rng = ctx.rng_for("study-self")
    street, year = ctx.street, ctx.today.year
    laws = list(_laws(street, year).values())
    staff = list(study_people(street))
    yesterday = ctx.today - timedelta(days=1)
    laggards = set(rng.sample([u.pk for u in staff], min(LAGGARDS, len(staff))))
    for person in staff:
        behind = person.pk in laggards
        for month in range(1, yesterday.month + 1 if yesterday.year == year else 1):
            if behind and rng.random() < 0.6:
                continue
            for _n in range(1 if behind else rng.choice([1, 2, 2])):
                day = date(year, month, rng.randrange(1, 29))
                if day > yesterday:
                    continue
                listed = [law for law in laws if law.listed_on <= day]
                chance = 0.2 if behind else 0.6
                chosen = [rng.choice(listed)] if listed and rng.random() < chance else []
                services.self_study_create(
                    street=street,
                    actor=person,
                    user=person,
                    date=day,
                    laws=chosen,
                    material="" if chosen else rng.choice(MATERIALS),
                    hours=Decimal(rng.choice(["1.5", "2", "2", "2.5", "3"])),
                )


@demo_step(order=793)
def current_legal_literates(ctx: DemoContext) -> None:
    """法律明白人 appointed in the villages still short of three, and the year's training."""
    rng = ctx.rng_for("study-literates")
    street, year = ctx.street, ctx.today.year
    office: User = ctx.shared["users"]["office"]
    villages: dict[str, Village] = ctx.shared["villages"]
    phones: set[str] = ctx.shared.setdefault("phones", set())
    appointed = _day(year, 3, 16)
    if appointed < ctx.today:
        for n, (name, count) in enumerate(LITERATES_ADDED.items()):
            for i in range(count):
                services.legal_literate_create(
                    street=street,
                    actor=office,
                    village=villages[name],
                    name=person_name(rng),
                    source=SOURCES[(n + i) % len(SOURCES)],
                    phone=mobile(rng, phones),
                    appointed_on=appointed,
                )
    day = _day(year, 5, 20)
    if day >= ctx.today:
        return
    registry = LegalLiterate.objects.filter(street=street).active_on(day).order_by("pk")
    lawyers: dict[str, list[Lawyer]] = ctx.shared["lawyers"]
    services.literate_training_create(
        street=street,
        actor=office,
        title="法律明白人《民法典》宣传月专题培训",
        date=day,
        place="街道党群服务中心多功能厅",
        content="民法典中与群众生活密切相关的规定，矛盾纠纷排查和引导群众依法维权的方法。",
        lawyer=lawyers[VILLAGE_FIRM][0],
        hours=Decimal("2"),
        attendees=[p for p in registry if rng.random() < 0.8],
    )


@demo_step(order=794)
def current_exams(ctx: DemoContext) -> None:
    """The mid-year exam with everyone's scores once held, and the year-end exam set for the
    coming days."""
    rng = ctx.rng_for("study-exams")
    street, year = ctx.street, ctx.today.year
    office: User = ctx.shared["users"]["office"]
    # The bank's questions on laws unchanged since they were written (as the year's quizzes).
    pool = list(services.exam_pool(street).filter(theme__name__in=QUIZ_THEMES))
    if len(pool) < 2 * EXAM_QUESTIONS:
        return  # no bank to draw from
    laws = list(_laws(street, year).values())
    held_on = _day(year, 6, 26)
    if held_on < ctx.today:
        exam = services.study_exam_create(
            street=street,
            actor=office,
            title=f"{year}年上半年法律知识测试",
            date=held_on,
            laws=[law for law in laws if law.listed_on <= held_on],
            questions=rng.sample(pool, EXAM_QUESTIONS),
            note="闭卷，满分100分，60分合格。",
        )
        for person in study_people(street):
            if rng.random() < 0.1:
                continue  # away on the day
            services.study_exam_score_create(
                street=street,
                actor=office,
                exam=exam,
                user=person,
                score=Decimal(rng.randrange(58, 100)),
            )
    day = next_workday(ctx.today + timedelta(days=EXAM_AHEAD_DAYS))
    services.study_exam_create(
        street=street,
        actor=office,
        title=f"{year}年度法律知识考试",
        date=day,
        laws=laws,
        questions=rng.sample(pool, EXAM_QUESTIONS),
        note="闭卷，满分100分，60分合格；请全体工作人员按时参加。",
    )
