"""Checks the tests of every Word document share: the GB/T 9704 page numbers and the blocks
kept together on one page."""

from __future__ import annotations

from typing import Any

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt


def assert_page_numbers(document: Any, section: Any = None) -> None:
    """``section`` (the first by default) numbers its pages "— 1 —" in 四号 宋体, a PAGE field
    between two em dashes, at the right of odd pages and the left of even pages, one character
    in from the text area, its line 7 mm below the text area."""
    section = section if section is not None else document.sections[0]
    assert document.settings.odd_and_even_pages_header_footer is True
    references = {ref.get(qn("w:type")) for ref in section._sectPr.findall(qn("w:footerReference"))}
    assert {"default", "even"} <= references
    odd = section.footer.paragraphs
    even = section.even_page_footer.paragraphs
    assert len(odd) == len(even) == 1
    for paragraph, side in ((odd[0], WD_ALIGN_PARAGRAPH.RIGHT), (even[0], WD_ALIGN_PARAGRAPH.LEFT)):
        assert paragraph.text == "— 1 —"
        codes = [code.text for code in paragraph._p.iter(qn("w:instrText"))]
        assert codes == [" PAGE "]
        kinds = [char.get(qn("w:fldCharType")) for char in paragraph._p.iter(qn("w:fldChar"))]
        assert kinds == ["begin", "separate", "end"]
        # The dashes before the field and after it, the field's shown value between.
        texts = [run.text for run in paragraph.runs if run.text]
        assert texts == ["— ", "1", " —"]
        for run in paragraph.runs:
            fonts = run._r.rPr.rFonts
            assert fonts.get(qn("w:eastAsia")) == "宋体"
            assert run.font.size == Pt(14)
        assert paragraph.alignment == side
        layout = paragraph.paragraph_format
        inward = layout.right_indent if side == WD_ALIGN_PARAGRAPH.RIGHT else layout.left_indent
        assert inward == Pt(14)
    # The footer's line (14 pt) begins 7 mm below the text area.
    top_of_line = section.footer_distance + Pt(14)
    assert abs(section.bottom_margin - Mm(7) - top_of_line) < Pt(0.1)


def kept_with_next(paragraph: Any) -> bool:
    return bool(paragraph.paragraph_format.keep_with_next)


def row_cannot_split(row: Any) -> bool:
    properties = row._tr.trPr
    return properties is not None and properties.find(qn("w:cantSplit")) is not None
