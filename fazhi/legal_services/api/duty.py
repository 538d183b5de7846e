"""The duty roster, service suspensions and appointments over the API.

Shifts and suspensions are read and written like every record type (the pages' forms and
services). State changes have their own endpoints calling the same services as the pages'
buttons: recording and cancelling a shift; booking on a resident's behalf, confirming,
marking attendance, cancelling and rescheduling an appointment. An appointment is never
edited as a record: what may change about it is what those services allow.

No ``from __future__ import annotations``: ninja reads the endpoints' annotations, which
name schemas built at run time.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from ninja import Router, Status
from pydantic import Field, Strict, create_model

from fazhi.api.errors import ERROR_RESPONSES
from fazhi.api.resources import RecordId, Resource, StrictSchema, page_schema
from fazhi.core.access import get_for_user, require_perm
from fazhi.legal_services.filters import duty as filters
from fazhi.legal_services.forms import duty as forms
from fazhi.legal_services.models import Appointment, DutyShift, ServiceSuspension, Topic
from fazhi.legal_services.selectors import duty as selectors
from fazhi.legal_services.services import duty as services

Text = Annotated[str, Strict()]


def _actor(request: HttpRequest) -> Any:
    """The signed-in user who acts (the views and endpoints here require a login)."""
    return request.user


@dataclass
class ActionResource(Resource):
    """A ``Resource`` with state-change endpoints added to its router by ``actions``."""

    actions: Sequence[Callable[[Router, "ActionResource"], None]] = ()
    extra_out: dict[str, tuple[Any, Any]] | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.extra_out:
            out = create_model(
                f"{self.model.__name__}Out",
                __base__=self.schemas["out"],
                **self.extra_out,  # type: ignore[call-overload]
            )
            self.schemas["out"] = out
            self.schemas["page"] = page_schema(out, self.model.__name__)

    def fetch(self, user: Any, pk: int) -> Any:
        obj = super().fetch(user, pk)
        return self.selector(user).get(pk=obj.pk)

    def router(self) -> Router:
        router = super().router()
        for add in self.actions:
            add(router, self)
        return router


def _action(
    router: Router,
    resource: ActionResource,
    name: str,
    summary: str,
    description: str,
    status: int = 200,
    detail: bool = True,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    path = f"/{{int:id}}/{name}/" if detail else "/"
    return router.post(
        path,
        response={status: resource.schemas["out"], **ERROR_RESPONSES},
        operation_id=f"{resource.name}_{name}",
        url_name=f"{resource.name}_{name}",
        summary=summary,
        description=description,
    )


# --- duty shifts ------------------------------------------------------------------------------


class ShiftRecordIn(StrictSchema):
    status: Literal["held", "absent"] = Field(description="held：已值班；absent：律师未到岗")
    consultations_handled: Annotated[int, Strict(), Field(ge=0, le=999)] | None = Field(
        None, description="接待咨询人次（律师未到岗时不填）"
    )
    record: Annotated[Text, Field(max_length=2000)] = Field("", description="值班记录")


class ReasonIn(StrictSchema):
    reason: Annotated[Text, Field(max_length=200)] = Field(description="取消原因")


def _shift_actions(router: Router, resource: ActionResource) -> None:
    @_action(
        router,
        resource,
        "record",
        "登记值班情况",
        "值班日期已到后登记已值班（及接待咨询人次）或律师未到岗；司法所可登记任何值班，"
        "律师只能登记本人的值班。",
    )
    def record_view(request: HttpRequest, id: int, payload: ShiftRecordIn) -> Any:
        shift = get_for_user(DutyShift, request.user, id, write=True)
        services.duty_shift_record(shift, actor=_actor(request), **payload.model_dump())
        return resource.fetch(request.user, id)

    @_action(
        router,
        resource,
        "cancel",
        "取消值班",
        "取消尚未举行的值班，其预约一并取消（取消原因对预约群众可见）。",
    )
    def cancel_view(request: HttpRequest, id: int, payload: ReasonIn) -> Any:
        shift = get_for_user(DutyShift, request.user, id, write=True)
        services.duty_shift_cancel(shift, actor=_actor(request), reason=payload.reason)
        return resource.fetch(request.user, id)


def _shift_create(*, street: Any, actor: Any, **fields: Any) -> DutyShift:
    return services.duty_shift_create(street=street, actor=actor, **fields)


def _suspension_create(*, street: Any, actor: Any, **fields: Any) -> ServiceSuspension:
    return services.service_suspension_create(street=street, actor=actor, **fields)


# --- appointments -----------------------------------------------------------------------------


class BookIn(StrictSchema):
    shift: RecordId = Field(description="值班编号")
    topic: Literal[tuple(Topic.values)] = Field(  # type: ignore[valid-type]
        description="咨询事项（" + "；".join(f"{v}：{label}" for v, label in Topic.choices) + "）"
    )
    name: Annotated[Text, Field(max_length=30)] = Field(description="预约人姓名")
    mobile: Annotated[Text, Field(max_length=11)] = Field(description="手机号码（11位）")
    description: Annotated[Text, Field(max_length=500)] = Field("", description="问题简述")
    consent: Annotated[bool, Strict()] = Field(
        description="已向预约人说明个人信息的使用方式并征得同意（须为 true）"
    )


class AttendIn(StrictSchema):
    attended: Annotated[bool, Strict()] = Field(description="true：已到场；false：未到场")


class CancelIn(StrictSchema):
    reason: Annotated[Text, Field(max_length=150)] = Field("", description="取消原因")


class RescheduleIn(StrictSchema):
    shift: RecordId = Field(description="改到的值班编号")


def _appointment(request: HttpRequest, id: int) -> Appointment:
    return get_for_user(Appointment, request.user, id, write=True)


def _appointment_actions(router: Router, resource: ActionResource) -> None:
    @_action(
        router,
        resource,
        "book",
        "代为预约",
        "为来电或来访的群众预约值班时段（预约方式为工作人员代约），规则与网上预约相同："
        "不超过可预约名额，暂停期间、已开始或已取消的值班不能预约。",
        status=201,
        detail=False,
    )
    def book_view(request: HttpRequest, payload: BookIn) -> Any:
        user: Any = request.user
        require_perm(user, Appointment, "add")
        shift = selectors.get_shift_for_user(user, payload.shift)
        data = payload.model_dump(exclude={"shift"})
        appointment = services.appointment_book(
            shift=shift, source=Appointment.Source.STAFF, actor=user, **data
        )
        return Status(201, resource.fetch(user, appointment.pk))

    @_action(router, resource, "confirm", "确认预约", "司法所或该值班的律师确认预约。")
    def confirm_view(request: HttpRequest, id: int) -> Any:
        services.appointment_confirm(_appointment(request, id), actor=_actor(request))
        return resource.fetch(request.user, id)

    @_action(router, resource, "attend", "登记到场情况", "值班开始后登记预约人是否到场。")
    def attend_view(request: HttpRequest, id: int, payload: AttendIn) -> Any:
        services.appointment_attend(
            _appointment(request, id), actor=_actor(request), attended=payload.attended
        )
        return resource.fetch(request.user, id)

    @_action(router, resource, "cancel", "取消预约", "由司法所取消尚未办理的预约。")
    def cancel_view(request: HttpRequest, id: int, payload: CancelIn) -> Any:
        services.appointment_cancel(
            _appointment(request, id), actor=_actor(request), reason=payload.reason
        )
        return resource.fetch(request.user, id)

    @_action(
        router,
        resource,
        "reschedule",
        "预约改期",
        "改到另一个有空余名额的值班：新建一条预约（新的预约码）并返回它，原预约标记为已改期。",
        status=201,
    )
    def reschedule_view(request: HttpRequest, id: int, payload: RescheduleIn) -> Any:
        user: Any = request.user
        appointment = _appointment(request, id)
        shift = selectors.get_shift_for_user(user, payload.shift)
        new = services.appointment_reschedule(appointment, shift=shift, actor=user)
        return Status(201, resource.fetch(user, new.pk))


RESOURCES: list[Resource] = [
    ActionResource(
        model=DutyShift,
        path="duty-shifts",
        selector=selectors.duty_shift_list,
        filterset=filters.DutyShiftFilter,
        form_class=forms.DutyShiftForm,
        create=_shift_create,
        update=services.duty_shift_update,
        delete=services.duty_shift_delete,
        actions=[_shift_actions],
        extra_out={
            "booked": (int, Field(description="占用名额的预约数（已预约、已确认、已到场、未到场）"))
        },
    ),
    ActionResource(
        model=ServiceSuspension,
        path="service-suspensions",
        selector=selectors.service_suspension_list,
        filterset=filters.ServiceSuspensionFilter,
        form_class=forms.ServiceSuspensionForm,
        create=_suspension_create,
        update=services.service_suspension_update,
        delete=services.service_suspension_delete,
    ),
    ActionResource(
        model=Appointment,
        path="appointments",
        selector=selectors.appointment_list,
        filterset=filters.AppointmentFilter,
        actions=[_appointment_actions],
    ),
]
