"""The report's export path does only the work the .docx needs: the HTML of the pages is written
only when a page reads it, and the layout's run and paragraph properties are built once and
copied, giving the very XML python-docx writes run by run (scripts/bench_report.py times it)."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree

from fazhi.reports import document, gbt9704, services, tokens
from fazhi.reports.models import Area, Part, ReportSection

pytestmark = pytest.mark.django_db


def make_report(world):
    report = services.report_create(
        street=world.a.street, year=2020, actor=world.clerk_a, period_end=date(2020, 9, 28)
    )
    services.report_section_update(
        ReportSection.objects.get(report=report, area=Area.ORGANISATION),
        actor=world.clerk_a,
        text="辖区{{fig:org.grids}}网格。\n“网格化”管理{{fig:org.grid_workers|words|unit=名}}网格员。",
    )
    services.report_propose(
        report,
        actor=world.clerk_a,
        proposals={(Part.SHORTCOMINGS, ""): [("一是网格员{{fig:org.grid_workers}}。", "依据。")]},
    )
    return report


def test_an_export_writes_no_html_and_a_page_gets_it_when_it_reads_it(world, monkeypatch):
    report = make_report(world)
    written = []
    render_html = tokens.render_html

    def counted(*args, **kwargs):
        written.append(args[0])
        return render_html(*args, **kwargs)

    monkeypatch.setattr(tokens, "render_html", counted)
    view = document.read_report(report)
    official = document.official_document(view)
    assert written == []
    assert "辖区2个网格。" in [b.text for b in official.blocks]
    paragraph = view.sections[0].paragraphs[0]
    assert paragraph.plain == "辖区2个网格。"
    assert paragraph.html.startswith('辖区<a class="report-figure" href="/office/reports/')
    assert paragraph.html is paragraph.html  # written once
    assert written == ["辖区{{fig:org.grids}}网格。"]


def xml(element) -> bytes:
    """The element's XML, whatever the document it sits in declares."""
    return etree.tostring(element, method="c14n", exclusive=True)


def _reference_rpr(east_asian: str, size: float, *, hint: bool = True) -> bytes:
    run = Run(OxmlElement("w:r"), None)
    gbt9704._format_run(run, east_asian, size, hint=hint)
    return xml(run._r.rPr)


def _reference_ppr(kind: str) -> bytes:
    paragraph = Paragraph(OxmlElement("w:p"), None)
    gbt9704._indent(paragraph, first_line=2)
    if kind != "paragraph":
        paragraph.paragraph_format.keep_with_next = True
    return xml(paragraph._p.pPr)


def test_every_run_and_block_gets_its_own_copy_of_the_formatting(world):
    view = document.read_report(make_report(world))
    docx = Document(BytesIO(gbt9704.write_docx(document.official_document(view))))
    body = docx.paragraphs
    fonts = [run._r.rPr.rFonts.get(qn("w:eastAsia")) for p in body for run in p.runs]
    assert set(fonts) == {"方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312"}
    for paragraph in body:
        for run in paragraph.runs:
            # Every run has the properties (a copy moved from run to run would leave the runs
            # before it bare).
            east_asian = run._r.rPr.rFonts.get(qn("w:eastAsia"))
            size = gbt9704.TITLE_SIZE if paragraph is body[0] else gbt9704.BODY_SIZE
            assert xml(run._r.rPr) == _reference_rpr(east_asian, size)
    kinds = {"一、": "heading1", "二、": "heading1", "（一）": "heading2"}
    blocks = body[2:-3]  # after the title and its empty line; before the office and the date
    assert [kinds.get(p.text[:2], kinds.get(p.text[:3], "paragraph")) for p in blocks] == [
        "paragraph",
        "heading1",
        "heading2",
        "paragraph",
        "paragraph",
        "heading1",
        "paragraph",
    ]
    for paragraph in blocks:
        kind = kinds.get(paragraph.text[:2], kinds.get(paragraph.text[:3], "paragraph"))
        assert xml(paragraph._p.pPr) == _reference_ppr(kind)
    for footer in (docx.sections[0].footer, docx.sections[0].even_page_footer):
        (number,) = footer.paragraphs
        for run in number.runs:
            assert xml(run._r.rPr) == _reference_rpr(
                gbt9704.PAGE_NUMBER_FONT, gbt9704.PAGE_NUMBER_SIZE, hint=False
            )
