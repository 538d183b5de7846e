"""How fast the API's lists answer, and how fast a gunicorn worker answers its first request.

    FAZHI_ENV=test .venv/bin/python scripts/bench_api.py [--requests 150] [--runs 5]
        [--data-dir DIR] [--clients 4] [--seconds 5] [--rounds 3] [--starts 3] [--gunicorn-only]

Under gunicorn (``fazhi.wsgi:application``, 3 sync workers, ``--preload`` as in the README,
FAZHI_ENV=production, SQLite) on the Haibin demo: ``--data-dir`` names a FAZHI_DATA_DIR that
already holds it (made by ``fazhi migrate`` and ``fazhi demo``); without it the demo is loaded
into a temporary one first (about 3 minutes), removed at the end. ``--clients`` threads ask,
a new connection per request as sync workers close them, in ``--rounds`` rounds of
``--seconds`` seconds that alternate

    floor   GET /api/, a trivial JSON view through the whole middleware stack
    cases   GET /api/enforcement-cases/?limit=50, the case list as the office clerk (a bearer
            token): 50 rows, the page's filters, data scope and serialisation

and prints each one's requests per second and p95 latency, and their ratio (target: the case
list at least 1/3 of the floor's requests per second, p95 under 50 ms), then the resident set
of each worker after the load. Then gunicorn is started ``--starts`` times afresh with
``--preload`` and one worker, and the first request of the worker (the case list) is timed
once the worker has booted (target: under 1 s).

In-process, the grid-worker list (the Haibin demo street's 263 grid workers, loaded into an
in-memory SQLite database) through django.test.Client from three views that do the same
work — permission check, data scope, the page's filters, keyset pagination by id — and differ
only in how they serialise:

    ninja   the platform's endpoint, /api/grid-workers/
    drf     an APIView with a ModelSerializer (djangorestframework, the "bench" extra)
    plain   a function view building dicts by hand for JsonResponse

Requests run in rounds that alternate the three so that a busy neighbour on the machine slows
them alike. Prints the median requests per second of each. Not a test: the figures depend on
the machine.
"""

# Django must be set up (with an in-memory database) before the models are imported.
# ruff: noqa: E402
from __future__ import annotations

import argparse
import http.client
import math
import os
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("FAZHI_ENV", "test")
os.environ["DATABASE_URL"] = "sqlite://:memory:"
# As in production: no query log kept in memory, no debug pages.
os.environ["FAZHI_DEBUG"] = "0"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")

import django

django.setup()

from django.conf import settings
from django.core.management import call_command
from django.http import HttpRequest, JsonResponse
from django.test import Client
from django.urls import path
from django.utils import timezone

from fazhi.api.errors import InvalidInput
from fazhi.api.resources import paginate
from fazhi.core.access import require_perm
from fazhi.org.filters import GridWorkerFilter
from fazhi.org.models import GridWorker, User
from fazhi.org.selectors import grid_worker_list
from fazhi.urls import urlpatterns as site_urlpatterns

try:
    from rest_framework import serializers
    from rest_framework.authentication import SessionAuthentication
    from rest_framework.permissions import IsAuthenticated
    from rest_framework.renderers import JSONRenderer
    from rest_framework.response import Response
    from rest_framework.views import APIView
except ImportError:
    sys.exit("djangorestframework is missing: .venv/bin/pip install -e '.[bench]'")

PAGE = 100
FIELDS = [
    "id",
    "grid",
    "name",
    "gender",
    "phone",
    "kind",
    "started_on",
    "ended_on",
    "user",
    "note",
    "street",
    "created_at",
    "updated_at",
]


def _page(request: HttpRequest) -> dict[str, Any]:
    """The same work as the ninja endpoint up to serialising: scope, filters, one page."""
    require_perm(request.user, GridWorker, "view")
    filters = GridWorkerFilter(request.GET, user=request.user)
    if filters.is_bound and not filters.is_valid():
        raise InvalidInput(filters.errors)
    limit = int(request.GET.get("limit", PAGE))
    return paginate(request, filters.apply(grid_worker_list(request.user)), None, limit)


# --- (b) Django REST framework --------------------------------------------------------------------


class GridWorkerSerializer(serializers.ModelSerializer):
    label = serializers.SerializerMethodField()
    gender_display = serializers.CharField(source="get_gender_display")
    kind_display = serializers.CharField(source="get_kind_display")

    class Meta:
        model = GridWorker
        fields = [*FIELDS, "label", "gender_display", "kind_display"]

    def get_label(self, obj: GridWorker) -> str:
        return str(obj)


class GridWorkerListView(APIView):
    authentication_classes = [SessionAuthentication]
    permission_classes = [IsAuthenticated]
    renderer_classes = [JSONRenderer]

    def get(self, request: Any) -> Response:
        page = _page(request._request)
        page["results"] = GridWorkerSerializer(page["results"], many=True).data
        return Response(page)


# --- (c) a plain Django view ---------------------------------------------------------------------


def _local(value: Any) -> Any:
    if value is None:
        return None
    if hasattr(value, "tzinfo"):
        return timezone.localtime(value).isoformat()
    return value.isoformat()


def plain_list(request: HttpRequest) -> JsonResponse:
    if not request.user.is_authenticated:
        return JsonResponse({"detail": "未登录"}, status=401)
    page = _page(request)
    page["results"] = [
        {
            "id": w.pk,
            "label": str(w),
            "grid": w.grid_id,
            "name": w.name,
            "gender": w.gender,
            "gender_display": w.get_gender_display(),
            "phone": w.phone,
            "kind": w.kind,
            "kind_display": w.get_kind_display(),
            "started_on": _local(w.started_on),
            "ended_on": _local(w.ended_on),
            "user": w.user_id,
            "note": w.note,
            "street": w.street_id,
            "created_at": _local(w.created_at),
            "updated_at": _local(w.updated_at),
        }
        for w in page["results"]
    ]
    return JsonResponse(page, json_dumps_params={"ensure_ascii": False})


urlpatterns = [
    path("bench/drf/grid-workers/", GridWorkerListView.as_view()),
    path("bench/plain/grid-workers/", plain_list),
    *site_urlpatterns,
]

VARIANTS = {
    "ninja": f"/api/grid-workers/?limit={PAGE}",
    "drf": f"/bench/drf/grid-workers/?limit={PAGE}",
    "plain": f"/bench/plain/grid-workers/?limit={PAGE}",
}


def _client() -> Client:
    user = User.objects.get(username="office")
    client = Client()
    client.force_login(user)
    return client


def _check_equivalent(client: Client) -> int:
    """All three answer 200 with the same rows, fields and values; return the row count."""
    bodies = {}
    for name, url in VARIANTS.items():
        response = client.get(url)
        if response.status_code != 200:
            sys.exit(f"{name}: {url} answered {response.status_code}: {response.content[:300]!r}")
        bodies[name] = response.json()["results"]
    reference = bodies["ninja"]
    for name, rows in bodies.items():
        if rows != reference:
            sys.exit(f"{name} does not answer the same rows as ninja; the comparison is void.")
    return len(reference)


def _run(client: Client, url: str, count: int, budget: float) -> float:
    """Requests per second over ``count`` requests, or fewer once ``budget`` seconds are up."""
    done = 0
    start = time.perf_counter()
    while done < count:
        client.get(url)
        done += 1
        if time.perf_counter() - start > budget:
            break
    return done / (time.perf_counter() - start)


# --- under gunicorn -------------------------------------------------------------------------------

FLOOR_PATH = "/api/"
CASES_PATH = "/api/enforcement-cases/?limit=50"
WORKERS = 3


def _server_env(data_dir: Path) -> dict[str, str]:
    env = dict(
        os.environ,
        FAZHI_ENV="production",
        FAZHI_DEBUG="0",
        FAZHI_SECRET_KEY=secrets.token_urlsafe(40),
        FAZHI_ALLOWED_HOSTS="127.0.0.1",
        FAZHI_DEMO_MODE="1",
        FAZHI_HTTPS="0",
        FAZHI_DATA_DIR=str(data_dir),
        FAZHI_LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="fazhi.settings",
    )
    env.pop("DATABASE_URL", None)  # SQLite in the data directory
    return env


def _must_run(command: list[str], env: dict[str, str], what: str) -> str:
    result = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"{what} failed:\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
    return result.stdout


def _demo_dir(given: str | None) -> tuple[Path, float]:
    """The data directory holding the demo, and the seconds spent loading it (0 if given)."""
    if given:
        return Path(given), 0.0
    data_dir = Path(tempfile.mkdtemp(prefix="fazhi-bench-api-"))
    env = _server_env(data_dir) | {"FAZHI_ENV": "development"}
    started = time.perf_counter()
    _must_run([str(BIN / "fazhi"), "migrate", "-v0"], env, "fazhi migrate")
    _must_run([str(BIN / "fazhi"), "demo"], env, "fazhi demo")
    return data_dir, time.perf_counter() - started


_TOKEN = """
import django
django.setup()
from fazhi.api.tokens import token_create
from fazhi.org.models import User
office = User.objects.get(username="office")
print(token_create(user=office, name="bench_api", expires_at=None, actor=office)[1])
"""


def _token(env: dict[str, str]) -> str:
    """A bearer token of the demo's office clerk (a token row and its audit row)."""
    return _must_run([sys.executable, "-c", _TOKEN], env, "creating a token").strip()


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(port: int, path: str, token: str | None) -> int:
    """One GET on a new connection; the status."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


@contextmanager
def _gunicorn(env: dict[str, str], workers: int, log: Path) -> Iterator[tuple[int, int]]:
    """gunicorn as the README starts it, with ``--preload``; its port and its master's pid."""
    port = _free_port()
    command = [
        sys.executable, "-m", "gunicorn", "fazhi.wsgi:application", "--preload",
        "--workers", str(workers), "--worker-class", "sync", "--timeout", "60",
        "--bind", f"127.0.0.1:{port}", "--error-logfile", str(log), "--log-level", "info",
    ]  # fmt: skip
    log.write_text("")
    with log.open("ab") as out:
        process = subprocess.Popen(
            command, env=env, cwd=ROOT, stdout=out, stderr=out, start_new_session=True
        )
    try:
        deadline = time.monotonic() + 60
        # Booted: every worker has logged its start (the master binds the port before).
        while log.read_text(errors="replace").count("Booting worker") < workers:
            if process.poll() is not None:
                sys.exit(f"gunicorn exited ({process.returncode}):\n{log.read_text()[-2000:]}")
            if time.monotonic() > deadline:
                sys.exit(f"gunicorn did not boot within 60 s:\n{log.read_text()[-2000:]}")
            time.sleep(0.05)
        time.sleep(0.5)  # past the worker's own start-up, before its first request
        yield port, process.pid
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _p95(seconds: list[float]) -> float:
    """Nearest-rank 95th percentile, in milliseconds."""
    ordered = sorted(seconds)
    if not ordered:
        return math.nan
    return 1000 * ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def _load(port: int, path: str, token: str | None, clients: int, seconds: float) -> list[float]:
    """``clients`` threads asking for ``path`` for ``seconds``: each answer's latency."""
    latencies: list[float] = []
    failures: list[str] = []
    stop = time.perf_counter() + seconds

    def client() -> None:
        while time.perf_counter() < stop:
            started = time.perf_counter()
            status = _get(port, path, token)
            if status != 200:
                failures.append(f"{path} answered {status}")
                return
            latencies.append(time.perf_counter() - started)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        sys.exit(failures[0])
    return latencies


def _rss_mb(master: int) -> list[float]:
    """The resident set of each worker of the gunicorn ``master``, in MB."""
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        if re.search(rf"^PPid:\s+{master}$", text, re.M):
            rss = re.search(r"^VmRSS:\s+(\d+) kB", text, re.M)
            if rss:
                found.append(int(rss[1]) / 1024)
    return sorted(found)


def bench_gunicorn(args: argparse.Namespace) -> None:
    data_dir, loading = _demo_dir(args.data_dir)
    try:
        _bench_gunicorn(args, data_dir, loading)
    finally:
        if not args.data_dir:  # the temporary one loaded here
            shutil.rmtree(data_dir, ignore_errors=True)


def _bench_gunicorn(args: argparse.Namespace, data_dir: Path, loading: float) -> None:
    env = _server_env(data_dir)
    token = _token(env)
    log = data_dir / "bench-gunicorn.log"
    samples: dict[str, list[float]] = {"floor": [], "cases": []}
    elapsed: dict[str, float] = {"floor": 0.0, "cases": 0.0}
    with _gunicorn(env, WORKERS, log) as (port, master):
        for _ in range(2 * WORKERS):  # every worker has built what it serves
            _get(port, FLOOR_PATH, None)
            _get(port, CASES_PATH, token)
        for _ in range(args.rounds):
            for name, path, auth in (("floor", FLOOR_PATH, None), ("cases", CASES_PATH, token)):
                started = time.perf_counter()
                samples[name] += _load(port, path, auth, args.clients, args.seconds)
                elapsed[name] += time.perf_counter() - started
        rss = _rss_mb(master)

    firsts = []
    for _ in range(args.starts):
        with _gunicorn(env, 1, log) as (port, _master):
            started = time.perf_counter()
            status = _get(port, CASES_PATH, token)
            firsts.append(time.perf_counter() - started)
            if status != 200:
                sys.exit(f"{CASES_PATH} answered {status} as a worker's first request")

    print(
        f"gunicorn fazhi.wsgi --preload, {WORKERS} sync workers, SQLite, FAZHI_ENV=production; "
        f"{args.clients} clients, a new connection per request, {args.rounds} rounds of "
        f"{args.seconds:g} s each"
        + (f"; demo loaded in {loading:.0f} s." if loading else f"; demo in {data_dir}.")
    )
    print(f"\n{'view':<8}{'requests':>10}{'req/s':>10}{'p95 ms':>10}{'vs floor':>10}")
    floor_rate = len(samples["floor"]) / elapsed["floor"]
    for name, path in (("floor", FLOOR_PATH), ("cases", CASES_PATH)):
        rate = len(samples[name]) / elapsed[name]
        print(
            f"{name:<8}{len(samples[name]):>10}{rate:>10.1f}{_p95(samples[name]):>10.1f}"
            f"{rate / floor_rate:>9.2f}x   {path}"
        )
    print(
        "Target: cases at least 0.33x the floor's requests per second, p95 under 50 ms.\n"
        f"Worker RSS after the load: {', '.join(f'{mb:.0f}' for mb in rss)} MB."
    )
    print(
        f"A fresh worker's first request ({CASES_PATH}), {args.starts} starts: "
        + ", ".join(f"{1000 * s:.0f}" for s in firsts)
        + f" ms (median {1000 * statistics.median(firsts):.0f} ms; target under 1000 ms).\n"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=150, help="requests per run (150)")
    parser.add_argument("--runs", type=int, default=5, help="runs per variant (5)")
    parser.add_argument("--budget", type=float, default=6.0, help="seconds per run at most (6)")
    parser.add_argument("--data-dir", help="a FAZHI_DATA_DIR holding the demo (default: load it)")
    parser.add_argument("--clients", type=int, default=4, help="concurrent clients (4)")
    parser.add_argument("--seconds", type=float, default=5.0, help="seconds per round (5)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of floor and cases (3)")
    parser.add_argument("--starts", type=int, default=3, help="fresh gunicorn starts (3)")
    parser.add_argument(
        "--gunicorn-only", action="store_true", help="skip the in-process grid-worker comparison"
    )
    args = parser.parse_args()

    bench_gunicorn(args)
    if args.gunicorn_only:
        return

    settings.ROOT_URLCONF = __name__
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    from fazhi.core.demo import load_demo

    load_demo()
    workers = GridWorker.objects.count()
    setup = time.perf_counter() - started

    client = _client()
    rows = _check_equivalent(client)
    for url in VARIANTS.values():  # warm caches (templates, permissions, schema compiling)
        for _ in range(20):
            client.get(url)

    results: dict[str, list[float]] = {name: [] for name in VARIANTS}
    for _ in range(args.runs):
        for name, url in VARIANTS.items():
            results[name].append(_run(client, url, args.requests, args.budget))

    print(
        f"Grid-worker list, {rows} of {workers} rows per answer, session auth, full middleware; "
        f"in-memory SQLite, set up in {setup:.1f} s."
    )
    print(
        f"{args.runs} runs of up to {args.requests} requests each (≤{args.budget:g} s per run), "
        f"Python {sys.version.split()[0]}, Django {django.get_version()}, "
        f"{os.cpu_count()} CPUs shared with other work.\n"
    )
    ninja_median = statistics.median(results["ninja"])
    print(f"{'view':<8}{'median req/s':>14}{'min':>10}{'max':>10}{'ms/req':>10}{'vs ninja':>10}")
    for name, figures in results.items():
        median = statistics.median(figures)
        print(
            f"{name:<8}{median:>14.1f}{min(figures):>10.1f}{max(figures):>10.1f}"
            f"{1000 / median:>10.2f}{median / ninja_median:>9.2f}x"
        )
    print(f"\nTotal time {time.perf_counter() - started:.1f} s.")


if __name__ == "__main__":
    main()
