"""The annual report's workflow: 起草中 → 办公室已审核 → 主要负责人已审定 → 已通过保密审查 →
已公开, each step by the one who holds it (the office, the principal leader, the person named for
the 保密审查, the office), 退回修改 with a reason, every step audited; the panel and step pages
of the report; the dashboard's reminder of a report due."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fazhi.audit.models import Action, AuditEntry
from fazhi.org.roles import Role
from fazhi.reports import services
from fazhi.reports.models import AnnualReport, Area, Part, ReportSection, ReportStep
from fazhi.testing import make_user

pytestmark = pytest.mark.django_db

Status = AnnualReport.Status
LIST = "/office/reports/annual/"
STEPS = [Status.OFFICE_REVIEWED, Status.APPROVED, Status.SECRECY_CHECKED, Status.PUBLISHED]


@pytest.fixture
def secrecy(world):
    """A second member of street A's office, named for the reports' 保密审查 in these tests."""
    return make_user("secrecy_a", world.a.street, [Role.OFFICE], full_name="甲街保密干事")


def make_report(world, year=2020):
    report = services.report_create(
        street=world.a.street, year=year, actor=world.clerk_a, period_end=date(year, 9, 28)
    )
    services.report_section_update(
        ReportSection.objects.get(report=report, area=Area.ORGANISATION),
        actor=world.clerk_a,
        text="辖区{{fig:org.grids}}网格。",
    )
    return report


def holders(world, reviewer):
    """Who takes each step forward, in order: ``reviewer`` the person named for 保密审查."""
    return {
        Status.OFFICE_REVIEWED: world.clerk_a,
        Status.APPROVED: world.leader,
        Status.SECRECY_CHECKED: reviewer,
        Status.PUBLISHED: world.clerk_a,
    }


def everyone(world):
    """One account of every role of street A, and street B's office."""
    return [
        world.clerk_a,
        world.clerk_b,
        world.leader,
        world.reviewer,
        world.staff_a,
        world.grid_worker,
        world.auditor,
        world.sysadmin,
        world.secadmin,
    ]


def advance_to(report, status, world, reviewer):
    """Take the steps up to ``status`` by those who hold them, ``reviewer`` named first."""
    if report.secrecy_reviewer_id is None:
        services.report_secrecy_reviewer_set(report, reviewer=reviewer, actor=world.clerk_a)
    else:
        reviewer = report.secrecy_reviewer
    order = [Status.DRAFT, *STEPS]
    report.refresh_from_db()
    while report.status != status:
        to = order[order.index(report.status) + 1]
        services.report_advance(report, to=to, actor=holders(world, reviewer)[to])
        report.refresh_from_db()
    return report


def written():
    return AuditEntry.objects.count(), ReportStep.objects.count()


def transitions(report):
    return AuditEntry.objects.filter(
        object_type="reports.annualreport", object_id=str(report.pk), action=Action.TRANSITION
    ).order_by("seq")


# --- the steps -------------------------------------------------------------------------------------


@time_machine.travel("2021-03-15 10:00 +0800", tick=False)
def test_every_step_is_taken_by_its_holder_and_audited_naming_them(world, secrecy):
    report = make_report(world)
    services.report_secrecy_reviewer_set(report, reviewer=secrecy, actor=world.clerk_a)
    for to, actor in holders(world, secrecy).items():
        services.report_advance(report, to=to, actor=actor, reason="同意。")
    report.refresh_from_db()
    assert report.status == Status.PUBLISHED
    assert report.published_at.isoformat() == "2021-03-15T02:00:00+00:00"
    assert not report.published_late
    steps = list(report.steps.order_by("pk"))
    assert [(s.kind, s.actor, s.status_after) for s in steps] == [
        ("review", world.clerk_a, "office_reviewed"),
        ("approve", world.leader, "approved"),
        ("secrecy_check", secrecy, "secrecy_checked"),
        ("publish", world.clerk_a, "published"),
    ]
    approval = report.versions.get(occasion="approval")
    assert steps[1].version == approval.number and approval.author == world.leader
    rows = list(transitions(report))
    assert [(r.actor, r.changes["after"]["status"]) for r in rows] == [
        (world.clerk_a, "office_reviewed"),
        (world.leader, "approved"),
        (secrecy, "secrecy_checked"),
        (world.clerk_a, "published"),
    ]
    assert [r.actor_name for r in rows] == ["甲街办公室", "甲街书记", "甲街保密干事", "甲街办公室"]
    assert rows[1].changes["version"] == approval.number
    assert rows[3].changes["late"] is False and rows[3].changes["deadline"] == "2021-04-01"
    assert rows[0].changes["reason"] == "同意。"


def test_a_report_cannot_be_published_or_approved_skipping_a_step(world, secrecy):
    report = make_report(world)
    services.report_secrecy_reviewer_set(report, reviewer=secrecy, actor=world.clerk_a)
    for status in [Status.DRAFT, Status.OFFICE_REVIEWED, Status.APPROVED]:
        advance_to(report, status, world, secrecy)
        before = written()
        with pytest.raises(ValidationError, match="不能直接转为“已公开”"):
            services.report_advance(report, to=Status.PUBLISHED, actor=world.clerk_a)
        assert written() == before
        report.refresh_from_db()
        assert report.status == status and report.published_at is None
    with pytest.raises(
        ValidationError, match="当前为“主要负责人已审定”，不能直接转为“主要负责人已审定”"
    ):
        services.report_advance(report, to=Status.APPROVED, actor=world.leader)
    with pytest.raises(ValidationError, match="不能转为该状态"):
        services.report_advance(report, to="archived", actor=world.clerk_a)
    advance_to(report, Status.PUBLISHED, world, secrecy)
    assert report.status == Status.PUBLISHED


def test_each_role_takes_only_its_own_step_and_a_refusal_writes_nothing(world):
    report = make_report(world)
    # The principal leader is named for the 保密审查: the office, which could be named, cannot
    # confirm it.
    services.report_secrecy_reviewer_set(report, reviewer=world.leader, actor=world.clerk_a)
    for to, holder in holders(world, world.leader).items():
        for user in everyone(world):
            if user == holder:
                continue
            before = written()
            with pytest.raises(PermissionDenied):
                services.report_advance(report, to=to, actor=user)
            assert written() == before, (to, user.username)
            report.refresh_from_db()
            assert report.status != to
        services.report_advance(report, to=to, actor=holder)
    with pytest.raises(PermissionDenied, match="本街道的工作人员本人办理"):
        services.report_advance(make_report(world, 2021), to=Status.OFFICE_REVIEWED, actor=None)


def test_the_secrecy_check_is_the_named_persons_alone(world, secrecy):
    report = make_report(world)
    advance_to(report, Status.OFFICE_REVIEWED, world, secrecy)
    AnnualReport.objects.filter(pk=report.pk).update(secrecy_reviewer=None)
    services.report_advance(report, to=Status.APPROVED, actor=world.leader)
    # Nobody named: the step cannot be taken, not even by the office that would name someone.
    with pytest.raises(ValidationError, match="尚未指定保密审查人"):
        services.report_advance(report, to=Status.SECRECY_CHECKED, actor=world.clerk_a)
    services.report_secrecy_reviewer_set(report, reviewer=world.leader, actor=world.clerk_a)
    # The office and the secrecy clerk may be named, but the leader is: only the leader confirms.
    for user in (world.clerk_a, secrecy):
        with pytest.raises(PermissionDenied, match="指定的保密审查人甲街书记本人确认"):
            services.report_advance(report, to=Status.SECRECY_CHECKED, actor=user)
    services.report_advance(report, to=Status.SECRECY_CHECKED, actor=world.leader)
    assert transitions(report).last().actor == world.leader
    # Once checked, the reviewer cannot be changed any more.
    with pytest.raises(ValidationError, match="不能再更换保密审查人"):
        services.report_secrecy_reviewer_set(report, reviewer=secrecy, actor=world.clerk_a)


def test_the_office_names_an_active_person_of_the_street_who_may_read_the_report(world, secrecy):
    from fazhi.accounts.services import user_deactivate

    report = make_report(world)
    with pytest.raises(PermissionDenied, match="由领导小组办公室指定"):
        services.report_secrecy_reviewer_set(report, reviewer=secrecy, actor=world.leader)
    with pytest.raises(PermissionDenied, match="只能办理本街道"):
        services.report_secrecy_reviewer_set(report, reviewer=secrecy, actor=world.clerk_b)
    refusals = {
        world.staff_a: "的角色不能担任年度报告的保密审查人",
        world.grid_worker: "的角色不能担任年度报告的保密审查人",
        world.clerk_b: "保密审查人须为本街道的工作人员",
    }
    for person, message in refusals.items():
        with pytest.raises(ValidationError, match=message):
            services.report_secrecy_reviewer_set(report, reviewer=person, actor=world.clerk_a)
    user_deactivate(secrecy, actor=world.secadmin)
    with pytest.raises(ValidationError, match="的账号已停用"):
        services.report_secrecy_reviewer_set(report, reviewer=secrecy, actor=world.clerk_a)
    report.refresh_from_db()
    assert report.secrecy_reviewer is None
    named = services.report_secrecy_reviewer_set(report, reviewer=world.leader, actor=world.clerk_a)
    assert named.secrecy_reviewer == world.leader
    row = AuditEntry.objects.filter(
        action=Action.UPDATE, object_type="reports.annualreport", object_id=str(report.pk)
    ).last()
    assert row.actor == world.clerk_a
    assert row.changes["after"] == {"secrecy_reviewer": world.leader.pk}


def test_a_named_person_who_leaves_cannot_confirm(world, secrecy):
    from fazhi.accounts.services import user_deactivate

    report = make_report(world)
    advance_to(report, Status.APPROVED, world, secrecy)
    user_deactivate(secrecy, actor=world.secadmin)
    secrecy.refresh_from_db()
    with pytest.raises(PermissionDenied, match="已停用"):
        services.report_advance(report, to=Status.SECRECY_CHECKED, actor=secrecy)
    services.report_secrecy_reviewer_set(report, reviewer=world.clerk_a, actor=world.clerk_a)
    services.report_advance(report, to=Status.SECRECY_CHECKED, actor=world.clerk_a)


def test_a_report_goes_back_to_drafting_with_a_reason_by_whoever_holds_it(world):
    report = make_report(world)
    services.report_secrecy_reviewer_set(report, reviewer=world.leader, actor=world.clerk_a)
    # Returned from each state by the holder of the step it waits for.
    returners = {
        Status.OFFICE_REVIEWED: world.leader,
        Status.APPROVED: world.leader,  # as the named reviewer
        Status.SECRECY_CHECKED: world.clerk_a,
    }
    for status, holder in returners.items():
        advance_to(report, status, world, world.leader)
        for user in everyone(world):
            if user == holder:
                continue
            with pytest.raises(PermissionDenied):
                services.report_advance(report, to=Status.DRAFT, actor=user, reason="数字有误。")
        before = written()
        with pytest.raises(ValidationError) as refused:
            services.report_advance(report, to=Status.DRAFT, actor=holder, reason="  ")
        assert refused.value.message_dict == {"reason": ["请填写退回修改的理由。"]}
        assert written() == before
        services.report_advance(
            report, to=Status.DRAFT, actor=holder, reason=f"{status}：请补充第一责任人职责。"
        )
        report.refresh_from_db()
        assert report.status == Status.DRAFT
        step = report.steps.order_by("pk").last()
        assert (step.kind, step.actor, step.status_before) == ("return", holder, status)
        assert step.reason == f"{status}：请补充第一责任人职责。"
        row = transitions(report).last()
        assert row.actor == holder and row.changes["reason"] == step.reason
        assert row.changes["before"]["status"] == status
    with pytest.raises(ValidationError, match="正在起草中，无需退回"):
        services.report_advance(report, to=Status.DRAFT, actor=world.clerk_a, reason="再改。")
    # Approved again after a return: a second approval version; published, it stays so.
    advance_to(report, Status.PUBLISHED, world, world.leader)
    assert report.versions.filter(occasion="approval").count() == 3
    for to in (Status.DRAFT, Status.SECRECY_CHECKED, Status.PUBLISHED):
        with pytest.raises(ValidationError, match="已公开，不能再变更状态，也不能退回修改"):
            services.report_advance(report, to=to, actor=world.clerk_a, reason="撤回。")


def test_the_office_reviews_only_a_finished_draft(world, secrecy):
    report = make_report(world)
    services.report_propose(
        report,
        actor=world.clerk_a,
        proposals={(Part.SHORTCOMINGS, ""): [("一是网格员{{fig:org.grid_workers}}。", "名册。")]},
    )
    with pytest.raises(ValidationError, match="尚有1段拟稿建议未采纳或舍弃"):
        services.report_advance(report, to=Status.OFFICE_REVIEWED, actor=world.clerk_a)
    services.report_proposal_drop(
        report.sections.get(part=Part.SHORTCOMINGS).proposals.get(), actor=world.clerk_a
    )
    ReportSection.objects.filter(report=report, area=Area.ORGANISATION).update(
        text="辖区{{fig:org.no_such_figure}}网格。"
    )
    with pytest.raises(ValidationError, match="无法读取的数字标记"):
        services.report_advance(report, to=Status.OFFICE_REVIEWED, actor=world.clerk_a)
    assert report.steps.count() == 0


def test_publishing_after_the_deadline_is_allowed_and_recorded_as_late(world, secrecy):
    report = make_report(world)
    advance_to(report, Status.SECRECY_CHECKED, world, secrecy)
    with time_machine.travel("2021-04-01 23:30 +0800", tick=False):
        services.report_advance(report, to=Status.PUBLISHED, actor=world.clerk_a)
    report.refresh_from_db()
    assert not report.published_late  # on the deadline's day: in time
    other = make_report(world, 2019)
    advance_to(other, Status.SECRECY_CHECKED, world, secrecy)
    with time_machine.travel("2020-04-02 09:00 +0800", tick=False):
        services.report_advance(other, to=Status.PUBLISHED, actor=world.clerk_a)
    other.refresh_from_db()
    assert other.status == Status.PUBLISHED and other.published_late
    assert other.steps.get(kind="publish").late
    assert transitions(other).last().changes["late"] is True


# --- the pages ------------------------------------------------------------------------------------


def detail(client, report):
    return client.get(f"{LIST}{report.pk}/")


def buttons(response):
    panel = response.context["workflow"]
    return [row.step.slug for row in panel.rows if row.url] + (
        ["return"] if panel.return_url else []
    )


def test_the_panel_shows_the_steps_done_and_only_the_viewers_buttons(world, secrecy):
    report = make_report(world)
    office, leader = world.client(world.clerk_a), world.client(world.leader)
    response = detail(office, report)
    assert response.status_code == 200
    assert buttons(response) == ["review"]
    text = response.content.decode()
    assert f'href="/office/reports/annual/{report.pk}/workflow/review/">办公室审核</a>' in text
    assert f'href="/office/reports/annual/{report.pk}/secrecy-reviewer/">指定保密审查人</a>' in text
    assert buttons(detail(leader, report)) == []
    assert "/secrecy-reviewer/" not in detail(leader, report).content.decode()

    with time_machine.travel("2021-03-02 09:30 +0800", tick=False):
        advance_to(report, Status.OFFICE_REVIEWED, world, secrecy)
    assert buttons(detail(office, report)) == []
    response = detail(leader, report)
    assert buttons(response) == ["approve", "return"]
    rows = {row.step.kind: row for row in response.context["workflow"].rows}
    assert rows["review"].state == "done" and rows["review"].record.actor == world.clerk_a
    assert rows["approve"].state == "current" and rows["secrecy_check"].state == "waiting"
    text = response.content.decode()
    assert "2021年3月2日 09:30" in text  # when the office reviewed it
    assert "甲街保密干事" in text  # the named reviewer

    advance_to(report, Status.APPROVED, world, secrecy)
    assert buttons(detail(leader, report)) == []
    assert buttons(detail(world.client(secrecy), report)) == ["secrecy-check", "return"]
    advance_to(report, Status.SECRECY_CHECKED, world, secrecy)
    assert buttons(detail(office, report)) == ["publish", "return"]
    with time_machine.travel("2021-04-06 10:00 +0800", tick=False):
        advance_to(report, Status.PUBLISHED, world, secrecy)
    response = detail(office, report)
    assert buttons(response) == []
    text = response.content.decode()
    assert "逾期公开（报送期限2021年4月1日）" in text
    assert "2021年4月6日 10:00" in text


def test_a_step_is_confirmed_on_its_page_and_goes_through_the_service(world, secrecy):
    report = make_report(world)
    office = world.client(world.clerk_a)
    url = f"{LIST}{report.pk}/workflow/review/"
    page = office.get(url)
    assert page.status_code == 200
    assert "确认报告已经办公室审核" in page.content.decode()
    assert report.steps.count() == 0  # a GET changes nothing
    response = office.post(url, {"reason": "经核对无误。"})
    assert response.status_code == 302 and response["Location"] == f"{LIST}{report.pk}/"
    report.refresh_from_db()
    assert report.status == Status.OFFICE_REVIEWED
    assert transitions(report).get().actor == world.clerk_a
    assert report.steps.get().reason == "经核对无误。"
    # Posted again: the report has moved on, the page says so and writes nothing.
    before = written()
    again = office.post(url)
    assert again.status_code == 400
    assert "当前为“办公室已审核”，不能直接转为“办公室已审核”" in again.content.decode()
    assert written() == before


def test_step_pages_refuse_who_does_not_hold_the_step(world, secrecy):
    report = make_report(world)
    url = f"{LIST}{report.pk}/workflow/review/"
    before = written()
    assert world.client(world.leader).get(url).status_code == 403
    refused = world.client(world.leader).post(url)
    assert refused.status_code == 403
    assert "办公室审核由领导小组办公室办理" in refused.content.decode()
    assert world.client(world.staff_a).post(url).status_code == 403  # cannot read reports
    assert world.client(world.clerk_b).post(url).status_code == 404  # another street's
    assert (
        world.client(world.clerk_a).post(f"{LIST}{report.pk}/workflow/archive/").status_code == 404
    )
    assert (
        world.client(world.clerk_a).post(f"{LIST}{report.pk}/workflow/publish/").status_code == 400
    )
    anonymous = world.client(None).post(url)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assert world.client(world.clerk_a).put(url).status_code == 405
    assert written() == before
    assert AnnualReport.objects.get(pk=report.pk).status == Status.DRAFT


def test_a_return_needs_its_reason_on_the_page(world, secrecy):
    report = make_report(world)
    advance_to(report, Status.OFFICE_REVIEWED, world, secrecy)
    leader = world.client(world.leader)
    url = f"{LIST}{report.pk}/workflow/return/"
    assert "退回理由" in leader.get(url).content.decode()
    before = written()
    response = leader.post(url, {"reason": ""})
    assert response.status_code == 400
    assert "请填写退回修改的理由。" in response.content.decode()
    assert written() == before
    response = leader.post(url, {"reason": "第一责任人职责一节过于简略。"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == Status.DRAFT
    text = detail(world.client(world.clerk_a), report).content.decode()
    assert "退回修改：第一责任人职责一节过于简略。" in text


def test_the_office_names_the_reviewer_on_its_page(world, secrecy):
    report = make_report(world)
    url = f"{LIST}{report.pk}/secrecy-reviewer/"
    office = world.client(world.clerk_a)
    page = office.get(url)
    assert page.status_code == 200
    choices = [label for value, label in page.context["form"].fields["secrecy_reviewer"].choices]
    # The street's office and principal leader; not its other staff, nor street B's.
    assert choices[1:] == ["甲街书记", "甲街保密干事", "甲街办公室"]
    assert world.client(world.leader).get(url).status_code == 403
    response = office.post(url, {"secrecy_reviewer": world.staff_a.pk})
    assert response.status_code == 400
    response = office.post(url, {"secrecy_reviewer": secrecy.pk})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.secrecy_reviewer == secrecy


def test_the_report_page_costs_the_same_queries_whatever_its_history(world, secrecy):
    short, long = make_report(world, 2020), make_report(world, 2019)
    advance_to(short, Status.SECRECY_CHECKED, world, secrecy)
    for _round in range(3):
        advance_to(long, Status.SECRECY_CHECKED, world, secrecy)
        services.report_advance(long, to=Status.DRAFT, actor=world.clerk_a, reason="再核。")
    advance_to(long, Status.SECRECY_CHECKED, world, secrecy)
    assert (short.steps.count(), long.steps.count()) == (3, 15)
    client = world.client(world.clerk_a)
    detail(client, short)  # the session and the permissions, as every later page finds them
    counts = []
    for report in (short, long):
        with CaptureQueriesContext(connection) as queries:
            response = detail(client, report)
        assert response.status_code == 200 and buttons(response) == ["publish", "return"]
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 26


def test_the_panel_reads_the_steps_and_the_reviewer_in_two_queries(
    world, secrecy, django_assert_num_queries
):
    from fazhi.reports.views_workflow import workflow_panel

    report = make_report(world)
    advance_to(report, Status.APPROVED, world, secrecy)
    report = AnnualReport.objects.get(pk=report.pk)
    secrecy = type(secrecy).objects.get(pk=secrecy.pk)
    secrecy.has_perm("reports.view_annualreport")  # the permissions, read once per request
    with django_assert_num_queries(2):
        panel = workflow_panel(report, secrecy)
    assert [row.state for row in panel.rows] == ["done", "done", "current", "waiting"]
    assert [row.step.slug for row in panel.rows if row.url] == ["secrecy-check"]


# --- the dashboard's reminder -------------------------------------------------------------------


def reminders(user):
    """The annual report's reminders on ``user``'s dashboard: label → count."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    found = client.get("/office/").context["reminders"]
    return {
        str(r["label"]): r["count"] for r in found if "年度法治政府建设情况报告" in str(r["label"])
    }


DUE = "2020年度法治政府建设情况报告须于2021年4月1日前公开"
OVERDUE = "2020年度法治政府建设情况报告已过报送期限（2021年4月1日），尚未公开"


def test_the_reminder_comes_on_1_march_of_the_next_year_until_published(world, secrecy):
    report = make_report(world)
    services.report_create(street=world.b.street, year=2020, actor=world.clerk_b)
    with time_machine.travel("2021-02-28 12:00 +0800", tick=False):
        assert DUE not in reminders(world.clerk_a)
    with time_machine.travel("2021-03-01 08:00 +0800", tick=False):
        assert reminders(world.clerk_a)[DUE] == 1  # street B's report is street B's business
        assert reminders(world.leader)[DUE] == 1
        assert DUE not in reminders(world.staff_a)  # who does not read the report
    with time_machine.travel("2021-04-01 18:00 +0800", tick=False):
        assert DUE in reminders(world.clerk_a)
    with time_machine.travel("2021-04-02 08:00 +0800", tick=False):
        labels = reminders(world.clerk_a)
        assert labels == {OVERDUE: 1}
        response = world.client(world.clerk_a).get("/office/")
        (item,) = [r for r in response.context["reminders"] if str(r["label"]) == OVERDUE]
        assert item["url"] == LIST
    advance_to(report, Status.PUBLISHED, world, secrecy)
    with time_machine.travel("2021-04-02 08:00 +0800", tick=False):
        assert reminders(world.clerk_a) == {}
        assert reminders(world.clerk_b) == {OVERDUE: 1}
