"""The report's readiness where a page shows it (``reports/_readiness.html``)."""

from __future__ import annotations

from typing import Any

from django import template

from fazhi.reports import readiness
from fazhi.reports.document import ReportView

register = template.Library()


@register.simple_tag(takes_context=True)
def report_readiness(context: Any) -> readiness.Readiness | None:
    """The page's readiness (``readiness``), or that of the report it reads (``view``, a
    ``document.ReportView``), checked against the records as they are now."""
    found = context.get("readiness")
    if isinstance(found, readiness.Readiness):
        return found
    view = context.get("view")
    if isinstance(view, ReportView):
        return readiness.check(view.report)
    return None
