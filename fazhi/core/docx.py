"""Word documents the platform writes (调解协议书, 当场行政处罚决定书, 普法展示录): fonts that Word
and LibreOffice show for Chinese text, paragraphs cleaned of characters XML cannot hold, and the
fields Word and LibreOffice fill in themselves (page numbers, the table of contents)."""

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
    # A theme font (the built-in headings have them) would take precedence over the name.
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
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


def add_field(paragraph: Paragraph, instruction: str, shown: str = "") -> None:
    """A field (``PAGE``, ``NUMPAGES`` …) at the end of ``paragraph``, showing ``shown`` until
    Word or LibreOffice computes it."""
    begin_field(paragraph, instruction)
    if shown:
        paragraph.add_run(plain_text(shown))
    end_field(paragraph)


def begin_field(paragraph: Paragraph, instruction: str) -> None:
    """Open a field in ``paragraph``: what follows, up to ``end_field`` (in the same or a later
    paragraph), is the field's result as last computed."""
    _field_char(paragraph, "begin")
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    paragraph.add_run()._r.append(code)
    _field_char(paragraph, "separate")


def end_field(paragraph: Paragraph) -> None:
    _field_char(paragraph, "end")


def _field_char(paragraph: Paragraph, kind: str) -> None:
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    paragraph.add_run()._r.append(char)


def update_fields_on_open(document: Any) -> None:
    """Ask Word to update the document's fields (the table of contents) when it opens it."""
    settings = document.settings.element
    update = settings.find(qn("w:updateFields"))
    if update is None:
        update = OxmlElement("w:updateFields")
        # The schema's order: Word refuses a settings part with its elements out of order.
        later = next((c for c in settings if c.tag in _AFTER_UPDATE_FIELDS), None)
        if later is None:
            settings.append(update)
        else:
            later.addprevious(update)
    update.set(qn("w:val"), "true")


# The elements of w:settings that come after w:updateFields (ECMA-376 CT_Settings).
_AFTER_UPDATE_FIELDS = {
    qn(f"w:{name}")
    for name in (
        "hdrShapeDefaults",
        "footnotePr",
        "endnotePr",
        "compat",
        "docVars",
        "rsids",
        "attachedSchema",
        "themeFontLang",
        "clrSchemeMapping",
        "doNotIncludeSubdocsInStats",
        "doNotAutoCompressPictures",
        "forceUpgrade",
        "captions",
        "readModeInkLockDown",
        "smartTagType",
        "shapeDefaults",
        "doNotEmbedSmartTags",
        "decimalSymbol",
        "listSeparator",
    )
} | {"{http://schemas.openxmlformats.org/officeDocument/2006/math}mathPr"}
