"""Reads of the district view: the figures of a district's streets side by side with the
district's total, and a figure's breakdowns per street.

Figures only: nothing here returns a street's record, and every number comes from the
statistics engine's declarations (``fazhi.core.stats``), so a street's column is exactly what
that street's own statistics page shows.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from fazhi.core import stats
from fazhi.core.access import Refusal
from fazhi.org.models import District, Street

# The District model's own view permission: held by the district office role only.
VIEW_PERMISSION = "org.view_district"


def get_district_for_user(user: Any) -> District:
    """The district whose streets ``user`` may compare; 403 for anyone but an account of the
    district office (区依法治区办) that names its district."""
    if not user.has_perm(VIEW_PERMISSION):
        raise PermissionDenied(Refusal(_("只有区依法治区办的账号可以查看各街道的统计对比。")))
    if user.district_id is None:
        raise PermissionDenied(Refusal(_("您的账号未指定所属区，请联系系统管理员。")))
    district: District = user.district
    return district


def district_streets(district: District) -> list[Street]:
    """The streets of ``district``, in the order every list of streets shows them."""
    return list(Street.objects.filter(district=district))


# --- the comparison --------------------------------------------------------------------------


@dataclass(frozen=True)
class FigureRow:
    """One figure across the district: a value per street (in the streets' order) and the
    district's total."""

    stat: stats.Statistic
    values: list[stats.Number]
    total: stats.Number


@dataclass(frozen=True)
class ChapterRows:
    """The figures of one of the report's work areas (``stats.Chapter``)."""

    key: str
    label: Any
    rows: list[FigureRow]


@dataclass(frozen=True)
class Comparison:
    """Every figure of every street of a district in a period, grouped by chapter."""

    district: District
    streets: list[Street]
    period: stats.Period
    chapters: list[ChapterRows]

    def rows(self) -> Iterator[tuple[ChapterRows, FigureRow]]:
        for chapter in self.chapters:
            for row in chapter.rows:
                yield chapter, row


def _sum(numbers: Iterable[stats.Number]) -> stats.Number:
    total = sum(numbers)
    return round(total, 2) if isinstance(total, float) else total


def district_total(stat: stats.Statistic, values: Mapping[int, Mapping[str, stats.Number]]) -> Any:
    """The district's figure from its streets' figures (by street id, then key).

    A count, a sum and an as-of figure (a registry such as the grids) add up across streets,
    and so does a distinct count, since what it counts (a case, a lawyer, a village) belongs to
    one street. A ratio does not: it is the ratio of the summed numerator and denominator, so
    that a street with 2 mediations does not weigh as much as one with 200.
    """
    aggregate = stat.aggregate
    if isinstance(aggregate, stats.Ratio):
        summed = {
            key: _sum(v[key] for v in values.values())
            for key in (aggregate.numerator, aggregate.denominator)
        }
        return aggregate.of(summed)
    return _sum(v[stat.key] for v in values.values())


def _keys_with_parts(figures: Sequence[stats.Statistic]) -> list[str]:
    """The keys of ``figures`` and of the numerators and denominators of their ratios."""
    keys = dict.fromkeys(s.key for s in figures)
    for stat in figures:
        if isinstance(stat.aggregate, stats.Ratio):
            keys.update(dict.fromkeys([stat.aggregate.numerator, stat.aggregate.denominator]))
    return list(keys)


def figure_rows(
    streets: Sequence[Street], period: stats.Period, figures: Sequence[stats.Statistic]
) -> list[FigureRow]:
    """``figures`` for each street and the district, in one query whatever the number of
    streets or figures."""
    values = stats.compute_many(streets, period, _keys_with_parts(figures))
    return [
        FigureRow(
            stat=stat,
            values=[values[street.pk][stat.key] for street in streets],
            total=district_total(stat, values),
        )
        for stat in figures
    ]


def _chapter_order(key: str) -> tuple[int, str]:
    chapters = list(stats.Chapter.values)
    return (chapters.index(key) if key in chapters else len(chapters), key)


def comparison(
    district: District,
    streets: Sequence[Street],
    period: stats.Period,
    keys: Iterable[str] | None = None,
) -> Comparison:
    """Every registered figure (or those of ``keys``) of each street of ``district`` and the
    district's total, grouped by chapter in the report's order; one query."""
    wanted = None if keys is None else set(keys)
    figures = [s for s in stats.registered() if wanted is None or s.key in wanted]
    rows = figure_rows(streets, period, figures)
    chapters: dict[str, list[FigureRow]] = {}
    for row in rows:
        chapters.setdefault(row.stat.chapter, []).append(row)
    return Comparison(
        district=district,
        streets=list(streets),
        period=period,
        chapters=[
            ChapterRows(key=key, label=chapter_label(key), rows=chapters[key])
            for key in sorted(chapters, key=_chapter_order)
        ],
    )


def chapter_label(key: str) -> Any:
    return stats.Chapter(key).label if key in stats.Chapter.values else key


def headline(district: District, streets: Sequence[Street], period: stats.Period) -> Comparison:
    """The dashboard's headline figures (``Statistic.headline``) of each street."""
    return comparison(district, streets, period, [s.key for s in stats.registered() if s.headline])


# --- breakdowns per street ---------------------------------------------------------------------


# --- report readiness (extension point) -------------------------------------------------------


@dataclass(frozen=True)
class Readiness:
    """How far a street's annual report (法治政府建设情况报告) of the period's year has come."""

    label: str
    done: bool


def report_readiness(streets: Sequence[Street], year: int) -> dict[int, Readiness] | None:
    """Each street's report readiness for ``year`` (by street id), or None while the platform
    has no report composer.

    Extension point for the report module (``reports.AnnualReport``, still to come): answer
    here from its records, in one query for all streets (e.g. 起草中 3/5节, 已发布), never with a
    report's text. The comparison page and its export show a row 年度报告 above the figures as
    soon as this returns a mapping; nothing else changes.
    """
    return None
