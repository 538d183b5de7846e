"""The statistics engine: every figure the annual report quotes, declared once as a measure over
a record set, by a stable dotted key.

An app declares its figures in its own ``statistics.py``::

    CASES = RecordSet(Case, grid="grid", village="grid__village",
                      dimensions={"category": Dimension(_("违法行为类别"), "category__group")})

    statistic("enforcement.cases_found", label=_("发现违法行为"), unit=_("起"),
              records=CASES, period=During("found_at"))

There is no central list to edit. From the one declaration the engine gives:

- the figure: ``compute(street, period)``; all figures over one record set in one aggregate with
  conditional aggregation, and all record sets of all apps in one statement, so a street-period
  (or many streets at once, ``compute_many``) costs one query whatever the registry's size;
- the records behind it: ``records(stat, street, period, user)``, scoped by ``for_user``, whose
  count (or sum) is the figure;
- its breakdowns: ``breakdown(stat, street, period, by)`` by month, village, grid or a declared
  dimension, in one grouped query each.

A period places a record by a date or datetime field (``During``), by being in force on the
period's last day (``AsOf``), or by overlapping it (``Overlaps``). A datetime field is bounded by
the UTC instants of the period's first local day and of the day after its last (``>=``, ``<``),
never ``__date``, so the index on (street, field) serves it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.db.models import Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core.replica import read_alias

if TYPE_CHECKING:
    from fazhi.org.models import Street

_KEY = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")

Number = int | float


@dataclass(frozen=True)
class Period:
    """A closed date range [start, end], both days counted."""

    start: dt.date
    end: dt.date

    def __post_init__(self) -> None:
        if self.start > self.end:
            raise ValidationError(_("统计期间的开始日期不能晚于结束日期。"))

    def __str__(self) -> str:
        from fazhi.core.formats import cn_date

        return _("%(start)s至%(end)s") % {"start": cn_date(self.start), "end": cn_date(self.end)}

    def instants(self) -> tuple[dt.datetime, dt.datetime]:
        """The UTC instants of the first local day's start and of the day after the last."""
        zone = timezone.get_default_timezone()
        lower = dt.datetime.combine(self.start, dt.time.min, tzinfo=zone)
        upper = dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
        return lower.astimezone(dt.UTC), upper.astimezone(dt.UTC)

    def year_earlier(self) -> Period:
        """The same days one year earlier (29 February becomes the 28th), for 同比."""
        return Period(_shift_year(self.start, -1), _shift_year(self.end, -1))


def _shift_year(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


class Chapter(models.TextChoices):
    """The report's work areas, in the order the statistics page shows them."""

    ORG = "org", gettext_lazy("组织领导")
    ENFORCEMENT = "enforcement", gettext_lazy("行政执法")
    REVIEWS = "reviews", gettext_lazy("法律顾问与合法性审查")
    LEGAL_SERVICES = "legal_services", gettext_lazy("公共法律服务")
    OUTREACH = "outreach", gettext_lazy("普法宣传")
    STUDY = "study", gettext_lazy("学法")


# --- where a record falls in the period ----------------------------------------------------------


def _field_at(model: type[models.Model], path: str) -> models.Field[Any, Any]:
    """The model field at the end of a lookup path such as ``shift__date``."""
    parts = path.split("__")
    for part in parts[:-1]:
        relation = model._meta.get_field(part)
        assert relation.related_model is not None, f"{path}: {part} is not a relation"
        model = relation.related_model  # type: ignore[assignment]
    found = model._meta.get_field(parts[-1])
    assert isinstance(found, models.Field)
    return found


class PeriodRule:
    """How a record of a record set falls in a period."""

    def q(self, model: type[models.Model], period: Period) -> Q:
        raise NotImplementedError

    def month_field(self) -> str | None:
        """The field a by-month breakdown groups on, if the rule has one."""
        return None


@dataclass(frozen=True)
class During(PeriodRule):
    """The record's date or datetime ``field`` lies within the period."""

    field: str

    def q(self, model: type[models.Model], period: Period) -> Q:
        if isinstance(_field_at(model, self.field), models.DateTimeField):
            lower, upper = period.instants()
            return Q(**{f"{self.field}__gte": lower, f"{self.field}__lt": upper})
        return Q(**{f"{self.field}__gte": period.start, f"{self.field}__lte": period.end})

    def month_field(self) -> str | None:
        return self.field


@dataclass(frozen=True)
class AsOf(PeriodRule):
    """In force on the period's last day: started on or before it and not ended by it (an end
    on that day still counts when ``end_inclusive``, as for a contract's last day). Without
    fields, those of the model's ``active_on`` rule (``ActiveOnQuerySet``) are used."""

    start: str | None = None
    end: str | None = None
    end_inclusive: bool = False

    def q(self, model: type[models.Model], period: Period) -> Q:
        queryset = model._default_manager.get_queryset()
        start = self.start or getattr(queryset, "start_field", None)
        end = self.end if self.start else getattr(queryset, "end_field", None)
        assert start is not None, f"{model.__name__} has no active_on rule"
        day = period.end
        result = Q(**{f"{start}__lte": day})
        if end is not None:
            after = Q(**{f"{end}__gte" if self.end_inclusive else f"{end}__gt": day})
            if _field_at(model, end).null:
                after |= Q(**{f"{end}__isnull": True})
            result &= after
        return result


@dataclass(frozen=True)
class Overlaps(PeriodRule):
    """The record's own [start, end] range overlaps the period."""

    start: str
    end: str

    def q(self, model: type[models.Model], period: Period) -> Q:
        return Q(**{f"{self.start}__lte": period.end, f"{self.end}__gte": period.start})


# --- what a figure aggregates ----------------------------------------------------------------------


class Aggregate:
    """How the records of a figure become its number."""

    def expression(self, condition: Q) -> Any:
        raise NotImplementedError

    def annotations(self, period: Period) -> dict[str, Any]:
        """Per-record values the aggregate needs (named uniquely per aggregate)."""
        return {}

    def convert(self, value: Any) -> Number:
        return int(value or 0)


@dataclass(frozen=True)
class Count(Aggregate):
    """The number of records."""

    def expression(self, condition: Q) -> Any:
        return models.Count("pk", filter=condition)


@dataclass(frozen=True)
class CountDistinct(Aggregate):
    """The number of different related records the records name (e.g. different cases
    reviewed, different lawyers who served); the records behind it are those related ones."""

    field: str

    def expression(self, condition: Q) -> Any:
        return models.Count(self.field, distinct=True, filter=condition)


@dataclass(frozen=True)
class Sum(Aggregate):
    """The sum of a numeric field; money keeps its two decimals."""

    field: str
    decimal: bool = False

    def expression(self, condition: Q) -> Any:
        return models.Sum(self.field, filter=condition)

    def convert(self, value: Any) -> Number:
        if self.decimal:
            return float(round(Decimal(str(value or 0)), 2))
        return int(value or 0)


@dataclass(frozen=True)
class SumLatest(Aggregate):
    """The sum over the records of each one's latest measurement as of the period's last day
    (e.g. the members of each WeChat group by its latest count)."""

    model: type[models.Model]
    link: str
    value: str
    on: str

    @property
    def alias(self) -> str:
        return f"latest_{self.model._meta.model_name}_{self.value}"

    def annotations(self, period: Period) -> dict[str, Any]:
        latest = (
            self.model._default_manager.filter(
                **{self.link: models.OuterRef("pk"), f"{self.on}__lte": period.end}
            )
            .order_by(f"-{self.on}")
            .values(self.value)[:1]
        )
        return {self.alias: models.Subquery(latest)}

    def expression(self, condition: Q) -> Any:
        return models.Sum(self.alias, filter=condition)


@dataclass(frozen=True)
class Ratio(Aggregate):
    """A percentage of two other figures of the same app (``numerator`` / ``denominator``),
    0 when the denominator is 0; its records are the denominator's. With ``scale=1`` it is an
    average per record of the denominator instead (e.g. the average score: the sum of the
    scores over the number of attempts)."""

    numerator: str
    denominator: str
    digits: int = 1
    scale: int = 100

    @property
    def percentage(self) -> bool:
        return self.scale == 100

    def of(self, values: Mapping[str, Number]) -> float:
        total = values[self.denominator]
        if not total:
            return 0.0
        return round(self.scale * values[self.numerator] / total, self.digits)


# --- record sets and figures -----------------------------------------------------------------------


@dataclass(frozen=True)
class Dimension:
    """A way to break a record set's figures down (a category, a channel, a source)."""

    label: Any
    field: str
    # For a relation: the field of the related record that names it (e.g. "category__name").
    label_field: str | None = None


@dataclass(frozen=True, eq=False)
class RecordSet:
    """The records a group of figures count: a model, where its records lie (village, grid),
    and the dimensions it can be broken down by."""

    model: type[models.Model]
    village: str | None = None
    grid: str | None = None
    dimensions: Mapping[str, Dimension] = field(default_factory=dict)
    # The back-office page of one record, by URL name taking the pk (default "<app>:<model>_detail").
    detail_url: str | None = None
    # The fields the records page lists beside the record's name.
    columns: Sequence[str] = ()

    @property
    def street_path(self) -> str:
        path: str = self.model.scope_street  # type: ignore[attr-defined]
        return path

    def label(self) -> str:
        return str(self.model._meta.verbose_name_plural)


BY_MONTH = "month"
BY_VILLAGE = "village"
BY_GRID = "grid"


@dataclass(frozen=True)
class Statistic:
    """One figure: a measure over a record set."""

    key: str
    label: Any
    unit: Any
    records: RecordSet | None
    period: PeriodRule | None
    filters: Q
    aggregate: Aggregate
    description: Any = ""
    # Shown as a card on the dashboard (the statistics page lists every figure).
    headline: bool = False
    chapter: str = ""

    @property
    def derived(self) -> bool:
        return isinstance(self.aggregate, Ratio)

    @property
    def percentage(self) -> bool:
        """A ratio per hundred: its changes are told in percentage points."""
        return isinstance(self.aggregate, Ratio) and self.aggregate.percentage

    def condition(self, period: Period) -> Q:
        """The records of one street that this figure counts in ``period``."""
        assert self.records is not None and self.period is not None
        return self.period.q(self.records.model, period) & self.filters

    def breakdowns(self) -> list[tuple[str, Any]]:
        """The breakdowns this figure offers, as (name, label)."""
        target = self.basis()
        assert target.records is not None and target.period is not None
        result: list[tuple[str, Any]] = []
        if target.period.month_field():
            result.append((BY_MONTH, gettext_lazy("按月份")))
        if target.records.village:
            result.append((BY_VILLAGE, gettext_lazy("按村居")))
        if target.records.grid:
            result.append((BY_GRID, gettext_lazy("按网格")))
        result.extend((name, d.label) for name, d in target.records.dimensions.items())
        return result

    def basis(self) -> Statistic:
        """The figure whose records stand behind this one (a ratio's denominator)."""
        if isinstance(self.aggregate, Ratio):
            return get(self.aggregate.denominator)
        return self


_registry: dict[str, Statistic] = {}


def _compose(template: Any, parts: dict[str, Any]) -> str:
    return str(template) % {name: str(part) for name, part in parts.items()}


_compose_lazy = lazy(_compose, str)


def composed_label(template: Any, **parts: Any) -> Any:
    """A label made of a translatable template and translatable parts (a choice's label),
    translated when shown: ``_("发现违法行为：%(group)s") % {...}`` would fix it at import in
    the language of the moment, Chinese on an English page."""
    return _compose_lazy(template, parts)


def statistic(
    key: str,
    *,
    label: Any,
    unit: Any = "",
    records: RecordSet | None = None,
    period: PeriodRule | None = None,
    filters: Q | None = None,
    aggregate: Aggregate | None = None,
    description: Any = "",
    headline: bool = False,
    chapter: str | None = None,
) -> Statistic:
    """Register the figure ``key`` (its app label first, then dotted names)."""
    if not _KEY.match(key):
        raise ValueError(f"statistic key {key!r} is not dotted lower_snake_case")
    aggregate = aggregate or Count()
    if not isinstance(aggregate, Ratio) and (records is None or period is None):
        raise ValueError(f"statistic {key!r} needs a record set and a period rule")
    stat = Statistic(
        key=key,
        label=label,
        unit=unit,
        records=records,
        period=period,
        filters=filters or Q(),
        aggregate=aggregate,
        description=description,
        headline=headline,
        chapter=chapter or key.split(".", 1)[0],
    )
    if key in _registry:
        raise ValueError(f"statistic {key!r} is registered twice")
    _registry[key] = stat
    return stat


_loaded = False


def _load() -> None:
    """Import every app's ``statistics`` module, once per process."""
    global _loaded
    if _loaded:
        return
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("statistics")
    _loaded = True


def registered() -> list[Statistic]:
    _load()
    return [_registry[k] for k in sorted(_registry)]


def get(key: str) -> Statistic:
    _load()
    try:
        return _registry[key]
    except KeyError:
        raise ValidationError(_("没有名为“%(key)s”的统计指标。") % {"key": key}) from None


# --- the figures ---------------------------------------------------------------------------------


def _with_dependencies(keys: Iterable[str]) -> list[Statistic]:
    wanted: dict[str, Statistic] = {}
    for key in keys:
        stat = get(key)
        if isinstance(stat.aggregate, Ratio):
            for part in (stat.aggregate.numerator, stat.aggregate.denominator):
                wanted.setdefault(part, get(part))
        wanted[key] = stat
    return list(wanted.values())


def _grouped_sql(
    stats: Sequence[Statistic], street_ids: Sequence[int], period: Period
) -> tuple[str, Sequence[Any]]:
    """One record set's figures for several streets: a conditional aggregate grouped by street,
    over the records that fall in the period by any of the figures' rules."""
    records = stats[0].records
    assert records is not None
    model = records.model
    path = records.street_path
    placed = Q()
    for rule in {s.period for s in stats}:
        assert rule is not None
        placed |= rule.q(model, period)
    queryset: QuerySet[Any] = model._default_manager.filter(
        **{f"{path}__in": list(street_ids)}
    ).filter(placed)
    annotations: dict[str, Any] = {}
    for stat in stats:
        annotations.update(stat.aggregate.annotations(period))
    if annotations:
        queryset = queryset.annotate(**annotations)
    aggregates = {f"f{i}": s.aggregate.expression(s.condition(period)) for i, s in enumerate(stats)}
    grouped = queryset.values(sid=models.F(path)).annotate(**aggregates).order_by()
    sql, params = grouped.query.sql_with_params()
    return sql, params


# The statement of a set of figures depends on the period and the streets only through its
# parameters, so it is built once per set of figures and number of streets, with stand-in values
# that no declaration uses, and each later call binds the real ones in their places. Building the
# statement through the ORM costs some ten times what running it does.
_STAND_IN = Period(dt.date(1111, 1, 11), dt.date(1122, 2, 22))
_STAND_IN_STREET = -987_654_321


def _slots(period: Period) -> dict[tuple[str, str], Any]:
    """The values a period puts into a statement, by name and form: as Python gives them and as
    the database backend adapts them before they reach the statement (SQLite: text)."""
    ops = connection.ops
    lower, upper = period.instants()
    slots: dict[tuple[str, str], Any] = {}
    for name, value in (("start", period.start), ("end", period.end)):
        slots[(name, "raw")] = value
        slots[(name, "adapted")] = ops.adapt_datefield_value(value)
    for name, value in (("lower", lower), ("upper", upper)):
        slots[(name, "raw")] = value
        slots[(name, "adapted")] = ops.adapt_datetimefield_value(value)
    return slots


@dataclass(frozen=True)
class _Plan:
    statement: str
    # Per parameter: ("value", a declared constant), ("period", a slot) or ("street", i).
    bindings: tuple[tuple[str, Any], ...]
    order: tuple[Statistic, ...]
    groups: tuple[tuple[Statistic, ...], ...]

    def params(self, street_ids: Sequence[int], period: Period) -> list[Any]:
        slots = _slots(period)
        bound: list[Any] = []
        for kind, value in self.bindings:
            if kind == "period":
                bound.append(slots[value])
            elif kind == "street":
                bound.append(street_ids[value])
            else:
                bound.append(value)
        return bound


_plans: dict[tuple[str, int, tuple[int, ...]], _Plan] = {}


def _plan(groups: list[list[Statistic]], streets: int) -> _Plan:
    """The statement giving ``groups`` (figures by record set) for ``streets`` streets."""
    signature = tuple(id(stat) for group in groups for stat in group)
    key = (connection.vendor, streets, signature)
    cached = _plans.get(key)
    # The plan holds its figures, so the ids it was filed under still name them.
    if cached is not None and cached.groups == tuple(tuple(g) for g in groups):
        return cached
    stand_in_ids = [_STAND_IN_STREET - i for i in range(streets)]
    q = connection.ops.quote_name
    columns: list[str] = [f"s.{q('id')}"]
    joins: list[str] = []
    params: list[Any] = []
    order: list[Statistic] = []
    for n, group in enumerate(groups):
        sql, group_params = _grouped_sql(group, stand_in_ids, _STAND_IN)
        joins.append(f"LEFT JOIN ({sql}) t{n} ON t{n}.{q('sid')} = s.{q('id')}")
        params.extend(group_params)
        columns.extend(f"t{n}.{q(f'f{i}')}" for i in range(len(group)))
        order.extend(group)
    from fazhi.org.models import Street as StreetModel

    placeholders = ", ".join(["%s"] * streets)
    statement = (
        f"SELECT {', '.join(columns)} FROM {q(StreetModel._meta.db_table)} s "
        f"{' '.join(joins)} WHERE s.{q('id')} IN ({placeholders})"
    )
    params.extend(stand_in_ids)
    slot_of = {(type(value), value): slot for slot, value in _slots(_STAND_IN).items()}
    bindings: list[tuple[str, Any]] = []
    for value in params:
        slot = slot_of.get((type(value), value))
        if slot is not None:
            bindings.append(("period", slot))
        elif type(value) is int and value in stand_in_ids:
            bindings.append(("street", _STAND_IN_STREET - value))
        else:
            # A stand-in in a form not foreseen would bind the wrong value on every later call.
            assert not any(year in str(value) for year in ("1111", "1122", "987654")), value
            bindings.append(("value", value))
    plan = _Plan(statement, tuple(bindings), tuple(order), tuple(tuple(g) for g in groups))
    _plans[key] = plan
    return plan


def compute_many(
    streets: Sequence[Street], period: Period, keys: Iterable[str] | None = None
) -> dict[int, dict[str, Number]]:
    """Every requested figure (all by default) for several streets, by street id then key:
    all record sets in one statement."""
    wanted_keys = list(keys) if keys is not None else [s.key for s in registered()]
    stats = _with_dependencies(wanted_keys)
    street_ids = [s.pk for s in streets]
    by_set: dict[RecordSet, list[Statistic]] = defaultdict(list)
    for stat in stats:
        if stat.records is not None:
            by_set[stat.records].append(stat)
    results: dict[int, dict[str, Number]] = {sid: {} for sid in street_ids}
    if street_ids and by_set:
        plan = _plan(list(by_set.values()), len(street_ids))
        order = plan.order
        # One statement of hand-built SQL, which the database router does not see: it goes
        # where the ORM's reads go now (a replica inside replica_reads()).
        with connections[read_alias() or DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute(plan.statement, plan.params(street_ids, period))
            for row in cursor.fetchall():
                values = results[row[0]]
                for stat, value in zip(order, row[1:], strict=True):
                    values[stat.key] = stat.aggregate.convert(value)
    for values in results.values():
        for stat in stats:
            if isinstance(stat.aggregate, Ratio):
                values[stat.key] = stat.aggregate.of(values)
    return {sid: {k: values[k] for k in wanted_keys} for sid, values in results.items()}


def compute(street: Street, period: Period, keys: Iterable[str] | None = None) -> dict[str, Number]:
    """Every requested figure (all by default) for one street and period, by key."""
    return compute_many([street], period, keys)[street.pk]


# --- the records behind a figure -------------------------------------------------------------------


def _related_model(model: type[models.Model], path: str) -> type[models.Model]:
    related = _field_at(model, path).related_model
    assert related is not None and not isinstance(related, str)
    return related


def record_model(stat: Statistic) -> type[models.Model]:
    """The kind of record the figure's records page lists."""
    basis = stat.basis()
    assert basis.records is not None
    if isinstance(basis.aggregate, CountDistinct):
        return _related_model(basis.records.model, basis.aggregate.field)
    return basis.records.model


def _slice_q(basis: Statistic, by: str, value: str) -> Q:
    """The records of one bar of a breakdown (a month "2020-03", a village or grid id, a
    dimension's value); an unknown breakdown or value is refused."""
    assert basis.records is not None and basis.period is not None
    records = basis.records
    if by == BY_MONTH and basis.period.month_field():
        try:
            month = dt.date.fromisoformat(f"{value}-01")
        except ValueError:
            raise ValidationError(_("月份“%(value)s”格式不正确。") % {"value": value}) from None
        last = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
        return During(basis.period.month_field() or "").q(records.model, Period(month, last))
    path = {BY_VILLAGE: records.village, BY_GRID: records.grid}.get(by)
    if path is None and by in records.dimensions:
        path = records.dimensions[by].field
    if path is None:
        raise ValidationError(_("该指标不能按“%(by)s”分组。") % {"by": by})
    if value == "":
        empty = Q(**{f"{path}__isnull": True})
        if isinstance(_field_at(records.model, path), models.CharField):
            empty |= Q(**{path: ""})  # a blank choice is grouped with the missing ones
        return empty
    return Q(**{path: value})


def records(
    stat: Statistic,
    street: Street,
    period: Period,
    user: Any,
    *,
    by: str | None = None,
    value: str | None = None,
) -> QuerySet[Any]:
    """The records behind the figure (or one bar of its breakdown ``by``), as ``user`` may see
    them: their count — or for a sum, the sum of their field — is the figure."""
    basis = stat.basis()
    assert basis.records is not None
    model = basis.records.model
    condition = basis.condition(period)
    if by:
        condition &= _slice_q(basis, by, value or "")
    base = model._default_manager.filter(**{basis.records.street_path: street}).filter(condition)
    annotations = basis.aggregate.annotations(period)
    if isinstance(basis.aggregate, CountDistinct):
        target = _related_model(model, basis.aggregate.field)
        ids = base.values(basis.aggregate.field)
        return target._default_manager.for_user(user).filter(pk__in=ids)  # type: ignore[attr-defined,no-any-return]
    scoped = model._default_manager.for_user(user).filter(pk__in=base.values("pk"))  # type: ignore[attr-defined]
    related = [
        name
        for name in basis.records.columns
        if isinstance(model._meta.get_field(name), models.ForeignKey)
    ]
    if related:
        scoped = scoped.select_related(*related)
    if annotations:
        scoped = scoped.annotate(**annotations)
    return scoped  # type: ignore[no-any-return]


def records_total(stat: Statistic, queryset: QuerySet[Any]) -> Number:
    """What the records page shows as its total: the count, or the sum the figure adds up."""
    basis = stat.basis()
    aggregate = basis.aggregate
    if isinstance(aggregate, Sum):
        return aggregate.convert(queryset.aggregate(total=models.Sum(aggregate.field))["total"])
    if isinstance(aggregate, SumLatest):
        return aggregate.convert(queryset.aggregate(total=models.Sum(aggregate.alias))["total"])
    return queryset.count()


# --- breakdowns ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    """One group of a breakdown: its value for ``records(..., by=…, value=key)``, a label and the
    figure's number within it."""

    key: str
    label: str
    value: Number


def _labels_of(records: RecordSet, by: str, keys: Iterable[Any]) -> dict[Any, str]:
    """Human labels of a breakdown's group keys, in one query where they name records."""
    keys = [k for k in keys if k is not None]
    if by == BY_VILLAGE and records.village:
        from fazhi.org.models import Village

        return dict(Village.objects.filter(pk__in=keys).values_list("pk", "name"))
    if by == BY_GRID and records.grid:
        from fazhi.org.models import Grid

        return dict(Grid.objects.filter(pk__in=keys).values_list("pk", "code"))
    dimension = records.dimensions[by]
    target = _field_at(records.model, dimension.field)
    if target.choices:
        return {k: str(label) for k, label in target.flatchoices}
    if target.related_model is not None and not isinstance(target.related_model, str):
        related = target.related_model
        return {obj.pk: str(obj) for obj in related._default_manager.filter(pk__in=keys)}
    return {k: str(k) for k in keys}


def breakdown(stat: Statistic, street: Street, period: Period, by: str) -> list[Bar]:
    """The figure split by month, village, grid or a dimension, in one grouped query; groups
    without records are left out (months are listed in order, the rest by number, largest
    first)."""
    return breakdown_many(stat, [street], period, by)[street.pk]


def _local_month(month: dt.date | dt.datetime) -> dt.date:
    if isinstance(month, dt.datetime):
        return timezone.localtime(month).date() if timezone.is_aware(month) else month.date()
    return month


def breakdown_many(
    stat: Statistic, streets: Sequence[Street], period: Period, by: str
) -> dict[int, list[Bar]]:
    """The breakdown ``by`` for each of several streets (by id), in one grouped query (and one
    for the groups' names) whatever the number of streets."""
    if stat.derived:
        raise ValidationError(_("比率类指标不能分组统计。"))
    assert stat.records is not None and stat.period is not None
    records = stat.records
    if by not in dict(stat.breakdowns()):
        raise ValidationError(_("该指标不能按“%(by)s”分组。") % {"by": by})
    street_path = records.street_path
    base: QuerySet[Any] = records.model._default_manager.filter(
        **{f"{street_path}__in": [s.pk for s in streets]}
    ).filter(stat.condition(period))
    annotations = stat.aggregate.annotations(period)
    if annotations:
        base = base.annotate(**annotations)
    measure = stat.aggregate.expression(Q())
    result: dict[int, list[Bar]] = {s.pk: [] for s in streets}
    if by == BY_MONTH:
        month_field = stat.period.month_field()
        assert month_field is not None
        trunc: TruncMonth
        if isinstance(_field_at(records.model, month_field), models.DateTimeField):
            trunc = TruncMonth(month_field, tzinfo=timezone.get_default_timezone())
        else:
            trunc = TruncMonth(month_field, output_field=models.DateField())
        rows = base.values(sid=models.F(street_path), bucket=trunc).annotate(n=measure)
        for row in rows.order_by("sid", "bucket"):
            month = _local_month(row["bucket"])
            result[row["sid"]].append(
                Bar(
                    key=f"{month:%Y-%m}",
                    label=_("%(year)d年%(month)d月") % {"year": month.year, "month": month.month},
                    value=stat.aggregate.convert(row["n"]),
                )
            )
        return result
    path = {BY_VILLAGE: records.village, BY_GRID: records.grid}.get(by) or (
        records.dimensions[by].field
    )
    grouped = list(
        base.values(sid=models.F(street_path), bucket=models.F(path)).annotate(n=measure).order_by()
    )
    labels = _labels_of(records, by, {row["bucket"] for row in grouped})
    for row in grouped:
        result[row["sid"]].append(
            Bar(
                key="" if row["bucket"] is None else str(row["bucket"]),
                label=labels.get(row["bucket"], _("未填写")),
                value=stat.aggregate.convert(row["n"]),
            )
        )
    return {sid: sorted(bars, key=lambda b: (-b.value, b.label)) for sid, bars in result.items()}


def breakdown_by_street(stat: Statistic, streets: Sequence[Street], period: Period) -> list[Bar]:
    """The figure for each of several streets (a district's comparison), one statement."""
    values = compute_many(streets, period, [stat.key])
    return [Bar(key=str(s.pk), label=s.name, value=values[s.pk][stat.key]) for s in streets]
