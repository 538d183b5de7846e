"""The import pages: template download, upload, preview, apply."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import (
    PermissionDenied,
    ValidationError,
)
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from fazhi.core.access import Refusal
from fazhi.core.excel import xlsx_response
from fazhi.core.exports import job_status
from fazhi.core.formats import cn_datetime
from fazhi.core.imports.cells import MAX_BYTES, MAX_ROWS, NOT_XLSX, too_big_message
from fazhi.core.imports.importer import Importer, ImportRejected, Preview, declared_importer
from fazhi.core.imports.jobs import (
    goes_to_background,
    import_job_start,
    imports_for_user,
    percent,
    progress_read,
)
from fazhi.core.imports.staging import StagedFile, StagedFileMissing, discard_token, stage, staged
from fazhi.core.language import product_language
from fazhi.core.models import ImportJob

# --- Pages -------------------------------------------------------------------------------------


def _upload_help() -> str:
    return _("按模板填写的 .xlsx 文件，最大%(mb)s MB、%(rows)s行。") % {
        "mb": MAX_BYTES // (1024 * 1024),
        "rows": MAX_ROWS,
    }


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Excel文件"),
        # Lazy, so that the help is written in the language of the request, not of start-up.
        help_text=lazy(_upload_help, str)(),
        error_messages={
            "required": gettext_lazy("请选择要上传的Excel文件。"),
            "empty": gettext_lazy("上传的文件是空的。"),
            "invalid": NOT_XLSX,
        },
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )


def template_response(request: HttpRequest, importer: Importer) -> HttpResponse:
    importer.check_access(request.user)
    with product_language():
        file_name = f"{importer.title}导入模板.xlsx"  # the template is Chinese, so is its name
    return xlsx_response(importer.template_bytes(request.user), file_name)


def upload_page(request: HttpRequest, importer: Importer) -> HttpResponse:
    """GET: the upload form. POST: check the file is a readable sheet, keep it, show the preview."""
    user = request.user
    importer.check_access(user)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        name = Path(upload.name or "").name[:100] or "未命名.xlsx"
        try:
            if upload.size > MAX_BYTES:  # refuse before reading it into memory
                raise ValidationError(too_big_message())
            content = upload.read()
            rows = importer.check_file(content)
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error("file", message)
        else:
            kept = stage(content, name=name, importer=importer, user=user, rows=rows)
            return HttpResponseRedirect(importer.url("preview", kept.token))
    return render(
        request,
        "core/import_upload.html",
        {"importer": importer, "form": form, **_urls(importer)},
        status=400 if form.errors else 200,
    )


def _urls(importer: Importer, token: str | None = None) -> dict[str, str]:
    urls = {
        "home_url": reverse(f"{importer.namespace}:import_home"),
        "template_url": importer.url("template"),
        "upload_url": importer.url("upload"),
        "list_url": reverse(importer.list_url),
    }
    if token:
        urls["apply_url"] = importer.url("apply", token)
    return urls


def _staged_or_redirect(
    request: HttpRequest, importer: Importer, token: str
) -> StagedFile | HttpResponse:
    try:
        return staged(token, importer=importer, user=request.user)
    except StagedFileMissing:
        messages.error(request, _("上传的文件已过期、已导入或不存在，请重新上传。"))
        return HttpResponseRedirect(importer.url("upload"))


# Rows and problems listed on the preview page at the most: a file of 50,000 rows is checked
# whole, but a page listing all of them would be too big to open.
PREVIEW_ROWS = 500
PREVIEW_ERRORS = 500


def _preview_response(
    request: HttpRequest,
    importer: Importer,
    kept: StagedFile,
    preview: Preview | None,
    *,
    errors: Sequence[str] = (),
    status: int = 200,
) -> HttpResponse:
    all_errors = [str(e) for e in (preview.errors if preview else [])] + list(errors)
    rows = preview.rows if preview else []
    shown = rows
    if len(rows) > PREVIEW_ROWS:
        # The rows with problems first: they are what the user has to find in the file.
        bad = [r for r in rows if r.errors][:PREVIEW_ROWS]
        good = [r for r in rows if not r.errors][: PREVIEW_ROWS - len(bad)]
        shown = sorted(bad + good, key=lambda r: r.number)
    return render(
        request,
        "core/import_preview.html",
        {
            "importer": importer,
            "staged": kept,
            "preview": preview,
            "headers": [c.header for c in importer.columns],
            "errors": all_errors,
            "shown_errors": all_errors[:PREVIEW_ERRORS],
            "hidden_errors": max(0, len(all_errors) - PREVIEW_ERRORS),
            "rows": shown,
            "rows_cut": len(shown) < len(rows),
            **_urls(importer, kept.token),
        },
        status=status,
    )


def preview_page(request: HttpRequest, importer: Importer, token: str) -> HttpResponse:
    """Every row of the kept file with its errors; nothing is written."""
    importer.check_access(request.user)
    kept = _staged_or_redirect(request, importer, token)
    if isinstance(kept, HttpResponse):
        return kept
    try:
        preview = importer.preview(kept.read(), user=request.user)
    except ValidationError as exc:
        return _preview_response(request, importer, kept, None, errors=exc.messages, status=400)
    return _preview_response(request, importer, kept, preview)


def apply_import(request: HttpRequest, importer: Importer, token: str) -> HttpResponse:
    """Re-check the kept file, then create all its rows or none; a long file in the background."""
    user = request.user
    importer.check_access(user)
    kept = _staged_or_redirect(request, importer, token)
    if isinstance(kept, HttpResponse):
        return kept
    rows = kept.rows or _rows_of(kept, importer)
    if goes_to_background(rows):
        job = import_job_start(importer=importer, kept=kept, rows=rows, user=user)
        messages.info(
            request,
            _("共%(count)d行，正在后台导入，请在本页查看进度。") % {"count": rows},
        )
        return HttpResponseRedirect(reverse("core:import_job", args=[job.pk]))
    try:
        preview = importer.preview(kept.read(), user=user, for_apply=True)
    except ValidationError as exc:
        return _preview_response(request, importer, kept, None, errors=exc.messages, status=400)
    try:
        created = importer.apply(preview, user=user, file_name=kept.name, sha256=kept.sha256)
    except ImportRejected:
        messages.error(request, _("文件中有错误，未导入任何记录。请修改后重新上传。"))
        return _preview_response(request, importer, kept, preview, status=400)
    discard_token(kept.token)
    messages.success(
        request,
        _("已从“%(file)s”导入%(count)s条%(title)s记录。")
        % {"file": kept.name, "count": len(created), "title": importer.title},
    )
    return HttpResponseRedirect(reverse(importer.list_url))


def _rows_of(kept: StagedFile, importer: Importer) -> int:
    """The data rows of a file kept before they were counted at upload (0 if unreadable)."""
    try:
        return importer.check_file(kept.read())
    except ValidationError:
        return 0


# --- 我的导入: the user's background imports ------------------------------------------------------


def _import_job_for_user(user: Any, pk: int) -> ImportJob:
    """The user's own import job ``pk``: anyone else's is not found."""
    job = imports_for_user(user).filter(pk=pk).first()
    if job is None:
        raise Http404(Refusal(_("导入任务不存在或已过期。")))
    return job


def _busy(jobs: Sequence[ImportJob]) -> bool:
    return any(not job.finished for job in jobs)


@login_required
@require_http_methods(["GET", "HEAD"])
def import_job_list(request: HttpRequest) -> HttpResponse:
    jobs = list(imports_for_user(request.user))
    return render(
        request,
        "core/import_job_list.html",
        {
            "jobs": [(job, cn_datetime(job.created_at), _progress(job)) for job in jobs],
            # The page reloads itself while an import runs (no script needed).
            "refresh": 3 if _busy(jobs) else None,
        },
    )


def _progress(job: ImportJob) -> dict[str, int]:
    done = progress_read(job)
    return {"done": done, "total": job.total, "percent": percent(job, done)}


@login_required
@require_http_methods(["GET", "HEAD"])
def import_job_page(request: HttpRequest, pk: int) -> HttpResponse:
    """One import's progress; at the end the records it created, or the rows to correct."""
    job = _import_job_for_user(request.user, pk)
    importer = declared_importer(job.importer)
    return render(
        request,
        "core/import_job.html",
        {
            "job": job,
            "created": cn_datetime(job.created_at),
            "progress": _progress(job),
            "refresh": None if job.finished else 3,
            "list_url": reverse(importer.list_url) if importer else "",
            "upload_url": importer.url("upload") if importer else "",
            "hidden_errors": max(0, job.error_count - len(job.errors)),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def import_job_status(request: HttpRequest, pk: int) -> JsonResponse:
    job = _import_job_for_user(request.user, pk)
    progress = _progress(job)
    return JsonResponse(
        job_status(job, done=progress["done"], percent=progress["percent"])
        | {"created": job.created_count, "error_count": job.error_count}
    )


def get_importer(importers: Sequence[Importer], key: str) -> Importer:
    for importer in importers:
        if importer.key == key:
            return importer
    raise Http404(Refusal(_("没有这种导入。")))


# --- One app's import pages, declared once ----------------------------------------------------


@dataclass(frozen=True)
class ImportLink:
    """An import of the section that is not an Excel sheet and has pages of its own (e.g. a
    GeoJSON file): listed on the section's page beside the importers, with its actions as
    (label, URL name) pairs, refused without all of ``perms``."""

    title: Any
    description: Any
    actions: Sequence[tuple[Any, str]]
    perms: Sequence[str] = ()
    refusal: Any = ""


@dataclass(frozen=True)
class ImportPages:
    """An app's import section: the list of what it imports and the four pages per importer.

    ``urls()`` gives ``import_home``, ``import_upload``, ``import_template``, ``import_preview``
    and ``import_apply`` in the app's URL namespace.
    """

    importers: Sequence[Importer]
    namespace: str
    perm: str
    title: Any
    help: Any
    refusal: Any
    links: Sequence[ImportLink] = ()

    def home(self, request: HttpRequest) -> HttpResponse:
        """What can be imported, each with its template and upload page (or why not)."""
        if not request.user.has_perm(self.perm):
            raise PermissionDenied(Refusal(str(self.refusal)))
        usable = []
        for importer in self.importers:
            try:
                importer.check_access(request.user)
            except PermissionDenied as exc:
                usable.append({"importer": importer, "refused": str(exc)})
            else:
                usable.append({"importer": importer, "refused": ""})
        links = [
            {
                "link": link,
                "refused": ""
                if all(request.user.has_perm(p) for p in link.perms)
                else str(link.refusal),
                "actions": [(label, reverse(name)) for label, name in link.actions],
            }
            for link in self.links
        ]
        return render(
            request,
            "core/import_home.html",
            {"importers": usable, "links": links, "section": self, "namespace": self.namespace},
        )

    def urls(self) -> list[URLPattern]:
        read, write = ["GET", "HEAD"], ["GET", "HEAD", "POST"]

        def page(methods: list[str], view: Callable[..., HttpResponse]) -> Any:
            return login_required(require_http_methods(methods)(view))

        def importer(key: str) -> Importer:
            return get_importer(self.importers, key)

        return [
            path("import/", page(read, self.home), name="import_home"),
            path(
                "import/<slug:key>/",
                page(write, lambda request, key: upload_page(request, importer(key))),
                name="import_upload",
            ),
            path(
                "import/<slug:key>/template/",
                page(read, lambda request, key: template_response(request, importer(key))),
                name="import_template",
            ),
            path(
                "import/<slug:key>/<str:token>/",
                page(read, lambda request, key, token: preview_page(request, importer(key), token)),
                name="import_preview",
            ),
            path(
                "import/<slug:key>/<str:token>/apply/",
                page(
                    ["POST"],
                    lambda request, key, token: apply_import(request, importer(key), token),
                ),
                name="import_apply",
            ),
        ]
