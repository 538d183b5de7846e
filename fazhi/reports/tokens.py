"""Figure tokens: how the report's text cites a figure, bound to its statistic, never typed.

A token is written ``{{fig:KEY}}`` with options after ``|``::

    电话咨询累计{{fig:legal_services.consultations.phone|unit=个}}      → 电话咨询累计210个
    辖区{{fig:org.grids}}网格{{fig:org.grid_workers|approx=10}}专兼职网格员
                                                              → 辖区72个网格260余名专兼职网格员
    发放宣传材料{{fig:outreach.materials_distributed|approx=100}}   → 发放宣传材料百余份
    一月份现场值班累计{{fig:legal_services.duty_shifts_held|from=2020-01-01|to=2020-01-31}}
    共{{fig:org.villages|words}}村居                                → 共十三个村居

``KEY``           a registered statistic (``fazhi stats`` lists them); the number is that
                  figure of the report's street over the report's period.
``exact``         the number and the statistic's unit: 210人次 (the default reading).
``approx=STEP``   rounded down to a multiple of STEP, followed by 余: 263 → 260余名 (STEP 10),
                  755 → 700余人 (STEP 100). From STEP to twice STEP, with STEP 10, 100, 1000 or
                  10000, the leading 1 is written in words: 120 → 百余份, 15 → 十余次. A number
                  below STEP, or a multiple of it, is written exactly (余 would be untrue).
``words``         in Chinese numerals: 120 → 一百二十, 72 → 七十二, 2 → 两个 (whole numbers
                  only); with ``approx`` too: 23 → 二十余次.
``unit=WORD``     the unit word in place of the statistic's (人 for 名, 个 for 人次, 条 for 份);
                  ``unit=`` writes the number alone.
``from=DATE``     the figure over its own period (YYYY-MM-DD), inside the report's period:
``to=DATE``       ``from`` defaults to the report's first day and ``to`` to its last, so
                  ``from=2020-06-01`` reads "June to date". The figure links to the records of
                  exactly that period.

The module parses and checks tokens and turns them into text; it reads no records. The values
come from ``stats.compute``, one statement per distinct period of a report's tokens
(``fazhi.reports.document.report_figures``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from fazhi.core import stats
from fazhi.core.language import product_language
from fazhi.core.stats import Number, Period

OPEN = "{{fig:"
CLOSE = "}}"
_TOKEN = re.compile(r"\{\{fig:(?P<body>[^{}]*)\}\}")

EXACT, APPROX, WORDS = "exact", "approx", "words"
_OPTIONS = ("exact", "approx", "words", "unit", "from", "to")


@dataclass(frozen=True)
class FigureToken:
    """One token of a text: the statistic it cites, how to read it, over which days."""

    source: str
    key: str
    step: int | None = None
    words: bool = False
    # None: the statistic's own unit; "": no unit.
    unit: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None

    def period(self, report: Period) -> Period:
        """The days the figure counts: its own, or the report's."""
        return Period(self.start or report.start, self.end or report.end)


@dataclass(frozen=True)
class TokenProblem:
    """What is wrong with one token (or with text that looks like one)."""

    source: str
    message: str

    def __str__(self) -> str:
        return _("数字标记“%(token)s”：%(message)s") % {
            "token": self.source,
            "message": self.message,
        }


def _parse_body(source: str, body: str) -> FigureToken | TokenProblem:
    key, *options = body.split("|")
    key = key.strip()
    if not key:
        return TokenProblem(source, _("缺少统计指标的键名。"))
    step: int | None = None
    words = exact = False
    unit: str | None = None
    dates: dict[str, dt.date] = {}
    for option in options:
        name, has_value, value = option.partition("=")
        name = name.strip()
        if name not in _OPTIONS or (has_value and name in (EXACT, WORDS)):
            return TokenProblem(
                source,
                _("“%(option)s”不是可用的写法，可用：%(choices)s。")
                % {
                    "option": option,
                    "choices": "exact、approx=步长、words、unit=单位、from=日期、to=日期",
                },
            )
        if name == EXACT:
            exact = True
        elif name == WORDS:
            words = True
        elif name == APPROX:
            if not value.strip().isdigit() or int(value) <= 0:
                return TokenProblem(
                    source, _("约数的步长须为正整数，例如 approx=10 或 approx=100。")
                )
            step = int(value)
        elif name == "unit":
            unit = value.strip()
        else:
            try:
                dates[name] = dt.date.fromisoformat(value.strip())
            except ValueError:
                return TokenProblem(
                    source,
                    _("日期“%(value)s”格式不正确，应为 YYYY-MM-DD，例如 2020-01-31。")
                    % {"value": value},
                )
    if exact and step is not None:
        return TokenProblem(source, _("exact（准确数）与 approx（约数）不能同时使用。"))
    return FigureToken(
        source=source,
        key=key,
        step=step,
        words=words,
        unit=unit,
        start=dates.get("from"),
        end=dates.get("to"),
    )


def scan(text: str) -> list[FigureToken | TokenProblem]:
    """Every token of ``text`` in order, or the problem of each malformed one (an opening
    ``{{fig:`` without its ``}}``)."""
    found: list[FigureToken | TokenProblem] = []
    position = 0
    while True:
        opening = text.find(OPEN, position)
        if opening < 0:
            return found
        match = _TOKEN.match(text, opening)
        if match is None:
            # The token as far as it goes: to the next token, the line's end, or 40 characters.
            following = text.find("{{", opening + len(OPEN))
            stop = opening + 40 if following < 0 else min(following, opening + 40)
            fragment = text[opening:stop].splitlines()[0]
            found.append(TokenProblem(fragment, _("缺少结尾的“}}”。")))
            position = opening + len(OPEN)
            continue
        found.append(_parse_body(match.group(0), match.group("body")))
        position = match.end()


def tokens(text: str) -> list[FigureToken]:
    """The well-formed tokens of ``text``."""
    return [t for t in scan(text) if isinstance(t, FigureToken)]


def _whole(stat: stats.Statistic) -> bool:
    """Whether the figure is always a whole number (a count, or a sum of whole numbers)."""
    aggregate = stat.aggregate
    if isinstance(aggregate, stats.Ratio):
        return False
    return not (isinstance(aggregate, stats.Sum) and aggregate.decimal)


def problems(text: str, report: Period) -> list[TokenProblem]:
    """Everything wrong with the tokens of ``text`` for a report over ``report``: malformed
    tokens, unknown statistics, readings the figure cannot take, periods outside the report's."""
    found: list[TokenProblem] = []
    for item in scan(text):
        if isinstance(item, TokenProblem):
            found.append(item)
            continue
        try:
            stat = stats.get(item.key)
        except ValidationError:
            found.append(
                TokenProblem(
                    item.source,
                    _("没有名为“%(key)s”的统计指标（可用 fazhi stats 或统计指标页查看键名）。")
                    % {"key": item.key},
                )
            )
            continue
        if (item.words or item.step) and not _whole(stat):
            found.append(
                TokenProblem(
                    item.source,
                    _("“%(label)s”不是整数，不能写成约数或汉字数字。") % {"label": stat.label},
                )
            )
        start, end = item.start or report.start, item.end or report.end
        if not (report.start <= start <= report.end and report.start <= end <= report.end):
            found.append(
                TokenProblem(
                    item.source,
                    _("数字的统计期间须在报告的统计期间（%(period)s）之内。") % {"period": report},
                )
            )
        elif start > end:
            found.append(TokenProblem(item.source, _("开始日期不能晚于结束日期。")))
    return found


def check(texts: Iterable[str], report: Period) -> None:
    """Raise one ``ValidationError`` listing every problem of the tokens in ``texts``."""
    found = [str(p) for text in texts for p in problems(text, report)]
    if found:
        raise ValidationError(found)


# --- readings ------------------------------------------------------------------------------------

_DIGITS = "零一二三四五六七八九"
_SMALL_UNITS = ("", "十", "百", "千")
_LARGE_UNITS = ("", "万", "亿", "万亿")
_LEADING_ONE = {10: "十", 100: "百", 1000: "千", 10000: "万"}


def _below_10000(n: int) -> str:
    text = ""
    zero = False
    for power in range(3, -1, -1):
        digit = n // 10**power % 10
        if digit == 0:
            zero = bool(text)
            continue
        if zero:
            text += "零"
            zero = False
        text += _DIGITS[digit] + _SMALL_UNITS[power]
    return text


def in_words(n: int) -> str:
    """A whole number in Chinese numerals: 72 → 七十二, 120 → 一百二十, 105 → 一百零五,
    12 → 十二, 20300 → 二万零三百."""
    if n < 0:
        return "负" + in_words(-n)
    if n == 0:
        return "零"
    groups: list[int] = []
    while n:
        groups.append(n % 10000)
        n //= 10000
    text = ""
    zero = False
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            zero = bool(text)
            continue
        if text and (zero or group < 1000):
            text += "零"
        zero = False
        text += _below_10000(group) + _LARGE_UNITS[index]
    # 一十二 → 十二 at the head of the number, as it is read.
    return text[1:] if text.startswith("一十") else text


def digits(value: Number) -> str:
    """A figure in digits as a document writes it: 210, 87.5, 266000 (no separators)."""
    if isinstance(value, float) and not value.is_integer():
        return f"{Decimal(str(value)).normalize():f}"
    return str(int(value))


def reading(token: FigureToken, value: Number, unit: str) -> str:
    """The figure as the text reads it, with its unit word (the token's or ``unit``)."""
    word = unit if token.unit is None else token.unit
    whole = isinstance(value, int) or float(value).is_integer()
    if token.step and whole:
        n, step = int(value), token.step
        floor = n // step * step
        if n > step and n % step:
            if floor == step and step in _LEADING_ONE:
                return f"{_LEADING_ONE[step]}余{word}"
            number = in_words(floor) if token.words else str(floor)
            return f"{number}余{word}"
    if token.words and whole:
        # Two of a thing is 两 before its measure word (两个网格), 二 standing alone.
        number = "两" if int(value) == 2 and word else in_words(int(value))
        return f"{number}{word}"
    return f"{digits(value)}{word}"


# --- rendering -----------------------------------------------------------------------------------

# A figure's value by (key, period).
Values = Mapping[tuple[str, Period], Number]


@dataclass(frozen=True)
class RenderedFigure:
    """One token with its value and reading, for the HTML and for a version's frozen copy."""

    token: FigureToken
    period: Period
    value: Number
    text: str
    unit: str


def resolve(token: FigureToken, report: Period, values: Values) -> RenderedFigure:
    period = token.period(report)
    stat = stats.get(token.key)
    value = values[(token.key, period)]
    with product_language():
        unit = str(stat.unit)
        text = reading(token, value, unit)
    return RenderedFigure(token, period, value, text, unit if token.unit is None else token.unit)


def _render(
    text: str,
    report: Period,
    values: Values,
    figure: Callable[[RenderedFigure], str],
    plain: Callable[[str], str],
    unreadable: Callable[[str], str],
) -> str:
    parts: list[str] = []
    position = 0
    for match in _TOKEN.finditer(text):
        parts.append(plain(text[position : match.start()]))
        item = _parse_body(match.group(0), match.group("body"))
        rendered: RenderedFigure | None = None
        if isinstance(item, FigureToken):
            try:
                if (item.key, item.period(report)) in values:
                    rendered = resolve(item, report, values)
            except ValidationError:  # a period ending before it starts
                rendered = None
        # A token that cannot be read (``problems`` says why) is left as written.
        parts.append(unreadable(match.group(0)) if rendered is None else figure(rendered))
        position = match.end()
    parts.append(plain(text[position:]))
    return "".join(parts)


def render_text(text: str, report: Period, values: Values) -> str:
    """``text`` with every token replaced by its reading, for export."""
    return _render(text, report, values, lambda f: f.text, lambda s: s, lambda s: s)


def render_markup(
    text: str, report: Period, values: Values, figure: Callable[[RenderedFigure], str]
) -> SafeString:
    """``text`` escaped, each figure written as ``figure`` writes it (HTML it escapes itself);
    a token that cannot be read is marked."""

    def unreadable(source: str) -> str:
        return str(format_html('<mark class="report-figure-error">{}</mark>', source))

    return mark_safe(
        _render(text, report, values, figure, lambda s: str(format_html("{}", s)), unreadable)
    )


def render_html(
    text: str, report: Period, values: Values, url: Callable[[str, Period], str]
) -> SafeString:
    """``text`` escaped, each figure a link to its records (``url(key, period)``) carrying
    its key, period, value and unit as data attributes; a token that cannot be read is marked."""

    def figure(f: RenderedFigure) -> str:
        return str(
            format_html(
                '<a class="report-figure" href="{}" data-key="{}" data-start="{}" '
                'data-end="{}" data-value="{}" data-unit="{}">{}</a>',
                url(f.token.key, f.period),
                f.token.key,
                f.period.start.isoformat(),
                f.period.end.isoformat(),
                digits(f.value),
                f.unit,
                f.text,
            )
        )

    return render_markup(text, report, values, figure)
