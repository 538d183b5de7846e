"""The published annual reports as the public reads them, and their figures as open data.

A report is public once its status is ``published``. It reads as it was approved: the text and
the figures frozen in the version of its approval (``ReportVersion``), so that a record changed
afterwards changes nothing the public sees. A published report without such a version (made
before versions were kept) is read from the records.

Every figure of the text is a fact in the manner of Inline XBRL: its statistic's key, its
period, its value, its unit and its reading, with the statistic's label and definition
(口径说明) from the registry; the page, the JSON and the Excel file give the same facts in the
same order. Nothing here links to records or names anyone: the public side has the report's
own text only.
"""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from fazhi.core import stats
from fazhi.core.formats import cn_date
from fazhi.core.language import product_language
from fazhi.core.masking import mask_official_text
from fazhi.core.stats import Number, Period
from fazhi.org.models import Street
from fazhi.reports import document, tokens
from fazhi.reports.document import ReportView, Values
from fazhi.reports.gbt9704 import OfficialDocument
from fazhi.reports.models import AnnualReport, ReportSection, ReportVersion

PUBLISHED = AnnualReport.Status.PUBLISHED
# The years a report may have (``AnnualReport.year``): any other in an address is no report.
YEARS = range(2000, 2201)
# The version whose text and figures the public reads.
FROZEN_AT = ReportVersion.Occasion.APPROVAL


# --- the reports -----------------------------------------------------------------------------


def published_reports(street: Street) -> QuerySet[AnnualReport]:
    """The street's published reports, the latest year first."""
    reports: QuerySet[AnnualReport] = AnnualReport.objects.for_street(street)
    return reports.filter(status=PUBLISHED).order_by("-year")


def published_report(street: Street, year: int) -> AnnualReport | None:
    """The street's published report of ``year``, or None (a draft, one in review, none)."""
    if year not in YEARS:
        return None
    return published_reports(street).select_related("street").filter(year=year).first()


def frozen_version(report: AnnualReport) -> ReportVersion | None:
    """The version of the report's (latest) approval, or None when it has none."""
    return (
        ReportVersion.objects.filter(report=report, occasion=FROZEN_AT).order_by("-number").first()
    )


def issued_on(report: AnnualReport) -> date:
    """The date the report was issued as it prints it: its own, or its period's last day."""
    return report.issued_on or report.period_end


def published_at(report: AnnualReport) -> datetime | None:
    """When the report was made public (reports published before the workflow kept it: None)."""
    return report.published_at


# --- the report as read ------------------------------------------------------------------------


@dataclass(frozen=True)
class Fact:
    """One figure of the published text: the statistic, its period, value and reading."""

    number: int
    key: str
    label: str
    unit: str
    definition: str
    start: date
    end: date
    value: Number
    reading: str
    section: str

    @property
    def anchor(self) -> str:
        return f"figure-{self.number}"

    @property
    def value_text(self) -> str:
        """The value in digits as the document writes it (210, 87.5)."""
        return tokens.digits(self.value)

    @property
    def period(self) -> Period:
        return Period(self.start, self.end)


@dataclass
class PublicSection:
    """A section under its numbered headings, each paragraph as HTML with its facts marked."""

    heading1: str
    heading2: str
    paragraphs: list[SafeString] = field(default_factory=list)


@dataclass
class PublishedReport:
    """A published report as the public reads it: its text as approved and its facts."""

    report: AnnualReport
    version: ReportVersion | None
    view: ReportView
    preamble: SafeString | None
    sections: list[PublicSection]
    facts: list[Fact]

    @property
    def title(self) -> str:
        return self.view.report.title

    @property
    def issuer(self) -> str:
        return self.view.report.issuer

    @property
    def issued_on(self) -> date:
        return issued_on(self.view.report)

    @property
    def issued_on_text(self) -> str:
        """The date as the document prints it: 2020年9月28日, whatever the reader's language."""
        with product_language():
            return cn_date(self.issued_on)

    @property
    def period(self) -> Period:
        return self.view.report.period

    @property
    def frozen(self) -> bool:
        return self.version is not None

    def official_document(self) -> OfficialDocument:
        """The report as printed (GB/T 9704) for the public: its text through the masking rule
        for official texts, as the report's page shows it."""
        official = document.official_document(self.view)
        return replace(
            official,
            blocks=[replace(b, text=mask_official_text(b.text)) for b in official.blocks],
        )

    def cache_name(self) -> str:
        """A file name for the printed report, the same as long as the document is: the
        report, its version, and a digest of the text as printed."""
        official = self.official_document()
        printed = json.dumps(
            [
                official.title,
                official.issuer,
                official.issued_on.isoformat(),
                [(b.kind, b.text) for b in official.blocks],
            ],
            ensure_ascii=False,
        )
        digest = hashlib.sha256(printed.encode()).hexdigest()[:16]
        number = self.version.number if self.version is not None else 0
        return f"report-{self.report.pk}-v{number}-{digest}"


def _frozen_copy(
    report: AnnualReport, version: ReportVersion
) -> tuple[AnnualReport, list[ReportSection], Values]:
    """The report, its sections (unsaved) and its figures' values as ``version`` froze them."""
    content: dict[str, Any] = version.content
    frozen = copy.copy(report)
    frozen.title = content.get("title", report.title)
    frozen.issuer = content.get("issuer", report.issuer)
    issued = content.get("issued_on")
    frozen.issued_on = date.fromisoformat(issued) if issued else None
    start, end = content.get("period") or (report.period_start, report.period_end)
    frozen.period_start = start if isinstance(start, date) else date.fromisoformat(start)
    frozen.period_end = end if isinstance(end, date) else date.fromisoformat(end)
    frozen.preamble = content.get("preamble", "")
    sections = [
        ReportSection(
            report=frozen,
            part=s["part"],
            area=s.get("area", ""),
            title=s.get("title", ""),
            text=s.get("text", ""),
            position=n,
        )
        for n, s in enumerate(content.get("sections", []), start=1)
    ]
    values: Values = {
        (f["key"], Period(date.fromisoformat(f["start"]), date.fromisoformat(f["end"]))): f["value"]
        for f in version.figures
    }
    return frozen, sections, values


class _Marker:
    """Writes each figure of the text as a ``<data>`` element and records it as a fact."""

    def __init__(self) -> None:
        self.facts: list[Fact] = []
        self.section = ""

    def paragraph(self, text: str, period: Period, values: Values) -> SafeString:
        return tokens.render_markup(text, period, values, self._figure)

    def _figure(self, f: tokens.RenderedFigure) -> str:
        # The token is read, so its statistic is registered. The unit is the statistic's own
        # (the reading may use another word: 210个 of 人次).
        stat = stats.get(f.token.key)
        label, unit, definition = str(stat.label), str(stat.unit), str(stat.description)
        fact = Fact(
            number=len(self.facts) + 1,
            key=f.token.key,
            label=label,
            unit=unit,
            definition=definition,
            start=f.period.start,
            end=f.period.end,
            value=f.value,
            reading=f.text,
            section=self.section,
        )
        self.facts.append(fact)
        explained = f"{label}：{definition}" if definition else label
        return str(
            format_html(
                '<data class="report-figure" id="{}" value="{}" data-key="{}" data-start="{}" '
                'data-end="{}" data-unit="{}" data-reading="{}" data-label="{}" '
                'data-definition="{}" title="{}">{}</data>',
                fact.anchor,
                fact.value_text,
                fact.key,
                fact.start.isoformat(),
                fact.end.isoformat(),
                fact.unit,
                fact.reading,
                label,
                definition,
                explained,
                fact.reading,
            )
        )


def read_published(report: AnnualReport) -> PublishedReport:
    """The published ``report`` as the public reads it: the text and figures of its approval
    (no query past the version's), or — without one — its text now with figures counted from
    the records; each figure a fact, numbered in the order of the text."""
    version = frozen_version(report)
    with product_language():
        if version is not None:
            frozen, sections, values = _frozen_copy(report, version)
            view = document.read_report(frozen, proposals=False, sections=sections, values=values)
        else:
            view = document.read_report(report, proposals=False)
        return _marked(report, version, view)


def _marked(
    report: AnnualReport, version: ReportVersion | None, view: ReportView
) -> PublishedReport:
    marker = _Marker()
    period = view.report.period
    preamble = None
    if view.preamble is not None:
        marker.section = _("开头语")
        preamble = marker.paragraph(view.preamble.text, period, view.values)
    sections: list[PublicSection] = []
    heading1 = ""
    for section in view.sections:
        heading1 = section.heading1 or heading1
        marker.section = " ".join(h for h in (heading1, section.heading2) if h)
        sections.append(
            PublicSection(
                heading1=section.heading1,
                heading2=section.heading2,
                paragraphs=[
                    marker.paragraph(p.text, period, view.values) for p in section.paragraphs
                ],
            )
        )
    return PublishedReport(report, version, view, preamble, sections, marker.facts)


# --- open data -----------------------------------------------------------------------------------

# The columns of the figures' table, as the JSON names them and the Excel file heads them.
COLUMNS: Sequence[tuple[str, str]] = (
    ("number", "序号"),
    ("key", "指标键名"),
    ("label", "指标名称"),
    ("value", "数值"),
    ("unit", "单位"),
    ("reading", "报告中的表述"),
    ("start", "统计期间开始日期"),
    ("end", "统计期间结束日期"),
    ("definition", "口径说明"),
    ("section", "所在章节"),
)


def fact_record(fact: Fact) -> dict[str, Any]:
    """One fact as the JSON gives it."""
    return {
        "number": fact.number,
        "key": fact.key,
        "label": fact.label,
        "value": fact.value,
        "unit": fact.unit,
        "reading": fact.reading,
        "start": fact.start.isoformat(),
        "end": fact.end.isoformat(),
        "definition": fact.definition,
        "section": fact.section,
    }


def figures_json(published: PublishedReport, *, url: str = "") -> dict[str, Any]:
    """The report's identity and every fact of its text, for ``figures.json``."""
    report = published.report
    at = published_at(report)
    return {
        "report": {
            "street": report.street.name,
            "street_slug": report.street.slug,
            "year": report.year,
            "title": published.title,
            "issuer": published.issuer,
            "issued_on": published.issued_on.isoformat(),
            "published_at": timezone.localtime(at).isoformat() if at is not None else None,
            "period": {
                "start": published.period.start.isoformat(),
                "end": published.period.end.isoformat(),
            },
            "version": published.version.number if published.version is not None else None,
            "frozen": published.frozen,
            "url": url,
        },
        "columns": {name: header for name, header in COLUMNS},
        "figures": [fact_record(f) for f in published.facts],
    }


def figures_rows(published: PublishedReport) -> list[list[Any]]:
    """The facts as the Excel file's rows, in the order of ``COLUMNS``."""
    return [[fact_record(f)[name] for name, _header in COLUMNS] for f in published.facts]


def figures_notes(published: PublishedReport) -> list[str]:
    """The lines above the Excel file's table: the report it comes from."""
    with product_language():
        notes = [
            _("发文机关：%(issuer)s　成文日期：%(date)s")
            % {"issuer": published.issuer, "date": cn_date(published.issued_on)},
            _("统计期间：%(period)s") % {"period": published.period},
        ]
        at = published_at(published.report)
        if at is not None:
            notes.append(_("公开日期：%(date)s") % {"date": cn_date(at)})
    return notes
