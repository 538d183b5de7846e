"""Reads of legal review (法制审核) and of a case's evidence: scoped, with their relations."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db.models import QuerySet

from fazhi.core.access import get_for_user
from fazhi.enforcement.models import Case, Evidence, LegalReview
from fazhi.org.models import User

# A review due within this many days is flagged 即将到期.
REVIEW_DUE_SOON_DAYS = 3


def review_list(user: Any) -> QuerySet[LegalReview]:
    return LegalReview.objects.for_user(user).select_related(
        "case", "case__category", "reviewer", "submitted_by"
    )


def pending(qs: QuerySet[LegalReview]) -> QuerySet[LegalReview]:
    return qs.filter(conclusion="")


def done(qs: QuerySet[LegalReview]) -> QuerySet[LegalReview]:
    return qs.exclude(conclusion="")


def overdue(qs: QuerySet[LegalReview], today: date) -> QuerySet[LegalReview]:
    return pending(qs).filter(due_on__lt=today)


def due_soon(qs: QuerySet[LegalReview], today: date) -> QuerySet[LegalReview]:
    return pending(qs).filter(
        due_on__gte=today, due_on__lte=today + timedelta(days=REVIEW_DUE_SOON_DAYS)
    )


def deadline_flag(review: LegalReview, today: date) -> str:
    """``overdue``, ``due_soon`` or "" for a review; a finished review has no flag."""
    if not review.pending:
        return ""
    if review.due_on < today:
        return "overdue"
    if review.due_on <= today + timedelta(days=REVIEW_DUE_SOON_DAYS):
        return "due_soon"
    return ""


def mine(qs: QuerySet[LegalReview], user: User) -> QuerySet[LegalReview]:
    return qs.filter(reviewer=user)


def get_review_for_user(user: Any, pk: Any, *, write: bool = False) -> LegalReview:
    review: LegalReview = get_for_user(LegalReview, user, pk, write=write)
    return review


def case_evidence(case: Case) -> QuerySet[Evidence]:
    """The case's evidence in upload order, each with what it corrects and who uploaded it."""
    return (
        Evidence.objects.filter(case=case)
        .select_related("uploaded_by", "step", "corrects")
        .prefetch_related("corrections")
        .order_by("uploaded_at", "id")
    )


def evidence_list(user: Any) -> QuerySet[Evidence]:
    return Evidence.objects.for_user(user).select_related("case", "uploaded_by", "corrects")


def reviewer_choices(case: Case) -> QuerySet[User]:
    """Who may be chosen to review ``case``: active staff of its street with a legal
    qualification, other than its officers and deciders (the service checks again)."""
    people = [
        *case.officers.values_list("pk", flat=True),
        *case.deciders.values_list("pk", flat=True),
    ]
    return (
        User.objects.filter(street_id=case.street_id, is_active=True)
        .exclude(legal_qualification="")
        .exclude(pk__in=people)
        .order_by("full_name", "username")
    )
