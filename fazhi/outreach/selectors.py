"""Reads on law education and publicity; each selector owns its joins and the user's scope.

Besides the lists: the coverage of a year's responsibility lists (which listed laws had
activities), the calendar of the key dates of a year with what was planned and done for each,
and the key dates coming up with nothing planned (the dashboard's reminder).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import (
    Avg,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Max,
    Min,
    Prefetch,
    Q,
    QuerySet,
)
from django.utils import timezone

from fazhi.legal_services.models import Consultation
from fazhi.org.models import Street
from fazhi.outreach.models import (
    OPTION_LETTERS,
    Activity,
    ActivityPhoto,
    FaqEntry,
    FaqSynonym,
    KeyDate,
    MediaWork,
    PublicityItem,
    Question,
    Quiz,
    QuizAttempt,
    Recognition,
    ResponsibilityItem,
    Theme,
)

# A key date this many days ahead with nothing planned for it is reminded on the dashboard.
KEY_DATE_REMINDER_DAYS = 14


def theme_list(user: Any) -> QuerySet[Theme]:
    return Theme.objects.for_user(user)


def responsibility_item_list(user: Any) -> QuerySet[ResponsibilityItem]:
    return ResponsibilityItem.objects.for_user(user).select_related("department", "theme")


def key_date_list(user: Any) -> QuerySet[KeyDate]:
    return KeyDate.objects.for_user(user).prefetch_related("themes")


def activity_list(user: Any) -> QuerySet[Activity]:
    return (
        Activity.objects.for_user(user)
        .select_related("department", "village", "partner_firm", "key_date", "quiz")
        .prefetch_related("themes")
    )


def activity_photo_list(user: Any) -> QuerySet[ActivityPhoto]:
    return ActivityPhoto.objects.for_user(user).select_related("activity", "uploaded_by")


def publicity_item_list(user: Any) -> QuerySet[PublicityItem]:
    return (
        PublicityItem.objects.for_user(user)
        .select_related("village", "grid", "group", "lawyer", "department")
        .prefetch_related("themes")
    )


def media_work_list(user: Any) -> QuerySet[MediaWork]:
    return (
        MediaWork.objects.for_user(user)
        .select_related("partner_firm", "department")
        .prefetch_related("themes")
    )


def recognition_list(user: Any) -> QuerySet[Recognition]:
    return Recognition.objects.for_user(user).select_related("work")


def faq_entry_list(user: Any) -> QuerySet[FaqEntry]:
    return FaqEntry.objects.for_user(user).select_related("partner_firm")


def faq_synonym_list(user: Any) -> QuerySet[FaqSynonym]:
    return FaqSynonym.objects.for_user(user)


def public_faq_entries(street: Any, category: str | None = None) -> QuerySet[FaqEntry]:
    """The street's published FAQ as the portal lists it, the latest first."""
    entries = FaqEntry.objects.filter(street=street, status=FaqEntry.Status.PUBLISHED)
    if category:
        entries = entries.filter(category=category)
    return entries.order_by("-published_on", "-id")


def public_faq_entry(street: Any, pk: int) -> FaqEntry | None:
    """One published entry of the street with its partner firm, or None."""
    return public_faq_entries(street).select_related("partner_firm").filter(pk=pk).first()


def question_list(user: Any) -> QuerySet[Question]:
    return Question.objects.for_user(user).select_related("theme")


def quiz_list(user: Any) -> QuerySet[Quiz]:
    return (
        Quiz.objects.for_user(user)
        .select_related("key_date")
        .prefetch_related("themes")
        .annotate(participants=Count("attempts", filter=Q(attempts__submitted_at__isnull=False)))
        .order_by("-opens_at", "-id")  # a grouped query leaves Meta.ordering out
    )


def quiz_attempt_list(user: Any) -> QuerySet[QuizAttempt]:
    return QuizAttempt.objects.for_user(user).select_related("quiz")


# --- a quiz on the portal and its results -----------------------------------------------------

# The portal lists this many of a street's closed quizzes, the latest first.
PUBLIC_CLOSED_QUIZZES = 20
# The portal's ranking of a quiz shows this many attempts.
RANKING_SIZE = 20


@dataclass(frozen=True)
class PublicQuizzes:
    """A street's published quizzes as the portal lists them."""

    open: list[Quiz]
    upcoming: list[Quiz]
    closed: list[Quiz]


def _with_participants(quizzes: QuerySet[Quiz]) -> QuerySet[Quiz]:
    return quizzes.annotate(
        participants=Count("attempts", filter=Q(attempts__submitted_at__isnull=False))
    )


def public_quizzes(street: Street, now: datetime) -> PublicQuizzes:
    """The street's published quizzes open at ``now`` (closing soonest first), to come (opening
    soonest first) and the latest closed ones, each with the number of attempts handed in."""
    published = _with_participants(Quiz.objects.filter(street=street, status=Quiz.Status.PUBLISHED))
    current = list(published.filter(closes_at__gt=now).order_by("opens_at", "id"))
    closed = published.filter(closes_at__lte=now).order_by("-closes_at", "-id")
    return PublicQuizzes(
        open=sorted((q for q in current if q.opens_at <= now), key=lambda q: q.closes_at),
        upcoming=[q for q in current if q.opens_at > now],
        closed=list(closed[:PUBLIC_CLOSED_QUIZZES]),
    )


def public_quiz(street: Street, pk: int) -> Quiz | None:
    """One published quiz of the street, or None (drafts and cancelled quizzes are not
    public)."""
    return Quiz.objects.filter(street=street, status=Quiz.Status.PUBLISHED, pk=pk).first()


def public_attempt(quiz: Quiz, pk: int) -> QuizAttempt | None:
    """The quiz's attempt ``pk`` (the one a browser's session holds), or None."""
    attempt = QuizAttempt.objects.filter(quiz=quiz, pk=pk).first()
    if attempt is not None:
        attempt.quiz = quiz
    return attempt


@dataclass(frozen=True)
class SheetQuestion:
    """A question as the answer sheet shows it before the answers are handed in: the stem and
    the options, and nothing of the answer, the explanation or the law behind it."""

    number: int
    pk: int
    kind: str
    multiple: bool
    stem: str
    options: list[tuple[str, str]]


def _options(options: Any) -> list[tuple[str, str]]:
    return list(zip(OPTION_LETTERS, options or [], strict=False))


def attempt_sheet(attempt: QuizAttempt) -> list[SheetQuestion]:
    """The questions drawn for the attempt, in the order drawn, as the answer sheet shows them
    (the answers are not read from the database at all)."""
    drawn = [int(pk) for pk in attempt.questions]
    rows = {
        row["pk"]: row
        for row in Question.objects.filter(pk__in=drawn).values("pk", "kind", "stem", "options")
    }
    labels = dict(Question.Kind.choices)
    return [
        SheetQuestion(
            number=number,
            pk=pk,
            kind=str(labels.get(rows[pk]["kind"], "")),
            multiple=rows[pk]["kind"] == Question.Kind.MULTIPLE,
            stem=rows[pk]["stem"],
            options=_options(rows[pk]["options"]),
        )
        for number, pk in enumerate((pk for pk in drawn if pk in rows), start=1)
    ]


@dataclass(frozen=True)
class ReviewedQuestion:
    """A question of an attempt handed in (or past its time): what was answered, the right
    answer, the explanation and the law it rests on."""

    number: int
    question: Question
    given: str
    # (letter, text, chosen, right) for each option.
    options: list[tuple[str, str, bool, bool]]

    @property
    def right(self) -> bool:
        return bool(self.given) and self.given == self.question.answer


def attempt_review(attempt: QuizAttempt) -> list[ReviewedQuestion]:
    """The attempt's questions in the order drawn with the answers given and the right ones."""
    drawn = [int(pk) for pk in attempt.questions]
    bank = Question.objects.in_bulk(drawn)
    answers = attempt.answers or {}
    reviewed: list[ReviewedQuestion] = []
    for pk in drawn:
        question = bank.get(pk)
        if question is None:  # taken out of the bank since
            continue
        given = str(answers.get(str(pk), ""))
        reviewed.append(
            ReviewedQuestion(
                number=len(reviewed) + 1,
                question=question,
                given=given,
                options=[
                    (letter, text, letter in given, letter in question.answer)
                    for letter, text in _options(question.options)
                ],
            )
        )
    return reviewed


def _taken() -> ExpressionWrapper:
    return ExpressionWrapper(F("submitted_at") - F("started_at"), output_field=DurationField())


def quiz_ranking(quiz: Quiz) -> QuerySet[QuizAttempt]:
    """The quiz's attempts best first: the higher score, then the shorter time taken (``taken``),
    then the earlier hand-in; attempts never handed in come last, in the order they started."""
    return (
        QuizAttempt.objects.filter(quiz=quiz)
        .annotate(taken=_taken())
        .order_by(
            F("score").desc(nulls_last=True),
            F("taken").asc(nulls_last=True),
            F("submitted_at").asc(nulls_last=True),
            "started_at",
            "id",
        )
    )


def public_ranking(quiz: Quiz, size: int = RANKING_SIZE) -> list[QuizAttempt]:
    """The first ``size`` attempts handed in, best first (see ``quiz_ranking``)."""
    return list(quiz_ranking(quiz).filter(submitted_at__isnull=False)[:size])


@dataclass(frozen=True)
class QuizSummary:
    """A quiz's attempts in figures."""

    started: int
    submitted: int
    average: float | None
    highest: int | None
    lowest: int | None

    @property
    def not_submitted(self) -> int:
        return self.started - self.submitted


def quiz_summary(quiz: Quiz) -> QuizSummary:
    """How many started and handed in, and the average, highest and lowest score handed in
    (one query)."""
    handed_in = Q(submitted_at__isnull=False)
    row = QuizAttempt.objects.filter(quiz=quiz).aggregate(
        started=Count("pk"),
        submitted=Count("pk", filter=handed_in),
        average=Avg("score", filter=handed_in),
        highest=Max("score", filter=handed_in),
        lowest=Min("score", filter=handed_in),
    )
    average = row["average"]
    return QuizSummary(
        started=row["started"],
        submitted=row["submitted"],
        average=round(float(average), 1) if average is not None else None,
        highest=row["highest"],
        lowest=row["lowest"],
    )


@dataclass(frozen=True)
class QuestionResult:
    """How the residents who handed in answered one question of a quiz."""

    question: Question
    drawn: int
    right: int
    blank: int

    @property
    def wrong(self) -> int:
        return self.drawn - self.right - self.blank

    @property
    def share(self) -> float:
        """The share answering right, in per cent of those who drew the question."""
        return round(100 * self.right / self.drawn, 1) if self.drawn else 0.0


def quiz_question_results(quiz: Quiz) -> list[QuestionResult]:
    """Each question drawn in the quiz's attempts handed in, in the bank's order, with how many
    drew it, answered it right and left it blank, judged against the question's answer as it
    stands. One read of the attempts' drawn questions and answers (JSON, counted here rather
    than in SQL, which differs between SQLite and PostgreSQL) and one of the questions,
    whatever their number."""
    sheets = list(
        QuizAttempt.objects.filter(quiz=quiz, submitted_at__isnull=False).values_list(
            "questions", "answers"
        )
    )
    drawn: Counter[int] = Counter()
    for questions, _answers in sheets:
        drawn.update(int(pk) for pk in questions)
    bank = Question.objects.select_related("theme").in_bulk(list(drawn))
    right: Counter[int] = Counter()
    blank: Counter[int] = Counter()
    for questions, answers in sheets:
        for pk in map(int, questions):
            given = (answers or {}).get(str(pk), "")
            question = bank.get(pk)
            if not given:
                blank[pk] += 1
            elif question is not None and given == question.answer:
                right[pk] += 1
    return [
        QuestionResult(bank[pk], drawn[pk], right[pk], blank[pk])
        for pk in sorted(drawn)
        if pk in bank
    ]


def consultations_of_the_day(user: Any, activity: Activity) -> QuerySet[Consultation]:
    """The consultations the user may see that were held on the activity's day: those it can
    name as its on-the-spot consultations."""
    zone = timezone.get_default_timezone()
    start = datetime.combine(activity.held_on, time.min, tzinfo=zone)
    return (
        Consultation.objects.for_user(user)
        .filter(street_id=activity.street_id, occurred_at__gte=start)
        .filter(occurred_at__lt=start + timedelta(days=1))
        .select_related("lawyer", "village")
        .order_by("occurred_at")
    )


# --- coverage of the responsibility lists ---------------------------------------------------


@dataclass(frozen=True)
class CoverageRow:
    """One law of a department's list with the year's activities on it."""

    item: ResponsibilityItem
    activities: int
    by_department: int
    publicity_items: int

    @property
    def covered(self) -> bool:
        return self.activities > 0


def responsibility_coverage(user: Any, year: int) -> list[CoverageRow]:
    """Every law on the year's responsibility lists, with the activities held on it in the
    year (by anyone, and by the listed department) and the publicity items on it: a law with
    no activity is one the year's work left out."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    held = Q(
        theme__activities__status=Activity.Status.HELD,
        theme__activities__held_on__gte=first,
        theme__activities__held_on__lte=last,
    )
    items = (
        responsibility_item_list(user)
        .filter(year=year)
        .annotate(
            n_activities=Count("theme__activities", filter=held, distinct=True),
            n_by_department=Count(
                "theme__activities",
                filter=held & Q(theme__activities__department=F("department")),
                distinct=True,
            ),
            n_publicity=Count(
                "theme__publicity_items",
                filter=Q(
                    theme__publicity_items__published_on__gte=first,
                    theme__publicity_items__published_on__lte=last,
                ),
                distinct=True,
            ),
        )
    )
    return [
        CoverageRow(item, item.n_activities, item.n_by_department, item.n_publicity)
        for item in items
    ]


# --- the key dates of a year -----------------------------------------------------------------


@dataclass
class KeyDateYear:
    """A key date in one year: its days, and the activities and quizzes for it."""

    key_date: KeyDate
    start: date
    end: date
    activities: list[Activity] = field(default_factory=list)
    quizzes: list[Quiz] = field(default_factory=list)

    @property
    def held(self) -> list[Activity]:
        return [a for a in self.activities if a.status == Activity.Status.HELD]

    @property
    def planned(self) -> list[Activity]:
        return [a for a in self.activities if a.status == Activity.Status.PLANNED]

    @property
    def arranged(self) -> bool:
        """Something is planned or done for it (a cancelled activity is not)."""
        return bool(self.held or self.planned or self.quizzes)


def key_date_calendar(user: Any, year: int) -> list[KeyDateYear]:
    """The street's key dates in ``year`` in the order of the year, each with the activities
    and quizzes of that year for it."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    activities: Prefetch[Any] = Prefetch(
        "activities",
        queryset=Activity.objects.filter(held_on__gte=first, held_on__lte=last)
        .select_related("department", "village")
        .order_by("held_on", "id"),
    )
    zone = timezone.get_default_timezone()
    quizzes: Prefetch[Any] = Prefetch(
        "quizzes",
        queryset=Quiz.objects.exclude(status=Quiz.Status.CANCELLED)
        .filter(
            opens_at__gte=datetime.combine(first, time.min, tzinfo=zone),
            opens_at__lt=datetime.combine(last + timedelta(days=1), time.min, tzinfo=zone),
        )
        .order_by("opens_at"),
    )
    rows = []
    for key_date in (
        KeyDate.objects.for_user(user).filter(is_active=True).prefetch_related(activities, quizzes)
    ):
        start, end = key_date.occurrence(year)
        rows.append(
            KeyDateYear(
                key_date,
                start,
                end,
                list(key_date.activities.all()),
                list(key_date.quizzes.all()),
            )
        )
    return sorted(rows, key=lambda r: (r.start, r.end, r.key_date.name))


def key_dates_unplanned(
    user: Any, today: date, days: int = KEY_DATE_REMINDER_DAYS
) -> list[KeyDateYear]:
    """The key dates whose first day comes within ``days`` days from ``today`` with nothing
    planned or done for them in that year."""
    horizon = today + timedelta(days=days)
    due: list[KeyDateYear] = []
    for year in sorted({today.year, horizon.year}):
        for row in key_date_calendar(user, year):
            if today <= row.start <= horizon and not row.arranged:
                due.append(row)
    return due
