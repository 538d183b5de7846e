"""Template tags of the chart component (``core/partials/chart.html``)."""

from __future__ import annotations

from typing import Any

from django import template
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import SafeString

from fazhi.core.charts import figure_text

register = template.Library()

register.filter("figure_text", figure_text)

_SCRIPTS_WRITTEN = "fazhi.core.charts:scripts"


@register.simple_tag(takes_context=True)
def chart_scripts(context: Any) -> SafeString | str:
    """The script tags that draw the page's charts, the first time a page asks; then nothing.

    The flag lives where Django's own {% include %} keeps its per-render cache: the first
    dict of the render context, shared by the page, its base templates and its includes.
    """
    state = context.render_context.dicts[0]
    if state.get(_SCRIPTS_WRITTEN):
        return ""
    state[_SCRIPTS_WRITTEN] = True
    return format_html(
        '<script src="{}" defer></script>\n<script src="{}" defer></script>',
        static("vendor/echarts/echarts.min.js"),
        static("fazhi/charts.js"),
    )
