"""Excel export: every list page writes what it shows, with its current filters, to .xlsx."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from io import BytesIO
from typing import Any
from urllib.parse import quote

from django.db import models
from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill

from fazhi.core.display import display_value, field_label
from fazhi.core.formats import cn_datetime

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")


def _cell_value(ws: Any, value: Any) -> Any:
    """What to append for ``value``: text always stays text, whatever it starts with."""
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, models.Model):
        value = str(value)
    if not isinstance(value, str):
        return value
    # .xlsx cannot hold control characters (openpyxl raises): one typed into a form would
    # break every export of the list it appears in.
    value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
    if value.startswith("=") or value in ERROR_CODES:
        # openpyxl stores text starting with "=" as a live formula and "#N/A" and the like as
        # error values; a user name typed at the login form would then run in the auditor's
        # Excel. Any other text, "+", "-", "@", tab and CR included, openpyxl already writes
        # as an inline string, which Excel shows as typed and never evaluates.
        cell = WriteOnlyCell(ws, value=value)
        cell.data_type = "s"
        return cell
    return value


def keep_text_literal(wb: Any) -> None:
    """In a workbook built cell by cell (not write-only), make every text cell plain text,
    for the same reason as ``_cell_value``: record names typed by users must never run."""
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and (
                    cell.value.startswith("=") or cell.value in ERROR_CODES
                ):
                    cell.data_type = "s"


def workbook_bytes(
    *,
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    notes: Sequence[str] = (),
) -> bytes:
    """One sheet: a title line, note lines (filters, time), the header row, then the rows."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=title[:31])
    ws.freeze_panes = f"A{len(notes) + 3}"
    title_cell = WriteOnlyCell(ws, value=title)
    title_cell.font, title_cell.data_type = Font(bold=True, size=14), "s"
    ws.append([title_cell])
    for note in notes:
        ws.append([_cell_value(ws, str(note))])
    header_cells = []
    for h in headers:
        c = WriteOnlyCell(ws, value=str(h))
        c.font, c.fill, c.alignment = _HEADER_FONT, _HEADER_FILL, Alignment(horizontal="center")
        c.data_type = "s"
        header_cells.append(c)
    ws.append(header_cells)
    for row in rows:
        ws.append([_cell_value(ws, v) for v in row])
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_MIME)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def export_rows(
    *,
    object_type: str,
    title: Any,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    count: int,
    filters: dict[Any, Any],
    actor: Any,
    filename: str = "",
) -> HttpResponse:
    """An .xlsx download of ``rows`` headed by who exported what with which filters; audited.

    ``title`` and the keys and values of ``filters`` may be lazy translations: the sheet is
    written in the user's language, the audit row in the product's. The file is named
    ``filename``, or by default the title and the time of the export.
    """
    from fazhi.audit.models import Action
    from fazhi.audit.services import record

    notes = [
        _("导出时间：%(time)s　导出人：%(actor)s")
        % {"time": cn_datetime(timezone.now()), "actor": actor.display_name}
    ]
    if filters:
        notes.append(
            _("筛选条件：%(filters)s")
            % {
                "filters": _("；").join(
                    _("%(label)s：%(value)s") % {"label": capfirst(k), "value": v}
                    for k, v in filters.items()
                )
            }
        )
    content = workbook_bytes(title=str(title), headers=headers, rows=rows, notes=notes)
    record(
        actor=actor,
        action=Action.EXPORT,
        object_type=object_type,
        object_repr=format_lazy("导出{}", title),
        extra={"filters": filters, "count": count},
    )
    if not filename:
        filename = f"{title}-{timezone.localtime():%Y%m%d-%H%M}.xlsx"
    return xlsx_response(content, filename)


def export_queryset(
    queryset: models.QuerySet[Any],
    *,
    fields: Sequence[str],
    title: Any,
    filters: dict[Any, Any],
    actor: Any,
) -> HttpResponse:
    """The rows of ``queryset``, one column per field as the list page shows it."""
    model = queryset.model
    # iterator() keeps memory flat for long lists; Django applies prefetches per chunk.
    rows = ([display_value(obj, f) for f in fields] for obj in queryset.iterator(chunk_size=2000))
    return export_rows(
        object_type=model._meta.label_lower,
        title=title,
        headers=[field_label(model, f) for f in fields],
        rows=rows,
        count=queryset.count(),
        filters=filters,
        actor=actor,
    )
