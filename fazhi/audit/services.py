"""Writing and checking the audit log. Every service that writes calls ``record``."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from fazhi.audit.models import GENESIS_HASH, Action, AuditChainHead, AuditEntry
from fazhi.core import context
from fazhi.core.language import product_language
from fazhi.org.models import Street


def json_value(value: Any) -> Any:
    """A value as it is kept in ``changes``: JSON-native, stable across databases."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float | Decimal):
        return str(value)
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat() if timezone.is_aware(value) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dict):
        return {str(k): json_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [json_value(v) for v in value]
        return sorted(items, key=str) if isinstance(value, set | frozenset) else items
    if hasattr(value, "name") and hasattr(value, "storage"):  # a FieldFile
        return value.name or ""
    return str(value)


def _canonical(entry: AuditEntry) -> bytes:
    created = entry.created_at.astimezone(UTC).isoformat(timespec="microseconds")
    payload = [
        entry.seq,
        created,
        entry.street_id,
        entry.actor_id,
        entry.actor_name,
        entry.action,
        entry.object_type,
        entry.object_id,
        entry.object_repr,
        entry.changes,
        entry.ip,
        entry.request_id,
        entry.prev_hash,
    ]
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def entry_hash(entry: AuditEntry) -> str:
    return hashlib.sha256(_canonical(entry)).hexdigest()


def _head_for_update() -> AuditChainHead:
    """Lock the chain head: appends are serialised so two writers cannot fork the chain."""
    head = AuditChainHead.objects.select_for_update().filter(pk=1).first()
    if head is None:  # the migration creates it; a hand-emptied table gets it back
        AuditChainHead.objects.get_or_create(pk=1)
        head = AuditChainHead.objects.select_for_update().get(pk=1)
    return head


@dataclass
class _Batch:
    """Rows appended in memory, chained from the head locked when the batch began."""

    last_seq: int
    last_hash: str
    entries: list[AuditEntry] = field(default_factory=list)


_batch: ContextVar[_Batch | None] = ContextVar("audit_batch", default=None)


@contextmanager
def batched(size: int = 500) -> Iterator[None]:
    """Within the block, ``record`` chains its rows in memory; they are written at the end in
    bulk inserts, under one lock of the chain head held for the whole block.

    For work that succeeds or fails as a whole (an import, the demo): the block runs in one
    transaction, and the rows are written only if it ends without an exception. A caller must
    not catch an error of a write inside the block and go on, since that write's row is kept.
    Nested blocks join the outermost one.
    """
    if _batch.get() is not None:
        yield
        return
    with transaction.atomic():
        head = _head_for_update()
        batch = _Batch(last_seq=head.last_seq, last_hash=head.last_hash)
        token = _batch.set(batch)
        try:
            yield
        finally:
            _batch.reset(token)
        if batch.entries:
            AuditEntry.objects.bulk_create(batch.entries, batch_size=size)
            AuditChainHead.objects.filter(pk=1).update(
                last_seq=batch.last_seq, last_hash=batch.last_hash
            )


def record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    street: Any = None,
    object_type: str = "",
    object_id: Any = "",
    object_repr: Any = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    extra: dict[str, Any] | None = None,
    actor_name: str = "",
) -> AuditEntry:
    """Append one row naming who did what to which record, chained to the row before it.

    The row is written in the product's language whatever the language of the request:
    names of records, and lazy translations in ``object_repr`` and the changes, read the same
    for every auditor and keep the chain's content independent of who happened to act.
    """
    if action not in Action.values:
        raise ValueError(f"unknown audit action {action!r}")
    with product_language():
        return _record(
            actor=actor,
            action=action,
            obj=obj,
            street=street,
            object_type=object_type,
            object_id=object_id,
            object_repr=object_repr,
            before=before,
            after=after,
            extra=extra,
            actor_name=actor_name,
        )


def _record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None,
    street: Any,
    object_type: str,
    object_id: Any,
    object_repr: Any,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    extra: dict[str, Any] | None,
    actor_name: str,
) -> AuditEntry:
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
        object_repr = object_repr or str(obj)
        if street is None:
            street = _street_of(obj)
    if street is None and actor is not None and getattr(actor, "is_authenticated", False):
        street = getattr(actor, "street_id", None)  # the id: no query for the actor's street
    changes: dict[str, Any] = {}
    if before is not None:
        changes["before"] = json_value(before)
    if after is not None:
        changes["after"] = json_value(after)
    if extra:
        changes.update(json_value(extra))
    ctx = context.current()
    real_actor = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    entry_fields: dict[str, Any] = {
        "created_at": timezone.now(),
        "street": street,
        "actor": real_actor,
        "actor_name": (actor_name or _actor_name(real_actor, ctx))[:150],
        "action": action,
        "object_type": object_type[:100],
        "object_id": str(object_id)[:64],
        "object_repr": str(object_repr)[:200],
        "changes": changes,
        "ip": ctx.ip or "",
        "request_id": ctx.request_id,
    }
    batch = _batch.get()
    if batch is not None:
        entry = _chained(batch.last_seq, batch.last_hash, entry_fields)
        batch.entries.append(entry)
        batch.last_seq, batch.last_hash = entry.seq, entry.hash
        return entry
    with transaction.atomic():
        head = _head_for_update()
        entry = _chained(head.last_seq, head.last_hash, entry_fields)
        entry.save()
        AuditChainHead.objects.filter(pk=1).update(last_seq=entry.seq, last_hash=entry.hash)
    return entry


def _chained(last_seq: int, last_hash: str, fields: dict[str, Any]) -> AuditEntry:
    """The row that follows ``last_seq``, linked to and hashed after it (not saved)."""
    street = fields.pop("street")
    entry = AuditEntry(
        seq=last_seq + 1,
        prev_hash=last_hash,
        street=street if isinstance(street, Street) else None,
        **fields,
    )
    if street is not None and not isinstance(street, models.Model):
        entry.street_id = street
    entry.hash = entry_hash(entry)
    return entry


def _actor_name(actor: Any, ctx: context.RequestContext) -> str:
    if actor is not None:
        return str(actor.display_name)
    # No account: a resident on the public site, or the system itself (a command, the demo).
    return "匿名访客" if ctx.ip else "系统"


def _street_of(obj: models.Model) -> Any:
    """The street of ``obj``: its own, or for a child record (a mediation's party, a group's
    member count) the one its ``scope_street`` path leads to."""
    if isinstance(obj, Street):
        return obj
    street_id = getattr(obj, "street_id", None)
    path = getattr(type(obj), "scope_street", None)
    if street_id is None and isinstance(path, str) and "__" in path:
        *hops, last = path.split("__")
        target: Any = obj
        for hop in hops:
            target = getattr(target, hop, None)
            if target is None:
                return None
        street_id = getattr(target, f"{last}_id", None)
    return street_id


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    broken_seq: int | None = None
    reason: str = ""


def verify(batch_size: int = 2000) -> VerifyResult:
    """Re-compute the chain; name the first row whose content or link does not match."""
    head = AuditChainHead.objects.filter(pk=1).first()
    expected_prev = head.anchor_prev_hash if head else GENESIS_HASH
    expected_seq = head.anchor_seq if head else 1
    checked = 0
    last_seq = 0
    qs = AuditEntry.objects.order_by("seq")
    while True:
        rows = list(qs.filter(seq__gt=last_seq)[:batch_size])
        if not rows:
            break
        for row in rows:
            if row.seq != expected_seq:
                return VerifyResult(
                    False,
                    checked,
                    expected_seq,
                    f"第{expected_seq}号记录缺失（下一条为第{row.seq}号）",
                )
            if row.prev_hash != expected_prev:
                return VerifyResult(
                    False, checked, row.seq, f"第{row.seq}号记录的前一行哈希与链不符"
                )
            if entry_hash(row) != row.hash:
                return VerifyResult(
                    False, checked, row.seq, f"第{row.seq}号记录的内容与其哈希不符，已被改动"
                )
            expected_prev = row.hash
            expected_seq = row.seq + 1
            checked += 1
            last_seq = row.seq
    if head and head.last_seq and head.last_seq != expected_seq - 1:
        return VerifyResult(
            False,
            checked,
            expected_seq,
            f"链尾应为第{head.last_seq}号记录，实为第{expected_seq - 1}号",
        )
    if head and head.last_seq and head.last_hash != expected_prev:
        return VerifyResult(False, checked, head.last_seq, "链尾哈希与记录不符")
    return VerifyResult(True, checked)


def purge_before(*, cutoff: date, actor: Any) -> int:
    """Delete rows older than ``cutoff``; refuses anything inside the retention period."""
    retention = settings.AUDIT_RETENTION_DAYS
    earliest_allowed = timezone.localdate() - timedelta(days=retention)
    if cutoff > earliest_allowed:
        raise ValidationError(
            f"审计日志至少保留{retention}日：只能清理{earliest_allowed.year}年{earliest_allowed.month}月"
            f"{earliest_allowed.day}日以前的记录。"
        )
    cutoff_dt = timezone.make_aware(datetime.combine(cutoff, datetime.min.time()))
    with transaction.atomic():
        head = _head_for_update()
        doomed = AuditEntry.objects.filter(created_at__lt=cutoff_dt)
        last = doomed.order_by("-seq").first()
        if last is None:
            return 0
        count = AuditEntry.objects.filter(seq__lte=last.seq)._purge()
        AuditChainHead.objects.filter(pk=head.pk).update(
            anchor_seq=last.seq + 1, anchor_prev_hash=last.hash
        )
        record(
            actor=actor,
            action=Action.PURGE,
            object_type="audit.auditentry",
            object_repr=f"清理{cutoff.isoformat()}以前的审计记录",
            extra={"deleted": count, "through_seq": last.seq},
        )
    return count
