"""A generated street's organisation (``core.generator``): the departments of Haibin's demo,
eight to sixteen villages and communities with their grids and grid workers (a few leave and
are replaced each year), the staff accounts every role needs, the leading group, and its
four meetings a year."""

from __future__ import annotations

import random
from datetime import date, timedelta

from fazhi.audit.models import Action
from fazhi.core.generator import StreetPlan, generator_step
from fazhi.org.demo import DEPARTMENTS, LEADERSHIP
from fazhi.org.models import (
    Department,
    Grid,
    GridWorker,
    LeadingGroup,
    LeadingGroupMeeting,
    LeadingGroupMember,
    LegalReviewPost,
    User,
    Village,
)
from fazhi.org.roles import Role

COMMUNITY_WORDS = (
    "幸福", "光明", "花园", "祥和", "福华", "和平", "建设", "友谊", "新华", "朝阳", "春华",
    "东风", "海韵", "港城", "滨河", "翠园", "丽景", "金桥", "锦绣", "德馨", "桃园", "育才",
    "康宁", "振兴", "安居", "文化", "胜利", "远洋", "蓝湾", "明珠",
)  # fmt: skip
VILLAGE_PARTS = (
    ("东", "西", "南", "北", "前", "后", "大", "小"),
    ("庄", "台", "坨", "沽", "营", "窑"),
)
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马郭袁窦何高林罗宋郑谢韩唐冯董程曹邓"

# Accounts beside the officers, reviewers and grid workers: (key, role, title, department).
STAFF = (
    ("leader", Role.PRINCIPAL_LEADER, "街道党工委书记", "党政办公室"),
    ("office", Role.OFFICE, "司法所所长", "司法所"),
    ("office2", Role.OFFICE, "司法所干事", "司法所"),
    ("staff", Role.DEPARTMENT_STAFF, "社区建设管理办公室干事", "社区建设管理办公室"),
    ("staff2", Role.DEPARTMENT_STAFF, "经济发展办公室干事", "经济发展办公室"),
    ("lawyer", Role.LAWYER, "村居法律顾问", None),
    ("sysadmin", Role.SYSTEM_ADMIN, "系统管理员", "党政办公室"),
    ("secadmin", Role.SECURITY_ADMIN, "安全管理员", "党政办公室"),
    ("auditor", Role.AUDITOR, "审计员", "财政所"),
)
OFFICERS = 8
REVIEWERS = 2
GRIDS_PER_ACCOUNT = 12  # one grid worker in so many has an account and reports by phone
MEETINGS = (
    (1, LeadingGroupMeeting.Kind.PLENARY, "{year}年法治政府建设工作部署会",
     "传达区法治政府建设领导小组会议精神\n研究部署{year}年街道法治政府建设工作要点\n明确各部门“谁执法谁普法”责任清单"),
    (4, LeadingGroupMeeting.Kind.STUDY, "领导班子会前学法",
     "集体学习新修订的法律法规\n研究普法宣传进机关、进社区活动安排"),
    (7, LeadingGroupMeeting.Kind.TOPICAL, "行政执法规范化专题会议",
     "听取上半年行政执法和法制审核情况汇报\n研究重点区域市容环境专项治理工作"),
    (11, LeadingGroupMeeting.Kind.TOPICAL, "法治政府建设年度报告专题会议",
     "审议{year}年法治政府建设情况报告\n研究下一年度工作安排"),
)  # fmt: skip
TURNOVER = 0.04  # grid workers leaving a year


def _account(
    plan: StreetPlan,
    rng: random.Random,
    username: str,
    role: str | None,
    title: str,
    department: Department | None,
    full_name: str = "",
    **fields: object,
) -> User:
    # Generated accounts cannot log in (an unusable password, as set_unusable_password writes
    # it): they are fictitious people. A benchmark logs in with force_login.
    unusable = "!" + "".join(rng.choice("abcdefghijkmnpqrstuvwxyz23456789") for _ in range(40))
    joined = plan.at(plan.founding, 9, rng.randrange(60))
    user = User(
        username=f"{plan.street.slug}_{username}",
        full_name=full_name or plan.person(rng),
        street=plan.street,
        department=department,
        title=title,
        phone=plan.mobile(rng),
        password=unusable,
        must_change_password=True,
        date_joined=joined,
        **fields,
    )
    plan.rows.add(user)
    roles = [role] if role else []
    plan.rows.link(User, "groups", user, [plan.groups[r] for r in roles if r in plan.groups])
    plan.audit_create(user, joined, None, extra={"roles": sorted(roles)})
    plan.shared["users"].setdefault(role or "", []).append(user)
    return user


@generator_step(order=10)
def setup_org(plan: StreetPlan) -> None:
    rng = plan.rng("org")
    rows, founding = plan.rows, plan.founding
    at = plan.at(founding, 9)
    plan.shared["users"] = {}
    departments: dict[str, Department] = {}
    for i, (name, duties) in enumerate(DEPARTMENTS, start=1):
        department = rows.add(
            Department(
                street=plan.street,
                name=name,
                duties=duties,
                sort_order=i,
                head_name=plan.person(rng),
            ),
            at,
        )
        plan.audit_create(department, at, None)
        departments[name] = department
    plan.shared["departments"] = departments

    villages, grids = _villages_and_grids(plan, rng)
    plan.shared["villages"] = villages
    plan.shared["grids"] = grids

    for key, role, title, dept in STAFF:
        _account(plan, rng, key, role, title, departments.get(dept) if dept else None)
    enforcement = departments["综合执法大队"]
    for n in range(1, OFFICERS + 1):
        _account(
            plan,
            rng,
            f"officer{n:02d}",
            Role.ENFORCEMENT_OFFICER,
            "综合执法大队执法队员",
            enforcement,
            enforcement_certificate_no=f"1201{plan.number % 100:02d}{n:02d}{rng.randrange(10**5):05d}",
        )
    for n, dept in enumerate(("公共安全办公室", "司法所")[:REVIEWERS], start=1):
        _account(
            plan,
            rng,
            f"reviewer{n}",
            Role.LEGAL_REVIEWER,
            f"{dept}干事（兼任法制审核）",
            departments[dept],
            legal_qualification=f"A{plan.first_year - 3}1201{plan.number % 100:02d}{rng.randrange(10**6):06d}",
            legal_review_post=LegalReviewPost.PART_TIME,
        )
    accounts = grids[::GRIDS_PER_ACCOUNT]
    for n, grid in enumerate(accounts, start=1):
        _account(
            plan,
            rng,
            f"grid{n:02d}",
            Role.GRID_WORKER,
            "专职网格员",
            departments["综合治理中心"],
            grid=grid,
        )
    _grid_workers(plan, rng, grids)
    _leading_group(plan, rng, departments)


def _villages_and_grids(plan: StreetPlan, rng: random.Random) -> tuple[list[Village], list[Grid]]:
    rows, street = plan.rows, plan.street
    count = rng.randrange(8, 17)
    communities = rng.randrange(count // 3, count - 1)
    names: list[tuple[str, str]] = [
        (f"{word}社区", Village.Kind.COMMUNITY) for word in rng.sample(COMMUNITY_WORDS, communities)
    ]
    taken = {name for name, _ in names}
    while len(names) < count:
        first, last = VILLAGE_PARTS
        name = f"{rng.choice(first)}{rng.choice(SURNAMES)}{rng.choice(last)}村"
        if name not in taken:
            taken.add(name)
            names.append((name, Village.Kind.VILLAGE))
    prefix = f"{street.slug[:2].upper()}{plan.number % 100:02d}"
    villages: list[Village] = []
    grids: list[Grid] = []
    drawn = plan.first_year - 1
    for i, (name, kind) in enumerate(names, start=1):
        established = date(2008, 1, 1) if kind == Village.Kind.VILLAGE else date(2012, 6, 1)
        households = rng.randrange(600, 3200)
        village = rows.add(
            Village(
                street=street,
                name=name,
                kind=kind,
                sort_order=i,
                established_on=established,
                address=plan.address(name),
                households=households,
                population=households * rng.choice((2, 3, 3, 3)),
                phone=f"022-6{plan.number % 1000:03d}{3000 + i:04d}",
            ),
            plan.at(plan.founding, 9),
        )
        plan.audit_create(village, plan.at(plan.founding, 9), None)
        villages.append(village)
        for g in range(1, rng.randrange(3, 10) + 1):
            grid = rows.add(
                Grid(
                    street=street,
                    village=village,
                    code=f"{prefix}-{i:02d}-{g:02d}",
                    name=f"{name}第{g}网格",
                    area_description=f"{name}第{g}片区",
                    established_on=date(drawn, 4, 1),
                ),
                plan.at(plan.founding, 10),
            )
            plan.audit_create(grid, plan.at(plan.founding, 10), None)
            grids.append(grid)
    return villages, grids


def _grid_workers(plan: StreetPlan, rng: random.Random, grids: list[Grid]) -> None:
    """One full-time worker per grid, two or three part-time; each year a few leave and a
    successor starts within three weeks (the leaver's dates and the successor's in the
    audit log as the org services write them)."""
    by_grid = {id(u.grid): u for u in plan.users(Role.GRID_WORKER)}
    office = plan.user(Role.OFFICE)
    start = date(plan.first_year - 1, 4, 1)
    for grid in grids:
        for n in range(rng.choice((3, 3, 4, 4, 4))):
            account = by_grid.get(id(grid)) if n == 0 else None
            started = start + timedelta(days=rng.randrange(0, 200))
            worker = _worker(plan, rng, grid, started, n == 0, account)
            for year in plan.years:
                if account is not None or rng.random() >= TURNOVER:
                    continue
                first, last = plan.year_days(year)
                ended = first + timedelta(days=rng.randrange((last - first).days + 1))
                if ended < worker.started_on:
                    continue
                worker.ended_on = ended
                plan.audit_change(
                    worker,
                    plan.at(ended, 16),
                    office,
                    before={"ended_on": None},
                    after={"ended_on": ended},
                    action=Action.UPDATE,
                )
                worker.updated_at = plan.at(ended, 16)
                successor_day = ended + timedelta(days=rng.randrange(1, 21))
                if successor_day > plan.horizon:
                    break
                worker = _worker(plan, rng, grid, successor_day, n == 0, None, actor=office)


def _worker(
    plan: StreetPlan,
    rng: random.Random,
    grid: Grid,
    started: date,
    full_time: bool,
    account: User | None,
    actor: User | None = None,
) -> GridWorker:
    at = plan.at(max(started, plan.founding), 9) if actor is None else plan.at(started, 9)
    worker = plan.rows.add(
        GridWorker(
            street=plan.street,
            grid=grid,
            name=account.full_name if account else plan.person(rng),
            gender=rng.choice((GridWorker.Gender.MALE, GridWorker.Gender.FEMALE)),
            phone=account.phone if account else plan.mobile(rng),
            kind=GridWorker.Kind.FULL_TIME if full_time else GridWorker.Kind.PART_TIME,
            started_on=started,
            user=account,
        ),
        at,
    )
    plan.audit_create(worker, at, actor, frozen=True)
    return worker


def _leading_group(
    plan: StreetPlan, rng: random.Random, departments: dict[str, Department]
) -> None:
    rows, street = plan.rows, plan.street
    founded = date(plan.first_year - 1, 3, 15)
    at = plan.at(plan.founding, 11)
    group = rows.add(
        LeadingGroup(
            street=street,
            name=f"{street.name}法治政府建设领导小组",
            established_on=founded,
            document_no=f"{street.name}党工委〔{founded.year}〕{rng.randrange(3, 20)}号",
            office_location="司法所",
            duties="统筹推进街道法治政府建设，研究解决依法行政中的重大问题，督促落实年度工作任务。",
        ),
        at,
    )
    plan.audit_create(group, at, None)
    plan.shared["leading_group"] = group
    seats = [
        (plan.user(Role.PRINCIPAL_LEADER), LeadingGroupMember.Position.LEADER, "街道党工委书记")
    ]
    for n, (position, title) in enumerate(LEADERSHIP, start=1):
        member = _account(plan, rng, f"lead{n:02d}", None, title, departments["党政办公室"])
        seats.append((member, position, title))
    seats.append(
        (plan.user(Role.OFFICE), LeadingGroupMember.Position.OFFICE_DIRECTOR, "司法所所长")
    )
    for n, name in enumerate(
        ("公共安全办公室", "综合执法大队", "社区建设管理办公室", "经济发展办公室"), 1
    ):
        head = _account(
            plan, rng, f"head{n:02d}", Role.DEPARTMENT_STAFF, f"{name}负责人", departments[name]
        )
        seats.append((head, LeadingGroupMember.Position.OFFICE_MEMBER, f"{name}负责人"))
    members = []
    for user, position, title in seats:
        seat = rows.add(
            LeadingGroupMember(
                street=street,
                group=group,
                user=user,
                position=position,
                title=title,
                appointed_on=founded,
            ),
            at,
        )
        plan.audit_create(seat, at, None)
        members.append(seat)
    plan.shared["leading_group_members"] = members


@generator_step(order=10, per_year=True)
def org_year(plan: StreetPlan, year: int) -> None:
    """The leading group's four meetings of the year (those up to the horizon)."""
    rng = plan.rng("org", year)
    group = plan.shared["leading_group"]
    members = plan.shared["leading_group_members"]
    leader = plan.user(Role.PRINCIPAL_LEADER)
    office = plan.user(Role.OFFICE)
    workdays = plan.workdays(year)
    for month, kind, title, topics in MEETINGS:
        days = [d for d in workdays if d.month == month]
        if not days:
            continue
        held = rng.choice(days)
        at = plan.at(held, 17)
        meeting = plan.rows.add(
            LeadingGroupMeeting(
                street=plan.street,
                group=group,
                title=title.format(year=year),
                kind=kind,
                held_on=held,
                place="街道办事处三楼会议室",
                chaired_by=leader,
                topics=topics.format(year=year),
                decisions="会议议定事项已形成纪要，由领导小组办公室督办落实。",
            ),
            at,
        )
        attendees = [m.user for m in members if m.position == "leader" or rng.random() < 0.9]
        plan.rows.link(LeadingGroupMeeting, "attendees", meeting, attendees)
        plan.audit_create(meeting, at, office, extra={"attendees": sorted(u.pk for u in attendees)})
