"""The district office's pages: its streets compared figure by figure, a figure's comparison
and breakdowns per street, and the comparison as Excel. Never a link to a street's records."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from fazhi.core import stats
from fazhi.core.access import Refusal
from fazhi.core.charts import Chart, ChartSeries
from fazhi.core.excel import export_rows
from fazhi.core.replica import replica_reads
from fazhi.core.types import AuthedRequest
from fazhi.district import selectors
from fazhi.org.models import District, Street
from fazhi.reports.forms import PeriodForm

READ = ["GET", "HEAD"]


def _period_form(request: AuthedRequest) -> PeriodForm:
    """The period asked for, by default the current year up to today."""
    asked = "start" in request.GET or "end" in request.GET
    return PeriodForm(request.GET if asked else PeriodForm.initial_for(timezone.localdate()))


def _period_query(period: stats.Period, **extra: str) -> str:
    return urlencode({"start": period.start.isoformat(), "end": period.end.isoformat(), **extra})


@replica_reads()
@login_required
@require_http_methods(READ)
def comparison(request: AuthedRequest) -> HttpResponse:
    """Every figure of each street of the user's district and the district's total, for a
    chosen period, grouped by chapter."""
    district = selectors.get_district_for_user(request.user)
    form = _period_form(request)
    if not form.is_valid():
        return render(
            request,
            "district/comparison.html",
            {"district": district, "form": form, "table": None},
            status=400,
        )
    period = form.period()
    streets = selectors.district_streets(district)
    table = selectors.comparison(district, streets, period)
    readiness = selectors.report_readiness(streets, period.end.year)
    if request.GET.get("format") == "xlsx":
        return _export(request, form, table, readiness)
    return render(
        request,
        "district/comparison.html",
        {
            "district": district,
            "form": form,
            "table": table,
            "readiness": _readiness_cells(streets, readiness),
            "query": _period_query(period),
        },
    )


def _readiness_cells(
    streets: Sequence[Street], readiness: dict[int, selectors.Readiness] | None
) -> list[selectors.Readiness | None] | None:
    if readiness is None:
        return None
    return [readiness.get(street.pk) for street in streets]


def _export(
    request: AuthedRequest,
    form: PeriodForm,
    table: selectors.Comparison,
    readiness: dict[int, selectors.Readiness] | None,
) -> HttpResponse:
    """The comparison as .xlsx: a row per figure, a column per street and the total; audited."""
    period = table.period
    rows: list[list[Any]] = []
    if readiness is not None:
        rows.append(
            [
                "",
                _("年度报告"),
                "",
                *(r.label if (r := readiness.get(s.pk)) else "" for s in table.streets),
                "",
                "",
                "",
            ]
        )
    rows.extend(
        [
            str(chapter.label),
            str(row.stat.label),
            str(row.stat.unit),
            *row.values,
            row.total,
            row.stat.key,
            str(row.stat.description),
        ]
        for chapter, row in table.rows()
    )
    return export_rows(
        object_type="district.comparison",
        title=gettext_lazy("各街道统计指标对比"),
        headers=[
            _("工作领域"),
            _("指标"),
            _("单位"),
            *(street.name for street in table.streets),
            _("全区合计"),
            _("键名"),
            _("口径说明"),
        ],
        rows=rows,
        count=len(rows),
        filters={
            gettext_lazy("区"): table.district.name,
            form.fields["start"].label: period.start.isoformat(),
            form.fields["end"].label: period.end.isoformat(),
        },
        actor=request.user,
        filename=_("各街道统计指标对比-%(district)s-%(start)s-%(end)s.xlsx")
        % {
            "district": table.district.name,
            "start": f"{period.start:%Y%m%d}",
            "end": f"{period.end:%Y%m%d}",
        },
    )


@replica_reads()
@login_required
@require_http_methods(READ)
def figure(request: AuthedRequest, key: str) -> HttpResponse:
    """One figure compared across the district's streets (a table and bars), and its
    breakdowns by month, village, grid or dimension per street."""
    district = selectors.get_district_for_user(request.user)
    try:
        stat = stats.get(key)
    except ValidationError:
        raise Http404(Refusal(_("没有名为“%(key)s”的统计指标。") % {"key": key})) from None
    form = _period_form(request)
    context: dict[str, Any] = {
        "district": district,
        "stat": stat,
        "chapter": selectors.chapter_label(stat.chapter),
        "form": form,
        "breakdowns": [],
    }
    if not form.is_valid():
        return render(request, "district/figure.html", context, status=400)
    period = form.period()
    streets = selectors.district_streets(district)
    figures = [stat]
    if isinstance(stat.aggregate, stats.Ratio):
        figures += [stats.get(stat.aggregate.numerator), stats.get(stat.aggregate.denominator)]
    row, *parts = selectors.figure_rows(streets, period, figures)
    context.update(
        row=row,
        parts=parts,
        street_rows=_street_rows(streets, row, parts),
        street_chart=_street_chart(stat, streets, row),
        query=_period_query(period),
    )
    status = 200
    if not stat.derived:
        offered = stat.breakdowns()
        by = request.GET.get("by") or (offered[0][0] if offered else "")
        context["breakdowns"] = [
            {"label": label, "query": _period_query(period, by=name), "current": name == by}
            for name, label in offered
        ]
        if by:
            try:
                bars = stats.breakdown_many(stat, streets, period, by)
            except ValidationError as exc:
                context["by_error"] = _("；").join(exc.messages)
                status = 400
            else:
                context["charts"] = _breakdown_charts(stat, streets, by, bars)
    return render(request, "district/figure.html", context, status=status)


def _street_rows(
    streets: Sequence[Street], row: selectors.FigureRow, parts: Sequence[selectors.FigureRow]
) -> list[dict[str, Any]]:
    """The table of the figure page: a line per street and one for the district, with a
    ratio's numerator and denominator beside it."""
    lines = [
        {"name": street.name, "value": value, "parts": [p.values[i] for p in parts]}
        for i, (street, value) in enumerate(zip(streets, row.values, strict=True))
    ]
    lines.append(
        {
            "name": _("全区合计"),
            "value": row.total,
            "parts": [p.total for p in parts],
            "total": True,
        }
    )
    return lines


def _street_chart(
    stat: stats.Statistic, streets: Sequence[Street], row: selectors.FigureRow
) -> Chart:
    return Chart(
        key="streets",
        title=_("各街道%(label)s") % {"label": stat.label},
        kind="bar",
        unit=str(stat.unit),
        category_label=_("街道"),
        categories=_distinct_labels([street.name for street in streets]),
        series=[ChartSeries(name=str(stat.label), values=list(row.values))],
    )


def _breakdown_charts(
    stat: stats.Statistic,
    streets: Sequence[Street],
    by: str,
    bars: dict[int, list[stats.Bar]],
) -> list[Chart]:
    """The breakdown as charts: months and dimensions (shared by every street) in one chart with
    a series per street; villages and grids (each street's own) in one chart per street."""
    label = dict(stat.breakdowns())[by]
    unit = str(stat.unit)
    if by in (stats.BY_VILLAGE, stats.BY_GRID):
        return [
            Chart(
                key=f"breakdown-{i}",
                title=_("%(street)s：%(label)s（%(by)s）")
                % {"street": street.name, "label": stat.label, "by": label},
                kind="bar",
                unit=unit,
                category_label=_("村居") if by == stats.BY_VILLAGE else _("网格"),
                categories=_distinct_labels([b.label for b in bars[street.pk]]),
                series=[
                    ChartSeries(name=str(stat.label), values=[b.value for b in bars[street.pk]])
                ],
            )
            for i, street in enumerate(streets)
        ]
    groups: dict[str, str] = {}
    totals: dict[str, stats.Number] = {}
    for street in streets:
        for bar in bars[street.pk]:
            groups.setdefault(bar.key, bar.label)
            totals[bar.key] = totals.get(bar.key, 0) + bar.value
    if by == stats.BY_MONTH:
        keys = sorted(groups)
    else:
        keys = sorted(groups, key=lambda k: (-totals[k], groups[k]))
    series = []
    for street in streets:
        values = {bar.key: bar.value for bar in bars[street.pk]}
        series.append(ChartSeries(name=street.name, values=[values.get(k, 0) for k in keys]))
    return [
        Chart(
            key="breakdown-0",
            title=_("各街道%(label)s（%(by)s）") % {"label": stat.label, "by": label},
            kind="bar",
            unit=unit,
            category_label=_("月份") if by == stats.BY_MONTH else str(label),
            categories=_distinct_labels([groups[k] for k in keys]),
            series=series or [ChartSeries(name=str(stat.label), values=[])],
        )
    ]


def _distinct_labels(labels: Sequence[str]) -> list[str]:
    """Labels made unique (a chart's categories must be): a repeated one gets its number."""
    seen: dict[str, int] = {}
    result = []
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
        result.append(label if seen[label] == 1 else f"{label}（{seen[label]}）")
    return result


def home_context(user: Any) -> dict[str, Any] | None:
    """What the dashboard shows a district office: the year's headline figures of each street
    of its district; None for anyone else."""
    if user.street_id is not None or not user.has_perm(selectors.VIEW_PERMISSION):
        return None
    if user.district_id is None:
        return None
    district: District = user.district
    today = timezone.localdate()
    period = stats.Period(today.replace(month=1, day=1), today)
    streets = selectors.district_streets(district)
    return {"table": selectors.headline(district, streets, period), "query": _period_query(period)}
