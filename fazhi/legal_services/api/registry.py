"""The registry of legal services over the API: law firms, lawyers, adviser contracts, village
advisers, consultations, and WeChat groups with their member counts (the pushes in the groups
are publicity items: ``fazhi.outreach.api``).

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
from fazhi.legal_services.filters import registry as filters
from fazhi.legal_services.forms import registry as forms
from fazhi.legal_services.models import (
    AdviserContract,
    Consultation,
    LawFirm,
    Lawyer,
    VillageAdviser,
    WechatGroup,
    WechatGroupCount,
)
from fazhi.legal_services.selectors import registry as selectors
from fazhi.legal_services.services import registry as services


def _with_document_url(out: type[Schema]) -> type[Schema]:
    """The contract's answer with the address of its file (the file itself is not JSON)."""

    class AdviserContractOut(out):  # type: ignore[valid-type,misc]
        document_url: str | None = Field(
            None,
            description="合同文本的下载地址（与本接口相同的认证）；未上传时为 null。"
            "文件的SHA-256指纹见 document_sha256。",
        )

        @staticmethod
        def resolve_document_url(obj: AdviserContract) -> str | None:
            if not obj.document:
                return None
            return reverse("api:adviser_contracts_document", args=[obj.pk])

    AdviserContractOut.__name__ = "AdviserContractOut"
    return AdviserContractOut


@dataclass
class AdviserContractResource(Resource):
    """Contracts: the JSON fields as any resource, and the signed text as a download."""

    def __post_init__(self) -> None:
        super().__post_init__()
        self.schemas["out"] = _with_document_url(self.schemas["out"])
        self.schemas["page"] = page_schema(self.schemas["out"], self.model.__name__)

    def router(self) -> Router:
        router = super().router()

        @router.get(
            "/{int:id}/document/",
            response={200: None, **ERROR_RESPONSES},
            operation_id="adviser_contracts_document",
            url_name="adviser_contracts_document",
            summary="下载合同文本",
            description="合同上传的文本文件（PDF、Word或图片）；未上传时为404。",
            openapi_extra=file_download("合同文本文件", DOCUMENT_CONTENT_TYPES),
        )
        def document_view(request: HttpRequest, id: int) -> HttpResponseBase:
            contract = get_for_user(AdviserContract, request.user, id)
            name = contract.title.replace("/", "_").replace("\\", "_")
            return serve_document(contract.document, filename=name)

        return router


def _count_record(
    *, street: Any, actor: Any, group: WechatGroup, counted_on: Any, members: int
) -> WechatGroupCount:
    return services.wechat_group_count_record(
        group, counted_on=counted_on, members=members, actor=actor
    )


RESOURCES: list[Resource] = [
    Resource(
        model=LawFirm,
        path="law-firms",
        selector=selectors.law_firm_list,
        filterset=filters.LawFirmFilter,
        form_class=forms.LawFirmForm,
        create=services.law_firm_create,
        update=services.record_update,
        delete=services.record_delete,
    ),
    Resource(
        model=Lawyer,
        path="lawyers",
        selector=selectors.lawyer_list,
        filterset=filters.LawyerFilter,
        form_class=forms.LawyerForm,
        create=services.lawyer_create,
        update=services.lawyer_update,
        delete=services.record_delete,
    ),
    AdviserContractResource(
        model=AdviserContract,
        path="adviser-contracts",
        selector=selectors.adviser_contract_list,
        filterset=filters.AdviserContractFilter,
        form_class=forms.AdviserContractApiForm,
        create=services.adviser_contract_create,
        update=services.adviser_contract_update,
        delete=services.record_delete,
        output_fields=[
            "id",
            "firm",
            "title",
            "contract_no",
            "signed_on",
            "starts_on",
            "ends_on",
            "lead_lawyer",
            "scope",
            "fee",
            "document_sha256",
            "street",
            "created_at",
            "updated_at",
        ],
    ),
    Resource(
        model=VillageAdviser,
        path="village-advisers",
        selector=selectors.village_adviser_list,
        filterset=filters.VillageAdviserFilter,
        form_class=forms.VillageAdviserForm,
        create=services.village_adviser_create,
        update=services.village_adviser_update,
        delete=services.record_delete,
    ),
    Resource(
        model=Consultation,
        path="consultations",
        selector=selectors.consultation_list,
        filterset=filters.ConsultationFilter,
        form_class=forms.ConsultationForm,
        create=services.consultation_create,
        update=services.consultation_update,
        delete=services.record_delete,
    ),
    Resource(
        model=WechatGroup,
        path="wechat-groups",
        selector=selectors.wechat_group_list,
        filterset=filters.WechatGroupFilter,
        form_class=forms.WechatGroupForm,
        create=services.wechat_group_create,
        update=services.record_update,
        delete=services.record_delete,
    ),
    Resource(
        model=WechatGroupCount,
        path="wechat-group-counts",
        selector=selectors.wechat_group_count_list,
        filterset=filters.WechatGroupCountFilter,
        form_class=forms.WechatGroupCountApiForm,
        create=_count_record,
    ),
]
