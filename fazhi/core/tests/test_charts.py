"""Charts: the spec the browser draws, the table beside it and the Excel file say the same
figures; clicks lead only to this site's records; nothing is loaded from outside."""

from __future__ import annotations

import json
import re
from io import BytesIO
from pathlib import Path

import pytest
from django.template import engines
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook

from fazhi.audit.models import Action, AuditEntry
from fazhi.core.charts import (
    Chart,
    ChartSeries,
    chart_excel_response,
    feature_collection,
    figure_text,
)
from fazhi.core.excel import XLSX_MIME

ROOT = Path(__file__).resolve().parents[3]
VENDOR = ROOT / "fazhi/core/static/vendor/echarts"


def square(x: float) -> dict:
    return {"type": "Polygon", "coordinates": [[[x, 0], [x + 1, 0], [x + 1, 1], [x, 1], [x, 0]]]}


def cases_by_village() -> Chart:
    return Chart(
        key="cases-by-village",
        title="各村（社区）立案数",
        kind="stacked_bar",
        unit="件",
        category_label="村（社区）",
        categories=["幸福村", "和平社区", "新港村"],
        series=[
            ChartSeries(
                name="一般程序",
                values=[12345, 3, 0],
                urls=[
                    "/office/enforcement/cases/?village=1",
                    "/office/enforcement/cases/?village=2",
                    None,
                ],
            ),
            ChartSeries(name="简易程序", values=[1234.5, 2, 7]),
        ],
        xlsx_url="/office/reports/charts/cases-by-village.xlsx",
    )


def villages_map() -> Chart:
    return Chart(
        key="map",
        title="各村（社区）问题线索",
        kind="map",
        categories=["幸福村", "和平社区"],
        series=[ChartSeries(name="问题线索", values=[5, 9], urls=["/r/?v=1", "/r/?v=2"])],
        geojson=feature_collection({"幸福村": square(0), "和平社区": square(1)}),
    )


def render(source: str, **context: object) -> str:
    return engines["django"].from_string(source).render(context)


# --- The spec ---------------------------------------------------------------------------------


def test_the_spec_carries_categories_series_and_the_records_behind_each_value():
    spec = cases_by_village().spec()
    assert spec["kind"] == "stacked_bar"
    assert spec["caption"] == "各村（社区）立案数（单位：件）"  # the downloaded picture's title
    assert spec["categories"] == ["幸福村", "和平社区", "新港村"]
    assert spec["series"][0] == {
        "name": "一般程序",
        "values": [12345, 3, 0],
        "urls": [
            "/office/enforcement/cases/?village=1",
            "/office/enforcement/cases/?village=2",
            None,
        ],
    }
    # A series declared without addresses has none to open, one None per category.
    assert spec["series"][1]["urls"] == [None, None, None]
    assert "geojson" not in spec
    json.dumps(spec, allow_nan=False)


def test_a_lazy_title_reaches_the_browser_as_text():
    chart = Chart(
        key="k",
        title=gettext_lazy("问题线索"),  # type: ignore[arg-type]
        kind="pie",
        categories=["占道经营"],
        series=[ChartSeries(name="件数", values=[1])],
    )
    assert json.loads(json.dumps(chart.spec()))["title"] == "问题线索"


def test_a_map_carries_its_regions():
    spec = villages_map().spec()
    assert [f["properties"]["name"] for f in spec["geojson"]["features"]] == ["幸福村", "和平社区"]
    assert spec["geojson"]["features"][0]["geometry"] == square(0)


@pytest.mark.parametrize(
    ("regions", "reason"),
    [
        ({"幸福村": square(0)}, "和平社区"),  # a category with no region to colour
        ({"幸福村": square(0), "和平社区": square(1), "渔港村": square(2)}, "渔港村"),
        ({"幸福村": square(0), "和平社区 ": square(1)}, "和平社区 "),  # a near miss is a miss
    ],
)
def test_a_map_refuses_regions_that_are_not_its_categories(regions, reason):
    with pytest.raises(ValueError, match=reason):
        Chart(
            key="map",
            title="地图",
            kind="map",
            categories=["幸福村", "和平社区"],
            series=[ChartSeries(name="问题线索", values=[5, 9])],
            geojson=feature_collection(regions),
        )


def test_a_map_needs_geojson_and_only_a_map_takes_it():
    with pytest.raises(ValueError, match="FeatureCollection"):
        Chart(
            key="m",
            title="地图",
            kind="map",
            categories=["幸福村"],
            series=[ChartSeries("线索", [1])],
        )
    with pytest.raises(ValueError, match="only a map"):
        Chart(
            key="b",
            title="柱图",
            kind="bar",
            categories=["幸福村"],
            series=[ChartSeries("线索", [1])],
            geojson=feature_collection({"幸福村": square(0)}),
        )


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"series": [ChartSeries("线索", [1, 2])]}, "2 values for 1 categories"),
        ({"series": [ChartSeries("线索", [1], ["/a/", "/b/"])]}, "2 addresses"),
        ({"series": [ChartSeries("线索", [float("nan")])]}, "not a figure"),
        ({"series": [ChartSeries("线索", [float("inf")])]}, "not a figure"),
        ({"series": [ChartSeries("线索", ["12"])]}, "not a figure"),  # type: ignore[list-item]
        ({"series": [ChartSeries("线索", [1], ["https://example.com/"])]}, "not an address"),
        ({"series": [ChartSeries("线索", [1], ["//example.com/"])]}, "not an address"),
        ({"series": [ChartSeries("线索", [1], ["javascript:alert(1)"])]}, "not an address"),
        ({"series": [ChartSeries("线索", [1], ["/\t/example.com/"])]}, "not an address"),
        ({"series": [ChartSeries("线索", [1], ["/\\example.com/"])]}, "not an address"),
        ({"xlsx_url": "http://example.com/x.xlsx"}, "not an address"),
        ({"kind": "pie", "series": [ChartSeries("甲", [1]), ChartSeries("乙", [2])]}, "one series"),
        ({"kind": "radar"}, "unknown kind"),
        ({"key": "Two words"}, "lowercase"),
        ({"series": []}, "no series"),
        ({"categories": ["幸福村", "幸福村"], "series": [ChartSeries("线索", [1, 2])]}, "repeat"),
    ],
)
def test_a_chart_that_would_draw_wrong_or_lead_elsewhere_is_refused(changes, reason):
    fields = {
        "key": "k",
        "title": "线索",
        "kind": "bar",
        "categories": ["幸福村"],
        "series": [ChartSeries("线索", [1])],
    } | changes
    with pytest.raises(ValueError, match=reason):
        Chart(**fields)


@pytest.mark.parametrize(
    ("value", "text"),
    [(0, "0"), (12345, "12,345"), (1234567.0, "1,234,567"), (1234.5, "1,234.5"), (0.456, "0.46")],
)
def test_figures_are_written_with_thousands_separators(value, text):
    assert figure_text(value) == text


# --- The Excel file ---------------------------------------------------------------------------


def test_the_excel_file_is_the_charts_table_and_the_export_is_audited(world):
    response = chart_excel_response(
        cases_by_village(),
        actor=world.clerk_a,
        object_type="enforcement.case",
        filters={"年度": "2025年"},
    )
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_MIME
    assert ".xlsx" in response["Content-Disposition"]
    book = load_workbook(BytesIO(response.content))
    rows = [[c.value for c in row] for row in book.active.iter_rows()]
    notes = [[c.value for c in row] for row in book["说明"].iter_rows()]
    assert notes[0][0] == "各村（社区）立案数"
    assert ["导出人", world.clerk_a.display_name] in notes
    assert "年度：2025年" in notes[3][1]
    assert rows == [
        ["村（社区）", "一般程序（件）", "简易程序（件）"],
        ["幸福村", 12345, 1234.5],
        ["和平社区", 3, 2],
        ["新港村", 0, 7],
    ]
    entry = AuditEntry.objects.get(action=Action.EXPORT)
    assert entry.actor == world.clerk_a
    assert entry.object_type == "enforcement.case"
    assert entry.object_repr == "导出各村（社区）立案数"
    assert entry.changes == {"filters": {"年度": "2025年"}, "count": 3}


# --- The template -----------------------------------------------------------------------------


def test_the_component_shows_the_figures_as_a_table_with_links_and_the_spec_beside_it():
    html = render('{% include "core/partials/chart.html" with chart=c %}', c=cases_by_village())
    assert '<figure class="chart" id="chart-cases-by-village">' in html
    assert "<figcaption>各村（社区）立案数" in html
    rows = re.findall(r"<tr>(.*?)</tr>", html, flags=re.S)
    assert re.findall(r"<th[^>]*>(.*?)</th>", rows[0]) == [
        "村（社区）",
        "一般程序（件）",
        "简易程序（件）",
    ]
    assert rows[1] == (
        '<th scope="row">幸福村</th>'
        '<td class="num"><a href="/office/enforcement/cases/?village=1">12,345</a></td>'
        '<td class="num">1,234.5</td>'
    )
    assert '<td class="num">0</td>' in rows[3]  # 新港村 has no address for its 0
    spec = re.search(
        r'<script id="chart-cases-by-village-spec" type="application/json">(.*?)</script>', html
    )
    assert spec is not None
    assert json.loads(spec.group(1)) == cases_by_village().spec()
    assert 'data-chart-spec="chart-cases-by-village-spec"' in html
    assert "下载图片" in html
    assert (
        '<a class="button" href="/office/reports/charts/cases-by-village.xlsx">导出Excel</a>'
        in html
    )


def test_without_an_excel_address_there_is_no_export_link():
    chart = villages_map()
    assert chart.xlsx_url is None
    html = render('{% include "core/partials/chart.html" with chart=c %}', c=chart)
    assert "导出Excel" not in html
    assert "下载图片" in html


def test_a_page_of_charts_loads_the_vendored_scripts_once_and_nothing_from_outside():
    page = render(
        '{% extends "base.html" %}{% block content %}'
        '{% for c in charts %}{% include "core/partials/chart.html" with chart=c %}{% endfor %}'
        "{% endblock %}",
        charts=[cases_by_village(), villages_map()],
        site_title="法治",
    )
    sources = re.findall(r'<script src="([^"]+)" defer></script>', page)
    assert sources == ["/static/vendor/echarts/echarts.min.js", "/static/fazhi/charts.js"]
    # The only other scripts are the two specs: data, never code (the CSP allows no inline code).
    assert len(re.findall(r'<script id="chart-[a-z-]+-spec" type="application/json">', page)) == 2
    assert page.count("<script") == 4
    assert "style=" not in page
    assert not re.search(r"(?:https?:)?//[^/\"'\s]", page.replace("&quot;", '"'))


def test_a_page_without_charts_loads_no_chart_script():
    page = render(
        '{% extends "base.html" %}{% block content %}无图表{% endblock %}', site_title="法治"
    )
    assert "echarts" not in page


def test_the_vendored_echarts_is_the_pinned_release_with_its_licence():
    pinned = re.search(r"^ECHARTS_VERSION\s*:=\s*(\S+)", (ROOT / "Makefile").read_text(), re.M)
    assert pinned is not None
    assert (VENDOR / "VERSION").read_text().strip() == pinned.group(1)
    assert pinned.group(1).startswith("5.")
    assert "Apache License" in (VENDOR / "LICENSE").read_text()
    assert f'.version="{pinned.group(1)}"' in (VENDOR / "echarts.min.js").read_text()
