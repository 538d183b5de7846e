"""法制审核: who may review (not the case's own officer, a qualified member of the street), the
deadline in working days, the checklist's consistency, and what each conclusion does to the case.
Every refusal leaves nothing changed."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from fazhi.audit.models import AuditEntry
from fazhi.enforcement.filters.review import EvidenceFilter
from fazhi.enforcement.models import Case, CaseStep, Evidence, LegalReview
from fazhi.enforcement.services.legal_review import legal_review_complete, legal_review_submit
from fazhi.enforcement.tests.b_helpers import make_case
from fazhi.org.roles import Role
from fazhi.testing import make_user

pytestmark = pytest.mark.django_db

ALL_PASS = {key: True for key, _label in LegalReview.CHECKLIST}


def snapshot() -> tuple[int, int, int, list[str]]:
    return (
        LegalReview.objects.count(),
        CaseStep.objects.count(),
        AuditEntry.objects.count(),
        list(Case.objects.order_by("pk").values_list("status", flat=True)),
    )


def submit(enf, case, reviewer=None, today=date(2020, 9, 28)):
    return legal_review_submit(
        actor=enf.officer1, case=case, reviewer=reviewer or enf.reviewer, today=today
    )


def test_submit_moves_the_case_to_review_with_a_working_day_deadline(world, enf):
    case = make_case(enf, status=Case.Status.NOTIFIED)
    # 10 working days from 2020-09-28 across National Day and Mid-Autumn (10-01..08 off,
    # 09-27 and 10-10 make-up days): 09-29, 09-30, 10-09, 10-10 (Saturday, worked),
    # 10-12 … 10-16, 10-19 → 10-19.
    review = submit(enf, case)
    case.refresh_from_db()
    assert case.status == Case.Status.REVIEWING
    assert review.due_on == date(2020, 10, 19) and review.pending
    step = case.steps.get()
    assert (step.kind, step.status_before, step.status_after) == (
        "review_submit",
        "notified",
        "reviewing",
    )


def test_the_case_own_officer_cannot_be_the_reviewer(world, enf):
    enf.officer2.legal_qualification = "A2018000"
    enf.officer2.save()
    case = make_case(enf)
    before = snapshot()
    with pytest.raises(ValidationError) as refused:
        submit(enf, case, reviewer=enf.officer2)
    assert "是本案的承办执法人员，不能审核本案" in str(refused.value.message_dict["reviewer"])
    assert snapshot() == before


@pytest.mark.parametrize("who", ["unqualified", "other_street", "inactive", "no_right"])
def test_an_unqualified_reviewer_is_refused(world, enf, who):
    if who == "unqualified":
        reviewer = make_user("plain", world.a.street, [Role.LEGAL_REVIEWER])
        message = "未登记法律职业资格"
    elif who == "other_street":
        reviewer = make_user(
            "b_rev", world.b.street, [Role.LEGAL_REVIEWER], legal_qualification="B1"
        )
        message = "审核人员须为本街道的工作人员"
    elif who == "inactive":
        reviewer = make_user(
            "gone", world.a.street, [Role.LEGAL_REVIEWER], legal_qualification="C1", is_active=False
        )
        message = "账号已停用"
    else:
        reviewer = make_user("clerk2", world.a.street, [Role.OFFICE], legal_qualification="D1")
        message = "没有法制审核权限"
    case = make_case(enf)
    before = snapshot()
    with pytest.raises(ValidationError) as refused:
        submit(enf, case, reviewer=reviewer)
    assert message in str(refused.value)
    assert snapshot() == before


def test_only_from_investigation_or_notice_and_one_open_review(world, enf):
    filed = make_case(enf, status=Case.Status.FILED)
    with pytest.raises(ValidationError, match="不能提交法制审核"):
        submit(enf, filed)
    case = make_case(enf)
    submit(enf, case)
    before = snapshot()
    with pytest.raises(ValidationError, match="不能提交法制审核"):
        submit(enf, case)
    assert snapshot() == before


def test_a_year_no_calendar_knows_is_a_clear_refusal(world, enf):
    case = make_case(enf)
    before = snapshot()
    with pytest.raises(ValidationError) as refused:
        submit(enf, case, today=date(2199, 3, 1))
    assert "尚无2199年的法定节假日安排" in str(refused.value)
    assert snapshot() == before


def test_agree_keeps_the_case_in_review_and_lets_it_be_decided(world, enf):
    case = make_case(enf, major_public_interest=True)
    review = submit(enf, case)
    with time_machine.travel(date(2020, 10, 9), tick=False):
        done = legal_review_complete(
            actor=enf.reviewer,
            review=review,
            checklist=ALL_PASS,
            conclusion="agree",
            opinion="事实清楚，证据确凿，程序合法。",
        )
    case.refresh_from_db()
    assert case.status == Case.Status.REVIEWING and case.passed_review() == done
    assert done.check_documents is True and done.reviewed_at is not None
    assert case.steps.order_by("-id").first().kind == "review_opinion"


def test_disagree_returns_the_case_to_investigation(world, enf):
    case = make_case(enf)
    review = submit(enf, case)
    checklist = {**ALL_PASS, "check_facts": False}
    legal_review_complete(
        actor=enf.reviewer,
        review=review,
        checklist=checklist,
        conclusion="disagree",
        opinion="证据不足，须补充调查。",
    )
    case.refresh_from_db()
    assert case.status == Case.Status.INVESTIGATING and case.passed_review() is None
    step = case.steps.order_by("-id").first()
    assert (step.kind, step.status_after) == ("review_opinion", "investigating")
    assert "不同意" in step.record
    # The case may be sent again after the gaps are filled.
    again = submit(enf, case)
    assert again.pending


@pytest.mark.parametrize(
    ("checklist", "conclusion", "opinion", "message"),
    [
        ({**ALL_PASS, "check_law": False}, "agree", "同意", "有不符合的审核事项（适用法律"),
        (ALL_PASS, "disagree", "不同意", "各审核事项均符合的，不能出具“不同意”"),
        ({k: v for k, v in ALL_PASS.items() if k != "check_subject"}, "agree", "同意", "请判断"),
        (ALL_PASS, "agree", "  ", "请写明审核意见和理由"),
        (ALL_PASS, "maybe", "同意", "请选择审核意见"),
    ],
)
def test_inconsistent_or_incomplete_opinion_is_refused(
    world, enf, checklist, conclusion, opinion, message
):
    case = make_case(enf)
    review = submit(enf, case)
    before = snapshot()
    with pytest.raises(ValidationError) as refused:
        legal_review_complete(
            actor=enf.reviewer,
            review=review,
            checklist=checklist,
            conclusion=conclusion,
            opinion=opinion,
        )
    assert message in str(refused.value)
    assert snapshot() == before
    review.refresh_from_db()
    assert review.pending


def test_only_the_assigned_reviewer_once(world, enf):
    other = make_user("rev2", world.a.street, [Role.LEGAL_REVIEWER], legal_qualification="E1")
    case = make_case(enf)
    review = submit(enf, case)
    before = snapshot()
    for actor in (other, enf.officer1):
        with pytest.raises(ValidationError, match="只有被指定的审核人员"):
            legal_review_complete(
                actor=actor, review=review, checklist=ALL_PASS, conclusion="agree", opinion="同意"
            )
    assert snapshot() == before
    legal_review_complete(
        actor=enf.reviewer, review=review, checklist=ALL_PASS, conclusion="amend", opinion="修改"
    )
    with pytest.raises(ValidationError, match=r"已于.*出具意见"):
        legal_review_complete(
            actor=enf.reviewer, review=review, checklist=ALL_PASS, conclusion="agree", opinion="x"
        )


def test_a_reviewer_made_officer_of_the_case_afterwards_is_refused(world, enf):
    case = make_case(enf)
    review = submit(enf, case)
    case.officers.add(enf.reviewer)
    before = snapshot()
    with pytest.raises(ValidationError, match="您是本案的承办执法人员"):
        legal_review_complete(
            actor=enf.reviewer,
            review=review,
            checklist=ALL_PASS,
            conclusion="agree",
            opinion="同意",
        )
    assert snapshot() == before


def test_the_review_keeps_what_it_reviewed_and_is_dated_on_its_day(world, enf):
    case = make_case(
        enf,
        status=Case.Status.NOTIFIED,
        major_public_interest=True,
        notified_on=date(2020, 9, 7),
        proposed_fine=200,
    )
    review = submit(enf, case, today=date(2020, 9, 9))
    assert (review.reviewed_notified_on, review.reviewed_proposed_fine) == (date(2020, 9, 7), 200)
    assert review.reviewed_hearing_on is None
    step = case.steps.get()
    assert timezone.localtime(step.occurred_at).date() == date(2020, 9, 9)
    assert review.submitted_at == step.occurred_at
    done = legal_review_complete(
        actor=enf.reviewer, review=review, checklist=ALL_PASS, conclusion="agree", opinion="同意"
    )
    case.refresh_from_db()
    assert case.passed_review() == done
    # A hearing held after the submission (written here as an import would) voids the opinion.
    Case.objects.filter(pk=case.pk).update(hearing_on=date(2020, 9, 20))
    case.refresh_from_db()
    assert case.passed_review() is None


def test_review_records_are_chinese_whatever_the_language_of_the_request(world, enf):
    case = make_case(enf, status=Case.Status.NOTIFIED)
    with translation.override("en"):
        review = submit(enf, case)
        with time_machine.travel(date(2020, 10, 9), tick=False):
            legal_review_complete(
                actor=enf.reviewer,
                review=review,
                checklist=ALL_PASS,
                conclusion="amend",
                opinion="修改后同意。",
            )
    records = [step.record for step in case.steps.order_by("id")]
    assert records[0].startswith("提交") and "审核期限至2020年10月19日。" in records[0]
    assert records[1] == "法制审核意见：修改后同意。修改后同意。"


def test_evidence_filter_names_the_internal_case_id_and_searches_the_number(world, enf):
    first, second = make_case(enf), make_case(enf)
    for case in (first, second):
        Evidence.objects.create(
            case=case,
            kind=Evidence.Kind.PHOTO,
            description="现场照片",
            file="evidence/x.jpg",
            sha256="0" * 64,
            size=1,
            content_type="image/jpeg",
            uploaded_by=enf.officer1,
        )
    rows = Evidence.objects.all()
    found = EvidenceFilter({"case": str(second.pk)}, user=enf.officer1).apply(rows)
    assert [e.case_id for e in found] == [second.pk]
    # The internal id is labelled as such; the case number is found by the search.
    assert str(EvidenceFilter.filters["case"].field.label) == "案件（内部编号）"
    found = EvidenceFilter({"q": second.number}, user=enf.officer1).apply(rows)
    assert [e.case_id for e in found] == [second.pk]
