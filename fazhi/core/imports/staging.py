"""Keeping an uploaded file between its preview and its apply, for its uploader only."""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from fazhi.core.imports.cells import STAGE_TTL
from fazhi.core.imports.importer import Importer

# --- Keeping the uploaded file between preview and apply ---------------------------------------

_TOKEN = re.compile(r"^[A-Za-z0-9_-]{24}$")


class StagedFileMissing(Exception):
    """The upload is gone: expired, already imported, or someone else's."""


@dataclass(frozen=True)
class StagedFile:
    token: str
    name: str
    sha256: str
    uploaded_at: datetime
    path: Path
    # Data rows counted at upload; 0 for a file kept before they were counted.
    rows: int = 0

    def read(self) -> bytes:
        return self.path.read_bytes()


def _stage_dir() -> Path:
    directory = Path(settings.DATA_DIR) / "imports"
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def stage(content: bytes, *, name: str, importer: Importer, user: Any, rows: int = 0) -> StagedFile:
    """Keep an uploaded file under DATA_DIR/imports with a random name, for this user only."""
    directory = _stage_dir()
    _purge_expired(directory)
    token = secrets.token_urlsafe(18)
    path = directory / f"{token}.xlsx"
    uploaded_at = timezone.now()
    sha256 = hashlib.sha256(content).hexdigest()
    meta = {
        "user": user.pk,
        "importer": importer.key,
        "name": name,
        "sha256": sha256,
        "uploaded_at": uploaded_at.isoformat(),
        "rows": rows,
    }
    _write_private(path, content)
    _write_private(directory / f"{token}.json", json.dumps(meta, ensure_ascii=False).encode())
    return StagedFile(token, name, sha256, uploaded_at, path, rows)


def _write_private(path: Path, content: bytes) -> None:
    """Create ``path`` readable by the server's account only (0600), whatever the umask."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(content)


def staged(token: str, *, importer: Importer, user: Any) -> StagedFile:
    """The file ``user`` uploaded for ``importer``; StagedFileMissing if expired or not theirs."""
    if not _TOKEN.match(token):
        raise StagedFileMissing
    directory = _stage_dir()
    path, meta_path = directory / f"{token}.xlsx", directory / f"{token}.json"
    try:
        meta = json.loads(meta_path.read_text())
    except (OSError, ValueError):
        raise StagedFileMissing from None
    if meta.get("user") != user.pk or meta.get("importer") != importer.key:
        raise StagedFileMissing
    uploaded_at = datetime.fromisoformat(meta["uploaded_at"])
    if timezone.now() - uploaded_at > STAGE_TTL or not path.exists():
        discard_token(token)
        raise StagedFileMissing
    return StagedFile(
        token, meta["name"], meta["sha256"], uploaded_at, path, int(meta.get("rows") or 0)
    )


def discard_token(token: str) -> None:
    directory = _stage_dir()
    for suffix in (".xlsx", ".json"):
        (directory / f"{token}{suffix}").unlink(missing_ok=True)


# --- Holding a file for a background import -----------------------------------------------------
#
# A queued import may wait, then run, past the two hours a kept file lasts: it is moved aside
# for the job (where neither the purge nor a second apply finds it) and removed when the job
# ends. A file held far longer belongs to a job whose worker died; it goes after HELD_TTL.

HELD_TTL = timedelta(days=7)


def _held_dir() -> Path:
    directory = _stage_dir() / "held"
    directory.mkdir(exist_ok=True)
    return directory


def hold(kept: StagedFile) -> None:
    """Move the kept file aside for a background import: no longer appliable by its token."""
    held = _held_dir()
    _purge_expired(held, HELD_TTL)
    for suffix in (".json", ".xlsx"):
        os.replace(_stage_dir() / f"{kept.token}{suffix}", held / f"{kept.token}{suffix}")


def held_content(token: str) -> bytes:
    """The content of a held file; StagedFileMissing if it is gone."""
    if not _TOKEN.match(token):
        raise StagedFileMissing
    try:
        return (_held_dir() / f"{token}.xlsx").read_bytes()
    except OSError:
        raise StagedFileMissing from None


def release(token: str) -> None:
    """Remove a held file once its import has ended, whichever way."""
    if not _TOKEN.match(token):
        return
    for suffix in (".xlsx", ".json"):
        (_held_dir() / f"{token}{suffix}").unlink(missing_ok=True)


def _purge_expired(directory: Path, ttl: timedelta = STAGE_TTL) -> None:
    cutoff = (timezone.now() - ttl).timestamp()
    for path in directory.iterdir():
        if path.suffix not in {".xlsx", ".json"}:
            continue
        try:
            expired = path.stat().st_mtime < cutoff
        except FileNotFoundError:
            continue  # another request's purge, apply or discard removed it meanwhile
        if expired:
            path.unlink(missing_ok=True)
