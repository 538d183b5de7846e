"""The 人民调解协议书 as printed: GB/T 9704 page numbers, and the signature block (the
signature table, the committee's seal and the date) kept on one page with the text's last
paragraph, whatever the length of the agreement."""

from __future__ import annotations

import shutil
import subprocess
from io import BytesIO
from pathlib import Path

import pytest
from docx import Document

from fazhi.core.tests.docx_checks import assert_page_numbers, kept_with_next, row_cannot_split
from fazhi.legal_services.agreement_docx import agreement_docx
from fazhi.legal_services.models import MediationAgreement
from fazhi.legal_services.tests.mediation_cases import succeeded_case
from fazhi.testing import SOFFICE

pytestmark = pytest.mark.django_db

# The lines of the signature block as pdftotext prints them (spaces removed).
SIGNATURE_BLOCK = (
    "当事人签名、盖章或者按指印",
    "申请人：张明",
    "被申请人：李芳",
    "人民调解员签名",
    "王调解",
    "刘调解",
    "甲街道人民调解委员会（印章）",
    "2020年6月10日",
)
# A term of the agreement one line long on the page (fewer than 26 characters after the indent).
TERM = "李芳每月清理一次通道杂物。"


def agreement_with_terms(agreement: MediationAgreement, count: int) -> bytes:
    """The agreement's document with ``count`` more one-line terms: each count moves the
    signature block one line further down the page."""
    terms = agreement.terms
    agreement.terms = "\n".join([terms, *(f"{n}. {TERM}" for n in range(1, count + 1))])
    try:
        return agreement_docx(agreement)
    finally:
        agreement.terms = terms


def printed_pages(documents: list[bytes], tmp_path: Path) -> list[list[list[str]]]:
    """Each document's pages as LibreOffice prints them, each page its lines without spaces
    (one LibreOffice run for all the documents)."""
    sources = []
    for number, content in enumerate(documents):
        source = tmp_path / f"agreement-{number:02d}.docx"
        source.write_bytes(content)
        sources.append(source)
    subprocess.run(
        [
            str(SOFFICE),
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            *map(str, sources),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    printed = []
    for source in sources:
        text = subprocess.run(
            ["pdftotext", "-layout", str(source.with_suffix(".pdf")), "-"],
            check=True,
            capture_output=True,
            text=True,
            timeout=60,
        ).stdout
        pages = text.split("\f")[:-1]
        printed.append(
            [
                [line.replace(" ", "").replace("\u3000", "") for line in page.splitlines()]
                for page in pages
            ]
        )
    return printed


def page_of(pages: list[list[str]], line: str) -> list[int]:
    return [number for number, lines in enumerate(pages, 1) if line in lines]


def test_every_page_is_numbered_as_gbt9704_numbers_pages(world):
    _case, agreement = succeeded_case(world.a.street, world.clerk_a)
    assert_page_numbers(Document(BytesIO(agreement_docx(agreement))))


def test_the_signature_block_is_kept_together_with_the_last_paragraph(world):
    _case, agreement = succeeded_case(world.a.street, world.clerk_a)
    document = Document(BytesIO(agreement_docx(agreement)))
    (table,) = document.tables
    body = document.element.body
    children = list(body.iterchildren())
    at = children.index(table._tbl)
    paragraphs = {p._p: p for p in document.paragraphs}
    before = [paragraphs[element] for element in children[:at] if element in paragraphs]
    after = [paragraphs[element] for element in children[at + 1 :] if element in paragraphs]
    # The copies paragraph and the empty line before the table go with it.
    assert before[-2].text.startswith("本协议一式三份")
    assert kept_with_next(before[-2]) and kept_with_next(before[-1])
    assert not kept_with_next(before[-3])  # the rest of the text flows as it will
    # No row splits; every row goes with the next, the last with the seal and the date.
    assert all(row_cannot_split(row) for row in table.rows)
    assert all(kept_with_next(p) for row in table.rows for c in row.cells for p in c.paragraphs)
    assert [p.text.strip() for p in after] == ["", "甲街道人民调解委员会（印章）", "2020年6月10日"]
    assert [kept_with_next(p) for p in after] == [True, True, False]


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext is not installed")
def test_the_signature_block_is_printed_on_one_page(world, tmp_path: Path):
    _case, agreement = succeeded_case(world.a.street, world.clerk_a)
    # A page holds some 22 lines of text and the block some 10: moving it down three lines at
    # a time over a page's length puts the end of a page within the block several times (as
    # printed before the block was kept together, at 5 of these 8 lengths).
    counts = list(range(0, 24, 3))
    documents = [agreement_with_terms(agreement, count) for count in counts]
    for count, pages in zip(counts, printed_pages(documents, tmp_path), strict=True):
        assert len(pages) >= 2, count
        found = {line: page_of(pages, line) for line in SIGNATURE_BLOCK}
        assert all(len(numbers) == 1 for numbers in found.values()), (count, found)
        assert len({numbers[0] for numbers in found.values()}) == 1, (count, found)
        # With the text's last paragraph, on the last page.
        (last,) = {numbers[0] for numbers in found.values()}
        assert last == len(pages), (count, found)
        assert any(line.startswith("本协议一式三份") for line in pages[-1]), count
        # Every page numbered at its foot: — 1 —, — 2 —, …
        feet = [next(line for line in reversed(page) if line) for page in pages]
        assert feet == [f"—{number}—" for number in range(1, len(pages) + 1)], count
