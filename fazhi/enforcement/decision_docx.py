"""当场行政处罚决定书 as a Word document, ready to print, sign and hand over on the spot.

The fields are those 行政处罚法（2021）第五十二条 requires of a decision made on the spot: the
party's identity, the violation, the penalty basis, the penalty and fine, the time and place,
the remedies (申请行政复议、提起行政诉讼 and their time limits) and the authority's name, with
the signatures of the deciding officers and their certificate numbers, and the party's
acknowledgement of receipt. A fine says where and how it is paid (第六十七条: within fifteen
days, at the designated bank, named by the ``FAZHI_FINE_PAYMENT_BANK`` setting, or through the
electronic payment system), the late-payment surcharge (第七十二条) and the receipt an officer
collecting it on the spot gives (第七十条). The signatures, the seal and the date are printed
on one page with the paragraph before them. The number is written as GB/T 9704 writes a
document number (〔2020〕80号), the page numbers as it numbers pages. The document is always in
Chinese, whatever the language of the person printing it.
"""

from __future__ import annotations

from io import BytesIO
from typing import Any

from django.conf import settings as django_settings
from django.utils import timezone, translation
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph

from fazhi.core.docx import (
    add_page_numbers,
    add_paragraph,
    document_number,
    keep_together,
    set_font,
)
from fazhi.core.formats import cn_date
from fazhi.core.plain_text import plain_text
from fazhi.enforcement.models import Case, EnforcementSettings
from fazhi.enforcement.services.cases import penalty_words, remedies_text

BODY_FONT = "仿宋"
TITLE_FONT = "宋体"
BLANK = "\u3000" * 8  # room for a handwritten signature


def _paragraph(
    document: Any, text: str = "", *, style: str = "Normal", indent: bool = False
) -> Paragraph:
    return add_paragraph(document, text, style=style, indent=28 if indent else None)


def _provision(basis: str) -> str:
    """A legal basis as the sentence cites it: 《条例》第十四条 → 《条例》第十四条的规定; a basis
    already worded as a rule (…关于门前责任区的规定) is not given a second 的规定."""
    return basis if basis.endswith("规定") else f"{basis}的规定"


def _party_line(case: Case) -> str:
    if case.party_kind == Case.PartyKind.ORGANISATION:
        parts = [f"当事人：{case.party_name}", f"统一社会信用代码：{case.party_id_number}"]
        if case.party_representative:
            parts.append(f"法定代表人（负责人）：{case.party_representative}")
    else:
        parts = [f"当事人：{case.party_name}", f"身份证件号码：{case.party_id_number}"]
    if case.party_address:
        # An organisation's address is its 住所 (民法典第六十三条), a person's their 住址.
        label = "住所" if case.party_kind == Case.PartyKind.ORGANISATION else "住址"
        parts.append(f"{label}：{case.party_address}")
    return "，".join(parts) + "。"


def payment_text(authority: str) -> str:
    """Where and how the fine is paid (行政处罚法第六十七条), what a late payment costs (第七十二条)
    and the receipt for a fine collected on the spot (第七十条). The bank is the
    ``FAZHI_FINE_PAYMENT_BANK`` setting's (its name, or its name and account); without it, the
    bank the authority designates."""
    bank = django_settings.FAZHI_FINE_PAYMENT_BANK.strip()
    where = bank or f"{authority}指定的银行"
    return (
        f"当事人应当自收到本决定书之日起十五日内，持本决定书到{where}缴纳罚款，"
        "或者通过电子支付系统缴纳罚款（《中华人民共和国行政处罚法》第六十七条）；"
        "到期不缴纳罚款的，每日按罚款数额的百分之三加处罚款"
        "（《中华人民共和国行政处罚法》第七十二条）。"
        "依法当场收缴罚款的，执法人员应当出具专用票据。"
    )


def on_the_spot_docx(case: Case) -> bytes:
    """The decision of an on-the-spot case as a .docx."""
    with translation.override("zh-hans"):
        return _build(case)


def _build(case: Case) -> bytes:
    settings = EnforcementSettings.for_street(case.street_id)
    authority = settings.authority()
    deciders = list(case.deciders.all())
    step = case.steps.filter(kind="on_the_spot").order_by("-occurred_at").first()
    decided_at = timezone.localtime(step.occurred_at) if step else None

    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin, section.bottom_margin = Cm(3.0), Cm(2.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    add_page_numbers(document)
    styles = document.styles
    normal = styles["Normal"]
    set_font(normal, BODY_FONT, 14)
    normal.paragraph_format.line_spacing = Pt(24)
    normal.paragraph_format.space_after = Pt(0)
    title = styles.add_style("决定书标题", WD_STYLE_TYPE.PARAGRAPH)
    title.base_style = normal
    set_font(title, TITLE_FONT, 20, bold=True)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_after = Pt(6)

    _paragraph(document, authority, style="决定书标题").paragraph_format.space_after = Pt(0)
    _paragraph(document, "当场行政处罚决定书", style="决定书标题")
    decision_no = document_number(case.decision_no)
    number = _paragraph(document, decision_no)
    number.alignment = WD_ALIGN_PARAGRAPH.RIGHT

    _paragraph(document, _party_line(case), indent=True)
    if case.party_phone:
        _paragraph(document, f"联系电话：{case.party_phone}。", indent=True)
    legal = case.category.legal_basis.strip().rstrip("。")
    _paragraph(
        document,
        f"违法事实：{case.facts.strip().rstrip('。')}。"
        f"（违法时间：{cn_date(case.found_at)}；违法地点：{case.location}。）",
        indent=True,
    )
    _paragraph(document, f"上述行为违反了{_provision(legal)}。", indent=True)
    basis = case.decision_basis.strip().rstrip("。")
    _paragraph(
        document,
        f"依据{_provision(basis)}，决定给予{penalty_words(case)}的行政处罚。",
        indent=True,
    )
    if case.penalty_kind == Case.PenaltyKind.FINE:
        _paragraph(document, payment_text(authority), indent=True)
    _paragraph(document, remedies_text(settings), indent=True)
    when = f"{cn_date(decided_at)} {decided_at:%H:%M}" if decided_at else cn_date(case.decided_on)
    signing = [
        _paragraph(
            document, f"作出决定时间：{when}。作出决定地点：{case.decision_place}。", indent=True
        ),
        _paragraph(document),
        _paragraph(document, "执法人员（签名）及执法证号："),
    ]
    for user in deciders:
        signing.append(
            _paragraph(
                document,
                f"{user.display_name}（执法证号：{user.enforcement_certificate_no}）{BLANK}",
                indent=True,
            )
        )
    signing += [
        _paragraph(document),
        _paragraph(document, f"当事人签收：{BLANK}　　签收时间：{BLANK}"),
        _paragraph(document),
    ]
    seal = _paragraph(document, f"{authority}（印章）")
    seal.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    dated = _paragraph(document, cn_date(case.decided_on))
    dated.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    copies = _paragraph(document, "（本决定书一式两份，一份交当事人，一份存档。）")
    # Neither an officer's signature nor the party's receipt is left alone on a page.
    keep_together([*signing, seal, dated, copies])

    properties = document.core_properties
    properties.title = plain_text(f"当场行政处罚决定书 {decision_no}")
    properties.author = plain_text(authority)
    properties.language = "zh-CN"
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()
