"""The statistics page: figures by the report's chapters and work areas, thousands separated,
with the value a year earlier (同比) and a link to the records behind each."""

from __future__ import annotations

import re
from datetime import date
from io import BytesIO

import pytest
from openpyxl import load_workbook

from fazhi.audit.models import Action, AuditEntry
from fazhi.core import stats
from fazhi.core.links import records_url
from fazhi.reports.selectors import YearOnYear
from fazhi.reports.tests.figures import YEAR, figures

URL = "/office/reports/statistics/"


def _text(html: str) -> str:
    """The page's visible text, tags dropped, whitespace squeezed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_figures_are_grouped_by_chapter_then_work_area(world):
    response = world.client(world.leader).get(URL, YEAR)
    assert response.status_code == 200
    chapters = response.context["chapters"]
    keys = [c.key for c in chapters]
    # The report's order, not the keys': 组织领导, 行政执法, 法律顾问与合法性审查, 公共法律服务.
    assert keys == [k for k in stats.Chapter.values if k in keys]
    assert keys[:4] == ["org", "enforcement", "reviews", "legal_services"]
    for chapter in chapters:
        for area in chapter.areas:
            assert {r.stat.chapter for r in area.rows} == {chapter.key}
            assert {r.stat.basis().records.label() for r in area.rows} == {area.label}
    # Every figure once.
    listed = [r.stat.key for c in chapters for r in c.rows]
    assert sorted(listed) == [s.key for s in stats.registered()]
    # The headings appear in that order on the page, each work area under its chapter.
    html = response.content.decode()
    positions = [html.index(f">{label}<") for label in ("组织领导", "行政执法", "公共法律服务")]
    assert positions == sorted(positions)
    enforcement = html[positions[1] : positions[2]]
    assert enforcement.index(">巡查记录<") < enforcement.index(">执法案件<")
    assert enforcement.index(">执法案件<") < enforcement.index("enforcement.fines")
    # The ratio sits with the records it is counted over (人民调解), not alone.
    mediation = next(a for c in chapters for a in c.areas if a.label == "人民调解")
    assert "legal_services.mediation_success_rate" in {r.stat.key for r in mediation.rows}


def test_values_have_thousands_separators_and_link_to_their_records(world):
    figures(world)
    response = world.client(world.leader).get(URL, YEAR)
    html = response.content.decode()
    link = re.search(
        r'href="(/office/reports/statistics/enforcement\.fines/records/[^"]*)"[^>]*>([^<]*)</a>',
        html,
    )
    assert link is not None and link.group(2) == "265,950"
    period = stats.Period(date(2020, 1, 1), date(2020, 12, 31))
    assert link.group(1).replace("&amp;", "&") == records_url("enforcement.fines", period)
    assert records_url("enforcement.fines", period) == (
        "/office/reports/statistics/enforcement.fines/records/?start=2020-01-01&end=2020-12-31"
    )
    grids = re.search(r'org\.grids/records/[^"]*"[^>]*>([^<]*)</a>', html)
    assert grids is not None and grids.group(1) == "2"  # a whole number, no ".0"
    rate = re.search(r"mediation_success_rate/records/[^\"]*\"[^>]*>([^<]*)</a>", html)
    assert rate is not None and rate.group(1) == "66.7"
    # The key stays on the page, in small type.
    assert "<small><code>enforcement.fines</code></small>" in html


def test_year_on_year_wording():
    assert str(YearOnYear.of(14, 2)) == "+12（+600.0%）"
    assert str(YearOnYear.of(5, 8)) == "-3（-37.5%）"
    assert str(YearOnYear.of(12, 0)) == "+12"  # no percentage of nothing
    assert str(YearOnYear.of(3, 3)) == "0"
    assert str(YearOnYear.of(265950.0, 1000.5)) == "+264,949.5（+26,481.7%）"
    # A ratio changes by percentage points, not by a percentage of a percentage.
    assert str(YearOnYear.of(66.7, 50.0, ratio=True)) == "+16.7个百分点"


def test_each_figure_shows_the_value_a_year_earlier(world):
    figures(world)  # 3 patrols in 2020, 1 in 2019; no decided case in 2019
    response = world.client(world.leader).get(URL, YEAR)
    rows = {r.stat.key: r for c in response.context["chapters"] for r in c.rows}
    assert (rows["enforcement.patrols"].value, rows["enforcement.patrols"].earlier) == (3, 1)
    text = _text(response.content.decode())
    assert "执法巡查 enforcement.patrols 3 次 1 +2（+200.0%）" in text
    assert "决定罚款金额 enforcement.fines 265,950 元 0 +265,950 " in text


def test_page_costs_two_figure_statements(world, django_assert_max_num_queries):
    figures(world)
    client = world.client(world.leader)
    client.get(URL, YEAR)  # the session and permission caches warm up
    # What every back-office page costs (session and its renewal, user, permissions, street,
    # roles) and the figures of this period and of a year earlier, however many figures.
    with django_assert_max_num_queries(11) as queries:
        response = client.get(URL, YEAR)
    assert response.status_code == 200
    figure_statements = [
        q for q in queries.captured_queries if q["sql"].startswith('SELECT s."id"')
    ]
    assert len(figure_statements) == 2


def test_export_has_the_chapter_and_the_earlier_value(world):
    figures(world)
    response = world.client(world.leader).get(URL, {**YEAR, "format": "xlsx"})
    assert response.status_code == 200 and response.content[:2] == b"PK"
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:10] == (
        "指标",
        "数值",
        "单位",
        "键名",
        "口径说明",
        "章节",
        "工作领域",
        "上年同期",
        "同比增减",
        "同比增幅（%）",
    )
    by_key = {row[3]: row for row in rows[1:]}
    patrols = by_key["enforcement.patrols"]
    assert patrols[1] == 3 and patrols[5:] == ("行政执法", "巡查记录", 1, 2, 200.0)
    assert by_key["enforcement.fines"][1] == 265950
    assert by_key["enforcement.fines"][9] is None  # nothing a year earlier: no percentage
    chapters = [row[5] for row in rows[1:]]
    assert chapters.index("组织领导") < chapters.index("行政执法") < chapters.index("公共法律服务")
    export = AuditEntry.objects.get(action=Action.EXPORT)
    assert (export.actor, export.object_type) == (world.leader, "reports.statistics")


@pytest.mark.parametrize("user", ["auditor", "grid_worker", "staff_a"])
def test_page_is_refused_without_the_statistics_permission(world, user):
    response = world.client(getattr(world, user)).get(URL, YEAR)
    assert response.status_code == 403
    assert "无权查看统计指标" in response.content.decode()
