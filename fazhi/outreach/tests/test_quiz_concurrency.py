"""Concurrent attempts on PostgreSQL: one mobile number gets one attempt at a quiz however many
start it at once, and an attempt is scored once however many times it is handed in at once."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from fazhi.outreach import services
from fazhi.outreach.models import QuizAttempt
from fazhi.outreach.testing import at

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs concurrent connections to one database (PostgreSQL; set DATABASE_URL)",
    ),
]

START = at(2020, 12, 4, 9)


def run_threads(count: int, target) -> list[BaseException]:
    """Run ``target(n)`` in ``count`` threads released together; the unexpected errors."""
    errors: list[BaseException] = []
    barrier = threading.Barrier(count)

    def worker(n: int) -> None:
        try:
            barrier.wait(timeout=10)
            target(n)
        except BaseException as exc:  # reported to the test, which fails on any
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return errors


def test_one_number_starting_eight_times_at_once_gets_one_attempt(world, outreach):
    quiz = services.quiz_publish(outreach.a.quiz, actor=world.clerk_a, now=at(2020, 12, 1, 9))
    outcomes: list[str] = []

    def start(n: int) -> None:
        try:
            services.quiz_attempt_start(quiz=quiz, mobile="13812345678", name="张三", now=START)
            outcomes.append("started")
        except ValidationError as exc:
            outcomes.append(" ".join(exc.messages))

    assert run_threads(8, start) == []
    assert outcomes.count("started") == 1
    assert all("已参加过本次竞答" in o for o in outcomes if o != "started")
    assert QuizAttempt.objects.filter(quiz=quiz).count() == 1


def test_an_attempt_handed_in_eight_times_at_once_is_scored_once(world, outreach):
    quiz = services.quiz_publish(outreach.a.quiz, actor=world.clerk_a, now=at(2020, 12, 1, 9))
    attempt = services.quiz_attempt_start(quiz=quiz, mobile="13812345678", name="张三", now=START)
    answer = {str(attempt.questions[0]): "C"}
    outcomes: list[str] = []

    def submit(n: int) -> None:
        try:
            services.quiz_attempt_submit(attempt, answers=answer, now=START + timedelta(minutes=n))
            outcomes.append("submitted")
        except ValidationError as exc:
            outcomes.append(" ".join(exc.messages))

    assert run_threads(8, submit) == []
    assert outcomes.count("submitted") == 1
    attempt.refresh_from_db()
    assert (attempt.correct, attempt.score) == (1, 100)
