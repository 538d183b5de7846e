"""Backup and restore: one .tar.gz with the database, the uploaded files and a manifest.

    database.json   every table except sessions, as Django's ``dumpdata`` writes it (plain
                    primary keys, no natural keys), so it loads on SQLite and PostgreSQL alike
    media/…         every file under MEDIA_ROOT
    manifest.json   time, versions, database vendor, applied migrations, rows per table and
                    the size and SHA-256 of every other member

Content types and permissions are in the dump with their primary keys. A restore therefore
empties every table first *without* letting ``post_migrate`` recreate them, loads the dump, and
only then lets ``post_migrate`` add what a newer release defines: every foreign key to a
content type or permission keeps pointing where it pointed when the backup was taken. The
audit log and its chain head come back row for row, so ``fazhi audit verify`` still passes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import gzip
import hashlib
import json
import os
import platform
import secrets
import shutil
import tarfile
import tempfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from io import BytesIO
from pathlib import Path, PurePosixPath
from typing import IO, Any

import django
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.management import call_command
from django.core.management.sql import emit_post_migrate_signal
from django.core.serializers import json as json_serializer
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, models, router, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from fazhi.audit.models import Action
from fazhi.audit.services import VerifyResult, record, verify

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATABASE = "database.json"
MEDIA = "media"
# Logins are not data: after a restore everyone signs in again.
EXCLUDED_APPS = ["sessions"]
DUMP_FORMAT = "fazhi-exact-json"
_CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup cannot be written or an archive cannot be restored; the message says why."""


# --- The dump format ---------------------------------------------------------------------------


class ExactJSONEncoder(DjangoJSONEncoder):
    """DjangoJSONEncoder without its rounding of times to milliseconds."""

    def default(self, o: Any) -> Any:
        if isinstance(o, dt.datetime | dt.time):
            return o.isoformat()
        return super().default(o)


class Serializer(json_serializer.Serializer):
    """Django's JSON serializer with microseconds kept.

    ``dumpdata --format json`` rounds datetimes to milliseconds. An audit row's hash covers the
    microseconds of its time, so a rounded dump would restore a chain that no longer verifies.
    The output is ordinary Django JSON: ``loaddata`` reads it as ``database.json``.
    """

    def start_serialization(self) -> None:
        self.options.setdefault("cls", ExactJSONEncoder)
        super().start_serialization()


Deserializer = json_serializer.Deserializer


# --- Writing a backup --------------------------------------------------------------------------


@dataclass(frozen=True)
class BackupResult:
    path: Path
    sha256: str
    manifest: dict[str, Any]


def default_backup_path() -> Path:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    return Path(settings.DATA_DIR) / "backups" / f"fazhi-{stamp}.tar.gz"


def create_backup(output: Path | None = None) -> BackupResult:
    """Write the database and MEDIA_ROOT to one new archive (mode 0600) and audit it."""
    target = Path(output) if output else default_backup_path()
    if target.is_dir():
        target = target / default_backup_path().name
    target = target.resolve()
    media_root = Path(settings.MEDIA_ROOT).resolve()
    if target.is_relative_to(media_root):
        raise BackupError(f"备份文件不能放在上传文件目录（{media_root}）中。")
    if target.exists():
        raise BackupError(f"文件已存在：{target}。请换一个文件名，已有的备份不会被覆盖。")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    try:
        with tempfile.TemporaryDirectory(prefix=".fazhi-backup-", dir=target.parent) as tmp:
            dump = Path(tmp) / DATABASE
            counts, migrations = _dump_database(dump)
            fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
                members = {DATABASE: _add_file(tar, dump, DATABASE)}
                for path in _media_files(media_root):
                    name = f"{MEDIA}/{path.relative_to(media_root).as_posix()}"
                    members[name] = _add_file(tar, path, name)
                manifest = {
                    "format": FORMAT_VERSION,
                    "product": "fazhi",
                    "created_at": timezone.localtime().isoformat(),
                    "app_version": _app_version(),
                    "django_version": django.get_version(),
                    "python_version": platform.python_version(),
                    "database_vendor": connections[DEFAULT_DB_ALIAS].vendor,
                    "migrations": migrations,
                    "counts": counts,
                    "members": members,
                }
                body = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mtime, info.mode = len(body), int(timezone.now().timestamp()), 0o644
                tar.addfile(info, BytesIO(body))
        partial.replace(target)  # a backup is either complete under its name or absent
    finally:
        partial.unlink(missing_ok=True)
    sha256 = file_sha256(target)
    record(
        actor=None,
        action=Action.BACKUP,
        object_repr=f"备份数据：{target.name}",
        extra={
            "file": str(target),
            "sha256": sha256,
            "rows": sum(counts.values()),
            "media_files": len(members) - 1,
            "os_user": _os_user(),
        },
    )
    return BackupResult(target, sha256, manifest)


def _dump_database(path: Path) -> tuple[dict[str, int], dict[str, list[str]]]:
    """dumpdata into ``path``; the row counts and migrations are read in the same snapshot."""
    serializers.register_serializer(DUMP_FORMAT, __name__)
    connection = connections[DEFAULT_DB_ALIAS]
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # One snapshot for every table, without blocking the users working meanwhile.
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        # SQLite: the transaction holds the write lock, so nothing changes mid-dump.
        call_command(
            "dumpdata",
            format=DUMP_FORMAT,
            output=str(path),
            exclude=EXCLUDED_APPS,
            use_base_manager=True,
            verbosity=0,
        )
        counts = row_counts()
        applied: dict[str, list[str]] = {}
        for app_label, name in sorted(MigrationRecorder(connection).applied_migrations()):
            applied.setdefault(app_label, []).append(name)
    return counts, applied


def backed_up_models() -> list[type[models.Model]]:
    """Every table the dump holds, many-to-many link tables included."""
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label not in EXCLUDED_APPS
        and model._meta.managed
        and not model._meta.proxy
        and router.allow_migrate_model(DEFAULT_DB_ALIAS, model)
    ]


def row_counts() -> dict[str, int]:
    return {m._meta.label: m._base_manager.count() for m in backed_up_models()}


def _media_files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    found = []
    for dirpath, _dirs, filenames in os.walk(root):  # symbolic links to directories not followed
        for filename in filenames:
            path = Path(dirpath) / filename
            if path.is_file() and not path.is_symlink():
                found.append(path)
    return sorted(found)


class _HashingReader:
    """Hands a file to tarfile and hashes exactly the bytes that went into the archive."""

    def __init__(self, fh: IO[bytes]) -> None:
        self.fh = fh
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        chunk = self.fh.read(size)
        self.digest.update(chunk)
        return chunk


def _add_file(tar: tarfile.TarFile, path: Path, name: str) -> dict[str, Any]:
    stat = path.stat()
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = stat.st_size, int(stat.st_mtime), 0o644
    with path.open("rb") as fh:
        reader = _HashingReader(fh)
        tar.addfile(info, reader)  # type: ignore[arg-type]
    return {"size": info.size, "sha256": reader.digest.hexdigest()}


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _app_version() -> str:
    try:
        return version("fazhi")
    except PackageNotFoundError:
        return "unknown"


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:
        return ""


# --- Restoring ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class RestoreResult:
    counts: dict[str, int]
    media_files: int
    audit: VerifyResult
    # The uploads from before the restore, if they could not be deleted after the swap.
    old_media_left: Path | None = None


@dataclass(frozen=True)
class VerifiedBackup:
    """An archive unpacked into a private directory whose every member matched its manifest."""

    path: Path
    sha256: str
    manifest: dict[str, Any]
    workdir: Path

    def restore(self) -> RestoreResult:
        """Replace all data and uploaded files with the backup's.

        The database is replaced in one transaction. The backup's files are moved beside
        MEDIA_ROOT before it and renamed into place after the commit, so MEDIA_ROOT holds one
        complete set of files at every moment: the old one, or the backup's.
        """
        media_root = Path(settings.MEDIA_ROOT).resolve()
        staging, media_files = _stage_media(self.workdir / MEDIA, media_root)
        try:
            counts, audit = self._replace_database(media_files)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        try:
            old_media_left = _swap_media(staging, media_root)
        except BackupError as exc:
            record(
                actor=None,
                action=Action.BACKUP,
                object_repr=f"恢复上传文件失败：{self.path.name}",
                extra={"file": str(self.path), "error": str(exc), "os_user": _os_user()},
            )
            raise
        return RestoreResult(counts, media_files, audit, old_media_left)

    def _replace_database(self, media_files: int) -> tuple[dict[str, int], VerifyResult]:
        """Migrate, then empty and load every table in one transaction; rows per table."""
        call_command("migrate", interactive=False, verbosity=0)
        with transaction.atomic():
            # Empty every table and keep it empty: content types, permissions and role groups
            # come from the dump with their original keys, not from post_migrate.
            call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
            call_command("loaddata", str(self.workdir / DATABASE), verbosity=0)
            ContentType.objects.clear_cache()
            counts = row_counts()
            wrong = [
                f"{label}（应为{expected}行，实为{counts.get(label, 0)}行）"
                for label, expected in self.manifest["counts"].items()
                if counts.get(label, 0) != expected
            ]
            if wrong:
                raise BackupError(
                    "载入后的行数与备份清单不符，已撤销恢复，数据未改变：" + "；".join(wrong)
                )
            # What this release defines beyond the backup (new permissions, role changes).
            emit_post_migrate_signal(0, False, DEFAULT_DB_ALIAS)
            ContentType.objects.clear_cache()
            audit = verify()
            record(
                actor=None,
                action=Action.BACKUP,
                object_repr=f"从备份恢复数据：{self.path.name}",
                extra={
                    "file": str(self.path),
                    "sha256": self.sha256,
                    "backup_created_at": self.manifest["created_at"],
                    "rows": sum(counts.values()),
                    "media_files": media_files,
                    "os_user": _os_user(),
                },
            )
        return counts, audit


@contextlib.contextmanager
def open_backup(path: Path) -> Iterator[VerifiedBackup]:
    """Unpack and check an archive; raises BackupError, having changed nothing, if it is bad."""
    path = Path(path).resolve()
    if not path.is_file():
        raise BackupError(f"找不到备份文件：{path}")
    data_dir = Path(settings.DATA_DIR)
    data_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".fazhi-restore-", dir=data_dir) as tmp:
        workdir = Path(tmp)
        sha256 = _unpack(path, workdir)
        manifest = _read_manifest(workdir)
        _check_members(workdir, manifest)
        _check_migrations(manifest)
        yield VerifiedBackup(path, sha256, manifest, workdir)


_DAMAGED = "备份文件已损坏或不是本系统的备份文件，未做任何改动"


def _unpack(path: Path, workdir: Path) -> str:
    """Extract into ``workdir``; the archive's SHA-256."""
    try:
        # Reading the whole gzip stream makes gzip check its CRC and length: a truncated or
        # bit-flipped archive fails here even where the tar headers still parse.
        with gzip.open(path, "rb") as stream:
            while stream.read(_CHUNK):
                pass
        with tarfile.open(path, "r:gz") as tar:
            members = tar.getmembers()
            for member in members:
                _check_member_name(member)
            tar.extractall(workdir, members=members, filter="data")
    except (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile) as exc:
        raise BackupError(f"{_DAMAGED}（{exc}）。") from exc
    except OSError as exc:
        # Members that cannot both exist on disk (media/a a file and the directory of media/a/b),
        # or a full disk: the partly unpacked copy goes with the temporary directory.
        raise BackupError(
            f"备份文件无法解包（{exc}），未做任何改动。备份中可能有相互冲突的路径，或磁盘空间不足。"
        ) from exc
    return file_sha256(path)


def _check_member_name(member: tarfile.TarInfo) -> None:
    parts = PurePosixPath(member.name).parts
    allowed = member.name in {MANIFEST, DATABASE} or (
        len(parts) > 1 and parts[0] == MEDIA and ".." not in parts
    )
    if not allowed or not (member.isfile() or member.isdir()):
        raise BackupError(f"备份文件中有不应出现的内容“{member.name}”，拒绝恢复，未做任何改动。")


def _read_manifest(workdir: Path) -> dict[str, Any]:
    try:
        manifest = json.loads((workdir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError(f"{_DAMAGED}：缺少可读的清单 {MANIFEST}。") from exc
    if not isinstance(manifest, dict) or manifest.get("product") != "fazhi":
        raise BackupError(f"{_DAMAGED}：清单不是本系统的备份清单。")
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(
            f"备份格式版本为{manifest.get('format')}，本程序只能恢复第{FORMAT_VERSION}版，"
            "未做任何改动。"
        )
    return manifest


def _check_members(workdir: Path, manifest: dict[str, Any]) -> None:
    listed: dict[str, dict[str, Any]] = manifest.get("members") or {}
    present = {p.relative_to(workdir).as_posix() for p in workdir.rglob("*") if p.is_file()}
    present.discard(MANIFEST)
    missing = sorted(set(listed) - present)
    extra = sorted(present - set(listed))
    if DATABASE not in listed or missing:
        raise BackupError(f"{_DAMAGED}：缺少 {'、'.join(missing) or DATABASE}。")
    if extra:
        raise BackupError(f"{_DAMAGED}：有清单之外的文件 {'、'.join(extra)}。")
    for name, expected in listed.items():
        path = workdir / name
        if path.stat().st_size != expected.get("size") or file_sha256(path) != expected.get(
            "sha256"
        ):
            raise BackupError(f"{_DAMAGED}：{name} 的校验值与清单不符。")


def _check_migrations(manifest: dict[str, Any]) -> None:
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    newer = [
        f"{app_label}.{name}"
        for app_label, names in (manifest.get("migrations") or {}).items()
        for name in names
        if (app_label, name) not in known
    ]
    if newer:
        raise BackupError(
            "备份来自更新版本的程序，其数据库结构本程序不认识（"
            + "、".join(newer[:5])
            + (" 等" if len(newer) > 5 else "")
            + "）。请先升级程序再恢复，未做任何改动。"
        )


def _stage_media(source: Path, target: Path) -> tuple[Path, int]:
    """Move the backup's files into a new directory beside ``target``; it and how many files.

    Beside MEDIA_ROOT, so that swapping it in after the database commit is a rename within one
    filesystem. Raises BackupError, having changed nothing, if the files cannot be moved there.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.with_name(f"{target.name}.restore-{secrets.token_hex(4)}")
    staging.mkdir()
    try:
        if target.is_dir():
            shutil.copymode(target, staging)
        if source.is_dir():
            for child in list(source.iterdir()):
                shutil.move(child, staging / child.name)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise BackupError(
            f"无法在 {target.parent} 中准备备份里的上传文件（{exc}），未做任何改动。"
        ) from exc
    return staging, sum(1 for p in staging.rglob("*") if p.is_file())


def _swap_media(new: Path, target: Path) -> Path | None:
    """Rename ``new`` to ``target`` and delete the files it replaces.

    Returns where the replaced files still are if they could not be deleted. If the rename
    fails, the old files are put back and BackupError says how to finish by hand.
    """
    aside = target.with_name(f"{target.name}.old-{secrets.token_hex(4)}")
    moved_aside = False
    try:
        if target.exists():
            os.replace(target, aside)
            moved_aside = True
        os.replace(new, target)
    except OSError as exc:
        failed = f"数据库已恢复为备份中的数据，但上传文件目录未能替换（{exc}）"
        if moved_aside:
            try:
                os.replace(aside, target)
            except OSError:
                raise BackupError(
                    f"{failed}，原来的上传文件也未能放回：恢复前的上传文件在 {aside}，"
                    f"备份中的上传文件在 {new}。请停止网站后手动执行 mv {new} {target}，"
                    f"核对无误后删除 {aside}。"
                ) from exc
        raise BackupError(
            f"{failed}：{target} 中仍是恢复前的上传文件，备份中的上传文件在 {new}。"
            f"请停止网站后手动执行 mv {target} {aside} && mv {new} {target}，"
            f"核对无误后删除 {aside}。"
        ) from exc
    if not moved_aside:
        return None
    try:
        shutil.rmtree(aside)
    except OSError:
        return aside
    return None
