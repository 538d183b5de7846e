"""Generic REST endpoints for a record type, the API's counterpart of ``core.crud.Crud``.

An app describes an entity once::

    Resource(
        model=Village,
        path="villages",
        selector=selectors.village_list,
        filterset=filters.VillageFilter,
        form_class=forms.VillageForm,
        create=services.village_create,
        update=services.record_update,
        delete=services.record_delete,
    )

and gets list (filters of the page, cursor pagination by id), retrieve, create, update (PATCH)
and delete, each checking the same permission, data scope and rules as the pages:

* reads start from the app's selector (which applies ``for_user``) and ``get_for_user``;
* input is checked by the page's own ``ScopedModelForm`` (so related records must lie in the
  user's scope, and the messages are the pages' Chinese ones), then handed to the same service;
* schemas are built from the model, with each field's ``verbose_name`` as its description.

This module deliberately has no ``from __future__ import annotations``: ninja reads the
endpoint functions' annotations, which name schemas built at run time.
"""

import base64
import binascii
import functools
import inspect
import operator
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any, Literal, cast

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.fields.files import FieldFile
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.encoding import force_str
from ninja import Query, Router, Schema, Status
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    SerializationInfo,
    Strict,
    TypeAdapter,
    WithJsonSchema,
    create_model,
)
from pydantic_core import PydanticCustomError, PydanticUndefined

from fazhi.api.errors import (
    BAD_DATE,
    BAD_DATETIME,
    BAD_TIME,
    ERROR_RESPONSES,
    NULL_REFUSED,
    NULL_REFUSED_TEXT,
    REQUIRED,
    TIME_OTHER_DAY,
    InvalidInput,
)
from fazhi.core.access import get_for_user, require_perm
from fazhi.core.filters import FilterSet
from fazhi.core.forms import ScopedModelForm

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
NO_STREET = "您的账号未归属任何街道，不能新增记录。"
BAD_CURSOR = "分页游标无效，请去掉 cursor 参数从第一页重新开始。"


# --- schemas from models -------------------------------------------------------------------------


def _local_iso(value: datetime, info: SerializationInfo) -> str:
    """A date and time in the active time zone, as ISO text."""
    if not timezone.is_aware(value):
        return value.isoformat()
    # The zone is looked up once per answer (a page has hundreds of dates and times), kept in
    # the answer's context when it has one.
    context = info.context
    zone = context.get(_ANSWER_ZONE) if isinstance(context, dict) else None
    if zone is None:
        zone = timezone.get_current_timezone()
        if isinstance(context, dict):
            context[_ANSWER_ZONE] = zone
    return value.astimezone(zone).isoformat()


_ANSWER_ZONE = "fazhi.time_zone"


LocalDateTime = Annotated[datetime, PlainSerializer(_local_iso, return_type=str)]


def _pks(value: Any) -> Any:
    """Related records (a manager, queryset or list of instances) as their primary keys."""
    if hasattr(value, "all"):
        value = value.all()
    if isinstance(value, list | tuple | models.QuerySet):
        return [getattr(v, "pk", v) for v in value]
    return value


PkList = Annotated[list[int], BeforeValidator(_pks)]

_SCALAR_TYPES: list[tuple[type[models.Field], Any]] = [
    (models.BooleanField, bool),
    (models.AutoField, int),
    (models.BigAutoField, int),
    (models.IntegerField, int),
    (models.DecimalField, Decimal),
    (models.FloatField, float),
    (models.DateTimeField, datetime),
    (models.DateField, date),
    (models.TimeField, time),
    (models.JSONField, Any),
    (models.CharField, str),
    (models.TextField, str),
]


def describe(model_field: Any) -> str:
    """The field's Chinese label, with its help text and choices when it has them."""
    text = str(model_field.verbose_name)
    if getattr(model_field, "choices", None):
        text += "（" + "；".join(f"{v}：{label}" for v, label in model_field.choices) + "）"
    if getattr(model_field, "help_text", ""):
        text += "。" + str(model_field.help_text)
    return text


def model_field(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    """The model's own field ``name`` (reverse relations cannot be API fields)."""
    found = model._meta.get_field(name)
    if not isinstance(found, models.Field):
        raise TypeError(f"{model.__name__}.{name} is not a field of the model itself")
    return found


def _scalar_type(model_field: models.Field) -> Any:
    for django_type, python_type in _SCALAR_TYPES:
        if isinstance(model_field, django_type):
            return python_type
    raise TypeError(
        f"{model_field.model.__name__}.{model_field.name}: no API type for "
        f"{type(model_field).__name__}; add it to fazhi.api.resources._SCALAR_TYPES"
    )


def _output_field(model: type[models.Model], name: str) -> tuple[Any, Any]:
    field_ = model_field(model, name)
    info: dict[str, Any] = {"description": describe(field_)}
    if field_.many_to_many:
        return PkList, Field(**info)
    if field_.is_relation:
        python_type: Any = int
        info["validation_alias"] = field_.attname
    elif isinstance(field_, models.DateTimeField):
        python_type = LocalDateTime
    elif isinstance(field_, models.TimeField):
        python_type = LocalTimeOut
    elif field_.choices:
        python_type = str  # stored values outside today's choices must still be readable
    else:
        python_type = _scalar_type(field_)
    if field_.null:
        python_type = python_type | None
    return python_type, Field(**info)


class RecordOut(Schema):
    """Base of every answer schema: the record's id and display label come first."""

    id: int = Field(description="编号")
    label: str = Field(description="显示名称")

    @staticmethod
    def resolve_label(obj: models.Model) -> str:
        return str(obj)


def output_schema(model: type[models.Model], fields: Sequence[str]) -> type[Schema]:
    """The answer schema of ``model``: a display label, the fields, and choices' labels."""
    definitions: dict[str, Any] = {}
    for name in fields:
        if name == "id":
            continue
        definitions[name] = _output_field(model, name)
        field_ = model_field(model, name)
        if field_.choices:
            definitions[f"{name}_display"] = (
                str,
                Field(
                    validation_alias=f"get_{name}_display",
                    description=f"{field_.verbose_name}（中文）",
                ),
            )
    return create_model(f"{model.__name__}Out", __base__=RecordOut, **definitions)


class StrictSchema(Schema):
    """Request bodies refuse unknown fields: a misspelt field must not be silently ignored."""

    model_config = ConfigDict(extra="forbid")


# Ids are bounded so that a number past the database's integer reaches no query (SQLite
# raises OverflowError on it, a 500).
MAX_ID = 2**63 - 1
RecordId = Annotated[int, Strict(), Field(ge=1, le=MAX_ID)]
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}.*")
_ISO_TIME = re.compile(r"\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?")


def _iso_text(pattern: re.Pattern[str], kind: str, message: str) -> BeforeValidator:
    """Dates only as ISO text: pydantic would also read 0 or "1577836800" as a timestamp."""

    def check(value: Any) -> Any:
        if not isinstance(value, str) or not pattern.fullmatch(value):
            raise PydanticCustomError(kind, message)
        return value

    return BeforeValidator(check)


def _local_time(value: time) -> time:
    """A time of day as the platform's local time (北京时间), which is what a TimeField holds.

    A time with an offset is converted (Beijing time keeps no daylight saving, so today's
    offset is every day's); one that falls on another day in Beijing is refused, because the
    record's date would no longer be the one meant."""
    if value.utcoffset() is None:
        return value.replace(tzinfo=None)
    today = timezone.localdate()
    local = timezone.localtime(datetime.combine(today, value))
    if local.date() != today:
        raise PydanticCustomError(
            "time_other_day", TIME_OTHER_DAY, {"local": local.strftime("%H:%M")}
        )
    return local.time().replace(tzinfo=None)


# JSON Schema's "time" format is RFC 3339's, which requires an offset: a time of day here is
# Beijing time, written without one (an offset is accepted on input and converted).
LOCAL_TIME_OUT_SCHEMA = {"type": "string", "pattern": r"^\d{2}:\d{2}:\d{2}(\.\d{1,6})?$"}
LocalTimeOut = Annotated[time, WithJsonSchema(LOCAL_TIME_OUT_SCHEMA)]
LocalTime = Annotated[
    time,
    _iso_text(_ISO_TIME, "time_type", BAD_TIME),
    AfterValidator(_local_time),
    WithJsonSchema({"type": "string", "pattern": f"^{_ISO_TIME.pattern}$"}),
]
# A date or a date and time in a request body, as ISO text only.
IsoDate = Annotated[date, _iso_text(_ISO_DATE, "date_type", BAD_DATE)]
IsoDateTime = Annotated[datetime, _iso_text(_ISO_DATETIME, "datetime_type", BAD_DATETIME)]


def _null_refused(message: str) -> BeforeValidator:
    """null where the record cannot be empty: refused, never read as false, 0 or "none"."""

    def check(value: Any) -> Any:
        if value is None:
            raise PydanticCustomError("null_refused", message)
        return value

    return BeforeValidator(check)


def _integer_bounds(field_: models.Field[Any, Any]) -> dict[str, int]:
    """The model's own range for an integer (the database's), never past a 64-bit integer."""
    low, high = -MAX_ID - 1, MAX_ID
    for validator in field_.validators:
        if isinstance(validator, MinValueValidator) and isinstance(validator.limit_value, int):
            low = max(low, validator.limit_value)
        if isinstance(validator, MaxValueValidator) and isinstance(validator.limit_value, int):
            high = min(high, validator.limit_value)
    return {"ge": low, "le": high}


def _input_type(field_: models.Field[Any, Any]) -> tuple[Any, dict[str, Any]]:
    """The request body's type of a model field, strict: no value of another JSON type is
    converted (true is not id 1, "yes" is not true, "3" is not 3)."""
    constraints: dict[str, Any] = {}
    if field_.many_to_many:
        return list[RecordId], constraints
    if field_.is_relation:
        return RecordId, constraints
    if field_.choices:
        values = [v for v, _ in field_.choices]
        if field_.blank:
            values.append("")
        return Literal[tuple(values)], constraints
    python_type = _scalar_type(field_)
    if python_type is str:
        if field_.max_length:
            constraints["max_length"] = field_.max_length
        return Annotated[str, Strict()], constraints
    if python_type is bool:
        return Annotated[bool, Strict()], constraints
    if python_type is int:
        return Annotated[int, Strict()], _integer_bounds(field_)
    if python_type is date:
        return IsoDate, constraints
    if python_type is datetime:
        return IsoDateTime, constraints
    if python_type is time:
        return LocalTime, constraints
    return python_type, constraints


def _without_default(schema: dict[str, Any]) -> None:
    schema.pop("default", None)


def _json_value(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value


def input_schema(
    model: type[models.Model], form_class: type[forms.ModelForm], *, partial: bool
) -> type[Schema]:
    """The request body for creating (``partial=False``) or changing a record.

    The fields are the page form's; a field is required where the form requires it and the
    model offers no default. A field left out keeps its value (a new record's: the model's
    default). null is accepted only where the model allows an empty value (``null=True``);
    elsewhere it is refused, so that it is never taken for false, 0 or "no attendees".
    """
    definitions: dict[str, Any] = {}
    for name in form_class._meta.fields or ():
        form_field = form_class.base_fields.get(name)
        if form_field is None:  # not editable: the form does not offer it
            continue
        field_ = model_field(model, name)
        python_type, constraints = _input_type(field_)
        info: dict[str, Any] = {"description": describe(field_), **constraints}
        required = not partial and form_field.required and not field_.has_default()
        if field_.null:
            python_type = python_type | None
        else:
            text = isinstance(field_, models.CharField | models.TextField) and not field_.choices
            refusal = REQUIRED if required else NULL_REFUSED_TEXT if text else NULL_REFUSED
            python_type = Annotated[python_type, _null_refused(refusal)]
        if required:
            definitions[name] = (python_type, Field(**info))
            continue
        # Left out, the field is not set at all (model_dump(exclude_unset=True) drops it); the
        # schema shows the model's default for a new record, and no made-up null.
        shown = (
            {"json_schema_extra": {"default": _json_value(field_.get_default())}}
            if not partial and field_.has_default() and not callable(field_.default)
            else {"json_schema_extra": _without_default}
        )
        definitions[name] = (python_type, Field(None, **info, **shown))
    suffix = "Patch" if partial else "Create"
    return create_model(f"{model.__name__}{suffix}", __base__=StrictSchema, **definitions)


# --- file downloads ----------------------------------------------------------------------------


def file_download(description: str, content_types: Iterable[str]) -> dict[str, Any]:
    """The ``openapi_extra`` of a file download: its one 200 answer, with the file's types.

    The key is the number 200 as in ninja's ``response={200: None, ...}``, which this entry
    completes; a text key "200" would sit beside ninja's and the document carry 200 twice.
    """
    binary = {"schema": {"type": "string", "format": "binary"}}
    content = {content_type: binary for content_type in content_types}
    return {"responses": {200: {"description": description, "content": content}}}


# --- cursor pagination ------------------------------------------------------------------------


def encode_cursor(after_pk: int) -> str:
    return base64.urlsafe_b64encode(f"after:{after_pk}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    """The primary key a cursor points after; a malformed cursor is a 422 on ``cursor``."""
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        label, _, value = text.partition(":")
        if label != "after":
            raise ValueError(text)
        return int(value)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise InvalidInput({"cursor": [BAD_CURSOR]}) from None


def page_schema(item: type[Schema], name: str) -> type[Schema]:
    return create_model(
        f"{name}Page",
        __base__=Schema,
        results=(list[item], Field(description="本页记录，按编号（id）升序")),  # type: ignore[valid-type]
        next=(str | None, Field(None, description="下一页的完整地址；没有下一页时为 null")),
        next_cursor=(
            str | None,
            Field(None, description="下一页的 cursor 参数；没有下一页时为 null"),
        ),
    )


def paginate(
    request: HttpRequest, qs: models.QuerySet[Any], cursor: str | None, limit: int
) -> dict[str, Any]:
    """One page of ``qs`` in id order after ``cursor``; the next page's cursor if there is one."""
    qs = qs.order_by("pk")
    if cursor:
        qs = qs.filter(pk__gt=decode_cursor(cursor))
    rows = list(qs[: limit + 1])
    next_cursor = encode_cursor(rows[limit - 1].pk) if len(rows) > limit else None
    rows = rows[:limit]
    next_url = None
    if next_cursor is not None:
        params = request.GET.copy()
        params["cursor"] = next_cursor
        next_url = request.build_absolute_uri(f"{request.path}?{params.urlencode()}")
    return {"results": rows, "next": next_url, "next_cursor": next_cursor}


# --- list answers without ninja's per-row validation ---------------------------------------------
#
# ninja validates an answer by wrapping each record in a getter that looks every field up in
# Python (resolvers, aliases, calling methods) and then dumps the validated model: for a page of
# 50 records that is thousands of lookups, and every choice label is translated again for each
# row. A list page is instead read here into plain dicts (the model's own columns by one
# attrgetter per record), validated and dumped in one pass each by pydantic against a plain twin
# of the answer schema (same types, validators and serialisers, so the same values come out),
# and rendered by the API's renderer as ninja renders its own dump. Choice labels are
# translated once per language and page, and related records listed by id are read as ids only.


def _answer_value(value: Any) -> Any:
    """A record's attribute as ninja reads it for an answer (ninja's ``DjangoGetter``)."""
    if isinstance(value, models.Manager):
        return list(value.all())
    if isinstance(value, models.QuerySet):
        return list(value)
    if callable(value):
        return value()
    if isinstance(value, FieldFile):
        return value.url if value else None
    return value


@functools.cache
def _choice_labels(field_: models.Field[Any, Any], language: str | None) -> dict[Any, str]:
    """A choice field's labels in ``language``, as ``get_<field>_display`` gives them."""
    return {value: str(label) for value, label in field_.flatchoices}


_DISPLAY = re.compile(r"get_(\w+)_display")
Reader = Callable[[Any, dict[str, Any]], Any]


def _display_field(model: type[models.Model], attribute: str) -> models.Field[Any, Any] | None:
    """The choice field whose label ``attribute`` (``get_<field>_display``) reads, if it does."""
    display = _DISPLAY.fullmatch(attribute)
    if display is None:
        return None
    try:
        choice_field: Any = model._meta.get_field(display[1])
    except LookupError:
        return None
    return choice_field if choice_field.choices else None


def _field_reader(schema: type[Schema], name: str, alias: Any) -> Reader:
    """How the answer's field ``name`` is read from a record (``context`` as ninja gives it)."""
    resolve = getattr(schema, f"resolve_{name}", None)
    if resolve is not None:
        if "context" in inspect.signature(resolve).parameters:
            return lambda obj, context: _answer_value(resolve(obj, context=context))
        return lambda obj, context: _answer_value(resolve(obj))
    attribute = alias if isinstance(alias, str) else name
    return lambda obj, context: _answer_value(getattr(obj, attribute))


def _column(model: type[models.Model], schema: type[Schema], name: str, alias: Any) -> str | None:
    """The model attribute a field reads as it is (a column, not a file), if it does."""
    if hasattr(schema, f"resolve_{name}"):
        return None
    attribute = alias if isinstance(alias, str) else name
    for field_ in model._meta.concrete_fields:
        if attribute in (field_.name, field_.attname) and not isinstance(
            field_, models.FileField | models.ForeignObject
        ):
            return attribute
        if attribute == field_.attname and isinstance(field_, models.ForeignKey):
            return attribute
    return None


class RowWriter:
    """Records as instances of an answer schema, read and validated without per-row getters."""

    def __init__(self, schema: type[Schema], model: type[models.Model]) -> None:
        self.schema = schema
        fields = schema.model_fields
        self.columns: list[tuple[str, str]] = []
        self.readers: list[tuple[str, Reader]] = []
        # Choice labels (``get_<field>_display``): the answer's name, the choice field, the method.
        self.displays: list[tuple[str, models.Field[Any, Any], str]] = []
        self.m2m: dict[str, models.ManyToManyField[Any, Any]] = {}
        many = {f.name: f for f in model._meta.many_to_many}
        for name, info in fields.items():
            alias = info.validation_alias
            column = _column(model, schema, name, alias)
            choice_field = (
                _display_field(model, alias)
                if isinstance(alias, str) and not hasattr(schema, f"resolve_{name}")
                else None
            )
            if column is not None:
                self.columns.append((name, column))
            elif choice_field is not None:
                self.displays.append((name, choice_field, cast(str, alias)))
            elif name in many and not hasattr(schema, f"resolve_{name}"):
                self.m2m[name] = cast(models.ManyToManyField[Any, Any], many[name])
            else:
                self.readers.append((name, _field_reader(schema, name, alias)))
        self.names = [name for name, _column_ in self.columns]
        attributes = [column for _name, column in self.columns]
        # attrgetter of one name gives the value, of several a tuple: always a tuple here.
        getter = operator.attrgetter(*attributes) if attributes else (lambda obj: ())
        self.get_columns = getter if len(attributes) != 1 else (lambda obj: (getter(obj),))
        twin_fields: dict[str, Any] = {}
        for name, info in fields.items():
            annotation = info.annotation
            if info.metadata:
                annotation = Annotated[(annotation, *info.metadata)]  # type: ignore[valid-type]
            if info.default_factory is not None:
                twin_fields[name] = (annotation, Field(default_factory=info.default_factory))
            elif info.default is not PydanticUndefined:
                twin_fields[name] = (annotation, info.default)
            else:
                twin_fields[name] = (annotation, ...)
        twin = create_model(f"{schema.__name__}Row", **twin_fields)
        self.rows: TypeAdapter[list[BaseModel]] = TypeAdapter(list[twin])  # type: ignore[valid-type]

    def without_id_prefetches(self, qs: models.QuerySet[Any]) -> models.QuerySet[Any]:
        """``qs`` without the selector's prefetch of whole records where the answer lists only
        their ids (read by ``related_ids``)."""
        lookups = qs._prefetch_related_lookups
        kept = [
            lookup for lookup in lookups if not (isinstance(lookup, str) and lookup in self.m2m)
        ]
        if len(kept) == len(lookups):
            return qs
        return qs.prefetch_related(None).prefetch_related(*kept)

    def related_ids(self, objs: list[Any]) -> dict[str, dict[Any, list[Any]]]:
        """For each many-to-many field of the answer, each record's related ids, in the order
        the related manager gives them (the related model's ordering), by one query each."""
        found: dict[str, dict[Any, list[Any]]] = {}
        pks = [obj.pk for obj in objs]
        for name, field_ in self.m2m.items():
            related = field_.related_model
            source = field_.related_query_name()
            ids: dict[Any, list[Any]] = {pk: [] for pk in pks}
            if pks:
                rows = related._default_manager.filter(**{f"{source}__in": pks}).values_list(
                    f"{source}__pk", "pk"
                )
                for owner, pk in rows:
                    ids[owner].append(pk)
            found[name] = ids
        return found

    def answers(self, request: HttpRequest, objs: list[Any]) -> list[dict[str, Any]]:
        """The records as ninja dumps its validated answer: each a dict of the schema's fields,
        in its order, with its serialisers applied."""
        context = {"request": request, "response_status": 200}
        related = self.related_ids(objs)
        names, get_columns, readers = self.names, self.get_columns, self.readers
        language = translation.get_language()
        displays = [
            (name, _choice_labels(field_, language), field_.attname, method)
            for name, field_, method in self.displays
        ]
        rows = []
        for obj in objs:
            row = dict(zip(names, get_columns(obj), strict=True))
            for name, labels, attname, method in displays:
                value = getattr(obj, attname)
                try:
                    row[name] = labels[value]
                except KeyError:  # a value outside today's choices is shown as it is
                    row[name] = force_str(value, strings_only=True)
                except TypeError:
                    row[name] = getattr(obj, method)()
            for name, reader in readers:
                try:
                    row[name] = reader(obj, context)
                except AttributeError:  # left to the field's default, as ninja does
                    continue
            for name, ids in related.items():
                row[name] = ids[obj.pk]
            rows.append(row)
        return cast(
            list[dict[str, Any]],
            self.rows.dump_python(self.rows.validate_python(rows), context=context),
        )


# --- form input -----------------------------------------------------------------------------------


def _form_value(value: Any) -> Any:
    """A request value as the form reads it: null (where the record may be empty) as blank."""
    if value is None:
        return ""
    if isinstance(value, list | tuple | models.QuerySet):
        return [getattr(v, "pk", v) for v in value]
    return value


def form_errors(form: forms.BaseForm) -> dict[str, list[str]]:
    return {name: [str(e) for e in errors] for name, errors in form.errors.items()}


# --- the resource -------------------------------------------------------------------------------


@dataclass
class Resource:
    """One record type's endpoints: declared once, mounted on the API by ``router()``."""

    model: type[models.Model]
    path: str
    selector: Callable[[Any], models.QuerySet[Any]]
    filterset: type[FilterSet] | None = None
    form_class: type[ScopedModelForm] | None = None
    create: Callable[..., Any] | None = None
    update: Callable[..., Any] | None = None
    delete: Callable[..., Any] | None = None
    output_fields: Sequence[str] | None = None
    # The records of a list page, when the answer reads less than ``selector`` gives (the
    # related records it joins or prefetches for the pages): same records, same scope.
    list_selector: Callable[[Any], models.QuerySet[Any]] | None = None
    schemas: dict[str, type[Schema]] = field(default_factory=dict, init=False)
    _writer: RowWriter | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        meta = self.model._meta
        last = ["street", "created_at", "updated_at"]
        fields = self.output_fields or [
            *(f.name for f in [*meta.concrete_fields, *meta.many_to_many] if f.name not in last),
            *(name for name in last if any(f.name == name for f in meta.concrete_fields)),
        ]
        self.schemas["out"] = output_schema(self.model, fields)
        self.schemas["page"] = page_schema(self.schemas["out"], self.model.__name__)
        if self.form_class is not None:
            self.schemas["create"] = input_schema(self.model, self.form_class, partial=False)
            self.schemas["patch"] = input_schema(self.model, self.form_class, partial=True)

    @property
    def name(self) -> str:
        return self.path.replace("-", "_")

    @property
    def verbose_name(self) -> str:
        return str(self.model._meta.verbose_name)

    # --- the work, shared by the endpoints -------------------------------------------------------

    def list_queryset(
        self,
        request: HttpRequest,
        params: dict[str, Any],
        selector: Callable[[Any], models.QuerySet[Any]] | None = None,
    ) -> models.QuerySet[Any]:
        """The records the user may see (by ``selector``, else the resource's), filtered by the
        list's filters."""
        user: Any = request.user
        require_perm(user, self.model, "view")
        qs = (selector or self.selector)(user)
        if self.filterset is not None:
            filters = self.filterset(params, user=user)
            if filters.is_bound and not filters.is_valid():
                raise InvalidInput(filters.errors)
            qs = filters.apply(qs)
        return qs

    def list_rows(
        self, request: HttpRequest, params: dict[str, Any], cursor: str | None, limit: int
    ) -> dict[str, Any]:
        """One page of the records themselves, as the resource's selector gives them."""
        return paginate(request, self.list_queryset(request, params), cursor, limit)

    def row_writer(self) -> RowWriter:
        """The answer schema's writer, built at the first list asked for (after a subclass has
        completed ``schemas``)."""
        out = self.schemas["out"]
        if self._writer is None or self._writer.schema is not out:
            self._writer = RowWriter(out, self.model)
        return self._writer

    def list_answer(
        self, request: HttpRequest, params: dict[str, Any], cursor: str | None, limit: int
    ) -> dict[str, Any]:
        """One page of the list as ninja dumps the page schema: its records validated, plain."""
        writer = self.row_writer()
        qs = self.list_queryset(request, params, self.list_selector)
        page = paginate(request, writer.without_id_prefetches(qs), cursor, limit)
        page["results"] = writer.answers(request, page["results"])
        return page

    def list_response(
        self, request: HttpRequest, params: dict[str, Any], cursor: str | None, limit: int
    ) -> HttpResponse:
        """The list page rendered by the API's renderer, as ninja renders the answer it dumps
        (the page is already validated: ninja's own pass over it would only repeat the work)."""
        # The API that mounts the resources; built by the time one of them answers.
        from fazhi.api.api import api

        page = self.list_answer(request, params, cursor, limit)
        return api.create_response(request, page, status=200)

    def fetch(self, user: Any, pk: int) -> Any:
        return get_for_user(self.model, user, pk)

    def _validated(
        self,
        request: HttpRequest,
        data: dict[str, Any],
        instance: Any = None,
        only: Iterable[str] | None = None,
    ) -> dict[str, Any]:
        """``data`` checked by the page's form: the whole form, or ``only`` the fields named.

        With ``only``, just those fields are checked, through the page form's own fields (its
        scoped choices and Chinese messages): a field not sent keeps the record's value and is
        not re-checked, so a record stays editable when, say, a linked account has since lost
        its role. The record's own rules (the model's ``clean()`` and constraints) then run in
        the service, on the whole record as locked for the write.
        """
        assert self.form_class is not None
        page_form = self.form_class(
            data={k: _form_value(v) for k, v in data.items()},
            instance=instance,
            user=request.user,
        )
        form: forms.BaseForm = page_form
        if only is not None:
            form = forms.Form(data=page_form.data)
            form.fields = {name: page_form.fields[name] for name in only}
        if not form.is_valid():
            raise InvalidInput(form_errors(form))
        return form.cleaned_data

    def create_record(self, request: HttpRequest, payload: Schema) -> Any:
        assert self.create is not None and self.form_class is not None
        user: Any = request.user
        require_perm(user, self.model, "add")
        if user.street_id is None:
            raise InvalidInput({NON_FIELD_ERRORS: [NO_STREET]})
        sent = payload.model_dump(exclude_unset=True)
        # A field left out takes the model's default; the form would read an absent checkbox
        # as False and an absent choice as missing.
        defaults = {
            name: field_.get_default()
            for name in self.form_class._meta.fields or ()
            if name not in sent and (field_ := model_field(self.model, name)).has_default()
        }
        cleaned = self._validated(request, defaults | sent)
        obj = self.create(street=user.street, actor=user, **cleaned)
        return self.selector(user).filter(pk=obj.pk).first() or obj

    def update_record(self, request: HttpRequest, pk: int, payload: Schema) -> Any:
        assert self.update is not None and self.form_class is not None
        user = request.user
        obj = get_for_user(self.model, user, pk, write=True)
        sent = payload.model_dump(exclude_unset=True)
        # Only the fields sent reach the service, which applies them to the row it locks: a
        # field changed by someone else since this request read the record keeps that change.
        cleaned = self._validated(request, sent, instance=obj, only=sent)
        self.update(obj, actor=user, **cleaned)
        return self.selector(user).filter(pk=pk).first() or obj

    def delete_record(self, request: HttpRequest, pk: int) -> None:
        assert self.delete is not None
        user = request.user
        obj = get_for_user(self.model, user, pk, write=True, action="delete")
        self.delete(obj, actor=user)

    # --- the endpoints -----------------------------------------------------------------------------

    def router(self) -> Router:
        """A ninja router with this record type's operations, tagged with its Chinese name."""
        router = Router(tags=[str(self.model._meta.verbose_name_plural)])
        out, page = self.schemas["out"], self.schemas["page"]
        vn, name = self.verbose_name, self.name
        resource = self

        list_options: dict[str, Any] = {
            "response": {200: page, **ERROR_RESPONSES},
            "operation_id": f"{name}_list",
            "url_name": f"{name}_list",
            "summary": f"{vn}列表",
            "description": (
                f"您管辖范围内的{vn}，按编号（id）升序分页"
                + ("，筛选参数与页面相同" if self.filterset else "")
                + "。翻页时把上一页返回的 next_cursor 作为 cursor 参数，或直接请求 next 地址。"
            ),
        }
        cursor_param = Query(None, description="分页游标：上一页返回的 next_cursor")
        limit_param = Query(
            DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="每页条数（1–200）"
        )
        if self.filterset is not None:
            filter_schema = self.filterset.as_schema()

            @router.get("/", **list_options)
            def list_view(
                request: HttpRequest,
                filters: Query[filter_schema],  # type: ignore[valid-type]
                cursor: str | None = cursor_param,
                limit: int = limit_param,
            ) -> Any:
                params = cast(Schema, filters).model_dump(exclude_none=True)
                return resource.list_response(request, params, cursor, limit)

        else:

            @router.get("/", **list_options)
            def unfiltered_list_view(
                request: HttpRequest, cursor: str | None = cursor_param, limit: int = limit_param
            ) -> Any:
                return resource.list_response(request, {}, cursor, limit)

        @router.get(
            "/{int:id}/",
            response={200: out, **ERROR_RESPONSES},
            operation_id=f"{name}_retrieve",
            url_name=f"{name}_detail",
            summary=f"查看{vn}",
        )
        def retrieve_view(request: HttpRequest, id: int) -> Any:
            return resource.fetch(request.user, id)

        if self.create is not None and self.form_class is not None:
            create_schema = self.schemas["create"]

            @router.post(
                "/",
                response={201: out, **ERROR_RESPONSES},
                operation_id=f"{name}_create",
                url_name=f"{name}_create",
                summary=f"新增{vn}",
                description=f"新增一条{vn}，归属您的街道，写入审计日志。",
            )
            def create_view(request: HttpRequest, payload: create_schema) -> Any:  # type: ignore[valid-type]
                return Status(201, resource.create_record(request, payload))

        if self.update is not None and self.form_class is not None:
            patch_schema = self.schemas["patch"]

            @router.patch(
                "/{int:id}/",
                response={200: out, **ERROR_RESPONSES},
                operation_id=f"{name}_update",
                url_name=f"{name}_update",
                summary=f"修改{vn}",
                description="只需提交要修改的字段；审计日志记下修改前后的值。",
            )
            def update_view(request: HttpRequest, id: int, payload: patch_schema) -> Any:  # type: ignore[valid-type]
                return resource.update_record(request, id, payload)

        if self.delete is not None:

            @router.delete(
                "/{int:id}/",
                response={204: None, **ERROR_RESPONSES},
                operation_id=f"{name}_delete",
                url_name=f"{name}_delete",
                summary=f"删除{vn}",
                description="仍被其他记录使用时不能删除（422）。",
            )
            def delete_view(request: HttpRequest, id: int) -> Any:
                resource.delete_record(request, id)
                return Status(204, None)

        return router
