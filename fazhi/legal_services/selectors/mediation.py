"""Reads on people's mediation: the lists, the case file, the judicial-confirmation window and
the access helpers (404 outside the user's scope, 403 without the right to act)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from fazhi.core.access import Refusal, get_for_user, perm_name
from fazhi.legal_services.models import (
    JUDICIAL_CONFIRMATION_DAYS,
    Mediation,
    MediationAgreement,
    MediationParty,
    MediationSession,
)

# A window closing within this many days is flagged on the list.
CONFIRMATION_WARNING_DAYS = 7


def mediation_list(user: Any) -> QuerySet[Mediation]:
    return (
        Mediation.objects.for_user(user)
        .select_related("village", "lawyer", "agreement")
        .prefetch_related(Prefetch("parties", queryset=MediationParty.objects.order_by("id")))
    )


def mediation_party_list(user: Any) -> QuerySet[MediationParty]:
    return MediationParty.objects.for_user(user).select_related("mediation")


def mediation_session_list(user: Any) -> QuerySet[MediationSession]:
    return MediationSession.objects.for_user(user).select_related("mediation")


def mediation_agreement_list(user: Any) -> QuerySet[MediationAgreement]:
    return MediationAgreement.objects.for_user(user).select_related("mediation")


def mediation_case_file(mediation: Mediation) -> dict[str, Any]:
    """Everything the detail page shows of one case, in the order a case file is read."""
    return {
        "parties": list(mediation.parties.order_by("side", "id")),
        "sessions": list(mediation.sessions.order_by("held_on", "id")),
        "agreement": agreement_of(mediation),
        "steps": list(mediation.steps.select_related("actor").order_by("on", "id")),
    }


def agreement_of(mediation: Mediation) -> MediationAgreement | None:
    try:
        return mediation.agreement
    except ObjectDoesNotExist:
        return None


# --- the judicial-confirmation window (人民调解法 第三十三条) -----------------------------------------


@dataclass(frozen=True)
class ConfirmationFlag:
    """An effective agreement not yet taken to court whose 30-day window is closing or past."""

    missed: bool
    deadline: datetime.date
    days_left: int


def confirmation_flag(mediation: Mediation, *, today: datetime.date) -> ConfirmationFlag | None:
    agreement = agreement_of(mediation)
    if (
        agreement is None
        or mediation.status != Mediation.Status.SUCCEEDED
        or agreement.confirmation != MediationAgreement.Confirmation.NOT_APPLIED
    ):
        return None
    deadline = agreement.confirmation_deadline
    days_left = (deadline - today).days
    if days_left > CONFIRMATION_WARNING_DAYS:
        return None
    return ConfirmationFlag(missed=days_left < 0, deadline=deadline, days_left=days_left)


def confirmation_window(
    qs: QuerySet[Mediation], window: str, *, today: datetime.date
) -> QuerySet[Mediation]:
    """Cases whose effective agreement is not yet taken to court and whose window is ``open``
    (the last day not passed), ``closing`` (within 7 days) or ``missed``."""
    pending = qs.filter(
        status=Mediation.Status.SUCCEEDED,
        agreement__confirmation=MediationAgreement.Confirmation.NOT_APPLIED,
    )
    # deadline = signed_on + 30 days, so each bound on the deadline is one on the signing date.
    earliest_open = today - datetime.timedelta(days=JUDICIAL_CONFIRMATION_DAYS)
    if window == "open":
        return pending.filter(agreement__signed_on__gte=earliest_open)
    if window == "closing":
        latest = earliest_open + datetime.timedelta(days=CONFIRMATION_WARNING_DAYS)
        return pending.filter(agreement__signed_on__range=(earliest_open, latest))
    if window == "missed":
        return pending.filter(agreement__signed_on__lt=earliest_open)
    return qs


def search_mediations(qs: QuerySet[Mediation], text: str) -> QuerySet[Mediation]:
    """Every word in the case number, title, summary, mediators or a party's name."""
    for word in text.split():
        named = MediationParty.objects.filter(name__icontains=word).values("mediation")
        qs = qs.filter(
            Q(case_no__icontains=word)
            | Q(title__icontains=word)
            | Q(summary__icontains=word)
            | Q(mediators__icontains=word)
            | Q(pk__in=named)
        )
    return qs


# --- personal data ----------------------------------------------------------------------------------


def mask_id_number(value: str) -> str:
    """An ID number as lists show it: 120101******1234 (first six, last four)."""
    if not value:
        return ""
    if len(value) <= 10:
        return "*" * len(value)
    return f"{value[:6]}******{value[-4:]}"


# --- access -----------------------------------------------------------------------------------------


def get_mediation_for_user(
    user: Any, pk: Any, *, write: bool = False, action: str = "change"
) -> Mediation:
    return get_for_user(Mediation, user, pk, write=write, action=action)


def get_mediation_party_for_user(
    user: Any, pk: Any, *, write: bool = False, action: str = "change"
) -> MediationParty:
    return get_for_user(MediationParty, user, pk, write=write, action=action)


def get_mediation_session_for_user(
    user: Any, pk: Any, *, write: bool = False, action: str = "change"
) -> MediationSession:
    return get_for_user(MediationSession, user, pk, write=write, action=action)


def get_mediation_agreement_for_user(
    user: Any, pk: Any, *, write: bool = False, action: str = "change"
) -> MediationAgreement:
    return get_for_user(MediationAgreement, user, pk, write=write, action=action)


def check_session_writer(user: Any, mediation: Mediation) -> None:
    """A lawyer (who may record sessions but not manage cases) records the own cases only."""
    if user.has_perm(perm_name(Mediation, "change")):
        return
    lawyer = getattr(user, "lawyer", None) if getattr(user, "pk", None) else None
    if lawyer is None or mediation.lawyer_id != lawyer.pk:
        raise PermissionDenied(Refusal(_("只有本案的参与律师可以记录调解情况。")))
