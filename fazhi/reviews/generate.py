"""A generated street's legality reviews (``core.generator``): each year some twenty contracts,
project agreements, normative documents and other papers sent to the standing adviser (a few
withdrawn, the last ones still under review at the horizon), and one major decision taken
through the whole procedure — public comment, experts, risk, legality review, collective
discussion, decision, publication, archive — with the dates in the order the services require."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from fazhi.core.generator import StreetPlan, generator_step
from fazhi.legal_services.models import Lawyer
from fazhi.org.models import Department, User
from fazhi.org.roles import Role
from fazhi.reviews.demo import OPINIONS
from fazhi.reviews.models import (
    MIN_LEGALITY_REVIEW_WORKDAYS,
    MajorDecision,
    PublicComment,
    ReviewRequest,
)

# (title, kind, department, counterparty, amount low, amount high)
PAPERS = (
    ("物业服务采购合同", ReviewRequest.Kind.CONTRACT, "党政办公室", "物业服务有限公司", 100, 300),
    ("道路维修工程施工合同", ReviewRequest.Kind.CONTRACT, "社区建设管理办公室", "市政工程有限公司", 200, 800),
    ("沿街立面整治项目协议", ReviewRequest.Kind.AGREEMENT, "综合执法大队", "城市建设投资有限公司", 500, 2000),
    ("集体土地租赁合同", ReviewRequest.Kind.CONTRACT, "农业农村办公室", "农业发展有限公司", 100, 500),
    ("市场经营管理委托协议", ReviewRequest.Kind.AGREEMENT, "经济发展办公室", "市场管理有限公司", 0, 0),
    ("网格化管理信息系统运维服务合同", ReviewRequest.Kind.CONTRACT, "综合治理中心", "科技有限公司", 80, 200),
    ("绿化养护服务合同", ReviewRequest.Kind.CONTRACT, "社区建设管理办公室", "园林绿化工程有限公司", 100, 300),
    ("文化广场建设项目协议", ReviewRequest.Kind.AGREEMENT, "农业农村办公室", "建设工程有限公司", 300, 1200),
    ("垃圾分类设施采购合同", ReviewRequest.Kind.CONTRACT, "社区建设管理办公室", "环保设备有限公司", 50, 150),
    ("老旧小区改造项目代建协议", ReviewRequest.Kind.AGREEMENT, "社区建设管理办公室", "城市建设投资有限公司", 2000, 8000),
    ("机关食堂餐饮服务合同", ReviewRequest.Kind.CONTRACT, "党政办公室", "餐饮管理有限公司", 150, 300),
    ("养老服务驿站委托运营协议", ReviewRequest.Kind.AGREEMENT, "社会事务办公室", "养老服务有限公司", 200, 400),
    ("法治宣传栏制作安装合同", ReviewRequest.Kind.CONTRACT, "司法所", "广告有限公司", 20, 80),
    ("关于规范村级集体资金管理的实施意见", ReviewRequest.Kind.NORMATIVE, "农业农村办公室", "", 0, 0),
    ("门前三包责任制管理办法", ReviewRequest.Kind.NORMATIVE, "综合执法大队", "", 0, 0),
    ("信访事项处理答复意见书", ReviewRequest.Kind.OTHER, "党政办公室", "", 0, 0),
)  # fmt: skip
COMPANY_WORDS = (
    "海兴",
    "港建",
    "鑫农",
    "智网",
    "绿源",
    "洁美",
    "康膳",
    "福寿",
    "博文",
    "渤海",
    "华泰",
    "宏达",
)
DECISIONS = (
    ("老旧小区综合整治提升实施方案", "社区建设管理办公室",
     "辖区部分老旧小区道路破损、管网老化、停车难等问题突出，方案拟对道路、管网、绿化、停车设施综合整治。"),
    ("农村人居环境整治工作方案", "农业农村办公室",
     "拟对辖区各村的垃圾收运、厕所改造和村容村貌开展整治。"),
    ("背街小巷市容环境提升方案", "综合执法大队",
     "拟对辖区背街小巷的路面、照明、绿化和沿街立面进行整治，规范沿街经营秩序。"),
    ("社区养老服务设施建设方案", "社会事务办公室",
     "拟在辖区社区新建养老服务驿站，提供日间照料、助餐和康复服务。"),
)  # fmt: skip
FATES = {
    "approved": ("adopted", "已按原文本签订或施行。"),
    "approved_with_changes": ("amended", "已按审查意见修改后签订或施行。"),
    "rejected": ("abandoned", "送审部门决定不再签订或施行。"),
}


@generator_step(order=40, per_year=True)
def reviews_year(plan: StreetPlan, year: int) -> None:
    rng = plan.rng("reviews", year)
    _requests(plan, rng, year)
    _major_decision(plan, rng, year)


def _requests(plan: StreetPlan, rng: random.Random, year: int) -> None:
    departments: dict[str, Department] = plan.shared["departments"]
    advisers: list[Lawyer] = plan.shared["standing_lawyers"]
    office = plan.user(Role.OFFICE)
    days = plan.workdays(year)
    count = min(plan.times(rng, 20.0), len(days))
    for received in sorted(rng.sample(days, count)):
        title, kind, dept, counterparty, low, high = rng.choice(PAPERS)
        sender = office  # entered by the office for the department, as in the demo
        at = plan.at(received, 10)
        due = plan.add_workdays(received, 5)
        if due == date.max:
            continue
        request = plan.rows.add(
            ReviewRequest(
                street=plan.street,
                title=f"{plan.street.name}{year}年度{title}"
                if kind != ReviewRequest.Kind.NORMATIVE
                else f"{plan.street.name}{title}",
                kind=kind,
                department=departments[dept],
                requested_by=sender,
                counterparty=f"天津市{rng.choice(COMPANY_WORDS)}{counterparty}"
                if counterparty
                else "",
                amount=Decimal(rng.randrange(low, high + 1) * 1000) if high else None,
                received_on=received,
                due_on=due,
                adviser=rng.choice(advisers),
                status=ReviewRequest.Status.IN_REVIEW,
            ),
            at,
        )
        plan.audit_create(request, at, sender, frozen=True)
        if rng.random() < 0.04:
            withdrawn = plan.add_workdays(received, 1)
            if withdrawn <= plan.horizon:
                plan.change(request, plan.at(withdrawn, 15), sender,
                            {"status": ReviewRequest.Status.WITHDRAWN, "withdraw_reason": "送审部门调整合作方案，撤回送审。"})  # fmt: skip
            continue
        completed = plan.add_workdays(received, rng.choice((2, 3, 4, 5, 5, 6)))
        if completed > plan.horizon:
            continue  # still with the adviser at the horizon
        roll = rng.random()
        conclusion = (
            "approved" if roll < 0.55 else "approved_with_changes" if roll < 0.93 else "rejected"
        )
        plan.change(
            request,
            plan.at(completed, 16),
            office,
            {
                "status": ReviewRequest.Status.COMPLETED,
                "opinion": OPINIONS[conclusion],
                "conclusion": conclusion,
                "completed_on": completed,
            },
            extra={"overdue": completed > due},
        )
        settled = completed + timedelta(days=rng.randrange(3, 20))
        if settled <= plan.horizon:
            fate, note = FATES[conclusion]
            plan.change(request, plan.at(settled, 11), office, {"fate": fate, "fate_note": note})


def _major_decision(plan: StreetPlan, rng: random.Random, year: int) -> None:
    """One decision of the year through the whole procedure, as far as the horizon allows."""
    if rng.random() >= min(1.0, plan.scale * 1.2):
        return
    office = plan.user(Role.OFFICE)
    leader = plan.user(Role.PRINCIPAL_LEADER)
    reviewer = plan.user(Role.LEGAL_REVIEWER)
    adviser: Lawyer = plan.shared["standing_lawyers"][0]
    departments: dict[str, Department] = plan.shared["departments"]
    title, dept, background = DECISIONS[(year + plan.number) % len(DECISIONS)]
    horizon = plan.horizon
    created = date(year, 2, 10) + timedelta(days=rng.randrange(30))
    if created > horizon:
        return
    at = plan.at(created, 10)
    decision = plan.rows.add(
        MajorDecision(
            street=plan.street,
            title=f"{year}年{plan.street.name}{title}",
            department=departments[dept],
            background=background,
            catalogue_year=year,
            status=MajorDecision.Status.DRAFTING,
        ),
        at,
    )
    plan.audit_create(decision, at, office, frozen=True)

    opens = created + timedelta(days=rng.randrange(10, 25))
    closes = opens + timedelta(days=rng.randrange(30, 40))
    if opens > horizon:
        return
    plan.change(decision, plan.at(opens - timedelta(days=2), 10), office,
                {"status": MajorDecision.Status.CONSULTING, "comment_opens_on": opens,
                 "comment_closes_on": closes, "short_period_reason": "", "participation_summary": ""},
                extra={"days": (closes - opens).days})  # fmt: skip
    comments = 0
    for text in (
        "建议施工期间合理安排时间，避免影响居民休息。",
        "希望同步改造雨污管网，彻底解决雨天积水问题。",
        "建议增加充电设施，解决电动自行车充电难问题。",
        "建议公开资金使用情况，接受居民监督。",
    ):
        moment = plan.at(
            opens + timedelta(days=rng.randrange(1, (closes - opens).days)), 20, rng.randrange(60)
        )
        if moment.date() > horizon or rng.random() < 0.3:
            continue
        comment = plan.rows.add(
            PublicComment(
                decision=decision,
                submitted_at=moment,
                name=plan.person(rng) if rng.random() < 0.6 else "",
                content=text,
            )
        )
        plan.audit_create(
            comment, moment, None, resident=True, object_repr=f"{decision.title}：{text[:20]}"
        )
        comments += 1
    summary_day = closes + timedelta(days=1)
    if summary_day > horizon:
        return
    plan.change(decision, plan.at(summary_day, 10), office,
                {"status": MajorDecision.Status.DRAFTING,
                 "participation_summary": f"公开征求意见{(closes - opens).days}日，收到意见建议{comments}条，合理意见已吸收采纳。"})  # fmt: skip
    expert = summary_day + timedelta(days=rng.randrange(3, 8))
    risk = expert + timedelta(days=rng.randrange(2, 6))
    if risk > horizon:
        return
    plan.change(decision, plan.at(expert, 15), office,
                {"expert_held_on": expert, "experts": "工程、规划、社会治理领域专家各1名",
                 "expert_opinion": "方案技术路线可行，建议分期实施。"})  # fmt: skip
    plan.change(decision, plan.at(risk, 15), office,
                {"risk_assessed_on": risk, "risk_level": MajorDecision.RiskLevel.LOW,
                 "risk_summary": "经社会稳定风险评估，群众支持度高，风险可控，评定为低风险。"})  # fmt: skip
    received = plan.add_workdays(risk, 1)
    due = plan.add_workdays(received, MIN_LEGALITY_REVIEW_WORKDAYS)
    if due > horizon:
        return
    at = plan.at(received, 10)
    review = plan.rows.add(
        ReviewRequest(
            street=plan.street,
            title=f"“{decision.title}”合法性审查"[:200],
            kind=ReviewRequest.Kind.MAJOR_DECISION,
            department=decision.department,
            requested_by=office,
            received_on=received,
            due_on=due,
            adviser=adviser,
            reviewer=reviewer,
            major_decision=decision,
            status=ReviewRequest.Status.IN_REVIEW,
        ),
        at,
    )
    plan.audit_create(review, at, office, frozen=True)
    completed = plan.add_workdays(received, rng.randrange(4, MIN_LEGALITY_REVIEW_WORKDAYS + 1))
    if completed > horizon:
        return
    plan.change(review, plan.at(completed, 16), office,
                {"status": ReviewRequest.Status.COMPLETED, "conclusion": "approved_with_changes",
                 "completed_on": completed,
                 "opinion": "经审查，方案制定主体和程序合法，内容不违反法律法规规定，建议明确资金来源后提交集体讨论。"},
                extra={"overdue": False})  # fmt: skip
    plan.change(
        decision, plan.at(completed, 16, 5), office, {"status": MajorDecision.Status.DISCUSSION}
    )
    discussed = plan.add_workdays(completed, rng.randrange(2, 8))
    if discussed > horizon:
        return
    attendees: list[User] = [leader, office, *plan.users(Role.DEPARTMENT_STAFF)[:2]]
    plan.change(decision, plan.at(discussed, 9), office,
                {"status": MajorDecision.Status.DISCUSSION, "discussed_on": discussed,
                 "meeting_name": "街道党工委会议", "head_spoke_last": True,
                 "discussion_record": "与会人员逐项讨论了实施范围、资金安排和组织实施，党工委书记最后发表意见。",
                 "dissent": "", "head_differs_reason": ""},
                m2m={"attendees": attendees})  # fmt: skip
    plan.change(decision, plan.at(discussed, 11), office,
                {"status": MajorDecision.Status.DECIDED, "decided_on": discussed,
                 "decision_text": f"原则通过《{decision.title}》，由{decision.department.name}组织实施。"})  # fmt: skip
    published = discussed + timedelta(days=rng.randrange(3, 10))
    if published > horizon:
        return
    plan.change(decision, plan.at(published, 10), office,
                {"status": MajorDecision.Status.PUBLISHED, "published_on": published,
                 "publication_channel": "街道政务公开栏、官方微信公众号"})  # fmt: skip
    archived = published + timedelta(days=rng.randrange(20, 60))
    if archived <= horizon:
        plan.change(decision, plan.at(archived, 10), office,
                    {"status": MajorDecision.Status.ARCHIVED, "archived_on": archived})  # fmt: skip
