"""Haibin Street's enforcement after the report day: 2020's open records concluded in the weeks
after 2020年9月28日, and the current year up to the day the demo is loaded.

What was open on the report day (reports waiting, cases at every stage, the review with the
reviewer, decisions not yet published) is taken to its end between 2020年9月29日 and the end of
2020 on dates the rules allow, so the seed period's figures stay as they were.

The current year: a patrol every working day (two on some), reports from grid workers,
residents and the 12345 hotline, most handled and this week's waiting; cases through every
procedure, the recent ones at every stage; cases whose decision deadline falls around today (one
past it, a few due this week), reviews with the reviewer, decisions within their publication
limit, and the 门前三包 units' monthly self-checks. Everything through the services, dated
relative to ``ctx.today`` and drawn from ``ctx.rng_for`` so that a given day gives the same demo.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from fazhi.core.demo import DemoContext, demo_step, mobile, person_name
from fazhi.core.workdays import WorkCalendar
from fazhi.enforcement import demo_data as data
from fazhi.enforcement.demo import (
    BEHAVIOUR,
    ORGANISATION_CODES,
    _credit_code,
    _id_number,
    _png,
    after_decision,
    after_steps,
    fine_paid,
    report_record,
    scene_photo,
)
from fazhi.enforcement.models import (
    Case,
    EnforcementSettings,
    FrontageSelfCheck,
    FrontageUnit,
    KeyArea,
    LegalReview,
    Publication,
    Report,
    ViolationCategory,
)
from fazhi.enforcement.services import cases as case_services
from fazhi.enforcement.services import evidence as evidence_services
from fazhi.enforcement.services import frontage as frontage_services
from fazhi.enforcement.services import legal_review as review_services
from fazhi.enforcement.services import patrols as patrol_services
from fazhi.enforcement.services import publication as publication_services
from fazhi.enforcement.services import reports as report_services
from fazhi.org.models import Grid, GridWorker, User
from fazhi.org.roles import Role

REPORT_DAY = date(2020, 9, 28)
# Reports of the last days before the load day wait for the officers (待处理线索).
PENDING_DAYS = 3
HEAVY_CODES = {"SR-05", "SR-06", "SR-07", "SR-10"}
CORRECTED = (
    "当事人当场改正，违法行为轻微并及时改正，没有造成危害后果，依法不予处罚，责令改正后结案。"
)
CHECKLIST_ALL = {name: True for name, _label in LegalReview.CHECKLIST}
MATERIALS = "立案审批表、现场检查笔录、询问笔录、现场照片、行政处罚事先告知书及送达回证。"
AGREED = "执法主体适格，程序合法，事实清楚，证据充分，适用法律正确，裁量适当，同意作出处罚决定。"


class _Street:
    """The street's enforcement as 2020 left it: people, places, catalogue, calendar, and the
    running numbers of decisions and archives."""

    def __init__(self, ctx: DemoContext, part: str) -> None:
        self.ctx = ctx
        self.street = ctx.street
        self.rng: random.Random = ctx.rng_for(f"enforcement-{part}")
        users: dict[str, User] = ctx.shared["users"]
        self.office = users["office"]
        self.officer = users["officer"]
        self.reviewer = users["reviewer"]
        self.gridworker = users["gridworker"]
        own_grid = self.gridworker.grid
        assert own_grid is not None  # the org demo gives its grid worker the first grid
        self.own_grid: Grid = own_grid
        # Grid workers without an account report by phone to the 网格化管理 office.
        self.grid_office = users["staff"]
        extra = User.objects.filter(
            street=self.street,
            username__startswith="zfdy",
            groups__name=Role.ENFORCEMENT_OFFICER.value,
            is_active=True,
        ).order_by("username")
        self.officers: list[User] = [users["officer"], users["officer2"], *extra]
        self.categories = {c.code: c for c in ViolationCategory.objects.filter(street=self.street)}
        self.areas = {
            a.name: a
            for a in KeyArea.objects.filter(street=self.street, in_use=True).order_by("pk")
        }
        grids = {g.code: g for g in Grid.objects.filter(street=self.street)}
        self.area_grids = {
            name: [grids[code] for code in codes if code in grids]
            for name, codes in data.KEY_AREA_GRIDS.items()
            if name in self.areas
        }
        self.units = list(
            FrontageUnit.objects.filter(street=self.street, in_use=True).order_by("pk")
        )
        self.grid_worker_names: dict[int, str] = dict(
            GridWorker.objects.filter(
                street=self.street, kind=GridWorker.Kind.FULL_TIME
            ).values_list("grid_id", "name")
        )
        self.calendar = WorkCalendar.load()
        self.settings = EnforcementSettings.for_street(self.street)
        self.phones: set[str] = ctx.shared.setdefault("phones", set())
        self.numbers: dict[str, int] = {}

    # --- dates -----------------------------------------------------------------------------------

    def after(self, day: date, n: int) -> date:
        return self.calendar.add_workdays(day, n)

    def before(self, day: date, n: int) -> date:
        """The ``n``-th working day before ``day``."""
        while n > 0:
            day -= timedelta(days=1)
            if self.calendar.is_workday(day):
                n -= 1
        return day

    def workday_on_or_before(self, day: date) -> date:
        while not self.calendar.is_workday(day):
            day -= timedelta(days=1)
        return day

    def when(self, case: Case, day: date, hour: int, minute: int = 0) -> datetime.datetime:
        """The moment of a step of ``case`` on ``day``: at ``hour``, or just after the case's
        last step when that came later on the same day."""
        return after_steps(case, self.ctx.at(day, hour, minute))

    # --- people and places -----------------------------------------------------------------------

    def pair(self, *, with_officer: bool = False) -> list[User]:
        if with_officer:
            return [self.officer, self.rng.choice(self.officers[1:])]
        return self.rng.sample(self.officers, 2)

    def category(self) -> ViolationCategory:
        codes = [c for c in data.CATEGORY_WEIGHTS if c in self.categories]
        return self.categories[
            self.rng.choices(codes, weights=[data.CATEGORY_WEIGHTS[c] for c in codes])[0]
        ]

    def area(self) -> KeyArea:
        return self.rng.choice(list(self.areas.values()))

    def grid_in(self, area: KeyArea) -> Grid:
        return self.rng.choice(self.area_grids[area.name])

    def area_of(self, grid: Grid) -> KeyArea:
        """A key area the grid lies in."""
        return next(self.areas[n] for n, grids in self.area_grids.items() if grid in grids)

    def party(self, category: ViolationCategory, area: KeyArea) -> dict[str, Any]:
        rng = self.rng
        if category.code in ORGANISATION_CODES:
            return {
                "party_kind": Case.PartyKind.ORGANISATION,
                "party_name": f"天津市{rng.choice(data.SHOP_NAMES)}"
                f"{rng.choice(['建筑工程', '广告', '运输'])}有限公司",
                "party_id_number": _credit_code(rng),
                "party_phone": mobile(rng, self.phones),
                "party_address": f"天津市滨海新区海滨街工业园区{rng.randrange(1, 60)}号",
                "party_representative": person_name(rng),
            }
        return {
            "party_kind": Case.PartyKind.INDIVIDUAL,
            "party_name": person_name(rng),
            "party_id_number": _id_number(rng),
            "party_phone": mobile(rng, self.phones),
            "party_address": f"天津市滨海新区海滨街{area.name}{rng.randrange(1, 40)}号",
        }

    def number(self, kind: str, year: int) -> str:
        """The next number of a general (罚决字) or on-the-spot (当罚字) decision of ``year``."""
        prefix = f"津滨海街{kind}字〔{year}〕"
        key = f"{kind}{year}"
        if key not in self.numbers:
            self.numbers[key] = Case.objects.filter(
                street=self.street, decision_no__startswith=prefix
            ).count()
        self.numbers[key] += 1
        return f"{prefix}{self.numbers[key]}号"

    # --- the steps of a case ---------------------------------------------------------------------

    def fine_for(self, case: Case, *, major: bool) -> tuple[Decimal, bool]:
        """A fine within the category's range; at or above the major-case threshold when
        ``major`` and the range reaches it (the second value says whether it does)."""
        category = case.category
        low = category.fine_min or Decimal("0")
        high = category.fine_max or Decimal("1000")
        threshold = (
            self.settings.major_fine_individual
            if case.party_kind == Case.PartyKind.INDIVIDUAL
            else self.settings.major_fine_organisation
        )
        if major and high >= threshold:
            fine = min(high, threshold + Decimal(self.rng.randrange(0, 5)) * Decimal("1000"))
            return fine, True
        fine = max(
            low,
            min(
                high, threshold - Decimal("1"), Decimal(self.rng.randrange(2, 40)) * data.FINE_STEP
            ),
        )
        return fine, False

    def file(self, case: Case, members: list[User], day: date) -> Case:
        return case_services.case_file(
            actor=members[0],
            case=case,
            filed_on=day,
            record="经审查，符合立案条件，予以立案。",
            today=day,
            now=self.when(case, day, 9),
        )

    def investigate(self, case: Case, members: list[User], day: date, record: str = "") -> Case:
        return case_services.case_investigate(
            actor=members[0],
            case=case,
            record=record or "制作现场检查笔录、询问笔录，拍摄现场照片，调取当事人身份信息。",
            investigated_on=day,
            today=day,
            now=self.when(case, day, 10),
        )

    def notify(self, case: Case, members: list[User], day: date, fine: Decimal | None) -> Case:
        return case_services.case_notify(
            actor=members[0],
            case=case,
            notified_on=day,
            proposed_penalty="拟不予行政处罚。"
            if fine is None
            else f"责令改正，拟处罚款{fine}元。",
            proposed_penalty_kind="" if fine is None else Case.PenaltyKind.FINE,
            proposed_fine=fine,
            today=day,
            now=self.when(case, day, 10),
        )

    def submit(self, case: Case, members: list[User], day: date) -> LegalReview:
        return review_services.legal_review_submit(
            actor=members[0], case=case, reviewer=self.reviewer, materials=MATERIALS, today=day
        )

    def review(self, review: LegalReview, day: date) -> None:
        conclusion = self.rng.choice([LegalReview.Conclusion.AGREE, LegalReview.Conclusion.AMEND])
        review_services.legal_review_complete(
            actor=self.reviewer,
            review=review,
            checklist=CHECKLIST_ALL,
            conclusion=conclusion,
            opinion=(
                AGREED
                if conclusion == LegalReview.Conclusion.AGREE
                else "事实清楚，证据充分；决定书中处罚依据应引用至条、款、项，修改后同意。"
            ),
            now=self.when(review.case, day, 15),
        )

    def decide(self, case: Case, members: list[User], day: date, fine: Decimal | None) -> Case:
        case.refresh_from_db()
        return case_services.case_decide(
            actor=members[0],
            case=case,
            decided_on=day,
            outcome=Case.Outcome.NO_PENALTY if fine is None else Case.Outcome.PENALTY,
            decision_no=self.number("罚决", day.year),
            decision_text=(
                "违法行为轻微并及时改正，没有造成危害后果，依法不予行政处罚。"
                if fine is None
                else f"责令改正，并处罚款{fine}元。"
            ),
            deciders=members,
            penalty_kind="" if fine is None else Case.PenaltyKind.FINE,
            fine=fine,
            decision_basis=case.category.penalty_basis,
            today=day,
            now=self.when(case, day, 11),
        )

    def serve(self, case: Case, members: list[User], day: date) -> Case:
        return case_services.case_serve(
            actor=members[0],
            case=case,
            served_on=day,
            method="直接送达",
            today=day,
            now=self.when(case, day, 10),
        )

    def execute(
        self, case: Case, members: list[User], day: date, fine: Decimal | None, hour: int = 10
    ) -> Case:
        return fine_paid(case, members, day, fine, self.when(case, day, hour))

    def close(self, case: Case, members: list[User], day: date) -> Case:
        return case_services.case_close(
            actor=members[0], case=case, closed_on=day, today=day, now=self.when(case, day, 16)
        )

    def close_corrected(self, case: Case, members: list[User], day: date) -> Case:
        return case_services.case_close_corrected(
            actor=members[0],
            case=case,
            closed_on=day,
            reason=CORRECTED,
            today=day,
            now=self.when(case, day, 16),
        )

    def archive(self, case: Case, day: date) -> None:
        case_services.case_archive(
            actor=self.officers[0],
            case=case,
            archived_on=day,
            archive_no=f"海滨执法档〔{day.year}〕{case.number}",
            today=day,
            now=self.when(case, day, 15),
        )

    def publish(self, case: Case, day: date) -> None:
        publication_services.publication_publish(
            actor=self.office, case=case, today=day, now=self.when(case, day, 10)
        )


# --- 2020's loose ends -----------------------------------------------------------------------------


@demo_step(order=710)
def conclude_2020(ctx: DemoContext) -> None:
    """Take what was open on the report day to its end after it: reports handled, the review
    given its opinion, cases filed, decided, served, executed, closed and archived, decisions
    published, each on dates the rules allow (from 2020年9月29日, before the year's end)."""
    s = _Street(ctx, "2020")
    first = s.after(REPORT_DAY, 1)  # 2020年9月29日
    _handle_2020_reports(s, first)
    for case in (
        Case.objects.filter(street=s.street, found_at__year__lte=2020)
        .exclude(status__in=[Case.Status.ARCHIVED])
        .select_related("category")
        .order_by("found_at", "pk")
    ):
        _conclude(s, case, first)


def _handle_2020_reports(s: _Street, first: date) -> None:
    """The reports waiting on the report day: checked on the spot on the next working days;
    one in eight not confirmed, the others registered as cases found on that visit."""
    pending = Report.objects.filter(
        street=s.street, status=Report.Status.PENDING, reported_at__year__lte=2020
    ).order_by("reported_at", "pk")
    for n, report in enumerate(pending):
        day = s.after(first, n % 3)
        moment = s.ctx.at(day, 9 + n % 7, 10 * (n % 6))
        if s.rng.random() < 1 / 8:
            report_services.report_dismiss(
                actor=s.officers[0],
                report=report,
                reason="经现场核查，问题不属实或已自行消除。",
                now=moment,
            )
            continue
        members = s.pair()
        category = report.category or s.category()
        area = s.area_of(report.grid) if report.grid else s.area()
        party = s.party(category, area)
        # Found when the officers checked the report on the spot, after the report day.
        report_services.report_accept(
            actor=members[0],
            report=report,
            officers=members,
            data={
                "found_at": moment,
                "category": category,
                "key_area": area,
                "location": f"{area.name}{s.rng.randrange(1, 40)}号门前",
                "facts": (
                    f"{moment:%Y年%-m月%-d日}，执法人员根据群众反映到现场核查，发现当事人"
                    f"{party['party_name']}{BEHAVIOUR.get(category.code, '存在违法行为')}。"
                ),
                **party,
            },
            now=moment,
        )


def _conclude(s: _Street, case: Case, first: date) -> None:
    """One case of 2020 from its state on the report day to its archive."""
    members = list(case.officers.all()[:2])
    status = case.status
    day = max(first, _last_day(case))
    if status in (Case.Status.FOUND, Case.Status.STOPPED) and (
        case.category.code not in HEAVY_CODES
    ):
        # Minor ones were put right when the officers came back.
        if status == Case.Status.FOUND:
            stopped = max(s.ctx.at(day, 9, 30), case.found_at + timedelta(minutes=10))
            case = case_services.case_stop(
                actor=members[0],
                case=case,
                stopped_at=stopped,
                measure="责令停止违法行为，清理现场。",
                now=stopped,
            )
        case = s.close_corrected(case, members, day)
        s.archive(case, s.after(day, 10))
        return
    if status in (Case.Status.FOUND, Case.Status.STOPPED):
        case = s.file(case, members, day)
        status = case.status
    if status == Case.Status.FILED:
        day = s.after(day, 2)
        case = s.investigate(case, members, day)
        status = case.status
    if status == Case.Status.INVESTIGATING:
        fine, _major = s.fine_for(case, major=case.category.code in {"SR-06", "SR-07"})
        day = s.after(day, 3)
        case = s.notify(case, members, day, fine)
        status = case.status
    if status == Case.Status.NOTIFIED and case.is_major(s.settings) and not case.passed_review():
        day = s.after(day, 2)
        s.submit(case, members, day)
        status = Case.Status.REVIEWING
    if status == Case.Status.REVIEWING:
        review = LegalReview.objects.get(case=case, conclusion="")
        day = max(s.after(timezone.localdate(review.submitted_at), 5), s.after(day, 1))
        s.review(review, day)
    if status in (Case.Status.NOTIFIED, Case.Status.REVIEWING):
        day = s.after(max(day, case.notified_on or day), 6)
        case = s.decide(case, members, day, case.proposed_fine)
        status = case.status
    if (
        case.decided_on is not None
        and case.decision_changed_on is None
        and not Publication.objects.filter(case=case).exists()
    ):
        # Within the limit where it still runs; at once where it ran out on the report day.
        due = case.publish_due_on or s.after(case.decided_on, 7)
        soon = s.after(max(first, case.decided_on), 2)
        s.publish(case, max(first, min(due, soon)))
    if status == Case.Status.DECIDED:
        day = s.after(max(day, case.decided_on or day), 3)
        case = s.serve(case, members, day)
        status = case.status
    if status == Case.Status.SERVED and case.outcome == Case.Outcome.PENALTY:
        day = s.after(max(day, case.served_on or day), 4)
        case = s.execute(case, members, day, case.fine)
        status = case.status
    if status in (Case.Status.SERVED, Case.Status.EXECUTED):
        day = s.after(max(day, _last_day(case)), 2)
        case = s.close(case, members, day)
        status = case.status
    if status in (Case.Status.CLOSED, Case.Status.TRANSFERRED):
        end = case.closed_on or case.transferred_on or day
        s.archive(case, s.after(max(end, first), 10))


def _last_day(case: Case) -> date:
    """The latest date the case's record carries."""
    days = [
        case.filed_on,
        case.notified_on,
        case.decided_on,
        case.served_on,
        case.executed_on,
        case.closed_on,
        case.transferred_on,
        timezone.localdate(case.found_at),
        timezone.localdate(case.stopped_at) if case.stopped_at else None,
    ]
    return max(d for d in days if d is not None)


# --- the current year ------------------------------------------------------------------------------


class _Year(_Street):
    """The current year's generator: up to yesterday, deadlines around today."""

    def __init__(self, ctx: DemoContext, part: str) -> None:
        super().__init__(ctx, part)
        self.today = ctx.today
        self.yesterday = ctx.today - timedelta(days=1)
        self.pending_from = ctx.today - timedelta(days=PENDING_DAYS)

    def done(self, day: date) -> bool:
        """Whether ``day`` is over (up to yesterday)."""
        return day <= self.yesterday


@demo_step(order=715)
def current_patrols_and_cases(ctx: DemoContext) -> None:
    """The year's patrols, reports and cases up to yesterday; this week's reports waiting."""
    y = _Year(ctx, "cases")
    day = min(ctx.year_start, y.pending_from)  # this week's reports even on New Year's Day
    while day <= y.yesterday:
        if y.calendar.is_workday(day):
            _patrol_day(y, day)
        _reports_of(y, day)
        day += timedelta(days=1)


def _patrol_day(y: _Year, day: date) -> None:
    rng = y.rng
    for _n in range(1 + (rng.random() < 0.2)):
        area = y.area()
        members = y.pair()
        started = y.ctx.at(day, rng.choice([8, 9, 14, 15]), rng.choice([0, 30]))
        found = rng.choice([0, 1, 1, 2])
        patrol = patrol_services.patrol_create(
            street=y.street,
            actor=members[0],
            members=members,
            now=started + datetime.timedelta(hours=3),
            started_at=started,
            ended_at=started + datetime.timedelta(hours=2),
            key_area=area,
            route=f"{area.name}沿线及周边背街小巷",
            findings=(
                f"发现问题{found}处，已当场处置。" if found else "未发现违法行为，市容秩序良好。"
            ),
            problems_found=found,
        )
        for i in range(found):
            moment = started + datetime.timedelta(minutes=20 + 40 * i)
            category = y.category()
            _case(y, moment, members, category=category, area=area, patrol=patrol)


def _reports_of(y: _Year, day: date) -> None:
    """Reports that come in without a patrol: grid workers on working days, residents and the
    hotline on any day (fewer at weekends)."""
    rng = y.rng
    workday = y.calendar.is_workday(day)
    for source, chance in (
        (Report.Source.GRID_WORKER, 0.38 if workday else 0.0),
        (Report.Source.RESIDENT, 0.16 if workday else 0.08),
        (Report.Source.HOTLINE, 0.15 if workday else 0.08),
    ):
        if rng.random() < chance:
            _report(y, day, source)
    if day >= y.pending_from:
        # This week's: the demo grid worker's own round and a resident on the portal.
        if day.weekday() in (0, 2, 4) or day == y.yesterday:
            _report(y, day, Report.Source.GRID_WORKER, own=True)
        if day == y.yesterday:
            _report(y, day, Report.Source.RESIDENT)


def _report(y: _Year, day: date, source: str, *, own: bool = False) -> None:
    rng = y.rng
    category = y.category()
    hour = rng.randrange(7, 19)
    moment = y.ctx.at(day, hour, rng.randrange(60))
    own_grid = y.own_grid
    if own or (source == Report.Source.GRID_WORKER and rng.random() < 0.2):
        grid = own_grid
        area = y.area_of(grid)
    else:
        area = y.area()
        grid = y.grid_in(area)
    description = f"{area.name}附近有人{BEHAVIOUR[category.code]}。"
    reporter: User | None = None
    if source == Report.Source.GRID_WORKER:
        reporter = y.gridworker if grid == own_grid else y.grid_office
        if grid != own_grid:
            description = f"网格员{y.grid_worker_names.get(grid.pk, '')}电话报告：{description}"
    elif source == Report.Source.HOTLINE:
        reporter = y.office
    report_data, photo = report_record(
        rng,
        y.phones,
        day=day,
        source=source,
        moment=moment,
        category=category,
        place=area.name,
        description=description,
        grid=grid,
    )
    report = report_services.report_create(
        actor=reporter, street=y.street, data=report_data, photo=photo, now=moment
    )
    if day >= y.pending_from:
        return  # this week's: waiting for the officers
    handled = moment + datetime.timedelta(hours=rng.randrange(1, 20))
    if not 8 <= handled.hour < 18:  # checked on the spot in working hours
        next_day = handled.date() + timedelta(days=handled.hour >= 18)
        handled = y.ctx.at(next_day, 8, 30 + rng.randrange(30))
    if rng.random() < 0.12:
        report_services.report_dismiss(
            actor=y.officers[0],
            report=report,
            reason="经现场核查，问题不属实或已自行消除。",
            now=handled,
        )
        return
    _case(
        y,
        handled,
        y.pair(),
        category=category,
        area=area,
        grid=grid,
        report=report,
        source=source,
    )


def _case(
    y: _Year,
    moment: datetime.datetime,
    members: list[User],
    *,
    category: ViolationCategory,
    area: KeyArea,
    grid: Grid | None = None,
    patrol: Any = None,
    report: Report | None = None,
    source: str = Report.Source.PATROL,
) -> None:
    rng = y.rng
    party = y.party(category, area)
    location = f"{area.name}{rng.randrange(1, 40)}号门前"
    facts = (
        f"{moment:%Y年%-m月%-d日%H时%M分}，执法人员在{location}发现，当事人{party['party_name']}"
        f"{BEHAVIOUR[category.code]}。"
    )
    unit = None
    if category.group == ViolationCategory.Group.FRONTAGE:
        candidates = [u for u in y.units if u.key_area_id == area.pk]
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
            facts = (
                f"{moment:%Y年%-m月%-d日}，执法人员检查发现，{unit.name}未履行门前三包责任，"
                "门前责任区堆放杂物。"
            )
    if grid is None:
        grid = unit.grid if unit is not None and unit.grid else y.grid_in(area)
    case_data: dict[str, Any] = {
        "category": category,
        "location": location,
        "found_at": moment,
        "facts": facts,
        "grid": grid,
        "key_area": area,
        "frontage_unit": unit,
        **party,
    }
    if report is not None:
        case = report_services.report_accept(
            actor=members[0], report=report, officers=members, data=case_data, now=moment
        )
    else:
        case = case_services.case_register(
            actor=members[0],
            street=y.street,
            data={**case_data, "source": source, "patrol": patrol},
            officers=members,
            now=moment,
        )
    scene_photo(rng, case, members[0], moment)
    _proceed(y, case, moment, members)


def _proceed(y: _Year, case: Case, moment: datetime.datetime, members: list[User]) -> None:
    """Take the case as far as yesterday allows, by a path fitting its category."""
    rng = y.rng
    roll = rng.random()
    day = moment.date()
    if day >= y.before(y.today, 3) and roll < 0.35:
        return  # found in the last days: still 发现登记
    if case.category.code in HEAVY_CODES:
        if roll < 0.12:
            _transfer(y, case, day, members)
        else:
            _general(y, case, day, members, major=roll > 0.72)
        return
    stopped = moment + datetime.timedelta(minutes=5)
    case = case_services.case_stop(
        actor=members[0],
        case=case,
        stopped_at=stopped,
        measure="当场责令停止违法行为，清理现场。",
        now=stopped,
    )
    if roll < 0.58:
        closed = y.after(day, rng.randrange(0, 3))
        if y.done(closed):
            case = y.close_corrected(case, members, closed)
            archived = y.after(closed, 10)
            if y.done(archived):
                y.archive(case, archived)
        return
    if roll < 0.88:
        _on_the_spot(y, case, stopped, members)
        return
    _general(y, case, day, members, major=False)


def _on_the_spot(y: _Year, case: Case, stopped: datetime.datetime, members: list[User]) -> None:
    """Decided on the spot; the fine paid within days (on the day for yesterday's), closed."""
    rng = y.rng
    decided_at = stopped + datetime.timedelta(minutes=15)
    day = decided_at.date()
    fine = None
    kind = Case.PenaltyKind.WARNING
    if rng.random() < 0.55:
        kind = Case.PenaltyKind.FINE
        limit = min(case.category.fine_max or Decimal("200"), Decimal("200"))
        fine = min(
            limit,
            max(case.category.fine_min or Decimal("50"), Decimal(rng.choice([50, 100, 150, 200]))),
        )
    case = case_services.case_decide_on_the_spot(
        actor=members[0],
        case=case,
        decided_at=decided_at,
        place=case.location,
        penalty_kind=kind,
        fine=fine,
        decision_no=y.number("当罚", day.year),
        decision_basis=case.category.penalty_basis,
        deciders=members,
        now=decided_at,
    )
    paid = y.after(day, rng.randrange(0, 4)) if fine else day
    if not y.done(paid):
        paid = day
    archived = y.after(paid, 10)
    _carry_on(
        y,
        case,
        day,
        [
            (paid, lambda c: y.execute(c, members, paid, fine, hour=17)),
            (paid, lambda c: y.close(c, members, paid)),
            (archived, lambda c: y.archive(c, archived)),
        ],
    )


def _transfer(y: _Year, case: Case, found: date, members: list[User]) -> None:
    day = y.after(found, 1)
    if not y.done(day):
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
        today=day,
        now=y.when(case, day, 10),
    )
    archived = y.after(day, 10)
    if y.done(archived):
        y.archive(case, archived)


def _general(y: _Year, case: Case, found: date, members: list[User], *, major: bool) -> None:
    """立案 → 调查取证 → 告知 → (法制审核) → 决定 → 送达 → 执行 → 结案 → 归档, as far as
    yesterday allows."""
    rng = y.rng
    filed, investigated, notified, submitted, reviewed, decided, served, executed, closed = (
        y.after(found, n) for n in (1, 3, 8, 12, 16, 20, 23, 25, 30)
    )
    if not y.done(filed):
        return
    case = y.file(case, members, filed)
    if not y.done(investigated):
        return
    case = y.investigate(case, members, investigated)
    fine, major = y.fine_for(case, major=major)
    no_penalty = not major and rng.random() < 0.08
    if not y.done(notified):
        return
    case = y.notify(case, members, notified, None if no_penalty else fine)
    if not no_penalty and rng.random() < 0.3:
        case = case_services.case_record_statement(
            actor=members[0],
            case=case,
            statement="当事人陈述已认识到违法行为，请求从轻处罚。",
            received_on=notified,
            today=notified,
            now=y.when(case, notified, 15),
        )
    if major:
        if not y.done(submitted):
            return
        review = y.submit(case, members, submitted)
        if not y.done(reviewed):
            return
        y.review(review, reviewed)
    if not y.done(decided):
        return
    case = y.decide(case, members, decided, None if no_penalty else fine)
    archived = y.after(closed, 10)
    later: list[tuple[date, Callable[[Case], Case | None]]] = [
        (served, lambda c: y.serve(c, members, served))
    ]
    if not no_penalty:
        later.append((executed, lambda c: y.execute(c, members, executed, fine)))
    later += [
        (closed, lambda c: y.close(c, members, closed)),
        (archived, lambda c: y.archive(c, archived)),
    ]
    _carry_on(y, case, decided, later)


def _carry_on(
    y: _Year, case: Case, decided: date, later: list[tuple[date, Callable[[Case], Case | None]]]
) -> None:
    """The steps after the decision as far as yesterday allows, its publication among them."""
    after_decision(
        case,
        later,
        published_on=_publication_day(y, case, decided),
        publish=y.publish,
        last_day=y.yesterday,
    )


def _publication_day(y: _Year, case: Case, decided: date) -> date | None:
    """Published within the limit, most within three working days, one in twelve late; a
    decision of the last days waits (None), never past its limit."""
    rng = y.rng
    case.refresh_from_db()
    due = case.publish_due_on or y.after(decided, 7)
    late = rng.random() < 1 / 12
    day = y.after(due, rng.randrange(1, 4)) if late else y.after(decided, rng.randrange(1, 4))
    if y.done(day):
        return day
    if due < y.today:
        return max(decided, y.yesterday)
    return None


# --- deadlines around today ----------------------------------------------------------------------


@demo_step(order=720)
def current_deadlines(ctx: DemoContext) -> None:
    """Cases whose time limits fall around today, most of them the demo officer's: one past its
    decision deadline, a few due this week or within the fortnight, three with the reviewer,
    two decided in the last days and waiting for publication."""
    y = _Year(ctx, "deadlines")
    today = y.today
    # Past its deadline: the party's statement asked for more checks, the decision not yet made.
    filed = y.workday_on_or_before(today - timedelta(days=93))
    case, members = _opened(y, "SR-03", filed, with_officer=True)
    case = y.investigate(case, members, y.after(filed, 2))
    notified = y.after(filed, 12)
    case = y.notify(case, members, notified, Decimal("800"))
    case_services.case_record_statement(
        actor=members[0],
        case=case,
        statement="当事人申辩堆放物品系他人所为，提供了证人姓名，要求核实。",
        received_on=y.after(notified, 2),
        today=y.after(notified, 2),
        now=y.when(case, y.after(notified, 2), 15),
    )
    # Due this week: waiting for the decision after the party's statement; under a further
    # investigation; and a major case heard at the party's request, now with the reviewer.
    for k, code, with_officer, stage in (
        (1, "SR-02", True, "notified"),
        (2, "SR-06", True, "heard"),
        (4, "SR-03", False, "investigating"),
    ):
        filed = y.after(today + timedelta(days=k - 90), 0)
        _open_until(y, code, filed, with_officer=with_officer, stage=stage)
    # Due within the fortnight.
    for days, code, with_officer, stage in (
        (80, "SR-01", True, "investigating"),
        (77, "SR-09", False, "notified"),
    ):
        filed = y.after(today - timedelta(days=days), 0)
        _open_until(y, code, filed, with_officer=with_officer, stage=stage)
    # With the reviewer: submitted four and one working days ago (the third, above, eight).
    for back, with_officer in ((4, True), (1, False)):
        submitted = y.before(today, back)
        filed = y.before(submitted, 14)
        _open_until(
            y, "SR-06", filed, with_officer=with_officer, stage="reviewing", submitted=submitted
        )
    # Decided in the last days, not yet published (the limit is seven working days).
    for back, with_officer in ((1, True), (3, False)):
        decided = y.before(today, back)
        filed = y.before(decided, 12)
        _open_until(y, "SR-02", filed, with_officer=with_officer, stage="decided", decided=decided)


def _opened(y: _Year, code: str, filed: date, *, with_officer: bool) -> tuple[Case, list[User]]:
    """A case found on the working day before ``filed`` and filed on ``filed``."""
    rng = y.rng
    category = y.categories[code]
    area = y.area()
    members = y.pair(with_officer=with_officer)
    found = y.ctx.at(y.before(filed, 1), rng.randrange(8, 17), rng.randrange(60))
    party = y.party(category, area)
    location = f"{area.name}{rng.randrange(1, 40)}号"
    case = case_services.case_register(
        actor=members[0],
        street=y.street,
        data={
            "category": category,
            "source": Report.Source.PATROL,
            "location": location,
            "found_at": found,
            "facts": (
                f"{found:%Y年%-m月%-d日%H时%M分}，执法人员在{location}发现，当事人"
                f"{party['party_name']}{BEHAVIOUR[code]}。"
            ),
            "grid": y.grid_in(area),
            "key_area": area,
            **party,
        },
        officers=members,
        now=found,
    )
    evidence_services.evidence_attach(
        actor=members[0],
        case=case,
        kind="photo",
        file=ContentFile(_png(rng), name="scene.png"),
        description="现场照片",
        captured_at=found,
    )
    return y.file(case, members, filed), members


def _open_until(
    y: _Year,
    code: str,
    filed: date,
    *,
    with_officer: bool,
    stage: str,
    submitted: date | None = None,
    decided: date | None = None,
) -> None:
    """A general-procedure case filed on ``filed`` and taken to ``stage``: investigating,
    notified, heard (a hearing held, then with the reviewer), reviewing or decided."""
    case, members = _opened(y, code, filed, with_officer=with_officer)
    investigated = y.after(filed, 2)
    case = y.investigate(case, members, investigated)
    if stage == "investigating":
        y.investigate(
            case,
            members,
            y.after(investigated, 5),
            record="当事人对违法事实有异议，补充调取周边监控录像，询问相关证人。",
        )
        return
    major = stage in ("heard", "reviewing")
    fine, _major = y.fine_for(case, major=major)
    notified = y.after(investigated, 3 if stage != "heard" else 10)
    case = y.notify(case, members, notified, fine)
    if stage == "notified":
        case_services.case_record_statement(
            actor=members[0],
            case=case,
            statement="当事人陈述已认识到违法行为，请求从轻处罚。",
            received_on=y.after(notified, 1),
            today=y.after(notified, 1),
            now=y.when(case, y.after(notified, 1), 15),
        )
        return
    if stage == "heard":
        requested = notified + timedelta(days=3)
        notice = y.after(requested, 1)
        held = y.after(notice + timedelta(days=7), 0)
        case = case_services.case_record_hearing(
            actor=members[0],
            case=case,
            requested_on=requested,
            today=requested,
            now=y.when(case, requested, 10),
        )
        case = case_services.case_record_hearing(
            actor=members[0],
            case=case,
            notice_on=notice,
            today=notice,
            now=y.when(case, notice, 10),
        )
        case = case_services.case_record_hearing(
            actor=members[0],
            case=case,
            hearing_on=held,
            record=(
                "听证由非本案执法人员主持，当事人及其委托代理人到场陈述申辩，执法人员出示证据，"
                "当事人对违法事实无异议，请求从轻处罚。"
            ),
            today=held,
            now=y.when(case, held, 16),
        )
        y.submit(case, members, y.before(y.today, 8))
        return
    if stage == "reviewing":
        y.submit(case, members, submitted or y.before(y.today, 1))
        return
    day = decided or y.before(y.today, 1)
    case = y.decide(case, members, day, fine)
    if day < y.before(y.today, 1):
        y.serve(case, members, y.after(day, 1))


# --- 门前三包 ----------------------------------------------------------------------------------


@demo_step(order=725)
def current_frontage_self_checks(ctx: DemoContext) -> None:
    """Each unit's monthly self-check of the year, in the first ten days of the month; one in
    nine failing and put right within days; the latest failure still being put right."""
    y = _Year(ctx, "frontage")
    rng = y.rng
    checks: list[tuple[FrontageUnit, date, bool, date | None]] = []
    for unit in y.units:
        for month in range(1, y.today.month + 1):
            checked_on = date(y.today.year, month, 1) + timedelta(days=rng.randrange(10))
            if not y.done(checked_on) or (
                unit.letter_signed_on and checked_on < unit.letter_signed_on
            ):
                continue
            failed = rng.random() < 1 / 9
            rectified = checked_on + timedelta(days=rng.randrange(1, 4)) if failed else None
            checks.append((unit, checked_on, failed, rectified))
    recent = [n for n, c in enumerate(checks) if c[1] >= y.today - timedelta(days=7)]
    if recent:
        n = max(recent, key=lambda n: (checks[n][1], n))
        checks[n] = (checks[n][0], checks[n][1], True, None)
    for unit, checked_on, failed, rectified in checks:
        frontage_services.frontage_self_check_create(
            actor=y.office,
            unit=unit,
            today=y.today,
            checked_on=checked_on,
            result=FrontageSelfCheck.Result.FAILED if failed else FrontageSelfCheck.Result.PASSED,
            problems="门前堆放纸箱、货物，占用人行道。" if failed else "",
            rectified_on=rectified if rectified is not None and y.done(rectified) else None,
        )
