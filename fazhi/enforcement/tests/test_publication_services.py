"""执法决定公示: deadlines across the official holidays and make-up days (frozen clock), the
published text masked, one publication per case, decision changes and withdrawal."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import translation

from fazhi.audit.models import AuditEntry
from fazhi.core.workdays import is_workday
from fazhi.enforcement import deadlines
from fazhi.enforcement.models import Case, CaseStep, EnforcementSettings, Publication
from fazhi.enforcement.services.publication import (
    case_record_decision_change,
    publication_publish,
    publication_withdraw,
)
from fazhi.enforcement.tests.b_helpers import PARTY, PARTY_ID, decided_case, make_case

pytestmark = pytest.mark.django_db


def snapshot() -> tuple[int, int, int]:
    return Publication.objects.count(), CaseStep.objects.count(), AuditEntry.objects.count()


def test_spring_festival_2020_extension(world, enf):
    # 2020-01-19 (Sunday) was a make-up working day; the Spring Festival ran 01-24 to 01-30 and
    # was extended to 02-02 because of the epidemic.
    assert is_workday(date(2020, 1, 19)) and not is_workday(date(2020, 1, 31))
    assert not is_workday(date(2020, 2, 2)) and is_workday(date(2020, 2, 3))
    settings = EnforcementSettings.for_street(world.a.street)
    # Decided on Monday 2020-01-20: 01-21, 01-22, 01-23 (3), then nothing until 02-03 (4),
    # 02-04, 02-05, 02-06 (7).
    assert deadlines.publication_due(date(2020, 1, 20), "penalty", settings) == date(2020, 2, 6)
    case = decided_case(enf, decided_on=date(2020, 1, 20))
    assert case.publish_due_on == date(2020, 2, 6)
    with time_machine.travel(date(2020, 2, 6), tick=False):
        on_time = publication_publish(actor=enf.officer1, case=case)
    assert on_time.published_on == date(2020, 2, 6) and on_time.on_time
    late_case = decided_case(enf, decided_on=date(2020, 1, 20))
    late = publication_publish(actor=enf.officer1, case=late_case, today=date(2020, 2, 7))
    assert not late.on_time


def test_national_day_and_mid_autumn_2020(world, enf):
    # 2020-10-01..08 off; 09-27 (Sunday) and 10-10 (Saturday) make-up working days.
    settings = EnforcementSettings.for_street(world.a.street)
    # Penalty decided 09-28: 09-29, 09-30, 10-09, 10-10, 10-12, 10-13, 10-14.
    assert deadlines.publication_due(date(2020, 9, 28), "penalty", settings) == date(2020, 10, 14)
    # Decided on the make-up Sunday 09-27: 09-28 is the first working day after it.
    assert deadlines.publication_due(date(2020, 9, 27), "penalty", settings) == date(2020, 10, 13)
    # Other decisions within 20 working days.
    assert deadlines.publication_due(date(2020, 9, 28), "no_penalty", settings) == date(2020, 11, 2)
    # Withdrawal within 3 working days of a change on 09-30: 10-09, 10-10, 10-12.
    assert deadlines.withdrawal_due(date(2020, 9, 30), settings) == date(2020, 10, 12)


def test_withdrawal_deadline_is_set_when_the_decision_changes(world, enf):
    case = decided_case(enf, decided_on=date(2020, 9, 10))
    publication = publication_publish(actor=enf.officer1, case=case, today=date(2020, 9, 15))
    with time_machine.travel(date(2020, 10, 12), tick=False):
        changed = case_record_decision_change(
            actor=enf.officer1,
            case=case,
            changed_on=date(2020, 9, 30),
            reason="经行政复议，复议机关撤销原处罚决定。",
        )
    publication.refresh_from_db()
    assert changed.decision_changed_on == date(2020, 9, 30)
    assert publication.withdraw_due_on == date(2020, 10, 12)
    assert case.steps.order_by("-id").first().kind == "decision_change"
    done = publication_withdraw(
        actor=enf.officer2,
        publication=publication,
        reason="原处罚决定已被撤销。",
        today=date(2020, 10, 12),
    )
    assert (done.withdrawn_on, done.withdrawn_by) == (date(2020, 10, 12), enf.officer2)
    assert case.steps.order_by("-id").first().kind == "withdraw"
    before = snapshot()
    with pytest.raises(ValidationError, match="已于2020年10月12日撤下"):
        publication_withdraw(actor=enf.officer2, publication=publication, reason="再撤")
    with pytest.raises(ValidationError, match="已于2020年9月30日登记"):
        case_record_decision_change(
            actor=enf.officer1, case=case, changed_on=date(2020, 10, 1), reason="再变"
        )
    assert snapshot() == before


def test_a_year_beyond_every_calendar_is_a_chinese_message(world, enf):
    case = decided_case(enf, decided_on=date(2020, 9, 10))
    publication_publish(actor=enf.officer1, case=case, today=date(2020, 9, 11))
    settings = EnforcementSettings.for_street(world.a.street)
    with pytest.raises(ValidationError) as refused:
        deadlines.publication_due(date(2199, 5, 6), "penalty", settings)
    assert "尚无2199年的法定节假日安排" in str(refused.value)
    before = snapshot()
    with time_machine.travel(date(2199, 5, 7), tick=False), pytest.raises(ValidationError) as e:
        case_record_decision_change(
            actor=enf.officer1, case=case, changed_on=date(2199, 5, 6), reason="撤销"
        )
    assert "尚无2199年的法定节假日安排" in str(e.value)
    assert snapshot() == before
    case.refresh_from_db()
    assert case.decision_changed_on is None


def test_published_text_is_masked_and_complete(world, enf):
    case = decided_case(enf, decided_on=date(2020, 9, 28))
    publication = publication_publish(actor=enf.officer1, case=case, today=date(2020, 9, 29))
    assert publication.authority == "甲街" and publication.party == "王某"
    assert publication.category == "占道经营" and publication.decision_no == "津滨城罚〔2020〕15号"
    assert publication.decided_on == date(2020, 9, 28)
    assert "罚款200元" in publication.conclusion and "行政处罚" in publication.conclusion
    text = " ".join([publication.party, publication.facts, publication.conclusion])
    for secret in (PARTY, PARTY_ID, "13812345678", "138-1234-5678", "赵六", "钱七七", "刘大海"):
        assert secret not in text
    assert "022-2345 6789" not in text and "12号" not in text and "501室" not in text
    assert "幸福路" in publication.facts  # the road stays
    step = case.steps.order_by("-id").first()
    assert (step.kind, step.status_before, step.status_after) == ("publish", "decided", "decided")


def test_publish_refusals_leave_nothing(world, enf):
    undecided = make_case(enf, status=Case.Status.REVIEWING)
    before = snapshot()
    with pytest.raises(ValidationError, match="不能公示决定"):
        publication_publish(actor=enf.officer1, case=undecided)
    case = decided_case(enf, decided_on=date(2020, 9, 28))
    early = decided_case(enf, decided_on=date(2020, 9, 28))
    publication_publish(actor=enf.officer1, case=case, today=date(2020, 9, 29))
    middle = snapshot()
    with pytest.raises(ValidationError, match="已经公示，不能重复公示"):
        publication_publish(actor=enf.officer1, case=case, today=date(2020, 9, 30))
    assert snapshot() == middle
    with pytest.raises(ValidationError, match="公示日期不能早于决定日期"):
        publication_publish(actor=enf.officer1, case=early, today=date(2020, 9, 27))
    assert snapshot() == middle and before[0] == 0


def test_withdrawal_needs_a_reason(world, enf):
    case = decided_case(enf, decided_on=date(2020, 9, 28))
    publication = publication_publish(actor=enf.officer1, case=case, today=date(2020, 9, 29))
    before = snapshot()
    with pytest.raises(ValidationError) as refused:
        publication_withdraw(actor=enf.officer1, publication=publication, reason="  ")
    assert "请写明撤下公示的理由" in str(refused.value)
    assert snapshot() == before


def test_the_publication_and_its_records_are_chinese_whatever_the_officers_language(world, enf):
    case = decided_case(enf, decided_on=date(2020, 9, 10))
    with translation.override("en"):
        publication = publication_publish(actor=enf.officer1, case=case, today=date(2020, 9, 15))
        with time_machine.travel(date(2020, 10, 12), tick=False):
            case_record_decision_change(
                actor=enf.officer1, case=case, changed_on=date(2020, 9, 30), reason="复议撤销。"
            )
        publication_withdraw(
            actor=enf.officer2, publication=publication, reason="已撤销。", today=date(2020, 10, 12)
        )
    assert publication.conclusion.startswith("行政处罚：罚款200元。责令当事人")
    records = [step.record for step in case.steps.order_by("id")]
    assert records == [
        "在门户网站公示执法决定，公示日期2020年9月15日。",
        "决定于2020年9月30日变更或撤销：复议撤销。",
        "撤下公示：已撤销。",
    ]


def test_publishing_guessed_personal_data_needs_the_publishers_check(enf):
    from fazhi.enforcement.services.publication import publication_uncertain

    case = decided_case(enf, decided_on=date(2020, 9, 28), facts="当事人在门前摆摊，娜娜在场。")
    assert [f.found for f in publication_uncertain(case)] == ["娜娜"]
    with pytest.raises(ValidationError, match="已核对标记的疑似个人信息"):
        publication_publish(actor=enf.officer1, case=case, today=date(2020, 9, 29))
    assert not Publication.objects.filter(case=case).exists()
    case.refresh_from_db()
    assert not case.steps.filter(kind="publish").exists()
    publication = publication_publish(
        actor=enf.officer1, case=case, today=date(2020, 9, 29), uncertain_checked=True
    )
    assert publication.facts == "当事人在门前摆摊，娜某在场。"
