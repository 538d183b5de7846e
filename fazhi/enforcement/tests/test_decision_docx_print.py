"""The 当场行政处罚决定书 as handed to the party: GB/T 9704 page numbers and document number,
where and how to pay the fine (行政处罚法第六十七条), an organisation's 住所, and the download's
audit row."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO

import pytest
from docx import Document

from fazhi.audit.models import Action, AuditEntry
from fazhi.core.tests.docx_checks import assert_page_numbers, kept_with_next
from fazhi.enforcement.decision_docx import on_the_spot_docx
from fazhi.enforcement.models import Case
from fazhi.enforcement.services import cases as services
from fazhi.enforcement.tests.case_helpers import CREDIT_CODE, NOW, at, register

pytestmark = pytest.mark.django_db
BASE = "/office/enforcement/cases/"


def on_the_spot(
    world,
    enf,
    *,
    penalty_kind="fine",
    fine=Decimal("200"),
    decision_no="津滨甲当罚字〔2020〕第080号",
    **party,
) -> Case:
    case = register(world, enf, **party)
    return services.case_decide_on_the_spot(
        actor=enf.officer1,
        case=case,
        decided_at=at(2020, 9, 1, 10, 20),
        place="幸福路与光明大道交口",
        penalty_kind=penalty_kind,
        fine=fine if penalty_kind == "fine" else None,
        decision_no=decision_no,
        decision_basis="《天津市市容和环境卫生管理条例》第五十二条",
        deciders=[enf.officer1, enf.officer2],
        now=NOW,
    )


def paragraphs(case: Case) -> list[str]:
    return [p.text for p in Document(BytesIO(on_the_spot_docx(case))).paragraphs]


def test_every_page_is_numbered_as_gbt9704_numbers_pages(world, enf):
    case = on_the_spot(world, enf)
    assert_page_numbers(Document(BytesIO(on_the_spot_docx(case))))


def test_the_number_is_written_without_第_and_leading_zeros(world, enf):
    case = on_the_spot(world, enf)
    document = Document(BytesIO(on_the_spot_docx(case)))
    texts = [p.text for p in document.paragraphs]
    assert texts[2] == "津滨甲当罚字〔2020〕80号"
    assert not any("第080号" in text for text in texts)
    assert document.core_properties.title == "当场行政处罚决定书 津滨甲当罚字〔2020〕80号"


def test_the_signatures_seal_and_date_are_kept_on_one_page(world, enf):
    case = on_the_spot(world, enf)
    document = Document(BytesIO(on_the_spot_docx(case)))
    texts = [p.text for p in document.paragraphs]
    start = next(i for i, text in enumerate(texts) if text.startswith("作出决定时间："))
    block = document.paragraphs[start:]
    assert block[-1].text == "（本决定书一式两份，一份交当事人，一份存档。）"
    assert any(p.text.startswith("刘执法（执法证号：") for p in block)
    assert any(p.text.startswith("当事人签收：") for p in block)
    assert "甲街（印章）" in [p.text for p in block]
    # From the time and place of the decision to the end, each paragraph goes with the next.
    assert [kept_with_next(p) for p in block] == [True] * (len(block) - 1) + [False]
    assert not kept_with_next(document.paragraphs[start - 1])


def test_a_fine_says_where_and_how_it_is_paid(world, enf, settings):
    case = on_the_spot(world, enf)
    settings.FAZHI_FINE_PAYMENT_BANK = ""
    (payment,) = [text for text in paragraphs(case) if "缴纳罚款" in text]
    # Without the setting: the authority's designated bank, or the electronic payment system.
    assert payment.startswith(
        "当事人应当自收到本决定书之日起十五日内，持本决定书到甲街指定的银行缴纳罚款，"
        "或者通过电子支付系统缴纳罚款（《中华人民共和国行政处罚法》第六十七条）；"
    )
    assert "每日按罚款数额的百分之三加处罚款" in payment and "第七十二条" in payment
    assert payment.endswith("依法当场收缴罚款的，执法人员应当出具专用票据。")

    settings.FAZHI_FINE_PAYMENT_BANK = "中国工商银行天津滨海支行各营业网点"
    (payment,) = [text for text in paragraphs(case) if "缴纳罚款" in text]
    assert "持本决定书到中国工商银行天津滨海支行各营业网点缴纳罚款，或者通过电子支付系统" in payment


def test_a_warning_says_nothing_of_paying(world, enf):
    case = on_the_spot(world, enf, penalty_kind="warning")
    texts = paragraphs(case)
    assert any("决定给予警告的行政处罚" in text for text in texts)
    assert not any("缴纳" in text for text in texts)


def test_an_organisations_address_is_its_住所_a_persons_their_住址(world, enf):
    organisation = on_the_spot(
        world,
        enf,
        party_kind=Case.PartyKind.ORGANISATION,
        party_name="天津市幸福果业有限公司",
        party_id_number=CREDIT_CODE,
        party_representative="王小明",
        party_address="天津市滨海新区幸福路8号",
    )
    (party,) = [text for text in paragraphs(organisation) if text.startswith("当事人：")]
    assert party == (
        f"当事人：天津市幸福果业有限公司，统一社会信用代码：{CREDIT_CODE}，"
        "法定代表人（负责人）：王小明，住所：天津市滨海新区幸福路8号。"
    )
    person = on_the_spot(
        world, enf, decision_no="津滨甲当罚字〔2020〕81号", party_address="天津市滨海新区幸福路1号"
    )
    (party,) = [text for text in paragraphs(person) if text.startswith("当事人：")]
    assert party.endswith("，住址：天津市滨海新区幸福路1号。")
    assert "住所" not in party


def test_each_download_is_audited_with_who_the_case_and_the_format(world, enf):
    case = on_the_spot(world, enf)
    before = AuditEntry.objects.count()
    response = world.client(enf.officer1).get(f"{BASE}{case.pk}/decision.docx")
    assert response.status_code == 200
    assert "当场行政处罚决定书" in "\n".join(
        p.text for p in Document(BytesIO(response.content)).paragraphs
    )
    assert AuditEntry.objects.count() == before + 1
    entry = AuditEntry.objects.order_by("-seq").first()
    assert (entry.action, entry.object_id, entry.actor, entry.street_id) == (
        Action.EXPORT,
        str(case.pk),
        enf.officer1,
        world.a.street.pk,
    )
    assert entry.object_repr == "当场行政处罚决定书"
    assert entry.changes["format"] == "docx"
    assert entry.changes["case_no"] == case.number
    assert entry.changes["decision_no"] == "津滨甲当罚字〔2020〕第080号"
    # A reader of the case is audited as well.
    assert world.client(world.leader).get(f"{BASE}{case.pk}/decision.docx").status_code == 200
    assert AuditEntry.objects.order_by("-seq").first().actor == world.leader


def test_a_refused_download_writes_nothing(world, enf):
    case = on_the_spot(world, enf)
    undecided = register(world, enf)
    before = AuditEntry.objects.count()
    assert world.client(world.clerk_b).get(f"{BASE}{case.pk}/decision.docx").status_code == 404
    client = world.client(enf.officer1)
    assert client.get(f"{BASE}{undecided.pk}/decision.docx").status_code == 404
    assert client.post(f"{BASE}{case.pk}/decision.docx").status_code == 405
    assert AuditEntry.objects.count() == before
