"""Where a figure's records are listed: the one address every page that shows a figure (the
statistics page, the dashboard, the district view, the report, a chart's bars) links to."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse

from fazhi.core.stats import Period


def records_url(key: str, period: Period, by: str | None = None, value: str | None = None) -> str:
    """The back-office page listing the records behind the figure ``key`` over ``period`` — or
    behind one bar of its breakdown ``by`` (``value`` is the bar's ``Bar.key``; "" is the bar
    of records without a value, 未填写). With ``by`` and no ``value`` the page shows the whole
    figure with that breakdown's bars, each linking to its own records."""
    params = {"start": period.start.isoformat(), "end": period.end.isoformat()}
    if by:
        params["by"] = by
        if value is not None:
            params["value"] = value
    path = reverse("reports:statistic_records", kwargs={"key": key})
    return f"{path}?{urlencode(params)}"
