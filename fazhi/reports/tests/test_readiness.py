"""What is missing before a report can go forward (报送前检查): parts absent or empty, proposals
pending, unreadable tokens, work areas with records but no text, missing particulars, and after
an approval every figure whose value has changed since — each with the page where it is fixed."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from fazhi.org import services as org_services
from fazhi.reports import readiness, services
from fazhi.reports.models import (
    AnnualReport,
    Area,
    Part,
    ReportSection,
    ReportVersion,
)

pytestmark = pytest.mark.django_db

LIST = "/office/reports/annual/"


def make_report(world):
    return services.report_create(
        street=world.a.street, year=2020, actor=world.clerk_a, period_end=date(2020, 9, 28)
    )


def section_of(report, part=Part.MEASURES, area=""):
    return ReportSection.objects.get(report=report, part=part, area=area)


def section_url(section):
    return f"{LIST}{section.report_id}/edit/sections/{section.pk}/"


def write_everything(world, report):
    """Every part written, the date set: nothing is missing."""
    for section in report.sections.all():
        text = "无" if section.part == Part.OTHER else f"{section}的工作情况。"
        services.report_section_update(section, actor=world.clerk_a, text=text)
    services.report_update(report, actor=world.clerk_a, issued_on=date(2020, 12, 25))
    report.refresh_from_db()


def approve(world, report):
    """What the approval does to the report: its text and figures frozen as approved."""
    with transaction.atomic():
        services.version_create(
            report, occasion=ReportVersion.Occasion.APPROVAL, actor=world.leader
        )
        AnnualReport.objects.filter(pk=report.pk).update(status=AnnualReport.Status.APPROVED)
    report.refresh_from_db()


def messages(result, kind=None):
    return [g.message for g in result.gaps if kind is None or g.kind == kind]


def test_a_new_report_lists_everything_still_missing_with_where_to_fix_it(world):
    report = make_report(world)
    org_services.meeting_create(
        street=world.a.street,
        actor=world.clerk_a,
        group=org_services.leading_group_create(
            street=world.a.street,
            actor=world.clerk_a,
            name="领导小组",
            established_on=date(2019, 1, 1),
        ),
        title="部署会",
        held_on=date(2020, 3, 10),
        topics="部署",
        chaired_by=world.leader,
    )
    (proposal,) = services.report_propose(
        report,
        actor=world.clerk_a,
        proposals={(Part.SHORTCOMINGS, ""): [("一是网格员{{fig:org.grid_workers}}。", "")]},
    )
    result = readiness.check(report)
    assert not result.ready
    assert messages(result, readiness.PARTICULARS) == ["尚未填写成文日期。"]
    assert messages(result, readiness.PARTS) == [
        "“主要举措和成效”尚无内容。",
        "“党政主要负责人履行推进法治建设第一责任人职责情况”尚无内容。",
        "“存在的不足和原因”尚无内容。",
        "“下一年度推进法治政府建设的主要安排”尚无内容。",
        "“其他需要报告的情况”尚无内容；没有需要报告的情况，请写“无”。",
    ]
    # The work area whose records the period holds (the leading group met), and no other.
    assert messages(result, readiness.AREAS) == [
        "“主要举措和成效：组织领导”尚无正文，而统计期间内有领导小组会议1次等记录。"
    ]
    assert messages(result, readiness.PROPOSALS) == [
        "“存在的不足和原因”的拟稿建议尚待采纳或舍弃：一是网格员2名。"
    ]
    gaps = {g.message: g for g in result.gaps}
    assert gaps["尚未填写成文日期。"].url == f"{LIST}{report.pk}/edit/#id_issued_on"
    organisation = section_of(report, area=Area.ORGANISATION)
    assert gaps["“主要举措和成效”尚无内容。"].url == section_url(organisation)
    shortcomings = section_of(report, Part.SHORTCOMINGS)
    assert result.gaps[-1].url == f"{section_url(shortcomings)}#proposal-{proposal.pk}"

    page = world.client(world.clerk_a).get(f"{LIST}{report.pk}/readiness/")
    assert page.status_code == 200
    html = page.content.decode()
    assert '<span class="badge bad">8项待完善</span>' in html
    assert (
        f'“其他需要报告的情况”尚无内容；没有需要报告的情况，请写“无”。 <a href="'
        f'{section_url(section_of(report, Part.OTHER))}">编写该章节</a>'
    ) in html
    assert f'<a href="{section_url(shortcomings)}#proposal-{proposal.pk}">处理拟稿建议</a>' in html


def test_a_written_report_is_ready_and_other_may_read_none(world):
    report = make_report(world)
    write_everything(world, report)
    result = readiness.check(report)
    assert result.ready, messages(result)
    detail = world.client(world.clerk_a).get(f"{LIST}{report.pk}/").content.decode()
    assert '<span class="badge good">就绪</span> 报告内容齐全，可以提交审核。' in detail
    assert f'<a href="{LIST}{report.pk}/edit/">编辑报告</a>' in detail


def test_unreadable_tokens_and_statistics_that_no_longer_exist_are_listed(world):
    report = make_report(world)
    write_everything(world, report)
    organisation = section_of(report, area=Area.ORGANISATION)
    # Written before the statistic was retired, or by hand in the database: the service would
    # refuse it today.
    ReportSection.objects.filter(pk=organisation.pk).update(
        text="网格{{fig:org.retired_figure}}个，{{fig:org.grids|approx=十}}。"
    )
    result = readiness.check(report)
    assert messages(result, readiness.TOKENS) == [
        "主要举措和成效：组织领导：数字标记“{{fig:org.retired_figure}}”："
        "没有名为“org.retired_figure”的统计指标（可用 fazhi stats 或统计指标页查看键名）。",
        "主要举措和成效：组织领导：数字标记“{{fig:org.grids|approx=十}}”："
        "约数的步长须为正整数，例如 approx=10 或 approx=100。",
    ]
    assert all(g.url == f"{section_url(organisation)}#id_text" for g in result.gaps)


def test_a_part_the_outline_asks_for_but_the_report_lacks_is_listed(world):
    services.report_outline_set(
        street=world.a.street, parts=[Part.MEASURES, Part.SHORTCOMINGS], actor=world.clerk_a
    )
    report = make_report(world)
    write_everything(world, report)
    assert readiness.check(report).ready
    # The street's outline now wants the next year's plan too: the report has no such part.
    services.report_outline_set(
        street=world.a.street,
        parts=[Part.MEASURES, Part.SHORTCOMINGS, Part.NEXT_YEAR],
        actor=world.clerk_a,
    )
    result = readiness.check(report)
    assert messages(result) == [
        "本报告没有“下一年度推进法治政府建设的主要安排”一章，而本街道的章节设置要求有这一章。"
    ]
    assert result.gaps[0].url == "/office/reports/annual/outline/"


def test_a_figure_changed_after_the_approval_is_listed_with_then_and_now(world):
    report = make_report(world)
    write_everything(world, report)
    services.report_section_update(
        section_of(report, area=Area.ORGANISATION),
        actor=world.clerk_a,
        text="辖区{{fig:org.grids}}网格，一月份{{fig:org.grid_workers|to=2020-01-31}}名网格员。",
    )
    approve(world, report)
    result = readiness.check(report)
    assert result.ready and result.approved_version == report.versions.first().number

    org_services.grid_create(
        street=world.a.street,
        actor=world.clerk_a,
        village=world.a.village,
        code="street-a-03",
        name="第三网格",
        established_on=date(2020, 2, 1),
    )
    result = readiness.check(report)
    assert messages(result) == [
        "数字已变化，需重新审定：网格数（org.grids），2020年1月1日至2020年9月28日，"
        "审定时为2个，现为3个。"
    ]
    (gap,) = result.gaps
    assert gap.url == f"{section_url(section_of(report, area=Area.ORGANISATION))}#id_text"
    assert gap.records_url == (
        "/office/reports/statistics/org.grids/records/?start=2020-01-01&end=2020-09-28"
    )
    # The January figure did not change (the grid is from February): it is not listed.
    html = world.client(world.leader).get(f"{LIST}{report.pk}/readiness/").content.decode()
    assert "数字已变化，需重新审定：网格数（org.grids）" in html
    assert "与审定时的第" in html
    # The leader reads the list, without the editing links that are not the leader's.
    assert "修改正文</a>" not in html and ">查看记录</a>" in html

    # A statistic frozen at the approval that the registry no longer has.
    approval = report.versions.get(occasion=ReportVersion.Occasion.APPROVAL)
    approval.figures = [
        *approval.figures,
        {
            "token": "{{fig:org.gone}}",
            "key": "org.gone",
            "start": "2020-01-01",
            "end": "2020-09-28",
            "value": 5,
            "text": "5个",
        },
    ]
    approval.save(update_fields=["figures"])
    assert "审定时引用的统计指标“org.gone”（当时为5）已不存在，需重新审定。" in messages(
        readiness.check(report), readiness.FIGURES
    )


def test_the_detail_page_sums_it_up_and_the_readiness_page_is_scoped(world):
    report = make_report(world)
    client = world.client(world.clerk_a)
    detail = client.get(f"{LIST}{report.pk}/").content.decode()
    assert '<span class="badge bad">6项待完善</span>' in detail
    assert f'<a href="{LIST}{report.pk}/readiness/">查看清单</a>' in detail
    url = f"{LIST}{report.pk}/readiness/"
    assert world.client(world.clerk_b).get(url).status_code == 404
    assert world.client(world.staff_a).get(url).status_code == 403
    assert world.client(world.leader).get(url).status_code == 200
    assert client.post(url).status_code == 405


def count_queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_readiness_page_costs_the_same_queries_whatever_it_finds(world):
    report = make_report(world)
    services.report_section_update(
        section_of(report, area=Area.ORGANISATION), actor=world.clerk_a, text="{{fig:org.grids}}"
    )
    services.report_propose(
        report,
        actor=world.clerk_a,
        proposals={(Part.OTHER, ""): [("{{fig:org.villages}}", "")]},
    )
    approve(world, report)
    client = world.client(world.clerk_a)
    url = f"{LIST}{report.pk}/readiness/"
    few = count_queries(client, url)
    AnnualReport.objects.filter(pk=report.pk).update(status=AnnualReport.Status.DRAFT)
    services.report_propose(
        report,
        actor=world.clerk_a,
        proposals={
            (Part.MEASURES, area): [(f"{area}{{{{fig:org.villages}}}}。", "")]
            for area in Area.values
        },
    )
    services.report_section_update(
        section_of(report, Part.SHORTCOMINGS),
        actor=world.clerk_a,
        text="{{fig:org.grid_workers}}{{fig:org.grids|words}}{{fig:study.exam_pass_rate}}",
    )
    approve(world, report)
    org_services.grid_create(
        street=world.a.street,
        actor=world.clerk_a,
        village=world.a.village,
        code="street-a-03",
        name="第三网格",
        established_on=date(2020, 2, 1),
    )
    many = count_queries(client, url)
    assert len(readiness.check(report).gaps) >= 10
    assert many == few <= 18
