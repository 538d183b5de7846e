"""The data-import pages for grids and grid workers (系统管理 › 数据导入), and the grid
boundaries (网格边界): a GeoJSON file imported whole, and the street's boundaries downloaded as
one."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from fazhi.audit.models import Action
from fazhi.audit.services import record
from fazhi.core.access import Refusal, require_perm
from fazhi.core.imports.pages import ImportLink, ImportPages
from fazhi.org import geojson, selectors, services
from fazhi.org.forms import GridBoundaryUploadForm
from fazhi.org.imports import IMPORTERS
from fazhi.org.models import Grid, Street

# Importing boundaries replaces grids' records: the right to import and to change grids.
BOUNDARY_PERMS = ("org.import_org", "org.change_grid")
GEOJSON_MIME = "application/geo+json"

PAGES = ImportPages(
    importers=IMPORTERS,
    namespace="org",
    perm="org.import_org",
    title=gettext_lazy("数据导入"),
    help=gettext_lazy(
        "从Excel文件成批录入记录：下载模板、填写、上传预览，确认无误后一次导入。导入的每条记录与"
        "手工录入一样经过校验并记入审计日志；只能引用本街道的村居和网格。"
    ),
    refusal=gettext_lazy("无权导入网格和网格员。"),
    links=[
        ImportLink(
            title=gettext_lazy("网格边界"),
            description=gettext_lazy(
                "各网格在地图上的范围：GeoJSON 文件，每个网格一个多边形，按网格编号对应。"
            ),
            actions=[
                (gettext_lazy("下载现有边界"), "org:grid_boundaries_export"),
                (gettext_lazy("上传导入"), "org:grid_boundaries_import"),
            ],
            perms=BOUNDARY_PERMS,
            refusal=gettext_lazy("无权导入网格边界。"),
        )
    ],
)


def _boundary_street(user: Any) -> Street:
    """The street whose boundaries ``user`` may import; 403 otherwise."""
    if not all(user.has_perm(perm) for perm in BOUNDARY_PERMS):
        raise PermissionDenied(Refusal(_("无权导入网格边界。")))
    if user.street is None:
        raise PermissionDenied(Refusal(_("您的账号未归属任何街道，不能导入。")))
    street: Street = user.street
    return street


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def grid_boundaries_import(request: HttpRequest) -> HttpResponse:
    """GET: the upload form. POST: check the whole file and replace the boundaries it names, or
    show every problem and write nothing."""
    user: Any = request.user
    street = _boundary_street(user)
    if request.method == "POST":
        form = GridBoundaryUploadForm(request.POST, request.FILES)
    else:
        form = GridBoundaryUploadForm()
    if form.is_bound and form.is_valid():
        upload = form.cleaned_data["file"]
        name = Path(upload.name or "").name[:100]
        try:
            if upload.size > geojson.MAX_BYTES:  # refuse before reading it into memory
                raise ValidationError(geojson.too_big_message())
            count = services.grid_boundaries_import(
                street=street, data=upload.read(), actor=user, file_name=name
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error("file", message)
        else:
            messages.success(
                request,
                _("已从“%(file)s”导入%(count)s个网格的边界。") % {"file": name, "count": count},
            )
            return HttpResponseRedirect(reverse("org:grid_boundaries_import"))
    grids = Grid.objects.filter(street=street).active_on(timezone.localdate())
    return render(
        request,
        "org/grid_boundaries_import.html",
        {
            "form": form,
            "active_count": grids.count(),
            "with_boundary": grids.filter(boundary__isnull=False).count(),
            "home_url": reverse("org:import_home"),
            "export_url": reverse("org:grid_boundaries_export"),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def grid_boundaries_export(request: HttpRequest) -> HttpResponse:
    """The boundaries of the street's grids (those the user may see) as one GeoJSON file, in
    the form the import reads back; audited as an export."""
    user: Any = request.user
    require_perm(user, Grid, "view")
    if user.street_id is None:
        raise Http404(Refusal(_("您的账号未归属任何街道。")))
    grids = Grid.objects.for_user(user).filter(street_id=user.street_id)
    collection = selectors.grid_boundary_collection(grids)
    count = len(collection["features"])
    record(
        actor=user,
        action=Action.EXPORT,
        object_type=Grid._meta.label_lower,
        object_repr=format_lazy(gettext_lazy("导出网格边界{count}个"), count=count),
        street=user.street_id,
        extra={"format": "geojson", "count": count},
    )
    filename = f"{user.street.name}网格边界-{timezone.localdate():%Y%m%d}.geojson"
    response = HttpResponse(
        json.dumps(collection, ensure_ascii=False, indent=1),
        content_type=f"{GEOJSON_MIME}; charset=utf-8",
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    response["X-Content-Type-Options"] = "nosniff"
    return response
