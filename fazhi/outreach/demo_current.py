"""The demo's current year of law education, and the end of 2020's.

2020's two activities planned for the Constitution week after the report day were held then,
with their photos. The current year, up to the day the demo is loaded: the year's “谁执法谁普法”
list; lectures twice a month in the villages and communities, one visit a month to offices,
schools, firms or a market day, and an event on each key date, the main ones photographed; the
office's own key dates beside the standard ones; the 4·15 quiz, and a quiz open now on the
portal with the residents who have taken it so far; the official account's articles, posters on
the key dates, short videos with the partner firm. What lies ahead of today (the activities of
the coming weeks, those of the key dates about to come) is announced as planned.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.core.files.base import ContentFile

from fazhi.core.demo import DemoContext, demo_step, mobile, person_name
from fazhi.core.workdays import WorkCalendar, next_workday
from fazhi.legal_services.models import LawFirm, WechatGroup
from fazhi.org.models import Department, Street, User, Village
from fazhi.outreach import services
from fazhi.outreach.demo import PARTNER_FIRM, RESPONSIBILITIES
from fazhi.outreach.demo_photos import CAPTIONS, SCENES, scene_png
from fazhi.outreach.models import (
    Activity,
    KeyDate,
    MediaWork,
    PublicityItem,
    Quiz,
    Theme,
)

A = Activity.Kind

# How far ahead the coming weeks' activities are announced.
ANNOUNCED_DAYS = 35
# The quiz open now: opened this many days before today, closing this many days after it.
OPEN_QUIZ_OPENED = 12
OPEN_QUIZ_CLOSES = 20
QUIZ_415_PARTICIPANTS = 80
# The bank's questions on laws unchanged since they were written: those citing the public
# security penalties law (revised in 2025) or the rules on illegal fund-raising (replaced in
# 2021) give their article numbers of 2020, so the year's quizzes leave them out.
QUIZ_THEMES = ["《宪法》", "《民法典》", "《国家安全法》", "《禁毒法》"]

# Themes added for the office's own key dates: (name, kind).
NEW_THEMES = [
    ("《消费者权益保护法》", Theme.Kind.LAW),
    ("《妇女权益保障法》", Theme.Kind.LAW),
    ("《消防法》", Theme.Kind.LAW),
    ("《道路交通安全法》", Theme.Kind.LAW),
    ("《反电信网络诈骗法》", Theme.Kind.LAW),
]
# The office's own key dates beside the standard ones: (name, month, day, themes, description).
NEW_KEY_DATES = [
    (
        "中国人民警察节",
        1,
        10,
        ["《反电信网络诈骗法》", "《禁毒法》"],
        "与海滨派出所联合开展反诈、禁毒宣传。",
    ),
    ("国际妇女节", 3, 8, ["《妇女权益保障法》"], "宣传妇女权益保障和反家庭暴力的规定。"),
    ("全国消防日", 11, 9, ["《消防法》"], "宣传消防安全责任和火灾预防知识。"),
    ("全国交通安全日", 12, 2, ["《道路交通安全法》"], "宣传文明出行和道路交通安全法规。"),
]
# The 2020 key date that had no theme: its theme from now on.
KEY_DATE_THEMES = {"国际消费者权益日": ["《消费者权益保护法》"]}

# Each key date's event: (kind, title, place, department, audience, partners); the default a
# theme-day event in the street's square.
KEY_DATE_EVENTS: dict[str, tuple[str, str, str, str, str, str]] = {
    "全民国家安全教育日": (
        A.THEME_DAY,
        "“4·15”全民国家安全教育日主题宣传活动",
        "海滨街文化广场",
        "公共安全办公室",
        "辖区居民",
        "",
    ),
    "民法典宣传月": (
        A.THEME_DAY,
        "“美好生活·民法典相伴”民法典宣传月集中宣传活动",
        "海滨街文化广场",
        "司法所",
        "辖区居民",
        "大有律师事务所",
    ),
    "国际禁毒日": (
        A.THEME_DAY,
        "“6·26”国际禁毒日主题宣传活动",
        "祥和市场",
        "综合治理中心",
        "赶集群众",
        "海滨派出所、区禁毒办",
    ),
    "宪法宣传周": (
        A.LECTURE,
        "宪法宣传周《宪法》专题讲座",
        "街道党群服务中心",
        "党政办公室",
        "机关干部、辖区居民",
        "",
    ),
    "国家宪法日": (
        A.THEME_DAY,
        "“12·4”国家宪法日宪法宣传活动",
        "海滨街文化广场",
        "党政办公室",
        "辖区居民",
        "",
    ),
    "防范非法集资宣传月": (
        A.THEME_DAY,
        "防范非法集资宣传月集中宣传活动",
        "海滨街文化广场",
        "经济发展办公室",
        "中老年居民",
        "区金融工作局",
    ),
    "国际消费者权益日": (
        A.THEME_DAY,
        "“3·15”国际消费者权益日宣传咨询活动",
        "祥和市场",
        "经济发展办公室",
        "辖区居民",
        "区市场监督管理局海滨所",
    ),
    "中国人民警察节": (
        A.THEME_DAY,
        "“1·10”中国人民警察节反诈禁毒宣传活动",
        "海滨派出所",
        "综合治理中心",
        "辖区居民",
        "海滨派出所",
    ),
    "国际妇女节": (
        A.LECTURE,
        "“三八”国际妇女节《妇女权益保障法》专题讲座",
        "街道党群服务中心",
        "社会事务办公室",
        "妇女群众",
        "",
    ),
    "全国消防日": (
        A.THEME_DAY,
        "“11·9”全国消防日消防安全宣传活动",
        "海滨街文化广场",
        "公共安全办公室",
        "辖区居民",
        "海滨街消防救援站",
    ),
    "全国交通安全日": (
        A.COMMUNITY,
        "“12·2”全国交通安全日宣传进社区",
        "港西新城社区广场",
        "公共安全办公室",
        "辖区居民",
        "区交警支队海滨大队",
    ),
}

# Lectures in the villages and communities: (title, themes, department).
LECTURES = [
    ("《民法典》婚姻家庭编与家庭矛盾预防讲座", ["《民法典》"], "司法所"),
    ("防范非法集资 守护百姓钱袋子讲座", ["防范非法集资"], "经济发展办公室"),
    ("安全生产法律知识讲座", ["《安全生产法》"], "公共安全办公室"),
    ("《民法典》物权编与物业纠纷讲座", ["《民法典》"], "司法所"),
    ("《劳动合同法》与劳动者权益保护讲座", ["《劳动合同法》"], "经济发展办公室"),
    ("远离毒品 珍爱生命禁毒知识讲座", ["《禁毒法》"], "综合治理中心"),
    ("《宪法》与公民基本权利义务讲座", ["《宪法》"], "党政办公室"),
    ("人民调解与邻里纠纷化解讲座", ["《人民调解法》", "《民法典》"], "司法所"),
    ("《未成年人保护法》家庭保护专题讲座", ["《未成年人保护法》"], "社会事务办公室"),
    ("识骗防骗 反电信网络诈骗讲座", ["《反电信网络诈骗法》"], "综合治理中心"),
    ("《民法典》继承编与遗嘱订立讲座", ["《民法典》"], "司法所"),
    ("《土地管理法》与宅基地管理讲座", ["《土地管理法》"], "农业农村办公室"),
]

# One visit a month: (kind, title, place, village, themes, department, audience, partners);
# a market day's village and place are the month's village.
VISITS: list[tuple[str, str, str, str | None, list[str], str, str, str]] = [
    (
        A.GOVERNMENT,
        "新修订法律法规宣讲进机关",
        "街道机关会议室",
        None,
        ["《宪法》", "《民法典》"],
        "司法所",
        "机关干部",
        "",
    ),
    (
        A.MARKET_DAY,
        "新时代文明实践赶大集法治宣传（{village}）",
        "{village}集市",
        "",
        ["《民法典》", "防范非法集资"],
        "司法所",
        "赶集群众",
        "海滨派出所",
    ),
    (
        A.ENTERPRISE,
        "安全生产法律服务进企业",
        "海滨工业园区",
        None,
        ["《安全生产法》"],
        "公共安全办公室",
        "企业负责人和职工",
        "",
    ),
    (
        A.SCHOOL,
        "《未成年人保护法》进校园",
        "海滨街第一小学",
        "港西新城社区",
        ["《未成年人保护法》"],
        "社会事务办公室",
        "小学生和家长",
        "海滨街第一小学",
    ),
    (
        A.CASE_EXPLAINED,
        "以案释法：养老诈骗中的非法集资陷阱",
        "光明社区居委会",
        "光明社区",
        ["防范非法集资"],
        "经济发展办公室",
        "中老年居民",
        "",
    ),
    (
        A.COMMUNITY,
        "市容环境卫生法规进社区",
        "花园路社区广场",
        "花园路社区",
        ["《天津市市容和环境卫生管理条例》"],
        "综合执法大队",
        "沿街商户、居民",
        "",
    ),
    (
        A.MARKET_DAY,
        "新时代文明实践赶大集法治宣传（{village}）",
        "{village}集市",
        "",
        ["《民法典》", "《反电信网络诈骗法》"],
        "司法所",
        "赶集群众",
        "海滨派出所",
    ),
    (
        A.EXHIBITION,
        "“法治海滨”主题展板巡展",
        "街道党群服务中心",
        None,
        ["《宪法》", "《民法典》"],
        "司法所",
        "辖区居民",
        "",
    ),
    (
        A.ENTERPRISE,
        "《劳动合同法》进企业",
        "海滨工业园区",
        None,
        ["《劳动合同法》"],
        "经济发展办公室",
        "企业负责人和职工",
        "",
    ),
    (
        A.CASE_EXPLAINED,
        "以案释法：相邻关系纠纷怎么解",
        "幸福路社区居委会",
        "幸福路社区",
        ["《民法典》", "《人民调解法》"],
        "司法所",
        "辖区居民",
        "",
    ),
]

VIDEOS = [
    "遇到电信网络诈骗怎么办？",
    "邻居装修噪音扰民，法律怎么说？",
    "农民工讨薪有哪些途径？",
    "物业费能不能拒交？",
    "老人立遗嘱要注意什么？",
    "孩子沉迷网络，家长有哪些法定责任？",
]
# The legal advisers' pushes in the WeChat groups: (kind, title).
PUSHES = [
    (PublicityItem.Kind.LAW, "民法典婚姻家庭编要点"),
    (PublicityItem.Kind.LAW, "劳动合同解除的法定情形"),
    (PublicityItem.Kind.LAW, "遗嘱的几种形式"),
    (PublicityItem.Kind.LAW, "借条怎么写才有效"),
    (PublicityItem.Kind.CASE, "以案释法：高空抛物致人损害"),
    (PublicityItem.Kind.CASE, "以案释法：识破“刷单返利”诈骗"),
    (PublicityItem.Kind.CASE, "以案释法：邻里漏水纠纷谁担责"),
    (PublicityItem.Kind.POLICY, "农民工工资支付政策问答"),
    (PublicityItem.Kind.POLICY, "农村土地承包政策问答"),
    (PublicityItem.Kind.NOTICE, "12348公共法律服务热线服务时间"),
    (PublicityItem.Kind.NOTICE, "村居法律顾问本月值班安排"),
    (PublicityItem.Kind.VIDEO, "普法短视频：遇到电信网络诈骗怎么办"),
]
ARTICLES = [
    "以案说法：签了“阴阳合同”，吃亏的是谁？",
    "普法小课堂：居住权是什么？",
    "身边的《民法典》：高空抛物谁担责？",
    "劳动者试用期权益知多少",
    "警惕“以房养老”骗局",
    "未成年人打赏主播，钱能要回来吗？",
]


@dataclass
class Event:
    """An activity of the year's schedule, held or to come."""

    day: date
    kind: str
    title: str
    place: str
    village: Village | None
    themes: list[str]
    department: str
    audience: str = "辖区居民"
    partners: str = ""
    key_date: KeyDate | None = None
    photographed: bool = False


class _Year:
    """The step's context: the street, who writes, and the records it draws on."""

    def __init__(self, ctx: DemoContext) -> None:
        self.ctx = ctx
        self.street: Street = ctx.street
        users: dict[str, User] = ctx.shared["users"]
        self.office, self.staff = users["office"], users["staff"]
        self.departments: dict[str, Department] = ctx.shared["departments"]
        self.villages: dict[str, Village] = ctx.shared["villages"]
        self.firm = LawFirm.objects.get(street=self.street, name=PARTNER_FIRM)
        self.themes = {t.name: t for t in Theme.objects.filter(street=self.street)}

    def theme_list(self, names: list[str]) -> list[Theme]:
        return [self.themes[n] for n in names]


def _photos(activity: Activity, actor: User, rng: random.Random) -> None:
    """The activity's two photos, drawn as 2020's are."""
    scene = SCENES[activity.kind]
    for second, caption in enumerate(CAPTIONS[activity.kind]):
        services.activity_photo_add(
            activity=activity,
            file=ContentFile(scene_png(scene, rng, second=bool(second)), name="photo.png"),
            caption=caption,
            actor=actor,
        )


@demo_step(order=780)
def conclude_2020(ctx: DemoContext) -> None:
    """The Constitution week's two activities planned for December 2020 were held."""
    rng = random.Random("haibin-outreach-2020-december")
    office: User = ctx.shared["users"]["office"]
    planned = Activity.objects.filter(
        street=ctx.street,
        status=Activity.Status.PLANNED,
        held_on__gt=date(2020, 9, 28),
        held_on__lt=date(2021, 1, 1),
    ).order_by("held_on", "id")
    for activity in planned:
        held = services.activity_update(
            activity,
            actor=office,
            today=ctx.today,
            status=Activity.Status.HELD,
            headcount=rng.randrange(60, 160),
            materials=rng.randrange(100, 200),
            summary="围绕宪法的基本原则和公民的基本权利义务开展宣传，发放宪法读本和宣传材料。",
        )
        _photos(held, office, rng)


@demo_step(order=781)
def current_themes_and_key_dates(ctx: DemoContext) -> None:
    """The year's responsibility list, and the office's own key dates with their themes."""
    work = _Year(ctx)
    street, office = work.street, work.office
    for order, (name, kind) in enumerate(NEW_THEMES, start=len(work.themes) + 1):
        if name not in work.themes:
            work.themes[name] = services.theme_create(
                street=street, actor=office, name=name, kind=kind, sort_order=order
            )
    for department, law, content, audience in RESPONSIBILITIES:
        services.responsibility_item_create(
            street=street,
            actor=office,
            year=ctx.today.year,
            department=work.departments[department],
            theme=work.themes[law],
            content=content,
            audience=audience,
        )
    existing = {k.name: k for k in KeyDate.objects.filter(street=street)}
    for name, themes in KEY_DATE_THEMES.items():
        if name in existing and not existing[name].themes.exists():
            services.key_date_update(existing[name], actor=office, themes=work.theme_list(themes))
    for name, month, day, themes, description in NEW_KEY_DATES:
        if name not in existing:
            services.key_date_create(
                street=street,
                actor=office,
                name=name,
                month=month,
                day=day,
                themes=work.theme_list(themes),
                description=description,
            )


def _key_date_events(work: _Year, first: date, last: date) -> list[Event]:
    """An event on each key date whose first day falls in ``first``..``last``."""
    events = []
    for key_date in KeyDate.objects.filter(street=work.street, is_active=True).order_by("pk"):
        for year in range(first.year, last.year + 1):
            start, _end = key_date.occurrence(year)
            if not first <= start <= last or key_date.name not in KEY_DATE_EVENTS:
                continue
            kind, title, place, department, audience, partners = KEY_DATE_EVENTS[key_date.name]
            themes = [t.name for t in key_date.themes.all()] or ["《宪法》"]
            events.append(
                Event(
                    start,
                    kind,
                    title,
                    place,
                    None,
                    themes,
                    department,
                    audience,
                    partners,
                    key_date,
                    photographed=True,
                )
            )
    return events


def _schedule(work: _Year, first: date, last: date) -> list[Event]:
    """The year's activities from ``first`` to ``last``: lectures on the working days after
    the 7th and the 21st of each month, a visit after the 14th, and the key dates' events."""
    villages = list(work.villages.values())
    rural = [v for v in villages if v.kind == Village.Kind.VILLAGE]
    events = _key_date_events(work, first, last)
    lecture = visit = 0
    month = date(first.year, first.month, 1)
    while month <= last:
        for day_of_month in (7, 21):
            day = next_workday(month.replace(day=day_of_month))
            title, themes, department = LECTURES[lecture % len(LECTURES)]
            village = villages[(lecture * 5) % len(villages)]
            if first <= day <= last:
                events.append(
                    Event(
                        day,
                        A.LECTURE,
                        title,
                        f"{village.name}党群服务中心",
                        village,
                        themes,
                        department,
                        photographed=lecture % 3 == 0,
                    )
                )
            lecture += 1
        day = next_workday(month.replace(day=14))
        kind, title, place, where, themes, department, audience, partners = VISITS[
            visit % len(VISITS)
        ]
        # A market day's village is the month's turn of the villages.
        visited: Village | None = work.villages[where] if where else None
        if where == "":
            visited = rural[visit % len(rural)]
            title, place = title.format(village=visited.name), place.format(village=visited.name)
        if first <= day <= last:
            events.append(
                Event(
                    day,
                    kind,
                    title,
                    place,
                    visited,
                    themes,
                    department,
                    audience,
                    partners,
                    photographed=True,
                )
            )
        visit += 1
        month = (month + timedelta(days=32)).replace(day=1)
    return sorted(events, key=lambda e: (e.day, e.title))


@demo_step(order=782)
def current_activities(ctx: DemoContext) -> None:
    """The year's activities held up to yesterday, with photos of the main ones, and those of
    the coming weeks announced."""
    work = _Year(ctx)
    rng = ctx.rng_for("outreach-activities")
    photo_rng = ctx.rng_for("outreach-photos")
    horizon = ctx.today + timedelta(days=ANNOUNCED_DAYS)
    for event in _schedule(work, ctx.year_start, horizon):
        held = event.day < ctx.today
        fields: dict[str, Any] = {
            "title": event.title,
            "kind": event.kind,
            "held_on": event.day,
            "place": event.place,
            "village": event.village,
            "department": work.departments[event.department],
            "themes": work.theme_list(event.themes),
            "audience": event.audience,
            "partners": event.partners,
            "key_date": event.key_date,
            "partner_firm": work.firm if event.department == "司法所" else None,
        }
        if held:
            outdoor = event.kind in (A.MARKET_DAY, A.THEME_DAY, A.COMMUNITY, A.EXHIBITION)
            fields["headcount"] = rng.randrange(100, 260) if outdoor else rng.randrange(30, 75)
            if event.kind == A.SCHOOL:
                fields["headcount"] = rng.randrange(200, 360)
            fields["materials"] = rng.randrange(60, 180) if outdoor else rng.randrange(0, 40)
        else:
            fields["status"] = Activity.Status.PLANNED
        activity = services.activity_create(
            street=work.street, actor=work.office, today=ctx.today, **fields
        )
        if held and event.photographed:
            _photos(activity, work.office, photo_rng)


def _attempts(quiz: Quiz, rng: random.Random, phones: set[str], starts: list[datetime]) -> int:
    """Residents' attempts started at ``starts``, most answers right; the number handed in."""
    answers_of = {q.pk: q for q in services.quiz_pool(quiz)}
    for started in starts:
        attempt = services.quiz_attempt_start(
            quiz=quiz, mobile=mobile(rng, phones), name=person_name(rng), now=started, rng=rng
        )
        answers = {}
        for pk in attempt.questions:
            question = answers_of[pk]
            if rng.random() < 0.8:
                answers[str(pk)] = question.answer
            else:
                letters = "ABCDEF"[: len(question.options)]
                wrong = [c for c in letters if c != question.answer] or list(letters)
                answers[str(pk)] = rng.choice(wrong)
        services.quiz_attempt_submit(
            attempt, answers=answers, now=started + timedelta(minutes=rng.randrange(4, 14))
        )
    return len(starts)


@demo_step(order=783)
def current_quizzes(ctx: DemoContext) -> None:
    """The year's 4·15 quiz once its day has passed, and a quiz open on the portal now."""
    work = _Year(ctx)
    rng = ctx.rng_for("outreach-quizzes")
    phones: set[str] = ctx.shared.setdefault("phones", set())
    year = ctx.today.year
    security_day = KeyDate.objects.filter(street=work.street, name="全民国家安全教育日").first()
    day = date(year, 4, 15)
    if day < ctx.today:
        quiz = services.quiz_create(
            street=work.street,
            actor=work.office,
            title=f"{year}年“4·15”全民国家安全教育日法律知识竞答",
            description="围绕《国家安全法》和《宪法》，每人随机抽取10道题，"
            "限时15分钟，每个手机号码限答一次。",
            opens_at=ctx.at(day, 8),
            closes_at=ctx.at(day, 22),
            question_count=10,
            time_limit_minutes=15,
            themes=work.theme_list(["《国家安全法》", "《宪法》"]),
            key_date=security_day,
        )
        services.quiz_publish(quiz, actor=work.office, now=ctx.at(day - timedelta(days=5), 9))
        starts = sorted(
            ctx.at(day, 8 + n * 13 // QUIZ_415_PARTICIPANTS, rng.randrange(0, 50))
            for n in range(QUIZ_415_PARTICIPANTS)
        )
        taken = _attempts(quiz, rng, phones, starts)
        services.activity_create(
            street=work.street,
            actor=work.office,
            today=ctx.today,
            title=f"{year}年“4·15”全民国家安全教育日线上法律知识竞答",
            kind=A.ONLINE_QUIZ,
            held_on=day,
            place="线上",
            department=work.departments["公共安全办公室"],
            themes=work.theme_list(["《国家安全法》", "《宪法》"]),
            audience="辖区居民",
            headcount=taken,
            key_date=security_day,
            quiz=quiz,
        )

    # Open now: opened some days ago, closing in the coming weeks.
    opened = ctx.today - timedelta(days=OPEN_QUIZ_OPENED)
    closes = ctx.today + timedelta(days=OPEN_QUIZ_CLOSES)
    quiz = services.quiz_create(
        street=work.street,
        actor=work.office,
        title=f"“尊法学法守法用法”法律知识有奖竞答（{opened.year}年{opened.month}月）",
        description="面向辖区居民，题目涵盖《宪法》《民法典》《国家安全法》和《禁毒法》。"
        "每人随机抽取10道题，限时15分钟，每个手机号码限答一次，得分90分以上的居民可到司法所"
        "领取普法纪念品。",
        opens_at=ctx.at(opened, 8),
        closes_at=ctx.at(closes, 22),
        question_count=10,
        time_limit_minutes=15,
        themes=work.theme_list(QUIZ_THEMES),
    )
    services.quiz_publish(quiz, actor=work.office, now=ctx.at(opened - timedelta(days=3), 10))
    starts = []
    for n in range(OPEN_QUIZ_OPENED):
        day = opened + timedelta(days=n)
        for _ in range(rng.randrange(1, 5)):
            starts.append(ctx.at(day, rng.randrange(8, 21), rng.randrange(0, 45)))
    _attempts(quiz, rng, phones, sorted(starts))


@demo_step(order=784)
def current_publicity(ctx: DemoContext) -> None:
    """The year's articles on the official account, posters on the key dates, and the short
    videos made with the partner firm (one taken up by the district)."""
    work = _Year(ctx)
    rng = ctx.rng_for("outreach-publicity")
    yesterday = ctx.today - timedelta(days=1)
    month, n = ctx.year_start, 0
    while month <= yesterday:
        for day_of_month in (5, 19):
            day = month.replace(day=day_of_month)
            if day <= yesterday:
                services.publicity_item_create(
                    street=work.street,
                    actor=work.office,
                    today=ctx.today,
                    published_on=day,
                    channel=PublicityItem.Channel.OFFICIAL_ACCOUNT,
                    title=ARTICLES[n % len(ARTICLES)],
                    kind=PublicityItem.Kind.CASE if n % 2 == 0 else PublicityItem.Kind.LAW,
                    reach=rng.randrange(800, 4000),
                    department=work.departments["司法所"],
                )
            n += 1
        month = (month + timedelta(days=32)).replace(day=1)
    # The legal advisers push into the street's WeChat groups on every working day.
    calendar = WorkCalendar.load()
    groups = list(WechatGroup.objects.filter(street=work.street).order_by("pk"))
    day, n = ctx.year_start, 0
    while day <= yesterday:
        alive = [
            g for g in groups if g.created_on <= day and (g.closed_on is None or g.closed_on >= day)
        ]
        if alive and calendar.is_workday(day):
            group = alive[n % len(alive)]
            kind, title = PUSHES[rng.randrange(len(PUSHES))]
            services.publicity_item_create(
                street=work.street,
                actor=work.office,
                today=ctx.today,
                published_on=day,
                channel=PublicityItem.Channel.WECHAT_GROUP,
                group=group,
                lawyer=group.lawyer,
                title=title,
                kind=kind,
            )
            n += 1
        day += timedelta(days=1)
    for event in _key_date_events(work, ctx.year_start, yesterday):
        if event.key_date is None:
            continue
        services.publicity_item_create(
            street=work.street,
            actor=work.staff,
            today=ctx.today,
            published_on=event.day - timedelta(days=2) if event.day.day > 2 else event.day,
            channel=PublicityItem.Channel.POSTER,
            title=f"“{event.key_date.name}”宣传海报",
            kind=PublicityItem.Kind.LAW,
            quantity=rng.randrange(20, 60),
            department=work.departments[event.department],
            themes=work.theme_list(event.themes),
        )
    makers = "、".join(lawyer.name for lawyer in work.firm.lawyers.order_by("pk")[:3])
    videos = []
    for n, title in enumerate(VIDEOS):
        day = date(ctx.today.year, 2 * n + 2, 16)
        if day >= ctx.today:
            break
        videos.append(
            services.media_work_create(
                street=work.street,
                actor=work.office,
                today=ctx.today,
                title=title,
                kind=MediaWork.Kind.SHORT_VIDEO,
                published_on=day,
                partner_firm=work.firm,
                makers=makers,
                platform=MediaWork.Platform.DOUYIN,
                link=f"https://v.douyin.com/haibin{ctx.today.year}{n + 1:02d}/",
                views=rng.randrange(2000, 12000),
                department=work.departments["司法所"],
                description="律师用身边的案例解读群众关心的法律问题。",
            )
        )
    if videos and videos[0].published_on + timedelta(days=20) < ctx.today:
        services.recognition_create(
            street=work.street,
            actor=work.office,
            recognised_on=videos[0].published_on + timedelta(days=20),
            recognised_by="滨海新区司法局“滨海司法”微信公众号",
            level="district",
            work=videos[0],
            today=ctx.today,
            content="转发海滨街律师录制的普法短视频，推广以案释法的做法。",
        )
