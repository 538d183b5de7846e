"""Haibin Street's legality reviews and major decisions in the current year, up to the day the
demo is loaded, and the end of what 2020 left open on the report's day.

The standing adviser and the street's own reviewer give their opinions through the year; some
requests are still with them, one past its deadline. Of the year's major decisions one has been
published, one is decided and waits for publication, one waits for the collective discussion,
one is with the reviewer, and two drafts are out for public comment now, with comments in.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from fazhi.core.demo import DemoContext, demo_step, person_name
from fazhi.core.workdays import CalendarUnknown, add_workdays, is_workday
from fazhi.legal_services.demo import STANDING_FIRM
from fazhi.reviews import services
from fazhi.reviews.demo import OPINIONS
from fazhi.reviews.models import MajorDecision, ReviewRequest


def _workday(day: date) -> bool:
    try:
        return is_workday(day)
    except CalendarUnknown:  # a year the calendar does not hold: weekdays will do
        return day.weekday() < 5


def _on_or_before(day: date) -> date:
    """``day`` if a working day, else the working day before it."""
    while not _workday(day):
        day -= timedelta(days=1)
    return day


def _workdays_before(day: date, n: int) -> date:
    while n > 0:
        day -= timedelta(days=1)
        if _workday(day):
            n -= 1
    return day


# --- 2020's loose ends ----------------------------------------------------------------------------


@demo_step(order=750)
def reviews_2020_concluded(ctx: DemoContext) -> None:
    """What was open on 2020年9月28日, concluded in the autumn of 2020: the next year's adviser
    contract reviewed and signed; the rural environment plan, out for comment on the report's
    day, carried through expert, risk and legality review to its decision and publication."""
    office = ctx.shared["users"]["office"]
    users = ctx.shared["users"]
    pending = ReviewRequest.objects.get(
        street=ctx.street, received_on__year=2020, status=ReviewRequest.Status.IN_REVIEW
    )
    services.review_request_complete(
        pending,
        actor=office,
        opinion=OPINIONS["approved"],
        conclusion=ReviewRequest.Conclusion.APPROVED,
        completed_on=date(2020, 9, 29),
        today=date(2020, 9, 29),
    )
    services.review_request_set_fate(
        pending, actor=office, fate=ReviewRequest.Fate.ADOPTED, fate_note="已按原文本签订。"
    )

    plan = MajorDecision.objects.get(
        street=ctx.street, status=MajorDecision.Status.CONSULTING, comment_opens_on__year=2020
    )
    services.comment_submit(
        plan,
        content="建议在各村增设分类垃圾桶并明确保洁员职责。",
        now=ctx.at(date(2020, 10, 9), 19),
    )
    services.decision_close_participation(
        plan,
        actor=office,
        summary="公开征求意见35日，收到意见建议1条（增设分类垃圾桶、明确保洁员职责），已采纳。",
        today=date(2020, 10, 20),
    )
    services.decision_record_expert(
        plan,
        actor=office,
        held_on=date(2020, 10, 27),
        experts="农业农村、环境卫生领域专家各1名",
        opinion="方案整治目标明确，建议分村制定进度计划并落实长效管护经费。",
        today=date(2020, 10, 27),
    )
    services.decision_record_risk(
        plan,
        actor=office,
        assessed_on=date(2020, 10, 30),
        level=MajorDecision.RiskLevel.LOW,
        summary="经社会稳定风险评估，方案涉及群众切身利益但支持度高，评定为低风险。",
        today=date(2020, 10, 30),
    )
    review = services.decision_request_legality_review(
        plan,
        actor=office,
        received_on=date(2020, 11, 2),
        due_on=add_workdays(date(2020, 11, 2), 7),
        adviser=ctx.shared["lawyers"][STANDING_FIRM][0],
        reviewer=users["reviewer"],
    )
    services.review_request_complete(
        review,
        actor=office,
        opinion="经审查，方案制定主体和程序合法，内容不违反法律法规规定，同意提交集体讨论。",
        conclusion=ReviewRequest.Conclusion.APPROVED,
        completed_on=date(2020, 11, 10),
        today=date(2020, 11, 10),
    )
    services.decision_record_discussion(
        plan,
        actor=office,
        discussed_on=date(2020, 11, 18),
        meeting_name="街道党工委会议",
        attendees=[users["leader"], users["office"]],
        head_spoke_last=True,
        discussion_record="与会人员讨论了整治范围、进度和长效管护机制，党工委书记最后发表意见。",
        today=date(2020, 11, 18),
    )
    services.decision_decide(
        plan,
        actor=office,
        decided_on=date(2020, 11, 18),
        decision_text="原则通过《2021年海滨街农村人居环境整治工作方案》，由农业农村办公室组织实施。",
        today=date(2020, 11, 18),
    )
    services.decision_publish(
        plan,
        actor=office,
        published_on=date(2020, 11, 25),
        channel="海滨街道政务公开栏、官方微信公众号",
        today=date(2020, 11, 25),
    )


# --- The current year: review requests ------------------------------------------------------------

# (title, kind, department, counterparty, amount in yuan or "")
REQUESTS = [
    (
        "物业服务采购合同",
        ReviewRequest.Kind.CONTRACT,
        "党政办公室",
        "天津市滨海新区海兴物业服务有限公司",
        "192000",
    ),
    (
        "社区道路维修工程施工合同",
        ReviewRequest.Kind.CONTRACT,
        "社区建设管理办公室",
        "天津市港建市政工程有限公司",
        "386000",
    ),
    (
        "网格化管理信息系统运维服务合同",
        ReviewRequest.Kind.CONTRACT,
        "综合治理中心",
        "天津市智网科技有限公司",
        "158000",
    ),
    (
        "村集体土地租赁合同",
        ReviewRequest.Kind.CONTRACT,
        "农业农村办公室",
        "天津市鑫农农业发展有限公司",
        "360000",
    ),
    (
        "社区养老服务驿站委托运营协议",
        ReviewRequest.Kind.AGREEMENT,
        "社会事务办公室",
        "天津市福寿康养老服务有限公司",
        "300000",
    ),
    (
        "垃圾分类设施采购合同",
        ReviewRequest.Kind.CONTRACT,
        "社区建设管理办公室",
        "天津市洁美环保设备有限公司",
        "81500",
    ),
    (
        "机关食堂餐饮服务合同",
        ReviewRequest.Kind.CONTRACT,
        "党政办公室",
        "天津市康膳餐饮管理有限公司",
        "220000",
    ),
    (
        "农贸市场经营管理委托协议",
        ReviewRequest.Kind.AGREEMENT,
        "经济发展办公室",
        "天津市祥和市场管理有限公司",
        "",
    ),
    (
        "绿化养护服务合同",
        ReviewRequest.Kind.CONTRACT,
        "社区建设管理办公室",
        "天津市绿源园林绿化工程有限公司",
        "268000",
    ),
    ("关于规范村级小微权力运行的实施办法", ReviewRequest.Kind.NORMATIVE, "党政办公室", "", ""),
    (
        "渔港码头租赁合同",
        ReviewRequest.Kind.CONTRACT,
        "农业农村办公室",
        "天津市渤海渔业合作社",
        "126000",
    ),
    (
        "老旧小区加装电梯项目协议",
        ReviewRequest.Kind.AGREEMENT,
        "社区建设管理办公室",
        "天津市滨海新区城市建设投资有限公司",
        "2400000",
    ),
    ("关于进一步加强门前三包责任管理的通知", ReviewRequest.Kind.NORMATIVE, "综合执法大队", "", ""),
    (
        "法治文化阵地宣传栏制作安装合同",
        ReviewRequest.Kind.CONTRACT,
        "司法所",
        "天津市博文广告有限公司",
        "52600",
    ),
    (
        "社区卫生服务站房屋租赁合同",
        ReviewRequest.Kind.CONTRACT,
        "社会事务办公室",
        "天津市海滨置业有限公司",
        "96000",
    ),
    (
        "冬季清雪除冰服务采购合同",
        ReviewRequest.Kind.CONTRACT,
        "综合执法大队",
        "天津市洁城环境服务有限公司",
        "74000",
    ),
    (
        "文化广场建设项目代建协议",
        ReviewRequest.Kind.AGREEMENT,
        "农业农村办公室",
        "天津市港城建设工程有限公司",
        "860000",
    ),
    ("沿街商户外摆经营管理办法", ReviewRequest.Kind.NORMATIVE, "经济发展办公室", "", ""),
    (
        "安全生产检查技术服务合同",
        ReviewRequest.Kind.CONTRACT,
        "综合治理中心",
        "天津市安泰安全技术咨询有限公司",
        "45000",
    ),
]
# 2020: fifteen in nine months; a year's share up to today of about twenty.
REQUESTS_PER_YEAR = 20
# The last requests, still with the reviewer or the adviser: (working days since received,
# working days to review, who has it).
IN_PROGRESS = [(1, 5, "reviewer"), (3, 5, "reviewer"), (4, 5, "adviser"), (7, 5, "adviser")]
CONCLUSIONS = ["approved"] * 6 + ["approved_with_changes"] * 3 + ["rejected"]


@demo_step(order=751)
def reviews_current_requests(ctx: DemoContext) -> None:
    rng = ctx.rng_for("reviews-requests")
    office = ctx.shared["users"]["office"]
    reviewer = ctx.shared["users"]["reviewer"]
    departments = ctx.shared["departments"]
    advisers = ctx.shared["lawyers"][STANDING_FIRM]
    today = ctx.today
    year = today.year
    share = (today - ctx.year_start).days / 365
    done = max(round(REQUESTS_PER_YEAR * share) - len(IN_PROGRESS), 3)
    # Concluded requests received through the year up to two weeks ago (early in January,
    # from the autumn before).
    first = min(ctx.year_start, today - timedelta(days=90))
    last = today - timedelta(days=14)
    span = (last - first).days
    for n in range(done + len(IN_PROGRESS)):
        title, kind, dept, counterparty, amount = REQUESTS[n % len(REQUESTS)]
        normative = kind == ReviewRequest.Kind.NORMATIVE
        if n < done:
            received = _on_or_before(first + timedelta(days=(n * span) // done + 1))
            if received < first:
                received = add_workdays(received, 1)
            handler: dict[str, Any] = (
                {"reviewer": reviewer} if normative or n % 4 == 3 else {"adviser": advisers[n % 2]}
            )
        else:
            since, _days, who = IN_PROGRESS[n - done]
            received = _workdays_before(today, since)
            handler = {"reviewer": reviewer} if who == "reviewer" else {"adviser": advisers[0]}
        # A service contract is for the year it runs (next year's, bought in the autumn).
        service_year = received.year + (received.month >= 10)
        request = services.review_request_create(
            street=ctx.street,
            actor=office,
            title=f"海滨街道{service_year}年度{title}"
            if kind == ReviewRequest.Kind.CONTRACT
            else title,
            kind=kind,
            department=departments[dept],
            counterparty=counterparty,
            amount=Decimal(amount) if amount else None,
            received_on=received,
            due_on=add_workdays(received, 5),
            **handler,
        )
        if n >= done:
            continue
        conclusion = CONCLUSIONS[n % len(CONCLUSIONS)]
        completed = min(add_workdays(received, rng.choice([2, 3, 4, 5])), today - timedelta(1))
        services.review_request_complete(
            request,
            actor=office,
            opinion=OPINIONS[conclusion],
            conclusion=conclusion,
            completed_on=completed,
            today=completed,
        )
        if completed < today - timedelta(days=21):
            fate = {
                "approved": ReviewRequest.Fate.ADOPTED,
                "approved_with_changes": ReviewRequest.Fate.AMENDED,
                "rejected": ReviewRequest.Fate.ABANDONED,
            }[conclusion]
            services.review_request_set_fate(
                request,
                actor=office,
                fate=fate,
                fate_note={
                    "adopted": "已按原文本签订或施行。",
                    "amended": "已按审查意见修改后签订或施行。",
                    "abandoned": "送审部门决定不再签订。",
                }[fate],
            )
    # Received yesterday, not yet assigned: 已受理.
    services.review_request_create(
        street=ctx.street,
        actor=office,
        title=f"海滨街道{year}年度应急物资储备采购合同",
        kind=ReviewRequest.Kind.CONTRACT,
        department=departments["综合治理中心"],
        counterparty="天津市安达应急装备有限公司",
        amount=Decimal("68000"),
        received_on=_workdays_before(today, 1),
    )


# --- The current year: major decisions ------------------------------------------------------------


def _decision(
    ctx: DemoContext, title: str, department: str, background: str, year: int
) -> MajorDecision:
    return services.decision_create(
        street=ctx.street,
        actor=ctx.shared["users"]["office"],
        title=title,
        department=ctx.shared["departments"][department],
        background=background,
        catalogue_year=year,
    )


def _consult(
    ctx: DemoContext,
    rng: Any,
    decision: MajorDecision,
    opens: date,
    closes: date,
    comments: list[str],
    reason: str = "",
) -> None:
    """Out for comment from ``opens`` to ``closes``; the comments come in up to yesterday."""
    services.decision_open_participation(
        decision,
        actor=ctx.shared["users"]["office"],
        opens_on=opens,
        closes_on=closes,
        short_period_reason=reason,
        today=opens - timedelta(days=2),
    )
    last = min(closes, ctx.today - timedelta(days=1))
    for k, content in enumerate(comments):
        day = opens + timedelta(days=((k + 1) * (last - opens).days) // (len(comments) + 1))
        services.comment_submit(
            decision,
            content=content,
            name=person_name(rng) if k % 2 == 0 else "",
            now=ctx.at(max(day, opens), rng.randrange(8, 22), rng.randrange(0, 60)),
        )


def _prepare(ctx: DemoContext, decision: MajorDecision, start: date, *, review: str) -> date:
    """Comment period from ``start`` (30 days), expert, risk and legality review after it;
    ``review``: "completed" or "in_progress" (sent to the reviewer 3 working days ago).
    Returns the day the review's opinion was given (or sent)."""
    office = ctx.shared["users"]["office"]
    closes = start + timedelta(days=30)
    services.decision_close_participation(
        decision,
        actor=office,
        summary=f"公开征求意见30日，收到意见建议{decision.comments.count()}条，"
        "已逐条研究并在方案中作出回应。",
        today=closes + timedelta(days=1),
    )
    expert = add_workdays(closes, 4)
    services.decision_record_expert(
        decision,
        actor=office,
        held_on=expert,
        experts="法律、规划和社会治理领域专家各1名",
        opinion="方案目标明确、措施可行，建议细化实施步骤和资金保障。",
        today=expert,
    )
    risk = add_workdays(expert, 3)
    services.decision_record_risk(
        decision,
        actor=office,
        assessed_on=risk,
        level=MajorDecision.RiskLevel.LOW,
        summary="经社会稳定风险评估，群众支持度较高，风险总体可控，评定为低风险。",
        today=risk,
    )
    received = add_workdays(risk, 2) if review == "completed" else _workdays_before(ctx.today, 3)
    request = services.decision_request_legality_review(
        decision,
        actor=office,
        received_on=received,
        due_on=add_workdays(received, 7),
        reviewer=ctx.shared["users"]["reviewer"],
    )
    if review != "completed":
        return received
    completed = add_workdays(received, 6)
    services.review_request_complete(
        request,
        actor=office,
        opinion="经审查，决策制定主体和程序合法，内容不违反法律法规规定，建议明确资金来源后"
        "提交集体讨论。",
        conclusion=ReviewRequest.Conclusion.APPROVED_WITH_CHANGES,
        completed_on=completed,
        today=completed,
    )
    return completed


def _discuss_and_decide(ctx: DemoContext, decision: MajorDecision, day: date, text: str) -> None:
    users = ctx.shared["users"]
    services.decision_record_discussion(
        decision,
        actor=users["office"],
        discussed_on=day,
        meeting_name="街道党工委会议",
        attendees=[users["leader"], users["office"]],
        head_spoke_last=True,
        discussion_record="与会人员逐项讨论了方案内容、资金安排和实施步骤，党工委书记最后发表意见。",
        today=day,
    )
    services.decision_decide(
        decision, actor=users["office"], decided_on=day, decision_text=text, today=day
    )


@demo_step(order=752)
def reviews_current_decisions(ctx: DemoContext) -> None:
    rng = ctx.rng_for("reviews-decisions")
    office = ctx.shared["users"]["office"]
    today = ctx.today

    # Published: the whole procedure, about seven months ago.
    start = _on_or_before(today - timedelta(days=220))
    parking = _decision(
        ctx,
        "海滨街老旧小区停车秩序综合治理方案",
        "社区建设管理办公室",
        "辖区老旧小区停车位不足、车辆乱停乱放问题突出。方案拟通过挖潜增设车位、错时共享和"
        "居民自治公约相结合的方式治理停车秩序，涉及8个小区约3200户。",
        start.year,
    )
    _consult(
        ctx,
        rng,
        parking,
        start,
        start + timedelta(days=30),
        ["建议优先利用小区边角空地增设车位。", "错时停车要明确收费标准和管理责任。"],
    )
    reviewed = _prepare(ctx, parking, start, review="completed")
    decided = add_workdays(reviewed, 5)
    _discuss_and_decide(
        ctx,
        parking,
        decided,
        "原则通过《海滨街老旧小区停车秩序综合治理方案》，由社区建设管理办公室组织实施。",
    )
    services.decision_publish(
        parking,
        actor=office,
        published_on=add_workdays(decided, 4),
        channel="海滨街道政务公开栏、官方微信公众号",
        today=add_workdays(decided, 4),
    )

    # Decided three working days ago: waiting for publication.
    decided = _workdays_before(today, 3)
    start = _on_or_before(decided - timedelta(days=75))
    market = _decision(
        ctx,
        "海滨街农贸市场提升改造实施方案",
        "经济发展办公室",
        "辖区农贸市场设施陈旧、周边占道经营问题突出。方案拟对市场实施改造提升，规范周边经营秩序。",
        start.year,
    )
    _consult(
        ctx,
        rng,
        market,
        start,
        start + timedelta(days=30),
        ["改造期间请设置临时摊位，方便居民买菜。"],
    )
    _prepare(ctx, market, start, review="completed")
    _discuss_and_decide(
        ctx,
        market,
        decided,
        "原则通过《海滨街农贸市场提升改造实施方案》，由经济发展办公室组织实施。",
    )

    # Reviewed: waiting for the collective discussion.
    start = _on_or_before(today - timedelta(days=70))
    lighting = _decision(
        ctx,
        "海滨街背街小巷照明设施改造方案",
        "社区建设管理办公室",
        "辖区部分背街小巷路灯缺失、损坏，夜间出行不便。方案拟新建和改造路灯约420盏。",
        start.year,
    )
    _consult(
        ctx, rng, lighting, start, start + timedelta(days=30), ["建议采用节能灯具并定期巡检。"]
    )
    _prepare(ctx, lighting, start, review="completed")

    # With the reviewer: the legality review sent three working days ago.
    start = _on_or_before(today - timedelta(days=50))
    elderly = _decision(
        ctx,
        "海滨街居家养老服务补贴实施办法",
        "社会事务办公室",
        "为提升辖区居家养老服务水平，拟对80周岁以上老年人和失能老年人发放居家养老服务补贴。",
        start.year,
    )
    _consult(
        ctx,
        rng,
        elderly,
        start,
        start + timedelta(days=30),
        ["补贴标准建议按失能程度分档。", "希望简化申领手续，可由社区代办。"],
    )
    _prepare(ctx, elderly, start, review="in_progress")

    # Out for comment now: one opened 18 days ago for 30 days, one a few days ago for 14 days.
    opens = today - timedelta(days=18)
    riverside = _decision(
        ctx,
        "海滨街滨河绿道建设方案",
        "社区建设管理办公室",
        "拟沿辖区河道建设长约3.2公里的滨河绿道，配套健身步道、休憩设施和夜间照明，"
        "涉及沿线5个社区居民的出行和休闲。",
        today.year,
    )
    _consult(
        ctx,
        rng,
        riverside,
        opens,
        opens + timedelta(days=30),
        [
            "建议绿道沿线增设公共卫生间和饮水点。",
            "希望夜间照明不要直射临河住宅。",
            "建议设置非机动车道，与步行道分开。",
        ],
    )
    opens = today - timedelta(days=4)
    heating = _decision(
        ctx,
        "海滨街冬季清洁取暖设施改造工作方案",
        "农业农村办公室",
        "拟对东台子村、西台子村等村居尚未完成清洁取暖改造的约260户实施“煤改电”改造。",
        today.year,
    )
    _consult(
        ctx,
        rng,
        heating,
        opens,
        opens + timedelta(days=14),
        ["改造后的电费补贴标准请尽快公布。"],
        reason="采暖期已经开始，改造须尽早实施，经街道党工委研究缩短征求意见期限。",
    )
