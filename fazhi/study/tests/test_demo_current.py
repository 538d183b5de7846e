"""The demo's current year of law study: this year's target, list, sessions with sign-ins,
self-study and an exam held, the year-end exam ahead of today, and this year's figures."""

from __future__ import annotations

import pytest
from django.utils import timezone

from fazhi.org.models import LeadingGroupMeeting, User
from fazhi.study.models import LawToStudy, StudyAttendance, StudyExam, StudySession
from fazhi.study.selectors import hours_in_year
from fazhi.testing import this_years_figures

pytestmark = pytest.mark.django_db


def test_this_years_study_is_recorded_up_to_yesterday(demo):
    today = timezone.localdate()
    office = User.objects.get(username="office")
    sessions = StudySession.objects.filter(street__slug="haibin", date__year=today.year)
    assert sessions.exists() and not sessions.filter(date__gte=today).exists()
    # The leadership studies before each of the year's leading-group meetings.
    pre_meeting = sessions.filter(kind=StudySession.Kind.PRE_MEETING)
    meetings = LeadingGroupMeeting.objects.filter(street__slug="haibin", held_on__year=today.year)
    assert pre_meeting.count() == meetings.count() > 0
    assert {s.meeting_id for s in pre_meeting} == set(meetings.values_list("pk", flat=True))
    assert StudyAttendance.objects.filter(session__in=sessions, attended=True).exists()
    assert LawToStudy.objects.filter(street__slug="haibin", listed_on__year=today.year).exists()
    year = hours_in_year(office, today.year)
    assert year.target is not None and year.target.target_hours == 40
    assert year.people and any(p.total > 0 for p in year.people)


def test_an_exam_was_held_this_year_and_the_next_lies_ahead(demo):
    today = timezone.localdate()
    exams = StudyExam.objects.filter(street__slug="haibin")
    held = exams.filter(date__year=today.year, date__lt=today)
    assert held.exists() and all(e.scores.exists() for e in held)
    ahead = exams.filter(date__gt=today)
    assert ahead.count() == 1
    upcoming = ahead.get()
    assert not upcoming.scores.exists() and upcoming.questions.count() == 10


def test_this_years_figures_are_not_zero(demo):
    values = this_years_figures()
    for key in ("study.sessions", "study.attendances", "study.laws_to_study", "study.hours"):
        assert values[key] > 0, key
