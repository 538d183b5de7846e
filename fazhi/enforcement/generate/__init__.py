"""A generated street's enforcement (``core.generator``): Haibin's catalogue, five key areas of
its own, the enforcement body and its powers, 门前三包 units along the key areas; and each year
a summer campaign, monthly self-checks, patrols on working days, reports from every source, and
some three hundred cases in every procedure and state (``life.CaseLife``), with their steps,
legal reviews and publications (one a year withdrawn after the decision was revoked).
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from fazhi.core.generator import StreetPlan, authority_name, generator_step
from fazhi.core.identity import credit_check_digit, id_check_digit
from fazhi.core.workdays import CalendarUnknown
from fazhi.enforcement import deadlines
from fazhi.enforcement import demo_data as data
from fazhi.enforcement.demo import BEHAVIOUR, ORGANISATION_CODES, QUIET
from fazhi.enforcement.generate.life import CaseLife, cn_day, public_probe
from fazhi.enforcement.masking import mask_public_text, public_party
from fazhi.enforcement.models import (
    Campaign,
    CampaignPartner,
    CampaignPhase,
    Case,
    CaseStep,
    EnforcementBody,
    EnforcementPower,
    EnforcementSettings,
    FrontageSelfCheck,
    FrontageUnit,
    KeyArea,
    Patrol,
    Publication,
    Report,
    ViolationCategory,
)
from fazhi.enforcement.services.publication import public_conclusion
from fazhi.enforcement.services.reports import CODE_ALPHABET, CODE_LENGTH
from fazhi.org.models import Grid, User, Village
from fazhi.org.roles import Role

S = Case.Status
Kind = CaseStep.Kind
HEAVY = {"SR-05", "SR-06", "SR-07", "SR-10"}

ROADS = (
    "幸福路", "光明大道", "花园路", "建设路", "胜利路", "人民路", "团结路", "迎宾大道", "海河路",
    "黄河路", "长江道", "东风路", "友谊路", "港城大道", "新华路", "永安道", "和平路", "中心大街",
)  # fmt: skip
MARKETS = ("祥和市场", "惠民市场", "农贸市场", "便民早市", "海鲜市场", "建材市场")
NEIGHBOURHOODS = ("港西新城", "滨海花园", "阳光家园", "幸福里", "金色家园", "碧水湾", "锦绣园")
DISMISS_REASONS = (
    "经现场核查，问题不属实或已自行消除。",
    "经核查，不属于街道执法事项，已告知反映人。",
)


def _id_number(rng: random.Random) -> str:
    born = date(1960, 1, 1) + timedelta(days=rng.randrange(365 * 40))
    first = f"120116{born:%Y%m%d}{rng.randrange(1000):03d}"
    return first + id_check_digit(first)


def _credit_code(rng: random.Random) -> str:
    first = "91120116" + "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(9))
    return first + credit_check_digit(first)


# --- the street's registers -----------------------------------------------------------------


@generator_step(order=50)
def setup_enforcement(plan: StreetPlan) -> None:
    rng = plan.rng("enforcement")
    rows, street = plan.rows, plan.street
    office = plan.user(Role.OFFICE)
    at = plan.at(plan.founding, 14)
    authority = authority_name(plan)
    settings = rows.add(
        EnforcementSettings(
            street=street,
            authority_name=authority,
            procedures=data.PROCEDURES,
            remedies=data.REMEDIES,
        ),
        at,
    )
    plan.audit_create(settings, at, office)
    categories: dict[str, ViolationCategory] = {}
    for code, name, group, basis, penalty_basis, penalty_range, low, high in data.CATALOGUE:
        categories[code] = rows.add(
            ViolationCategory(
                street=street,
                code=code,
                name=name,
                group=group,
                legal_basis=basis,
                penalty_basis=penalty_basis,
                penalty_range=penalty_range,
                fine_min=Decimal(low),
                fine_max=Decimal(high),
            ),
            at,
        )
        plan.audit_create(categories[code], at, office)
    villages: list[Village] = plan.shared["villages"]
    communities = [v for v in villages if v.kind == Village.Kind.COMMUNITY] or villages
    roads = rng.sample(ROADS, 3)
    places = [
        (rng.choice(NEIGHBOURHOODS), KeyArea.Kind.NEIGHBOURHOOD, rng.choice(communities),
         "居住区底商集中，占道经营和店外经营多发。"),
        (roads[0], KeyArea.Kind.ROAD, rng.choice(villages), "街道主干道，沿街商户密集。"),
        (roads[1], KeyArea.Kind.ROAD, None, "主干道，渣土车辆通行。"),
        (roads[2], KeyArea.Kind.ROAD, None, "学校、医院周边道路。"),
        (rng.choice(MARKETS), KeyArea.Kind.MARKET, None, "农贸市场及周边，早市时段占道经营突出。"),
    ]  # fmt: skip
    areas = []
    for name, kind, village, description in places:
        area = rows.add(
            KeyArea(street=street, name=name, kind=kind, village=village, description=description),
            at,
        )
        plan.audit_create(area, at, office)
        areas.append(area)
    body = rows.add(
        EnforcementBody(
            street=street,
            name=authority,
            legal_basis=data.BODY["legal_basis"],
            address=plan.address(f"{roads[0]}1号"),
            phone=f"022-6{plan.number % 1000:03d}0000",
            supervision_phone=f"022-6{plan.number % 1000:03d}0010",
        ),
        at,
    )
    plan.audit_create(body, at, office)
    for order, (power_kind, name, basis) in enumerate(data.POWERS, start=1):
        power = rows.add(
            EnforcementPower(
                street=street,
                body=body,
                kind=power_kind,
                name=name,
                legal_basis=basis,
                order=order,
            ),
            at,
        )
        plan.audit_create(power, at, office)
    plan.shared["enforcement_settings"] = settings
    plan.shared["categories"] = categories
    plan.shared["key_areas"] = areas
    plan.shared["frontage_units"] = _frontage_units(plan, rng, areas)
    plan.shared["numbers"] = Counter()


def _frontage_units(
    plan: StreetPlan, rng: random.Random, areas: list[KeyArea]
) -> list[FrontageUnit]:
    """Sixteen units along each key area, their letters signed before the first year."""
    grids: list[Grid] = plan.shared["grids"]
    office = plan.user(Role.OFFICE)
    units, used = [], set()
    for area_no, area in enumerate(areas):
        for n in range(16):
            while True:
                name = rng.choice(data.SHOP_NAMES) + rng.choice(data.SHOP_KINDS)
                if name not in used:
                    used.add(name)
                    break
            if area.kind == KeyArea.Kind.NEIGHBOURHOOD:
                address = f"{area.name}{n // 4 + 1}号楼底商{n % 4 + 1}号"
            elif area.kind == KeyArea.Kind.MARKET:
                address = f"{area.name}{n + 1}号摊位"
            else:
                address = f"{area.name}{2 * n + 1}号"
            signed = date(plan.first_year - 1, 3, 1) + timedelta(days=rng.randrange(240))
            at = plan.at(min(signed, plan.founding), 15)
            unit = plan.rows.add(
                FrontageUnit(
                    street=plan.street,
                    name=name,
                    kind=FrontageUnit.Kind.SHOP,
                    credit_code=_credit_code(rng),
                    address=address,
                    key_area=area,
                    grid=grids[(area_no * 7 + n) % len(grids)],
                    zone="门前至道路边石，东西各至相邻单位分界线。",
                    contact_name=plan.person(rng),
                    contact_phone=plan.mobile(rng),
                    letter_signed_on=signed,
                ),
                at,
            )
            plan.audit_create(unit, at, office)
            units.append(unit)
    return units


# --- the year -------------------------------------------------------------------------------


@generator_step(order=50, per_year=True)
def enforcement_year(plan: StreetPlan, year: int) -> None:
    work = EnforcementYear(plan, year)
    campaign = work.campaign()
    work.self_checks()
    work.patrols_and_cases(campaign)
    work.withdraw_one()


class EnforcementYear:
    """One street's enforcement year: its people, places and running numbers."""

    def __init__(self, plan: StreetPlan, year: int) -> None:
        self.plan = plan
        self.year = year
        self.rng = plan.rng("enforcement", year)
        self.rows = plan.rows
        self.horizon = plan.horizon
        self.office = plan.user(Role.OFFICE)
        self.leader = plan.user(Role.PRINCIPAL_LEADER)
        self.officers = plan.users(Role.ENFORCEMENT_OFFICER)
        self.reviewers = plan.users(Role.LEGAL_REVIEWER)
        self.grid_accounts = plan.users(Role.GRID_WORKER)
        self.settings: EnforcementSettings = plan.shared["enforcement_settings"]
        self.categories: dict[str, ViolationCategory] = plan.shared["categories"]
        self.areas: list[KeyArea] = plan.shared["key_areas"]
        self.units: list[FrontageUnit] = plan.shared["frontage_units"]
        self.grids: list[Grid] = plan.shared["grids"]
        self.villages: list[Village] = plan.shared["villages"]
        self.numbers: Counter[tuple[str, int]] = plan.shared["numbers"]
        self.codes: set[str] = plan.shared.setdefault("tracking_codes", set())
        self.published: list[tuple[Publication, CaseLife]] = []
        self.returned = False  # the year's first major case goes back for more evidence
        self.step_labels = {kind: str(label) for kind, label in CaseStep.Kind.choices}
        weights = data.CATEGORY_WEIGHTS
        self._codes = list(weights)
        self._weights = [weights[c] for c in self._codes]

    def number(self, series: str, year: int) -> int:
        self.numbers[(series, year)] += 1
        return self.numbers[(series, year)]

    def pair(self) -> list[User]:
        return self.rng.sample(self.officers, 2)

    def category(self) -> ViolationCategory:
        return self.categories[self.rng.choices(self._codes, weights=self._weights)[0]]

    def aw(self, day: date, n: int) -> date:
        return self.plan.add_workdays(day, n)

    # --- campaign and 门前三包
    def campaign(self) -> Campaign | None:
        plan, rng = self.plan, self.rng
        starts = date(self.year, 5, 4) + timedelta(days=rng.randrange(14))
        ends = date(self.year, 8, 31)
        if starts > self.horizon:
            return None
        at = plan.at(starts - timedelta(days=3), 10)
        names = "、".join(a.name for a in self.areas[:3])
        campaign = self.rows.add(
            Campaign(
                street=plan.street,
                name=f"{self.year}年{self.areas[0].name}等重点区域市容环境专项治理",
                starts_on=starts,
                ends_on=ends,
                goal=f"对{names}等重点区域的占道经营、店外经营、乱堆乱放、乱贴乱画、违规户外广告、"
                "私搭乱建和渣土遗撒等突出问题集中整治，落实“门前三包”责任制。",
                summary="专项治理期间开展联合巡查，重点区域占道经营、乱堆乱放等问题明显减少。"
                if ends < self.horizon
                else "",
                lead=self.leader,
            ),
            at,
        )
        self.rows.link(Campaign, "key_areas", campaign, self.areas)
        plan.audit_create(
            campaign, at, self.office, extra={"key_areas": sorted(a.pk for a in self.areas)}
        )
        middle = starts + timedelta(days=7)
        for name, first, last, tasks in (
            ("动员部署", starts, middle - timedelta(days=1), "制定方案，召开部署会，与沿街商户重签门前三包责任书。"),
            ("集中整治", middle, date(self.year, 7, 31), "集中执法力量对重点区域突出问题逐一整治，每日联合巡查。"),
            ("巩固提升", date(self.year, 8, 1), ends, "查漏补缺，建立常态长效管理机制。"),
        ):  # fmt: skip
            phase = self.rows.add(
                CampaignPhase(
                    campaign=campaign, name=name, starts_on=first, ends_on=last, tasks=tasks
                )
            )
            plan.audit_create(phase, at, self.office)
        district, short = plan.district.name, plan.street.name[:-1]
        partners = [
            (CampaignPartner.Kind.POLICE, f"{district}公安局{short}派出所", "维护整治现场秩序。"),
            (CampaignPartner.Kind.TRAFFIC_POLICE, f"{district}公安局交通警察支队{short}大队",
             "查处占道停车和渣土车辆交通违法。"),
            (CampaignPartner.Kind.MUNICIPAL, f"{short}市政公司", "清理违规设施后的道路修复和保洁。"),
            (CampaignPartner.Kind.VILLAGE, f"{self.areas[0].village or plan.shared['villages'][0]}居民委员会",
             "入户宣传，发动居民参与。"),
        ]  # fmt: skip
        for kind, name, role in partners:
            partner = self.rows.add(
                CampaignPartner(
                    campaign=campaign,
                    kind=kind,
                    name=name,
                    contact=plan.person(rng),
                    phone=plan.mobile(rng),
                    role=role,
                )
            )
            plan.audit_create(partner, at, self.office)
        return campaign

    def self_checks(self) -> None:
        """Each unit checks its frontage monthly; one check in nine fails and is put right."""
        plan, rng = self.plan, self.rng
        for unit in self.units:
            for month in range(1, 13):
                checked = date(self.year, month, 1) + timedelta(days=rng.randrange(10))
                if checked > self.horizon or (
                    unit.letter_signed_on and checked < unit.letter_signed_on
                ):
                    continue
                if rng.random() >= plan.scale:  # a small street's units check less often
                    continue
                failed = rng.random() < 1 / 9
                rectified = checked + timedelta(days=rng.randrange(1, 4)) if failed else None
                at = plan.at(checked, 16)
                check = self.rows.add(
                    FrontageSelfCheck(
                        unit=unit,
                        checked_on=checked,
                        result=FrontageSelfCheck.Result.FAILED
                        if failed
                        else FrontageSelfCheck.Result.PASSED,
                        problems="门前堆放纸箱、货物，占用人行道。" if failed else "",
                        rectified_on=rectified if rectified and rectified <= self.horizon else None,
                        recorded_by=self.office,
                    ),
                    at,
                )
                plan.audit_create(check, at, self.office, object_repr=f"{unit.name} {checked}")

    # --- patrols, reports, cases
    def patrols_and_cases(self, campaign: Campaign | None) -> None:
        plan, rng = self.plan, self.rng
        last_day = self.plan.year_days(self.year)[1]
        for day in plan.workdays(self.year):
            quiet = self.year == 2020 and QUIET[0] <= day <= QUIET[1]
            routes: list[tuple[Campaign | None, KeyArea | None, Grid | None]] = []
            routes += [(None, rng.choice(self.areas), None)] * plan.times(rng, 0.8)
            if campaign is not None and campaign.starts_on <= day <= campaign.ends_on:
                routes += [(campaign, rng.choice(self.areas), None)] * plan.times(rng, 0.7)
            routes += [(None, None, rng.choice(self.grids))] * plan.times(rng, 0.08)
            for patrol_campaign, area, grid in routes:
                self.patrol(day, patrol_campaign, area, grid, quiet)
            if quiet and rng.random() >= 0.3:
                continue
            for source, chance in (
                (Report.Source.GRID_WORKER, 0.25),
                (Report.Source.RESIDENT, 0.1),
                (Report.Source.HOTLINE, 0.1),
                (Report.Source.OTHER, 0.04),
            ):
                for _ in range(plan.times(rng, chance)):
                    self.report(day, source, campaign, last_day)

    def patrol(
        self,
        day: date,
        campaign: Campaign | None,
        area: KeyArea | None,
        grid: Grid | None,
        quiet: bool,
    ) -> None:
        plan, rng = self.plan, self.rng
        members = self.pair()
        started = plan.at(day, rng.choice((8, 9, 14, 15)), rng.choice((0, 30)))
        found = 0 if quiet and rng.random() < 0.7 else rng.choice((0, 0, 1, 1, 2))
        place = area.name if area is not None else grid.name if grid is not None else ""
        patrol = self.rows.add(
            Patrol(
                street=plan.street,
                started_at=started,
                ended_at=started + timedelta(hours=2),
                key_area=area,
                grid=grid,
                campaign=campaign,
                route=f"{place}沿线及周边背街小巷",
                findings=f"发现问题{found}处，已当场处置。"
                if found
                else "未发现违法行为，市容秩序良好。",
                problems_found=found,
            ),
            started + timedelta(hours=2, minutes=10),
        )
        self.rows.link(Patrol, "members", patrol, members)
        plan.audit_create(
            patrol,
            started + timedelta(hours=2, minutes=10),
            members[0],
            extra={"members": sorted(u.pk for u in members)},
        )
        # What the patrol found is registered once its record is written, back at the office.
        back = started + timedelta(hours=2, minutes=15)
        for i in range(found):
            if rng.random() < 0.1:
                # Recorded first as a report from the patrol, then registered from it.
                reported = back + timedelta(minutes=10 * i)
                report = self.new_report(
                    reported,
                    Report.Source.PATROL,
                    self.category(),
                    grid,
                    area,
                    reporter=members[0],
                    patrol=patrol,
                )
                self.case(reported, members, Report.Source.PATROL, report=report, patrol=patrol,
                          area=area, category=report.category, grid=grid, campaign=campaign,
                          accepted_at=reported + timedelta(minutes=30))  # fmt: skip
            else:
                moment = started + timedelta(minutes=20 + 40 * i)
                self.case(moment, members, Report.Source.PATROL, patrol=patrol, area=area,
                          grid=grid, campaign=campaign,
                          accepted_at=back + timedelta(minutes=10 * i))  # fmt: skip

    def new_report(
        self,
        moment: datetime,
        source: str,
        category: ViolationCategory | None,
        grid: Grid | None,
        area: KeyArea | None,
        *,
        reporter: User | None = None,
        patrol: Patrol | None = None,
    ) -> Report:
        plan, rng = self.plan, self.rng
        place = area.name if area is not None else grid.name if grid is not None else "辖区道路"
        behaviour = BEHAVIOUR[category.code] if category else "违法占用公共场地"
        fields: dict[str, Any] = {}
        if source == Report.Source.HOTLINE:
            fields["hotline_ticket"] = f"{moment:%Y%m%d}{rng.randrange(10**6):06d}"
        if source == Report.Source.RESIDENT:
            while True:
                code = "".join(rng.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
                if code not in self.codes:
                    self.codes.add(code)
                    break
            fields["tracking_code"] = code
            if rng.random() < 0.5:
                fields["reporter_name"] = plan.person(rng)
                fields["reporter_phone"] = plan.mobile(rng)
        report = self.rows.add(
            Report(
                street=plan.street,
                source=source,
                status=Report.Status.PENDING,
                reported_at=moment,
                category=category,
                grid=grid,
                patrol=patrol,
                address=f"{place}附近",
                description=f"{place}附近有人{behaviour}。",
                reporter=reporter,
                **fields,
            ),
            moment,
        )
        actor = self.office if source in (Report.Source.HOTLINE, Report.Source.OTHER) else reporter
        plan.audit_create(
            report, moment, actor, frozen=True, resident=source == Report.Source.RESIDENT
        )
        return report

    def report(self, day: date, source: str, campaign: Campaign | None, last_day: date) -> None:
        plan, rng = self.plan, self.rng
        moment = plan.at(day, rng.randrange(7, 19), rng.randrange(60))
        category = self.category()
        area = rng.choice(self.areas)
        reporter = self.office if source == Report.Source.OTHER else None
        if source == Report.Source.GRID_WORKER:
            reporter = rng.choice(self.grid_accounts)
            grid = reporter.grid
        else:
            grid = rng.choice(self.grids)
        report = self.new_report(moment, source, category, grid, area, reporter=reporter)
        handled = plan.office_hours(moment + timedelta(hours=rng.randrange(1, 20)), rng)
        if handled.date() > self.horizon or (self.horizon - day).days < 7:
            return  # still waiting for the officers at the horizon
        members = self.pair()
        if rng.random() < 0.12:
            plan.change(
                report,
                handled,
                members[0],
                {
                    "status": Report.Status.DISMISSED,
                    "dismiss_reason": rng.choice(DISMISS_REASONS),
                    "handled_by": members[0],
                    "handled_at": handled,
                },
                extra={"action": "dismiss"},
            )
            return
        in_campaign = (
            campaign if campaign and campaign.starts_on <= day <= campaign.ends_on else None
        )
        self.case(moment, members, source, report=report, area=area, category=category,
                  grid=grid, campaign=in_campaign, accepted_at=handled)  # fmt: skip

    def party(self, category: ViolationCategory, area: KeyArea | None) -> dict[str, Any]:
        plan, rng = self.plan, self.rng
        if category.code in ORGANISATION_CODES:
            kind = rng.choice(("建筑工程", "广告", "运输"))
            return {
                "party_kind": Case.PartyKind.ORGANISATION,
                "party_name": f"天津市{rng.choice(data.SHOP_NAMES)}{kind}有限公司",
                "party_id_number": _credit_code(rng),
                "party_phone": plan.mobile(rng),
                "party_address": plan.address(f"工业园区{rng.randrange(1, 60)}号"),
                "party_representative": plan.person(rng),
            }
        # Where the party lives (a village house, or a flat in a community), not where the
        # violation was: the facts never repeat it, so the publication has nothing to mask.
        village = rng.choice(self.villages)
        if village.kind == Village.Kind.VILLAGE:
            home = f"{village.name}{rng.randrange(1, 300)}号"
        else:
            home = f"{village.name}{rng.randrange(1, 30)}号楼{rng.randrange(1, 7)}单元{rng.randrange(1, 18)}0{rng.randrange(1, 5)}室"
        return {
            "party_kind": Case.PartyKind.INDIVIDUAL,
            "party_name": plan.person(rng),
            "party_id_number": _id_number(rng),
            "party_phone": plan.mobile(rng),
            "party_address": plan.address(home),
        }

    def case(
        self,
        moment: datetime,
        members: list[User],
        source: str,
        *,
        report: Report | None = None,
        patrol: Patrol | None = None,
        area: KeyArea | None = None,
        category: ViolationCategory | None = None,
        grid: Grid | None = None,
        campaign: Campaign | None = None,
        accepted_at: datetime | None = None,
    ) -> None:
        """Register a case (from a patrol, or accepting a report) and live its life."""
        plan, rng = self.plan, self.rng
        category = category or self.category()
        party = self.party(category, area)
        location = f"{area.name}{rng.randrange(1, 40)}号门前" if area else "辖区道路"
        facts = (
            f"{cn_day(moment)}{moment.hour:02d}时{moment.minute:02d}分，执法人员在{location}发现，"
            f"当事人{party['party_name']}{BEHAVIOUR[category.code]}。"
        )
        unit = None
        if category.group == ViolationCategory.Group.FRONTAGE and area is not None:
            candidates = [u for u in self.units if u.key_area is area]
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
                facts = f"{cn_day(moment)}，执法人员检查发现，{unit.name}未履行门前三包责任，门前责任区堆放杂物。"
        third = ""
        if rng.random() < 0.1:
            third = plan.person(rng)
            facts += f"现场证人{third}（电话{plan.mobile(rng)}）目睹经过。"
        heavy = category.code in HEAVY
        registered = accepted_at or moment
        case = self.rows.add(
            Case(
                street=plan.street,
                number=f"{moment.year}-{self.number('case', moment.year):04d}",
                status=S.FOUND,
                procedure=Case.Procedure.GENERAL,
                source=source,
                report=report,
                patrol=patrol,
                category=category,
                grid=grid,
                key_area=area,
                campaign=campaign,
                frontage_unit=unit,
                location=location,
                found_at=moment,
                facts=facts,
                third_parties=third,
                complex_case=heavy and rng.random() < 0.08,
                major_public_interest=heavy and rng.random() < 0.02,
                **party,
            ),
            registered,
        )
        self.rows.link(Case, "officers", case, members)
        plan.audit_create(
            case,
            registered,
            members[0],
            frozen=True,
            extra={"officers": sorted(u.pk for u in members)},
            object_repr=case.number,
        )
        names = "、".join(f"{u.display_name}（{u.enforcement_certificate_no}）" for u in members)
        life = CaseLife(self, case, members)
        life.record(Kind.REGISTER, moment, "", S.FOUND, f"承办执法人员：{names}。{facts}")
        if report is not None:
            plan.change(
                report,
                registered,
                members[0],
                {
                    "status": Report.Status.ACCEPTED,
                    "handled_by": members[0],
                    "handled_at": registered,
                },
                extra={"case": case.number},
            )
        life.live(heavy)
        life.finish()

    def publication(self, life: CaseLife, at: datetime) -> None:
        """The publication of ``life``'s case at ``at``, its texts masked as written."""
        plan, case = self.plan, life.case
        assert case.decided_on is not None
        probe = public_probe(case)
        publication = self.rows.add(
            Publication(
                case=case,
                authority=self.settings.authority()[:100],
                party=public_party(probe)[:100],
                facts=mask_public_text(probe.facts, probe),
                category=case.category.name[:100],
                conclusion=public_conclusion(probe) or str(case.get_outcome_display()),
                decision_no=case.decision_no,
                decided_on=case.decided_on,
                published_on=at.date(),
                published_by=self.office,
            )
        )
        plan.audit_create(publication, at, self.office, frozen=True, object_repr=case.decision_no)
        self.published.append((publication, life))

    # --- a revoked decision
    def withdraw_one(self) -> None:
        """One published penalty decision of the year revoked on reconsideration (行政复议) and
        its publication taken down within the limit."""
        plan, rng = self.plan, self.rng
        candidates = [
            (publication, life)
            for publication, life in self.published
            if life.case.procedure == Case.Procedure.GENERAL
            and life.case.outcome == Case.Outcome.PENALTY
            and publication.published_on.year == self.year
            and publication.published_on.month < 9
        ]
        if not candidates:
            return
        publication, life = rng.choice(candidates)
        case = life.case
        changed = publication.published_on + timedelta(days=rng.randrange(20, 60))
        withdrawn = self.aw(changed, rng.randrange(1, 3))
        if withdrawn > self.horizon:
            return
        try:
            due = deadlines.withdrawal_due(changed, self.settings, plan.calendar)
        except CalendarUnknown:
            return  # a year no calendar knows yet: the publication stays
        reason = "经行政复议，原处罚决定认定事实不清，复议机关决定撤销。"
        at = plan.at(changed, 15)
        life.undated(
            Kind.DECISION_CHANGE,
            at,
            f"决定于{cn_day(at)}变更或撤销：{reason}",
            changes={"decision_changed_on": changed, "decision_change_reason": reason},
            actor=self.office,
            now=True,
        )
        plan.change(publication, at, self.office, {"withdraw_due_on": due}, extra={"reason": reason},
                    object_repr=publication.decision_no)  # fmt: skip
        at = plan.at(withdrawn, 10)
        text = "该处罚决定已被行政复议机关撤销。"
        life.undated(Kind.WITHDRAW, at, f"撤下公示：{text}", actor=self.office, now=True)
        plan.change(
            publication,
            at,
            self.office,
            {"withdrawn_on": withdrawn, "withdraw_reason": text, "withdrawn_by": self.office},
            object_repr=publication.decision_no,
        )
        case.updated_at = max(case.updated_at, at)
