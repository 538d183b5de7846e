"""Writes on law education and publicity: each service audits what it writes, and refuses bad
input with a Chinese message, writing nothing."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from fazhi.audit.models import Action, AuditEntry
from fazhi.legal_services.models import Consultation, Topic
from fazhi.legal_services.services import registry as legal_services
from fazhi.outreach import services
from fazhi.outreach.models import (
    Activity,
    ActivityPhoto,
    FaqEntry,
    KeyDate,
    MediaWork,
    PublicityItem,
    Question,
    Quiz,
    QuizAttempt,
)
from fazhi.outreach.testing import MP4, at, last_audit, png_bytes

pytestmark = pytest.mark.django_db


def _refused(call, message: str, *models) -> None:
    """``call`` raises a ValidationError saying ``message`` and writes no record and no audit row."""
    counts = [m.objects.count() for m in models]
    audit = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as caught:
        call()
    assert message in " ".join(caught.value.messages)
    assert [m.objects.count() for m in models] == counts
    assert AuditEntry.objects.count() == audit


def _activity(world, outreach, **fields):
    base = {
        "street": world.a.street,
        "actor": world.clerk_a,
        "title": "《民法典》讲座",
        "kind": Activity.Kind.LECTURE,
        "held_on": date(2020, 7, 1),
        "department": outreach.a.department,
        "themes": [outreach.a.themes["民法典"]],
        "headcount": 40,
    }
    return services.activity_create(**{**base, **fields})


# --- activities ----------------------------------------------------------------------------------


def test_activity_is_audited_with_its_themes(world, outreach):
    activity = _activity(world, outreach, materials=20)
    entry = last_audit()
    assert (entry.action, entry.object_id, entry.actor) == (
        Action.CREATE,
        str(activity.pk),
        world.clerk_a,
    )
    assert entry.changes["after"]["themes"] == [outreach.a.themes["民法典"].pk]
    assert entry.changes["after"]["materials"] == 20


def test_activity_refuses_bad_input_and_writes_nothing(world, outreach):
    _refused(
        lambda: _activity(world, outreach, held_on=date(2999, 1, 1)),
        "已开展活动的活动日期不能晚于今天",
        Activity,
    )
    _refused(lambda: _activity(world, outreach, headcount=None), "请填写参与人数", Activity)
    _refused(lambda: _activity(world, outreach, themes=[]), "请至少选择一个普法主题", Activity)
    _refused(
        lambda: _activity(world, outreach, themes=[outreach.b.themes["民法典"]]),
        "不属于本街道",
        Activity,
    )
    _refused(
        lambda: _activity(world, outreach, department=outreach.b.department),
        "所选组织部门不属于本街道",
        Activity,
    )
    _refused(
        lambda: _activity(world, outreach, quiz=outreach.a.quiz),
        "只有线上竞答活动才关联知识竞答",
        Activity,
    )
    _refused(lambda: _activity(world, outreach, place_of_birth="x"), "不能直接填写", Activity)


def test_planned_activity_needs_no_headcount_and_is_not_held(world, outreach):
    planned = _activity(
        world, outreach, status=Activity.Status.PLANNED, held_on=date(2999, 12, 4), headcount=None
    )
    assert planned.status == Activity.Status.PLANNED
    _refused(
        lambda: services.activity_update(planned, actor=world.clerk_a, status="held"),
        "不能晚于今天",
        Activity,
    )


def _consultation(world, legal, when):
    return legal_services.consultation_create(
        street=world.a.street,
        actor=world.clerk_a,
        occurred_at=when,
        channel=Consultation.Channel.ONSITE,
        topic=Topic.CONTRACT,
        question="买卖合同违约怎么办？",
        lawyer=legal.lawyer_a,
    )


def test_consultations_of_the_activity_day_only(world, legal, outreach):
    activity = outreach.a.activity  # 2020年6月3日
    same_day = _consultation(world, legal, at(2020, 6, 3, 23, 30))  # late evening, local time
    other_day = _consultation(world, legal, at(2020, 6, 4, 0, 10))
    services.activity_consultations_set(activity, consultations=[same_day], actor=world.clerk_a)
    assert list(activity.consultations.all()) == [same_day]
    assert last_audit().changes["after"] == {"consultations": [same_day.pk]}
    _refused(
        lambda: services.activity_consultations_set(
            activity, consultations=[same_day, other_day], actor=world.clerk_a
        ),
        "不是活动当天（2020年6月3日）的咨询",
        Activity,
    )
    assert list(activity.consultations.all()) == [same_day]
    # Moving the activity to another day is refused while its consultations are of this one.
    _refused(
        lambda: services.activity_update(activity, actor=world.clerk_a, held_on=date(2020, 6, 5)),
        "不是活动当天",
        Activity,
    )


def test_photo_is_checked_by_content_and_fingerprinted(world, outreach, media):
    activity = outreach.a.activity
    photo = services.activity_photo_add(
        activity=activity,
        file=SimpleUploadedFile("讲座.jpg", png_bytes(), "image/jpeg"),
        caption="讲座现场",
        actor=world.clerk_a,
    )
    assert photo.content_type == "image/png" and len(photo.sha256) == 64
    assert photo.file.name.endswith(".png") and "讲座" not in photo.file.name
    assert last_audit().object_id == str(photo.pk)
    _refused(
        lambda: services.activity_photo_add(
            activity=activity,
            file=SimpleUploadedFile("照片.png", b"<html>not a picture</html>", "image/png"),
            actor=world.clerk_a,
        ),
        "活动照片只能是JPG、PNG或HEIC格式的图片",
        ActivityPhoto,
    )
    services.activity_photo_remove(photo, actor=world.clerk_a)
    assert not ActivityPhoto.objects.exists()
    assert last_audit().action == Action.DELETE


# --- publicity items ---------------------------------------------------------------------------


def test_push_to_a_group_needs_the_group_and_falls_within_its_life(world, legal, outreach):
    group = legal_services.wechat_group_create(
        street=world.a.street,
        actor=world.clerk_a,
        name="甲街法律服务群",
        lawyer=legal.lawyer_a,
        created_on=date(2019, 6, 1),
    )
    base = {
        "street": world.a.street,
        "actor": world.clerk_a,
        "title": "民法典要点",
        "kind": PublicityItem.Kind.LAW,
        "today": date(2020, 9, 28),
    }
    channel = PublicityItem.Channel.WECHAT_GROUP
    _refused(
        lambda: services.publicity_item_create(
            **base, published_on=date(2020, 5, 1), channel=channel
        ),
        "渠道为微信群时请选择微信群",
        PublicityItem,
    )
    _refused(
        lambda: services.publicity_item_create(
            **base, published_on=date(2019, 1, 1), channel=channel, group=group
        ),
        "不能早于该群的建群日期（2019年6月1日）",
        PublicityItem,
    )
    _refused(
        lambda: services.publicity_item_create(
            **base, published_on=date(2020, 10, 1), channel=PublicityItem.Channel.WEIBO
        ),
        "日期不能晚于今天",
        PublicityItem,
    )
    _refused(
        lambda: services.publicity_item_create(
            **base, published_on=date(2020, 5, 1), channel="weibo", group=group
        ),
        "只有渠道为微信群时才选择微信群",
        PublicityItem,
    )
    push = services.publicity_item_create(
        **base, published_on=date(2020, 9, 28), channel=channel, group=group, lawyer=legal.lawyer_a
    )
    assert push.online and last_audit().object_id == str(push.pk)


def test_grid_fills_in_its_village_and_must_match_it(world, outreach):
    item = services.publicity_item_create(
        street=world.a.street,
        actor=world.clerk_a,
        published_on=date(2020, 2, 1),
        channel=PublicityItem.Channel.PATROL_CAR,
        title="网格巡逻车播放防控宣传",
        grid=world.a.grid,
    )
    assert item.village == world.a.village
    _refused(
        lambda: services.publicity_item_update(item, actor=world.clerk_a, grid=world.b.grid),
        "所选网格不属于本街道",
        PublicityItem,
    )


def test_a_lawyer_logs_only_own_pushes(world, legal, outreach):
    client_lawyer = legal.lawyer_user
    base = {
        "street": world.a.street,
        "actor": client_lawyer,
        "published_on": date(2020, 3, 1),
        "channel": PublicityItem.Channel.OFFICIAL_ACCOUNT,
        "title": "复工复产法律指引",
    }
    own = services.publicity_item_create(**base)
    assert own.lawyer == legal.lawyer_a
    _refused(
        lambda: services.publicity_item_create(**base, lawyer=legal.other_lawyer_a),
        "律师账号只能登记本人的推送",
        PublicityItem,
    )


# --- media works and recognitions -------------------------------------------------------------


def test_work_needs_a_link_or_a_file_checked_by_content(world, outreach, media):
    base = {
        "street": world.a.street,
        "actor": world.clerk_a,
        "title": "造谣传谣，法律红线碰不得",
        "kind": MediaWork.Kind.SHORT_VIDEO,
        "published_on": date(2020, 2, 26),
    }
    _refused(lambda: services.media_work_create(**base), "请填写作品链接或上传作品文件", MediaWork)
    _refused(
        lambda: services.media_work_create(
            **base, file=SimpleUploadedFile("视频.mp4", b"MZ\x90\x00 a program", "video/mp4")
        ),
        "作品文件只能是视频",
        MediaWork,
    )
    work = services.media_work_create(**base, file=SimpleUploadedFile("视频.mp4", MP4, "video/mp4"))
    assert len(work.file_sha256) == 64 and work.file.name.endswith(".mp4")
    _refused(
        lambda: services.recognition_create(
            street=world.a.street,
            actor=world.clerk_a,
            recognised_on=date(2020, 3, 2),
            recognised_by="司法部官方微博",
            level="national",
            work=outreach.b.work,
            content="转发",
        ),
        "不属于本街道",
        MediaWork,
    )


# --- the FAQ -----------------------------------------------------------------------------------


def test_faq_entry_is_published_and_retired_once(world, outreach):
    entry = services.faq_entry_create(
        street=world.a.street,
        actor=world.clerk_a,
        question="不戴口罩进入超市会受到处罚吗？",
        answer="经劝阻拒不改正的，可以依照治安管理处罚法处罚。",
        category=FaqEntry.Category.PUBLIC_ORDER,
    )
    assert entry.status == FaqEntry.Status.DRAFT and entry.published_on is None
    services.faq_entry_publish(entry, actor=world.clerk_a, on=date(2020, 2, 17))
    entry.refresh_from_db()
    assert (entry.status, entry.published_on) == (FaqEntry.Status.PUBLISHED, date(2020, 2, 17))
    assert last_audit().action == Action.TRANSITION
    _refused(
        lambda: services.faq_entry_publish(entry, actor=world.clerk_a), "该问题已发布", FaqEntry
    )
    _refused(
        lambda: services.faq_entry_retire(entry, actor=world.clerk_a, on=date(2020, 2, 1)),
        "停用日期不能早于发布日期（2020年2月17日）",
        FaqEntry,
    )
    services.faq_entry_retire(entry, actor=world.clerk_a, on=date(2021, 1, 1))
    entry.refresh_from_db()
    assert (entry.status, entry.retired_on) == (FaqEntry.Status.RETIRED, date(2021, 1, 1))
    _refused(
        lambda: services.faq_entry_create(
            street=world.a.street,
            actor=world.clerk_a,
            question=entry.question,
            answer="重复",
            category="other",
        ),
        "本街道已有相同的问题",
        FaqEntry,
    )


# --- the question bank and quizzes ------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "options", "answer", "message"),
    [
        ("single", ["甲"], "A", "请填写2至6个选项"),
        ("single", ["甲", "甲"], "A", "选项不能重复"),
        ("single", ["甲", "乙"], "C", "正确答案须为选项字母AB中的字母"),
        ("single", ["甲", "乙", "丙"], "AB", "单选题和判断题的正确答案只有一个选项"),
        ("multiple", ["甲", "乙", "丙"], "B", "多选题的正确答案至少有两个选项"),
        ("true_false", ["对", "错"], "A", "判断题的选项只能是"),
    ],
)
def test_question_refuses_inconsistent_answers(world, outreach, kind, options, answer, message):
    _refused(
        lambda: services.question_create(
            street=world.a.street,
            actor=world.clerk_a,
            kind=kind,
            stem="题干",
            options=options,
            answer=answer,
        ),
        message,
        Question,
    )


def test_true_false_question_gets_its_two_options_and_answers_are_normalised(world, outreach):
    question = services.question_create(
        street=world.a.street,
        actor=world.clerk_a,
        kind="true_false",
        stem="宪法是根本法。",
        answer="a",
    )
    assert (question.options, question.answer) == (["正确", "错误"], "A")
    multiple = services.question_create(
        street=world.a.street,
        actor=world.clerk_a,
        kind="multiple",
        stem="毒品包括：",
        options=["鸦片", "海洛因", "冰毒"],
        answer="ca",
    )
    assert multiple.answer == "AC"


def test_quiz_is_published_only_with_enough_questions_and_before_its_end(world, outreach):
    quiz = outreach.a.quiz
    services.quiz_update(quiz, actor=world.clerk_a, question_count=5)
    _refused(
        lambda: services.quiz_publish(quiz, actor=world.clerk_a, now=at(2020, 12, 1, 9)),
        "出题范围内在用的试题只有1道，少于每次抽题数5道",
        Quiz,
    )
    services.quiz_update(quiz, actor=world.clerk_a, question_count=1)
    _refused(
        lambda: services.quiz_publish(quiz, actor=world.clerk_a, now=at(2020, 12, 5, 9)),
        "竞答的结束时间已过",
        Quiz,
    )
    services.quiz_publish(quiz, actor=world.clerk_a, now=at(2020, 12, 1, 9))
    quiz.refresh_from_db()
    assert quiz.status == Quiz.Status.PUBLISHED and last_audit().action == Action.TRANSITION
    _refused(
        lambda: services.quiz_update(
            quiz, actor=world.clerk_a, opens_at=at(2020, 12, 5, 8), closes_at=at(2020, 12, 4, 8)
        ),
        "结束时间须晚于开始时间",
        Quiz,
    )


def _open_quiz(world, outreach, count: int = 3) -> Quiz:
    for n in range(count):
        services.question_create(
            street=world.a.street,
            actor=world.clerk_a,
            kind="single",
            stem=f"第{n}题",
            options=["对的", "错的"],
            answer="A",
            theme=outreach.a.themes["宪法"],
        )
    quiz = outreach.a.quiz
    services.quiz_update(
        quiz, actor=world.clerk_a, question_count=count, themes=[outreach.a.themes["宪法"]]
    )
    return services.quiz_publish(quiz, actor=world.clerk_a, now=at(2020, 12, 1, 9))


def test_one_attempt_per_mobile_scored_on_the_server(world, outreach):
    quiz = _open_quiz(world, outreach)
    start = at(2020, 12, 4, 9)
    attempt = services.quiz_attempt_start(
        quiz=quiz, mobile="13812345678", name="张三", now=start, rng=random.Random(1)
    )
    assert len(attempt.questions) == 3 and len(set(attempt.questions)) == 3
    entry = last_audit()
    assert entry.changes["after"]["mobile"] == "138****5678" and "13812345678" not in str(
        entry.changes
    )
    _refused(
        lambda: services.quiz_attempt_start(
            quiz=quiz, mobile="13812345678", name="张三", now=start
        ),
        "该手机号码已参加过本次竞答",
        QuizAttempt,
    )
    first, second, third = attempt.questions
    answers = {str(first): "A", str(second): "b", str(third): ""}
    services.quiz_attempt_submit(attempt, answers=answers, now=start + timedelta(minutes=5))
    attempt.refresh_from_db()
    assert (attempt.correct, attempt.score) == (1, 33)
    assert attempt.answers == {str(first): "A", str(second): "B", str(third): ""}
    _refused(
        lambda: services.quiz_attempt_submit(attempt, answers=answers, now=start),
        "已经交卷，不能重复提交",
        QuizAttempt,
    )
    # Another quiz may be taken with the same number.
    assert quiz.attempts.count() == 1


def test_attempt_outside_the_window_or_after_the_time_limit_is_refused(world, outreach):
    quiz = _open_quiz(world, outreach)
    _refused(
        lambda: services.quiz_attempt_start(
            quiz=quiz, mobile="13812345678", name="张三", now=at(2020, 12, 4, 7, 59)
        ),
        "竞答尚未开始",
        QuizAttempt,
    )
    _refused(
        lambda: services.quiz_attempt_start(
            quiz=quiz, mobile="1381234", name="张三", now=at(2020, 12, 4, 9)
        ),
        "请输入11位手机号码",
        QuizAttempt,
    )
    attempt = services.quiz_attempt_start(
        quiz=quiz, mobile="13812345678", name="张三", now=at(2020, 12, 4, 9)
    )
    _refused(
        lambda: services.quiz_attempt_submit(attempt, answers={}, now=at(2020, 12, 4, 9, 12)),
        "已超过答题时限",
        QuizAttempt,
    )
    attempt.refresh_from_db()
    assert attempt.submitted_at is None
    # Once someone has taken it, the draw stays as they were given it.
    _refused(
        lambda: services.quiz_update(quiz, actor=world.clerk_a, question_count=2),
        "已有群众参加本次竞答",
        Quiz,
    )


# --- key dates ---------------------------------------------------------------------------------


def test_standard_key_dates_are_added_once(world, outreach):
    created = services.key_dates_add_standard(street=world.a.street, actor=world.clerk_a)
    assert [k.name for k in created] == [
        "全民国家安全教育日",
        "民法典宣传月",
        "国际禁毒日",
        "宪法宣传周",
    ]
    # 国家宪法日 was already there; the themes are those the street has.
    assert [t.name for t in created[0].themes.all()] == ["《国家安全法》"]
    assert services.key_dates_add_standard(street=world.a.street, actor=world.clerk_a) == []
    week = KeyDate.objects.get(street=world.a.street, name="宪法宣传周")
    assert week.occurrence(2020) == (date(2020, 12, 1), date(2020, 12, 7))
    assert week.when == "12月1日至12月7日"


def test_key_date_refuses_impossible_days(world, outreach):
    for fields, message in (
        ({"month": 2, "day": 29}, "2月29日也不能作为普法节点"),
        ({"month": 6, "day": 31}, "不是有效的日期"),
        ({"month": 6, "day": 1, "end_month": 5, "end_day": 1}, "结束日期须在开始日期之后"),
        ({"month": 6, "day": 1, "end_month": 6}, "结束月和结束日须同时填写"),
    ):
        _refused(
            lambda fields=fields: services.key_date_create(
                street=world.a.street, actor=world.clerk_a, name="节点", **fields
            ),
            message,
            KeyDate,
        )
