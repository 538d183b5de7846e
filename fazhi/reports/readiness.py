"""What is still missing before an annual report can go forward (报送前检查): each gap with where
it is put right.

A report is ready when it has every part of its street's outline (the five parts of
督察工作规定第二十五条 unless the outline says otherwise) with text — 其他需要报告的情况 may read
无 —, no paragraph still proposed, every figure token readable, text for each work area of
主要举措和成效 whose records the period holds, a title, an issuing office and a date; and, once
a version has been approved, every figure still counting what it counted at the approval.

The check reads: the sections and their proposals (two queries, or none when the caller has
them), the street's outline, the work areas' figures where an area has no text (one statement,
and one more for the epidemic's publicity), the approved version, and the figures of the
pending proposals and of the approval, counted now (one statement per distinct period).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _

from fazhi.core import stats
from fazhi.core.charts import figure_text
from fazhi.core.links import records_url
from fazhi.core.stats import Number, Period
from fazhi.reports import document, tokens
from fazhi.reports.models import (
    AnnualReport,
    Area,
    Part,
    ReportProposal,
    ReportSection,
    ReportVersion,
)
from fazhi.reports.services import outline_parts

Values = document.Values

# The kinds of gap, in the order the page lists them.
PARTICULARS = "particulars"
PARTS = "parts"
AREAS = "areas"
PROPOSALS = "proposals"
TOKENS = "tokens"
FIGURES = "figures"
KINDS: tuple[str, ...] = (PARTICULARS, PARTS, AREAS, PROPOSALS, TOKENS, FIGURES)

# The figures whose records tell of each work area of 主要举措和成效: an area with one of them
# above zero over the report's period has something to report.
AREA_FIGURES: dict[str, tuple[str, ...]] = {
    Area.ORGANISATION: ("org.leading_group_members", "org.leading_group_meetings"),
    Area.EPIDEMIC: ("legal_services.consultations.topic.epidemic",),
    Area.ENFORCEMENT: (
        "enforcement.patrols",
        "enforcement.cases_found",
        "enforcement.campaigns",
        "enforcement.frontage_self_checks",
    ),
    Area.DECISIONS: (
        "reviews.requests",
        "reviews.major_decisions_decided",
        "legal_services.consultations",
        "legal_services.duty_shifts_held",
        "legal_services.mediations",
    ),
    Area.EDUCATION: (
        "outreach.activities",
        "outreach.publicity_items",
        "outreach.media_works",
        "study.sessions",
    ),
}
# What marks the publicity and works of 疫情防控普法 (as the first draft reads them).
EPIDEMIC_THEME = "疫情"


def kind_label(kind: str) -> str:
    labels = {
        PARTICULARS: _("标题、发文机关和成文日期"),
        PARTS: _("章节"),
        AREAS: _("有记录但尚无正文的工作领域"),
        PROPOSALS: _("待确认的拟稿建议"),
        TOKENS: _("无法读取的数字标记"),
        FIGURES: _("审定后发生变化的数字"),
    }
    return labels[kind]


@dataclass(frozen=True)
class Gap:
    """One thing missing before the report can go forward, and the page where it is fixed."""

    kind: str
    message: str
    url: str
    link: str
    # For a figure: the page of the records it counts now.
    records_url: str = ""


@dataclass(frozen=True)
class GapGroup:
    kind: str
    label: str
    gaps: list[Gap]


@dataclass
class Readiness:
    """The gaps of a report, in the order of ``KINDS``; none when it is ready."""

    report: AnnualReport
    gaps: list[Gap] = field(default_factory=list)
    # The number of the approved version the figures were compared with, if there is one.
    approved_version: int | None = None

    @property
    def ready(self) -> bool:
        return not self.gaps

    @property
    def count(self) -> int:
        return len(self.gaps)

    def groups(self) -> list[GapGroup]:
        by_kind: dict[str, list[Gap]] = defaultdict(list)
        for gap in self.gaps:
            by_kind[gap.kind].append(gap)
        return [GapGroup(k, kind_label(k), by_kind[k]) for k in KINDS if by_kind.get(k)]


# --- where things are fixed ---------------------------------------------------------------------


def edit_url(report: AnnualReport, anchor: str = "") -> str:
    url = reverse("reports:annual_report_edit", args=[report.pk])
    return f"{url}#{anchor}" if anchor else url


def section_url(section: ReportSection, anchor: str = "") -> str:
    url = reverse("reports:annual_report_edit_section", args=[section.report_id, section.pk])
    return f"{url}#{anchor}" if anchor else url


def outline_url() -> str:
    return reverse("reports:report_outline")


def section_label(section: ReportSection) -> str:
    """主要举措和成效：疫情防控普法, or the part's name."""
    return str(section)


# --- the checks ---------------------------------------------------------------------------------


def _pending(section: ReportSection) -> list[ReportProposal]:
    # Filtered in Python so the prefetched proposals serve it.
    return [p for p in section.proposals.all() if p.status == ReportProposal.Status.PROPOSED]


def _particulars(report: AnnualReport) -> list[Gap]:
    gaps: list[Gap] = []
    link = _("修改报告信息")
    if not report.title.strip():
        gaps.append(Gap(PARTICULARS, _("报告尚无标题。"), edit_url(report, "id_title"), link))
    if not report.issuer.strip():
        gaps.append(Gap(PARTICULARS, _("尚未填写发文机关。"), edit_url(report, "id_issuer"), link))
    if report.issued_on is None:
        gaps.append(
            Gap(PARTICULARS, _("尚未填写成文日期。"), edit_url(report, "id_issued_on"), link)
        )
    return gaps


def _parts(report: AnnualReport, sections: Sequence[ReportSection]) -> list[Gap]:
    gaps: list[Gap] = []
    by_part: dict[str, list[ReportSection]] = defaultdict(list)
    for section in sections:
        by_part[section.part].append(section)
    for part in outline_parts(report.street_id):
        label = Part(part).label
        found = by_part.get(part)
        if not found:
            gaps.append(
                Gap(
                    PARTS,
                    _("本报告没有“%(part)s”一章，而本街道的章节设置要求有这一章。")
                    % {"part": label},
                    outline_url(),
                    _("查看章节设置"),
                )
            )
            continue
        if any(s.text.strip() for s in found):
            continue
        if part == Part.OTHER:
            message = _("“%(part)s”尚无内容；没有需要报告的情况，请写“无”。") % {"part": label}
        else:
            message = _("“%(part)s”尚无内容。") % {"part": label}
        gaps.append(Gap(PARTS, message, section_url(found[0]), _("编写该章节")))
    return gaps


def _epidemic_publicity(report: AnnualReport) -> int:
    """The period's publicity items on the epidemic (the draft's 疫情防控普法 draws on them)."""
    from fazhi.outreach.models import PublicityItem

    period = report.period
    return (
        PublicityItem.objects.filter(
            street_id=report.street_id,
            published_on__gte=period.start,
            published_on__lte=period.end,
            themes__name__contains=EPIDEMIC_THEME,
        )
        .values("pk")
        .distinct()
        .count()
    )


def _areas(report: AnnualReport, sections: Sequence[ReportSection]) -> list[Gap]:
    """The work areas without text whose records the period holds."""
    empty = [s for s in sections if s.part == Part.MEASURES and s.area and not s.text.strip()]
    if not empty:
        return []
    known = {s.key for s in stats.registered()}
    keys = sorted({k for s in empty for k in AREA_FIGURES.get(s.area, ()) if k in known})
    values = stats.compute(report.street, report.period, keys) if keys else {}
    gaps: list[Gap] = []
    for section in empty:
        evidence: list[str] = []
        for key in AREA_FIGURES.get(section.area, ()):
            if values.get(key):
                stat = stats.get(key)
                evidence.append(f"{stat.label}{figure_text(values[key])}{stat.unit}")
        if section.area == Area.EPIDEMIC:
            count = _epidemic_publicity(report)
            if count:
                evidence.insert(0, _("疫情防控宣传%(n)s条") % {"n": figure_text(count)})
        if not evidence:
            continue
        gaps.append(
            Gap(
                AREAS,
                _("“%(section)s”尚无正文，而统计期间内有%(evidence)s等记录。")
                % {"section": section_label(section), "evidence": _("、").join(evidence[:3])},
                section_url(section),
                _("编写该章节"),
            )
        )
    return gaps


def _excerpt(text: str, period: Period, values: Values, length: int = 40) -> str:
    plain = " ".join(tokens.render_text(text, period, values).split())
    return plain if len(plain) <= length else plain[:length] + "…"


def _proposals(
    report: AnnualReport, sections: Sequence[ReportSection], values: Values
) -> list[Gap]:
    gaps: list[Gap] = []
    for section in sections:
        for proposal in _pending(section):
            gaps.append(
                Gap(
                    PROPOSALS,
                    _("“%(section)s”的拟稿建议尚待采纳或舍弃：%(excerpt)s")
                    % {
                        "section": section_label(section),
                        "excerpt": _excerpt(proposal.text, report.period, values),
                    },
                    section_url(section, f"proposal-{proposal.pk}"),
                    _("处理拟稿建议"),
                )
            )
    return gaps


def _tokens(report: AnnualReport, sections: Sequence[ReportSection]) -> list[Gap]:
    period = report.period
    places: list[tuple[str, str, str]] = [
        (report.preamble, _("开头语"), edit_url(report, "id_preamble"))
    ]
    for section in sections:
        places.append((section.text, section_label(section), section_url(section, "id_text")))
        for proposal in _pending(section):
            places.append(
                (
                    proposal.text,
                    _("%(section)s的拟稿建议") % {"section": section_label(section)},
                    section_url(section, f"proposal-{proposal.pk}"),
                )
            )
    gaps: list[Gap] = []
    for text, where, url in places:
        for problem in tokens.problems(text, period):
            gaps.append(
                Gap(
                    TOKENS,
                    _("%(where)s：%(problem)s") % {"where": where, "problem": problem},
                    url,
                    _("修改"),
                )
            )
    return gaps


def _token_place(report: AnnualReport, sections: Sequence[ReportSection], source: str) -> str:
    """The editing page of the text that holds the token ``source``."""
    for section in sections:
        if source and source in section.text:
            return section_url(section, "id_text")
    if source and source in report.preamble:
        return edit_url(report, "id_preamble")
    return edit_url(report)


@dataclass(frozen=True)
class _Frozen:
    """The figures of an approved version: by (key, period) the value and the token, and those
    whose statistic the registry no longer has."""

    figures: dict[tuple[str, Period], tuple[Number, str]]
    gone: dict[str, tuple[Number, str]]


def _frozen(approved: ReportVersion) -> _Frozen:
    frozen = _Frozen({}, {})
    known = {s.key for s in stats.registered()}
    for figure in approved.figures or []:
        try:
            key = str(figure["key"])
            period = Period(date.fromisoformat(figure["start"]), date.fromisoformat(figure["end"]))
            then: Number = figure["value"]
        except (KeyError, TypeError, ValueError):
            continue
        source = str(figure.get("token", ""))
        if key in known:
            frozen.figures.setdefault((key, period), (then, source))
        else:
            frozen.gone.setdefault(key, (then, source))
    return frozen


def _figures(
    report: AnnualReport, sections: Sequence[ReportSection], frozen: _Frozen, now: Values
) -> list[Gap]:
    """Every figure frozen at the approval whose value now differs (数字已变化，需重新审定)."""
    gaps: list[Gap] = []
    for (key, period), (then, source) in frozen.figures.items():
        current = now[(key, period)]
        if float(current) == float(then):
            continue
        stat = stats.get(key)
        gaps.append(
            Gap(
                FIGURES,
                _(
                    "数字已变化，需重新审定：%(label)s（%(key)s），%(period)s，"
                    "审定时为%(then)s%(unit)s，现为%(now)s%(unit)s。"
                )
                % {
                    "label": stat.label,
                    "key": key,
                    "period": period,
                    "then": figure_text(then),
                    "now": figure_text(current),
                    "unit": stat.unit,
                },
                _token_place(report, sections, source),
                _("修改正文"),
                records_url(key, period),
            )
        )
    for key, (then, source) in frozen.gone.items():
        gaps.append(
            Gap(
                FIGURES,
                _("审定时引用的统计指标“%(key)s”（当时为%(then)s）已不存在，需重新审定。")
                % {"key": key, "then": figure_text(then)},
                _token_place(report, sections, source),
                _("修改正文"),
            )
        )
    return gaps


def approved_version(report: AnnualReport) -> ReportVersion | None:
    """The latest version frozen at an approval (审定), if the report has been approved."""
    return (
        report.versions.filter(occasion=ReportVersion.Occasion.APPROVAL).order_by("-number").first()
    )


def _current_values(
    report: AnnualReport, pending: list[str], frozen: _Frozen | None, values: Values
) -> Values:
    """``values`` completed with the figures the pending proposals cite and those frozen at the
    approval: one statement per distinct period of what is missing."""
    known = {s.key for s in stats.registered()}
    wanted: dict[Period, set[str]] = defaultdict(set)
    for text in pending:
        for token in tokens.tokens(text):
            try:
                period = token.period(report.period)
            except ValidationError:  # a period ending before it starts (a token problem)
                continue
            if token.key in known and (token.key, period) not in values:
                wanted[period].add(token.key)
    if frozen is not None:
        for key, period in frozen.figures:
            if (key, period) not in values:
                wanted[period].add(key)
    completed = dict(values)
    for period, keys in wanted.items():
        for key, value in stats.compute(report.street, period, sorted(keys)).items():
            completed[(key, period)] = value
    return completed


def check(
    report: AnnualReport,
    *,
    sections: Sequence[ReportSection] | None = None,
    values: Values | None = None,
) -> Readiness:
    """Everything missing before ``report`` can go forward, each gap with the page where it is
    fixed. ``sections`` (all of them, in order, their proposals prefetched) and ``values`` (the
    report's figures as the records count them now, ``document.figure_values``) spare the
    queries when the caller has read them already; what they lack is counted here."""
    if sections is None:
        sections = list(report.sections.prefetch_related("proposals"))
    approved = approved_version(report)
    frozen = _frozen(approved) if approved is not None else None
    pending = [p.text for s in sections for p in _pending(s)]
    now = _current_values(report, pending, frozen, values or {})
    gaps = [
        *_particulars(report),
        *_parts(report, sections),
        *_areas(report, sections),
        *_proposals(report, sections, now),
        *_tokens(report, sections),
    ]
    readiness = Readiness(report, gaps)
    if approved is not None and frozen is not None:
        readiness.approved_version = approved.number
        readiness.gaps.extend(_figures(report, sections, frozen, now))
    return readiness
