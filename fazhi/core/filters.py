"""List filters, defined once per entity and used by the page, its Excel export and the API.

    class VillageFilter(FilterSet):
        q = SearchFilter(["name", "address"])
        kind = Filter(forms.ChoiceField(choices=...), "kind")

``VillageFilter(request.GET, user=user).apply(qs)`` filters a queryset; ``.form`` renders the
filter bar; ``VillageFilter.as_schema()`` is the query-parameter schema of the API endpoint.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Mapping
from datetime import date
from typing import Annotated, Any, ClassVar

from django import forms
from django.db.models import Q, QuerySet
from django.utils.functional import Promise, cached_property
from django.utils.translation import gettext_lazy as _

from fazhi.core.forms import CompactSelect
from fazhi.core.models import CalendarDay

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
BAD_DATE = _("请输入有效的日期，格式为 YYYY-MM-DD。")


class Filter:
    """One query parameter: a form field that parses it and how it narrows the queryset."""

    def __init__(
        self,
        field: forms.Field,
        lookup: str | Callable[[QuerySet[Any], Any], QuerySet[Any]],
        *,
        description: str = "",
    ) -> None:
        field.required = False
        self.field = field
        self.lookup = lookup
        self.description = description

    def apply(self, qs: QuerySet[Any], value: Any) -> QuerySet[Any]:
        if value in (None, "", [], ()):
            return qs
        if callable(self.lookup):
            return self.lookup(qs, value)
        return qs.filter(**{self.lookup: value})


class SearchFilter(Filter):
    """Free-text search: any of ``fields`` contains the words (all words must match)."""

    def __init__(self, fields: list[str], *, label: Any = None) -> None:
        super().__init__(
            forms.CharField(label=_("关键词") if label is None else label, max_length=100),
            self._search,
            description=f"在{len(fields)}个字段中模糊查找",
        )
        self.fields = fields

    def _search(self, qs: QuerySet[Any], value: str) -> QuerySet[Any]:
        for word in value.split():
            condition = Q()
            for name in self.fields:
                condition |= Q(**{f"{name}__icontains": word})
            qs = qs.filter(condition)
        return qs


def _narrows_when_blank(flt: Filter) -> bool:
    """Whether the filter narrows a queryset when its parameter is not given."""
    if type(flt).apply is not Filter.apply:
        return True
    try:
        value = copy.deepcopy(flt.field).clean("")
    except forms.ValidationError:
        return True
    return value not in (None, "", [], ())


class FilterSet:
    filters: ClassVar[dict[str, Filter]]
    # No filter narrows the records when no parameter is given: such a request is answered
    # without building the form (its fields and their scoped choices).
    _blank_is_all: ClassVar[bool] = True

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        found: dict[str, Filter] = {}
        for base in reversed(cls.__mro__):
            for name, value in vars(base).items():
                if isinstance(value, Filter):
                    found[name] = value
        cls.filters = found
        cls._blank_is_all = not any(_narrows_when_blank(flt) for flt in found.values())

    def __init__(self, data: Mapping[str, Any] | None, *, user: Any = None) -> None:
        self.user = user
        self.params = {
            k: v for k, v in (data or {}).items() if k in self.filters and v not in (None, "")
        }
        self.is_bound = bool(self.params)

    @cached_property
    def form(self) -> forms.Form:
        """The filter bar's form, bound to the parameters given (built when first asked for)."""
        fields = {name: copy.deepcopy(f.field) for name, f in self.filters.items()}
        for field in fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is not None and hasattr(queryset, "for_user"):
                field.queryset = queryset.for_user(self.user)  # type: ignore[attr-defined]
            if isinstance(field, forms.ModelChoiceField):
                field.empty_label = _("全部")
            if type(field.widget) is forms.Select:
                compact = CompactSelect(attrs=field.widget.attrs)
                compact.is_required = field.widget.is_required
                compact.choices = field.widget.choices
                field.widget = compact
        form_class = type(f"{type(self).__name__}Form", (forms.Form,), fields)
        return form_class(self.params)

    def is_valid(self) -> bool:
        return self.form.is_valid()

    @property
    def errors(self) -> dict[str, list[str]]:
        return {k: [str(e) for e in v] for k, v in self.form.errors.items()}

    def apply(self, qs: QuerySet[Any]) -> QuerySet[Any]:
        """Narrow ``qs`` by every valid parameter; invalid input yields no rows, never all rows."""
        if not self.is_bound and self._blank_is_all:
            return qs
        if not self.form.is_valid():
            return qs.none()
        for name, flt in self.filters.items():
            qs = flt.apply(qs, self.form.cleaned_data.get(name))
        return qs

    def active(self) -> dict[Any, Any]:
        """Human-readable description of the filters in force (for export headers).

        Labels and choice names stay lazy translations: the export's sheet shows them in the
        user's language, its audit row in the product's (``audit.services.record``).
        """
        if not self.form.is_valid():
            return {}
        result: dict[Any, Any] = {}
        for name, value in self.form.cleaned_data.items():
            if value not in (None, "", [], ()):
                field = self.form.fields[name]
                if isinstance(field, forms.ChoiceField) and not isinstance(
                    field, forms.ModelChoiceField
                ):
                    value = dict(field.choices).get(value, value)  # type: ignore[arg-type]
                elif not isinstance(value, Promise):
                    value = str(value)
                result[field.label or name] = value
        return result

    @classmethod
    def as_schema(cls) -> type:
        """A ninja ``Schema`` of optional string query parameters, labels as descriptions."""
        from ninja import Schema
        from pydantic import Field, create_model

        fields: dict[str, Any] = {}
        for name, flt in cls.filters.items():
            fields[name] = (
                _python_type(flt.field) | None,
                Field(None, description=str(flt.field.label or name)),
            )
        return create_model(f"{cls.__name__}Query", __base__=Schema, **fields)


def _iso_date(value: Any) -> Any:
    """A date parameter only as ISO text: pydantic would read ``0`` or ``1577836800`` as a
    timestamp, a day nobody meant."""
    from pydantic_core import PydanticCustomError

    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        raise PydanticCustomError("date_type", str(BAD_DATE))
    return value


def _python_type(field: forms.Field) -> Any:
    """The query parameter's type in the API schema (the form field still does the parsing)."""
    from pydantic import BeforeValidator

    if isinstance(field, forms.ModelChoiceField):
        return int
    if isinstance(field, forms.DateField):
        return Annotated[date, BeforeValidator(_iso_date)]
    if isinstance(field, forms.IntegerField):
        return int
    return str


# --- The working-day calendar ----------------------------------------------------------------


class CalendarDayFilter(FilterSet):
    q = SearchFilter(["name", "note"])
    year = Filter(forms.IntegerField(label=_("年度"), min_value=2000, max_value=2200), "day__year")
    kind = Filter(
        forms.ChoiceField(label=_("类型"), choices=[("", _("全部")), *CalendarDay.Kind.choices]),
        "kind",
    )


class CalendarYearFilter(FilterSet):
    q = SearchFilter(["source"], label=_("依据文件"))
