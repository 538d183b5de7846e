"""The hash chain: append-only, tamper-evident, purgeable only past the retention period."""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from fazhi.audit.models import Action, AuditEntry
from fazhi.audit.services import purge_before, record, verify


def run(*args: str) -> str:
    out = StringIO()
    call_command("audit", *args, stdout=out)
    return out.getvalue()


def sql(statement: str, *params: object) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def add_rows(n: int, label: str = "记录") -> list[AuditEntry]:
    return [
        record(
            actor=None, action=Action.CREATE, object_type="org.village", object_repr=f"{label}{i}"
        )
        for i in range(n)
    ]


def test_verify_passes_on_a_fresh_chain(world):
    count = AuditEntry.objects.count()
    assert count > 10  # building the world wrote one row per record
    assert verify().ok
    assert run("verify").strip() == f"审计链完整：已校验{count}条记录。"


def test_verify_names_an_edited_row(world):
    middle = AuditEntry.objects.order_by("seq")[5]
    sql("UPDATE audit_auditentry SET object_repr = 'x' WHERE seq = %s", middle.seq)
    result = verify()
    assert (result.ok, result.broken_seq, result.checked) == (False, middle.seq, 5)
    with pytest.raises(CommandError) as exc:
        run("verify")
    assert f"第{middle.seq}号记录" in str(exc.value)
    assert "内容与其哈希不符" in str(exc.value)
    assert exc.value.returncode != 0


def test_verify_notices_a_rewritten_hash(world):
    """Editing a row and re-hashing it breaks the next row's link instead."""
    from fazhi.audit.services import entry_hash

    row = AuditEntry.objects.order_by("seq")[3]
    row.object_repr = "改过的"
    new_hash = entry_hash(row)
    sql(
        "UPDATE audit_auditentry SET object_repr = %s, hash = %s WHERE seq = %s",
        "改过的",
        new_hash,
        row.seq,
    )
    result = verify()
    assert (result.ok, result.broken_seq) == (False, row.seq + 1)
    assert "前一行哈希与链不符" in result.reason


def test_verify_notices_a_deleted_middle_row(world):
    middle = AuditEntry.objects.order_by("seq")[4]
    sql("DELETE FROM audit_auditentry WHERE seq = %s", middle.seq)
    result = verify()
    assert (result.ok, result.broken_seq) == (False, middle.seq)
    assert "缺失" in result.reason
    with pytest.raises(CommandError, match=f"第{middle.seq}号记录"):
        run("verify")


def test_verify_notices_a_deleted_last_row(world):
    last = AuditEntry.objects.order_by("-seq").first()
    sql("DELETE FROM audit_auditentry WHERE seq = %s", last.seq)
    result = verify()
    assert not result.ok
    assert f"链尾应为第{last.seq}号记录" in result.reason


def test_the_orm_cannot_change_or_delete_rows(world):
    entry = AuditEntry.objects.order_by("seq").first()
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entry.pk).update(object_repr="x")
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(PermissionError):
        entry.delete()
    entry.object_repr = "x"
    with pytest.raises(PermissionError):
        entry.save()
    assert AuditEntry.objects.get(pk=entry.pk).object_repr != "x"
    assert verify().ok


def test_rows_chain_in_order(world):
    first, second = add_rows(2)
    assert second.seq == first.seq + 1
    assert second.prev_hash == first.hash


# --- Purge --------------------------------------------------------------------------------------


def test_purge_refuses_a_cutoff_inside_the_retention_period(world, settings):
    count = AuditEntry.objects.count()
    retention = settings.AUDIT_RETENTION_DAYS
    inside = timezone.localdate() - timedelta(days=retention - 1)
    with pytest.raises(CommandError) as exc:
        run("purge", "--before", inside.isoformat())
    assert f"审计日志至少保留{retention}日" in str(exc.value)
    with pytest.raises(ValidationError):
        purge_before(cutoff=inside, actor=None)
    assert AuditEntry.objects.count() == count
    # The first day outside the period is allowed (and here finds nothing to delete).
    edge = timezone.localdate() - timedelta(days=retention)
    assert purge_before(cutoff=edge, actor=None) == 0


def test_purge_refuses_a_malformed_date(world):
    with pytest.raises(CommandError, match="格式不正确"):
        run("purge", "--before", "2020-13-01")


def old_and_new_rows() -> tuple[list[AuditEntry], list[AuditEntry]]:
    """Rows written 400 and 100 days ago and today, in the order time wrote them."""
    now = timezone.now()
    with time_machine.travel(now - timedelta(days=400), tick=False):
        old = add_rows(3, "旧")
    with time_machine.travel(now - timedelta(days=100), tick=False):
        recent = add_rows(3, "近")
    return old, recent + add_rows(2, "今")


def test_purge_keeps_the_chain_verifiable(db):
    old, kept = old_and_new_rows()
    cutoff = timezone.localdate() - timedelta(days=200)
    out = run("purge", "--before", cutoff.isoformat())
    assert out.strip() == f"已清理{cutoff.isoformat()}以前的审计记录3条。"
    assert not AuditEntry.objects.filter(pk__in=[e.pk for e in old]).exists()
    assert AuditEntry.objects.filter(pk__in=[e.pk for e in kept]).count() == len(kept)
    purge = AuditEntry.objects.get(action=Action.PURGE)
    assert purge.changes == {"deleted": 3, "through_seq": old[-1].seq}
    assert verify().ok
    assert run("verify").strip() == f"审计链完整：已校验{len(kept) + 1}条记录。"

    # Deleting the oldest kept row by hand afterwards is still detected.
    sql("DELETE FROM audit_auditentry WHERE seq = %s", kept[0].seq)
    result = verify()
    assert (result.ok, result.broken_seq) == (False, kept[0].seq)
    with pytest.raises(CommandError, match=f"第{kept[0].seq}号记录"):
        run("verify")


def test_purge_then_deleting_a_middle_row_is_detected(db):
    _, kept = old_and_new_rows()
    purge_before(cutoff=timezone.localdate() - timedelta(days=200), actor=None)
    sql("DELETE FROM audit_auditentry WHERE seq = %s", kept[2].seq)
    result = verify()
    assert (result.ok, result.broken_seq) == (False, kept[2].seq)


def test_purge_with_nothing_old_deletes_nothing(world):
    count = AuditEntry.objects.count()
    assert purge_before(cutoff=timezone.localdate() - timedelta(days=365), actor=None) == 0
    assert AuditEntry.objects.count() == count
    assert verify().ok


@pytest.mark.django_db
def test_a_child_record_is_audited_under_its_parents_street(world, legal_for_audit):
    from fazhi.legal_services.models import WechatGroupCount

    count = WechatGroupCount.objects.create(
        group=legal_for_audit, counted_on=date(2020, 9, 28), members=50
    )
    record(actor=None, action=Action.CREATE, obj=count)
    entry = AuditEntry.objects.latest("seq")
    assert entry.street_id == world.a.street.pk


@pytest.fixture
def legal_for_audit(world):
    from fazhi.core.services import model_create
    from fazhi.legal_services.models import WechatGroup

    return model_create(
        WechatGroup,
        actor=None,
        data={"street": world.a.street, "name": "法律服务群", "created_on": date(2020, 1, 1)},
    )


def test_a_batch_writes_its_rows_at_the_end_chained_as_one_by_one(world):
    from fazhi.audit.services import batched

    before = AuditEntry.objects.count()
    with batched(size=3):
        rows = add_rows(7, "批量")
        with batched():  # a nested block joins the outer one
            rows += add_rows(2, "嵌套")
        assert AuditEntry.objects.count() == before  # nothing written yet
    add_rows(1, "其后")
    assert AuditEntry.objects.count() == before + 10
    seqs = list(
        AuditEntry.objects.filter(object_repr__regex=r"^(批量|嵌套|其后)")
        .order_by("seq")
        .values_list("seq", flat=True)
    )
    assert seqs == list(range(seqs[0], seqs[0] + 10))
    assert [r.seq for r in rows] == seqs[:9]
    assert verify().ok


def test_a_batch_that_fails_writes_no_row(world):
    from fazhi.audit.services import batched

    before = AuditEntry.objects.count()
    with pytest.raises(RuntimeError), batched():
        add_rows(5, "失败")
        raise RuntimeError("导入中断")
    assert AuditEntry.objects.count() == before
    add_rows(1, "之后")
    assert verify().ok
