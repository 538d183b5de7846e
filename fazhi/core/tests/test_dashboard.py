"""The dashboard (工作台): a period picker, the charts of each role's own work with every bar
leading to the records behind it, the grid map from the stored boundaries, Excel downloads that
are audited, and a number of queries that does not grow with the data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from io import BytesIO
from typing import Any
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from fazhi.audit.models import Action, AuditEntry
from fazhi.core import dashboard, stats
from fazhi.core.charts import Chart
from fazhi.core.excel import XLSX_MIME
from fazhi.core.services import model_create
from fazhi.enforcement.models import Case, Report
from fazhi.enforcement.services.publication import publication_publish
from fazhi.enforcement.testing import Enf, build_enf
from fazhi.enforcement.tests.b_helpers import decided_case, make_case
from fazhi.enforcement.tests.report_helpers import make_patrol, make_report
from fazhi.legal_services.models import Consultation, Mediation, Topic
from fazhi.org import services as org_services
from fazhi.org.models import Grid
from fazhi.testing import World

SHANGHAI = ZoneInfo("Asia/Shanghai")
HOME = "/office/"

ENFORCEMENT_CHARTS = {
    "cases-by-month",
    "cases-by-status",
    "cases-by-category",
    "cases-by-village",
    "reports-by-source",
    "publications-by-month",
    "reviews-by-conclusion",
}
LEGAL_SERVICES_CHARTS = {
    "consultations-by-channel",
    "consultations-by-topic",
    "appointments-by-month",
    "mediations-by-status",
    "mediations-by-type",
}
REVIEWS_CHARTS = {
    "review-requests-by-month",
    "review-requests-by-kind",
    "review-requests-by-conclusion",
}


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=SHANGHAI)  # type: ignore[misc]


def square(x: float, y: float = 0) -> dict[str, Any]:
    return {
        "type": "Polygon",
        "coordinates": [[[x, y], [x + 1, y], [x + 1, y + 1], [x, y + 1], [x, y]]],
    }


@pytest.fixture
def enf(world: World) -> Enf:
    return build_enf(world)


@pytest.fixture
def frozen():
    # 2020年9月28日, the day of the seed's report.
    with time_machine.travel(at(2020, 9, 28, 10), tick=False):
        yield


@dataclass
class Records:
    cases_a01: list[Case]
    case_a02: Case
    case_no_grid: Case
    case_2019: Case


def consultation(world: World, channel: str, topic: str, when: datetime) -> Consultation:
    return model_create(
        Consultation,
        actor=None,
        data={
            "street": world.a.street,
            "occurred_at": when,
            "channel": channel,
            "topic": topic,
            "question": "邻居占用公共通道怎么办？",
            "village": world.a.village,
        },
    )


def mediation(street: Any, number: int, dispute_type: str) -> Mediation:
    return model_create(
        Mediation,
        actor=None,
        data={
            "street": street,
            "case_no": f"（2020）调字第{number}号",
            "title": f"相邻通行纠纷{number}",
            "dispute_type": dispute_type,
            "received_on": date(2020, 6, 1),
            "summary": "双方因院墙外通道堆放杂物发生争执。",
            "mediators": "王调解、刘调解",
        },
    )


def records(world: World, enf: Enf) -> Records:
    """Cases found in March (grid A-01, two), September (A-02) and May (no grid) of 2020 and one
    in 2019; one in street B; two reports, a patrol, two decisions published (one late),
    three consultations and two mediations in street A."""
    a01 = [
        make_case(enf, grid=world.a.grid, found_at=at(2020, 3, 5, 9), status=Case.Status.FOUND),
        make_case(enf, grid=world.a.grid, found_at=at(2020, 3, 20, 9), category=enf.litter),
    ]
    a02 = make_case(enf, grid=world.a.other_grid, found_at=at(2020, 9, 1, 9))
    no_grid = make_case(enf, found_at=at(2020, 5, 2, 9), status=Case.Status.FOUND)
    old = make_case(enf, grid=world.a.grid, found_at=at(2019, 12, 31, 9))
    make_case(enf, street=world.b.street, grid=world.b.grid, found_at=at(2020, 3, 5, 9))
    make_report(world, enf)
    make_report(world, enf)
    make_patrol(world, enf)
    on_time = decided_case(enf, decided_on=date(2020, 9, 1), grid=world.a.grid)
    publication_publish(actor=enf.officer1, case=on_time, today=date(2020, 9, 2))
    late = decided_case(enf, decided_on=date(2020, 8, 3), grid=world.a.grid, decision_no="2")
    publication_publish(actor=enf.officer1, case=late, today=date(2020, 9, 10))
    consultation(world, Consultation.Channel.PHONE, Topic.LABOUR, at(2020, 2, 3, 10))
    consultation(world, Consultation.Channel.PHONE, Topic.CONTRACT, at(2020, 4, 3, 10))
    consultation(world, Consultation.Channel.WECHAT, Topic.LABOUR, at(2020, 4, 9, 10))
    mediation(world.a.street, 1, Mediation.DisputeType.NEIGHBOUR)
    mediation(world.a.street, 2, Mediation.DisputeType.CONTRACT)
    mediation(world.b.street, 3, Mediation.DisputeType.CONTRACT)
    return Records(a01, a02, no_grid, old)


def board(response: Any) -> Any:
    return response.context["dashboard"]


def charts(response: Any) -> dict[str, Chart]:
    return {c.key: c for group in board(response).groups for c in group.charts}


def get(client: Any, **params: str) -> Any:
    return client.get(HOME, params)


# --- The period --------------------------------------------------------------------------------


def test_the_default_period_is_this_year_up_to_today(world, enf, frozen):
    records(world, enf)
    response = get(world.client(world.clerk_a))
    assert response.status_code == 200
    assert board(response).period == stats.Period(date(2020, 1, 1), date(2020, 9, 28))
    text = response.content.decode()
    assert "甲街 · 2020年1月1日至2020年9月28日的数据" in text
    by_month = charts(response)["cases-by-month"]
    # Every month of the period, those without a case included; the 2019 case is not counted.
    assert by_month.categories == [f"2020年{m}月" for m in range(1, 10)]
    assert by_month.series[0].values == [0, 0, 2, 0, 1, 0, 0, 0, 3]


def test_a_chosen_year_and_a_range(world, enf, frozen):
    records(world, enf)
    client = world.client(world.clerk_a)

    response = get(client, year="2019")
    assert response.status_code == 200
    assert board(response).period == stats.Period(date(2019, 1, 1), date(2019, 12, 31))
    by_month = charts(response)["cases-by-month"]
    assert len(by_month.categories) == 12
    assert by_month.series[0].values[-1] == 1  # the case of 2019年12月31日
    assert sum(by_month.series[0].values) == 1

    # The current year chosen is the year up to today, as the default.
    response = get(client, year="2020")
    assert board(response).period == stats.Period(date(2020, 1, 1), date(2020, 9, 28))

    response = get(client, start="2020-03-01", end="2020-03-31")
    assert response.status_code == 200
    assert board(response).period == stats.Period(date(2020, 3, 1), date(2020, 3, 31))
    by_month = charts(response)["cases-by-month"]
    assert (by_month.categories, by_month.series[0].values) == (["2020年3月"], [2])
    assert "2020年3月1日至2020年3月31日" in response.content.decode()
    # The links of the page keep the period asked for.
    assert by_month.xlsx_url is not None
    assert parse_qs(urlsplit(by_month.xlsx_url).query) == {
        "start": ["2020-03-01"],
        "end": ["2020-03-31"],
        "chart": ["cases-by-month"],
        "format": ["xlsx"],
    }


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"year": "abc"}, "年度须为四位数字的年份，如2020。"),
        ({"year": "2021"}, "年度须在2000年至2020年之间。"),
        ({"year": "1999"}, "年度须在2000年至2020年之间。"),
        ({"start": "2020-13-01", "end": "2020-12-31"}, "开始日期："),
        ({"start": "2020-03-01"}, "请填写结束日期。"),
        ({"end": "2020-03-01"}, "请填写开始日期。"),
        ({"start": "2020-09-01", "end": "2020-03-01"}, "结束日期不能早于开始日期。"),
        ({"start": "2010-01-01", "end": "2020-03-01"}, "统计期间不能超过5年。"),
        ({"year": "2020", "start": "2020-03-01", "end": "2020-03-31"}, "二者只能选其一"),
        ({"map": "budget"}, "地图显示："),
    ],
)
def test_bad_input_is_refused_with_a_chinese_message(world, enf, frozen, params, message):
    records(world, enf)
    client = world.client(world.clerk_a)
    response = get(client, **params)
    assert response.status_code == 400
    text = response.content.decode()
    assert "统计期间有误，请按提示修改" in text
    assert message in text
    assert board(response).period is None
    assert "data-chart-spec" not in text
    # A download with the same mistake is refused the same way, and nothing is audited.
    response = get(client, **params, chart="cases-by-status", format="xlsx")
    assert response.status_code == 400
    assert not AuditEntry.objects.filter(action=Action.EXPORT).exists()


# --- The charts ----------------------------------------------------------------------------------


def _bar_link(url: str) -> tuple[str, dict[str, list[str]]]:
    parts = urlsplit(url)
    return parts.path, parse_qs(parts.query, keep_blank_values=True)


def test_each_chart_is_its_figures_breakdown_and_links_to_the_records_behind_each_bar(
    world, enf, frozen
):
    data = records(world, enf)
    response = get(world.client(world.clerk_a))
    shown = charts(response)
    assert set(shown) == ENFORCEMENT_CHARTS | LEGAL_SERVICES_CHARTS | REVIEWS_CHARTS
    period = stats.Period(date(2020, 1, 1), date(2020, 9, 28))
    street = world.a.street
    for spec in dashboard.charts_for(world.clerk_a):
        chart = shown[spec.key]
        for series_spec, series in zip(spec.series, chart.series, strict=True):
            figure = stats.get(series_spec.stat)
            bars = stats.breakdown(figure, street, period, series_spec.by)
            by_label = {bar.label: bar for bar in bars}
            values = dict(zip(chart.categories, series.values, strict=True))
            urls = dict(zip(chart.categories, series.urls, strict=True))
            # Every bar of the breakdown is drawn with its value; other categories are 0.
            assert {k: v for k, v in values.items() if v} == {b.label: b.value for b in bars}
            for label, bar in by_label.items():
                path, query = _bar_link(urls[label])  # type: ignore[arg-type]
                assert path == reverse("reports:statistic_records", args=[figure.key])
                assert query == {
                    "start": ["2020-01-01"],
                    "end": ["2020-09-28"],
                    "by": [series_spec.by],
                    "value": [bar.key],
                }
            assert all(urls[c] is None for c, v in values.items() if not v)

    # The figures the charts show, as the records say.
    status = shown["cases-by-status"]
    assert dict(zip(status.categories, status.series[0].values, strict=True)) == {
        "发现登记": 2,
        "调查取证": 2,
        "已决定": 2,
    }
    channel = shown["consultations-by-channel"]
    assert dict(zip(channel.categories, channel.series[0].values, strict=True)) == {
        "电话": 2,
        "微信": 1,
    }
    published = shown["publications-by-month"]
    september = published.categories.index("2020年9月")
    assert [s.name for s in published.series] == ["按时公示", "逾期公示"]
    assert [s.values[september] for s in published.series] == [1, 1]
    village = shown["cases-by-village"]
    assert village.category_label == "村（社区）"
    assert dict(zip(village.categories, village.series[0].values, strict=True)) == {
        "甲街幸福社区": 5,
        "未填写": 1,
    }

    # A bar leads to the page of exactly its records.
    url = dict(zip(status.categories, status.series[0].urls, strict=True))["发现登记"]
    page = world.client(world.clerk_a).get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert data.cases_a01[0].number in text and data.case_no_grid.number in text
    assert data.case_a02.number not in text


def test_the_headline_cards_link_to_their_records(world, enf, frozen):
    records(world, enf)
    response = get(world.client(world.clerk_a))
    cards = {str(c.label): c for c in board(response).cards}
    found = cards["发现违法行为"]
    assert found.value == 6
    assert found.url == (
        reverse("reports:statistic_records", args=["enforcement.cases_found"])
        + "?start=2020-01-01&end=2020-09-28"
    )
    assert f'<a class="card" href="{found.url.replace("&", "&amp;")}">' in response.content.decode()


# --- Who sees what -------------------------------------------------------------------------------


def test_each_role_sees_the_charts_of_its_own_work(world, enf, frozen):
    records(world, enf)
    leader = get(world.client(world.leader))
    assert set(charts(leader)) == ENFORCEMENT_CHARTS | LEGAL_SERVICES_CHARTS | REVIEWS_CHARTS

    # The enforcement officer: the enforcement charts and the map, no legal services; the cards
    # of other work stay, without a link to records the officer may not read.
    officer = get(world.client(enf.officer1))
    assert officer.status_code == 200
    assert set(charts(officer)) == ENFORCEMENT_CHARTS
    assert [g.label for g in board(officer).groups] == ["行政执法"]
    assert board(officer).grid_map is not None
    cards = {str(c.label): c for c in board(officer).cards}
    assert cards["发现违法行为"].url and cards["法律咨询"].url is None
    # The officer's reminders are kept above the figures (two reports wait to be registered).
    assert officer.context["reminders"]
    response = get(world.client(enf.officer1), chart="consultations-by-channel", format="xlsx")
    assert response.status_code == 404

    # The legal reviewer: the legality-review charts and the cases it reviews, no legal
    # services and no reports (it reads no report).
    reviewer = set(charts(get(world.client(world.reviewer))))
    assert reviewer >= REVIEWS_CHARTS and "cases-by-month" in reviewer
    assert not reviewer & (LEGAL_SERVICES_CHARTS | {"reports-by-source"})

    # The grid worker and the auditor read no street figures: no cards, no charts, no map.
    for user in (world.grid_worker, world.auditor):
        response = get(world.client(user))
        assert response.status_code == 200, user
        assert response.context["dashboard"] is None
        text = response.content.decode()
        assert "data-chart-spec" not in text and 'class="cards"' not in text
        response = get(world.client(user), chart="cases-by-status", format="xlsx")
        assert response.status_code == 404
    # The grid worker's first screen is its own work instead: the report button first.
    auditor = get(world.client(world.auditor))
    assert auditor.context["work"].panels == [] and auditor.context["work"].actions == []
    assert "请从左侧导航进入您负责的工作。" in auditor.content.decode()
    grid_worker = get(world.client(world.grid_worker))
    assert [a.key for a in grid_worker.context["work"].actions] == ["enforcement.report"]


def test_a_chart_shows_only_with_the_statistics_permission_and_its_record_type(world):
    # A role that reads the figures but not consultations (the legal reviewer) gets no
    # consultation chart; one that reads neither (the auditor) gets none.
    spec = dashboard.chart_for(world.leader, "consultations-by-channel")
    assert spec is not None
    assert not spec.visible_to(world.reviewer)
    assert dashboard.chart_for(world.reviewer, "consultations-by-channel") is None
    assert dashboard.chart_for(world.auditor, "cases-by-month") is None
    assert dashboard.chart_for(world.leader, "no-such-chart") is None


# --- Excel ---------------------------------------------------------------------------------------


def test_a_charts_data_downloads_as_excel_and_is_audited(world, enf, frozen):
    records(world, enf)
    client = world.client(world.clerk_a)
    response = get(client, chart="cases-by-status", format="xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_MIME
    sheet = load_workbook(BytesIO(response.content)).active
    rows = [tuple(r) for r in sheet.iter_rows(values_only=True) if any(c is not None for c in r)]
    header = rows.index(("办理状态", "发现违法行为（起）"))
    assert sorted(rows[header + 1 :]) == [("发现登记", 2), ("已决定", 2), ("调查取证", 2)]
    entry = AuditEntry.objects.get(action=Action.EXPORT)
    assert entry.actor == world.clerk_a
    assert entry.object_type == "core.dashboard"
    assert "发现违法行为的办理状态" in entry.object_repr
    assert entry.changes["count"] == 3
    assert "2020年1月1日至2020年9月28日" in str(entry.changes["filters"])

    # The map's data, by the figure it shows.
    Grid.objects.filter(pk=world.a.grid.pk).update(boundary=square(0))
    response = get(client, map="patrols", chart=dashboard.MAP_KEY, format="xlsx")
    assert response["Content-Type"] == XLSX_MIME
    sheet = load_workbook(BytesIO(response.content)).active
    rows = [tuple(r) for r in sheet.iter_rows(values_only=True) if any(c is not None for c in r)]
    assert rows[-1] == (world.a.grid.code, 1)

    response = get(client, chart="no-such-chart", format="xlsx")
    assert response.status_code == 404
    assert "没有名为“no-such-chart”的图表。" in response.content.decode()
    assert AuditEntry.objects.filter(action=Action.EXPORT).count() == 2


# --- The grid map --------------------------------------------------------------------------------


def test_the_map_draws_the_grids_with_a_boundary_and_lists_the_others(world, enf, frozen):
    data = records(world, enf)
    Grid.objects.filter(pk=world.a.grid.pk).update(boundary=square(0))
    response = get(world.client(world.clerk_a))
    grid_map = board(response).grid_map
    assert grid_map.layer.key == "cases"
    chart = grid_map.chart
    assert chart.kind == "map"
    assert chart.categories == [world.a.grid.code]
    # Two cases of March and the two decided cases are in grid A-01.
    assert chart.series[0].values == [4]
    path, query = _bar_link(chart.series[0].urls[0])
    assert path == reverse("reports:statistic_records", args=["enforcement.cases_found"])
    assert query["by"] == ["grid"] and query["value"] == [str(world.a.grid.pk)]
    assert [f["properties"]["name"] for f in chart.geojson["features"]] == [world.a.grid.code]
    assert chart.geojson["features"][0]["geometry"] == square(0)
    # The grid without a boundary is listed under the map with its figure; the case that
    # names no grid is counted too.
    assert [(g.code, g.value) for g in grid_map.without_boundary] == [(world.a.other_grid.code, 1)]
    assert grid_map.unassigned.value == 1
    text = response.content.decode()
    assert "1个网格尚未导入边界，未在地图上显示" in text
    assert f"{world.a.other_grid.code} 第二网格" in text
    assert "另有未关联网格的记录" in text
    page = world.client(world.clerk_a).get(grid_map.unassigned.url)
    assert data.case_no_grid.number in page.content.decode()

    # Switched to the reports: both are in the grid worker's grid A-01.
    response = get(world.client(world.clerk_a), map="reports")
    grid_map = board(response).grid_map
    assert grid_map.layer.key == "reports"
    assert grid_map.chart.series[0].values == [Report.objects.filter(grid=world.a.grid).count()]
    assert [label for label, _url, current in board(response).map_links if current] == ["问题线索"]


def test_without_any_boundary_there_is_a_hint_and_no_empty_map(world, enf, frozen):
    records(world, enf)
    response = get(world.client(world.clerk_a))
    grid_map = board(response).grid_map
    assert grid_map.chart is None
    text = response.content.decode()
    assert "本街道的2个网格都尚未导入边界（GeoJSON）" in text
    assert "chart-grid-map" not in text


# --- Bounded queries -----------------------------------------------------------------------------

# The session and permissions, one statement for the headline figures, one grouped query per
# chart series (two where the groups name villages), three for the map, and the reminders' counts:
# 42 today; the bound leaves room for a few more reminders or charts, not for a query per record.
QUERY_BOUND = 50


def _more(world: World, enf: Enf, n: int) -> None:
    """``n`` more villages of three grids each (with boundaries), a case in every grid and
    consultations and mediations in every village."""
    for v in range(n):
        village = org_services.village_create(
            street=world.a.street, actor=None, name=f"新村{v}", established_on=date(2015, 1, 1)
        )
        for g in range(3):
            grid = org_services.grid_create(
                street=world.a.street,
                actor=None,
                village=village,
                code=f"X-{v:02d}-{g}",
                name=f"新村{v}第{g}网格",
                established_on=date(2019, 1, 1),
            )
            Grid.objects.filter(pk=grid.pk).update(boundary=square(v, g))
            make_case(enf, grid=grid, found_at=at(2020, 1 + (v + g) % 9, 1, 9))
        consultation(world, Consultation.Channel.ONLINE, Topic.DEBT, at(2020, 1 + v % 9, 2, 9))
        mediation(world.a.street, 100 + v, Mediation.DisputeType.LABOUR)


def test_the_number_of_queries_does_not_grow_with_the_data(
    world, enf, frozen, django_assert_max_num_queries
):
    records(world, enf)
    Grid.objects.filter(pk=world.a.grid.pk).update(boundary=square(0))
    client = world.client(world.clerk_a)
    get(client)  # the session and the permissions, as every later page finds them
    with django_assert_max_num_queries(QUERY_BOUND) as small:
        response = get(client)
    assert response.status_code == 200
    _more(world, enf, 8)
    with django_assert_max_num_queries(QUERY_BOUND) as large:
        response = get(client)
    assert len(board(response).grid_map.chart.categories) == 1 + 8 * 3
    assert len(large.captured_queries) == len(small.captured_queries)
