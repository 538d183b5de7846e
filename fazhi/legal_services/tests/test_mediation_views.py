"""People's mediation pages: status, then the database, then the audit row; wrong method,
another street's case (404), read-only roles (403), bad input (an error and nothing written),
the confirmation flags on the list and personal data masked outside the case file."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from fazhi.audit.models import Action, AuditEntry
from fazhi.legal_services.models import (
    Mediation,
    MediationAgreement,
    MediationParty,
    MediationSession,
)
from fazhi.legal_services.services import mediation as services
from fazhi.legal_services.tests.mediation_cases import (
    ID_MAN,
    ID_WOMAN,
    accepted_case,
    agreement_fields,
    in_progress_case,
    succeeded_case,
)

pytestmark = pytest.mark.django_db
BASE = "/office/legal-services/mediation/"
Status = Mediation.Status


def last_audit() -> AuditEntry:
    return AuditEntry.objects.order_by("-seq").first()


def counts() -> tuple[int, ...]:
    return (
        Mediation.objects.count(),
        MediationParty.objects.count(),
        MediationSession.objects.count(),
        MediationAgreement.objects.count(),
        AuditEntry.objects.count(),
    )


def create_post(**overrides) -> dict[str, str]:
    data = {
        "case_no": "",
        "title": "张明与李芳相邻通行纠纷",
        "dispute_type": "neighbour",
        "source": "application",
        "received_on": "2020-06-01",
        "summary": "通道堆放杂物。",
        "mediators": "王调解",
        "party-TOTAL_FORMS": "4",
        "party-INITIAL_FORMS": "4",
        "party-MIN_NUM_FORMS": "0",
        "party-MAX_NUM_FORMS": "1000",
        "party-0-side": "applicant",
        "party-0-kind": "person",
        "party-0-name": "张明",
        "party-0-id_number": ID_MAN,
        "party-0-phone": "13812345678",
        "party-1-side": "respondent",
        "party-1-kind": "person",
        "party-1-name": "李芳",
        "party-1-id_number": ID_WOMAN,
        "party-2-side": "respondent",
        "party-2-kind": "person",
        "party-3-side": "third_party",
        "party-3-kind": "person",
    }
    data.update(overrides)
    return data


# --- lists and access ------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["", "parties/", "sessions/", "agreements/"])
def test_lists_open_for_office_lawyer_and_leader_only(world, legal, anon, url):
    for user in (world.clerk_a, legal.lawyer_user, world.leader):
        assert world.client(user).get(BASE + url).status_code == 200
    assert world.client(world.grid_worker).get(BASE + url).status_code == 403
    assert world.client(world.staff_a).get(BASE + url).status_code == 403
    response = anon.get(BASE + url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_other_streets_case_is_404_everywhere(world):
    case, _agreement = succeeded_case(world.a.street, world.clerk_a)
    party = case.parties.first()
    session = case.sessions.first()
    client = world.client(world.clerk_b)
    for url in (
        f"{BASE}{case.pk}/",
        f"{BASE}{case.pk}/edit/",
        f"{BASE}{case.pk}/delete/",
        f"{BASE}{case.pk}/parties/new/",
        f"{BASE}{case.pk}/sessions/new/",
        f"{BASE}{case.pk}/agreement/",
        f"{BASE}{case.pk}/agreement.docx",
        f"{BASE}{case.pk}/close/",
        f"{BASE}{case.pk}/confirmation/apply/",
        f"{BASE}{case.pk}/performed/",
        f"{BASE}parties/{party.pk}/edit/",
        f"{BASE}sessions/{session.pk}/edit/",
    ):
        assert client.get(url).status_code == 404, url
    before = counts()
    response = client.post(
        f"{BASE}{case.pk}/confirmation/apply/",
        {"applied_on": "2020-06-12", "court": "某法院"},
    )
    assert response.status_code == 404
    assert counts() == before
    text = client.get(BASE).content.decode()
    assert case.case_no not in text


def test_leader_reads_but_every_write_is_403(world):
    case = in_progress_case(world.a.street, world.clerk_a)
    client = world.client(world.leader)
    assert client.get(f"{BASE}{case.pk}/").status_code == 200
    before = counts()
    for url, data in (
        (f"{BASE}new/", create_post()),
        (f"{BASE}{case.pk}/edit/", {"title": "改"}),
        (f"{BASE}{case.pk}/sessions/new/", {"held_on": "2020-06-06"}),
        (f"{BASE}{case.pk}/agreement/", {}),
        (f"{BASE}{case.pk}/close/", {"status": "failed", "closed_on": "2020-06-06"}),
        (f"{BASE}{case.pk}/parties/new/", {"side": "third_party", "name": "王五"}),
    ):
        assert client.post(url, data).status_code == 403, url
    assert counts() == before


def test_wrong_method_is_405(world):
    case = accepted_case(world.a.street, world.clerk_a)
    client = world.client(world.clerk_a)
    assert client.put(f"{BASE}new/").status_code == 405
    assert client.post(f"{BASE}{case.pk}/").status_code == 405
    assert client.post(f"{BASE}{case.pk}/agreement.docx").status_code == 405


# --- the case ----------------------------------------------------------------------------------------


def test_create_page_accepts_a_case_with_its_parties(world):
    client = world.client(world.clerk_a)
    assert client.get(f"{BASE}new/").status_code == 200
    response = client.post(f"{BASE}new/", create_post())
    case = Mediation.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{BASE}{case.pk}/"
    assert (case.case_no, case.status, case.street) == (
        "（2020）调字第1号",
        Status.ACCEPTED,
        world.a.street,
    )
    assert sorted(case.parties.values_list("name", "gender")) == [("张明", "男"), ("李芳", "女")]
    entry = last_audit()
    assert (entry.action, entry.object_type, entry.actor) == (
        Action.CREATE,
        "legal_services.mediationparty",
        world.clerk_a,
    )


def test_create_without_respondent_shows_the_error_and_writes_nothing(world):
    before = counts()
    response = world.client(world.clerk_a).post(
        f"{BASE}new/", create_post(**{"party-1-name": "", "party-1-id_number": ""})
    )
    assert response.status_code == 400
    assert "至少要有一名申请人和一名被申请人，尚缺：被申请人" in response.content.decode()
    assert counts() == before


def test_create_with_a_wrong_id_number_marks_the_row(world):
    before = counts()
    response = world.client(world.clerk_a).post(
        f"{BASE}new/", create_post(**{"party-1-id_number": ID_WOMAN[:-1] + "9"})
    )
    assert response.status_code == 400
    assert "身份证号码校验位不正确" in response.content.decode()
    assert counts() == before


def test_update_page_changes_the_case_and_audits_it(world, legal):
    case = accepted_case(world.a.street, world.clerk_a)
    response = world.client(world.clerk_a).post(
        f"{BASE}{case.pk}/edit/",
        {
            "case_no": case.case_no,
            "title": case.title,
            "dispute_type": "neighbour",
            "source": "application",
            "received_on": "2020-06-01",
            "summary": case.summary,
            "mediators": case.mediators,
            "lawyer": legal.lawyer_a.pk,
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.lawyer == legal.lawyer_a
    entry = last_audit()
    assert entry.action == Action.UPDATE and entry.changes["after"] == {"lawyer": legal.lawyer_a.pk}


# --- personal data ----------------------------------------------------------------------------------


def test_id_numbers_in_full_on_the_case_file_masked_on_lists(world):
    case = accepted_case(world.a.street, world.clerk_a)
    client = world.client(world.clerk_a)
    detail = client.get(f"{BASE}{case.pk}/").content.decode()
    assert ID_MAN in detail and ID_WOMAN in detail
    for url in (BASE, f"{BASE}parties/"):
        text = client.get(url).content.decode()
        assert ID_MAN not in text and ID_WOMAN not in text
    parties = client.get(f"{BASE}parties/").content.decode()
    assert "120101******0012" in parties and "张明" in parties
    found = client.get(f"{BASE}parties/", {"id_number": ID_WOMAN}).content.decode()
    assert "120101******0023" in found and "120101******0012" not in found


def test_the_export_follows_the_filters_and_holds_no_id_numbers(world, legal):
    accepted_case(world.a.street, world.clerk_a, lawyer=legal.lawyer_a)
    accepted_case(world.a.street, world.clerk_a, case_no="（2020）调字第2号", title="劳动报酬纠纷")
    response = world.client(world.clerk_a).get(BASE, {"with_lawyer": "yes", "format": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    values = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert "（2020）调字第1号" in values and "（2020）调字第2号" not in values
    assert not any(ID_MAN in v for v in values)
    entry = last_audit()
    assert entry.action == Action.EXPORT and entry.changes["count"] == 1


# --- sessions and lawyers -----------------------------------------------------------------------------


def session_post(**extra):
    return {
        "held_on": "2020-06-05",
        "place": "社区调解室",
        "participants": "张明、李芳",
        "record": "双方陈述意见。",
        **extra,
    }


def test_session_page_moves_the_case_to_in_progress(world):
    case = accepted_case(world.a.street, world.clerk_a)
    response = world.client(world.clerk_a).post(f"{BASE}{case.pk}/sessions/new/", session_post())
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.IN_PROGRESS and case.sessions.count() == 1
    entry = last_audit()
    assert entry.action == Action.TRANSITION and entry.changes["after"] == {"status": "in_progress"}
    detail = world.client(world.clerk_a).get(f"{BASE}{case.pk}/").content.decode()
    assert "第1次调解" in detail and "开始调解" in detail


def test_the_lawyer_records_sessions_of_the_own_cases_only(world, legal):
    own = accepted_case(world.a.street, world.clerk_a, lawyer=legal.lawyer_a)
    other = accepted_case(
        world.a.street, world.clerk_a, case_no="（2020）调字第2号", lawyer=legal.other_lawyer_a
    )
    client = world.client(legal.lawyer_user)
    assert client.get(f"{BASE}{own.pk}/").status_code == 200
    response = client.post(f"{BASE}{own.pk}/sessions/new/", session_post(lawyer_present="on"))
    assert response.status_code == 302
    session = own.sessions.get()
    assert session.lawyer_present
    assert last_audit().actor == legal.lawyer_user
    before = counts()
    # A case the lawyer does not serve is outside the lawyer's scope.
    assert client.post(f"{BASE}{other.pk}/sessions/new/", session_post()).status_code == 404
    assert (
        client.post(
            f"{BASE}{own.pk}/close/",
            {"status": "failed", "closed_on": "2020-06-06", "outcome": "x"},
        ).status_code
        == 403
    )
    assert client.post(f"{BASE}{own.pk}/agreement/", {}).status_code == 403
    assert counts() == before


def test_a_session_on_a_closed_case_is_refused_with_a_message(world):
    case, _agreement = succeeded_case(world.a.street, world.clerk_a)
    before = counts()
    response = world.client(world.clerk_a).post(f"{BASE}{case.pk}/sessions/new/", session_post())
    assert response.status_code == 400
    assert "已调解成功，不能再记录调解情况" in response.content.decode()
    assert counts() == before


# --- agreement, closing, confirmation -----------------------------------------------------------------


def agreement_post(**extra):
    data = {k: v.isoformat() if isinstance(v, date) else v for k, v in agreement_fields().items()}
    return data | extra


def test_agreement_page_records_the_agreement(world):
    case = in_progress_case(world.a.street, world.clerk_a)
    client = world.client(world.clerk_a)
    assert client.get(f"{BASE}{case.pk}/agreement/").status_code == 200
    response = client.post(f"{BASE}{case.pk}/agreement/", agreement_post())
    assert response.status_code == 302
    agreement = MediationAgreement.objects.get(mediation=case)
    assert agreement.performance_deadline == date(2020, 6, 20)
    entry = last_audit()
    assert (entry.action, entry.object_type) == (Action.CREATE, "legal_services.mediationagreement")


def test_agreement_page_refuses_a_deadline_before_signing(world):
    case = in_progress_case(world.a.street, world.clerk_a)
    before = counts()
    response = world.client(world.clerk_a).post(
        f"{BASE}{case.pk}/agreement/", agreement_post(performance_deadline="2020-06-01")
    )
    assert response.status_code == 400
    assert "履行期限不能早于协议签订日期" in response.content.decode()
    assert counts() == before


def test_close_page_needs_a_reason_for_failure(world):
    case = in_progress_case(world.a.street, world.clerk_a)
    client = world.client(world.clerk_a)
    before = counts()
    response = client.post(
        f"{BASE}{case.pk}/close/", {"status": "failed", "closed_on": "2020-06-06", "outcome": ""}
    )
    assert response.status_code == 400
    assert "须写明原因" in response.content.decode()
    assert counts() == before
    response = client.post(
        f"{BASE}{case.pk}/close/",
        {"status": "failed", "closed_on": "2020-06-06", "outcome": "双方分歧较大，告知诉讼途径。"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.closed_on) == (Status.FAILED, date(2020, 6, 6))
    assert last_audit().action == Action.TRANSITION


def test_confirmation_page_refuses_day_31_with_the_deadline(world):
    case, agreement = succeeded_case(world.a.street, world.clerk_a, signed_on=date(2020, 6, 10))
    before = counts()
    with time_machine.travel(date(2020, 7, 11), tick=False):
        client = world.client(world.clerk_a)
        response = client.post(
            f"{BASE}{case.pk}/confirmation/apply/",
            {"applied_on": "2020-07-11", "court": "滨海新区人民法院"},
        )
    assert response.status_code == 400
    assert "最迟于2020年7月10日提出申请" in response.content.decode()
    assert counts() == before
    with time_machine.travel(date(2020, 7, 10), tick=False):
        client = world.client(world.clerk_a)
        response = client.post(
            f"{BASE}{case.pk}/confirmation/apply/",
            {"applied_on": "2020-07-10", "court": "滨海新区人民法院"},
        )
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.confirmation == MediationAgreement.Confirmation.APPLIED
    assert last_audit().object_id == str(agreement.pk)


def test_result_and_performance_pages(world):
    case, agreement = succeeded_case(world.a.street, world.clerk_a)
    services.mediation_confirmation_apply(
        agreement, actor=world.clerk_a, applied_on=date(2020, 6, 15), court="滨海新区人民法院"
    )
    with time_machine.travel(date(2020, 9, 28), tick=False):
        client = world.client(world.clerk_a)
        response = client.post(
            f"{BASE}{case.pk}/confirmation/result/",
            {"confirmed": "yes", "decided_on": "2020-06-30"},
        )
        assert response.status_code == 302
        response = client.post(f"{BASE}{case.pk}/performed/", {"performed_on": "2020-06-20"})
        assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.confirmation == MediationAgreement.Confirmation.CONFIRMED
    assert agreement.performed
    detail = world.client(world.clerk_a).get(f"{BASE}{case.pk}/").content.decode()
    for text in ("申请司法确认", "司法确认结果", "协议履行完毕", "已确认有效"):
        assert text in detail


# --- flags and filters ---------------------------------------------------------------------------------


def test_list_flags_windows_closing_and_missed(world):
    closing, _a = succeeded_case(world.a.street, world.clerk_a, signed_on=date(2020, 6, 10))
    applied, applied_agreement = succeeded_case(
        world.a.street, world.clerk_a, case_no="（2020）调字第2号", signed_on=date(2020, 6, 10)
    )
    services.mediation_confirmation_apply(
        applied_agreement,
        actor=world.clerk_a,
        applied_on=date(2020, 6, 12),
        court="滨海新区人民法院",
        today=date(2020, 6, 12),
    )
    # A client per frozen day: a session would time out between the days.
    with time_machine.travel(date(2020, 6, 20), tick=False):
        client = world.client(world.clerk_a)
        text = client.get(BASE).content.decode()
        assert "data-flag" not in text
    with time_machine.travel(date(2020, 7, 5), tick=False):
        client = world.client(world.clerk_a)
        text = client.get(BASE).content.decode()
        assert text.count('data-flag="closing"') == 1
        assert "5日后到期（2020年7月10日），尚未申请" in text
        rows = client.get(BASE, {"window": "closing"}).content.decode()
        assert closing.case_no in rows and applied.case_no not in rows
    with time_machine.travel(date(2020, 7, 11), tick=False):
        client = world.client(world.clerk_a)
        text = client.get(BASE).content.decode()
        assert text.count('data-flag="missed"') == 1 and 'data-flag="closing"' not in text
        assert "已过期未申请" in text
        missed = client.get(BASE, {"window": "missed"}).content.decode()
        assert closing.case_no in missed and applied.case_no not in missed
        still_open = client.get(BASE, {"window": "open"}).content.decode()
        assert closing.case_no not in still_open


def test_filters_by_lawyer_status_village_dates_and_party_name(world, legal):
    with_lawyer = accepted_case(world.a.street, world.clerk_a, lawyer=legal.lawyer_a)
    without = in_progress_case(
        world.a.street,
        world.clerk_a,
        case_no="（2020）调字第2号",
        village=world.a.village,
        received_on=date(2020, 3, 1),
    )
    services.mediation_party_add(without, actor=world.clerk_a, side="third_party", name="赵第三")
    client = world.client(world.clerk_a)

    def listed(**params) -> set[str]:
        text = client.get(BASE, params).content.decode()
        return {c.case_no for c in (with_lawyer, without) if c.case_no in text}

    assert listed(with_lawyer="yes") == {with_lawyer.case_no}
    assert listed(with_lawyer="no") == {without.case_no}
    assert listed(status="in_progress") == {without.case_no}
    assert listed(village=world.a.village.pk) == {without.case_no}
    assert listed(received_from="2020-05-01") == {with_lawyer.case_no}
    assert listed(q="赵第三") == {without.case_no}
    response = client.get(BASE, {"received_from": "2020-13-01"})
    assert response.status_code == 400


def test_the_list_runs_a_fixed_number_of_queries(world, legal):
    client = world.client(world.clerk_a)
    succeeded_case(world.a.street, world.clerk_a, lawyer=legal.lawyer_a)
    client.get(BASE)
    with CaptureQueriesContext(connection) as one:
        client.get(BASE)
    for n in range(2, 5):
        succeeded_case(
            world.a.street, world.clerk_a, case_no=f"（2020）调字第{n}号", village=world.a.village
        )
    with CaptureQueriesContext(connection) as four:
        assert "（2020）调字第4号" in client.get(BASE).content.decode()
    assert len(four) == len(one)


# --- party and session pages ---------------------------------------------------------------------------


def test_party_pages_add_correct_and_refuse_removing_the_last_respondent(world):
    case = accepted_case(world.a.street, world.clerk_a)
    client = world.client(world.clerk_a)
    response = client.post(
        f"{BASE}{case.pk}/parties/new/",
        {"side": "third_party", "kind": "person", "name": "王五", "id_number": ""},
    )
    assert response.status_code == 302 and response["Location"] == f"{BASE}{case.pk}/"
    added = case.parties.get(name="王五")
    assert last_audit().action == Action.CREATE
    response = client.post(
        f"{BASE}parties/{added.pk}/edit/",
        {"side": "third_party", "kind": "person", "name": "王五", "id_number": ID_WOMAN},
    )
    assert response.status_code == 302
    added.refresh_from_db()
    assert (added.id_number, added.gender) == (ID_WOMAN, "女")
    entry = last_audit()
    assert entry.action == Action.UPDATE and entry.changes["after"]["gender"] == "女"
    respondent = case.parties.get(side="respondent")
    before = counts()
    response = client.post(f"{BASE}parties/{respondent.pk}/delete/")
    assert response.status_code == 400
    assert "尚缺：被申请人" in response.content.decode()
    assert counts() == before
    response = client.post(f"{BASE}parties/{added.pk}/delete/")
    assert response.status_code == 302
    assert not MediationParty.objects.filter(pk=added.pk).exists()
    assert last_audit().action == Action.DELETE


def test_session_edit_page_keeps_dates_after_receipt(world):
    case = in_progress_case(world.a.street, world.clerk_a)
    session = case.sessions.get()
    client = world.client(world.clerk_a)
    response = client.post(f"{BASE}sessions/{session.pk}/edit/", session_post(held_on="2020-05-01"))
    assert response.status_code == 400
    assert "不能早于受理日期（2020年6月1日）" in response.content.decode()
    session.refresh_from_db()
    assert session.held_on == date(2020, 6, 5)
    response = client.post(
        f"{BASE}sessions/{session.pk}/edit/",
        session_post(participants="张明、李芳、王调解", record="补充：双方同意再次调解。"),
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.record == "补充：双方同意再次调解。"
    assert last_audit().changes["after"] == {"record": "补充：双方同意再次调解。"}


def test_delete_page_removes_a_mistaken_case_only(world):
    started = in_progress_case(world.a.street, world.clerk_a)
    client = world.client(world.clerk_a)
    response = client.post(f"{BASE}{started.pk}/delete/")
    assert response.status_code == 400
    assert Mediation.objects.filter(pk=started.pk).exists()
    mistaken = accepted_case(world.a.street, world.clerk_a, case_no="（2020）调字第2号")
    response = client.post(f"{BASE}{mistaken.pk}/delete/")
    assert response.status_code == 302 and response["Location"] == BASE
    assert not Mediation.objects.filter(pk=mistaken.pk).exists()
    assert not MediationParty.objects.filter(mediation_id=mistaken.pk).exists()
    entry = last_audit()
    assert (entry.action, entry.object_type) == (Action.DELETE, "legal_services.mediation")


def test_every_page_of_a_case_opens(world):
    case, _agreement = succeeded_case(world.a.street, world.clerk_a)
    client = world.client(world.clerk_a)
    party, session = case.parties.first(), case.sessions.first()
    for url in (
        f"{BASE}{case.pk}/",
        f"{BASE}{case.pk}/edit/",
        f"{BASE}{case.pk}/delete/",
        f"{BASE}{case.pk}/parties/new/",
        f"{BASE}{case.pk}/sessions/new/",
        f"{BASE}{case.pk}/agreement/",
        f"{BASE}{case.pk}/close/",
        f"{BASE}{case.pk}/confirmation/apply/",
        f"{BASE}{case.pk}/confirmation/result/",
        f"{BASE}{case.pk}/performed/",
        f"{BASE}parties/{party.pk}/edit/",
        f"{BASE}parties/{party.pk}/delete/",
        f"{BASE}sessions/{session.pk}/edit/",
    ):
        assert client.get(url).status_code == 200, url
    detail = client.get(f"{BASE}{case.pk}/").content.decode()
    # A closed case offers the confirmation and the document, no more sessions or closing.
    assert f"{BASE}{case.pk}/confirmation/apply/" in detail
    assert f"{BASE}{case.pk}/agreement.docx" in detail
    assert f"{BASE}{case.pk}/sessions/new/" not in detail
    assert f"{BASE}{case.pk}/close/" not in detail
