"""The filter bar's selects are written in Python with exactly Django's markup."""

from __future__ import annotations

import pytest
from django import forms

from fazhi.core.forms import CompactSelect
from fazhi.enforcement.filters.cases import CaseFilter


@pytest.mark.parametrize("value", [None, "", "x", "y"])
def test_the_markup_is_django_s_own(value):
    choices = [("", "全部"), ("a", "A<&>\"'"), ("组<1>", [("x", "X"), ("y", "Y")])]
    attrs = {"class": "c", "data-x": '1"', "disabled": True, "hidden": False}
    django_select, compact = forms.Select(attrs, choices), CompactSelect(attrs, choices)
    assert compact.render("st", value, {"id": "id_st"}) == django_select.render(
        "st", value, {"id": "id_st"}
    )


def test_the_case_filter_bar_renders_as_with_django_s_select(world):
    filters = CaseFilter({"status": "filed"}, user=world.clerk_a)
    compact_fields = [
        name for name, f in filters.form.fields.items() if isinstance(f.widget, CompactSelect)
    ]
    assert {"status", "grid", "category", "officer"} <= set(compact_fields)
    for name in compact_fields:
        bound = filters.form[name]
        field = filters.form.fields[name]
        plain = forms.Select(field.widget.attrs, field.widget.choices)
        plain.is_required = field.widget.is_required
        assert str(bound) == bound.as_widget(widget=plain), name
