"""How fast the annual report is written out as .docx, against a floor measured in the same run.

    FAZHI_ENV=test .venv/bin/python scripts/bench_report.py [--runs 15] [--no-district]
        [--no-postgres] [--profile] [--rebuild]

The render is what ``fazhi report --street haibin --year 2020 --out report.docx`` does once the
report exists, without the PDF: ``document.read_report`` (the sections, the paragraphs still
proposed, every figure counted from the records: one statement per period the tokens name),
``document.official_document`` and ``gbt9704.write_docx`` (the GB/T 9704 layout).

The floor is the least work that gives the document's words, by hand: the report's texts read
by two SQL statements, the figures its tokens cite by hand-written SQL (one statement per table,
every period the tokens name in it, written here without the ORM or the statistics engine),
the paragraphs put together around the numbers, and python-docx writing them plainly (a blank
document, one paragraph each: no page set-up, fonts, grid or page numbers). Its numbers are
checked equal to the engine's, and its paragraphs to the render's, before anything is timed;
each run times the render and the floor one after the other, each first in turn, each after a
garbage collection.

Databases (as ``scripts/bench_stats.py`` builds them, under var/bench/, built once and reused):

    SQLite, demo            Haibin's 2020 report (the demo's)
    SQLite, district scale  the demo plus 24 generated streets × 2016–2020 (``fazhi
                            generate_district``): Haibin's 2020 report among them, and a generated
                            street's 2020 report as ``fazhi report`` makes it for a street with
                            none (created and drafted from the records, proposals pending) inside
                            a transaction rolled back at the end; ``--no-district`` skips it
    PostgreSQL, demo        when PostgreSQL answers on 127.0.0.1:5432: a throwaway database
                            (ANALYZEd once loaded, as autovacuum would), dropped at the end

Targets: under 1 s on the demo and within 2× of the floor; under 2 s for one street-year at
district scale. Prints medians in milliseconds and their ratios; ``--profile`` adds the render's
cProfile (cumulative, on the demo). Not a test; the figures move with a busy machine.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from bench_stats import BENCH, _build, _env, _fazhi, _postgres_up  # noqa: E402

DEMO_DB = BENCH / "demo.sqlite3"
DISTRICT_DB = BENCH / "district.sqlite3"
STREETS, YEARS = 24, "2016-2020"


# --- the floor's SQL: every figure a report may cite, table by table ------------------------------
#
# Each table: its FROM and the street's condition; each figure: its aggregate over the rows,
# with {a} {b} (the period's first and last day) and {lo} {hi} (the UTC instants bounding its
# local days) to be bound to one period, {online} the channels of an online push. The keys are those the composer cites
# (``fazhi.reports.composer.KEYS``) and the pieces of its ratios.


def _between(column: str) -> str:
    return f"{column} >= {{a}} AND {column} <= {{b}}"


def _between_at(column: str) -> str:
    return f"{column} >= {{lo}} AND {column} < {{hi}}"


def _count(condition: str) -> str:
    return f"SUM(CASE WHEN {condition} THEN 1 ELSE 0 END)"


def _as_of(start: str, end: str) -> str:
    return f"{start} <= {{b}} AND ({end} IS NULL OR {end} > {{b}})"


TABLES: dict[str, str] = {
    "grid": "FROM org_grid WHERE street_id = %(s)s",
    "gridworker": "FROM org_gridworker WHERE street_id = %(s)s",
    "meeting": "FROM org_leadinggroupmeeting WHERE street_id = %(s)s",
    "review": "FROM reviews_reviewrequest WHERE street_id = %(s)s",
    "shift": "FROM legal_services_dutyshift WHERE street_id = %(s)s",
    "appointment": "FROM legal_services_appointment a JOIN legal_services_dutyshift d "
    "ON d.id = a.shift_id WHERE a.street_id = %(s)s",
    "consultation": "FROM legal_services_consultation WHERE street_id = %(s)s",
    "mediation": "FROM legal_services_mediation WHERE street_id = %(s)s",
    "wechatgroup": "FROM legal_services_wechatgroup w WHERE w.street_id = %(s)s",
    "publicity": "FROM outreach_publicityitem WHERE street_id = %(s)s",
    "contract": "FROM legal_services_advisercontract WHERE street_id = %(s)s",
    "mediawork": "FROM outreach_mediawork WHERE street_id = %(s)s",
    "activity": "FROM outreach_activity WHERE street_id = %(s)s",
    "patrol": "FROM enforcement_patrol WHERE street_id = %(s)s",
    "case": "FROM enforcement_case WHERE street_id = %(s)s",
    "frontageunit": "FROM enforcement_frontageunit WHERE street_id = %(s)s",
    "selfcheck": "FROM enforcement_frontageselfcheck k JOIN enforcement_frontageunit u "
    "ON u.id = k.unit_id WHERE u.street_id = %(s)s",
    "legalreview": "FROM enforcement_legalreview r JOIN enforcement_case c ON c.id = r.case_id "
    "LEFT JOIN org_user v ON v.id = r.reviewer_id WHERE c.street_id = %(s)s",
    "publication": "FROM enforcement_publication p JOIN enforcement_case c ON c.id = p.case_id "
    "WHERE c.street_id = %(s)s",
    "law": "FROM study_lawtostudy WHERE street_id = %(s)s",
    "session": "FROM study_studysession WHERE street_id = %(s)s",
    "examscore": "FROM study_studyexamscore x JOIN study_studyexam e ON e.id = x.exam_id "
    "WHERE x.street_id = %(s)s",
    "literate": "FROM study_legalliterate WHERE street_id = %(s)s",
}

_attended = "a.status = 'attended'"
FIGURES: dict[str, tuple[str, str]] = {
    "org.grids": ("grid", _count(_as_of("established_on", "dissolved_on"))),
    "org.grid_workers": ("gridworker", _count(_as_of("started_on", "ended_on"))),
    "org.leading_group_meetings": ("meeting", _count(_between("held_on"))),
    "reviews.contracts_reviewed": (
        "review",
        _count(
            _between("completed_on")
            + " AND status = 'completed' AND kind IN ('contract', 'agreement')"
        ),
    ),
    "legal_services.duty_shifts_held": ("shift", _count(_between("date") + " AND status = 'held'")),
    "legal_services.appointments": (
        "appointment",
        _count(
            _between("d.date") + " AND a.status IN ('booked', 'confirmed', 'attended', 'no_show')"
        ),
    ),
    "legal_services.appointment_lawyers": (
        "appointment",
        f"COUNT(DISTINCT CASE WHEN {_between('d.date')} AND {_attended} THEN d.lawyer_id END)",
    ),
    "legal_services.consultations": ("consultation", _count(_between_at("occurred_at"))),
    "legal_services.consultations.phone": (
        "consultation",
        _count(_between_at("occurred_at") + " AND channel = 'phone'"),
    ),
    "legal_services.consultations.wechat": (
        "consultation",
        _count(_between_at("occurred_at") + " AND channel = 'wechat'"),
    ),
    "legal_services.mediations_with_lawyer": (
        "mediation",
        _count(_between("received_on") + " AND lawyer_id IS NOT NULL"),
    ),
    "legal_services.wechat_groups": (
        "wechatgroup",
        _count(_as_of("w.created_on", "w.closed_on")),
    ),
    "legal_services.wechat_group_members": (
        "wechatgroup",
        f"SUM(CASE WHEN {_as_of('w.created_on', 'w.closed_on')} THEN "
        "(SELECT n.members FROM legal_services_wechatgroupcount n WHERE n.group_id = w.id "
        "AND n.counted_on <= {b} ORDER BY n.counted_on DESC LIMIT 1) END)",
    ),
    "legal_services.messages_pushed": (
        "publicity",
        _count(_between("published_on") + " AND channel IN ({online})"),
    ),
    "legal_services.adviser_contracts": (
        "contract",
        _count("starts_on <= {b} AND ends_on >= {b}"),
    ),
    "outreach.videos": (
        "mediawork",
        _count(_between("published_on") + " AND kind = 'short_video'"),
    ),
    "outreach.lectures": (
        "activity",
        _count(_between("held_on") + " AND status = 'held' AND kind = 'lecture'"),
    ),
    "outreach.market_day_events": (
        "activity",
        _count(_between("held_on") + " AND status = 'held' AND kind = 'market_day'"),
    ),
    "outreach.materials_distributed": (
        "activity",
        f"SUM(CASE WHEN {_between('held_on')} AND status = 'held' THEN materials END)",
    ),
    "enforcement.patrols": ("patrol", _count(_between_at("started_at"))),
    "enforcement.cases_stopped": ("case", _count(_between_at("stopped_at"))),
    "enforcement.decisions_late": (
        "case",
        _count(_between("decided_on") + " AND decided_on > decision_due_on"),
    ),
    "enforcement.frontage_units": ("frontageunit", _count("in_use AND letter_signed_on <= {b}")),
    "enforcement.frontage_self_checks": ("selfcheck", _count(_between("k.checked_on"))),
    "enforcement.major_cases_reviewed": (
        "legalreview",
        f"COUNT(DISTINCT CASE WHEN {_between_at('r.reviewed_at')} THEN r.case_id END)",
    ),
    "enforcement.major_cases_reviewed_part_time": (
        "legalreview",
        f"COUNT(DISTINCT CASE WHEN {_between_at('r.reviewed_at')} "
        "AND v.legal_review_post = 'part_time' THEN r.case_id END)",
    ),
    "enforcement.decisions_published": ("publication", _count(_between("p.published_on"))),
    "enforcement.decisions_published_late": (
        "publication",
        _count(_between("p.published_on") + " AND p.published_on > c.publish_due_on"),
    ),
    "study.laws_to_study": ("law", _count(_between("listed_on"))),
    "study.leadership_sessions": (
        "session",
        _count(_between("date") + " AND kind IN ('pre_meeting', 'leadership')"),
    ),
    "study.exam_takers": ("examscore", _count(_between("e.date"))),
    "study.exam_passed": ("examscore", _count(_between("e.date") + " AND x.score >= e.pass_score")),
    "study.legal_literates": ("literate", _count(_as_of("appointed_on", "ended_on"))),
}
# Figures made of others: (the pieces, how).
DERIVED: dict[str, tuple[tuple[str, ...], Callable[[dict[str, Any]], float]]] = {
    "study.exam_pass_rate": (
        ("study.exam_passed", "study.exam_takers"),
        lambda v: (
            round(100 * v["study.exam_passed"] / v["study.exam_takers"], 1)
            if v["study.exam_takers"]
            else 0.0
        ),
    ),
}

TEXTS_SQL = (
    "SELECT id, part, area, title, text FROM reports_reportsection "
    "WHERE report_id = %(r)s ORDER BY position"
)
PROPOSALS_SQL = (
    "SELECT p.section_id, p.text FROM reports_reportproposal p "
    "JOIN reports_reportsection s ON s.id = p.section_id "
    "WHERE s.report_id = %(r)s AND p.status = 'proposed' ORDER BY p.section_id, p.position"
)
TOKEN = re.compile(r"\{\{fig:[^{}]*\}\}")


# --- the measuring child: one database, set up by DATABASE_URL ------------------------------------


def measure(runs: int, district: bool, profile: bool) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")
    os.environ["FAZHI_DEBUG"] = "0"
    import django

    django.setup()
    from io import BytesIO

    from django.db import connection, transaction
    from docx import Document
    from stats_floor import _instants

    from fazhi.core import stats
    from fazhi.core.language import product_language
    from fazhi.org.models import Street
    from fazhi.outreach.models import PublicityItem
    from fazhi.reports import composer, document, services, tokens
    from fazhi.reports.gbt9704 import write_docx
    from fazhi.reports.models import AnnualReport, Area, Part

    stats.registered()
    online = ", ".join(f"'{channel}'" for channel in PublicityItem.ONLINE)

    def render(report: AnnualReport, phases: dict[str, list[float]] | None = None) -> bytes:
        """As ``fazhi report`` writes the .docx of an existing report."""
        t0 = time.perf_counter()
        view = document.read_report(report)
        t1 = time.perf_counter()
        official = document.official_document(view)
        t2 = time.perf_counter()
        data = write_docx(official)
        if phases is not None:
            t3 = time.perf_counter()
            phases["read_report"].append(t1 - t0)
            phases["official_document"].append(t2 - t1)
            phases["write_docx"].append(t3 - t2)
        return data

    class Floor:
        """The report's words by hand: its texts and figures by SQL, the paragraphs put
        together, python-docx writing them plainly."""

        def __init__(self, report: AnnualReport) -> None:
            self.report = report
            self.period = report.period
            # What a compiled template would hold: each token parsed once, the headings' words.
            self.tokens: dict[str, tokens.FigureToken] = {}
            self.units: dict[str, str] = {}
            with product_language():
                self.parts = {p: document.part_heading(p, report.year) for p in Part.values}
                self.areas = {k: str(v) for k, v in Area.choices}
            self.title = report.title
            self.issuer = report.issuer
            self.issued_on = report.issued_on or report.period_end
            self.sql_seconds: list[float] = []
            self.docx_seconds: list[float] = []

        def _token(self, source: str) -> tokens.FigureToken:
            token = self.tokens.get(source)
            if token is None:
                (token,) = tokens.tokens(source)
                self.tokens[source] = token
                with product_language():
                    self.units[token.key] = str(stats.get(token.key).unit)
            return token

        def texts(self) -> tuple[list[tuple[Any, ...]], dict[int, list[str]]]:
            with connection.cursor() as cursor:
                cursor.execute(TEXTS_SQL, {"r": self.report.pk})
                sections = cursor.fetchall()
                cursor.execute(PROPOSALS_SQL, {"r": self.report.pk})
                proposed: dict[int, list[str]] = defaultdict(list)
                for section_id, text in cursor.fetchall():
                    proposed[section_id].append(text)
            return sections, proposed

        def figures(self, wanted: set[tuple[str, stats.Period]]) -> dict[tuple[str, Any], Any]:
            """The values of ``wanted`` (key, period): one statement per table."""
            pieces: set[tuple[str, stats.Period]] = set()
            for key, period in wanted:
                if key in DERIVED:
                    pieces.update((p, period) for p in DERIVED[key][0])
                elif key in FIGURES:
                    pieces.add((key, period))
                else:
                    sys.exit(f"No floor for the figure {key}: add its SQL to FIGURES.")
            periods = sorted({p for _, p in pieces}, key=lambda p: (p.start, p.end))
            params: dict[str, Any] = {"s": self.report.street_id}
            names: dict[stats.Period, dict[str, str]] = {}
            for n, period in enumerate(periods):
                lo, hi = _instants(period.start, period.end)
                params |= {f"a{n}": period.start, f"b{n}": period.end, f"lo{n}": lo, f"hi{n}": hi}
                names[period] = {k: f"%({k}{n})s" for k in ("a", "b", "lo", "hi")}
            by_table: dict[str, list[tuple[str, stats.Period]]] = defaultdict(list)
            for key, period in sorted(pieces, key=lambda kp: (kp[0], kp[1].start, kp[1].end)):
                by_table[FIGURES[key][0]].append((key, period))
            values: dict[tuple[str, Any], Any] = {}
            with connection.cursor() as cursor:
                for table, items in by_table.items():
                    columns = ", ".join(
                        FIGURES[key][1].format(online=online, **names[period])
                        for key, period in items
                    )
                    cursor.execute(f"SELECT {columns} {TABLES[table]}", params)
                    for (key, period), value in zip(items, cursor.fetchone(), strict=True):
                        values[(key, period)] = int(value or 0)
            for key, period in wanted:
                if key in DERIVED:
                    parts, formula = DERIVED[key]
                    values[(key, period)] = formula({p: values[(p, period)] for p in parts})
            return values

        def paragraphs(self) -> list[str]:
            """The document's paragraphs, as the render writes them."""
            sections, proposed = self.texts()
            wanted: set[tuple[str, stats.Period]] = set()
            texts = [self.report.preamble]
            texts += [row[4] for row in sections]
            texts += [t for ts in proposed.values() for t in ts]
            for text in texts:
                for source in TOKEN.findall(text):
                    token = self._token(source)
                    wanted.add((token.key, token.period(self.period)))
            values = self.figures(wanted)

            def words(text: str) -> list[str]:
                def number(match: re.Match[str]) -> str:
                    token = self._token(match.group(0))
                    value = values[(token.key, token.period(self.period))]
                    return tokens.reading(token, value, self.units[token.key])

                return [TOKEN.sub(number, line).strip() for line in text.splitlines()]

            out = [line for line in words(self.report.preamble) if line]
            part, part_n, area_n = "", 0, 0
            for section_id, section_part, area, title, text in sections:
                body = [line for t in [text, *proposed.get(section_id, [])] for line in words(t)]
                body = [line for line in body if line]
                if not body:
                    continue
                if section_part != part:
                    part, part_n, area_n = section_part, part_n + 1, 0
                    out.append(f"{tokens.in_words(part_n)}、{self.parts[section_part]}")
                if area:
                    area_n += 1
                    out.append(f"（{tokens.in_words(area_n)}）{title or self.areas[area]}")
                out.extend(body)
            return out

        def write(self) -> bytes:
            t0 = time.perf_counter()
            paragraphs = self.paragraphs()
            t1 = time.perf_counter()
            doc = Document()
            doc.add_paragraph(self.title)
            doc.add_paragraph()
            for text in paragraphs:
                doc.add_paragraph(text)
            doc.add_paragraph()
            doc.add_paragraph(self.issuer)
            day = self.issued_on
            doc.add_paragraph(f"{day.year}年{day.month}月{day.day}日")
            buffer = BytesIO()
            doc.save(buffer)
            self.sql_seconds.append(t1 - t0)
            self.docx_seconds.append(time.perf_counter() - t1)
            return buffer.getvalue()

    def compare(report: AnnualReport) -> dict[str, Any]:
        """The render against its floor, checked to give the same words and numbers first."""
        view = document.read_report(report)
        blocks = [b.text for b in document.official_document(view).blocks]
        floor = Floor(report)
        if floor.paragraphs() != blocks:
            mine = floor.paragraphs()
            first = next(
                (n for n, (a, b) in enumerate(zip(mine, blocks, strict=False)) if a != b),
                min(len(mine), len(blocks)),
            )
            sys.exit(
                f"{report}: the floor's paragraphs differ from the render's at {first}:\n"
                f"  render: {blocks[first : first + 1]}\n  floor:  {mine[first : first + 1]}"
            )
        engine = {(k, p): v for (k, p), v in view.values.items()}
        floor_values = floor.figures(set(engine))
        differ = {
            f"{k} {p}": (v, floor_values[(k, p)])
            for (k, p), v in engine.items()
            if floor_values[(k, p)] != v
        }
        if differ:
            sys.exit(f"{report}: the engine and the floor disagree: {differ}")
        render(report)
        floor.write()  # warm both
        floor.sql_seconds.clear()
        floor.docx_seconds.clear()
        phases: dict[str, list[float]] = defaultdict(list)
        mine_s: list[float] = []
        floor_s: list[float] = []
        for n in range(runs):
            for which in (0, 1) if n % 2 == 0 else (1, 0):
                # Neither pays for collecting the other's garbage.
                gc.collect()
                started = time.perf_counter()
                if which == 0:
                    render(report, phases)
                else:
                    floor.write()
                (mine_s if which == 0 else floor_s).append(time.perf_counter() - started)
        return {
            "report": str(report),
            "blocks": len(blocks),
            "figures": len(engine),
            "periods": len({p for _, p in engine}),
            "proposed": sum(1 for s in view.sections for p in s.paragraphs if p.proposal),
            "value": _median_ms(mine_s),
            "floor": _median_ms(floor_s),
            "phases": {k: _median_ms(v) for k, v in phases.items()},
            "floor_sql": _median_ms(floor.sql_seconds),
            "floor_docx": _median_ms(floor.docx_seconds),
        }

    out: dict[str, Any] = {"vendor": connection.vendor}
    if connection.vendor == "postgresql":
        # A database just loaded has no planner statistics yet (autovacuum gathers them later).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    haibin = Street.objects.select_related("district").get(slug="haibin")
    report = AnnualReport.objects.select_related("street__district").get(street=haibin, year=2020)
    out["haibin"] = compare(report)
    out["streets"] = Street.objects.count()
    if profile:
        import cProfile
        import io
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(5):
            render(report)
        profiler.disable()
        text = io.StringIO()
        pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats(30)
        out["profile"] = text.getvalue()

    generated = Street.objects.exclude(pk=haibin.pk).order_by("pk")
    street = next(
        (s for s in generated if not AnnualReport.objects.filter(street=s, year=2020).exists()),
        None,
    )
    if district and street is not None and out["streets"] > 5:
        with transaction.atomic():
            started = time.perf_counter()
            fresh = services.report_create(street=street, year=2020, actor=None)
            proposals = composer.draft(fresh, actor=None)
            render(fresh)
            first = time.perf_counter() - started
            out["generated"] = compare(fresh)
            out["generated"]["first"] = 1000 * first
            out["generated"]["drafted"] = len(proposals)
            transaction.set_rollback(True)
    print(json.dumps(out, ensure_ascii=False))


def _median_ms(samples: list[float]) -> float:
    return 1000 * statistics.median(samples)


# --- the parent: the databases, a child each, the report ----------------------------------------


def _child(url: str, args: argparse.Namespace, *, district: bool) -> dict[str, Any]:
    command = [sys.executable, __file__, "--measure", "--runs", str(args.runs)]
    if district:
        command.append("--district")
    if args.profile and not district:
        command.append("--profile")
    result = subprocess.run(command, env=_env(url), capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"The measuring run on {url} failed:\n{result.stdout}{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def _row(name: str, value: float, floor: float, target: str = "") -> None:
    print(f"  {name:<50}{value:>9.1f}{floor:>10.1f}{value / floor:>9.2f}x  {target}")


def _print(label: str, m: dict[str, Any], key: str, name: str, target: str) -> None:
    r = m[key]
    _row(name, r["value"], r["floor"], target)
    p = r["phases"]
    print(
        f"    render: read_report {p['read_report']:.1f}, official_document "
        f"{p['official_document']:.1f}, write_docx {p['write_docx']:.1f} ms; "
        f"floor: texts and figures by SQL {r['floor_sql']:.1f}, plain .docx {r['floor_docx']:.1f} ms"
    )
    print(
        f"    {r['blocks']} paragraphs and headings, {r['figures']} figures over "
        f"{r['periods']} periods, {r['proposed']} paragraphs still proposed"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="timed runs of each (median)")
    parser.add_argument("--no-district", action="store_true", help="the demo only (quick)")
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--profile", action="store_true", help="print the render's cProfile")
    parser.add_argument("--rebuild", action="store_true", help="build the databases again")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--district", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure(args.runs, args.district, args.profile)
        return

    BENCH.mkdir(parents=True, exist_ok=True)
    if args.rebuild:
        for db in (DEMO_DB, DISTRICT_DB):
            db.unlink(missing_ok=True)
    demo_url, district_url = f"sqlite:///{DEMO_DB}", f"sqlite:///{DISTRICT_DB}"
    built = _build(demo_url, district=False, streets=0, years=YEARS)
    print(f"SQLite demo database ready in {built:.1f} s ({DEMO_DB}).")
    results = {"SQLite, demo": _child(demo_url, args, district=False)}
    if not args.no_district:
        if not DISTRICT_DB.exists():
            shutil.copyfile(DEMO_DB, DISTRICT_DB)
            built = _build(district_url, district=True, streets=STREETS, years=YEARS)
            print(f"SQLite district database generated in {built:.1f} s ({DISTRICT_DB}).")
        else:
            _fazhi(district_url, "migrate", "--noinput", "-v0")
        results["SQLite, district scale"] = _child(district_url, args, district=True)
    if not args.no_postgres and _postgres_up():
        name = f"fazhi_bench_report_{os.getpid()}"
        throwaway = [sys.executable, str(ROOT / "scripts/throwaway_db.py")]
        subprocess.run([*throwaway, "create", name], check=True)
        try:
            pg = f"postgres://postgres@127.0.0.1:5432/{name}"
            built = _build(pg, district=False, streets=0, years=YEARS)
            print(f"PostgreSQL demo database loaded in {built:.1f} s (throwaway: {name}).")
            results["PostgreSQL, demo"] = _child(pg, args, district=False)
        finally:
            subprocess.run([*throwaway, "drop", name], check=True)
    else:
        print("No PostgreSQL on 127.0.0.1:5432 (or --no-postgres): SQLite only.")

    print(
        f"\nThe annual report to .docx (as fazhi report, without the PDF); medians of "
        f"{args.runs} alternating runs; {os.cpu_count()} CPUs shared with other work."
    )
    print(f"  {'':<50}{'ms':>9}{'floor ms':>10}{'ratio':>10}")
    for label, m in results.items():
        print(f"\n{label} ({m['streets']} streets)")
        district = "generated" in m
        target = "target <2000 ms, ≤2×" if district else "target <1000 ms, ≤2×"
        _print(label, m, "haibin", "Haibin 2020, to .docx", target)
        if "generated" in m:
            g = m["generated"]
            _print(
                label,
                m,
                "generated",
                "a generated street's 2020, to .docx",
                "target <2000 ms, ≤2×",
            )
            print(
                f"    the first time, as fazhi report does for a street without one (create, "
                f"draft {g['drafted']} proposals, render): {g['first']:.0f} ms, once"
            )
    for m in results.values():
        if "profile" in m:
            print(f"\nThe render's profile ({m['vendor']}, demo, 5 renders):\n{m['profile']}")
            break


if __name__ == "__main__":
    main()
