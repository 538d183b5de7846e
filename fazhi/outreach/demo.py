"""Haibin Street's law education and publicity in 2020, as the report tells them.

“谁执法谁普法”: each department's list of the laws it publicises. During the epidemic, letters,
posters, banners, loudspeakers, 明白纸 and the grid patrol car offline, and the daily pushes in
the WeChat groups and the official account online (planned by the legal-services demo, written
here as publicity items); with 大有律师事务所, six short law videos on Douyin (one praised by
the Ministry of Justice's official Weibo) and the collection of common epidemic legal questions.
The 4·15 online quiz; once offline work resumed, 23 lectures on the 6·26 anti-drug day, the
Civil Code, the Constitution and illegal fund-raising, the Civil Code into government offices,
three market-day stands with 120 leaflets and on-the-spot consultations, the main activities
with two photos each (drawn by ``demo_photos``) for the 普法展示录; the 七五普法 report video.
Every figure is counted from these records.

The step draws from a random generator of its own, so the steps before and after it keep the
numbers they had.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone

from fazhi.core.demo import DemoContext, demo_step, mobile, person_name
from fazhi.legal_services.models import Consultation, LawFirm, Lawyer
from fazhi.org.models import Department, User, Village
from fazhi.outreach import services
from fazhi.outreach.demo_faq import FAQ, FAQ_DRAFTS, FAQ_SYNONYMS, QUESTIONS
from fazhi.outreach.demo_photos import load_photos
from fazhi.outreach.models import Activity, KeyDate, MediaWork, PublicityItem, Quiz, Theme

SHANGHAI = ZoneInfo("Asia/Shanghai")
PARTNER_FIRM = "大有律师事务所"
REPORT_DAY = date(2020, 9, 28)
QUIZ_PARTICIPANTS = 86
MARKET_DAY_MATERIALS = (40, 35, 45)

# (name, kind)
THEMES = [
    ("《宪法》", Theme.Kind.LAW),
    ("《民法典》", Theme.Kind.LAW),
    ("《国家安全法》", Theme.Kind.LAW),
    ("《禁毒法》", Theme.Kind.LAW),
    ("防范非法集资", Theme.Kind.TOPIC),
    ("疫情防控相关法律", Theme.Kind.TOPIC),
    ("《传染病防治法》", Theme.Kind.LAW),
    ("《劳动合同法》", Theme.Kind.LAW),
    ("《安全生产法》", Theme.Kind.LAW),
    ("《天津市市容和环境卫生管理条例》", Theme.Kind.LAW),
    ("《人民调解法》", Theme.Kind.LAW),
    ("《未成年人保护法》", Theme.Kind.LAW),
    ("《土地管理法》", Theme.Kind.LAW),
    ("《预算法》", Theme.Kind.LAW),
]

# 谁执法谁普法, 2020: (department, law, what to publicise, audience)
RESPONSIBILITIES = [
    (
        "党政办公室",
        "《宪法》",
        "宪法的基本原则、公民的基本权利和义务、宪法宣誓制度。",
        "机关干部、辖区居民",
    ),
    (
        "公共安全办公室",
        "《国家安全法》",
        "总体国家安全观，公民维护国家安全的义务，12339举报电话。",
        "辖区居民",
    ),
    (
        "公共安全办公室",
        "《安全生产法》",
        "生产经营单位的安全生产主体责任和从业人员的权利义务。",
        "辖区企业",
    ),
    (
        "综合执法大队",
        "《天津市市容和环境卫生管理条例》",
        "门前三包责任，占道经营、乱堆乱放、违法张贴的法律责任。",
        "沿街商户",
    ),
    ("司法所", "《民法典》", "民法典各编与群众生活密切相关的规定。", "辖区居民"),
    ("司法所", "《人民调解法》", "人民调解的原则、调解协议的效力和司法确认。", "辖区居民"),
    (
        "社区建设管理办公室",
        "疫情防控相关法律",
        "配合疫情防控的义务，拒不配合、造谣传谣的法律责任。",
        "辖区居民",
    ),
    (
        "社会事务办公室",
        "《传染病防治法》",
        "传染病的报告、隔离治疗和个人信息保护。",
        "辖区居民、企业",
    ),
    (
        "社会事务办公室",
        "《未成年人保护法》",
        "家庭、学校、社会对未成年人的保护责任。",
        "家长、学生",
    ),
    (
        "经济发展办公室",
        "防范非法集资",
        "非法集资的特征和常见手法，发现线索如何举报。",
        "中老年居民、企业",
    ),
    (
        "经济发展办公室",
        "《劳动合同法》",
        "疫情期间劳动关系处理，工资支付和解除劳动合同的规定。",
        "企业和职工",
    ),
    (
        "综合治理中心",
        "《禁毒法》",
        "毒品的危害和种类，禁毒工作方针，社区戒毒。",
        "青少年、辖区居民",
    ),
    ("农业农村办公室", "《土地管理法》", "宅基地管理和农村土地征收的新规定。", "村民"),
    ("财政所", "《预算法》", "预算公开和财政资金使用的规定。", "机关干部、村居干部"),
]

# (name, month, day, end month, end day, themes) added by the office beside the standard ones.
OWN_KEY_DATES = [
    ("防范非法集资宣传月", 6, 1, 6, 30, ["防范非法集资"]),
    ("国际消费者权益日", 3, 15, None, None, []),
]

# Lectures (讲座): (date, title, village, themes, department, headcount, key date)
LECTURES: list[tuple[date, str, str, list[str], str, int, str | None]] = [
    (date(2020, 1, 8), "《宪法》进社区专题讲座", "港西新城社区", ["《宪法》"], "司法所", 52, None),
    (
        date(2020, 1, 14),
        "防范和打击非法集资知识讲座",
        "东台子村",
        ["防范非法集资"],
        "经济发展办公室",
        45,
        None,
    ),
    (
        date(2020, 1, 16),
        "节前安全生产法律知识讲座",
        "海滨第一社区",
        ["《安全生产法》"],
        "公共安全办公室",
        38,
        None,
    ),
    (
        date(2020, 6, 3),
        "《民法典》解读讲座：总则编",
        "幸福路社区",
        ["《民法典》"],
        "司法所",
        60,
        None,
    ),
    (
        date(2020, 6, 10),
        "疫情防控常态化下的劳动用工法律讲座",
        "光明社区",
        ["《劳动合同法》", "疫情防控相关法律"],
        "经济发展办公室",
        40,
        None,
    ),
    (
        date(2020, 6, 17),
        "防范非法集资宣传月专题讲座",
        "光明社区",
        ["防范非法集资"],
        "经济发展办公室",
        55,
        "防范非法集资宣传月",
    ),
    (
        date(2020, 6, 22),
        "“6·26”禁毒知识讲座",
        "祥和社区",
        ["《禁毒法》"],
        "综合治理中心",
        70,
        "国际禁毒日",
    ),
    (
        date(2020, 6, 23),
        "禁毒知识进课堂讲座",
        "海滨第一社区",
        ["《禁毒法》"],
        "综合治理中心",
        120,
        "国际禁毒日",
    ),
    (
        date(2020, 6, 24),
        "远离毒品 珍爱生命专题讲座",
        "东台子村",
        ["《禁毒法》"],
        "综合治理中心",
        66,
        "国际禁毒日",
    ),
    (
        date(2020, 6, 28),
        "《民法典》解读讲座：婚姻家庭编",
        "花园路社区",
        ["《民法典》"],
        "司法所",
        48,
        None,
    ),
    (
        date(2020, 7, 2),
        "防范非法集资 守护养老钱讲座",
        "福华里社区",
        ["防范非法集资"],
        "经济发展办公室",
        42,
        None,
    ),
    (
        date(2020, 7, 8),
        "《民法典》解读讲座：物权编与居民生活",
        "港西新城社区",
        ["《民法典》"],
        "司法所",
        58,
        None,
    ),
    (
        date(2020, 7, 15),
        "《宪法》与公民基本权利讲座",
        "西台子村",
        ["《宪法》"],
        "党政办公室",
        36,
        None,
    ),
    (
        date(2020, 7, 22),
        "《民法典》解读讲座：合同编（个体工商户专场）",
        "祥和社区",
        ["《民法典》"],
        "司法所",
        44,
        None,
    ),
    (
        date(2020, 7, 29),
        "暑期青少年禁毒法律知识讲座",
        "光明社区",
        ["《禁毒法》"],
        "综合治理中心",
        50,
        None,
    ),
    (
        date(2020, 8, 5),
        "《民法典》解读讲座：继承编",
        "窦庄子村",
        ["《民法典》"],
        "司法所",
        40,
        None,
    ),
    (
        date(2020, 8, 12),
        "防范非法集资进村讲座",
        "刘岗庄村",
        ["防范非法集资"],
        "经济发展办公室",
        38,
        None,
    ),
    (
        date(2020, 8, 19),
        "《民法典》解读讲座：侵权责任编",
        "海滨第一社区",
        ["《民法典》"],
        "司法所",
        54,
        None,
    ),
    (date(2020, 8, 26), "宪法修正案学习讲座", "袁家庄村", ["《宪法》"], "党政办公室", 35, None),
    (
        date(2020, 9, 2),
        "《民法典》解读讲座：人格权编",
        "福华里社区",
        ["《民法典》"],
        "司法所",
        46,
        None,
    ),
    (
        date(2020, 9, 9),
        "防范电信网络诈骗和非法集资讲座",
        "马棚口村",
        ["防范非法集资"],
        "经济发展办公室",
        41,
        None,
    ),
    (date(2020, 9, 16), "《民法典》与农村生活讲座", "东台子村", ["《民法典》"], "司法所", 39, None),
    (
        date(2020, 9, 23),
        "《宪法》宣传进社区讲座",
        "幸福路社区",
        ["《宪法》"],
        "党政办公室",
        47,
        None,
    ),
]

# Other activities: (date, kind, title, place, village, themes, department, headcount, key date,
# partners, audience)
OTHER_ACTIVITIES: list[
    tuple[date, str, str, str, str | None, list[str], str, int, str | None, str, str]
] = [
    (
        date(2020, 5, 20),
        Activity.Kind.ENTERPRISE,
        "复工复产法律服务进企业",
        "海滨工业园区",
        None,
        ["疫情防控相关法律", "《劳动合同法》"],
        "经济发展办公室",
        35,
        None,
        "",
        "企业负责人和职工",
    ),
    (
        date(2020, 6, 12),
        Activity.Kind.GOVERNMENT,
        "《民法典》宣讲进机关",
        "街道机关会议室",
        None,
        ["《民法典》"],
        "司法所",
        65,
        None,
        "",
        "机关干部",
    ),
    (
        date(2020, 8, 14),
        Activity.Kind.GOVERNMENT,
        "《民法典》宣讲进机关（村居干部专场）",
        "街道机关会议室",
        None,
        ["《民法典》"],
        "司法所",
        48,
        None,
        "",
        "村居干部",
    ),
    (
        date(2020, 6, 26),
        Activity.Kind.THEME_DAY,
        "“6·26”国际禁毒日主题宣传活动",
        "祥和市场",
        "祥和社区",
        ["《禁毒法》"],
        "综合治理中心",
        200,
        "国际禁毒日",
        "海滨派出所、区禁毒办",
        "赶集群众",
    ),
    (
        date(2020, 7, 1),
        Activity.Kind.EXHIBITION,
        "《民法典》主题展板巡展",
        "街道党群服务中心",
        None,
        ["《民法典》"],
        "司法所",
        300,
        None,
        "",
        "辖区居民",
    ),
    (
        date(2020, 8, 8),
        Activity.Kind.COMMUNITY,
        "市容环境卫生法规进社区",
        "花园路社区广场",
        "花园路社区",
        ["《天津市市容和环境卫生管理条例》"],
        "综合执法大队",
        60,
        None,
        "",
        "沿街商户、居民",
    ),
    (
        date(2020, 8, 21),
        Activity.Kind.CASE_EXPLAINED,
        "以案释法：拒不配合疫情防控的法律责任",
        "幸福路社区居委会",
        "幸福路社区",
        ["疫情防控相关法律", "《传染病防治法》"],
        "社区建设管理办公室",
        40,
        None,
        "",
        "辖区居民",
    ),
    (
        date(2020, 9, 11),
        Activity.Kind.SCHOOL,
        "《未成年人保护法》进校园",
        "海滨街第一小学",
        "港西新城社区",
        ["《未成年人保护法》"],
        "社会事务办公室",
        320,
        None,
        "海滨街第一小学",
        "小学生和家长",
    ),
]

# (published on, title, views)
VIDEOS = [
    (date(2020, 2, 12), "疫情期间停工停产，工资怎么发？", 8600),
    (date(2020, 2, 19), "拒不配合疫情防控要承担哪些法律责任？", 15800),
    (date(2020, 2, 26), "造谣传谣，法律红线碰不得", 6200),
    (date(2020, 3, 4), "疫情之下，合同不能履行怎么办？", 4300),
    (date(2020, 3, 11), "商铺房租能不能减免？", 5100),
    (date(2020, 3, 18), "哄抬物价、销售假口罩的法律后果", 3200),
]


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=SHANGHAI)


class _Outreach:
    """The step's context: the street, who writes, and the records made so far."""

    def __init__(self, ctx: DemoContext) -> None:
        self.ctx = ctx
        self.rng = random.Random("haibin-outreach-2020")
        self.street = ctx.street
        users: dict[str, User] = ctx.shared["users"]
        self.office, self.staff = users["office"], users["staff"]
        self.departments: dict[str, Department] = ctx.shared["departments"]
        self.villages: dict[str, Village] = ctx.shared["villages"]
        self.firm = LawFirm.objects.get(street=self.street, name=PARTNER_FIRM)
        self.lawyers: list[Lawyer] = list(self.firm.lawyers.order_by("pk"))
        self.themes: dict[str, Theme] = {}
        self.key_dates: dict[str, KeyDate] = {}

    def theme_list(self, names: list[str]) -> list[Theme]:
        return [self.themes[n] for n in names]


@demo_step(order=60)
def load_outreach(ctx: DemoContext) -> None:
    work = _Outreach(ctx)
    _load_themes(work)
    _load_key_dates(work)
    quiz = _load_quiz(work)
    _load_activities(work, quiz)
    _load_publicity(work)
    _load_pushes(work)
    _load_works(work)
    _load_faq(work)
    # Last, with a generator of its own: the records before keep their numbers.
    load_photos(work.street, work.office)


def _load_themes(work: _Outreach) -> None:
    for order, (name, kind) in enumerate(THEMES, start=1):
        work.themes[name] = services.theme_create(
            street=work.street, actor=work.office, name=name, kind=kind, sort_order=order
        )
    for department, law, content, audience in RESPONSIBILITIES:
        services.responsibility_item_create(
            street=work.street,
            actor=work.office,
            year=2020,
            department=work.departments[department],
            theme=work.themes[law],
            content=content,
            audience=audience,
        )


def _load_key_dates(work: _Outreach) -> None:
    for key_date in services.key_dates_add_standard(street=work.street, actor=work.office):
        work.key_dates[key_date.name] = key_date
    for name, month, day, end_month, end_day, themes in OWN_KEY_DATES:
        work.key_dates[name] = services.key_date_create(
            street=work.street,
            actor=work.office,
            name=name,
            month=month,
            day=day,
            end_month=end_month,
            end_day=end_day,
            themes=work.theme_list(themes),
        )


def _load_quiz(work: _Outreach) -> Quiz:
    """The question bank and the 4·15 online quiz with its participants."""
    for kind, theme, stem, options, answer, explanation, reference in QUESTIONS:
        services.question_create(
            street=work.street,
            actor=work.office,
            kind=kind,
            stem=stem,
            options=options,
            answer=answer,
            explanation=explanation,
            law_reference=reference,
            theme=work.themes[theme],
        )
    day = date(2020, 4, 15)
    quiz = services.quiz_create(
        street=work.street,
        actor=work.office,
        title="2020年“4·15”全民国家安全教育日法律知识竞答",
        description="围绕《国家安全法》《宪法》和疫情防控相关法律，每人随机抽取10道题，限时15分钟，"
        "每个手机号码限答一次。",
        opens_at=_at(day, 8),
        closes_at=_at(day, 22),
        question_count=10,
        time_limit_minutes=15,
        themes=work.theme_list(
            ["《国家安全法》", "《宪法》", "《传染病防治法》", "疫情防控相关法律"]
        ),
        key_date=work.key_dates["全民国家安全教育日"],
    )
    quiz = services.quiz_publish(quiz, actor=work.office, now=_at(date(2020, 4, 10), 9))
    answers_of = {q.pk: q for q in services.quiz_pool(quiz)}
    rng, phones = work.rng, work.ctx.shared["phones"]
    for n in range(QUIZ_PARTICIPANTS):
        started = _at(day, 8 + n * 13 // QUIZ_PARTICIPANTS, rng.randrange(0, 50))
        attempt = services.quiz_attempt_start(
            quiz=quiz, mobile=mobile(rng, phones), name=person_name(rng), now=started, rng=rng
        )
        answers = {}
        for pk in attempt.questions:
            question = answers_of[pk]
            right = rng.random() < 0.8
            if right:
                answers[str(pk)] = question.answer
            else:
                letters = "ABCDEF"[: len(question.options)]
                wrong = [c for c in letters if c != question.answer] or list(letters)
                answers[str(pk)] = rng.choice(wrong)
        services.quiz_attempt_submit(
            attempt, answers=answers, now=started + timedelta(minutes=rng.randrange(4, 14))
        )
    return quiz


def _market_days(work: _Outreach) -> list[tuple[date, Village, list[Consultation]]]:
    """Three market days in villages from July, on days the village's lawyer took on-site
    consultations there (linked as the stand's consultations); fixed days where there are
    none."""
    zone = timezone.get_default_timezone()
    found: dict[tuple[date, int], list[Consultation]] = {}
    onsite = Consultation.objects.filter(
        street=work.street,
        channel=Consultation.Channel.ONSITE,
        village__kind=Village.Kind.VILLAGE,
        occurred_at__gte=_at(date(2020, 7, 1), 0),
        occurred_at__lt=_at(REPORT_DAY, 0),
    ).order_by("occurred_at", "pk")
    for consultation in onsite:
        day = consultation.occurred_at.astimezone(zone).date()
        assert consultation.village_id is not None
        found.setdefault((day, consultation.village_id), []).append(consultation)
    keys = list(found)
    if len(keys) >= 3:
        chosen = [keys[0], keys[len(keys) // 2], keys[-1]]
        by_id = {v.pk: v for v in work.villages.values()}
        return [(day, by_id[village], found[(day, village)]) for day, village in chosen]
    fallback = [date(2020, 7, 21), date(2020, 8, 18), date(2020, 9, 15)]
    return [
        (day, work.villages[name], [])
        for day, name in zip(fallback, ("窦庄子村", "东台子村", "刘岗庄村"), strict=True)
    ]


def _load_activities(work: _Outreach, quiz: Quiz) -> None:
    street, office = work.street, work.office
    common: dict[str, Any] = {"street": street, "actor": office}
    for day, title, village, themes, department, headcount, key_date in LECTURES:
        services.activity_create(
            **common,
            title=title,
            kind=Activity.Kind.LECTURE,
            held_on=day,
            place=f"{village}党群服务中心",
            village=work.villages[village],
            department=work.departments[department],
            themes=work.theme_list(themes),
            partner_firm=work.firm if department == "司法所" else None,
            audience="辖区居民",
            headcount=headcount,
            key_date=work.key_dates[key_date] if key_date else None,
        )
    for (day, kind, title, place, where, themes, department, headcount, key_date, partners,
         audience) in OTHER_ACTIVITIES:  # fmt: skip
        services.activity_create(
            **common,
            title=title,
            kind=kind,
            held_on=day,
            place=place,
            village=work.villages[where] if where else None,
            department=work.departments[department],
            themes=work.theme_list(themes),
            partner_firm=work.firm if kind == Activity.Kind.GOVERNMENT else None,
            partners=partners,
            audience=audience,
            headcount=headcount,
            key_date=work.key_dates[key_date] if key_date else None,
        )
    # 4·15: the online quiz as the day's activity.
    services.activity_create(
        **common,
        title="“4·15”全民国家安全教育日线上法律知识竞答",
        kind=Activity.Kind.ONLINE_QUIZ,
        held_on=date(2020, 4, 15),
        place="线上",
        department=work.departments["公共安全办公室"],
        themes=work.theme_list(["《国家安全法》", "《宪法》"]),
        audience="辖区居民",
        headcount=quiz.attempts.filter(submitted_at__isnull=False).count(),
        key_date=work.key_dates["全民国家安全教育日"],
        quiz=quiz,
    )
    # 新时代文明实践赶大集: three stands with leaflets and on-the-spot consultations.
    for (day, market, consultations), materials in zip(
        _market_days(work), MARKET_DAY_MATERIALS, strict=True
    ):
        services.activity_create(
            **common,
            title=f"新时代文明实践赶大集法治宣传（{market.name}）",
            kind=Activity.Kind.MARKET_DAY,
            held_on=day,
            place=f"{market.name}集市",
            village=market,
            department=work.departments["司法所"],
            themes=work.theme_list(["《民法典》", "防范非法集资"]),
            partner_firm=work.firm,
            partners="海滨派出所",
            audience="赶集群众",
            headcount=120 + work.rng.randrange(0, 60),
            materials=materials,
            consultations=consultations,
            summary="设立法治宣传咨询台，发放《民法典》和防范非法集资宣传材料，律师现场解答群众咨询。",
        )
    # Planned for the Constitution week after the report, and one called off by the epidemic.
    for day, title, kind, key_date in (
        (date(2020, 12, 2), "宪法宣传周《宪法》专题讲座", Activity.Kind.LECTURE, "宪法宣传周"),
        (date(2020, 12, 4), "“12·4”国家宪法日宪法宣传活动", Activity.Kind.THEME_DAY, "国家宪法日"),
    ):
        services.activity_create(
            **common,
            title=title,
            kind=kind,
            status=Activity.Status.PLANNED,
            held_on=day,
            place="街道党群服务中心",
            department=work.departments["党政办公室"],
            themes=work.theme_list(["《宪法》"]),
            key_date=work.key_dates[key_date],
        )
    services.activity_create(
        **common,
        title="防范非法集资宣传讲座（因疫情取消）",
        kind=Activity.Kind.LECTURE,
        status=Activity.Status.CANCELLED,
        held_on=date(2020, 2, 12),
        village=work.villages["西台子村"],
        department=work.departments["经济发展办公室"],
        themes=work.theme_list(["防范非法集资"]),
        summary="因新冠肺炎疫情防控要求暂停线下聚集性活动，讲座取消。",
    )


def _load_publicity(work: _Outreach) -> None:
    """The epidemic's offline publicity, and the 6·26 and Civil Code posters and banners."""
    rng, street, staff = work.rng, work.street, work.staff
    epidemic = work.theme_list(["疫情防控相关法律"])
    community = work.departments["社区建设管理办公室"]

    def item(**fields: Any) -> PublicityItem:
        return services.publicity_item_create(street=street, actor=staff, **fields)

    villages = list(work.villages.values())
    communities = [v for v in villages if v.kind == Village.Kind.COMMUNITY]
    rural = [v for v in villages if v.kind == Village.Kind.VILLAGE]
    for village in villages:
        item(
            published_on=date(2020, 1, 27),
            channel=PublicityItem.Channel.LETTER,
            title="海滨街道致辖区居民积极应对新型冠状病毒感染肺炎疫情的一封信",
            kind=PublicityItem.Kind.NOTICE,
            quantity=(village.households or 1000),
            village=village,
            department=community,
            themes=epidemic,
        )
        item(
            published_on=date(2020, 2, 3),
            channel=PublicityItem.Channel.NOTICE_BOARD,
            title="村务公开栏张贴疫情防控相关法律法规",
            kind=PublicityItem.Kind.LAW,
            quantity=2,
            village=village,
            department=community,
            themes=epidemic,
        )
        item(
            published_on=date(2020, 2, 5),
            channel=PublicityItem.Channel.LEAFLET,
            title="疫情防控法律明白纸",
            kind=PublicityItem.Kind.LAW,
            quantity=300 + rng.randrange(0, 300),
            village=village,
            department=community,
            themes=epidemic,
        )
    for village in communities:
        item(
            published_on=date(2020, 1, 28),
            channel=PublicityItem.Channel.POSTER,
            title="社区楼道、宣传栏张贴疫情防控宣传海报",
            kind=PublicityItem.Kind.NOTICE,
            quantity=30 + rng.randrange(0, 30),
            village=village,
            department=community,
            themes=epidemic,
        )
        item(
            published_on=date(2020, 2, 15),
            channel=PublicityItem.Channel.LECTURER,
            title="宣讲员向街面商铺和未佩戴口罩居民普及防控知识",
            kind=PublicityItem.Kind.LAW,
            reach=200 + rng.randrange(0, 300),
            village=village,
            department=community,
            themes=epidemic,
        )
    for village in rural:
        for month, days in ((2, 29), (3, 31)):
            item(
                published_on=date(2020, month, 1),
                channel=PublicityItem.Channel.LOUDSPEAKER,
                title=f"村广播大喇叭每日播放疫情防控知识（2020年{month}月）",
                kind=PublicityItem.Kind.NOTICE,
                quantity=days,
                village=village,
                department=community,
                themes=epidemic,
            )
        item(
            published_on=date(2020, 2, 10),
            channel=PublicityItem.Channel.MOBILE_SPEAKER,
            title="移动音箱入户巡回播放疫情防控法律知识",
            kind=PublicityItem.Kind.LAW,
            quantity=1,
            village=village,
            department=community,
            themes=epidemic,
        )
    for name in ("港西新城社区", "幸福路社区", "光明社区", "花园路社区", "祥和社区"):
        item(
            published_on=date(2020, 1, 29),
            channel=PublicityItem.Channel.BANNER,
            title="主要路口悬挂“疫情防控 人人有责”宣传条幅",
            kind=PublicityItem.Kind.NOTICE,
            quantity=4 + rng.randrange(0, 5),
            village=work.villages[name],
            department=community,
            themes=epidemic,
        )
    item(
        published_on=date(2020, 2, 1),
        channel=PublicityItem.Channel.LED_SCREEN,
        title="街道和社区电子显示屏滚动播放疫情防控标语",
        kind=PublicityItem.Kind.NOTICE,
        quantity=9,
        department=community,
        themes=epidemic,
    )
    # The 综合治理中心's grid patrol car on the villages' main roads, every day of the response.
    centre = work.departments["综合治理中心"]
    day, n = date(2020, 1, 28), 0
    while day <= date(2020, 3, 31):
        village = villages[n % len(villages)]
        grids = list(village.grids.order_by("code"))
        item(
            published_on=day,
            channel=PublicityItem.Channel.PATROL_CAR,
            title="网格巡逻车沿村居主要道路播放疫情防控宣传",
            kind=PublicityItem.Kind.NOTICE,
            quantity=1,
            village=village,
            grid=grids[n % len(grids)] if grids else None,
            department=centre,
            themes=epidemic,
        )
        day, n = day + timedelta(days=1), n + 1
    for village in communities:
        item(
            published_on=date(2020, 6, 5),
            channel=PublicityItem.Channel.POSTER,
            title="《民法典》宣传海报",
            kind=PublicityItem.Kind.LAW,
            quantity=10 + rng.randrange(0, 10),
            village=village,
            department=work.departments["司法所"],
            themes=work.theme_list(["《民法典》"]),
        )
    item(
        published_on=date(2020, 6, 24),
        channel=PublicityItem.Channel.BANNER,
        title="“6·26”国际禁毒日宣传条幅",
        kind=PublicityItem.Kind.LAW,
        quantity=12,
        department=centre,
        themes=work.theme_list(["《禁毒法》"]),
    )


def _load_pushes(work: _Outreach) -> None:
    """The pushes in the WeChat groups and the official account the legal-services demo
    planned (legal_services.messages_pushed counts them)."""
    epidemic = work.theme_list(["疫情防控相关法律"])
    for push in work.ctx.shared.get("wechat_pushes", []):
        services.publicity_item_create(
            street=work.street,
            actor=work.office,
            **push,
            themes=epidemic if push["published_on"] < date(2020, 5, 1) else [],
        )


def _load_works(work: _Outreach) -> None:
    street, office, firm = work.street, work.office, work.firm
    makers = "、".join(lawyer.name for lawyer in work.lawyers[:3])
    epidemic = work.theme_list(["疫情防控相关法律"])
    videos = []
    for n, (day, title, views) in enumerate(VIDEOS, start=1):
        videos.append(
            services.media_work_create(
                street=street,
                actor=office,
                title=title,
                kind=MediaWork.Kind.SHORT_VIDEO,
                published_on=day,
                partner_firm=firm,
                makers=makers,
                platform=MediaWork.Platform.DOUYIN,
                link=f"https://v.douyin.com/haibin2020{n:02d}/",
                views=views,
                themes=epidemic,
                department=work.departments["司法所"],
                description="律师解读疫情防控期间群众关心的热点法律问题。",
            )
        )
    article = services.media_work_create(
        street=street,
        actor=office,
        title="海滨街辖区防疫常见法律问题汇总",
        kind=MediaWork.Kind.ARTICLE,
        published_on=date(2020, 3, 25),
        partner_firm=firm,
        makers=makers,
        platform=MediaWork.Platform.OFFICIAL_ACCOUNT,
        link="https://mp.weixin.qq.com/s/haibin-fangyi-falv-wenti",
        views=5600,
        themes=epidemic,
        department=work.departments["司法所"],
        description="汇总各方调研成果，形成贴近民众、贴近生活的防疫常见法律问题解答。",
    )
    report_video = services.media_work_create(
        street=street,
        actor=office,
        title="海滨街“七五”普法工作汇报视频",
        kind=MediaWork.Kind.REPORT_VIDEO,
        published_on=date(2020, 9, 18),
        platform=MediaWork.Platform.OTHER,
        link="https://www.haibin.gov.cn/pufa/qiwu-huibao",
        department=work.departments["司法所"],
        description="“七五”普法验收汇报：五年来的标志性活动和特色创新做法。",
    )
    for day, by, level, target, content, link in (
        (
            date(2020, 3, 2),
            "司法部官方微博",
            "national",
            videos[1],
            "司法部官方微博转发海滨街律师录制的普法短视频，肯定海滨街以短视频开展疫情防控普法的"
            "创新做法。",
            "https://weibo.com/sifabu",
        ),
        (
            date(2020, 3, 27),
            "天津市司法局“天津司法”微信公众号",
            "provincial",
            article,
            "转载《海滨街辖区防疫常见法律问题汇总》。",
            "",
        ),
        (
            date(2020, 9, 25),
            "滨海新区“七五”普法验收组",
            "district",
            report_video,
            "验收组肯定海滨街“七五”普法展示录和汇报视频全面展示了普法工作成效。",
            "",
        ),
    ):
        services.recognition_create(
            street=street,
            actor=office,
            recognised_on=day,
            recognised_by=by,
            level=level,
            work=target,
            content=content,
            link=link,
        )


def _load_faq(work: _Outreach) -> None:
    for category, question, answer, references, published_on in FAQ:
        services.faq_entry_create(
            street=work.street,
            actor=work.office,
            question=question,
            answer=answer,
            category=category,
            law_references=references,
            partner_firm=work.firm,
            published_on=published_on,
        )
    for category, question, answer, references in FAQ_DRAFTS:
        services.faq_entry_create(
            street=work.street,
            actor=work.office,
            question=question,
            answer=answer,
            category=category,
            law_references=references,
            partner_firm=work.firm,
        )
    for term, synonyms in FAQ_SYNONYMS:
        services.faq_synonym_create(
            street=work.street, actor=work.office, term=term, synonyms=synonyms
        )
