from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import tarfile
from datetime import date
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from fazhi.audit.models import Action, AuditEntry
from fazhi.audit.services import verify
from fazhi.core import backup as backup_module
from fazhi.org import services
from fazhi.org.models import Grid, GridWorker, Village
from fazhi.testing import PASSWORD

# restore flushes and loads in its own transaction, as it does in production.
pytestmark = pytest.mark.django_db(transaction=True)

ATTACHMENT = "meetings/2020/领导小组会议纪要.pdf"
ATTACHMENT_BYTES = b"%PDF-1.4 minutes\n" + bytes(range(256)) * 4


@pytest.fixture
def media(settings, tmp_path) -> Path:
    settings.DATA_DIR = tmp_path / "data"
    settings.MEDIA_ROOT = tmp_path / "media"
    path = settings.MEDIA_ROOT / ATTACHMENT
    path.parent.mkdir(parents=True)
    path.write_bytes(ATTACHMENT_BYTES)
    return settings.MEDIA_ROOT


def backup(path: Path) -> str:
    out = io.StringIO()
    call_command("backup", output=path, stdout=out)
    return out.getvalue()


def restore(path: Path, **options) -> str:
    out = io.StringIO()
    call_command("restore", str(path), stdout=out, **options)
    return out.getvalue()


def manifest_of(path: Path) -> dict:
    with tarfile.open(path, "r:gz") as tar:
        return json.load(tar.extractfile("manifest.json"))


def rewrite(source: Path, target: Path, **replace: bytes) -> None:
    """Copy an archive, swapping some members' contents (the manifest stays as it was)."""
    with tarfile.open(source, "r:gz") as old, tarfile.open(target, "w:gz") as new:
        for member in old.getmembers():
            data = replace.get(member.name, old.extractfile(member).read())
            member.size = len(data)
            new.addfile(member, io.BytesIO(data))


def state() -> dict:
    """What a user would notice changed: records, audit rows, the uploaded files."""
    return {
        "grids": sorted(Grid.objects.values_list("code", "name")),
        "workers": sorted(GridWorker.objects.values_list("pk", flat=True)),
        "villages": sorted(Village.objects.values_list("name", flat=True)),
        "audit": AuditEntry.objects.count(),
    }


def test_backup_and_restore_bring_back_records_files_and_the_audit_chain(world, media, tmp_path):
    archive = tmp_path / "fazhi.tar.gz"
    attachment = media / ATTACHMENT
    before = state()
    permissions = Permission.objects.count()

    output = backup(archive)

    assert str(archive) in output
    assert archive.stat().st_mode & 0o777 == 0o600
    manifest = manifest_of(archive)
    assert manifest["database_vendor"] == connection.vendor
    assert manifest["counts"]["org.Grid"] == Grid.objects.count()
    assert manifest["counts"]["audit.AuditEntry"] == before["audit"]
    assert manifest["members"][f"media/{ATTACHMENT}"]["size"] == len(ATTACHMENT_BYTES)
    assert set(manifest["members"]) == {"database.json", f"media/{ATTACHMENT}"}
    assert AuditEntry.objects.filter(action=Action.BACKUP).count() == 1

    # Work goes on after the backup: a record changed, one deleted, one added, files replaced.
    services.record_update(world.a.grid, actor=world.clerk_a, name="改名后的网格")
    services.record_delete(world.a.other_worker, actor=world.clerk_a)
    services.village_create(
        street=world.a.street,
        actor=world.clerk_a,
        name="备份后新建社区",
        established_on=date(2021, 1, 1),
    )
    attachment.write_bytes(b"overwritten")
    (media / "later.txt").write_text("uploaded after the backup")
    assert state() != before

    output = restore(archive, yes=True)

    after = state()
    assert after["grids"] == before["grids"]
    assert after["workers"] == before["workers"]
    assert after["villages"] == before["villages"]
    assert attachment.read_bytes() == ATTACHMENT_BYTES
    assert not (media / "later.txt").exists()
    # Neither the unpacked copy nor the replaced uploads are left beside MEDIA_ROOT.
    assert [p.name for p in media.parent.iterdir() if p.name.startswith("media")] == ["media"]
    # The audit log is the backup's, row for row, plus one row recording the restore.
    assert after["audit"] == before["audit"] + 1
    last = AuditEntry.objects.order_by("-seq").first()
    assert (last.action, last.object_repr) == (Action.BACKUP, f"从备份恢复数据：{archive.name}")
    result = verify()
    assert result.ok, result.reason
    assert result.checked == before["audit"] + 1
    # Accounts, roles and permissions point where they pointed: the office can still import.
    assert Permission.objects.count() == permissions
    assert world.client(None).login(username="clerk_a", password=PASSWORD)
    clerk = type(world.clerk_a).objects.get(username="clerk_a")
    assert clerk.has_perm("org.import_org")
    assert not type(world.leader).objects.get(username="leader").has_perm("org.import_org")
    # New records get fresh keys after the restore (sequences were reset).
    village = services.village_create(
        street=world.a.street,
        actor=world.clerk_a,
        name="恢复后新建社区",
        established_on=date(2021, 1, 1),
    )
    assert village.pk > max(Village.objects.exclude(pk=village.pk).values_list("pk", flat=True))
    assert "org.Grid" in output
    assert "审计日志校验通过" in output
    assert "请核对 API 令牌和账号" in output


@pytest.fixture
def archive_and_later_work(world, media, tmp_path):
    """A good backup, then work done after it that a refused restore must leave alone."""
    archive = tmp_path / "good.tar.gz"
    backup(archive)
    services.record_update(world.a.grid, actor=world.clerk_a, name="备份后改的名字")
    (media / ATTACHMENT).write_bytes(b"changed after the backup")
    return archive, state()


def assert_nothing_changed(expected: dict, media: Path) -> None:
    assert state() == expected
    assert Grid.objects.filter(name="备份后改的名字").exists()
    assert (media / ATTACHMENT).read_bytes() == b"changed after the backup"
    assert verify().ok


def test_a_damaged_archive_is_refused_and_nothing_changes(archive_and_later_work, media, tmp_path):
    archive, expected = archive_and_later_work
    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 0xFF
    damaged = tmp_path / "damaged.tar.gz"
    damaged.write_bytes(bytes(data))

    with pytest.raises(CommandError, match="备份文件已损坏或不是本系统的备份文件，未做任何改动"):
        restore(damaged, yes=True)

    assert_nothing_changed(expected, media)


@pytest.mark.parametrize("kind", ["truncated", "not-an-archive"])
def test_a_truncated_or_foreign_file_is_refused(archive_and_later_work, media, tmp_path, kind):
    archive, expected = archive_and_later_work
    bad = tmp_path / "bad.tar.gz"
    content = archive.read_bytes()
    bad.write_bytes(content[: len(content) - 100] if kind == "truncated" else b"id,name\n1,x\n")

    with pytest.raises(CommandError, match="备份文件已损坏或不是本系统的备份文件"):
        restore(bad, yes=True)

    assert_nothing_changed(expected, media)


def test_a_member_that_does_not_match_the_manifest_is_refused(
    archive_and_later_work, media, tmp_path
):
    archive, expected = archive_and_later_work
    with tarfile.open(archive, "r:gz") as tar:
        dump = tar.extractfile("database.json").read()
    tampered = tmp_path / "tampered.tar.gz"
    rewrite(
        archive,
        tampered,
        **{"database.json": dump.replace("第一网格".encode(), "第九网格".encode())},
    )

    with pytest.raises(CommandError, match=r"database\.json 的校验值与清单不符"):
        restore(tampered, yes=True)

    assert_nothing_changed(expected, media)


def test_a_backup_from_a_newer_release_is_refused(archive_and_later_work, media, tmp_path):
    archive, expected = archive_and_later_work
    manifest = manifest_of(archive)
    manifest["migrations"]["org"].append("9999_from_the_future")
    newer = tmp_path / "newer.tar.gz"
    rewrite(archive, newer, **{"manifest.json": json.dumps(manifest).encode()})

    with pytest.raises(CommandError, match="请先升级程序再恢复"):
        restore(newer, yes=True)

    assert_nothing_changed(expected, media)


def test_an_archive_whose_members_conflict_is_refused(archive_and_later_work, media, tmp_path):
    archive, expected = archive_and_later_work
    with tarfile.open(archive, "r:gz") as tar:
        dump = tar.extractfile("database.json").read()
    # media/a is a file and also the directory of media/a/b: no directory can hold both. Every
    # member matches the manifest, so only the unpacking itself can notice.
    members = {"database.json": dump, "media/a": b"a file", "media/a/b": b"a file below it"}
    manifest = manifest_of(archive)
    manifest["members"] = {
        name: {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
        for name, data in members.items()
    }
    conflicting = tmp_path / "conflicting.tar.gz"
    with tarfile.open(conflicting, "w:gz") as tar:
        for name, data in [*members.items(), ("manifest.json", json.dumps(manifest).encode())]:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))

    with pytest.raises(CommandError, match=r"备份文件无法解包.*未做任何改动"):
        restore(conflicting, yes=True)

    assert_nothing_changed(expected, media)
    assert not (media / "a").exists()
    assert [p.name for p in media.parent.iterdir() if p.name.startswith("media")] == ["media"]


@pytest.mark.parametrize("failing_step", ["move the current files aside", "move the new ones in"])
def test_a_failed_swap_of_the_uploaded_files_keeps_them_and_says_how_to_finish(
    archive_and_later_work, media, monkeypatch, failing_step
):
    archive, _expected = archive_and_later_work
    (media / "later.txt").write_text("uploaded after the backup")
    real_replace = os.replace
    failed = []

    def replace_failing_once(src, dst):
        moving_current = Path(src) == media
        moving_new = Path(src).name.startswith("media.restore-")
        step_fails = moving_current if failing_step.endswith("aside") else moving_new
        if step_fails and not failed:
            failed.append(src)
            raise OSError(16, "Device or resource busy")
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace_failing_once)

    with pytest.raises(CommandError) as raised:
        restore(archive, yes=True)

    assert failed
    message = str(raised.value)
    assert "数据库已恢复为备份中的数据" in message
    assert "Device or resource busy" in message
    # The uploads are those from before the restore, all of them.
    assert (media / ATTACHMENT).read_bytes() == b"changed after the backup"
    assert (media / "later.txt").read_text() == "uploaded after the backup"
    # The backup's files wait beside them, where the message says, for the operator to finish.
    staged = [p for p in media.parent.iterdir() if p.name.startswith("media.")]
    assert [p.name[: len("media.restore-")] for p in staged] == ["media.restore-"]
    assert (staged[0] / ATTACHMENT).read_bytes() == ATTACHMENT_BYTES
    assert not (staged[0] / "later.txt").exists()
    assert f"mv {staged[0]} {media}" in message
    # The database is the backup's, and the audit log says the uploads were not replaced.
    assert not Grid.objects.filter(name="备份后改的名字").exists()
    last = AuditEntry.objects.order_by("-seq").first()
    assert last.action == Action.BACKUP
    assert last.object_repr == f"恢复上传文件失败：{archive.name}"
    assert verify().ok


def test_replaced_uploads_that_cannot_be_deleted_are_named(
    archive_and_later_work, media, monkeypatch
):
    archive, _expected = archive_and_later_work
    real_rmtree = shutil.rmtree

    def rmtree_refusing_the_old_uploads(path, *args, **kwargs):
        if Path(path).name.startswith("media.old-"):
            raise PermissionError(13, "Permission denied")
        return real_rmtree(path, *args, **kwargs)

    monkeypatch.setattr(shutil, "rmtree", rmtree_refusing_the_old_uploads)

    output = restore(archive, yes=True)

    assert (media / ATTACHMENT).read_bytes() == ATTACHMENT_BYTES
    [old] = [p for p in media.parent.iterdir() if p.name.startswith("media.")]
    assert old.name.startswith("media.old-")
    assert (old / ATTACHMENT).read_bytes() == b"changed after the backup"
    assert f"恢复前的上传文件未能删除，仍在 {old}" in output


def test_a_refused_database_load_leaves_the_uploaded_files_alone(
    archive_and_later_work, media, monkeypatch
):
    archive, expected = archive_and_later_work
    real_counts = backup_module.row_counts
    monkeypatch.setattr(backup_module, "row_counts", lambda: {**real_counts(), "org.Grid": -1})

    with pytest.raises(CommandError, match="载入后的行数与备份清单不符，已撤销恢复"):
        restore(archive, yes=True)

    assert_nothing_changed(expected, media)
    assert [p.name for p in media.parent.iterdir() if p.name.startswith("media")] == ["media"]


def test_restore_without_confirmation_changes_nothing(archive_and_later_work, media, monkeypatch):
    archive, expected = archive_and_later_work
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # not a terminal: no one to ask

    with pytest.raises(CommandError, match="--yes"):
        restore(archive)

    assert_nothing_changed(expected, media)


def test_backup_never_overwrites_an_existing_file(world, media, tmp_path):
    existing = tmp_path / "kept.tar.gz"
    existing.write_bytes(b"an older backup")

    with pytest.raises(CommandError, match="文件已存在"):
        backup(existing)

    assert existing.read_bytes() == b"an older backup"
