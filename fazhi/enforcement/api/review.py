"""Evidence, legal review and publicity of enforcement over the API, with the pages' permissions,
data scope and rules (the same forms check the input, the same services write).

* evidence: list and read (each with its fingerprint and the address of its file); upload as
  multipart/form-data; correct (a new file naming the corrected one, with the reason); the file
  itself, permission-checked. There is no change or delete: evidence is never replaced.
* legal-reviews: list and read; submit a case; the assigned reviewer's opinion.
* publications: list and read; publish a case's decision; withdraw; record that a decision was
  changed or revoked (the publication's withdrawal deadline follows).

No ``from __future__ import annotations``: ninja reads the endpoint functions' annotations.
"""

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Literal

from django import forms
from django.http import HttpRequest, HttpResponseBase
from django.urls import reverse
from ninja import File, Form, Router, Schema, Status, UploadedFile
from pydantic import Field, Strict, create_model

from fazhi.api.errors import ERROR_RESPONSES, InvalidInput
from fazhi.api.resources import (
    RecordId,
    Resource,
    StrictSchema,
    file_download,
    form_errors,
    page_schema,
)
from fazhi.core.access import get_for_user, require_perm
from fazhi.core.files import DOCUMENT_CONTENT_TYPES
from fazhi.enforcement.files import serve_evidence
from fazhi.enforcement.filters.publication import PublicationFilter
from fazhi.enforcement.filters.review import EvidenceFilter, LegalReviewFilter
from fazhi.enforcement.forms.evidence import EvidenceCorrectForm, EvidenceForm
from fazhi.enforcement.forms.publication import DecisionChangeForm, PublicationWithdrawForm
from fazhi.enforcement.forms.review import LegalReviewSubmitForm
from fazhi.enforcement.models import Case, Evidence, LegalReview, Publication
from fazhi.enforcement.selectors import publication as publication_selectors
from fazhi.enforcement.selectors import review as review_selectors
from fazhi.enforcement.services.evidence import evidence_attach, evidence_correct
from fazhi.enforcement.services.legal_review import legal_review_complete, legal_review_submit
from fazhi.enforcement.services.publication import (
    case_record_decision_change,
    publication_publish,
    publication_withdraw,
)

# Evidence is served as the type its content was recognised as (Evidence.content_type): a
# photo, a recording or a document.
_FILE_RESPONSE = file_download(
    "证据文件", ["image/*", "audio/*", "video/*", *DOCUMENT_CONTENT_TYPES]
)


def _checked(form: forms.Form) -> dict[str, Any]:
    if not form.is_valid():
        raise InvalidInput(form_errors(form))
    return dict(form.cleaned_data)


def _text(payload: Schema) -> dict[str, Any]:
    return {k: ("" if v is None else v) for k, v in payload.model_dump(exclude_unset=True).items()}


# --- Evidence ---------------------------------------------------------------------------------------


def _evidence_out(out: type[Schema]) -> type[Schema]:
    class EvidenceOut(out):  # type: ignore[valid-type,misc]
        file_url: str = Field(
            description="证据文件的地址（与本接口相同的认证和权限）；文件的SHA-256指纹见 sha256。"
        )

        @staticmethod
        def resolve_file_url(obj: Evidence) -> str:
            return reverse("api:evidence_file", args=[obj.pk])

    return EvidenceOut


@dataclass
class EvidenceResource(Resource):
    """Evidence: read, uploaded and corrected; never changed or deleted."""

    def __post_init__(self) -> None:
        super().__post_init__()
        self.schemas["out"] = _evidence_out(self.schemas["out"])
        self.schemas["page"] = page_schema(self.schemas["out"], self.model.__name__)

    def _answer(self, request: HttpRequest, pk: int) -> Any:
        return self.selector(request.user).filter(pk=pk).first()

    def router(self) -> Router:
        router = super().router()
        out = self.schemas["out"]
        resource = self

        @router.post(
            "/",
            response={201: out, **ERROR_RESPONSES},
            operation_id="evidence_upload",
            summary="上传证据",
            description="multipart/form-data：case（案件id）、kind（photo、audio、video、document）、"
            "file、description，可选 step（办案环节id）、captured_at（YYYY-MM-DD HH:MM）。"
            "按文件内容识别格式，须与 kind 一致；照片、文书不超过20MB，录音录像不超过系统设定的上限。"
            "已归档的案件不能再上传。",
        )
        def upload_view(
            request: HttpRequest,
            file: File[UploadedFile],
            case: Form[int],
            kind: Form[Literal["photo", "audio", "video", "document"]],
            description: Form[str],
            step: Form[int | None] = None,
            captured_at: Form[str | None] = None,
        ) -> Any:
            user: Any = request.user
            require_perm(user, Evidence, "add")
            found = get_for_user(Case, user, case)
            data = {
                "kind": kind,
                "description": description,
                "step": step or "",
                "captured_at": captured_at or "",
            }
            cleaned = _checked(EvidenceForm(data, {"file": file}, case=found))
            evidence = evidence_attach(actor=user, case=found, **cleaned)
            return Status(201, resource._answer(request, evidence.pk))

        @router.post(
            "/{int:id}/correct/",
            response={201: out, **ERROR_RESPONSES},
            operation_id="evidence_correct",
            summary="更正证据",
            description="multipart/form-data：file、reason（更正理由），可选 description。"
            "原证据保留不变，返回新的更正证据。",
        )
        def correct_view(
            request: HttpRequest,
            id: int,
            file: File[UploadedFile],
            reason: Form[str],
            description: Form[str | None] = None,
        ) -> Any:
            user: Any = request.user
            original = get_for_user(Evidence, user, id)
            require_perm(user, Evidence, "add")
            data = {"reason": reason, "description": description or ""}
            cleaned = _checked(EvidenceCorrectForm(data, {"file": file}))
            evidence = evidence_correct(actor=user, evidence=original, **cleaned)
            return Status(201, resource._answer(request, evidence.pk))

        @router.get(
            "/{int:id}/file/",
            response={200: None, **ERROR_RESPONSES},
            operation_id="evidence_file",
            url_name="evidence_file",
            summary="证据文件",
            description="照片、录音、录像在浏览器中直接显示，其他文件下载；不缓存。",
            openapi_extra=_FILE_RESPONSE,
        )
        def file_view(request: HttpRequest, id: int) -> HttpResponseBase:
            return serve_evidence(get_for_user(Evidence, request.user, id))

        return router


# --- Legal review ---------------------------------------------------------------------------------

ReviewSubmitIn = create_model(
    "LegalReviewSubmit",
    __base__=StrictSchema,
    case=(RecordId, Field(description="案件id（调查取证或已告知的案件）")),
    reviewer=(
        RecordId,
        Field(description="审核人员的用户id：本街道具备法律职业资格、未参与办案的人员"),
    ),
    materials=(Annotated[str, Strict()] | None, Field(None, description="报送材料")),
)
_Check = Annotated[bool, Strict()]
ReviewCompleteIn = create_model(
    "LegalReviewComplete",
    __base__=StrictSchema,
    **{
        key: (_Check, Field(description=f"{label}（true：符合；false：不符合）"))
        for key, label in LegalReview.CHECKLIST
    },
    conclusion=(
        Literal["agree", "amend", "disagree"],
        Field(description="审核意见（agree：同意；amend：修改后同意；disagree：不同意）"),
    ),
    opinion=(Annotated[str, Strict()], Field(description="审核意见和理由")),
)


@dataclass
class LegalReviewResource(Resource):
    def router(self) -> Router:
        router = super().router()
        out = self.schemas["out"]
        resource = self

        @router.post(
            "/",
            response={201: out, **ERROR_RESPONSES},
            operation_id="legal_reviews_submit",
            summary="提交法制审核",
            description="案件转入“法制审核”状态；审核期限按工作日计算。审核人员不能是本案的"
            "承办执法人员，须具备法律职业资格；一个案件同时只能有一件待审核的法制审核。",
        )
        def submit_view(request: HttpRequest, payload: ReviewSubmitIn) -> Any:  # type: ignore[valid-type]
            user: Any = request.user
            require_perm(user, LegalReview, "add")
            sent = payload.model_dump()  # type: ignore[attr-defined]
            case = get_for_user(Case, user, sent["case"])
            data = {"reviewer": sent["reviewer"], "materials": sent.get("materials") or ""}
            cleaned = _checked(LegalReviewSubmitForm(data, case=case))
            review = legal_review_submit(actor=user, case=case, **cleaned)
            return Status(201, resource.selector(user).filter(pk=review.pk).first())

        @router.post(
            "/{int:id}/complete/",
            response={200: out, **ERROR_RESPONSES},
            operation_id="legal_reviews_complete",
            summary="出具法制审核意见",
            description="只有被指定的审核人员可以出具，只能出具一次。各审核事项均须判断；"
            "有不符合事项的不能“同意”，各项均符合的不能“不同意”。不同意的，案件退回调查取证。",
        )
        def complete_view(request: HttpRequest, id: int, payload: ReviewCompleteIn) -> Any:  # type: ignore[valid-type]
            user: Any = request.user
            review = review_selectors.get_review_for_user(user, id, write=True)
            sent = payload.model_dump()  # type: ignore[attr-defined]
            checklist = {key: sent[key] for key, _label in LegalReview.CHECKLIST}
            legal_review_complete(
                actor=user,
                review=review,
                checklist=checklist,
                conclusion=sent["conclusion"],
                opinion=sent["opinion"],
            )
            return resource.selector(user).filter(pk=id).first()

        return router


# --- Publications -----------------------------------------------------------------------------

PublishIn = create_model(
    "PublicationPublish",
    __base__=StrictSchema,
    case=(RecordId, Field(description="已作出决定的案件id")),
    uncertain_checked=(
        Annotated[bool, Strict()],
        Field(
            default=False,
            description="已核对标记的疑似个人信息：公示内容中有隐去的疑似个人信息时须为true"
            "（先在后台公示页面核对预览）",
        ),
    ),
)
WithdrawIn = create_model(
    "PublicationWithdraw",
    __base__=StrictSchema,
    reason=(Annotated[str, Strict()], Field(description="撤下理由（在门户网站上公开）")),
)
DecisionChangeIn = create_model(
    "DecisionChange",
    __base__=StrictSchema,
    case=(RecordId, Field(description="案件id")),
    changed_on=(Annotated[str, Strict()], Field(description="变更或撤销日期（YYYY-MM-DD）")),
    reason=(Annotated[str, Strict()], Field(description="变更或撤销理由")),
)


class DecisionChangeOut(Schema):
    case: int = Field(description="案件id")
    decision_changed_on: date = Field(description="决定变更或撤销日期")
    decision_change_reason: str = Field(description="决定变更或撤销理由")
    publication: int | None = Field(None, description="该决定的公示id；未公示为 null")
    withdraw_due_on: date | None = Field(None, description="公示的撤下期限；未公示为 null")


@dataclass
class PublicationResource(Resource):
    def router(self) -> Router:
        router = super().router()
        out = self.schemas["out"]
        resource = self

        @router.post(
            "/",
            response={201: out, **ERROR_RESPONSES},
            operation_id="publications_publish",
            summary="公示执法决定",
            description="已作出决定的案件公示一次；公示内容隐去自然人姓名（保留姓氏）、"
            "身份证号、电话、详细地址和其他人员的姓名。超过公示期限的按逾期公示记录。",
        )
        def publish_view(request: HttpRequest, payload: PublishIn) -> Any:  # type: ignore[valid-type]
            user: Any = request.user
            require_perm(user, Publication, "add")
            case = get_for_user(Case, user, payload.case)  # type: ignore[attr-defined]
            publication = publication_publish(
                actor=user, case=case, uncertain_checked=payload.uncertain_checked
            )
            return Status(201, resource.selector(user).filter(pk=publication.pk).first())

        @router.post(
            "/{int:id}/withdraw/",
            response={200: out, **ERROR_RESPONSES},
            operation_id="publications_withdraw",
            summary="撤下公示",
            description="撤下后门户网站只显示“已撤下”和理由。",
        )
        def withdraw_view(request: HttpRequest, id: int, payload: WithdrawIn) -> Any:  # type: ignore[valid-type]
            user: Any = request.user
            publication = publication_selectors.get_publication_for_user(user, id, write=True)
            cleaned = _checked(PublicationWithdrawForm(_text(payload)))
            publication_withdraw(actor=user, publication=publication, **cleaned)
            return resource.selector(user).filter(pk=id).first()

        @router.post(
            "/decision-change/",
            response={200: DecisionChangeOut, **ERROR_RESPONSES},
            operation_id="publications_decision_change",
            summary="登记决定变更或撤销",
            description="登记后，已公示的决定须在撤下期限（默认3个工作日）内撤下。",
        )
        def decision_change_view(request: HttpRequest, payload: DecisionChangeIn) -> Any:  # type: ignore[valid-type]
            user: Any = request.user
            sent = _text(payload)
            case = get_for_user(Case, user, sent.pop("case"), write=True)
            cleaned = _checked(DecisionChangeForm(sent))
            changed = case_record_decision_change(actor=user, case=case, **cleaned)
            publication = Publication.objects.filter(case=changed).first()
            return {
                "case": changed.pk,
                "decision_changed_on": changed.decision_changed_on,
                "decision_change_reason": changed.decision_change_reason,
                "publication": publication.pk if publication else None,
                "withdraw_due_on": publication.withdraw_due_on if publication else None,
            }

        return router


RESOURCES: list[Any] = [
    EvidenceResource(
        model=Evidence,
        path="evidence",
        selector=review_selectors.evidence_list,
        filterset=EvidenceFilter,
        output_fields=[
            "id",
            "case",
            "step",
            "kind",
            "sha256",
            "size",
            "content_type",
            "description",
            "captured_at",
            "corrects",
            "correction_reason",
            "uploaded_by",
            "uploaded_at",
        ],
    ),
    LegalReviewResource(
        model=LegalReview,
        path="legal-reviews",
        selector=review_selectors.review_list,
        filterset=LegalReviewFilter,
    ),
    PublicationResource(
        model=Publication,
        path="publications",
        selector=publication_selectors.publication_list,
        filterset=PublicationFilter,
    ),
]
