"""Haibin Street as of 2020: departments, villages, 72 grids, 263 grid workers, the leading
group and its meetings, and one demo account per role."""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from typing import Any

from fazhi.core.demo import DEMO_PASSWORD, DemoAccount, DemoContext, demo_step, mobile, person_name
from fazhi.org import services
from fazhi.org.models import (
    District,
    GridWorker,
    LeadingGroupMeeting,
    LeadingGroupMember,
    LegalReviewPost,
    User,
    Village,
)
from fazhi.org.roles import Role

DEPARTMENTS = [
    ("党政办公室", "负责街道党工委、办事处日常运转、公文和会议组织。"),
    ("公共安全办公室", "负责社会治安综合治理、安全生产、法制审核等工作。"),
    ("综合执法大队", "负责辖区市容环境、占道经营、违法建设等行政执法。"),
    ("司法所", "负责人民调解、法治宣传、公共法律服务和法律顾问工作，承担领导小组办公室日常工作。"),
    ("社区建设管理办公室", "负责社区建设、网格化管理和居民自治。"),
    ("经济发展办公室", "负责辖区经济发展、招商引资和合同管理。"),
    ("农业农村办公室", "负责农村集体经济、农业生产和村务管理。"),
    ("社会事务办公室", "负责民政、社会保障、退役军人服务等工作。"),
    ("综合治理中心", "负责网格巡查、矛盾纠纷排查化解和12345热线转办。"),
    ("财政所", "负责街道财政预算、国有资产和政府采购。"),
]

# (name, kind, number of grids): 13 villages and communities, 72 grids in all.
VILLAGES = [
    ("港西新城社区", Village.Kind.COMMUNITY, 9),
    ("幸福路社区", Village.Kind.COMMUNITY, 7),
    ("光明社区", Village.Kind.COMMUNITY, 7),
    ("花园路社区", Village.Kind.COMMUNITY, 6),
    ("祥和社区", Village.Kind.COMMUNITY, 6),
    ("海滨第一社区", Village.Kind.COMMUNITY, 6),
    ("福华里社区", Village.Kind.COMMUNITY, 5),
    ("东台子村", Village.Kind.VILLAGE, 5),
    ("西台子村", Village.Kind.VILLAGE, 5),
    ("窦庄子村", Village.Kind.VILLAGE, 4),
    ("刘岗庄村", Village.Kind.VILLAGE, 4),
    ("袁家庄村", Village.Kind.VILLAGE, 4),
    ("马棚口村", Village.Kind.VILLAGE, 4),
]

GRID_WORKERS_TOTAL = 263

# The street on the map (north up): a lattice of 9 × 8 cells over Haibin Street, Dagang, each
# cell one grid; the letter is the village's place in VILLAGES (A = 港西新城社区 … M = 马棚口村).
# The communities lie in the town to the north and middle, the villages around them; each
# village is one contiguous block, its grids numbered west to east, north to south.
MAP_ROWS = (
    "IIAAABBHH",
    "IIAAABBHH",
    "IJAAABCCH",
    "JJFFBBCCC",
    "JFFDDEECC",
    "KFFDDEEGG",
    "KKLDDEEGG",
    "KLLLMMMMG",
)
MAP_WEST, MAP_EAST = 117.45, 117.55
MAP_NORTH, MAP_SOUTH = 38.88, 38.80
# Relative column widths and row heights: the town's grids smaller, the villages' fields wider.
MAP_COLUMNS = (1.4, 1.15, 0.9, 0.85, 0.85, 0.85, 0.9, 1.1, 1.35)
MAP_HEIGHTS = (0.85, 0.8, 0.8, 0.85, 0.9, 1.0, 1.25, 1.55)

# (username, role, full name, title, department); the leader heads the leading group.
ACCOUNTS = [
    ("leader", Role.PRINCIPAL_LEADER, "街道党工委书记", "党政办公室"),
    ("office", Role.OFFICE, "司法所所长", "司法所"),
    ("staff", Role.DEPARTMENT_STAFF, "社区建设管理办公室干事", "社区建设管理办公室"),
    ("officer", Role.ENFORCEMENT_OFFICER, "综合执法大队执法队员", "综合执法大队"),
    ("officer2", Role.ENFORCEMENT_OFFICER, "综合执法大队执法队员", "综合执法大队"),
    ("reviewer", Role.LEGAL_REVIEWER, "公共安全办公室综治干事（兼任法制审核）", "公共安全办公室"),
    ("gridworker", Role.GRID_WORKER, "专职网格员", "综合治理中心"),
    ("lawyer", Role.LAWYER, "村居法律顾问", None),
    ("sysadmin", Role.SYSTEM_ADMIN, "系统管理员", "党政办公室"),
    ("secadmin", Role.SECURITY_ADMIN, "安全管理员", "党政办公室"),
    ("auditor", Role.AUDITOR, "审计员", "财政所"),
]

LEADERSHIP = [  # (position, title) of the other leading-group members
    (LeadingGroupMember.Position.DEPUTY, "街道办事处主任"),
    (LeadingGroupMember.Position.DEPUTY, "街道党工委副书记"),
    (LeadingGroupMember.Position.MEMBER, "街道党工委委员、武装部部长"),
    (LeadingGroupMember.Position.MEMBER, "街道办事处副主任（分管政法）"),
    (LeadingGroupMember.Position.MEMBER, "街道办事处副主任（分管城管）"),
    (LeadingGroupMember.Position.MEMBER, "街道党工委委员、纪工委书记"),
    (LeadingGroupMember.Position.MEMBER, "街道办事处副主任（分管经济）"),
]

MEETINGS = [
    (
        date(2020, 1, 10),
        LeadingGroupMeeting.Kind.PLENARY,
        "2020年法治政府建设工作部署会",
        "传达区法治政府建设领导小组会议精神\n研究部署2020年街道法治政府建设工作要点\n明确各部门“谁执法谁普法”责任清单",
    ),
    (
        date(2020, 3, 6),
        LeadingGroupMeeting.Kind.TOPICAL,
        "疫情防控法治保障专题会议",
        "研究疫情防控期间依法防控、普法宣传工作\n部署公共法律服务转为电话、微信咨询",
    ),
    (
        date(2020, 6, 12),
        LeadingGroupMeeting.Kind.STUDY,
        "领导班子会前学法（《民法典》）",
        "集体学习《中华人民共和国民法典》\n研究《民法典》宣讲进机关活动安排",
    ),
    (
        date(2020, 8, 21),
        LeadingGroupMeeting.Kind.TOPICAL,
        "“七五”普法验收工作推进会",
        "听取“七五”普法工作总结\n审议普法展示录和汇报视频方案\n研究法治政府建设年度报告起草分工",
    ),
]


def _cuts(start: float, end: float, weights: tuple[float, ...]) -> list[float]:
    total = sum(weights)
    cuts, at = [start], start
    for w in weights:
        at += (end - start) * w / total
        cuts.append(at)
    return cuts


def grid_boundaries() -> dict[str, dict[str, Any]]:
    """Haibin's 72 grids as adjoining polygons, by grid code (HB-01-01 …), from ``MAP_ROWS``.

    A lattice whose corners are moved a little, each side bent at a midpoint: neighbours share
    their corners and midpoints exactly, so the grids tile the street without gaps or overlaps.
    A generator of its own keeps the shapes the same on every run without touching the draws
    of the rest of the demo.
    """
    rng = random.Random("haibin-grid-boundaries")
    ncols, nrows = len(MAP_COLUMNS), len(MAP_HEIGHTS)
    xs = _cuts(MAP_WEST, MAP_EAST, MAP_COLUMNS)
    ys = _cuts(MAP_NORTH, MAP_SOUTH, MAP_HEIGHTS)  # north to south: decreasing latitude
    width = [xs[i + 1] - xs[i] for i in range(ncols)]
    height = [ys[j] - ys[j + 1] for j in range(nrows)]

    def near(values: list[float], i: int) -> float:
        """The smaller of the spans on either side of lattice line ``i``."""
        return min(values[k] for k in (i - 1, i) if 0 <= k < len(values))

    def shake(span: float, share: float) -> float:
        return rng.uniform(-share, share) * span

    corner = {
        (i, j): (xs[i] + shake(near(width, i), 0.2), ys[j] + shake(near(height, j), 0.2))
        for j in range(nrows + 1)
        for i in range(ncols + 1)
    }
    # Midpoints of the sides: across (between corners (i, j) and (i + 1, j)) and down.
    across = {}
    for j in range(nrows + 1):
        for i in range(ncols):
            (x0, y0), (x1, y1) = corner[(i, j)], corner[(i + 1, j)]
            across[(i, j)] = (
                (x0 + x1) / 2 + shake(width[i], 0.08),
                (y0 + y1) / 2 + shake(near(height, j), 0.1),
            )
    down = {}
    for j in range(nrows):
        for i in range(ncols + 1):
            (x0, y0), (x1, y1) = corner[(i, j)], corner[(i, j + 1)]
            down[(i, j)] = (
                (x0 + x1) / 2 + shake(near(width, i), 0.1),
                (y0 + y1) / 2 + shake(height[j], 0.08),
            )

    numbers: dict[str, int] = {}
    boundaries: dict[str, dict[str, Any]] = {}
    for j, row in enumerate(MAP_ROWS):
        for i, letter in enumerate(row):
            village = ord(letter) - ord("A") + 1
            numbers[letter] = numbers.get(letter, 0) + 1
            # Counter-clockwise from the south-west corner, as GeoJSON's outer rings run.
            ring = [
                corner[(i, j + 1)],
                across[(i, j + 1)],
                corner[(i + 1, j + 1)],
                down[(i + 1, j)],
                corner[(i + 1, j)],
                across[(i, j)],
                corner[(i, j)],
                down[(i, j)],
            ]
            ring.append(ring[0])
            code = f"HB-{village:02d}-{numbers[letter]:02d}"
            boundaries[code] = {
                "type": "Polygon",
                "coordinates": [[[round(x, 6), round(y, 6)] for x, y in ring]],
            }
    expected = {chr(ord("A") + n): count for n, (_name, _kind, count) in enumerate(VILLAGES)}
    if numbers != expected:
        raise ValueError(f"MAP_ROWS does not hold VILLAGES' grids: {numbers} != {expected}")
    return boundaries


def staff_account(
    ctx: DemoContext,
    username: str,
    role: str | None,
    title: str,
    department: object,
    *,
    demo: bool,
    grid: object = None,
    **extra: object,
) -> User:
    name = person_name(ctx.rng)
    user = services.user_create(
        actor=None,
        username=username,
        full_name=name,
        street=ctx.street,
        password=DEMO_PASSWORD,
        roles=[role] if role else [],
        must_change_password=not demo,
        title=title,
        department=department,
        grid=grid,
        is_demo_account=demo,
        phone=mobile(ctx.rng, ctx.shared.setdefault("phones", set())),
        **extra,
    )
    if demo:
        ctx.accounts.append(DemoAccount(username, str(Role(role).label) if role else "", name))
    return user


def district_account(ctx: DemoContext, district: District) -> User:
    """The district office's demo account (区依法治区办): in Haibin's district, in no street.

    Its name and phone come from a generator of their own, so the draws of the rest of the demo
    stay as they were.
    """
    rng = random.Random("haibin-district-office")
    name = person_name(rng)
    user = services.user_create(
        actor=None,
        username="district",
        full_name=name,
        street=None,
        district=district,
        password=DEMO_PASSWORD,
        roles=[Role.DISTRICT_OFFICE],
        must_change_password=False,
        title="区依法治区办干部",
        is_demo_account=True,
        phone=mobile(rng, ctx.shared.setdefault("phones", set())),
    )
    ctx.accounts.append(DemoAccount(user.username, str(Role.DISTRICT_OFFICE.label), name))
    return user


@demo_step(order=10)
def load_org(ctx: DemoContext) -> None:
    rng = ctx.rng
    district, _ = District.objects.get_or_create(name="滨海新区", defaults={"city": "天津市"})
    ctx.street = services.street_create(
        actor=None,
        district=district,
        name="海滨街",
        slug="haibin",
        address="天津市滨海新区海滨街道办事处",
        phone="022-63212348",
        office_hours="周一至周五 8:30—12:00，13:30—17:30（法定节假日除外）",
        introduction="海滨街位于天津市滨海新区南部，辖区有村有居、城乡兼有。街道严格依法行政，"
        "深入推进法治政府建设，积极营造良好的法治环境。",
    )
    street = ctx.street
    departments = {
        name: services.department_create(
            street=street,
            actor=None,
            name=name,
            duties=duties,
            sort_order=i,
            head_name=person_name(rng),
        )
        for i, (name, duties) in enumerate(DEPARTMENTS, start=1)
    }
    ctx.shared["departments"] = departments

    villages = {}
    grids = []
    for i, (name, kind, grid_count) in enumerate(VILLAGES, start=1):
        households = rng.randrange(600, 3200)
        village = services.village_create(
            street=street,
            actor=None,
            name=name,
            kind=kind,
            sort_order=i,
            established_on=date(2008, 1, 1) if kind == Village.Kind.VILLAGE else date(2012, 6, 1),
            address=f"天津市滨海新区海滨街{name}",
            households=households,
            population=households * rng.choice([2, 3, 3, 3]),
            phone=f"022-6321{3000 + i:04d}",
        )
        villages[name] = village
        for g in range(1, grid_count + 1):
            grids.append(
                services.grid_create(
                    street=street,
                    actor=None,
                    village=village,
                    code=f"HB-{i:02d}-{g:02d}",
                    name=f"{name}第{g}网格",
                    area_description=f"{name}第{g}片区",
                    established_on=date(2019, 4, 1),
                )
            )
    ctx.shared["villages"] = villages
    ctx.shared["grids"] = grids
    # The grids on the map: through the import, as the office would load its GIS file.
    boundaries = grid_boundaries()
    services.grid_boundaries_import(
        street=street,
        data=json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": {"code": grid.code, "name": grid.name},
                        "geometry": boundaries[grid.code],
                    }
                    for grid in grids
                ],
            },
            ensure_ascii=False,
        ).encode(),
        actor=None,
        file_name="海滨街网格边界.geojson",
    )

    users: dict[str, User] = {}
    for username, role, title, dept in ACCOUNTS:
        extra: dict[str, object] = {}
        if role == Role.ENFORCEMENT_OFFICER:
            extra["enforcement_certificate_no"] = f"12011600{rng.randrange(10**5):05d}"
        if role == Role.LEGAL_REVIEWER:
            extra["legal_qualification"] = f"A2019120116{rng.randrange(10**6):06d}"
            # The seed: 我街现有法制审核人员为公共安全办公室负责综治工作的人员兼任.
            extra["legal_review_post"] = LegalReviewPost.PART_TIME
        users[username] = staff_account(
            ctx,
            username,
            role,
            title,
            departments.get(dept) if dept else None,
            demo=True,
            grid=grids[0] if role == Role.GRID_WORKER else None,
            **extra,
        )
    ctx.shared["users"] = users
    district_account(ctx, district)

    # Grid workers: one full-time worker per grid, the rest part-time, 263 in all.
    phones = ctx.shared["phones"]
    per_grid = [3] * len(grids)
    for idx in rng.sample(range(len(grids)), GRID_WORKERS_TOTAL - 3 * len(grids)):
        per_grid[idx] += 1
    for grid, count in zip(grids, per_grid, strict=True):
        for n in range(count):
            is_account_holder = grid is grids[0] and n == 0
            account = users["gridworker"] if is_account_holder else None
            services.grid_worker_create(
                street=street,
                actor=None,
                grid=grid,
                name=account.full_name if account else person_name(rng),
                gender=rng.choice([GridWorker.Gender.MALE, GridWorker.Gender.FEMALE]),
                phone=account.phone if account else mobile(rng, phones),
                kind=GridWorker.Kind.FULL_TIME if n == 0 else GridWorker.Kind.PART_TIME,
                started_on=date(2019, 4, 1) + timedelta(days=rng.randrange(0, 240)),
                user=account,
            )

    # The leading group: the principal leader heads it; its office sits in the 司法所.
    group = services.leading_group_create(
        street=street,
        actor=None,
        name="海滨街法治政府建设领导小组",
        established_on=date(2019, 3, 15),
        document_no="海滨街党工委〔2019〕8号",
        office_location="司法所",
        duties="统筹推进街道法治政府建设，研究解决依法行政中的重大问题，督促落实年度工作任务。",
    )
    seats = [(users["leader"], LeadingGroupMember.Position.LEADER, "街道党工委书记")]
    for position, title in LEADERSHIP:
        seats.append(
            (
                staff_account(
                    ctx, f"hb{len(seats):02d}", None, title, departments["党政办公室"], demo=False
                ),
                position,
                title,
            )
        )
    seats.append((users["office"], LeadingGroupMember.Position.OFFICE_DIRECTOR, "司法所所长"))
    for dept_name in ("公共安全办公室", "综合执法大队", "社区建设管理办公室", "经济发展办公室"):
        head = staff_account(
            ctx,
            f"hb{len(seats):02d}",
            Role.DEPARTMENT_STAFF,
            f"{dept_name}负责人",
            departments[dept_name],
            demo=False,
        )
        seats.append((head, LeadingGroupMember.Position.OFFICE_MEMBER, f"{dept_name}负责人"))
    members = [
        services.leading_group_member_create(
            street=street,
            actor=None,
            group=group,
            user=user,
            position=position,
            title=title,
            appointed_on=date(2019, 3, 15),
        )
        for user, position, title in seats
    ]
    ctx.shared["leading_group"] = group
    for held_on, kind, title, topics in MEETINGS:
        attendees = [m.user for m in members if rng.random() < 0.9 or m.position == "leader"]
        services.meeting_create(
            street=street,
            actor=None,
            group=group,
            title=title,
            kind=kind,
            held_on=held_on,
            place="街道办事处三楼会议室",
            chaired_by=users["leader"],
            topics=topics,
            attendees=attendees,
            decisions="会议议定事项已形成纪要，由领导小组办公室督办落实。",
        )
