"""Every registered figure of one street and period, by hand-written SQL: the benchmark's floor.

One statement per table, counting with CASE expressions, written without the ORM or the
statistics engine, so that the benchmark can check the engine's numbers against an independent
computation and time the engine against the least work that gives the same numbers.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import connection
from django.utils import timezone

from fazhi.enforcement.models import Report, ViolationCategory
from fazhi.legal_services.models import Consultation, Topic
from fazhi.outreach.models import Activity, PublicityItem
from fazhi.reviews.models import ReviewRequest
from fazhi.study.models import StudySession


def _instants(start: dt.date, end: dt.date) -> tuple[Any, Any]:
    zone = timezone.get_default_timezone()
    lower = dt.datetime.combine(start, dt.time.min, tzinfo=zone).astimezone(dt.UTC)
    upper = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    adapt = connection.ops.adapt_datetimefield_value
    return adapt(lower), adapt(upper.astimezone(dt.UTC))


def _run(sql: str, params: dict[str, Any]) -> list[Any]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchone())


def _decimal(value: Any) -> float:
    """A sum of a decimal field (money, hours) to two places, as the engine gives it."""
    return float(round(Decimal(str(value or 0)), 2))


def _ratio(numerator: float, denominator: float, scale: int = 100) -> float:
    """``scale`` × numerator / denominator to one place, 0 when there is no denominator."""
    return round(scale * numerator / denominator, 1) if denominator else 0.0


def floor_figures(street_id: int, start: dt.date, end: dt.date) -> dict[str, float | int]:
    lo, hi = _instants(start, end)
    p = {"s": street_id, "a": start, "b": end, "lo": lo, "hi": hi}
    v: dict[str, float | int] = {}

    def during(col: str) -> str:
        return f"{col} >= %(a)s AND {col} <= %(b)s"

    def during_at(col: str) -> str:
        return f"{col} >= %(lo)s AND {col} < %(hi)s"

    def count(cond: str) -> str:
        return f"SUM(CASE WHEN {cond} THEN 1 ELSE 0 END)"

    # org
    row = _run(
        f"""SELECT
          (SELECT COUNT(*) FROM org_village WHERE street_id = %(s)s AND established_on <= %(b)s
             AND (dissolved_on IS NULL OR dissolved_on > %(b)s)),
          (SELECT COUNT(*) FROM org_grid WHERE street_id = %(s)s AND established_on <= %(b)s
             AND (dissolved_on IS NULL OR dissolved_on > %(b)s)),
          (SELECT COUNT(*) FROM org_gridworker WHERE street_id = %(s)s AND started_on <= %(b)s
             AND (ended_on IS NULL OR ended_on > %(b)s)),
          (SELECT COUNT(DISTINCT user_id) FROM org_leadinggroupmember WHERE street_id = %(s)s
             AND appointed_on <= %(b)s AND (left_on IS NULL OR left_on > %(b)s)
             AND position IN ('leader', 'deputy', 'member')),
          (SELECT COUNT(*) FROM org_leadinggroupmeeting WHERE street_id = %(s)s
             AND {during("held_on")})""",
        p,
    )
    for key, value in zip(
        ["villages", "grids", "grid_workers", "leading_group_members", "leading_group_meetings"],
        row,
        strict=True,
    ):
        v[f"org.{key}"] = int(value or 0)

    # enforcement: cases
    groups = list(ViolationCategory.Group.values)
    found = during_at("c.found_at")
    decided = during("c.decided_on")
    closed = during("c.closed_on")
    row = _run(
        f"""SELECT {count(found)}, {count(during_at("c.stopped_at"))}, {count(during("c.filed_on"))},
          {count(decided)}, {count(decided + " AND c.procedure = 'on_the_spot'")},
          {count(decided + " AND c.procedure = 'general'")},
          {count(decided + " AND c.outcome = 'penalty'")},
          {count(decided + " AND c.outcome = 'no_penalty'")},
          SUM(CASE WHEN {decided} THEN c.fine END),
          {count(closed)}, {count(closed + " AND c.outcome = 'corrected'")},
          {count(during("c.transferred_on"))}, {count(during("c.archived_on"))},
          {count(decided + " AND c.decided_on > c.decision_due_on")},
          {count(found + " AND c.frontage_unit_id IS NOT NULL")},
          {", ".join(count(found + f" AND g.grp = '{group}'") for group in groups)}
        FROM enforcement_case c
        LEFT JOIN (SELECT id, "group" AS grp FROM enforcement_violationcategory) g
          ON g.id = c.category_id
        WHERE c.street_id = %(s)s""",
        p,
    )
    names = [
        "cases_found",
        "cases_stopped",
        "cases_filed",
        "cases_decided",
        "cases_on_the_spot",
        "cases_general_procedure",
        "penalty_decisions",
        "no_penalty_decisions",
        "fines",
        "cases_closed",
        "cases_corrected",
        "cases_transferred",
        "cases_archived",
        "decisions_late",
        "frontage_violations",
        *(f"cases_found.category.{group}" for group in groups),
    ]
    for key, value in zip(names, row, strict=True):
        if key == "fines":
            v["enforcement.fines"] = _decimal(value)
        else:
            v[f"enforcement.{key}"] = int(value or 0)

    row = _run(
        f"""SELECT
          (SELECT COUNT(*) FROM enforcement_patrol WHERE street_id = %(s)s
             AND {during_at("started_at")}),
          (SELECT COUNT(*) FROM enforcement_campaign WHERE street_id = %(s)s
             AND starts_on <= %(b)s AND ends_on >= %(a)s),
          (SELECT COUNT(*) FROM enforcement_frontageunit WHERE street_id = %(s)s AND in_use
             AND letter_signed_on <= %(b)s),
          (SELECT COUNT(*) FROM enforcement_frontageselfcheck k
             JOIN enforcement_frontageunit u ON u.id = k.unit_id
             WHERE u.street_id = %(s)s AND {during("k.checked_on")})""",
        p,
    )
    for key, value in zip(
        ["patrols", "campaigns", "frontage_units", "frontage_self_checks"], row, strict=True
    ):
        v[f"enforcement.{key}"] = int(value or 0)

    sources = list(Report.Source.values)
    reported = during_at("reported_at")
    row = _run(
        f"""SELECT {count(reported)}, {", ".join(count(f"{reported} AND source = '{s}'") for s in sources)}
        FROM enforcement_report WHERE street_id = %(s)s""",
        p,
    )
    v["enforcement.reports"] = int(row[0] or 0)
    for source, value in zip(sources, row[1:], strict=True):
        v[f"enforcement.reports.{source}"] = int(value or 0)

    row = _run(
        f"""SELECT COUNT(DISTINCT r.case_id),
          COUNT(DISTINCT CASE WHEN u.legal_review_post = 'part_time' THEN r.case_id END),
          {count("r.conclusion = 'agree'")}, {count("r.conclusion = 'amend'")},
          {count("r.conclusion = 'disagree'")}
        FROM enforcement_legalreview r JOIN enforcement_case c ON c.id = r.case_id
        JOIN org_user u ON u.id = r.reviewer_id
        WHERE c.street_id = %(s)s AND {during_at("r.reviewed_at")}""",
        p,
    )
    for key, value in zip(
        [
            "major_cases_reviewed",
            "major_cases_reviewed_part_time",
            "reviews_passed",
            "reviews_returned",
            "reviews_rejected",
        ],
        row,
        strict=True,
    ):
        v[f"enforcement.{key}"] = int(value or 0)

    published = during("p.published_on")
    row = _run(
        f"""SELECT {count(published)}, {count(published + " AND p.published_on <= c.publish_due_on")},
          {count(published + " AND p.published_on > c.publish_due_on")},
          {count(during("p.withdrawn_on"))}
        FROM enforcement_publication p JOIN enforcement_case c ON c.id = p.case_id
        WHERE c.street_id = %(s)s""",
        p,
    )
    for key, value in zip(
        [
            "decisions_published",
            "decisions_published_on_time",
            "decisions_published_late",
            "publications_withdrawn",
        ],
        row,
        strict=True,
    ):
        v[f"enforcement.{key}"] = int(value or 0)

    # legal services
    channels = list(Consultation.Channel.values)
    topics = list(Topic.values)
    occurred = during_at("occurred_at")
    row = _run(
        f"""SELECT {count(occurred)},
          {", ".join(count(f"{occurred} AND channel = '{c}'") for c in channels)},
          {", ".join(count(f"{occurred} AND topic = '{t}'") for t in topics)},
          {count(occurred + " AND referral = 'to_12348'")}
        FROM legal_services_consultation WHERE street_id = %(s)s""",
        p,
    )
    v["legal_services.consultations"] = int(row[0] or 0)
    for channel, value in zip(channels, row[1 : 1 + len(channels)], strict=True):
        v[f"legal_services.consultations.{channel}"] = int(value or 0)
    for topic, value in zip(topics, row[1 + len(channels) : -1], strict=True):
        v[f"legal_services.consultations.topic.{topic}"] = int(value or 0)
    v["legal_services.referrals_from_12348"] = v["legal_services.consultations.hotline_12348"]
    v["legal_services.referrals_to_12348"] = int(row[-1] or 0)

    # The pushes are publicity items in an online channel (outreach.statistics).
    online = ", ".join(f"'{c}'" for c in PublicityItem.ONLINE)
    row = _run(
        f"""SELECT
          (SELECT {count("status = 'held'")} FROM legal_services_dutyshift
             WHERE street_id = %(s)s AND {during("date")}),
          (SELECT {count("status = 'cancelled'")} FROM legal_services_dutyshift
             WHERE street_id = %(s)s AND {during("date")}),
          (SELECT COUNT(*) FROM legal_services_appointment a
             JOIN legal_services_dutyshift d ON d.id = a.shift_id
             WHERE a.street_id = %(s)s AND {during("d.date")}
             AND a.status IN ('booked', 'confirmed', 'attended', 'no_show')),
          (SELECT COUNT(*) FROM legal_services_appointment a
             JOIN legal_services_dutyshift d ON d.id = a.shift_id
             WHERE a.street_id = %(s)s AND {during("d.date")} AND a.status = 'attended'),
          (SELECT COUNT(DISTINCT d.lawyer_id) FROM legal_services_appointment a
             JOIN legal_services_dutyshift d ON d.id = a.shift_id
             WHERE a.street_id = %(s)s AND {during("d.date")} AND a.status = 'attended'),
          (SELECT COUNT(*) FROM legal_services_mediation
             WHERE street_id = %(s)s AND {during("received_on")}),
          (SELECT COUNT(*) FROM legal_services_mediation
             WHERE street_id = %(s)s AND {during("received_on")} AND lawyer_id IS NOT NULL),
          (SELECT COUNT(*) FROM legal_services_mediation WHERE street_id = %(s)s
             AND {during("closed_on")} AND status IN ('succeeded', 'failed', 'terminated')),
          (SELECT COUNT(*) FROM legal_services_mediation WHERE street_id = %(s)s
             AND {during("closed_on")} AND status = 'succeeded'),
          (SELECT COUNT(*) FROM legal_services_wechatgroup WHERE street_id = %(s)s
             AND created_on <= %(b)s AND (closed_on IS NULL OR closed_on > %(b)s)),
          (SELECT SUM((SELECT n.members FROM legal_services_wechatgroupcount n
                       WHERE n.group_id = w.id AND n.counted_on <= %(b)s
                       ORDER BY n.counted_on DESC LIMIT 1))
             FROM legal_services_wechatgroup w WHERE w.street_id = %(s)s
             AND w.created_on <= %(b)s AND (w.closed_on IS NULL OR w.closed_on > %(b)s)),
          (SELECT COUNT(*) FROM outreach_publicityitem WHERE street_id = %(s)s
             AND {during("published_on")} AND channel IN ({online})),
          (SELECT COUNT(DISTINCT lawyer_id) FROM legal_services_villageadviser
             WHERE street_id = %(s)s AND starts_on <= %(b)s
             AND (ends_on IS NULL OR ends_on > %(b)s)),
          (SELECT COUNT(DISTINCT village_id) FROM legal_services_villageadviser
             WHERE street_id = %(s)s AND starts_on <= %(b)s
             AND (ends_on IS NULL OR ends_on > %(b)s)),
          (SELECT COUNT(*) FROM legal_services_advisercontract WHERE street_id = %(s)s
             AND starts_on <= %(b)s AND ends_on >= %(b)s)""",
        p,
    )
    names = [
        "duty_shifts_held",
        "duty_shifts_cancelled",
        "appointments",
        "appointments_attended",
        "appointment_lawyers",
        "mediations",
        "mediations_with_lawyer",
        "mediations_closed",
        "mediations_succeeded",
        "wechat_groups",
        "wechat_group_members",
        "messages_pushed",
        "village_advisers",
        "villages_with_adviser",
        "adviser_contracts",
    ]
    for key, value in zip(names, row, strict=True):
        v[f"legal_services.{key}"] = int(value or 0)
    v["legal_services.mediation_success_rate"] = _ratio(
        v["legal_services.mediations_succeeded"], v["legal_services.mediations_closed"]
    )

    # reviews
    kinds = list(ReviewRequest.Kind.values)
    conclusions = list(ReviewRequest.Conclusion.values)
    done = during("completed_on") + " AND status = 'completed'"
    row = _run(
        f"""SELECT {count(during("received_on") + " AND status <> 'withdrawn'")}, {count(done)},
          {count(done + " AND kind IN ('contract', 'agreement')")},
          {", ".join(count(f"{done} AND kind = '{k}'") for k in kinds)},
          {", ".join(count(f"{done} AND conclusion = '{c}'") for c in conclusions)},
          {count(done + " AND completed_on > due_on")}
        FROM reviews_reviewrequest WHERE street_id = %(s)s""",
        p,
    )
    v["reviews.requests"], v["reviews.completed"], v["reviews.contracts_reviewed"] = (
        int(x or 0) for x in row[:3]
    )
    for kind, value in zip(kinds, row[3 : 3 + len(kinds)], strict=True):
        v[f"reviews.by_kind.{kind}"] = int(value or 0)
    for conclusion, value in zip(conclusions, row[3 + len(kinds) : -1], strict=True):
        v[f"reviews.conclusion.{conclusion}"] = int(value or 0)
    v["reviews.completed_late"] = int(row[-1] or 0)
    row = _run(
        f"""SELECT
          (SELECT COUNT(*) FROM reviews_majordecision WHERE street_id = %(s)s
             AND {during("decided_on")}),
          (SELECT COUNT(*) FROM reviews_publiccomment c
             JOIN reviews_majordecision d ON d.id = c.decision_id
             WHERE d.street_id = %(s)s AND {during_at("c.submitted_at")})""",
        p,
    )
    v["reviews.major_decisions_decided"], v["reviews.public_comments"] = (int(x or 0) for x in row)

    # outreach: activities count when held (not planned or cancelled); their headcount and
    # materials are summed over the same activities.
    activity_kinds = list(Activity.Kind.values)
    row = _run(
        f"""SELECT COUNT(*), SUM(headcount), SUM(materials),
          {", ".join(count(f"kind = '{k}'") for k in activity_kinds)}
        FROM outreach_activity
        WHERE street_id = %(s)s AND {during("held_on")} AND status = 'held'""",
        p,
    )
    v["outreach.activities"], v["outreach.participants"], v["outreach.materials_distributed"] = (
        int(x or 0) for x in row[:3]
    )
    for kind, value in zip(activity_kinds, row[3:], strict=True):
        v[f"outreach.activities.kind.{kind}"] = int(value or 0)
    v["outreach.lectures"] = v["outreach.activities.kind.lecture"]
    v["outreach.market_day_events"] = v["outreach.activities.kind.market_day"]

    publicity_channels = list(PublicityItem.Channel.values)
    row = _run(
        f"""SELECT COUNT(*), {count(f"channel IN ({online})")},
          {count(f"channel NOT IN ({online})")},
          {", ".join(count(f"channel = '{c}'") for c in publicity_channels)}
        FROM outreach_publicityitem WHERE street_id = %(s)s AND {during("published_on")}""",
        p,
    )
    for key, value in zip(["", ".online", ".offline"], row[:3], strict=True):
        v[f"outreach.publicity_items{key}"] = int(value or 0)
    for channel, value in zip(publicity_channels, row[3:], strict=True):
        v[f"outreach.publicity_items.channel.{channel}"] = int(value or 0)

    # Quizzes count by their opening, attempts and scores when handed in; the FAQ as published
    # on the period's last day.
    row = _run(
        f"""SELECT
          (SELECT {count("kind = 'short_video'")} FROM outreach_mediawork
             WHERE street_id = %(s)s AND {during("published_on")}),
          (SELECT COUNT(*) FROM outreach_mediawork
             WHERE street_id = %(s)s AND {during("published_on")}),
          (SELECT COUNT(*) FROM outreach_recognition
             WHERE street_id = %(s)s AND {during("recognised_on")}),
          (SELECT COUNT(*) FROM outreach_faqentry WHERE street_id = %(s)s
             AND published_on <= %(b)s AND (retired_on IS NULL OR retired_on > %(b)s)),
          (SELECT COUNT(*) FROM outreach_quiz WHERE street_id = %(s)s
             AND {during_at("opens_at")} AND status = 'published'),
          (SELECT COUNT(*) FROM outreach_quizattempt a JOIN outreach_quiz q ON q.id = a.quiz_id
             WHERE q.street_id = %(s)s AND q.status = 'published'
             AND {during_at("a.submitted_at")}),
          (SELECT SUM(a.score) FROM outreach_quizattempt a JOIN outreach_quiz q ON q.id = a.quiz_id
             WHERE q.street_id = %(s)s AND q.status = 'published'
             AND {during_at("a.submitted_at")})""",
        p,
    )
    names = [
        "videos",
        "media_works",
        "recognitions",
        "faq_entries",
        "quizzes",
        "quiz_participants",
        "quiz_score_total",
    ]
    for key, value in zip(names, row, strict=True):
        v[f"outreach.{key}"] = int(value or 0)
    v["outreach.quiz_average_score"] = _ratio(
        v["outreach.quiz_score_total"], v["outreach.quiz_participants"], scale=1
    )

    # study: sessions, hours, trainings and exams by the day they took place; attendances and
    # exam scores by their session's or exam's day, but of the street that recorded them.
    session_kinds = list(StudySession.Kind.values)
    leadership = ", ".join(f"'{k}'" for k in StudySession.LEADERSHIP_KINDS)
    row = _run(
        f"""SELECT COUNT(*), {count(f"kind IN ({leadership})")},
          {", ".join(count(f"kind = '{k}'") for k in session_kinds)}
        FROM study_studysession WHERE street_id = %(s)s AND {during("date")}""",
        p,
    )
    v["study.sessions"], v["study.leadership_sessions"] = (int(x or 0) for x in row[:2])
    for kind, value in zip(session_kinds, row[2:], strict=True):
        v[f"study.sessions.kind.{kind}"] = int(value or 0)

    row = _run(
        f"""SELECT
          (SELECT COUNT(*) FROM study_studyattendance a
             JOIN study_studysession n ON n.id = a.session_id
             WHERE a.street_id = %(s)s AND {during("n.date")} AND a.attended),
          (SELECT SUM(a.hours) FROM study_studyattendance a
             JOIN study_studysession n ON n.id = a.session_id
             WHERE a.street_id = %(s)s AND {during("n.date")} AND a.attended),
          (SELECT SUM(hours) FROM study_selfstudy WHERE street_id = %(s)s AND {during("date")}),
          (SELECT COUNT(*) FROM study_lawtostudy
             WHERE street_id = %(s)s AND {during("listed_on")}),
          (SELECT COUNT(*) FROM study_legalliterate WHERE street_id = %(s)s
             AND appointed_on <= %(b)s AND (ended_on IS NULL OR ended_on > %(b)s)),
          (SELECT COUNT(*) FROM study_literatetraining
             WHERE street_id = %(s)s AND {during("date")}),
          (SELECT COUNT(DISTINCT a.literate_id) FROM study_literatetrainingattendance a
             JOIN study_literatetraining t ON t.id = a.training_id
             WHERE t.street_id = %(s)s AND {during("t.date")}),
          (SELECT COUNT(*) FROM study_studyexam WHERE street_id = %(s)s AND {during("date")}),
          (SELECT COUNT(*) FROM study_studyexamscore x JOIN study_studyexam e ON e.id = x.exam_id
             WHERE x.street_id = %(s)s AND {during("e.date")}),
          (SELECT COUNT(*) FROM study_studyexamscore x JOIN study_studyexam e ON e.id = x.exam_id
             WHERE x.street_id = %(s)s AND {during("e.date")} AND x.score >= e.pass_score)""",
        p,
    )
    names = [
        "attendances",
        "hours",
        "self_study_hours",
        "laws_to_study",
        "legal_literates",
        "literate_trainings",
        "legal_literates_trained",
        "exams",
        "exam_takers",
        "exam_passed",
    ]
    for key, value in zip(names, row, strict=True):
        v[f"study.{key}"] = _decimal(value) if key.endswith("hours") else int(value or 0)
    v["study.exam_pass_rate"] = _ratio(v["study.exam_passed"], v["study.exam_takers"])
    return v
