"""The data-import pages for grids and grid workers (系统管理 › 数据导入)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from fazhi.core import imports
from fazhi.core.access import Refusal
from fazhi.org.imports import IMPORTERS

_READ = ["GET", "HEAD"]


@login_required
@require_http_methods(_READ)
def import_home(request: HttpRequest) -> HttpResponse:
    """What can be imported, each with its template and upload page."""
    if not request.user.has_perm("org.import_org"):
        raise PermissionDenied(Refusal(_("无权导入网格和网格员。")))
    usable = []
    for importer in IMPORTERS:
        try:
            importer.check_access(request.user)
        except PermissionDenied as exc:
            usable.append({"importer": importer, "refused": str(exc)})
        else:
            usable.append({"importer": importer, "refused": ""})
    return render(request, "org/import_home.html", {"importers": usable})


@login_required
@require_http_methods(_READ)
def import_template(request: HttpRequest, key: str) -> HttpResponse:
    return imports.template_response(request, imports.get_importer(IMPORTERS, key))


@login_required
@require_http_methods([*_READ, "POST"])
def import_upload(request: HttpRequest, key: str) -> HttpResponse:
    return imports.upload_page(request, imports.get_importer(IMPORTERS, key))


@login_required
@require_http_methods(_READ)
def import_preview(request: HttpRequest, key: str, token: str) -> HttpResponse:
    return imports.preview_page(request, imports.get_importer(IMPORTERS, key), token)


@login_required
@require_http_methods(["POST"])
def import_apply(request: HttpRequest, key: str, token: str) -> HttpResponse:
    return imports.apply_import(request, imports.get_importer(IMPORTERS, key), token)
