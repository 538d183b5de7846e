"""Staff law study and the 法律明白人 over the API: yearly targets, the list of laws to study,
study sessions with their sign-ins, self-study, exams and their scores, the 法律明白人 and their
training.

No ``from __future__ import annotations``: ninja reads the endpoint functions' annotations.
"""

from dataclasses import dataclass

from ninja import Schema
from pydantic import Field

from fazhi.api.resources import Resource, page_schema
from fazhi.study import filters, forms, selectors, services
from fazhi.study.models import (
    LawToStudy,
    LegalLiterate,
    LiterateTraining,
    SelfStudy,
    StudyAttendance,
    StudyExam,
    StudyExamScore,
    StudySession,
    StudyTarget,
)


def _with_masked_phone(out: type[Schema]) -> type[Schema]:
    """The 法律明白人's answer with the mobile number masked, as the list pages show it."""

    class LegalLiterateOut(out):  # type: ignore[valid-type,misc]
        phone_masked: str = Field("", description="手机号码（隐去中间四位）")

        @staticmethod
        def resolve_phone_masked(obj: LegalLiterate) -> str:
            return obj.masked_phone()

    LegalLiterateOut.__name__ = "LegalLiterateOut"
    return LegalLiterateOut


@dataclass
class LegalLiterateResource(Resource):
    """The registry of 法律明白人: villagers' mobile numbers are given masked (the full number
    is on the record's page)."""

    def __post_init__(self) -> None:
        super().__post_init__()
        self.schemas["out"] = _with_masked_phone(self.schemas["out"])
        self.schemas["page"] = page_schema(self.schemas["out"], self.model.__name__)


RESOURCES: list[Resource] = [
    Resource(
        model=StudyTarget,
        path="study-targets",
        selector=selectors.study_target_list,
        filterset=filters.StudyTargetFilter,
        form_class=forms.StudyTargetForm,
        create=services.study_target_create,
        update=services.study_target_update,
        delete=services.record_delete,
    ),
    Resource(
        model=LawToStudy,
        path="laws-to-study",
        selector=selectors.law_to_study_list,
        filterset=filters.LawToStudyFilter,
        form_class=forms.LawToStudyForm,
        create=services.law_to_study_create,
        update=services.law_to_study_update,
        delete=services.record_delete,
    ),
    Resource(
        model=StudySession,
        path="study-sessions",
        selector=selectors.study_session_list,
        filterset=filters.StudySessionFilter,
        form_class=forms.StudySessionForm,
        create=services.study_session_create,
        update=services.study_session_update,
        delete=services.study_session_delete,
    ),
    Resource(
        model=StudyAttendance,
        path="study-attendance",
        selector=selectors.study_attendance_list,
        filterset=filters.StudyAttendanceFilter,
        form_class=forms.StudyAttendanceForm,
        create=services.study_attendance_create,
        update=services.study_attendance_update,
        delete=services.study_attendance_delete,
    ),
    Resource(
        model=SelfStudy,
        path="self-studies",
        selector=selectors.self_study_list,
        filterset=filters.SelfStudyFilter,
        form_class=forms.SelfStudyForm,
        create=services.self_study_create,
        update=services.self_study_update,
        delete=services.self_study_delete,
    ),
    Resource(
        model=StudyExam,
        path="study-exams",
        selector=selectors.study_exam_list,
        filterset=filters.StudyExamFilter,
        form_class=forms.StudyExamForm,
        create=services.study_exam_create,
        update=services.study_exam_update,
        delete=services.study_exam_delete,
    ),
    Resource(
        model=StudyExamScore,
        path="study-exam-scores",
        selector=selectors.study_exam_score_list,
        filterset=filters.StudyExamScoreFilter,
        form_class=forms.StudyExamScoreForm,
        create=services.study_exam_score_create,
        update=services.study_exam_score_update,
        delete=services.record_delete,
    ),
    LegalLiterateResource(
        model=LegalLiterate,
        path="legal-literates",
        selector=selectors.legal_literate_list,
        filterset=filters.LegalLiterateFilter,
        form_class=forms.LegalLiterateForm,
        create=services.legal_literate_create,
        update=services.legal_literate_update,
        delete=services.record_delete,
        output_fields=[
            "id",
            "village",
            "name",
            "source",
            "grid_worker",
            "user",
            "appointed_on",
            "ended_on",
            "note",
            "street",
            "created_at",
            "updated_at",
        ],
    ),
    Resource(
        model=LiterateTraining,
        path="literate-trainings",
        selector=selectors.literate_training_list,
        filterset=filters.LiterateTrainingFilter,
        form_class=forms.LiterateTrainingForm,
        create=services.literate_training_create,
        update=services.literate_training_update,
        delete=services.literate_training_delete,
    ),
]
