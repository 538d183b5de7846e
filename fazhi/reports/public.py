"""The public portal's 年度报告: the street's published annual reports, each as a page whose
figures carry their statistic, period, value and unit, as the PDF and Word file printed to
GB/T 9704, and its figures as open data (JSON and Excel). No account, nothing about people (the
page's text goes through the masking rule for official texts), no link into the back office.

Only reports whose status is ``published`` are shown: a draft, a report in review and another
street's are 404. The figures are those frozen at the report's approval (``open_data``).

The PDF is printed by LibreOffice once per version of the document and kept in the data
directory (``PRINTED_DIR``); without LibreOffice, and nothing printed yet, the page says so
(503) and offers the Word file.
"""

from __future__ import annotations

import fcntl
import os
import tempfile
from dataclasses import replace
from pathlib import Path

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.views.decorators.http import require_http_methods

from fazhi.core.documents import PDF_MIME, PdfUnavailable, file_response
from fazhi.core.docx import DOCX_MIME
from fazhi.core.excel import workbook_bytes, xlsx_response
from fazhi.core.language import product_language
from fazhi.core.masking import mask_html, mask_official_text
from fazhi.org.models import Street
from fazhi.portal.selectors import portal_street
from fazhi.portal.views import street_context
from fazhi.reports import document, open_data
from fazhi.reports.gbt9704 import docx_to_pdf, write_docx

SECTION = "annual_report"
# Where the printed PDFs are kept, under the data directory.
PRINTED_DIR = "published-reports"
_READ = ["GET", "HEAD"]


def _street(slug: str) -> Street:
    street = portal_street(slug)
    if street is None:
        raise Http404
    return street


def _published(slug: str, year: int) -> tuple[Street, open_data.PublishedReport]:
    street = _street(slug)
    report = open_data.published_report(street, year)
    if report is None:
        raise Http404
    return street, open_data.read_published(report)


def _url(name: str, street: Street, year: int) -> str:
    return reverse(f"reports_public:{name}", kwargs={"slug": street.slug, "year": year})


def _download(content: bytes, mime: str, filename: str, *, inline: bool = False) -> HttpResponse:
    response: HttpResponse = file_response(content, mime, filename, inline=inline)
    return response


def _filename(published: open_data.PublishedReport, extension: str) -> str:
    return document.file_name(published.title, published.report.year, extension)


@require_http_methods(_READ)
def index(request: HttpRequest, slug: str) -> HttpResponse:
    """The street's published reports, the latest year first, each with its downloads."""
    street = _street(slug)
    reports = list(open_data.published_reports(street))
    rows = [
        {
            "report": r,
            "issued_on": open_data.issued_on(r),
            "published_at": open_data.published_at(r),
            "links": {
                name: _url(name, street, r.year)
                for name in ("report", "pdf", "docx", "json", "xlsx")
            },
        }
        for r in reports
    ]
    context = street_context(street, current=SECTION) | {"rows": rows}
    return render(request, "reports/public_report_list.html", context)


def masked(published: open_data.PublishedReport) -> open_data.PublishedReport:
    """The report's text as the page shows it: through the masking rule for official texts
    (a resident named after 举报人 or 当事人, an ID number, a phone, a date of birth go; the
    officials and organisations it names by right, its figures and dates stay)."""
    sections = [
        replace(section, paragraphs=[mask_html(p, mask_official_text) for p in section.paragraphs])
        for section in published.sections
    ]
    preamble = published.preamble
    return replace(
        published,
        preamble=mask_html(preamble, mask_official_text) if preamble is not None else None,
        sections=sections,
    )


@require_http_methods(_READ)
def report(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    """One published report as printed, every figure a fact with its definition."""
    street, published = _published(slug, year)
    context = street_context(street, current=SECTION) | {
        "published": masked(published),
        "published_at": open_data.published_at(published.report),
        "links": {name: _url(name, street, year) for name in ("pdf", "docx", "json", "xlsx")},
    }
    return render(request, "reports/public_report.html", context)


@require_http_methods(_READ)
def report_docx(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    """The report as the Word file of the official document."""
    published = _published(slug, year)[1]
    content = write_docx(published.official_document())
    return _download(content, DOCX_MIME, _filename(published, "docx"))


def printed_pdf(published: open_data.PublishedReport) -> bytes:
    """The report's PDF, printed by LibreOffice the first time it is asked for and kept in the
    data directory; raises PdfUnavailable when it cannot be printed. Two requests at once
    print it once: the second waits for the first."""
    folder = Path(settings.DATA_DIR) / PRINTED_DIR
    folder.mkdir(parents=True, exist_ok=True)
    name = published.cache_name()
    target = folder / f"{name}.pdf"
    if target.is_file():
        return target.read_bytes()
    with (folder / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if target.is_file():
            return target.read_bytes()
        content = docx_to_pdf(write_docx(published.official_document()))
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}-", suffix=".pdf")
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        os.replace(temporary, target)
    # The report's earlier prints (another version) are served no more.
    prefix = f"report-{published.report.pk}-"
    for old in folder.glob(f"{prefix}*"):
        if old.name not in (target.name, f"{name}.lock"):
            old.unlink(missing_ok=True)
    return content


@require_http_methods(_READ)
def report_pdf(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    """The report's PDF; without LibreOffice a page saying so (503) with the Word file."""
    street, published = _published(slug, year)
    try:
        content = printed_pdf(published)
    except PdfUnavailable as exc:
        context = street_context(street, current=SECTION) | {
            "published": published,
            "reason": str(exc),
            "docx_url": _url("docx", street, year),
            "report_url": _url("report", street, year),
        }
        return render(request, "reports/public_report_pdf_unavailable.html", context, status=503)
    return _download(content, PDF_MIME, _filename(published, "pdf"), inline=True)


@require_http_methods(_READ)
def figures_json(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    """Every figure of the report's text with its statistic, period, value and reading."""
    street, published = _published(slug, year)
    url = request.build_absolute_uri(_url("report", street, year))
    response = JsonResponse(
        open_data.figures_json(published, url=url),
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )
    # Open data: any site may read it.
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_http_methods(_READ)
def figures_xlsx(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    """The same figures as ``figures_json``, one row each, with Chinese headers."""
    published = _published(slug, year)[1]
    with product_language():
        headers = [header for _name, header in open_data.COLUMNS]
        content = workbook_bytes(
            title=published.title,
            headers=headers,
            rows=open_data.figures_rows(published),
            notes=open_data.figures_notes(published),
        )
    return xlsx_response(content, _filename(published, "xlsx").replace(".xlsx", "-数据.xlsx"))


urlpatterns: list[URLPattern] = [
    path("", index, name="index"),
    path("<int:year>/", report, name="report"),
    path("<int:year>/report.pdf", report_pdf, name="pdf"),
    path("<int:year>/report.docx", report_docx, name="docx"),
    path("<int:year>/figures.json", figures_json, name="json"),
    path("<int:year>/figures.xlsx", figures_xlsx, name="xlsx"),
]
