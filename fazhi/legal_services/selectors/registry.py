"""Reads on the registry of legal services; each selector owns its joins and the user's scope."""

from __future__ import annotations

from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery

from fazhi.core.access import get_for_user
from fazhi.legal_services.models import (
    AdviserContract,
    Consultation,
    LawFirm,
    Lawyer,
    VillageAdviser,
    WechatGroup,
    WechatGroupCount,
)


def law_firm_list(user: Any) -> QuerySet[LawFirm]:
    return LawFirm.objects.for_user(user)


def lawyer_list(user: Any) -> QuerySet[Lawyer]:
    return Lawyer.objects.for_user(user).select_related("firm", "user")


def adviser_contract_list(user: Any) -> QuerySet[AdviserContract]:
    """Contracts with whether each was renewed (``with_renewal``), for the expiry flags."""
    return (
        AdviserContract.objects.for_user(user).with_renewal().select_related("firm", "lead_lawyer")
    )


def village_adviser_list(user: Any) -> QuerySet[VillageAdviser]:
    return VillageAdviser.objects.for_user(user).select_related("lawyer", "lawyer__firm", "village")


def consultation_list(user: Any) -> QuerySet[Consultation]:
    return Consultation.objects.for_user(user).select_related("lawyer", "village", "handled_by")


def wechat_group_list(user: Any) -> QuerySet[WechatGroup]:
    """Groups with their latest member count (``latest_members`` as of ``latest_counted_on``)."""
    latest = WechatGroupCount.objects.filter(group=OuterRef("pk")).order_by("-counted_on")
    return (
        WechatGroup.objects.for_user(user)
        .select_related("village", "lawyer")
        .annotate(
            latest_members=Subquery(latest.values("members")[:1]),
            latest_counted_on=Subquery(latest.values("counted_on")[:1]),
        )
    )


def wechat_group_count_list(user: Any) -> QuerySet[WechatGroupCount]:
    return WechatGroupCount.objects.for_user(user).select_related("group")


# One access helper per entity: 404 outside the user's scope, 403 without the right to change.


def get_law_firm_for_user(user: Any, pk: Any, write: bool = False) -> LawFirm:
    return get_for_user(LawFirm, user, pk, write=write)


def get_lawyer_for_user(user: Any, pk: Any, write: bool = False) -> Lawyer:
    return get_for_user(Lawyer, user, pk, write=write)


def get_adviser_contract_for_user(user: Any, pk: Any, write: bool = False) -> AdviserContract:
    return get_for_user(AdviserContract, user, pk, write=write)


def get_village_adviser_for_user(user: Any, pk: Any, write: bool = False) -> VillageAdviser:
    return get_for_user(VillageAdviser, user, pk, write=write)


def get_consultation_for_user(user: Any, pk: Any, write: bool = False) -> Consultation:
    return get_for_user(Consultation, user, pk, write=write)


def get_wechat_group_for_user(user: Any, pk: Any, write: bool = False) -> WechatGroup:
    return get_for_user(WechatGroup, user, pk, write=write)


def get_wechat_group_count_for_user(
    user: Any, pk: Any, write: bool = False, action: str = "change"
) -> WechatGroupCount:
    return get_for_user(WechatGroupCount, user, pk, write=write, action=action)
