"""Writes on the enforcement configuration the system administrator keeps: the violation
catalogue (违法行为目录), key areas (重点区域), the enforcement bodies and their powers (事前公开)
and the street's enforcement settings.

Views, the API, the Excel import, the demo and tests call these. The model's ``clean()`` and
constraints hold the rules of one record; what looks beyond it (is the category still used by
a report or a case? the settings of the street as a whole) lives here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from fazhi.core.services import model_create, model_delete, model_update
from fazhi.enforcement.models import (
    EnforcementBody,
    EnforcementPower,
    EnforcementSettings,
    KeyArea,
    ViolationCategory,
)
from fazhi.org.models import Street, User

M = TypeVar("M", bound=models.Model)


def _update(instance: M, *, actor: User | None, fields: Mapping[str, Any]) -> M:
    """Apply ``fields`` to the locked record, validated and audited (the street stays)."""
    if "street" in fields and fields["street"] != getattr(instance, "street", None):
        raise ValidationError(_("记录所属街道不能修改。"))
    return model_update(instance, actor=actor, data=dict(fields))[0]


def _refuse_if_used(obj: models.Model, uses: Mapping[Any, int], advice: str) -> None:
    """Refuse to delete ``obj`` while other records use it, naming them and what to do."""
    used = [str(label) for label, count in uses.items() if count]
    if used:
        raise ValidationError(
            _("“%(object)s”已被%(users)s使用，不能删除。%(advice)s")
            % {"object": obj, "users": _("、").join(used), "advice": advice}
        )


# --- The violation catalogue ------------------------------------------------------------------


def violation_category_create(
    *, street: Street, actor: User | None, **fields: Any
) -> ViolationCategory:
    """Add a kind of violation to the street's catalogue with its legal basis and penalty."""
    return model_create(ViolationCategory, actor=actor, data={"street": street, **fields})


def violation_category_update(
    category: ViolationCategory, *, actor: User | None, **fields: Any
) -> ViolationCategory:
    """Change a category; one no longer used is marked not in use rather than deleted."""
    return _update(category, actor=actor, fields=fields)


def violation_category_delete(category: ViolationCategory, *, actor: User | None) -> None:
    """Delete a category entered by mistake; refused once a report or a case names it."""
    from fazhi.enforcement.models import Case, Report

    _refuse_if_used(
        category,
        {
            Report._meta.verbose_name: category.reports.count(),
            Case._meta.verbose_name: category.cases.count(),
        },
        _("不再使用的类别请取消“在用”。"),
    )
    model_delete(category, actor=actor)


def violation_category_import(
    *, street: Street, actor: User | None, **fields: Any
) -> ViolationCategory:
    """Create the category of ``fields["code"]``, or update the street's category of that code
    (the Excel import of the catalogue: a new edition of the list replaces the old texts)."""
    code = (fields.get("code") or "").strip()
    with transaction.atomic():
        existing = (
            ViolationCategory.objects.select_for_update().filter(street=street, code=code).first()
        )
        if existing is None:
            return violation_category_create(street=street, actor=actor, **fields)
        return violation_category_update(existing, actor=actor, **fields)


# --- Key areas --------------------------------------------------------------------------------


def key_area_create(*, street: Street, actor: User | None, **fields: Any) -> KeyArea:
    """Register a key area of enforcement (a road, a market, a neighbourhood)."""
    return model_create(KeyArea, actor=actor, data={"street": street, **fields})


def key_area_update(area: KeyArea, *, actor: User | None, **fields: Any) -> KeyArea:
    return _update(area, actor=actor, fields=fields)


def key_area_delete(area: KeyArea, *, actor: User | None) -> None:
    """Delete a key area entered by mistake; refused once patrols, cases, 门前三包 units or
    campaigns name it (a campaign's link would otherwise vanish silently)."""
    from fazhi.enforcement.models import Campaign, Case, FrontageUnit, Patrol

    _refuse_if_used(
        area,
        {
            Patrol._meta.verbose_name: area.patrols.count(),
            Case._meta.verbose_name: area.cases.count(),
            FrontageUnit._meta.verbose_name: area.frontage_units.count(),
            Campaign._meta.verbose_name: area.campaigns.count(),
        },
        _("不再使用的区域请取消“在用”。"),
    )
    model_delete(area, actor=actor)


# --- Enforcement bodies and their powers (事前公开) ---------------------------------------------


def enforcement_body_create(
    *, street: Street, actor: User | None, **fields: Any
) -> EnforcementBody:
    """Register an enforcement body of the street (执法主体), published before enforcement."""
    return model_create(EnforcementBody, actor=actor, data={"street": street, **fields})


def enforcement_body_update(
    body: EnforcementBody, *, actor: User | None, **fields: Any
) -> EnforcementBody:
    return _update(body, actor=actor, fields=fields)


def enforcement_body_delete(body: EnforcementBody, *, actor: User | None) -> None:
    """Delete a body without powers; its powers are deleted (or moved) first."""
    _refuse_if_used(
        body,
        {EnforcementPower._meta.verbose_name: body.powers.count()},
        _("请先删除该执法主体的执法职权。"),
    )
    model_delete(body, actor=actor)


def enforcement_power_create(
    *, street: Street, actor: User | None, **fields: Any
) -> EnforcementPower:
    """Register a power (执法职权) of a body with its legal basis."""
    return model_create(EnforcementPower, actor=actor, data={"street": street, **fields})


def enforcement_power_update(
    power: EnforcementPower, *, actor: User | None, **fields: Any
) -> EnforcementPower:
    return _update(power, actor=actor, fields=fields)


def enforcement_power_delete(power: EnforcementPower, *, actor: User | None) -> None:
    model_delete(power, actor=actor)


# --- The street's settings --------------------------------------------------------------------


def _check_settings(values: Mapping[str, Any]) -> None:
    individual = values.get("major_fine_individual")
    organisation = values.get("major_fine_organisation")
    if individual is not None and organisation is not None and organisation < individual:
        raise ValidationError(
            {"major_fine_organisation": _("单位的重大案件罚款标准不能低于个人的标准。")}
        )


def enforcement_settings_save(
    *, street: Street, actor: User | None, **fields: Any
) -> EnforcementSettings:
    """Save the street's enforcement settings: the first save creates the street's row (until
    then the defaults of the law apply), later saves change it; each is audited."""
    if "street" in fields:
        raise ValidationError(_("记录所属街道不能修改。"))
    with transaction.atomic():
        current = EnforcementSettings.objects.select_for_update().filter(street=street).first()
        merged = EnforcementSettings.for_street(street)
        for name, value in fields.items():
            setattr(merged, name, value)
        _check_settings(
            {
                "major_fine_individual": merged.major_fine_individual,
                "major_fine_organisation": merged.major_fine_organisation,
            }
        )
        if current is None:
            return model_create(EnforcementSettings, actor=actor, data={"street": street, **fields})
        return model_update(current, actor=actor, data=dict(fields))[0]
