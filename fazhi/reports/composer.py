"""The first draft of a report, proposed from the records of its period in the register of the
seed report (海滨街2020年法治政府建设情况报告).

Each work area of 主要举措和成效 gets the seed's paragraphs where the period has the records
they tell of — the names (law firms, key areas, partner units, channels) read from the records,
every number a figure token — and nothing where it has none. 存在的不足和原因 is proposed from
facts the records show (reviews by part-time reviewers, staff below the year's study target,
decisions published late or decided late, the adviser contract lapsed), each citing its figure;
the next year's plan from those shortcomings; 第一责任人职责 from the leading group's meetings
and the leadership's study. Staff then accept, edit or drop each proposed paragraph
(``services.report_proposal_accept`` / ``report_proposal_drop``).

``propose(report)`` reads (one statement for the figures, a few small queries for the names);
``draft(report, actor=…)`` stores the proposals.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Q

from fazhi.core import stats
from fazhi.core.stats import Number, Period
from fazhi.reports.models import AnnualReport, Area, Part, ReportProposal
from fazhi.reports.tokens import in_words

Proposals = dict[tuple[str, str], list[tuple[str, str]]]

# Every figure a proposal may cite or weigh, computed in one statement over the report's period.
KEYS = (
    "org.grids",
    "org.grid_workers",
    "org.leading_group_meetings",
    "reviews.contracts_reviewed",
    "legal_services.duty_shifts_held",
    "legal_services.appointments",
    "legal_services.appointment_lawyers",
    "legal_services.consultations",
    "legal_services.consultations.phone",
    "legal_services.consultations.wechat",
    "legal_services.mediations_with_lawyer",
    "legal_services.wechat_groups",
    "legal_services.wechat_group_members",
    "legal_services.messages_pushed",
    "legal_services.adviser_contracts",
    "outreach.videos",
    "outreach.lectures",
    "outreach.market_day_events",
    "outreach.materials_distributed",
    "enforcement.patrols",
    "enforcement.cases_stopped",
    "enforcement.frontage_units",
    "enforcement.frontage_self_checks",
    "enforcement.major_cases_reviewed",
    "enforcement.major_cases_reviewed_part_time",
    "enforcement.decisions_published",
    "enforcement.decisions_published_late",
    "enforcement.decisions_late",
    "study.laws_to_study",
    "study.leadership_sessions",
    "study.exam_takers",
    "study.exam_pass_rate",
    "study.legal_literates",
)

# The seed's words for some channels of publicity.
CHANNEL_WORDS = {"notice_board": "村务公开栏", "banner": "宣传条幅"}
# The word for a subject of a 宣传月 or 禁毒 lecture when the seed has a fuller one.
SUBJECT_WORDS = {"防范非法集资": "防范和打击非法集资"}
ORDINALS = "一二三四五六七八九十"


def fig(key: str, *options: str) -> str:
    """A token of the figure ``key`` with reading options (``approx=10``, ``unit=个``…)."""
    return "{{fig:" + "|".join([key, *options]) + "}}"


def _series(items: list[str], last: str = "、") -> str:
    """甲、乙、丙 — or with ``last`` (及, 和) before the final item."""
    if len(items) < 2:
        return "".join(items)
    return "、".join(items[:-1]) + last + items[-1]


def _month_words(day: date) -> str:
    """一月 … 十二月, as the seed names a month in running text."""
    return f"{in_words(day.month)}月"


def _part_of_month(day: date) -> str:
    if day.day <= 10:
        return "初"
    if day.day <= 20:
        return "中旬"
    return "底"


def _last_of_month(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def _period_options(period: Period, report: Period) -> list[str]:
    """The token options naming ``period`` where it differs from the report's."""
    options = []
    if period.start != report.start:
        options.append(f"from={period.start.isoformat()}")
    if period.end != report.end:
        options.append(f"to={period.end.isoformat()}")
    return options


@dataclass
class Facts:
    """What the records of the period say, read once for all proposals."""

    report: AnnualReport
    values: dict[str, Number]
    group_name: str = ""
    epidemic_channels: list[str] = field(default_factory=list)
    letter_title: str = ""
    patrol_car_department: str = ""
    video_firm: str = ""
    video_platform: str = ""
    faq_title: str = ""
    recognised_by: str = ""
    campaign_areas: list[str] = field(default_factory=list)
    campaign_goal: str = ""
    campaign_partners: list[str] = field(default_factory=list)
    adviser_firm: str = ""
    contract_lapsed_on: date | None = None
    suspension: Any = None
    quiz_day: str = ""
    lecture_subjects: list[str] = field(default_factory=list)
    office_laws: list[str] = field(default_factory=list)
    report_video: str = ""
    reviewer_departments: list[str] = field(default_factory=list)
    below_target: int = 0
    target_hours: Any = None

    @property
    def period(self) -> Period:
        return self.report.period

    @property
    def street(self) -> str:
        return self.report.street.name

    def has(self, key: str) -> bool:
        return bool(self.values.get(key))


def _key_date_words(key_date: Any) -> str:
    """“6·26国际禁毒日” for a one-day key date; a longer one by its name."""
    if key_date.end_month is None:
        return f"“{key_date.month}·{key_date.day}{key_date.name}”"
    return key_date.name


def gather(report: AnnualReport) -> Facts:
    """The facts of the report's street and period the proposals draw on."""
    from fazhi.enforcement.models import Campaign, CampaignPartner, LegalReview
    from fazhi.legal_services.models import AdviserContract, ServiceSuspension
    from fazhi.org.models import LeadingGroup, LegalReviewPost
    from fazhi.outreach.models import Activity, MediaWork, PublicityItem, Recognition

    street, period = report.street, report.period
    lower, upper = period.instants()
    facts = Facts(report=report, values=stats.compute(street, period, KEYS))

    group = (
        LeadingGroup.objects.filter(street=street, established_on__lte=period.end)
        .order_by("-established_on")
        .first()
    )
    facts.group_name = group.name if group is not None else ""

    epidemic = Q(themes__name__contains="疫情")
    items = PublicityItem.objects.filter(
        epidemic,
        street=street,
        published_on__gte=period.start,
        published_on__lte=period.end,
    )
    present = set(items.values_list("channel", flat=True).distinct())
    facts.epidemic_channels = [c for c in PublicityItem.Channel.values if c in present]
    letter = items.filter(channel=PublicityItem.Channel.LETTER).order_by("published_on").first()
    facts.letter_title = letter.title if letter is not None else ""
    car = (
        items.filter(channel=PublicityItem.Channel.PATROL_CAR, department__isnull=False)
        .select_related("department")
        .first()
    )
    facts.patrol_car_department = car.department.name if car and car.department else ""

    works = MediaWork.objects.filter(
        street=street, published_on__gte=period.start, published_on__lte=period.end
    ).select_related("partner_firm")
    video = (
        works.filter(epidemic, kind=MediaWork.Kind.SHORT_VIDEO, partner_firm__isnull=False)
        .order_by("published_on")
        .first()
    )
    if video is not None and video.partner_firm is not None:
        facts.video_firm = video.partner_firm.name
        facts.video_platform = video.get_platform_display() if video.platform else ""
        recognition = (
            Recognition.objects.filter(
                street=street,
                work__kind=MediaWork.Kind.SHORT_VIDEO,
                recognised_on__gte=period.start,
                recognised_on__lte=period.end,
            )
            .order_by("recognised_on")
            .first()
        )
        facts.recognised_by = recognition.recognised_by if recognition is not None else ""
    faq = works.filter(epidemic, kind=MediaWork.Kind.ARTICLE).order_by("published_on").first()
    facts.faq_title = faq.title if faq is not None else ""
    report_video = works.filter(kind=MediaWork.Kind.REPORT_VIDEO).order_by("published_on").first()
    facts.report_video = report_video.title if report_video is not None else ""

    campaign = (
        Campaign.objects.filter(street=street, starts_on__lte=period.end, ends_on__gte=period.start)
        .prefetch_related("key_areas", "partners")
        .order_by("starts_on")
        .first()
    )
    if campaign is not None:
        facts.campaign_areas = [
            a.name for a in sorted(campaign.key_areas.all(), key=lambda a: a.pk)
        ]
        facts.campaign_goal = campaign.goal
        partners: list[str] = []
        kind = CampaignPartner.Kind
        short: dict[str, str] = {
            kind.POLICE: "公安",
            kind.TRAFFIC_POLICE: "交警",
            kind.VILLAGE: "街道各村居",
        }
        for partner in sorted(campaign.partners.all(), key=lambda p: p.pk):
            word = short.get(partner.kind, partner.name)
            if partner.kind == kind.MUNICIPAL:
                word = "市政公司"
            if word not in partners:
                partners.append(word)
        facts.campaign_partners = partners

    contracts = AdviserContract.objects.filter(
        street=street, starts_on__lte=period.end, ends_on__gte=period.start
    ).select_related("firm")
    in_force = contracts.filter(ends_on__gte=period.end).order_by("-starts_on").first()
    latest = in_force or contracts.order_by("-ends_on").first()
    facts.adviser_firm = latest.firm.name if latest is not None else ""
    if in_force is None and latest is not None:
        facts.contract_lapsed_on = latest.ends_on

    facts.suspension = (
        ServiceSuspension.objects.filter(
            street=street,
            village__isnull=True,
            starts_on__gte=period.start,
            starts_on__lte=period.end,
        )
        .order_by("starts_on")
        .first()
    )

    activities = Activity.objects.filter(
        street=street,
        status=Activity.Status.HELD,
        held_on__gte=period.start,
        held_on__lte=period.end,
    )
    quiz = (
        activities.filter(kind=Activity.Kind.ONLINE_QUIZ, key_date__isnull=False)
        .select_related("key_date")
        .first()
    )
    facts.quiz_day = _key_date_words(quiz.key_date) if quiz is not None else ""
    subjects: list[str] = []
    covered: set[str] = set()
    counts: Counter[str] = Counter()
    order: dict[str, int] = {}
    lectures = (
        activities.filter(kind=Activity.Kind.LECTURE)
        .select_related("key_date")
        .prefetch_related("themes", "key_date__themes")
        .order_by("held_on", "pk")
    )
    for lecture in lectures:
        if lecture.key_date is not None and lecture.key_date.end_month is None:
            words = _key_date_words(lecture.key_date)
            if words not in subjects:
                subjects.append(words)
            covered.update(t.name for t in lecture.themes.all())
    for lecture in lectures:
        for theme in lecture.themes.all():
            if "疫情" not in theme.name:  # told in its own subsection
                counts[theme.name] += 1
                order[theme.name] = theme.sort_order
    # The most lectured subjects first; among equals, in the street's order of its themes.
    ranked = sorted(
        (name for name in counts if name not in covered),
        key=lambda n: (-counts[n], order[n], n),
    )
    facts.lecture_subjects = subjects + [SUBJECT_WORDS.get(n, n) for n in ranked[:3]]
    offices = activities.filter(kind=Activity.Kind.GOVERNMENT).prefetch_related("themes")
    laws: list[str] = []
    for activity in offices:
        laws.extend(t.name for t in activity.themes.all() if t.name not in laws)
    facts.office_laws = laws

    reviewers = (
        LegalReview.objects.filter(
            case__street=street,
            reviewed_at__gte=lower,
            reviewed_at__lt=upper,
            reviewer__legal_review_post=LegalReviewPost.PART_TIME,
            reviewer__department__isnull=False,
        )
        .values_list("reviewer__department__name", flat=True)
        .distinct()
        .order_by("reviewer__department__name")
    )
    facts.reviewer_departments = list(reviewers)

    below, target = _below_study_target(street, period)
    facts.below_target, facts.target_hours = below, target
    return facts


@dataclass(frozen=True)
class _StreetScope:
    """Who the study hours are read for: the whole street."""

    street_id: int


def _below_study_target(street: Any, period: Period) -> tuple[int, Any]:
    """How many of the staff held to the year's target of study hours are below it, and the
    target (None where the street set none). Not a figure: it compares each person's hours."""
    from fazhi.study.selectors import hours_in_year

    year = hours_in_year(_StreetScope(street.pk), period.end.year)
    if year.target is None:
        return 0, None
    return len(year.below), year.target.target_hours


# --- 一、主要举措和成效 -------------------------------------------------------------------------


def _organisation(f: Facts) -> list[tuple[str, str]]:
    if not f.group_name:
        return []
    return [
        (
            f"成立以街主要领导为组长及副组长的{f.group_name}，成员由{f.street}领导班子成员担任。"
            "领导小组下设办公室，办公室成员由街道各部门负责同志组成。同时，认真履行党政主要负责人"
            "推进法治建设第一责任人职责，形成主要领导负责抓，分管领导具体抓，相关部门配合抓的"
            "齐抓共管的工作局面。",
            f"依据：{f.group_name}的设立和成员记录。",
        )
    ]


def _epidemic(f: Facts) -> list[tuple[str, str]]:
    if not f.epidemic_channels:
        return []
    from fazhi.outreach.models import PublicityItem

    online = [c for c in f.epidemic_channels if c in PublicityItem.ONLINE]
    offline = [c for c in f.epidemic_channels if c not in PublicityItem.ONLINE]
    label = dict(PublicityItem.Channel.choices)
    sentences = [
        f"按照疫情防控“三个100%”的工作要求，{f.street}严格落实“谁执法谁普法”责任制，"
        "扎实推进疫情防控宣传全覆盖。"
    ]
    ordinal = 0
    if online:
        ordinal += 1
        pushed = f"“{f.letter_title}”、" if f.letter_title else ""
        sentences.append(
            f"{ORDINALS[ordinal - 1]}是利用{_series([str(label[c]) for c in online], '及')}"
            f"等线上渠道，每日推送{pushed}疫情防控相关法律法规宣传，引导辖区居民在“一级响应”中"
            "正确行使权力、履行义务。"
        )
    if offline:
        ordinal += 1
        words = [CHANNEL_WORDS.get(c, str(label[c])) for c in offline]
        details = []
        posted = [
            w
            for c, w in (("letter", "致居民的一封信"), ("poster", "疫情防控宣传海报"))
            if c in offline
        ]
        if posted:
            details.append(f"在社区楼道、社区宣传栏内张贴{'、'.join(posted)}")
        if "lecturer" in offline:
            details.append(
                "对街面商铺、未佩戴口罩居民普及防控知识，对小区施行封闭式管理的相关法律依据"
            )
        if "banner" in offline:
            details.append("在主要路口悬挂宣传标语，做好正面宣传引导")
        if "patrol_car" in offline:
            details.append(
                f"{f.street}{f.patrol_car_department}的网格巡逻车也投入使用，"
                "每日在各村居主要道路开展疫情防控宣传"
            )
        text = (
            f"{ORDINALS[ordinal - 1]}是线下宣传多措并举，依托{'、'.join(words)}等多种形式开展"
            "关于疫情防控知识宣传。"
        )
        if details:
            text += "即" + "；".join(details)
        if f.has("org.grids"):
            text += (
                ("，" if details else "")
                + f"辖区{fig('org.grids')}网格{fig('org.grid_workers', 'approx=10')}专兼职网格员，"
                "奔赴一线，全员参与宣传、排查与防控，抵御疫情侵袭，守牢最后一公里"
            )
        sentences.append(text + "。")
    proposals = [("".join(sentences), "依据：期间内疫情防控主题的宣传记录和网格、网格员名册。")]
    if f.video_firm:
        text = f"同时，联合{f.video_firm}采取定期制作发布线上小视频的形式，宣传普及防疫法律知识。"
        if f.faq_title:
            text += f"通过汇总各方调研成果，形成一套贴近民众、贴近生活的{f.faq_title}。"
        platform = f.video_platform
        text += f"由律师录制普法{platform}短视频，对热点问题的法律依据进行解读"
        text += f"，{f.recognised_by}肯定了{f.street}的创新做法。" if f.recognised_by else "。"
        proposals.append(
            (text, "依据：期间内与律师事务所合作制作的疫情防控普法作品及其获得的肯定。")
        )
    return proposals


def _enforcement(f: Facts) -> list[tuple[str, str]]:
    if not (f.has("enforcement.patrols") or f.campaign_areas):
        return []
    text = "按照区相关部门的工作部署，大力开展环境治理，全力打造良好市容环境。"
    ordinal = 0
    if f.has("enforcement.patrols"):
        ordinal += 1
        text += f"{ORDINALS[ordinal - 1]}是加强巡查，严格执法。"
        text += f"开展执法巡查{fig('enforcement.patrols')}"
        if f.has("enforcement.cases_stopped"):
            text += f"，当场制止违法行为{fig('enforcement.cases_stopped')}"
        text += "。"
        if f.has("enforcement.frontage_units"):
            text += "严格落实“门前三包”责任制"
            text += f"，{fig('enforcement.frontage_units')}责任单位"
            if f.has("enforcement.frontage_self_checks"):
                text += f"自查{fig('enforcement.frontage_self_checks')}"
            text += "，充分调动沿街单位、商户自查自改的积极性。"
    if f.campaign_areas:
        ordinal += 1
        text += f"{ORDINALS[ordinal - 1]}是周密安排，集中整治。"
        if "疫情" in f.campaign_goal:  # the plan weighed against the epidemic's rules too
            text += "通过疫情防控层面和执法工作层面的双论证，"
        text += "制定周密严谨的治理方案"
        if f.campaign_partners:
            text += f"，联合{'、'.join(f.campaign_partners)}等单位，合力共为"
        text += f"。对{'、'.join(f.campaign_areas)}等重点区域进行了专项治理，成效显著。"
        ordinal += 1
        text += (
            f"{ORDINALS[ordinal - 1]}是集中治理，巩固提升。在关键时间段，集中执法力量对突出重点问题"
            "进行专项治理。以常态长效为最终目标，进行强化巩固，逐步提升，在确保迎检工作顺利过关的"
            "同时，为后期的常态长效管理打好基础。"
        )
    return [(text, "依据：期间内的执法巡查、门前三包和专项治理记录。")]


def _decisions(f: Facts) -> list[tuple[str, str]]:
    proposals: list[tuple[str, str]] = []
    if f.adviser_firm:
        text = (
            "建立健全街道法律顾问体系，提高决策的科学化、民主化和法治化水平。为发挥街道法律顾问在"
            "制定重大行政决策、推进依法行政中的积极作用，防范规避法律风险。"
            f"与{f.adviser_firm}签订了常年法律顾问合同"
        )
        if f.has("reviews.contracts_reviewed"):
            text += (
                "，今年以来，街法律顾问参与合同、项目协议审查"
                f"{fig('reviews.contracts_reviewed', 'unit=条')}，提高行政决策质量"
            )
        proposals.append((text + "。", "依据：常年法律顾问合同和合法性审查记录。"))
    services = _legal_services(f)
    if services:
        proposals.append((services, "依据：期间内的值班、预约、咨询、调解和法律服务微信群记录。"))
    return proposals


def _legal_services(f: Facts) -> str:
    report = f.period
    sentences: list[str] = []
    before = after = None
    suspension = f.suspension
    if suspension is not None:
        cause = "由于受疫情影响，" if "疫情" in suspension.reason else ""
        ways = [
            word
            for key, word in (
                ("legal_services.consultations.phone", "电话"),
                ("legal_services.consultations.wechat", "微信"),
            )
            if f.has(key)
        ]
        text = (
            f"{cause}{_month_words(suspension.starts_on)}{_part_of_month(suspension.starts_on)}"
            "开始公共法律服务律师暂停现场服务"
        )
        text += f"，居民可以通过{'和'.join(ways)}进行法律咨询。" if ways else "。"
        sentences.append(text)
        before = Period(report.start, min(_last_of_month(suspension.starts_on), report.end))
        if suspension.ends_on is not None and suspension.ends_on < report.end:
            resumed = suspension.ends_on + timedelta(days=1)
            after = Period(resumed.replace(day=1) if resumed.day > 1 else resumed, report.end)
    counted: list[str] = []
    if f.has("legal_services.duty_shifts_held"):
        if before is not None:
            options = _period_options(before, report)
            month = (
                f"{_month_words(before.end)}份"
                if before.start.month == before.end.month
                else f"{before.start.month}月至{before.end.month}月"
            )
            counted.append(
                f"{month}居村法律顾问现场值班累计{fig('legal_services.duty_shifts_held', *options)}"
            )
        else:
            counted.append(f"居村法律顾问现场值班累计{fig('legal_services.duty_shifts_held')}")
    if f.has("legal_services.appointments"):
        options = _period_options(after, report) if after is not None else []
        since = f"{after.start.month}月至今" if after is not None else ""
        counted.append(
            f"{since}预约现场法律服务{fig('legal_services.appointments', *options)}，涉及"
            f"{fig('legal_services.appointment_lawyers', *options)}律师"
        )
    if counted:
        sentences.append("截至目前，" + "，".join(counted) + "。")
    consulted = []
    if f.has("legal_services.consultations.phone"):
        consulted.append(f"电话咨询累计{fig('legal_services.consultations.phone', 'unit=个')}")
    if f.has("legal_services.consultations.wechat"):
        consulted.append(f"微信咨询{fig('legal_services.consultations.wechat', 'unit=个')}")
    if f.has("legal_services.mediations_with_lawyer"):
        consulted.append(
            f"律师参与街道调解{fig('legal_services.mediations_with_lawyer', 'unit=次')}"
        )
    if consulted:
        sentences.append("，".join(consulted) + "。")
    online = []
    if f.has("legal_services.wechat_groups"):
        online.append(f"微信群{fig('legal_services.wechat_groups')}")
        if f.has("legal_services.wechat_group_members"):
            online.append(f"成员{fig('legal_services.wechat_group_members', 'approx=100')}")
    if f.has("legal_services.messages_pushed"):
        online.append(f"微信群推送各类信息{fig('legal_services.messages_pushed', 'approx=10')}")
    if f.has("outreach.videos"):
        online.append(f"制作普法小视频{fig('outreach.videos')}")
    if online:
        sentences.append("，".join(online) + "。")
    return "".join(sentences)


def _education(f: Facts) -> list[tuple[str, str]]:
    proposals: list[tuple[str, str]] = []
    parts: list[str] = []
    if f.quiz_day:
        parts.append(f"在{f.quiz_day}期间，组织参与线上法律知识竞答活动")
    if f.has("outreach.lectures"):
        subjects = _series(f.lecture_subjects) if f.lecture_subjects else ""
        lead = f"结合{subjects}等重点法治领域及法律法规内容" if subjects else ""
        parts.append(f"{lead}开展讲座{fig('outreach.lectures', 'approx=10')}")
    if f.office_laws:
        parts.append(f"开展{''.join(f.office_laws[:2])}宣讲进机关活动")
    if f.has("outreach.market_day_events"):
        parts.append(f"利用农村集市人流量大的契机进行赶大集宣传{fig('outreach.market_day_events')}")
    if parts:
        opening = (
            "在疫情防控形势逐渐向好，复工复产工作稳步推进后，我街结合实际，在确保人民群众健康安全的"
            "情况下，开展了线下法治宣传与法律咨询活动。"
            if f.suspension is not None and "疫情" in f.suspension.reason
            else "我街结合实际，开展了线下法治宣传与法律咨询活动。"
        )
        text = opening + "，".join(parts) + "。"
        if f.has("outreach.market_day_events") and f.has("outreach.materials_distributed"):
            text += (
                "在新时代文明实践赶大集活动中，向居民群众提供法律咨询服务，发放宣传材料"
                f"{fig('outreach.materials_distributed', 'approx=100')}。"
            )
        proposals.append((text, "依据：期间内已开展的普法活动记录。"))
    plan = re.search(r"“?([一二三四五六七八])五”?普法", f.report_video)
    if plan:
        name = f"{plan.group(1)}五"
        proposals.append(
            (
                f"同时，我街认真对待{name}普法验收工作，创新制作街“{name}”普法展示录，将{name}普法"
                "工作开展以来的标志性图片及特色创新之处在小册子中淋漓尽致地展示出来，并制作了汇报"
                "视频，更加生动、形象地展示普法工作开展情况。",
                f"依据：普法作品“{f.report_video}”。",
            )
        )
    return proposals


# --- 二、第一责任人职责 ---------------------------------------------------------------------


def _first_responsibility(f: Facts) -> list[tuple[str, str]]:
    done = []
    if f.has("org.leading_group_meetings"):
        done.append(
            f"主持召开法治政府建设领导小组会议{fig('org.leading_group_meetings')}，"
            "研究部署法治政府建设重点工作"
        )
    if f.has("study.leadership_sessions"):
        done.append(f"带头参加领导班子会前学法和集体学法{fig('study.leadership_sessions')}")
    if not done:
        return []
    return [
        (
            "街道党政主要负责人认真履行推进法治建设第一责任人职责，"
            + "；".join(done)
            + "，将法治政府建设与经济社会发展同部署、同推进、同督促、同考核。",
            "依据：期间内的领导小组会议和领导班子学法记录。",
        )
    ]


# --- 三、存在的不足和原因，四、下一年度的主要安排 ---------------------------------------------


@dataclass(frozen=True)
class Shortcoming:
    """One shortcoming the records show, with the plan it calls for."""

    kind: str
    text: str
    reason: str


def shortcomings(f: Facts) -> list[Shortcoming]:
    found: list[Shortcoming] = []
    year = f.report.year
    if f.has("enforcement.major_cases_reviewed_part_time"):
        who = "、".join(f.reviewer_departments)
        staffed = f"为{who}工作人员兼任" if who else "由其他岗位人员兼任"
        all_part_time = (
            f.values["enforcement.major_cases_reviewed_part_time"]
            == f.values["enforcement.major_cases_reviewed"]
        )
        share = (
            "均由兼职人员审核"
            if all_part_time
            else f"其中由兼职人员审核{fig('enforcement.major_cases_reviewed_part_time')}"
        )
        found.append(
            Shortcoming(
                "review",
                f"法制审核队伍建设待加强，我街现有法制审核人员{staffed}，{year}年重大执法决定"
                f"法制审核{fig('enforcement.major_cases_reviewed')}，{share}。",
                "依据：法制审核记录中审核人员的岗位为兼职。",
            )
        )
    if f.below_target:
        text = "工作人员对新修订的法律法规学习仍需加强、存在对个别法规政策掌握不准等问题"
        if f.has("study.laws_to_study"):
            text += (
                f"，{year}年列入学习清单的新修订法律法规{fig('study.laws_to_study')}，"
                "部分工作人员学法学时尚未达到年度目标"
            )
        if f.has("study.exam_takers") and f.values["study.exam_pass_rate"] < 100:
            text += f"，学法考试合格率为{fig('study.exam_pass_rate')}"
        found.append(
            Shortcoming(
                "study",
                text + "。",
                f"依据：截至{_cn(f.period.end)}，{f.below_target}名工作人员的学法学时低于"
                f"年度目标（{f.target_hours}学时），见学时统计页。",
            )
        )
    if f.has("enforcement.decisions_published_late"):
        found.append(
            Shortcoming(
                "publicity",
                f"行政执法公示还不够及时，{year}年公示执法决定"
                f"{fig('enforcement.decisions_published')}，其中晚于公示期限公示"
                f"{fig('enforcement.decisions_published_late')}。",
                "依据：执法决定的公示日期晚于公示期限。",
            )
        )
    if f.has("enforcement.decisions_late"):
        found.append(
            Shortcoming(
                "deadline",
                "行政执法案件办理时效有待提高，"
                f"{fig('enforcement.decisions_late')}案件超过法定期限作出处理决定。",
                "依据：执法决定的作出日期晚于办案期限。",
            )
        )
    if f.contract_lapsed_on is not None and not f.has("legal_services.adviser_contracts"):
        found.append(
            Shortcoming(
                "adviser",
                f"法律顾问工作衔接不够紧密，与{f.adviser_firm}的常年法律顾问合同于"
                f"{_cn(f.contract_lapsed_on)}到期后未及时续签，截至{_cn(f.period.end)}在履行的"
                f"常年法律顾问合同为{fig('legal_services.adviser_contracts')}。",
                "依据：常年法律顾问合同的终止日期。",
            )
        )
    return found


def _cn(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _shortcomings(found: list[Shortcoming]) -> list[tuple[str, str]]:
    return [(f"{ORDINALS[n]}是{s.text}", s.reason) for n, s in enumerate(found)]


def _plan(f: Facts, found: list[Shortcoming]) -> list[tuple[str, str]]:
    kinds = {s.kind for s in found}
    items: list[tuple[str, str]] = []
    if "study" in kinds:
        items.append(
            (
                "加强学习培训，提高用法意识。今后将加强单位职工、执法人员、党员干部通过集中学习、"
                "自学、法律顾问讲座等学习形式开展法律法规、政策解读等学习，更好的将学习成果与工作"
                "相结合。同时，继续落实领导班子集体学法制度，着力提高领导干部运用法治思维和法律手段"
                "推进发展、维护稳定的能力。",
                "依据：不足中的学法情况。",
            )
        )
    if kinds & {"review", "publicity", "deadline"}:
        text = "规范执法行为，严格依法行政。严格落实“三项制度”"
        if "review" in kinds:
            text += "，充实法制审核力量，逐步配备专职法制审核人员"
        if "publicity" in kinds:
            text += "，执法决定按期公示"
        if "deadline" in kinds:
            text += "，案件在法定期限内办结"
        text += (
            "，保持常态长效管理，依法行政，创新实干，不断提高市容环境质量和城市管理水平。"
            "发挥数字化平台执法优势，运用信息化手段实施精细化和规范化管理，做到各类违章及时发现、"
            "及时制止、依法处置。"
        )
        items.append((text, "依据：不足中的行政执法情况。"))
    if (
        f.has("legal_services.consultations")
        or f.has("study.legal_literates")
        or "adviser" in kinds
    ):
        text = "继续落实公共法律服务制度。"
        if "adviser" in kinds:
            text += "及时续签常年法律顾问合同，保障法律顾问全程参与重大行政决策和合同审查。"
        text += "坚持以群众需求为导向，大力宣传12348法律服务功能，加强公共法律服务体系建设。"
        if f.has("study.legal_literates"):
            text += "继续开展法律明白人培养工程。"
        items.append((text, "依据：期间内的公共法律服务和法律明白人记录。"))
    return [(f"{ORDINALS[n]}是{text}", reason) for n, (text, reason) in enumerate(items)]


# --- the whole draft -----------------------------------------------------------------------------


def propose(report: AnnualReport) -> Proposals:
    """Every paragraph the records of the report's period support, by (part, area), each with
    the reason it is proposed."""
    facts = gather(report)
    found = shortcomings(facts)
    proposals: Proposals = {
        (Part.MEASURES, Area.ORGANISATION): _organisation(facts),
        (Part.MEASURES, Area.EPIDEMIC): _epidemic(facts),
        (Part.MEASURES, Area.ENFORCEMENT): _enforcement(facts),
        (Part.MEASURES, Area.DECISIONS): _decisions(facts),
        (Part.MEASURES, Area.EDUCATION): _education(facts),
        (Part.FIRST_RESPONSIBILITY, ""): _first_responsibility(facts),
        (Part.SHORTCOMINGS, ""): _shortcomings(found),
        (Part.NEXT_YEAR, ""): _plan(facts, found),
    }
    return {place: items for place, items in proposals.items() if items}


def draft(report: AnnualReport, *, actor: Any, now: datetime | None = None) -> list[ReportProposal]:
    """Propose the first draft: store the paragraphs of ``propose`` as the report's proposals
    (replacing those still pending)."""
    from fazhi.reports.services import report_propose

    return report_propose(report, actor=actor, proposals=propose(report), now=now)
