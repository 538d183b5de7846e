"""Writes on staff law study and the 法律明白人. Views, the API, the Excel import, the demo and
tests call these; each checks its rules, writes and audits in one transaction.

The model's ``clean()`` and constraints hold the rules of one record; the rules that look
beyond it (the people named, the laws listed, the session an attendance belongs to, who may
record whose self-study) live here.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from fazhi.core.formats import cn_date
from fazhi.core.services import model_create, model_delete, model_update
from fazhi.org.models import Street, User
from fazhi.outreach.models import Question
from fazhi.study.models import (
    LawToStudy,
    LegalLiterate,
    LiterateTraining,
    SelfStudy,
    StudyAttendance,
    StudyExam,
    StudyExamScore,
    StudySession,
    StudyTarget,
    hours_text,
)

# --- Shared checks ----------------------------------------------------------------------------


def _names(users: Iterable[Any]) -> str:
    return _("、").join(getattr(u, "display_name", None) or str(u) for u in users)


def _check_people(street: Street, users: Iterable[User], *, field: str, label: str) -> None:
    """Everyone named is an active account of ``street``, as the database has it now."""
    users = list(User.objects.filter(pk__in=[u.pk for u in users]).order_by("username"))
    foreign = [u for u in users if u.street_id != street.pk]
    if foreign:
        raise ValidationError(
            {
                field: _("%(label)s须为本街道人员，%(names)s不是。")
                % {"label": label, "names": _names(foreign)}
            }
        )
    inactive = [u for u in users if not u.is_active]
    if inactive:
        raise ValidationError(
            {
                field: _("%(names)s的账号已停用，不能登记为%(label)s。")
                % {"names": _names(inactive), "label": label}
            }
        )


def _check_laws(street: Street, laws: Iterable[LawToStudy], *, field: str = "laws") -> None:
    if any(law.street_id != street.pk for law in laws):
        raise ValidationError({field: _("所选法律不在本街道的学习清单中。")})


def _refuse_street_change(instance: Any, fields: Mapping[str, Any]) -> None:
    if "street" in fields and fields["street"] != getattr(instance, "street", None):
        raise ValidationError(_("记录所属街道不能修改。"))


def _lock(instance: Any) -> Any:
    return type(instance)._base_manager.select_for_update().get(pk=instance.pk)


def record_delete(instance: models.Model, *, actor: User | None) -> None:
    """Delete a target, a law of the list, a 法律明白人 or a training; refused with the reason
    while other records still use it."""
    model_delete(instance, actor=actor)


# --- Targets and the list of laws to study ----------------------------------------------------


def study_target_create(*, street: Street, actor: User | None, **fields: Any) -> StudyTarget:
    """Set the street's target of study hours for one year (one target per year)."""
    return model_create(StudyTarget, actor=actor, data={"street": street, **fields})


def study_target_update(target: StudyTarget, *, actor: User | None, **fields: Any) -> StudyTarget:
    _refuse_street_change(target, fields)
    return model_update(target, actor=actor, data=fields)[0]


def law_to_study_create(*, street: Street, actor: User | None, **fields: Any) -> LawToStudy:
    """Put a newly adopted or revised law on the street's list of laws to study."""
    return model_create(LawToStudy, actor=actor, data={"street": street, **fields})


def law_to_study_update(law: LawToStudy, *, actor: User | None, **fields: Any) -> LawToStudy:
    _refuse_street_change(law, fields)
    return model_update(law, actor=actor, data=fields)[0]


# --- Study sessions and their attendance -------------------------------------------------------


def study_session_create(
    *,
    street: Street,
    actor: User | None,
    laws: Iterable[LawToStudy] = (),
    attendees: Iterable[User] = (),
    **fields: Any,
) -> StudySession:
    """Record a study session, with the laws on the list it covered; each of ``attendees`` is
    signed in as present for the session's hours (correct one by one afterwards)."""
    laws, attendees = list(laws), list(attendees)
    _check_laws(street, laws)
    _check_people(street, attendees, field="attendees", label=_("出席人员"))
    with transaction.atomic():
        session = model_create(
            StudySession, actor=actor, data={"street": street, **fields}, m2m={"laws": laws}
        )
        for person in attendees:
            model_create(
                StudyAttendance,
                actor=actor,
                data={
                    "street": street,
                    "session": session,
                    "user": person,
                    "attended": True,
                    "hours": session.hours,
                },
            )
    return session


def study_session_update(
    session: StudySession,
    *,
    actor: User | None,
    laws: Iterable[LawToStudy] | None = None,
    **fields: Any,
) -> StudySession:
    """Change a session. When its hours change, those present for the whole session follow
    them; an attendance with more hours than the new length is refused."""
    _refuse_street_change(session, fields)
    fields.pop("attendees", None)  # attendance is kept record by record
    m2m = None
    if laws is not None:
        laws = list(laws)
        _check_laws(session.street, laws)
        m2m = {"laws": laws}
    with transaction.atomic():
        locked = _lock(session)
        old_hours = locked.hours
        updated, _changed = model_update(locked, actor=actor, data=fields, m2m=m2m)
        if updated.hours != old_hours:
            rows = StudyAttendance.objects.select_for_update().filter(
                session=updated, attended=True
            )
            for row in rows.select_related("user"):
                if row.hours == old_hours:
                    model_update(row, actor=actor, data={"hours": updated.hours})
                elif row.hours > updated.hours:
                    raise ValidationError(
                        {
                            "hours": _(
                                "%(name)s已计入%(hours)s学时，超过修改后的学时；"
                                "请先修改其签到记录。"
                            )
                            % {"name": row.user.display_name, "hours": hours_text(row.hours)}
                        }
                    )
    return updated


def study_session_delete(session: StudySession, *, actor: User | None) -> None:
    """Delete a session with its attendance, each row audited."""
    with transaction.atomic():
        for row in StudyAttendance.objects.filter(session=session):
            model_delete(row, actor=actor)
        model_delete(session, actor=actor)


def study_attendance_values(values: Mapping[str, Any]) -> dict[str, Any]:
    """An attendance's fields with its hours settled: present without hours given counts the
    session's hours; absent counts none. Raises ValidationError for hours that cannot be."""
    data = dict(values)
    session: StudySession | None = data.get("session")
    attended = data.get("attended", True)
    hours: Decimal | None = data.get("hours")
    if attended:
        if hours is None:
            data["hours"] = session.hours if session is not None else None
        elif hours <= 0:
            raise ValidationError({"hours": _("出席人员的计入学时须大于0。")})
    else:
        if hours:
            raise ValidationError({"hours": _("未出席的人员不计学时。")})
        data["hours"] = Decimal("0")
    return data


def study_attendance_check(values: Mapping[str, Any], *, street: Street) -> dict[str, Any]:
    """The rules of a new attendance beyond its fields: the session is the street's, the person
    an active account of it; returns the fields with the hours settled."""
    session: StudySession | None = values.get("session")
    person: User | None = values.get("user")
    if session is not None and session.street_id != street.pk:
        raise ValidationError({"session": _("所选学法活动不属于本街道。")})
    if person is not None:
        _check_people(street, [person], field="user", label=_("出席人员"))
    return study_attendance_values(values)


def study_attendance_create(
    *, street: Street, actor: User | None, **fields: Any
) -> StudyAttendance:
    """Sign one person in (or record the absence) at a session, with the hours counted."""
    data = study_attendance_check(fields, street=street)
    with transaction.atomic():
        session = data.get("session")
        if isinstance(session, StudySession):
            # The session's hours are read under its lock: a concurrent change of its length
            # cannot slip between the check and the write.
            data["session"] = _lock(session)
            data = study_attendance_values({**data, "hours": fields.get("hours")})
        return model_create(StudyAttendance, actor=actor, data={"street": street, **data})


def study_attendance_update(
    attendance: StudyAttendance, *, actor: User | None, **fields: Any
) -> StudyAttendance:
    """Correct an attendance (present or absent, hours, note); the session and the person stay."""
    for name in ("session", "user"):
        if name in fields and fields[name] != getattr(attendance, name):
            raise ValidationError({name: _("签到记录的学法活动和人员不能修改；请删除后重新登记。")})
        fields.pop(name, None)
    _refuse_street_change(attendance, fields)
    with transaction.atomic():
        locked = _lock(attendance)
        attended = fields.get("attended", locked.attended)
        toggled = attended != locked.attended
        if "hours" in fields and not (toggled and fields["hours"] == locked.hours):
            hours = fields["hours"]
        elif toggled:
            hours = None  # present again: the session's hours; absent: none
        else:
            hours = locked.hours
        data = study_attendance_values(
            {"session": locked.session, "attended": attended, "hours": hours}
        )
        changes = {k: v for k, v in fields.items() if k not in {"attended", "hours"}}
        changes.update(attended=data["attended"], hours=data["hours"])
        return model_update(locked, actor=actor, data=changes)[0]


def study_attendance_delete(attendance: StudyAttendance, *, actor: User | None) -> None:
    """Remove a sign-in entered by mistake."""
    model_delete(attendance, actor=actor)


# --- Self-study ----------------------------------------------------------------------------------


def may_record_for_others(actor: User | None) -> bool:
    """The office records anyone's self-study; department staff only their own."""
    return actor is None or actor.is_superuser or actor.has_perm("study.view_all_selfstudy")


def _check_self_study(values: Mapping[str, Any], laws: list[LawToStudy]) -> None:
    if not laws and not str(values.get("material") or "").strip():
        raise ValidationError({"material": _("请选择学习的新修订法律，或填写学习内容。")})


def self_study_create(
    *,
    street: Street,
    actor: User | None,
    user: User | None = None,
    laws: Iterable[LawToStudy] = (),
    **fields: Any,
) -> SelfStudy:
    """Record one person's self-study. Staff who may not record for others record their own:
    the person is then the actor, and another person is refused."""
    person = user
    if not may_record_for_others(actor):
        if person is None:
            person = actor
        elif actor is None or person.pk != actor.pk:
            raise ValidationError({"user": _("您只能登记本人的自学记录。")})
    if person is None:
        raise ValidationError({"user": _("请选择学习人员。")})
    laws = list(laws)
    _check_self_study(fields, laws)
    _check_laws(street, laws)
    _check_people(street, [person], field="user", label=_("学习人员"))
    return model_create(
        SelfStudy,
        actor=actor,
        data={"street": street, "user": person, **fields},
        m2m={"laws": laws},
    )


def _check_own(study: SelfStudy, actor: User | None, what: str) -> None:
    if not may_record_for_others(actor) and (actor is None or study.user_id != actor.pk):
        raise ValidationError(_("您只能%(what)s本人的自学记录。") % {"what": what})


def self_study_update(
    study: SelfStudy,
    *,
    actor: User | None,
    laws: Iterable[LawToStudy] | None = None,
    **fields: Any,
) -> SelfStudy:
    """Change a self-study record; staff change only their own."""
    _refuse_street_change(study, fields)
    _check_own(study, actor, _("修改"))
    person = fields.get("user")
    if person is not None and person.pk != study.user_id:
        if not may_record_for_others(actor):
            raise ValidationError({"user": _("您只能登记本人的自学记录。")})
        _check_people(study.street, [person], field="user", label=_("学习人员"))
    m2m = None
    with transaction.atomic():
        locked = _lock(study)
        current_laws = list(locked.laws.all()) if laws is None else list(laws)
        material = fields.get("material", locked.material)
        _check_self_study({"material": material}, current_laws)
        if laws is not None:
            _check_laws(locked.street, current_laws)
            m2m = {"laws": current_laws}
        return model_update(locked, actor=actor, data=fields, m2m=m2m)[0]


def self_study_delete(study: SelfStudy, *, actor: User | None) -> None:
    """Delete a self-study record; staff delete only their own."""
    _check_own(study, actor, _("删除"))
    model_delete(study, actor=actor)


# --- 法律明白人 and their training --------------------------------------------------------------


def _check_literate(values: Mapping[str, Any], current: LegalLiterate | None) -> None:
    worker = values.get("grid_worker")
    appointed_on: date | None = values.get("appointed_on")
    changed = current is None or current.grid_worker_id != getattr(worker, "pk", None)
    if (
        worker is not None
        and changed
        and appointed_on is not None
        and worker.ended_on is not None
        and worker.ended_on <= appointed_on
    ):
        raise ValidationError(
            {
                "grid_worker": _("网格员%(name)s已于%(date)s离岗。")
                % {"name": worker.name, "date": cn_date(worker.ended_on)}
            }
        )
    account = values.get("user")
    if (
        account is not None
        and (current is None or current.user_id != account.pk)
        and not account.is_active
    ):
        raise ValidationError({"user": _("所选账号已停用。")})


def legal_literate_create(*, street: Street, actor: User | None, **fields: Any) -> LegalLiterate:
    """Register a 法律明白人 of a village, linked to the grid worker or account where there is one."""
    _check_literate(fields, None)
    return model_create(LegalLiterate, actor=actor, data={"street": street, **fields})


def legal_literate_update(
    literate: LegalLiterate, *, actor: User | None, **fields: Any
) -> LegalLiterate:
    """Change a 法律明白人's record; one who stops serving gets an end date, not a deletion."""
    _refuse_street_change(literate, fields)
    with transaction.atomic():
        locked = _lock(literate)
        merged = {
            "grid_worker": fields.get("grid_worker", locked.grid_worker),
            "user": fields.get("user", locked.user),
            "appointed_on": fields.get("appointed_on", locked.appointed_on),
        }
        _check_literate(merged, locked)
        return model_update(locked, actor=actor, data=fields)[0]


def _check_trainees(street: Street, people: list[LegalLiterate], day: date | None) -> None:
    if any(p.street_id != street.pk for p in people):
        raise ValidationError({"attendees": _("参训人员须为本街道的法律明白人。")})
    if day is None:
        return
    off = [
        p for p in people if p.appointed_on > day or (p.ended_on is not None and p.ended_on <= day)
    ]
    if off:
        raise ValidationError(
            {
                "attendees": _("%(names)s在%(date)s不是在册的法律明白人。")
                % {"names": _("、").join(p.name for p in off), "date": cn_date(day)}
            }
        )


def literate_training_create(
    *,
    street: Street,
    actor: User | None,
    attendees: Iterable[LegalLiterate] = (),
    **fields: Any,
) -> LiterateTraining:
    """Record a training of the 法律明白人 and who took part (in the registry on its day)."""
    attendees = list(attendees)
    _check_trainees(street, attendees, fields.get("date"))
    return model_create(
        LiterateTraining,
        actor=actor,
        data={"street": street, **fields},
        m2m={"attendees": attendees},
    )


def literate_training_update(
    training: LiterateTraining,
    *,
    actor: User | None,
    attendees: Iterable[LegalLiterate] | None = None,
    **fields: Any,
) -> LiterateTraining:
    _refuse_street_change(training, fields)
    with transaction.atomic():
        locked = _lock(training)
        day = fields.get("date", locked.date)
        people = list(locked.attendees.all()) if attendees is None else list(attendees)
        _check_trainees(locked.street, people, day)
        m2m = {"attendees": people} if attendees is not None else None
        return model_update(locked, actor=actor, data=fields, m2m=m2m)[0]


def literate_training_delete(training: LiterateTraining, *, actor: User | None) -> None:
    """Delete a training; its list of participants goes with it (kept in the audit row)."""
    with transaction.atomic():
        locked = _lock(training)
        people = sorted(locked.attendees.values_list("pk", flat=True))
        if people:
            model_update(locked, actor=actor, data={}, m2m={"attendees": []})
        model_delete(locked, actor=actor)


# --- Exams drawing on the question bank -------------------------------------------------------


def exam_pool(street: Street, laws: Iterable[LawToStudy] = ()) -> models.QuerySet[Question]:
    """The questions in use of the street's bank; with laws, those whose law reference names
    one of them (by its title without the book-title marks)."""
    pool = Question.objects.filter(street=street, in_use=True)
    names = [law.name.strip("《》") for law in laws]
    if names:
        condition = models.Q()
        for name in names:
            condition |= models.Q(law_reference__contains=name)
        pool = pool.filter(condition)
    return pool.order_by("pk")


def _drawn(
    street: Street, laws: list[LawToStudy], count: int, rng: random.Random | None
) -> list[Question]:
    """``count`` questions in use, those on ``laws`` first, the rest of the bank after."""
    chance = rng or random.SystemRandom()
    on_laws = list(exam_pool(street, laws)) if laws else []
    rest = [q for q in exam_pool(street) if q not in on_laws]
    if count > len(on_laws) + len(rest):
        raise ValidationError(
            {
                "question_count": _("题库中在用的试题只有%(available)s道，不够抽取%(count)s道。")
                % {"available": len(on_laws) + len(rest), "count": count}
            }
        )
    if count <= len(on_laws):
        return chance.sample(on_laws, count)
    return [*on_laws, *chance.sample(rest, count - len(on_laws))]


def study_exam_create(
    *,
    street: Street,
    actor: User | None,
    laws: Iterable[LawToStudy] = (),
    questions: Iterable[Question] = (),
    question_count: int | None = None,
    rng: random.Random | None = None,
    **fields: Any,
) -> StudyExam:
    """Set up an exam on laws of the list: the questions picked, and ``question_count`` drawn
    at random from the bank's questions in use, those whose law reference names the laws first."""
    laws, picked = list(laws), list(questions)
    _check_laws(street, laws)
    if any(q.street_id != street.pk for q in picked):
        raise ValidationError({"questions": _("所选试题不在本街道的题库中。")})
    if question_count:
        drawn = _drawn(street, laws, question_count, rng)
        picked = list(dict.fromkeys([*picked, *drawn]))
    if not picked:
        raise ValidationError({"questions": _("请从题库中挑选试题，或填写抽题数。")})
    return model_create(
        StudyExam,
        actor=actor,
        data={"street": street, **fields},
        m2m={"laws": laws, "questions": picked},
    )


def study_exam_update(
    exam: StudyExam,
    *,
    actor: User | None,
    laws: Iterable[LawToStudy] | None = None,
    questions: Iterable[Question] | None = None,
    **fields: Any,
) -> StudyExam:
    _refuse_street_change(exam, fields)
    fields.pop("question_count", None)  # drawn once, when the exam is set up
    m2m: dict[str, Any] = {}
    if laws is not None:
        m2m["laws"] = list(laws)
        _check_laws(exam.street, m2m["laws"])
    if questions is not None:
        m2m["questions"] = list(questions)
        if any(q.street_id != exam.street_id for q in m2m["questions"]):
            raise ValidationError({"questions": _("所选试题不在本街道的题库中。")})
        if not m2m["questions"]:
            raise ValidationError({"questions": _("考试至少要有一道试题。")})
    return model_update(exam, actor=actor, data=fields, m2m=m2m or None)[0]


def study_exam_delete(exam: StudyExam, *, actor: User | None) -> None:
    """Delete an exam with its scores, each audited."""
    with transaction.atomic():
        for score in StudyExamScore.objects.filter(exam=exam):
            model_delete(score, actor=actor)
        model_delete(exam, actor=actor)


def study_exam_score_create(*, street: Street, actor: User | None, **fields: Any) -> StudyExamScore:
    """Enter one person's score in an exam (the person an active account of the street)."""
    exam: StudyExam | None = fields.get("exam")
    if exam is not None and exam.street_id != street.pk:
        raise ValidationError({"exam": _("所选考试不属于本街道。")})
    person = fields.get("user")
    if person is not None:
        _check_people(street, [person], field="user", label=_("参考人员"))
    return model_create(StudyExamScore, actor=actor, data={"street": street, **fields})


def study_exam_score_update(
    score: StudyExamScore, *, actor: User | None, **fields: Any
) -> StudyExamScore:
    """Correct a score; the exam and the person stay."""
    for name in ("exam", "user"):
        if name in fields and fields[name] != getattr(score, name):
            raise ValidationError({name: _("成绩的考试和人员不能修改；请删除后重新登记。")})
        fields.pop(name, None)
    _refuse_street_change(score, fields)
    return model_update(score, actor=actor, data=fields)[0]
