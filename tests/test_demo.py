"""The Haibin Street 2020 demo reproduces the seed report's figures, from its records.

The demo is loaded once for the whole module (it is the slowest fixture of the suite) and each
test reads it without writing, but for the last: the schemathesis run over the whole API, whose
writes stay inside its own transaction.
"""

from __future__ import annotations

import contextlib
import datetime
import itertools
import re
from collections import Counter
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from fazhi.audit.services import verify
from fazhi.core import stats as engine
from fazhi.core.charts import figure_text
from fazhi.enforcement.demo_data import KEY_AREA_GRIDS
from fazhi.enforcement.models import (
    Campaign,
    CampaignPartner,
    Case,
    FrontageUnit,
    KeyArea,
    LegalReview,
    Patrol,
    Publication,
    Report,
)
from fazhi.legal_services.models import Appointment, DutyShift, Mediation
from fazhi.org.geojson import geometry_errors
from fazhi.org.models import Grid, Street, User
from fazhi.org.roles import Role
from fazhi.org.selectors import grid_feature_collection
from fazhi.reviews.models import ReviewRequest
from fazhi.reviews.selectors import OPEN_REVIEW
from fazhi.testing import figures

pytestmark = pytest.mark.django_db


def test_demo_reproduces_the_seed_figures(demo):
    values = figures(start="2020-01-01", end="2020-09-28")
    # 一、组织领导
    assert values["org.grids"] == 72
    assert values["org.grid_workers"] == 263
    assert values["org.villages"] == 13
    assert values["org.leading_group_meetings"] == 4
    assert values["org.leading_group_members"] == 8
    # 四、决策与法律顾问：常年法律顾问审查合同和项目协议15份
    assert values["reviews.contracts_reviewed"] == 15
    # 五、公共法律服务
    assert values["legal_services.appointments"] == 22
    assert values["legal_services.appointment_lawyers"] == 10
    assert values["legal_services.consultations.phone"] == 210
    assert values["legal_services.consultations.wechat"] == 66
    assert values["legal_services.mediations_with_lawyer"] == 4
    assert values["legal_services.wechat_groups"] == 15
    assert values["legal_services.wechat_group_members"] >= 700
    assert values["legal_services.messages_pushed"] >= 270


def test_demo_enforcement_year(demo):
    """三、行政执法: patrols, a few hundred cases in every procedure, the five key areas, the
    campaign with its partners, 门前三包 units; each figure equals a count of the records of
    the seed's period (the demo goes on after it: 2020's open cases concluded, the current
    year)."""
    from django.utils import timezone

    values = figures(start="2020-01-01", end="2020-09-28")
    haibin = Street.objects.get(slug="haibin")
    report_day = datetime.date(2020, 9, 28)
    end = datetime.datetime(2020, 9, 29, tzinfo=timezone.get_current_timezone())
    cases = Case.objects.filter(street=haibin, found_at__lt=end)
    patrols = Patrol.objects.filter(street=haibin, started_at__lt=end)
    assert values["enforcement.patrols"] == patrols.count() > 200
    assert values["enforcement.cases_found"] == cases.count() >= 200
    closed = cases.filter(closed_on__lte=report_day)
    assert values["enforcement.cases_closed"] == closed.count() > 100
    assert (
        values["enforcement.cases_on_the_spot"] > 0
        and values["enforcement.cases_general_procedure"] > 0
    )
    reviewed = (
        LegalReview.objects.filter(case__street=haibin, reviewed_at__lt=end)
        .exclude(conclusion="")
        .values("case")
        .distinct()
        .count()
    )
    assert values["enforcement.major_cases_reviewed"] == reviewed > 0
    on_time = values["enforcement.decisions_published_on_time"]
    late = values["enforcement.decisions_published_late"]
    publications = Publication.objects.filter(case__street=haibin, published_on__lte=report_day)
    assert on_time + late == publications.count()
    assert on_time > late > 0
    assert (
        publications.filter(withdrawn_on__lte=report_day).exclude(withdraw_reason="").count() == 1
    )
    assert values["enforcement.campaigns"] == Campaign.objects.filter(street=haibin).count() == 1
    signed = FrontageUnit.objects.filter(street=haibin).exclude(letter_signed_on=None).count()
    assert values["enforcement.frontage_units"] == signed > 0
    assert set(KeyArea.objects.filter(street=haibin).values_list("name", flat=True)) == {
        "港西新城",
        "幸福路",
        "光明大道",
        "花园路",
        "祥和市场",
    }
    partner_kinds = set(
        CampaignPartner.objects.filter(campaign__street=haibin).values_list("kind", flat=True)
    )
    assert {"police", "traffic_police", "property", "municipal", "village"} <= partner_kinds
    # Cases in every stage at the report day (as their dates tell: each has since been
    # concluded), and every way a case ends.
    assert cases.exclude(stopped_at__lt=end).exclude(filed_on__lte=report_day).exists()
    assert cases.filter(filed_on__lte=report_day).exclude(decided_on__lte=report_day).exists()
    assert closed.exclude(archived_on__lte=report_day).exists()
    assert cases.filter(archived_on__lte=report_day).exists()
    assert {"penalty", "no_penalty", "corrected", "transferred"} <= set(
        cases.values_list("outcome", flat=True)
    )
    for case in cases.filter(archived_on__lte=report_day)[:20]:
        assert case.officers.exclude(enforcement_certificate_no="").count() >= 2


def _segments_cross(p: list[float], q: list[float], r: list[float], s: list[float]) -> bool:
    def turn(a: list[float], b: list[float], c: list[float]) -> float:
        return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])

    return turn(p, q, r) * turn(p, q, s) < 0 and turn(r, s, p) * turn(r, s, q) < 0


def test_every_grid_is_on_the_map_next_to_its_village(demo):
    """Each of Haibin's grids has a valid, simple polygon in the street's box; a village's
    grids form one block (each reaches the others through shared sides)."""
    report_day = datetime.date(2020, 9, 28)
    grids = list(Grid.objects.filter(street__slug="haibin").active_on(report_day))
    assert len(grids) == 72
    sides: dict[str, set[Any]] = {}
    for grid in grids:
        assert geometry_errors(grid.boundary) == [], grid.code
        assert grid.boundary["type"] == "Polygon"
        ring = grid.boundary["coordinates"][0]
        assert all(117.4 < lon < 117.6 and 38.75 < lat < 38.93 for lon, lat in ring), grid.code
        edges = list(itertools.pairwise(ring))
        for i, (p, q) in enumerate(edges):
            for r, s in edges[i + 2 :]:
                assert not _segments_cross(p, q, r, s), grid.code
        sides[grid.code] = {tuple(sorted((tuple(p), tuple(q)))) for p, q in edges}
    by_village: dict[int, list[Grid]] = {}
    for grid in grids:
        by_village.setdefault(grid.village_id, []).append(grid)
    assert len(by_village) == 13
    for village_grids in by_village.values():
        codes = [g.code for g in village_grids]
        reached, todo = {codes[0]}, [codes[0]]
        while todo:
            here = todo.pop()
            for other in codes:
                if other not in reached and sides[here] & sides[other]:
                    reached.add(other)
                    todo.append(other)
        assert reached == set(codes)
    street_map = grid_feature_collection(grids[0].street, report_day)
    assert sorted(f["properties"]["name"] for f in street_map["features"]) == sorted(
        g.code for g in grids
    )


def test_reports_and_cases_lie_in_the_grids_of_their_key_area(demo):
    reports = Report.objects.filter(street__slug="haibin").select_related("grid")
    by_grid = Counter(r.grid.code for r in reports)
    assert len(by_grid) >= 20
    assert max(by_grid.values()) < reports.count() / 4
    for report in reports:
        area = report.address.removesuffix("附近")
        assert report.grid.code in KEY_AREA_GRIDS[area], (report.address, report.grid.code)
    cases = Case.objects.filter(street__slug="haibin").select_related("grid", "key_area")
    assert cases.filter(grid=None).count() == 0
    assert len({c.grid_id for c in cases}) >= 20
    for case in cases.exclude(key_area=None):
        assert case.grid.code in KEY_AREA_GRIDS[case.key_area.name], case.number
    units = FrontageUnit.objects.filter(street__slug="haibin").select_related("grid", "key_area")
    assert all(u.grid.code in KEY_AREA_GRIDS[u.key_area.name] for u in units)
    # The demo grid worker reports from the own grid: a fair share of the grid workers'
    # reports, the rest from the other grids by their workers.
    worker = User.objects.get(username="gridworker")
    own = Report.objects.filter(reporter=worker)
    from_grid_workers = reports.filter(source=Report.Source.GRID_WORKER)
    assert set(own.values_list("grid", flat=True)) == {worker.grid_id}
    assert 3 <= own.count() < from_grid_workers.count() / 2
    assert from_grid_workers.values("grid").distinct().count() >= 15


def test_january_duty_sessions(demo):
    assert figures(start="2020-01-01", end="2020-01-31")["legal_services.duty_shifts_held"] == 16


def test_no_on_site_service_during_the_epidemic_suspension(demo):
    values = figures(start="2020-01-24", end="2020-05-31")
    assert values["legal_services.duty_shifts_held"] == 0
    assert values["legal_services.appointments"] == 0
    assert values["legal_services.duty_shifts_cancelled"] > 0


def test_demo_has_one_account_per_role_and_prints_them(demo):
    for role in Role:
        assert User.objects.filter(is_demo_account=True, groups__name=role.value).exists(), role
    assert "Haibin@2020" in demo and "auditor" in demo


def test_demo_is_audited_and_chain_verifies(demo):
    result = verify()
    assert result.ok and result.checked > 263 + 72 + 210 + 66


def test_demo_twice_refuses_or_skips(demo):
    with pytest.raises(CommandError, match="已存在"):
        call_command("demo")
    out = StringIO()
    call_command("demo", "--if-empty", stdout=out)
    assert "未重复载入" in out.getvalue()


def test_every_figure_adds_up_to_the_records_behind_it(
    demo, settings, django_assert_max_num_queries
):
    """For every registered figure, the records page the office clerk sees totals exactly the
    figure (a ratio: its denominator), at a bounded cost; and for one breakdown of each figure
    that has one (taken in turn: month, village, grid, a dimension), every bar's records total
    the bar. Every disagreement is listed at once."""
    settings.DEMO_MODE = True  # demo accounts log in without changing their password
    client = Client()
    assert client.login(username="office", password="Haibin@2020")
    clerk = User.objects.get(username="office")
    street = Street.objects.get(slug="haibin")
    period = engine.Period(datetime.date(2020, 1, 1), datetime.date(2020, 9, 28))
    params = {"start": "2020-01-01", "end": "2020-09-28"}
    values = engine.compute(street, period)
    client.get("/office/reports/statistics/", params)  # the session and permissions cached
    problems: list[Any] = []
    broken_down = 0
    for n, stat in enumerate(engine.registered()):
        with django_assert_max_num_queries(20):
            response = client.get(f"/office/reports/statistics/{stat.key}/records/", params)
        if response.status_code != 200:
            problems.append((stat.key, response.status_code))
            continue
        html = response.content.decode()
        expected = values[stat.basis().key]
        total = re.search(r'id="records-total" data-value="([^"]+)">([^<]*)<', html)
        figure = re.search(r'id="figure-value" data-value="([^"]+)"', html)
        if (
            total is None
            or figure is None
            or float(total.group(1)) != expected
            or figure_text(expected) not in total.group(2)
            or float(figure.group(1)) != values[stat.key]
        ):
            problems.append((stat.key, values[stat.key], total and total.groups()))
        names = [name for name, _label in stat.breakdowns()]
        if stat.derived or not names:
            continue
        by = names[n % len(names)]
        broken_down += 1
        for bar in engine.breakdown(stat, street, period, by):
            records = engine.records(stat, street, period, clerk, by=by, value=bar.key)
            if engine.records_total(stat, records) != bar.value:
                problems.append((stat.key, by, bar))
    assert problems == []
    assert broken_down > 50


def test_demo_study_year(demo):
    """七、学法与队伍建设: sessions of every kind with their sign-ins, self-study, the list of
    newly revised laws, the 法律明白人 of the villages; each figure equals a count or sum of its
    records, and some staff are short of the year's target at the report day (the seed's
    shortcoming)."""
    from datetime import date

    from django.db.models import Sum

    from fazhi.legal_services.models import AdviserContract
    from fazhi.study.models import (
        LawToStudy,
        LegalLiterate,
        LiterateTrainingAttendance,
        SelfStudy,
        StudyAttendance,
        StudyExam,
        StudyExamScore,
        StudySession,
    )
    from fazhi.study.selectors import hours_in_year, literate_coverage

    report_day = date(2020, 9, 28)
    values = figures(start="2020-01-01", end="2020-09-28")
    sessions = StudySession.objects.filter(street__slug="haibin", date__lte=report_day)
    assert values["study.sessions"] == sessions.count() == 13
    for kind in StudySession.Kind:
        assert values[f"study.sessions.kind.{kind}"] == sessions.filter(kind=kind).count() > 0
    leadership = sessions.filter(kind__in=StudySession.LEADERSHIP_KINDS)
    assert values["study.leadership_sessions"] == leadership.count() == 6
    attended = StudyAttendance.objects.filter(session__in=sessions, attended=True)
    assert values["study.attendances"] == attended.count() > 150
    assert values["study.hours"] == float(attended.aggregate(h=Sum("hours"))["h"])
    own = SelfStudy.objects.filter(street__slug="haibin", date__lte=report_day)
    assert values["study.self_study_hours"] == float(own.aggregate(h=Sum("hours"))["h"])
    laws = LawToStudy.objects.filter(street__slug="haibin", listed_on__lte=report_day)
    assert values["study.laws_to_study"] == laws.count() == 9
    assert laws.get(name="《中华人民共和国民法典》").revised_on == date(2020, 5, 28)
    active = LegalLiterate.objects.filter(street__slug="haibin").active_on(report_day)
    assert values["study.legal_literates"] == active.count() == 37
    trained = LiterateTrainingAttendance.objects.filter(training__date__lte=report_day)
    assert values["study.legal_literates_trained"] == trained.values("literate").distinct().count()
    assert values["study.literate_trainings"] == 2
    # The adviser's lectures are given by the standing contract's lead lawyer.
    contract = AdviserContract.objects.filter(street__slug="haibin").active_on(report_day).get()
    lead = contract.lead_lawyer
    lectures = sessions.filter(kind=StudySession.Kind.ADVISER_LECTURE)
    assert {s.lawyer for s in lectures} == {lead}
    office = User.objects.get(username="office")
    year = hours_in_year(office, 2020)
    assert year.target is not None and year.target.target_hours == 40
    assert 0 < len(year.below) < len(year.people) / 2
    short = [c.village.name for c in literate_coverage(office, report_day) if c.below_target]
    assert short == ["花园路社区", "福华里社区", "刘岗庄村"]
    # The year's exam draws its questions from the 知识竞答 bank.
    exam = StudyExam.objects.get(street__slug="haibin", date__lte=report_day)
    assert values["study.exams"] == 1 and exam.questions.count() == 10
    scores = StudyExamScore.objects.filter(exam=exam)
    assert values["study.exam_takers"] == scores.count() > 0
    passed = scores.filter(score__gte=exam.pass_score).count()
    assert values["study.exam_passed"] == passed < scores.count()


def test_demo_law_education_year(demo):
    """一（二）疫情防控普法 and 一（五）法治宣传教育: 20余 lectures, the Civil Code into government
    offices, 3 market days with 百余份 materials, the 4·15 quiz with participants, 6 videos with
    大有律师事务所 (one praised by the Ministry of Justice's Weibo), the FAQ of the epidemic."""
    from django.db.models import Avg

    from fazhi.outreach.models import Activity, FaqEntry, MediaWork, QuizAttempt, Recognition

    values = figures(start="2020-01-01", end="2020-09-28")
    assert values["outreach.lectures"] >= 20
    assert values["outreach.market_day_events"] == 3
    assert values["outreach.materials_distributed"] >= 100
    assert values["outreach.videos"] == 6
    assert values["outreach.quizzes"] >= 1
    assert values["outreach.quiz_participants"] > 0
    # Every attempt of the 4·15 quiz was handed in and scored; the figure is their average.
    attempts = QuizAttempt.objects.filter(quiz__street__slug="haibin", quiz__opens_at__year=2020)
    assert attempts.filter(score=None).count() == 0
    assert attempts.count() == values["outreach.quiz_participants"]
    average = attempts.aggregate(a=Avg("score"))["a"]
    assert 0 < values["outreach.quiz_average_score"] == round(average, 1) < 100
    assert values["outreach.faq_entries"] >= 40
    assert values["outreach.activities.kind.government"] >= 1
    videos = MediaWork.objects.filter(kind="short_video")
    assert {v.partner_firm.name for v in videos} == {"大有律师事务所"}
    assert Recognition.objects.filter(recognised_by="司法部官方微博", work__in=videos).exists()
    themes = set(
        Activity.objects.filter(kind="lecture", status="held").values_list(
            "themes__name", flat=True
        )
    )
    assert {"《禁毒法》", "《民法典》", "《宪法》", "防范非法集资"} <= themes
    published = FaqEntry.objects.filter(status="published")
    assert published.count() == values["outreach.faq_entries"]
    assert published.filter(law_references__contains="合同法》第一百一十七条").exists()
    assert not published.filter(
        law_references__contains="民法典》", published_on__lt=datetime.date(2021, 1, 1)
    ).exists()  # the Civil Code took effect in 2021: 2020's answers cite the laws then in force


def test_the_district_compares_haibin_with_a_second_street(demo):
    """The demo's district office sees Haibin and a smaller neighbour side by side, figures
    only."""
    second = Street.objects.get(slug="xingang")
    haibin = Street.objects.get(slug="haibin")
    assert second.district_id == haibin.district_id
    period = engine.Period(datetime.date(2020, 1, 1), datetime.date(2020, 9, 28))
    values = engine.compute_many([haibin, second], period, ["enforcement.cases_found"])
    assert (
        0
        < values[second.pk]["enforcement.cases_found"]
        < values[haibin.pk]["enforcement.cases_found"]
    )
    client = Client()
    client.force_login(User.objects.get(username="district"))
    page = client.get("/office/district/?start=2020-01-01&end=2020-09-28")
    assert page.status_code == 200
    text = page.content.decode()
    assert "海滨街" in text and "新港街" in text
    records = "/office/reports/statistics/enforcement.cases_found/records/"
    assert client.get(f"{records}?start=2020-01-01&end=2020-09-28").status_code in (400, 403)


def test_the_second_street_lives_from_2020_to_yesterday(demo):
    """The neighbour's records run from 2020 to yesterday: each past year's loose ends concluded
    in the next (no case, report, review, mediation, shift or booking of 2020 still waiting), and
    the district office's first screen compares the two streets' work of the current year."""
    second = Street.objects.get(slug="xingang")
    of_2020 = Case.objects.filter(street=second, found_at__year=2020)
    assert of_2020.count() > 50
    assert set(of_2020.values_list("status", flat=True)) == {Case.Status.ARCHIVED}
    assert not Report.objects.filter(
        street=second, status=Report.Status.PENDING, reported_at__year=2020
    ).exists()
    assert not ReviewRequest.objects.filter(
        street=second, status__in=OPEN_REVIEW, received_on__year=2020
    ).exists()
    assert not Mediation.objects.filter(
        street=second,
        status__in=[Mediation.Status.ACCEPTED, Mediation.Status.IN_PROGRESS],
        received_on__year=2020,
    ).exists()
    assert not DutyShift.objects.filter(
        street=second, status=DutyShift.Status.SCHEDULED, date__year=2020
    ).exists()
    assert not Appointment.objects.filter(
        street=second,
        status__in=[Appointment.Status.BOOKED, Appointment.Status.CONFIRMED],
        shift__date__year=2020,
    ).exists()
    today = timezone.localdate()
    assert not Case.objects.filter(street=second, found_at__date__gte=today).exists()
    client = Client()
    client.force_login(User.objects.get(username="district"))
    board = client.get("/office/")
    assert board.status_code == 200
    table = board.context["district"]["table"]
    assert {street.slug for street in table.streets} == {"xingang", "haibin"}
    # The bulk generator writes the organisation, enforcement, reviews and legal services (law
    # education and study have no generator): each of those figures counts in both streets.
    generated = ("org.", "enforcement.", "reviews.", "legal_services.")
    rows = [row for _chapter, row in table.rows() if row.stat.key.startswith(generated)]
    assert len(rows) >= 10
    for row in rows:
        assert all(value > 0 for value in row.values), row.stat.key


@pytest.mark.parametrize(
    "start, end",
    [
        (datetime.date(2020, 1, 1), datetime.date(2020, 9, 28)),
        (datetime.date(2020, 1, 1), datetime.date(2020, 1, 31)),
        (datetime.date(2019, 12, 31), datetime.date(2020, 2, 29)),
    ],
)
def test_a_statement_built_once_gives_every_period_and_street_its_own_figures(demo, start, end):
    """The figures' statement is built once per set of figures and number of streets and bound
    to each call's period and streets: it must give what a statement built for them gives."""
    haibin = Street.objects.get(slug="haibin")
    second = Street.objects.get(slug="xingang")
    period = engine.Period(start, end)
    year = engine.Period(datetime.date(2020, 1, 1), datetime.date(2020, 12, 31))
    engine.compute_many([haibin, second], year)
    reused = engine.compute_many([second, haibin], period)
    engine._plans.clear()
    fresh = {street.pk: engine.compute(street, period) for street in (haibin, second)}
    assert reused == fresh
    assert reused[haibin.pk] != reused[second.pk]


SEED_PERIOD = (datetime.date(2020, 1, 1), datetime.date(2020, 9, 28))
# The seed's sentences with figures, as the seed report writes them (its spaces removed).
SEED_FIGURES = [
    "辖区72个网格260余名专兼职网格员",
    "街法律顾问参与合同、项目协议审查15条",
    "一月份居村法律顾问现场值班累计16次",
    "6月至今预约现场法律服务22次，涉及10名律师",
    "电话咨询累计210个",
    "微信咨询66个",
    "律师参与街道调解4次",
    "微信群15个，成员700余人",
    "微信群推送各类信息270余条",
    "制作普法小视频6个",
    "开展讲座20余次",
    "进行赶大集宣传3次",
    "发放宣传材料百余份",
]


def test_fazhi_report_writes_the_2020_report_with_every_seed_figure(demo, tmp_path):
    """The Word file `fazhi report` writes: the five parts and every figure of the seed in the
    seed's words, read back from the .docx."""
    from io import BytesIO

    from docx import Document

    out = tmp_path / "haibin-2020.docx"
    call_command(
        "report", "--street", "haibin", "--year", "2020", "--out", str(out), stdout=StringIO()
    )
    lines = [p.text for p in Document(BytesIO(out.read_bytes())).paragraphs if p.text.strip()]
    assert lines[0] == "海滨街2020年法治政府建设情况报告"
    assert [line for line in lines if re.match(r"^[一二三四五]、", line)] == [
        "一、2020年推进法治政府建设的主要举措和成效",
        "二、2020年党政主要负责人履行推进法治建设第一责任人职责情况",
        "三、2020年推进法治政府建设存在的不足和原因",
        "四、2021年推进法治政府建设的主要安排",
        "五、其他需要报告的情况",
    ]
    text = "\n".join(lines)
    assert [phrase for phrase in SEED_FIGURES if phrase not in text] == []
    assert lines[-2:] == ["天津市滨海新区海滨街道办事处", "2020年9月28日"]


def test_the_2020_report_writes_the_seeds_figures_from_the_records(demo):
    """九、年度报告: the demo's 2020 report, proposed from the records and accepted, says every
    figure of the seed in the seed's words; its text holds tokens, never the numbers; its
    approved version froze the values; the part-time legal reviewer is a shortcoming."""
    from django.utils import timezone

    from fazhi.reports.document import read_report
    from fazhi.reports.models import AnnualReport, ReportProposal

    report = AnnualReport.objects.get(street__slug="haibin", year=2020)
    assert (report.period_start, report.period_end) == SEED_PERIOD
    assert report.issuer == "天津市滨海新区海滨街道办事处"
    assert report.status == AnnualReport.Status.PUBLISHED
    # Published in 2020, well before its deadline (1 April 2021), as the seed's report was.
    assert timezone.localdate(report.published_at) == datetime.date(2020, 9, 30)
    assert not report.steps.filter(late=True).exists()
    approval = report.versions.get(occasion="approval")
    assert timezone.localdate(approval.created_at) == datetime.date(2020, 9, 27)
    assert not report.versions.filter(created_at__year__gt=2020).exists()
    # Every step by the one who holds it: the office, the principal leader, the office
    # director named for the 保密审查, the office.
    assert [(s.kind, s.actor.username) for s in report.steps.select_related("actor")] == [
        ("review", "office"),
        ("approve", "leader"),
        ("secrecy_check", "office"),
        ("publish", "office"),
    ]
    assert not ReportProposal.objects.filter(section__report=report, status="proposed").exists()
    view = read_report(report)
    assert view.problems == []
    text = "\n".join(p.plain for s in view.sections for p in s.paragraphs)
    missing = [phrase for phrase in SEED_FIGURES if phrase not in text]
    assert missing == []
    # The platform's five parts: the seed's three, the principal leader's duties it lacks, and
    # the other matters (无).
    assert [s.heading1 for s in view.sections if s.heading1] == [
        "一、2020年推进法治政府建设的主要举措和成效",
        "二、2020年党政主要负责人履行推进法治建设第一责任人职责情况",
        "三、2020年推进法治政府建设存在的不足和原因",
        "四、2021年推进法治政府建设的主要安排",
        "五、其他需要报告的情况",
    ]
    assert "主持召开法治政府建设领导小组会议4次" in text
    assert [p.plain for p in view.sections[-1].paragraphs] == ["无。"]
    assert [s.heading2 for s in view.sections if s.heading2] == [
        "（一）加强组织领导，奠定依法行政基础",
        "（二）严格落实防控举措，坚决打赢疫情防控阻击战",
        "（三）行政执法公正严明，依法治理不留死角",
        "（四）强化决策程序制度约束，积极推进公共法律服务体系建设",
        "（五）坚持普治并举，加强法治宣传教育工作",
    ]
    assert "我街现有法制审核人员为公共安全办公室工作人员兼任" in text
    stored = "\n".join(s.text for s in report.sections.all())
    assert "{{fig:legal_services.consultations.phone|unit=个}}" in stored
    assert not re.search(r"\b(210|66|263|755|276|120)\b", stored)
    values = figures(start="2020-01-01", end="2020-09-28")
    assert values["enforcement.major_cases_reviewed_part_time"] == 9
    frozen = report.versions.get(occasion="approval").figures
    whole = [f for f in frozen if (f["start"], f["end"]) == ("2020-01-01", "2020-09-28")]
    assert whole and all(f["value"] == values[f["key"]] for f in whole)
    january = next(f for f in frozen if f["key"] == "legal_services.duty_shifts_held")
    assert (january["end"], january["text"]) == ("2020-01-31", "16次")
    this_year = timezone.localdate().year
    current = AnnualReport.objects.get(street__slug="haibin", year=this_year)
    assert current.status == AnnualReport.Status.DRAFT and current.sections.count() == 9


def test_demo_booklet_shows_the_main_activities_with_their_photos(demo):
    """The 普法展示录 of the seed's period: the main activities photographed (two each), the
    works and the recognitions."""
    from io import BytesIO

    from docx import Document

    from fazhi.outreach import booklet
    from fazhi.outreach.models import ActivityPhoto

    office = User.objects.get(username="office")
    start, end = datetime.date(2020, 1, 1), datetime.date(2020, 9, 28)
    photographed = booklet.period_activities(office, start, end).filter(photo_count__gt=0)
    assert photographed.count() == 17
    assert (
        ActivityPhoto.objects.filter(
            activity__street__slug="haibin", activity__held_on__range=(start, end)
        ).count()
        == 34
    )
    assert {"lecture", "market_day", "government", "theme_day", "exhibition", "school"} <= set(
        photographed.values_list("kind", flat=True)
    )
    content = booklet.booklet_docx(
        booklet.booklet_of(
            street=office.street,
            title=booklet.default_title(office.street, start, end),
            start=start,
            end=end,
            compiler=booklet.default_compiler(office.street),
            compiled_on=end,
            activities=photographed,
            works=booklet.period_works(office, start, end),
            recognitions=booklet.period_recognitions(office, start, end),
        )
    )
    document = Document(BytesIO(content))
    assert len(document.inline_shapes) == 34
    text = [p.text for p in document.paragraphs]
    assert "海滨街道2020年普法展示录" in text and "（2020年1月1日至2020年9月28日）" in text
    assert "（六）2020年3月18日\u3000哄抬物价、销售假口罩的法律后果" in text  # six videos
    assert "（八）2020年9月18日\u3000海滨街“七五”普法工作汇报视频" in text


# --- The API against its OpenAPI document, on the demo's records --------------------------------
#
# Last in this module on purpose: it shares the module's one demo load (the suite's slowest
# fixture) rather than loading its own, and it writes (generated POST, PATCH and DELETE
# bodies), so it runs after the tests above have read the demo as loaded. Its writes are rolled
# back with the test's transaction, and the module's fixture flushes the database afterwards.
# Every operation of the schema is exercised, none excluded, as the office's staff (司法所所长)
# with an API token, through the WSGI application in this process: a handful of examples per
# operation, valid and invalid ones, derandomized so that every run sends the same requests.

API_EXAMPLES_PER_MODE = 3


@contextlib.contextmanager
def _connection_kept_open():
    """Django closes a connection at the end of each WSGI request; inside the test's
    transaction that would abort it (the test client keeps the connection the same way)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _collection(path: str) -> str:
    """``/api/enforcement-cases/{id}/file/`` → ``/api/enforcement-cases/``."""
    return path.split("{", 1)[0]


def _a_record_id(client: Client, collection: str) -> int | None:
    """The id of a record the office sees in ``collection``, if any."""
    response = client.get(collection, {"limit": 1})
    if response.status_code != 200 or "results" not in response.json():
        return None
    results = response.json()["results"]
    return results[0]["id"] if results else None


def api_contract_run(headers: dict[str, str]) -> tuple[int, int, list[str]]:
    """Every operation of /api/openapi.json called with generated examples: the number of
    operations, of requests sent, and the failures of the checks."""
    import schemathesis
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import strategies as st
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        response_schema_conformance,
        status_code_conformance,
    )

    from fazhi.wsgi import application

    checks = [
        not_a_server_error,
        status_code_conformance,
        content_type_conformance,
        response_schema_conformance,
    ]
    client = Client(headers=headers)
    figure_key = client.get("/api/statistics/").json()["results"][0]["key"]
    # Looked up before the run: the test client reconnects the signal the run disconnects.
    paths = client.get("/api/openapi.json").json()["paths"]
    record_ids = {
        collection: _a_record_id(client, collection)
        for collection in {_collection(path) for path in paths if "{id}" in path}
    }
    failures: list[str] = []
    sent = 0

    def run(operation: Any, mode: Any, strategy: Any) -> None:
        @settings(
            max_examples=API_EXAMPLES_PER_MODE,
            deadline=None,
            derandomize=True,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=strategy)
        def call(case: Any) -> None:
            nonlocal sent
            sent += 1
            try:
                case.call_and_validate(headers=headers, checks=checks)
            except (AssertionError, BaseExceptionGroup) as exc:
                failures.append(f"{operation.label} ({mode.value}): {exc}")

        call()

    with _connection_kept_open():
        schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application, headers=headers)
        operations = [result.ok() for result in schema.get_all_operations()]
        for operation in operations:
            # Half the examples name a record that exists (a generated id is almost always a
            # 404), the other half whatever is generated.
            known: dict[str, Any] = {}
            if pk := record_ids.get(_collection(operation.full_path)):
                known["id"] = pk
            if "{key}" in operation.path:
                known["key"] = figure_key
            for mode in (
                schemathesis.GenerationMode.POSITIVE,
                schemathesis.GenerationMode.NEGATIVE,
            ):
                strategy = operation.as_strategy(generation_mode=mode)
                if known:
                    strategy = st.one_of(
                        operation.as_strategy(generation_mode=mode, path_parameters=known),
                        strategy,
                    )
                run(operation, mode, strategy)
    return len(operations), sent, failures


def test_every_api_operation_keeps_its_contract_on_the_demo(demo):
    """No 5xx, and every answer's status code, content type and body as the document declares."""
    from fazhi.api.tokens import token_create

    office = User.objects.get(username="office")
    _token, plain = token_create(user=office, name="契约测试", expires_at=None, actor=office)
    operations, sent, failures = api_contract_run({"Authorization": f"Bearer {plain}"})
    print(f"schemathesis: {operations} operations, {sent} requests, {len(failures)} failures")
    assert operations > 300
    assert failures == []
