"""门前三包 and special campaigns over the API: responsibility units (and the letter's
download), self-checks, campaigns (the plan's download and the results counted from patrols and
cases), campaign phases and partner units. Same permissions, data scope and services as the
pages: a grid worker reads the own grid's units and records their self-checks.

No ``from __future__ import annotations``: ninja reads the endpoint functions' annotations.
"""

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponseBase
from django.urls import reverse
from ninja import Router, Schema
from pydantic import Field

from fazhi.api.errors import ERROR_RESPONSES
from fazhi.api.resources import Resource, file_download, page_schema
from fazhi.core.access import get_for_user
from fazhi.core.files import DOCUMENT_CONTENT_TYPES, serve_document
from fazhi.enforcement.filters import campaigns as campaign_filters
from fazhi.enforcement.filters import frontage as frontage_filters
from fazhi.enforcement.forms import campaigns as campaign_forms
from fazhi.enforcement.forms import frontage as frontage_forms
from fazhi.enforcement.models import (
    Campaign,
    CampaignPartner,
    CampaignPhase,
    FrontageSelfCheck,
    FrontageUnit,
)
from fazhi.enforcement.selectors import campaigns as campaign_selectors
from fazhi.enforcement.selectors import frontage as frontage_selectors
from fazhi.enforcement.services import campaigns as campaign_services
from fazhi.enforcement.services import frontage as frontage_services

_FILE_RESPONSE = file_download("文件", DOCUMENT_CONTENT_TYPES)


def _safe(name: str) -> str:
    return name.replace("/", "_").replace("\\", "_")


def _unit_out(out: type[Schema]) -> type[Schema]:
    """The unit's answer with the address of its letter (the file itself is not JSON)."""

    class FrontageUnitOut(out):  # type: ignore[valid-type,misc]
        letter_url: str | None = Field(
            None,
            description="责任书文件的下载地址（与本接口相同的认证）；未上传时为 null。"
            "文件的SHA-256指纹见 letter_sha256。",
        )

        @staticmethod
        def resolve_letter_url(obj: FrontageUnit) -> str | None:
            if not obj.letter:
                return None
            return reverse("api:frontage_units_letter", args=[obj.pk])

    FrontageUnitOut.__name__ = "FrontageUnitOut"
    return FrontageUnitOut


def _campaign_out(out: type[Schema]) -> type[Schema]:
    """The campaign's answer with the address of its plan (the file itself is not JSON)."""

    class CampaignOut(out):  # type: ignore[valid-type,misc]
        plan_url: str | None = Field(
            None,
            description="实施方案文件的下载地址（与本接口相同的认证）；未上传时为 null。"
            "文件的SHA-256指纹见 plan_sha256。",
        )

        @staticmethod
        def resolve_plan_url(obj: Campaign) -> str | None:
            if not obj.plan:
                return None
            return reverse("api:campaigns_plan", args=[obj.pk])

    CampaignOut.__name__ = "CampaignOut"
    return CampaignOut


# --- responsibility units ----------------------------------------------------------------------


@dataclass
class FrontageUnitResource(Resource):
    """Units: the JSON fields as any resource, and the signed letter as a download."""

    def __post_init__(self) -> None:
        super().__post_init__()
        self.schemas["out"] = _unit_out(self.schemas["out"])
        self.schemas["page"] = page_schema(self.schemas["out"], self.model.__name__)

    def router(self) -> Router:
        router = super().router()

        @router.get(
            "/{int:id}/letter/",
            response={200: None, **ERROR_RESPONSES},
            operation_id="frontage_units_letter",
            url_name="frontage_units_letter",
            summary="下载门前三包责任书",
            description="责任单位上传的责任书文件（PDF、Word或图片）；未上传时为404。",
            openapi_extra=_FILE_RESPONSE,
        )
        def letter_view(request: HttpRequest, id: int) -> HttpResponseBase:
            unit = get_for_user(FrontageUnit, request.user, id)
            return serve_document(unit.letter, filename=f"{_safe(unit.name)}门前三包责任书")

        return router


def _self_check_create(*, street: Any, actor: Any, **fields: Any) -> FrontageSelfCheck:
    return frontage_services.frontage_self_check_create(actor=actor, **fields)


# --- campaigns -----------------------------------------------------------------------------------


class ResultRowOut(Schema):
    label: str = Field(description="违法行为类别或重点区域")
    found: int = Field(description="发现案件数")
    closed: int = Field(description="其中已办结（已结案、已归档）")


class CampaignResultsOut(Schema):
    patrols: int = Field(description="标注本专项治理的巡查次数")
    cases_found: int = Field(description="标注本专项治理、在治理期间内发现的案件数")
    cases_closed: int = Field(description="其中已结案或已归档的案件数")
    by_category: list[ResultRowOut] = Field(description="按违法行为类别")
    by_key_area: list[ResultRowOut] = Field(description="按重点区域")


@dataclass
class CampaignResource(Resource):
    """Campaigns: the plan as a download and the results as a sub-resource."""

    def __post_init__(self) -> None:
        super().__post_init__()
        self.schemas["out"] = _campaign_out(self.schemas["out"])
        self.schemas["page"] = page_schema(self.schemas["out"], self.model.__name__)

    def router(self) -> Router:
        router = super().router()

        @router.get(
            "/{int:id}/plan/",
            response={200: None, **ERROR_RESPONSES},
            operation_id="campaigns_plan",
            url_name="campaigns_plan",
            summary="下载专项治理实施方案",
            description="专项治理上传的实施方案文件；未上传时为404。",
            openapi_extra=_FILE_RESPONSE,
        )
        def plan_view(request: HttpRequest, id: int) -> HttpResponseBase:
            campaign = get_for_user(Campaign, request.user, id)
            return serve_document(campaign.plan, filename=f"{_safe(campaign.name)}实施方案")

        @router.get(
            "/{int:id}/results/",
            response={200: CampaignResultsOut, **ERROR_RESPONSES},
            operation_id="campaigns_results",
            url_name="campaigns_results",
            summary="专项治理成效",
            description="按记录统计：标注本专项治理的巡查；标注本专项治理、在治理期间内发现的"
            "案件及其中已结案或已归档的，并按违法行为类别和重点区域分列。",
        )
        def results_view(request: HttpRequest, id: int) -> Any:
            campaign = get_for_user(Campaign, request.user, id)
            return campaign_selectors.campaign_results(campaign)

        return router


@dataclass
class CampaignPartResource(Resource):
    """A campaign's phases or partner units: removing one is a change of the campaign's plan,
    allowed to whoever may change them (as on the campaign's page)."""

    def delete_record(self, request: HttpRequest, pk: int) -> None:
        assert self.delete is not None
        obj = get_for_user(self.model, request.user, pk, write=True, action="change")
        self.delete(obj, actor=request.user)


def _phase_add(*, street: Any, actor: Any, **fields: Any) -> CampaignPhase:
    return campaign_services.campaign_phase_add(actor=actor, **fields)


def _partner_add(*, street: Any, actor: Any, **fields: Any) -> CampaignPartner:
    return campaign_services.campaign_partner_add(actor=actor, **fields)


RESOURCES: list[Resource] = [
    FrontageUnitResource(
        model=FrontageUnit,
        path="frontage-units",
        selector=frontage_selectors.frontage_unit_list,
        filterset=frontage_filters.FrontageUnitFilter,
        form_class=frontage_forms.FrontageUnitApiForm,
        create=frontage_services.frontage_unit_create,
        update=frontage_services.frontage_unit_update,
        output_fields=[
            "id",
            "name",
            "kind",
            "credit_code",
            "address",
            "key_area",
            "grid",
            "zone",
            "contact_name",
            "contact_phone",
            "letter_signed_on",
            "letter_sha256",
            "in_use",
            "street",
            "created_at",
            "updated_at",
        ],
    ),
    Resource(
        model=FrontageSelfCheck,
        path="frontage-self-checks",
        selector=frontage_selectors.frontage_self_check_list,
        filterset=frontage_filters.FrontageSelfCheckFilter,
        form_class=frontage_forms.FrontageSelfCheckForm,
        create=_self_check_create,
        update=frontage_services.frontage_self_check_update,
    ),
    CampaignResource(
        model=Campaign,
        path="campaigns",
        selector=campaign_selectors.campaign_list,
        filterset=campaign_filters.CampaignFilter,
        form_class=campaign_forms.CampaignApiForm,
        create=campaign_services.campaign_create,
        update=campaign_services.campaign_update,
        output_fields=[
            "id",
            "name",
            "starts_on",
            "ends_on",
            "goal",
            "plan_sha256",
            "lead",
            "key_areas",
            "summary",
            "street",
            "created_at",
            "updated_at",
        ],
    ),
    CampaignPartResource(
        model=CampaignPhase,
        path="campaign-phases",
        selector=campaign_selectors.campaign_phase_list,
        filterset=campaign_filters.CampaignPartOf,
        form_class=campaign_forms.CampaignPhaseApiForm,
        create=_phase_add,
        update=campaign_services.campaign_phase_update,
        delete=campaign_services.campaign_phase_remove,
    ),
    CampaignPartResource(
        model=CampaignPartner,
        path="campaign-partners",
        selector=campaign_selectors.campaign_partner_list,
        filterset=campaign_filters.CampaignPartOf,
        form_class=campaign_forms.CampaignPartnerApiForm,
        create=_partner_add,
        update=campaign_services.campaign_partner_update,
        delete=campaign_services.campaign_partner_remove,
    ),
]
