"""Back-office pages of law education and publicity: success, database, audit row; wrong method,
another street's record, read-only role, bad input; exports following the filters; an
activity's photos and consultations; the FAQ's and the quizzes' state changes."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from fazhi.audit.models import Action, AuditEntry
from fazhi.legal_services.models import Consultation, Topic
from fazhi.legal_services.services import registry as legal_services
from fazhi.outreach.models import (
    Activity,
    ActivityPhoto,
    FaqEntry,
    PublicityItem,
    Question,
    Quiz,
)
from fazhi.outreach.testing import at, last_audit, png_bytes

pytestmark = pytest.mark.django_db

BASE = "/office/outreach"
MODELS = {
    "theme": lambda o: o.themes["宪法"].pk,
    "responsibilityitem": lambda o: o.item.pk,
    "keydate": lambda o: o.key_date.pk,
    "activity": lambda o: o.activity.pk,
    "publicityitem": lambda o: o.publicity.pk,
    "mediawork": lambda o: o.work.pk,
    "recognition": lambda o: o.recognition.pk,
    "faqentry": lambda o: o.faq.pk,
    "question": lambda o: o.question.pk,
    "quiz": lambda o: o.quiz.pk,
}


@pytest.mark.parametrize("model", MODELS)
def test_pages_open_for_the_office_and_list_only_own_street(world, outreach, anon, model):
    client = world.client(world.clerk_a)
    own, other = MODELS[model](outreach.a), MODELS[model](outreach.b)
    response = client.get(f"{BASE}/{model}/")
    assert response.status_code == 200
    listed = {obj.pk for obj, _values in response.context["rows"]}
    assert own in listed and other not in listed
    for suffix in ("", "edit/"):
        assert client.get(f"{BASE}/{model}/{own}/{suffix}").status_code == 200
    assert client.get(f"{BASE}/{model}/new/").status_code == 200
    login = anon.get(f"{BASE}/{model}/")
    assert login.status_code == 302 and "/accounts/login/" in login["Location"]
    assert world.client(world.auditor).get(f"{BASE}/{model}/").status_code == 403


@pytest.mark.parametrize("model", MODELS)
def test_another_streets_record_is_404_and_untouched(world, outreach, model):
    client = world.client(world.clerk_b)
    other = MODELS[model](outreach.a)
    for suffix in ("", "edit/", "delete/"):
        assert client.get(f"{BASE}/{model}/{other}/{suffix}").status_code == 404
    before = AuditEntry.objects.count()
    assert client.post(f"{BASE}/{model}/{other}/delete/").status_code == 404
    assert client.post(f"{BASE}/{model}/{other}/edit/", {"title": "改"}).status_code == 404
    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize("model", MODELS)
def test_read_only_leader_sees_but_cannot_write(world, outreach, model):
    client = world.client(world.leader)
    own = MODELS[model](outreach.a)
    assert client.get(f"{BASE}/{model}/{own}/").status_code == 200
    assert client.get(f"{BASE}/{model}/new/").status_code == 403
    assert client.get(f"{BASE}/{model}/{own}/edit/").status_code == 403
    response = client.post(f"{BASE}/{model}/{own}/delete/")
    assert response.status_code == 403 and "无权" in response.content.decode()


@pytest.mark.parametrize("model", [*MODELS, "quizattempt"])
def test_every_list_exports_to_excel(world, outreach, model):
    response = world.client(world.clerk_a).get(f"{BASE}/{model}/", {"format": "xlsx"})
    assert response.status_code == 200
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows and all(rows[0]) and last_audit().action == Action.EXPORT


def test_question_export_lists_the_options(world, outreach):
    response = world.client(world.clerk_a).get(f"{BASE}/question/", {"format": "xlsx"})
    text = str(list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True)))
    assert "C．12月4日" in text


def test_wrong_method_is_405(world, outreach):
    client = world.client(world.clerk_a)
    assert client.post(f"{BASE}/activity/").status_code == 405
    assert client.get(f"{BASE}/faqentry/{outreach.a.faq.pk}/retire/").status_code == 405
    assert client.get(f"{BASE}/quiz/{outreach.a.quiz.pk}/publish/").status_code == 405
    assert client.get(f"{BASE}/keydate/standard/").status_code == 405


def _activity_form(outreach, **changes):
    data = {
        "title": "“6·26”禁毒知识讲座",
        "kind": "lecture",
        "status": "held",
        "held_on": "2020-06-22",
        "department": outreach.a.department.pk,
        "themes": [outreach.a.themes["国家安全法"].pk],
        "headcount": "70",
        "materials": "0",
    }
    return {**data, **changes}


def test_department_staff_record_an_activity(world, outreach):
    response = world.client(world.staff_a).post(f"{BASE}/activity/new/", _activity_form(outreach))
    activity = Activity.objects.get(title="“6·26”禁毒知识讲座")
    assert response.status_code == 302 and response["Location"] == f"{BASE}/activity/{activity.pk}/"
    assert (activity.street, activity.headcount) == (world.a.street, 70)
    entry = last_audit()
    assert (entry.action, entry.object_id, entry.actor) == (
        Action.CREATE,
        str(activity.pk),
        world.staff_a,
    )


def test_bad_activity_is_refused_with_the_reason_and_nothing_written(world, outreach):
    client = world.client(world.clerk_a)
    before = (Activity.objects.count(), AuditEntry.objects.count())
    held_no_count = client.post(f"{BASE}/activity/new/", _activity_form(outreach, headcount=""))
    assert held_no_count.status_code == 400
    assert "已开展的活动请填写参与人数" in held_no_count.content.decode()
    other_theme = client.post(
        f"{BASE}/activity/new/",
        _activity_form(outreach, themes=[outreach.b.themes["宪法"].pk]),
    )
    assert other_theme.status_code == 400
    assert (Activity.objects.count(), AuditEntry.objects.count()) == before


def test_activity_list_export_follows_its_filters(world, outreach):
    client = world.client(world.clerk_a)
    client.post(
        f"{BASE}/activity/new/", _activity_form(outreach, kind="market_day", materials="40")
    )
    response = client.get(f"{BASE}/activity/", {"kind": "market_day", "format": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    titles = [row[1] for row in sheet.iter_rows(values_only=True)]
    assert "“6·26”禁毒知识讲座" in titles and outreach.a.activity.title not in titles
    assert last_audit().action == Action.EXPORT


def test_photo_uploaded_shown_and_removed(world, outreach, media):
    client = world.client(world.clerk_a)
    activity = outreach.a.activity
    url = f"{BASE}/activity/{activity.pk}/photos/new/"
    bad = client.post(url, {"file": SimpleUploadedFile("a.png", b"GIF89a not a png")})
    assert bad.status_code == 400 and "只能是JPG、PNG或HEIC" in bad.content.decode()
    assert not ActivityPhoto.objects.exists()
    done = client.post(
        url, {"file": SimpleUploadedFile("讲座.png", png_bytes()), "caption": "现场"}
    )
    assert done.status_code == 302
    photo = ActivityPhoto.objects.get()
    page = client.get(f"{BASE}/activity/{activity.pk}/").content.decode()
    assert f"{BASE}/activityphoto/{photo.pk}/file/?inline=1" in page
    shown = client.get(f"{BASE}/activityphoto/{photo.pk}/file/", {"inline": "1"})
    assert shown.status_code == 200 and shown["Content-Disposition"] == "inline"
    assert (
        world.client(world.clerk_b).get(f"{BASE}/activityphoto/{photo.pk}/file/").status_code == 404
    )
    assert (
        world.client(world.leader).post(f"{BASE}/activityphoto/{photo.pk}/delete/").status_code
        == 403
    )
    assert client.post(f"{BASE}/activityphoto/{photo.pk}/delete/").status_code == 302
    assert not ActivityPhoto.objects.exists() and last_audit().action == Action.DELETE


def test_consultations_of_the_day_are_linked_on_the_activity_page(world, legal, outreach):
    activity = outreach.a.activity  # 2020年6月3日
    same_day = legal_services.consultation_create(
        street=world.a.street,
        actor=world.clerk_a,
        occurred_at=at(2020, 6, 3, 10),
        channel=Consultation.Channel.ONSITE,
        topic=Topic.LABOUR,
        question="工资被拖欠怎么办？",
    )
    legal_services.consultation_create(
        street=world.a.street,
        actor=world.clerk_a,
        occurred_at=at(2020, 6, 2, 10),
        channel=Consultation.Channel.ONSITE,
        topic=Topic.LABOUR,
        question="前一天的咨询",
    )
    client = world.client(world.clerk_a)
    url = f"{BASE}/activity/{activity.pk}/consultations/"
    page = client.get(url)
    assert page.status_code == 200
    assert [c.pk for c in page.context["choices"]] == [same_day.pk]
    assert client.post(url, {"consultations": [same_day.pk]}).status_code == 302
    assert list(activity.consultations.all()) == [same_day]
    detail = client.get(f"{BASE}/activity/{activity.pk}/").content.decode()
    assert f"/office/legal-services/consultation/{same_day.pk}/" in detail
    # Department staff may not read consultations: no page to pick them.
    assert world.client(world.staff_a).get(url).status_code == 403


def test_publicity_push_to_a_group_needs_the_group(world, outreach):
    response = world.client(world.clerk_a).post(
        f"{BASE}/publicityitem/new/",
        {"published_on": "2020-05-01", "channel": "wechat_group", "title": "民法典要点"},
    )
    assert response.status_code == 400 and "请选择微信群" in response.content.decode()
    assert PublicityItem.objects.count() == 2


def test_question_typed_option_by_option(world, outreach):
    client = world.client(world.clerk_a)
    data = {
        "kind": "multiple",
        "stem": "《禁毒法》所称毒品包括：",
        "option_a": "鸦片",
        "option_b": "海洛因",
        "option_c": "冰毒",
        "correct": ["A", "C"],
        "in_use": "on",
    }
    gap = client.post(f"{BASE}/question/new/", {**data, "option_b": ""})
    assert gap.status_code == 400 and "中间不能空缺" in gap.content.decode()
    single = client.post(f"{BASE}/question/new/", {**data, "kind": "single"})
    assert single.status_code == 400 and "只有一个选项" in single.content.decode()
    assert client.post(f"{BASE}/question/new/", data).status_code == 302
    question = Question.objects.get(stem="《禁毒法》所称毒品包括：")
    assert (question.options, question.answer) == (["鸦片", "海洛因", "冰毒"], "AC")
    edit = client.get(f"{BASE}/question/{question.pk}/edit/").content.decode()
    assert 'value="海洛因"' in edit


def test_faq_published_and_retired_from_its_page(world, outreach):
    client = world.client(world.clerk_a)
    entry = outreach.a.faq
    page = client.get(f"{BASE}/faqentry/{entry.pk}/").content.decode()
    assert f"{BASE}/faqentry/{entry.pk}/retire/" in page
    assert client.post(f"{BASE}/faqentry/{entry.pk}/retire/").status_code == 302
    entry.refresh_from_db()
    assert entry.status == FaqEntry.Status.RETIRED and last_audit().action == Action.TRANSITION
    again = client.post(f"{BASE}/faqentry/{entry.pk}/retire/", follow=True)
    assert "只有已发布的问题可以停用" in again.content.decode()
    assert (
        world.client(world.leader).post(f"{BASE}/faqentry/{entry.pk}/publish/").status_code == 403
    )
    assert (
        world.client(world.clerk_b).post(f"{BASE}/faqentry/{entry.pk}/publish/").status_code == 404
    )


def test_quiz_published_from_its_page_and_its_attempts_listed_masked(world, outreach):
    from fazhi.outreach import services

    client = world.client(world.clerk_a)
    quiz = outreach.a.quiz
    services.quiz_update(
        quiz, actor=world.clerk_a, opens_at=at(2999, 1, 1, 8), closes_at=at(2999, 1, 1, 20)
    )
    assert client.post(f"{BASE}/quiz/{quiz.pk}/publish/").status_code == 302
    quiz.refresh_from_db()
    assert quiz.status == Quiz.Status.PUBLISHED
    attempt = services.quiz_attempt_start(
        quiz=quiz, mobile="13812345678", name="张三", now=at(2999, 1, 1, 9)
    )
    listed = client.get(f"{BASE}/quizattempt/", {"quiz": quiz.pk}).content.decode()
    assert "138****5678" in listed and "13812345678" not in listed
    assert client.get(f"{BASE}/quizattempt/{attempt.pk}/").status_code == 200
    assert client.get(f"{BASE}/quizattempt/new/").status_code == 404


def test_coverage_shows_which_listed_laws_had_activities(
    world, outreach, django_assert_max_num_queries
):
    from fazhi.outreach import services

    services.responsibility_item_create(
        street=world.a.street,
        actor=world.clerk_a,
        year=2020,
        department=outreach.a.department,
        theme=outreach.a.themes["国家安全法"],
        content="总体国家安全观。",
    )
    client = world.client(world.leader)
    with django_assert_max_num_queries(12):
        response = client.get(f"{BASE}/responsibilityitem/coverage/", {"year": "2020"})
    assert response.status_code == 200
    rows = {row.item.theme.name: row for row in response.context["rows"]}
    assert set(rows) == {"《宪法》", "《国家安全法》"}  # street A's list only
    assert (rows["《宪法》"].activities, rows["《宪法》"].by_department) == (1, 1)
    assert rows["《宪法》"].covered and not rows["《国家安全法》"].covered
    assert (response.context["covered"], response.context["uncovered"]) == (1, 1)
    assert "未开展" in response.content.decode()
    other_year = client.get(f"{BASE}/responsibilityitem/coverage/", {"year": "2021"})
    assert other_year.context["rows"] == []
    assert (
        world.client(world.auditor).get(f"{BASE}/responsibilityitem/coverage/").status_code == 403
    )


def test_calendar_lists_each_key_date_with_what_was_planned_and_done(world, outreach):
    from fazhi.outreach import services

    client = world.client(world.clerk_a)
    assert client.post(f"{BASE}/keydate/standard/").status_code == 302
    services.activity_create(
        street=world.a.street,
        actor=world.clerk_a,
        title="宪法日宣传",
        kind="theme_day",
        status="planned",
        held_on=date(2020, 12, 4),
        department=outreach.a.department,
        themes=[outreach.a.themes["宪法"]],
        key_date=outreach.a.key_date,
    )
    response = client.get(f"{BASE}/keydate/calendar/", {"year": "2020"})
    assert response.status_code == 200
    rows = {row.key_date.name: row for row, _due in response.context["rows"]}
    assert list(rows) == [
        "全民国家安全教育日",
        "民法典宣传月",
        "国际禁毒日",
        "宪法宣传周",
        "国家宪法日",
    ]
    assert [a.title for a in rows["国家宪法日"].planned] == ["宪法日宣传"]
    assert rows["国际禁毒日"].activities == []
