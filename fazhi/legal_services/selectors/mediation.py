"""Reads on people's mediation: the lists, the case file, the judicial-confirmation window and
the access helpers (404 outside the user's scope, 403 without the right to act)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from fazhi.core import masking
from fazhi.core.access import Refusal, get_for_user, perm_name
from fazhi.legal_services.models import (
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
    """An agreement in force not yet taken to court whose 30-day window is closing or past."""

    missed: bool
    deadline: datetime.date
    days_left: int


# Cases whose agreement no longer runs: the window is not tracked for them.
_AGREEMENT_ENDED = (Mediation.Status.FAILED, Mediation.Status.TERMINATED)


def agreement_in_force(mediation: Mediation, agreement: MediationAgreement | None) -> bool:
    """The agreement takes effect on its signing (人民调解法第二十九条), while the case is still
    being mediated as much as after it closed as 调解成功; not on a case closed otherwise."""
    return agreement is not None and mediation.status not in _AGREEMENT_ENDED


def confirmation_flag(mediation: Mediation, *, today: datetime.date) -> ConfirmationFlag | None:
    agreement = agreement_of(mediation)
    if (
        agreement is None
        or not agreement_in_force(mediation, agreement)
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
    """Cases whose agreement is in force and not yet taken to court and whose window is
    ``open`` (the last day not passed), ``closing`` (within 7 days) or ``missed``: by the
    deadline kept with the agreement, the same date the application is checked against."""
    pending = qs.filter(
        agreement__confirmation=MediationAgreement.Confirmation.NOT_APPLIED
    ).exclude(status__in=_AGREEMENT_ENDED)
    if window == "open":
        return pending.filter(agreement__confirmation_deadline__gte=today)
    if window == "closing":
        latest = today + datetime.timedelta(days=CONFIRMATION_WARNING_DAYS)
        return pending.filter(agreement__confirmation_deadline__range=(today, latest))
    if window == "missed":
        return pending.filter(agreement__confirmation_deadline__lt=today)
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


mask_id_number = masking.mask_id_number


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
