"""People's mediation services: the case and its parties, sessions, agreement, closing, judicial
confirmation within 30 days, performance; every refusal writes nothing."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError

from fazhi.audit.models import Action, AuditEntry
from fazhi.legal_services.models import (
    Mediation,
    MediationAgreement,
    MediationParty,
    MediationSession,
    MediationStep,
)
from fazhi.legal_services.selectors.mediation import mask_id_number
from fazhi.legal_services.services import mediation as services
from fazhi.legal_services.tests.mediation_cases import (
    CREDIT_CODE,
    ID_MAN,
    accepted_case,
    agreement_fields,
    applicant,
    case_fields,
    in_progress_case,
    respondent,
    succeeded_case,
)

pytestmark = pytest.mark.django_db
Status = Mediation.Status
Confirmation = MediationAgreement.Confirmation
TODAY = date(2020, 9, 28)


def counts() -> tuple[int, ...]:
    return (
        Mediation.objects.count(),
        MediationParty.objects.count(),
        MediationSession.objects.count(),
        MediationAgreement.objects.count(),
        MediationStep.objects.count(),
        AuditEntry.objects.count(),
    )


def message(exc: pytest.ExceptionInfo[ValidationError]) -> str:
    return " ".join(exc.value.messages)


# --- identity numbers ------------------------------------------------------------------------------


def test_id_numbers_are_checked_by_their_check_digit():
    assert services.id_number_error(ID_MAN) is None
    assert "校验位" in services.id_number_error(ID_MAN[:-1] + "3")
    assert "出生日期" in services.id_number_error("120101198002300011")
    assert "18位" in services.id_number_error("12010119800101001")
    assert services.credit_code_error(CREDIT_CODE) is None
    assert "校验位" in services.credit_code_error(CREDIT_CODE[:-1] + "E")


def test_id_numbers_are_masked_first_six_and_last_four():
    assert mask_id_number(ID_MAN) == "120101******0012"
    assert mask_id_number("") == ""


def test_gender_comes_from_the_id_number_and_must_match_it():
    assert services.party_clean({"id_number": ID_MAN})["gender"] == "男"
    with pytest.raises(ValidationError) as exc:
        services.party_clean({"id_number": ID_MAN, "gender": "女"})
    assert "性别与身份证号码不符" in message(exc)
    with pytest.raises(ValidationError):
        services.party_clean({"kind": "organisation", "gender": "男", "id_number": CREDIT_CODE})


# --- the case -----------------------------------------------------------------------------------------


def test_create_writes_the_case_its_parties_a_step_and_audit_rows(world):
    before = AuditEntry.objects.count()
    case = accepted_case(world.a.street, world.clerk_a)
    assert case.status == Status.ACCEPTED and case.street == world.a.street
    parties = list(case.parties.order_by("side"))
    assert [(p.side, p.name, p.gender) for p in parties] == [
        ("applicant", "张明", "男"),
        ("respondent", "李芳", "女"),
    ]
    step = case.steps.get()
    assert (step.kind, step.on, step.status_after, step.actor) == (
        MediationStep.Kind.ACCEPTED,
        date(2020, 6, 1),
        Status.ACCEPTED,
        world.clerk_a,
    )
    rows = AuditEntry.objects.filter(seq__gt=0).order_by("seq")[before:]
    assert [(r.action, r.object_type) for r in rows] == [
        (Action.CREATE, "legal_services.mediation"),
        (Action.CREATE, "legal_services.mediationparty"),
        (Action.CREATE, "legal_services.mediationparty"),
    ]


def test_create_without_a_respondent_is_refused_and_writes_nothing(world):
    before = counts()
    with pytest.raises(ValidationError) as exc:
        services.mediation_create(
            street=world.a.street,
            actor=world.clerk_a,
            parties=[applicant(), applicant(name="张亮", id_number="")],
            **case_fields(),
        )
    assert "至少要有一名申请人和一名被申请人" in message(exc) and "被申请人" in message(exc)
    assert counts() == before


def test_a_bad_party_leaves_no_half_saved_case(world):
    before = counts()
    with pytest.raises(ValidationError) as exc:
        services.mediation_create(
            street=world.a.street,
            actor=world.clerk_a,
            parties=[applicant(), respondent(id_number=ID_MAN[:-1] + "3")],
            **case_fields(),
        )
    assert "第2位当事人" in message(exc) and "校验位" in message(exc)
    assert counts() == before


def test_a_duplicate_case_number_leaves_nothing_behind(world):
    accepted_case(world.a.street, world.clerk_a)
    before = counts()
    with pytest.raises(ValidationError) as exc:
        accepted_case(world.a.street, world.clerk_a)
    assert "案号" in message(exc)
    assert counts() == before


def test_case_numbers_are_given_per_year_when_left_blank(world):
    first = accepted_case(world.a.street, world.clerk_a, case_no="")
    second = accepted_case(world.a.street, world.clerk_a, case_no="")
    other_street = accepted_case(world.b.street, world.clerk_b, case_no="")
    assert (first.case_no, second.case_no) == ("（2020）调字第1号", "（2020）调字第2号")
    assert other_street.case_no == "（2020）调字第1号"


def test_status_is_not_set_by_create_or_update(world):
    with pytest.raises(ValidationError):
        accepted_case(world.a.street, world.clerk_a, status=Status.SUCCEEDED)
    case = accepted_case(world.a.street, world.clerk_a)
    with pytest.raises(ValidationError):
        services.mediation_update(case, actor=world.clerk_a, status=Status.SUCCEEDED)


def test_received_date_cannot_be_in_the_future(world):
    with pytest.raises(ValidationError) as exc:
        services.mediation_create(
            street=world.a.street,
            actor=world.clerk_a,
            parties=[applicant(), respondent()],
            today=date(2020, 5, 31),
            **case_fields(),
        )
    assert "受理日期不能晚于今天（2020年5月31日）" in message(exc)


def test_an_inactive_lawyer_cannot_be_assigned(world, legal):
    legal.other_lawyer_a.is_active = False
    legal.other_lawyer_a.save()
    with pytest.raises(ValidationError) as exc:
        accepted_case(world.a.street, world.clerk_a, lawyer=legal.other_lawyer_a)
    assert "不在册" in message(exc)


def test_another_streets_lawyer_is_refused(world, legal):
    with pytest.raises(ValidationError) as exc:
        accepted_case(world.a.street, world.clerk_a, lawyer=legal.lawyer_b)
    assert "不属于本街道" in message(exc)


def test_the_last_respondent_cannot_be_removed(world):
    case = accepted_case(world.a.street, world.clerk_a)
    only = case.parties.get(side="respondent")
    with pytest.raises(ValidationError) as exc:
        services.mediation_party_remove(only, actor=world.clerk_a)
    assert "被申请人" in message(exc)
    with pytest.raises(ValidationError):
        services.mediation_party_update(only, actor=world.clerk_a, side="applicant")
    extra = services.mediation_party_add(
        case, actor=world.clerk_a, side="respondent", name="李强", kind="person"
    )
    services.mediation_party_remove(only, actor=world.clerk_a)
    assert list(case.parties.filter(side="respondent")) == [extra]


def test_parties_are_frozen_once_the_case_is_closed(world):
    case, _agreement = succeeded_case(world.a.street, world.clerk_a)
    before = counts()
    with pytest.raises(ValidationError) as exc:
        services.mediation_party_add(case, actor=world.clerk_a, side="third_party", name="王五")
    assert "已调解成功，不能再变更当事人" in message(exc)
    party = case.parties.first()
    with pytest.raises(ValidationError):
        services.mediation_party_update(party, actor=world.clerk_a, name="改名")
    assert counts() == before


def test_only_a_case_without_sessions_can_be_deleted(world):
    case = in_progress_case(world.a.street, world.clerk_a)
    with pytest.raises(ValidationError):
        services.mediation_delete(case, actor=world.clerk_a)
    other = accepted_case(world.a.street, world.clerk_a, case_no="（2020）调字第9号")
    services.mediation_delete(other, actor=world.clerk_a)
    assert not Mediation.objects.filter(pk=other.pk).exists()
    assert AuditEntry.objects.order_by("-seq").first().action == Action.DELETE


# --- sessions -------------------------------------------------------------------------------------------


def session(**extra):
    return {
        "held_on": date(2020, 6, 5),
        "place": "社区调解室",
        "participants": "张明、李芳",
        "record": "双方陈述意见。",
        **extra,
    }


def test_the_first_session_moves_the_case_to_in_progress(world):
    case = accepted_case(world.a.street, world.clerk_a)
    services.mediation_session_add(case, actor=world.clerk_a, today=TODAY, **session())
    case.refresh_from_db()
    assert case.status == Status.IN_PROGRESS
    step = case.steps.get(kind=MediationStep.Kind.STARTED)
    assert (step.on, step.status_before, step.status_after) == (
        date(2020, 6, 5),
        Status.ACCEPTED,
        Status.IN_PROGRESS,
    )
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry.action == Action.TRANSITION and entry.object_id == str(case.pk)
    assert entry.changes["before"] == {"status": "accepted"}
    assert entry.changes["after"] == {"status": "in_progress"}
    services.mediation_session_add(
        case, actor=world.clerk_a, today=TODAY, **session(held_on=date(2020, 6, 8))
    )
    assert case.sessions.count() == 2
    assert case.steps.filter(kind=MediationStep.Kind.STARTED).count() == 1


def test_a_session_is_refused_on_a_closed_case(world):
    case, _agreement = succeeded_case(world.a.street, world.clerk_a)
    before = counts()
    with pytest.raises(ValidationError) as exc:
        services.mediation_session_add(case, actor=world.clerk_a, today=TODAY, **session())
    assert "已调解成功，不能再记录调解情况" in message(exc)
    assert counts() == before


def test_session_dates_lie_between_receipt_and_today(world):
    case = accepted_case(world.a.street, world.clerk_a)
    with pytest.raises(ValidationError) as exc:
        services.mediation_session_add(
            case, actor=world.clerk_a, today=TODAY, **session(held_on=date(2020, 5, 30))
        )
    assert "不能早于受理日期（2020年6月1日）" in message(exc)
    with pytest.raises(ValidationError):
        services.mediation_session_add(
            case, actor=world.clerk_a, today=TODAY, **session(held_on=date(2020, 9, 29))
        )
    case.refresh_from_db()
    assert case.status == Status.ACCEPTED and not case.sessions.exists()


def test_lawyer_presence_needs_a_lawyer_on_the_case(world, legal):
    case = accepted_case(world.a.street, world.clerk_a)
    with pytest.raises(ValidationError) as exc:
        services.mediation_session_add(
            case, actor=world.clerk_a, today=TODAY, **session(lawyer_present=True)
        )
    assert "未指定参与律师" in message(exc)
    with_lawyer = accepted_case(
        world.a.street, world.clerk_a, case_no="（2020）调字第2号", lawyer=legal.lawyer_a
    )
    added = services.mediation_session_add(
        with_lawyer, actor=legal.lawyer_user, today=TODAY, **session(lawyer_present=True)
    )
    assert added.lawyer_present


# --- the agreement --------------------------------------------------------------------------------------


def test_an_agreement_needs_a_case_being_mediated(world):
    case = accepted_case(world.a.street, world.clerk_a)
    before = counts()
    with pytest.raises(ValidationError) as exc:
        services.mediation_agreement_record(
            case, actor=world.clerk_a, today=TODAY, **agreement_fields()
        )
    assert "尚未进行调解" in message(exc)
    assert counts() == before


def test_performance_deadline_is_not_before_signing(world):
    case = in_progress_case(world.a.street, world.clerk_a)
    with pytest.raises(ValidationError) as exc:
        services.mediation_agreement_record(
            case,
            actor=world.clerk_a,
            today=TODAY,
            **agreement_fields(performance_deadline=date(2020, 6, 9)),
        )
    assert exc.value.message_dict["performance_deadline"] == ["履行期限不能早于协议签订日期。"]
    assert not MediationAgreement.objects.exists()


def test_every_element_of_article_28_is_required(world):
    case = in_progress_case(world.a.street, world.clerk_a)
    with pytest.raises(ValidationError) as exc:
        services.mediation_agreement_record(
            case,
            actor=world.clerk_a,
            today=TODAY,
            **agreement_fields(facts="", disputed_points="", responsibilities=""),
        )
    assert {"facts", "disputed_points", "responsibilities"} <= set(exc.value.message_dict)
    assert not MediationAgreement.objects.exists()


def test_an_agreement_is_recorded_then_corrected_until_closing(world):
    case = in_progress_case(world.a.street, world.clerk_a)
    agreement = services.mediation_agreement_record(
        case, actor=world.clerk_a, today=TODAY, **agreement_fields()
    )
    assert agreement.confirmation == Confirmation.NOT_APPLIED
    assert case.steps.filter(kind=MediationStep.Kind.AGREEMENT, on=date(2020, 6, 10)).exists()
    services.mediation_agreement_record(case, actor=world.clerk_a, today=TODAY, terms="改后条款")
    agreement.refresh_from_db()
    assert agreement.terms == "改后条款" and MediationAgreement.objects.count() == 1
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry.action == Action.UPDATE and entry.changes["after"] == {"terms": "改后条款"}
    services.mediation_close(
        case,
        actor=world.clerk_a,
        status=Status.SUCCEEDED,
        closed_on=date(2020, 6, 10),
        outcome="",
        today=TODAY,
    )
    with pytest.raises(ValidationError) as exc:
        services.mediation_agreement_record(case, actor=world.clerk_a, today=TODAY, terms="再改")
    assert "不能再记录或修改调解协议" in message(exc)


# --- closing --------------------------------------------------------------------------------------------


def test_success_needs_a_written_agreement_or_the_oral_one_recorded(world):
    case = in_progress_case(world.a.street, world.clerk_a)
    with pytest.raises(ValidationError) as exc:
        services.mediation_close(
            case,
            actor=world.clerk_a,
            status=Status.SUCCEEDED,
            closed_on=date(2020, 6, 10),
            outcome="",
            today=TODAY,
        )
    assert "口头协议" in message(exc)
    case.refresh_from_db()
    assert case.status == Status.IN_PROGRESS
    services.mediation_close(
        case,
        actor=world.clerk_a,
        status=Status.SUCCEEDED,
        closed_on=date(2020, 6, 10),
        outcome="双方口头约定：李芳当日清除杂物。",
        today=TODAY,
    )
    case.refresh_from_db()
    assert (case.status, case.closed_on) == (Status.SUCCEEDED, date(2020, 6, 10))
    step = case.steps.get(kind=MediationStep.Kind.CLOSED)
    assert (step.status_before, step.status_after) == (Status.IN_PROGRESS, Status.SUCCEEDED)
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry.action == Action.TRANSITION and entry.changes["after"]["status"] == "succeeded"


def test_success_needs_a_mediation_held(world):
    case = accepted_case(world.a.street, world.clerk_a)
    with pytest.raises(ValidationError) as exc:
        services.mediation_close(
            case,
            actor=world.clerk_a,
            status=Status.SUCCEEDED,
            closed_on=date(2020, 6, 10),
            outcome="口头协议",
            today=TODAY,
        )
    assert "不能以调解成功结案" in message(exc)


def test_failure_and_termination_need_a_reason(world):
    case = accepted_case(world.a.street, world.clerk_a)
    for status in (Status.FAILED, Status.TERMINATED):
        with pytest.raises(ValidationError) as exc:
            services.mediation_close(
                case,
                actor=world.clerk_a,
                status=status,
                closed_on=date(2020, 6, 3),
                outcome="  ",
                today=TODAY,
            )
        assert "须写明原因" in message(exc)
    services.mediation_close(
        case,
        actor=world.clerk_a,
        status=Status.TERMINATED,
        closed_on=date(2020, 6, 3),
        outcome="申请人撤回调解申请。",
        today=TODAY,
    )
    case.refresh_from_db()
    assert case.status == Status.TERMINATED
    with pytest.raises(ValidationError) as exc:
        services.mediation_close(
            case,
            actor=world.clerk_a,
            status=Status.FAILED,
            closed_on=date(2020, 6, 4),
            outcome="再次结案",
            today=TODAY,
        )
    assert "不能重复结案" in message(exc)


def test_closing_date_not_before_the_last_session_nor_the_signing(world):
    case = in_progress_case(world.a.street, world.clerk_a)
    with pytest.raises(ValidationError) as exc:
        services.mediation_close(
            case,
            actor=world.clerk_a,
            status=Status.FAILED,
            closed_on=date(2020, 6, 4),
            outcome="分歧较大",
            today=TODAY,
        )
    assert "最后一次调解的日期（2020年6月5日）" in message(exc)
    services.mediation_agreement_record(
        case, actor=world.clerk_a, today=TODAY, **agreement_fields(signed_on=date(2020, 6, 12))
    )
    with pytest.raises(ValidationError) as exc:
        services.mediation_close(
            case,
            actor=world.clerk_a,
            status=Status.SUCCEEDED,
            closed_on=date(2020, 6, 11),
            outcome="",
            today=TODAY,
        )
    assert "调解协议签订日期（2020年6月12日）" in message(exc)


# --- judicial confirmation: 30 days, the last one included ------------------------------------------


def test_confirmation_on_day_30_is_accepted(world):
    _case, agreement = succeeded_case(world.a.street, world.clerk_a, signed_on=date(2020, 6, 10))
    assert agreement.confirmation_deadline == date(2020, 7, 10)
    with time_machine.travel(date(2020, 7, 10), tick=False):
        services.mediation_confirmation_apply(
            agreement, actor=world.clerk_a, applied_on=date(2020, 7, 10), court="滨海新区人民法院"
        )
    agreement.refresh_from_db()
    assert (agreement.confirmation, agreement.confirmation_applied_on) == (
        Confirmation.APPLIED,
        date(2020, 7, 10),
    )
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry.action == Action.TRANSITION and entry.object_id == str(agreement.pk)
    assert entry.street_id == world.a.street.pk
    assert agreement.mediation.steps.filter(
        kind=MediationStep.Kind.CONFIRMATION_APPLIED, on=date(2020, 7, 10)
    ).exists()


def test_confirmation_on_day_31_is_refused_with_the_deadline(world):
    _case, agreement = succeeded_case(world.a.street, world.clerk_a, signed_on=date(2020, 6, 10))
    before = counts()
    with (
        time_machine.travel(date(2020, 7, 11), tick=False),
        pytest.raises(ValidationError) as exc,
    ):
        services.mediation_confirmation_apply(
            agreement,
            actor=world.clerk_a,
            applied_on=date(2020, 7, 11),
            court="滨海新区人民法院",
        )
    assert "最迟于2020年7月10日提出申请" in message(exc)
    assert counts() == before
    agreement.refresh_from_db()
    assert agreement.confirmation == Confirmation.NOT_APPLIED


def test_confirmation_needs_an_agreement_in_force_and_a_court(world):
    case = in_progress_case(world.a.street, world.clerk_a)
    agreement = services.mediation_agreement_record(
        case, actor=world.clerk_a, today=TODAY, **agreement_fields()
    )
    with pytest.raises(ValidationError):
        services.mediation_confirmation_apply(
            agreement, actor=world.clerk_a, applied_on=date(2020, 6, 11), court=" "
        )
    ended = in_progress_case(world.a.street, world.clerk_a, case_no="（2020）调字第2号")
    ended_agreement = services.mediation_agreement_record(
        ended, actor=world.clerk_a, today=TODAY, **agreement_fields()
    )
    services.mediation_close(
        ended,
        actor=world.clerk_a,
        status=Status.TERMINATED,
        closed_on=date(2020, 6, 11),
        outcome="申请人撤回申请。",
        today=TODAY,
    )
    with pytest.raises(ValidationError) as exc:
        services.mediation_confirmation_apply(
            ended_agreement, actor=world.clerk_a, applied_on=date(2020, 6, 12), court="某法院"
        )
    assert "已终止" in message(exc)
    ended_agreement.refresh_from_db()
    assert ended_agreement.confirmation == Confirmation.NOT_APPLIED


def test_the_courts_ruling_follows_an_application(world):
    _case, agreement = succeeded_case(world.a.street, world.clerk_a)
    with pytest.raises(ValidationError) as exc:
        services.mediation_confirmation_result(
            agreement, actor=world.clerk_a, confirmed=True, today=TODAY
        )
    assert "尚未申请" in message(exc)
    services.mediation_confirmation_apply(
        agreement, actor=world.clerk_a, applied_on=date(2020, 6, 15), court="滨海新区人民法院"
    )
    with pytest.raises(ValidationError):
        services.mediation_confirmation_apply(
            agreement, actor=world.clerk_a, applied_on=date(2020, 6, 16), court="滨海新区人民法院"
        )
    services.mediation_confirmation_result(
        agreement, actor=world.clerk_a, confirmed=True, decided_on=date(2020, 6, 30), today=TODAY
    )
    agreement.refresh_from_db()
    assert agreement.confirmation == Confirmation.CONFIRMED
    with pytest.raises(ValidationError) as exc:
        services.mediation_confirmation_result(
            agreement, actor=world.clerk_a, confirmed=False, today=TODAY
        )
    assert "已登记司法确认结果" in message(exc)


def test_performance_is_recorded_once_and_not_for_a_rejected_agreement(world):
    _case, agreement = succeeded_case(world.a.street, world.clerk_a)
    services.mediation_agreement_performed(
        agreement, actor=world.clerk_a, performed_on=date(2020, 6, 20), today=TODAY
    )
    agreement.refresh_from_db()
    assert agreement.performed
    with pytest.raises(ValidationError):
        services.mediation_agreement_performed(agreement, actor=world.clerk_a, today=TODAY)
    _other, rejected = succeeded_case(world.a.street, world.clerk_a, case_no="（2020）调字第2号")
    services.mediation_confirmation_apply(
        rejected, actor=world.clerk_a, applied_on=date(2020, 6, 15), court="滨海新区人民法院"
    )
    services.mediation_confirmation_result(
        rejected, actor=world.clerk_a, confirmed=False, decided_on=date(2020, 6, 30), today=TODAY
    )
    with pytest.raises(ValidationError) as exc:
        services.mediation_agreement_performed(rejected, actor=world.clerk_a, today=TODAY)
    assert "未确认" in message(exc)


def test_a_2020_case_runs_its_whole_course_with_a_lawyer(world, legal):
    """The demo's path: a past case entered today, every date as it happened."""
    case = services.mediation_create(
        street=world.a.street,
        actor=None,
        parties=[applicant(), respondent()],
        **case_fields(case_no="", lawyer=legal.lawyer_a),
    )
    services.mediation_session_add(
        case, actor=None, lawyer_present=True, **session(held_on=date(2020, 6, 3))
    )
    agreement = services.mediation_agreement_record(case, actor=None, **agreement_fields())
    services.mediation_close(
        case,
        actor=None,
        status=Status.SUCCEEDED,
        closed_on=date(2020, 6, 10),
        outcome="达成书面调解协议。",
    )
    services.mediation_confirmation_apply(
        agreement, actor=None, applied_on=date(2020, 6, 20), court="滨海新区人民法院"
    )
    services.mediation_confirmation_result(
        agreement, actor=None, confirmed=True, decided_on=date(2020, 7, 1)
    )
    services.mediation_agreement_performed(agreement, actor=None, performed_on=date(2020, 6, 20))
    kinds = list(case.steps.values_list("kind", "on"))
    assert kinds == [
        ("accepted", date(2020, 6, 1)),
        ("started", date(2020, 6, 3)),
        ("agreement", date(2020, 6, 10)),
        ("closed", date(2020, 6, 10)),
        ("confirmation_applied", date(2020, 6, 20)),
        ("performed", date(2020, 6, 20)),
        ("confirmation_decided", date(2020, 7, 1)),
    ]
    assert set(case.steps.values_list("actor_name", flat=True)) == {"系统"}
