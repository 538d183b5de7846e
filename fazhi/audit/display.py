"""How an audit row's ``changes`` read on the detail page: labelled, before beside after."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.audit.models import AuditEntry
from fazhi.core.formats import cn_date, cn_datetime

# Keys that services put into ``changes`` besides model fields.
EXTRA_LABELS = {
    "roles": gettext_lazy("角色"),
    "reason": gettext_lazy("原因"),
    "filters": gettext_lazy("筛选条件"),
    "count": gettext_lazy("记录数"),
    "reset_by_admin": gettext_lazy("由安全管理员重置"),
    "deleted": gettext_lazy("删除记录数"),
    "through_seq": gettext_lazy("清理至序号"),
    "account": gettext_lazy("锁定账号"),
    "ip": gettext_lazy("锁定网络地址"),
    "minutes": gettext_lazy("锁定分钟数"),
    "locked_until": gettext_lazy("原锁定至"),
}

REASON_LABELS = {
    "bad_credentials": gettext_lazy("用户名或密码错误"),
    "locked_account": gettext_lazy("账号已被锁定"),
    "locked_ip": gettext_lazy("网络地址已被锁定"),
    "inactive": gettext_lazy("账号已停用"),
    "user": gettext_lazy("用户主动退出"),
    "idle_timeout": gettext_lazy("长时间未操作，自动退出"),
}

EMPTY = "—"


@dataclass(frozen=True)
class ChangeRow:
    label: str
    before: str
    after: str
    changed: bool


def _model(object_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def _field(model: type[models.Model] | None, name: str) -> models.Field[Any, Any] | None:
    if model is None:
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if isinstance(field, models.Field) else None


def _label(field: models.Field[Any, Any] | None, key: str) -> str:
    if field is not None:
        return capfirst(str(field.verbose_name))
    return str(EXTRA_LABELS.get(key, key))


def _related_text(field: models.Field[Any, Any], value: Any) -> str:
    """A foreign key or many-to-many value as the records' names, as they are now."""
    ids = value if isinstance(value, list) else [value]
    related = field.related_model
    if related is None or related == "self" or isinstance(related, str):
        return _("、").join(f"#{i}" for i in ids)
    found = {obj.pk: str(obj) for obj in related._base_manager.filter(pk__in=ids)}
    return _("、").join(found.get(i, _("#%(id)s（已删除）") % {"id": i}) for i in ids) or EMPTY


def _parse_moment(field: models.Field[Any, Any], value: str) -> str:
    try:
        if isinstance(field, models.DateTimeField):
            return cn_datetime(datetime.fromisoformat(value))
        return cn_date(date.fromisoformat(value))
    except ValueError:
        return value


def format_value(field: models.Field[Any, Any] | None, key: str, value: Any) -> str:
    """One stored value in words: choice labels, 是/否, dates, related names."""
    if value is None or value == "" or value == []:
        return EMPTY
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if field is not None:
        if field.choices:
            return str(dict(field.flatchoices).get(value, value))
        if field.is_relation:
            return _related_text(field, value)
        if isinstance(field, models.DateField) and isinstance(value, str):
            return _parse_moment(field, value)
    if key == "roles" and isinstance(value, list):
        from fazhi.org.roles import Role

        return _("、").join(str(Role(v).label) if v in Role.values else str(v) for v in value)
    if key == "reason" and isinstance(value, str):
        return str(REASON_LABELS.get(value, value))
    if isinstance(value, list):
        return _("、").join(str(v) for v in value)
    if isinstance(value, dict):
        return (
            _("；").join(
                _("%(label)s：%(value)s") % {"label": k, "value": v} for k, v in value.items()
            )
            or EMPTY
        )
    return str(value)


def change_rows(entry: AuditEntry) -> list[ChangeRow]:
    """The fields the row names, each with its value before and after, in the model's order."""
    changes = entry.changes if isinstance(entry.changes, dict) else {}
    before = changes.get("before") or {}
    after = changes.get("after") or {}
    if not isinstance(before, dict) or not isinstance(after, dict):
        return []
    model = _model(entry.object_type)
    keys = list(dict.fromkeys([*before, *after]))
    if model is not None:
        order = {f.name: i for i, f in enumerate(model._meta.get_fields())}
        keys.sort(key=lambda k: order.get(k, len(order)))
    rows = []
    for key in keys:
        field = _field(model, key)
        old = format_value(field, key, before.get(key)) if key in before else EMPTY
        new = format_value(field, key, after.get(key)) if key in after else EMPTY
        changed = key in before and key in after and before[key] != after[key]
        rows.append(ChangeRow(_label(field, key), old, new, changed))
    return rows


def extra_items(entry: AuditEntry) -> list[tuple[str, str]]:
    """The row's other particulars (reason, filters of an export …), labelled."""
    changes = entry.changes if isinstance(entry.changes, dict) else {}
    return [
        (str(EXTRA_LABELS.get(key, key)), format_value(None, key, value))
        for key, value in changes.items()
        if key not in {"before", "after"}
    ]


def changes_text(entry: AuditEntry) -> str:
    """``changes`` as compact JSON, for the Excel export."""
    if not entry.changes:
        return ""
    return json.dumps(entry.changes, ensure_ascii=False, sort_keys=True)
