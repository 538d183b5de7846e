"""Back-office pages of cases: status, database, audit row; wrong method, another street (404),
a read-only role (403), bad input (a Chinese message and nothing written); the list's flags,
filters, export and query count."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from fazhi.audit.models import Action, AuditEntry
from fazhi.enforcement.models import Case, CaseStep, LegalReview
from fazhi.enforcement.services import cases as services
from fazhi.enforcement.tests.case_helpers import (
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
from fazhi.testing import SOFFICE, libreoffice_pdf

pytestmark = pytest.mark.django_db
BASE = "/office/enforcement/cases/"


def last_audit() -> AuditEntry:
    return AuditEntry.objects.order_by("-seq").first()


# --- access -----------------------------------------------------------------------------------


def test_list_and_detail_need_login_the_right_and_the_street(world, enf, anon):
    case = register(world, enf)
    response = anon.get(BASE)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert world.client(world.grid_worker).get(BASE).status_code == 403
    assert world.client(world.leader).get(BASE).status_code == 200
    assert world.client(world.clerk_b).get(f"{BASE}{case.pk}/").status_code == 404
    assert world.client(enf.officer_b).get(f"{BASE}{case.pk}/").status_code == 404
    page = world.client(world.reviewer).get(f"{BASE}{case.pk}/")
    assert page.status_code == 200 and case.number in page.content.decode()


def test_read_only_roles_see_no_buttons_and_are_refused_the_steps(world, enf):
    case = register(world, enf)
    text = world.client(world.leader).get(f"{BASE}{case.pk}/").content.decode()
    assert f"{BASE}{case.pk}/file/" not in text
    before = state(case)
    for user in (world.leader, world.reviewer):
        client = world.client(user)
        assert client.get(f"{BASE}{case.pk}/file/").status_code == 403
        response = client.post(f"{BASE}{case.pk}/file/", {"filed_on": "2020-09-02"})
        assert response.status_code == 403
    assert world.client(world.leader).get(f"{BASE}new/").status_code == 403
    assert state(case) == before


def test_another_streets_case_is_not_found_for_a_step(world, enf):
    case = register(world, enf)
    before = state(case)
    response = world.client(world.clerk_b).post(
        f"{BASE}{case.pk}/file/", {"filed_on": "2020-09-02"}
    )
    assert response.status_code == 404
    assert state(case) == before


def test_wrong_method_is_refused(world, enf):
    case = register(world, enf)
    client = world.client(world.clerk_a)
    assert client.post(BASE).status_code == 405
    assert client.post(f"{BASE}{case.pk}/").status_code == 405
    assert client.delete(f"{BASE}{case.pk}/stop/").status_code == 405


# --- registration ----------------------------------------------------------------------------


def test_register_a_case_from_the_form(world, enf):
    client = world.client(enf.officer1)
    assert client.get(f"{BASE}new/").status_code == 200
    response = client.post(
        f"{BASE}new/",
        {
            "category": enf.stall.pk,
            "source": "patrol",
            "location": "祥和市场北门",
            "found_at": "2020-09-20T09:30",
            "facts": "当事人在市场北门外占道销售蔬菜。",
            "party_kind": "individual",
            "party_name": "赵某某",
            "key_area": enf.key_area.pk,
            "officers": [enf.officer1.pk, enf.officer2.pk],
        },
    )
    case = Case.objects.get(location="祥和市场北门")
    assert response.status_code == 302 and response["Location"] == f"{BASE}{case.pk}/"
    assert case.number.startswith("2020-") and case.status == Case.Status.FOUND
    assert case.steps.get().kind == CaseStep.Kind.REGISTER
    assert AuditEntry.objects.filter(
        action=Action.CREATE, object_type="enforcement.case", object_id=str(case.pk)
    ).exists()


def test_register_with_one_officer_is_refused_and_nothing_written(world, enf):
    before = (Case.objects.count(), AuditEntry.objects.count())
    response = world.client(enf.officer1).post(
        f"{BASE}new/",
        {
            "category": enf.stall.pk,
            "source": "patrol",
            "location": "祥和市场北门",
            "found_at": "2020-09-20T09:30",
            "facts": "占道经营。",
            "party_kind": "individual",
            "officers": [enf.officer1.pk],
        },
    )
    assert response.status_code == 400
    assert "至少两名持有执法证件的执法人员" in response.content.decode()
    assert (Case.objects.count(), AuditEntry.objects.count()) == before


def test_the_officer_choice_offers_only_certified_officers_of_the_street(world, enf):
    text = world.client(world.clerk_a).get(f"{BASE}new/").content.decode()
    assert "刘执法（12011600000001）" in text
    assert "吴协管" not in text and "乙街执法" not in text


def test_update_particulars_audited_and_refused_after_decision(world, enf):
    case = register(world, enf)
    client = world.client(enf.officer1)
    form = client.get(f"{BASE}{case.pk}/edit/")
    assert form.status_code == 200
    data = {
        "category": enf.stall.pk,
        "location": "幸福路18号门前",
        "found_at": "2020-09-01T10:00",
        "facts": case.facts,
        "party_kind": "individual",
        "party_name": "王小明",
        "party_id_number": case.party_id_number,
        "party_phone": case.party_phone,
    }
    response = client.post(f"{BASE}{case.pk}/edit/", data)
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.location == "幸福路18号门前"
    entry = last_audit()
    assert entry.action == Action.UPDATE and entry.changes["after"] == {
        "location": "幸福路18号门前"
    }
    done = decided(world, enf)
    response = client.post(f"{BASE}{done.pk}/edit/", data)
    assert response.status_code == 400 and "不能修改案件信息" in response.content.decode()
    assert Case.objects.get(pk=done.pk).location == done.location


# --- steps --------------------------------------------------------------------------------------


def test_file_step_through_the_page(world, enf):
    case = register(world, enf)
    client = world.client(enf.officer1)
    with time_machine.travel(at(2020, 9, 28, 9), tick=False):
        assert client.get(f"{BASE}{case.pk}/file/").status_code == 200
        response = client.post(f"{BASE}{case.pk}/file/", {"filed_on": "2020-09-02"})
    assert response.status_code == 302 and response["Location"] == f"{BASE}{case.pk}/"
    case.refresh_from_db()
    assert case.status == Case.Status.FILED and case.decision_due_on == date(2020, 12, 1)
    entry = last_audit()
    assert entry.action == Action.TRANSITION and entry.object_id == str(case.pk)
    assert entry.changes["after"]["status"] == "filed"


def test_bad_step_input_shows_a_chinese_message_and_writes_nothing(world, enf):
    case = register(world, enf)
    client = world.client(enf.officer1)
    before = state(case)
    with time_machine.travel(at(2020, 9, 28, 9), tick=False):
        early = client.post(f"{BASE}{case.pk}/file/", {"filed_on": "2020-08-31"})
        garbage = client.post(f"{BASE}{case.pk}/file/", {"filed_on": "昨天"})
    assert early.status_code == 400 and "立案日期不能早于发现日期" in early.content.decode()
    assert garbage.status_code == 400
    assert state(case) == before


def test_a_step_not_allowed_now_redirects_with_a_message(world, enf):
    case = register(world, enf)
    client = world.client(enf.officer1)
    response = client.get(f"{BASE}{case.pk}/serve/", follow=True)
    assert "不能送达" in response.content.decode()
    before = state(case)
    response = client.post(
        f"{BASE}{case.pk}/serve/", {"served_on": "2020-09-02", "method": "直接送达"}
    )
    assert response.status_code == 400 and "不能送达" in response.content.decode()
    assert state(case) == before


def test_decide_a_major_case_without_review_is_refused_on_the_page(world, enf):
    case = notified(world, enf, major_public_interest=True)
    before = state(case)
    with time_machine.travel(at(2020, 9, 28, 9), tick=False):
        response = world.client(enf.officer1).post(
            f"{BASE}{case.pk}/decide/",
            {
                "decided_on": "2020-09-14",
                "outcome": "penalty",
                "penalty_kind": "fine",
                "fine": "100",
                "decision_no": "津滨甲执罚决字〔2020〕第009号",
                "decision_text": "罚款100元。",
                "decision_basis": "条例第五十二条",
                "deciders": [enf.officer1.pk, enf.officer2.pk],
            },
        )
    assert response.status_code == 400
    assert "未经法制审核或审核未通过，不得作出决定" in response.content.decode()
    assert state(case) == before


def test_on_the_spot_page_and_its_decision_document(world, enf):
    case = register(world, enf)
    client = world.client(enf.officer1)
    with time_machine.travel(at(2020, 9, 28, 9), tick=False):
        form = client.get(f"{BASE}{case.pk}/on-the-spot/")
        assert form.status_code == 200 and "王小明" in form.content.decode()
        response = client.post(
            f"{BASE}{case.pk}/on-the-spot/",
            {
                "decided_at": "2020-09-01T10:20",
                "place": "幸福路与光明大道交口",
                "party_name": "王小明",
                "party_id_number": "120116198001011239",
                "penalty_kind": "fine",
                "fine": "50",
                "decision_no": "津滨甲当罚字〔2020〕第003号",
                "decision_basis": "《天津市市容和环境卫生管理条例》第五十二条",
                "deciders": [enf.officer1.pk, enf.officer2.pk],
            },
        )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Case.Status.SERVED and case.fine == Decimal("50")
    client = world.client(enf.officer1)
    detail = client.get(f"{BASE}{case.pk}/").content.decode()
    assert "decision.docx" in detail
    document = client.get(f"{BASE}{case.pk}/decision.docx")
    assert document.status_code == 200
    assert document["Content-Type"].startswith("application/vnd.openxmlformats")
    assert world.client(world.clerk_b).get(f"{BASE}{case.pk}/decision.docx").status_code == 404
    other = register(world, enf)
    assert client.get(f"{BASE}{other.pk}/decision.docx").status_code == 404


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
def test_libreoffice_prints_the_on_the_spot_decision(world, enf, tmp_path):
    from fazhi.enforcement.decision_docx import on_the_spot_docx

    case = register(world, enf)
    services.case_decide_on_the_spot(
        actor=enf.officer1,
        case=case,
        decided_at=case.found_at + timedelta(minutes=20),
        place="幸福路与光明大道交口",
        penalty_kind=Case.PenaltyKind.WARNING,
        decision_no="津滨甲当罚字〔2020〕第004号",
        decision_basis="《城市市容和环境卫生管理条例》第三十六条",
        deciders=[enf.officer1, enf.officer2],
    )
    case.refresh_from_db()
    pdf = libreoffice_pdf(on_the_spot_docx(case), tmp_path)
    assert pdf.startswith(b"%PDF") and len(pdf) > 1000


def test_detail_shows_the_timeline_officers_deadline_and_actions(world, enf):
    case = investigating(world, enf)
    in_review(case, enf, conclusion=LegalReview.Conclusion.AGREE)
    with time_machine.travel(at(2020, 11, 20, 9), tick=False):
        text = world.client(enf.officer1).get(f"{BASE}{case.pk}/").content.decode()
    for part in (
        "发现登记",
        "立案",
        "调查取证",
        "询问当事人",
        "已立案 → 调查取证",
        "刘执法",
        "12011600000001",
        "2020年12月1日",
        "即将到期",
        "审核意见：同意",
        "全过程记录",
    ):
        assert part in text, part
    # From 法制审核 with a passed review: notify and decide are offered, stop is not.
    assert f"{BASE}{case.pk}/notify/" in text and f"{BASE}{case.pk}/decide/" in text
    assert f"{BASE}{case.pk}/stop/" not in text


# --- the list -----------------------------------------------------------------------------------


def test_list_flags_filters_and_counts_with_a_frozen_clock(world, enf):
    late = filed(world, enf, party_name="逾期当事人")  # due 1 December 2020
    soon = register(world, enf, party_name="将到期当事人", found_at=at(2020, 9, 10))
    services.case_file(
        actor=enf.officer1, case=soon, filed_on=date(2020, 9, 10), today=TODAY, now=NOW
    )  # due 9 December
    register(world, enf, party_name="未立案当事人")
    client = world.client(world.clerk_a)
    with time_machine.travel(at(2020, 12, 2, 9), tick=False):
        text = client.get(BASE).content.decode()
        assert "决定已逾期 1 件" in text and "15日内到期 1 件" in text
        overdue = client.get(BASE, {"deadline": "overdue"}).content.decode()
        assert "逾期当事人" in overdue and "将到期当事人" not in overdue
        due = client.get(BASE, {"deadline": "due_soon"}).content.decode()
        assert "将到期当事人" in due and "逾期当事人" not in due
        assert late.number in client.get(BASE, {"q": late.number}).content.decode()
        bad = client.get(BASE, {"found_from": "2020-13-01"})
        assert bad.status_code == 400 and "逾期当事人" not in bad.content.decode()
    with time_machine.travel(at(2020, 11, 30, 9), tick=False):
        due = world.client(world.clerk_a).get(BASE, {"deadline": "due_soon"}).content.decode()
        assert "将到期当事人" in due and "逾期当事人" in due


def test_list_filters_by_status_officer_and_major(world, enf):
    register(world, enf, party_name="普通当事人")
    register(world, enf, party_name="重大当事人", major_public_interest=True)
    register(world, enf, party_name="其他人员承办", officers=[enf.officer2, enf.officer3])
    client = world.client(world.clerk_a)
    major = client.get(BASE, {"major": "yes"}).content.decode()
    assert "重大当事人" in major and "普通当事人" not in major
    not_major = client.get(BASE, {"major": "no"}).content.decode()
    assert "普通当事人" in not_major and "重大当事人" not in not_major
    mine = client.get(BASE, {"officer": enf.officer1.pk}).content.decode()
    assert "普通当事人" in mine and "其他人员承办" not in mine
    assert "重大当事人" in client.get(BASE, {"status": "found"}).content.decode()
    assert "重大当事人" not in client.get(BASE, {"status": "filed"}).content.decode()


def test_major_filter_counts_the_fine_threshold(world, enf):
    big = investigating(world, enf, category=enf.litter, party_name="大额当事人")
    services.case_notify(
        actor=enf.officer1,
        case=big,
        notified_on=date(2020, 9, 7),
        proposed_penalty="拟罚款。",
        proposed_fine=Decimal("5000"),
        today=TODAY,
        now=NOW,
    )
    register(world, enf, party_name="小额当事人")
    text = world.client(world.clerk_a).get(BASE, {"major": "yes"}).content.decode()
    assert "大额当事人" in text and "小额当事人" not in text


def test_list_exports_the_filtered_rows_and_audits(world, enf):
    register(world, enf, party_name="导出当事人")
    register(world, enf, party_name="重大当事人", major_public_interest=True)
    response = world.client(world.clerk_a).get(BASE, {"format": "xlsx", "major": "yes"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    entry = last_audit()
    assert entry.action == Action.EXPORT and entry.object_type == "enforcement.case"
    assert entry.changes["count"] == 1


def test_list_query_count_does_not_grow_with_rows(world, enf):
    client = world.client(world.clerk_a)
    decided(world, enf)
    client.get(BASE)
    with CaptureQueriesContext(connection) as few:
        assert client.get(BASE).status_code == 200
    for _ in range(4):
        filed(world, enf)
    with CaptureQueriesContext(connection) as many:
        assert client.get(BASE).status_code == 200
    # Session and permissions, the count and the page, the officers, the settings, the two
    # deadline counts, the filter bar's choices (the session is not saved again).
    assert len(many) == len(few) == 17, [q["sql"][:80] for q in few.captured_queries]


def test_list_selector_reads_a_page_in_two_queries(world, enf):
    for _ in range(3):
        register(world, enf)
    from fazhi.enforcement.selectors.cases import case_list

    with CaptureQueriesContext(connection) as queries:
        rows = [
            (c.category.name, c.grid, c.key_area, [u.username for u in c.officers.all()])
            for c in case_list(world.clerk_a)
        ]
    # The user's roles (for the grid scope), the cases with their joins, their officers.
    assert len(rows) == 3 and len(queries) == 3


def test_on_the_spot_document_holds_the_article_52_fields(world, enf):
    from io import BytesIO

    from docx import Document

    from fazhi.enforcement.decision_docx import on_the_spot_docx

    case = register(world, enf)
    case = services.case_decide_on_the_spot(
        actor=enf.officer1,
        case=case,
        decided_at=at(2020, 9, 1, 10, 20),
        place="幸福路与光明大道交口",
        penalty_kind="fine",
        fine=Decimal("200"),
        decision_no="津滨甲当罚字〔2020〕第004号",
        decision_basis="《天津市市容和环境卫生管理条例》第五十二条",
        deciders=[enf.officer1, enf.officer2],
        now=NOW,
    )
    document = Document(BytesIO(on_the_spot_docx(case)))
    text = "\n".join(p.text for p in document.paragraphs)
    for part in (
        "当场行政处罚决定书",
        "津滨甲当罚字〔2020〕4号",
        "王小明",
        "120116198001011239",
        "摆摊销售水果",
        "第十八条",
        "第五十二条",
        "罚款人民币200元",
        "2020年9月1日 10:20",
        "幸福路与光明大道交口",
        "行政复议",
        "行政诉讼",
        "甲街",
        "12011600000001",
        "12011600000002",
    ):
        assert part in text, part
    assert "违反了《天津市市容和环境卫生管理条例》第十八条的规定。" in text
    # A basis worded as a rule is cited once, not "…的规定的规定".
    enf.stall.legal_basis = "《天津市市容和环境卫生管理条例》关于禁止占道经营的规定"
    enf.stall.save()
    case.refresh_from_db()
    text = "\n".join(p.text for p in Document(BytesIO(on_the_spot_docx(case))).paragraphs)
    assert "违反了《天津市市容和环境卫生管理条例》关于禁止占道经营的规定。" in text
    assert "的规定的规定" not in text


def test_timeline_with_area_b_review_and_publication_shows_each_once(world, enf):
    from fazhi.enforcement.services.legal_review import legal_review_complete, legal_review_submit
    from fazhi.enforcement.services.publication import publication_publish

    case = investigating(world, enf, major_public_interest=True)
    with time_machine.travel(at(2020, 9, 8, 9), tick=False):
        review = legal_review_submit(actor=enf.officer1, case=case, reviewer=enf.reviewer)
    with time_machine.travel(at(2020, 9, 10, 9), tick=False):
        legal_review_complete(
            actor=enf.reviewer,
            review=review,
            checklist={name: True for name, _label in LegalReview.CHECKLIST},
            conclusion=LegalReview.Conclusion.AGREE,
            opinion="事实清楚，证据确凿，同意。",
        )
    case = services.case_notify(
        actor=enf.officer1,
        case=case,
        notified_on=date(2020, 9, 11),
        proposed_penalty="拟罚款100元。",
        proposed_fine=Decimal("100"),
        today=TODAY,
        now=NOW,
    )
    case = decide(case, enf)
    with time_machine.travel(at(2020, 9, 16, 9), tick=False):
        publication_publish(actor=enf.officer1, case=case)
    from fazhi.enforcement.selectors.cases import case_timeline

    entries = case_timeline(case)
    kinds = [(e.kind, e.step.kind if e.step else "") for e in entries]
    assert kinds == [
        ("step", "register"),
        ("step", "file"),
        ("step", "investigate"),
        ("step", "review_submit"),
        ("step", "review_opinion"),
        ("step", "notify"),
        ("step", "decide"),
        ("step", "publish"),
    ]
    assert entries[3].review == review and entries[4].review == review
    assert entries[7].publication is not None
    with time_machine.travel(at(2020, 9, 28, 9), tick=False):
        text = world.client(enf.officer1).get(f"{BASE}{case.pk}/").content.decode()
    assert text.count("审核意见：同意") == 1 and "执法决定公示" in text


def test_list_heading_is_the_plural_title(world, enf, settings):
    assert "<h1>执法案件</h1>" in world.client(enf.officer1).get(BASE).content.decode()
    client = world.client(enf.officer1)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    try:
        text = client.get(BASE).content.decode()
    finally:
        translation.deactivate()  # the client activated English in this thread
    assert "<h1>Enforcement cases</h1>" in text


def test_detail_shows_the_proposed_penalty_kind(world, enf):
    case = notified(world, enf, fine=None, kind=Case.PenaltyKind.WARNING)
    text = world.client(enf.officer1).get(f"{BASE}{case.pk}/").content.decode()
    assert "<dt>拟处罚种类</dt><dd>警告</dd>" in text


def test_decide_is_offered_only_on_a_valid_review_opinion(world, enf):
    # In review, the opinion given, then voided: the notice it reviewed is no longer the case's.
    case = investigating(world, enf)
    review = in_review(case, enf, conclusion=LegalReview.Conclusion.AGREE)
    LegalReview.objects.filter(pk=review.pk).update(reviewed_notified_on=date(2020, 9, 7))
    with time_machine.travel(at(2020, 9, 28, 9), tick=False):
        text = world.client(enf.officer1).get(f"{BASE}{case.pk}/").content.decode()
    assert f"{BASE}{case.pk}/decide/" not in text and f"{BASE}{case.pk}/notify/" not in text
    # A major case after its notice: offered only with a passed review.
    major = notified(world, enf, major_public_interest=True)
    with time_machine.travel(at(2020, 9, 28, 9), tick=False):
        text = world.client(enf.officer1).get(f"{BASE}{major.pk}/").content.decode()
    assert f"{BASE}{major.pk}/decide/" not in text and f"{BASE}{major.pk}/stop/" not in text
    # An ordinary case after its notice: offered.
    plain = notified(world, enf)
    with time_machine.travel(at(2020, 9, 28, 9), tick=False):
        text = world.client(enf.officer1).get(f"{BASE}{plain.pk}/").content.decode()
    assert f"{BASE}{plain.pk}/decide/" in text
