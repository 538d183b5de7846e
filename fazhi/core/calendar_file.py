"""A year's holiday arrangement read from a small file, as the State Council publishes it
(国务院办公厅关于YYYY年部分节假日安排的通知): its holidays (放假) and make-up working days
(调休上班).

The file is a CSV or Excel sheet with the columns 日期, 类型 (放假/上班), 名称, or plain text with
one date a line followed by its type and name (``2027-02-06 放假 春节``). Reading never writes:
it gives every line's date, weekday, kind and name, and every error by line, so the
administrator sees the whole arrangement before ``calendar_year_load`` writes it.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core.formats import cn_date
from fazhi.core.imports.cells import CellError, Date, ParseContext, cell_text
from fazhi.core.imports.importer import read_sheet
from fazhi.core.models import CalendarDay

# A year has a few dozen such dates; a file far larger is not an arrangement.
MAX_BYTES = 64 * 1024
MAX_LINES = 200

KINDS = {
    "放假": CalendarDay.Kind.HOLIDAY,
    "休息": CalendarDay.Kind.HOLIDAY,
    "休": CalendarDay.Kind.HOLIDAY,
    "上班": CalendarDay.Kind.WORKDAY,
    "调休上班": CalendarDay.Kind.WORKDAY,
    "班": CalendarDay.Kind.WORKDAY,
}
KIND_LABELS = {
    CalendarDay.Kind.HOLIDAY: gettext_lazy("放假"),
    CalendarDay.Kind.WORKDAY: gettext_lazy("上班"),
}
WEEKDAYS = "一二三四五六日"
HEADER = ("日期", "类型", "名称")
NAME_MAX: int = CalendarDay._meta.get_field("name").max_length or 30

# A line: the date, then its type, then the name, separated by commas or tabs (CSV), or by
# spaces (plain text).
_CELL_SEPARATOR = re.compile(r"[,，\t]")
_SPACES = re.compile(r"[ \u3000]+")


@dataclass(frozen=True)
class ArrangementDay:
    """One line of the file as read: a date of the arrangement."""

    line: int
    day: date
    kind: str
    name: str

    @property
    def weekday(self) -> str:
        return _("星期%(day)s") % {"day": WEEKDAYS[self.day.weekday()]}

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[CalendarDay.Kind(self.kind)])

    @property
    def date_label(self) -> str:
        return cn_date(self.day)


@dataclass
class Arrangement:
    """The file's dates of ``year`` and its errors, each naming its line."""

    year: int
    days: list[ArrangementDay] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def as_text(self) -> str:
        """The dates as plain text, one a line: what the confirmation posts back."""
        return "\n".join(
            f"{d.day.isoformat()},{KIND_LABELS[CalendarDay.Kind(d.kind)]},{d.name}"
            for d in self.days
        )


def read_arrangement(content: bytes, *, year: int, filename: str = "") -> Arrangement:
    """The arrangement of ``year`` in ``content`` (CSV, Excel or plain text), errors listed.

    Raises ``ValidationError`` only when the file cannot be read at all.
    """
    if not content.strip():
        raise ValidationError(_("上传的文件是空的。"))
    if len(content) > MAX_BYTES:
        raise ValidationError(
            _("文件过大：一年的节假日安排不超过%(kb)sKB。") % {"kb": MAX_BYTES // 1024}
        )
    if content[:4] == b"PK\x03\x04" or filename.lower().endswith((".xlsx", ".xls")):
        rows = [list(values) for _number, values in read_sheet(content, max_columns=3)]
    else:
        rows = _text_rows(content)
    return _arrangement(rows, year)


def _text_rows(content: bytes) -> list[list[Any]]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes every byte string
        raise ValidationError(_("无法识别文件的编码，请保存为UTF-8编码的CSV或文本文件。"))
    return [_split_line(line) for line in text.splitlines()]


def _split_line(line: str) -> list[str]:
    # Each line on its own: a CSV line by commas or tabs, a plain text line by spaces.
    line = line.strip()
    cells = _CELL_SEPARATOR.split(line) if _CELL_SEPARATOR.search(line) else _SPACES.split(line, 2)
    return [cell.strip().strip('"').strip() for cell in cells]


def _arrangement(rows: list[list[Any]], year: int) -> Arrangement:
    result = Arrangement(year=year)
    if rows and [cell_text(v) for v in rows[0][:3]][:1] == [HEADER[0]]:
        rows, first_line = rows[1:], 2
    else:
        first_line = 1
    seen: dict[date, int] = {}
    parser, ctx = Date(), ParseContext(user=None)
    data = [(n, row) for n, row in enumerate(rows, first_line) if any(cell_text(v) for v in row)]
    if len(data) > MAX_LINES:
        raise ValidationError(
            _("文件中的日期超过%(n)s行，不是一年的节假日安排。") % {"n": MAX_LINES}
        )
    for line, row in data:
        cells = [*row, None, None, None][:3]
        raw_day, raw_kind, raw_name = cells
        errors = []
        try:
            day = parser.parse(raw_day, ctx)
        except CellError:
            day = None
            errors.append(
                _("日期“%(text)s”有误，请写作%(year)s-02-06这样的日期。")
                % {"text": cell_text(raw_day), "year": year}
            )
        kind = KINDS.get(cell_text(raw_kind).replace(" ", ""))
        if kind is None:
            errors.append(
                _("类型“%(text)s”无法识别，请填写“放假”或“上班”。") % {"text": cell_text(raw_kind)}
            )
        name = cell_text(raw_name)
        if not name:
            errors.append(_("缺少节日名称，例如：春节。"))
        elif len(name) > NAME_MAX:
            errors.append(_("节日名称不能超过%(n)s个字。") % {"n": NAME_MAX})
        if day is not None:
            if day.year != year:
                errors.append(
                    _("%(date)s不在%(year)s年内。") % {"date": cn_date(day), "year": year}
                )
            elif day in seen:
                errors.append(
                    _("%(date)s与第%(line)s行重复。") % {"date": cn_date(day), "line": seen[day]}
                )
            elif kind == CalendarDay.Kind.WORKDAY and day.weekday() < 5:
                errors.append(
                    _("%(date)s是星期%(weekday)s，本来就是工作日，不能作为调休上班日。")
                    % {"date": cn_date(day), "weekday": WEEKDAYS[day.weekday()]}
                )
            seen.setdefault(day, line)
        if errors:
            result.errors.extend(
                _("第%(line)s行：%(error)s") % {"line": line, "error": e} for e in errors
            )
        elif day is not None and kind is not None:
            result.days.append(ArrangementDay(line, day, kind, name))
    if not data:
        result.errors.append(_("文件中没有日期。"))
    elif not any(d.kind == CalendarDay.Kind.HOLIDAY for d in result.days) and not result.errors:
        result.errors.append(_("文件中没有放假的日期，不是一年的节假日安排。"))
    result.days.sort(key=lambda d: d.day)
    return result


def sample_csv(year: int) -> bytes:
    """The template: ``year``'s arrangement as the holiday package has it, in the file's form."""
    from fazhi.core.workdays import package_special_days

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for info in package_special_days(year):
        writer.writerow([info.day.isoformat(), "上班" if info.workday else "放假", info.name])
    # With a BOM, so Excel opens the Chinese columns as UTF-8.
    return out.getvalue().encode("utf-8-sig")
