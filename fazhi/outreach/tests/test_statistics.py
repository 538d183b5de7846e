"""The figures of law education and publicity: each equals a count (or sum) of its records in the
period, the records page behind it totals the same, and the pushes keep their figure."""

from __future__ import annotations

from datetime import date

import pytest
from django.db.models import Sum

from fazhi.core import stats
from fazhi.outreach import services
from fazhi.outreach.models import Activity, FaqEntry, MediaWork, PublicityItem, Quiz, QuizAttempt
from fazhi.outreach.testing import at

pytestmark = pytest.mark.django_db

PERIOD = stats.Period(date(2020, 1, 1), date(2020, 9, 28))


@pytest.fixture
def year(world, outreach):
    """Street A's 2020 beside street B's: activities held, planned, cancelled and after the
    period; pushes online and items offline; a retired and a draft FAQ; a quiz with attempts."""
    a, clerk = world.a.street, world.clerk_a
    common = {
        "street": a,
        "actor": clerk,
        "department": outreach.a.department,
        "themes": [outreach.a.themes["民法典"]],
    }
    for day, kind, headcount, materials in (
        (date(2020, 7, 21), Activity.Kind.MARKET_DAY, 150, 40),
        (date(2020, 9, 1), Activity.Kind.MARKET_DAY, 120, 35),
        (date(2020, 9, 10), Activity.Kind.LECTURE, 45, 0),
        (date(2020, 10, 8), Activity.Kind.LECTURE, 30, 10),  # after the period
    ):
        services.activity_create(**common, title=f"{kind}{day}", kind=kind, held_on=day,
                                 headcount=headcount, materials=materials)  # fmt: skip
    services.activity_create(**common, title="计划", kind="lecture", status="planned",
                             held_on=date(2020, 8, 1), materials=50)  # fmt: skip
    services.activity_create(**common, title="取消", kind="lecture", status="cancelled",
                             held_on=date(2020, 2, 12))  # fmt: skip
    for day, channel in ((date(2020, 3, 1), "wechat_group_none"), (date(2020, 3, 2), "weibo"),
                         (date(2020, 3, 3), "douyin"), (date(2020, 3, 4), "leaflet")):  # fmt: skip
        services.publicity_item_create(
            street=a, actor=clerk, published_on=day, title=channel,
            channel="official_account" if channel == "wechat_group_none" else channel,
        )  # fmt: skip
    services.media_work_create(street=a, actor=clerk, title="汇报视频", kind=MediaWork.Kind.REPORT_VIDEO,
                               published_on=date(2020, 9, 18), link="https://example.org/v")  # fmt: skip
    retired = services.faq_entry_create(street=a, actor=clerk, question="旧问题", answer="旧",
                                        category="other", published_on=date(2020, 2, 1))  # fmt: skip
    services.faq_entry_retire(retired, actor=clerk, on=date(2020, 6, 1))
    services.faq_entry_create(street=a, actor=clerk, question="草稿", answer="草", category="other")
    quiz = services.quiz_create(street=a, actor=clerk, title="4·15竞答", opens_at=at(2020, 4, 15, 8),
                                closes_at=at(2020, 4, 15, 22), question_count=1,
                                time_limit_minutes=10)  # fmt: skip
    quiz = services.quiz_publish(quiz, actor=clerk, now=at(2020, 4, 10, 9))
    for n in range(3):
        attempt = services.quiz_attempt_start(quiz=quiz, mobile=f"1381234567{n}", name="张三",
                                              now=at(2020, 4, 15, 9, n))  # fmt: skip
        if n < 2:
            services.quiz_attempt_submit(attempt, answers={}, now=at(2020, 4, 15, 9, 5))
    return quiz


def test_each_figure_equals_its_records(world, outreach, year):
    street = world.a.street
    values = stats.compute(street, PERIOD)
    held = Activity.objects.filter(
        street=street, status="held", held_on__gte=PERIOD.start, held_on__lte=PERIOD.end
    )
    assert values["outreach.activities"] == held.count() == 4  # 3 of the year + the fixture's
    assert values["outreach.lectures"] == held.filter(kind="lecture").count() == 2
    assert values["outreach.market_day_events"] == held.filter(kind="market_day").count() == 2
    assert values["outreach.activities.kind.market_day"] == 2
    assert values["outreach.participants"] == held.aggregate(n=Sum("headcount"))["n"] == 365
    assert values["outreach.materials_distributed"] == 40 + 35 + 30
    items = PublicityItem.objects.filter(street=street)
    assert values["outreach.publicity_items"] == items.count() == 5
    assert values["outreach.publicity_items.offline"] == 2  # the fixture's banner, the leaflet
    assert values["outreach.publicity_items.channel.weibo"] == 1
    # The pushes of legal services are the items pushed online.
    assert (
        values["legal_services.messages_pushed"]
        == items.filter(channel__in=PublicityItem.ONLINE).count()
        == 3
    )
    assert values["outreach.media_works"] == MediaWork.objects.filter(street=street).count() == 2
    assert values["outreach.videos"] == 1
    assert values["outreach.recognitions"] == 1
    # Published on the period's last day: not the retired one, not the draft.
    assert values["outreach.faq_entries"] == 1
    assert FaqEntry.objects.filter(street=street).count() == 3
    assert (
        values["outreach.quizzes"]
        == Quiz.objects.filter(street=street, status="published").count()
        == 1
    )
    assert (
        values["outreach.quiz_participants"]
        == QuizAttempt.objects.exclude(submitted_at=None).count()
        == 2
    )
    # As of the day before it was retired, the old entry still counts.
    assert (
        stats.compute(street, stats.Period(date(2020, 1, 1), date(2020, 5, 31)))[
            "outreach.faq_entries"
        ]
        == 2
    )


def test_the_records_behind_each_figure_total_it(world, outreach, year):
    street, clerk = world.a.street, world.clerk_a
    values = stats.compute(street, PERIOD)
    for stat in stats.registered():
        if not (stat.key.startswith("outreach.") or stat.key == "legal_services.messages_pushed"):
            continue
        records = stats.records(stat, street, PERIOD, clerk)
        assert stats.records_total(stat, records) == values[stat.basis().key], stat.key
        # A ratio is not broken down itself (its records page shows its parts' bars).
        for by, _label in [] if stat.derived else stat.breakdowns():
            for bar in stats.breakdown(stat, street, PERIOD, by):
                sliced = stats.records(stat, street, PERIOD, clerk, by=by, value=bar.key)
                assert stats.records_total(stat, sliced) == bar.value, (stat.key, by, bar)


def test_another_streets_records_count_for_it_only(world, outreach, year):
    values_b = stats.compute(world.b.street, PERIOD)
    assert values_b["outreach.activities"] == 1 and values_b["outreach.quizzes"] == 0


def test_the_average_score_is_the_scores_over_the_attempts_handed_in(world, outreach, year):
    """Two attempts of the fixture handed in blank (0), one more answered right (100), one
    started and never handed in: the average is 100 / 3, in 分, not a percentage."""
    attempt = services.quiz_attempt_start(
        quiz=year, mobile="13912345678", name="李四", now=at(2020, 4, 15, 10)
    )
    services.quiz_attempt_submit(
        attempt, answers={str(outreach.a.question.pk): "C"}, now=at(2020, 4, 15, 10, 5)
    )
    values = stats.compute(world.a.street, PERIOD)
    assert values["outreach.quiz_score_total"] == 100
    assert values["outreach.quiz_participants"] == 3
    assert values["outreach.quiz_average_score"] == 33.3
    average = stats.get("outreach.quiz_average_score")
    assert average.basis().key == "outreach.quiz_participants"
    assert not average.percentage and stats.get("study.exam_pass_rate").percentage
    # Nobody handed in: 0, not an error.
    assert stats.compute(world.b.street, PERIOD)["outreach.quiz_average_score"] == 0


def test_a_cancelled_quizs_attempts_count_nowhere(world, outreach, year):
    """A quiz cancelled after residents took it was not held: its attempts stay on record but
    leave the participants, the scores and the average, as the quiz leaves the quizzes."""
    street, clerk = world.a.street, world.clerk_a
    before = stats.compute(street, PERIOD)
    assert before["outreach.quiz_participants"] == 2
    services.quiz_cancel(year, actor=clerk)
    after = stats.compute(street, PERIOD)
    assert after["outreach.quizzes"] == 0
    assert after["outreach.quiz_participants"] == 0
    assert after["outreach.quiz_score_total"] == 0
    assert after["outreach.quiz_average_score"] == 0
    assert QuizAttempt.objects.filter(quiz=year).exclude(submitted_at=None).count() == 2
    participants = stats.get("outreach.quiz_participants")
    assert not stats.records(participants, street, PERIOD, clerk).exists()
