"""One rule for showing a field's value in lists, detail pages and Excel exports."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from fazhi.core.formats import cn_date, cn_datetime


def display_value(obj: Any, name: str) -> Any:
    attr_display = getattr(obj, f"get_{name}_display", None)
    if callable(attr_display):
        return attr_display()
    value = getattr(obj, name, None)
    if isinstance(value, models.Manager):
        # Translators: the separator between the items of a list (an enumeration comma).
        return _("、").join(str(v) for v in value.all())
    if callable(value):
        value = value()
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, datetime):
        return cn_datetime(value)
    if isinstance(value, date):
        return cn_date(value)
    if value is None:
        return ""
    return value


def field_label(model: type[models.Model], name: str) -> str:
    """A field's name as a column or row heading (capitalised in English, like form labels)."""
    try:
        field: Any = model._meta.get_field(name)
        return capfirst(str(field.verbose_name))
    except Exception:
        attr = getattr(model, name, None)
        return capfirst(str(getattr(attr, "short_description", name)))
