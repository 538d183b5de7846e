"""The public quiz pages as residents use them on a phone: the street's quizzes, taking part once
per mobile number, an answer sheet that never carries the answers, the server's score and time
limit, the attempt bound to the browser that started it, the portal's limit on posts, the
ranking with names and numbers masked."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.test import Client, override_settings

from fazhi.audit.models import Action, AuditEntry
from fazhi.core.models import RateCounter
from fazhi.outreach import services
from fazhi.outreach.models import Question, Quiz, QuizAttempt
from fazhi.outreach.testing import at, last_audit

pytestmark = pytest.mark.django_db

BASE = "/s/street-a/quiz"
NOW = at(2020, 12, 4, 9)
EXPLANATIONS = {
    "multiple": "纳税是公民的基本义务，不是基本权利。",
    "true_false": "宪法规定国家的根本制度和根本任务，具有最高的法律效力。",
}
LAWS = {"multiple": "《宪法》第三十四条、第四十六条", "true_false": "《宪法》序言"}


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def quiz(world, outreach) -> Quiz:
    """Street A's quiz open from 8:00 to 22:00 on 4 December 2020: three questions drawn from
    the 宪法 theme (single choice, multiple choice, true/false), ten minutes per attempt."""
    clerk, theme = world.clerk_a, outreach.a.themes["宪法"]
    services.question_update(
        outreach.a.question,
        actor=clerk,
        explanation="1982年宪法于12月4日通过；2014年起12月4日为国家宪法日。",
        law_reference="《全国人民代表大会常务委员会关于设立国家宪法日的决定》",
    )
    for kind, stem, options, answer in (
        ("multiple", "下列哪些属于公民的基本权利？", ["选举权", "受教育权", "纳税"], "AB"),
        ("true_false", "宪法是国家的根本法。", ["正确", "错误"], "A"),
    ):
        services.question_create(
            street=world.a.street,
            actor=clerk,
            kind=kind,
            stem=stem,
            options=options,
            answer=answer,
            explanation=EXPLANATIONS[kind],
            law_reference=LAWS[kind],
            theme=theme,
        )
    services.quiz_update(outreach.a.quiz, actor=clerk, question_count=3, themes=[theme])
    return services.quiz_publish(outreach.a.quiz, actor=clerk, now=at(2020, 12, 1, 9))


def start_form(**changes):
    return {"name": "张三丰", "mobile": "13812345678", "consent": "on", **changes}


def start(client: Client, **changes):
    return client.post(
        f"{BASE}/{Quiz.objects.get(street__slug='street-a').pk}/", start_form(**changes)
    )


def right_answers(attempt: QuizAttempt) -> dict[str, list[str]]:
    """The sheet's form fields answered right: q<pk> → the letters (several for 多选)."""
    keys = dict(Question.objects.filter(pk__in=attempt.questions).values_list("pk", "answer"))
    return {f"q{pk}": list(keys[pk]) for pk in attempt.questions}


def without_csrf(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


# --- the list and the quiz's page -------------------------------------------------------------


def test_the_portal_opens_the_quiz_section(world, quiz, anon):
    nav = anon.get("/s/street-a/").content.decode()
    assert f'<a href="{BASE}/">知识竞答</a>' in nav
    assert "尚未开放" not in nav  # no longer named among the sections not open yet


def test_the_list_shows_open_upcoming_and_closed_quizzes_of_the_street_only(
    world, outreach, quiz, anon
):
    clerk = world.clerk_a

    def make(title, opens, closes, publish=True):
        made = services.quiz_create(street=world.a.street, actor=clerk, title=title,
                                    opens_at=opens, closes_at=closes, question_count=1,
                                    time_limit_minutes=5)  # fmt: skip
        return services.quiz_publish(made, actor=clerk, now=at(2020, 1, 1)) if publish else made

    make("宪法宣传周竞答", at(2020, 12, 5, 8), at(2020, 12, 7, 20))
    closed = make("民法典宣传月竞答", at(2020, 5, 1, 8), at(2020, 5, 31, 20))
    make("未发布的竞答", at(2020, 12, 4, 8), at(2020, 12, 4, 20), publish=False)
    services.quiz_cancel(make("已取消的竞答", at(2020, 12, 4, 8), at(2020, 12, 4, 20)), actor=clerk)
    services.quiz_publish(outreach.b.quiz, actor=world.clerk_b, now=at(2020, 12, 1, 9))
    response = anon.get(f"{BASE}/")
    assert response.status_code == 200
    html = response.content.decode()
    running, coming, ended = (
        html.index("正在进行"),
        html.index("即将开始"),
        html.index("已经结束"),
    )
    assert running < html.index(quiz.title) < coming < html.index("宪法宣传周竞答") < ended
    assert ended < html.index("民法典宣传月竞答")
    assert f"{BASE}/{closed.pk}/ranking/" in html
    assert "未发布的竞答" not in html and "已取消的竞答" not in html
    assert outreach.b.quiz.title not in html
    assert "每人3道题，限时10分钟" in html


def test_drafts_cancelled_quizzes_and_other_streets_are_not_found(world, outreach, quiz, anon):
    draft = services.quiz_create(street=world.a.street, actor=world.clerk_a, title="草稿",
                                 opens_at=at(2020, 12, 4, 8), closes_at=at(2020, 12, 4, 20),
                                 question_count=1, time_limit_minutes=5)  # fmt: skip
    for pk in (draft.pk, outreach.b.quiz.pk, 2**70):
        for page in ("", "answer/", "result/", "ranking/"):
            assert anon.get(f"{BASE}/{pk}/{page}").status_code == 404
    assert anon.get(f"/s/nowhere/quiz/{quiz.pk}/").status_code == 404
    services.quiz_cancel(quiz, actor=world.clerk_a)
    assert anon.get(f"{BASE}/{quiz.pk}/").status_code == 404
    assert anon.post(f"{BASE}/{quiz.pk}/", start_form()).status_code == 404
    assert not QuizAttempt.objects.exists()


def test_the_quiz_page_states_its_rules_and_asks_for_name_mobile_and_consent(quiz, anon):
    response = anon.get(f"{BASE}/{quiz.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "2020年12月4日 08:00至2020年12月4日 22:00" in html
    assert "每人随机抽取3道题" in html and "10分钟" in html
    assert 'name="name"' in html and 'type="tel"' in html and 'name="consent"' in html
    assert "个人信息使用说明" in html and "138****5678" in html  # how the ranking shows a number
    assert response["Cache-Control"].startswith("max-age=0")


def test_wrong_methods_are_refused(quiz, anon):
    assert anon.post(f"{BASE}/").status_code == 405
    assert anon.post(f"{BASE}/{quiz.pk}/result/").status_code == 405
    assert anon.post(f"{BASE}/{quiz.pk}/ranking/").status_code == 405
    assert anon.delete(f"{BASE}/{quiz.pk}/").status_code == 405
    assert not QuizAttempt.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": "  "}, "name", "请填写姓名。"),
        ({"name": "张" * 31}, "name", "姓名不能超过30个字。"),
        ({"mobile": ""}, "mobile", "请填写手机号码。"),
        ({"mobile": "1381234567"}, "mobile", "请输入11位手机号码。"),
        ({"mobile": "23812345678"}, "mobile", "请输入11位手机号码。"),
        ({"mobile": "138123456789"}, "mobile", "请输入11位手机号码。"),
        ({"consent": ""}, "consent", "请阅读并勾选同意个人信息使用说明后再开始答题。"),
    ],
)
def test_bad_input_is_refused_in_chinese_and_nothing_is_written(
    quiz, anon, changes, field, message
):
    before = AuditEntry.objects.count()
    response = start(anon, **changes)
    assert response.status_code == 400
    assert response.context["form"].errors[field] == [message]
    assert message in response.content.decode()
    assert not QuizAttempt.objects.exists() and AuditEntry.objects.count() == before


def test_outside_its_window_the_quiz_cannot_be_started(quiz, anon, clock):
    clock.move_to(at(2020, 12, 4, 7, 30))
    response = anon.get(f"{BASE}/{quiz.pk}/")
    assert "竞答尚未开始，请于2020年12月4日 08:00以后再来参加。" in response.content.decode()
    assert 'name="mobile"' not in response.content.decode()
    assert start(anon).status_code == 400
    clock.move_to(at(2020, 12, 4, 22))
    response = anon.get(f"{BASE}/{quiz.pk}/")
    assert "本次竞答已结束" in response.content.decode()
    assert start(anon).status_code == 400
    assert not QuizAttempt.objects.exists()


# --- taking part ----------------------------------------------------------------------------------


def test_starting_draws_the_questions_and_binds_the_attempt_to_this_browser(quiz, anon):
    response = start(anon)
    assert response.status_code == 302 and response["Location"] == f"{BASE}/{quiz.pk}/answer/"
    attempt = QuizAttempt.objects.get()
    assert (attempt.quiz, attempt.name, attempt.mobile) == (quiz, "张三丰", "13812345678")
    assert sorted(attempt.questions) == sorted(
        Question.objects.filter(street=quiz.street).values_list("pk", flat=True)
    )
    entry = last_audit()
    assert (entry.action, entry.object_id, entry.actor) == (Action.CREATE, str(attempt.pk), None)
    assert entry.changes["after"]["name"] == "张某"
    assert entry.changes["after"]["mobile"] == "138****5678"
    # The quiz's page now leads back to the sheet, and a second start goes there too.
    page = anon.get(f"{BASE}/{quiz.pk}/").content.decode()
    assert "继续答题" in page and 'name="mobile"' not in page
    again = start(anon, mobile="13912345678")
    assert again["Location"] == f"{BASE}/{quiz.pk}/answer/" and QuizAttempt.objects.count() == 1


def test_the_answer_sheet_never_carries_the_answers(quiz, anon):
    start(anon)
    attempt = QuizAttempt.objects.get()
    response = anon.get(f"{BASE}/{quiz.pk}/answer/")
    assert response.status_code == 200
    html = response.content.decode()
    drawn = Question.objects.filter(pk__in=attempt.questions)
    for question in drawn:
        assert question.stem in html
        assert question.explanation not in html and question.law_reference not in html
    assert html.count('type="radio"') == 3 + 2 and html.count('type="checkbox"') == 3
    assert "正确答案" not in html and "解析" not in html and "法律依据" not in html
    assert "张某" in html and "138****5678" in html and "张三丰" not in html
    # The page is the same whatever the answers are: nothing of them reaches the browser.
    for question in drawn:
        other = "A" if question.answer != "A" else "B"
        if question.kind == Question.Kind.MULTIPLE:
            other = "BC"
        Question.objects.filter(pk=question.pk).update(answer=other, explanation="另一解析")
    again = anon.get(f"{BASE}/{quiz.pk}/answer/").content.decode()
    assert without_csrf(again) == without_csrf(html)
    # And the result is not shown before the sheet is handed in.
    early = anon.get(f"{BASE}/{quiz.pk}/result/")
    assert early.status_code == 302 and early["Location"] == f"{BASE}/{quiz.pk}/answer/"


def test_the_sheet_states_the_time_by_which_to_hand_in(quiz, anon, clock):
    start(anon)
    clock.move_to(NOW + timedelta(minutes=4))
    html = anon.get(f"{BASE}/{quiz.pk}/answer/").content.decode()
    assert "共3道题，请于2020年12月4日 09:10前交卷。" in html
    assert 'data-remaining="360"' in html
    assert '<script src="/static/outreach/quiz.js" defer></script>' in html


def test_the_server_scores_the_sheet_and_then_shows_the_answers(quiz, anon, clock):
    start(anon)
    attempt = QuizAttempt.objects.get()
    answers = right_answers(attempt)
    multiple = Question.objects.get(pk__in=attempt.questions, kind="multiple")
    answers[f"q{multiple.pk}"] = ["A"]  # one of two right options: wrong
    answers["score"] = "100"  # whatever a page sends, the server counts
    clock.move_to(NOW + timedelta(minutes=6, seconds=30))
    response = anon.post(f"{BASE}/{quiz.pk}/answer/", answers)
    assert response.status_code == 302 and response["Location"] == f"{BASE}/{quiz.pk}/result/"
    attempt.refresh_from_db()
    assert (attempt.correct, attempt.score) == (2, 67)
    assert attempt.answers[str(multiple.pk)] == "A"
    assert attempt.submitted_at == NOW + timedelta(minutes=6, seconds=30)
    entry = last_audit()
    assert (entry.action, entry.object_id) == (Action.UPDATE, str(attempt.pk))
    assert entry.changes["after"]["score"] == 67
    html = anon.get(f"{BASE}/{quiz.pk}/result/").content.decode()
    assert '<strong class="quiz-points" id="quiz-score">67分</strong>' in html
    assert "2题（共3题）" in html and "6分30秒" in html
    assert "正确答案：AB；您的答案：A" in html and "回答错误" in html
    for kind in ("multiple", "true_false"):
        assert EXPLANATIONS[kind] in html and LAWS[kind] in html
    # Handed in again: the first sheet counts, nothing is written.
    before = AuditEntry.objects.count()
    again = anon.post(f"{BASE}/{quiz.pk}/answer/", right_answers(attempt))
    assert again.status_code == 302 and again["Location"] == f"{BASE}/{quiz.pk}/result/"
    attempt.refresh_from_db()
    assert attempt.score == 67 and AuditEntry.objects.count() == before
    assert anon.get(f"{BASE}/{quiz.pk}/answer/")["Location"] == f"{BASE}/{quiz.pk}/result/"


def test_a_sheet_handed_in_after_the_time_limit_is_refused_and_not_scored(quiz, anon, clock):
    start(anon)
    attempt = QuizAttempt.objects.get()
    # Ten minutes and the service's minute of grace for the network: then it is too late.
    clock.move_to(NOW + timedelta(minutes=11, seconds=1))
    before = AuditEntry.objects.count()
    response = anon.post(f"{BASE}/{quiz.pk}/answer/", right_answers(attempt))
    assert response.status_code == 400
    html = response.content.decode()
    assert "已超过答题时限，本次作答未能提交。" in html
    assert "未在答题时限内交卷，本次答题不计成绩。" in html
    attempt.refresh_from_db()
    assert (attempt.submitted_at, attempt.score) == (None, None)
    assert AuditEntry.objects.count() == before
    # The sheet is closed; the result page explains, with the answers to learn from.
    assert anon.get(f"{BASE}/{quiz.pk}/answer/")["Location"] == f"{BASE}/{quiz.pk}/result/"
    assert EXPLANATIONS["true_false"] in anon.get(f"{BASE}/{quiz.pk}/result/").content.decode()


def test_a_sheet_handed_in_within_the_grace_counts(quiz, anon, clock):
    start(anon)
    attempt = QuizAttempt.objects.get()
    clock.move_to(NOW + timedelta(minutes=10, seconds=50))
    assert anon.post(f"{BASE}/{quiz.pk}/answer/", right_answers(attempt)).status_code == 302
    attempt.refresh_from_db()
    assert attempt.score == 100


def test_a_second_start_with_the_same_number_is_refused(quiz, anon):
    assert start(anon).status_code == 302
    other_browser = Client()
    before = AuditEntry.objects.count()
    response = start(other_browser, name="李四")
    assert response.status_code == 400
    assert response.context["form"].errors["mobile"] == [
        "该手机号码已参加过本次竞答，每个号码只能参加一次。"
    ]
    assert "该手机号码已参加过本次竞答，每个号码只能参加一次。" in response.content.decode()
    assert QuizAttempt.objects.count() == 1 and AuditEntry.objects.count() == before
    # Another number is welcome.
    assert start(other_browser, mobile="13912345678").status_code == 302
    assert QuizAttempt.objects.count() == 2


def test_another_browser_can_neither_hand_in_nor_read_the_attempt(quiz, anon):
    start(anon)
    attempt = QuizAttempt.objects.get()
    stranger = Client()
    response = stranger.post(f"{BASE}/{quiz.pk}/answer/", right_answers(attempt))
    assert response.status_code == 302 and response["Location"] == f"{BASE}/{quiz.pk}/"
    attempt.refresh_from_db()
    assert attempt.submitted_at is None
    for page in ("answer/", "result/"):
        assert stranger.get(f"{BASE}/{quiz.pk}/{page}")["Location"] == f"{BASE}/{quiz.pk}/"
    # A session naming an attempt of another quiz does not open this one.
    session = stranger.session
    session["outreach_quiz_attempts"] = {str(quiz.pk + 1): attempt.pk, "x": "y"}
    session.save()
    assert stranger.get(f"{BASE}/{quiz.pk}/answer/")["Location"] == f"{BASE}/{quiz.pk}/"


# --- the limit on posts ---------------------------------------------------------------------------


@override_settings(FAZHI_PUBLIC_POSTS_PER_HOUR=2)
def test_starting_is_limited_per_address(quiz, anon):
    assert start(anon).status_code == 302
    before = AuditEntry.objects.count()
    statuses = [start(Client(), mobile=f"1391234567{n}").status_code for n in range(2)]
    assert statuses == [302, 429]
    refused = start(Client(), mobile="13700000000")
    assert refused.status_code == 429
    assert "提交过于频繁" in refused.content.decode()
    assert QuizAttempt.objects.count() == 2 and AuditEntry.objects.count() == before + 1
    # Another address may still take part; reading is never limited.
    assert start(Client(REMOTE_ADDR="10.0.0.9"), mobile="13700000000").status_code == 302
    assert anon.get(f"{BASE}/{quiz.pk}/ranking/").status_code == 200
    assert RateCounter.objects.get(key="127.0.0.1").count == 4


@override_settings(FAZHI_PUBLIC_POSTS_PER_HOUR=1)
def test_handing_in_is_limited_per_address(quiz, anon):
    assert start(anon).status_code == 302
    attempt = QuizAttempt.objects.get()
    response = anon.post(f"{BASE}/{quiz.pk}/answer/", right_answers(attempt))
    assert response.status_code == 429 and "提交过于频繁" in response.content.decode()
    attempt.refresh_from_db()
    assert (attempt.submitted_at, attempt.score) == (None, None)


# --- the ranking ----------------------------------------------------------------------------------


def test_the_ranking_lists_the_best_with_names_and_numbers_masked(quiz, anon):
    def take(name, mobile, right, minutes):
        attempt = services.quiz_attempt_start(quiz=quiz, mobile=mobile, name=name, now=NOW)
        answers = {k[1:]: "".join(v) for k, v in right_answers(attempt).items()}
        if not right:
            answers = {}
        services.quiz_attempt_submit(attempt, answers=answers, now=NOW + timedelta(minutes=minutes))

    take("王小明", "13611112222", right=True, minutes=7)
    take("欧阳娜娜", "13733334444", right=True, minutes=3)
    take("赵六", "13855556666", right=False, minutes=1)
    services.quiz_attempt_start(quiz=quiz, mobile="13977778888", name="孙七", now=NOW)
    response = anon.get(f"{BASE}/{quiz.pk}/ranking/")
    assert response.status_code == 200
    html = response.content.decode()
    rows = re.findall(r"<tr><td class=\"num\">(\d+)</td><td>([^<]+)</td><td>([^<]+)</td>", html)
    assert rows == [
        ("1", "欧阳某", "137****4444"),  # 100 in 3 minutes (the compound surname kept)
        ("2", "王某", "136****2222"),  # 100 in 7 minutes
        ("3", "赵某", "138****6666"),  # 0
    ]
    for full in ("王小明", "欧阳娜娜", "赵六", "孙七", "13611112222", "13733334444", "孙某"):
        assert full not in html
    assert "共3人交卷，平均得分66.7分。" in html


def test_the_quiz_pages_load_nothing_from_other_hosts_and_run_no_inline_script(quiz, anon):
    start(anon)
    pages = [f"{BASE}/", f"{BASE}/{quiz.pk}/", f"{BASE}/{quiz.pk}/answer/"]
    pages += [f"{BASE}/{quiz.pk}/ranking/"]
    for url in pages:
        html = anon.get(url).content.decode()
        assert re.findall(r"<script(?![^>]*\bsrc=\"/static/)[^>]*>", html) == [], url
        assert "http://" not in html and "https://" not in html, url
        assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
