"""Reads on cases: the list with its joins, the decision-deadline flags, the major-case filter,
which actions a case offers now, and the whole-process timeline of one case."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import F, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core.access import get_for_user
from fazhi.enforcement import deadlines
from fazhi.enforcement.models import (
    Case,
    CaseStep,
    EnforcementSettings,
    Evidence,
    LegalReview,
    Publication,
)
from fazhi.enforcement.services.cases import TRANSITIONS
from fazhi.org.models import User

S = Case.Status


def case_list(user: Any) -> QuerySet[Case]:
    """The cases ``user`` may see, with what the list and its export show."""
    return (
        Case.objects.for_user(user)
        .select_related("category", "grid", "key_area", "campaign")
        .prefetch_related("officers")
    )


def get_case_for_user(user: Any, pk: Any, *, write: bool = False) -> Case:
    """The case ``pk`` as ``user`` may see it (404 otherwise); with ``write``, only for those
    who may change cases (403 otherwise)."""
    return get_for_user(Case, user, pk, write=write)


def certified_officers(user: Any) -> QuerySet[User]:
    """The active accounts of the user's street holding an enforcement certificate."""
    return (
        User.objects.for_user(user)
        .filter(is_active=True)
        .exclude(enforcement_certificate_no="")
        .order_by("full_name", "username")
    )


# --- the decision deadline (90 days from filing) ----------------------------------------------


def overdue(qs: QuerySet[Case], today: date) -> QuerySet[Case]:
    """Open cases whose decision deadline has passed."""
    return qs.filter(status__in=Case.OPEN, decision_due_on__lt=today)


def due_soon(qs: QuerySet[Case], today: date) -> QuerySet[Case]:
    """Open cases whose decision is due today or within ``DECISION_DUE_SOON_DAYS`` days."""
    return qs.filter(
        status__in=Case.OPEN,
        decision_due_on__gte=today,
        decision_due_on__lte=deadlines.decision_due_soon_from(today),
    )


def deadline_flag(case: Case, today: date) -> str:
    """``"overdue"``, ``"due_soon"`` or ``""`` for one case, by the rules above."""
    due = case.decision_due_on
    if case.status not in Case.OPEN or due is None:
        return ""
    if due < today:
        return "overdue"
    if due <= deadlines.decision_due_soon_from(today):
        return "due_soon"
    return ""


# --- major cases ------------------------------------------------------------------------------


def _setting(name: str) -> Any:
    setting = EnforcementSettings._meta.get_field(name)
    assert isinstance(setting, models.Field)
    default = setting.get_default()
    found = EnforcementSettings.objects.filter(street_id=OuterRef("street_id")).values(name)[:1]
    return Coalesce(Subquery(found), Value(Decimal(default)), output_field=models.DecimalField())


def major(qs: QuerySet[Case], is_major: bool = True) -> QuerySet[Case]:
    """Cases that are major (``Case.major_reasons`` as a query), or, with False, those not."""
    annotated = qs.annotate(
        _threshold_fine=Coalesce("fine", "proposed_fine"),
        _threshold=models.Case(
            When(party_kind=Case.PartyKind.INDIVIDUAL, then=_setting("major_fine_individual")),
            default=_setting("major_fine_organisation"),
            output_field=models.DecimalField(),
        ),
    )
    condition = (
        Q(major_public_interest=True)
        | Q(complex_case=True)
        | Q(hearing_on__isnull=False)
        # Without a fine the comparison is NULL: spelt out so that exclude() keeps those rows.
        | (Q(_threshold_fine__isnull=False) & Q(_threshold_fine__gte=F("_threshold")))
    )
    return annotated.filter(condition) if is_major else annotated.exclude(condition)


# --- actions ----------------------------------------------------------------------------------

# The case's actions in the order of the procedure: URL name suffix and button label.
ACTIONS: tuple[tuple[str, Any], ...] = (
    ("stop", gettext_lazy("制止")),
    ("file", gettext_lazy("立案")),
    ("investigate", gettext_lazy("调查取证")),
    ("notify", gettext_lazy("告知")),
    ("statement", gettext_lazy("陈述申辩")),
    ("hearing", gettext_lazy("听证")),
    ("decide", gettext_lazy("作出决定")),
    ("on_the_spot", gettext_lazy("当场处罚")),
    ("serve", gettext_lazy("送达")),
    ("execute", gettext_lazy("执行")),
    ("close", gettext_lazy("结案")),
    ("close_corrected", gettext_lazy("责令改正后结案")),
    ("transfer", gettext_lazy("移送")),
    ("archive", gettext_lazy("归档")),
    ("extend", gettext_lazy("延长办案期限")),
    ("officers", gettext_lazy("变更承办人员")),
    ("update", gettext_lazy("修改案件信息")),
)


def action_allowed(case: Case, action: str) -> bool:
    """Whether ``action`` may be taken on the case as it stands (the services decide finally;
    this keeps the page from offering what they would refuse for the state alone)."""
    if case.status not in TRANSITIONS[action]:
        return False
    if action == "close":
        return case.status == S.EXECUTED or case.outcome == Case.Outcome.NO_PENALTY
    if action == "execute":
        return case.outcome == Case.Outcome.PENALTY
    if action == "hearing":
        return case.hearing_applicable and case.hearing_on is None
    if action == "extend":
        return case.decision_due_on is not None
    if action in ("notify", "decide") and case.status == S.REVIEWING:
        # In review: only on a valid opinion (not pending, passed, still about the case as it
        # stands: ``Case.passed_review``).
        pending = case.legal_reviews.filter(conclusion="").exists()
        return not pending and case.passed_review() is not None
    if action == "decide" and case.is_major():
        return case.passed_review() is not None
    return True


def available_actions(case: Case) -> list[tuple[str, Any]]:
    return [(name, label) for name, label in ACTIONS if action_allowed(case, name)]


# --- the timeline -----------------------------------------------------------------------------


@dataclass
class Entry:
    """One line of the case's whole-process record, in time order."""

    at: datetime
    kind: str  # "step", "evidence", "review", "review_opinion", "publication", "withdrawal"
    label: str
    actor: Any = None
    record: str = ""
    step: CaseStep | None = None
    review: LegalReview | None = None
    publication: Publication | None = None
    evidence: list[Evidence] = field(default_factory=list)
    status_change: str = ""


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _status(value: str) -> str:
    return str(S(value).label) if value in S.values else value


def case_timeline(case: Case) -> list[Entry]:
    """The steps with their evidence, evidence not tied to a step, the legal reviews and the
    publication, merged in time order.

    Area B's services write a step for a review's submission and opinion and for the
    publication and its withdrawal; each such step carries its review or publication, matched
    in order. A review or publication without its step (an import, older data) shows alone."""
    steps = list(case.steps.select_related("actor").order_by("occurred_at", "id"))
    evidence = list(
        Evidence.objects.filter(case=case)
        .select_related("uploaded_by", "corrects")
        .order_by("uploaded_at", "id")
    )
    reviews = list(
        LegalReview.objects.filter(case=case)
        .select_related("reviewer", "submitted_by")
        .order_by("submitted_at", "id")
    )
    publication = Publication.objects.filter(case=case).select_related("published_by").first()

    submitted = deque(reviews)
    opinions = deque(
        sorted(
            (r for r in reviews if r.reviewed_at is not None),
            key=lambda r: r.reviewed_at or r.submitted_at,
        )
    )
    by_step: dict[int, list[Evidence]] = {}
    loose: list[Evidence] = []
    for item in evidence:
        if item.step_id is not None:
            by_step.setdefault(item.step_id, []).append(item)
        else:
            loose.append(item)

    entries: list[Entry] = []
    published_shown = withdrawn_shown = False
    for step in steps:
        entry = Entry(
            at=step.occurred_at,
            kind="step",
            label=step.get_kind_display(),
            actor=step.actor,
            record=step.record,
            step=step,
            evidence=by_step.get(step.pk, []),
        )
        if step.status_before != step.status_after:
            entry.status_change = (
                f"{_status(step.status_before)} → {_status(step.status_after)}"
                if step.status_before
                else _status(step.status_after)
            )
        if step.kind == CaseStep.Kind.REVIEW_SUBMIT and submitted:
            entry.review = submitted.popleft()
        elif step.kind == CaseStep.Kind.REVIEW_OPINION and opinions:
            entry.review = opinions.popleft()
        elif step.kind == CaseStep.Kind.PUBLISH and publication and not published_shown:
            entry.publication, published_shown = publication, True
        elif step.kind == CaseStep.Kind.WITHDRAW and publication and not withdrawn_shown:
            entry.publication, withdrawn_shown = publication, True
        entries.append(entry)
    for item in loose:
        entries.append(
            Entry(
                at=item.captured_at or item.uploaded_at,
                kind="evidence",
                label=_("证据"),
                actor=item.uploaded_by,
                record=item.description,
                evidence=[item],
            )
        )
    for review in submitted:
        entries.append(
            Entry(
                at=review.submitted_at,
                kind="review",
                label=_("提交法制审核"),
                actor=review.submitted_by,
                review=review,
            )
        )
    for review in opinions:
        assert review.reviewed_at is not None
        entries.append(
            Entry(
                at=review.reviewed_at,
                kind="review_opinion",
                label=_("法制审核意见"),
                actor=review.reviewer,
                record=review.opinion,
                review=review,
            )
        )
    if publication is not None and not published_shown:
        entries.append(
            Entry(
                at=_start_of(publication.published_on),
                kind="publication",
                label=_("公示"),
                actor=publication.published_by,
                publication=publication,
            )
        )
    if publication is not None and publication.withdrawn_on and not withdrawn_shown:
        entries.append(
            Entry(
                at=_start_of(publication.withdrawn_on),
                kind="withdrawal",
                label=_("撤下公示"),
                record=publication.withdraw_reason,
                publication=publication,
            )
        )
    # A stable sort: steps already in their order, others slotted in by time.
    entries.sort(key=lambda e: e.at)
    return entries
