"""Word documents the platform writes (调解协议书, 当场行政处罚决定书): fonts that Word and
LibreOffice show for Chinese text, and paragraphs cleaned of characters XML cannot hold."""

from __future__ import annotations

from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.styles.style import ParagraphStyle
from docx.text.paragraph import Paragraph

from fazhi.core.plain_text import plain_text

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def set_font(style: ParagraphStyle, name: str, size: float, *, bold: bool = False) -> None:
    """A font for Latin and Chinese text alike: Word and LibreOffice read w:eastAsia for CJK."""
    style.font.name = name
    style.font.size = Pt(size)
    style.font.bold = bold
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), name)
    language = rpr.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        rpr.append(language)
    language.set(qn("w:eastAsia"), "zh-CN")


def add_paragraph(
    document: Any, text: str = "", *, style: str = "Normal", indent: float | None = None
) -> Paragraph:
    """A paragraph of ``text`` (cleaned), its first line indented by ``indent`` points (two
    characters of the body font: 28 for 14 pt, 32 for 16 pt)."""
    paragraph: Paragraph = document.add_paragraph(plain_text(text), style=style)
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(indent)
    return paragraph
