"""Reads of the statistics pages: every figure grouped as the report reads, with its value a year
earlier, the records behind one figure laid out as a table, and the annual reports of a street."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.db import models
from django.db.models import QuerySet
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from fazhi.core import stats
from fazhi.core.access import get_for_user
from fazhi.core.charts import figure_text
from fazhi.core.display import display_value, field_label
from fazhi.core.links import records_url
from fazhi.reports.models import AnnualReport

if TYPE_CHECKING:
    from fazhi.org.models import Street

Number = stats.Number


# --- the statistics page ---------------------------------------------------------------------------


@dataclass(frozen=True)
class YearOnYear:
    """同比: the change from the same days one year earlier."""

    change: Number
    # The change as a percentage of the earlier value; None where that is 0, and for a
    # percentage (whose change is already in percentage points).
    percent: float | None
    points: bool

    @classmethod
    def of(cls, value: Number, earlier: Number, *, ratio: bool = False) -> YearOnYear:
        change: Number = value - earlier
        if isinstance(change, float):
            change = round(change, 2)
        percent = None
        if not ratio and earlier:
            percent = round(100 * (value - earlier) / earlier, 1)
        return cls(change=change, percent=percent, points=ratio)

    def __str__(self) -> str:
        if self.change > 0:
            text = f"+{figure_text(self.change)}"
        elif self.change < 0:
            text = f"-{figure_text(-self.change)}"
        else:
            text = "0"
        if self.points:
            return _("%(change)s个百分点") % {"change": text}
        if self.percent is not None and self.change:
            return _("%(change)s（%(percent)s）") % {
                "change": text,
                "percent": f"{self.percent:+,.1f}%",
            }
        return text


@dataclass(frozen=True)
class FigureRow:
    """One figure of the statistics page."""

    stat: stats.Statistic
    value: Number
    earlier: Number
    url: str

    @property
    def year_on_year(self) -> YearOnYear:
        return YearOnYear.of(self.value, self.earlier, ratio=self.stat.percentage)


@dataclass
class WorkArea:
    """The figures counted over one kind of record (巡查记录, 执法案件, 人民调解 …)."""

    label: str
    rows: list[FigureRow] = field(default_factory=list)


@dataclass
class ChapterFigures:
    """The figures of one chapter of the report, by work area."""

    key: str
    label: str
    areas: list[WorkArea] = field(default_factory=list)

    @property
    def rows(self) -> list[FigureRow]:
        return [row for area in self.areas for row in area.rows]


def work_area(stat: stats.Statistic) -> str:
    """The kind of record the figure counts (a ratio: its denominator's), as a heading."""
    records = stat.basis().records
    assert records is not None
    return records.label()


def chapter_label(key: str) -> str:
    return str(stats.Chapter(key).label) if key in stats.Chapter.values else key


def statistics_table(street: Street, period: stats.Period) -> list[ChapterFigures]:
    """Every registered figure of ``street`` over ``period`` and the same days a year earlier
    (two statements), in the report's chapters (``stats.Chapter`` order) and inside a chapter by
    work area — areas in the order their record types are declared, which follows the work
    (patrol, report, case, review, publication), figures by key."""
    values = stats.compute(street, period)
    earlier = stats.compute(street, period.year_earlier())
    chapter_order = {key: n for n, key in enumerate(stats.Chapter.values)}
    model_order = {model: n for n, model in enumerate(apps.get_models())}

    def area_order(stat: stats.Statistic) -> tuple[int, str]:
        records = stat.basis().records
        assert records is not None
        return model_order.get(records.model, len(model_order)), stat.key

    chapters: dict[str, ChapterFigures] = {}
    for stat in sorted(stats.registered(), key=area_order):
        chapter = chapters.get(stat.chapter)
        if chapter is None:
            chapter = chapters[stat.chapter] = ChapterFigures(
                stat.chapter, chapter_label(stat.chapter)
            )
        label = work_area(stat)
        area = next((a for a in chapter.areas if a.label == label), None)
        if area is None:
            area = WorkArea(label)
            chapter.areas.append(area)
        area.rows.append(
            FigureRow(
                stat=stat,
                value=values[stat.key],
                earlier=earlier[stat.key],
                url=records_url(stat.key, period),
            )
        )
    return sorted(
        chapters.values(), key=lambda c: (chapter_order.get(c.key, len(chapter_order)), c.key)
    )


# --- the records behind a figure ----------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """A column of the records table: a heading and how to read it from a record."""

    label: str
    value: Callable[[Any], Any]
    numeric: bool = False


def _attribute(obj: Any, path: str) -> Any:
    for part in path.split("__"):
        obj = getattr(obj, part, None)
    return obj


def _reader(name: str) -> Callable[[Any], Any]:
    """A column's reader: the record's value of ``name`` as the page shows it."""
    return lambda obj: display_value(obj, name)


def _fetch_plan(model: type[models.Model], columns: Sequence[str]) -> tuple[list[str], list[str]]:
    """The relations to join (every forward one, which a record's name may read, and those of a
    related record shown as a column) and the many-to-many columns to prefetch: a page of
    records costs the same few queries whatever its length."""
    select: list[str] = []
    prefetch: list[str] = []
    for f in model._meta.concrete_fields:
        if f.is_relation and (f.many_to_one or f.one_to_one):
            select.append(f.name)
    for name in columns:
        try:
            column: Any = model._meta.get_field(name)
        except Exception:
            continue
        if column.many_to_many:
            prefetch.append(name)
        elif (
            column.is_relation
            and (column.many_to_one or column.one_to_one)
            and column.related_model
        ):
            related: Any = column.related_model
            select.extend(
                f"{name}__{sub.name}"
                for sub in related._meta.concrete_fields
                if sub.is_relation and (sub.many_to_one or sub.one_to_one)
            )
    return select, prefetch


@dataclass
class FigureRecords:
    """The records behind a figure (or one bar of its breakdown) as ``user`` may see them."""

    stat: stats.Statistic
    queryset: QuerySet[Any]
    columns: list[Column]
    # What the records add up to: their number, or the sum of the figure's field.
    total: Number

    @property
    def model(self) -> type[models.Model]:
        return self.queryset.model

    def rows(self, objects: Any) -> list[tuple[Any, list[Any]]]:
        return [(obj, [c.value(obj) for c in self.columns]) for obj in objects]


def figure_records(
    stat: stats.Statistic,
    street: Street,
    period: stats.Period,
    user: Any,
    *,
    by: str | None = None,
    value: str | None = None,
) -> FigureRecords:
    """The records behind ``stat`` (a ratio: its denominator's), sliced to one bar when ``by``
    and ``value`` are given, with the columns the figure's record set lists — and the one it
    adds up, or for a ratio whether each record counts in the numerator. Raises
    ``ValidationError`` or ``ValueError`` for a breakdown value that names nothing."""
    basis = stat.basis()
    assert basis.records is not None
    queryset = stats.records(stat, street, period, user, by=by, value=value)
    total = stats.records_total(stat, queryset)
    model = queryset.model
    lists_the_set = model is basis.records.model
    names = list(basis.records.columns) if lists_the_set else []
    columns = [Column(field_label(model, name), _reader(name)) for name in names]
    aggregate = basis.aggregate
    if isinstance(aggregate, stats.Sum) and aggregate.field not in names:
        columns.append(
            Column(
                field_label(model, aggregate.field),
                lambda obj: _attribute(obj, aggregate.field),
                numeric=True,
            )
        )
    if isinstance(aggregate, stats.SumLatest):
        columns.append(
            Column(
                field_label(aggregate.model, aggregate.value),
                lambda obj: getattr(obj, aggregate.alias) or 0,
                numeric=True,
            )
        )
    if isinstance(stat.aggregate, stats.Ratio):
        numerator = stats.get(stat.aggregate.numerator)
        if numerator.records is not None and numerator.records.model is model:
            queryset = queryset.annotate(
                counts_in_numerator=models.Case(
                    models.When(numerator.condition(period), then=models.Value(True)),
                    default=models.Value(False),
                    output_field=models.BooleanField(),
                )
            )
            columns.append(
                Column(
                    _("计入“%(label)s”") % {"label": numerator.label},
                    lambda obj: _("是") if obj.counts_in_numerator else _("否"),
                )
            )
    select, prefetch = _fetch_plan(model, names)
    queryset = queryset.select_related(*select).prefetch_related(*prefetch)
    queryset = queryset.order_by(*model._meta.ordering, "pk")
    return FigureRecords(stat=stat, queryset=queryset, columns=columns, total=total)


def record_headers(records: FigureRecords) -> list[str]:
    """The table's headings: the record's name (its type), then the columns."""
    return [
        capfirst(str(records.model._meta.verbose_name)),
        *(c.label for c in records.columns),
    ]


@dataclass(frozen=True)
class Part:
    """A ratio's numerator or denominator: the figure, its value and where its records are."""

    stat: stats.Statistic
    value: Number
    url: str


@dataclass(frozen=True)
class BarRow:
    """One bar of a breakdown with the address of its records (for a ratio, the numerator's and
    the denominator's value in the group and the ratio they make)."""

    key: str
    label: str
    value: Number
    url: str
    current: bool
    numerator: Number | None = None
    numerator_url: str = ""
    ratio: float | None = None


@dataclass
class FigureSummary:
    """What the records page says about the figure: its value (in the slice, if one is chosen),
    a ratio's two parts, the chosen breakdown's bars and the slice's name."""

    value: Number
    numerator: Part | None = None
    denominator: Part | None = None
    by_label: str = ""
    bars: list[BarRow] = field(default_factory=list)
    slice_label: str = ""


def figure_summary(
    stat: stats.Statistic,
    street: Street,
    period: stats.Period,
    *,
    by: str | None = None,
    value: str | None = None,
) -> FigureSummary:
    """The figure's value (a ratio: with its two parts), with ``by`` also its breakdown's bars,
    and with ``value`` too the value of that one bar instead of the whole figure: one query
    and one or two grouped ones. ``by`` must be one of ``stat.basis().breakdowns()``."""
    ratio = stat.aggregate if isinstance(stat.aggregate, stats.Ratio) else None
    numerator = stats.get(ratio.numerator) if ratio else None
    basis = stat.basis()
    summary = FigureSummary(value=0)
    if by:
        summary.by_label = str(dict(basis.breakdowns())[by])
        numerator_bars: dict[str, Number] = {}
        if numerator is not None and by in dict(numerator.breakdowns()):
            bars = stats.breakdown(numerator, street, period, by)
            numerator_bars = {b.key: b.value for b in bars}
        for bar in stats.breakdown(basis, street, period, by):
            row = BarRow(
                key=bar.key,
                label=bar.label,
                value=bar.value,
                url=records_url(stat.key, period, by, bar.key),
                current=bar.key == value,
            )
            if ratio is not None and numerator is not None:
                part = numerator_bars.get(bar.key, 0)
                row = replace(
                    row,
                    numerator=part,
                    numerator_url=records_url(numerator.key, period, by, bar.key),
                    ratio=ratio.of({ratio.numerator: part, ratio.denominator: bar.value}),
                )
            summary.bars.append(row)
    if by and value is not None:
        chosen = next((b for b in summary.bars if b.current), None)
        summary.slice_label = chosen.label if chosen else (_("未填写") if value == "" else value)
        whole = chosen.value if chosen else 0
        if ratio is not None and numerator is not None:
            part = chosen.numerator if chosen and chosen.numerator is not None else 0
            summary.value = ratio.of({ratio.numerator: part, ratio.denominator: whole})
            summary.numerator = Part(numerator, part, records_url(numerator.key, period, by, value))
            summary.denominator = Part(basis, whole, records_url(basis.key, period, by, value))
        else:
            summary.value = whole
        return summary
    keys = [stat.key, *([ratio.numerator, ratio.denominator] if ratio else [])]
    values = stats.compute(street, period, keys)
    summary.value = values[stat.key]
    if ratio is not None and numerator is not None:
        summary.numerator = Part(
            numerator, values[numerator.key], records_url(numerator.key, period)
        )
        summary.denominator = Part(basis, values[basis.key], records_url(basis.key, period))
    return summary


# --- the annual reports ---------------------------------------------------------------------------


def annual_report_list(user: Any) -> QuerySet[AnnualReport]:
    """The reports of the user's street, the latest year first."""
    return AnnualReport.objects.for_user(user).order_by("-year")  # type: ignore[no-any-return]


def get_annual_report_for_user(user: Any, pk: Any, write: bool = False) -> AnnualReport:
    return get_for_user(AnnualReport, user, pk, write=write)
