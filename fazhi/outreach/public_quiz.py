"""The public quiz pages (法律知识竞答): no account, made for a phone, working without script.

A resident sees the street's quizzes (open now, to come, closed with their ranking), takes part
with a name and a mobile number (once per number and quiz, kept by the database), answers the
questions drawn for the attempt and hands them in within the time limit. The server scores the
answers; only then does a page show the right answers, their explanations and the laws they rest
on: the answer sheet is built from the stems and options alone. The attempt belongs to the
browser that started it (its session): nobody else can hand it in or read its result. Names and
numbers appear masked (张某, 138****5678) on every public page. The portal's limit on anonymous
posts per address (``RequestLimitsMiddleware``) applies to starting and handing in.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from fazhi.core.formats import cn_duration
from fazhi.core.forms import add_service_error
from fazhi.core.masking import mask_mobile, mask_name
from fazhi.org.models import Street
from fazhi.outreach import selectors, services
from fazhi.outreach.forms import QuizStartForm
from fazhi.outreach.models import Quiz, QuizAttempt
from fazhi.portal import selectors as portal_selectors
from fazhi.portal.views import street_context

SECTION = "quiz"
# The attempts started in this browser, by quiz: {"<quiz pk>": <attempt pk>}.
SESSION_KEY = "outreach_quiz_attempts"
MAX_ID = 2**63 - 1
_READ = ["GET", "HEAD"]
_WRITE = ["GET", "HEAD", "POST"]


def _street(slug: str) -> Street:
    street = portal_selectors.portal_street(slug)
    if street is None:
        raise Http404
    return street


def _quiz(street: Street, pk: int) -> Quiz:
    quiz = selectors.public_quiz(street, pk) if pk <= MAX_ID else None
    if quiz is None:
        raise Http404
    return quiz


def _page(
    request: HttpRequest, street: Street, template: str, status: int = 200, **extra: Any
) -> HttpResponse:
    context = street_context(street, current=SECTION) | extra
    return render(request, f"outreach/{template}", context, status=status)


def _url(name: str, quiz: Quiz, street: Street) -> str:
    return reverse(f"quiz_public:{name}", kwargs={"slug": street.slug, "pk": quiz.pk})


def _bound_attempt(request: HttpRequest, quiz: Quiz) -> QuizAttempt | None:
    """The attempt at ``quiz`` this browser started, if any."""
    bound = request.session.get(SESSION_KEY)
    pk = bound.get(str(quiz.pk)) if isinstance(bound, dict) else None
    return selectors.public_attempt(quiz, pk) if isinstance(pk, int) else None


def _bind(request: HttpRequest, attempt: QuizAttempt) -> None:
    bound = request.session.get(SESSION_KEY)
    bound = dict(bound) if isinstance(bound, dict) else {}
    bound[str(attempt.quiz_id)] = attempt.pk
    request.session[SESSION_KEY] = bound


def _in_progress(attempt: QuizAttempt, now: datetime) -> bool:
    """Not handed in, and the time to hand it in (with the service's grace) not yet over."""
    return attempt.submitted_at is None and now <= attempt.deadline + services.SUBMIT_GRACE


def _phase(quiz: Quiz, now: datetime) -> str:
    if now < quiz.opens_at:
        return "upcoming"
    return "open" if now < quiz.closes_at else "closed"


def _who(attempt: QuizAttempt) -> dict[str, str]:
    return {"name": mask_name(attempt.name), "mobile": mask_mobile(attempt.mobile)}


@require_http_methods(_READ)
def index(request: HttpRequest, slug: str) -> HttpResponse:
    """The street's quizzes: open now, to come, and the latest closed ones."""
    street = _street(slug)
    quizzes = selectors.public_quizzes(street, timezone.now())
    return _page(request, street, "public_quiz_list.html", quizzes=quizzes)


@never_cache
@require_http_methods(_WRITE)
def detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A quiz's page: its rules, and while it is open the form to take part (name, mobile
    number, consent); the service draws the questions and keeps one attempt per number."""
    street = _street(slug)
    quiz = _quiz(street, pk)
    now = timezone.now()
    attempt = _bound_attempt(request, quiz)
    in_progress = attempt is not None and _in_progress(attempt, now)
    form = QuizStartForm(request.POST or None)
    if request.method == "POST":
        if in_progress:  # this browser is already answering: back to its sheet
            return HttpResponseRedirect(_url("sheet", quiz, street))
        if form.is_valid():
            try:
                attempt = services.quiz_attempt_start(
                    quiz=quiz,
                    mobile=form.cleaned_data["mobile"],
                    name=form.cleaned_data["name"],
                    now=now,
                )
            except ValidationError as exc:
                add_service_error(form, exc)
            else:
                _bind(request, attempt)
                return HttpResponseRedirect(_url("sheet", quiz, street))
    return _page(
        request,
        street,
        "public_quiz.html",
        status=400 if request.method == "POST" else 200,
        quiz=quiz,
        phase=_phase(quiz, now),
        form=form,
        attempt=attempt,
        in_progress=in_progress,
    )


@never_cache
@require_http_methods(_WRITE)
def answer_sheet(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The answer sheet of the attempt this browser started, and its handing in. The sheet
    shows stems and options only; the server scores what is handed in within the time."""
    street = _street(slug)
    quiz = _quiz(street, pk)
    attempt = _bound_attempt(request, quiz)
    if attempt is None:
        return HttpResponseRedirect(_url("detail", quiz, street))
    if attempt.submitted_at is not None:
        return HttpResponseRedirect(_url("result", quiz, street))
    now = timezone.now()
    if request.method == "POST":
        answers = {
            str(question): "".join(request.POST.getlist(f"q{question}"))[:10]
            for question in attempt.questions
        }
        try:
            services.quiz_attempt_submit(attempt, answers=answers, now=now)
        except ValidationError as exc:
            attempt.refresh_from_db()
            if attempt.submitted_at is not None:  # handed in twice: the first one counts
                return HttpResponseRedirect(_url("result", quiz, street))
            return _result(request, street, quiz, attempt, error=" ".join(exc.messages))
        return HttpResponseRedirect(_url("result", quiz, street))
    if not _in_progress(attempt, now):
        return HttpResponseRedirect(_url("result", quiz, street))
    deadline = attempt.deadline
    return _page(
        request,
        street,
        "public_quiz_attempt.html",
        quiz=quiz,
        sheet=selectors.attempt_sheet(attempt),
        who=_who(attempt),
        deadline=deadline,
        remaining=max(int((deadline - now).total_seconds()), 0),
    )


def _result(
    request: HttpRequest, street: Street, quiz: Quiz, attempt: QuizAttempt, error: str = ""
) -> HttpResponse:
    taken = attempt.submitted_at - attempt.started_at if attempt.submitted_at else None
    return _page(
        request,
        street,
        "public_quiz_result.html",
        status=400 if error else 200,
        quiz=quiz,
        attempt=attempt,
        who=_who(attempt),
        taken=cn_duration(taken),
        review=selectors.attempt_review(attempt),
        error=error,
    )


@never_cache
@require_http_methods(_READ)
def result(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The score of the attempt this browser handed in (or let run out of time), with each
    question's right answer, explanation and law."""
    street = _street(slug)
    quiz = _quiz(street, pk)
    attempt = _bound_attempt(request, quiz)
    if attempt is None:
        return HttpResponseRedirect(_url("detail", quiz, street))
    if _in_progress(attempt, timezone.now()):
        return HttpResponseRedirect(_url("sheet", quiz, street))
    return _result(request, street, quiz, attempt)


@require_http_methods(_READ)
def ranking(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The best attempts handed in, names and numbers masked."""
    street = _street(slug)
    quiz = _quiz(street, pk)
    now = timezone.now()
    rows = [
        {**_who(a), "score": a.score, "correct": a.correct, "taken": cn_duration(a.taken)}  # type: ignore[attr-defined]
        for a in selectors.public_ranking(quiz)
    ]
    return _page(
        request,
        street,
        "public_quiz_ranking.html",
        quiz=quiz,
        phase=_phase(quiz, now),
        rows=rows,
        size=selectors.RANKING_SIZE,
        summary=selectors.quiz_summary(quiz),
    )
