"""The 人民调解协议书 download: what Art. 28, 31 and 33 require, every party's particulars and
signature line, Chinese dates and fonts, permission, scope and the export's audit row."""

from __future__ import annotations

from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from django.utils import translation
from docx import Document
from docx.oxml.ns import qn

from fazhi.audit.models import Action, AuditEntry
from fazhi.core.plain_text import plain_text
from fazhi.legal_services.agreement_docx import agreement_docx, committee_name
from fazhi.legal_services.services import mediation as services
from fazhi.legal_services.tests.mediation_cases import (
    CREDIT_CODE,
    ID_MAN,
    ID_WOMAN,
    in_progress_case,
    succeeded_case,
)
from fazhi.testing import SOFFICE, libreoffice_pdf

pytestmark = pytest.mark.django_db
BASE = "/office/legal-services/mediation/"


def document_text(content: bytes) -> str:
    document = Document(BytesIO(content))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        lines.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(lines)


def test_the_agreement_holds_what_the_law_requires(world):
    case = in_progress_case(world.a.street, world.clerk_a)
    services.mediation_party_add(
        case,
        actor=world.clerk_a,
        side="third_party",
        kind="organisation",
        name="幸福物业服务有限公司",
        id_number=CREDIT_CODE,
        address="天津市滨海新区幸福路8号",
        representative="周经理",
    )
    agreement = services.mediation_agreement_record(
        case,
        actor=world.clerk_a,
        today=date(2020, 9, 28),
        signed_on=date(2020, 9, 28),
        facts="李芳在院墙外通道堆放杂物，影响张明通行。",
        disputed_points="杂物是否应当清除及清除期限。",
        responsibilities="李芳应负主要责任。",
        terms="一、李芳于2020年10月5日前清除通道杂物；\n二、物业公司协助清运。",
        performance_manner="李芳自行清除，物业公司协助",
        performance_deadline=date(2020, 10, 5),
    )
    text = document_text(agreement_docx(agreement))
    for expected in (
        "甲街道人民调解委员会",
        "人民调解协议书",
        f"编号：{case.case_no}",
        # every party's particulars, in full
        f"申请人：张明，性别：男，身份证号码：{ID_MAN}，住址：天津市滨海新区幸福路1号，"
        "联系电话：13812345678。",
        f"被申请人：李芳，性别：女，身份证号码：{ID_WOMAN}",
        f"第三人：幸福物业服务有限公司，统一社会信用代码：{CREDIT_CODE}",
        "法定代表人（负责人）或代理人：周经理。",
        # 第二十八条
        "纠纷主要事实、争议事项",
        "李芳在院墙外通道堆放杂物，影响张明通行。",
        "杂物是否应当清除及清除期限。",
        "各方当事人的责任",
        "李芳应负主要责任。",
        "协议内容",
        "一、李芳于2020年10月5日前清除通道杂物；",
        "二、物业公司协助清运。",
        "履行方式：李芳自行清除，物业公司协助。",
        "履行期限：各方当事人应于2020年10月5日前履行完毕。",
        # 第三十一条、第三十三条
        "具有法律约束力，当事人应当按照约定履行",
        "三十日内共同向人民法院申请司法确认",
        # copies: three parties and the committee
        "本协议一式四份",
        # signatures, seal, date
        "申请人：张明",
        "被申请人：李芳",
        "第三人：幸福物业服务有限公司",
        "签名、盖章或者按指印",
        "王调解",
        "刘调解",
        "甲街道人民调解委员会（印章）",
        "2020年9月28日",
    ):
        assert expected in text, expected
    signature_table = Document(BytesIO(agreement_docx(agreement))).tables[0]
    rows = [[cell.text for cell in row.cells] for row in signature_table.rows]
    blank = "\u3000" * 12
    assert rows == [
        ["当事人", "签名、盖章或者按指印"],
        ["申请人：张明", blank],
        ["被申请人：李芳", blank],
        ["第三人：幸福物业服务有限公司", blank],
        ["人民调解员", "签名"],
        ["王调解", blank],
        ["刘调解", blank],
    ]


def test_fonts_are_chinese_and_the_text_is_chinese_in_an_english_session(world):
    _case, agreement = succeeded_case(world.a.street, world.clerk_a)
    with translation.override("en"):
        content = agreement_docx(agreement)
    assert "2020年6月10日" in document_text(content)
    normal = Document(BytesIO(content)).styles["Normal"]
    fonts = normal.element.rPr.rFonts
    assert fonts.get(qn("w:eastAsia")) == "仿宋" and normal.font.name == "仿宋"


def test_committee_names():
    class S:
        def __init__(self, name: str) -> None:
            self.name = name

    assert committee_name(S("海滨街")) == "海滨街道人民调解委员会"
    assert committee_name(S("海滨街道")) == "海滨街道人民调解委员会"
    assert committee_name(S("海滨街道办事处")) == "海滨街道人民调解委员会"
    assert committee_name(S("大港镇")) == "大港镇人民调解委员会"


def test_download_is_permission_checked_scoped_and_audited(world, legal):
    case, agreement = succeeded_case(world.a.street, world.clerk_a)
    response = world.client(world.clerk_a).get(f"{BASE}{case.pk}/agreement.docx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert "attachment" in response["Content-Disposition"]
    assert "人民调解协议书" in document_text(response.content)
    entry = AuditEntry.objects.order_by("-seq").first()
    assert (entry.action, entry.object_id, entry.actor, entry.street_id) == (
        Action.EXPORT,
        str(agreement.pk),
        world.clerk_a,
        world.a.street.pk,
    )
    assert entry.changes["format"] == "docx"
    # The case's lawyer and the leader may read it; another lawyer, another street and other
    # roles may not.
    served, _ = succeeded_case(
        world.a.street, world.clerk_a, case_no="（2020）调字第9号", lawyer=legal.lawyer_a
    )
    lawyer = world.client(legal.lawyer_user)
    assert lawyer.get(f"{BASE}{served.pk}/agreement.docx").status_code == 200
    assert lawyer.get(f"{BASE}{case.pk}/agreement.docx").status_code == 404
    assert world.client(world.leader).get(f"{BASE}{case.pk}/agreement.docx").status_code == 200
    before = AuditEntry.objects.count()
    assert world.client(world.clerk_b).get(f"{BASE}{case.pk}/agreement.docx").status_code == 404
    assert world.client(world.staff_a).get(f"{BASE}{case.pk}/agreement.docx").status_code == 403
    assert AuditEntry.objects.count() == before


def test_no_agreement_no_document(world):
    case = in_progress_case(world.a.street, world.clerk_a)
    assert world.client(world.clerk_a).get(f"{BASE}{case.pk}/agreement.docx").status_code == 404


def test_control_characters_pasted_from_word_do_not_break_the_document(world):
    # Word's manual line break (\x0b) and page break (\x0c), and stray control characters,
    # are not allowed in XML: the document is still written, the breaks kept as new lines.
    case = in_progress_case(world.a.street, world.clerk_a, mediators="王调解\x0b刘调解")
    response = world.client(world.clerk_a).post(
        f"{BASE}{case.pk}/agreement/",
        {
            "signed_on": "2020-06-10",
            "facts": "李芳堆放杂物\x0b影响张明通行。",
            "disputed_points": "杂物\x01是否清除\x0c及清除期限。",
            "responsibilities": "李芳应负主要责任。\x1f",
            "terms": "一、李芳清除杂物；\x0b二、和睦相处。",
            "performance_manner": "自行清除\x07",
            "performance_deadline": "2020-06-20",
        },
    )
    assert response.status_code == 302
    download = world.client(world.clerk_a).get(f"{BASE}{case.pk}/agreement.docx")
    assert download.status_code == 200
    text = document_text(download.content)
    for line in (
        "李芳堆放杂物",
        "影响张明通行。",
        "杂物是否清除",
        "及清除期限。",
        "二、和睦相处。",
    ):
        assert line in text.split("\n")
    assert "履行方式：自行清除。" in text and "王调解" in text and "刘调解" in text
    assert not any(ord(c) < 0x20 and c not in "\t\n\r" for c in text)


def test_plain_text_keeps_breaks_and_drops_other_control_characters():
    assert plain_text("a\x0bb\x0cc\td\r\ne\x00f\x1bg\x7fh") == "a\nb\nc\td\r\nefgh"


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_it_and_prints_a_pdf(world, tmp_path: Path):
    _case, agreement = succeeded_case(world.a.street, world.clerk_a)
    pdf = libreoffice_pdf(agreement_docx(agreement), tmp_path)
    assert pdf.startswith(b"%PDF") and len(pdf) > 1000
