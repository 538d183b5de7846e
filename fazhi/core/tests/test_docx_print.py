"""The printing rules every Word document shares (core.docx): GB/T 9704 page numbers, document
numbers written as the standard writes them, and blocks kept together on one page."""

from __future__ import annotations

from io import BytesIO

import pytest
from docx import Document
from docx.shared import Cm

from fazhi.core.docx import add_page_numbers, document_number, keep_together
from fazhi.core.tests.docx_checks import assert_page_numbers, kept_with_next, row_cannot_split


def reopened(document) -> Document:
    buffer = BytesIO()
    document.save(buffer)
    return Document(BytesIO(buffer.getvalue()))


@pytest.mark.parametrize(
    ("written", "printed"),
    [
        ("津滨海街当罚字〔2020〕第080号", "津滨海街当罚字〔2020〕80号"),
        ("津滨海街罚决字〔2020〕第001号", "津滨海街罚决字〔2020〕1号"),
        ("津滨海街当罚字〔2020〕80号", "津滨海街当罚字〔2020〕80号"),
        ("津滨海街当罚字〔2020〕第110号", "津滨海街当罚字〔2020〕110号"),
        # Square brackets typed for the 六角括号, spaces and full-width digits.
        ("津滨海街当罚字[2020]第 080 号", "津滨海街当罚字〔2020〕80号"),
        ("津滨海街当罚字【２０２０】０８０号", "津滨海街当罚字〔2020〕80号"),
        # Not a document number of that form: left as written.
        ("（2020）调字第1号", "（2020）调字第1号"),
        ("第一号", "第一号"),
        ("", ""),
    ],
)
def test_document_numbers_are_written_as_gbt9704_writes_them(written, printed):
    assert document_number(written) == printed


def test_page_numbers_at_the_outer_edge_of_odd_and_even_pages():
    document = Document()
    section = document.sections[0]
    section.bottom_margin = Cm(3.5)
    add_page_numbers(document)
    assert_page_numbers(reopened(document))


def test_a_signature_block_is_kept_on_one_page():
    document = Document()
    closing = document.add_paragraph("本协议一式三份。")
    table = document.add_table(rows=3, cols=2)
    seal = document.add_paragraph("人民调解委员会（印章）")
    dated = document.add_paragraph("2020年6月10日")
    keep_together([closing, table, seal, dated])

    document = reopened(document)
    closing, seal, dated = (document.paragraphs[i] for i in (0, 1, 2))
    (table,) = document.tables
    # Each kept with the next: the table's last row with the seal, the seal with the date.
    assert kept_with_next(closing) and kept_with_next(seal) and not kept_with_next(dated)
    assert all(row_cannot_split(row) for row in table.rows)
    cells = [p for row in table.rows for cell in row.cells for p in cell.paragraphs]
    assert cells and all(kept_with_next(p) for p in cells)
    assert all(p.paragraph_format.keep_together for p in (closing, seal, dated, *cells))


def test_a_table_at_the_end_of_a_block_is_not_kept_with_what_follows():
    document = Document()
    title = document.add_paragraph("签名")
    table = document.add_table(rows=2, cols=2)
    keep_together([title, table])
    last = [p for cell in table.rows[-1].cells for p in cell.paragraphs]
    first = [p for cell in table.rows[0].cells for p in cell.paragraphs]
    assert kept_with_next(title) and all(kept_with_next(p) for p in first)
    assert not any(kept_with_next(p) for p in last)
