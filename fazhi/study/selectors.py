"""Reads on staff law study and the 法律明白人: lists (each owns its joins), each person's hours
in a year against the street's target, who has and has not studied a law on the list, and the
villages' coverage by 法律明白人."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Avg, Count, Q, QuerySet, Sum

from fazhi.core.access import get_for_user
from fazhi.org.models import Street, User, Village
from fazhi.org.roles import Role
from fazhi.study.models import (
    LITERATES_PER_VILLAGE,
    LawToStudy,
    LegalLiterate,
    LiterateTraining,
    SelfStudy,
    StudyAttendance,
    StudyExam,
    StudyExamScore,
    StudySession,
    StudyTarget,
)

ZERO = Decimal("0")


# --- Lists ---------------------------------------------------------------------------------------


def study_target_list(user: Any) -> QuerySet[StudyTarget]:
    return StudyTarget.objects.for_user(user)


def law_to_study_list(user: Any) -> QuerySet[LawToStudy]:
    return LawToStudy.objects.for_user(user)


def study_session_list(user: Any) -> QuerySet[StudySession]:
    return (
        StudySession.objects.for_user(user)
        .select_related("lawyer", "lawyer__firm", "meeting", "department")
        .prefetch_related("laws")
        .annotate(present=Count("attendance", filter=Q(attendance__attended=True), distinct=True))
        .order_by("-date", "-id")
    )


def study_attendance_list(user: Any) -> QuerySet[StudyAttendance]:
    return StudyAttendance.objects.for_user(user).select_related(
        "session", "user", "user__department"
    )


def self_study_list(user: Any) -> QuerySet[SelfStudy]:
    return (
        SelfStudy.objects.for_user(user)
        .select_related("user", "user__department")
        .prefetch_related("laws")
    )


def legal_literate_list(user: Any) -> QuerySet[LegalLiterate]:
    return LegalLiterate.objects.for_user(user).select_related(
        "village", "grid_worker", "grid_worker__grid", "user"
    )


def literate_training_list(user: Any) -> QuerySet[LiterateTraining]:
    return (
        LiterateTraining.objects.for_user(user)
        .select_related("lawyer", "lawyer__firm")
        .annotate(trainees=Count("attendance", distinct=True))
        .order_by("-date", "-id")
    )


def study_exam_list(user: Any) -> QuerySet[StudyExam]:
    return (
        StudyExam.objects.for_user(user)
        .prefetch_related("laws", "questions")
        .annotate(
            takers=Count("scores", distinct=True),
            average=Avg("scores__score"),
            question_total=Count("questions", distinct=True),
        )
        .order_by("-date", "-id")
    )


def study_exam_score_list(user: Any) -> QuerySet[StudyExamScore]:
    return StudyExamScore.objects.for_user(user).select_related("exam", "user", "user__department")


# One access helper per entity: 404 outside the user's scope, 403 without the right to change.


def get_study_target_for_user(user: Any, pk: Any, write: bool = False) -> StudyTarget:
    return get_for_user(StudyTarget, user, pk, write=write)


def get_law_to_study_for_user(user: Any, pk: Any, write: bool = False) -> LawToStudy:
    return get_for_user(LawToStudy, user, pk, write=write)


def get_study_session_for_user(user: Any, pk: Any, write: bool = False) -> StudySession:
    return get_for_user(StudySession, user, pk, write=write)


def get_study_attendance_for_user(user: Any, pk: Any, write: bool = False) -> StudyAttendance:
    return get_for_user(StudyAttendance, user, pk, write=write)


def get_self_study_for_user(user: Any, pk: Any, write: bool = False) -> SelfStudy:
    return get_for_user(SelfStudy, user, pk, write=write)


def get_legal_literate_for_user(user: Any, pk: Any, write: bool = False) -> LegalLiterate:
    return get_for_user(LegalLiterate, user, pk, write=write)


def get_study_exam_for_user(user: Any, pk: Any, write: bool = False) -> StudyExam:
    return get_for_user(StudyExam, user, pk, write=write)


def get_study_exam_score_for_user(user: Any, pk: Any, write: bool = False) -> StudyExamScore:
    return get_for_user(StudyExamScore, user, pk, write=write)


def get_literate_training_for_user(user: Any, pk: Any, write: bool = False) -> LiterateTraining:
    return get_for_user(LiterateTraining, user, pk, write=write)


# --- Who studies ----------------------------------------------------------------------------------


def study_people(street: Street | int) -> QuerySet[User]:
    """The street's staff held to the study target: its active accounts, except outside
    lawyers' (a lawyer's account without a role of the street's own staff)."""
    street_id = street.pk if isinstance(street, Street) else street
    outside_lawyers = (
        User.objects.filter(street_id=street_id, groups__name=Role.LAWYER)
        .exclude(groups__name__in=Role.street_wide())
        .values("pk")
    )
    return (
        User.objects.filter(street_id=street_id, is_active=True, is_superuser=False)
        .exclude(pk__in=outside_lawyers)
        .select_related("department")
        .order_by("department__sort_order", "username")
    )


def may_see_everyones_study(user: Any) -> bool:
    """The office and the leader see everyone's hours; other staff their own."""
    return bool(user.is_superuser or user.has_perm("study.view_all_selfstudy"))


@dataclass
class PersonHours:
    """One person's study hours in a year: at sessions, on their own, against the target."""

    user: User
    session_hours: Decimal
    self_hours: Decimal
    target: Decimal | None

    @property
    def total(self) -> Decimal:
        return self.session_hours + self.self_hours

    @property
    def below_target(self) -> bool:
        return self.target is not None and self.total < self.target

    @property
    def shortfall(self) -> Decimal:
        if self.target is None:
            return ZERO
        return max(self.target - self.total, ZERO)


@dataclass
class YearHours:
    """Everyone's hours in a year and the target they are measured against."""

    year: int
    target: StudyTarget | None
    people: list[PersonHours] = field(default_factory=list)

    @property
    def below(self) -> list[PersonHours]:
        return [p for p in self.people if p.below_target]


def year_target(street: Street | int, year: int) -> StudyTarget | None:
    street_id = street.pk if isinstance(street, Street) else street
    return StudyTarget.objects.filter(street_id=street_id, year=year).first()


def hours_in_year(user: Any, year: int, *, only: User | None = None) -> YearHours:
    """Each person's hours in ``year`` (sessions attended and self-study, dated in the year)
    against the street's target for it: the staff held to the target, and anyone else of the
    street with hours that year. ``only`` narrows the table to one person."""
    street_id = user.street_id
    target = year_target(street_id, year) if street_id else None
    result = YearHours(year=year, target=target)
    if street_id is None:
        return result
    first, last = date(year, 1, 1), date(year, 12, 31)
    attended = (
        StudyAttendance.objects.filter(
            street_id=street_id,
            attended=True,
            session__date__gte=first,
            session__date__lte=last,
        )
        .values("user")
        .annotate(hours=Sum("hours"))
        .order_by()
    )
    own = (
        SelfStudy.objects.filter(street_id=street_id, date__gte=first, date__lte=last)
        .values("user")
        .annotate(hours=Sum("hours"))
        .order_by()
    )
    if only is not None:
        attended, own = attended.filter(user=only), own.filter(user=only)
    session_hours = {row["user"]: row["hours"] or ZERO for row in attended}
    self_hours = {row["user"]: row["hours"] or ZERO for row in own}
    people = study_people(street_id)
    studied = set(session_hours) | set(self_hours)
    if only is not None:
        candidates = [only] if only.street_id == street_id else []
    else:
        extra = (
            User.objects.filter(pk__in=studied)
            .exclude(pk__in=people.values("pk"))
            .select_related("department")
        )
        candidates = [*people, *extra]
    goal = target.target_hours if target is not None else None
    result.people = [
        PersonHours(
            user=person,
            session_hours=session_hours.get(person.pk, ZERO),
            self_hours=self_hours.get(person.pk, ZERO),
            target=goal,
        )
        for person in candidates
    ]
    return result


# --- Who has studied a law on the list ------------------------------------------------------------


@dataclass
class LawStudy:
    """One person who has studied a law: where (sessions attended, self-study) and when first."""

    user: User
    sessions: list[StudySession] = field(default_factory=list)
    self_studies: list[SelfStudy] = field(default_factory=list)

    @property
    def first_on(self) -> date:
        days = [s.date for s in self.sessions] + [s.date for s in self.self_studies]
        return min(days)


@dataclass
class LawStatus:
    law: LawToStudy
    studied: list[LawStudy]
    not_yet: list[User]


def law_study_status(law: LawToStudy) -> LawStatus:
    """Who of the street's staff has studied ``law`` — present at a session that covered it, or
    recorded self-study of it — and who has not yet."""
    by_person: dict[int, LawStudy] = {}
    attendance = (
        StudyAttendance.objects.filter(session__laws=law, attended=True)
        .select_related("user", "user__department", "session")
        .order_by("session__date", "pk")
    )
    for row in attendance:
        by_person.setdefault(row.user_id, LawStudy(row.user)).sessions.append(row.session)
    own = (
        SelfStudy.objects.filter(laws=law)
        .select_related("user", "user__department")
        .order_by("date", "pk")
    )
    for study in own:
        by_person.setdefault(study.user_id, LawStudy(study.user)).self_studies.append(study)
    studied = sorted(by_person.values(), key=lambda s: (s.first_on, s.user.username))
    not_yet = [p for p in study_people(law.street_id) if p.pk not in by_person]
    return LawStatus(law=law, studied=studied, not_yet=not_yet)


def laws_studied_counts(laws: QuerySet[LawToStudy]) -> dict[int, int]:
    """For each law, how many different people have studied it (sessions and self-study)."""
    people: dict[int, set[int]] = defaultdict(set)
    for law_id, user_id in StudyAttendance.objects.filter(
        session__laws__in=laws, attended=True
    ).values_list("session__laws", "user"):
        people[law_id].add(user_id)
    for law_id, user_id in SelfStudy.objects.filter(laws__in=laws).values_list("laws", "user"):
        people[law_id].add(user_id)
    return {law_id: len(users) for law_id, users in people.items()}


# --- 法律明白人 per village ----------------------------------------------------------------------


@dataclass
class VillageCoverage:
    """A village's 法律明白人 in the registry on a day, against the target per village."""

    village: Village
    literates: list[LegalLiterate]

    @property
    def count(self) -> int:
        return len(self.literates)

    @property
    def below_target(self) -> bool:
        return self.count < LITERATES_PER_VILLAGE

    @property
    def missing(self) -> int:
        return max(LITERATES_PER_VILLAGE - self.count, 0)


def literate_coverage(user: Any, day: date) -> list[VillageCoverage]:
    """Each village in force on ``day`` with its 法律明白人 in the registry that day, in the
    villages' order; those with fewer than the target are flagged."""
    villages = list(Village.objects.for_user(user).active_on(day).order_by("sort_order", "name"))
    literates: dict[int, list[LegalLiterate]] = defaultdict(list)
    for person in LegalLiterate.objects.for_user(user).active_on(day).order_by("name"):
        literates[person.village_id].append(person)
    return [VillageCoverage(v, literates.get(v.pk, [])) for v in villages]
