"""Writes on patrols (巡查): who went, when, which grid or key area, the route and findings.

A grid worker records the own grid's patrols only (the pages, the API and the import call the
same services, so the rule holds everywhere).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core.formats import cn_date
from fazhi.core.scoping import user_is_grid_scoped
from fazhi.core.services import model_create, model_update
from fazhi.enforcement.models import Patrol
from fazhi.enforcement.selectors.reports import patrol_members
from fazhi.org.models import Street, User


def _not_patrolling(members: list[User], *, street: Street, current: Patrol | None) -> list[User]:
    """The members who may not be named on the patrol: not among ``patrol_members`` of the
    street, unless the patrol already names them (a member since retired stays on record)."""
    ids = [u.pk for u in members]
    allowed = set(patrol_members(street.pk).filter(pk__in=ids).values_list("pk", flat=True))
    if current is not None:
        allowed |= set(current.members.filter(pk__in=ids).values_list("pk", flat=True))
    return [u for u in members if u.pk not in allowed]


def patrol_check(
    values: Mapping[str, Any],
    members: list[User] | None,
    *,
    street: Street,
    actor: User | None,
    now: datetime,
    current: Patrol | None,
) -> None:
    """The rules of a patrol beyond its own fields; raises one ValidationError naming them."""
    errors: dict[str, str] = {}
    started_at: datetime | None = values.get("started_at")
    ended_at: datetime | None = values.get("ended_at")
    if started_at is not None and started_at > now:
        errors["started_at"] = _("开始时间不能晚于当前时间。")
    if ended_at is not None and ended_at > now:
        errors["ended_at"] = _("结束时间不能晚于当前时间。")
    if members is not None:
        if not members:
            errors["members"] = _("请选择巡查人员。")
        else:
            outside = _not_patrolling(members, street=street, current=current)
            if outside:
                errors["members"] = _(
                    "巡查人员须为本街道在用的执法人员或网格员账号：%(names)s不是。"
                ) % {"names": _("、").join(u.display_name for u in outside)}
    grid = values.get("grid")
    if actor is not None and user_is_grid_scoped(actor):
        if actor.grid_id is None:
            errors["grid"] = _("您的账号尚未分配网格，不能登记巡查。")
        elif grid is None or grid.pk != actor.grid_id:
            errors["grid"] = _("网格员只能登记本网格的巡查，网格请选择“%(grid)s”。") % {
                "grid": actor.grid
            }
    key_area = values.get("key_area")
    newly_named = current is None or (key_area is not None and current.key_area_id != key_area.pk)
    if key_area is not None and not key_area.in_use and newly_named:
        errors["key_area"] = _("重点区域“%(name)s”已不在用。") % {"name": key_area.name}
    campaign = values.get("campaign")
    if campaign is not None and started_at is not None:
        day = timezone.localtime(started_at).date()
        if not campaign.starts_on <= day <= campaign.ends_on:
            errors["campaign"] = _(
                "巡查日期不在专项治理“%(name)s”的期间（%(start)s至%(end)s）内。"
            ) % {
                "name": campaign.name,
                "start": cn_date(campaign.starts_on),
                "end": cn_date(campaign.ends_on),
            }
    if errors:
        raise ValidationError(errors)


def patrol_create(
    *,
    street: Street,
    actor: User | None,
    members: Iterable[User],
    now: datetime | None = None,
    **fields: Any,
) -> Patrol:
    """Record a patrol with its members (users of the street).

    A grid worker records only the own grid's patrols; nothing lies in the future.
    """
    team = list(members)
    moment = now or timezone.now()
    patrol_check(fields, team, street=street, actor=actor, now=moment, current=None)
    return model_create(
        Patrol, actor=actor, data={"street": street, **fields}, m2m={"members": team}
    )


def patrol_update(
    patrol: Patrol, *, actor: User | None, now: datetime | None = None, **fields: Any
) -> Patrol:
    """Change a patrol record (its members too when ``members`` is given)."""
    if "street" in fields and fields["street"] != patrol.street:
        raise ValidationError(_("记录所属街道不能修改。"))
    members = fields.pop("members", None)
    team = list(members) if members is not None else None
    with transaction.atomic():
        locked = Patrol._base_manager.select_for_update().get(pk=patrol.pk)
        values = {
            name: fields.get(name, getattr(locked, name))
            for name in ("started_at", "ended_at", "grid", "key_area", "campaign")
        }
        patrol_check(
            values,
            team,
            street=locked.street,
            actor=actor,
            now=now or timezone.now(),
            current=locked,
        )
        return model_update(
            locked,
            actor=actor,
            data=fields,
            m2m={"members": team} if team is not None else None,
        )[0]
