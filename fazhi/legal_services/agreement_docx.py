"""人民调解协议书 as a Word document ready to print and sign.

The layout follows the model text the Ministry of Justice issued for people's mediation
committees: the committee and case number, the parties' particulars, the facts and disputed
points, each side's responsibilities, the terms, the manner and deadline of performance
(人民调解法 第二十八条), the statements of 第三十一条 and 第三十三条, the number of copies, and
signature lines for every party and mediator with the committee's seal and the date. The
document is always in Chinese, whatever the language of the person printing it.
"""

from __future__ import annotations

import re
from io import BytesIO
from typing import Any

from django.utils import translation
from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph

from fazhi.core.docx import add_page_numbers, add_paragraph, keep_together, set_font
from fazhi.core.formats import cn_date
from fazhi.core.plain_text import plain_text
from fazhi.legal_services.models import MediationAgreement, MediationParty
from fazhi.org.models import Street

BODY_FONT = "仿宋"
TITLE_FONT = "宋体"
HEADING_FONT = "黑体"
BLANK = "\u3000" * 12  # room for a handwritten signature
# The signature table's columns: who signs, and where (the text block is 15.6 cm wide).
SIGNATURE_COLUMNS = (Cm(7.0), Cm(8.6))


def committee_name(street: Street) -> str:
    """The street's people's mediation committee: 海滨街道人民调解委员会."""
    name = street.name.strip()
    if name.endswith("办事处"):
        name = name[: -len("办事处")]
    elif name.endswith("街"):
        name += "道"
    return f"{name}人民调解委员会"


def _paragraph(
    document: Any, text: str = "", *, style: str = "Normal", indent: bool = False
) -> Paragraph:
    return add_paragraph(document, text, style=style, indent=32 if indent else None)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in re.split(r"\r\n|\r|\n", plain_text(text)) if line.strip()]


def _party_lines(party: MediationParty) -> list[str]:
    """A party's particulars as the model text writes them, in one or two lines."""
    side = party.get_side_display()
    if party.kind == MediationParty.Kind.ORGANISATION:
        parts = [f"{side}：{party.name}"]
        if party.id_number:
            parts.append(f"统一社会信用代码：{party.id_number}")
        if party.address:
            parts.append(f"住所：{party.address}")
        if party.phone:
            parts.append(f"联系电话：{party.phone}")
        lines = ["，".join(parts) + "。"]
        if party.representative:
            lines.append(f"法定代表人（负责人）或代理人：{party.representative}。")
        return lines
    parts = [f"{side}：{party.name}"]
    if party.gender:
        parts.append(f"性别：{party.gender}")
    if party.id_number:
        parts.append(f"身份证号码：{party.id_number}")
    if party.address:
        parts.append(f"住址：{party.address}")
    if party.phone:
        parts.append(f"联系电话：{party.phone}")
    lines = ["，".join(parts) + "。"]
    if party.representative:
        lines.append(f"代理人：{party.representative}。")
    return lines


def _signature_row(table: Any, who: str, where: str = "") -> None:
    """``who`` on the left; on the right an underlined blank to sign on (or a heading)."""
    row = table.add_row()
    cells = row.cells
    if not where:
        row.height = Cm(1.2)  # room for the handwriting
    for cell, width in zip(cells, SIGNATURE_COLUMNS, strict=True):
        cell.width = width
    cells[0].text = plain_text(who)
    if where:
        cells[1].text = plain_text(where)
    else:
        cells[1].paragraphs[0].add_run(BLANK).font.underline = True


def _mediator_names(text: str) -> list[str]:
    return [name for name in re.split(r"[、，,；;\s]+", text) if name]


def agreement_docx(agreement: MediationAgreement) -> bytes:
    """The agreement as a .docx: parties from the case, dates as 2020年9月28日."""
    with translation.override("zh-hans"):
        return _build(agreement)


def _build(agreement: MediationAgreement) -> bytes:
    mediation = agreement.mediation
    committee = committee_name(mediation.street)
    parties = list(mediation.parties.order_by("side", "id"))
    copies = len(parties) + 1

    document = Document()
    section = document.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    add_page_numbers(document)

    styles = document.styles
    normal = styles["Normal"]
    set_font(normal, BODY_FONT, 16)
    normal.paragraph_format.line_spacing = Pt(28)
    normal.paragraph_format.space_after = Pt(0)
    title_style = styles.add_style("协议标题", WD_STYLE_TYPE.PARAGRAPH)
    title_style.base_style = normal
    set_font(title_style, TITLE_FONT, 22, bold=True)
    title_style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title_style.paragraph_format.space_after = Pt(12)
    heading_style = styles.add_style("协议小标题", WD_STYLE_TYPE.PARAGRAPH)
    heading_style.base_style = normal
    set_font(heading_style, HEADING_FONT, 16)
    heading_style.paragraph_format.first_line_indent = Pt(32)

    _paragraph(document, committee, style="协议标题").paragraph_format.space_after = Pt(0)
    _paragraph(document, "人民调解协议书", style="协议标题")
    number = _paragraph(document, f"编号：{mediation.case_no}")
    number.alignment = WD_ALIGN_PARAGRAPH.RIGHT

    _paragraph(document, "当事人", style="协议小标题")
    for party in parties:
        for line in _party_lines(party):
            _paragraph(document, line, indent=True)

    _paragraph(document, "一、纠纷主要事实、争议事项", style="协议小标题")
    for line in _lines(agreement.facts):
        _paragraph(document, line, indent=True)
    _paragraph(document, "争议事项：", indent=True)
    for line in _lines(agreement.disputed_points):
        _paragraph(document, line, indent=True)

    _paragraph(document, "二、各方当事人的责任", style="协议小标题")
    for line in _lines(agreement.responsibilities):
        _paragraph(document, line, indent=True)

    _paragraph(document, "三、协议内容", style="协议小标题")
    _paragraph(
        document,
        f"经{committee}主持调解，各方当事人在平等协商、互谅互让的基础上，自愿达成如下协议：",
        indent=True,
    )
    for line in _lines(agreement.terms):
        _paragraph(document, line, indent=True)

    _paragraph(document, "四、履行方式、期限", style="协议小标题")
    manner = agreement.performance_manner.strip().rstrip("。；;.")
    _paragraph(document, f"履行方式：{manner}。", indent=True)
    _paragraph(
        document,
        f"履行期限：各方当事人应于{cn_date(agreement.performance_deadline)}前履行完毕。",
        indent=True,
    )

    _paragraph(document, "五、其他约定", style="协议小标题")
    for line in (
        "本协议自各方当事人签名、盖章或者按指印，人民调解员签名并加盖人民调解委员会印章之日起生效。",
        "经人民调解委员会调解达成的调解协议，具有法律约束力，当事人应当按照约定履行"
        "（《中华人民共和国人民调解法》第三十一条）。",
        "各方当事人认为有必要的，可以自本协议生效之日起三十日内共同向人民法院申请司法确认；"
        "人民法院依法确认调解协议有效，一方当事人拒绝履行或者未全部履行的，对方当事人可以向"
        "人民法院申请强制执行（《中华人民共和国人民调解法》第三十三条）。",
    ):
        _paragraph(document, line, indent=True)
    # The text's last paragraph goes with the signatures: they never stand on a page holding
    # none of the agreement's text.
    last = _paragraph(
        document,
        f"本协议一式{_chinese_number(copies)}份，各方当事人各执一份，{committee}留存一份，"
        "具有同等效力。",
        indent=True,
    )

    gap = _paragraph(document)
    table = document.add_table(rows=0, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, SIGNATURE_COLUMNS, strict=True):
        column.width = width
    _signature_row(table, "当事人", "签名、盖章或者按指印")
    for party in parties:
        _signature_row(table, f"{party.get_side_display()}：{party.name}")
    _signature_row(table, "人民调解员", "签名")
    for name in _mediator_names(mediation.mediators):
        _signature_row(table, name)

    room = _paragraph(document)
    room.add_run().add_break(WD_BREAK.LINE)
    seal = _paragraph(document, f"{committee}（印章）")
    seal.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    signed = _paragraph(document, cn_date(agreement.signed_on))
    signed.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    # The signature block is printed on one page, however the text before it falls.
    keep_together([last, gap, table, room, seal, signed])

    properties = document.core_properties
    properties.title = plain_text(f"人民调解协议书 {mediation.case_no}")
    properties.author = plain_text(committee)
    properties.language = "zh-CN"

    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


_DIGITS = "零一二三四五六七八九"


def _chinese_number(value: int) -> str:
    """1–99 in Chinese numerals, as copies are counted in legal documents (一式三份)."""
    if value < 10:
        return _DIGITS[value]
    tens, ones = divmod(value, 10)
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")
