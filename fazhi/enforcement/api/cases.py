"""Enforcement cases over the API, with the pages' permissions, data scope and rules.

* ``enforcement-cases``: list (the list page's filters), read, register (``case_register``) and
  correct the particulars of an open case (PATCH, ``case_update``); each answer carries the
  decision-deadline flag.
* One POST per step of the workflow (``/enforcement-cases/{id}/<step>/``), its body checked by
  the step's page form and handed to the same service as the page's button: a refusal is a
  422 with the service's Chinese message, and nothing is written.

No ``from __future__ import annotations``: ninja reads the endpoint functions' annotations.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, cast

from django import forms
from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema
from pydantic import Field, Strict, create_model

from fazhi.api.errors import ERROR_RESPONSES, InvalidInput
from fazhi.api.resources import (
    IsoDate,
    IsoDateTime,
    RecordId,
    Resource,
    StrictSchema,
    _form_value,
    form_errors,
    input_schema,
    page_schema,
)
from fazhi.core.access import get_for_user
from fazhi.enforcement.filters.cases import CaseFilter
from fazhi.enforcement.forms import cases as case_forms
from fazhi.enforcement.models import Case
from fazhi.enforcement.selectors import cases as selectors
from fazhi.enforcement.services import cases as services
from fazhi.enforcement.steps import STEPS

Text = Annotated[str, Strict()]


def case_api_list(user: Any) -> Any:
    return selectors.case_list(user).prefetch_related("deciders")


def case_api_page(user: Any) -> Any:
    """The cases of a list page: the answer names related records by id only."""
    return Case.objects.for_user(user)


def _register(*, street: Any, actor: Any, officers: Any, **data: Any) -> Case:
    return services.case_register(actor=actor, street=street, data=data, officers=officers)


def _update(case: Case, *, actor: Any, **data: Any) -> Case:
    return services.case_update(actor=actor, case=case, data=data)


def _today(context: Any) -> date:
    """Today (Beijing time), looked up once per answer: kept in the answer's context."""
    if not isinstance(context, dict):
        return timezone.localdate()
    if _TODAY not in context:
        context[_TODAY] = timezone.localdate()
    return cast(date, context[_TODAY])


_TODAY = "fazhi.today"


def _case_out(out: type[Schema]) -> type[Schema]:
    class CaseOut(out):  # type: ignore[valid-type,misc]
        deadline_flag: str = Field(
            description="决定期限提醒：overdue 已超过决定期限；due_soon 15日内到期；空为无"
        )

        @staticmethod
        def resolve_deadline_flag(obj: Case, context: Any = None) -> str:
            return selectors.deadline_flag(obj, _today(context))

    return CaseOut


# --- the step bodies, from the step forms -------------------------------------------------------


def _body_type(field: forms.Field) -> Any:
    if isinstance(field, forms.ModelMultipleChoiceField):
        return list[RecordId]
    if isinstance(field, forms.TypedChoiceField):
        return Annotated[bool, Strict()] | None
    # ISO text only, as in every other body: pydantic alone would read 0 or "1577836800" as
    # a timestamp. A date and time with an offset is taken as Beijing time (_form_data).
    if isinstance(field, forms.DateTimeField):
        return IsoDateTime
    if isinstance(field, forms.DateField):
        return IsoDate
    if isinstance(field, forms.DecimalField):
        return Decimal
    return Text


def _describe(field: forms.Field) -> str:
    text = str(field.label or "")
    choices = getattr(field, "choices", None)
    if choices and not isinstance(field, forms.ModelChoiceField | forms.TypedChoiceField):
        text += "（" + "；".join(str(v) for v, _label in choices if v) + "）"
    if isinstance(field, forms.TypedChoiceField):
        text += "（true：告知；false：不告知；不填按拟处罚内容确定）"
    if isinstance(field, forms.ModelMultipleChoiceField):
        text += "：本街道持有执法证件的执法人员的用户id"
    if field.help_text:
        text += "。" + str(field.help_text)
    return text


def body_schema(name: str, form_class: type[forms.Form]) -> type[Schema]:
    """The request body of a step: the step form's fields, required where the form requires."""
    fields: dict[str, Any] = {}
    for field_name, field in form_class.base_fields.items():
        python_type = _body_type(field)
        info = {"description": _describe(field)}
        if field.required:
            fields[field_name] = (python_type, Field(**info))
        else:
            fields[field_name] = (python_type | None, Field(None, **info))
    title = "".join(part.capitalize() for part in name.split("_"))
    return create_model(f"Case{title}In", __base__=StrictSchema, **fields)


def _form_data(payload: dict[str, Any]) -> dict[str, Any]:
    """The body as the page form reads a POST: dates as ISO text, local times, yes/no."""
    data: dict[str, Any] = {}
    for key, value in payload.items():
        if isinstance(value, bool):
            value = "yes" if value else "no"
        elif isinstance(value, datetime):
            if timezone.is_aware(value):
                value = timezone.localtime(value)
            value = value.strftime("%Y-%m-%dT%H:%M:%S")
        elif isinstance(value, date):
            value = value.isoformat()
        data[key] = _form_value(value)
    return data


# --- the resource -------------------------------------------------------------------------------


@dataclass
class CaseResource(Resource):
    """Cases: read, registered, corrected while open, and moved on by their steps."""

    def __post_init__(self) -> None:
        super().__post_init__()
        self.schemas["out"] = _case_out(self.schemas["out"])
        self.schemas["page"] = page_schema(self.schemas["out"], self.model.__name__)
        self.schemas["patch"] = input_schema(Case, case_forms.CaseUpdateForm, partial=True)

    def fetch(self, user: Any, pk: int) -> Any:
        case = get_for_user(Case, user, pk)
        return self.selector(user).get(pk=case.pk)

    def update_record(self, request: HttpRequest, pk: int, payload: Schema) -> Any:
        """PATCH through the page's correction form (only the fields sent are checked)."""
        user: Any = request.user
        case = selectors.get_case_for_user(user, pk, write=True)
        sent = payload.model_dump(exclude_unset=True)
        page_form = case_forms.CaseUpdateForm(
            data={k: _form_value(v) for k, v in sent.items()}, instance=case, user=user
        )
        form = forms.Form(data=page_form.data)
        form.fields = {name: page_form.fields[name] for name in sent}
        if not form.is_valid():
            raise InvalidInput(form_errors(form))
        case.refresh_from_db()  # the form wrote its input onto the instance
        _update(case, actor=user, **form.cleaned_data)
        return self.fetch(user, pk)

    def router(self) -> Router:
        router = super().router()
        for name in STEPS:
            self._add_step(router, name)
        return router

    def _add_step(self, router: Router, name: str) -> None:
        step = STEPS[name]
        body = body_schema(name, step.form)
        resource = self
        allowed = "、".join(str(Case.Status(s).label) for s in services.TRANSITIONS[name])

        def run(request: HttpRequest, id: int, payload: Any) -> Any:
            user: Any = request.user
            case = selectors.get_case_for_user(user, id, write=True)
            form = step.form(
                _form_data(payload.model_dump(exclude_unset=True)), case=case, user=user
            )
            if not form.is_valid():
                raise InvalidInput(form_errors(form))
            step.service(actor=user, case=case, **form.cleaned_data)
            return resource.fetch(user, id)

        endpoint: Callable[..., Any] = _typed(run, body)
        router.post(
            f"/{{int:id}}/{name.replace('_', '-')}/",
            response={200: self.schemas["out"], **ERROR_RESPONSES},
            operation_id=f"enforcement_case_{name}",
            url_name=f"enforcement_case_{name}",
            summary=str(step.heading),
            description=f"案件须处于：{allowed}。" + (str(step.intro) if step.intro else ""),
        )(endpoint)


def _typed(run: Callable[..., Any], body: type[Schema]) -> Callable[..., Any]:
    """``run`` with the body's schema in its annotations, as ninja reads them."""

    def endpoint(request: HttpRequest, id: int, payload: Any) -> Any:
        return run(request, id, payload)

    endpoint.__annotations__ = {"request": HttpRequest, "id": int, "payload": body, "return": Any}
    return endpoint


RESOURCES: list[Resource] = [
    CaseResource(
        model=Case,
        path="enforcement-cases",
        selector=case_api_list,
        list_selector=case_api_page,
        filterset=CaseFilter,
        form_class=case_forms.CaseForm,
        create=_register,
        update=_update,
    ),
]
