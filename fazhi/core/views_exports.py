"""我的导出: the user's background Excel exports, their progress and their files."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from fazhi.core.excel import XLSX_MIME
from fazhi.core.exports import exports_for_user, job_status
from fazhi.core.formats import cn_datetime
from fazhi.core.models import ExportJob
from fazhi.core.types import AuthedRequest

READ = ["GET", "HEAD"]


def _job_for_user(user: Any, pk: int) -> ExportJob:
    """The user's own export job ``pk``: anyone else's is not found."""
    job = exports_for_user(user).filter(pk=pk).first()
    if job is None:
        raise Http404(_("导出文件不存在或已过期。"))
    return job


def _status(job: ExportJob) -> dict[str, Any]:
    return job_status(job, done=job.rows_written, percent=job.percent) | {
        "rows_written": job.rows_written
    }


@login_required
@require_http_methods(READ)
def export_list(request: AuthedRequest) -> HttpResponse:
    jobs = list(exports_for_user(request.user))
    busy = any(j.status in (ExportJob.Status.PENDING, ExportJob.Status.RUNNING) for j in jobs)
    return render(
        request,
        "core/export_list.html",
        {
            "jobs": [(job, cn_datetime(job.created_at)) for job in jobs],
            # The page reloads itself while a file is being written (no script needed).
            "refresh": 3 if busy else None,
        },
    )


@login_required
@require_http_methods(READ)
def export_status(request: AuthedRequest, pk: int) -> JsonResponse:
    return JsonResponse(_status(_job_for_user(request.user, pk)))


@login_required
@require_http_methods(READ)
def export_download(request: AuthedRequest, pk: int) -> FileResponse:
    from fazhi.audit.models import Action
    from fazhi.audit.services import record

    job = _job_for_user(request.user, pk)
    if job.status != ExportJob.Status.DONE or not job.file:
        raise Http404(_("导出文件尚未生成。"))
    record(
        actor=request.user,
        action=Action.EXPORT,
        obj=job,
        object_repr=format_lazy("下载导出文件{}", job.title),
        extra={"count": job.rows_written},
    )
    response = FileResponse(
        job.file.open("rb"), as_attachment=True, filename=job.filename, content_type=XLSX_MIME
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
