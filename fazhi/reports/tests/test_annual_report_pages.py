"""The back office's annual report pages: the street's reports, and one report as it reads now
with every figure linking to its records."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fazhi.reports import services
from fazhi.reports.models import Area, Part, ReportSection

pytestmark = pytest.mark.django_db

LIST = "/office/reports/annual/"


def make_report(world):
    report = services.report_create(
        street=world.a.street, year=2020, actor=world.clerk_a, period_end=date(2020, 9, 28)
    )
    organisation = ReportSection.objects.get(report=report, area=Area.ORGANISATION)
    services.report_section_update(
        organisation,
        actor=world.clerk_a,
        text="辖区{{fig:org.grids}}网格，一月份值班{{fig:legal_services.duty_shifts_held|to=2020-01-31}}。",
    )
    services.report_propose(
        report,
        actor=world.clerk_a,
        proposals={
            (Part.SHORTCOMINGS, ""): [("一是网格员{{fig:org.grid_workers}}。", "依据：名册。")]
        },
    )
    return report


def test_the_office_lists_its_streets_reports(world):
    report = make_report(world)
    services.report_create(street=world.b.street, year=2020, actor=world.clerk_b)
    response = world.client(world.clerk_a).get(LIST)
    assert response.status_code == 200
    text = response.content.decode()
    assert (
        f'<a href="/office/reports/annual/{report.pk}/">甲街2020年法治政府建设情况报告</a>' in text
    )
    assert "乙街" not in text
    assert "2021年4月1日" in text and "起草中" in text


def test_a_report_reads_with_its_figures_linked_to_their_records(world):
    report = make_report(world)
    response = world.client(world.clerk_a).get(f"{LIST}{report.pk}/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "<h2>一、2020年推进法治政府建设的主要举措和成效</h2>" in text
    assert "<h3>（一）加强组织领导，奠定依法行政基础</h3>" in text
    assert (
        '辖区<a class="report-figure" '
        'href="/office/reports/statistics/org.grids/records/?start=2020-01-01&amp;end=2020-09-28" '
        'data-key="org.grids" data-start="2020-01-01" data-end="2020-09-28" data-value="2" '
        'data-unit="个">2个</a>网格'
    ) in text
    assert (
        'data-start="2020-01-01" data-end="2020-01-31" data-value="0" data-unit="次">0次</a>'
        in text
    )
    # The proposed paragraph is marked, with its reason; the empty sections are shown as such.
    assert '<span class="badge">拟稿建议</span> 一是网格员<a class="report-figure"' in text
    assert "依据：名册。" in text
    assert "（尚无内容）" in text
    assert "<h2>五、其他需要报告的情况</h2>" in text
    assert text.count("<td>甲街办公室</td>") == 2  # the two versions saved by the clerk


def test_a_report_costs_the_same_queries_whatever_its_figures(world):
    report = make_report(world)
    client = world.client(world.clerk_a)
    url = f"{LIST}{report.pk}/"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    services.report_section_update(
        ReportSection.objects.get(report=report, area=Area.EDUCATION),
        actor=world.clerk_a,
        text="讲座{{fig:outreach.lectures|approx=10}}，赶大集{{fig:outreach.market_day_events}}，"
        "材料{{fig:outreach.materials_distributed|approx=100}}，视频{{fig:outreach.videos}}。",
    )
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    # The report and its figures, the workflow's panel and the readiness summary (its sections,
    # the outline, the work areas' figures, the approved version: a fixed few).
    assert len(many) == len(few) <= 24


def test_other_streets_and_other_roles_and_methods_are_refused(world):
    report = make_report(world)
    url = f"{LIST}{report.pk}/"
    assert world.client(world.clerk_b).get(url).status_code == 404
    assert world.client(world.staff_a).get(url).status_code == 403
    assert world.client(world.staff_a).get(LIST).status_code == 403
    assert world.client(world.leader).get(url).status_code == 200
    assert world.client(world.clerk_a).post(url).status_code == 405
    anonymous = world.client(None).get(url)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
