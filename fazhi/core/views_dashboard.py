"""The street's part of the dashboard (工作台): the period picker, the headline figures, the charts
of the user's own work and the grid map, each number linked to the records behind it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core import dashboard, stats
from fazhi.core.access import Refusal, perm_name
from fazhi.core.charts import Chart, chart_excel_response
from fazhi.core.forms import DashboardForm
from fazhi.core.links import records_url

EXPORT_OBJECT_TYPE = "core.dashboard"


@dataclass(frozen=True)
class Card:
    """A headline figure and where its records are listed (None if the user may not read them)."""

    key: str
    label: Any
    unit: Any
    value: stats.Number
    url: str | None


@dataclass
class ChartGroup:
    """The charts of one chapter of the report."""

    label: str
    charts: list[Chart] = field(default_factory=list)


@dataclass
class StreetDashboard:
    """What the dashboard shows of the user's street, or the period error (``period`` None)."""

    form: DashboardForm
    street: Any
    period: stats.Period | None = None
    cards: list[Card] = field(default_factory=list)
    groups: list[ChartGroup] = field(default_factory=list)
    grid_map: dashboard.GridMap | None = None
    # (label, address, current) of each figure the map may show.
    map_links: list[tuple[Any, str, bool]] = field(default_factory=list)


def _query(form: DashboardForm, **extra: str) -> str:
    """The dashboard's address for the same period as asked (year, range or none) plus
    ``extra``."""
    home = reverse("core:home")
    params: dict[str, str] = {}
    for name in ("year", "start", "end", "map"):
        value = form.data.get(name)
        if value:
            params[name] = str(value)
    params.update(extra)
    return f"{home}?{urlencode(params)}" if params else home


def _cards(user: Any, street: Any, period: stats.Period) -> list[Card]:
    headline = [s for s in stats.registered() if s.headline]
    values = stats.compute(street, period, [s.key for s in headline])
    cards = []
    for stat in headline:
        records = stat.basis().records
        readable = records is not None and user.has_perm(perm_name(records.model, "view"))
        url = records_url(stat.key, period) if readable else None
        cards.append(Card(stat.key, stat.label, stat.unit, values[stat.key], url))
    return cards


def street_dashboard(request: HttpRequest, today: date) -> StreetDashboard | HttpResponse | None:
    """The dashboard of the user's street over the period asked for, or one chart's data as an
    Excel file (``?chart=<key>&format=xlsx``, audited); None for a user without a street or
    without the right to read its figures (a grid worker keeps the reminders only)."""
    user: Any = request.user
    street = user.street if user.street_id else None
    wanted = request.GET.get("chart") if request.GET.get("format") == "xlsx" else None
    if street is None or not user.has_perm(dashboard.STATISTICS_PERM):
        if wanted is not None:
            raise Http404(Refusal(_("没有名为“%(key)s”的图表。") % {"key": wanted}))
        return None
    layers = dashboard.map_layers_for(user)
    form = DashboardForm(
        request.GET, today=today, map_choices=[(layer.key, layer.label) for layer in layers]
    )
    board = StreetDashboard(form=form, street=street)
    if not form.is_valid():
        return board
    period = board.period = form.period()
    layer = next((x for x in layers if x.key == form.map_layer()), layers[0] if layers else None)

    if wanted is not None:
        chart: Chart | None = None
        if wanted == dashboard.MAP_KEY and layer is not None:
            chart = dashboard.build_grid_map(layer, street, period).chart
        elif (spec := dashboard.chart_for(user, wanted)) is not None:
            chart = dashboard.build_chart(spec, street, period)
        if chart is None:
            raise Http404(Refusal(_("没有名为“%(key)s”的图表。") % {"key": wanted}))
        filters: dict[Any, Any] = {
            gettext_lazy("街道"): street.name,
            gettext_lazy("统计期间"): str(period),
        }
        if chart.kind == "map" and layer is not None:
            filters[gettext_lazy("地图显示")] = str(layer.label)
        return chart_excel_response(
            chart, actor=user, object_type=EXPORT_OBJECT_TYPE, filters=filters
        )

    board.cards = _cards(user, street, period)
    groups: dict[str, ChartGroup] = {}
    for spec in dashboard.charts_for(user):
        group = groups.setdefault(spec.chapter, ChartGroup(dashboard.chapter_label(spec.chapter)))
        group.charts.append(
            dashboard.build_chart(
                spec, street, period, xlsx_url=_query(form, chart=spec.key, format="xlsx")
            )
        )
    board.groups = list(groups.values())
    if layer is not None:
        board.grid_map = dashboard.build_grid_map(
            layer,
            street,
            period,
            xlsx_url=_query(form, map=layer.key, chart=dashboard.MAP_KEY, format="xlsx"),
        )
        board.map_links = [(x.label, _query(form, map=x.key), x.key == layer.key) for x in layers]
    return board
