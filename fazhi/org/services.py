"""Writes on people and places. Views, the API, importers, the demo and tests call these."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.audit.models import Action
from fazhi.audit.services import record
from fazhi.core.access import Refusal
from fazhi.core.formats import cn_date
from fazhi.core.imports.bulk import create_in_bulk
from fazhi.core.services import model_create, model_delete, model_update, snapshot
from fazhi.org.geojson import read_boundaries
from fazhi.org.models import (
    Department,
    Grid,
    GridWorker,
    LeadingGroup,
    LeadingGroupMeeting,
    LeadingGroupMember,
    Street,
    User,
    Village,
)
from fazhi.org.roles import Role

# Generic create/update/delete per entity: the entity's own rules live in its model's clean()
# and constraints, so these stay one line each and every interface shares them.


def street_create(*, actor: User | None, **fields: Any) -> Street:
    return model_create(Street, actor=actor, data=fields)


def department_create(*, street: Street, actor: User, **fields: Any) -> Department:
    return model_create(Department, actor=actor, data={"street": street, **fields})


def village_create(*, street: Street, actor: User, **fields: Any) -> Village:
    return model_create(Village, actor=actor, data={"street": street, **fields})


def grid_create(*, street: Street, actor: User, **fields: Any) -> Grid:
    return model_create(Grid, actor=actor, data={"street": street, **fields})


def grid_create_many(
    *, street: Street, actor: User, rows: Sequence[Mapping[str, Any]]
) -> list[Grid]:
    """Create many grids at once (an import), each as ``grid_create`` creates one; RowsRejected
    names every refused row by its index, and nothing is written."""
    return create_in_bulk([Grid(street=street, **row) for row in rows], actor=actor)


def grid_worker_create(*, street: Street, actor: User, **fields: Any) -> GridWorker:
    return model_create(GridWorker, actor=actor, data={"street": street, **fields})


def grid_worker_create_many(
    *, street: Street, actor: User, rows: Sequence[Mapping[str, Any]]
) -> list[GridWorker]:
    """Create many grid workers at once (an import), each as ``grid_worker_create`` creates
    one; RowsRejected names every refused row by its index, and nothing is written."""
    return create_in_bulk([GridWorker(street=street, **row) for row in rows], actor=actor)


def leading_group_create(*, street: Street, actor: User, **fields: Any) -> LeadingGroup:
    return model_create(LeadingGroup, actor=actor, data={"street": street, **fields})


def leading_group_member_create(
    *, street: Street, actor: User, **fields: Any
) -> LeadingGroupMember:
    return model_create(LeadingGroupMember, actor=actor, data={"street": street, **fields})


def meeting_create(
    *, street: Street, actor: User, attendees: Iterable[User] = (), **fields: Any
) -> LeadingGroupMeeting:
    attendees = list(attendees)
    _check_same_street(street, attendees, gettext_lazy("出席人员"))
    return model_create(
        LeadingGroupMeeting,
        actor=actor,
        data={"street": street, **fields},
        m2m={"attendees": attendees},
    )


def meeting_update(
    meeting: LeadingGroupMeeting,
    *,
    actor: User,
    attendees: Iterable[User] | None = None,
    **fields: Any,
) -> LeadingGroupMeeting:
    m2m = None
    if attendees is not None:
        attendees = list(attendees)
        _check_same_street(meeting.street, attendees, gettext_lazy("出席人员"))
        m2m = {"attendees": attendees}
    return model_update(meeting, actor=actor, data=fields, m2m=m2m)[0]


def record_update(instance: Any, *, actor: User, **fields: Any) -> Any:
    """Update any org record (street, department, village, grid, worker, group, member)."""
    if "street" in fields and fields["street"] != getattr(instance, "street", None):
        raise ValidationError(_("记录所属街道不能修改。"))
    return model_update(instance, actor=actor, data=fields)[0]


def record_delete(instance: Any, *, actor: User) -> None:
    model_delete(instance, actor=actor)


def grid_worker_leave(worker: GridWorker, *, ended_on: date, actor: User) -> GridWorker:
    """Take a grid worker off duty from ``ended_on``: the record stays for past figures."""
    if worker.ended_on is not None:
        raise ValidationError(
            _("%(name)s已于%(date)s离岗。")
            % {"name": worker.name, "date": cn_date(worker.ended_on)}
        )
    return model_update(worker, actor=actor, data={"ended_on": ended_on})[0]


def grid_boundaries_import(
    *, street: Street, data: bytes, actor: User | None, file_name: str = ""
) -> int:
    """Replace the boundaries of the street's grids named in ``data`` (a GeoJSON
    FeatureCollection, one polygon per grid code) and return how many were replaced.

    The whole file is checked first; any problem raises ValidationError listing each feature
    at fault, and nothing is written. Grids the file does not name keep their boundary. One
    audit row names the actor, the file and the grids.
    """
    codes = set(Grid.objects.filter(street=street).values_list("code", flat=True))
    features = read_boundaries(data, known_codes=codes)
    with transaction.atomic():
        grids = {
            grid.code: grid
            for grid in Grid.objects.select_for_update().filter(
                street=street, code__in=[f.code for f in features]
            )
        }
        gone = [f.code for f in features if f.code not in grids]
        if gone:  # deleted while the file was being read
            raise ValidationError(
                _("本街道没有网格编号%(codes)s，未导入网格边界。") % {"codes": _("、").join(gone)}
            )
        replaced = sorted(f.code for f in features if grids[f.code].boundary is not None)
        for feature in features:
            grid = grids[feature.code]
            grid.boundary = feature.geometry
            grid.save(update_fields=["boundary", "updated_at"])
        record(
            actor=actor,
            action=Action.IMPORT,
            object_type=Grid._meta.label_lower,
            object_repr=format_lazy(gettext_lazy("导入网格边界{count}个"), count=len(features)),
            street=street,
            extra={
                "file": file_name,
                "sha256": hashlib.sha256(data).hexdigest(),
                "rows": len(features),
                "codes": sorted(grids),
                "replaced": replaced,
                "ids": sorted(grid.pk for grid in grids.values()),
            },
        )
    return len(features)


def _check_same_street(street: Street, users: Iterable[User], label: Any) -> None:
    if any(u.street_id != street.pk for u in users):
        raise ValidationError({"attendees": _("%(label)s须为本街道人员。") % {"label": label}})


# --- Accounts and roles (the security administrator's work) ---------------------------------


def user_create(
    *,
    actor: User | None,
    username: str,
    full_name: str,
    street: Street | None,
    password: str,
    roles: Iterable[str] = (),
    must_change_password: bool = True,
    **fields: Any,
) -> User:
    """Create a staff account; the password is checked against the password policy."""
    from django.contrib.auth.password_validation import validate_password

    user = User(
        username=username,
        full_name=full_name,
        street=street,
        must_change_password=must_change_password,
        **fields,
    )
    validate_password(password, user)
    user.set_password(password)
    user.password_changed_at = timezone.now()
    user.full_clean(exclude=["password"])
    roles = list(roles)
    _check_roles(roles, grid=user.grid)
    _check_district_account(
        roles,
        street=user.street_id,
        district=user.district_id,
        department=user.department_id,
        grid=user.grid_id,
    )
    with transaction.atomic():
        try:
            with transaction.atomic():
                user.save()
        except IntegrityError as exc:  # the same user name created at the same moment
            raise ValidationError({"username": _("该用户名已被使用。")}) from exc
        user.groups.set(Group.objects.filter(name__in=roles))
        record(
            actor=actor,
            action=Action.CREATE,
            obj=user,
            after=snapshot(user) | {"roles": sorted(roles)},
        )
    return user


def user_update(user: User, *, actor: User, **fields: Any) -> User:
    forbidden = {"password", "is_superuser", "groups", "user_permissions"} & set(fields)
    if forbidden:
        raise ValidationError(_("密码和角色须通过专门的功能修改。"))
    if "grid" in fields:
        _check_roles(sorted(user.role_codes()), grid=fields["grid"])
    if _ACCOUNT_PLACES & set(fields):
        _check_district_account(
            sorted(user.role_codes()),
            **{name: fields.get(name, getattr(user, f"{name}_id")) for name in _ACCOUNT_PLACES},
        )
    return model_update(user, actor=actor, data=fields)[0]


def user_set_roles(user: User, *, roles: Iterable[str], actor: User) -> User:
    """Replace a user's roles. Only a security administrator may, and never on themselves."""
    roles = sorted(set(roles))
    if not actor.is_superuser and not actor.has_perm("org.manage_roles"):
        raise PermissionDenied(Refusal(_("只有安全管理员可以分配角色。")))
    if not actor.is_superuser and (user.street_id != actor.street_id or user.is_superuser):
        raise PermissionDenied(Refusal(_("只能为本街道的账号分配角色。")))
    if actor.pk == user.pk:
        raise ValidationError(_("不能修改自己的角色。"))
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        _check_roles(roles, grid=locked.grid)
        _check_district_account(
            roles,
            street=locked.street_id,
            district=locked.district_id,
            department=locked.department_id,
            grid=locked.grid_id,
        )
        before = sorted(locked.groups.values_list("name", flat=True))
        locked.groups.set(Group.objects.filter(name__in=roles))
        if before != roles:
            record(
                actor=actor,
                action=Action.ROLE_CHANGE,
                obj=locked,
                before={"roles": before},
                after={"roles": roles},
            )
    locked.__dict__.pop("_role_codes", None)
    return locked


def _check_roles(roles: list[str], *, grid: Any) -> None:
    unknown = [r for r in roles if r not in Role.values]
    if unknown:
        raise ValidationError(_("未知角色：%(roles)s。") % {"roles": _("、").join(unknown)})
    if Role.GRID_WORKER in roles and not Role.street_wide() & set(roles) and grid is None:
        # Without a grid the account could see nothing, or (before) the whole street.
        raise ValidationError({"grid": _("网格员账号须指定所属网格。")})
    admins = Role.administrators() & set(roles)
    if len(admins) > 1:
        raise ValidationError(
            _("系统管理员、安全管理员、审计员须由不同人员担任（三员分立），不能兼任。")
        )
    if admins and len(roles) > 1:
        raise ValidationError(_("三员（系统管理员、安全管理员、审计员）不能兼任业务角色。"))


# Where an account sits: a street's staff in a street (and its department or grid), the district
# office (区依法治区办) in a district and in no street, so that no street record is ever its own.
_ACCOUNT_PLACES = {"street", "district", "department", "grid"}


def _check_district_account(
    roles: Iterable[str], *, street: Any, district: Any, department: Any, grid: Any
) -> None:
    """A district office account has a district, no street, department or grid, and no other
    role; a street's account names no district."""
    held = set(roles)
    errors: dict[str, Any] = {}
    if Role.DISTRICT_OFFICE in held:
        if len(held) > 1:
            errors["roles"] = _("区依法治区办不能兼任其他角色。")
        if street is not None:
            errors["street"] = _(
                "区依法治区办的账号不能归属街道：它查看本区各街道的统计数据，不查看街道的记录。"
            )
        if department is not None:
            errors["department"] = _("区依法治区办的账号不能指定部门。")
        if grid is not None:
            errors["grid"] = _("区依法治区办的账号不能指定网格。")
        if district is None:
            errors["district"] = _("区依法治区办的账号须指定所属区。")
    elif district is not None and street is not None:
        errors["district"] = _("街道的账号不能指定所属区：所属区只用于区依法治区办的账号。")
    if errors:
        raise ValidationError(errors)
