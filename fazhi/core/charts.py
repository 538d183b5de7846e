"""Charts: a figure's breakdown declared once in Python, drawn by the vendored ECharts, shown as a
table beside it and exported to Excel, so the picture, the table and the file cannot disagree.

A page includes ``core/partials/chart.html`` with ``chart=<Chart>``; the partial loads the
scripts (``vendor/echarts/echarts.min.js`` and ``fazhi/charts.js``) once per page.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from django.http import HttpResponse
from django.utils.translation import gettext as _

from fazhi.core.excel import export_rows

ChartKind = Literal["bar", "stacked_bar", "line", "pie", "map"]
KINDS: tuple[ChartKind, ...] = ("bar", "stacked_bar", "line", "pie", "map")

Value = float | int
Cell = tuple[Value, str | None]

# The key becomes part of DOM ids and the name the map is registered under in ECharts.
_KEY = re.compile(r"^[a-z][a-z0-9_-]{0,62}$")
_LOCAL_URL = re.compile(r"/(?![/\\])[^\s\\\x00-\x1f\x7f]*")


@dataclass
class ChartSeries:
    """One named row of figures, a value per category, each with where its records are listed."""

    name: str
    values: list[Value]
    # One address per category (None where there is nothing to open); empty: no links at all.
    urls: list[str | None] = field(default_factory=list)

    def cells(self) -> list[Cell]:
        """Each value with its address (None without one)."""
        urls = self.urls or [None] * len(self.values)
        return list(zip(self.values, urls, strict=True))


@dataclass
class Chart:
    """A chart of one breakdown: categories on the axis (or slices, or regions), series as values.

    Constructing one checks it: every series has a value per category, values are finite
    numbers, addresses stay on this site, and a map's regions are exactly its categories.
    """

    key: str
    title: str
    kind: ChartKind
    categories: list[str]
    series: list[ChartSeries]
    unit: str = ""
    # The heading of the table's first column (村（社区）, 月份 …); 类别 when left empty.
    category_label: str = ""
    xlsx_url: str | None = None
    # kind="map" only: a GeoJSON FeatureCollection whose features' properties["name"] are the
    # categories, one feature each.
    geojson: dict[str, Any] | None = None

    def __post_init__(self) -> None:
        if not _KEY.match(self.key):
            raise ValueError(f"chart key {self.key!r}: lowercase letters, digits, - and _ only")
        if self.kind not in KINDS:
            raise ValueError(f"chart {self.key}: unknown kind {self.kind!r}")
        if not self.series:
            raise ValueError(f"chart {self.key}: no series")
        if self.kind in ("pie", "map") and len(self.series) != 1:
            raise ValueError(f"chart {self.key}: a {self.kind} chart shows exactly one series")
        if len(set(self.categories)) != len(self.categories):
            raise ValueError(f"chart {self.key}: categories repeat")
        for s in self.series:
            _check_series(self.key, s, len(self.categories))
        for url in (self.xlsx_url, *(u for s in self.series for u in s.urls)):
            if url is not None and not _is_local(url):
                raise ValueError(f"chart {self.key}: {url!r} is not an address on this site")
        if self.kind == "map":
            _check_regions(self.key, self.geojson, self.categories)
        elif self.geojson is not None:
            raise ValueError(f"chart {self.key}: only a map chart carries GeoJSON")

    @property
    def dom_id(self) -> str:
        return f"chart-{self.key}"

    @property
    def spec_id(self) -> str:
        return f"chart-{self.key}-spec"

    @property
    def unit_note(self) -> str:
        """（单位：件） after the title, or nothing without a unit."""
        return _("（单位：%(unit)s）") % {"unit": self.unit} if self.unit else ""

    @property
    def first_column(self) -> str:
        return str(self.category_label) or _("类别")

    def headers(self) -> list[str]:
        """The table's column headings: the categories' heading, then each series (with unit)."""
        if not self.unit:
            return [self.first_column, *(str(s.name) for s in self.series)]
        return [
            self.first_column,
            *(_("%(name)s（%(unit)s）") % {"name": s.name, "unit": self.unit} for s in self.series),
        ]

    def rows(self) -> list[tuple[str, list[Cell]]]:
        """A row per category: its name and, per series, the value and its address."""
        columns = [s.cells() for s in self.series]
        return [
            (str(category), [column[i] for column in columns])
            for i, category in enumerate(self.categories)
        ]

    def spec(self) -> dict[str, Any]:
        """What the browser draws (charts.js), as plain JSON-able values."""
        spec: dict[str, Any] = {
            "key": self.key,
            "title": str(self.title),
            "caption": f"{self.title}{self.unit_note}",
            "kind": self.kind,
            "unit": str(self.unit),
            "categories": [str(c) for c in self.categories],
            "series": [
                {
                    "name": str(s.name),
                    "values": list(s.values),
                    "urls": [url for _value, url in s.cells()],
                }
                for s in self.series
            ],
        }
        if self.geojson is not None:
            spec["geojson"] = self.geojson
        return spec


def figure_text(value: Value) -> str:
    """A figure as the table and the chart's labels write it: 12,345 or 1,234.5 (at most two
    decimals), in Chinese and English alike (charts.js writes the same)."""
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"{int(value):,}"


def feature_collection(shapes: Mapping[str, dict[str, Any]]) -> dict[str, Any]:
    """A GeoJSON FeatureCollection for a map chart from region name → geometry (as
    ``Grid.boundary`` holds it)."""
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {"name": name}, "geometry": geometry}
            for name, geometry in shapes.items()
        ],
    }


def chart_excel_response(
    chart: Chart,
    *,
    actor: Any,
    object_type: str,
    filters: dict[Any, Any] | None = None,
) -> HttpResponse:
    """The chart's table (a row per category, a column per series) as an .xlsx download headed
    by who exported it and with which filters; the export is audited under ``object_type``."""
    return export_rows(
        object_type=object_type,
        title=chart.title,
        headers=chart.headers(),
        rows=([category, *(value for value, _url in cells)] for category, cells in chart.rows()),
        count=len(chart.categories),
        filters=filters or {},
        actor=actor,
    )


def _check_series(key: str, series: ChartSeries, size: int) -> None:
    if len(series.values) != size:
        raise ValueError(
            f"chart {key}, series {series.name}: {len(series.values)} values for {size} categories"
        )
    if series.urls and len(series.urls) != size:
        raise ValueError(
            f"chart {key}, series {series.name}: {len(series.urls)} addresses for {size} categories"
        )
    for value in series.values:
        # NaN and infinity are not JSON: the browser would refuse the whole spec.
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            raise ValueError(f"chart {key}, series {series.name}: {value!r} is not a figure")


def _is_local(url: str) -> bool:
    # A click opens the address: only paths on this site, never another host or javascript:.
    # Browsers drop tabs and newlines from addresses and read a backslash as a slash, so
    # "/<tab>/host" or "/<backslash>host" would lead off the site: those are refused too.
    return _LOCAL_URL.fullmatch(url) is not None


def _check_regions(key: str, geojson: dict[str, Any] | None, categories: Sequence[str]) -> None:
    if not isinstance(geojson, dict) or geojson.get("type") != "FeatureCollection":
        raise ValueError(f"chart {key}: a map chart needs a GeoJSON FeatureCollection")
    names = [(f.get("properties") or {}).get("name") for f in geojson.get("features") or []]
    if len(set(names)) != len(names):
        raise ValueError(f"chart {key}: regions repeat in the GeoJSON")
    unknown = [str(n) for n in names if n not in categories]
    missing = [c for c in categories if c not in names]
    if unknown or missing:
        raise ValueError(
            f"chart {key}: the GeoJSON's regions are not the categories "
            f"(regions without a category: {unknown}; categories without a region: {missing})"
        )
