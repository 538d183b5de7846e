"""Reads on the enforcement configuration: the catalogue, key areas, bodies and powers, and the
street's settings. Each selector owns its joins and the user's scope."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from fazhi.core.access import Refusal, get_for_user, require_perm
from fazhi.enforcement.models import (
    EnforcementBody,
    EnforcementPower,
    EnforcementSettings,
    KeyArea,
    ViolationCategory,
)


def violation_category_list(user: Any) -> QuerySet[ViolationCategory]:
    return ViolationCategory.objects.for_user(user)


def violation_categories_in_use(user: Any) -> QuerySet[ViolationCategory]:
    """The categories a new report or case may name."""
    return ViolationCategory.objects.for_user(user).filter(in_use=True)


def key_area_list(user: Any) -> QuerySet[KeyArea]:
    return KeyArea.objects.for_user(user).select_related("village")


def enforcement_body_list(user: Any) -> QuerySet[EnforcementBody]:
    return EnforcementBody.objects.for_user(user)


def enforcement_power_list(user: Any) -> QuerySet[EnforcementPower]:
    return EnforcementPower.objects.for_user(user).select_related("body")


def street_settings(user: Any, *, write: bool = False) -> EnforcementSettings:
    """The user's street's enforcement settings (an unsaved default row before the first save);
    403 without the right to view (or, with ``write``, to change) them."""
    require_perm(user, EnforcementSettings, "view")
    if write:
        require_perm(user, EnforcementSettings, "change")
    if user.street_id is None:
        raise PermissionDenied(Refusal(_("您的账号未归属任何街道，没有执法设置。")))
    settings = EnforcementSettings.for_street(user.street_id)
    settings.street = user.street
    return settings


# One access helper per entity: 404 outside the user's scope, 403 without the right to change.


def get_violation_category_for_user(user: Any, pk: Any, write: bool = False) -> ViolationCategory:
    return get_for_user(ViolationCategory, user, pk, write=write)


def get_key_area_for_user(user: Any, pk: Any, write: bool = False) -> KeyArea:
    return get_for_user(KeyArea, user, pk, write=write)


def get_enforcement_body_for_user(user: Any, pk: Any, write: bool = False) -> EnforcementBody:
    return get_for_user(EnforcementBody, user, pk, write=write)


def get_enforcement_power_for_user(user: Any, pk: Any, write: bool = False) -> EnforcementPower:
    return get_for_user(EnforcementPower, user, pk, write=write)
