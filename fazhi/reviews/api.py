"""Legality review and major decisions over the API: review requests (read; create and change
for the office and departments; the opinion, withdrawal and fate as their own operations),
major decisions (read, create, change, and each step of the procedure as its own operation),
and public comments (read for staff; the response as an operation).

Documents are not JSON: a record gives the address of its file and its SHA-256; files are
uploaded on the pages. The steps' request bodies are checked by the pages' own forms and go to
the same services.

No ``from __future__ import annotations``: ninja reads the endpoint functions' annotations.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import HttpRequest, HttpResponseBase
from django.urls import reverse
from ninja import Router, Schema, Status
from pydantic import Field, Strict, create_model

from fazhi.api.bodies import body_schema, checked
from fazhi.api.errors import ERROR_RESPONSES, InvalidInput
from fazhi.api.resources import (
    NO_STREET,
    Resource,
    StrictSchema,
    file_download,
    page_schema,
)
from fazhi.core.access import require_perm
from fazhi.core.files import DOCUMENT_CONTENT_TYPES, serve_document
from fazhi.reviews import filters, selectors, services
from fazhi.reviews import forms as review_forms
from fazhi.reviews.models import MajorDecision, PublicComment, ReviewRequest

_FILE_RESPONSE = file_download("文件", DOCUMENT_CONTENT_TYPES)


# --- Review requests ----------------------------------------------------------------------------

ReviewOpinionIn = body_schema(review_forms.ReviewOpinionForm, "ReviewOpinion")
ReviewWithdrawIn = create_model(
    "ReviewWithdraw",
    __base__=StrictSchema,
    reason=(Annotated[str, Strict()], Field(description="撤回理由")),
)
ReviewFateIn = body_schema(review_forms.FateForm, "ReviewFate")


def _review_request_out(out: type[Schema]) -> type[Schema]:
    """The request's answer with the address of its document (the file itself is not JSON)."""

    class ReviewRequestOut(out):  # type: ignore[valid-type,misc]
        document_url: str | None = Field(
            None,
            description="送审文件的下载地址（与本接口相同的认证）；未上传时为 null。"
            "文件的SHA-256指纹见 document_sha256。",
        )

        @staticmethod
        def resolve_document_url(obj: ReviewRequest) -> str | None:
            if not obj.document:
                return None
            return reverse("api:review_requests_document", args=[obj.pk])

    return ReviewRequestOut


@dataclass
class ReviewRequestResource(Resource):
    """Review requests: written by the office and the departments as any resource; the opinion
    by the assigned adviser or reviewer, withdrawal and fate by the office or the sender."""

    def __post_init__(self) -> None:
        super().__post_init__()
        self.schemas["out"] = _review_request_out(self.schemas["out"])
        self.schemas["page"] = page_schema(self.schemas["out"], self.model.__name__)

    def update_record(self, request: HttpRequest, pk: int, payload: Schema) -> Any:
        user = request.user
        obj = selectors.get_review_request_for_user(user, pk, write=True)
        sent = payload.model_dump(exclude_unset=True)
        cleaned = self._validated(request, sent, instance=obj, only=sent)
        services.review_request_update(obj, actor=user, **cleaned)
        return self.selector(user).filter(pk=pk).first() or obj

    def delete_record(self, request: HttpRequest, pk: int) -> None:
        user = request.user
        obj = selectors.get_review_request_for_user(user, pk, write=True, action="delete")
        services.review_request_delete(obj, actor=user)

    def _answer(self, request: HttpRequest, pk: int) -> Any:
        return self.selector(request.user).filter(pk=pk).first()

    def router(self) -> Router:
        router = super().router()
        out = self.schemas["out"]
        resource = self

        @router.get(
            "/{int:id}/document/",
            response={200: None, **ERROR_RESPONSES},
            operation_id="review_requests_document",
            url_name="review_requests_document",
            summary="下载送审文件",
            description="送审的文件（PDF、Word、Excel或图片）；未上传时为404。",
            openapi_extra=_FILE_RESPONSE,
        )
        def document_view(request: HttpRequest, id: int) -> HttpResponseBase:
            obj = selectors.get_review_request_for_user(request.user, id)
            return serve_document(obj.document, filename=obj.title.replace("/", "_"))

        @router.post(
            "/{int:id}/opinion/",
            response={200: out, **ERROR_RESPONSES},
            operation_id="review_requests_opinion",
            summary="出具审查意见",
            description="被指定的法律顾问或审查人员（或司法所代为登记）出具审查意见，只能出具一次。",
        )
        def opinion_view(request: HttpRequest, id: int, payload: ReviewOpinionIn) -> Any:  # type: ignore[valid-type]
            obj = selectors.get_review_request_for_opinion(request.user, id)
            data = checked(review_forms.ReviewOpinionForm, payload)
            services.review_request_complete(obj, actor=request.user, **data)
            return resource._answer(request, id)

        @router.post(
            "/{int:id}/withdraw/",
            response={200: out, **ERROR_RESPONSES},
            operation_id="review_requests_withdraw",
            summary="撤回送审",
            description="出具审查意见前，司法所或送审人可以撤回，须说明理由。",
        )
        def withdraw_view(request: HttpRequest, id: int, payload: ReviewWithdrawIn) -> Any:  # type: ignore[valid-type]
            obj = selectors.get_review_request_for_follow_up(request.user, id)
            data = checked(review_forms.ReasonForm, payload)
            services.review_request_withdraw(obj, actor=request.user, **data)
            return resource._answer(request, id)

        @router.post(
            "/{int:id}/fate/",
            response={200: out, **ERROR_RESPONSES},
            operation_id="review_requests_fate",
            summary="登记文件的后续情况",
            description="出具审查意见后，登记文件是否签订或施行。",
        )
        def fate_view(request: HttpRequest, id: int, payload: ReviewFateIn) -> Any:  # type: ignore[valid-type]
            obj = selectors.get_review_request_for_follow_up(request.user, id)
            data = checked(review_forms.FateForm, payload)
            services.review_request_set_fate(obj, actor=request.user, **data)
            return resource._answer(request, id)

        return router


# --- Major decisions -----------------------------------------------------------------------------


class StepOut(Schema):
    """One step of a major decision's procedure."""

    key: str = Field(
        description="环节（participation、expert、risk、legality、discussion、publication、archive）"
    )
    label: str = Field(description="环节名称")
    state: str = Field(
        description="完成情况（done：已完成；not_required：无需履行；in_progress：进行中；missing：未完成）"
    )
    state_display: str = Field(description="完成情况（中文）")
    note: str = Field(description="说明：完成情况，或无需履行的理由")


def _steps(decision: MajorDecision) -> list[dict[str, Any]]:
    return [
        {
            "key": s.key,
            "label": str(s.label),
            "state": s.state.value,
            "state_display": str(s.state.label),
            "note": s.note,
        }
        for s in selectors.decision_steps(decision)
    ]


def _decision_out(out: type[Schema]) -> type[Schema]:
    """The decision's answer with its draft's address and the state of every step."""

    class MajorDecisionOut(out):  # type: ignore[valid-type,misc]
        draft_url: str | None = Field(
            None,
            description="决策草案的下载地址（与本接口相同的认证）；未上传时为 null。"
            "文件的SHA-256指纹见 draft_sha256。",
        )
        steps: list[StepOut] = Field(
            default_factory=list, description="决策程序各环节的完成情况，按程序顺序"
        )

        @staticmethod
        def resolve_draft_url(obj: MajorDecision) -> str | None:
            if not obj.draft:
                return None
            return reverse("api:major_decisions_draft", args=[obj.pk])

        @staticmethod
        def resolve_steps(obj: MajorDecision) -> list[dict[str, Any]]:
            return _steps(obj)

    return MajorDecisionOut


# (path, summary, form, service, description); each step answers with the decision.
DECISION_STEPS: list[tuple[str, str, type[forms.Form], Callable[..., Any], str]] = [
    (
        "participation/open",
        "发起公开征求意见",
        review_forms.OpenParticipationForm,
        services.decision_open_participation,
        "开始日期不能早于今天；征求意见期限自开始之日的次日起算，不少于30日；"
        "少于30日的须填写 short_period_reason。",
    ),
    (
        "participation/close",
        "结束公众参与",
        review_forms.CloseParticipationForm,
        services.decision_close_participation,
        "征求意见期满后，汇总公众意见及采纳情况。",
    ),
    (
        "expert",
        "登记专家论证",
        review_forms.ExpertForm,
        services.decision_record_expert,
        "集体讨论前登记；讨论后不能再修改。",
    ),
    (
        "expert/waive",
        "无需专家论证",
        review_forms.ReasonForm,
        services.decision_waive_expert,
        "登记不需要专家论证的理由。",
    ),
    (
        "risk",
        "登记风险评估",
        review_forms.RiskForm,
        services.decision_record_risk,
        "集体讨论前登记；讨论后不能再修改。",
    ),
    (
        "risk/waive",
        "无需风险评估",
        review_forms.ReasonForm,
        services.decision_waive_risk,
        "登记不需要风险评估的理由。",
    ),
    (
        "discussion",
        "登记集体讨论",
        review_forms.DiscussionForm,
        services.decision_record_discussion,
        "须在公众参与、专家论证、风险评估、合法性审查完成（或无需履行）之后；"
        "head_spoke_last 须为 true（行政首长最后发表意见）；行政首长拟作出的决定与多数人意见"
        "不一致的，在 head_differs_reason 中记录其说明的理由。仅限司法所（领导小组办公室）。",
    ),
    (
        "decide",
        "作出决定",
        review_forms.DecideForm,
        services.decision_decide,
        "缺少任何必经程序的，拒绝并列出所缺程序（422）。仅限司法所（领导小组办公室）。",
    ),
    (
        "publish",
        "登记决策公布",
        review_forms.PublishForm,
        services.decision_publish,
        "作出决定后登记；公布后在公众服务网站上公开决定内容。仅限司法所（领导小组办公室）。",
    ),
    (
        "archive",
        "登记归档",
        review_forms.ArchiveForm,
        services.decision_archive,
        "公布后登记。仅限司法所（领导小组办公室）。",
    ),
    (
        "abandon",
        "终止决策",
        review_forms.ReasonForm,
        services.decision_abandon,
        "作出决定前可以终止，须说明理由。仅限司法所（领导小组办公室）。",
    ),
]
_FORMS_WITH_CONTEXT = (review_forms.DiscussionForm,)
# The steps only the office takes (reviews.decide_majordecision); the others are for the office
# and the decision's own department.
_OFFICE_STEPS = (
    services.decision_record_discussion,
    services.decision_decide,
    services.decision_publish,
    services.decision_archive,
    services.decision_abandon,
)

LegalityIn = body_schema(
    review_forms.LegalityRequestForm, "LegalityReviewRequest", exclude=("document",)
)


@dataclass
class MajorDecisionResource(Resource):
    """Major decisions with their procedure: each step an operation on the decision."""

    review_out: type[Schema] | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        self.schemas["out"] = _decision_out(self.schemas["out"])
        self.schemas["page"] = page_schema(self.schemas["out"], self.model.__name__)

    def _step(
        self,
        request: HttpRequest,
        pk: int,
        form_class: type[forms.Form],
        service: Callable[..., Any],
        payload: Schema,
    ) -> Any:
        user = request.user
        decision = selectors.get_decision_for_user(
            user, pk, write=True, decide=service in _OFFICE_STEPS
        )
        kwargs: dict[str, Any] = {}
        if form_class in _FORMS_WITH_CONTEXT:
            kwargs = {"user": user, "decision": decision}
        data = checked(form_class, payload, **kwargs)
        service(decision, actor=user, **data)
        return self.selector(user).filter(pk=pk).first()

    def router(self) -> Router:
        router = super().router()
        out = self.schemas["out"]

        @router.get(
            "/{int:id}/draft/",
            response={200: None, **ERROR_RESPONSES},
            operation_id="major_decisions_draft",
            url_name="major_decisions_draft",
            summary="下载决策草案",
            description="决策草案文件；未上传时为404。",
            openapi_extra=_FILE_RESPONSE,
        )
        def draft_view(request: HttpRequest, id: int) -> HttpResponseBase:
            decision = selectors.get_decision_for_user(request.user, id)
            return serve_document(decision.draft, filename=f"{decision.title}（草案）")

        for path, summary, form_class, service, description in DECISION_STEPS:
            self._add_step(router, out, path, summary, form_class, service, description)

        review_out = self.review_out

        @router.post(
            "/{int:id}/legality/",
            response={201: review_out, **ERROR_RESPONSES},
            operation_id="major_decisions_legality",
            summary="送交合法性审查",
            description="以决策草案送交合法性审查，生成一条“重大行政决策”类的审查事项；"
            "审查期限不得少于7个工作日（不填则为受理日期后第7个工作日）。"
            "征求意见不能代替合法性审查。",
        )
        def legality_view(request: HttpRequest, id: int, payload: LegalityIn) -> Any:  # type: ignore[valid-type]
            user: Any = request.user
            require_perm(user, ReviewRequest, "add")
            if user.street_id is None:
                raise InvalidInput({NON_FIELD_ERRORS: [NO_STREET]})
            decision = selectors.get_decision_for_user(user, id, write=True)
            data = checked(review_forms.LegalityRequestForm, payload, user=user)
            data.pop("document", None)
            review = services.decision_request_legality_review(decision, actor=user, **data)
            return Status(
                201, selectors.review_request_list(user).filter(pk=review.pk).first() or review
            )

        return router

    def _add_step(
        self,
        router: Router,
        out: type[Schema],
        path: str,
        summary: str,
        form_class: type[forms.Form],
        service: Callable[..., Any],
        description: str,
    ) -> None:
        schema = body_schema(form_class, "Decision" + "".join(p.title() for p in path.split("/")))
        operation = "major_decisions_" + path.replace("/", "_")
        resource = self

        def step_view(request: HttpRequest, id: int, payload: schema) -> Any:  # type: ignore[valid-type]
            return resource._step(request, id, form_class, service, payload)

        step_view.__name__ = operation
        router.post(
            f"/{{int:id}}/{path}/",
            response={200: out, **ERROR_RESPONSES},
            operation_id=operation,
            summary=summary,
            description=description,
        )(step_view)


# --- Public comments -----------------------------------------------------------------------------

CommentResponseIn = body_schema(review_forms.CommentResponseForm, "CommentResponse")


@dataclass
class PublicCommentResource(Resource):
    """Residents' comments, for staff (names and contacts included); the response as an operation."""

    def router(self) -> Router:
        router = super().router()
        out = self.schemas["out"]

        @router.post(
            "/{int:id}/respond/",
            response={200: out, **ERROR_RESPONSES},
            operation_id="public_comments_respond",
            summary="登记意见采纳情况",
            description="决策作出前可以填写或修改。",
        )
        def respond_view(request: HttpRequest, id: int, payload: CommentResponseIn) -> Any:  # type: ignore[valid-type]
            user = request.user
            comment = selectors.get_comment_for_user(user, id, write=True)
            data = checked(review_forms.CommentResponseForm, payload)
            services.comment_respond(comment, actor=user, **data)
            return selectors.comment_list(user).filter(pk=id).first()

        return router


_review_requests = ReviewRequestResource(
    model=ReviewRequest,
    path="review-requests",
    selector=selectors.review_request_list,
    filterset=filters.ReviewRequestFilter,
    form_class=review_forms.ReviewRequestApiForm,
    create=services.review_request_create,
    update=services.review_request_update,
    delete=services.review_request_delete,
    output_fields=[
        "id",
        "title",
        "kind",
        "department",
        "requested_by",
        "counterparty",
        "amount",
        "document_sha256",
        "received_on",
        "due_on",
        "adviser",
        "reviewer",
        "major_decision",
        "status",
        "opinion",
        "conclusion",
        "completed_on",
        "fate",
        "fate_note",
        "withdraw_reason",
        "street",
        "created_at",
        "updated_at",
    ],
)

RESOURCES: list[Resource] = [
    _review_requests,
    MajorDecisionResource(
        model=MajorDecision,
        path="major-decisions",
        selector=selectors.decision_list,
        filterset=filters.MajorDecisionFilter,
        form_class=review_forms.MajorDecisionApiForm,
        create=services.decision_create,
        update=services.decision_update,
        review_out=_review_requests.schemas["out"],
        output_fields=[
            "id",
            *(
                f.name
                for f in [*MajorDecision._meta.concrete_fields, *MajorDecision._meta.many_to_many]
                if f.name not in {"id", "draft", "street", "created_at", "updated_at"}
            ),
            "street",
            "created_at",
            "updated_at",
        ],
    ),
    PublicCommentResource(
        model=PublicComment,
        path="public-comments",
        selector=selectors.comment_list,
        filterset=filters.PublicCommentFilter,
    ),
]
