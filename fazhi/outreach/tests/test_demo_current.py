"""The demo's current year of law education: a quiz residents can take on the portal today,
activities held up to yesterday with their photos and those of the coming weeks announced, key
dates ahead of today, this year's figures; and no 2020 activity left planned."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from fazhi.audit.models import AuditEntry
from fazhi.org.models import Street, User
from fazhi.outreach import selectors
from fazhi.outreach.models import Activity, ActivityPhoto, Question, QuizAttempt
from fazhi.testing import this_years_figures

pytestmark = pytest.mark.django_db
PORTAL = "/s/haibin/quiz"


def test_this_years_figures_are_not_zero(demo):
    values = this_years_figures()
    for key in (
        "outreach.activities",
        "outreach.lectures",
        "outreach.participants",
        "outreach.publicity_items",
        "legal_services.messages_pushed",
        "outreach.quiz_participants",
    ):
        assert values[key] > 0, key


def test_activities_held_up_to_yesterday_with_photos_and_the_coming_weeks_announced(demo):
    today = timezone.localdate()
    year = Activity.objects.filter(street__slug="haibin", held_on__year=today.year)
    held = year.filter(status=Activity.Status.HELD)
    assert held.exists()
    assert not Activity.objects.filter(status=Activity.Status.HELD, held_on__gte=today).exists()
    assert all(a.headcount for a in held)
    photographed = ActivityPhoto.objects.filter(activity__in=held)
    assert photographed.values("activity").distinct().count() >= 3
    planned = Activity.objects.filter(
        street__slug="haibin",
        status=Activity.Status.PLANNED,
        held_on__gte=today,
        held_on__lte=today + timedelta(days=35),
    )
    assert planned.count() >= 2


def test_no_2020_activity_is_left_planned(demo):
    assert not Activity.objects.filter(
        status=Activity.Status.PLANNED, held_on__lt=timezone.localdate()
    ).exists()
    december = Activity.objects.filter(held_on__year=2020, held_on__month=12)
    assert december.count() == 2
    assert all(a.status == Activity.Status.HELD and a.photos.count() == 2 for a in december)


def test_a_key_date_lies_ahead_of_today_on_the_calendar(demo):
    office = User.objects.get(username="office")
    today = timezone.localdate()
    ahead = [
        row
        for year in (today.year, today.year + 1)
        for row in selectors.key_date_calendar(office, year)
        if row.start > today
    ]
    assert ahead
    # Those of the coming weeks have their activities announced; this year's past ones held.
    for row in ahead:
        if row.start <= today + timedelta(days=35):
            assert row.planned, row.key_date.name
    passed = [r for r in selectors.key_date_calendar(office, today.year) if r.end < today]
    assert all(r.held for r in passed)
    if today.month > 1:
        assert passed


def test_a_resident_takes_the_open_quiz_on_the_portal(demo, settings):
    street = Street.objects.get(slug="haibin")
    now = timezone.now()
    quizzes = selectors.public_quizzes(street, now)
    assert quizzes.open, "no quiz open on the portal today"
    quiz = quizzes.open[0]
    assert quiz.participants > 0  # residents took it before today
    resident = Client()
    listing = resident.get(f"{PORTAL}/")
    assert listing.status_code == 200 and quiz.title in listing.content.decode()
    response = resident.post(
        f"{PORTAL}/{quiz.pk}/", {"name": "居民甲", "mobile": "13700000001", "consent": "on"}
    )
    assert response.status_code == 302 and response["Location"] == f"{PORTAL}/{quiz.pk}/answer/"
    attempt = QuizAttempt.objects.get(quiz=quiz, mobile="13700000001")
    assert len(attempt.questions) == quiz.question_count
    sheet = resident.get(f"{PORTAL}/{quiz.pk}/answer/")
    assert sheet.status_code == 200
    keys = dict(Question.objects.filter(pk__in=attempt.questions).values_list("pk", "answer"))
    answers = {f"q{pk}": list(keys[pk]) for pk in attempt.questions}
    response = resident.post(f"{PORTAL}/{quiz.pk}/answer/", answers)
    assert response.status_code == 302 and response["Location"] == f"{PORTAL}/{quiz.pk}/result/"
    attempt.refresh_from_db()
    assert attempt.submitted_at is not None and attempt.score == 100
    assert AuditEntry.objects.filter(object_id=str(attempt.pk), action="update").exists()
    result = resident.get(f"{PORTAL}/{quiz.pk}/result/")
    assert result.status_code == 200 and "100分" in result.content.decode()
