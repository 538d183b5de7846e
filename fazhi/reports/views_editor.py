"""Writing the annual report in the browser: creating a street's report of a year with its first
draft proposed from the records, its particulars, each section's text with figure tokens picked
from the statistics registry and previewed as they read, the proposals accepted or dropped, the
street's outline of parts, and what is still missing (报送前检查).

Only a report being drafted (起草中) is written; otherwise the pages say why and offer nothing
to write, and the services refuse too (their draft guard)."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from fazhi.core import stats
from fazhi.core.access import Refusal, require_perm
from fazhi.core.charts import figure_text
from fazhi.core.forms import add_service_error
from fazhi.core.links import records_url
from fazhi.core.stats import Number
from fazhi.reports import composer, document, readiness, services, tokens
from fazhi.reports.forms import (
    OutlineForm,
    ProposalForm,
    ReportCreateForm,
    ReportParticularsForm,
    SectionTextForm,
)
from fazhi.reports.models import (
    AnnualReport,
    Part,
    ReportOutline,
    ReportProposal,
    ReportSection,
)
from fazhi.reports.selectors import chapter_label, get_annual_report_for_user

# The longest text the preview reads (a section is a few thousand characters).
PREVIEW_MAX = 20000


def _report_for_edit(user: Any, pk: int) -> AnnualReport:
    """The report as an editor may open it: 404 outside the user's street, 403 without the
    permission to change reports."""
    return get_annual_report_for_user(user, pk, write=True)


def _editable(report: AnnualReport) -> bool:
    return report.status == AnnualReport.Status.DRAFT


def _refusal(report: AnnualReport) -> str:
    """Why a report cannot be written now."""
    if _editable(report):
        return ""
    message = _("本报告状态为“%(status)s”，只有状态为“起草中”的报告可以修改，本页只供查看。")
    return message % {"status": report.get_status_display()}


def _get_section(report: AnnualReport, section_pk: int) -> ReportSection:
    section = report.sections.filter(pk=section_pk).first()
    if section is None:
        raise Http404(Refusal(_("年度报告中没有该章节。")))
    section.report = report
    return section


# --- the figure picker ------------------------------------------------------------------------


@dataclass(frozen=True)
class PickerFigure:
    """One statistic as the picker lists it, with its value over the report's period."""

    key: str
    label: str
    unit: str
    description: str
    value: Number
    # Whether it may be read approximately or in words (a count, not a ratio).
    whole: bool

    @property
    def text(self) -> str:
        return figure_text(self.value)

    @property
    def token(self) -> str:
        return f"{tokens.OPEN}{self.key}{tokens.CLOSE}"

    @property
    def search(self) -> str:
        return f"{self.label} {self.key} {self.unit} {self.description}"


@dataclass
class PickerChapter:
    key: str
    label: str
    figures: list[PickerFigure] = field(default_factory=list)


def _whole(stat: stats.Statistic) -> bool:
    aggregate = stat.aggregate
    if isinstance(aggregate, stats.Ratio):
        return False
    return not (isinstance(aggregate, stats.Sum) and aggregate.decimal)


def figure_picker(report: AnnualReport, query: str = "") -> list[PickerChapter]:
    """Every registered figure of the report's street over its period (one statement), by the
    chapters of the statistics page; with ``query``, those whose label, key, unit or
    description hold each of its words."""
    values = stats.compute(report.street, report.period)
    order = {key: n for n, key in enumerate(stats.Chapter.values)}
    words = query.lower().split()
    chapters: dict[str, PickerChapter] = {}
    for stat in sorted(stats.registered(), key=lambda s: s.key):
        figure = PickerFigure(
            key=stat.key,
            label=str(stat.label),
            unit=str(stat.unit),
            description=str(stat.description),
            value=values[stat.key],
            whole=_whole(stat),
        )
        haystack = figure.search.lower()
        if not all(word in haystack for word in words):
            continue
        chapter = chapters.get(stat.chapter)
        if chapter is None:
            chapter = chapters[stat.chapter] = PickerChapter(
                stat.chapter, chapter_label(stat.chapter)
            )
        chapter.figures.append(figure)
    return sorted(chapters.values(), key=lambda c: (order.get(c.key, len(order)), c.key))


# --- the preview --------------------------------------------------------------------------------


@dataclass
class Preview:
    """A text as the report reads it: its paragraphs with the figures counted from the records,
    and what is wrong with its tokens."""

    paragraphs: list[SafeString]
    problems: list[str]


def _values(report: AnnualReport, texts: list[str]) -> document.Values:
    return document.figure_values(report.street, report.period, texts)


def preview(report: AnnualReport, text: str, values: document.Values) -> Preview:
    period = report.period
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return Preview(
        paragraphs=[tokens.render_html(line, period, values, records_url) for line in lines],
        problems=[str(p) for p in tokens.problems(text, period)],
    )


@dataclass
class ProposalItem:
    """A paragraph still proposed: as it reads, and the form that accepts or drops it."""

    proposal: ReportProposal
    html: list[SafeString]
    form: ProposalForm


# --- creating a report ------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def annual_report_create(request: HttpRequest) -> HttpResponse:
    """A new report of the user's street: the year and period chosen, the sections of the
    street's outline, and the first draft proposed from the records."""
    user: Any = request.user
    require_perm(user, AnnualReport, "add")
    street = user.street
    today = timezone.localdate()
    if request.method == "POST":
        form = ReportCreateForm(request.POST, today=today)
    else:
        form = ReportCreateForm(initial=ReportCreateForm.initial_for(today), today=today)
    context = {
        "form": form,
        "parts": [Part(p).label for p in services.outline_parts(street)] if street else [],
        "can_set_outline": user.has_perm("reports.change_reportoutline"),
    }
    if street is None:
        form.add_error(None, _("您的账号未归属任何街道。"))
        return render(request, "reports/annual_report_create.html", context, status=400)
    if request.method != "POST":
        return render(request, "reports/annual_report_create.html", context)
    if form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                report = services.report_create(
                    street=street,
                    year=data["year"],
                    period_start=data["period_start"],
                    period_end=data["period_end"],
                    actor=user,
                )
                proposed = composer.draft(report, actor=user)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request,
                _(
                    "已新建“%(title)s”，并按统计期间内的记录拟出%(n)s段拟稿建议，"
                    "请逐段采纳、修改或舍弃。"
                )
                % {"title": report.title, "n": len(proposed)},
            )
            return HttpResponseRedirect(reverse("reports:annual_report_detail", args=[report.pk]))
    return render(request, "reports/annual_report_create.html", context, status=400)


# --- the report's particulars and its sections ------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def annual_report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The report's particulars (title, issuing office, date, period, preamble) in a form, and
    its sections with what each holds, each opening its own editor."""
    user: Any = request.user
    report = _report_for_edit(user, pk)
    editable = _editable(report)
    # The form edits a copy: the page's heading keeps the saved title while the form is wrong.
    form = ReportParticularsForm(instance=copy.copy(report))
    status = 200
    if request.method == "POST":
        # Outside drafting the page says why and offers no form.
        status = 400
        form = ReportParticularsForm(request.POST, instance=copy.copy(report))
        if editable and form.is_valid():
            try:
                services.report_update(report, actor=user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, _("已保存报告信息。"))
                return HttpResponseRedirect(reverse("reports:annual_report_edit", args=[pk]))
    view = document.read_report(report, empty=True)
    sections = [s.section for s in view.sections]
    rows = [
        {
            "view": s,
            "paragraphs": len(s.section.paragraphs),
            "pending": sum(1 for p in s.paragraphs if p.proposal is not None),
            "url": reverse("reports:annual_report_edit_section", args=[report.pk, s.section.pk]),
        }
        for s in view.sections
    ]
    return render(
        request,
        "reports/annual_report_edit.html",
        {
            "report": report,
            "form": form,
            "editable": editable,
            "refusal": _refusal(report),
            "rows": rows,
            "readiness": readiness.check(report, sections=sections, values=view.values),
        },
        status=status,
    )


def _section_page(
    request: HttpRequest,
    report: AnnualReport,
    section: ReportSection,
    *,
    form: SectionTextForm | None = None,
    proposal_forms: dict[int, ProposalForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    editable = _editable(report)
    with_title = bool(section.area)
    if form is None:
        form = SectionTextForm(
            initial={"title": section.title, "text": section.text}, with_title=with_title
        )
    text = form.data.get("text", section.text) if form.is_bound else section.text
    pending = list(
        section.proposals.filter(status=ReportProposal.Status.PROPOSED).order_by("position")
    )
    values = _values(report, [text, *(p.text for p in pending)])
    proposal_forms = proposal_forms or {}
    proposals = []
    for proposal in pending:
        proposal_form = proposal_forms.get(proposal.pk) or ProposalForm(
            initial={"text": proposal.text}
        )
        proposals.append(
            ProposalItem(
                proposal=proposal,
                html=preview(report, proposal.text, values).paragraphs,
                form=proposal_form,
            )
        )
    query = request.GET.get("q", "")[:100]
    sections = list(report.sections.all())
    index = next(n for n, s in enumerate(sections) if s.pk == section.pk)
    neighbours = {
        "previous": sections[index - 1] if index > 0 else None,
        "next": sections[index + 1] if index + 1 < len(sections) else None,
    }
    return render(
        request,
        "reports/annual_report_edit_section.html",
        {
            "report": report,
            "section": section,
            "heading": _heading(report, sections, section),
            "form": form,
            "editable": editable,
            "refusal": _refusal(report),
            "preview": preview(report, text, values),
            "preview_url": reverse("reports:annual_report_preview", args=[report.pk]),
            "proposals": proposals,
            "picker": figure_picker(report, query) if editable else [],
            "picker_query": query,
            **neighbours,
        },
        status=status,
    )


def _heading(report: AnnualReport, sections: list[ReportSection], section: ReportSection) -> str:
    """The section's heading as the document numbers it: 一、… or 一、…（二）…."""
    parts: list[str] = []
    for s in sections:
        if s.part not in parts:
            parts.append(s.part)
    heading = _("%(n)s、%(heading)s") % {
        "n": tokens.in_words(parts.index(section.part) + 1),
        "heading": document.part_heading(section.part, report.year),
    }
    if section.area:
        areas = [s for s in sections if s.part == section.part]
        number = next(n for n, s in enumerate(areas, start=1) if s.pk == section.pk)
        heading += _("（%(n)s）%(title)s") % {
            "n": tokens.in_words(number),
            "title": section.title or section.get_area_display(),
        }
    return heading


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def annual_report_edit_section(request: HttpRequest, pk: int, section_pk: int) -> HttpResponse:
    """One section's text (and a work area's subheading) in a textarea, the figure picker
    beside it, a preview as the report reads it, and the paragraphs still proposed. Posting
    ``action=preview`` shows the text as it would read without saving it (the preview without
    script); ``action=save`` saves it, unless a token cannot be read."""
    user: Any = request.user
    report = _report_for_edit(user, pk)
    section = _get_section(report, section_pk)
    if request.method != "POST":
        return _section_page(request, report, section)
    form = SectionTextForm(request.POST, with_title=bool(section.area))
    if request.POST.get("action") == "preview":
        form.is_valid()
        return _section_page(request, report, section, form=form)
    if not _editable(report):
        return _section_page(request, report, section, status=400)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.report_section_update(
                section,
                actor=user,
                text=data["text"],
                title=data.get("title"),
            )
        except ValidationError as exc:
            add_service_error(form, exc, "text")
        else:
            messages.success(request, _("已保存“%(section)s”。") % {"section": section})
            return HttpResponseRedirect(
                reverse("reports:annual_report_edit_section", args=[pk, section.pk])
            )
    return _section_page(request, report, section, form=form, status=400)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def annual_report_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The rendered HTML of a text (``text``, posted or in the query) as the report reads it:
    each figure counted from the records of its period and linking to them, and the problems
    of its tokens — the editor's live preview."""
    user: Any = request.user
    report = _report_for_edit(user, pk)
    text = (request.POST if request.method == "POST" else request.GET).get("text", "")
    if len(text) > PREVIEW_MAX:
        return HttpResponse(
            _("正文过长，无法预览（不超过%(n)s字）。") % {"n": PREVIEW_MAX},
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    return render(
        request,
        "reports/_section_preview.html",
        {"preview": preview(report, text, _values(report, [text]))},
    )


@login_required
@require_POST
def annual_report_proposal(request: HttpRequest, pk: int, proposal_pk: int) -> HttpResponse:
    """Accept a proposed paragraph (as proposed or as edited) into its section, or drop it."""
    user: Any = request.user
    report = _report_for_edit(user, pk)
    proposal = (
        ReportProposal.objects.filter(pk=proposal_pk, section__report=report)
        .select_related("section")
        .first()
    )
    if proposal is None:
        raise Http404(Refusal(_("该拟稿建议不存在。")))
    section = proposal.section
    section.report = report
    if not _editable(report):
        return _section_page(request, report, section, status=400)
    form = ProposalForm(request.POST)
    if form.is_valid():
        try:
            if form.cleaned_data["action"] == ProposalForm.ACCEPT:
                services.report_proposal_accept(
                    proposal, actor=user, text=form.cleaned_data["text"]
                )
                message = _("已将拟稿建议采纳到“%(section)s”。")
            else:
                services.report_proposal_drop(proposal, actor=user)
                message = _("已舍弃“%(section)s”的一段拟稿建议。")
        except ValidationError as exc:
            proposal.refresh_from_db(fields=["status"])
            if proposal.status != ReportProposal.Status.PROPOSED:  # decided meanwhile
                messages.error(request, " ".join(exc.messages))
                return HttpResponseRedirect(
                    reverse("reports:annual_report_edit_section", args=[pk, section.pk])
                )
            add_service_error(form, exc, "text")
        else:
            messages.success(request, message % {"section": section})
            return HttpResponseRedirect(
                reverse("reports:annual_report_edit_section", args=[pk, section.pk])
            )
    return _section_page(request, report, section, proposal_forms={proposal.pk: form}, status=400)


# --- the street's outline ---------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def report_outline(request: HttpRequest) -> HttpResponse:
    """Which parts the street's new reports have, and in which order."""
    user: Any = request.user
    require_perm(user, ReportOutline, "view")
    street = user.street
    if street is None:
        raise Http404(Refusal(_("您的账号未归属任何街道。")))
    current = services.outline_parts(street)
    if request.method == "POST":
        require_perm(user, ReportOutline, "change")
        form = OutlineForm(request.POST)
        if form.is_valid():
            try:
                services.report_outline_set(street=street, parts=form.parts(), actor=user)
            except ValidationError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, _("已保存年度报告章节设置。"))
                return HttpResponseRedirect(reverse("reports:report_outline"))
        status = 400
    else:
        form = OutlineForm(initial=OutlineForm.initial_for(current))
        status = 200
    return render(
        request,
        "reports/report_outline.html",
        {
            "form": form,
            "current": [Part(p).label for p in current],
            "can_change": user.has_perm("reports.change_reportoutline"),
        },
        status=status,
    )


# --- what is still missing --------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD"])
def annual_report_readiness(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything missing before the report can go forward, each with a link to where it is
    put right."""
    user: Any = request.user
    report = get_annual_report_for_user(user, pk)
    return render(
        request,
        "reports/annual_report_readiness.html",
        {
            "report": report,
            "readiness": readiness.check(report),
            "can_edit": user.has_perm("reports.change_annualreport") and _editable(report),
        },
    )
