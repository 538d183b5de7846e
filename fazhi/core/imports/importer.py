"""Declaring an importer, reading a sheet, previewing and applying its rows."""

from __future__ import annotations

import dataclasses
import re
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from io import BytesIO
from typing import Any

from django.core.exceptions import (
    NON_FIELD_ERRORS,
    FieldDoesNotExist,
    PermissionDenied,
    ValidationError,
)
from django.db import models, transaction
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from fazhi.audit.models import Action
from fazhi.audit.services import batched, record
from fazhi.core.access import Refusal, perm_name
from fazhi.core.excel import keep_text_literal
from fazhi.core.imports.bulk import RowsRejected, clean_in_bulk
from fazhi.core.imports.cells import (
    APPLY_CHUNK,
    MAX_BYTES,
    MAX_ROWS,
    MAX_UNPACKED_BYTES,
    NOT_XLSX,
    OLE_SIGNATURE,
    ZIP_SIGNATURE,
    CellError,
    Choice,
    ParseContext,
    Reference,
    Text,
    cell_text,
    too_big_message,
)
from fazhi.core.language import product_language

# --- Declaring an importer ---------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One column of the sheet: its header, the field it fills, how a cell is read."""

    header: str
    field: str
    parser: Text = dataclasses.field(default_factory=Text)
    required: bool = False
    example: Any = ""
    help: str = ""


@dataclass(frozen=True)
class Unique:
    """Fields no two rows may share, within the file and with the street's existing records."""

    fields: tuple[str, ...]
    label: Any = ""
    existing: Callable[[models.QuerySet[Any]], models.QuerySet[Any]] | None = None


@dataclass(frozen=True)
class RowError:
    row: int
    column: str | None
    message: str

    def __str__(self) -> str:
        if self.column:
            return _("第%(row)s行“%(column)s”：%(message)s") % {
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        return _("第%(row)s行：%(message)s") % {"row": self.row, "message": self.message}


@dataclass
class Row:
    number: int
    raw: dict[str, Any]
    values: dict[str, Any] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)
    cells: list[tuple[str, bool]] = field(default_factory=list)


@dataclass
class Preview:
    """Every data row of a file with the values read from it and what is wrong with it."""

    rows: list[Row]

    @property
    def errors(self) -> list[RowError]:
        return [e for row in self.rows for e in row.errors]

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not self.errors

    @property
    def valid_count(self) -> int:
        return sum(1 for row in self.rows if not row.errors)

    @property
    def invalid_count(self) -> int:
        return sum(1 for row in self.rows if row.errors)


class ImportRejected(Exception):
    """A service refused one or more rows while applying; nothing was written."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = errors


_declared: dict[str, Importer] = {}


def declared_importer(job_key: str) -> Importer | None:
    """The importer declared as ``namespace:key``, once the module declaring it is loaded."""
    return _declared.get(job_key)


@dataclass(frozen=True)
class Importer:
    """An importable record type: its sheet's columns, and the service that creates one row."""

    key: str
    title: Any
    model: type[models.Model]
    columns: Sequence[Column]
    create: Callable[..., models.Model]
    namespace: str
    perm: str
    list_url: str
    unique: Sequence[Unique] = ()
    description: Any = ""
    # The service's rules beyond the model's own (raise ValidationError), so that the preview
    # shows them too rather than only the apply.
    validate: Callable[[dict[str, Any], Any], None] | None = None
    # The service's bulk variant, ``create_many(rows, *, user)``: the same rules as ``create``
    # for a list of rows, written at once; RowsRejected names the refused rows by their index.
    create_many: Callable[..., Sequence[models.Model]] | None = None

    def __post_init__(self) -> None:
        # Found again by its name when a background import job runs it.
        _declared[self.job_key] = self

    @property
    def job_key(self) -> str:
        """``namespace:key``: the importer's name across apps."""
        return f"{self.namespace}:{self.key}"

    # --- who may --------------------------------------------------------------------------
    def check_access(self, user: Any) -> None:
        """403 unless the user may import and add these records, for a street of their own."""
        if not (user.has_perm(self.perm) and user.has_perm(perm_name(self.model, "add"))):
            raise PermissionDenied(Refusal(_("无权导入%(title)s。") % {"title": self.title}))
        if user.street_id is None:
            raise PermissionDenied(Refusal(_("您的账号未归属任何街道，不能导入。")))

    def url(self, view: str, *args: Any) -> str:
        return reverse(f"{self.namespace}:import_{view}", args=[self.key, *args])

    def column_for(self, field_name: str) -> Column | None:
        return next((c for c in self.columns if c.field == field_name), None)

    # --- the template --------------------------------------------------------------------
    def template_bytes(self, user: Any) -> bytes:
        """The sheet to fill in (header and one example row) and a sheet of instructions.

        Always in Chinese, whatever the user's language: its column names and choice values
        are what ``preview`` reads back.
        """
        with product_language():
            return self._template_bytes(user)

    def _template_bytes(self, user: Any) -> bytes:
        ctx = ParseContext(user)
        wb = Workbook()
        ws = wb.active
        ws.title = str(self.title)[:31]
        header_fill = PatternFill("solid", fgColor="DDE6F0")
        for index, column in enumerate(self.columns, start=1):
            cell = ws.cell(row=1, column=index, value=column.header)
            cell.font = Font(bold=True, color="B3261E" if column.required else "1F2328")
            cell.fill = header_fill
            cell.alignment = Alignment(horizontal="center")
            example = ws.cell(row=2, column=index, value=column.example)
            example.font = Font(italic=True, color="5F6B76")
            letter = get_column_letter(index)
            if isinstance(column.example, datetime):
                example.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(column.example, date):
                example.number_format = "yyyy-mm-dd"
            elif isinstance(column.example, time):
                example.number_format = "hh:mm"
            elif column.parser.text_format:
                # Text format, or Excel shows a typed mobile number as 1.38E+10.
                example.number_format = "@"
                ws.column_dimensions[letter].number_format = "@"
            ws.column_dimensions[letter].width = max(14, len(column.header) * 2 + 6)
            if isinstance(column.parser, Choice):
                options = ",".join(column.parser.allowed(ctx))
                validation = DataValidation(type="list", formula1=f'"{options}"', allow_blank=True)
                validation.error = f"请填写以下之一：{'、'.join(column.parser.allowed(ctx))}。"
                validation.showErrorMessage = True
                ws.add_data_validation(validation)
                validation.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
        ws.freeze_panes = "A2"

        notes = wb.create_sheet("填写说明")
        notes.column_dimensions["A"].width = 16
        notes.column_dimensions["B"].width = 10
        notes.column_dimensions["C"].width = 48
        notes.column_dimensions["D"].width = 60
        notes.append([f"{self.title}导入说明"])
        notes["A1"].font = Font(bold=True, size=14)
        street = user.street.name if user.street_id else ""
        lines = [
            f"1. 请在“{ws.title}”工作表中填写，每行一条记录；第1行为列名，请勿修改。",
            "2. 第2行为示例，导入前请删除或直接覆盖。红色列名为必填列。",
            f"3. 每个文件最多{MAX_ROWS}行、{MAX_BYTES // (1024 * 1024)} MB。",
            "4. 上传后系统逐行检查并显示预览，全部无误后才能确认导入；任何一行有误都不会导入。",
        ]
        if any(isinstance(c.parser, Reference) for c in self.columns):
            lines.append(f"5. 只能引用本街道（{street}）已有的记录。")
        for line in lines:
            notes.append([line])
        notes.append([])
        notes.append(["列名", "是否必填", "填写要求", "可填写的值"])
        for cell in notes[notes.max_row]:
            cell.font, cell.fill = Font(bold=True), header_fill
        for column in self.columns:
            allowed = column.parser.allowed(ctx)
            shown = "、".join(allowed[:100]) + (
                f" 等{len(allowed)}个" if len(allowed) > 100 else ""
            )
            if isinstance(column.parser, Reference) and not allowed:
                shown = f"本街道尚无{column.parser.label}，请先录入。"
            notes.append(
                [column.header, "必填" if column.required else "选填", self._rule(column), shown]
            )
            for cell in notes[notes.max_row]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        keep_text_literal(wb)
        buffer = BytesIO()
        wb.save(buffer)
        return buffer.getvalue()

    def _rule(self, column: Column) -> str:
        rule = column.parser.kind
        try:
            max_length = getattr(self.model._meta.get_field(column.field), "max_length", None)
        except FieldDoesNotExist:
            max_length = None
        if max_length and type(column.parser) is Text:
            rule += f"，不超过{max_length}个字"
        return f"{rule}。{column.help}" if column.help else f"{rule}。"

    # --- reading a file ------------------------------------------------------------------
    def preview(self, content: bytes, *, user: Any, for_apply: bool = False) -> Preview:
        """Read and check every row; writes nothing. Raises ValidationError for a bad file.

        ``for_apply``: the rows are about to go to the service's bulk variant, which checks
        each record as the preview would; the preview then leaves that check to it.
        """
        ctx = ParseContext(user)
        rows = [self._parse_row(number, raw, ctx) for number, raw in self._read(content)]
        self._check_unique(rows, ctx)
        if not (for_apply and self.create_many is not None):
            self._check_models([row for row in rows if not row.errors], ctx)
        return Preview(rows)

    def check_file(self, content: bytes) -> int:
        """The number of data rows of a readable file with the right columns."""
        return len(self._read(content))

    def _read(self, content: bytes) -> list[tuple[int, dict[str, Any]]]:
        # A few columns beyond the declared ones, so that unknown headers are still reported.
        sheet = read_sheet(content, max_columns=len(self.columns) + 20)
        index = self._map_headers(sheet[0][1])
        data = [(n, values) for n, values in sheet[1:] if any(cell_text(v) for v in values)]
        if not data:
            raise ValidationError(_("文件中没有数据行：请从第2行起每行填写一条记录。"))
        return [
            (number, {c.field: values[i] if i < len(values) else None for c, i in index})
            for number, values in data
        ]

    def _map_headers(self, values: tuple[Any, ...]) -> list[tuple[Column, int]]:
        names = [re.sub(r"[*＊]$", "", cell_text(v)).strip() for v in values]
        if not any(names):
            raise ValidationError(
                _("文件第1行没有列名：请使用下载的模板，保留第1行的列名，从第2行起填写数据。")
            )
        known = {c.header: c for c in self.columns}
        problems: list[str] = []
        seen: dict[str, int] = {}
        index: list[tuple[Column, int]] = []
        unknown = [n for n in names if n and n not in known]
        if unknown:
            problems.append(
                _("第1行有无法识别的列：%(unknown)s。可用的列为：%(known)s。")
                % {
                    "unknown": _("、").join(f"“{n}”" for n in unknown),
                    "known": _("、").join(c.header for c in self.columns),
                }
            )
        for i, name in enumerate(names):
            if not name or name not in known:
                continue
            if name in seen:
                problems.append(_("列“%(name)s”出现了两次。") % {"name": name})
                continue
            seen[name] = i
            index.append((known[name], i))
        missing = [c.header for c in self.columns if c.required and c.header not in seen]
        if missing:
            problems.append(
                _("缺少必填列：%(columns)s。")
                % {"columns": _("、").join(f"“{m}”" for m in missing)}
            )
        if problems:
            raise ValidationError(problems)
        return index

    def _parse_row(self, number: int, raw: dict[str, Any], ctx: ParseContext) -> Row:
        row = Row(number=number, raw=raw)
        if self._is_example(raw):
            row.errors.append(RowError(number, None, _("这是模板中的示例行，请删除后再导入。")))
            row.cells = [(cell_text(raw.get(c.field)), False) for c in self.columns]
            return row
        for column in self.columns:
            value = raw.get(column.field)
            if not cell_text(value):
                if column.required:
                    row.errors.append(RowError(number, column.header, _("此项为必填项。")))
                # An empty optional cell leaves the field to the model's default.
                row.cells.append(("", column.required))
                continue
            try:
                parsed = column.parser.parse(value, ctx)
            except CellError as exc:
                row.errors.append(RowError(number, column.header, str(exc)))
                row.cells.append((cell_text(value), True))
            else:
                row.values[column.field] = parsed
                row.cells.append((column.parser.display(parsed), False))
        return row

    def _is_example(self, raw: dict[str, Any]) -> bool:
        def norm(value: Any) -> str:
            if isinstance(value, datetime):
                value = value.date()
            return value.isoformat() if isinstance(value, date) else cell_text(value)

        return all(norm(raw.get(c.field)) == norm(c.example) for c in self.columns)

    def _check_unique(self, rows: list[Row], ctx: ParseContext) -> None:
        for rule in self.unique:
            headers = "、".join(
                (col.header if (col := self.column_for(f)) else f) for f in rule.fields
            )
            column = self.column_for(rule.fields[0])
            label = rule.label or self.title
            qs = self.model._default_manager.filter(street=ctx.street)
            if rule.existing is not None:
                qs = rule.existing(qs)
            existing = {tuple(_key(v) for v in key) for key in qs.values_list(*rule.fields)}
            first: dict[tuple[Any, ...], int] = {}
            for row in rows:
                if any(f not in row.values for f in rule.fields):
                    continue
                key = tuple(_key(row.values[f]) for f in rule.fields)
                shown = " / ".join(
                    (c.parser.display(row.values[f]) if (c := self.column_for(f)) else str(key))
                    for f in rule.fields
                )
                where = column.header if column else None
                if key in first:
                    row.errors.append(
                        RowError(
                            row.number,
                            where,
                            _("与第%(row)s行的%(columns)s重复。")
                            % {"row": first[key], "columns": headers},
                        )
                    )
                elif key in existing:
                    row.errors.append(
                        RowError(
                            row.number,
                            where,
                            _("本街道已有%(columns)s为“%(value)s”的%(label)s。")
                            % {"columns": headers, "value": shown, "label": label},
                        )
                    )
                first.setdefault(key, row.number)

    def _check_models(self, rows: list[Row], ctx: ParseContext) -> None:
        """The model's own validation of every row, as the service will run it (full_clean),
        with the lookups it makes per record made once for the file; then ``validate``."""
        # Columns that are no concrete field (many-to-many values, parts the create function
        # assembles) are the ``validate`` hook's to check.
        concrete = {f.name for f in self.model._meta.concrete_fields}
        instances = [
            self.model(street=ctx.street, **{k: v for k, v in row.values.items() if k in concrete})
            for row in rows
        ]
        refused = clean_in_bulk(instances)
        for index, row in enumerate(rows):
            if index in refused:
                row.errors.extend(self.row_errors(row.number, refused[index]))
                continue
            if self.validate is not None:
                try:
                    self.validate(row.values, ctx.user)
                except ValidationError as exc:
                    row.errors.extend(self.row_errors(row.number, exc))

    def row_errors(self, number: int, exc: ValidationError) -> list[RowError]:
        """A service's or model's ValidationError as row-numbered, column-named errors."""
        if not hasattr(exc, "error_dict"):
            return [RowError(number, None, message) for message in exc.messages]
        errors = []
        for name, field_errors in exc.error_dict.items():
            column = self.column_for(name) if name != NON_FIELD_ERRORS else None
            for error in field_errors:
                for message in error.messages:
                    errors.append(RowError(number, column.header if column else None, message))
        return errors

    # --- writing -------------------------------------------------------------------------
    def apply(
        self,
        preview: Preview,
        *,
        user: Any,
        file_name: str,
        sha256: str,
        progress: Callable[[int, int], None] | None = None,
    ) -> list[Any]:
        """Create every row through the service in one transaction; any refusal writes nothing.

        With the service's bulk variant, rows go to it APPLY_CHUNK at a time; otherwise one by
        one. Either way the audit rows are chained in memory and written at the end, and
        ``progress(done, total)`` is told after each chunk.
        """
        if not preview.ok:
            raise ImportRejected(preview.errors)
        created: list[Any] = []
        rows = preview.rows
        # A refusal is collected, not raised, so that every refused row is named; the
        # ImportRejected raised at the end then leaves the block, which writes nothing.
        with batched():
            for start in range(0, len(rows), APPLY_CHUNK):
                chunk = rows[start : start + APPLY_CHUNK]
                if self.create_many is not None:
                    created.extend(self._create_chunk(chunk, user))
                else:
                    for row in chunk:
                        try:
                            with transaction.atomic():
                                created.append(self.create(row.values, user=user))
                        except ValidationError as exc:
                            row.errors.extend(self.row_errors(row.number, exc))
                if progress is not None:
                    progress(start + len(chunk), len(rows))
            if preview.errors:
                raise ImportRejected(preview.errors)  # leaving the block rolls every row back
            record(
                actor=user,
                action=Action.IMPORT,
                object_type=self.model._meta.label_lower,
                object_repr=format_lazy("导入{}{}条：{}", self.title, len(created), file_name),
                street=user.street,
                extra={
                    "file": file_name,
                    "sha256": sha256,
                    "rows": len(created),
                    "ids": [obj.pk for obj in created],
                },
            )
        return created

    def _create_chunk(self, chunk: list[Row], user: Any) -> Sequence[models.Model]:
        assert self.create_many is not None
        try:
            with transaction.atomic():
                return self.create_many([row.values for row in chunk], user=user)
        except RowsRejected as exc:
            for index, error in exc.errors.items():
                row = chunk[index]
                row.errors.extend(self.row_errors(row.number, error))
        except ValidationError as exc:
            # Not one row's fault (a unique value taken meanwhile by another writer): named
            # on the chunk's first row.
            chunk[0].errors.extend(self.row_errors(chunk[0].number, exc))
        return []


def _key(value: Any) -> Any:
    return value.pk if isinstance(value, models.Model) else value


# Rows read at the most, empty ones included (data rows are limited by MAX_ROWS).
MAX_SHEET_ROWS = 2 * MAX_ROWS + 1


def read_sheet(content: bytes, *, max_columns: int) -> list[tuple[int, tuple[Any, ...]]]:
    """The first worksheet's rows (Excel row number, cell values) of a real .xlsx file.

    Reads at most ``max_columns`` columns and a bounded number of rows, empty ones counted:
    a few kilobytes can declare a sheet of a million rows and 16,384 columns.
    """
    if not content:
        raise ValidationError(_("上传的文件是空的。"))
    if len(content) > MAX_BYTES:
        raise ValidationError(too_big_message())
    if content[:4] == OLE_SIGNATURE:
        raise ValidationError(
            _(
                "这是旧版Excel（.xls）文件或设置了密码的文件：请在Excel中取消密码，"
                "另存为“Excel工作簿（*.xlsx）”后再上传。"
            )
        )
    if content[:4] != ZIP_SIGNATURE:
        raise ValidationError(NOT_XLSX)
    try:
        with zipfile.ZipFile(BytesIO(content)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
                raise ValidationError(_("文件内容异常（解压后过大），无法读取。"))
        workbook = load_workbook(BytesIO(content), read_only=True, data_only=True)
    except ValidationError:
        raise
    except Exception:
        raise ValidationError(NOT_XLSX) from None
    try:
        if not workbook.worksheets:
            raise ValidationError(_("文件中没有工作表。"))
        rows: list[tuple[int, tuple[Any, ...]]] = []
        data_rows = 0
        sheet = workbook.worksheets[0].iter_rows(max_col=max_columns, values_only=True)
        for number, values in enumerate(sheet, 1):
            if number > MAX_SHEET_ROWS:
                raise ValidationError(
                    _("文件中的行数（含空行）超过%(rows)s行，请删除多余的空行或拆分为多个文件。")
                    % {"rows": MAX_SHEET_ROWS}
                )
            if number > 1 and any(cell_text(v) for v in values):
                data_rows += 1
                if data_rows > MAX_ROWS:
                    raise ValidationError(
                        _("文件超过%(rows)s行数据，请拆分为多个文件分批导入。") % {"rows": MAX_ROWS}
                    )
            rows.append((number, tuple(values)))
    except ValidationError:
        raise
    except Exception:
        raise ValidationError(NOT_XLSX) from None
    finally:
        workbook.close()
    if not any(cell_text(v) for _, values in rows for v in values):
        raise ValidationError(_("文件是空的：第1行应为列名，从第2行起每行填写一条记录。"))
    return rows
