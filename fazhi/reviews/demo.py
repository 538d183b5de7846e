"""Haibin Street's legality reviews in 2020: the standing adviser of 天津勤达律师事务所 reviewed
15 contracts and project agreements, and one major decision went through the whole procedure
while a second was out for public comment when the report was written."""

from __future__ import annotations

import datetime
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from fazhi.core.demo import DemoContext, demo_step
from fazhi.core.workdays import add_workdays, is_workday, next_workday
from fazhi.legal_services.demo import STANDING_FIRM
from fazhi.reviews import services
from fazhi.reviews.models import MajorDecision, ReviewRequest

# (title, kind, department, counterparty, amount, conclusion, fate)
REVIEWED = [
    (
        "海滨街道办事处2020年度物业服务采购合同",
        ReviewRequest.Kind.CONTRACT,
        "党政办公室",
        "天津市滨海新区海兴物业服务有限公司",
        "186000",
        "approved",
        "adopted",
    ),
    (
        "港西新城社区道路维修工程施工合同",
        ReviewRequest.Kind.CONTRACT,
        "社区建设管理办公室",
        "天津市港建市政工程有限公司",
        "423500",
        "approved_with_changes",
        "amended",
    ),
    (
        "幸福路沿街立面整治项目协议",
        ReviewRequest.Kind.AGREEMENT,
        "综合执法大队",
        "天津市滨海新区城市建设投资有限公司",
        "1280000",
        "approved_with_changes",
        "amended",
    ),
    (
        "疫情防控物资采购合同（口罩、消毒液）",
        ReviewRequest.Kind.CONTRACT,
        "社会事务办公室",
        "天津市海宁医疗器械有限公司",
        "98600",
        "approved",
        "adopted",
    ),
    (
        "东台子村集体土地租赁合同",
        ReviewRequest.Kind.CONTRACT,
        "农业农村办公室",
        "天津市鑫农农业发展有限公司",
        "360000",
        "approved_with_changes",
        "amended",
    ),
    (
        "祥和市场经营管理委托协议",
        ReviewRequest.Kind.AGREEMENT,
        "经济发展办公室",
        "天津市祥和市场管理有限公司",
        "",
        "approved",
        "adopted",
    ),
    (
        "街道网格化管理信息系统运维服务合同",
        ReviewRequest.Kind.CONTRACT,
        "综合治理中心",
        "天津市智网科技有限公司",
        "152000",
        "approved",
        "adopted",
    ),
    (
        "光明大道绿化养护服务合同",
        ReviewRequest.Kind.CONTRACT,
        "社区建设管理办公室",
        "天津市绿源园林绿化工程有限公司",
        "264000",
        "approved",
        "adopted",
    ),
    (
        "西台子村文化广场建设项目协议",
        ReviewRequest.Kind.AGREEMENT,
        "农业农村办公室",
        "天津市港城建设工程有限公司",
        "890000",
        "rejected",
        "abandoned",
    ),
    (
        "花园路垃圾分类设施采购合同",
        ReviewRequest.Kind.CONTRACT,
        "社区建设管理办公室",
        "天津市洁美环保设备有限公司",
        "73500",
        "approved",
        "adopted",
    ),
    (
        "老旧小区改造项目代建协议",
        ReviewRequest.Kind.AGREEMENT,
        "社区建设管理办公室",
        "天津市滨海新区城市建设投资有限公司",
        "5600000",
        "approved_with_changes",
        "amended",
    ),
    (
        "街道机关食堂餐饮服务合同",
        ReviewRequest.Kind.CONTRACT,
        "党政办公室",
        "天津市康膳餐饮管理有限公司",
        "210000",
        "approved",
        "adopted",
    ),
    (
        "马棚口村渔港码头租赁合同",
        ReviewRequest.Kind.CONTRACT,
        "农业农村办公室",
        "天津市渤海渔业合作社",
        "120000",
        "approved_with_changes",
        "amended",
    ),
    (
        "社区养老服务驿站委托运营协议",
        ReviewRequest.Kind.AGREEMENT,
        "社会事务办公室",
        "天津市福寿康养老服务有限公司",
        "300000",
        "approved",
        "adopted",
    ),
    (
        "街道法治文化广场宣传栏制作安装合同",
        ReviewRequest.Kind.CONTRACT,
        "司法所",
        "天津市博文广告有限公司",
        "46800",
        "approved",
        "adopted",
    ),
]

OPINIONS = {
    "approved": "经审查，合同主体适格，内容符合法律法规规定，权利义务约定明确，同意签订。",
    "approved_with_changes": "经审查，合同总体合法，但违约责任、验收标准和争议解决条款约定不明，"
    "建议按审查意见修改后签订。",
    "rejected": "经审查，该项目未履行政府采购程序，协议约定的付款方式存在较大风险，不同意签订。",
}


@demo_step(order=40)
def load_reviews(ctx: DemoContext) -> None:
    rng, street = ctx.rng, ctx.street
    office = ctx.shared["users"]["office"]
    departments = ctx.shared["departments"]
    adviser = ctx.shared["lawyers"][STANDING_FIRM][0]
    days = [
        date(2020, 1, 6) + timedelta(days=(n * 255) // len(REVIEWED)) for n in range(len(REVIEWED))
    ]
    for n, (title, kind, dept, counterparty, amount, conclusion, fate) in enumerate(REVIEWED):
        received = _workday_on_or_after(days[n])
        request = services.review_request_create(
            street=street,
            actor=office,
            title=title,
            kind=kind,
            department=departments[dept],
            counterparty=counterparty,
            amount=Decimal(amount) if amount else None,
            received_on=received,
            due_on=add_workdays(received, 5),
            adviser=ctx.shared["lawyers"][STANDING_FIRM][n % 2],
        )
        completed = add_workdays(received, rng.choice([2, 3, 4, 5]))
        services.review_request_complete(
            request,
            actor=office,
            opinion=OPINIONS[conclusion],
            conclusion=conclusion,
            completed_on=completed,
            today=completed,
        )
        services.review_request_set_fate(
            request,
            actor=office,
            fate=fate,
            fate_note={
                "adopted": "已按原文本签订。",
                "amended": "已按审查意见修改后签订。",
                "abandoned": "送审部门决定不再签订。",
            }[fate],
        )
    # Under review when the report was written: not yet counted.
    services.review_request_create(
        street=street,
        actor=office,
        title="海滨街道办事处法律顾问服务采购合同（2021年度）",
        kind=ReviewRequest.Kind.CONTRACT,
        department=departments["党政办公室"],
        counterparty=STANDING_FIRM,
        received_on=date(2020, 9, 24),
        due_on=add_workdays(date(2020, 9, 24), 5),
        adviser=adviser,
    )
    _load_major_decisions(ctx)


def _workday_on_or_after(day: date) -> date:
    return day if is_workday(day) else next_workday(day)


def _at(day: date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _load_major_decisions(ctx: DemoContext) -> None:
    rng, street = ctx.rng, ctx.street
    office = ctx.shared["users"]["office"]
    users = ctx.shared["users"]
    departments = ctx.shared["departments"]
    adviser = ctx.shared["lawyers"][STANDING_FIRM][0]

    renovation = services.decision_create(
        street=street,
        actor=office,
        title="海滨街老旧小区综合整治提升实施方案",
        department=departments["社区建设管理办公室"],
        background="辖区港西新城、福华里等老旧小区建成年代较早，道路破损、管网老化、停车难等"
        "问题突出。方案拟对12个小区实施道路、管网、绿化、停车设施综合整治，涉及居民约4800户。",
        catalogue_year=2020,
    )
    services.decision_open_participation(
        renovation,
        actor=office,
        opens_on=date(2020, 4, 1),
        closes_on=date(2020, 5, 6),
        today=date(2020, 3, 30),
    )
    for text in (
        "建议增加小区充电桩建设，解决电动自行车充电难问题。",
        "施工期间请合理安排时间，避免影响居民休息。",
        "希望同步改造雨污管网，彻底解决雨天积水问题。",
    ):
        services.comment_submit(
            renovation, content=text, now=_at(date(2020, 4, rng.randrange(3, 28)), 20)
        )
    services.decision_close_participation(
        renovation,
        actor=office,
        summary="公开征求意见35日，收到意见建议3条，采纳2条（增设充电桩、同步改造雨污管网），"
        "施工时间安排意见纳入施工组织方案。",
        today=date(2020, 5, 7),
    )
    services.decision_record_expert(
        renovation,
        actor=office,
        held_on=date(2020, 5, 12),
        experts="市政工程、城市规划、社会治理领域专家各1名",
        opinion="方案技术路线可行，建议分期实施并优先改造排水设施。",
    )
    services.decision_record_risk(
        renovation,
        actor=office,
        assessed_on=date(2020, 5, 15),
        level=MajorDecision.RiskLevel.LOW,
        summary="经社会稳定风险评估，方案群众支持度高，施工扰民风险可控，评定为低风险。",
    )
    review = services.decision_request_legality_review(
        renovation,
        actor=office,
        received_on=date(2020, 5, 18),
        due_on=add_workdays(date(2020, 5, 18), 7),
        adviser=adviser,
        reviewer=users["reviewer"],
    )
    services.review_request_complete(
        review,
        actor=office,
        opinion="经审查，方案制定主体和程序合法，内容不违反法律法规规定，建议明确资金来源和"
        "施工安全责任后提交集体讨论。",
        conclusion=ReviewRequest.Conclusion.APPROVED_WITH_CHANGES,
        completed_on=date(2020, 5, 27),
        today=date(2020, 5, 27),
    )
    services.decision_record_discussion(
        renovation,
        actor=office,
        discussed_on=date(2020, 6, 3),
        meeting_name="街道党工委会议",
        attendees=[users["leader"], users["office"]],
        head_spoke_last=True,
        discussion_record="与会人员逐项讨论了整治范围、资金安排和施工组织，党工委书记最后发表意见。",
        dissent="1名与会人员建议将福华里社区列入第二期实施，已记录在案。",
    )
    services.decision_decide(
        renovation,
        actor=office,
        decided_on=date(2020, 6, 3),
        decision_text="原则通过《海滨街老旧小区综合整治提升实施方案》，由社区建设管理办公室组织实施。",
    )
    services.decision_publish(
        renovation,
        actor=office,
        published_on=date(2020, 6, 10),
        channel="海滨街道政务公开栏、官方微信公众号",
    )

    environment = services.decision_create(
        street=street,
        actor=office,
        title="2021年海滨街农村人居环境整治工作方案",
        department=departments["农业农村办公室"],
        background="拟对东台子村、西台子村等6个村的垃圾收运、厕所改造和村容村貌开展整治。",
        catalogue_year=2020,
    )
    # Out for comment when the report was written (2020年9月28日).
    services.decision_open_participation(
        environment,
        actor=office,
        opens_on=date(2020, 9, 14),
        closes_on=date(2020, 10, 19),
        today=date(2020, 9, 11),
    )
