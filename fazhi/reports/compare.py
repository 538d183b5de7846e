"""Two versions of an annual report compared: the text side by side, section by section, with
what was deleted and inserted marked, and the figures whose values changed.

A version holds the text with its figure tokens and the value each figure had when it was saved
(``ReportVersion``). Each side is read as it read then — every token written out with its own
version's value — so a sentence whose number changed shows the change in place, and the figures
table lists every changed value with its statistic and period. Nothing here queries beyond the
versions passed in; the registry of statistics gives the figures' labels.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from fazhi.core import stats
from fazhi.core.formats import cn_date
from fazhi.core.stats import Number, Period
from fazhi.reports import document, tokens
from fazhi.reports.models import AnnualReport, Area, ReportVersion

SAME, CHANGED, ADDED, REMOVED = "same", "changed", "added", "removed"
# An unchanged run this short between two changes is shown as part of them: a character-level
# diff of Chinese text otherwise marks a changed phrase as many one-character pieces.
_MERGE_SHORTER_THAN = 2


@dataclass(frozen=True)
class Piece:
    """A run of a paragraph's text, marked when it is not in the other version."""

    text: str
    changed: bool


@dataclass(frozen=True)
class Line:
    """One paragraph (or particular) side by side: as it read before and as it reads after;
    a side is empty where the paragraph was added or removed."""

    kind: str
    before: tuple[Piece, ...]
    after: tuple[Piece, ...]


@dataclass(frozen=True)
class SectionDiff:
    """A section of the report with its paragraphs compared."""

    heading: str
    lines: tuple[Line, ...]

    @property
    def changed(self) -> bool:
        return any(line.kind != SAME for line in self.lines)


@dataclass(frozen=True)
class FigureChange:
    """A figure cited by either version whose value differs: the statistic, its period, and
    its value and reading then and now (None where the version does not cite it)."""

    key: str
    label: str
    unit: str
    period: Period
    before: Number | None
    after: Number | None
    before_text: str
    after_text: str

    @property
    def kind(self) -> str:
        if self.before is None:
            return ADDED
        if self.after is None:
            return REMOVED
        return CHANGED


@dataclass(frozen=True)
class Comparison:
    """``older`` and ``newer`` of one report compared."""

    older: ReportVersion
    newer: ReportVersion
    sections: tuple[SectionDiff, ...]
    figures: tuple[FigureChange, ...]
    figures_unchanged: int

    @property
    def changed(self) -> bool:
        return bool(self.figures) or any(s.changed for s in self.sections)


# --- which versions ---------------------------------------------------------------------------------


def default_pair(
    versions: Sequence[ReportVersion],
) -> tuple[ReportVersion, ReportVersion] | None:
    """The versions compared when none are chosen: the last approved against the latest, or —
    when the latest is that approval, or nothing was approved — the one before the latest
    against it. None with fewer than two versions."""
    ordered = sorted(versions, key=lambda v: v.number)
    if len(ordered) < 2:
        return None
    latest = ordered[-1]
    approved = [v for v in ordered[:-1] if v.occasion == ReportVersion.Occasion.APPROVAL]
    return (approved[-1] if approved else ordered[-2]), latest


# --- reading a version ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Section:
    key: tuple[str, str]
    heading: str
    subheading: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class _Read:
    """A version as it read: its particulars, preamble and sections in plain text."""

    particulars: tuple[str, ...]
    preamble: tuple[str, ...]
    sections: tuple[_Section, ...]
    figures: dict[tuple[str, Period], tuple[Number, str]]


def _date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    return date.fromisoformat(value) if value else None


def _period(content: dict[str, Any], report: AnnualReport) -> Period:
    start, end = content.get("period") or (report.period_start, report.period_end)
    first, last = _date(start), _date(end)
    assert first is not None and last is not None
    return Period(first, last)


def _figures(version: ReportVersion) -> dict[tuple[str, Period], tuple[Number, str]]:
    """Each figure the version cites, by statistic and period: its value and first reading."""
    found: dict[tuple[str, Period], tuple[Number, str]] = {}
    for figure in version.figures:
        period = Period(date.fromisoformat(figure["start"]), date.fromisoformat(figure["end"]))
        found.setdefault((figure["key"], period), (figure["value"], figure.get("text", "")))
    return found


def _paragraphs(text: str, period: Period, values: document.Values) -> tuple[str, ...]:
    lines = (line.strip() for line in text.splitlines())
    return tuple(tokens.render_text(line, period, values) for line in lines if line)


def _read(report: AnnualReport, version: ReportVersion) -> _Read:
    content: dict[str, Any] = version.content
    period = _period(content, report)
    figures = _figures(version)
    values: document.Values = {place: value for place, (value, _text) in figures.items()}
    issued_on = _date(content.get("issued_on"))
    particulars = (
        _("标题：%(value)s") % {"value": content.get("title", "")},
        _("发文机关：%(value)s") % {"value": content.get("issuer", "")},
        _("成文日期：%(value)s") % {"value": cn_date(issued_on) if issued_on else _("未填写")},
        _("统计期间：%(value)s") % {"value": period},
    )
    sections = []
    for section in content.get("sections", []):
        part, area = section["part"], section.get("area", "")
        heading = document.part_heading(part, report.year)
        subheading = ""
        if area:
            subheading = section.get("title") or str(Area(area).label)
        sections.append(
            _Section(
                key=(part, area),
                heading=heading,
                subheading=subheading,
                paragraphs=_paragraphs(section.get("text", ""), period, values),
            )
        )
    return _Read(
        particulars=particulars,
        preamble=_paragraphs(content.get("preamble", ""), period, values),
        sections=tuple(sections),
        figures=figures,
    )


# --- comparing ------------------------------------------------------------------------------------


def _merge(runs: Sequence[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """Fold short unchanged runs between changes into the changes: (tag, before, after)."""
    merged: list[tuple[str, str, str]] = []
    for index, (tag, before, after) in enumerate(runs):
        short = tag == "equal" and len(before) < _MERGE_SHORTER_THAN
        between = 0 < index < len(runs) - 1
        if short and between:
            tag = "replace"
        if merged and tag != "equal" and merged[-1][0] != "equal":
            _tag, old_before, old_after = merged.pop()
            merged.append(("replace", old_before + before, old_after + after))
        else:
            merged.append((tag, before, after))
    return merged


def pieces(before: str, after: str) -> tuple[tuple[Piece, ...], tuple[Piece, ...]]:
    """``before`` and ``after`` cut into runs, the runs not in the other text marked."""
    matcher = SequenceMatcher(None, before, after, autojunk=False)
    runs = [(tag, before[i1:i2], after[j1:j2]) for tag, i1, i2, j1, j2 in matcher.get_opcodes()]
    old: list[Piece] = []
    new: list[Piece] = []
    for tag, old_text, new_text in _merge(runs):
        changed = tag != "equal"
        if old_text:
            old.append(Piece(old_text, changed))
        if new_text:
            new.append(Piece(new_text, changed))
    return tuple(old), tuple(new)


def _whole(text: str) -> tuple[Piece, ...]:
    return (Piece(text, True),)


def lines(before: Sequence[str], after: Sequence[str]) -> tuple[Line, ...]:
    """Paragraphs aligned (difflib over the paragraphs, then over the characters of those
    that changed): unchanged, changed, added or removed."""
    result: list[Line] = []
    matcher = SequenceMatcher(None, list(before), list(after), autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            result.extend(
                Line(SAME, (Piece(text, False),), (Piece(text, False),)) for text in before[i1:i2]
            )
            continue
        old, new = list(before[i1:i2]), list(after[j1:j2])
        for k in range(max(len(old), len(new))):
            if k < len(old) and k < len(new):
                result.append(Line(CHANGED, *pieces(old[k], new[k])))
            elif k < len(old):
                result.append(Line(REMOVED, _whole(old[k]), ()))
            else:
                result.append(Line(ADDED, (), _whole(new[k])))
    return tuple(result)


def _figure_label(key: str) -> tuple[str, str]:
    try:
        stat = stats.get(key)
    except ValidationError:  # a statistic no longer registered: its key says what it was
        return key, ""
    return str(stat.label), str(stat.unit)


def figure_changes(
    before: dict[tuple[str, Period], tuple[Number, str]],
    after: dict[tuple[str, Period], tuple[Number, str]],
) -> tuple[list[FigureChange], int]:
    """The figures whose value differs (or that only one version cites), in the order the
    newer version cites them, then those only the older cites; and how many are unchanged."""
    changes: list[FigureChange] = []
    unchanged = 0
    places = [*after, *(place for place in before if place not in after)]
    for key, period in places:
        old, new = before.get((key, period)), after.get((key, period))
        if old is not None and new is not None and old[0] == new[0]:
            unchanged += 1
            continue
        label, unit = _figure_label(key)
        changes.append(
            FigureChange(
                key=key,
                label=label,
                unit=unit,
                period=period,
                before=old[0] if old is not None else None,
                after=new[0] if new is not None else None,
                before_text=old[1] if old is not None else "",
                after_text=new[1] if new is not None else "",
            )
        )
    return changes, unchanged


def compare(report: AnnualReport, older: ReportVersion, newer: ReportVersion) -> Comparison:
    """``older`` and ``newer`` of ``report`` compared: its particulars, preamble and each
    section (matched by part and work area) side by side, and the figures that changed."""
    then, now = _read(report, older), _read(report, newer)
    sections = [
        SectionDiff(_("报告信息"), lines(then.particulars, now.particulars)),
        SectionDiff(_("开头语"), lines(then.preamble, now.preamble)),
    ]
    earlier = {section.key: section for section in then.sections}
    later_keys = {section.key for section in now.sections}
    empty = _Section(("", ""), "", "", ())
    for section in [*now.sections, *(s for s in then.sections if s.key not in later_keys)]:
        old = earlier.get(section.key, empty) if section.key in later_keys else section
        new = section if section.key in later_keys else empty
        heading = section.heading
        if section.subheading:
            heading = _("%(part)s：%(area)s") % {"part": heading, "area": section.subheading}
        diff = lines(old.paragraphs, new.paragraphs)
        if old.subheading and new.subheading and old.subheading != new.subheading:
            diff = (Line(CHANGED, *pieces(old.subheading, new.subheading)), *diff)
        sections.append(SectionDiff(heading, diff))
    figures, unchanged = figure_changes(then.figures, now.figures)
    return Comparison(older, newer, tuple(sections), tuple(figures), unchanged)
