"""Reading one cell of an uploaded sheet: text, dates, choices, phones, references."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.utils.datetime import from_excel

from fazhi.core.formats import cn_date, cn_datetime
from fazhi.core.language import product_language

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 50_000
# A 20 MB .xlsx that unpacks to more than this is not a spreadsheet someone filled in (50,000
# rows of a consultation log with long questions and answers unpack to about 60 MB).
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
# Rows handed to a service's bulk variant at a time (and the apply's steps of progress).
APPLY_CHUNK = 1000
STAGE_TTL = timedelta(hours=2)

ZIP_SIGNATURE = b"PK\x03\x04"
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0"  # .xls, and .xlsx files saved with a password
NOT_XLSX = gettext_lazy("上传的文件不是Excel（.xlsx）文件，请下载模板填写后上传。")


def too_big_message() -> str:
    return _("文件超过%(mb)s MB，请删除无关内容或拆分为多个文件后导入。") % {
        "mb": MAX_BYTES // (1024 * 1024)
    }


class CellError(Exception):
    """A cell's value cannot be used; the message says what to write instead."""


# --- Cell parsers ------------------------------------------------------------------------------


@dataclass
class ParseContext:
    """Who imports, and lookups loaded once per file rather than once per row."""

    user: Any
    cache: dict[int, Any] = field(default_factory=dict)

    @property
    def street(self) -> Any:
        return self.user.street


def cell_text(value: Any) -> str:
    """A cell as the text a person sees in it: 13812345678, not 13812345678.0."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return cn_date(value) if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return cn_date(value)
    return str(value).replace("\u200b", "").replace("\ufeff", "").strip()


class Text:
    """Free text; the model field's own validators check its length.

    Every cell parser extends it: ``parse`` (raise CellError with what to write instead),
    ``display`` (the value in the preview) and ``allowed`` (the values listed in the template).
    """

    kind: Any = "文字"  # a lazy translation in Reference
    # The template formats the column as text: Excel shows a long number typed into a General
    # cell as 1.38E+10 and keeps only 15 digits of it.
    text_format = False

    def parse(self, value: Any, ctx: ParseContext) -> Any:
        return cell_text(value)

    def display(self, value: Any) -> str:
        return str(value)

    def allowed(self, ctx: ParseContext) -> list[str]:
        return []


class Date(Text):
    """A date written as 2020-09-28, 2020/9/28, 2020年9月28日, 20200928 or an Excel date."""

    kind = "日期，可写作 2020-09-28、2020/9/28 或 2020年9月28日，也可使用Excel日期格式"
    _pattern = re.compile(
        r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
        r"(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$"
    )
    _compact = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
    message = gettext_lazy("请填写日期，例如 2020-09-28、2020/9/28 或 2020年9月28日。")

    def parse(self, value: Any, ctx: ParseContext) -> Any:
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        if isinstance(value, int | float) and not isinstance(value, bool):
            if 1 <= value < 2958466:  # an Excel serial day number (1900-01-01 … 9999-12-31)
                return from_excel(value).date()
            value = cell_text(value)
        text = cell_text(value)
        match = self._pattern.match(text) or self._compact.match(text)
        if match is None:
            raise CellError(self.message)
        year, month, day = (int(part) for part in match.groups())
        try:
            return date(year, month, day)
        except ValueError:
            raise CellError(_("“%(text)s”不是有效的日期。") % {"text": text}) from None

    def display(self, value: Any) -> str:
        return cn_date(value)


class DateTime(Text):
    """A moment written as 2020-09-28 10:30, 2020/9/28 10:30, 2020年9月28日 10:30 or an Excel
    date and time, read in the server's time zone; a date alone is read as its midnight."""

    kind = "日期和时间，可写作 2020-09-28 10:30、2020/9/28 10:30 或 2020年9月28日 10:30"
    _pattern = re.compile(
        r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
        r"(?:\s*[T\s]\s*(\d{1,2})\s*[:：时点]\s*(\d{1,2})\s*分?(?:\s*[:：]\s*(\d{1,2})\s*秒?)?)?$"
    )
    message = gettext_lazy("请填写日期和时间，例如 2020-09-28 10:30 或 2020年9月28日 10:30。")

    def parse(self, value: Any, ctx: ParseContext) -> Any:
        if isinstance(value, datetime):
            naive = value.replace(tzinfo=None) if timezone.is_aware(value) else value
        elif isinstance(value, date):
            naive = datetime.combine(value, time())
        elif (
            isinstance(value, int | float) and not isinstance(value, bool) and 1 <= value < 2958466
        ):
            naive = from_excel(value)
        else:
            text = cell_text(value)
            match = self._pattern.match(text)
            if match is None:
                raise CellError(self.message)
            year, month, day, hour, minute, second = (int(p) if p else 0 for p in match.groups())
            try:
                naive = datetime(year, month, day, hour, minute, second)  # noqa: DTZ001
            except ValueError:
                raise CellError(_("“%(text)s”不是有效的日期和时间。") % {"text": text}) from None
        if not 1900 <= naive.year <= 2100:  # also keeps the time-zone arithmetic in range
            raise CellError(_("日期和时间须在1900年至2100年之间。"))
        # Excel has no time zones: a cell holds the time as the office's clock showed it.
        return timezone.make_aware(naive.replace(microsecond=0))

    def display(self, value: Any) -> str:
        return cn_datetime(value)


class Time(Text):
    """A time of day written as 9:00, 09:30, 14时30分 or an Excel time."""

    kind = "时间，可写作 9:00、14:30 或 14时30分，也可使用Excel时间格式"
    _pattern = re.compile(r"^(\d{1,2})\s*[:：时点]\s*(\d{1,2})?\s*分?(?:\s*[:：]\s*(\d{1,2}))?$")
    message = gettext_lazy("请填写时间，例如 9:00 或 14:30。")

    def parse(self, value: Any, ctx: ParseContext) -> Any:
        if isinstance(value, time):
            return value.replace(second=0, microsecond=0, tzinfo=None)
        if isinstance(value, datetime):
            return value.time().replace(second=0, microsecond=0)
        if isinstance(value, float | int) and not isinstance(value, bool) and 0 <= value < 1:
            # An Excel time is a fraction of a day.
            minutes = round(value * 24 * 60)
            return time(minutes // 60 % 24, minutes % 60)
        text = cell_text(value)
        match = self._pattern.match(text)
        if match is None:
            raise CellError(self.message)
        hour, minute = int(match.group(1)), int(match.group(2) or 0)
        if hour > 23 or minute > 59:
            raise CellError(_("“%(text)s”不是有效的时间。") % {"text": text})
        return time(hour, minute)

    def display(self, value: Any) -> str:
        return f"{value:%H:%M}"


class Integer(Text):
    """A whole number within bounds; a unit written after it (15分钟, 4人) is allowed."""

    def __init__(self, *, min_value: int = 0, max_value: int | None = None, unit: str = "") -> None:
        self.min_value = min_value
        self.max_value = max_value
        self.unit = unit
        self.kind = f"整数（{unit}）" if unit else "整数"

    def parse(self, value: Any, ctx: ParseContext) -> Any:
        if isinstance(value, float) and value.is_integer():
            number = int(value)
        elif isinstance(value, int) and not isinstance(value, bool):
            number = value
        else:
            text = cell_text(value)
            if self.unit and text.endswith(self.unit):
                text = text[: -len(self.unit)].strip()
            if not re.fullmatch(r"[-+]?\d+", text):
                raise CellError(_("请填写整数。"))
            number = int(text)
        if number < self.min_value or (self.max_value is not None and number > self.max_value):
            if self.max_value is None:
                raise CellError(_("不能小于%(min)s。") % {"min": self.min_value})
            raise CellError(
                _("请填写%(min)s至%(max)s之间的整数。")
                % {"min": self.min_value, "max": self.max_value}
            )
        return number


class YesNo(Text):
    """是 or 否 (also 需要 / 不需要, 有 / 无, Y / N, an Excel TRUE / FALSE)."""

    kind = "填写“是”或“否”"
    _yes = {"是", "需要", "有", "y", "yes", "true", "1", "√"}
    _no = {"否", "不需要", "无", "n", "no", "false", "0", "×"}

    def parse(self, value: Any, ctx: ParseContext) -> Any:
        if isinstance(value, bool):
            return value
        text = cell_text(value).lower()
        if text in self._yes:
            return True
        if text in self._no:
            return False
        raise CellError(_("请填写“是”或“否”。"))

    def display(self, value: Any) -> str:
        return _("是") if value else _("否")

    def allowed(self, ctx: ParseContext) -> list[str]:
        return ["是", "否"]


class Choice(Text):
    """One of a fixed list, written as its Chinese label (专职, 兼职)."""

    kind = "从下列值中选填一个"

    def __init__(self, choices: Sequence[tuple[Any, Any]]) -> None:
        # The Chinese labels, whatever language is active: they are what the cells hold.
        with product_language():
            self.by_label = {str(label): value for value, label in choices}
            self.labels = {value: str(label) for value, label in choices}

    def parse(self, value: Any, ctx: ParseContext) -> Any:
        text = cell_text(value)
        if text in self.by_label:
            return self.by_label[text]
        raise CellError(_("请填写以下之一：%(values)s。") % {"values": _("、").join(self.by_label)})

    def display(self, value: Any) -> str:
        return self.labels.get(value, str(value))

    def allowed(self, ctx: ParseContext) -> list[str]:
        return list(self.by_label)


class Phone(Text):
    """A mobile number; spaces and hyphens are dropped, a number cell is read as digits."""

    kind = "11位手机号码"
    text_format = True
    _pattern = re.compile(r"^1[3-9]\d{9}$")

    def parse(self, value: Any, ctx: ParseContext) -> Any:
        text = re.sub(r"[\s\-－]", "", cell_text(value))
        if not self._pattern.match(text):
            raise CellError(_("请输入11位手机号码。"))
        return text


class Reference(Text):
    """A record of the user's own street, named by one of its fields (a name or a code)."""

    def __init__(
        self,
        queryset: Callable[[Any], models.QuerySet[Any]],
        *,
        to_field: str,
        label: Any,
        check: Callable[[Any], str | None] | None = None,
    ) -> None:
        self.queryset = queryset
        self.to_field = to_field
        self.label = label
        self.check = check
        self.kind = format_lazy("本街道已有的{}", label)

    def _lookup(self, ctx: ParseContext) -> dict[str, Any]:
        key = id(self)
        if key not in ctx.cache:
            # for_user() inside ``queryset`` is the data scope: another street's records are
            # simply not there to be found.
            ctx.cache[key] = {
                str(getattr(obj, self.to_field)): obj for obj in self.queryset(ctx.user)
            }
        found: dict[str, Any] = ctx.cache[key]
        return found

    def parse(self, value: Any, ctx: ParseContext) -> Any:
        text = cell_text(value)
        obj = self._lookup(ctx).get(text)
        if obj is None:
            raise CellError(
                _("本街道没有“%(text)s”这个%(label)s。") % {"text": text, "label": self.label}
            )
        problem = self.check(obj) if self.check else None
        if problem:
            raise CellError(problem)
        return obj

    def allowed(self, ctx: ParseContext) -> list[str]:
        return [
            name for name, obj in self._lookup(ctx).items() if not (self.check and self.check(obj))
        ]
