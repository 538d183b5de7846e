"""The demo's current year of the leading group: its meetings held up to yesterday.

As in 2020, the year opens with the plenary meeting that sets out the year's work; topical
meetings and the leadership's study before a meeting follow through the year, each on a working
day. Only the meetings whose day has passed are written: a meeting is recorded once held.
"""

from __future__ import annotations

from datetime import date, timedelta

from fazhi.core.demo import DemoContext, demo_step
from fazhi.core.workdays import next_workday
from fazhi.org import services
from fazhi.org.models import LeadingGroup, LeadingGroupMeeting, LeadingGroupMember, User

K = LeadingGroupMeeting.Kind

# (month, day, kind, title, topics): the year's meetings, the year put in the titles.
MEETINGS: list[tuple[int, int, str, str, str]] = [
    (
        1,
        9,
        K.PLENARY,
        "{year}年法治政府建设工作部署会",
        "传达区法治政府建设领导小组会议精神\n研究部署{year}年街道法治政府建设工作要点\n"
        "审议{year}年“谁执法谁普法”责任清单和领导干部学法计划",
    ),
    (
        3,
        13,
        K.TOPICAL,
        "行政执法规范化建设专题会议",
        "听取综合执法大队行政执法“三项制度”落实情况汇报\n研究案件办理期限和法制审核中发现的问题",
    ),
    (
        4,
        24,
        K.STUDY,
        "领导班子会前学法（新修订法律法规）",
        "集体学习本年度新修订法律法规\n研究“民法典宣传月”活动安排",
    ),
    (
        7,
        10,
        K.TOPICAL,
        "上半年法治政府建设工作推进会",
        "通报上半年法治政府建设工作进展\n研究重大行政决策和合法性审查工作\n部署下半年普法重点工作",
    ),
    (
        9,
        18,
        K.TOPICAL,
        "矛盾纠纷排查化解和公共法律服务专题会议",
        "听取人民调解和村居法律顾问工作情况汇报\n研究重点矛盾纠纷化解措施",
    ),
    (
        11,
        20,
        K.STUDY,
        "领导班子会前学法（《宪法》）",
        "集体学习《中华人民共和国宪法》\n研究“12·4”国家宪法日和宪法宣传周活动安排\n"
        "研究法治政府建设年度报告起草分工",
    ),
]


def meeting_days(today: date) -> list[tuple[date, str, str, str]]:
    """The year's meetings held before ``today``: (day, kind, title, topics), each moved to
    the next working day where its day is not one."""
    held = []
    for month, day, kind, title, topics in MEETINGS:
        on = next_workday(date(today.year, month, day) - timedelta(days=1))
        if on < today:
            held.append((on, kind, title.format(year=today.year), topics.format(year=today.year)))
    return held


@demo_step(order=770)
def current_meetings(ctx: DemoContext) -> None:
    rng = ctx.rng_for("org-meetings")
    users: dict[str, User] = ctx.shared["users"]
    leader = users["leader"]
    group: LeadingGroup = ctx.shared["leading_group"]
    for held_on, kind, title, topics in meeting_days(ctx.today):
        seats = LeadingGroupMember.objects.filter(group=group).active_on(held_on)
        members = list(dict.fromkeys(seat.user for seat in seats.select_related("user")))
        attendees = [m for m in members if m == leader or (m.is_active and rng.random() < 0.9)]
        services.meeting_create(
            street=ctx.street,
            actor=users["office"],
            group=group,
            title=title,
            kind=kind,
            held_on=held_on,
            place="街道办事处三楼会议室",
            chaired_by=leader,
            topics=topics,
            attendees=attendees,
            decisions="会议议定事项已形成纪要，由领导小组办公室督办落实。",
        )
