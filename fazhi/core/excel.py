"""Excel export: every list page writes what it shows, with its current filters, to .xlsx.

The file is written row by row (xlsxwriter's constant-memory mode): memory stays flat however
long the list. Row 1 of the first sheet is the header, so a clerk can sort, filter and read it
with any tool; who exported what with which filters goes on a second sheet, 说明. Dates and
times are real Excel dates shown as 2020年9月24日 15:20; text is always written as text.

A list longer than FAZHI_EXPORT_BACKGROUND_ROWS is not written in the request: the export is
handed to the task queue (``fazhi.core.exports``) and the user fetches the file from 我的导出.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, time
from decimal import Decimal
from io import BytesIO
from typing import Any
from urllib.parse import quote

import xlsxwriter
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import capfirst, format_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from xlsxwriter.utility import xl_col_to_name

from fazhi.core.display import display_value, field_label
from fazhi.core.formats import cn_datetime
from fazhi.core.replica import replica_reads

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NOTES_SHEET = "说明"
# Column widths in Excel's units (about one Latin character); a CJK character counts two.
_MIN_WIDTH = 6
_MAX_WIDTH = 60
_PROGRESS_EVERY = 1000
_SHEET_NAME_FORBIDDEN = str.maketrans({c: "_" for c in "[]:*?/\\"})
_EXCEL_EPOCH = datetime(1899, 12, 30)  # noqa: DTZ001 - Excel's day 0 has no time zone
_EXCEL_EPOCH_ORDINAL = _EXCEL_EPOCH.toordinal()
# Text that reads like Excel's own escape (_x0041_) would be decoded: its "_" is escaped.
_EXCEL_ESCAPE = re.compile(r"_(x[0-9A-Fa-f]{4}_)")
_MAX_TEXT = 32767


def _text(value: str) -> str:
    # .xlsx cannot hold control characters: one typed into a form would otherwise break every
    # export of the list it appears in.
    value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
    # A line break in a cell is LF; a CR would be stored escaped (_x000D_), which some readers
    # show as typed.
    return value.replace("\r\n", "\n").replace("\r", "\n") if "\r" in value else value


def _width(text: str) -> int:
    """How wide ``text`` shows: a CJK character (three bytes in UTF-8) as two Latin ones."""
    longest = max(text.split("\n"), key=len) if "\n" in text else text
    return (len(longest) + len(longest.encode("utf-8"))) // 2


def _date_formats() -> tuple[str, str]:
    if (get_language() or "zh-hans").startswith("zh"):
        return 'yyyy"年"m"月"d"日"', 'yyyy"年"m"月"d"日" hh:mm'
    return "yyyy-mm-dd", "yyyy-mm-dd hh:mm"


class _SheetWriter:
    """Writes the rows of one sheet, keeping every cell's type explicit and the widths."""

    def __init__(self, book: Any, sheet: Any) -> None:
        self.sheet = sheet
        date_format, datetime_format = _date_formats()
        self.date_format = book.add_format({"num_format": date_format, "align": "left"})
        self.datetime_format = book.add_format({"num_format": datetime_format, "align": "left"})
        self.widths: list[int] = []

    def _fit(self, col: int, width: int) -> None:
        widths = self.widths
        while len(widths) <= col:
            widths.append(_MIN_WIDTH)
        if width > widths[col]:
            widths[col] = min(width, _MAX_WIDTH)

    def write_row(self, row: int, values: Iterable[Any], cell_format: Any = None) -> None:
        sheet, widths = self.sheet, self.widths
        for col, value in enumerate(values):
            if value is None or value == "":
                continue
            if isinstance(value, str | Promise):
                text = str(value)
                if not text.isprintable():  # C-fast; only then look for control characters
                    text = _text(text)
                # write_string, never write(): text starting with "=" or reading "#N/A" must
                # not become a formula or an error value in the auditor's Excel.
                sheet.write_string(row, col, text, cell_format)
                if col >= len(widths) or len(text) * 2 > widths[col]:
                    self._fit(col, _width(text) + 2)
            elif isinstance(value, bool):
                sheet.write_string(row, col, _("是") if value else _("否"), cell_format)
                self._fit(col, 4)
            elif isinstance(value, int | float | Decimal):
                sheet.write_number(row, col, float(value), cell_format)
                if col >= len(widths) or widths[col] < 14:
                    self._fit(col, len(str(value)) + 2)
            elif isinstance(value, datetime):
                if timezone.is_aware(value):
                    value = timezone.localtime(value).replace(tzinfo=None)
                sheet.write_datetime(row, col, value, cell_format or self.datetime_format)
                self._fit(col, 20)
            elif isinstance(value, date):
                sheet.write_datetime(row, col, value, cell_format or self.date_format)
                self._fit(col, 14)
            elif isinstance(value, time):
                text = f"{value:%H:%M}"
                sheet.write_string(row, col, text, cell_format)
                self._fit(col, 7)
            else:
                text = _text(str(value))
                sheet.write_string(row, col, text, cell_format)
                self._fit(col, _width(text) + 2)

    def set_widths(self) -> None:
        for col, width in enumerate(self.widths):
            self.sheet.set_column(col, col, width)


def _xml_text(text: str) -> str:
    if len(text) > _MAX_TEXT:
        text = text[:_MAX_TEXT]
    if "_x" in text:
        text = _EXCEL_ESCAPE.sub(r"_x005F_\1", text)
    if "&" in text or "<" in text or ">" in text:
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if text[0].isspace() or text[-1].isspace():
        return f'<is><t xml:space="preserve">{text}</t></is>'
    return f"<is><t>{text}</t></is>"


class _FastRows(_SheetWriter):
    """The data rows of a constant-memory sheet as XML, straight into the file xlsxwriter
    collects the sheet's rows in: xlsxwriter's per-cell bookkeeping costs more than the rest of
    an export together. Every text is an inline string (never a formula, never an error
    value), as ``write_string`` would write it; everything else about the file is xlsxwriter's.
    """

    def __init__(self, book: Any, sheet: Any, columns: int) -> None:
        super().__init__(book, sheet)
        self.letters = [xl_col_to_name(col) for col in range(max(columns, 1))]
        self.date_style = f' s="{self.date_format._get_xf_index()}"'
        self.datetime_style = f' s="{self.datetime_format._get_xf_index()}"'

    def write_rows(
        self, rows: Iterable[Sequence[Any]], progress: Callable[[int], None] | None
    ) -> int:
        sheet = self.sheet
        # The header (row 0) is written by xlsxwriter; flush it before the rows follow it.
        sheet._write_single_row(1)
        out = sheet.fh
        letters, widths = self.letters, self.widths
        date_style, datetime_style = self.date_style, self.datetime_style
        written = 0
        for written, row in enumerate(rows, start=1):
            number = written + 1
            cells = []
            for col, value in enumerate(row):
                if value is None or value == "":
                    continue
                if col >= len(letters):
                    letters.append(xl_col_to_name(col))
                ref = f"{letters[col]}{number}"
                if isinstance(value, str | Promise):
                    text = str(value)
                    if not text.isprintable():
                        text = _text(text)
                    cells.append(f'<c r="{ref}" t="inlineStr">{_xml_text(text)}</c>')
                    if col >= len(widths) or len(text) * 2 > widths[col]:
                        self._fit(col, _width(text) + 2)
                elif isinstance(value, bool):
                    text = _("是") if value else _("否")
                    cells.append(f'<c r="{ref}" t="inlineStr">{_xml_text(text)}</c>')
                    self._fit(col, 4)
                elif isinstance(value, int | float | Decimal):
                    figure = float(value)
                    if figure != figure or figure in (float("inf"), float("-inf")):
                        continue
                    shown = repr(value) if isinstance(value, int) else repr(figure)
                    cells.append(f'<c r="{ref}"><v>{shown}</v></c>')
                    if col >= len(widths) or widths[col] < 14:
                        self._fit(col, len(shown) + 2)
                elif isinstance(value, datetime):
                    if timezone.is_aware(value):
                        value = timezone.localtime(value).replace(tzinfo=None)
                    serial = (value - _EXCEL_EPOCH).total_seconds() / 86400
                    cells.append(f'<c r="{ref}"{datetime_style}><v>{serial!r}</v></c>')
                    self._fit(col, 20)
                elif isinstance(value, date):
                    serial_day = value.toordinal() - _EXCEL_EPOCH_ORDINAL
                    cells.append(f'<c r="{ref}"{date_style}><v>{serial_day}</v></c>')
                    self._fit(col, 14)
                else:
                    text = _text(f"{value:%H:%M}" if isinstance(value, time) else str(value))
                    cells.append(f'<c r="{ref}" t="inlineStr">{_xml_text(text)}</c>')
                    self._fit(col, _width(text) + 2)
            out.write(f'<row r="{number}">{"".join(cells)}</row>')
            if progress is not None and written % _PROGRESS_EVERY == 0:
                progress(written)
        if written:
            # What xlsxwriter would have recorded had it written the rows: the sheet's extent.
            sheet._check_dimensions(written, max(len(letters), 1) - 1)
            sheet.previous_row = written
        return written


def _sheet_name(title: str) -> str:
    name = title.translate(_SHEET_NAME_FORBIDDEN).strip("'")[:31] or "Sheet1"
    return name if name != NOTES_SHEET else f"{name}1"


def write_workbook(
    target: Any,
    *,
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    notes: Sequence[str | tuple[Any, Any]] = (),
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write the table to ``target`` (a path or a binary file); return the rows written.

    The first sheet holds the header in row 1 (frozen, repeated on every printed page) and
    the rows; the second, 说明, the title and ``notes`` (a text, or a (label, value) pair,
    each on a line) followed by the count of rows. ``progress`` is told the rows written
    every thousand rows.
    """
    book = xlsxwriter.Workbook(
        target,
        {"constant_memory": True, "in_memory": False, "strings_to_numbers": False},
    )
    sheet = book.add_worksheet(_sheet_name(title))
    header_format = book.add_format(
        {"bold": True, "bg_color": "#DDE6F0", "border": 1, "align": "center", "valign": "vcenter"}
    )
    writer = _FastRows(book, sheet, len(headers))
    writer.write_row(0, [capfirst(str(h)) for h in headers], header_format)
    # Room for the filter button beside each heading.
    writer.widths = [w + 2 for w in writer.widths]
    written = writer.write_rows(rows, progress)
    writer.set_widths()
    sheet.freeze_panes(1, 0)
    if headers:
        sheet.autofilter(0, 0, max(written, 1), len(headers) - 1)
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0)
    sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    sheet.set_header("&C&12" + title.replace("&", "&&"))
    sheet.set_footer("&C" + _("第 &P 页，共 &N 页"))

    notes_sheet = book.add_worksheet(NOTES_SHEET)
    notes_writer = _SheetWriter(book, notes_sheet)
    bold = book.add_format({"bold": True})
    notes_writer.write_row(0, [title], book.add_format({"bold": True, "font_size": 14}))
    line = 1
    for note in notes:
        if isinstance(note, tuple):
            notes_writer.write_row(line, [capfirst(str(note[0])), note[1]])
            notes_sheet.write_string(line, 0, _text(capfirst(str(note[0]))), bold)
        else:
            notes_writer.write_row(line, [note])
        line += 1
    notes_writer.write_row(line, [_("记录数"), written])
    notes_sheet.write_string(line, 0, _("记录数"), bold)
    notes_writer.widths[0] = max(notes_writer.widths[0], 12)
    if len(notes_writer.widths) > 1:
        notes_writer.set_widths()
    else:
        notes_sheet.set_column(0, 0, _MAX_WIDTH)
    book.close()
    if progress is not None:
        progress(written)
    return written


def workbook_bytes(
    *,
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    notes: Sequence[str | tuple[Any, Any]] = (),
) -> bytes:
    """The workbook of ``write_workbook`` as bytes, for a file small enough to send at once."""
    buffer = BytesIO()
    write_workbook(buffer, title=title, headers=headers, rows=rows, notes=notes)
    return buffer.getvalue()


def keep_text_literal(wb: Any) -> None:
    """In an openpyxl workbook built cell by cell, make every text cell plain text, for the
    same reason as ``write_string`` above: record names typed by users must never run."""
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and (
                    cell.value.startswith("=") or cell.value in ERROR_CODES
                ):
                    cell.data_type = "s"


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_MIME)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def export_notes(*, filters: dict[Any, Any], actor: Any) -> list[tuple[Any, Any]]:
    """The 说明 sheet's lines: when, who and with which filters."""
    notes: list[tuple[Any, Any]] = [
        (_("导出时间"), cn_datetime(timezone.now())),
        (_("导出人"), actor.display_name),
    ]
    if filters:
        notes.append(
            (
                _("筛选条件"),
                _("；").join(
                    _("%(label)s：%(value)s") % {"label": capfirst(k), "value": v}
                    for k, v in filters.items()
                ),
            )
        )
    return notes


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
    request: HttpRequest | None = None,
) -> HttpResponse:
    """An .xlsx download of ``rows``, with who exported what with which filters; audited.

    ``title`` and the keys and values of ``filters`` may be lazy translations: the sheet is
    written in the user's language, the audit row in the product's. The file is named
    ``filename``, or by default the title and the time of the export. Given the ``request``,
    a list of more than FAZHI_EXPORT_BACKGROUND_ROWS rows is exported in the background
    (the same page is asked again by the task) and the user is sent to 我的导出.
    """
    from fazhi.audit.models import Action
    from fazhi.audit.services import record
    from fazhi.core import exports

    if not filename:
        filename = f"{title}-{timezone.localtime():%Y%m%d-%H%M}.xlsx"
    job = exports.running_job()
    if job is None and request is not None and exports.goes_to_background(count):
        return exports.export_job_start(
            request=request, object_type=object_type, title=title, count=count, filename=filename
        )
    notes = export_notes(filters=filters, actor=actor)
    audit = {
        "actor": actor,
        "action": Action.EXPORT,
        "object_type": object_type,
        "object_repr": format_lazy("导出{}", title),
        "extra": {"filters": filters, "count": count},
    }
    # The rows are read from the replica where one is configured (fazhi.core.replica).
    with replica_reads():
        if job is not None:
            return exports.export_job_write(
                job, title=str(title), headers=headers, rows=rows, notes=notes, audit=audit
            )
        content = workbook_bytes(title=str(title), headers=headers, rows=rows, notes=notes)
    record(**audit)
    return xlsx_response(content, filename)


def _column(model: type[models.Model], name: str) -> tuple[Callable[[Any], Any], str, str]:
    """How to read field ``name`` of each row quickly: (getter, select_related, prefetch).

    The same value as ``display_value`` shows, except that dates and times stay dates, and
    choice labels are looked up once per export instead of once per row.
    """
    try:
        field: Any = model._meta.get_field(name)
    except FieldDoesNotExist:
        return (lambda obj: display_value(obj, name)), "", ""
    if field.many_to_many or field.one_to_many:
        # Translators: the separator between the items of a list (an enumeration comma).
        separator = _("、")
        return (
            lambda obj: separator.join(str(v) for v in getattr(obj, name).all()),
            "",
            name,
        )
    if field.is_relation:

        def related(obj: Any) -> Any:
            value = getattr(obj, name)
            return "" if value is None else str(value)

        return related, name, ""
    attname = field.attname
    if field.choices:
        labels = {key: str(label) for key, label in field.flatchoices}

        def label(obj: Any) -> Any:
            value = getattr(obj, attname)
            return labels.get(value, value)

        return label, "", ""
    if isinstance(field, models.BooleanField):
        yes, no = _("是"), _("否")

        def flag(obj: Any) -> Any:
            value = getattr(obj, attname)
            return "" if value is None else (yes if value else no)

        return flag, "", ""
    return (lambda obj: getattr(obj, attname)), "", ""


def row_reader(model: type[models.Model], fields: Sequence[str]) -> Callable[[Any], list[Any]]:
    """A function giving the export's values of ``fields`` for one ``model`` object: as the
    list shows them, but dates as dates; the object's relations are read as they are loaded."""
    getters = [getter for getter, _related, _prefetch in (_column(model, f) for f in fields)]
    return lambda obj: [get(obj) for get in getters]


def queryset_rows(queryset: models.QuerySet[Any], fields: Sequence[str]) -> Iterable[list[Any]]:
    """The rows of ``queryset``, one value per field, read with one query per chunk."""
    model = queryset.model
    columns = [_column(model, f) for f in fields]
    getters = [getter for getter, _related, _prefetch in columns]
    related = [r for _getter, r, _prefetch in columns if r]
    prefetch = [p for _getter, _related, p in columns if p]
    query = queryset.query
    # A deferred relation cannot be joined, nor can a union: such querysets are read as given.
    if related and not query.combinator and not query.deferred_loading[0]:
        queryset = queryset.select_related(*related)
    if prefetch and not query.combinator:
        queryset = queryset.prefetch_related(*prefetch)
    # iterator() keeps memory flat for long lists; Django applies prefetches per chunk.
    for obj in queryset.iterator(chunk_size=2000):
        yield [get(obj) for get in getters]


def export_queryset(
    queryset: models.QuerySet[Any],
    *,
    fields: Sequence[str],
    title: Any,
    filters: dict[Any, Any],
    actor: Any,
    request: HttpRequest | None = None,
) -> HttpResponse:
    """The rows of ``queryset``, one column per field as the list page shows it."""
    model = queryset.model
    return export_rows(
        object_type=model._meta.label_lower,
        title=title,
        headers=[field_label(model, f) for f in fields],
        rows=queryset_rows(queryset, fields),
        count=queryset.count(),
        filters=filters,
        actor=actor,
        request=request,
    )
