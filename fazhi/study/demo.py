"""Haibin Street's law study in 2020 up to the report day, and its 法律明白人.

The report's shortcoming — staff not up to date with newly revised laws — and its plan (group
study, self-study, lectures by the legal adviser, the leadership's collective study, training
法律明白人) are told by records: the list of laws newly adopted or revised around 2020, thirteen
study sessions (the leadership's study before its four meetings and two collective studies,
group study, two lectures by the standing adviser's lead lawyer, two special trainings on the
Civil Code and on enforcement), each person's self-study, a target of 40 hours for the year that
some staff are well short of at the report day, and 法律明白人 in every village — three or more
in most, fewer in a few — with two trainings; and the year's exam on the new laws, its questions
drawn from the 知识竞答 bank. Every figure is counted from these records.

A random generator of its own keeps the other apps' demo draws as they were.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from fazhi.core.demo import DemoContext, demo_step, mobile, person_name
from fazhi.legal_services.demo import STANDING_FIRM, VILLAGE_FIRM
from fazhi.legal_services.models import Lawyer
from fazhi.org.models import (
    GridWorker,
    LeadingGroupMeeting,
    LeadingGroupMember,
    User,
    Village,
)
from fazhi.org.roles import Role
from fazhi.study import services
from fazhi.study.models import LawToStudy, LegalLiterate, StudySession
from fazhi.study.selectors import study_people

REPORT_DAY = date(2020, 9, 28)
TARGET_HOURS = Decimal("40")

# (key, name, level, adopted or revised, in force, listed, what to study): real laws and dates.
LAWS = [
    (
        "land",
        "《中华人民共和国土地管理法》",
        LawToStudy.Level.LAW,
        date(2019, 8, 26),
        date(2020, 1, 1),
        date(2020, 1, 6),
        "2019年修正：宅基地管理、集体经营性建设用地入市和征地程序的新规定。",
    ),
    (
        "business",
        "《优化营商环境条例》",
        LawToStudy.Level.ADMINISTRATIVE_REGULATION,
        date(2019, 10, 22),
        date(2020, 1, 1),
        date(2020, 1, 6),
        "国务院令第722号：政务服务、监管执法和涉企收费的规定。",
    ),
    (
        "wages",
        "《保障农民工工资支付条例》",
        LawToStudy.Level.ADMINISTRATIVE_REGULATION,
        date(2019, 12, 30),
        date(2020, 5, 1),
        date(2020, 1, 6),
        "国务院令第724号：欠薪投诉处理和工程建设领域工资支付的规定。",
    ),
    (
        "health",
        "《中华人民共和国基本医疗卫生与健康促进法》",
        LawToStudy.Level.LAW,
        date(2019, 12, 28),
        date(2020, 6, 1),
        date(2020, 3, 2),
        "公民健康权利和义务、突发事件卫生应急。",
    ),
    (
        "wildlife",
        "《全国人民代表大会常务委员会关于全面禁止非法野生动物交易、革除滥食野生动物陋习、"
        "切实保障人民群众生命健康安全的决定》",
        LawToStudy.Level.DECISION,
        date(2020, 2, 24),
        date(2020, 2, 24),
        date(2020, 3, 2),
        "疫情防控期间市场巡查和执法的依据。",
    ),
    (
        "waste",
        "《中华人民共和国固体废物污染环境防治法》",
        LawToStudy.Level.LAW,
        date(2020, 4, 29),
        date(2020, 9, 1),
        date(2020, 5, 6),
        "2020年修订：生活垃圾分类、建筑垃圾管理和相应的法律责任。",
    ),
    (
        "civil_code",
        "《中华人民共和国民法典》",
        LawToStudy.Level.LAW,
        date(2020, 5, 28),
        date(2021, 1, 1),
        date(2020, 6, 1),
        "重点学习总则编、物权编、合同编和侵权责任编。",
    ),
    (
        "sanctions",
        "《中华人民共和国公职人员政务处分法》",
        LawToStudy.Level.LAW,
        date(2020, 6, 20),
        date(2020, 7, 1),
        date(2020, 6, 22),
        "全体工作人员必学：政务处分的种类、适用情形和程序。",
    ),
    (
        "tianjin_waste",
        "《天津市生活垃圾管理条例》",
        LawToStudy.Level.LOCAL_REGULATION,
        date(2020, 7, 29),
        date(2020, 12, 1),
        date(2020, 8, 3),
        "2020年12月1日起施行，街道负责辖区生活垃圾分类的组织和监督。",
    ),
]

# Who attends: the leadership, everyone, or the enforcement staff.
LEADERSHIP, EVERYONE, ENFORCEMENT = "leadership", "everyone", "enforcement"


@dataclass(frozen=True)
class Session:
    day: date
    kind: str
    title: str
    audience: str
    hours: str
    laws: tuple[str, ...]
    content: str
    speaker: str = ""
    lawyer: int | None = None  # the standing adviser firm's lawyer (0 = the contract's lead)
    other_laws: str = ""
    place: str = "街道办事处三楼会议室"
    department: str = "司法所"


K = StudySession.Kind
SESSIONS = [
    Session(
        date(2020, 1, 10),
        K.PRE_MEETING,
        "会前学法：《优化营商环境条例》",
        LEADERSHIP,
        "1",
        ("business",),
        "学习《优化营商环境条例》关于规范监管执法、减少对市场主体正常经营活动干预的规定。",
        speaker="司法所所长",
    ),
    Session(
        date(2020, 1, 16),
        K.GROUP,
        "集中学习《中华人民共和国土地管理法》修正内容",
        EVERYONE,
        "2",
        ("land",),
        "逐条学习2019年修正的宅基地管理和集体经营性建设用地条款，结合辖区村庄实际讨论。",
        speaker="农业农村办公室负责人",
    ),
    Session(
        date(2020, 3, 6),
        K.PRE_MEETING,
        "会前学法：疫情防控相关法律法规",
        LEADERSHIP,
        "1",
        ("wildlife", "health"),
        "学习全面禁止非法野生动物交易的决定和基本医疗卫生与健康促进法有关突发事件卫生应急的规定。",
        speaker="司法所所长",
        other_laws="《中华人民共和国传染病防治法》、《突发公共卫生事件应急条例》",
    ),
    Session(
        date(2020, 4, 17),
        K.GROUP,
        "线上集中学习《保障农民工工资支付条例》",
        EVERYONE,
        "1.5",
        ("wages",),
        "疫情期间以视频会议形式学习，重点是复工复产中的工资支付和欠薪投诉处理。",
        speaker="社会事务办公室负责人",
        place="线上（视频会议）",
    ),
    Session(
        date(2020, 5, 15),
        K.LEADERSHIP,
        "领导班子集体学法：《中华人民共和国固体废物污染环境防治法》",
        LEADERSHIP,
        "1.5",
        ("waste",),
        "学习新修订固废法关于生活垃圾分类和建筑垃圾管理的规定，研究街道落实措施。",
        speaker="综合执法大队负责人",
    ),
    Session(
        date(2020, 6, 12),
        K.PRE_MEETING,
        "会前学法：《中华人民共和国民法典》",
        LEADERSHIP,
        "1",
        ("civil_code",),
        "学习民法典的编纂意义和主要内容，研究《民法典》宣讲进机关活动安排。",
        speaker="司法所所长",
    ),
    Session(
        date(2020, 6, 19),
        K.ADVISER_LECTURE,
        "法律顾问讲座：《民法典》总则编与物权编解读",
        EVERYONE,
        "2",
        ("civil_code",),
        "常年法律顾问结合街道工作中的物业、相邻关系和土地承包纠纷，解读民法典总则编和物权编。",
        lawyer=0,
    ),
    Session(
        date(2020, 7, 3),
        K.TRAINING,
        "《民法典》专题培训：合同编",
        EVERYONE,
        "3",
        ("civil_code",),
        "合同的订立、效力和履行，政府采购和项目协议中的常见风险。",
        speaker="区司法局普法与依法治理科",
    ),
    Session(
        date(2020, 7, 10),
        K.GROUP,
        "集中学习《中华人民共和国公职人员政务处分法》",
        EVERYONE,
        "2",
        ("sanctions",),
        "学习政务处分的种类、适用情形和程序，警示教育。",
        speaker="街道党工委委员、纪工委书记",
        department="党政办公室",
    ),
    Session(
        date(2020, 7, 24),
        K.LEADERSHIP,
        "领导班子集体学法：《公职人员政务处分法》",
        LEADERSHIP,
        "1.5",
        ("sanctions",),
        "领导班子成员逐章学习并交流依法用权的体会。",
        speaker="街道党工委委员、纪工委书记",
        department="党政办公室",
    ),
    Session(
        date(2020, 8, 14),
        K.ADVISER_LECTURE,
        "法律顾问讲座：《民法典》与行政执法、合同审查",
        EVERYONE,
        "2",
        ("civil_code",),
        "民法典施行后行政执法中涉及物权、侵权的认定，街道合同和项目协议的审查要点。",
        lawyer=0,
    ),
    Session(
        date(2020, 8, 21),
        K.PRE_MEETING,
        "会前学法：《天津市生活垃圾管理条例》",
        LEADERSHIP,
        "1",
        ("tianjin_waste",),
        "学习条例关于街道办事处组织、协调和监督生活垃圾分类的职责。",
        speaker="综合执法大队负责人",
    ),
    Session(
        date(2020, 9, 18),
        K.TRAINING,
        "行政执法人员专题培训：新修订固废法与行政执法“三项制度”",
        ENFORCEMENT,
        "3",
        ("waste",),
        "新修订固废法的法律责任条款；行政执法公示、全过程记录和重大执法决定法制审核。",
        speaker="区城市管理委员会法规科",
        department="综合执法大队",
    ),
]

# Online courses and readings the staff record as self-study beside the laws on the list.
MATERIALS = [
    "学习强国“法治思想”专题",
    "天津干部在线学习学院《民法典》系列课程",
    "《习近平法治思想学习纲要》选读",
    "中国普法网“以案释法”栏目",
    "《中华人民共和国宪法》原文通读",
    "《中华人民共和国行政处罚法》（现行）执法程序章节",
    "《法治政府建设实施纲要（2015—2020年）》",
]

# 法律明白人 per village on the report day (most three or more; 花园路社区, 福华里社区 and
# 刘岗庄村 still short), and one in 东台子村 who left before it.
LITERATES = {
    "港西新城社区": 4,
    "幸福路社区": 3,
    "光明社区": 3,
    "花园路社区": 2,
    "祥和社区": 3,
    "海滨第一社区": 3,
    "福华里社区": 1,
    "东台子村": 4,
    "西台子村": 3,
    "窦庄子村": 3,
    "刘岗庄村": 2,
    "袁家庄村": 3,
    "马棚口村": 3,
}
LEFT_VILLAGE = "东台子村"
SOURCES = [
    LegalLiterate.Source.GRID_WORKER,
    LegalLiterate.Source.MEDIATOR,
    LegalLiterate.Source.VILLAGE_CADRE,
    LegalLiterate.Source.VILLAGER_REPRESENTATIVE,
    LegalLiterate.Source.OTHER,
]
# People well short of the year's hours at the report day: the seed's shortcoming.
LAGGARDS = 6
# Questions drawn from the bank for the year's exam.
EXAM_QUESTIONS = 10


def _leadership(street: object) -> list[User]:
    """The leading group's leader, deputies and members on the report day."""
    positions = [
        LeadingGroupMember.Position.LEADER,
        LeadingGroupMember.Position.DEPUTY,
        LeadingGroupMember.Position.MEMBER,
    ]
    seats = (
        LeadingGroupMember.objects.filter(street=street, position__in=positions)
        .active_on(REPORT_DAY)
        .select_related("user")
        .order_by("appointed_on", "pk")
    )
    people: list[User] = []
    for seat in seats:
        if seat.user not in people:
            people.append(seat.user)
    return people


@demo_step(order=60)
def load_study(ctx: DemoContext) -> None:
    rng = random.Random("haibin-study-2020")
    street = ctx.street
    users: dict[str, User] = ctx.shared["users"]
    office = users["office"]
    departments = ctx.shared["departments"]
    lawyers: dict[str, list[Lawyer]] = ctx.shared["lawyers"]

    services.study_target_create(
        street=street,
        actor=office,
        year=2020,
        target_hours=TARGET_HOURS,
        note="街道2020年度学法计划：工作人员每人每年学法不少于40学时。",
    )
    laws: dict[str, LawToStudy] = {}
    for key, name, level, revised_on, effective_on, listed_on, note in LAWS:
        laws[key] = services.law_to_study_create(
            street=street,
            actor=office,
            name=name,
            level=level,
            revised_on=revised_on,
            effective_on=effective_on,
            listed_on=listed_on,
            note=note,
        )

    # --- Study sessions and who attended ---------------------------------------------------------
    staff = list(study_people(street))
    leaders = _leadership(street)
    enforcement = [
        u for u in staff if u.has_any_role([Role.ENFORCEMENT_OFFICER, Role.LEGAL_REVIEWER])
    ]
    meetings = {
        m.held_on: m for m in LeadingGroupMeeting.objects.filter(street=street).order_by("held_on")
    }
    audiences = {
        LEADERSHIP: list(dict.fromkeys([*leaders, office])),
        EVERYONE: staff,
        ENFORCEMENT: list(dict.fromkeys([*enforcement, office])),
    }
    for spec in SESSIONS:
        lawyer = lawyers[STANDING_FIRM][spec.lawyer] if spec.lawyer is not None else None
        session = services.study_session_create(
            street=street,
            actor=office,
            kind=spec.kind,
            title=spec.title,
            date=spec.day,
            place=spec.place,
            content=spec.content,
            laws=[laws[k] for k in spec.laws],
            other_laws=spec.other_laws,
            lawyer=lawyer,
            speaker=spec.speaker,
            meeting=meetings.get(spec.day) if spec.kind == K.PRE_MEETING else None,
            department=departments[spec.department],
            hours=Decimal(spec.hours),
        )
        everyone = spec.audience == EVERYONE
        for person in audiences[spec.audience]:
            roll = rng.random()
            if everyone and roll < 0.12:
                services.study_attendance_create(
                    street=street,
                    actor=office,
                    session=session,
                    user=person,
                    attended=False,
                    note=rng.choice(["请假（外出执行任务）", "请假（病假）", "请假（值班）"]),
                )
            elif everyone and roll < 0.17 and session.hours > 1:
                services.study_attendance_create(
                    street=street,
                    actor=office,
                    session=session,
                    user=person,
                    hours=session.hours - Decimal("1"),
                    note="中途因工作离开",
                )
            else:
                services.study_attendance_create(
                    street=street, actor=office, session=session, user=person
                )

    # --- Self-study: most keep pace with the target, a few fall well short ---------------------
    laggards = set(rng.sample([u.pk for u in staff if u not in leaders], LAGGARDS))
    for person in staff:
        months = range(1, 10)
        if person.pk in laggards:
            months = sorted(rng.sample(range(1, 10), rng.randrange(2, 5)))
        for month in months:
            for _n in range(1 if person.pk in laggards else rng.choice([1, 2, 2])):
                day = date(2020, month, rng.randrange(1, 29))
                if day > REPORT_DAY:
                    continue
                listed = [law for law in laws.values() if law.listed_on <= day]
                # The laggards seldom take up the new laws: the seed's shortcoming.
                chance = 0.2 if person.pk in laggards else 0.6
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

    # --- 法律明白人 and their training ------------------------------------------------------------
    villages: dict[str, Village] = ctx.shared["villages"]
    phones = ctx.shared.setdefault("phones", set())
    registry: list[LegalLiterate] = []
    for n, (village_name, count) in enumerate(LITERATES.items()):
        village = villages[village_name]
        workers = list(
            GridWorker.objects.filter(grid__village=village, user__isnull=True)
            .active_on(REPORT_DAY)
            .order_by("grid__code", "pk")
        )
        for i in range(count + (1 if village_name == LEFT_VILLAGE else 0)):
            source = SOURCES[(n + i) % len(SOURCES)]
            worker = workers[i] if source == LegalLiterate.Source.GRID_WORKER else None
            appointed = date(2019, rng.randrange(6, 13), rng.randrange(1, 29))
            if i == count - 1 and n % 3 == 0:
                appointed = date(2020, rng.randrange(3, 8), rng.randrange(1, 29))
            person = services.legal_literate_create(
                street=street,
                actor=office,
                village=village,
                name=worker.name if worker else person_name(rng),
                source=source,
                phone=worker.phone if worker else mobile(rng, phones),
                grid_worker=worker,
                appointed_on=appointed,
            )
            if village_name == LEFT_VILLAGE and i == count:
                person = services.legal_literate_update(
                    person,
                    actor=office,
                    ended_on=date(2020, 6, 30),
                    note="迁居外地，不再担任。",
                )
            registry.append(person)

    village_lawyers = lawyers[VILLAGE_FIRM]
    trainings = [
        (
            date(2020, 7, 8),
            "法律明白人《民法典》专题培训",
            "民法典中与村民生活密切相关的婚姻家庭、继承、相邻关系和土地承包经营权。",
            village_lawyers[0],
            0.75,
        ),
        (
            date(2020, 9, 11),
            "法律明白人人民调解实务与12348法律服务培训",
            "常见矛盾纠纷的排查和调解方法，引导群众拨打12348热线、预约村居法律顾问。",
            village_lawyers[1],
            0.65,
        ),
    ]
    for day, title, content, lawyer, share in trainings:
        present = [
            p
            for p in registry
            if p.appointed_on <= day
            and (p.ended_on is None or p.ended_on > day)
            and rng.random() < share
        ]
        services.literate_training_create(
            street=street,
            actor=office,
            title=title,
            date=day,
            place="街道党群服务中心多功能厅",
            content=content,
            lawyer=lawyer,
            hours=Decimal("2"),
            attendees=present,
        )


@demo_step(order=65)
def load_study_exam(ctx: DemoContext) -> None:
    """The year's exam on the newly revised laws, its questions drawn from the 知识竞答 bank the
    outreach step filled, and everyone's score (a few below the pass mark)."""
    rng = random.Random("haibin-study-exam-2020")
    street = ctx.street
    office: User = ctx.shared["users"]["office"]
    if services.exam_pool(street).count() < EXAM_QUESTIONS:
        return  # no bank to draw from: the exam is left out of the demo
    laws = list(LawToStudy.objects.filter(street=street).order_by("listed_on", "pk"))
    exam = services.study_exam_create(
        street=street,
        actor=office,
        title="2020年度新修订法律法规知识测试",
        date=date(2020, 9, 25),
        laws=laws,
        question_count=EXAM_QUESTIONS,
        rng=rng,
        note="闭卷，满分100分，60分合格。",
    )
    for person in study_people(street):
        if rng.random() < 0.1:
            continue  # away on the day
        score = Decimal(rng.randrange(50, 100))
        services.study_exam_score_create(
            street=street, actor=office, exam=exam, user=person, score=score
        )
