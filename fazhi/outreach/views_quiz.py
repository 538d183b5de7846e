"""Back-office results of a quiz, on the quiz's page: the figures of its attempts, the attempts
best first, the share of residents answering each question right; the attempts and the
questions' figures exported to Excel. Mobile numbers stay masked here as on the attempts list."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from fazhi.core.access import get_for_user, perm_name, require_perm
from fazhi.core.excel import export_rows
from fazhi.core.formats import cn_duration
from fazhi.core.masking import mask_mobile
from fazhi.outreach import selectors
from fazhi.outreach.models import Quiz, QuizAttempt
from fazhi.outreach.services import SUBMIT_GRACE

# The quiz's page lists this many attempts; the attempts list and the export have them all.
RESULTS_SHOWN = 50


def attempt_state(attempt: QuizAttempt, now: datetime) -> str:
    """已交卷, 答题中 or 超时未交卷: whether the attempt can still be handed in."""
    if attempt.submitted_at is not None:
        return _("已交卷")
    return _("答题中") if now <= attempt.deadline + SUBMIT_GRACE else _("超时未交卷")


def _ranked(quiz: Quiz, attempts: Iterable[QuizAttempt], now: datetime) -> Iterator[dict[str, Any]]:
    """The attempts as the page and the export show them, numbered while handed in."""
    for number, attempt in enumerate(attempts, start=1):
        attempt.quiz = quiz  # one quiz for all, not read again per attempt
        handed_in = attempt.submitted_at is not None
        yield {
            "rank": number if handed_in else None,
            "attempt": attempt,
            "mobile": mask_mobile(attempt.mobile),
            "taken": cn_duration(attempt.taken) if handed_in else "",  # type: ignore[attr-defined]
            "state": attempt_state(attempt, now),
        }


def quiz_results(request: HttpRequest, quiz: Quiz) -> dict[str, Any]:
    """The ``results`` the quiz's page shows (outreach/quiz_detail.html), for those who may see
    the attempts: a bounded number of queries whatever the number of attempts."""
    user: Any = request.user
    if not user.has_perm(perm_name(QuizAttempt, "view")):
        return {}
    now = timezone.now()
    ranking = selectors.quiz_ranking(quiz)[:RESULTS_SHOWN]
    return {
        "results": {
            "summary": selectors.quiz_summary(quiz),
            "ranking": list(_ranked(quiz, ranking, now)),
            "shown": RESULTS_SHOWN,
            "questions": selectors.quiz_question_results(quiz),
            "attempts_url": f"{reverse('outreach:quizattempt_list')}?{urlencode({'quiz': quiz.pk})}",
            "attempts_export_url": reverse("outreach:quiz_attempts_export", args=[quiz.pk]),
            "questions_export_url": reverse("outreach:quiz_questions_export", args=[quiz.pk]),
        }
    }


def _quiz_for_export(request: HttpRequest, pk: int) -> Quiz:
    quiz: Quiz = get_for_user(Quiz, request.user, pk)
    require_perm(request.user, QuizAttempt, "view")
    return quiz


@login_required
@require_http_methods(["GET", "HEAD"])
def quiz_attempts_export(request: HttpRequest, pk: int) -> HttpResponse:
    """Every attempt of the quiz, best first, then those not handed in; audited."""
    quiz = _quiz_for_export(request, pk)
    attempts = selectors.quiz_ranking(quiz)
    rows = (
        [
            row["rank"],
            row["attempt"].name,
            row["mobile"],
            row["attempt"].started_at,
            row["attempt"].submitted_at,
            row["taken"],
            row["attempt"].correct,
            row["attempt"].score,
            row["state"],
        ]
        for row in _ranked(quiz, attempts.iterator(chunk_size=2000), timezone.now())
    )
    return export_rows(
        object_type=QuizAttempt._meta.label_lower,
        title=gettext_lazy("竞答成绩"),
        headers=[
            _("名次"),
            _("姓名"),
            _("手机号码"),
            _("开始答题时间"),
            _("交卷时间"),
            _("用时"),
            _("答对题数"),
            _("得分"),
            _("状态"),
        ],
        rows=rows,
        count=attempts.count(),
        filters={gettext_lazy("知识竞答"): quiz.title},
        actor=request.user,
        request=request,
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def quiz_questions_export(request: HttpRequest, pk: int) -> HttpResponse:
    """Each question drawn in the quiz with how the residents answered it; audited."""
    quiz = _quiz_for_export(request, pk)
    results = selectors.quiz_question_results(quiz)
    rows = (
        [
            number,
            r.question.get_kind_display(),
            r.question.stem,
            r.question.option_list(),
            r.question.answer,
            str(r.question.theme or ""),
            r.drawn,
            r.right,
            r.wrong,
            r.blank,
            r.share,
        ]
        for number, r in enumerate(results, start=1)
    )
    return export_rows(
        object_type=Quiz._meta.label_lower,
        title=gettext_lazy("竞答试题答对情况"),
        headers=[
            _("序号"),
            _("题型"),
            _("题干"),
            _("选项"),
            _("正确答案"),
            _("所属主题"),
            _("作答人次"),
            _("答对人次"),
            _("答错人次"),
            _("未作答人次"),
            _("答对率（%）"),
        ],
        rows=rows,
        count=len(results),
        filters={gettext_lazy("知识竞答"): quiz.title},
        actor=request.user,
    )


urlpatterns: list[URLPattern] = [
    path("quiz/<int:pk>/attempts/export/", quiz_attempts_export, name="quiz_attempts_export"),
    path("quiz/<int:pk>/questions/export/", quiz_questions_export, name="quiz_questions_export"),
]
