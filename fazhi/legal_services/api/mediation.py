"""People's mediation (人民调解) over the API: cases, parties, sessions and agreements.

A case is changed with PATCH (its particulars), but not created here: a case is accepted
together with its parties, at least one applicant and one respondent, in one step, which the
one-record-per-request shape of these endpoints cannot express; the back-office page does it.
Sessions are recorded here too (a lawyer for the own cases only). The state changes (closing,
judicial confirmation, performance) are actions on the case's page. A party's ID number is
masked as on the lists (first six and last four digits); in full it is only in the case file.

No ``from __future__ import annotations``: ninja reads the endpoint functions' annotations.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from ninja import Schema
from pydantic import Field

from fazhi.api.resources import Resource, page_schema
from fazhi.legal_services.filters import mediation as filters
from fazhi.legal_services.forms import mediation as forms
from fazhi.legal_services.models import (
    Mediation,
    MediationAgreement,
    MediationParty,
    MediationSession,
)
from fazhi.legal_services.selectors import mediation as selectors
from fazhi.legal_services.services import mediation as services


def _with_masked_id_number(out: type[Schema]) -> type[Schema]:
    class MediationPartyOut(out):  # type: ignore[valid-type,misc]
        id_number: str = Field(
            description="身份证号码或统一社会信用代码（遮蔽：前6位和后4位），完整号码仅在案件页面显示"
        )

        @staticmethod
        def resolve_id_number(obj: MediationParty) -> str:
            return selectors.mask_id_number(obj.id_number)

    MediationPartyOut.__name__ = "MediationPartyOut"
    return MediationPartyOut


def _with_deadline(out: type[Schema]) -> type[Schema]:
    class MediationAgreementOut(out):  # type: ignore[valid-type,misc]
        confirmation_deadline: date = Field(
            description="申请司法确认的截止日期（协议生效之日起三十日，含当日）"
        )

    MediationAgreementOut.__name__ = "MediationAgreementOut"
    return MediationAgreementOut


@dataclass
class _AnswerResource(Resource):
    """A resource whose answer schema one function adjusts (masking, computed fields)."""

    adjust: Any = None

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.adjust is not None:
            self.schemas["out"] = self.adjust(self.schemas["out"])
            self.schemas["page"] = page_schema(self.schemas["out"], self.model.__name__)


def _session_add(
    *, street: Any, actor: Any, mediation: Mediation, **fields: Any
) -> MediationSession:
    selectors.check_session_writer(actor, mediation)
    return services.mediation_session_add(mediation, actor=actor, **fields)


RESOURCES: list[Resource] = [
    Resource(
        model=Mediation,
        path="mediations",
        selector=selectors.mediation_list,
        filterset=filters.MediationFilter,
        form_class=forms.MediationForm,
        update=services.mediation_update,
    ),
    _AnswerResource(
        model=MediationParty,
        path="mediation-parties",
        selector=selectors.mediation_party_list,
        filterset=filters.MediationPartyFilter,
        adjust=_with_masked_id_number,
    ),
    Resource(
        model=MediationSession,
        path="mediation-sessions",
        selector=selectors.mediation_session_list,
        filterset=filters.MediationSessionFilter,
        form_class=forms.MediationSessionApiForm,
        create=_session_add,
    ),
    _AnswerResource(
        model=MediationAgreement,
        path="mediation-agreements",
        selector=selectors.mediation_agreement_list,
        filterset=filters.MediationAgreementFilter,
        adjust=_with_deadline,
    ),
]
