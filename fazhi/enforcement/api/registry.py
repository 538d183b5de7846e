"""The enforcement configuration, patrols and reports over the API: the violation catalogue,
key areas, enforcement bodies and powers (written by the system administrator, read by the
street's enforcement staff), the street's enforcement settings (read, and changed by those who
may), patrols, and reports with accepting as a case and dismissing as their own operations.

Same permissions, data scope, forms and services as the pages: a grid worker reads the own
grid's patrols and reports and records them for the own grid only; the residents' contact is
shown to those who handle reports only.

No ``from __future__ import annotations``: ninja reads the endpoint functions' annotations.
"""

from dataclasses import dataclass
from typing import Annotated, Any

from django import forms
from django.http import HttpRequest, HttpResponseBase
from django.urls import reverse
from ninja import Router, Schema
from pydantic import Field, Strict, create_model

from fazhi.api.bodies import body_schema, checked
from fazhi.api.errors import ERROR_RESPONSES, InvalidInput
from fazhi.api.resources import (
    Resource,
    StrictSchema,
    file_download,
    form_errors,
    input_schema,
    output_schema,
    page_schema,
)
from fazhi.core.access import perm_name, require_perm
from fazhi.core.files import serve_document
from fazhi.enforcement.filters import registry as registry_filters
from fazhi.enforcement.filters import reports as report_filters
from fazhi.enforcement.forms import registry as registry_forms
from fazhi.enforcement.forms import reports as report_forms
from fazhi.enforcement.models import (
    Case,
    EnforcementBody,
    EnforcementPower,
    EnforcementSettings,
    KeyArea,
    Patrol,
    Report,
    ViolationCategory,
)
from fazhi.enforcement.selectors import registry as registry_selectors
from fazhi.enforcement.selectors import reports as report_selectors
from fazhi.enforcement.services import patrols as patrol_services
from fazhi.enforcement.services import registry as registry_services
from fazhi.enforcement.services import reports as report_services

# A report's photo is a JPEG, PNG or HEIC picture (report_services.photo_kind).
_FILE_RESPONSE = file_download("图片文件", ["image/jpeg", "image/png", "image/heic"])


# --- The street's settings ------------------------------------------------------------------------

_SETTINGS_FIELDS = registry_forms.EnforcementSettingsForm.Meta.fields
_SettingsBase = output_schema(EnforcementSettings, ["id", *_SETTINGS_FIELDS])
SettingsOut = create_model(
    "EnforcementSettingsOut",
    __base__=_SettingsBase,
    id=(int | None, Field(None, description="编号；本街道尚未保存过设置（适用默认值）时为 null")),
)
SettingsPatch = input_schema(
    EnforcementSettings, registry_forms.EnforcementSettingsForm, partial=True
)


@dataclass
class SettingsResource:
    """The user's own street's settings: one record, read and changed in place (the first
    change creates the street's row; until then the law's defaults apply)."""

    path: str = "enforcement-settings"

    def router(self) -> Router:
        router = Router(tags=[str(EnforcementSettings._meta.verbose_name_plural)])

        @router.get(
            "/",
            response={200: SettingsOut, **ERROR_RESPONSES},
            operation_id="enforcement_settings_retrieve",
            url_name="enforcement_settings",
            summary="查看本街道的执法设置",
            description="重大案件罚款标准、法制审核和公示时限等；从未保存过时返回默认值（id 为 null）。",
        )
        def retrieve_view(request: HttpRequest) -> Any:
            return registry_selectors.street_settings(request.user)

        @router.patch(
            "/",
            response={200: SettingsOut, **ERROR_RESPONSES},
            operation_id="enforcement_settings_update",
            summary="修改本街道的执法设置",
            description="只需提交要修改的字段；第一次修改时建立本街道的设置，审计日志记下修改前后的值。",
        )
        def update_view(request: HttpRequest, payload: SettingsPatch) -> Any:  # type: ignore[valid-type]
            user: Any = request.user
            current = registry_selectors.street_settings(user, write=True)
            sent = payload.model_dump(exclude_unset=True)
            page_form = registry_forms.EnforcementSettingsForm(
                data={k: ("" if v is None else v) for k, v in sent.items()},
                instance=current,
                user=user,
            )
            form = forms.Form(data=page_form.data)
            form.fields = {name: page_form.fields[name] for name in sent}
            if not form.is_valid():
                raise InvalidInput(form_errors(form))
            return registry_services.enforcement_settings_save(
                street=user.street, actor=user, **form.cleaned_data
            )

        return router


# --- Reports ------------------------------------------------------------------------------------------

_AcceptBody = body_schema(report_forms.ReportAcceptForm, "ReportAcceptBody")
# The officers and the party's kind are always sent; a case field left out takes what the
# report says (its category, place, time and description), as the page's form is filled in.
ReportAcceptIn = create_model(
    "ReportAccept",
    __base__=StrictSchema,
    **{
        name: (
            (info.annotation, info)
            if name in ("officers", "party_kind")
            else (info.annotation | None, Field(None, description=info.description))
        )
        for name, info in _AcceptBody.model_fields.items()
    },  # type: ignore[call-overload]
)
ReportDismissIn = create_model(
    "ReportDismiss",
    __base__=StrictSchema,
    reason=(Annotated[str, Strict()], Field(max_length=300, description="不予登记理由")),
)
_CONTACT = ("reporter_name", "reporter_phone")


def _report_out(out: type[Schema]) -> type[Schema]:
    """The report's answer with its photo's address and the case it became; the resident's
    contact only for those who handle reports."""

    class ReportOut(out):  # type: ignore[valid-type,misc]
        photo_url: str | None = Field(
            None,
            description="现场照片的下载地址（与本接口相同的认证）；未上传时为 null。"
            "文件的SHA-256指纹见 photo_sha256。",
        )
        case_id: int | None = Field(None, description="登记的执法案件编号；尚未登记时为 null")

        @staticmethod
        def resolve_photo_url(obj: Report) -> str | None:
            return reverse("api:reports_photo", args=[obj.pk]) if obj.photo else None

        @staticmethod
        def resolve_case_id(obj: Report) -> int | None:
            if hasattr(obj, "case_pk"):  # read with the rows by ``report_list``
                return obj.case_pk  # type: ignore[attr-defined]
            case = report_selectors.case_of(obj)
            return case.pk if case is not None else None

        @staticmethod
        def resolve_reporter_name(obj: Report, context: Any) -> str:
            return obj.reporter_name if _sees_contact(context) else ""

        @staticmethod
        def resolve_reporter_phone(obj: Report, context: Any) -> str:
            return obj.reporter_phone if _sees_contact(context) else ""

    ReportOut.__name__ = "ReportOut"
    return ReportOut


def _sees_contact(context: Any) -> bool:
    request = (context or {}).get("request")
    user = getattr(request, "user", None)
    return bool(user is not None and user.has_perm(perm_name(Report, "change")))


def _report_create(*, street: Any, actor: Any, **fields: Any) -> Report:
    return report_services.report_create(actor=actor, street=street, data=fields)


@dataclass
class ReportResource(Resource):
    """Reports: created and corrected as any resource (through the report's services), the
    photo as a download, accepting and dismissing as operations."""

    def __post_init__(self) -> None:
        super().__post_init__()
        self.schemas["out"] = _report_out(self.schemas["out"])
        self.schemas["page"] = page_schema(self.schemas["out"], self.model.__name__)

    def router(self) -> Router:
        router = super().router()
        out = self.schemas["out"]
        resource = self

        def answer(request: HttpRequest, pk: int) -> Any:
            return resource.selector(request.user).filter(pk=pk).first()

        @router.get(
            "/{int:id}/photo/",
            response={200: None, **ERROR_RESPONSES},
            operation_id="reports_photo",
            url_name="reports_photo",
            summary="下载现场照片",
            description="线索的现场照片；未上传时为404。",
            openapi_extra=_FILE_RESPONSE,
        )
        def photo_view(request: HttpRequest, id: int) -> HttpResponseBase:
            report = report_selectors.get_report_for_user(request.user, id)
            return serve_document(report.photo, filename=f"report-{report.pk}")

        @router.post(
            "/{int:id}/accept/",
            response={200: out, **ERROR_RESPONSES},
            operation_id="reports_accept",
            summary="登记为案件",
            description="待处理的线索登记为执法案件（发现登记）：至少两名持有执法证件的承办执法人员；"
            "未填写的案件字段取线索的类别、地点、时间和描述。",
        )
        def accept_view(request: HttpRequest, id: int, payload: ReportAcceptIn) -> Any:  # type: ignore[valid-type]
            user: Any = request.user
            report = report_selectors.get_report_for_user(user, id, write=True)
            require_perm(user, Case, "add")
            data = _accept_data(payload.model_dump(exclude_unset=True), user, report)
            officers = data.pop("officers")
            report_services.report_accept(actor=user, report=report, officers=officers, data=data)
            return answer(request, id)

        @router.post(
            "/{int:id}/dismiss/",
            response={200: out, **ERROR_RESPONSES},
            operation_id="reports_dismiss",
            summary="不予登记",
            description="待处理的线索经核查不予登记为案件，须写明理由。",
        )
        def dismiss_view(request: HttpRequest, id: int, payload: ReportDismissIn) -> Any:  # type: ignore[valid-type]
            user: Any = request.user
            report = report_selectors.get_report_for_user(user, id, write=True)
            data = checked(report_forms.ReportDismissForm, payload)
            report_services.report_dismiss(actor=user, report=report, **data)
            return answer(request, id)

        return router


def _accept_data(sent: dict[str, Any], user: Any, report: Report) -> dict[str, Any]:
    """The accept form checked with the values sent over those it takes from the report (as
    the page's form is filled in)."""
    initial = report_forms.ReportAcceptForm(user=user, report=report).initial
    data = {k: v for k, v in initial.items() if v is not None}
    data.update({k: ("" if v is None else v) for k, v in sent.items()})
    if "found_at" in data and not isinstance(data["found_at"], str):
        data["found_at"] = data["found_at"].isoformat()
    form = report_forms.ReportAcceptForm(data=data, user=user, report=report)
    if not form.is_valid():
        raise InvalidInput(form_errors(form))
    return dict(form.cleaned_data)


RESOURCES: list[Any] = [
    Resource(
        model=ViolationCategory,
        path="violation-categories",
        selector=registry_selectors.violation_category_list,
        filterset=registry_filters.ViolationCategoryFilter,
        form_class=registry_forms.ViolationCategoryForm,
        create=registry_services.violation_category_create,
        update=registry_services.violation_category_update,
        delete=registry_services.violation_category_delete,
    ),
    Resource(
        model=KeyArea,
        path="key-areas",
        selector=registry_selectors.key_area_list,
        filterset=registry_filters.KeyAreaFilter,
        form_class=registry_forms.KeyAreaForm,
        create=registry_services.key_area_create,
        update=registry_services.key_area_update,
        delete=registry_services.key_area_delete,
    ),
    Resource(
        model=EnforcementBody,
        path="enforcement-bodies",
        selector=registry_selectors.enforcement_body_list,
        filterset=registry_filters.EnforcementBodyFilter,
        form_class=registry_forms.EnforcementBodyForm,
        create=registry_services.enforcement_body_create,
        update=registry_services.enforcement_body_update,
        delete=registry_services.enforcement_body_delete,
    ),
    Resource(
        model=EnforcementPower,
        path="enforcement-powers",
        selector=registry_selectors.enforcement_power_list,
        filterset=registry_filters.EnforcementPowerFilter,
        form_class=registry_forms.EnforcementPowerForm,
        create=registry_services.enforcement_power_create,
        update=registry_services.enforcement_power_update,
        delete=registry_services.enforcement_power_delete,
    ),
    SettingsResource(),
    Resource(
        model=Patrol,
        path="patrols",
        selector=report_selectors.patrol_list,
        filterset=report_filters.PatrolFilter,
        form_class=report_forms.PatrolForm,
        create=patrol_services.patrol_create,
        update=patrol_services.patrol_update,
    ),
    ReportResource(
        model=Report,
        path="reports",
        selector=report_selectors.report_list,
        filterset=report_filters.ReportFilter,
        form_class=report_forms.ReportApiForm,
        create=_report_create,
        update=report_services.report_update,
        output_fields=[
            "id",
            "source",
            "status",
            "reported_at",
            "category",
            "grid",
            "patrol",
            "address",
            "latitude",
            "longitude",
            "description",
            "photo_sha256",
            "reporter",
            "reporter_name",
            "reporter_phone",
            "hotline_ticket",
            "tracking_code",
            "handled_at",
            "handled_by",
            "dismiss_reason",
            "created_at",
            "updated_at",
        ],
    ),
]
