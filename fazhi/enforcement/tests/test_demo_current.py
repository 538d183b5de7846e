"""The enforcement demo after the report day: 2020's open records concluded in the weeks after
it, and the current year up to the load day with its deadlines around today.

The demo is restored once for the module from the run's snapshot (loaded today); the tests read
it, and the last one writes inside its own transaction."""

from __future__ import annotations

import datetime
from collections import Counter

import pytest
from django.utils import timezone

from fazhi.core.workdays import WorkCalendar
from fazhi.enforcement import reminders
from fazhi.enforcement.models import (
    Case,
    CaseStep,
    FrontageSelfCheck,
    LegalReview,
    Patrol,
    Publication,
    Report,
)
from fazhi.enforcement.selectors import cases as case_selectors
from fazhi.enforcement.selectors import publication as publication_selectors
from fazhi.enforcement.selectors import review as review_selectors
from fazhi.org.models import Street, User

pytestmark = pytest.mark.django_db

REPORT_DAY = datetime.date(2020, 9, 28)
SEED_DAYS = (REPORT_DAY - datetime.date(2020, 1, 1)).days + 1


def _start_of(year: int, month: int = 1, day: int = 1) -> datetime.datetime:
    """The local midnight that starts the day."""
    return datetime.datetime(year, month, day, tzinfo=timezone.get_current_timezone())


@pytest.fixture
def haibin(demo):
    return Street.objects.get(slug="haibin")


def test_nothing_of_2020_is_left_open(haibin):
    """Every 2020 case ended and archived, every report handled, every review given, every
    decision published, all after the report day and before 2021."""
    cases_2020 = Case.objects.filter(street=haibin, found_at__lt=_start_of(2021))
    assert set(cases_2020.values_list("status", flat=True)) == {Case.Status.ARCHIVED}
    assert not Report.objects.filter(
        street=haibin, reported_at__lt=_start_of(2021), status=Report.Status.PENDING
    ).exists()
    assert not LegalReview.objects.filter(case__in=cases_2020, conclusion="").exists()
    assert not cases_2020.exclude(decided_on=None).filter(
        publication__isnull=True, decision_changed_on=None
    )
    last = datetime.date(2020, 12, 31)
    for field in ("decided_on", "served_on", "executed_on", "closed_on", "archived_on"):
        assert not cases_2020.filter(**{f"{field}__gt": last}).exists(), field
    assert not Publication.objects.filter(case__in=cases_2020, published_on__gt=last).exists()
    # Concluded after the report day: some records carry October's dates.
    assert cases_2020.filter(closed_on__gt=REPORT_DAY).exists()
    assert cases_2020.filter(decided_on__gt=REPORT_DAY).exists()
    # The case with the reviewer on the report day was reviewed, then decided.
    reviewed = LegalReview.objects.filter(
        case__in=cases_2020, reviewed_at__gte=_start_of(2020, 9, 29)
    )
    assert reviewed.exists()
    assert all(r.reviewed_at.year == 2020 for r in reviewed)


def test_no_list_shows_2020_work_pending(haibin):
    today = timezone.localdate()
    office = User.objects.get(username="office")
    cases = Case.objects.filter(street=haibin)
    overdue = case_selectors.overdue(cases, today)
    assert not overdue.filter(found_at__lt=_start_of(today.year - 1)).exists()
    assert (
        not publication_selectors.awaiting_publication(office)
        .filter(decided_on__year=2020)
        .exists()
    )
    assert not review_selectors.pending(LegalReview.objects.filter(case__street=haibin)).filter(
        submitted_at__lt=_start_of(2021)
    )


def test_the_current_year_is_alive_up_to_yesterday(haibin):
    """Patrols on the working days, reports and cases of the order of 2020's per day, nothing
    dated after now."""
    today = timezone.localdate()
    now = timezone.now()
    year_start = _start_of(today.year)
    days = (today - datetime.date(today.year, 1, 1)).days
    patrols = Patrol.objects.filter(street=haibin, started_at__gte=year_start)
    calendar = WorkCalendar.load()
    workdays = calendar.workdays_between(datetime.date(today.year - 1, 12, 31), today)
    if days:
        assert patrols.count() >= workdays - 1
    assert not Patrol.objects.filter(street=haibin, started_at__gt=now).exists()
    assert not Case.objects.filter(street=haibin, found_at__gt=now).exists()
    assert not Report.objects.filter(street=haibin, reported_at__gt=now).exists()
    assert not CaseStep.objects.filter(case__street=haibin, occurred_at__gt=now).exists()
    if days >= 60:
        cases_2020 = Case.objects.filter(street=haibin, found_at__lt=_start_of(2020, 9, 29)).count()
        current = Case.objects.filter(street=haibin, found_at__gte=year_start).count()
        per_day_2020 = cases_2020 / SEED_DAYS
        assert 0.5 * per_day_2020 * days < current < 2 * per_day_2020 * days
        reports = Report.objects.filter(street=haibin, reported_at__gte=year_start)
        statuses = Counter(reports.values_list("status", flat=True))
        assert statuses[Report.Status.ACCEPTED] > 10 * statuses[Report.Status.PENDING]
        assert set(reports.values_list("source", flat=True)) >= {
            Report.Source.GRID_WORKER,
            Report.Source.RESIDENT,
            Report.Source.HOTLINE,
        }
    # Every procedure and way of ending of the year; the on-the-spot cases are closed.
    current = Case.objects.filter(street=haibin, found_at__gte=year_start)
    if days >= 60:
        assert {"penalty", "no_penalty", "corrected"} <= set(
            current.values_list("outcome", flat=True)
        )
        assert current.filter(procedure=Case.Procedure.ON_THE_SPOT).exists()
    assert not current.filter(procedure=Case.Procedure.ON_THE_SPOT).exclude(
        status__in=[Case.Status.CLOSED, Case.Status.ARCHIVED]
    )


def test_this_weeks_reports_wait(haibin):
    today = timezone.localdate()
    pending = Report.objects.filter(street=haibin, status=Report.Status.PENDING)
    assert pending.exists()
    assert all(
        today - datetime.timedelta(days=7) <= timezone.localdate(r.reported_at) < today
        for r in pending
    )
    worker = User.objects.get(username="gridworker")
    own = pending.filter(grid=worker.grid)
    assert own.filter(reporter=worker).exists()
    assert reminders.reports_pending(worker, today) == own.count() >= 1
    assert reminders.reports_pending(User.objects.get(username="officer"), today) == (
        pending.count()
    )


def test_case_deadlines_around_today(haibin):
    """One case past its decision deadline, a few due this week, the officer's among them."""
    today = timezone.localdate()
    officer = User.objects.get(username="officer")
    cases = Case.objects.filter(street=haibin)
    overdue = case_selectors.overdue(cases, today)
    assert overdue.count() == 1
    assert overdue.get().officers.filter(pk=officer.pk).exists()
    due_soon = case_selectors.due_soon(cases, today)
    this_week = due_soon.filter(decision_due_on__lte=today + datetime.timedelta(days=6))
    assert this_week.count() >= 2
    assert due_soon.count() >= 4
    assert reminders.cases_overdue(officer, today) == 1
    assert reminders.cases_due_soon(officer, today) >= 3
    mine = cases.filter(officers=officer, status__in=Case.OPEN)
    assert mine.count() >= 5
    assert mine.filter(decision_due_on__lte=today + datetime.timedelta(days=6)).count() >= 2


def test_reviews_with_the_reviewer(haibin):
    today = timezone.localdate()
    reviewer = User.objects.get(username="reviewer")
    pending = review_selectors.pending(
        review_selectors.mine(LegalReview.objects.filter(case__street=haibin), reviewer)
    )
    assert pending.count() >= 3
    assert not review_selectors.overdue(pending, today).exists()
    assert reminders.reviews_mine_due_soon(reviewer, today) >= 1
    assert all(r.case.status == Case.Status.REVIEWING for r in pending)


def test_decisions_wait_for_publication_within_the_limit(haibin):
    today = timezone.localdate()
    office = User.objects.get(username="office")
    waiting = publication_selectors.awaiting_publication(office)
    assert waiting.count() >= 2
    assert not publication_selectors.publication_overdue(waiting, today).exists()
    assert reminders.publications_overdue(office, today) == 0
    current = Publication.objects.filter(
        case__street=haibin, published_on__gte=datetime.date(today.year, 1, 1)
    ).select_related("case")
    if (today - datetime.date(today.year, 1, 1)).days >= 60:
        assert any(p.on_time for p in current) and any(not p.on_time for p in current)


def test_frontage_self_checks_of_the_year(haibin):
    today = timezone.localdate()
    checks = FrontageSelfCheck.objects.filter(
        unit__street=haibin, checked_on__year=today.year, checked_on__lt=today
    )
    months = {d.month for d in checks.values_list("checked_on", flat=True)}
    if today.day > 10:
        assert months == set(range(1, today.month + 1))
    unrectified = checks.filter(result=FrontageSelfCheck.Result.FAILED, rectified_on=None)
    assert unrectified.count() <= 1
    assert not FrontageSelfCheck.objects.filter(
        unit__street=haibin, checked_on__year=2020, result="failed", rectified_on=None
    ).exists()


def test_the_deadlines_step_on_an_early_january_monday(haibin):
    """Loaded on the first Monday of a year (one already past, so every record lies before
    now): the deadlines still fall around that day, their records starting the year before."""
    import random

    from fazhi.core.demo import DemoContext
    from fazhi.core.demo_current import calendar_years
    from fazhi.enforcement import demo_current

    today = timezone.localdate()
    year = today.year if today >= datetime.date(today.year, 1, 20) else today.year - 1
    day = datetime.date(year, 1, 1)
    while day.weekday() != 0:
        day += datetime.timedelta(days=1)
    ctx = DemoContext(rng=random.Random(1), today=day)
    ctx.street = haibin
    ctx.shared["users"] = {u.username: u for u in User.objects.filter(street=haibin)}
    calendar_years(ctx)
    before = set(Case.objects.filter(street=haibin).values_list("pk", flat=True))
    demo_current.current_deadlines(ctx)
    new = Case.objects.filter(street=haibin).exclude(pk__in=before)
    assert case_selectors.overdue(new, day).count() == 1
    week = day + datetime.timedelta(days=6)
    assert case_selectors.due_soon(new, day).filter(decision_due_on__lte=week).count() >= 2
    assert new.filter(found_at__lt=_start_of(year)).exists()
    assert not new.filter(found_at__gte=ctx.at(day, 0)).exists()
    assert not CaseStep.objects.filter(case__in=new, occurred_at__gte=ctx.at(day, 0)).exists()
    waiting = new.filter(decided_on__isnull=False, publication__isnull=True)
    assert waiting.count() == 2
    assert all(day <= c.publish_due_on <= day + datetime.timedelta(days=14) for c in waiting)
    reviews = LegalReview.objects.filter(case__in=new, conclusion="")
    assert reviews.count() == 3
    assert all(r.due_on >= day for r in reviews)


def test_every_case_of_the_demo_keeps_the_rules_of_the_services(haibin):
    """States, dates, steps, officers, reviews and deadlines as the case services keep them
    (the generator's check), for 2020's cases and the current year's: the steps of one day in
    the order taken (none before the finding it follows), the publication's among them."""
    from fazhi.core.tests.test_generator import case_problems

    cases = Case.objects.filter(street=haibin)
    problems = {}
    for case in cases.select_related("category"):
        found = case_problems(case)
        if found:
            problems[case.number] = found
    assert problems == {}
    assert cases.filter(found_at__lt=_start_of(2020, 9, 29)).count() > 250
    assert cases.filter(found_at__gte=_start_of(2020, 9, 29)).count() > 100
