"""A quiz's results in the back office: on the quiz's page the figures of its attempts, the
attempts best first (numbers masked) and the share answering each question right, in a number
of queries that does not grow with the attempts; both exported to Excel, audited."""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from fazhi.audit.models import Action
from fazhi.outreach import services
from fazhi.outreach.models import Question, Quiz, QuizAttempt
from fazhi.outreach.testing import at, last_audit

pytestmark = pytest.mark.django_db

BASE = "/office/outreach"
START = at(2020, 12, 4, 9)


@pytest.fixture
def quiz(world, outreach) -> Quiz:
    """Street A's quiz with two questions drawn per attempt from a bank of two: the single
    choice of the fixture (answer C) and a true/false one (answer A)."""
    clerk, theme = world.clerk_a, outreach.a.themes["宪法"]
    services.question_create(street=world.a.street, actor=clerk, kind="true_false",
                             stem="宪法是国家的根本法。", options=["正确", "错误"], answer="A",
                             theme=theme)  # fmt: skip
    services.quiz_update(outreach.a.quiz, actor=clerk, question_count=2, themes=[theme])
    return services.quiz_publish(outreach.a.quiz, actor=clerk, now=at(2020, 12, 1, 9))


def take(quiz: Quiz, n: int, answers: dict[str, str] | None, minutes: int = 5) -> QuizAttempt:
    """Resident ``n`` starts at 9:00 + n minutes and, unless ``answers`` is None, hands in
    ``answers`` (by question: "single", "true_false") ``minutes`` later."""
    began = START + timedelta(minutes=n)
    attempt = services.quiz_attempt_start(
        quiz=quiz, mobile=f"1381234{n:04d}", name=f"居民{n}", now=began
    )
    if answers is not None:
        pks = dict(Question.objects.filter(pk__in=attempt.questions).values_list("kind", "pk"))
        sheet = {str(pks[kind]): letters for kind, letters in answers.items()}
        services.quiz_attempt_submit(attempt, answers=sheet, now=began + timedelta(minutes=minutes))
    return attempt


@pytest.fixture
def attempts(quiz):
    """Four handed in (100 in 4 minutes, 100 in 6, 50, 0 with a blank) and one never handed in."""
    take(quiz, 1, {"single": "C", "true_false": "A"}, minutes=6)
    take(quiz, 2, {"single": "C", "true_false": "A"}, minutes=4)
    take(quiz, 3, {"single": "A", "true_false": "A"})
    take(quiz, 4, {"single": "B"})
    take(quiz, 5, None)


def test_the_quiz_page_shows_its_results(world, quiz, attempts):
    with time_machine.travel(at(2020, 12, 4, 12), tick=False):
        response = world.client(world.clerk_a).get(f"{BASE}/quiz/{quiz.pk}/")
    assert response.status_code == 200
    results = response.context["results"]
    summary = results["summary"]
    assert (summary.started, summary.submitted, summary.not_submitted) == (5, 4, 1)
    assert (summary.average, summary.highest, summary.lowest) == (62.5, 100, 0)
    ranking = [(r["rank"], r["attempt"].name, r["taken"], r["state"]) for r in results["ranking"]]
    assert ranking == [
        (1, "居民2", "4分0秒", "已交卷"),
        (2, "居民1", "6分0秒", "已交卷"),
        (3, "居民3", "5分0秒", "已交卷"),
        (4, "居民4", "5分0秒", "已交卷"),
        (None, "居民5", "", "超时未交卷"),
    ]
    shares = {r.question.kind: (r.drawn, r.right, r.wrong, r.blank, r.share)
              for r in results["questions"]}  # fmt: skip
    assert shares == {"single": (4, 2, 2, 0, 50.0), "true_false": (4, 3, 0, 1, 75.0)}
    html = response.content.decode()
    assert "138****0001" in html and "13812340001" not in html
    assert '<dd id="quiz-average">62.5分</dd>' in html
    assert f"{BASE}/quiz/{quiz.pk}/attempts/export/" in html
    assert f"{BASE}/quiz/{quiz.pk}/questions/export/" in html


def test_an_attempt_still_running_is_shown_as_such(world, quiz):
    take(quiz, 1, None)
    with time_machine.travel(START + timedelta(minutes=5), tick=False):
        response = world.client(world.clerk_a).get(f"{BASE}/quiz/{quiz.pk}/")
    assert [r["state"] for r in response.context["results"]["ranking"]] == ["答题中"]
    assert response.context["results"]["questions"] == []
    assert "暂无交卷记录。" in response.content.decode()


def test_the_quiz_page_reads_the_same_number_of_times_whatever_the_attempts(world, quiz):
    client = world.client(world.clerk_a)
    url = f"{BASE}/quiz/{quiz.pk}/"
    client.get(url)  # the session and permissions cached
    take(quiz, 1, {"single": "C"})
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for n in range(2, 12):
        take(quiz, n, {"single": "C", "true_false": "B"})
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few) <= 25


def test_the_leader_reads_the_results_another_street_does_not(world, quiz, attempts):
    assert world.client(world.leader).get(f"{BASE}/quiz/{quiz.pk}/").context["results"]
    other = world.client(world.clerk_b)
    for url in ("", "attempts/export/", "questions/export/"):
        assert other.get(f"{BASE}/quiz/{quiz.pk}/{url}").status_code == 404
    auditor = world.client(world.auditor)
    assert auditor.get(f"{BASE}/quiz/{quiz.pk}/attempts/export/").status_code == 403


def _sheet(response) -> list[tuple]:
    assert response.status_code == 200
    return list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))


def test_the_attempts_export_lists_them_best_first_with_numbers_masked(world, quiz, attempts):
    with time_machine.travel(at(2020, 12, 4, 12), tick=False):
        rows = _sheet(world.client(world.clerk_a).get(f"{BASE}/quiz/{quiz.pk}/attempts/export/"))
    header = rows.index(next(r for r in rows if r and r[0] == "名次"))
    assert rows[header] == (
        "名次", "姓名", "手机号码", "开始答题时间", "交卷时间", "用时", "答对题数", "得分", "状态",
    )  # fmt: skip
    body = rows[header + 1 :]
    assert [(r[0], r[1], r[2], r[7]) for r in body] == [
        (1, "居民2", "138****0002", 100),
        (2, "居民1", "138****0001", 100),
        (3, "居民3", "138****0003", 50),
        (4, "居民4", "138****0004", 0),
        (None, "居民5", "138****0005", None),
    ]
    # A real Excel time, in local time.
    assert f"{body[0][3]:%Y-%m-%d %H:%M}" == "2020-12-04 09:02" and body[0][5] == "4分0秒"
    assert body[-1][8] == "超时未交卷"
    assert "13812340001" not in str(rows)
    entry = last_audit()
    assert (entry.action, entry.actor, entry.object_type) == (
        Action.EXPORT,
        world.clerk_a,
        "outreach.quizattempt",
    )
    assert entry.changes["count"] == 5


def test_the_questions_export_gives_each_questions_share(world, quiz, attempts):
    rows = _sheet(world.client(world.leader).get(f"{BASE}/quiz/{quiz.pk}/questions/export/"))
    header = next(i for i, r in enumerate(rows) if r and r[0] == "序号")
    assert rows[header][-5:] == ("作答人次", "答对人次", "答错人次", "未作答人次", "答对率（%）")
    body = {r[1]: r[4:] for r in rows[header + 1 :]}
    assert body["单选题"] == ("C", "《宪法》", 4, 2, 2, 0, 50)
    assert body["判断题"] == ("A", "《宪法》", 4, 3, 0, 1, 75)
    assert last_audit().action == Action.EXPORT and last_audit().actor == world.leader
