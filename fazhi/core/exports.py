"""Background Excel exports (导出文件): a list too long to write within a request.

The request that asks for a long export records a job and puts it on the task queue; the task
asks the same page again (the same address and filters, as the same user), so the rows come
from the very queryset the page shows, scoped to what that user may see, and nothing about an
export needs to be serialised beyond its address. ``export_rows`` then writes the file into the
job, counting the rows as it goes for the progress bar on 我的导出. Files are kept one day.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone, translation
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django_tasks import task

from fazhi.core import context
from fazhi.core.models import ExportJob

logger = logging.getLogger(__name__)

KEEP_FOR = timedelta(days=1)

_running: ContextVar[ExportJob | None] = ContextVar("fazhi_export_job", default=None)


def running_job() -> ExportJob | None:
    """The job whose file the running task writes, if this is such a task."""
    return _running.get()


def job_status(job: Any, *, done: int, percent: int) -> dict[str, Any]:
    """A background job's state as its page polls it, in the same keys for exports and imports:
    ``done`` of ``total`` rows, ``percent``, and ``error`` once it failed."""
    return {
        "id": job.pk,
        "status": job.status,
        "status_label": job.get_status_display(),
        "total": job.total,
        "done": done,
        "percent": percent,
        "error": job.error,
    }


def goes_to_background(count: int) -> bool:
    return count > settings.FAZHI_EXPORT_BACKGROUND_ROWS


def export_job_start(
    *, request: HttpRequest, object_type: str, title: Any, count: int, filename: str
) -> HttpResponse:
    """Queue the export the request asks for and send the user to 我的导出."""
    from fazhi.audit.models import Action
    from fazhi.audit.services import record

    actor: Any = request.user
    query = request.GET.copy()
    job = ExportJob.objects.create(
        requested_by=actor,
        title=str(title)[:200],
        filename=filename[:200],
        object_type=object_type,
        path=request.path_info,
        query=query.urlencode(),
        language=translation.get_language() or settings.LANGUAGE_CODE,
        total=count,
    )
    record(
        actor=actor,
        action=Action.EXPORT,
        obj=job,
        object_repr=format_lazy("申请后台导出{}", title),
        extra={"count": count, "query": job.query},
    )
    # Queued once the job row is committed, whichever queue runs it: a worker must never be
    # handed a job it cannot read yet.
    transaction.on_commit(lambda: export_job_run.enqueue(job.pk))
    messages.info(
        request,
        _("共%(count)d条记录，导出文件正在后台生成，完成后请在“我的导出”中下载。")
        % {"count": count},
    )
    return HttpResponseRedirect(reverse("core:export_list"))


def export_job_write(
    job: ExportJob,
    *,
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    notes: Sequence[Any],
    audit: dict[str, Any],
) -> HttpResponse:
    """Write the job's file from within the task, counting the rows; audited as an export."""
    from fazhi.audit.services import record
    from fazhi.core.excel import write_workbook

    def progress(written: int) -> None:
        ExportJob.objects.filter(pk=job.pk).update(rows_written=written)

    name = f"exports/{timezone.localdate():%Y}/{uuid.uuid4().hex}.xlsx"
    path = Path(default_storage.path(name))
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        written = write_workbook(
            path, title=title, headers=headers, rows=rows, notes=notes, progress=progress
        )
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    job.file.name = name
    job.rows_written = written
    job.status = ExportJob.Status.DONE
    job.finished_at = timezone.now()
    job.save(update_fields=["file", "rows_written", "status", "finished_at"])
    record(**audit)
    return HttpResponse(status=204)


def _page_request(job: ExportJob) -> HttpRequest:
    """A GET of the job's page as its user, as the task asks it again."""
    request = HttpRequest()
    request.method = "GET"
    request.path = request.path_info = job.path
    request.GET = QueryDict(job.query)
    request.user = job.requested_by
    request.META = {"SERVER_NAME": "localhost", "SERVER_PORT": "80", "REQUEST_METHOD": "GET"}
    return request


def _fail(job: ExportJob, message: str) -> None:
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportJob.Status.FAILED, error=message[:500], finished_at=timezone.now()
    )


@contextmanager
def _writing(job: ExportJob) -> Iterator[None]:
    token = _running.set(job)
    try:
        yield
    finally:
        _running.reset(token)


@task()
def export_job_run(job_id: int) -> None:
    """Write the file of export job ``job_id``: ask its page again as its user."""
    export_jobs_purge()
    job = ExportJob.objects.select_related("requested_by").filter(pk=job_id).first()
    if job is None or job.status != ExportJob.Status.PENDING:
        return
    ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.RUNNING)
    job.status = ExportJob.Status.RUNNING
    with translation.override(job.language):
        try:
            with (
                context.bound(context.RequestContext(request_id=uuid.uuid4().hex)),
                _writing(job),
            ):
                match = resolve(job.path)
                response = match.func(_page_request(job), *match.args, **match.kwargs)
        except Resolver404:
            _fail(job, _("导出失败：该页面已不存在。"))
            return
        except (Http404, PermissionDenied):
            _fail(job, _("导出失败：无权导出该列表或筛选条件已失效。"))
            return
        except Exception:
            logger.exception("export job %s failed", job.pk)
            _fail(job, _("导出失败：生成文件时出错，请稍后重试或缩小筛选范围。"))
            return
        if job.status != ExportJob.Status.DONE:
            # The page answered without exporting: the user lost access, or the filters no
            # longer hold.
            logger.warning("export job %s: page answered %s", job.pk, response.status_code)
            _fail(job, _("导出失败：无权导出该列表或筛选条件已失效。"))


def export_jobs_purge(now: Any = None) -> int:
    """Delete the export jobs older than a day, with their files; return how many."""
    cutoff = (now or timezone.now()) - KEEP_FOR
    removed = 0
    for job in ExportJob.objects.filter(created_at__lt=cutoff).only("pk", "file"):
        if job.file:
            job.file.storage.delete(job.file.name)
        job.delete()
        removed += 1
    return removed


def exports_for_user(user: Any) -> Any:
    """The user's own export jobs of the last day, newest first."""
    return ExportJob.objects.filter(requested_by=user, created_at__gte=timezone.now() - KEEP_FOR)
