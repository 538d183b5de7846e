"""The case workflow through its services: every path from 发现登记 to 归档, and every refusal,
which leaves the case row, its steps and the audit log exactly as they were."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from fazhi.audit.models import Action, AuditEntry
from fazhi.enforcement.models import Case, CaseStep, EnforcementSettings, LegalReview, Report
from fazhi.enforcement.services import cases as services
from fazhi.enforcement.tests.case_helpers import (
    CREDIT_CODE,
    NOW,
    TODAY,
    at,
    decide,
    decided,
    filed,
    in_review,
    investigating,
    notified,
    register,
    state,
)

pytestmark = pytest.mark.django_db
S = Case.Status


def refused(func, message: str, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        func(**kwargs)
    assert message in " ".join(caught.value.messages), caught.value.messages
    return caught.value


def assert_unchanged(case: Case, before) -> None:
    assert state(case) == before


# --- registration ---------------------------------------------------------------------------------


def test_register_numbers_per_street_and_year_and_writes_the_first_step(world, enf):
    first = register(world, enf)
    second = register(world, enf)
    older = register(world, enf, found_at=at(2019, 12, 30))
    assert (first.number, second.number, older.number) == ("2020-0001", "2020-0002", "2019-0001")
    other = services.case_register(
        actor=enf.officer_b,
        street=world.b.street,
        data={
            "category": enf.category_b,
            "source": "patrol",
            "location": "乙街某路",
            "found_at": at(2020, 9, 1),
            "facts": "占道经营。",
            "party_kind": Case.PartyKind.INDIVIDUAL,
        },
        officers=[enf.officer_b, _second_officer_b(world)],
        now=NOW,
    )
    assert other.number == "2020-0001"
    step = first.steps.get()
    assert step.kind == CaseStep.Kind.REGISTER and step.status_after == S.FOUND
    assert step.occurred_at == at(2020, 9, 1) and "刘执法（12011600000001）" in step.record
    entry = AuditEntry.objects.filter(object_type="enforcement.case", object_id=str(first.pk))
    assert entry.filter(action=Action.CREATE).count() == 1
    assert sorted(first.officers.values_list("username", flat=True)) == ["officer1", "officer2"]


def _second_officer_b(world):
    from fazhi.org.roles import Role
    from fazhi.testing import make_user

    return make_user(
        "officer_b2",
        world.b.street,
        [Role.ENFORCEMENT_OFFICER],
        enforcement_certificate_no="12011700000002",
    )


@pytest.mark.parametrize(
    "who, message",
    [
        ("one", "至少两名持有执法证件"),
        ("uncertified", "不是本街道持有执法证件的在岗执法人员"),
        ("other_street", "不是本街道持有执法证件的在岗执法人员"),
    ],
)
def test_register_needs_two_certified_officers_of_the_street(world, enf, who, message):
    officers = {
        "one": [enf.officer1],
        "uncertified": [enf.officer1, enf.uncertified],
        "other_street": [enf.officer1, enf.officer_b],
    }[who]
    before = (Case.objects.count(), CaseStep.objects.count(), AuditEntry.objects.count())
    refused(
        services.case_register,
        message,
        actor=enf.officer1,
        street=world.a.street,
        data={
            "category": enf.stall,
            "source": "patrol",
            "location": "幸福路",
            "found_at": at(2020, 9, 1),
            "facts": "占道经营。",
            "party_kind": "individual",
        },
        officers=officers,
        now=NOW,
    )
    assert (Case.objects.count(), CaseStep.objects.count(), AuditEntry.objects.count()) == before


def test_register_refuses_a_future_discovery_and_a_category_of_another_street(world, enf):
    with pytest.raises(ValidationError, match="校验位不正确"):
        register(world, enf, party_id_number="120116198001011234")
    with pytest.raises(ValidationError, match="发现时间不能晚于现在"):
        register(world, enf, found_at=at(2020, 9, 29))
    with pytest.raises(ValidationError):
        register(world, enf, category=enf.category_b)
    assert Case.objects.count() == 0


def test_register_from_a_report_marks_it_accepted(world, enf):
    report = Report.objects.create(
        street=world.a.street,
        source=Report.Source.GRID_WORKER,
        reported_at=at(2020, 9, 1, 9),
        address="幸福路12号",
        description="有人占道摆摊。",
    )
    case = services.case_register(
        actor=enf.officer1,
        street=world.a.street,
        data={
            "category": enf.stall,
            "location": "幸福路12号",
            "found_at": at(2020, 9, 1),
            "facts": "占道经营。",
            "party_kind": "individual",
        },
        officers=[enf.officer1, enf.officer2],
        report=report,
        now=NOW,
    )
    report.refresh_from_db()
    assert case.report == report and case.source == Report.Source.GRID_WORKER
    assert report.status == Report.Status.ACCEPTED and report.handled_by == enf.officer1
    with pytest.raises(ValidationError, match="已处理"):
        services.case_register(
            actor=enf.officer1,
            street=world.a.street,
            data={
                "category": enf.stall,
                "location": "幸福路12号",
                "found_at": at(2020, 9, 1),
                "facts": "占道经营。",
                "party_kind": "individual",
            },
            officers=[enf.officer1, enf.officer2],
            report=report,
            now=NOW,
        )


# --- updating the particulars and the officers ---------------------------------------------------


def test_update_while_open_is_audited_and_refused_after_decision(world, enf):
    case = register(world, enf)
    services.case_update(actor=enf.officer1, case=case, data={"party_name": "王大明"}, now=NOW)
    case.refresh_from_db()
    assert case.party_name == "王大明"
    entry = AuditEntry.objects.filter(action=Action.UPDATE, object_id=str(case.pk)).get()
    assert entry.changes["before"] == {"party_name": "王小明"}
    assert entry.changes["after"] == {"party_name": "王大明"}
    done = decided(world, enf)
    before = state(done)
    refused(
        services.case_update,
        "不能修改案件信息",
        actor=enf.officer1,
        case=done,
        data={"party_name": "张三"},
        now=NOW,
    )
    assert_unchanged(done, before)


def test_set_officers_needs_two_certified_and_is_recorded(world, enf):
    case = register(world, enf)
    services.case_set_officers(actor=enf.officer1, case=case, officers=[enf.officer2, enf.officer3])
    assert sorted(case.officers.values_list("username", flat=True)) == ["officer2", "officer3"]
    step = case.steps.order_by("-id").first()
    assert step.kind == CaseStep.Kind.NOTE and "杨执法" in step.record
    before = state(case)
    refused(
        services.case_set_officers,
        "不是本街道持有执法证件",
        actor=enf.officer1,
        case=case,
        officers=[enf.officer2, enf.uncertified],
    )
    assert_unchanged(case, before)
    assert sorted(case.officers.values_list("username", flat=True)) == ["officer2", "officer3"]


# --- the general procedure, penalty ----------------------------------------------------------


def test_general_penalty_path_to_archive(world, enf):
    case = register(world, enf)
    services.case_stop(
        actor=enf.officer1,
        case=case,
        stopped_at=at(2020, 9, 1, 10, 30),
        measure="责令当事人立即收摊。",
        now=NOW,
    )
    case = services.case_file(
        actor=enf.officer1, case=case, filed_on=date(2020, 9, 2), today=TODAY, now=NOW
    )
    assert case.status == S.FILED and case.decision_due_on == date(2020, 12, 1)
    case = services.case_investigate(
        actor=enf.officer2,
        case=case,
        record="制作询问笔录。",
        investigated_on=date(2020, 9, 3),
        today=TODAY,
        now=NOW,
    )
    case = services.case_notify(
        actor=enf.officer1,
        case=case,
        notified_on=date(2020, 9, 7),
        proposed_penalty="拟处罚款100元。",
        proposed_penalty_kind="fine",
        proposed_fine=Decimal("100"),
        today=TODAY,
        now=NOW,
    )
    assert case.status == S.NOTIFIED and case.hearing_applicable is False
    services.case_record_statement(
        actor=enf.officer1,
        case=case,
        statement="当事人称初次摆摊，请求从轻。",
        received_on=date(2020, 9, 8),
        today=TODAY,
        now=NOW,
    )
    case = decide(case, enf)
    assert case.status == S.DECIDED and case.outcome == Case.Outcome.PENALTY
    # 7 working days after Monday 14 September 2020.
    assert case.publish_due_on == date(2020, 9, 23)
    assert sorted(case.deciders.values_list("username", flat=True)) == ["officer1", "officer2"]
    case = services.case_serve(
        actor=enf.officer1,
        case=case,
        served_on=date(2020, 9, 15),
        method="直接送达",
        today=TODAY,
        now=NOW,
    )
    case = services.case_execute(
        actor=enf.officer1,
        case=case,
        executed_on=date(2020, 9, 20),
        manner="自觉履行",
        fine_paid=Decimal("100"),
        today=TODAY,
        now=NOW,
    )
    case = services.case_close(
        actor=enf.officer1, case=case, closed_on=date(2020, 9, 21), today=TODAY, now=NOW
    )
    case = services.case_archive(
        actor=enf.officer1,
        case=case,
        archived_on=date(2020, 9, 25),
        archive_no="2020-执-001",
        today=TODAY,
        now=NOW,
    )
    assert case.status == S.ARCHIVED
    kinds = list(case.steps.values_list("kind", flat=True))
    assert kinds == [
        "register", "stop", "file", "investigate", "notify", "statement", "decide", "serve",
        "execute", "close", "archive",
    ]  # fmt: skip
    statuses = list(case.steps.values_list("status_after", flat=True))
    assert statuses[-1] == S.ARCHIVED and statuses[1] == S.STOPPED
    transitions = AuditEntry.objects.filter(action=Action.TRANSITION, object_id=str(case.pk))
    assert transitions.count() == 10
    assert case.statement == "当事人称初次摆摊，请求从轻。"


def test_no_penalty_decision_served_then_closed(world, enf):
    case = investigating(world, enf)
    in_review(case, enf, conclusion=LegalReview.Conclusion.AGREE)
    case = decide(
        case,
        enf,
        outcome=Case.Outcome.NO_PENALTY,
        decision_no="津滨甲执不罚字〔2020〕第001号",
        decision_text="违法行为轻微并及时改正，没有造成危害后果，不予行政处罚。",
    )
    assert case.penalty_kind == "" and case.fine is None
    # 20 working days across National Day with its make-up days (27 Sept., 10 Oct.).
    assert case.publish_due_on == date(2020, 10, 16)
    case = services.case_serve(
        actor=enf.officer1,
        case=case,
        served_on=date(2020, 9, 15),
        method="邮寄送达",
        today=TODAY,
        now=NOW,
    )
    before = state(case)
    refused(
        services.case_execute,
        "无需执行",
        actor=enf.officer1,
        case=case,
        executed_on=date(2020, 9, 16),
        manner="自觉履行",
        today=TODAY,
        now=NOW,
    )
    assert_unchanged(case, before)
    case = services.case_close(
        actor=enf.officer1, case=case, closed_on=date(2020, 9, 16), today=TODAY, now=NOW
    )
    assert case.status == S.CLOSED


def test_penalty_served_is_not_closed_before_execution(world, enf):
    case = services.case_serve(
        actor=enf.officer1,
        case=decided(world, enf),
        served_on=date(2020, 9, 15),
        method="直接送达",
        today=TODAY,
        now=NOW,
    )
    before = state(case)
    refused(
        services.case_close,
        "尚未执行",
        actor=enf.officer1,
        case=case,
        closed_on=date(2020, 9, 16),
        today=TODAY,
        now=NOW,
    )
    assert_unchanged(case, before)


# --- on the spot ------------------------------------------------------------------------------------


def spot(case, enf, **over):
    data = {
        "decided_at": at(2020, 9, 1, 10, 20),
        "place": "幸福路与光明大道交口",
        "penalty_kind": Case.PenaltyKind.WARNING,
        "decision_no": "津滨甲当罚字〔2020〕第001号",
        "decision_basis": "《天津市市容和环境卫生管理条例》第五十二条",
        "deciders": [enf.officer1, enf.officer2],
        "now": NOW,
        **over,
    }
    return services.case_decide_on_the_spot(actor=enf.officer1, case=case, **data)


def test_on_the_spot_warning_is_served_and_carries_the_article_52_fields(world, enf):
    case = spot(register(world, enf), enf)
    assert case.status == S.SERVED and case.procedure == Case.Procedure.ON_THE_SPOT
    assert case.served_on == case.decided_on == date(2020, 9, 1)
    assert case.service_method == "直接送达" and case.outcome == Case.Outcome.PENALTY
    text = case.decision_text
    for part in (
        "王小明",
        "占道经营",
        "第十八条",
        "第五十二条",
        "警告",
        "行政复议",
        "甲街",
        "幸福路与光明大道交口",
        "10:20",
    ):
        assert part in text, part
    assert case.steps.last().kind == CaseStep.Kind.ON_THE_SPOT
    case = services.case_execute(
        actor=enf.officer1,
        case=case,
        executed_on=date(2020, 9, 1),
        manner="自觉履行",
        today=TODAY,
        now=NOW,
    )
    services.case_close(
        actor=enf.officer1, case=case, closed_on=date(2020, 9, 2), today=TODAY, now=NOW
    )


def test_on_the_spot_fine_uses_the_street_remedies_and_authority(world, enf):
    EnforcementSettings.objects.create(
        street=world.a.street,
        authority_name="甲街道综合执法大队",
        remedies="可向区政府申请行政复议。",
    )
    case = spot(register(world, enf), enf, penalty_kind="fine", fine=Decimal("200"))
    assert case.fine == Decimal("200")
    assert (
        "甲街道综合执法大队" in case.decision_text
        and "可向区政府申请行政复议" in case.decision_text
    )
    assert "罚款人民币200.00元" in case.decision_text


@pytest.mark.parametrize(
    "over, party, message",
    [
        ({"penalty_kind": "fine", "fine": Decimal("201")}, "individual", "不超过二百元"),
        ({"penalty_kind": "fine", "fine": Decimal("3001")}, "organisation", "不超过三千元"),
        ({"penalty_kind": "confiscation"}, "individual", "只能是警告或者罚款"),
        ({"deciders": "one"}, "individual", "至少两名"),
        ({"place": ""}, "individual", "作出决定地点"),
        ({"party_id_number": ""}, "individual", "身份证件号码"),
        ({"decided_at": "future"}, "individual", "不能晚于现在"),
    ],
)
def test_on_the_spot_refusals_change_nothing(world, enf, over, party, message):
    category = enf.litter if party == "organisation" else enf.stall
    id_number = CREDIT_CODE if party == "organisation" else "120116198001011239"
    case = register(world, enf, party_kind=party, category=category, party_id_number=id_number)
    if over.get("deciders") == "one":
        over = {"deciders": [enf.officer1]}
    if over.get("decided_at") == "future":
        over = {"decided_at": at(2020, 9, 29)}
    before = state(case)
    with pytest.raises(ValidationError) as caught:
        spot(case, enf, **over)
    assert message in " ".join(caught.value.messages)
    assert_unchanged(case, before)


def test_on_the_spot_refuses_a_major_case(world, enf):
    case = register(world, enf, major_public_interest=True)
    before = state(case)
    with pytest.raises(ValidationError, match="重大执法决定"):
        spot(case, enf)
    assert_unchanged(case, before)


# --- corrected, transfer -----------------------------------------------------------------------------


def test_close_corrected_needs_a_reason(world, enf):
    case = filed(world, enf)
    before = state(case)
    refused(
        services.case_close_corrected,
        "请填写结案理由",
        actor=enf.officer1,
        case=case,
        closed_on=date(2020, 9, 3),
        reason=" ",
        today=TODAY,
        now=NOW,
    )
    assert_unchanged(case, before)
    case = services.case_close_corrected(
        actor=enf.officer1,
        case=case,
        closed_on=date(2020, 9, 3),
        reason="当事人当场改正，首次违法且危害后果轻微。",
        today=TODAY,
        now=NOW,
    )
    assert case.status == S.CLOSED and case.outcome == Case.Outcome.CORRECTED
    archived = services.case_archive(
        actor=enf.officer1,
        case=case,
        archived_on=date(2020, 9, 4),
        archive_no="A-1",
        today=TODAY,
        now=NOW,
    )
    assert archived.status == S.ARCHIVED


def test_transfer_then_archive(world, enf):
    case = investigating(world, enf)
    case = services.case_transfer(
        actor=enf.officer1,
        case=case,
        transferred_on=date(2020, 9, 4),
        authority="区市场监督管理局",
        reason="涉嫌无照经营，属市场监管部门管辖。",
        today=TODAY,
        now=NOW,
    )
    assert case.status == S.TRANSFERRED and case.outcome == Case.Outcome.TRANSFERRED
    case = services.case_archive(
        actor=enf.officer1,
        case=case,
        archived_on=date(2020, 9, 5),
        archive_no="A-2",
        today=TODAY,
        now=NOW,
    )
    other = filed(world, enf)
    other = services.case_close_corrected(
        actor=enf.officer1,
        case=other,
        closed_on=date(2020, 9, 3),
        reason="已改正。",
        today=TODAY,
        now=NOW,
    )
    before = state(other)
    refused(
        services.case_archive,
        "相同档案号",
        actor=enf.officer1,
        case=other,
        archived_on=date(2020, 9, 5),
        archive_no="A-2",
        today=TODAY,
        now=NOW,
    )
    assert_unchanged(other, before)


# --- illegal transitions and refusals ------------------------------------------------------------------


def test_a_step_from_the_wrong_state_is_refused_without_trace(world, enf):
    case = register(world, enf)
    before = state(case)
    refused(
        services.case_serve,
        "不能送达",
        actor=enf.officer1,
        case=case,
        served_on=date(2020, 9, 2),
        method="直接送达",
        today=TODAY,
        now=NOW,
    )
    refused(
        services.case_archive,
        "不能归档",
        actor=enf.officer1,
        case=case,
        archived_on=date(2020, 9, 2),
        archive_no="X",
        today=TODAY,
        now=NOW,
    )
    assert_unchanged(case, before)


def test_filing_refuses_before_the_discovery_in_the_future_and_with_one_officer(world, enf):
    case = register(world, enf)
    before = state(case)
    kwargs = {"actor": enf.officer1, "case": case, "today": TODAY, "now": NOW}
    refused(services.case_file, "不能早于发现日期", filed_on=date(2020, 8, 31), **kwargs)
    refused(services.case_file, "不能晚于今天", filed_on=date(2020, 9, 29), **kwargs)
    # An officer lost the certificate since registration.
    enf.officer2.enforcement_certificate_no = ""
    enf.officer2.save()
    refused(services.case_file, "陈执法不是本街道持有执法证件", filed_on=date(2020, 9, 2), **kwargs)
    assert_unchanged(case, before)


def test_dates_never_before_the_previous_step(world, enf):
    case = investigating(world, enf)
    before = state(case)
    refused(
        services.case_notify,
        "不能早于立案日期",
        actor=enf.officer1,
        case=case,
        notified_on=date(2020, 9, 1),
        proposed_penalty="拟罚款。",
        today=TODAY,
        now=NOW,
    )
    refused(
        services.case_stop,
        "不能",
        actor=enf.officer1,
        case=case,
        stopped_at=at(2020, 9, 1, 11),
        measure="制止。",
        now=NOW,
    )
    assert_unchanged(case, before)
    served = services.case_serve(
        actor=enf.officer1,
        case=decided(world, enf),
        served_on=date(2020, 9, 15),
        method="直接送达",
        today=TODAY,
        now=NOW,
    )
    refused(
        services.case_execute,
        "不能早于送达日期",
        actor=enf.officer1,
        case=served,
        executed_on=date(2020, 9, 14),
        manner="自觉履行",
        fine_paid=Decimal("100"),
        today=TODAY,
        now=NOW,
    )


def test_major_case_without_passed_review_is_not_decided(world, enf):
    case = notified(world, enf, major_public_interest=True)
    before = state(case)
    refused(decide, "未经法制审核", case=case, enf=enf)
    assert_unchanged(case, before)


def test_major_fine_needs_review_and_the_hearing_right(world, enf):
    # 乱堆乱放 fine of 5,000 yuan for an individual reaches the major threshold: the notice must
    # tell the hearing right; refusing it is refused.
    case = investigating(world, enf, category=enf.litter)
    before = state(case)
    refused(
        services.case_notify,
        "应当告知当事人有要求听证的权利",
        actor=enf.officer1,
        case=case,
        notified_on=date(2020, 9, 7),
        proposed_penalty="拟罚款。",
        proposed_penalty_kind="fine",
        proposed_fine=Decimal("5000"),
        hearing_applicable=False,
        today=TODAY,
        now=NOW,
    )
    assert_unchanged(case, before)
    case = services.case_notify(
        actor=enf.officer1,
        case=case,
        notified_on=date(2020, 9, 7),
        proposed_penalty="拟罚款。",
        proposed_penalty_kind="fine",
        proposed_fine=Decimal("5000"),
        today=TODAY,
        now=NOW,
    )
    assert case.hearing_applicable is True
    before = state(case)
    refused(decide, "罚款金额达到5,000元", case=case, enf=enf, fine=Decimal("5000"))
    assert_unchanged(case, before)
    review = in_review(case, enf)
    refused(decide, "审核意见尚未出具", case=case, enf=enf, fine=Decimal("5000"))
    review.conclusion = LegalReview.Conclusion.DISAGREE
    review.reviewed_at = at(2020, 9, 10)
    review.save()
    refused(decide, "未经法制审核或审核未通过", case=case, enf=enf, fine=Decimal("5000"))
    LegalReview.objects.create(
        case=case,
        submitted_at=at(2020, 9, 11),
        submitted_by=enf.officer1,
        reviewer=enf.reviewer,
        due_on=date(2020, 9, 25),
        conclusion=LegalReview.Conclusion.AMEND,
        opinion="同意。",
        reviewed_at=at(2020, 9, 12),
    )
    case = decide(case, enf, fine=Decimal("5000"))
    assert case.status == S.DECIDED


def test_decision_by_one_officer_or_without_notice_is_refused(world, enf):
    case = notified(world, enf)
    before = state(case)
    refused(decide, "至少两名", case=case, enf=enf, deciders=[enf.officer1])
    refused(decide, "至少两名", case=case, enf=enf, deciders=[enf.officer1, enf.officer1])
    refused(decide, "罚款上限", case=case, enf=enf, fine=Decimal("300"))
    refused(decide, "请填写处罚依据", case=case, enf=enf, decision_basis="")
    assert_unchanged(case, before)
    review_case = investigating(world, enf)
    in_review(review_case, enf, conclusion=LegalReview.Conclusion.AGREE)
    before = state(review_case)
    refused(decide, "应当告知当事人", case=review_case, enf=enf)
    assert_unchanged(review_case, before)


def test_hearing_windows(world, enf):
    case = notified(world, enf, hearing=True, on=date(2020, 9, 7))
    before = state(case)
    kwargs = {"actor": enf.officer1, "case": case, "today": TODAY, "now": NOW}
    # Requested within 5 days of the notice (by 12 September), else refused.
    refused(services.case_record_hearing, "五日内", requested_on=date(2020, 9, 13), **kwargs)
    assert_unchanged(case, before)
    services.case_record_hearing(requested_on=date(2020, 9, 12), **kwargs)
    # A decision waits for the hearing requested.
    before = state(case)
    refused(decide, "听证举行前不能作出决定", case=case, enf=enf)
    assert_unchanged(case, before)
    services.case_record_hearing(notice_on=date(2020, 9, 14), **kwargs)
    # Told on 14 September: the hearing is held on the 21st at the earliest.
    refused(
        services.case_record_hearing,
        "最早于2020年9月21日",
        hearing_on=date(2020, 9, 20),
        record="听证。",
        **kwargs,
    )
    services.case_record_hearing(hearing_on=date(2020, 9, 21), record="当事人到场陈述。", **kwargs)
    case.refresh_from_db()
    assert case.hearing_on == date(2020, 9, 21) and "经过听证程序" in case.major_reasons()
    # Now major: the decision needs a passed review.
    refused(decide, "经过听证程序", case=case, enf=enf, decided_on=date(2020, 9, 22))


def test_hearing_not_told_is_not_recorded(world, enf):
    case = notified(world, enf)
    before = state(case)
    refused(
        services.case_record_hearing,
        "不适用听证程序",
        actor=enf.officer1,
        case=case,
        requested_on=date(2020, 9, 8),
        today=TODAY,
        now=NOW,
    )
    assert_unchanged(case, before)


def test_execute_and_serve_refusals(world, enf):
    case = decided(world, enf)
    before = state(case)
    refused(
        services.case_serve,
        "送达方式",
        actor=enf.officer1,
        case=case,
        served_on=date(2020, 9, 15),
        method="托人带话",
        today=TODAY,
        now=NOW,
    )
    refused(
        services.case_serve,
        "不能早于决定日期",
        actor=enf.officer1,
        case=case,
        served_on=date(2020, 9, 13),
        method="直接送达",
        today=TODAY,
        now=NOW,
    )
    assert_unchanged(case, before)
    case = services.case_serve(
        actor=enf.officer1,
        case=case,
        served_on=date(2020, 9, 15),
        method="直接送达",
        today=TODAY,
        now=NOW,
    )
    before = state(case)
    kwargs = {
        "actor": enf.officer1,
        "case": case,
        "executed_on": date(2020, 9, 16),
        "today": TODAY,
        "now": NOW,
    }
    refused(services.case_execute, "执行方式", manner="没收", fine_paid=Decimal("100"), **kwargs)
    refused(services.case_execute, "请填写已缴罚款", manner="自觉履行", **kwargs)
    refused(
        services.case_execute,
        "0元至200.00元",
        manner="强制执行",
        fine_paid=Decimal("201"),
        **kwargs,
    )
    assert_unchanged(case, before)


def test_notice_from_review_needs_a_passed_review(world, enf):
    case = investigating(world, enf)
    review = in_review(case, enf)
    before = state(case)
    refused(
        services.case_notify,
        "法制审核尚未通过",
        actor=enf.officer1,
        case=case,
        notified_on=date(2020, 9, 9),
        proposed_penalty="拟罚款。",
        today=TODAY,
        now=NOW,
    )
    assert_unchanged(case, before)
    review.conclusion, review.reviewed_at = LegalReview.Conclusion.AGREE, at(2020, 9, 9)
    review.save()
    case = services.case_notify(
        actor=enf.officer1,
        case=case,
        notified_on=date(2020, 9, 9),
        proposed_penalty="拟罚款。",
        today=TODAY,
        now=NOW,
    )
    assert case.status == S.NOTIFIED


def test_extend_deadline(world, enf):
    case = filed(world, enf)
    before = state(case)
    refused(
        services.case_extend_deadline,
        "须晚于现在的期限",
        actor=enf.officer1,
        case=case,
        new_due_on=date(2020, 12, 1),
        reason="案情复杂。",
        now=NOW,
    )
    refused(
        services.case_extend_deadline,
        "请填写延长期限理由",
        actor=enf.officer1,
        case=case,
        new_due_on=date(2021, 1, 1),
        reason="",
        now=NOW,
    )
    assert_unchanged(case, before)
    case = services.case_extend_deadline(
        actor=enf.officer1,
        case=case,
        new_due_on=date(2021, 1, 1),
        reason="案情复杂，经街道负责人批准延长。",
        now=NOW,
    )
    assert case.decision_due_on == date(2021, 1, 1)
    assert case.steps.last().kind == CaseStep.Kind.EXTEND


@pytest.mark.parametrize(
    "due, status, flag",
    [
        (date(2020, 9, 27), S.FILED, "overdue"),
        (date(2020, 9, 28), S.FILED, "due_soon"),
        (date(2020, 10, 13), S.REVIEWING, "due_soon"),  # the 15th day from today
        (date(2020, 10, 14), S.FILED, ""),
        (date(2020, 9, 1), S.DECIDED, ""),  # decided: the deadline no longer runs
        (date(2020, 9, 1), S.CLOSED, ""),
    ],
)
def test_decision_deadline_flags_with_a_frozen_day(world, enf, due, status, flag):
    from fazhi.enforcement.selectors.cases import deadline_flag, due_soon, overdue

    case = filed(world, enf)
    Case.objects.filter(pk=case.pk).update(decision_due_on=due, status=status)
    case.refresh_from_db()
    assert deadline_flag(case, TODAY) == flag
    qs = Case.objects.all()
    assert overdue(qs, TODAY).exists() == (flag == "overdue")
    assert due_soon(qs, TODAY).exists() == (flag == "due_soon")


def test_filing_sets_the_ninety_day_deadline(world, enf):
    case = filed(world, enf)
    # Filed 2 September 2020: the decision is due on the 90th day, 1 December.
    assert case.decision_due_on == date(2020, 12, 1)
