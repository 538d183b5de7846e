"""Generic writes every app's services build on: validated, audited, in one transaction.

An entity's service (``village_create``, ``grid_update`` …) names its own arguments and
rules, then calls these so that validation and the audit row are never forgotten.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from typing import Any, TypeVar

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models.deletion import ProtectedError, RestrictedError
from django.utils.translation import gettext as _

from fazhi.audit.models import Action
from fazhi.audit.services import record
from fazhi.core.formats import cn_date
from fazhi.core.language import product_language
from fazhi.core.models import CalendarDay, CalendarYear

M = TypeVar("M", bound=models.Model)


def snapshot(instance: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The concrete field values of ``instance`` (foreign keys as ids), for the audit row."""
    names = set(fields) if fields is not None else None
    data: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if names is not None and field.name not in names:
            continue
        if field.name in {"password", "created_at", "updated_at"}:
            continue
        value = getattr(instance, field.attname)
        if isinstance(field, models.FileField):
            value = value.name or ""  # a stored file by its name; no file is "" however stored
        data[field.name] = value
    return data


def _m2m_snapshot(instance: models.Model, m2m: Mapping[str, Any]) -> dict[str, Any]:
    return {name: sorted(getattr(instance, name).values_list("pk", flat=True)) for name in m2m}


_database_checks_trusted: ContextVar[bool] = ContextVar("database_checks_trusted", default=False)


@contextmanager
def database_checks_trusted() -> Iterator[None]:
    """Within the block, ``full_clean`` leaves to the database what the database enforces itself:
    that a related record exists (its foreign keys), and the unique and check constraints.

    Only for a whole-or-nothing load of records that the loader makes itself (the demo): a
    record breaking such a rule then fails the whole load at its insert or at the commit,
    instead of as a form's message. Every other rule (a field's validators and choices, a
    model's ``clean``, a service's own checks) is checked as always.
    """
    token = _database_checks_trusted.set(True)
    try:
        yield
    finally:
        _database_checks_trusted.reset(token)


def full_clean(instance: models.Model, exclude: Iterable[str] | None = None) -> None:
    """``instance.full_clean(exclude)``; inside ``database_checks_trusted`` without the queries
    whose rules the database enforces anyway."""
    names = set(exclude or ())
    if not _database_checks_trusted.get():
        instance.full_clean(exclude=names or None)
        return
    names.update(
        f.name
        for f in instance._meta.concrete_fields
        if (f.many_to_one or f.one_to_one) and not getattr(f.remote_field, "limit_choices_to", None)
    )
    instance.full_clean(exclude=names, validate_unique=False, validate_constraints=False)


def refuse_unknown_fields(
    model: type[models.Model], fields: Mapping[str, Any], allowed: Iterable[str]
) -> None:
    """Refuse fields a generic write may not set (each has its own service), naming them by
    their labels."""
    unknown = sorted(set(fields) - set(allowed))
    if unknown:
        labels = []
        for name in unknown:
            try:
                labels.append(str(model._meta.get_field(name).verbose_name))  # type: ignore[union-attr]
            except FieldDoesNotExist:
                labels.append(name)
        raise ValidationError(
            _("以下内容须通过相应的登记功能记录，不能直接填写：%(fields)s。")
            % {"fields": _("、").join(labels)}
        )


def model_create(
    model: type[M],
    *,
    actor: Any,
    data: Mapping[str, Any],
    m2m: Mapping[str, Any] | None = None,
) -> M:
    """Create, validate and audit one record (many-to-many values set after saving)."""
    instance = model(**data)
    full_clean(instance)
    with transaction.atomic():
        try:
            instance.save()
        except IntegrityError as exc:
            raise ValidationError(integrity_message(exc)) from exc
        for name, values in (m2m or {}).items():
            getattr(instance, name).set(values)
        after = snapshot(instance) | (_m2m_snapshot(instance, m2m) if m2m else {})
        record(actor=actor, action=Action.CREATE, obj=instance, after=after)
    return instance


def model_update(
    instance: M,
    *,
    actor: Any,
    data: Mapping[str, Any],
    m2m: Mapping[str, Any] | None = None,
) -> tuple[M, bool]:
    """Apply ``data`` to a locked copy of ``instance``; audit the changed fields only.

    Returns the record and whether anything changed.
    """
    model = type(instance)
    with transaction.atomic():
        locked = model._base_manager.select_for_update().get(pk=instance.pk)
        before_all = snapshot(locked) | (_m2m_snapshot(locked, m2m) if m2m else {})
        for name, value in data.items():
            setattr(locked, name, value)
        full_clean(locked)
        after_all = snapshot(locked)
        changed = [k for k in after_all if before_all.get(k) != after_all[k]]
        if changed:
            try:
                with transaction.atomic():
                    locked.save(update_fields=[*changed, *_auto_now_fields(locked)])
            except IntegrityError as exc:
                raise ValidationError(integrity_message(exc)) from exc
        for name, values in (m2m or {}).items():
            getattr(locked, name).set(values)
        if m2m:
            after_all |= _m2m_snapshot(locked, m2m)
            changed += [k for k in m2m if before_all.get(k) != after_all[k]]
        if changed:
            record(
                actor=actor,
                action=Action.UPDATE,
                obj=locked,
                before={k: before_all.get(k) for k in changed},
                after={k: after_all[k] for k in changed},
            )
    return locked, bool(changed)


def model_transition(
    locked: M,
    *,
    actor: Any,
    changes: Mapping[str, Any],
    m2m: Mapping[str, Iterable[Any]] | None = None,
    extra: dict[str, Any] | None = None,
    derive: Callable[[M], Mapping[str, Any]] | None = None,
) -> None:
    """Apply ``changes`` to the locked row (then what ``derive`` makes of the changed row),
    validate, save and audit them as one state change (``Action.TRANSITION``).

    The caller locked the row (``select_for_update``) and checked the state it starts from,
    inside the transaction this runs in."""
    before_all = snapshot(locked)
    for name in m2m or {}:
        before_all[name] = sorted(getattr(locked, name).values_list("pk", flat=True))
    for name, value in changes.items():
        setattr(locked, name, value)
    for name, value in (derive(locked) if derive is not None else {}).items():
        setattr(locked, name, value)
    full_clean(locked)
    after_all = snapshot(locked)
    names = [
        *changes,
        *(k for k in after_all if k not in changes and after_all[k] != before_all[k]),
    ]
    auto_now = [f.name for f in locked._meta.concrete_fields if getattr(f, "auto_now", False)]
    locked.save(update_fields=[*names, *auto_now])
    for name, values in (m2m or {}).items():
        getattr(locked, name).set(list(values))
        after_all[name] = sorted(getattr(locked, name).values_list("pk", flat=True))
        names.append(name)
    before = {k: before_all.get(k) for k in names}
    after = {k: after_all.get(k) for k in names}
    record(
        actor=actor,
        action=Action.TRANSITION,
        obj=locked,
        before=before,
        after=after,
        extra=extra,
        street=getattr(locked, "street_id", None),
    )


def model_delete(instance: models.Model, *, actor: Any) -> None:
    """Delete one record; refuse with a clear message while other records still use it."""
    with transaction.atomic():
        before = snapshot(instance)
        label, pk, text, street_id = (
            instance._meta.label_lower,
            instance.pk,
            str(instance),
            getattr(instance, "street_id", None),
        )
        with product_language():
            audit_text = str(instance)  # the audit log's language, as record() writes it
        try:
            with transaction.atomic():
                instance.delete()
        except (ProtectedError, RestrictedError) as exc:
            users = (
                {str(obj._meta.verbose_name) for obj in exc.protected_objects}
                if isinstance(exc, ProtectedError)
                else {str(obj._meta.verbose_name) for obj in exc.restricted_objects}
            )
            raise ValidationError(
                _("“%(object)s”仍被%(users)s使用，不能删除；可先解除关联，或填写撤销（离岗）日期。")
                % {"object": text, "users": _("、").join(sorted(users))}
            ) from exc
        record(
            actor=actor,
            action=Action.DELETE,
            object_type=label,
            object_id=pk,
            object_repr=audit_text,
            street=street_id,
            before=before,
        )


def _auto_now_fields(instance: models.Model) -> list[str]:
    return [f.name for f in instance._meta.concrete_fields if getattr(f, "auto_now", False)]


def integrity_message(exc: IntegrityError) -> str:
    text = str(exc).lower()
    if "unique" in text or "duplicate" in text:
        return _("已存在相同的记录，请检查名称或编号是否重复。")
    if "foreign key" in text:
        return _("所引用的记录不存在或已被删除。")
    return _("数据不符合约束条件，未保存。")


# --- The working-day calendar (节假日安排), kept by the system administrator ------------------


def calendar_day_set(*, day: date, kind: str, name: str, actor: Any, note: str = "") -> CalendarDay:
    """Enter ``day`` as a holiday or a make-up working day, or change its entry."""
    with transaction.atomic():
        entry = CalendarDay.objects.select_for_update().filter(day=day).first()
        data = {"kind": kind, "name": name, "note": note}
        if entry is None:
            return model_create(CalendarDay, actor=actor, data={"day": day, **data})
        return model_update(entry, actor=actor, data=data)[0]


def calendar_day_remove(*, day: date, actor: Any) -> None:
    """Remove the entry for ``day``: the package (or the ordinary week) decides it again."""
    with transaction.atomic():
        entry = CalendarDay.objects.select_for_update().filter(day=day).first()
        if entry is None:
            raise ValidationError(_("%(date)s没有录入的安排。") % {"date": cn_date(day)})
        model_delete(entry, actor=actor)


def calendar_year_declare(*, year: int, source: str, actor: Any) -> CalendarYear:
    """Declare ``year``'s arrangement fully entered, on the authority of ``source``.

    A year the package does not cover must have its holidays entered first: declaring an
    empty year would count its Spring Festival as working days.
    """
    from fazhi.core.workdays import package_day

    first = date(year, 1, 1) if 1 <= year <= 9999 else None
    if (
        first is not None
        and package_day(first) is None
        and not CalendarDay.objects.filter(day__year=year, kind=CalendarDay.Kind.HOLIDAY).exists()
    ):
        raise ValidationError(
            {"year": _("尚未录入%(year)s年的节假日，不能确认该年安排已录入完整。") % {"year": year}}
        )
    with transaction.atomic():
        declared = CalendarYear.objects.select_for_update().filter(year=year).first()
        if declared is None:
            return model_create(CalendarYear, actor=actor, data={"year": year, "source": source})
        return model_update(declared, actor=actor, data={"source": source})[0]


def calendar_year_withdraw(*, year: int, actor: Any) -> None:
    """Withdraw the declaration: the year's dates not entered are unknown again."""
    with transaction.atomic():
        declared = CalendarYear.objects.select_for_update().filter(year=year).first()
        if declared is None:
            raise ValidationError(_("%(year)s年尚未确认录入完整。") % {"year": year})
        model_delete(declared, actor=actor)


def calendar_year_load(
    *, year: int, days: Sequence[tuple[date, str, str]], source: str, actor: Any
) -> CalendarYear:
    """Replace ``year``'s entries by ``days`` (date, kind, name) read from the State Council's
    notice, and declare the year fully entered on the authority of ``source``: all or nothing.

    One audit row names the year, the notice and every date before and after.
    """
    errors = []
    if not source.strip():
        errors.append(_("请填写依据文件，例如：国办发明电〔2025〕7号。"))
    if not any(kind == CalendarDay.Kind.HOLIDAY for _day, kind, _name in days):
        errors.append(_("没有放假的日期，不能作为%(year)s年的节假日安排。") % {"year": year})
    if any(day.year != year for day, _kind, _name in days):
        errors.append(_("有日期不在%(year)s年内。") % {"year": year})
    if len({day for day, _kind, _name in days}) != len(days):
        errors.append(_("有日期重复。"))
    errors.extend(
        _("%(date)s是工作日，不能作为调休上班日。") % {"date": cn_date(day)}
        for day, kind, _name in days
        if kind == CalendarDay.Kind.WORKDAY and day.weekday() < 5
    )
    if errors:
        raise ValidationError(errors)
    entries = [CalendarDay(day=day, kind=kind, name=name) for day, kind, name in sorted(days)]
    for entry in entries:
        entry.full_clean(exclude=["day"])
    with transaction.atomic():
        existing = CalendarDay.objects.select_for_update().filter(day__year=year).order_by("day")
        before = [f"{e.day.isoformat()} {e.kind} {e.name}" for e in existing]
        existing.delete()
        CalendarDay.objects.bulk_create(entries)
        declared = CalendarYear.objects.select_for_update().filter(year=year).first()
        if declared is None:
            declared = CalendarYear(year=year, source=source)
        else:
            declared.source = source
        declared.full_clean(validate_unique=False)
        declared.save()
        record(
            actor=actor,
            action=Action.IMPORT,
            obj=declared,
            before={"days": before},
            after={
                "source": source,
                "days": [f"{e.day.isoformat()} {e.kind} {e.name}" for e in entries],
            },
        )
    return declared
