"""How fast the report's figures answer, against floors measured in the same run.

    FAZHI_ENV=test .venv/bin/python scripts/bench_stats.py [--streets 24] [--years 2016-2020]
        [--runs 15] [--no-postgres] [--rebuild]

Builds (once, kept under var/bench/) two SQLite databases: the Haibin demo alone, and the demo
plus STREETS generated streets × YEARS (``fazhi generate_district``, about 1.5 million rows at
the defaults); with PostgreSQL on 127.0.0.1:5432 it loads the same into a throwaway database.
On each it measures, in rounds that alternate each figure with its floor so that a busy
neighbour slows both alike:

    figures     all figures of Haibin 2020 by the engine   vs  hand-written SQL (scripts/stats_floor.py),
                whose numbers are checked equal first
    generated   the same for a generated street's year (district scale only)
    district    all figures of every street of the district at once  vs  the floor, street by street
    dashboard   the leader's dashboard, whole request          vs  a trivial view behind the same login
    lists       the whole district's case list, page 1         vs  sorting the ids alone, and a page
                90% down (reached by key, as the pager does)   vs  page 1
    district page  the district office's comparison page       vs  the same trivial view

and across the two SQLite databases the ratio of Haibin 2020's figures with and without the
other streets' years (its cost must not grow with them). Last, ``fazhi stats`` as a whole
process against ``fazhi --version`` (Django set up, nothing else). Prints medians in
milliseconds and their ratios; the ratio is the figure that counts on a shared machine.
Not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
BIN = Path(sys.executable).parent
FAZHI = str(BIN / "fazhi")
BENCH = ROOT / "var" / "bench"
PERIOD = ("2020-01-01", "2020-12-31")


# --- the measuring child: one database, set up by DATABASE_URL ------------------------------------


def _median_ms(samples: list[float]) -> float:
    return 1000 * statistics.median(samples)


def _alternate(first: Any, second: Any, runs: int) -> tuple[list[float], list[float]]:
    a: list[float] = []
    b: list[float] = []
    for _ in range(runs):
        for fn, into in ((first, a), (second, b)):
            started = time.perf_counter()
            fn()
            into.append(time.perf_counter() - started)
    return a, b


def measure(runs: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")
    os.environ["FAZHI_DEBUG"] = "0"
    import django

    django.setup()
    from datetime import date

    from django.conf import settings
    from django.contrib.auth.decorators import login_required
    from django.http import HttpResponse
    from django.test import Client
    from django.urls import NoReverseMatch, path, reverse
    from stats_floor import floor_figures

    from fazhi.core import stats
    from fazhi.org.models import Street, User
    from fazhi.urls import urlpatterns as site_urlpatterns

    @login_required
    def trivial(request: Any) -> HttpResponse:
        return HttpResponse("ok")

    module = type(sys)("bench_urls")
    module.urlpatterns = [path("bench/trivial/", trivial), *site_urlpatterns]  # type: ignore[attr-defined]
    sys.modules["bench_urls"] = module
    settings.ROOT_URLCONF = "bench_urls"
    settings.ALLOWED_HOSTS = ["*"]

    out: dict[str, Any] = {}
    period = stats.Period(date.fromisoformat(PERIOD[0]), date.fromisoformat(PERIOD[1]))
    haibin = Street.objects.get(slug="haibin")
    stats.registered()

    def figures_vs_floor(street: Street, name: str, p: stats.Period) -> None:
        engine = stats.compute(street, p)
        floor = floor_figures(street.pk, p.start, p.end)
        missing = sorted(set(engine) - set(floor))
        differ = {k: (engine[k], floor[k]) for k in floor if engine.get(k) != floor[k]}
        if differ:
            sys.exit(f"{name}: the engine and the floor disagree: {differ}")
        keys = [k for k in engine if k in floor]
        a, b = _alternate(
            lambda: stats.compute(street, p, keys),
            lambda: floor_figures(street.pk, p.start, p.end),
            runs,
        )
        out[name] = {
            "value": _median_ms(a),
            "floor": _median_ms(b),
            "figures": len(keys),
            "not_in_floor": missing,
            "records_in_period": engine.get("enforcement.cases_found", 0),
        }

    figures_vs_floor(haibin, "figures", period)
    streets = list(Street.objects.filter(district=haibin.district).order_by("pk"))
    generated = [s for s in streets if s.slug != "haibin"]
    out["streets"] = len(streets)
    if len(generated) >= 5:
        figures_vs_floor(generated[0], "generated", period)
        keys = [
            k for k in stats.compute(haibin, period) if k != "legal_services.mediation_success_rate"
        ]
        a, b = _alternate(
            lambda: stats.compute_many(streets, period, keys),
            lambda: [floor_figures(s.pk, period.start, period.end) for s in streets],
            max(3, runs // 3),
        )
        out["district"] = {"value": _median_ms(a), "floor": _median_ms(b)}

    client = Client()
    client.force_login(User.objects.get(username="leader"))
    start, end = PERIOD

    def page(url: str, c: Client) -> None:
        response = c.get(url)
        if response.status_code != 200:
            sys.exit(f"{url} answered {response.status_code}")

    dashboard = f"/office/?start={start}&end={end}"
    page(dashboard, client)
    page("/bench/trivial/", client)
    a, b = _alternate(
        lambda: page(dashboard, client), lambda: page("/bench/trivial/", client), runs
    )
    out["dashboard"] = {"value": _median_ms(a), "floor": _median_ms(b)}

    district_user = User.objects.filter(district=haibin.district, street=None).first()
    try:
        district_url = reverse("district:comparison") + f"?start={start}&end={end}"
    except NoReverseMatch:
        district_url = None
    if district_user is not None and district_url is not None:
        other = Client()
        other.force_login(district_user)
        page(district_url, other)
        page("/bench/trivial/", other)
        a, b = _alternate(
            lambda: page(district_url, other),
            lambda: page("/bench/trivial/", other),
            max(3, runs // 3),
        )
        out["district_page"] = {"value": _median_ms(a), "floor": _median_ms(b)}
    out["lists"] = _lists(runs, page)
    print(json.dumps(out))


def _lists(runs: int, page: Any) -> dict[str, Any]:
    """The whole district's case list (as a system administrator sees it): page 1 and a page
    90% of the way down, reached by its key as the pager links to it, against sorting the ids
    alone."""
    from django.test import Client

    from fazhi.core.paging import _encode, _key_columns
    from fazhi.enforcement.models import Case
    from fazhi.org.models import User

    admin = User.objects.filter(is_superuser=True, is_active=True).first()
    if admin is None:
        admin = User.objects.create_superuser("bench_admin", password="Bench@2020pass")
    User.objects.filter(pk=admin.pk).update(must_change_password=False)
    client = Client()
    client.force_login(admin)
    base = "/office/enforcement/cases/"
    ordered = Case.objects.order_by(*Case._meta.ordering)
    total = ordered.count()
    per_page = 50
    depth = max(0, int(total * 0.9) // per_page * per_page - 1)
    before_deep = ordered[depth]
    columns = _key_columns(ordered)
    assert columns is not None
    deep = f"{base}?page={depth // per_page + 2}&after={_encode(before_deep, columns)}"
    page(base, client)
    page(deep, client)

    def ids() -> None:
        list(ordered.values_list("id", flat=True))

    first, floor = _alternate(lambda: page(base, client), ids, runs)
    deep_page, _ = _alternate(lambda: page(deep, client), lambda: None, runs)
    return {
        "rows": total,
        "first": _median_ms(first),
        "deep": _median_ms(deep_page),
        "floor": _median_ms(floor),
    }


# --- the parent: build the databases, run the children, print ----------------------------------


def _env(url: str) -> dict[str, str]:
    env = dict(os.environ, DATABASE_URL=url, FAZHI_ENV="test", FAZHI_DATA_DIR=str(BENCH / "data"))
    return env


def _fazhi(url: str, *args: str) -> None:
    subprocess.run([FAZHI, *args], env=_env(url), check=True, stdout=subprocess.DEVNULL)


def _build(url: str, *, district: bool, streets: int, years: str) -> float:
    started = time.perf_counter()
    _fazhi(url, "migrate", "--noinput", "-v0")
    _fazhi(url, "demo", "--if-empty")
    if district:
        _fazhi(url, "generate_district", "--streets", str(streets), "--years", years)
    return time.perf_counter() - started


def _child(url: str, runs: int) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, __file__, "--measure", "--runs", str(runs)],
        env=_env(url),
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def _process(url: str, args: list[str], runs: int) -> float:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([FAZHI, *args], env=_env(url), check=True, stdout=subprocess.DEVNULL)
        samples.append(time.perf_counter() - started)
    return _median_ms(samples)


def _row(name: str, value: float, floor: float, target: str = "") -> None:
    print(f"  {name:<44}{value:>10.1f}{floor:>10.1f}{value / floor:>9.2f}x  {target}")


def _report(label: str, m: dict[str, Any]) -> None:
    print(f"\n{label} ({m['streets']} streets in the district)")
    print(f"  {'':<44}{'ms':>10}{'floor ms':>10}{'ratio':>10}")
    f = m["figures"]
    _row(f"Haibin 2020, {f['figures']} figures", f["value"], f["floor"], "target ≤3×")
    if f["not_in_floor"]:
        print(f"    (keys without a floor, not timed: {', '.join(f['not_in_floor'])})")
    if "generated" in m:
        g = m["generated"]
        _row(
            "a generated street's 2020, same figures", g["value"], g["floor"], "target ≤3×, <100 ms"
        )
    if "district" in m:
        d = m["district"]
        _row(f"all {m['streets']} streets at once vs street by street", d["value"], d["floor"])
    _row("dashboard (leader) vs trivial view", m["dashboard"]["value"], m["dashboard"]["floor"])
    if "district_page" in m:
        d = m["district_page"]
        _row(
            f"district page, {m['streets']} streets, vs trivial view",
            d["value"],
            d["floor"],
            "target <500 ms",
        )
    lists = m["lists"]
    _row(
        f"case list page 1 ({lists['rows']} cases) vs sorting the ids",
        lists["first"],
        lists["floor"],
    )
    _row("case list page 90% down vs page 1", lists["deep"], lists["first"], "target ≤2×")


def _postgres_up() -> bool:
    with socket.socket() as s:
        s.settimeout(2)
        return s.connect_ex(("127.0.0.1", 5432)) == 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--streets", type=int, default=24)
    parser.add_argument("--years", default="2016-2020")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--rebuild", action="store_true", help="build the databases again")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure(args.runs)
        return

    BENCH.mkdir(parents=True, exist_ok=True)
    demo_db, district_db = BENCH / "demo.sqlite3", BENCH / "district.sqlite3"
    if args.rebuild:
        for db in (demo_db, district_db):
            db.unlink(missing_ok=True)
    demo_url, district_url = f"sqlite:///{demo_db}", f"sqlite:///{district_db}"
    built = _build(demo_url, district=False, streets=0, years=args.years)
    print(f"SQLite demo database ready in {built:.1f} s ({demo_db}).")
    if not district_db.exists():
        shutil.copyfile(demo_db, district_db)
        built = _build(district_url, district=True, streets=args.streets, years=args.years)
        print(f"SQLite district database generated in {built:.1f} s ({district_db}).")
    else:
        _fazhi(district_url, "migrate", "--noinput", "-v0")

    results = {"SQLite, demo": _child(demo_url, args.runs)}
    results["SQLite, district scale"] = _child(district_url, args.runs)
    if not args.no_postgres and _postgres_up():
        name = f"fazhi_bench_{os.getpid()}"
        subprocess.run(
            [sys.executable, str(ROOT / "scripts/throwaway_db.py"), "create", name], check=True
        )
        try:
            pg = f"postgres://postgres@127.0.0.1:5432/{name}"
            built = _build(pg, district=True, streets=args.streets, years=args.years)
            print(f"PostgreSQL district database generated in {built:.1f} s.")
            results["PostgreSQL, district scale"] = _child(pg, args.runs)
        finally:
            subprocess.run(
                [sys.executable, str(ROOT / "scripts/throwaway_db.py"), "drop", name], check=True
            )

    print(
        f"\nMedians of {args.runs} alternating runs; {os.cpu_count()} CPUs shared with other work."
    )
    for label, m in results.items():
        _report(label, m)
    alone = results["SQLite, demo"]["figures"]["value"]
    among = results["SQLite, district scale"]["figures"]["value"]
    print("\nHaibin 2020 with and without the generated streets' years (SQLite)")
    _row("with / without", among, alone, "target ≤1.5×")

    stats_args = ["stats", "--street", "haibin", "--from", PERIOD[0], "--to", PERIOD[1], "--json"]
    command = _process(district_url, stats_args, 5)
    floor = _process(district_url, ["--version"], 5)
    print("\nWhole process (SQLite, district scale)")
    _row("fazhi stats --json vs fazhi --version", command, floor, "target <2000 ms")


if __name__ == "__main__":
    main()
