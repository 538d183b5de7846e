"""The records behind a figure: the page lists exactly what the figure counts (or adds up), as
far as the user may see, for every kind of figure, whole or one bar of a breakdown."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from fazhi.audit.models import Action, AuditEntry
from fazhi.core import stats
from fazhi.core.links import records_url
from fazhi.reports.tests.figures import YEAR, figures, more_records
from fazhi.testing import make_user

PERIOD = stats.Period(date(2020, 1, 1), date(2020, 12, 31))


def url(key: str) -> str:
    return f"/office/reports/statistics/{key}/records/"


def listed(response) -> list:
    """The records the page lists (this page of them)."""
    return [obj for obj, _url, _cells in response.context["rows"]]


def test_count_lists_the_records_and_links_each_to_its_page(world):
    data = figures(world)
    response = world.client(world.clerk_a).get(url("enforcement.patrols"), YEAR)
    assert response.status_code == 200
    context = response.context
    assert context["summary"].value == 3 == context["records"].total
    assert {p.pk for p in listed(response)} == {
        *(p.pk for p in data.patrols_a01),
        data.patrol_a02.pk,
    }
    html = response.content.decode()
    assert f'href="/office/enforcement/patrol/{data.patrol_a02.pk}/"' in html
    assert 'id="records-total" data-value="3">3条<' in html
    assert "期间内开始的巡查次数" in html  # 口径说明
    assert "2020年1月1日至2020年12月31日" in html
    # The record set's columns, written as everywhere else (dates in Chinese, the grid's name).
    assert '<th scope="col">开始时间</th>' in html and "2020年5月11日 09:00" in html
    assert world.a.other_grid.code in html


def test_distinct_count_lists_the_cases_not_the_reviews(world):
    data = figures(world)
    response = world.client(world.clerk_a).get(url("enforcement.major_cases_reviewed"), YEAR)
    assert response.status_code == 200
    assert response.context["summary"].value == 2 == response.context["records"].total
    assert {c.pk for c in listed(response)} == {data.cases[0].pk, data.cases[1].pk}
    html = response.content.decode()
    assert ">2个不同的执法案件<" in html
    assert f'href="/office/enforcement/cases/{data.cases[0].pk}/"' in html


def test_sum_shows_the_amount_each_record_adds(world):
    data = figures(world)
    response = world.client(world.clerk_a).get(url("enforcement.fines"), YEAR)
    assert response.status_code == 200
    assert response.context["summary"].value == 265950.0 == response.context["records"].total
    html = response.content.decode()
    assert ">265,950元（3条记录）<" in html
    assert 'id="figure-value" data-value="265950.0">265,950元<' in html
    assert '<th scope="col" class="num">罚款金额（元）</th>' in html
    assert '<td class="num">65,950</td>' in html
    assert data.case_b.number not in html


def test_as_of_figure_with_a_village_slice(world):
    figures(world)
    village = world.a.village
    response = world.client(world.clerk_a).get(
        url("org.grids"), {**YEAR, "by": "village", "value": village.pk}
    )
    assert response.status_code == 200
    summary = response.context["summary"]
    assert (summary.by_label, summary.slice_label, summary.value) == ("按村居", village.name, 2)
    assert {g.pk for g in listed(response)} == {world.a.grid.pk, world.a.other_grid.pk}
    html = response.content.decode()
    assert f"按村居：{village.name}" in html
    assert "查看全部记录" in html
    # A grid still in use on the period's last day counts; one closed before it does not.
    early = world.client(world.clerk_a).get(
        url("org.grids"), {"start": "2018-01-01", "end": "2018-12-31"}
    )
    assert early.context["records"].total == 0 == early.context["summary"].value


def test_ratio_shows_numerator_and_denominator_and_lists_the_denominator(world):
    data = figures(world)
    response = world.client(world.clerk_a).get(url("legal_services.mediation_success_rate"), YEAR)
    assert response.status_code == 200
    summary = response.context["summary"]
    assert summary.value == 66.7
    assert (summary.numerator.value, summary.denominator.value) == (2, 3)
    assert response.context["records"].total == 3
    assert summary.numerator.url == records_url("legal_services.mediations_succeeded", PERIOD)
    assert {m.pk for m in listed(response)} == {m.pk for m in data.mediations}
    html = response.content.decode()
    assert ">66.7%<" in html and "调解成功：2件" in html and "调解结案：3件" in html
    # Each listed record says whether it counts in the numerator.
    cells = {obj.pk: [text for text, _n in c] for obj, _u, c in response.context["rows"]}
    assert cells[data.mediations[0].pk][-1] == "是" and cells[data.mediations[2].pk][-1] == "否"


def test_ratio_slice_is_the_ratio_within_the_group(world):
    figures(world)
    response = world.client(world.clerk_a).get(
        url("legal_services.mediation_success_rate"),
        {**YEAR, "by": "village", "value": ""},  # the mediation recorded without a village
    )
    assert response.status_code == 200
    summary = response.context["summary"]
    assert summary.slice_label == "未填写"
    assert (summary.value, summary.numerator.value, summary.denominator.value) == (0.0, 0, 1)
    assert response.context["records"].total == 1


def test_breakdown_bars_link_to_their_slices_and_add_up(world):
    data = figures(world)
    client = world.client(world.clerk_a)
    response = client.get(url("enforcement.patrols"), {**YEAR, "by": "grid"})
    assert response.status_code == 200
    bars = response.context["summary"].bars
    assert sorted((b.label, b.value) for b in bars) == [
        (world.a.grid.code, 2),
        (world.a.other_grid.code, 1),
    ]
    assert response.context["records"].total == 3  # the whole figure still listed
    for bar in bars:
        assert bar.url == records_url("enforcement.patrols", PERIOD, "grid", bar.key)
        sliced = client.get(bar.url)
        assert sliced.status_code == 200
        assert sliced.context["records"].total == bar.value == sliced.context["summary"].value
    may = client.get(url("enforcement.patrols"), {**YEAR, "by": "month", "value": "2020-05"})
    assert {p.pk for p in listed(may)} == {data.patrols_a01[1].pk, data.patrol_a02.pk}
    assert may.context["summary"].slice_label == "2020年5月"


def test_grid_worker_sees_only_the_own_grids_records(world):
    data = figures(world)
    worker = world.grid_worker  # grid A-01
    worker.user_permissions.add(Permission.objects.get(codename="view_statistics"))
    response = world.client(worker).get(url("enforcement.patrols"), YEAR)
    assert response.status_code == 200
    assert {p.pk for p in listed(response)} == {p.pk for p in data.patrols_a01}
    assert response.context["records"].total == 2
    # The figure is the street's; the page says why the list is shorter.
    assert response.context["summary"].value == 3
    assert "只能查看本人管辖范围内" in response.content.decode()
    # A slice of another grid lists nothing.
    other = world.client(worker).get(
        url("enforcement.patrols"), {**YEAR, "by": "grid", "value": world.a.other_grid.pk}
    )
    assert other.status_code == 200 and listed(other) == []


def test_another_streets_records_never_appear(world):
    data = figures(world)
    for key, own, foreign in [
        ("enforcement.patrols", data.patrol_b.pk, data.patrols_a01[0].pk),
        ("enforcement.fines", data.case_b.pk, data.cases[0].pk),
        ("enforcement.major_cases_reviewed", data.case_b.pk, data.cases[0].pk),
        ("legal_services.mediation_success_rate", data.mediation_b.pk, data.mediations[0].pk),
    ]:
        response = world.client(world.clerk_b).get(url(key), YEAR)
        assert response.status_code == 200
        pks = {obj.pk for obj in listed(response)}
        assert own in pks and foreign not in pks, key
    # Not even through a bar of street A's grid.
    response = world.client(world.clerk_b).get(
        url("enforcement.patrols"), {**YEAR, "by": "grid", "value": world.a.grid.pk}
    )
    assert listed(response) == [] and response.context["summary"].value == 0


@pytest.mark.parametrize("user", ["auditor", "staff_a", "grid_worker"])
def test_roles_without_the_statistics_permission_are_refused(world, user):
    response = world.client(getattr(world, user)).get(url("enforcement.patrols"), YEAR)
    assert response.status_code == 403
    assert "无权查看统计指标" in response.content.decode()


def test_records_of_a_kind_the_user_may_not_view_are_refused(world):
    officer = figures(world).enf.officer1  # may see the statistics, not the mediations
    response = world.client(officer).get(url("legal_services.mediation_success_rate"), YEAR)
    assert response.status_code == 403
    assert "无权查看人民调解" in response.content.decode()


def test_anonymous_is_sent_to_log_in(world, anon):
    response = anon.get(url("enforcement.patrols"), YEAR)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_only_get(world):
    response = world.client(world.clerk_a).post(url("enforcement.patrols"), YEAR)
    assert response.status_code == 405


def test_unknown_figure_is_404(world):
    response = world.client(world.clerk_a).get(url("enforcement.nothing"), YEAR)
    assert response.status_code == 404
    assert "没有名为“enforcement.nothing”的统计指标" in response.content.decode()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"start": "2020-05-01", "end": "2020-01-01"}, "结束日期不能早于开始日期"),
        ({"start": "2020-02-30", "end": "2020-03-01"}, "有效的日期"),
        ({"start": "2010-01-01", "end": "2020-03-01"}, "统计期间不能超过5年"),
        ({"start": "2020-01-01"}, "这个字段是必填项"),
        ({**YEAR, "by": "colour"}, "该指标不能按“colour”分组，可选的分组方式：month（按月份）"),
        ({**YEAR, "by": "village", "value": "abc"}, "分组值“abc”不正确"),
        ({**YEAR, "by": "month", "value": "2020-13"}, "月份“2020-13”格式不正确"),
        ({**YEAR, "by": "key_area", "value": "x"}, "分组值“x”不正确"),
    ],
)
def test_bad_input_is_a_clear_error(world, params, message):
    figures(world)
    response = world.client(world.clerk_a).get(url("enforcement.patrols"), params)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert (
        "records-total" not in html and not AuditEntry.objects.filter(action=Action.EXPORT).exists()
    )


def test_bad_input_exports_nothing(world):
    response = world.client(world.clerk_a).get(
        url("enforcement.fines"), {**YEAR, "by": "colour", "format": "xlsx"}
    )
    assert response.status_code == 400
    assert not AuditEntry.objects.filter(action=Action.EXPORT).exists()


def test_export_is_the_same_rows_as_xlsx_and_audited(world):
    data = figures(world)
    response = world.client(world.clerk_a).get(url("enforcement.fines"), {**YEAR, "format": "xlsx"})
    assert response.status_code == 200 and response.content[:2] == b"PK"
    assert "enforcement.fines-20200101-20201231.xlsx" in response["Content-Disposition"]
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    notes = "\n".join(
        "：".join(str(c) for c in r if c is not None)
        for r in load_workbook(BytesIO(response.content))["说明"].iter_rows(values_only=True)
    )
    assert notes.startswith("决定罚款金额的记录")
    assert "导出人：甲街办公室" in notes
    assert "指标：enforcement.fines" in notes
    assert rows[0] == (
        "执法案件",
        "案件编号",
        "发现时间",
        "违法行为类别",
        "状态",
        "网格",
        "罚款金额（元）",
    )
    records = rows[1:]
    assert sorted(r[0] for r in records) == sorted(c.number for c in data.cases)
    assert sum(r[-1] for r in records) == 265950
    export = AuditEntry.objects.get(action=Action.EXPORT)
    assert (export.actor, export.street) == (world.clerk_a, world.a.street)
    assert export.object_type == "reports.statistic_records"
    assert export.changes == {
        "filters": {
            "街道": "甲街",
            "开始日期": "2020-01-01",
            "结束日期": "2020-12-31",
            "指标": "enforcement.fines",
        },
        "count": 3,
    }


def test_export_of_a_slice_names_it(world):
    figures(world)
    response = world.client(world.clerk_a).get(
        url("enforcement.patrols"),
        {**YEAR, "by": "grid", "value": world.a.grid.pk, "format": "xlsx"},
    )
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rows[1:]) == 2
    export = AuditEntry.objects.get(action=Action.EXPORT)
    assert export.changes["filters"]["分组方式"] == "按网格"
    assert export.changes["filters"]["分组"] == world.a.grid.code
    assert export.changes["count"] == 2


def _page_queries(client, key, params=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url(key), {**YEAR, **(params or {})})
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("key", "params"),
    [
        ("enforcement.patrols", {}),
        ("enforcement.patrols", {"by": "key_area"}),
        ("enforcement.major_cases_reviewed", {"by": "conclusion", "value": "agree"}),
        ("enforcement.fines", {}),
        ("legal_services.mediation_success_rate", {"by": "village"}),
        ("org.grids", {"by": "village"}),
    ],
)
def test_query_count_does_not_grow_with_the_records(
    world, key, params, django_assert_max_num_queries
):
    data = figures(world)
    client = world.client(world.clerk_a)
    client.get(url(key), YEAR)  # the session and permission caches warm up
    few = _page_queries(client, key, params)
    more_records(world, data, 20)
    assert _page_queries(client, key, params) == few
    # Session, user, permissions, street, roles; the figure, its records' total and count, one
    # page of them; a breakdown's bars and their names.
    with django_assert_max_num_queries(17):
        client.get(url(key), {**YEAR, **params})


def test_account_without_a_street_is_told_so(world):
    nobody = make_user("district_clerk", None, [])
    nobody.user_permissions.add(
        Permission.objects.get(codename="view_statistics"),
        Permission.objects.get(codename="view_patrol"),
    )
    response = world.client(nobody).get(url("enforcement.patrols"), YEAR)
    assert response.status_code == 400
    assert "您的账号未归属任何街道" in response.content.decode()
