"""Word documents the platform writes (调解协议书, 当场行政处罚决定书, 普法展示录, the annual
report): fonts that Word and LibreOffice show for Chinese text, paragraphs cleaned of characters
XML cannot hold, the fields Word and LibreOffice fill in themselves (page numbers, the table of
contents), the page numbers and document numbers of GB/T 9704, and blocks (a signature table,
the seal and the date) kept together on one page."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Length, Mm, Pt
from docx.styles.style import ParagraphStyle
from docx.table import Table
from docx.text.paragraph import Paragraph

from fazhi.core.plain_text import plain_text

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# GB/T 9704-2012 7.5: page numbers in 四号 half-width 宋体 Arabic digits, "— 1 —", 7 mm below
# the text area.
PAGE_NUMBER_FONT = "宋体"
PAGE_NUMBER_SIZE = 14  # 四号
PAGE_NUMBER_GAP = Mm(7)


def document_number(number: str) -> str:
    """A document number (发文字号) as GB/T 9704-2012 7.2.4 writes it: the year in 六角括号 〔〕,
    the serial number without 第 and without leading zeros — 津滨海街当罚字〔2020〕第080号 and
    津滨海街当罚字[2020]080号 are printed 津滨海街当罚字〔2020〕80号. Any other text is left as it is."""
    return _DOCUMENT_NUMBER.sub(
        lambda found: f"〔{int(found['year'])}〕{int(found['serial'])}号", number.strip()
    )


_DOCUMENT_NUMBER = re.compile(
    r"[〔\[【﹝［]\s*(?P<year>\d{4})\s*[〕\]】﹞］]\s*第?\s*(?P<serial>\d+)\s*号"
)


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


def add_page_numbers(
    document: Any, section: Any = None, *, latin_font: str = PAGE_NUMBER_FONT
) -> None:
    """Page numbers as GB/T 9704-2012 7.5 sets them, on every page of ``section`` (the
    document's first by default): "— 1 —" in 四号 half-width Arabic digits, 7 mm below the text
    area, one character in from its right edge on odd pages and from its left edge on even
    pages (different odd and even footers, for printing on both sides).

    The digits are in 宋体 unless the document sets its digits in ``latin_font`` throughout."""
    section = section if section is not None else document.sections[0]
    document.settings.odd_and_even_pages_header_footer = True
    # Word places a footer by the distance from the page's edge to its last line's bottom.
    section.footer_distance = Length(
        max(0, section.bottom_margin - PAGE_NUMBER_GAP - Pt(PAGE_NUMBER_SIZE))
    )
    for footer, side in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        footer.is_linked_to_previous = False
        _page_number(footer.paragraphs[0], side, latin_font)


def _page_number(paragraph: Paragraph, side: WD_ALIGN_PARAGRAPH, latin_font: str) -> None:
    paragraph.alignment = side
    layout = paragraph.paragraph_format
    layout.line_spacing = Pt(PAGE_NUMBER_SIZE)
    layout.space_before = layout.space_after = Pt(0)
    layout.first_line_indent = Pt(0)
    if side == WD_ALIGN_PARAGRAPH.RIGHT:
        layout.right_indent = Pt(PAGE_NUMBER_SIZE)
    else:
        layout.left_indent = Pt(PAGE_NUMBER_SIZE)
    paragraph.add_run("— ")
    add_field(paragraph, "PAGE", "1")
    paragraph.add_run(" —")
    for run in paragraph.runs:
        fonts = run._r.get_or_add_rPr().get_or_add_rFonts()
        for attribute in ("w:ascii", "w:hAnsi", "w:cs"):
            fonts.set(qn(attribute), latin_font)
        fonts.set(qn("w:eastAsia"), PAGE_NUMBER_FONT)
        run.font.size = Pt(PAGE_NUMBER_SIZE)


def keep_together(blocks: Iterable[Paragraph | Table]) -> None:
    """Print ``blocks`` (paragraphs and tables: a closing paragraph, a signature table, a seal
    and a date) on one page: no paragraph or table row split, each kept with the next.

    Word and LibreOffice move a table with the paragraph after it when every paragraph in it
    is kept with the next; a row that cannot split keeps its lines together."""
    blocks = list(blocks)
    for number, block in enumerate(blocks, 1):
        with_next = number < len(blocks)
        if isinstance(block, Table):
            rows = list(block.rows)
            for row_number, row in enumerate(rows, 1):
                properties = row._tr.get_or_add_trPr()
                if properties.find(qn("w:cantSplit")) is None:
                    properties.append(OxmlElement("w:cantSplit"))
                for cell in row.cells:
                    for paragraph in cell.paragraphs:
                        _keep(paragraph, with_next=with_next or row_number < len(rows))
        else:
            _keep(block, with_next=with_next)


def _keep(paragraph: Paragraph, *, with_next: bool) -> None:
    layout = paragraph.paragraph_format
    layout.keep_together = True
    layout.keep_with_next = with_next


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
