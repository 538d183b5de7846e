"""The judicial-confirmation window (人民调解法第二十九条、第三十三条): it runs from the signing of
the agreement, whether or not the case is closed yet, for 30 days; a last day that falls on a
rest day or holiday moves to the next working day (民事诉讼法第八十五条). The application, the
list's flags and filter, the API and the dashboard reminder all read the same deadline."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError

from fazhi.audit.models import Action, AuditEntry
from fazhi.legal_services.models import Mediation, MediationAgreement
from fazhi.legal_services.reminders import confirmation_closing
from fazhi.legal_services.selectors.mediation import confirmation_flag, confirmation_window
from fazhi.legal_services.services import mediation as services
from fazhi.legal_services.tests.mediation_cases import (
    agreement_fields,
    in_progress_case,
    succeeded_case,
)

pytestmark = pytest.mark.django_db

BASE = "/office/legal-services/mediation/"
Status = Mediation.Status
Confirmation = MediationAgreement.Confirmation
COURT = "滨海新区人民法院"


def _messages(exc: pytest.ExceptionInfo[ValidationError]) -> str:
    return " ".join(exc.value.messages)


def _window(window: str, today: date) -> set[int]:
    return set(
        confirmation_window(Mediation.objects.all(), window, today=today).values_list(
            "pk", flat=True
        )
    )


@pytest.mark.parametrize(
    ("signed_on", "deadline"),
    [
        (date(2020, 6, 10), date(2020, 7, 10)),  # a Friday: as counted
        (date(2020, 6, 11), date(2020, 7, 13)),  # a Saturday: the Monday after
        (date(2020, 9, 1), date(2020, 10, 9)),  # 1 October: after the National Day holiday
        (date(2020, 9, 10), date(2020, 10, 10)),  # a Saturday worked to make up the holiday
    ],
)
def test_the_last_day_moves_past_rest_days_and_holidays(signed_on, deadline):
    assert services.confirmation_deadline_for(signed_on) == deadline


def test_a_year_without_a_known_holiday_arrangement_keeps_the_30th_day():
    # No package data and no administrator's entries for 2200: the earlier, plain date.
    assert services.confirmation_deadline_for(date(2200, 6, 1)) == date(2200, 7, 1)


def test_an_application_after_national_day_is_in_time_and_the_lists_agree(world):
    case, agreement = succeeded_case(world.a.street, world.clerk_a, signed_on=date(2020, 9, 1))
    assert agreement.confirmation_deadline == date(2020, 10, 9)
    # Past the 30th day (1 October, a holiday) the window is still open, closing a week ahead.
    assert _window("open", date(2020, 10, 2)) == {case.pk}
    assert _window("closing", date(2020, 10, 2)) == {case.pk}
    assert _window("missed", date(2020, 10, 8)) == set()
    flag = confirmation_flag(case, today=date(2020, 10, 8))
    assert flag is not None and not flag.missed and flag.deadline == date(2020, 10, 9)
    assert confirmation_closing(world.clerk_a, date(2020, 10, 8)) == 1
    assert _window("missed", date(2020, 10, 10)) == {case.pk}
    assert confirmation_closing(world.clerk_a, date(2020, 10, 10)) == 0

    with time_machine.travel("2020-10-08 10:00 +0800", tick=False):
        page = world.client(world.clerk_a).get(BASE).content.decode()
        assert 'data-flag="closing"' in page and "2020年10月9日" in page
    services.mediation_confirmation_apply(
        agreement,
        actor=world.clerk_a,
        applied_on=date(2020, 10, 9),
        court=COURT,
        today=date(2020, 10, 9),
    )
    agreement.refresh_from_db()
    assert agreement.confirmation == Confirmation.APPLIED
    assert AuditEntry.objects.order_by("-seq").first().action == Action.TRANSITION


def test_an_application_after_the_moved_day_is_refused(world):
    _case, agreement = succeeded_case(world.a.street, world.clerk_a, signed_on=date(2020, 9, 1))
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.mediation_confirmation_apply(
            agreement,
            actor=world.clerk_a,
            applied_on=date(2020, 10, 10),
            court=COURT,
            today=date(2020, 10, 10),
        )
    assert "最迟于2020年10月9日提出申请" in _messages(exc)
    assert AuditEntry.objects.count() == before


def test_the_window_runs_from_the_signing_while_the_case_is_still_open(world):
    case = in_progress_case(world.a.street, world.clerk_a)
    agreement = services.mediation_agreement_record(
        case, actor=world.clerk_a, today=date(2020, 6, 10), **agreement_fields()
    )
    case.refresh_from_db()
    assert case.status == Status.IN_PROGRESS
    assert agreement.confirmation_deadline == date(2020, 7, 10)
    assert _window("closing", date(2020, 7, 5)) == {case.pk}
    assert _window("missed", date(2020, 7, 20)) == {case.pk}
    flag = confirmation_flag(case, today=date(2020, 7, 20))
    assert flag is not None and flag.missed
    with time_machine.travel("2020-07-05 10:00 +0800", tick=False):
        detail = world.client(world.clerk_a).get(f"{BASE}{case.pk}/").content.decode()
        assert f"{BASE}{case.pk}/confirmation/apply/" in detail

    services.mediation_confirmation_apply(
        agreement,
        actor=world.clerk_a,
        applied_on=date(2020, 6, 20),
        court=COURT,
        today=date(2020, 6, 20),
    )
    agreement.refresh_from_db()
    assert agreement.confirmation == Confirmation.APPLIED
    assert _window("missed", date(2020, 7, 20)) == set()
    # Taken to court, the agreement is no longer corrected.
    with pytest.raises(ValidationError) as exc:
        services.mediation_agreement_record(
            case, actor=world.clerk_a, today=date(2020, 6, 21), terms="改过的协议内容"
        )
    assert "2020年6月20日申请司法确认，不能再修改" in _messages(exc)


def test_correcting_the_signing_date_moves_the_deadline(world):
    case = in_progress_case(world.a.street, world.clerk_a)
    first = agreement_fields(signed_on=date(2020, 9, 2), performance_deadline=date(2020, 9, 30))
    services.mediation_agreement_record(case, actor=world.clerk_a, today=date(2020, 9, 28), **first)
    assert MediationAgreement.objects.get().confirmation_deadline == date(2020, 10, 9)
    first = agreement_fields(signed_on=date(2020, 9, 9), performance_deadline=date(2020, 9, 30))
    services.mediation_agreement_record(case, actor=world.clerk_a, today=date(2020, 9, 28), **first)
    assert MediationAgreement.objects.get().confirmation_deadline == date(2020, 10, 9)
    agreement = services.mediation_agreement_record(
        case, actor=world.clerk_a, today=date(2020, 9, 28), signed_on=date(2020, 9, 15)
    )
    agreement.refresh_from_db()
    assert agreement.confirmation_deadline == date(2020, 10, 15)


def test_a_case_ended_otherwise_is_not_tracked(world):
    case = in_progress_case(world.a.street, world.clerk_a)
    agreement = services.mediation_agreement_record(
        case, actor=world.clerk_a, today=date(2020, 6, 10), **agreement_fields()
    )
    services.mediation_close(
        case,
        actor=world.clerk_a,
        status=Status.TERMINATED,
        closed_on=date(2020, 6, 12),
        outcome="申请人撤回调解申请。",
        today=date(2020, 6, 12),
    )
    case.refresh_from_db()
    assert _window("missed", date(2020, 7, 20)) == set()
    assert confirmation_flag(case, today=date(2020, 7, 20)) is None
    with pytest.raises(ValidationError) as exc:
        services.mediation_agreement_performed(
            agreement, actor=world.clerk_a, performed_on=date(2020, 6, 15), today=date(2020, 7, 1)
        )
    assert "已终止" in _messages(exc)


def test_the_api_answers_the_moved_deadline(world):
    _case, agreement = succeeded_case(world.a.street, world.clerk_a, signed_on=date(2020, 9, 1))
    body = world.client(world.clerk_a).get(f"/api/mediation-agreements/{agreement.pk}/").json()
    assert body["confirmation_deadline"] == "2020-10-09"
