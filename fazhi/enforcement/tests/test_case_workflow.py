"""The case workflow through its services: every path from 发现登记 to 归档, and every refusal,
which leaves the case row, its steps and the audit log exactly as they were."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from fazhi.audit.models import Action, AuditEntry
from fazhi.enforcement.models import Case, CaseStep, EnforcementSettings, LegalReview, Report
from fazhi.enforcement.services import cases as services
from fazhi.enforcement.tests.case_helpers import (
    CREDIT_CODE,
    NOW,
    TODAY,
    at,
    case_data,
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
    assert "罚款人民币200元" in case.decision_text


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
        "不能早于“调查取证”环节的日期（2020年9月3日）",
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


# --- the review a decision relies on, and a decision as notified (review of the workflow) -------

ALL_PASS = {key: True for key, _label in LegalReview.CHECKLIST}
ONE_FAILS = {**ALL_PASS, "check_facts": False}


def reviewed(case: Case, enf, conclusion: str, submitted: date, opinion_on: date) -> LegalReview:
    """Sent for review on ``submitted`` and answered on ``opinion_on`` (area B's services)."""
    from fazhi.enforcement.services.legal_review import legal_review_complete, legal_review_submit

    review = legal_review_submit(
        actor=enf.officer1, case=case, reviewer=enf.reviewer, today=submitted
    )
    return legal_review_complete(
        actor=enf.reviewer,
        review=review,
        checklist=ALL_PASS if conclusion != "disagree" else ONE_FAILS,
        conclusion=conclusion,
        opinion="审核意见。",
        now=at(opinion_on.year, opinion_on.month, opinion_on.day, 15),
    )


def notify(case: Case, enf, on: date, fine: Decimal | None = Decimal("100"), **over) -> Case:
    return services.case_notify(
        actor=enf.officer1,
        case=case,
        notified_on=on,
        proposed_penalty="拟处罚款。",
        proposed_penalty_kind=over.pop("kind", Case.PenaltyKind.FINE),
        proposed_fine=fine,
        today=TODAY,
        now=NOW,
        **over,
    )


def test_a_later_disagree_voids_an_earlier_passed_review(world, enf):
    case = notified(world, enf, complex_case=True)  # 7 September
    reviewed(case, enf, "agree", date(2020, 9, 8), date(2020, 9, 9))
    case = notify(case, enf, date(2020, 9, 10))
    reviewed(case, enf, "disagree", date(2020, 9, 11), date(2020, 9, 12))
    case = notify(case, enf, date(2020, 9, 14))
    assert case.passed_review() is None
    before = state(case)
    refused(decide, "未经法制审核或审核未通过", case=case, enf=enf, decided_on=date(2020, 9, 25))
    assert_unchanged(case, before)


def test_a_notice_after_the_review_voids_it_until_reviewed_again(world, enf):
    case = notified(world, enf, complex_case=True)  # 7 September, 100 yuan
    first = reviewed(case, enf, "agree", date(2020, 9, 8), date(2020, 9, 9))
    assert (first.reviewed_notified_on, first.reviewed_proposed_fine) == (
        date(2020, 9, 7),
        Decimal("100"),
    )
    case = notify(case, enf, date(2020, 9, 10), fine=Decimal("150"))
    assert case.passed_review() is None
    before = state(case)
    refused(decide, "未经法制审核", case=case, enf=enf, decided_on=date(2020, 9, 25))
    assert_unchanged(case, before)
    second = reviewed(case, enf, "amend", date(2020, 9, 11), date(2020, 9, 14))
    assert case.passed_review() == second
    case = decide(case, enf, decided_on=date(2020, 9, 25))
    assert case.status == S.DECIDED


def test_a_hearing_after_a_voluntary_review_needs_a_new_review(world, enf):
    # Reviewed before the notice while not major; the notice from review follows it; then the
    # party asks for a hearing: the case becomes major and the hearing is new matter.
    case = investigating(world, enf)  # 3 September
    review = reviewed(case, enf, "agree", date(2020, 9, 4), date(2020, 9, 5))
    assert review.reviewed_notified_on is None
    case = notify(case, enf, date(2020, 9, 7), hearing_applicable=True)
    assert case.passed_review() == review  # the notice the review came before
    kwargs = {"actor": enf.officer1, "case": case, "today": TODAY, "now": NOW}
    services.case_record_hearing(requested_on=date(2020, 9, 8), **kwargs)
    services.case_record_hearing(notice_on=date(2020, 9, 9), **kwargs)
    services.case_record_hearing(hearing_on=date(2020, 9, 16), record="当事人到场申辩。", **kwargs)
    case.refresh_from_db()
    assert case.is_major() and case.passed_review() is None
    before = state(case)
    refused(decide, "经过听证程序", case=case, enf=enf, decided_on=date(2020, 9, 25))
    assert_unchanged(case, before)
    again = reviewed(case, enf, "agree", date(2020, 9, 17), date(2020, 9, 18))
    assert again.reviewed_hearing_on == date(2020, 9, 16) and case.passed_review() == again
    assert decide(case, enf, decided_on=date(2020, 9, 25)).status == S.DECIDED


def test_a_penalty_waits_until_the_party_can_no_longer_ask_for_a_hearing(world, enf):
    case = notified(world, enf, hearing=True, on=date(2020, 9, 7))  # may ask until 12 September
    before = state(case)
    refused(decide, "2020年9月12日前仍可要求听证", case=case, enf=enf, decided_on=date(2020, 9, 12))
    assert_unchanged(case, before)
    assert decide(case, enf, decided_on=date(2020, 9, 13)).status == S.DECIDED


def test_a_decision_heavier_than_the_notice_needs_a_new_notice(world, enf):
    # 乱堆乱放 (fines up to 100,000): notified 1,000 yuan with the hearing right told.
    case = notified(world, enf, fine=Decimal("1000"), hearing=True, category=enf.litter)
    reviewed(case, enf, "agree", date(2020, 9, 13), date(2020, 9, 14))
    before = state(case)
    for over, message in (
        ({"fine": Decimal("80000")}, "高于告知的拟罚款金额（1,000.00元）"),
        ({"fine": Decimal("1000.01")}, "应当重新告知当事人"),
        (
            {"penalty_kind": Case.PenaltyKind.CONFISCATION, "fine": None},
            "重于告知的拟处罚种类（罚款）",
        ),
    ):
        refused(decide, message, case=case, enf=enf, decided_on=date(2020, 9, 25), **over)
    assert_unchanged(case, before)
    # A warning proposed: no fine without a new notice; a warning is decided.
    warned = notified(world, enf, fine=None, kind=Case.PenaltyKind.WARNING)
    before = state(warned)
    refused(decide, "告知时未拟处罚款", case=warned, enf=enf, decision_no="警告1号")
    assert_unchanged(warned, before)
    warned = decide(
        warned,
        enf,
        decision_no="警告1号",
        penalty_kind=Case.PenaltyKind.WARNING,
        fine=None,
    )
    assert warned.status == S.DECIDED
    # A lower fine than notified is decided.
    assert decide(case, enf, decided_on=date(2020, 9, 25), fine=Decimal("800")).fine == 800


def test_steps_are_not_dated_before_the_latest_step_or_review_opinion(world, enf):
    case = notified(world, enf, complex_case=True, on=date(2020, 9, 7))
    reviewed(case, enf, "agree", date(2020, 9, 8), date(2020, 9, 20))
    before = state(case)
    refused(
        decide,
        "决定日期不能早于“法制审核意见”环节的日期（2020年9月20日）",
        case=case,
        enf=enf,
        decided_on=date(2020, 9, 10),
    )
    assert_unchanged(case, before)
    # An opinion recorded without its step (imported) bounds the dates too.
    other = investigating(world, enf)
    in_review(other, enf, conclusion=LegalReview.Conclusion.AGREE)  # opinion of 10 September
    before = state(other)
    refused(
        services.case_notify,
        "告知日期不能早于法制审核意见日期（2020年9月10日）",
        actor=enf.officer1,
        case=other,
        notified_on=date(2020, 9, 9),
        proposed_penalty="拟罚款。",
        today=TODAY,
        now=NOW,
    )
    assert_unchanged(other, before)
    # A later investigation record bounds the notice.
    third = investigating(world, enf)
    services.case_investigate(
        actor=enf.officer1,
        case=third,
        record="补充询问。",
        investigated_on=date(2020, 9, 10),
        today=TODAY,
        now=NOW,
    )
    before = state(third)
    refused(
        notify,
        "不能早于“调查取证”环节的日期（2020年9月10日）",
        case=third,
        enf=enf,
        on=date(2020, 9, 8),
    )
    assert_unchanged(third, before)


def test_party_category_and_major_findings_are_fixed_once_notified_or_reviewed(world, enf):
    case = notified(world, enf, complex_case=True)
    before = state(case)
    for data, message in (
        ({"complex_case": False}, "不能再修改“案件情况疑难复杂、涉及多个法律关系”"),
        ({"party_kind": Case.PartyKind.ORGANISATION, "party_id_number": CREDIT_CODE}, "当事人类型"),
        ({"party_name": "李四"}, "“当事人”"),
        ({"category": enf.litter}, "违法行为类别"),
    ):
        refused(services.case_update, message, actor=enf.officer1, case=case, data=data, now=NOW)
    assert_unchanged(case, before)
    # A finding may be added, contact details corrected, the same values sent again.
    case = services.case_update(
        actor=enf.officer1,
        case=case,
        data={
            "major_public_interest": True,
            "complex_case": True,
            "party_name": " 王小明 ",
            "party_phone": "13900000000",
        },
        now=NOW,
    )
    assert case.major_public_interest and case.party_phone == "13900000000"
    # A blank ID number is filled in.
    unknown_id = notified(world, enf, party_id_number="")
    unknown_id = services.case_update(
        actor=enf.officer1,
        case=unknown_id,
        data={"party_id_number": "120116198001011239"},
        now=NOW,
    )
    assert unknown_id.party_id_number == "120116198001011239"
    # Returned from review before any notice: still fixed.
    returned = investigating(world, enf, major_public_interest=True)
    reviewed(returned, enf, "disagree", date(2020, 9, 4), date(2020, 9, 5))
    before = state(returned)
    refused(
        services.case_update,
        "涉及重大公共利益",
        actor=enf.officer1,
        case=returned,
        data={"major_public_interest": False},
        now=NOW,
    )
    assert_unchanged(returned, before)
    # Before notice and review, the finding may still be corrected.
    open_case = investigating(world, enf, complex_case=True)
    open_case = services.case_update(
        actor=enf.officer1, case=open_case, data={"complex_case": False}, now=NOW
    )
    assert open_case.complex_case is False


def test_a_reviewer_of_the_case_never_becomes_its_officer_or_decider(world, enf):
    enf.reviewer.enforcement_certificate_no = "12011600000009"
    enf.reviewer.save()
    case = notified(world, enf, complex_case=True)
    reviewed(case, enf, "agree", date(2020, 9, 8), date(2020, 9, 9))
    before = state(case)
    refused(
        services.case_set_officers,
        "是本案的法制审核人员，不能作为本案的承办执法人员",
        actor=enf.officer1,
        case=case,
        officers=[enf.officer1, enf.reviewer],
    )
    refused(
        decide,
        "是本案的法制审核人员，不能作为本案的作出决定的执法人员",
        case=case,
        enf=enf,
        deciders=[enf.reviewer, enf.officer3],
    )
    assert_unchanged(case, before)
    assert set(case.officers.all()) == {enf.officer1, enf.officer2}
    assert decide(case, enf, deciders=[enf.officer2, enf.officer3]).status == S.DECIDED


def _late_december_case(world, enf) -> Case:
    return services.case_register(
        actor=enf.officer1,
        street=world.a.street,
        data=case_data(enf, found_at=at(2026, 12, 28, 9)),
        officers=[enf.officer1, enf.officer2],
        now=at(2026, 12, 28, 16),
    )


def test_a_decision_whose_publication_deadline_year_is_unknown_is_recorded(world, enf):
    from fazhi.core.models import CalendarDay, CalendarYear
    from fazhi.enforcement.services.legal_review import legal_review_submit

    # 28 December 2026: 7 working days run into 2027, which no calendar knows yet.
    now = at(2026, 12, 28, 16)
    spot = services.case_decide_on_the_spot(
        actor=enf.officer1,
        case=_late_december_case(world, enf),
        decided_at=at(2026, 12, 28, 10),
        place="幸福路",
        penalty_kind=Case.PenaltyKind.FINE,
        fine=Decimal("50"),
        decision_no="当场〔2026〕1号",
        decision_basis="条例第五十二条",
        deciders=[enf.officer1, enf.officer2],
        now=now,
    )
    assert spot.status == S.SERVED and spot.publish_due_on is None
    general = _late_december_case(world, enf)
    kwargs = {"actor": enf.officer1, "today": date(2026, 12, 28), "now": now}
    general = services.case_file(case=general, filed_on=date(2026, 12, 28), **kwargs)
    general = services.case_investigate(case=general, record="询问。", **kwargs)
    general = services.case_notify(
        case=general,
        notified_on=date(2026, 12, 28),
        proposed_penalty="拟不予处罚。",
        **kwargs,
    )
    general = services.case_decide(
        case=general,
        decided_on=date(2026, 12, 28),
        outcome=Case.Outcome.NO_PENALTY,
        decision_no="不罚〔2026〕1号",
        decision_text="不予行政处罚。",
        deciders=[enf.officer1, enf.officer2],
        **kwargs,
    )
    assert general.status == S.DECIDED and general.publish_due_on is None
    # Legal review in that window: refused with the calendar's message, nothing written.
    review_case = investigating(world, enf)
    before = state(review_case)
    refused(
        legal_review_submit,
        "尚无2027年的法定节假日安排",
        actor=enf.officer1,
        case=review_case,
        reviewer=enf.reviewer,
        today=date(2026, 12, 28),
    )
    assert_unchanged(review_case, before)
    # The publication list shows both as due with the deadline pending, not as overdue.
    client = world.client(world.clerk_a)
    page = client.get("/office/enforcement/publications/").content.decode()
    assert spot.number in page and page.count("期限待定（尚无节假日安排）") == 2
    late = client.get("/office/enforcement/publications/", {"state": "overdue"}).content.decode()
    assert spot.number not in late
    assert services.case_fill_publish_due(cases=Case.objects.all()) == 0
    # The administrator enters 2027: the next visit of the list counts the deadlines.
    CalendarDay.objects.create(day=date(2027, 1, 1), kind="holiday", name="元旦")
    CalendarYear.objects.create(year=2027, source="国办发明电〔2026〕1号")
    audits = AuditEntry.objects.count()
    page = client.get("/office/enforcement/publications/").content.decode()
    assert "期限待定" not in page
    spot.refresh_from_db()
    general.refresh_from_db()
    # Penalty: 29, 30, 31 December, 4 to 7 January (1 January off) → 7 January.
    assert spot.publish_due_on == date(2027, 1, 7)
    assert general.publish_due_on is not None and general.publish_due_on > date(2027, 1, 7)
    entries = AuditEntry.objects.order_by("id")[audits:]
    assert [(e.action, e.object_id) for e in entries] == [
        (Action.UPDATE, str(spot.pk)),
        (Action.UPDATE, str(general.pk)),
    ]


# --- stored text in the product's language ----------------------------------------------------------


def test_records_and_decisions_are_stored_in_chinese_whatever_the_officers_language(world, enf):
    """An officer browsing in English writes the case file in Chinese; refusals stay English."""
    with translation.override("en"):
        case = notified(world, enf)
        with pytest.raises(ValidationError) as caught:
            services.case_extend_deadline(
                actor=enf.officer1,
                case=case,
                new_due_on=date(2020, 11, 1),
                reason="案情复杂。",
                now=NOW,
            )
        assert "must be later than the current deadline" in " ".join(caught.value.messages)
        case = decide(case, enf, decided_on=date(2020, 9, 14))
        case = services.case_serve(
            actor=enf.officer1,
            case=case,
            served_on=date(2020, 9, 15),
            method="直接送达",
            today=TODAY,
            now=NOW,
        )
        spotted = spot(register(world, enf), enf, penalty_kind=Case.PenaltyKind.FINE, fine=50)
    records = {step.kind: step.record for step in case.steps.all()}
    assert records[CaseStep.Kind.REGISTER].startswith("承办执法人员：")
    assert records[CaseStep.Kind.FILE] == "决定期限至2020年12月1日。"
    assert "拟处罚种类：罚款。拟罚款100.00元。" in records[CaseStep.Kind.NOTIFY]
    assert records[CaseStep.Kind.DECIDE].startswith("津滨甲执罚决字〔2020〕第001号：")
    assert records[CaseStep.Kind.SERVE] == "2020年9月15日直接送达。"
    assert spotted.steps.last().record == "津滨甲当罚字〔2020〕第001号，当场交付当事人。"
    text = spotted.decision_text
    for part in (
        "罚款人民币50元",
        "行政复议",
        "作出决定时间：2020年9月1日 10:20",
        "十五日内缴纳",
    ):
        assert part in text, part
    assert "fine" not in text.lower() and "yuan" not in text


def test_the_notice_keeps_the_proposed_penalty_kind_and_the_decision_reads_it(world, enf):
    case = notified(world, enf, fine=Decimal("1000"), hearing=True, category=enf.litter)
    assert case.proposed_penalty_kind == Case.PenaltyKind.FINE
    # The kind is the field's, not words read back from the step's text.
    CaseStep.objects.filter(case=case, kind=CaseStep.Kind.NOTIFY).update(record="告知。")
    refused(
        decide,
        "重于告知的拟处罚种类（罚款）",
        case=case,
        enf=enf,
        decided_on=date(2020, 9, 25),
        penalty_kind=Case.PenaltyKind.CONFISCATION,
        fine=None,
    )
    warned = notified(world, enf, fine=None, kind=Case.PenaltyKind.WARNING)
    assert warned.proposed_penalty_kind == Case.PenaltyKind.WARNING
    plain = notified(world, enf, fine=None, kind="")
    assert plain.proposed_penalty_kind == ""


def test_an_extension_reaches_at_most_sixty_days_after_the_statutory_deadline(world, enf):
    case = filed(world, enf)  # filed 2020-09-02: statutory deadline 2020-12-01
    before = state(case)
    for far in (date(2021, 1, 31), date(9999, 12, 31)):
        refused(
            services.case_extend_deadline,
            "延长后的期限最迟为2021年1月30日（法定期限2020年12月1日后六十日）",
            actor=enf.officer1,
            case=case,
            new_due_on=far,
            reason="案情复杂，经街道负责人批准延长。",
            now=NOW,
        )
    assert_unchanged(case, before)
    case = services.case_extend_deadline(
        actor=enf.officer1,
        case=case,
        new_due_on=date(2021, 1, 30),
        reason="案情复杂，经街道负责人批准延长。",
        now=NOW,
    )
    assert case.decision_due_on == date(2021, 1, 30)


def test_case_facts_are_limited_to_five_thousand_characters(world, enf):
    audits = AuditEntry.objects.count()
    refused(
        services.case_register,
        "案件事实不能超过5000字（现为5001字）",
        actor=enf.officer1,
        street=world.a.street,
        data=case_data(enf, facts="摊" * 5001),
        officers=[enf.officer1, enf.officer2],
        now=NOW,
    )
    assert not Case.objects.exists() and AuditEntry.objects.count() == audits
    case = register(world, enf, facts="摊" * 5000)
    before = state(case)
    refused(
        services.case_update,
        "案件事实不能超过5000字",
        actor=enf.officer1,
        case=case,
        data={"facts": "摊" * 5001},
    )
    assert_unchanged(case, before)
