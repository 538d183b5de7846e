"""Checking and creating many records at once, as ``model_create`` does one: the same
validation (``full_clean``) with the queries it makes per record made once for all, one
``bulk_create`` per batch, and one audit row per record.

A service's bulk variant (``consultation_create_many`` beside ``consultation_create``) applies
its own rules to each row, then hands the prepared records to ``create_in_bulk``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TypeVar, cast

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, connections, models, router, transaction
from django.db.models import UniqueConstraint

from fazhi.audit.models import Action
from fazhi.audit.services import batched, record
from fazhi.core.services import integrity_message, snapshot

M = TypeVar("M", bound=models.Model)

# Values per ``__in`` lookup: well under any database's limit on a statement's parameters.
IN_CHUNK = 900
INSERT_BATCH = 500


class RowsRejected(Exception):
    """Rows a bulk write refused, by their index in what it was given; nothing was written."""

    def __init__(self, errors: Mapping[int, ValidationError]) -> None:
        super().__init__(f"{len(errors)} rows refused")
        self.errors = dict(sorted(errors.items()))


def create_in_bulk(prepared: Sequence[M | ValidationError], *, actor: Any) -> list[M]:
    """Validate and create every prepared record, or none.

    ``prepared`` holds, per row, the unsaved record a service built from it or the
    ValidationError with which the service's own rules refused the row. The records are checked
    as ``model_create`` checks one (``clean_in_bulk``); any refusal raises RowsRejected naming
    every refused row. Otherwise they are inserted in batches, each followed by its audit row
    (chained in memory by ``audit.services.batched`` and written with the batch).
    """
    errors = {i: item for i, item in enumerate(prepared) if isinstance(item, ValidationError)}
    instances = [(i, item) for i, item in enumerate(prepared) if not isinstance(item, Exception)]
    for position, error in clean_in_bulk([obj for _, obj in instances]).items():
        errors[instances[position][0]] = error
    if errors:
        raise RowsRejected(errors)
    records = [obj for _, obj in instances]
    if not records:
        return []
    model = type(records[0])
    with batched(), transaction.atomic():
        try:
            with transaction.atomic():
                model._default_manager.bulk_create(records, batch_size=INSERT_BATCH)
        except IntegrityError as exc:  # a concurrent write took a unique value meanwhile
            raise ValidationError(integrity_message(exc)) from exc
        for obj in records:
            if obj.pk is None:  # bulk_create gives ids on PostgreSQL and SQLite ≥ 3.35
                raise RuntimeError("the database did not return the ids of the new rows")
            record(actor=actor, action=Action.CREATE, obj=obj, after=snapshot(obj))
    return records


def clean_in_bulk(
    instances: Sequence[models.Model], *, exclude: Iterable[str] = ()
) -> dict[int, ValidationError]:
    """``full_clean`` of each unsaved record, with what it would ask the database per record
    asked once for all: that linked records exist, and that unique fields and unconditional
    unique constraints are not taken (by a saved record or by an earlier one of the list).

    Returns the errors by the record's index, each as ``full_clean`` would raise it.
    """
    if not instances:
        return {}
    model = type(instances[0])
    exclude = set(exclude)
    links: list[Any] = [
        f
        for f in model._meta.concrete_fields
        if f.many_to_one
        and not getattr(f.remote_field, "parent_link", False)
        and f.name not in exclude
    ]
    errors: dict[int, dict[str, list[ValidationError]]] = {}
    for i, obj in enumerate(instances):
        # A link holding a value is checked below, by one query per field for all records.
        skip = exclude | {f.name for f in links if getattr(obj, f.attname) is not None}
        try:
            obj.full_clean(exclude=skip, validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            errors[i] = exc.update_error_dict({})
    for field in links:
        _check_links(instances, field, errors)

    # As full_clean: uniqueness is checked only for fields that passed their own checks.
    def skipped(i: int) -> set[str]:
        return exclude | {name for name in errors.get(i, {}) if name != NON_FIELD_ERRORS}

    first: Any = instances[0]  # Django's own unique checks, as validate_unique lists them
    unique_checks, date_checks = first._get_unique_checks(
        exclude=exclude, include_meta_constraints=False
    )
    for model_class, fields in unique_checks:
        _check_unique(instances, model_class, fields, skipped, errors, constraint=None)
    using = router.db_for_write(model)
    for model_class, constraints in first.get_constraints():
        constraint: Any
        for constraint in constraints:
            if _bulk_checkable(constraint):
                assert isinstance(constraint, UniqueConstraint)
                _check_unique(
                    instances, model_class, constraint.fields, skipped, errors, constraint
                )
                continue
            for i, obj in enumerate(instances):  # a check or conditional constraint
                try:
                    constraint.validate(model_class, obj, exclude=skipped(i), using=using)
                except ValidationError as exc:
                    _add_constraint_error(errors, i, exc, constraint)
    if date_checks:
        for i, each in enumerate(instances):
            found = cast(Any, each)._perform_date_checks(
                [c for c in date_checks if c[2] not in skipped(i) and c[3] not in skipped(i)]
            )
            for name, messages in found.items():
                errors.setdefault(i, {}).setdefault(name, []).extend(messages)
    return {i: ValidationError(found) for i, found in sorted(errors.items())}


def _check_links(
    instances: Sequence[models.Model],
    field: Any,
    errors: dict[int, dict[str, list[ValidationError]]],
) -> None:
    """ForeignKey.validate for every record: the linked record exists (and fits the field's
    ``limit_choices_to``)."""
    values = {getattr(obj, field.attname) for obj in instances} - {None}
    if not values:
        return
    target = field.remote_field.field_name
    remote = field.remote_field.model
    using = router.db_for_read(remote)
    found: set[Any] = set()
    ordered = sorted(values, key=str)
    for start in range(0, len(ordered), IN_CHUNK):
        qs = remote._base_manager.using(using).filter(
            **{f"{target}__in": ordered[start : start + IN_CHUNK]}
        )
        found.update(qs.complex_filter(field.get_limit_choices_to()).values_list(target, flat=True))
    for i, obj in enumerate(instances):
        value = getattr(obj, field.attname)
        if value is not None and value not in found:
            error = ValidationError(
                field.error_messages["invalid"],
                code="invalid",
                params={
                    "model": remote._meta.verbose_name,
                    "pk": value,
                    "field": target,
                    "value": value,
                },
            )
            errors.setdefault(i, {}).setdefault(field.name, []).append(error)


def _bulk_checkable(constraint: Any) -> bool:
    """A unique constraint on plain fields, unconditional: checked with a set of keys."""
    return (
        isinstance(constraint, UniqueConstraint)
        and bool(constraint.fields)
        and not constraint.expressions
        and constraint.condition is None
        and constraint.nulls_distinct is not False
    )


def _check_unique(
    instances: Sequence[models.Model],
    model_class: type[models.Model],
    fields: Sequence[str],
    skipped: Any,
    errors: dict[int, dict[str, list[ValidationError]]],
    constraint: UniqueConstraint | None,
) -> None:
    """A unique field, unique_together or unique constraint over all records at once: a key
    taken by a saved record, or by an earlier record of the list, is refused."""
    meta = model_class._meta
    columns: list[Any] = [meta.get_field(name) for name in fields]
    if any(getattr(f, "generated", False) for f in columns):
        for i, obj in enumerate(instances):  # computed in the database: one by one
            if constraint is not None:
                try:
                    cast(Any, constraint).validate(model_class, obj, exclude=skipped(i))
                except ValidationError as exc:
                    _add_constraint_error(errors, i, exc, constraint)
        return
    empty_is_null = connections[
        router.db_for_write(model_class)
    ].features.interprets_empty_strings_as_nulls
    keys: dict[int, tuple[Any, ...]] = {}
    for i, obj in enumerate(instances):
        if any(name in skipped(i) for name in fields):
            continue
        key = tuple(getattr(obj, f.attname) for f in columns)
        if any(v is None or (v == "" and empty_is_null) for v in key):
            continue  # as Django: no value, no check
        if any(f.primary_key for f in columns) and not obj._state.adding:
            continue
        keys[i] = key
    if not keys:
        return
    # Ask by the field whose values differ most: the fewest saved rows come back.
    distinct = [len({key[n] for key in keys.values()}) for n in range(len(columns))]
    by = max(range(len(columns)), key=lambda n: distinct[n])
    wanted = sorted({key[by] for key in keys.values()}, key=str)
    taken: set[tuple[Any, ...]] = set()
    attnames = [f.attname for f in columns]
    for start in range(0, len(wanted), IN_CHUNK):
        qs = model_class._default_manager.filter(
            **{f"{attnames[by]}__in": wanted[start : start + IN_CHUNK]}
        )
        taken.update(tuple(row) for row in qs.values_list(*attnames))
    seen: set[tuple[Any, ...]] = set()
    for i, key in keys.items():
        if key in taken or key in seen:
            obj = instances[i]
            if constraint is not None and (
                constraint.violation_error_message != constraint.default_violation_error_message
            ):
                error = ValidationError(
                    constraint.get_violation_error_message(),
                    code=constraint.violation_error_code,
                )
            else:
                error = obj.unique_error_message(model_class, tuple(fields))
            name = fields[0] if len(fields) == 1 else NON_FIELD_ERRORS
            errors.setdefault(i, {}).setdefault(name, []).append(error)
        seen.add(key)


def _add_constraint_error(
    errors: dict[int, dict[str, list[ValidationError]]],
    i: int,
    exc: ValidationError,
    constraint: Any,
) -> None:
    """As Model.validate_constraints files a constraint's error."""
    fields: Sequence[str] = getattr(constraint, "fields", ())
    if getattr(exc, "code", None) == "unique" and len(fields) == 1:
        errors.setdefault(i, {}).setdefault(fields[0], []).append(exc)
        return
    merged: dict[str, list[Any]] = exc.update_error_dict({})
    row = errors.setdefault(i, {})
    for name, messages in merged.items():
        row.setdefault(name, []).extend(messages)
