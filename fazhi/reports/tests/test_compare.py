"""Comparing two versions of an annual report: the text side by side per section with what was
deleted and inserted marked, the figures whose values changed, the last approved version
against the latest by default, in a fixed number of queries."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fazhi.org import services as org_services
from fazhi.reports import compare, services
from fazhi.reports.models import AnnualReport, Area, Part, ReportSection
from fazhi.reports.tests.test_workflow import advance_to

pytestmark = pytest.mark.django_db

Status = AnnualReport.Status
LIST = "/office/reports/annual/"


def section(report, part, area=""):
    return ReportSection.objects.get(report=report, part=part, area=area)


def make_report(world):
    """Version 1 created, version 2 with two paragraphs citing the grids (2 in street A)."""
    report = services.report_create(
        street=world.a.street, year=2020, actor=world.clerk_a, period_end=date(2020, 9, 28)
    )
    services.report_section_update(
        section(report, Part.MEASURES, Area.ORGANISATION),
        actor=world.clerk_a,
        text="成立法治政府建设领导小组。\n辖区{{fig:org.grids}}网格，全员参与宣传。",
    )
    return report


def add_grid(world):
    org_services.grid_create(
        street=world.a.street,
        actor=None,
        village=world.a.village,
        code="street-a-03",
        name="第三网格",
        established_on=date(2019, 1, 1),
    )


def compare_page(client, report, **params):
    return client.get(f"{LIST}{report.pk}/versions/compare/", params)


def test_a_changed_figure_and_a_changed_sentence_are_shown(world):
    report = make_report(world)
    add_grid(world)  # the grids are 3 now
    services.report_section_update(
        section(report, Part.MEASURES, Area.ORGANISATION),
        actor=world.clerk_a,
        text="成立以街主要领导为组长的法治政府建设领导小组。\n辖区{{fig:org.grids}}网格，全员参与宣传。",
    )
    response = compare_page(world.client(world.clerk_a), report, **{"from": 2, "to": 3})
    assert response.status_code == 200
    comparison = response.context["comparison"]
    (figure,) = comparison.figures
    assert (figure.key, figure.label, figure.before, figure.after) == ("org.grids", "网格数", 2, 3)
    assert (figure.before_text, figure.after_text) == ("2个", "3个")
    assert str(figure.period) == "2020年1月1日至2020年9月28日"
    text = response.content.decode()
    assert (
        '<tr data-key="org.grids" data-kind="changed">\n      <td>网格数<br><code class="diff-key">org.grids</code></td>'
        in text
        and '<td class="num">2个</td>\n      <td class="num">3个</td>' in text
    )
    changed = [s for s in comparison.sections if s.changed]
    assert [s.heading for s in changed] == [
        "2020年推进法治政府建设的主要举措和成效：加强组织领导，奠定依法行政基础"
    ]
    sentence, grids = changed[0].lines
    assert sentence.kind == grids.kind == "changed"
    # The sentence: what was inserted marked on the new side, nothing deleted on the old.
    assert "成立法治政府建设领导小组。" in text
    assert "成立<ins>以街主要领导为组长的</ins>法治政府建设领导小组。" in text
    # The figure's reading in place, each side with its own version's value.
    assert "辖区<del>2</del>个网格" in text and "辖区<ins>3</ins>个网格" in text
    assert "其余" not in text  # no figure unchanged


def test_paragraphs_added_and_removed_and_words_deleted():
    before = ["一是加强学习。", "二是规范执法。", "三是落实制度。"]
    after = ["一是加强学习培训。", "三是落实制度。", "四是继续开展法律明白人培养工程。"]
    lines = compare.lines(before, after)
    assert [line.kind for line in lines] == ["changed", "removed", "same", "added"]
    assert lines[0].after == (
        compare.Piece("一是加强学习", False),
        compare.Piece("培训", True),
        compare.Piece("。", False),
    )
    assert lines[1].before == (compare.Piece("二是规范执法。", True),) and lines[1].after == ()
    assert lines[3].before == () and lines[3].after[0].changed
    old, new = compare.pieces("电话咨询210个", "电话咨询213个")
    assert [p.text for p in old if p.changed] == ["0"] and [p.text for p in new if p.changed] == [
        "3"
    ]
    # A one-character run left between two changes is folded into them.
    old, new = compare.pieces("甲乙丙丁", "甲戊丙己")
    assert old == (compare.Piece("甲", False), compare.Piece("乙丙丁", True))
    assert new == (compare.Piece("甲", False), compare.Piece("戊丙己", True))


def test_by_default_the_last_approved_version_against_the_latest(world):
    report = make_report(world)
    advance_to(report, Status.APPROVED, world, world.leader)
    approved = report.versions.get(occasion="approval")
    services.report_advance(report, to=Status.DRAFT, actor=world.leader, reason="补充。")
    services.report_section_update(
        section(report, Part.SHORTCOMINGS),
        actor=world.clerk_a,
        text="一是法制审核队伍建设待加强。",
    )
    latest = report.versions.order_by("number").last()
    client = world.client(world.clerk_a)
    response = compare_page(client, report)
    assert response.status_code == 200
    comparison = response.context["comparison"]
    assert (comparison.older, comparison.newer) == (approved, latest)
    form = response.context["form"]
    assert (form["from"].value(), form["to"].value()) == (approved.number, latest.number)
    (changed,) = [s for s in comparison.sections if s.changed]
    assert changed.heading == "2020年推进法治政府建设存在的不足和原因"
    (line,) = changed.lines
    assert line.kind == "added" and line.after[0].text == "一是法制审核队伍建设待加强。"
    assert comparison.figures == () and comparison.figures_unchanged == 1
    text = response.content.decode()
    assert f"第{approved.number}版（审定，" in text and "两个版本引用的数字相同。" in text
    # With nothing approved, the version before the latest against it.
    assert compare.default_pair([latest]) is None
    versions = list(report.versions.exclude(occasion="approval"))
    older, newer = compare.default_pair(versions)
    assert (older.number, newer.number) == (2, latest.number)
    # The report page links to the comparison.
    detail = client.get(f"{LIST}{report.pk}/").content.decode()
    assert f'href="{LIST}{report.pk}/versions/compare/">比较版本</a>' in detail


def test_bad_choices_other_streets_and_roles_are_refused(world):
    report = make_report(world)
    client = world.client(world.clerk_a)
    response = compare_page(client, report, **{"from": 2, "to": 2})
    assert response.status_code == 400
    assert "请选择两个不同的版本。" in response.content.decode()
    assert compare_page(client, report, **{"from": 1, "to": 9}).status_code == 400
    assert compare_page(client, report, **{"from": "x"}).status_code == 400
    assert compare_page(world.client(world.leader), report).status_code == 200
    assert compare_page(world.client(world.clerk_b), report).status_code == 404
    assert compare_page(world.client(world.staff_a), report).status_code == 403
    assert client.post(f"{LIST}{report.pk}/versions/compare/").status_code == 405
    only = services.report_create(street=world.a.street, year=2019, actor=world.clerk_a)
    response = compare_page(client, only)
    assert response.status_code == 200 and response.context["comparison"] is None
    assert "本报告只有一个版本" in response.content.decode()


def test_the_comparison_costs_the_same_queries_whatever_the_reports_length(world):
    report = make_report(world)
    client = world.client(world.clerk_a)
    compare_page(client, report)  # the session and the permissions
    with CaptureQueriesContext(connection) as short:
        assert compare_page(client, report).status_code == 200
    for area in Area.values:
        services.report_section_update(
            section(report, Part.MEASURES, area),
            actor=world.clerk_a,
            text="\n".join(f"第{n}段，辖区{{{{fig:org.grids}}}}网格。" for n in range(30)),
        )
    with CaptureQueriesContext(connection) as long:
        response = compare_page(client, report)
    assert response.status_code == 200 and len(response.context["versions"]) == 7
    assert len(long) == len(short) <= 12
