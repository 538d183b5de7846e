"""Back-office lists page by a key, not by an offset.

Page 1 and page 900 of a list cost the same: the link to the next page carries the sort key of
the last row shown (``after``), the link back the key of the first (``before``), and the query
asks for the rows beyond that key in the list's order, which an index on the sort columns
serves directly. An offset would make the database sort and skip every row before the page.

The page quacks like Django's ``Page`` (``object_list``, ``number``, ``has_next()``,
``paginator.count``, ``paginator.num_pages``), so templates and views read both alike. A list
whose order the key cannot follow (a nullable or computed sort column) pages by offset, as does
a request naming a page without a key (an old bookmark).
"""

from __future__ import annotations

import base64
import binascii
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.paginator import Page, Paginator
from django.db import models
from django.db.models import Q
from django.http import HttpRequest


@dataclass(frozen=True)
class _Column:
    path: str  # a field path as order_by names it: "found_at", "street__name"
    field: models.Field[Any, Any]
    descending: bool


@dataclass
class _Counter:
    count: int
    per_page: int

    @property
    def num_pages(self) -> int:
        return max(1, math.ceil(self.count / self.per_page))


@dataclass
class KeysetPage:
    object_list: list[Any]
    number: int
    paginator: _Counter
    next_key: str = ""
    previous_key: str = ""
    _has_next: bool = False
    _has_previous: bool = False
    keyed: bool = field(default=True, init=False)

    def has_next(self) -> bool:
        return self._has_next

    def has_previous(self) -> bool:
        return self._has_previous

    def has_other_pages(self) -> bool:
        return self._has_next or self._has_previous

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return max(1, self.number - 1)

    def __iter__(self) -> Any:
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)


def paginate(request: HttpRequest, queryset: models.QuerySet[Any], per_page: int) -> Any:
    """The page of ``queryset`` the request asks for: a ``KeysetPage`` where the list's order
    allows, otherwise Django's ``Page``."""
    columns = _key_columns(queryset)
    params = request.GET
    page_number = params.get("page", "")
    if columns is None or (page_number not in ("", "1") and not _has_key(params)):
        return Paginator(queryset, per_page).get_page(page_number)
    counter = _Counter(queryset.count(), per_page)
    number = _page_number(page_number, counter.num_pages)
    after, before = (
        _decode(params.get("after", ""), columns),
        _decode(params.get("before", ""), columns),
    )
    if before is not None:
        rows = list(
            queryset.filter(_beyond(columns, before, backwards=True)).order_by(
                *_order(columns, reverse=True)
            )[: per_page + 1]
        )
        has_previous = len(rows) > per_page
        rows = rows[:per_page][::-1]
        has_next = True
        if not has_previous:
            number = 1
    else:
        qs = queryset if after is None else queryset.filter(_beyond(columns, after))
        rows = list(qs.order_by(*_order(columns))[: per_page + 1])
        has_next = len(rows) > per_page
        rows = rows[:per_page]
        if after is None:
            number = 1
        has_previous = after is not None
    return KeysetPage(
        object_list=rows,
        number=min(number, counter.num_pages),
        paginator=counter,
        next_key=_encode(rows[-1], columns) if rows and has_next else "",
        previous_key=_encode(rows[0], columns) if rows and has_previous else "",
        _has_next=bool(rows) and has_next,
        _has_previous=has_previous,
    )


def _key_columns(queryset: models.QuerySet[Any]) -> list[_Column] | None:
    """The list's order as key columns ending in the primary key, or None when a column is
    nullable or not a plain field (its order differs between databases or is not a key)."""
    ordering: Sequence[Any] = queryset.query.order_by or queryset.model._meta.ordering or []
    model = queryset.model
    columns: list[_Column] = []
    for item in ordering:
        if not isinstance(item, str) or item.startswith("?"):
            return None
        descending = item.startswith("-")
        path = item.lstrip("-")
        if path == "pk":
            path = model._meta.pk.name
        found = _field(model, path)
        if found is None or found.null:
            return None
        columns.append(_Column(path, found, descending))
        if found.primary_key:
            return columns
    pk = model._meta.pk
    last_descending = columns[-1].descending if columns else False
    columns.append(_Column(pk.name, pk, last_descending))
    return columns


def _field(model: type[models.Model], path: str) -> models.Field[Any, Any] | None:
    *hops, name = path.split("__")
    for hop in hops:
        try:
            relation = model._meta.get_field(hop)
        except FieldDoesNotExist:
            return None
        target = getattr(relation, "related_model", None)
        if (
            not isinstance(relation, models.ForeignKey)
            or relation.null
            or not isinstance(target, type)
        ):
            return None
        model = target
    try:
        found = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    if not isinstance(found, models.Field) or found.is_relation:
        return None
    return found


def _order(columns: list[_Column], *, reverse: bool = False) -> list[str]:
    return [f"{'-' if c.descending != reverse else ''}{c.path}" for c in columns]


def _beyond(columns: list[_Column], key: list[Any], *, backwards: bool = False) -> Q:
    """Rows after ``key`` in the list's order (before it with ``backwards``), spelt as
    (a > x) OR (a = x AND b > y) OR …, which the database reads as a range on the index."""
    condition = Q()
    for i, column in enumerate(columns):
        lookup = "lt" if column.descending != backwards else "gt"
        step = Q(**{f"{column.path}__{lookup}": key[i]})
        for earlier, value in zip(columns[:i], key[:i], strict=False):
            step &= Q(**{earlier.path: value})
        condition |= step
    return condition


def _value(row: models.Model, path: str) -> Any:
    value: Any = row
    for hop in path.split("__"):
        value = getattr(value, hop)
    return value


def _encode(row: models.Model, columns: list[_Column]) -> str:
    values = [_plain(_value(row, c.path)) for c in columns]
    text = json.dumps(values, ensure_ascii=False, separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _plain(value: Any) -> Any:
    """A key value as JSON keeps it exactly (times to the microsecond, decimals as text)."""
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal | UUID):
        return str(value)
    return value


def _decode(text: str, columns: list[_Column]) -> list[Any] | None:
    """The key in a link, checked against the columns; None when absent or not a valid key
    (the list then starts from its first page)."""
    if not text:
        return None
    try:
        raw = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
        if not isinstance(raw, list) or len(raw) != len(columns):
            return None
        return [c.field.to_python(v) for c, v in zip(columns, raw, strict=True)]
    except (ValueError, TypeError, ValidationError, binascii.Error):
        return None


def _has_key(params: Any) -> bool:
    return bool(params.get("after") or params.get("before"))


def _page_number(text: str, num_pages: int) -> int:
    try:
        number = int(text)
    except ValueError:
        return 1
    return min(max(number, 1), num_pages)


__all__ = ["KeysetPage", "Page", "paginate"]
