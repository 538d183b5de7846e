"""The annual report over the API: the street's reports with their text as written and as it
reads, the figures the page shows with the records behind each, the versions, writing a section
(audited, or refused writing nothing) and the workflow's steps — with the pages' permissions."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fazhi.audit.models import Action, AuditEntry
from fazhi.reports import services
from fazhi.reports.models import (
    AnnualReport,
    Area,
    Part,
    ReportProposal,
    ReportSection,
    ReportVersion,
)

pytestmark = pytest.mark.django_db

API = "/api/annual-reports/"
JSON = "application/json"
ORGANISATION = (
    "辖区{{fig:org.grids}}网格{{fig:org.grid_workers|words|unit=名}}网格员，"
    "一月份值班{{fig:legal_services.duty_shifts_held|to=2020-01-31}}。"
)


def make_report(world):
    report = services.report_create(
        street=world.a.street, year=2020, actor=world.clerk_a, period_end=date(2020, 9, 28)
    )
    services.report_section_update(
        section(report, Area.ORGANISATION), actor=world.clerk_a, text=ORGANISATION
    )
    services.report_propose(
        report,
        actor=world.clerk_a,
        proposals={
            (Part.SHORTCOMINGS, ""): [("一是网格员{{fig:org.grid_workers}}。", "依据：名册。")]
        },
    )
    return report


def section(report, area):
    return ReportSection.objects.get(report=report, part=Part.MEASURES, area=area)


def counts(report):
    return (ReportVersion.objects.filter(report=report).count(), AuditEntry.objects.count())


# --- reading ------------------------------------------------------------------------------------


def test_the_office_lists_its_streets_reports(world):
    report = make_report(world)
    services.report_create(street=world.b.street, year=2020, actor=world.clerk_b)
    response = world.client(world.clerk_a).get(API)
    assert response.status_code == 200
    (row,) = response.json()["results"]
    assert row["id"] == report.pk and row["title"] == "甲街2020年法治政府建设情况报告"
    assert (row["status"], row["status_display"]) == ("draft", "起草中")
    assert (row["period_start"], row["period_end"], row["deadline"]) == (
        "2020-01-01",
        "2020-09-28",
        "2021-04-01",
    )


def test_a_report_reads_with_its_text_as_written_and_as_it_reads(world):
    report = make_report(world)
    response = world.client(world.leader).get(f"{API}{report.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert body["preamble_rendered"].startswith("2020年，在区委、区政府的正确领导下")
    organisation = body["sections"][0]
    assert organisation["heading1"] == "一、2020年推进法治政府建设的主要举措和成效"
    assert organisation["heading2"] == "（一）加强组织领导，奠定依法行政基础"
    assert organisation["text"] == ORGANISATION
    assert organisation["rendered"] == "辖区2个网格两名网格员，一月份值班0次。"
    shortcomings = next(s for s in body["sections"] if s["part"] == "shortcomings")
    assert shortcomings["text"] == "" and shortcomings["rendered"] == ""
    (proposal,) = shortcomings["proposals"]
    assert proposal["rendered"] == "一是网格员2名。" and proposal["reason"] == "依据：名册。"
    assert len(body["sections"]) == 9 and body["problems"] == []


def _page_figures(page: str) -> list[tuple[str, str, str, str, str, str, str]]:
    """Each figure link of the report page: its key, period, value, unit, text and address."""
    links = re.findall(
        r'<a class="report-figure" href="([^"]+)" data-key="([^"]+)" data-start="([^"]+)" '
        r'data-end="([^"]+)" data-value="([^"]+)" data-unit="([^"]*)">([^<]+)</a>',
        page,
    )
    return [
        (key, start, end, value, unit, text, html.unescape(href))
        for href, key, start, end, value, unit, text in links
    ]


def test_the_figures_are_those_the_report_page_shows(world):
    report = make_report(world)
    client = world.client(world.clerk_a)
    page = client.get(f"/office/reports/annual/{report.pk}/").content.decode()
    response = client.get(f"{API}{report.pk}/figures/")
    assert response.status_code == 200
    body = response.json()
    api = [
        (
            f["key"],
            f["start"],
            f["end"],
            str(f["value"]),
            f["unit"],
            f["reading"],
            f["records"].removeprefix("http://testserver"),
        )
        for f in body["results"]
    ]
    assert api == _page_figures(page) and len(api) == 4
    grids, workers, shifts, proposed = body["results"]
    assert (grids["label"], grids["value"], grids["reading"]) == ("网格数", 2, "2个")
    assert grids["section"] == section(report, Area.ORGANISATION).pk
    assert grids["records"] == (
        "http://testserver/office/reports/statistics/org.grids/records/"
        "?start=2020-01-01&end=2020-09-28"
    )
    assert grids["records_api"].endswith(
        "/api/statistics/org.grids/records/?street=street-a&from=2020-01-01&to=2020-09-28"
    )
    assert workers["reading"] == "两名" and workers["proposal"] is None
    assert (shifts["start"], shifts["end"]) == ("2020-01-01", "2020-01-31")
    assert proposed["proposal"] is not None and proposed["section_label"] == "存在的不足和原因"
    # The records behind the figure are the figure.
    records = client.get(grids["records_api"]).json()
    assert records["total"] == grids["value"]


def test_the_figures_cost_the_same_queries_however_many_they_are(world):
    report = make_report(world)
    client = world.client(world.clerk_a)
    url = f"{API}{report.pk}/figures/"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    services.report_section_update(
        section(report, Area.EDUCATION),
        actor=world.clerk_a,
        text="讲座{{fig:outreach.lectures|approx=10}}，赶大集{{fig:outreach.market_day_events}}，"
        "材料{{fig:outreach.materials_distributed|approx=100}}，视频{{fig:outreach.videos}}。",
    )
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).json()["results"][-1]["key"] == "org.grid_workers"
    assert len(many) == len(few) <= 13


def test_versions_keep_the_text_and_the_figures_as_saved(world):
    report = make_report(world)
    client = world.client(world.clerk_a)
    response = client.get(f"{API}{report.pk}/versions/")
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [(r["number"], r["occasion"]) for r in rows] == [(1, "save"), (2, "save")]
    assert rows[1]["author_name"] == "甲街办公室"
    # A grid added later changes the report, not the version.
    from fazhi.org import services as org_services

    org_services.grid_create(
        street=world.a.street,
        actor=world.clerk_a,
        village=world.a.village,
        code="street-a-03",
        name="第三网格",
        established_on=date(2020, 5, 1),
    )
    version = client.get(f"{API}{report.pk}/versions/2/").json()
    organisation = version["sections"][0]
    assert organisation["text"] == ORGANISATION
    assert organisation["rendered"] == "辖区2个网格两名网格员，一月份值班0次。"
    assert {f["token"]: (f["value"], f["text"]) for f in version["figures"]} == {
        "{{fig:org.grids}}": (2, "2个"),
        "{{fig:org.grid_workers|words|unit=名}}": (2, "两名"),
        "{{fig:legal_services.duty_shifts_held|to=2020-01-31}}": (0, "0次"),
    }
    assert (version["period_start"], version["period_end"]) == ("2020-01-01", "2020-09-28")
    now = client.get(f"{API}{report.pk}/").json()["sections"][0]["rendered"]
    assert now.startswith("辖区3个网格")
    assert client.get(f"{API}{report.pk}/versions/3/").status_code == 404


# --- permissions --------------------------------------------------------------------------------


def test_another_streets_report_is_not_found(world):
    report = make_report(world)
    client = world.client(world.clerk_b)
    for path in ["", "figures/", "versions/", "versions/1/"]:
        response = client.get(f"{API}{report.pk}/{path}")
        assert response.status_code == 404, path
        assert response.json()["detail"] == "法治政府建设年度报告不存在或不在您的管辖范围内。"
    before = counts(report)
    target = section(report, Area.ORGANISATION)
    assert (
        client.patch(
            f"{API}{report.pk}/sections/{target.pk}/", {"text": "改写"}, content_type=JSON
        ).status_code
        == 404
    )
    assert (
        client.post(
            f"{API}{report.pk}/advance/", {"to": "office_reviewed"}, content_type=JSON
        ).status_code
        == 404
    )
    assert counts(report) == before
    assert client.get(API).json()["results"] == []


def test_a_role_without_the_reports_is_refused(world, anon):
    report = make_report(world)
    client = world.client(world.staff_a)
    for url in [API, f"{API}{report.pk}/", f"{API}{report.pk}/figures/"]:
        response = client.get(url)
        assert response.status_code == 403, url
        assert response.json()["detail"] == "无权查看法治政府建设年度报告。"
    assert anon.get(f"{API}{report.pk}/").status_code == 401


def test_a_section_of_another_report_is_not_found(world):
    report = make_report(world)
    other = services.report_create(street=world.a.street, year=2021, actor=world.clerk_a)
    foreign = section(other, Area.ORGANISATION)
    response = world.client(world.clerk_a).patch(
        f"{API}{report.pk}/sections/{foreign.pk}/", {"text": "改写"}, content_type=JSON
    )
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.text == ""


# --- writing a section --------------------------------------------------------------------------


def test_writing_a_section_saves_a_version_and_is_audited(world):
    report = make_report(world)
    target = section(report, Area.ENFORCEMENT)
    response = world.client(world.clerk_a).patch(
        f"{API}{report.pk}/sections/{target.pk}/",
        {"text": "  巡查{{fig:enforcement.patrols}}。\n", "title": "行政执法公正严明"},
        content_type=JSON,
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["text"], body["rendered"]) == ("巡查{{fig:enforcement.patrols}}。", "巡查0次。")
    assert body["heading2"] == "（三）行政执法公正严明"
    target.refresh_from_db()
    assert (target.text, target.title) == ("巡查{{fig:enforcement.patrols}}。", "行政执法公正严明")
    version = report.versions.order_by("-number").first()
    assert version.number == 3 and version.author == world.clerk_a
    entry = AuditEntry.objects.order_by("-seq").first()
    assert (entry.action, entry.actor, entry.object_type, entry.object_id) == (
        Action.UPDATE,
        world.clerk_a,
        "reports.reportsection",
        str(target.pk),
    )
    assert entry.changes["after"]["text"] == "巡查{{fig:enforcement.patrols}}。"
    assert entry.changes["version"] == 3


@pytest.mark.parametrize(
    "text, message",
    [
        ("网格{{fig:org.no_such_figure}}个", "没有名为“org.no_such_figure”的统计指标"),
        ("网格{{fig:org.grids|approx=ten}}", "约数的步长须为正整数"),
        ("网格{{fig:org.grids", "缺少结尾的“}}”"),
        ("网格{{fig:org.grids|from=2020-10-01}}", "数字的统计期间须在报告的统计期间"),
    ],
)
def test_an_unreadable_token_is_refused_and_nothing_is_written(world, text, message):
    report = make_report(world)
    target = section(report, Area.ORGANISATION)
    before = counts(report)
    response = world.client(world.clerk_a).patch(
        f"{API}{report.pk}/sections/{target.pk}/", {"text": text}, content_type=JSON
    )
    assert response.status_code == 422
    assert message in response.json()["detail"]
    target.refresh_from_db()
    assert target.text == ORGANISATION and counts(report) == before


@pytest.mark.parametrize(
    "body, field",
    [({}, "__all__"), ({"text": None}, "text"), ({"text": 3}, "text"), ({"txt": "x"}, "txt")],
)
def test_a_body_without_a_text_or_title_is_refused(world, body, field):
    report = make_report(world)
    target = section(report, Area.ORGANISATION)
    before = counts(report)
    response = world.client(world.clerk_a).patch(
        f"{API}{report.pk}/sections/{target.pk}/", body, content_type=JSON
    )
    assert response.status_code == 422
    assert field in response.json()["errors"]
    assert counts(report) == before


def test_a_reader_cannot_write_a_section(world):
    report = make_report(world)
    target = section(report, Area.ORGANISATION)
    before = counts(report)
    response = world.client(world.leader).patch(
        f"{API}{report.pk}/sections/{target.pk}/", {"text": "改写"}, content_type=JSON
    )
    assert response.status_code == 403
    assert response.json()["detail"] == "无权修改法治政府建设年度报告。"
    assert counts(report) == before


# --- the workflow -------------------------------------------------------------------------------


def ready_for_review(world):
    """A report whose proposals are all decided: the office may review it."""
    report = make_report(world)
    for proposal in ReportProposal.objects.filter(section__report=report):
        services.report_proposal_drop(proposal, actor=world.clerk_a)
    return report


def advance(client, report, to, reason=None):
    body = {"to": to} if reason is None else {"to": to, "reason": reason}
    return client.post(f"{API}{report.pk}/advance/", body, content_type=JSON)


def test_the_report_moves_on_one_step_at_a_time(world):
    report = ready_for_review(world)
    response = advance(world.client(world.clerk_a), report, "office_reviewed")
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["status_display"]) == (
        "office_reviewed",
        "办公室已审核",
    )
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.OFFICE_REVIEWED
    entry = AuditEntry.objects.order_by("-seq").first()
    assert (entry.action, entry.actor, entry.changes["after"]["status"]) == (
        Action.TRANSITION,
        world.clerk_a,
        "office_reviewed",
    )
    response = advance(world.client(world.leader), report, "approved", "同意。")
    assert response.status_code == 200 and response.json()["status"] == "approved"
    approval = report.versions.get(occasion=ReportVersion.Occasion.APPROVAL)
    assert approval.author == world.leader


def test_a_step_that_is_not_the_users_is_forbidden(world):
    report = ready_for_review(world)
    before = counts(report)
    response = advance(world.client(world.leader), report, "office_reviewed")
    assert response.status_code == 403
    assert "领导小组办公室" in response.json()["detail"]
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.DRAFT and counts(report) == before


def test_a_report_goes_back_to_drafting_only_with_a_reason(world):
    report = ready_for_review(world)
    advance(world.client(world.clerk_a), report, "office_reviewed")
    leader = world.client(world.leader)
    before = counts(report)
    response = advance(leader, report, "draft")
    assert response.status_code == 422
    assert "理由" in response.json()["errors"]["reason"][0]
    assert counts(report) == before
    response = advance(leader, report, "draft", "第三部分的数字请再核对。")
    assert response.status_code == 200 and response.json()["status"] == "draft"
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry.changes["reason"] == "第三部分的数字请再核对。"


def test_a_draft_with_proposals_pending_is_not_reviewed(world):
    report = make_report(world)
    before = counts(report)
    response = advance(world.client(world.clerk_a), report, "office_reviewed")
    assert response.status_code == 422
    assert "尚有1段拟稿建议未采纳或舍弃" in response.json()["detail"]
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.DRAFT and counts(report) == before


def test_a_section_of_a_report_no_longer_drafted_is_not_written(world):
    report = ready_for_review(world)
    advance(world.client(world.clerk_a), report, "office_reviewed")
    target = section(report, Area.ORGANISATION)
    before = counts(report)
    response = world.client(world.clerk_a).patch(
        f"{API}{report.pk}/sections/{target.pk}/", {"text": "改写"}, content_type=JSON
    )
    assert response.status_code == 422
    assert "只有起草中的报告可以修改" in response.json()["detail"]
    target.refresh_from_db()
    assert target.text == ORGANISATION and counts(report) == before


def test_a_step_the_report_is_not_ready_for_is_refused(world):
    report = make_report(world)
    before = counts(report)
    response = advance(world.client(world.leader), report, "approved")
    assert response.status_code == 422
    assert "当前为“起草中”，不能直接转为“主要负责人已审定”" in response.json()["detail"]
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.DRAFT and counts(report) == before


def test_a_step_to_no_known_state_is_refused(world):
    report = make_report(world)
    response = advance(world.client(world.clerk_a), report, "signed")
    assert response.status_code == 422
    assert response.json()["errors"]["to"][0].startswith("请从以下选项中选择")


# --- the schema ---------------------------------------------------------------------------------


def test_the_schema_describes_the_report_in_chinese(world):
    schema = world.client(world.clerk_a).get("/api/openapi.json").json()
    paths = schema["paths"]
    assert set(paths["/api/annual-reports/{id}/sections/{section_id}/"]) == {"patch"}
    assert paths["/api/annual-reports/{id}/advance/"]["post"]["summary"] == "年度报告流转"
    assert paths["/api/annual-reports/{id}/figures/"]["get"]["tags"] == ["年度报告"]
    figure = schema["components"]["schemas"]["ReportFigureOut"]["properties"]
    assert figure["reading"]["description"].startswith("正文中的写法")
    advance = schema["components"]["schemas"]["AdvanceIn"]["properties"]["to"]
    assert "approved：主要负责人已审定" in advance["description"]
