"""The annual report: created with the street's outline, saved with its tokens checked and a
version frozen each time, read with its figures from the records, proposals accepted or dropped,
the workflow one step at a time — every write audited."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from fazhi.audit.models import Action, AuditEntry
from fazhi.core.links import records_url
from fazhi.core.stats import Period
from fazhi.org import services as org_services
from fazhi.reports import composer, document, services
from fazhi.reports.models import (
    AnnualReport,
    Area,
    Part,
    ReportProposal,
    ReportSection,
    ReportVersion,
)

pytestmark = pytest.mark.django_db

SEED_PARTS = [Part.MEASURES, Part.SHORTCOMINGS, Part.NEXT_YEAR]


def audit_rows(obj, action):
    return AuditEntry.objects.filter(
        object_type=obj._meta.label_lower, object_id=str(obj.pk), action=action
    )


def make_report(world, **fields):
    fields.setdefault("period_end", date(2020, 9, 28))
    return services.report_create(street=world.a.street, year=2020, actor=world.clerk_a, **fields)


def section(report, part, area=""):
    return ReportSection.objects.get(report=report, part=part, area=area)


def test_a_report_has_the_platforms_five_parts_unless_the_street_chose_others(world):
    report = services.report_create(street=world.a.street, year=2020, actor=world.clerk_a)
    assert report.title == "甲街2020年法治政府建设情况报告"
    assert report.issuer == "滨海新区甲街道办事处"
    assert (report.period_start, report.period_end) == (date(2020, 1, 1), date(2020, 12, 31))
    assert report.deadline == date(2021, 4, 1)
    assert report.status == AnnualReport.Status.DRAFT
    assert report.preamble.startswith("2020年，在区委、区政府的正确领导下")
    assert [(s.part, s.area) for s in report.sections.all()] == [
        *((Part.MEASURES, area) for area in Area.values),
        (Part.FIRST_RESPONSIBILITY, ""),
        (Part.SHORTCOMINGS, ""),
        (Part.NEXT_YEAR, ""),
        (Part.OTHER, ""),
    ]
    assert section(report, Part.MEASURES, Area.ORGANISATION).title == (
        "加强组织领导，奠定依法行政基础"
    )
    created = audit_rows(report, Action.CREATE).get()
    assert created.actor == world.clerk_a
    assert created.changes["after"]["parts"] == list(Part.values)
    version = report.versions.get()
    assert (version.number, version.author, version.occasion) == (1, world.clerk_a, "save")

    services.report_outline_set(street=world.b.street, parts=SEED_PARTS, actor=world.clerk_b)
    seed = services.report_create(street=world.b.street, year=2020, actor=world.clerk_b)
    assert [s.part for s in seed.sections.all()] == [*[Part.MEASURES] * 5, *SEED_PARTS[1:]]


def test_one_report_per_street_and_year_within_its_year(world):
    make_report(world)
    with pytest.raises(ValidationError) as caught:
        make_report(world)
    assert caught.value.messages == ["本街道已有该年度的法治政府建设年度报告。"]
    with pytest.raises(ValidationError) as caught:
        services.report_create(
            street=world.a.street, year=2021, actor=world.clerk_a, period_end=date(2022, 1, 31)
        )
    assert caught.value.message_dict == {"period_end": ["统计期间须在2021年之内。"]}
    assert AnnualReport.objects.count() == 1


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        (["measures", "preface"], "未知的章节：preface。"),
        (["measures", "measures"], "同一章节不能重复列出。"),
        (["shortcomings", "next_year"], "年度报告须包含“主要举措和成效”一章。"),
    ],
)
def test_an_outline_names_known_parts_once_with_the_measures(world, parts, message):
    with pytest.raises(ValidationError) as caught:
        services.report_outline_set(street=world.a.street, parts=parts, actor=world.clerk_a)
    assert caught.value.message_dict == {"parts": [message]}


def test_a_text_with_an_unknown_figure_is_refused_and_nothing_is_written(world):
    report = make_report(world)
    target = section(report, Part.MEASURES, Area.ORGANISATION)
    with pytest.raises(ValidationError) as caught:
        services.report_section_update(
            target,
            actor=world.clerk_a,
            text="辖区{{fig:org.grids}}网格，电话咨询{{fig:legal_services.calls|unit=个}}。",
        )
    assert caught.value.messages == [
        "数字标记“{{fig:legal_services.calls|unit=个}}”：没有名为“legal_services.calls”的"
        "统计指标（可用 fazhi stats 或统计指标页查看键名）。"
    ]
    target.refresh_from_db()
    assert target.text == ""
    assert report.versions.count() == 1
    assert not audit_rows(target, Action.UPDATE).exists()


def test_every_save_freezes_a_version_of_text_and_figures(world):
    report = make_report(world)
    target = section(report, Part.MEASURES, Area.ORGANISATION)
    text = "辖区{{fig:org.grids}}网格{{fig:org.grid_workers|unit=人}}网格员。"
    services.report_section_update(target, actor=world.clerk_a, text=text)
    version = report.versions.order_by("-number").first()
    assert version.number == 2 and version.author == world.clerk_a
    assert version.content["sections"][0] == {
        "part": "measures",
        "area": "organisation",
        "title": "加强组织领导，奠定依法行政基础",
        "text": text,
    }
    assert version.figures == [
        {
            "token": "{{fig:org.grids}}",
            "key": "org.grids",
            "start": "2020-01-01",
            "end": "2020-09-28",
            "value": 2,
            "text": "2个",
        },
        {
            "token": "{{fig:org.grid_workers|unit=人}}",
            "key": "org.grid_workers",
            "start": "2020-01-01",
            "end": "2020-09-28",
            "value": 2,
            "text": "2人",
        },
    ]
    row = audit_rows(target, Action.UPDATE).get()
    assert row.actor == world.clerk_a and row.street_id == world.a.street.pk
    assert row.changes["after"] == {"text": text} and row.changes["version"] == 2
    # Saving the same text again changes nothing: no version, no audit row.
    services.report_section_update(target, actor=world.clerk_a, text=text)
    assert report.versions.count() == 2 and audit_rows(target, Action.UPDATE).count() == 1


def test_a_changed_record_changes_the_figure_on_the_next_render(world):
    report = make_report(world)
    target = section(report, Part.MEASURES, Area.ORGANISATION)
    services.report_section_update(
        target, actor=world.clerk_a, text="辖区{{fig:org.grids|words}}网格。"
    )

    def organisation_text() -> str:
        (view,) = document.read_report(AnnualReport.objects.get(pk=report.pk)).sections
        return view.paragraphs[0].plain

    assert organisation_text() == "辖区两个网格。"
    org_services.grid_create(
        street=world.a.street,
        actor=world.clerk_a,
        village=world.a.village,
        code="street-a-03",
        name="第三网格",
        established_on=date(2020, 3, 1),
    )
    assert organisation_text() == "辖区三个网格。"
    # The version saved before keeps the number it had.
    assert report.versions.order_by("-number").first().figures[0]["value"] == 2


def test_the_html_links_each_figure_to_its_records_over_its_own_period(world):
    report = make_report(world)
    services.report_section_update(
        section(report, Part.MEASURES, Area.DECISIONS),
        actor=world.clerk_a,
        text="一月份值班{{fig:legal_services.duty_shifts_held|to=2020-01-31}}。",
    )
    (view,) = document.read_report(report).sections
    january = Period(date(2020, 1, 1), date(2020, 1, 31))
    html = str(view.paragraphs[0].html)
    assert (
        f'href="{records_url("legal_services.duty_shifts_held", january)}"'.replace("&", "&amp;")
        in html
    )
    assert 'data-key="legal_services.duty_shifts_held"' in html
    assert 'data-start="2020-01-01" data-end="2020-01-31" data-value="0" data-unit="次"' in html
    assert view.heading1 == "一、2020年推进法治政府建设的主要举措和成效"
    assert view.heading2 == "（一）强化决策程序制度约束，积极推进公共法律服务体系建设"


def test_the_figures_of_a_report_are_computed_once_per_period(world, monkeypatch):
    report = make_report(world)
    services.report_section_update(
        section(report, Part.MEASURES, Area.DECISIONS),
        actor=world.clerk_a,
        text=(
            "一月份值班{{fig:legal_services.duty_shifts_held|to=2020-01-31}}，"
            "6月至今预约{{fig:legal_services.appointments|from=2020-06-01}}，涉及"
            "{{fig:legal_services.appointment_lawyers|from=2020-06-01}}律师。"
            "电话咨询{{fig:legal_services.consultations.phone}}，微信咨询"
            "{{fig:legal_services.consultations.wechat}}，网格{{fig:org.grids}}。"
        ),
    )
    calls: list[tuple[Period, list[str]]] = []
    compute = document.stats.compute

    def counting(street, period, keys=None):
        calls.append((period, list(keys or [])))
        return compute(street, period, keys)

    monkeypatch.setattr(document.stats, "compute", counting)
    document.read_report(AnnualReport.objects.get(pk=report.pk))
    assert sorted(calls, key=lambda c: (c[0].start, c[0].end)) == [
        (Period(date(2020, 1, 1), date(2020, 1, 31)), ["legal_services.duty_shifts_held"]),
        (
            report.period,
            [
                "legal_services.consultations.phone",
                "legal_services.consultations.wechat",
                "org.grids",
            ],
        ),
        (
            Period(date(2020, 6, 1), date(2020, 9, 28)),
            ["legal_services.appointment_lawyers", "legal_services.appointments"],
        ),
    ]


def test_a_shorter_period_is_refused_while_a_figure_counts_days_outside_it(world):
    report = make_report(world)
    services.report_section_update(
        section(report, Part.MEASURES, Area.DECISIONS),
        actor=world.clerk_a,
        text="六月以来{{fig:legal_services.appointments|from=2020-06-01}}。",
    )
    with pytest.raises(ValidationError, match="须在报告的统计期间（2020年1月1日至2020年5月31日）"):
        services.report_update(report, actor=world.clerk_a, period_end=date(2020, 5, 31))
    report.refresh_from_db()
    assert report.period_end == date(2020, 9, 28)
    services.report_update(report, actor=world.clerk_a, issued_on=date(2020, 9, 30))
    row = audit_rows(report, Action.UPDATE).get()
    assert row.changes["after"] == {"issued_on": "2020-09-30"} and row.changes["version"] == 3


def test_proposals_are_accepted_as_they_are_or_edited_or_dropped(world):
    report = make_report(world)
    first, second, third = services.report_propose(
        report,
        actor=world.clerk_a,
        proposals={
            (Part.MEASURES, Area.ORGANISATION): [
                ("辖区{{fig:org.grids}}网格。", "依据：网格名册。"),
                ("网格员{{fig:org.grid_workers}}。", "依据：网格员名册。"),
            ],
            (Part.SHORTCOMINGS, ""): [("一是学法仍需加强。", "依据：学时统计。")],
            (Part.FIRST_RESPONSIBILITY, "unknown"): [("不会出现。", "")],
        },
    )
    assert [p.status for p in (first, second, third)] == ["proposed"] * 3
    (view, _shortcomings) = document.read_report(report).sections
    assert [(p.plain, p.proposal) for p in view.paragraphs] == [
        ("辖区2个网格。", first),
        ("网格员2名。", second),
    ]
    assert document.read_report(report, proposals=False).sections == []

    services.report_proposal_accept(first, actor=world.clerk_a)
    with pytest.raises(ValidationError, match=r"没有名为“org\.workers”"):
        services.report_proposal_accept(second, actor=world.clerk_a, text="{{fig:org.workers}}")
    services.report_proposal_accept(
        second, actor=world.clerk_a, text="专兼职网格员{{fig:org.grid_workers|unit=人}}。"
    )
    services.report_proposal_drop(third, actor=world.clerk_a)
    with pytest.raises(ValidationError, match="该拟稿建议已舍弃，不能再次处理"):
        services.report_proposal_accept(third, actor=world.clerk_a)

    organisation = section(report, Part.MEASURES, Area.ORGANISATION)
    assert (
        organisation.text
        == "辖区{{fig:org.grids}}网格。\n专兼职网格员{{fig:org.grid_workers|unit=人}}。"
    )
    assert [p.status for p in ReportProposal.objects.order_by("pk")] == [
        "accepted",
        "accepted",
        "dropped",
    ]
    (view,) = document.read_report(report).sections
    assert [p.plain for p in view.paragraphs] == ["辖区2个网格。", "专兼职网格员2人。"]
    assert [v.occasion for v in report.versions.order_by("number")] == ["save", "accept", "accept"]
    accepted = audit_rows(second, Action.TRANSITION).get()
    assert accepted.actor == world.clerk_a
    assert accepted.changes["edited"] is True and accepted.changes["version"] == 3
    assert audit_rows(third, Action.TRANSITION).get().changes["after"] == {"status": "dropped"}


def test_proposing_again_replaces_only_what_is_still_proposed(world):
    report = make_report(world)
    place = (Part.MEASURES, Area.ORGANISATION)
    kept, replaced = services.report_propose(
        report, actor=world.clerk_a, proposals={place: [("甲。", ""), ("乙。", "")]}
    )
    services.report_proposal_accept(kept, actor=world.clerk_a)
    (new,) = services.report_propose(report, actor=world.clerk_a, proposals={place: [("丙。", "")]})
    assert list(ReportProposal.objects.order_by("position").values_list("text", "status")) == [
        ("甲。", "accepted"),
        ("丙。", "proposed"),
    ]
    assert new.position == 2
    assert not ReportProposal.objects.filter(pk=replaced.pk).exists()
    row = AuditEntry.objects.filter(object_type="reports.reportproposal").order_by("-seq").first()
    assert row.changes == {"proposed": 1, "replaced": 1}


def test_the_composer_proposes_only_what_the_records_show(world):
    report = make_report(world)
    assert composer.propose(report) == {}
    org_services.leading_group_create(
        street=world.a.street,
        actor=world.clerk_a,
        name="甲街法治政府建设领导小组",
        established_on=date(2019, 3, 1),
    )
    proposals = composer.propose(report)
    assert list(proposals) == [(Part.MEASURES, Area.ORGANISATION)]
    ((text, reason),) = proposals[(Part.MEASURES, Area.ORGANISATION)]
    assert text.startswith("成立以街主要领导为组长及副组长的甲街法治政府建设领导小组，成员由甲街")
    assert reason == "依据：甲街法治政府建设领导小组的设立和成员记录。"


def test_the_workflow_moves_one_step_at_a_time_and_approval_freezes_a_version(world):
    report = make_report(world)
    with pytest.raises(ValidationError, match="当前为“起草中”，不能直接转为“主要负责人已审定”"):
        services.report_advance(report, to=AnnualReport.Status.APPROVED, actor=world.leader)
    services.report_advance(report, to=AnnualReport.Status.OFFICE_REVIEWED, actor=world.clerk_a)
    services.report_advance(report, to=AnnualReport.Status.APPROVED, actor=world.leader)
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.APPROVED
    approval = report.versions.get(occasion=ReportVersion.Occasion.APPROVAL)
    assert approval.author == world.leader
    rows = audit_rows(report, Action.TRANSITION).order_by("seq")
    assert [r.changes["after"]["status"] for r in rows] == ["office_reviewed", "approved"]
    assert rows[1].actor == world.leader and rows[1].changes["version"] == approval.number
