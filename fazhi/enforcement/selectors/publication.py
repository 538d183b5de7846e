"""Reads of publicity (执法公示): decisions awaiting publication or withdrawal, publications, and
what the public portal shows (bodies, officers and their certificates, powers, decisions)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db.models import QuerySet

from fazhi.core.access import get_for_user
from fazhi.enforcement.models import (
    Case,
    EnforcementBody,
    EnforcementPower,
    Publication,
)
from fazhi.org.models import Street, User
from fazhi.org.roles import Role

# A publication or withdrawal due within this many days is flagged 即将到期.
DUE_SOON_DAYS = 3
DECIDED_STATES = (
    Case.Status.DECIDED,
    Case.Status.SERVED,
    Case.Status.EXECUTED,
    Case.Status.CLOSED,
    Case.Status.ARCHIVED,
)


def awaiting_publication(user: Any) -> QuerySet[Case]:
    """Decided cases of the user's scope not yet published (a changed decision is not due)."""
    return (
        Case.objects.for_user(user)
        .filter(
            status__in=DECIDED_STATES,
            decided_on__isnull=False,
            publication__isnull=True,
            decision_changed_on__isnull=True,
        )
        .select_related("category")
        .order_by("publish_due_on", "decided_on", "id")
    )


def publication_overdue(qs: QuerySet[Case], today: date) -> QuerySet[Case]:
    return qs.filter(publish_due_on__lt=today)


def publication_due_soon(qs: QuerySet[Case], today: date) -> QuerySet[Case]:
    return qs.filter(
        publish_due_on__gte=today, publish_due_on__lte=today + timedelta(days=DUE_SOON_DAYS)
    )


def publication_list(user: Any) -> QuerySet[Publication]:
    return Publication.objects.for_user(user).select_related(
        "case", "case__category", "published_by", "withdrawn_by"
    )


def shown(qs: QuerySet[Publication]) -> QuerySet[Publication]:
    return qs.filter(withdrawn_on__isnull=True)


def awaiting_withdrawal(qs: QuerySet[Publication]) -> QuerySet[Publication]:
    return qs.filter(withdraw_due_on__isnull=False, withdrawn_on__isnull=True)


def withdrawal_overdue(qs: QuerySet[Publication], today: date) -> QuerySet[Publication]:
    return awaiting_withdrawal(qs).filter(withdraw_due_on__lt=today)


def withdrawal_due_soon(qs: QuerySet[Publication], today: date) -> QuerySet[Publication]:
    return awaiting_withdrawal(qs).filter(
        withdraw_due_on__gte=today, withdraw_due_on__lte=today + timedelta(days=DUE_SOON_DAYS)
    )


def withdrawn(qs: QuerySet[Publication]) -> QuerySet[Publication]:
    return qs.filter(withdrawn_on__isnull=False)


def due_flag(due_on: date | None, today: date, done: bool = False) -> str:
    if done or due_on is None:
        return ""
    if due_on < today:
        return "overdue"
    if due_on <= today + timedelta(days=DUE_SOON_DAYS):
        return "due_soon"
    return ""


def get_publication_for_user(user: Any, pk: Any, *, write: bool = False) -> Publication:
    publication: Publication = get_for_user(Publication, user, pk, write=write)
    return publication


# --- The public portal ----------------------------------------------------------------------------


def public_bodies(street: Street) -> list[EnforcementBody]:
    return list(EnforcementBody.objects.filter(street=street).order_by("order", "name"))


def public_powers(street: Street) -> QuerySet[EnforcementPower]:
    return (
        EnforcementPower.objects.filter(street=street)
        .select_related("body")
        .order_by("body__order", "body__name", "order", "name")
    )


def public_officers(street: Street) -> list[tuple[str, str]]:
    """(name, certificate number) of the street's active enforcement officers with a
    certificate: nothing else of them is public."""
    return list(
        User.objects.filter(street=street, is_active=True, groups__name=Role.ENFORCEMENT_OFFICER)
        .exclude(enforcement_certificate_no="")
        .order_by("enforcement_certificate_no")
        .distinct()
        .values_list("full_name", "enforcement_certificate_no")
    )


def public_publications(street: Street) -> QuerySet[Publication]:
    """The street's published decisions, newest first, withdrawn ones included (shown as such)."""
    return (
        Publication.objects.filter(case__street=street)
        .select_related("case")
        .order_by("-published_on", "-id")
    )


def public_publication(street: Street, pk: Any) -> Publication | None:
    try:
        return public_publications(street).filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        return None
