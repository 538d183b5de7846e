"""The district office compares its streets: every figure per street as the statistics engine
counts it, the district's total (a ratio from the summed parts), a figure's page with its
breakdowns per street, the Excel export with its audit row, and nothing but figures."""

from __future__ import annotations

import re
from datetime import date, datetime
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from fazhi.audit.models import Action, AuditEntry
from fazhi.core import stats
from fazhi.district.tests.conftest import YEAR_2020
from fazhi.org.models import Street
from fazhi.testing import make_street

URL = "/office/district/"
RATE = "legal_services.mediation_success_rate"
PERIOD = stats.Period(date(2020, 1, 1), date(2020, 12, 31))


def figure_url(key: str) -> str:
    return f"{URL}figures/{key}/"


def row_cells(html: str, key: str) -> list[str]:
    """The numbers of the comparison table's row of ``key``, as the user reads them."""
    row = re.search(rf'<tr data-key="{re.escape(key)}">(.*?)</tr>', html, re.S)
    assert row is not None, key
    return re.findall(r'<td class="num">(?:<strong>)?([^<]*)', row.group(1))


def main_links(html: str) -> list[str]:
    main = html[html.index("<main") :]
    return re.findall(r'href="([^"]*)"', main)


def test_both_streets_side_by_side_as_the_engine_counts_them(world, district_office, figures):
    response = world.client(district_office).get(URL, YEAR_2020)
    assert response.status_code == 200
    table = response.context["table"]
    assert [s.name for s in table.streets] == ["乙街", "甲街"]
    per_street = {s.pk: stats.compute(s, PERIOD) for s in table.streets}
    keys = [row.stat.key for _chapter, row in table.rows()]
    assert sorted(keys) == sorted(s.key for s in stats.registered())
    for _chapter, row in table.rows():
        assert row.values == [per_street[s.pk][row.stat.key] for s in table.streets], row.stat.key
    totals = {row.stat.key: row.total for _chapter, row in table.rows()}
    assert totals["org.grids"] == 5  # an as-of registry adds up: 3 + 2
    assert totals["legal_services.mediations"] == 4
    # 1 of 3 and 1 of 1 closed cases succeeded: 2 of 4 is 50%, not the streets' mean 66.7%.
    assert [per_street[s.pk][RATE] for s in table.streets] == [33.3, 100.0]
    assert totals[RATE] == 50.0
    html = response.content.decode()
    assert row_cells(html, RATE) == ["33.3", "100", "50"]
    assert row_cells(html, "org.grids") == ["3", "2", "5"]


def test_rows_are_grouped_by_chapter_with_their_definitions(world, district_office):
    response = world.client(district_office).get(URL, YEAR_2020)
    chapters = [c.key for c in response.context["table"].chapters]
    assert chapters == [c for c in stats.Chapter.values if c in chapters]
    html = response.content.decode()
    assert "组织领导" in html and "公共法律服务" in html
    assert "期间内结案的调解案件中调解成功的比例" in html  # the figure's definition


def test_numbers_carry_thousands_separators(world, district_office, fines):
    response = world.client(district_office).get(URL, YEAR_2020)
    assert row_cells(response.content.decode(), "enforcement.fines") == [
        "200",
        "12,500.5",
        "12,700.5",
    ]


def test_no_link_leads_to_a_streets_records(world, district_office, figures):
    client = world.client(district_office)
    pages = [
        client.get(URL, YEAR_2020),
        client.get(figure_url("legal_services.mediations"), YEAR_2020),
        client.get(figure_url("legal_services.mediations"), {**YEAR_2020, "by": "village"}),
        client.get(figure_url(RATE), YEAR_2020),
        client.get("/office/"),
    ]
    for response in pages:
        assert response.status_code == 200
        for link in main_links(response.content.decode()):
            assert link.startswith((URL, "?")), link
        assert "/records/" not in response.content.decode()


def test_the_period_defaults_to_this_year_up_to_today(world, district_office):
    now = datetime(2020, 9, 28, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    with time_machine.travel(now, tick=False):
        response = world.client(district_office).get(URL)
    assert response.status_code == 200
    assert response.context["table"].period == stats.Period(date(2020, 1, 1), date(2020, 9, 28))
    assert "统计期间：2020年1月1日至2020年9月28日" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"start": "2020-13-01", "end": "2020-12-31"}, "有效的日期"),
        ({"start": "2020-12-31", "end": "2020-01-01"}, "结束日期不能早于开始日期。"),
        ({"start": "2010-01-01", "end": "2020-12-31"}, "统计期间不能超过5年。"),
        ({"start": "", "end": "2020-12-31"}, "这个字段是必填项。"),
        ({"end": "yesterday"}, "有效的日期"),
    ],
)
def test_a_bad_period_is_explained_not_a_500(world, district_office, query, message):
    client = world.client(district_office)
    for path in [URL, figure_url(RATE), figure_url("org.grids")]:
        response = client.get(path, query)
        assert response.status_code == 400, path
        assert message in response.content.decode(), path
    export = client.get(URL, {**query, "format": "xlsx"})
    assert export.status_code == 400
    assert not AuditEntry.objects.filter(action=Action.EXPORT).exists()


def test_a_figure_compared_across_streets_with_its_ratio_parts(world, district_office, figures):
    response = world.client(district_office).get(figure_url(RATE), YEAR_2020)
    assert response.status_code == 200
    assert response.context["row"].values == [33.3, 100.0]
    assert response.context["row"].total == 50.0
    chart = response.context["street_chart"]
    assert (chart.categories, chart.series[0].values) == (["乙街", "甲街"], [33.3, 100.0])
    assert not any(chart.series[0].urls)
    parts = response.context["parts"]
    assert [(p.stat.key, p.values, p.total) for p in parts] == [
        ("legal_services.mediations_succeeded", [1, 1], 2),
        ("legal_services.mediations_closed", [3, 1], 4),
    ]
    html = response.content.decode()
    assert "全区合计：50%" in html
    assert "不是各街道比率的平均数" in html
    assert response.context["breakdowns"] == []  # a ratio is not broken down


def test_a_figures_breakdowns_per_street(world, district_office, figures):
    client = world.client(district_office)
    stat = stats.get("legal_services.mediations")
    a, b = world.a.street, world.b.street
    response = client.get(figure_url(stat.key), YEAR_2020)
    assert response.status_code == 200
    offered = [name for name, _label in stat.breakdowns()]
    assert [b_["current"] for b_ in response.context["breakdowns"]] == [
        name == offered[0] for name in offered
    ]
    (by_month,) = response.context["charts"]  # months: one chart, a series per street
    assert by_month.categories == ["2020年6月"]
    assert [(s.name, s.values) for s in by_month.series] == [("乙街", [3]), ("甲街", [1])]
    response = client.get(figure_url(stat.key), {**YEAR_2020, "by": "village"})
    charts = response.context["charts"]  # villages: each street's own chart
    assert [(c.categories, c.series[0].values) for c in charts] == [
        (["乙街幸福社区"], [3]),
        (["甲街幸福社区"], [1]),
    ]
    response = client.get(figure_url(stat.key), {**YEAR_2020, "by": "status"})
    (by_status,) = response.context["charts"]
    values = {
        s.name: dict(zip(by_status.categories, s.values, strict=True)) for s in by_status.series
    }
    assert values == {
        "乙街": {"调解不成": 2, "调解成功": 1},
        "甲街": {"调解不成": 0, "调解成功": 1},
    }
    expected = {s.pk: stats.breakdown(stat, s, PERIOD, "status") for s in (a, b)}
    assert stats.breakdown_many(stat, [b, a], PERIOD, "status") == {
        b.pk: expected[b.pk],
        a.pk: expected[a.pk],
    }


@pytest.mark.parametrize(
    "key", ["legal_services.mediations", "org.grids", "org.grid_workers", "enforcement.fines"]
)
def test_breakdowns_per_street_are_the_engines_breakdowns(world, figures, fines, key):
    stat = stats.get(key)
    streets = [world.a.street, world.b.street]
    for by, _label in stat.breakdowns():
        assert stats.breakdown_many(stat, streets, PERIOD, by) == {
            s.pk: stats.breakdown(stat, s, PERIOD, by) for s in streets
        }, by


def test_an_unknown_figure_or_breakdown(world, district_office):
    client = world.client(district_office)
    assert client.get(figure_url("org.nothing"), YEAR_2020).status_code == 404
    response = client.get(figure_url("legal_services.mediations"), {**YEAR_2020, "by": "grid"})
    assert response.status_code == 400
    assert "该指标不能按“grid”分组。" in response.content.decode()


def test_export_with_its_audit_row(world, district_office, figures):
    response = world.client(district_office).get(URL, {**YEAR_2020, "format": "xlsx"})
    assert response.status_code == 200
    assert "20200101-20201231.xlsx" in response["Content-Disposition"]
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    notes = "\n".join(
        "：".join(str(c) for c in r if c is not None)
        for r in load_workbook(BytesIO(response.content))["说明"].iter_rows(values_only=True)
    )
    assert notes.startswith("各街道统计指标对比")
    assert "筛选条件：区：滨海新区；开始日期：2020-01-01；结束日期：2020-12-31" in notes
    assert rows[0] == ("工作领域", "指标", "单位", "乙街", "甲街", "全区合计", "键名", "口径说明")
    by_key = {row[6]: row for row in rows[1:]}
    assert by_key[RATE][:6] == ("公共法律服务", "调解成功率", "%", 33.3, 100, 50)
    assert by_key["org.grids"][3:6] == (3, 2, 5)
    assert len(by_key) == len(stats.registered())
    export = AuditEntry.objects.get(action=Action.EXPORT)
    assert (export.actor, export.street) == (district_office, None)
    assert export.object_type == "district.comparison"
    assert export.changes == {
        "filters": {"区": "滨海新区", "开始日期": "2020-01-01", "结束日期": "2020-12-31"},
        "count": len(stats.registered()),
    }


def test_another_districts_office_sees_none_of_these_streets(world, other_district_office, figures):
    client = world.client(other_district_office)
    for path in [URL, figure_url("legal_services.mediations"), "/office/"]:
        response = client.get(path, YEAR_2020 if path != "/office/" else {})
        assert response.status_code == 200
        html = response.content.decode()
        assert "丙街" in html, path
        assert "甲街" not in html and "乙街" not in html, path
    export = client.get(URL, {**YEAR_2020, "format": "xlsx"})
    sheet = load_workbook(BytesIO(export.content)).active
    assert [c.value for c in sheet[1]][3:5] == ["丙街", "全区合计"]


@pytest.mark.parametrize("who", ["clerk_a", "clerk_b", "leader", "secadmin", "auditor", "sysadmin"])
def test_street_staff_may_not_open_the_district_pages(world, who):
    client = world.client(getattr(world, who))
    for path in [URL, figure_url("org.grids"), f"{URL}?format=xlsx"]:
        assert client.get(path, YEAR_2020).status_code == 403, path
    assert not AuditEntry.objects.filter(action=Action.EXPORT).exists()


def test_anonymous_is_sent_to_login(anon, world):
    response = anon.get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_district_office_without_a_district_is_refused_clearly(world, district_office):
    district_office.district = None
    district_office.save(update_fields=["district"])
    response = world.client(district_office).get(URL)
    assert response.status_code == 403
    assert "您的账号未指定所属区" in response.content.decode()


def test_the_dashboard_shows_each_streets_headline_figures(world, district_office):
    now = datetime(2020, 9, 28, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    with time_machine.travel(now, tick=False):
        response = world.client(district_office).get("/office/")
    assert response.status_code == 200
    assert response.context["reminders"] == []
    table = response.context["district"]["table"]
    assert [s.name for s in table.streets] == ["乙街", "甲街"]
    assert {row.stat.key for _c, row in table.rows()} == {
        s.key for s in stats.registered() if s.headline
    }
    html = response.content.decode()
    assert 'id="district-headline"' in html and "查看全部指标的各街道对比" in html
    assert "滨海新区 · " in html  # the top bar names the district


def test_a_street_dashboard_shows_no_district_table(world):
    response = world.client(world.leader).get("/office/")
    assert response.status_code == 200
    assert response.context["district"] is None
    assert 'id="district-headline"' not in response.content.decode()


def test_the_sidebar_offers_the_comparison_to_the_district_office_only(world, district_office):
    link = f'href="{URL}"'
    assert link in world.client(district_office).get("/office/").content.decode()
    assert link not in world.client(world.leader).get("/office/").content.decode()


def _queries(client, path, query) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path, query).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    ("path", "query"),
    [
        (URL, YEAR_2020),
        (URL, {**YEAR_2020, "format": "xlsx"}),
        (figure_url("legal_services.mediations"), YEAR_2020),
        (figure_url("legal_services.mediations"), {**YEAR_2020, "by": "village"}),
        (figure_url("org.grid_workers"), {**YEAR_2020, "by": "grid"}),
        (figure_url(RATE), YEAR_2020),
        ("/office/", {}),
    ],
)
def test_query_count_does_not_grow_with_the_streets(
    world, district_office, figures, django_assert_max_num_queries, path, query
):
    client = world.client(district_office)
    client.get(path, query)  # warm the session and the permission cache of the first request
    two = _queries(client, path, query)
    for n in range(3):
        make_street(f"street-x{n}", f"新{n}街")
    assert Street.objects.filter(district=world.a.street.district).count() == 5
    with django_assert_max_num_queries(16):
        assert client.get(path, query).status_code == 200
    assert _queries(client, path, query) == two
