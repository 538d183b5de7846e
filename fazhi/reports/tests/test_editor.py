"""Writing the annual report in the browser: the office creates a street's report of a year and
finds the first draft proposed from the records, edits its particulars and each section's text
around figure tokens picked from the statistics, previews it, accepts or drops the proposals and
sets the street's outline — only while the report is being drafted, only with the permission to
change reports, only in the own street."""

from __future__ import annotations

import re
from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fazhi.audit.models import Action, AuditEntry
from fazhi.org import services as org_services
from fazhi.reports import services
from fazhi.reports.models import (
    AnnualReport,
    Area,
    Part,
    ReportOutline,
    ReportProposal,
    ReportSection,
    ReportVersion,
)

pytestmark = pytest.mark.django_db

LIST = "/office/reports/annual/"
NEW = "/office/reports/annual/new/"
OUTLINE = "/office/reports/annual/outline/"
GRIDS_LINK = (
    '<a class="report-figure" '
    'href="/office/reports/statistics/org.grids/records/?start=2020-01-01&amp;end=2020-09-28" '
    'data-key="org.grids" data-start="2020-01-01" data-end="2020-09-28" data-value="{n}" '
    'data-unit="个">{n}个</a>'
)


def make_report(world, street=None, actor=None):
    return services.report_create(
        street=street or world.a.street,
        year=2020,
        actor=actor or world.clerk_a,
        period_end=date(2020, 9, 28),
    )


def section_of(report, part=Part.MEASURES, area=Area.ORGANISATION):
    return ReportSection.objects.get(
        report=report, part=part, area=area if part == Part.MEASURES else ""
    )


def edit_url(report):
    return f"{LIST}{report.pk}/edit/"


def section_url(section):
    return f"{LIST}{section.report_id}/edit/sections/{section.pk}/"


def proposal_url(proposal):
    return f"{LIST}{proposal.section.report_id}/edit/proposals/{proposal.pk}/"


def leading_group_with_a_meeting(world):
    group = org_services.leading_group_create(
        street=world.a.street,
        actor=world.clerk_a,
        name="甲街法治政府建设领导小组",
        established_on=date(2019, 1, 1),
    )
    org_services.meeting_create(
        street=world.a.street,
        actor=world.clerk_a,
        group=group,
        title="部署会",
        held_on=date(2020, 3, 10),
        topics="部署法治政府建设",
        chaired_by=world.leader,
        attendees=[world.leader],
    )


def add_grid(world, code="street-a-03"):
    org_services.grid_create(
        street=world.a.street,
        actor=world.clerk_a,
        village=world.a.village,
        code=code,
        name="第三网格",
        established_on=date(2020, 2, 1),
    )


def versions(report):
    return ReportVersion.objects.filter(report=report).count()


def set_status(report, status):
    AnnualReport.objects.filter(pk=report.pk).update(status=status)
    report.refresh_from_db()


# --- creating a report ---------------------------------------------------------------------------


def test_the_office_creates_a_report_over_a_period_and_finds_its_proposals(world):
    leading_group_with_a_meeting(world)
    with time_machine.travel(date(2020, 9, 28), tick=False):
        form = world.client(world.clerk_a).get(NEW)
    assert form.status_code == 200
    page = form.content.decode()
    assert 'name="year" value="2020"' in page
    # The period follows the year chosen: 1 January to today, or to 31 December.
    assert '<input type="date" name="period_start"' in page and "留空为该年1月1日。" in page
    assert "留空为今天（往年为12月31日）。" in page
    # The parts the report will have, as the street's outline (here the platform's) lists them.
    assert "<li>其他需要报告的情况</li>" in page

    client = world.client(world.clerk_a)
    response = client.post(
        NEW, {"year": "2020", "period_start": "2020-01-01", "period_end": "2020-06-30"}
    )
    report = AnnualReport.objects.get(street=world.a.street, year=2020)
    assert response.status_code == 302
    assert response["Location"] == f"{LIST}{report.pk}/"
    assert (report.period_start, report.period_end) == (date(2020, 1, 1), date(2020, 6, 30))
    assert report.status == AnnualReport.Status.DRAFT
    proposed = ReportProposal.objects.filter(section__report=report)
    places = {(p.section.part, p.section.area) for p in proposed}
    assert (Part.MEASURES, Area.ORGANISATION) in places
    assert (Part.FIRST_RESPONSIBILITY, "") in places
    assert all(p.status == ReportProposal.Status.PROPOSED for p in proposed)
    assert AuditEntry.objects.filter(
        object_type="reports.annualreport", object_id=str(report.pk), action=Action.CREATE
    ).exists()
    assert AuditEntry.objects.filter(
        object_type="reports.reportproposal", object_id=str(report.pk), action=Action.CREATE
    ).exists()

    # The report opens with the proposals marked, and the message says how many were drafted.
    detail = client.get(response["Location"]).content.decode()
    assert f"拟出{proposed.count()}段拟稿建议" in detail
    assert '<span class="badge">拟稿建议</span> 成立以街主要领导为组长' in detail
    assert "主持召开法治政府建设领导小组会议" in detail


def test_the_period_defaults_to_the_year_so_far_or_the_whole_year(world):
    client = world.client(world.clerk_a)
    with time_machine.travel(date(2021, 3, 15), tick=False):
        assert client.post(NEW, {"year": "2021"}).status_code == 302
        assert client.post(NEW, {"year": "2020"}).status_code == 302
    this_year = AnnualReport.objects.get(year=2021)
    last_year = AnnualReport.objects.get(year=2020)
    assert (this_year.period_start, this_year.period_end) == (date(2021, 1, 1), date(2021, 3, 15))
    assert (last_year.period_start, last_year.period_end) == (date(2020, 1, 1), date(2020, 12, 31))


def test_a_second_report_of_the_year_or_a_period_outside_it_is_refused(world):
    client = world.client(world.clerk_a)
    make_report(world)
    again = client.post(NEW, {"year": "2020"})
    assert again.status_code == 400
    assert "本街道已有该年度的法治政府建设年度报告。" in again.content.decode()
    outside = client.post(
        NEW, {"year": "2019", "period_start": "2019-01-01", "period_end": "2020-01-31"}
    )
    assert outside.status_code == 400
    assert "统计期间须在2019年之内。" in outside.content.decode()
    assert AnnualReport.objects.count() == 1


def test_only_the_office_creates_reports(world):
    assert world.client(world.leader).get(NEW).status_code == 403
    assert world.client(world.staff_a).post(NEW, {"year": "2020"}).status_code == 403
    anonymous = world.client(None).get(NEW)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assert not AnnualReport.objects.exists()
    listing = world.client(world.clerk_a).get(LIST).content.decode()
    assert f'href="{NEW}">新建年度报告</a>' in listing
    assert "新建年度报告" not in world.client(world.leader).get(LIST).content.decode()


# --- a section's text ----------------------------------------------------------------------------


def test_a_figure_inserted_in_a_section_reads_from_the_records(world):
    report = make_report(world)
    section = section_of(report)
    client = world.client(world.clerk_a)
    page = client.get(section_url(section))
    assert page.status_code == 200
    html = page.content.decode()
    assert (
        "<h1>一、2020年推进法治政府建设的主要举措和成效（一）加强组织领导，奠定依法行政基础</h1>"
        in html
    )
    # The picker lists the registry by chapter, each figure with its value over the period.
    picker = html[html.index("data-figure-picker") :]
    assert "<h3>组织领导</h3>" in picker and "<h3>公共法律服务</h3>" in picker
    grids = re.search(r'data-key="org.grids"[^>]*>(.*?)</button>', picker, re.S)
    assert grids is not None
    assert '<span class="figure-label">网格数</span>' in grids.group(1)
    assert '<span class="figure-value">2个</span>' in grids.group(1)
    assert "<code>{{fig:org.grids}}</code>" in picker
    assert 'src="/static/reports/editor.js"' in html

    before = versions(report)
    text = "辖区{{fig:org.grids}}网格，专兼职网格员{{fig:org.grid_workers|words|unit=人}}。"
    saved = client.post(
        section_url(section), {"action": "save", "title": "加强组织领导", "text": text}
    )
    assert saved.status_code == 302 and saved["Location"] == section_url(section)
    section.refresh_from_db()
    assert (section.text, section.title) == (text, "加强组织领导")
    assert versions(report) == before + 1
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry.action == Action.UPDATE and entry.object_type == "reports.reportsection"
    assert entry.changes["after"]["text"] == text

    html = client.get(section_url(section)).content.decode()
    assert "辖区" + GRIDS_LINK.format(n=2) + "网格" in html
    assert 'data-key="org.grid_workers"' in html and ">两人</a>。" in html
    detail = client.get(f"{LIST}{report.pk}/").content.decode()
    assert "<h3>（一）加强组织领导</h3>" in detail and GRIDS_LINK.format(n=2) in detail


def test_a_typed_number_stays_text_but_an_unreadable_token_is_refused(world):
    report = make_report(world)
    section = section_of(report)
    client = world.client(world.clerk_a)
    typed = client.post(section_url(section), {"action": "save", "text": "辖区72个网格。"})
    assert typed.status_code == 302
    html = client.get(section_url(section)).content.decode()
    assert "<p>辖区72个网格。</p>" in html
    assert (
        'class="report-figure"' not in html.split("data-section-preview")[1].split("</section>")[0]
    )

    before = versions(report)
    for text, message in [
        (
            "辖区{{fig:org.gridz}}网格。",
            "数字标记“{{fig:org.gridz}}”：没有名为“org.gridz”的统计指标",
        ),
        ("辖区{{fig:org.grids网格。", "缺少结尾的“}}”。"),
        ("辖区{{fig:org.grids|approx=十}}网格。", "约数的步长须为正整数"),
        ("辖区{{fig:org.grids|from=2019-12-01}}网格。", "数字的统计期间须在报告的统计期间"),
    ]:
        refused = client.post(section_url(section), {"action": "save", "text": text})
        assert refused.status_code == 400, text
        page = refused.content.decode()
        assert "提交的内容有误，未保存，请按提示修改。" in page
        assert message in page, text
        # The text is kept in the form to be corrected.
        assert text + "</textarea>" in page
        section.refresh_from_db()
        assert section.text == "辖区72个网格。"
    assert versions(report) == before
    # In the preview an unknown figure is marked where it stands.
    page = client.post(
        section_url(section), {"action": "save", "text": "辖区{{fig:org.gridz}}网格。"}
    ).content.decode()
    assert '辖区<mark class="report-figure-error">{{fig:org.gridz}}</mark>网格。' in page


def test_the_preview_reads_the_text_without_saving_it(world):
    report = make_report(world)
    section = section_of(report)
    client = world.client(world.clerk_a)
    text = "辖区{{fig:org.grids}}网格，{{fig:org.nope}}"
    # Without script: the 预览 button posts the form and the page comes back with the preview.
    page = client.post(section_url(section), {"action": "preview", "text": text})
    assert page.status_code == 200
    html = page.content.decode()
    assert "辖区" + GRIDS_LINK.format(n=2) + "网格" in html
    assert "没有名为“org.nope”的统计指标" in html
    assert "{{fig:org.grids}}网格，{{fig:org.nope}}</textarea>" in html
    section.refresh_from_db()
    assert section.text == ""

    # With script: the partial alone, posted or asked for.
    url = f"{LIST}{report.pk}/edit/preview/"
    for response in (client.post(url, {"text": text}), client.get(url, {"text": text})):
        assert response.status_code == 200
        partial = response.content.decode()
        assert "<html" not in partial
        assert "<p>辖区" + GRIDS_LINK.format(n=2) + '网格，<mark class="report-figure-error">' in (
            partial
        )
        assert "没有名为“org.nope”的统计指标" in partial
    assert client.post(url, {"text": "字" * 20001}).status_code == 400
    assert versions(report) == 1


def test_a_changed_record_changes_the_figure_on_the_next_render(world):
    report = make_report(world)
    section = section_of(report)
    client = world.client(world.clerk_a)
    client.post(section_url(section), {"action": "save", "text": "辖区{{fig:org.grids}}网格。"})
    assert GRIDS_LINK.format(n=2) in client.get(section_url(section)).content.decode()
    add_grid(world)
    assert GRIDS_LINK.format(n=3) in client.get(section_url(section)).content.decode()
    assert GRIDS_LINK.format(n=3) in client.get(f"{LIST}{report.pk}/").content.decode()
    preview = client.post(f"{LIST}{report.pk}/edit/preview/", {"text": "{{fig:org.grids}}"})
    assert GRIDS_LINK.format(n=3) in preview.content.decode()


def test_the_picker_finds_figures_by_their_words(world):
    report = make_report(world)
    client = world.client(world.clerk_a)
    html = client.get(section_url(section_of(report)), {"q": "电话 咨询"}).content.decode()
    picker = html[html.index("data-figure-picker") :]
    assert 'data-key="legal_services.consultations.phone"' in picker
    assert 'data-key="org.grids"' not in picker and "<h3>组织领导</h3>" not in picker
    nothing = client.get(section_url(section_of(report)), {"q": "没有这个指标"}).content.decode()
    assert '<p class="empty" data-figure-none>没有符合条件的指标。</p>' in nothing


# --- the report's particulars --------------------------------------------------------------------


def test_the_particulars_are_saved_and_a_period_leaving_out_a_figure_is_refused(world):
    report = make_report(world)
    client = world.client(world.clerk_a)
    data = {
        "title": "甲街道2020年法治政府建设情况报告",
        "issuer": "天津市滨海新区甲街道办事处",
        "issued_on": "2020-12-25",
        "period_start": "2020-01-01",
        "period_end": "2020-09-28",
        "preamble": "2020年，甲街共有{{fig:org.grids}}网格。现将工作情况报告如下：",
    }
    response = client.post(edit_url(report), data)
    assert response.status_code == 302 and response["Location"] == edit_url(report)
    report.refresh_from_db()
    assert report.title == "甲街道2020年法治政府建设情况报告"
    assert report.issued_on == date(2020, 12, 25)
    assert report.preamble.startswith("2020年，甲街共有{{fig:org.grids}}")
    assert AuditEntry.objects.order_by("-seq").first().changes["after"]["issued_on"] == (
        "2020-12-25"
    )

    services.report_section_update(
        section_of(report),
        actor=world.clerk_a,
        text="九月份{{fig:org.grids|from=2020-09-01|to=2020-09-28}}。",
    )
    shorter = client.post(edit_url(report), {**data, "period_end": "2020-06-30"})
    assert shorter.status_code == 400
    assert "数字的统计期间须在报告的统计期间" in shorter.content.decode()
    report.refresh_from_db()
    assert report.period_end == date(2020, 9, 28)
    # The page lists the sections, each opening its editor.
    html = client.get(edit_url(report)).content.decode()
    assert f'<a href="{section_url(section_of(report, Part.OTHER))}">编辑</a>' in html


# --- proposals -----------------------------------------------------------------------------------


def propose(world, report):
    return services.report_propose(
        report,
        actor=world.clerk_a,
        proposals={
            (Part.MEASURES, Area.ORGANISATION): [
                ("辖区{{fig:org.grids}}网格。", "依据：网格名册。"),
                ("第二段。", ""),
                ("第三段。", ""),
            ]
        },
    )


def test_proposals_are_accepted_edited_then_accepted_or_dropped(world):
    report = make_report(world)
    first, second, third = propose(world, report)
    section = section_of(report)
    client = world.client(world.clerk_a)
    html = client.get(section_url(section)).content.decode()
    assert f'id="proposal-{first.pk}"' in html and "依据：网格名册。" in html
    assert "<p>辖区" + GRIDS_LINK.format(n=2) + "网格。</p>" in html

    accepted = client.post(proposal_url(first), {"action": "accept", "text": first.text})
    assert accepted.status_code == 302 and accepted["Location"] == section_url(section)
    bad = client.post(proposal_url(second), {"action": "accept", "text": "第二段{{fig:nope}}。"})
    assert bad.status_code == 400
    assert "没有名为“nope”的统计指标" in bad.content.decode()
    second.refresh_from_db()
    assert second.status == ReportProposal.Status.PROPOSED
    edited = client.post(proposal_url(second), {"action": "accept", "text": "第二段，改过。"})
    assert edited.status_code == 302
    dropped = client.post(proposal_url(third), {"action": "drop", "text": third.text})
    assert dropped.status_code == 302

    section.refresh_from_db()
    assert section.text == "辖区{{fig:org.grids}}网格。\n第二段，改过。"
    statuses = [p.status for p in ReportProposal.objects.filter(section=section).order_by("pk")]
    assert statuses == ["accepted", "accepted", "dropped"]
    rows = AuditEntry.objects.filter(object_type="reports.reportproposal", action=Action.TRANSITION)
    assert rows.count() == 3
    assert rows.get(object_id=str(second.pk)).changes["edited"] is True
    # Deciding twice says so.
    again = client.post(proposal_url(third), {"action": "accept", "text": "x"}, follow=True)
    assert "该拟稿建议已舍弃，不能再次处理。" in again.content.decode()


# --- only while drafting, only with the permission, only in the own street ------------------------


def test_editing_is_refused_once_the_report_has_left_drafting(world):
    report = make_report(world)
    (proposal, *_rest) = propose(world, report)
    section = section_of(report)
    services.report_section_update(section, actor=world.clerk_a, text="原文。")
    set_status(report, AnnualReport.Status.OFFICE_REVIEWED)
    client = world.client(world.clerk_a)
    before = versions(report)

    page = client.get(section_url(section))
    assert page.status_code == 200
    html = page.content.decode()
    assert "本报告状态为“办公室已审核”，只有状态为“起草中”的报告可以修改" in html
    assert "<textarea" not in html and "data-figure-picker" not in html
    assert "<p>原文。</p>" in html
    edit = client.get(edit_url(report)).content.decode()
    assert "本报告状态为“办公室已审核”" in edit and 'name="title"' not in edit

    posts = [
        (section_url(section), {"action": "save", "text": "新的正文。"}),
        (
            edit_url(report),
            {
                "title": "改名",
                "issuer": "x",
                "period_start": "2020-01-01",
                "period_end": "2020-09-28",
            },
        ),
        (proposal_url(proposal), {"action": "accept", "text": proposal.text}),
        (proposal_url(proposal), {"action": "drop"}),
    ]
    for url, data in posts:
        response = client.post(url, data)
        assert response.status_code == 400, url
        assert "只有状态为“起草中”的报告可以修改" in response.content.decode()
    section.refresh_from_db()
    report.refresh_from_db()
    proposal.refresh_from_db()
    assert section.text == "原文。" and report.title == "甲街2020年法治政府建设情况报告"
    assert proposal.status == ReportProposal.Status.PROPOSED
    assert versions(report) == before

    # The services refuse too, whoever calls them.
    message = "年度报告当前为“办公室已审核”，只有起草中的报告可以修改。"
    with pytest.raises(ValidationError, match=message):
        services.report_section_update(section, actor=world.clerk_a, text="x")
    with pytest.raises(ValidationError, match=message):
        services.report_update(report, actor=world.clerk_a, title="x")
    with pytest.raises(ValidationError, match=message):
        services.report_proposal_accept(proposal, actor=world.clerk_a)
    with pytest.raises(ValidationError, match=message):
        services.report_proposal_drop(proposal, actor=world.clerk_a)


def test_roles_without_the_change_permission_and_other_streets_are_refused(world):
    report = make_report(world)
    (proposal, *_rest) = propose(world, report)
    section = section_of(report)
    other = make_report(world, street=world.b.street, actor=world.clerk_b)
    urls = [
        edit_url(report),
        section_url(section),
        f"{LIST}{report.pk}/edit/preview/",
        proposal_url(proposal),
    ]
    for user in (world.leader, world.staff_a, world.grid_worker):
        client = world.client(user)
        for url in urls:
            response = client.post(url, {"action": "save", "text": "x"})
            assert response.status_code == 403, (user, url)
    leader = world.client(world.leader)
    assert leader.get(edit_url(report)).status_code == 403
    assert leader.get(section_url(section)).status_code == 403
    other_street = world.client(world.clerk_b)
    for url in urls:
        assert other_street.get(url).status_code in (404, 405), url
        assert other_street.post(url, {"action": "drop", "text": "x"}).status_code == 404, url
    # A section or proposal of another report through this report's address is not found.
    mine = world.client(world.clerk_a)
    other_section = section_of(other)
    assert mine.get(f"{LIST}{report.pk}/edit/sections/{other_section.pk}/").status_code == 404
    assert mine.get(f"{LIST}{other.pk}/edit/").status_code == 404
    assert mine.get(proposal_url(proposal)).status_code == 405
    anonymous = world.client(None).get(section_url(section))
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    section.refresh_from_db()
    proposal.refresh_from_db()
    assert section.text == "" and proposal.status == ReportProposal.Status.PROPOSED


# --- the street's outline ------------------------------------------------------------------------


def test_the_outline_sets_the_parts_of_new_reports(world):
    client = world.client(world.clerk_a)
    page = client.get(OUTLINE)
    assert page.status_code == 200
    assert '<option value="5" selected>5</option>' in page.content.decode()

    bad = client.post(OUTLINE, {"measures": "", "shortcomings": "1"})
    assert bad.status_code == 400
    assert "年度报告须包含“主要举措和成效”一章。" in bad.content.decode()
    same = client.post(OUTLINE, {"measures": "1", "shortcomings": "2", "next_year": "2"})
    assert same.status_code == 400 and "请为每一章选择不同的顺序" in same.content.decode()
    assert not ReportOutline.objects.exists()

    saved = client.post(OUTLINE, {"measures": "1", "shortcomings": "3", "next_year": "2"})
    assert saved.status_code == 302
    assert ReportOutline.objects.get(street=world.a.street).parts == [
        "measures",
        "next_year",
        "shortcomings",
    ]
    client.post(NEW, {"year": "2020"})
    report = AnnualReport.objects.get(street=world.a.street)
    assert [s.part for s in report.sections.all()][-2:] == ["next_year", "shortcomings"]
    assert world.client(world.leader).get(OUTLINE).status_code == 403
    assert world.client(world.staff_a).post(OUTLINE, {"measures": "1"}).status_code == 403


# --- a fixed number of queries -------------------------------------------------------------------


def count_queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_editing_pages_cost_the_same_queries_whatever_their_figures(world):
    report = make_report(world)
    section = section_of(report)
    services.report_section_update(section, actor=world.clerk_a, text="{{fig:org.grids}}")
    client = world.client(world.clerk_a)
    few = (count_queries(client, edit_url(report)), count_queries(client, section_url(section)))
    services.report_section_update(
        section,
        actor=world.clerk_a,
        text="辖区{{fig:org.grids}}网格{{fig:org.grid_workers|approx=10}}。\n"
        "讲座{{fig:outreach.lectures}}，材料{{fig:outreach.materials_distributed|approx=100}}。",
    )
    propose(world, report)
    services.report_propose(
        report,
        actor=world.clerk_a,
        proposals={
            (Part.MEASURES, Area.ORGANISATION): [
                (f"第{n}段{{{{fig:org.villages}}}}。", "") for n in range(6)
            ],
            (Part.SHORTCOMINGS, ""): [("不足{{fig:study.exam_pass_rate}}。", "")],
        },
    )
    many = (count_queries(client, edit_url(report)), count_queries(client, section_url(section)))
    assert many == few
    assert few[0] <= 18 and few[1] <= 16
