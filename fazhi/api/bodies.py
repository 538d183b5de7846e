"""Request bodies built from a page's form, and their check by that form: an operation that
takes the same input as a page (a step of a procedure, a record's opinion) declares the form's
fields as its body and sends what it receives through the form, so both refuse alike.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Literal

from django import forms
from ninja import Schema
from pydantic import Field, Strict, create_model

from fazhi.api.errors import InvalidInput
from fazhi.api.resources import RecordId, StrictSchema, form_errors


def _body_type(field: forms.Field) -> Any:
    """A form field's JSON type: text for text and dates (the form parses them, in Chinese),
    ids for records, the choices' values for a choice."""
    if isinstance(field, forms.ModelMultipleChoiceField):
        return list[RecordId]
    if isinstance(field, forms.ModelChoiceField):
        return RecordId
    if isinstance(field, forms.BooleanField):
        return Annotated[bool, Strict()]
    if isinstance(field, forms.ChoiceField):
        values = tuple(str(v) for v, _label in field.choices if v != "")
        return Literal[values]
    return Annotated[str, Strict()]


def body_schema(
    form_class: type[forms.Form], name: str, *, exclude: tuple[str, ...] = ()
) -> type[Schema]:
    """The request body of a step: the step form's fields, required where the form requires."""
    definitions: dict[str, Any] = {}
    for field_name, field in form_class.base_fields.items():
        if field_name in exclude:
            continue
        description = str(field.label or field_name)
        if isinstance(field, forms.DateField):
            description += "（YYYY-MM-DD）"
        if field.help_text:
            description += "。" + str(field.help_text)
        python_type = _body_type(field)
        if field.required:
            definitions[field_name] = (python_type, Field(description=description))
        else:
            definitions[field_name] = (python_type | None, Field(None, description=description))
    return create_model(name, __base__=StrictSchema, **definitions)


def checked(
    form_class: Callable[..., forms.Form], payload: Schema, **form_kwargs: Any
) -> dict[str, Any]:
    """``payload`` validated by the page's form; its Chinese errors as a 422."""
    data = {k: ("" if v is None else v) for k, v in payload.model_dump(exclude_unset=True).items()}
    form = form_class(data=data, **form_kwargs)
    if not form.is_valid():
        raise InvalidInput(form_errors(form))
    return dict(form.cleaned_data)
