"""The dashboard (工作台): charts of the figures, each declared by the app that owns its records,
and the street's grid map.

An app declares its charts in its own ``dashboard.py`` (found like ``statistics.py``)::

    dashboard_chart(
        "cases-by-month",
        title=_("发现违法行为（按月）"),
        kind="bar",
        series=[("enforcement.cases_found", "month", _("发现违法行为"))],
        perm="enforcement.view_case",
        order=10,
    )
    dashboard_map_layer(
        "cases", stat="enforcement.cases_found", perm="enforcement.view_case", order=10
    )

There is no central list. Each series is one ``stats.breakdown`` of a figure (``by`` is "month",
"village", "grid" or a dimension of its record set), so a bar is the figure's number within that
group and links to the records behind it (``by``/``value`` on the figure's records page). A chart
shows to whoever may read the figures (``org.view_statistics``) and its record type (``perm``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.module_loading import autodiscover_modules
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from fazhi.core import stats
from fazhi.core.charts import Chart, ChartKind, ChartSeries, feature_collection
from fazhi.core.links import records_url

if TYPE_CHECKING:
    from fazhi.org.models import Street

STATISTICS_PERM = "org.view_statistics"
MAP_KEY = "grid-map"
_KEY = re.compile(r"^[a-z][a-z0-9-]{0,40}$")
_CHART_KINDS: tuple[ChartKind, ...] = ("bar", "stacked_bar", "line", "pie")


@dataclass(frozen=True)
class SeriesSpec:
    """One series of a chart: the figure ``stat`` broken down ``by``, named ``name``."""

    stat: str
    by: str
    name: Any


@dataclass(frozen=True)
class DashboardChart:
    """A chart of the dashboard, as its app declared it."""

    key: str
    title: Any
    kind: ChartKind
    series: tuple[SeriesSpec, ...]
    perm: str
    order: int
    unit: Any
    category_label: Any

    @property
    def by(self) -> str:
        return self.series[0].by

    @property
    def chapter(self) -> str:
        """The report's chapter of the chart's first figure (the dashboard groups by it)."""
        return stats.get(self.series[0].stat).chapter

    def visible_to(self, user: Any) -> bool:
        return bool(user.has_perm(STATISTICS_PERM) and user.has_perm(self.perm))


@dataclass(frozen=True)
class MapLayer:
    """A figure the grid map may be coloured by (``?map=<key>``)."""

    key: str
    stat: str
    label: Any
    perm: str
    order: int

    def visible_to(self, user: Any) -> bool:
        return bool(user.has_perm(STATISTICS_PERM) and user.has_perm(self.perm))


_charts: dict[str, DashboardChart] = {}
_layers: dict[str, MapLayer] = {}


def _figure(key: str, by: str | None = None) -> stats.Statistic:
    """The registered figure ``key``, checked to offer the breakdown ``by``."""
    try:
        stat = stats.get(key)
    except ValidationError as exc:
        raise ValueError(f"dashboard: no statistic {key!r}") from exc
    if stat.derived:
        raise ValueError(f"dashboard: {key!r} is a ratio and cannot be broken down")
    if by is not None and by not in dict(stat.breakdowns()):
        raise ValueError(f"dashboard: {key!r} cannot be broken down by {by!r}")
    return stat


def dashboard_chart(
    key: str,
    *,
    title: Any,
    kind: ChartKind,
    series: Sequence[tuple[str, str, Any]],
    perm: str,
    order: int = 100,
    unit: Any = None,
    category_label: Any = None,
) -> DashboardChart:
    """Register the chart ``key``: ``series`` are (figure key, breakdown, series name), all by
    the same breakdown; ``unit`` defaults to the figures' common unit."""
    if not _KEY.match(key) or key == MAP_KEY:
        raise ValueError(f"dashboard chart key {key!r}: lowercase letters, digits and - only")
    if kind not in _CHART_KINDS:
        raise ValueError(f"dashboard chart {key}: kind {kind!r} is not one of {_CHART_KINDS}")
    if not series or (kind == "pie" and len(series) != 1):
        raise ValueError(f"dashboard chart {key}: a {kind} chart needs one series")
    specs = tuple(SeriesSpec(stat, by, name) for stat, by, name in series)
    if len({s.by for s in specs}) != 1:
        raise ValueError(f"dashboard chart {key}: every series must use the same breakdown")
    for s in specs:
        _figure(s.stat, s.by)
    if key in _charts:
        raise ValueError(f"dashboard chart {key!r} is registered twice")
    chart = DashboardChart(key, title, kind, specs, perm, order, unit, category_label)
    _charts[key] = chart
    return chart


def dashboard_map_layer(
    key: str, *, stat: str, perm: str, label: Any = None, order: int = 100
) -> MapLayer:
    """Register ``stat`` (which must break down by grid) as a colouring of the grid map."""
    if not _KEY.match(key):
        raise ValueError(f"dashboard map layer key {key!r}: lowercase letters, digits and - only")
    figure = _figure(stat, stats.BY_GRID)
    if key in _layers:
        raise ValueError(f"dashboard map layer {key!r} is registered twice")
    layer = MapLayer(key, stat, label if label is not None else figure.label, perm, order)
    _layers[key] = layer
    return layer


def _load() -> None:
    autodiscover_modules("dashboard")


def _chapter_order(chapter: str) -> int:
    values = list(stats.Chapter.values)
    return values.index(chapter) if chapter in values else len(values)


def charts_for(user: Any) -> list[DashboardChart]:
    """The charts ``user`` may see, by the report's chapters, then as declared."""
    _load()
    visible = [c for c in _charts.values() if c.visible_to(user)]
    return sorted(visible, key=lambda c: (_chapter_order(c.chapter), c.order, c.key))


def chart_for(user: Any, key: str) -> DashboardChart | None:
    """The chart ``key`` if ``user`` may see it."""
    _load()
    chart = _charts.get(key)
    return chart if chart is not None and chart.visible_to(user) else None


def map_layers_for(user: Any) -> list[MapLayer]:
    """The figures ``user`` may colour the grid map by, the first being the default."""
    _load()
    visible = [layer for layer in _layers.values() if layer.visible_to(user)]
    return sorted(visible, key=lambda layer: (layer.order, layer.key))


def chapter_label(chapter: str) -> str:
    return str(stats.Chapter(chapter).label) if chapter in stats.Chapter.values else chapter


# --- links -----------------------------------------------------------------------------------------


# --- building the charts ---------------------------------------------------------------------------

_CATEGORY_LABELS = {
    stats.BY_MONTH: lambda: _("月份"),
    stats.BY_VILLAGE: lambda: _("村（社区）"),
    stats.BY_GRID: lambda: _("网格"),
}


def _months(period: stats.Period) -> list[tuple[str, str]]:
    """Every month the period touches, as (``Bar.key``, label) the way breakdowns write them."""
    result = []
    year, month = period.start.year, period.start.month
    while (year, month) <= (period.end.year, period.end.month):
        label = _("%(year)d年%(month)d月") % {"year": year, "month": month}
        result.append((f"{year:04d}-{month:02d}", label))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return result


def _category_label(spec: DashboardChart) -> str:
    """The heading of a chart's categories, as a heading reads ("Month", not "month")."""
    if spec.category_label:
        return capfirst(str(spec.category_label))
    default = _CATEGORY_LABELS.get(spec.by)
    if default is not None:
        return capfirst(default())
    return capfirst(str(dict(stats.get(spec.series[0].stat).breakdowns())[spec.by]))


def _unique_labels(categories: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Labels a chart can tell apart: two villages of one name get their ids appended."""
    seen: dict[str, int] = {}
    for _key, label in categories:
        seen[label] = seen.get(label, 0) + 1
    return [(k, f"{label}（{k}）" if seen[label] > 1 else label) for k, label in categories]


def build_chart(
    spec: DashboardChart,
    street: Street,
    period: stats.Period,
    *,
    xlsx_url: str | None = None,
) -> Chart:
    """The chart of ``spec`` for ``street`` over ``period``: one ``stats.breakdown`` per series,
    the series aligned on the union of their groups (every month of the period for a by-month
    chart), each non-zero value linked to its records."""
    figures = [stats.get(s.stat) for s in spec.series]
    bars = [
        stats.breakdown(f, street, period, s.by) for f, s in zip(figures, spec.series, strict=True)
    ]
    if spec.by == stats.BY_MONTH:
        categories = _months(period)
    else:
        labels: dict[str, str] = {}
        totals: dict[str, float] = {}
        for series_bars in bars:
            for bar in series_bars:
                labels.setdefault(bar.key, bar.label)
                totals[bar.key] = totals.get(bar.key, 0) + bar.value
        if len(bars) == 1:
            keys = [bar.key for bar in bars[0]]
        else:
            keys = sorted(labels, key=lambda k: (-totals[k], labels[k]))
        categories = [(k, labels[k]) for k in keys]
    categories = _unique_labels(categories)
    units = {str(f.unit) for f in figures}
    unit = str(spec.unit) if spec.unit is not None else (units.pop() if len(units) == 1 else "")
    series = []
    for figure, series_spec, series_bars in zip(figures, spec.series, bars, strict=True):
        values = {bar.key: bar.value for bar in series_bars}
        name = str(series_spec.name)
        if not unit and figure.unit:
            name = _("%(name)s（%(unit)s）") % {"name": name, "unit": figure.unit}
        series.append(
            ChartSeries(
                name=name,
                values=[values.get(key, 0) for key, _label in categories],
                urls=[
                    records_url(figure.key, period, spec.by, key) if values.get(key) else None
                    for key, _label in categories
                ],
            )
        )
    return Chart(
        key=spec.key,
        title=str(spec.title),
        kind=spec.kind,
        categories=[label for _key, label in categories],
        series=series,
        unit=unit,
        category_label=_category_label(spec),
        xlsx_url=xlsx_url,
    )


# --- the grid map ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class GridFigure:
    """A grid's number on the map's figure, and where its records are listed."""

    code: str
    name: str
    value: stats.Number
    url: str | None


@dataclass
class GridMap:
    """The street's grids coloured by one figure: the map of those with a boundary, the others
    listed, and the records that name no grid."""

    layer: MapLayer
    unit: str
    chart: Chart | None
    without_boundary: list[GridFigure]
    unassigned: GridFigure | None
    grid_count: int


def build_grid_map(
    layer: MapLayer,
    street: Street,
    period: stats.Period,
    *,
    xlsx_url: str | None = None,
) -> GridMap:
    """The grids of ``street`` in force at some time in ``period``, coloured by ``layer``'s
    figure: a region per grid with a stored boundary (named by its code), linked to the grid's
    records; two queries for the grids and one breakdown, whatever their number."""
    from fazhi.org.models import Grid

    figure = stats.get(layer.stat)
    grids = list(
        Grid.objects.filter(street=street, established_on__lte=period.end)
        .filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=period.start))
        .order_by("code")
        .values_list("pk", "code", "name", "boundary")
    )
    values = {bar.key: bar.value for bar in stats.breakdown(figure, street, period, stats.BY_GRID)}

    def grid_figure(pk: int, code: str, name: str) -> GridFigure:
        value = values.get(str(pk), 0)
        url = records_url(figure.key, period, stats.BY_GRID, str(pk)) if value else None
        return GridFigure(code, name, value, url)

    drawn = [(grid_figure(pk, code, name), shape) for pk, code, name, shape in grids if shape]
    chart = None
    if drawn:
        chart = Chart(
            key=MAP_KEY,
            title=_("各网格%(figure)s") % {"figure": layer.label},
            kind="map",
            categories=[g.code for g, _shape in drawn],
            series=[
                ChartSeries(
                    name=str(layer.label),
                    values=[g.value for g, _shape in drawn],
                    urls=[g.url for g, _shape in drawn],
                )
            ],
            unit=str(figure.unit),
            category_label=capfirst(_("网格")),
            xlsx_url=xlsx_url,
            geojson=feature_collection({g.code: shape for g, shape in drawn}),
        )
    unassigned = None
    if values.get(""):
        unassigned = GridFigure(
            "", _("未关联网格"), values[""], records_url(figure.key, period, stats.BY_GRID, "")
        )
    return GridMap(
        layer=layer,
        unit=str(figure.unit),
        chart=chart,
        without_boundary=[
            grid_figure(pk, code, name) for pk, code, name, shape in grids if not shape
        ],
        unassigned=unassigned,
        grid_count=len(grids),
    )
