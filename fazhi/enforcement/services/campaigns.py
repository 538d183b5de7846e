"""Writes on special campaigns (专项治理): the campaign with its plan and key areas, its phases
and its partner units.

Pages, the API and tests call these. Phases lie inside the campaign's period and never overlap
one another; the campaign's row is locked while a phase or the period changes, so that two
phases entered at once cannot both pass the check.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from fazhi.core.files import fingerprint_into
from fazhi.core.formats import cn_date
from fazhi.core.services import model_create, model_delete, model_update, refuse_unknown_fields
from fazhi.enforcement.models import Campaign, CampaignPartner, CampaignPhase, KeyArea
from fazhi.org.models import Street, User, phone_validator

CAMPAIGN_FIELDS = frozenset(
    {"name", "starts_on", "ends_on", "goal", "plan", "lead", "summary", "key_areas"}
)
PHASE_FIELDS = frozenset({"name", "starts_on", "ends_on", "tasks"})
PARTNER_FIELDS = frozenset({"kind", "name", "contact", "phone", "role"})


def _trimmed(fields: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v.strip() if isinstance(v, str) else v for k, v in fields.items()}


def _period(starts_on: date, ends_on: date) -> str:
    return _("%(start)s至%(end)s") % {"start": cn_date(starts_on), "end": cn_date(ends_on)}


def _lock(campaign: Campaign) -> Campaign:
    return Campaign._base_manager.select_for_update().get(pk=campaign.pk)


# --- the campaign ----------------------------------------------------------------------------------


def _campaign_data(
    fields: Mapping[str, Any], street_id: int
) -> tuple[dict[str, Any], dict[str, list[KeyArea]] | None]:
    """The campaign's fields with the plan's fingerprint, and its key areas (of its street)."""
    refuse_unknown_fields(Campaign, fields, CAMPAIGN_FIELDS)
    data = _trimmed(fields)
    m2m: dict[str, list[KeyArea]] | None = None
    if "key_areas" in data:
        areas = list(data.pop("key_areas") or [])
        foreign = [a for a in areas if a.street_id != street_id]
        if foreign:
            raise ValidationError(
                {
                    "key_areas": _("重点区域“%(name)s”不属于本街道。")
                    % {"name": _("、").join(a.name for a in foreign)}
                }
            )
        m2m = {"key_areas": areas}
    if data.get("plan") is False:  # the form's "clear" box
        data["plan"] = ""
    data.pop("plan_sha256", None)  # only ever computed from the file itself
    fingerprint_into(data, "plan")
    return data, m2m


def campaign_create(*, street: Street, actor: User | None, **fields: Any) -> Campaign:
    """Start a special campaign: name, period, goal, plan document, lead and key areas."""
    data, m2m = _campaign_data(fields, street.pk)
    return model_create(Campaign, actor=actor, data={"street": street, **data}, m2m=m2m)


def campaign_update(campaign: Campaign, *, actor: User | None, **fields: Any) -> Campaign:
    """Change a campaign; a shorter period is refused while a phase lies outside it."""
    if "street" in fields:
        raise ValidationError(_("记录所属街道不能修改。"))
    data, m2m = _campaign_data(fields, campaign.street_id)
    with transaction.atomic():
        locked = _lock(campaign)
        starts_on = data.get("starts_on", locked.starts_on)
        ends_on = data.get("ends_on", locked.ends_on)
        if starts_on and ends_on and starts_on <= ends_on:
            outside = (
                locked.phases.exclude(starts_on__gte=starts_on, ends_on__lte=ends_on)
                .order_by("starts_on")
                .first()
            )
            if outside is not None:
                raise ValidationError(
                    _(
                        "阶段“%(phase)s”（%(period)s）不在新的治理期间内："
                        "请先调整或删除该阶段，再修改专项治理的起止日期。"
                    )
                    % {"phase": outside.name, "period": _period(outside.starts_on, outside.ends_on)}
                )
        return model_update(locked, actor=actor, data=data, m2m=m2m)[0]


# --- phases ------------------------------------------------------------------------------------------


def _check_phase(
    campaign: Campaign, values: Mapping[str, Any], current: CampaignPhase | None
) -> None:
    starts_on: date | None = values.get("starts_on")
    ends_on: date | None = values.get("ends_on")
    if starts_on is None or ends_on is None:
        return  # the model's own validation names the missing field
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("结束日期不能早于开始日期。")})
    period = _period(campaign.starts_on, campaign.ends_on)
    if starts_on < campaign.starts_on:
        raise ValidationError(
            {"starts_on": _("阶段须在专项治理期间（%(period)s）内。") % {"period": period}}
        )
    if ends_on > campaign.ends_on:
        raise ValidationError(
            {"ends_on": _("阶段须在专项治理期间（%(period)s）内。") % {"period": period}}
        )
    others = campaign.phases.filter(starts_on__lte=ends_on, ends_on__gte=starts_on)
    if current is not None:
        others = others.exclude(pk=current.pk)
    other = others.order_by("starts_on").first()
    if other is not None:
        raise ValidationError(
            {
                "starts_on": _(
                    "与阶段“%(phase)s”（%(period)s）时间重叠：同一专项治理的各阶段不能重叠，"
                    "请调整起止日期。"
                )
                % {"phase": other.name, "period": _period(other.starts_on, other.ends_on)}
            }
        )


def campaign_phase_add(*, actor: User | None, campaign: Campaign, **fields: Any) -> CampaignPhase:
    """Add a phase (动员部署、集中整治、巩固提升…) inside the campaign's period, overlapping no
    other phase of it."""
    refuse_unknown_fields(CampaignPhase, fields, PHASE_FIELDS)
    data = _trimmed(fields)
    with transaction.atomic():
        locked = _lock(campaign)
        _check_phase(locked, data, None)
        return model_create(CampaignPhase, actor=actor, data={"campaign": locked, **data})


def campaign_phase_update(
    phase: CampaignPhase, *, actor: User | None, **fields: Any
) -> CampaignPhase:
    """Change a phase; its campaign stays."""
    if "campaign" in fields and fields["campaign"] != phase.campaign:
        raise ValidationError({"campaign": _("阶段所属的专项治理不能修改。")})
    fields = {k: v for k, v in fields.items() if k != "campaign"}
    refuse_unknown_fields(CampaignPhase, fields, PHASE_FIELDS)
    data = _trimmed(fields)
    with transaction.atomic():
        locked = _lock(phase.campaign)
        current = CampaignPhase._base_manager.select_for_update().get(pk=phase.pk)
        merged = {name: getattr(current, name) for name in PHASE_FIELDS} | data
        _check_phase(locked, merged, current)
        return model_update(current, actor=actor, data=data)[0]


def campaign_phase_remove(phase: CampaignPhase, *, actor: User | None) -> None:
    """Remove a phase entered by mistake (audited)."""
    with transaction.atomic():
        _lock(phase.campaign)
        model_delete(phase, actor=actor)


# --- partner units -------------------------------------------------------------------------------


def _partner_data(fields: Mapping[str, Any]) -> dict[str, Any]:
    refuse_unknown_fields(CampaignPartner, fields, PARTNER_FIELDS)
    data = _trimmed(fields)
    if data.get("phone"):
        data["phone"] = data["phone"].replace(" ", "")
        try:
            phone_validator(data["phone"])
        except ValidationError as exc:
            raise ValidationError({"phone": exc.messages}) from None
    return data


def campaign_partner_add(
    *, actor: User | None, campaign: Campaign, **fields: Any
) -> CampaignPartner:
    """Add a partner unit (公安、交警、物业公司、市政公司、村居、职能部门…) and its role."""
    data = _partner_data(fields)
    with transaction.atomic():
        locked = _lock(campaign)
        return model_create(CampaignPartner, actor=actor, data={"campaign": locked, **data})


def campaign_partner_update(
    partner: CampaignPartner, *, actor: User | None, **fields: Any
) -> CampaignPartner:
    """Change a partner unit's particulars; its campaign stays."""
    if "campaign" in fields and fields["campaign"] != partner.campaign:
        raise ValidationError({"campaign": _("协作单位所属的专项治理不能修改。")})
    data = _partner_data({k: v for k, v in fields.items() if k != "campaign"})
    return model_update(partner, actor=actor, data=data)[0]


def campaign_partner_remove(partner: CampaignPartner, *, actor: User | None) -> None:
    """Remove a partner unit entered by mistake (audited)."""
    model_delete(partner, actor=actor)
