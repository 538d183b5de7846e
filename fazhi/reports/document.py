"""The annual report read whole: its figures counted from the records, its sections numbered as
the document prints them, as HTML for the back office and as an official document for export.

The figures of a report are computed together: one ``stats.compute`` statement for the report's
period and one more for each other period its tokens name (a month, "June to date"), never one
per token.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING, Any

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from fazhi.core import stats
from fazhi.core.language import product_language
from fazhi.core.links import records_url
from fazhi.core.stats import Number, Period
from fazhi.reports import tokens
from fazhi.reports.models import AnnualReport, Part, ReportProposal, ReportSection

if TYPE_CHECKING:
    from fazhi.reports.gbt9704 import OfficialDocument

Values = dict[tuple[str, Period], Number]


def report_texts(
    report: AnnualReport,
    *,
    proposals: bool = True,
    sections: Iterable[ReportSection] | None = None,
) -> list[str]:
    """Every text of the report that may hold tokens: the preamble, each section's text and,
    with ``proposals``, the paragraphs still proposed."""
    texts = [report.preamble]
    if sections is None:
        sections = report.sections.prefetch_related("proposals")
    for section in sections:
        texts.append(section.text)
        if proposals:
            texts.extend(p.text for p in _pending(section))
    return texts


def figure_values(street: Any, report: Period, texts: Iterable[str]) -> Values:
    """The value of every token of ``texts`` by (key, period): one ``stats.compute`` per
    distinct period, all its keys at once. Tokens naming an unknown statistic are skipped
    (``tokens.problems`` reports them)."""
    wanted: dict[Period, set[str]] = defaultdict(set)
    known = {s.key for s in stats.registered()}
    for text in texts:
        for token in tokens.tokens(text):
            if token.key in known:
                wanted[token.period(report)].add(token.key)
    values: Values = {}
    for period, keys in wanted.items():
        for key, value in stats.compute(street, period, sorted(keys)).items():
            values[(key, period)] = value
    return values


def report_figures(report: AnnualReport, *, proposals: bool = True) -> Values:
    """The values of all the report's figures over its period (and its tokens' own periods)."""
    return figure_values(report.street, report.period, report_texts(report, proposals=proposals))


def frozen_figures(report: AnnualReport, values: Values) -> list[dict[str, Any]]:
    """Each token of the report's text with its period, value and reading, as a version keeps
    them (JSON)."""
    frozen: list[dict[str, Any]] = []
    seen: set[tuple[str, Period]] = set()
    for text in report_texts(report, proposals=False):
        for token in tokens.tokens(text):
            period = token.period(report.period)
            if (token.key, period) not in values or (token.source, period) in seen:
                continue
            seen.add((token.source, period))
            figure = tokens.resolve(token, report.period, values)
            frozen.append(
                {
                    "token": token.source,
                    "key": token.key,
                    "start": period.start.isoformat(),
                    "end": period.end.isoformat(),
                    "value": figure.value,
                    "text": figure.text,
                }
            )
    return frozen


# --- headings ------------------------------------------------------------------------------------


def part_heading(part: str, year: int) -> str:
    """A part's heading without its number, in the wording of the regulation and the seed."""
    with product_language():
        if part == Part.MEASURES:
            return _("%(year)s年推进法治政府建设的主要举措和成效") % {"year": year}
        if part == Part.FIRST_RESPONSIBILITY:
            return _("%(year)s年党政主要负责人履行推进法治建设第一责任人职责情况") % {"year": year}
        if part == Part.SHORTCOMINGS:
            return _("%(year)s年推进法治政府建设存在的不足和原因") % {"year": year}
        if part == Part.NEXT_YEAR:
            return _("%(year)s年推进法治政府建设的主要安排") % {"year": year + 1}
        return _("其他需要报告的情况")


def _number(n: int) -> str:
    return tokens.in_words(n)


# --- the report as its sections ------------------------------------------------------------------


def _pending(section: ReportSection) -> list[ReportProposal]:
    # Prefetched by the selectors: filtered in Python so the prefetch serves it.
    return [p for p in section.proposals.all() if p.status == ReportProposal.Status.PROPOSED]


@dataclass
class Paragraph:
    """One paragraph as shown: its text (with tokens) and, if still proposed, its proposal;
    ``plain`` with every figure written out, and ``html`` with every figure linking to its
    records — written when first read, as only the pages show it (an export never does)."""

    text: str
    proposal: ReportProposal | None = None
    plain: str = ""
    markup: Callable[[str], SafeString] | None = field(default=None, repr=False, compare=False)

    @cached_property
    def html(self) -> SafeString | None:
        return None if self.markup is None else self.markup(self.text)


@dataclass
class SectionView:
    """A section under its numbered headings, its paragraphs read."""

    section: ReportSection
    heading1: str = ""
    heading2: str = ""
    paragraphs: list[Paragraph] = field(default_factory=list)


@dataclass
class ReportView:
    """The whole report as read: the preamble, the sections in order, the figures' values and
    the problems of tokens that could not be read."""

    report: AnnualReport
    preamble: Paragraph | None
    sections: list[SectionView]
    values: Values
    problems: list[str]


def _paragraphs(section: ReportSection, proposals: bool) -> list[Paragraph]:
    result = [Paragraph(text) for text in section.paragraphs]
    if proposals:
        for proposal in _pending(section):
            result.extend(
                Paragraph(line.strip(), proposal)
                for line in proposal.text.splitlines()
                if line.strip()
            )
    return result


def read_report(
    report: AnnualReport,
    *,
    proposals: bool = True,
    empty: bool = False,
    sections: Sequence[ReportSection] | None = None,
    values: Values | None = None,
) -> ReportView:
    """The report with its sections numbered as printed — parts 一、二、… and the work areas of
    主要举措和成效 （一）（二）… — each paragraph rendered as plain text and as HTML whose figures
    link to their records. Sections without text are left out unless ``empty``; with
    ``proposals`` the paragraphs still proposed are read after each section's text.

    ``sections`` (unsaved, in order) and ``values`` read a frozen copy of the report instead of
    the records — a version's text and figures, ``proposals`` off — without a query."""
    if sections is None:
        # The sections and their proposals as they are now, in two queries.
        sections = list(report.sections.prefetch_related("proposals"))
    period = report.period
    texts = report_texts(report, proposals=proposals, sections=sections)
    if values is None:
        values = figure_values(report.street, period, texts)
    found = [str(problem) for text in texts for problem in tokens.problems(text, period)]

    def markup(text: str) -> SafeString:
        return tokens.render_html(text, period, values, records_url)

    def read(paragraph: Paragraph) -> Paragraph:
        paragraph.plain = tokens.render_text(paragraph.text, period, values)
        paragraph.markup = markup
        return paragraph

    views: list[SectionView] = []
    part_number = 0
    area_number = 0
    current_part = ""
    for section in sections:
        paragraphs = [read(p) for p in _paragraphs(section, proposals)]
        if not paragraphs and not empty:
            continue
        view = SectionView(section, paragraphs=paragraphs)
        if section.part != current_part:
            current_part = section.part
            part_number += 1
            area_number = 0
            view.heading1 = _("%(n)s、%(heading)s") % {
                "n": _number(part_number),
                "heading": part_heading(section.part, report.year),
            }
        if section.area:
            area_number += 1
            view.heading2 = _("（%(n)s）%(title)s") % {
                "n": _number(area_number),
                "title": section.title or section.get_area_display(),
            }
        views.append(view)
    preamble = read(Paragraph(report.preamble)) if report.preamble.strip() else None
    return ReportView(report, preamble, views, values, found)


def official_document(view: ReportView) -> OfficialDocument:
    """The report read (``read_report``) as an official document (GB/T 9704): the title, the
    preamble, the numbered headings and the paragraphs with every figure written out, the
    issuing office and the date (the period's last day until the report has its own)."""
    from fazhi.reports.gbt9704 import Block, OfficialDocument

    report = view.report
    blocks: list[Block] = []
    if view.preamble is not None:
        blocks.append(Block("paragraph", view.preamble.plain))
    for section in view.sections:
        if section.heading1:
            blocks.append(Block("heading1", section.heading1))
        if section.heading2:
            blocks.append(Block("heading2", section.heading2))
        blocks.extend(Block("paragraph", p.plain) for p in section.paragraphs)
    issued_on: date = report.issued_on or report.period_end
    return OfficialDocument(
        title=report.title, blocks=blocks, issuer=report.issuer, issued_on=issued_on
    )


def file_name(title: str, year: int, extension: str) -> str:
    """The report's file name: its title, without the characters no file system takes."""
    safe = "".join("_" if c in '/\\:*?"<>|' or ord(c) < 32 else c for c in title)
    return f"{safe.strip() or year}.{extension}"
