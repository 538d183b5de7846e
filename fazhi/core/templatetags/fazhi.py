from __future__ import annotations

from typing import Any

from django import template

from fazhi.core.formats import cn_date, cn_datetime, cn_duration

register = template.Library()

register.filter("cn_date", cn_date)
register.filter("cn_datetime", cn_datetime)
register.filter("cn_duration", cn_duration)


@register.filter
def field_value(obj: Any, name: str) -> Any:
    """The display value of ``obj.<name>``: choice labels, dates in Chinese, related objects."""
    from fazhi.core.display import display_value

    return display_value(obj, name)


@register.simple_tag(takes_context=True)
def query_with(context: Any, **changes: Any) -> str:
    """The current query string with some parameters replaced (for paging and sorting links)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"
