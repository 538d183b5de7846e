"""Background Excel imports (后台导入): a file too long to apply within a request.

The apply page of a file longer than FAZHI_IMPORT_BACKGROUND_ROWS records a job, holds the
kept file for it and puts the job on the task queue; the task previews and applies the file as
the page would, as the same user: every row or none, in one transaction. Its progress cannot
be written to the database from inside that transaction (nobody else would see it before the
commit, and on SQLite a second connection waits for the write lock), so it goes to a small
file, ``DATA_DIR/jobs/import-<id>.json``, that the status page reads; the job row gets its
outcome once the transaction has ended.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import get_resolver
from django.utils import timezone, translation
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django_tasks import task

from fazhi.core import context
from fazhi.core.imports.importer import Importer, ImportRejected, declared_importer
from fazhi.core.imports.staging import StagedFile, StagedFileMissing, held_content, hold, release
from fazhi.core.models import ImportJob

logger = logging.getLogger(__name__)

KEEP_FOR = timedelta(days=1)
# A job still running this long after it started lost its worker (50,000 rows take minutes).
STALLED_AFTER = timedelta(hours=6)
# Row errors kept on a failed job, as the preview lists them at the most; all are counted.
KEEP_ERRORS = 500


def goes_to_background(rows: int) -> bool:
    return rows > settings.FAZHI_IMPORT_BACKGROUND_ROWS


def import_job_start(*, importer: Importer, kept: StagedFile, rows: int, user: Any) -> ImportJob:
    """Record a background import of the kept file, hold the file for it and queue it."""
    from fazhi.audit.models import Action
    from fazhi.audit.services import record

    job = ImportJob.objects.create(
        requested_by=user,
        importer=importer.job_key,
        title=str(importer.title)[:200],
        file_name=kept.name[:200],
        token=kept.token,
        language=translation.get_language() or settings.LANGUAGE_CODE,
        total=rows,
    )
    hold(kept)
    record(
        actor=user,
        action=Action.IMPORT,
        obj=job,
        street=user.street,
        object_repr=format_lazy("申请后台导入{}：{}", importer.title, kept.name),
        extra={"file": kept.name, "sha256": kept.sha256, "rows": rows},
    )
    # Queued once the job row is committed, whichever queue runs it: a worker must never be
    # handed a job it cannot read yet.
    transaction.on_commit(lambda: import_job_run.enqueue(job.pk))
    return job


# --- Progress, outside the transaction -------------------------------------------------------


def _progress_path(job_id: int) -> Path:
    return Path(settings.DATA_DIR) / "jobs" / f"import-{job_id}.json"


def progress_write(job_id: int, done: int, total: int) -> None:
    """Record how many rows the job has applied; readers never see a half-written file."""
    path = _progress_path(job_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.tmp")
    partial.write_text(json.dumps({"done": done, "total": total}))
    os.replace(partial, path)


def progress_read(job: ImportJob) -> int:
    """Rows applied so far: the created count once the job is done."""
    if job.status == ImportJob.Status.DONE:
        return job.created_count
    if job.status != ImportJob.Status.RUNNING:
        return 0
    try:
        return int(json.loads(_progress_path(job.pk).read_text())["done"])
    except (OSError, ValueError, KeyError, TypeError):
        return 0


def percent(job: ImportJob, done: int) -> int:
    """How far the import is, 0 to 100."""
    if job.status == ImportJob.Status.DONE:
        return 100
    if not job.total:
        return 0
    return min(100, done * 100 // job.total)


# --- The task --------------------------------------------------------------------------------


def _importer_of(job: ImportJob) -> Importer | None:
    found = declared_importer(job.importer)
    if found is None:
        # A worker has loaded no page yet: the URLs load every app's importers.
        get_resolver().url_patterns  # noqa: B018
        found = declared_importer(job.importer)
    return found


def _finish(job: ImportJob, **fields: Any) -> None:
    ImportJob.objects.filter(pk=job.pk).update(finished_at=timezone.now(), **fields)


def _fail(job: ImportJob, reason: str, errors: list[str] | None = None) -> None:
    from fazhi.audit.models import Action
    from fazhi.audit.services import record

    errors = errors or []
    _finish(
        job,
        status=ImportJob.Status.FAILED,
        error=reason[:500],
        errors=errors[:KEEP_ERRORS],
        error_count=len(errors),
    )
    record(
        actor=job.requested_by,
        action=Action.IMPORT,
        obj=job,
        street=job.requested_by.street,
        object_repr=format_lazy("后台导入失败{}：{}", job.title, job.file_name),
        extra={"file": job.file_name, "reason": reason, "errors": len(errors)},
    )


def _apply(job: ImportJob) -> None:
    user = job.requested_by
    importer = _importer_of(job)
    if importer is None:
        _fail(job, _("导入失败：系统中已没有这种导入。"))
        return
    try:
        importer.check_access(user)
        content = held_content(job.token)
        preview = importer.preview(content, user=user, for_apply=True)
        ImportJob.objects.filter(pk=job.pk).update(total=len(preview.rows))
        job.total = len(preview.rows)
        progress_write(job.pk, 0, job.total)
        created = importer.apply(
            preview,
            user=user,
            file_name=job.file_name,
            sha256=hashlib.sha256(content).hexdigest(),
            progress=lambda done, total: progress_write(job.pk, done, total),
        )
    except ImportRejected as exc:
        _fail(
            job,
            _("导入失败：文件中有错误，未导入任何记录。请修改后重新上传。"),
            [str(e) for e in exc.errors],
        )
    except ValidationError as exc:
        _fail(job, _("导入失败：文件无法导入，未导入任何记录。"), exc.messages)
    except StagedFileMissing:
        _fail(job, _("导入失败：上传的文件已不存在，请重新上传。"))
    except PermissionDenied as exc:
        _fail(job, _("导入失败：%(reason)s") % {"reason": exc})
    except Exception:
        logger.exception("import job %s failed", job.pk)
        _fail(job, _("导入失败：写入记录时出错，未导入任何记录，请稍后重试。"))
    else:
        _finish(job, status=ImportJob.Status.DONE, created_count=len(created))


@task()
def import_job_run(job_id: int) -> None:
    """Apply the held file of import job ``job_id`` as its user: every row or none."""
    import_jobs_purge()
    job = ImportJob.objects.select_related("requested_by__street").filter(pk=job_id).first()
    if job is None or job.status != ImportJob.Status.PENDING:
        return
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.RUNNING, started_at=timezone.now()
    )
    job.status = ImportJob.Status.RUNNING
    try:
        with (
            translation.override(job.language),
            context.bound(context.RequestContext(request_id=uuid.uuid4().hex)),
        ):
            _apply(job)
    finally:
        release(job.token)
        _progress_path(job.pk).unlink(missing_ok=True)


def import_jobs_purge(now: Any = None) -> int:
    """Mark failed the jobs whose worker died, delete the finished ones older than a day;
    return how many were deleted."""
    now = now or timezone.now()
    stalled = ImportJob.objects.filter(
        Q(status=ImportJob.Status.RUNNING, started_at__lt=now - STALLED_AFTER)
        | Q(status=ImportJob.Status.PENDING, created_at__lt=now - KEEP_FOR)
    )
    for job in stalled:
        # The apply is one transaction: a worker that died left nothing written.
        release(job.token)
        _progress_path(job.pk).unlink(missing_ok=True)
        _fail(job, _("导入失败：后台任务未能完成，未导入任何记录，请重新上传。"))
    removed, _counts = ImportJob.objects.filter(
        created_at__lt=now - KEEP_FOR,
        status__in=[ImportJob.Status.DONE, ImportJob.Status.FAILED],
    ).delete()
    return removed


def imports_for_user(user: Any) -> Any:
    """The user's own import jobs of the last day, and any still queued or running."""
    return ImportJob.objects.filter(
        Q(created_at__gte=timezone.now() - KEEP_FOR)
        | Q(status__in=[ImportJob.Status.PENDING, ImportJob.Status.RUNNING]),
        requested_by=user,
    )
