"""The auditor's pages: the audit log, one row in detail, and its Excel export. Read-only."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from fazhi.audit.display import change_rows, changes_text, extra_items
from fazhi.audit.filters import AuditEntryFilter, object_type_label
from fazhi.audit.models import AuditEntry
from fazhi.audit.selectors import entry_list, get_entry_for_user
from fazhi.core.excel import export_rows
from fazhi.core.paging import paginate
from fazhi.core.types import AuthedRequest

PAGE_SIZE = 50


READ = ["GET", "HEAD"]

EXPORT_HEADERS = [
    _("序号"),
    _("时间"),
    _("街道"),
    _("操作人"),
    _("操作"),
    _("对象类型"),
    _("对象编号"),
    _("对象"),
    _("变更内容"),
    _("IP地址"),
    _("请求编号"),
    _("本行哈希"),
]


def _export_row(entry: AuditEntry) -> list[Any]:
    return [
        entry.seq,
        entry.created_at,
        str(entry.street or ""),
        entry.actor_name,
        entry.get_action_display(),
        object_type_label(entry.object_type),
        entry.object_id,
        entry.object_repr,
        changes_text(entry),
        entry.ip,
        entry.request_id,
        entry.hash,
    ]


def _export(
    request: AuthedRequest, filters: AuditEntryFilter, qs: QuerySet[AuditEntry]
) -> HttpResponse:
    """The filtered rows as .xlsx. The export is itself a row of the log."""
    return export_rows(
        object_type="audit.auditentry",
        title=_("审计日志"),
        headers=[capfirst(h) for h in EXPORT_HEADERS],
        rows=(_export_row(e) for e in qs.iterator(chunk_size=2000)),
        count=qs.count(),
        filters=filters.active(),
        actor=request.user,
        request=request,
    )


@login_required
@require_http_methods(READ)
def entry_list_view(request: AuthedRequest) -> HttpResponse:
    qs = entry_list(request.user)
    filters = AuditEntryFilter(request.GET, user=request.user)
    qs = filters.apply(qs)
    if request.GET.get("format") == "xlsx":
        return _export(request, filters, qs)
    page = paginate(request, qs, PAGE_SIZE)
    rows = [(e, object_type_label(e.object_type)) for e in page.object_list]
    status = 400 if filters.is_bound and not filters.is_valid() else 200
    return render(
        request,
        "audit/entry_list.html",
        {"page": page, "rows": rows, "filters": filters},
        status=status,
    )


@login_required
@require_http_methods(READ)
def entry_detail_view(request: AuthedRequest, seq: int) -> HttpResponse:
    entry = get_entry_for_user(request.user, seq)
    return render(
        request,
        "audit/entry_detail.html",
        {
            "entry": entry,
            "object_type_label": object_type_label(entry.object_type),
            "change_rows": change_rows(entry),
            "extra_items": extra_items(entry),
        },
    )
