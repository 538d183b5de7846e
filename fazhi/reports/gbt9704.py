"""The annual report as an official document (公文) laid out by GB/T 9704-2012 党政机关公文格式.

    doc = OfficialDocument(title=…, blocks=[Block("heading1", "一、…"), …],
                           issuer="海滨街道办事处", issued_on=date(2020, 9, 28))
    write_docx(doc) -> the .docx;  docx_to_pdf(write_docx(doc)) -> the PDF (LibreOffice's,
    through core.documents; PdfUnavailable, worded for the user, where it cannot be made)

What the standard asks, and where it is written here:

- A4 paper; margins 37 mm top (天头), 35 mm bottom, 28 mm left (订口), 26 mm right, which leave
  a text area (版心) of 156 mm × 225 mm.
- 22 lines of 28 characters on every full page: the section's document grid
  (``w:docGrid w:type="linesAndChars"``), lines set exactly at its pitch and characters
  condensed to 28 a line; ``Grid`` below gives the figures and why.
- The title in 二号 (22 pt) 方正小标宋简体, centred; the body in 三号 (16 pt) 仿宋_GB2312 with a
  first-line indent of two characters; the first level of headings (一、) in 三号 黑体, the
  second (（一）) in 三号 楷体_GB2312, both indented like the body.
- Page numbers in 四号 (14 pt) half-width Arabic digits between two em dashes, "— 1 —", 7 mm
  below the text area, on odd pages at the right and on even pages at the left, one character
  in from the edge of the text area (different odd and even footers): ``add_page_numbers`` of
  core.docx, as in every document the platform hands out.
- The issuing office and the date at the end (7.3.5.2, a document without a seal): one line
  after the body, the office two characters from the right margin, the date on the next line
  starting two characters to the right of the office's first character; a date longer than
  that leaves two characters at the right and moves the office left as far.

Fonts are named as the office PCs have them: every run carries the East Asian font
(``w:eastAsia``: the font name alone reaches only Latin text) and Times New Roman for digits
and Latin letters. Where the official fonts are missing (a Linux server printing the PDF),
LibreOffice finds free fonts of the same build through the aliases in ``fazhi/core/fonts.conf``.
"""

from __future__ import annotations

import math
import unicodedata
from copy import deepcopy
from dataclasses import dataclass
from datetime import date
from functools import cache
from io import BytesIO
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, Twips
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from fazhi.core.documents import PdfUnavailable, docx_to_pdf
from fazhi.core.docx import PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE, add_page_numbers
from fazhi.core.plain_text import plain_text

__all__ = [
    "GRID",
    "PAGE_NUMBER_FONT",
    "PAGE_NUMBER_SIZE",
    "Block",
    "OfficialDocument",
    "PdfUnavailable",
    "docx_to_pdf",
    "write_docx",
]

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING1_FONT = "黑体"
HEADING2_FONT = "楷体_GB2312"
LATIN_FONT = "Times New Roman"

TITLE_SIZE = 22  # 二号
BODY_SIZE = 16  # 三号

PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
TOP_MARGIN, BOTTOM_MARGIN = Mm(37), Mm(35)
LEFT_MARGIN, RIGHT_MARGIN = Mm(28), Mm(26)
LINES_PER_PAGE, CHARS_PER_LINE = 22, 28

BLOCK_FONTS = {"paragraph": BODY_FONT, "heading1": HEADING1_FONT, "heading2": HEADING2_FONT}


@dataclass(frozen=True)
class Grid:
    """The 22 × 28 grid of the text area, in Word's units.

    Word stores the page in twips (1/20 pt) and counts the grid's lines and characters by
    division rounded down, so each figure is the largest that still gives 22 and 28:

    - the text area's height: 16838 (297 mm) − 2098 (37 mm) − 1984 (35 mm) = 12756 twips;
      12756 / 22 = 579.8, so ``line_pitch`` = 579 twips (28.95 pt); 580 would give 21 lines;
    - its width: 11906 (210 mm) − 1587 (28 mm) − 1474 (26 mm) = 8845 twips; 8845 / 28 =
      315.9 twips (15.79 pt) a character at most. Word writes that pitch as ``charSpace``, its
      difference from the body's 16 pt in 1/4096 pt: (315.9 − 320) / 20 × 4096 = −841.1,
      rounded down to ``char_space`` = −842 (15.794 pt, 28.003 characters a line).

    Twenty-eight 16 pt characters are 448 pt, wider than the 442 pt line: the grid narrows
    them. LibreOffice, which prints the PDF, cannot: on a grid finer than the font it gives
    every character two cells (14 a line). So the paragraphs keep off the grid
    (``w:snapToGrid="0"``) and hold it themselves, in Word, WPS and LibreOffice alike: lines
    exactly ``line_pitch`` apart, and characters condensed by ``char_kern`` twips, justified
    to the full line. 28 characters fit from an advance of 8845 / 28 = 315.9 twips down, 29
    from 8845 / 29 = 305.0; renderers round a glyph's advance their own way (LibreOffice
    measures a 16 pt character a little wider and sets 27 a line at 315), so the advance is
    the middle, 310 twips (15.5 pt): ``char_kern`` = 310 − 320 = −10 (−0.5 pt). Indents
    count in characters of the justified line, ``char_pitch`` = 315.9 twips.

    The grid stays declared, for Word's page setup (每行28字, 每页22行).
    """

    line_pitch: int
    char_space: int
    char_kern: int
    char_pitch: float

    @classmethod
    def for_page(cls) -> Grid:
        height = _twips(PAGE_HEIGHT) - _twips(TOP_MARGIN) - _twips(BOTTOM_MARGIN)
        width = _twips(PAGE_WIDTH) - _twips(LEFT_MARGIN) - _twips(RIGHT_MARGIN)
        line_pitch = height // LINES_PER_PAGE
        char_pitch = width / CHARS_PER_LINE
        char_space = math.floor((char_pitch - BODY_SIZE * 20) / 20 * 4096)
        advance = round((char_pitch + width / (CHARS_PER_LINE + 1)) / 2)
        return cls(line_pitch, char_space, advance - BODY_SIZE * 20, char_pitch)


def _twips(length: int) -> int:
    return round(length / 635)  # EMU per twip, as python-docx writes lengths


GRID = Grid.for_page()


@dataclass
class Block:
    """One paragraph of the body: ``heading1`` (一、…), ``heading2`` (（一）…) or ``paragraph``."""

    kind: str
    text: str


@dataclass
class OfficialDocument:
    """A document to print: its title, body, and the issuing office and date at the end."""

    title: str
    blocks: list[Block]
    issuer: str
    issued_on: date


def write_docx(doc: OfficialDocument) -> bytes:
    """The document as a .docx in the GB/T 9704-2012 layout (A4, 22 lines of 28 characters)."""
    for block in doc.blocks:
        if block.kind not in BLOCK_FONTS:
            raise ValueError(f"Unknown block kind {block.kind!r}: {', '.join(BLOCK_FONTS)}")
    document = Document()
    _set_up_page(document)
    _set_up_styles(document)

    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for number, line in enumerate(_lines(doc.title)):
        if number:
            title.runs[-1].add_break(WD_BREAK.LINE)  # a long title in two or more lines
        _run(title, line, TITLE_FONT, TITLE_SIZE)
    document.add_paragraph()  # one empty line below the title

    for block in doc.blocks:
        for line in _lines(block.text):
            paragraph = document.add_paragraph()
            paragraph._p.insert(0, deepcopy(_block_layout(block.kind)))
            _run(paragraph, line, BLOCK_FONTS[block.kind], BODY_SIZE)

    _closing(document, plain_text(doc.issuer).strip(), _chinese_date(doc.issued_on))

    properties = document.core_properties
    properties.title = plain_text(" ".join(_lines(doc.title)))
    properties.author = plain_text(doc.issuer)
    properties.language = "zh-CN"
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _lines(text: str) -> list[str]:
    return [line.strip() for line in plain_text(text).splitlines() if line.strip()]


def _chinese_date(value: date) -> str:
    """2020年9月28日, as the standard writes the date (not through the interface's language)."""
    return f"{value.year}年{value.month}月{value.day}日"


def _set_up_page(document: Any) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = TOP_MARGIN, BOTTOM_MARGIN
    section.left_margin, section.right_margin = LEFT_MARGIN, RIGHT_MARGIN
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), str(GRID.line_pitch))
    grid.set(qn("w:charSpace"), str(GRID.char_space))

    # Odd pages: the number at the right, one character in; even pages: at the left. Its digits
    # in Times New Roman, as every digit of the report.
    add_page_numbers(document, section, latin_font=LATIN_FONT)


def _set_up_styles(document: Any) -> None:
    """The body's font, size, line pitch and character advance as the defaults of every
    paragraph (the footers' too: their style is based on Normal)."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(rpr, BODY_FONT)
    for tag in ("w:sz", "w:szCs"):
        rpr.find(qn(tag)).set(qn("w:val"), str(BODY_SIZE * 2))
    rpr.find(qn("w:lang")).set(qn("w:eastAsia"), "zh-CN")

    # Word sizes the grid's character cell from Normal's East Asian font size plus charSpace.
    normal = document.styles["Normal"]
    normal.font.size = Pt(BODY_SIZE)
    rpr = normal.element.get_or_add_rPr()
    _set_fonts(rpr, BODY_FONT)
    kern = OxmlElement("w:spacing")
    kern.set(qn("w:val"), str(GRID.char_kern))  # twips: 28 characters to a line
    rpr.insert_element_before(kern, *_RPR_AFTER_SPACING)

    layout = normal.paragraph_format
    layout.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    layout.space_before = layout.space_after = Pt(0)
    layout.line_spacing = Twips(GRID.line_pitch)  # exactly: 22 lines to a page
    layout.widow_control = False  # a page of 21 lines would break the grid
    ppr = normal.element.get_or_add_pPr()
    _ppr_flag(ppr, "w:snapToGrid", on=False)  # see Grid
    for tag in ("w:autoSpaceDE", "w:autoSpaceDN"):
        # No extra space between Chinese and digits: a line keeps its 28 characters.
        _ppr_flag(ppr, tag, on=False)


# The children of w:rPr that follow w:spacing (ECMA-376 CT_RPr).
_RPR_AFTER_SPACING = (
    *("w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect"),
    *("w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang"),
    *("w:eastAsianLayout", "w:specVanish", "w:oMath"),
)


def _set_fonts(rpr: Any, east_asian: str) -> None:
    fonts = rpr.get_or_add_rFonts()
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attribute), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), east_asian)


def _run(paragraph: Paragraph, text: str, east_asian: str, size: float) -> Run:
    run = paragraph.add_run(text)
    run._r.insert(0, deepcopy(_run_format(east_asian, size)))
    return run


# python-docx takes about a millisecond to build a run's or a paragraph's properties (it places
# each element by the schema's order): each kind is built once by the functions below, on an
# element of its own, and copied into every run and paragraph of its kind.


@cache
def _run_format(east_asian: str, size: float, *, hint: bool = True) -> Any:
    """The w:rPr ``_format_run`` gives a run in ``east_asian`` at ``size``."""
    run = Run(OxmlElement("w:r"), None)  # type: ignore[arg-type]
    _format_run(run, east_asian, size, hint=hint)
    return run._r.rPr


@cache
def _block_layout(kind: str) -> Any:
    """The w:pPr of a body paragraph or heading: indented two characters; a heading kept with
    the paragraph after it."""
    paragraph = Paragraph(OxmlElement("w:p"), None)  # type: ignore[arg-type]
    _indent(paragraph, first_line=2)
    if kind != "paragraph":
        paragraph.paragraph_format.keep_with_next = True
    return paragraph._p.pPr


def _format_run(run: Run, east_asian: str, size: float, *, hint: bool = True) -> None:
    rpr = run._r.get_or_add_rPr()
    _set_fonts(rpr, east_asian)
    if hint:
        # Quotation marks and dashes (“” —) are shared by Latin and Chinese text: drawn in the
        # Chinese font, they take a full character as in Chinese typesetting.
        rpr.get_or_add_rFonts().set(qn("w:hint"), "eastAsia")
    run.font.size = Pt(size)


# The children of w:pPr in the order of the schema (ECMA-376 CT_PPr): Word refuses others.
_PPR_ORDER = (
    *("w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr"),
    *("w:widowControl", "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs"),
    *("w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct"),
    *("w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd"),
    *("w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents"),
    *("w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment"),
    *("w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr"),
    "w:pPrChange",
)


def _ppr_flag(ppr: Any, tag: str, *, on: bool) -> None:
    element = ppr.find(qn(tag))
    if element is None:
        element = OxmlElement(tag)
        ppr.insert_element_before(element, *_PPR_ORDER[_PPR_ORDER.index(tag) + 1 :])
    element.set(qn("w:val"), "1" if on else "0")


def _indent(paragraph: Paragraph, *, first_line: float = 0, right: float = 0) -> None:
    """Indents counted in characters of the grid (w:firstLineChars, w:rightChars, in
    hundredths), with the same lengths in twips for readers that take only those."""
    layout = paragraph.paragraph_format
    if first_line:
        layout.first_line_indent = Twips(round(first_line * GRID.char_pitch))
    if right:
        layout.right_indent = Twips(round(right * GRID.char_pitch))
    indent = paragraph._p.get_or_add_pPr().get_or_add_ind()
    if first_line:
        indent.set(qn("w:firstLineChars"), str(round(first_line * 100)))
    if right:
        indent.set(qn("w:rightChars"), str(round(right * 100)))


def _width(text: str) -> float:
    """``text``'s width in characters: Chinese characters and punctuation one each, digits
    and Latin letters (half-width) half."""
    return sum(1 if unicodedata.east_asian_width(c) in "FWA" else 0.5 for c in text)


def _closing(document: Any, issuer: str, issued: str) -> None:
    """The office and the date (GB/T 9704-2012 7.3.5.2, a document without a seal)."""
    document.add_paragraph()
    office_width, date_width = _width(issuer), _width(issued)
    # The date's first character two to the right of the office's, but never nearer than two
    # characters to the right margin; the office then moves left with it.
    date_space = max(2.0, office_width - date_width)
    office_space = date_space + date_width + 2 - office_width
    for text, space in ((issuer, office_space), (issued, date_space)):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph.paragraph_format.keep_with_next = text == issuer
        _indent(paragraph, right=space)
        _run(paragraph, text, BODY_FONT, BODY_SIZE)
