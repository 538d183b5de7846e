"""The annual report as GB/T 9704-2012 lays out an official document: the .docx as Word reads
it (page, fonts, sizes, grid, page numbers, office and date), and the PDF LibreOffice prints of
it, measured line by line: 22 lines of 28 characters on a full page."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt, Twips

from fazhi.core.documents import libreoffice
from fazhi.reports.gbt9704 import Block, OfficialDocument, docx_to_pdf, write_docx

TITLE = "海滨街2020年法治政府建设情况报告"
SAMPLE = OfficialDocument(
    title=TITLE,
    blocks=[
        Block("paragraph", "2020年，在区委、区政府的正确领导下，海滨街严格依法行政。"),
        Block("heading1", "一、2020年推进法治政府建设的主要举措和成效"),
        Block("heading2", "（一）加强组织领导，奠定依法行政基础"),
        Block("paragraph", "成立以街主要领导为组长的法治政府建设领导小组。\n领导小组下设办公室。"),
        Block("heading2", "（二）行政执法公正严明，依法治理不留死角"),
        Block("paragraph", "严格落实“门前三包”责任制，辖区72个网格260余名网格员全员参与。"),
    ],
    issuer="海滨街道办事处",
    issued_on=date(2020, 9, 28),
)
FONT_OF = {"heading1": "黑体", "heading2": "楷体_GB2312", "paragraph": "仿宋_GB2312"}


def read(doc: OfficialDocument = SAMPLE) -> Any:
    return Document(BytesIO(write_docx(doc)))


def east_asian_font(run: Any) -> str | None:
    fonts = run._r.rPr.rFonts
    return fonts.get(qn("w:eastAsia"))


def test_a4_with_the_standard_margins():
    section = read().sections[0]
    # python-docx writes whole twips (1/1440 in): each length is the nearest, within 0.018 mm.
    for length, mm in (
        (section.page_width, 210),
        (section.page_height, 297),
        (section.top_margin, 37),
        (section.bottom_margin, 35),
        (section.left_margin, 28),
        (section.right_margin, 26),
    ):
        assert abs(length - Mm(mm)) <= Twips(1) // 2, (length.mm, mm)
    page_margins = section._sectPr.find(qn("w:pgMar"))
    assert [page_margins.get(qn(f"w:{side}")) for side in ("top", "bottom", "left", "right")] == [
        "2098",
        "1984",
        "1587",
        "1474",
    ]
    # The text area: 156 mm × 225 mm.
    width = Emu(section.page_width - section.left_margin - section.right_margin)
    height = Emu(section.page_height - section.top_margin - section.bottom_margin)
    assert round(width.mm) == 156 and round(height.mm) == 225


def test_every_run_names_its_chinese_font_and_times_new_roman_for_digits():
    document = read()
    section = document.sections[0]
    paragraphs = [
        *document.paragraphs,
        *section.footer.paragraphs,
        *section.even_page_footer.paragraphs,
    ]
    runs = [run for paragraph in paragraphs for run in paragraph.runs]
    assert len(runs) > 10
    for run in runs:
        fonts = run._r.rPr.rFonts
        assert fonts.get(qn("w:eastAsia")) in {
            "方正小标宋简体",
            "仿宋_GB2312",
            "黑体",
            "楷体_GB2312",
            "宋体",
        }, run.text
        assert fonts.get(qn("w:ascii")) == fonts.get(qn("w:hAnsi")) == "Times New Roman"
        # A theme font would win over the names.
        assert fonts.get(qn("w:eastAsiaTheme")) is None and fonts.get(qn("w:asciiTheme")) is None


def test_title_headings_and_body_in_their_fonts_and_sizes():
    paragraphs = read().paragraphs
    title = paragraphs[0]
    assert title.text == TITLE
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert {(east_asian_font(r), r.font.size) for r in title.runs} == {("方正小标宋简体", Pt(22))}
    assert paragraphs[1].text == ""  # a line left empty below the title

    body = [p for p in paragraphs[2:] if p.text][:-2]
    expected = [(block.kind, line) for block in SAMPLE.blocks for line in block.text.splitlines()]
    assert [p.text for p in body] == [line for _kind, line in expected]
    for paragraph, (kind, _line) in zip(body, expected, strict=True):
        assert {(east_asian_font(r), r.font.size) for r in paragraph.runs} == {
            (FONT_OF[kind], Pt(16))
        }
        # Two characters in on the first line, counted in characters for Word and WPS.
        indent = paragraph._p.pPr.find(qn("w:ind"))
        assert indent.get(qn("w:firstLineChars")) == "200"
        assert paragraph.paragraph_format.first_line_indent == Twips(632)  # 2 × 8845 / 28
        # A heading is never the last line of a page.
        keep = paragraph.paragraph_format.keep_with_next
        assert keep is True if kind != "paragraph" else keep is None


def test_the_grid_of_22_lines_and_28_characters():
    document = read()
    section = document.sections[0]
    grid = section._sectPr.find(qn("w:docGrid"))
    assert (grid.get(qn("w:type")), grid.get(qn("w:linePitch")), grid.get(qn("w:charSpace"))) == (
        "linesAndChars",
        "579",
        "-842",
    )
    # The figures are the largest that give 22 and 28 on this page, as Word divides.
    text_width = Emu(section.page_width - section.left_margin - section.right_margin).twips
    text_height = Emu(section.page_height - section.top_margin - section.bottom_margin).twips
    assert text_height // 579 == 22 and text_height // 580 == 21
    pitch = 320 - 842 * 20 / 4096  # twips: 16 pt and charSpace
    assert text_width // pitch == 28 and text_width // (320 - 841 * 20 / 4096) == 27

    # The paragraphs hold the grid themselves (LibreOffice cannot narrow characters to it):
    # lines exactly one pitch apart, characters 0.5 pt narrower, 28 to the justified line.
    normal = document.styles["Normal"]
    layout = normal.paragraph_format
    assert layout.line_spacing == Twips(579)
    assert layout.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert layout.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert layout.widow_control is False
    assert normal.font.size == Pt(16)
    kern = int(normal.element.rPr.find(qn("w:spacing")).get(qn("w:val")))
    assert kern == -10  # twips
    advance = 320 + kern
    assert text_width // advance == 28
    # Halfway between the widest advance that gives 28 and the widest that gives 29.
    assert text_width / 28 - advance == pytest.approx(advance - text_width / 29, abs=1)
    assert normal.element.pPr.find(qn("w:snapToGrid")).get(qn("w:val")) == "0"


def test_page_numbers_at_the_outer_edge_of_odd_and_even_pages():
    document = read()
    assert document.settings.odd_and_even_pages_header_footer is True
    assert document.settings.element.find(qn("w:evenAndOddHeaders")) is not None
    section = document.sections[0]
    references = {ref.get(qn("w:type")) for ref in section._sectPr.findall(qn("w:footerReference"))}
    assert references == {"default", "even"}

    odd = section.footer.paragraphs[0]
    even = section.even_page_footer.paragraphs[0]
    for paragraph in (odd, even):
        assert paragraph.text == "— 1 —"
        codes = [t.text for t in paragraph._p.iter(qn("w:instrText"))]
        assert codes == [" PAGE "]
        kinds = [c.get(qn("w:fldCharType")) for c in paragraph._p.iter(qn("w:fldChar"))]
        assert kinds == ["begin", "separate", "end"]
        assert {(east_asian_font(r), r.font.size) for r in paragraph.runs} == {("宋体", Pt(14))}
    # Odd pages at the right, even pages at the left, one 四号 character in from the edge.
    assert odd.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert odd.paragraph_format.right_indent == Pt(14)
    assert even.alignment == WD_ALIGN_PARAGRAPH.LEFT
    assert even.paragraph_format.left_indent == Pt(14)


def closing(doc: OfficialDocument) -> list[tuple[str, Any, str]]:
    """The last two paragraphs: text, alignment and the right indent in characters."""
    return [
        (p.text, p.alignment, p._p.pPr.find(qn("w:ind")).get(qn("w:rightChars")))
        for p in read(doc).paragraphs[-2:]
    ]


def test_the_office_and_the_date_close_the_document():
    right = WD_ALIGN_PARAGRAPH.RIGHT
    # The date (6.5 characters: digits are half) starts two characters to the right of the
    # office (7): it would end half a character from the margin, so it keeps two and the
    # office moves left with it.
    assert closing(SAMPLE) == [
        ("海滨街道办事处", right, "350"),
        ("2020年9月28日", right, "200"),
    ]
    # A long office: two characters from the margin, the date under it two characters in.
    long = OfficialDocument(
        TITLE, SAMPLE.blocks, "海滨街道法治政府建设领导小组办公室", date(2020, 12, 1)
    )
    assert closing(long) == [
        ("海滨街道法治政府建设领导小组办公室", right, "200"),
        ("2020年12月1日", right, "1050"),
    ]
    paragraphs = read().paragraphs
    assert paragraphs[-3].text == ""  # a line left empty below the body


def test_text_is_cleaned_and_unknown_blocks_are_refused():
    doc = OfficialDocument(
        "报告\x0b（草稿）",
        [Block("paragraph", "第一段\x01。\x0c第二段。")],
        "司法所",
        date(2021, 1, 5),
    )
    document = read(doc)
    assert [p.text for p in document.paragraphs if p.text] == [
        "报告\n（草稿）",
        "第一段。",
        "第二段。",
        "司法所",
        "2021年1月5日",
    ]
    with pytest.raises(ValueError, match="heading3"):
        write_docx(OfficialDocument("报告", [Block("heading3", "1.")], "司法所", date(2021, 1, 5)))


# The PDF: LibreOffice prints it; poppler's pdftotext reads its lines back.

# 148 characters: 146 without punctuation, a comma and a full stop, so that no line of the
# measured pages begins or ends on punctuation (which Chinese line breaking may push or pull
# by one character). With the two-character indent: 26 + 4 × 28 + 10 characters, 6 lines.
HAN = "法治政府建设依法行政街道社区网格人民调解公共法律服务普法宣传教育执法监督决策审查"
SENTENCE = (HAN * 4)[:100] + "，" + (HAN * 4)[100:146] + "。"
PARAGRAPH_LINES = [26, 28, 28, 28, 28, 10]


def pdf_pages(pdf: bytes, tmp_path: Path) -> list[str]:
    """The PDF's text page by page, laid out as printed (``pdftotext -layout``)."""
    source = tmp_path / "report.pdf"
    source.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(source), "-"],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    return text.split("\f")[:-1]


def page_number_edges(pdf: bytes, tmp_path: Path) -> list[tuple[float, float]]:
    """Each page's page number as (left, right) in points, from ``pdftotext -bbox``."""
    source = tmp_path / "report.pdf"
    source.write_bytes(pdf)
    html = subprocess.run(
        ["pdftotext", "-bbox", str(source), "-"],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    edges = []
    for page in html.split("<page ")[1:]:
        dashes = re.findall(
            r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>—</word>', page
        )
        edges.append((float(dashes[0][0]), float(dashes[-1][1])))
    return edges


def needs_libreoffice() -> None:
    if libreoffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed: the PDF is not printed here")
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils (pdftotext) is not installed: the PDF cannot be measured")


def test_libreoffice_prints_22_lines_of_28_characters(tmp_path: Path):
    needs_libreoffice()
    doc = OfficialDocument(
        title=TITLE,
        blocks=[
            Block("heading1", "一、主要举措和成效"),
            Block("heading2", "（一）加强组织领导"),
            *[Block("paragraph", SENTENCE) for _ in range(9)],
        ],
        issuer="海滨街道办事处",
        issued_on=date(2020, 9, 28),
    )
    pdf = docx_to_pdf(write_docx(doc))
    pages = pdf_pages(pdf, tmp_path)
    # Title, empty line, two headings and 9 × 6 lines, an empty line, office and date: 61
    # lines, 22 + 22 + 17.
    assert len(pages) == 3

    def lines(page: str) -> list[str]:
        found = [line.replace(" ", "") for line in page.splitlines() if line.strip()]
        footer = found.pop()
        assert re.fullmatch(r"—\d—", footer), footer
        return found

    first, second, third = (lines(page) for page in pages)
    assert first[:3] == [TITLE, "一、主要举措和成效", "（一）加强组织领导"]
    assert [len(line) for line in first[3:]] == PARAGRAPH_LINES * 3
    # A full page of body text: 22 lines, every full line 28 characters.
    assert len(second) == 22
    assert [len(line) for line in second] == PARAGRAPH_LINES * 3 + PARAGRAPH_LINES[:4]
    assert "".join(second[:6]) == SENTENCE
    assert [len(line) for line in third] == [*PARAGRAPH_LINES[4:], *PARAGRAPH_LINES * 2, 7, 10]
    assert third[-2:] == ["海滨街道办事处", "2020年9月28日"]

    # The page number at the outer edge, one 14 pt character inside the text area (79.4 pt
    # to 521.6 pt across the A4 page): right on odd pages, left on even ones.
    (odd_left, odd_right), (even_left, _even_right), (_, third_right) = page_number_edges(
        pdf, tmp_path
    )
    assert odd_right == pytest.approx(521.6 - 14, abs=1.5) and odd_left > 400
    assert third_right == pytest.approx(odd_right, abs=0.5)
    assert even_left == pytest.approx(79.4 + 14, abs=1.5)


def test_the_pdf_is_set_in_the_free_fonts_standing_in_for_the_official_ones(tmp_path: Path):
    needs_libreoffice()
    if shutil.which("pdffonts") is None or shutil.which("fc-list") is None:
        pytest.skip("poppler-utils (pdffonts) or fontconfig (fc-list) is not installed")
    installed = subprocess.run(
        ["fc-list", ":lang=zh", "family"], check=True, capture_output=True, text=True
    ).stdout
    wanted = ("Noto Serif CJK SC", "Noto Sans CJK SC", "AR PL UMing CN", "AR PL UKai CN")
    missing = [family for family in wanted if family not in installed]
    if missing:
        pytest.skip(f"free CJK fonts missing ({', '.join(missing)}): .ci/run installs them")
    source = tmp_path / "report.pdf"
    source.write_bytes(docx_to_pdf(write_docx(SAMPLE)))
    fonts = subprocess.run(
        ["pdffonts", str(source)], check=True, capture_output=True, text=True
    ).stdout
    # 方正小标宋简体 → Noto Serif CJK Bold, 黑体 → Noto Sans CJK, 仿宋_GB2312 → AR PL UMing,
    # 楷体_GB2312 → AR PL UKai (fazhi/core/fonts.conf); digits in Times New Roman's metric twin.
    for name in ("NotoSerifCJK", "Bold", "NotoSansCJK", "UMingCN", "UKaiCN", "LiberationSerif"):
        assert name in fonts, fonts
