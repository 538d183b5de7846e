"""Haibin Street's enforcement year 2020 up to the report (2020年9月28日): the catalogue and the
five key areas, the enforcement body and its powers, 门前三包 units along the key roads with
their self-checks, the summer campaign with its partners, daily patrols, reports from grid
workers, residents and the 12345 hotline, and a few hundred cases in every procedure and state,
their decisions published (a few late, one withdrawn). Everything through the services."""

from __future__ import annotations

import datetime
import random
import struct
import zlib
from collections.abc import Callable, Iterator
from datetime import date, time, timedelta
from decimal import Decimal
from io import BytesIO
from typing import Any

from django.core.files.base import ContentFile
from django.db.models import Max
from django.utils import timezone

from fazhi.core.demo import DemoContext, demo_step, mobile, person_name
from fazhi.core.identity import credit_check_digit, id_check_digit
from fazhi.core.workdays import WorkCalendar
from fazhi.enforcement import demo_data as data
from fazhi.enforcement.models import (
    Case,
    EnforcementSettings,
    FrontageSelfCheck,
    FrontageUnit,
    KeyArea,
    LegalReview,
    Report,
    ViolationCategory,
)
from fazhi.enforcement.services import campaigns as campaign_services
from fazhi.enforcement.services import cases as case_services
from fazhi.enforcement.services import evidence as evidence_services
from fazhi.enforcement.services import frontage as frontage_services
from fazhi.enforcement.services import legal_review as review_services
from fazhi.enforcement.services import patrols as patrol_services
from fazhi.enforcement.services import publication as publication_services
from fazhi.enforcement.services import registry as registry_services
from fazhi.enforcement.services import reports as report_services
from fazhi.org.demo import staff_account
from fazhi.org.models import Grid, GridWorker, User
from fazhi.org.roles import Role

YEAR_START = date(2020, 1, 2)
REPORT_DAY = date(2020, 9, 28)
LAST_FINDING = date(2020, 9, 25)
# The epidemic's first months: patrols went on, far fewer violations on empty streets.
QUIET = (date(2020, 1, 24), date(2020, 3, 31))
EXTRA_OFFICERS = 6
# Reports of the last days before the report wait for the officers (待处理线索).
PENDING_FROM = date(2020, 9, 18)


def _at(day: date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, time(hour, minute)))


def fine_paid(
    case: Case, members: list[User], day: date, fine: Decimal | None, now: datetime.datetime
) -> Case:
    """执行: the decision carried out by the party itself on ``day`` (the fine, if any, paid)."""
    return case_services.case_execute(
        actor=members[0],
        case=case,
        executed_on=day,
        manner="自觉履行",
        fine_paid=fine,
        today=day,
        now=now,
    )


def after_steps(case: Case, moment: datetime.datetime) -> datetime.datetime:
    """``moment``, or ten minutes after the case's last step when that came later on the same
    day (a case found at 17:27 and paid on the spot is not closed at 17:00)."""
    last = case.steps.aggregate(last=Max("occurred_at"))["last"]
    if (
        last is not None
        and timezone.localdate(last) == timezone.localdate(moment)
        and last >= moment
    ):
        return last + timedelta(minutes=10)
    return moment


def _days(start: date, end: date) -> Iterator[date]:
    day = start
    while day <= end:
        yield day
        day += timedelta(days=1)


def _png(rng: random.Random, width: int = 64, height: int = 48) -> bytes:
    """A small real PNG picture (a colour field with a stripe), as a phone photo stands in."""
    r, g, b = rng.randrange(256), rng.randrange(256), rng.randrange(256)
    rows = b"".join(
        b"\x00" + b"".join(bytes((r, g, b) if y % 12 > 3 else (b, r, g)) for _x in range(width))
        for y in range(height)
    )

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body))
            + kind
            + body
            + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def _docx(title: str, paragraphs: list[str]) -> bytes:
    from docx import Document

    document = Document()
    document.add_heading(title, level=1)
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _id_number(rng: random.Random) -> str:
    born = date(1960, 1, 1) + timedelta(days=rng.randrange(365 * 40))
    first = f"120116{born:%Y%m%d}{rng.randrange(1000):03d}"
    return first + id_check_digit(first)


def _credit_code(rng: random.Random) -> str:
    first = "91120116" + "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(9))
    return first + credit_check_digit(first)


class _Year:
    """The generator's state: the street, its people and places, and the running numbers."""

    def __init__(self, ctx: DemoContext) -> None:
        self.ctx = ctx
        self.street = ctx.street
        self.rng = random.Random(20200928)
        users: dict[str, User] = ctx.shared["users"]
        self.office = users["office"]
        self.reviewer = users["reviewer"]
        self.gridworker = users["gridworker"]
        # Grid workers without an account report by phone to the 网格化管理 office, which
        # enters their reports.
        self.grid_office = users["staff"]
        self.officers = [users["officer"], users["officer2"]]
        department = ctx.shared["departments"]["综合执法大队"]
        for i in range(EXTRA_OFFICERS):
            self.officers.append(
                staff_account(
                    ctx,
                    f"zfdy{i + 1:02d}",
                    Role.ENFORCEMENT_OFFICER,
                    "综合执法大队执法队员",
                    department,
                    demo=False,
                    enforcement_certificate_no=f"1201160{20 + i:02d}{self.rng.randrange(10**5):05d}",
                )
            )
        self.grids: list[Grid] = ctx.shared["grids"]
        by_code = {grid.code: grid for grid in self.grids}
        self.area_grids: dict[str, list[Grid]] = {
            name: [by_code[code] for code in codes] for name, codes in data.KEY_AREA_GRIDS.items()
        }
        self.grid_worker_names: dict[int, str] = dict(
            GridWorker.objects.filter(
                street=self.street, kind=GridWorker.Kind.FULL_TIME
            ).values_list("grid_id", "name")
        )
        # Where things happen is drawn apart from what happens: placing the records on the map
        # leaves every other draw of the year, and so every figure, as it was.
        self.place_rng = random.Random("haibin-2020-places")
        self.calendar = WorkCalendar.load()
        self.phones: set[str] = ctx.shared.setdefault("phones", set())
        self.general_no = 0
        self.returned_once = False
        self.spot_no = 0
        self.categories: dict[str, ViolationCategory] = {}
        self.areas: dict[str, KeyArea] = {}
        self.units: list[FrontageUnit] = []

    def grid_in(self, area: KeyArea | None, *, favour: Grid | None = None) -> Grid:
        """A grid the key area ``area`` lies in (any of the street's when the place is not
        known); ``favour``, when one of them, twice as likely as all the others together."""
        grids = self.area_grids.get(area.name, []) if area is not None else []
        if not grids:
            return self.place_rng.choice(self.grids)
        weights = [2 * (len(grids) - 1) if grid == favour else 1 for grid in grids]
        return self.place_rng.choices(grids, weights=weights)[0]

    def pair(self) -> list[User]:
        return self.rng.sample(self.officers, 2)

    def workday(self, day: date) -> bool:
        return self.calendar.is_workday(day)

    def after_workdays(self, day: date, n: int) -> date:
        return self.calendar.add_workdays(day, n)

    def publish(self, case: Case, day: date) -> None:
        publication_services.publication_publish(
            actor=self.office, case=case, today=day, now=_at(day, 10)
        )

    def category(self) -> ViolationCategory:
        codes = list(data.CATEGORY_WEIGHTS)
        code = self.rng.choices(codes, weights=[data.CATEGORY_WEIGHTS[c] for c in codes])[0]
        return self.categories[code]


@demo_step(order=50)
def load_enforcement(ctx: DemoContext) -> None:
    year = _Year(ctx)
    _load_configuration(year)
    _load_frontage(year)
    campaign = _load_campaign(year)
    _load_patrols_and_cases(year, campaign)
    _withdraw_one(year)
    _in_review_at_report_day(year)


def _load_configuration(year: _Year) -> None:
    street = year.street
    registry_services.enforcement_settings_save(
        street=street,
        actor=None,
        authority_name=data.AUTHORITY,
        procedures=data.PROCEDURES,
        remedies=data.REMEDIES,
    )
    for code, name, group, basis, penalty_basis, penalty_range, low, high in data.CATALOGUE:
        year.categories[code] = registry_services.violation_category_create(
            street=street,
            actor=None,
            code=code,
            name=name,
            group=group,
            legal_basis=basis,
            penalty_basis=penalty_basis,
            penalty_range=penalty_range,
            fine_min=Decimal(low),
            fine_max=Decimal(high),
        )
    villages = year.ctx.shared["villages"]
    for name, kind, village, description in data.KEY_AREAS:
        year.areas[name] = registry_services.key_area_create(
            street=street,
            actor=None,
            name=name,
            kind=kind,
            village=villages.get(village) if village else None,
            description=description,
        )
    body = registry_services.enforcement_body_create(street=street, actor=None, **data.BODY)
    for order, (kind, name, basis) in enumerate(data.POWERS, start=1):
        registry_services.enforcement_power_create(
            street=street,
            actor=None,
            body=body,
            kind=kind,
            name=name,
            legal_basis=basis,
            order=order,
        )


def _load_frontage(year: _Year) -> None:
    """Sixteen units along each key area; letters signed in 2019 or re-signed at the campaign's
    start; monthly self-checks from April, one in nine failing and put right within days."""
    rng, street = year.rng, year.street
    letter = _docx(
        "门前三包责任书",
        [
            "责任区域内做到：包环境卫生、包秩序、包绿化。",
            "不在责任区内占道经营、店外经营、乱堆乱放，发现问题及时整改。",
            "责任单位每月自查一次，配合街道执法人员检查。",
        ],
    )
    used: set[str] = set()
    for area_name, area in year.areas.items():
        along = year.area_grids[area_name]
        for n in range(16):
            while True:
                name = rng.choice(data.SHOP_NAMES) + rng.choice(data.SHOP_KINDS)
                if name not in used:
                    used.add(name)
                    break
            if area.kind == KeyArea.Kind.NEIGHBOURHOOD:
                address = f"{area_name}{n // 4 + 1}号楼底商{n % 4 + 1}号"
            elif area.kind == KeyArea.Kind.MARKET:
                address = f"{area_name}{n + 1}号摊位"
            else:
                address = f"{area_name}{2 * n + 1}号"
            signed = (
                date(2020, 5, 11) + timedelta(days=rng.randrange(7))
                if rng.random() < 0.6
                else date(2019, 3, 1) + timedelta(days=rng.randrange(200))
            )
            with_file = n < 2  # the scanned letters of the first units are on file
            unit = frontage_services.frontage_unit_create(
                street=street,
                actor=year.office,
                today=REPORT_DAY,
                name=name,
                kind=FrontageUnit.Kind.SHOP,
                credit_code=_credit_code(rng),
                address=address,
                key_area=area,
                grid=along[n * len(along) // 16],  # by building, by number along the road
                zone="门前至道路边石，东西各至相邻单位分界线。",
                contact_name=person_name(rng),
                contact_phone=mobile(rng, year.phones),
                letter_signed_on=signed,
                **({"letter": ContentFile(letter, name="letter.docx")} if with_file else {}),
            )
            year.units.append(unit)
            for month in range(4, 10):
                checked_on = date(2020, month, 1) + timedelta(days=rng.randrange(10))
                if checked_on < signed or checked_on > REPORT_DAY:
                    continue
                failed = rng.random() < 1 / 9
                frontage_services.frontage_self_check_create(
                    actor=year.office,
                    unit=unit,
                    today=REPORT_DAY,
                    checked_on=checked_on,
                    result=(
                        FrontageSelfCheck.Result.FAILED
                        if failed
                        else FrontageSelfCheck.Result.PASSED
                    ),
                    problems="门前堆放纸箱、货物，占用人行道。" if failed else "",
                    rectified_on=checked_on + timedelta(days=rng.randrange(1, 4))
                    if failed
                    else None,
                )


def _load_campaign(year: _Year) -> Any:
    plan = _docx(
        data.CAMPAIGN["name"] + "实施方案",
        [str(data.CAMPAIGN["goal"]), *(f"{name}：{tasks}" for name, _s, _e, tasks in data.PHASES)],
    )
    campaign = campaign_services.campaign_create(
        street=year.street,
        actor=year.office,
        name=data.CAMPAIGN["name"],
        starts_on=data.CAMPAIGN["starts_on"],
        ends_on=data.CAMPAIGN["ends_on"],
        goal=data.CAMPAIGN["goal"],
        summary=data.CAMPAIGN["summary"],
        lead=year.ctx.shared["users"]["leader"],
        key_areas=list(year.areas.values()),
        plan=ContentFile(plan, name="plan.docx"),
    )
    for name, starts_on, ends_on, tasks in data.PHASES:
        campaign_services.campaign_phase_add(
            actor=year.office,
            campaign=campaign,
            name=name,
            starts_on=starts_on,
            ends_on=ends_on,
            tasks=tasks,
        )
    for kind, name, role in data.PARTNERS:
        campaign_services.campaign_partner_add(
            actor=year.office,
            campaign=campaign,
            kind=kind,
            name=name,
            contact=person_name(year.rng),
            phone=mobile(year.rng, year.phones),
            role=role,
        )
    return campaign


# --- the year's patrols, reports and cases ------------------------------------------------------

BEHAVIOUR = {
    "SR-01": "摆摊设点销售水果蔬菜，占用人行道",
    "SR-02": "将货架、商品摆放至店门外经营",
    "SR-03": "在人行道上堆放纸箱、建筑材料等杂物",
    "SR-04": "在居民楼外墙、电线杆上张贴小广告",
    "SR-05": "未经批准在临街建筑物上设置户外广告牌",
    "SR-06": "未经批准在公共场地搭建彩钢板房",
    "SR-07": "驾驶渣土运输车辆未密闭覆盖，造成渣土沿路遗撒",
    "SR-08": "未履行门前三包责任，门前责任区脏乱",
    "SR-09": "在临街阳台外吊挂杂物，有碍市容",
    "SR-10": "临街施工工地未设置护栏和围挡",
}
ORGANISATION_CODES = {"SR-05", "SR-07", "SR-10"}


def _load_patrols_and_cases(year: _Year, campaign: Any) -> None:
    rng = year.rng
    in_campaign = campaign.starts_on, campaign.ends_on
    areas = list(year.areas.values())
    for day in _days(YEAR_START, LAST_FINDING):
        if not year.workday(day):
            continue
        quiet = QUIET[0] <= day <= QUIET[1]
        routes = [(None, rng.choice(areas))]
        if in_campaign[0] <= day <= in_campaign[1]:
            routes.append((campaign, rng.choice(areas)))
        for patrol_campaign, area in routes:
            members = year.pair()
            started = _at(day, rng.choice([8, 9, 14, 15]), rng.choice([0, 30]))
            found = 0 if quiet and rng.random() < 0.7 else rng.choice([0, 1, 1, 2])
            patrol = patrol_services.patrol_create(
                street=year.street,
                actor=members[0],
                members=members,
                now=started + timedelta(hours=3),
                started_at=started,
                ended_at=started + timedelta(hours=2),
                key_area=area,
                campaign=patrol_campaign,
                route=f"{area.name}沿线及周边背街小巷",
                findings=(
                    f"发现问题{found}处，已当场处置。"
                    if found
                    else "未发现违法行为，市容秩序良好。"
                ),
                problems_found=found,
            )
            for i in range(found):
                moment = started + timedelta(minutes=20 + 40 * i)
                _case(year, day, moment, members, source=Report.Source.PATROL, patrol=patrol)
        # Reports that come in without a patrol: grid workers, residents, the 12345 hotline.
        if not quiet or rng.random() < 0.3:
            for source, chance in (
                (Report.Source.GRID_WORKER, 0.38),
                (Report.Source.RESIDENT, 0.16),
                (Report.Source.HOTLINE, 0.15),
            ):
                if rng.random() < chance:
                    _report(year, day, source, campaign)


def scene_photo(rng: random.Random, case: Case, actor: User, moment: datetime.datetime) -> None:
    """A photo of the scene in the evidence of three cases in ten."""
    if rng.random() < 0.3:
        evidence_services.evidence_attach(
            actor=actor,
            case=case,
            kind="photo",
            file=ContentFile(_png(rng), name="scene.png"),
            description="现场照片",
            captured_at=moment,
        )


def report_record(
    rng: random.Random,
    phones: set[str],
    *,
    day: date,
    source: str,
    moment: datetime.datetime,
    category: ViolationCategory,
    place: str,
    description: str,
    grid: Grid,
) -> tuple[dict[str, Any], ContentFile | None]:
    """What a demo report records and its photo: the 12345 ticket of a hotline report, the
    name and number of half the residents who leave them, a photo with half the grid workers'
    (the generator drawn in this order in every year)."""
    data: dict[str, Any] = {
        "source": source,
        "reported_at": moment,
        "category": category,
        "address": f"{place}附近",
        "description": description,
        "grid": grid,
    }
    if source == Report.Source.HOTLINE:
        data["hotline_ticket"] = f"{day:%Y%m%d}{rng.randrange(10**6):06d}"
    if source == Report.Source.RESIDENT and rng.random() < 0.5:
        data |= {
            "reporter_name": person_name(rng),
            "reporter_phone": mobile(rng, phones),
            "consent": True,
        }
    photo = (
        ContentFile(_png(rng), name="photo.png")
        if source == Report.Source.GRID_WORKER and rng.random() < 0.5
        else None
    )
    return data, photo


def _report(year: _Year, day: date, source: str, campaign: Any) -> None:
    rng = year.rng
    category = year.category()
    area = rng.choice(list(year.areas.values()))
    moment = _at(day, rng.randrange(7, 19), rng.randrange(60))
    if source != Report.Source.GRID_WORKER:
        rng.choice(year.grids)  # no longer the grid, still drawn: the draws after it stay put
    # The demo grid worker's own grid is the busiest block of 港西新城.
    own = year.gridworker.grid
    grid = year.grid_in(area, favour=own if source == Report.Source.GRID_WORKER else None)
    description = f"{area.name}附近有人{BEHAVIOUR[category.code]}。"
    reporter = year.gridworker
    if source == Report.Source.GRID_WORKER and grid != own:
        reporter = year.grid_office
        description = f"网格员{year.grid_worker_names.get(grid.pk, '')}电话报告：{description}"
    actor = {
        Report.Source.GRID_WORKER: reporter,
        Report.Source.HOTLINE: year.office,
        Report.Source.RESIDENT: None,
    }[source]
    report_data, photo = report_record(
        rng,
        year.phones,
        day=day,
        source=source,
        moment=moment,
        category=category,
        place=area.name,
        description=description,
        grid=grid,
    )
    report = report_services.report_create(
        actor=actor, street=year.street, data=report_data, photo=photo, now=moment
    )
    handled = moment + timedelta(hours=rng.randrange(1, 20))
    if handled.date() > REPORT_DAY or day >= PENDING_FROM:
        return  # still waiting at the report day
    if rng.random() < 0.12:
        report_services.report_dismiss(
            actor=year.officers[0],
            report=report,
            reason="经现场核查，问题不属实或已自行消除。",
            now=handled,
        )
        return
    members = year.pair()
    _case(
        year,
        moment.date(),
        moment,
        members,
        source=source,
        report=report,
        area=area,
        category=category,
        campaign=campaign if campaign.starts_on <= day <= campaign.ends_on else None,
        grid=grid,
    )


def _party(year: _Year, category: ViolationCategory) -> dict[str, Any]:
    rng = year.rng
    if category.code in ORGANISATION_CODES:
        name = (
            f"天津市{rng.choice(data.SHOP_NAMES)}{rng.choice(['建筑工程', '广告', '运输'])}有限公司"
        )
        return {
            "party_kind": Case.PartyKind.ORGANISATION,
            "party_name": name,
            "party_id_number": _credit_code(rng),
            "party_phone": mobile(rng, year.phones),
            "party_address": f"天津市滨海新区海滨街工业园区{rng.randrange(1, 60)}号",
            "party_representative": person_name(rng),
        }
    return {
        "party_kind": Case.PartyKind.INDIVIDUAL,
        "party_name": person_name(rng),
        "party_id_number": _id_number(rng),
        "party_phone": mobile(rng, year.phones),
        "party_address": f"天津市滨海新区海滨街{rng.choice(list(year.areas))}{rng.randrange(1, 40)}号",
    }


def _case(
    year: _Year,
    day: date,
    moment: datetime.datetime,
    members: list[User],
    *,
    source: str,
    patrol: Any = None,
    report: Report | None = None,
    area: KeyArea | None = None,
    category: ViolationCategory | None = None,
    campaign: Any = None,
    grid: Grid | None = None,
) -> None:
    rng = year.rng
    category = category or year.category()
    area = area or (patrol.key_area if patrol is not None else None)
    campaign = campaign or (patrol.campaign if patrol is not None else None)
    party = _party(year, category)
    location = f"{area.name}{rng.randrange(1, 40)}号门前" if area else "辖区道路"
    facts = (
        f"{moment:%Y年%-m月%-d日%H时%M分}，执法人员在{location}发现，当事人{party['party_name']}"
        f"{BEHAVIOUR[category.code]}。"
    )
    unit = None
    if category.group == ViolationCategory.Group.FRONTAGE and area is not None:
        candidates = [u for u in year.units if u.key_area_id == area.pk]
        unit = rng.choice(candidates) if candidates else None
        if unit is not None:
            party = {
                "party_kind": Case.PartyKind.ORGANISATION,
                "party_name": unit.name,
                "party_id_number": unit.credit_code,
                "party_phone": unit.contact_phone,
                "party_address": unit.address,
                "party_representative": unit.contact_name,
            }
            facts = f"{moment:%Y年%-m月%-d日}，执法人员检查发现，{unit.name}未履行门前三包责任，门前责任区堆放杂物。"
    if grid is None:  # found on a patrol: where the unit or the key area is
        grid = unit.grid if unit is not None and unit.grid else year.grid_in(area)
    case_data = {
        "category": category,
        "source": source,
        "location": location,
        "found_at": moment,
        "facts": facts,
        "grid": grid,
        "key_area": area,
        "campaign": campaign,
        "frontage_unit": unit,
        "patrol": patrol,
        **party,
    }
    if rng.random() < 0.1:
        case_data["third_parties"] = person_name(rng)
        case_data["facts"] += (
            f"现场证人{case_data['third_parties']}（电话{mobile(rng, year.phones)}）目睹经过。"
        )
    if report is not None:
        case = report_services.report_accept(
            actor=members[0],
            report=report,
            officers=members,
            data={k: v for k, v in case_data.items() if k != "source"},
            now=moment + timedelta(hours=1),
        )
    else:
        case = case_services.case_register(
            actor=members[0], street=year.street, data=case_data, officers=members, now=moment
        )
    scene_photo(rng, case, members[0], moment)
    _proceed(year, case, moment, members)


def _proceed(year: _Year, case: Case, moment: datetime.datetime, members: list[User]) -> None:
    """Take the case as far as the year allows, by a path fitting its category."""
    rng = year.rng
    category = case.category
    heavy = category.code in {"SR-05", "SR-06", "SR-07", "SR-10"}
    roll = rng.random()
    if moment.date() > date(2020, 9, 10) and roll < 0.35:
        return  # found in September, still 发现登记 at the report day
    if heavy:
        if roll < 0.12:
            _transfer(year, case, moment, members)
        else:
            _general(year, case, moment, members, major=roll > 0.72)
        return
    stopped = moment + timedelta(minutes=5)
    case = case_services.case_stop(
        actor=members[0],
        case=case,
        stopped_at=stopped,
        measure="当场责令停止违法行为，清理现场。",
        now=stopped,
    )
    if roll < 0.58:
        closed = year.after_workdays(moment.date(), rng.randrange(0, 3))
        if closed <= REPORT_DAY:
            case_services.case_close_corrected(
                actor=members[0],
                case=case,
                closed_on=closed,
                reason="当事人当场改正，违法行为轻微并及时改正，没有造成危害后果，依法不予处罚，责令改正后结案。",
                now=after_steps(case, _at(closed, 16)),
            )
        return
    if roll < 0.88:
        _on_the_spot(year, case, stopped, members)
        return
    _general(year, case, moment, members, major=False)


def _on_the_spot(year: _Year, case: Case, stopped: datetime.datetime, members: list[User]) -> None:
    rng = year.rng
    year.spot_no += 1
    decided_at = stopped + timedelta(minutes=15)
    fine = None
    kind = Case.PenaltyKind.WARNING
    if rng.random() < 0.55:
        kind = Case.PenaltyKind.FINE
        limit = min(case.category.fine_max or Decimal("200"), Decimal("200"))
        fine = max(
            case.category.fine_min or Decimal("50"), Decimal(rng.choice([50, 100, 150, 200]))
        )
        fine = min(fine, limit)
    case = case_services.case_decide_on_the_spot(
        actor=members[0],
        case=case,
        decided_at=decided_at,
        place=case.location,
        penalty_kind=kind,
        fine=fine,
        decision_no=f"津滨海街当罚字〔2020〕{year.spot_no}号",
        decision_basis=case.category.penalty_basis,
        deciders=members,
        now=decided_at,
    )
    day = decided_at.date()
    paid = year.after_workdays(day, rng.randrange(0, 4)) if fine else day
    if paid > REPORT_DAY:
        return
    after_decision(
        case,
        [
            (
                paid,
                lambda c: fine_paid(c, members, paid, fine, after_steps(c, _at(paid, 17))),
            ),
            (
                paid,
                lambda c: case_services.case_close(
                    actor=members[0], case=c, closed_on=paid, now=after_steps(c, _at(paid, 17, 30))
                ),
            ),
            (year.after_workdays(paid, 10), lambda c: _archive(year, c, paid)),
        ],
        published_on=_publication_day(year, case, day),
        publish=year.publish,
        last_day=REPORT_DAY,
    )


def _transfer(year: _Year, case: Case, moment: datetime.datetime, members: list[User]) -> None:
    day = year.after_workdays(moment.date(), 1)
    if day > REPORT_DAY:
        return
    authority = (
        "天津市规划和自然资源局滨海新区分局"
        if case.category.group == ViolationCategory.Group.ILLEGAL_BUILDING
        else "天津市滨海新区城市管理委员会"
    )
    case = case_services.case_transfer(
        actor=members[0],
        case=case,
        transferred_on=day,
        authority=authority,
        reason="经核查，该违法行为不属于街道下放的执法事项，依法移送有管辖权的机关处理。",
        now=_at(day, 10),
    )
    _archive(year, case, day)


def _general(
    year: _Year, case: Case, moment: datetime.datetime, members: list[User], *, major: bool
) -> None:
    """立案 → 调查取证 → 告知 → (法制审核) → 决定 → 送达 → 执行 → 结案 → 归档, as far as the
    report day allows."""
    rng = year.rng
    steps = iter(
        [year.after_workdays(moment.date(), n) for n in (1, 3, 8, 12, 16, 20, 23, 25, 30, 40)]
    )
    (
        filed,
        investigated,
        notified,
        submitted,
        reviewed,
        decided,
        served,
        executed,
        closed,
        archived,
    ) = steps
    if filed > REPORT_DAY:
        return
    case = case_services.case_file(
        actor=members[0],
        case=case,
        filed_on=filed,
        record="经审查，符合立案条件，予以立案。",
        now=_at(filed, 9),
    )
    if investigated > REPORT_DAY:
        return
    case = case_services.case_investigate(
        actor=members[0],
        case=case,
        record="制作现场检查笔录、询问笔录，拍摄现场照片，调取当事人身份信息。",
        investigated_on=investigated,
        now=_at(investigated, 10),
    )
    category = case.category
    low = category.fine_min or Decimal("0")
    high = category.fine_max or Decimal("1000")
    settings = EnforcementSettings.for_street(case.street_id)
    threshold = (
        settings.major_fine_individual
        if case.party_kind == Case.PartyKind.INDIVIDUAL
        else settings.major_fine_organisation
    )
    if major and high >= threshold:
        fine = threshold + Decimal(rng.randrange(0, 5)) * Decimal("1000")
        fine = min(fine, high)
    else:
        fine = max(
            low, min(high, threshold - Decimal("1"), Decimal(rng.randrange(2, 40)) * data.FINE_STEP)
        )
        major = False
    no_penalty = not major and rng.random() < 0.08
    if notified > REPORT_DAY:
        return
    case = case_services.case_notify(
        actor=members[0],
        case=case,
        notified_on=notified,
        proposed_penalty="拟不予行政处罚。" if no_penalty else f"拟处罚款{fine}元。",
        proposed_penalty_kind="" if no_penalty else Case.PenaltyKind.FINE,
        proposed_fine=None if no_penalty else fine,
        today=notified,
        now=_at(notified, 10),
    )
    if not no_penalty and rng.random() < 0.3:
        case = case_services.case_record_statement(
            actor=members[0],
            case=case,
            statement="当事人陈述已认识到违法行为，请求从轻处罚。",
            received_on=notified,
            today=notified,
            now=_at(notified, 15),
        )
    if major:
        if submitted > REPORT_DAY:
            return
        review = review_services.legal_review_submit(
            actor=members[0],
            case=case,
            reviewer=year.reviewer,
            materials="立案审批表、现场检查笔录、询问笔录、现场照片、行政处罚事先告知书及送达回证。",
            today=submitted,
        )
        if reviewed > REPORT_DAY:
            return
        if not year.returned_once:
            # The first major case of the year went back for more evidence, then passed.
            year.returned_once = True
            review_services.legal_review_complete(
                actor=year.reviewer,
                review=review,
                checklist={name: name != "check_facts" for name, _label in LegalReview.CHECKLIST},
                conclusion=LegalReview.Conclusion.DISAGREE,
                opinion="违法建设面积的测量记录缺失，事实认定证据不足，退回补充调查。",
                now=_at(reviewed, 15),
            )
            again = year.after_workdays(reviewed, 1)
            case_services.case_investigate(
                actor=members[0],
                case=case,
                record="补充现场勘验笔录和测量记录。",
                investigated_on=again,
                now=_at(again, 10),
            )
            review = review_services.legal_review_submit(
                actor=members[0],
                case=case,
                reviewer=year.reviewer,
                materials="补充的现场勘验笔录和测量记录。",
                today=again,
            )
            reviewed = year.after_workdays(again, 2)
            decided = max(decided, year.after_workdays(reviewed, 1))
            if decided > REPORT_DAY:
                return
        conclusion = rng.choice([LegalReview.Conclusion.AGREE, LegalReview.Conclusion.AMEND])
        review_services.legal_review_complete(
            actor=year.reviewer,
            review=review,
            checklist={name: True for name, _label in LegalReview.CHECKLIST},
            conclusion=conclusion,
            opinion=(
                "执法主体适格，程序合法，事实清楚，证据充分，适用法律正确，裁量适当，同意作出处罚决定。"
                if conclusion == LegalReview.Conclusion.AGREE
                else "事实清楚，证据充分；决定书中处罚依据应引用至条、款、项，修改后同意。"
            ),
            now=_at(reviewed, 15),
        )
        case.refresh_from_db()
    if decided > REPORT_DAY:
        return
    year.general_no += 1
    case = case_services.case_decide(
        actor=members[0],
        case=case,
        decided_on=decided,
        outcome=Case.Outcome.NO_PENALTY if no_penalty else Case.Outcome.PENALTY,
        decision_no=f"津滨海街罚决字〔2020〕{year.general_no}号",
        decision_text=(
            "违法行为轻微并及时改正，没有造成危害后果，依法不予行政处罚。"
            if no_penalty
            else f"责令改正，并处罚款{fine}元。"
        ),
        deciders=members,
        penalty_kind="" if no_penalty else Case.PenaltyKind.FINE,
        fine=None if no_penalty else fine,
        decision_basis=category.penalty_basis,
        today=decided,
        now=_at(decided, 11),
    )
    later: list[tuple[date, Callable[[Case], Case | None]]] = [
        (
            served,
            lambda c: case_services.case_serve(
                actor=members[0],
                case=c,
                served_on=served,
                method="直接送达",
                today=served,
                now=_at(served, 10),
            ),
        )
    ]
    if not no_penalty:
        later.append(
            (
                executed,
                lambda c: fine_paid(c, members, executed, fine, _at(executed, 10)),
            )
        )
    later += [
        (
            closed,
            lambda c: case_services.case_close(
                actor=members[0], case=c, closed_on=closed, now=_at(closed, 16)
            ),
        ),
        (year.after_workdays(archived, 10), lambda c: _archive(year, c, archived)),
    ]
    after_decision(
        case,
        later,
        published_on=_publication_day(year, case, decided),
        publish=year.publish,
        last_day=REPORT_DAY,
    )


def _publication_day(year: _Year, case: Case, decided: date) -> date:
    """Published within the limit, most within three working days; one in twelve late."""
    rng = year.rng
    late = rng.random() < 1 / 12
    due = case.publish_due_on or decided
    return (
        year.after_workdays(due, rng.randrange(1, 4))
        if late
        else year.after_workdays(decided, rng.randrange(1, 4))
    )


def after_decision(
    case: Case,
    later: list[tuple[date, Callable[[Case], Case | None]]],
    *,
    published_on: date | None,
    publish: Callable[[Case, date], None],
    last_day: date,
) -> None:
    """The steps after a decision, each on its day up to ``last_day`` (none after the first
    one past it), and the decision's publication on ``published_on`` in its place among them
    (before the steps of its day), so that every step records the state the case was in."""
    pending = published_on if published_on is not None and published_on <= last_day else None
    for day, step in later:
        if pending is not None and pending <= day:
            publish(case, pending)
            case.refresh_from_db()
            pending = None
        if day > last_day:
            break
        case = step(case) or case
    if pending is not None:
        publish(case, pending)


def _archive(year: _Year, case: Case, closed: date) -> None:
    day = year.after_workdays(closed, 10)
    if day > REPORT_DAY:
        return
    case_services.case_archive(
        actor=year.officers[0],
        case=case,
        archived_on=day,
        archive_no=f"海滨执法档〔2020〕{case.number}",
        today=day,
        now=_at(day, 15),
    )


def _withdraw_one(year: _Year) -> None:
    """One published penalty decision revoked on administrative reconsideration (行政复议) in
    September; its publication taken down within the limit."""
    from fazhi.enforcement.models import Publication

    publication = (
        Publication.objects.filter(
            case__street=year.street,
            case__procedure=Case.Procedure.GENERAL,
            case__outcome=Case.Outcome.PENALTY,
            published_on__lt=date(2020, 9, 1),
        )
        .select_related("case")
        .order_by("published_on", "pk")
        .first()
    )
    if publication is None:
        return
    changed_on = date(2020, 9, 15)
    publication_services.case_record_decision_change(
        actor=year.office,
        case=publication.case,
        changed_on=changed_on,
        reason="经行政复议，原处罚决定认定事实不清，复议机关决定撤销。",
    )
    publication.refresh_from_db()
    publication_services.publication_withdraw(
        actor=year.office,
        publication=publication,
        reason="该处罚决定已被行政复议机关撤销。",
        today=year.after_workdays(changed_on, 2),
    )


def _in_review_at_report_day(year: _Year) -> None:
    """A shed built on public ground behind 祥和市场: filed, investigated, the party told of a
    fine reaching the major-case threshold and of the right to a hearing (not requested), and
    with the legal reviewer when the report was written."""
    rng = year.rng
    members = year.officers[2:4]
    found = _at(date(2020, 9, 7), 9, 40)
    party = _party(year, year.categories["SR-06"])
    case = case_services.case_register(
        actor=members[0],
        street=year.street,
        data={
            "category": year.categories["SR-06"],
            "source": Report.Source.OTHER,
            "location": "祥和市场东侧空地",
            "grid": year.area_grids["祥和市场"][0],
            "found_at": found,
            "facts": (
                f"2020年9月7日，执法人员检查发现，当事人{party['party_name']}未经批准在祥和市场东侧"
                "空地搭建彩钢板房一处，面积约四十平方米，用于堆放货物。"
            ),
            "key_area": year.areas["祥和市场"],
            **party,
        },
        officers=members,
        now=found,
    )
    case = case_services.case_file(
        actor=members[0], case=case, filed_on=date(2020, 9, 8), now=_at(date(2020, 9, 8), 9)
    )
    case = case_services.case_investigate(
        actor=members[0],
        case=case,
        record="制作现场检查笔录、询问笔录，测量搭建面积，拍摄现场照片。",
        investigated_on=date(2020, 9, 10),
        now=_at(date(2020, 9, 10), 10),
    )
    fine = Decimal("8000")
    case = case_services.case_notify(
        actor=members[0],
        case=case,
        notified_on=date(2020, 9, 14),
        proposed_penalty=f"责令限期拆除，拟处罚款{fine}元。",
        proposed_penalty_kind=Case.PenaltyKind.FINE,
        proposed_fine=fine,
        hearing_applicable=True,
        today=date(2020, 9, 14),
        now=_at(date(2020, 9, 14), 10),
    )
    evidence_services.evidence_attach(
        actor=members[0],
        case=case,
        kind="photo",
        file=ContentFile(_png(rng), name="shed.png"),
        description="彩钢板房现场照片",
        captured_at=found,
    )
    review_services.legal_review_submit(
        actor=members[0],
        case=case,
        reviewer=year.reviewer,
        materials="立案审批表、现场检查笔录、询问笔录、测量记录、现场照片、行政处罚事先告知书及送达回证。",
        today=date(2020, 9, 24),
    )
