"""How the site answers 50 simultaneous users under gunicorn, against a floor measured in the same run.

    .venv/bin/python scripts/load.py [--users 50] [--duration 60] [--think 1.0] [--workers 4]
        [--database-url postgres://postgres@127.0.0.1:5432/NAME] [--keep-database]

Without ``--database-url`` it creates a throwaway PostgreSQL database (scripts/throwaway_db.py,
127.0.0.1:5432, user postgres), migrates it and loads the demo (``fazhi demo``, about 3.5
minutes), and drops it at the end; ``--keep-database`` keeps it and prints the URL to pass as
``--database-url`` next time, which skips the load. Files (collected static files, uploads, the
server's log) go to a temporary FAZHI_DATA_DIR removed at the end.

The server is started as the README's production command line has it, on a free local port:

    gunicorn fazhi.wsgi:application --workers 4 --worker-class sync --timeout 60

with FAZHI_ENV=production (a random FAZHI_SECRET_KEY, FAZHI_ALLOWED_HOSTS=127.0.0.1, debug off,
static files collected and served by WhiteNoise) and these settings of the run:

    FAZHI_DEMO_MODE=1       the demo accounts log in with the published password, as on the
                            public demo instance (otherwise they must change it first)
    FAZHI_HTTPS=0           plain HTTP on the loopback: the cookies are not marked Secure
    FAZHI_TRUST_PROXY=1     as behind nginx: each simulated user sends its own address in
                            X-Forwarded-For, so the audit log and the throttles see 50 people
    FAZHI_PUBLIC_POSTS_PER_HOUR=100000
                            the portal's anonymous-post throttle still counts every post, but
                            a run compresses an hour of a resident's posts into a minute

Then ``--users`` simulated users (threads, each with its own cookie jar, a new connection per
request as sync workers close them), each waiting a random 0–2×``--think`` seconds between
actions, for ``--duration`` seconds each:

    floor       every user GETs the login page, anonymous (no session): the least a page does
                (middleware, a template, the CSRF cookie)
    load        3 in 5 users are back-office staff logged in through the login form as the
                demo's office, leader, officer, reviewer, officer2 and lawyer in turn: the
                dashboard, the lists their role may open (cases, reports, consultations,
                appointments, duty shifts, review requests), a case's page;
                1 in 5 are residents without an account: the booking page of the demo street,
                a shift's booking form and its POST (name, mobile number, consent) until the
                places run out (a stale page's POST is then refused with 400, as expected), the
                report lookup form and its POST with a real tracking code;
                1 in 5 are API clients: GET a list endpoint with a bearer token made on the
                token page

Prints, per kind of request and overall: requests, errors (an answer other than the kind's
expected ones — 2xx/3xx, and 400 for a refused booking — or an exception), requests per second,
p50/p95/p99 latency, beside the floor's figures and the ratios. Target: no errors and p95 under
300 ms overall. Afterwards ``fazhi audit verify`` must pass and no duty shift may hold more
bookings than its capacity; the exit status is 1 otherwise (or when a request failed).

Not a test: the figures depend on the machine, and the driver shares it with the server.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import math
import os
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
FAZHI = str(BIN / "fazhi")
SERVER = "postgresql://postgres@127.0.0.1:5432"
STREET = "haibin"  # fazhi.core.demo.DEMO_STREET_SLUG
PASSWORD = "Haibin@2020"  # fazhi.core.demo.DEMO_PASSWORD
API_ACCOUNT = "office"
TIMEOUT = 30.0
TARGET_P95_MS = 300.0

CASES = "/office/enforcement/cases/"
REPORTS = "/office/enforcement/report/"
CONSULTATIONS = "/office/legal-services/consultation/"
APPOINTMENTS = "/office/legal-services/appointment/"
SHIFTS = "/office/legal-services/dutyshift/"
REVIEWS = "/office/reviews/requests/"
# The demo accounts the staff log in as, in turn, and the lists each one's role may open.
STAFF = {
    "office": [CASES, REPORTS, CONSULTATIONS, APPOINTMENTS, SHIFTS, REVIEWS],
    "leader": [CASES, REPORTS, CONSULTATIONS, APPOINTMENTS, SHIFTS, REVIEWS],
    "officer": [CASES, REPORTS],
    "reviewer": [CASES, REVIEWS],
    "officer2": [CASES, REPORTS],
    "lawyer": [CONSULTATIONS, APPOINTMENTS, SHIFTS],
}
API_LISTS = [
    "/api/enforcement-cases/?limit=50",
    "/api/reports/?limit=50",
    "/api/consultations/?limit=50",
    "/api/appointments/?limit=50",
    "/api/duty-shifts/?limit=50",
    "/api/grid-workers/?limit=50",
    "/api/review-requests/?limit=50",
]
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


# --- one simulated user: a cookie jar, its own client address, no redirects followed ------------


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


@dataclass
class Answer:
    status: int
    body: str
    location: str = ""


class Browser:
    """A user's HTTP client: cookies kept, each request on a new connection, 3xx returned."""

    def __init__(self, base: str, address: str) -> None:
        self.base = base
        self.address = address
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )
        self.headers: dict[str, str] = {}
        self.username = ""

    def request(self, method: str, path: str, form: dict[str, str] | None = None) -> Answer:
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        request = urllib.request.Request(self.base + path, data=data, method=method)
        request.add_header("X-Forwarded-For", self.address)
        request.add_header("Accept-Language", "zh-hans")
        for name, value in self.headers.items():
            request.add_header(name, value)
        if data is not None:
            request.add_header("Referer", self.base + path)
        try:
            with self.opener.open(request, timeout=TIMEOUT) as response:
                return Answer(response.status, response.read().decode("utf-8", "replace"))
        except urllib.error.HTTPError as exc:
            body = exc.read().decode("utf-8", "replace")
            return Answer(exc.code, body, exc.headers.get("Location", ""))

    def csrf(self, body: str) -> str:
        found = CSRF_FIELD.search(body)
        if found is None:
            raise RuntimeError("no CSRF token in the form")
        return found.group(1)

    def login(self, username: str) -> None:
        form_page = self.request("GET", "/accounts/login/")
        answer = self.request(
            "POST",
            "/accounts/login/",
            {
                "csrfmiddlewaretoken": self.csrf(form_page.body),
                "username": username,
                "password": PASSWORD,
            },
        )
        if answer.status != 302 or "password" in answer.location:
            raise RuntimeError(f"login as {username} answered {answer.status} {answer.location}")
        self.username = username


# --- what was measured --------------------------------------------------------------------------


@dataclass
class Sample:
    kind: str
    status: int  # 0 for an exception
    seconds: float
    error: bool


@dataclass
class Recorder:
    samples: list[Sample] = field(default_factory=list)
    failures: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def timed(self, kind: str, expected: set[int], call: Callable[[], Answer]) -> Answer | None:
        started = time.perf_counter()
        try:
            answer = call()
        except Exception as exc:  # a refused or dropped connection, a timeout
            seconds = time.perf_counter() - started
            with self.lock:
                self.samples.append(Sample(kind, 0, seconds, True))
                self.failures[f"{kind}: {type(exc).__name__}: {exc}"[:160]] += 1
            return None
        seconds = time.perf_counter() - started
        error = answer.status not in expected
        with self.lock:
            self.samples.append(Sample(kind, answer.status, seconds, error))
            if error:
                self.failures[f"{kind}: HTTP {answer.status}"] += 1
        return answer


OK = {200}
REDIRECT = {302}


@dataclass
class Plan:
    """What the users may ask for, found before the clock starts."""

    case_ids: list[int]
    tracking_codes: list[str]
    shift_ids: list[int]
    token: str
    topics: list[str]


# --- the users' actions ---------------------------------------------------------------------


def staff_action(browser: Browser, rec: Recorder, plan: Plan, rng: random.Random) -> None:
    lists = STAFF[browser.username]
    roll = rng.random()
    if roll < 0.3:
        rec.timed("dashboard", OK, lambda: browser.request("GET", "/office/"))
    elif roll < 0.7 or CASES not in lists:
        path = rng.choice(lists)
        rec.timed("back-office list", OK, lambda: browser.request("GET", path))
    else:
        pk = rng.choice(plan.case_ids)
        rec.timed("case page", OK, lambda: browser.request("GET", f"{CASES}{pk}/"))


def _mobile(rng: random.Random) -> str:
    return f"139{rng.randrange(10**8):08d}"


def resident_action(browser: Browser, rec: Recorder, plan: Plan, rng: random.Random) -> None:
    if rng.random() < 0.5:
        index = rec.timed(
            "booking index", OK, lambda: browser.request("GET", f"/s/{STREET}/lawyers/")
        )
        if index is None or not plan.shift_ids:
            return
        offered = [int(pk) for pk in re.findall(rf"/s/{STREET}/lawyers/book/(\d+)/", index.body)]
        # With no place left the resident posts a stale page's form: refused with 400.
        shift = rng.choice(offered or plan.shift_ids)
        path = f"/s/{STREET}/lawyers/book/{shift}/"
        form = rec.timed("booking form", OK, lambda: browser.request("GET", path))
        if form is None:
            return
        data = {
            "csrfmiddlewaretoken": browser.csrf(form.body),
            "topic": rng.choice(plan.topics),
            "name": "居民" + rng.choice("甲乙丙丁戊己庚辛"),
            "mobile": _mobile(rng),
            "description": "咨询租房合同纠纷。",
            "consent": "on",
        }
        booked = rec.timed("booking POST", {302, 400}, lambda: browser.request("POST", path, data))
        if booked is not None and booked.status == 302:
            rec.timed(
                "booking done", OK, lambda: browser.request("GET", f"/s/{STREET}/lawyers/booked/")
            )
    else:
        path = f"/s/{STREET}/enforcement/report/lookup/"
        form = rec.timed("report lookup form", OK, lambda: browser.request("GET", path))
        if form is None or not plan.tracking_codes:
            return
        data = {
            "csrfmiddlewaretoken": browser.csrf(form.body),
            "code": rng.choice(plan.tracking_codes),
        }
        rec.timed("report lookup POST", OK, lambda: browser.request("POST", path, data))


def api_action(browser: Browser, rec: Recorder, plan: Plan, rng: random.Random) -> None:
    path = rng.choice(API_LISTS)
    rec.timed("API list", OK, lambda: browser.request("GET", path))


def floor_action(browser: Browser, rec: Recorder, plan: Plan, rng: random.Random) -> None:
    browser.jar.clear()  # anonymous every time: no session to load or save
    rec.timed("floor", OK, lambda: browser.request("GET", "/accounts/login/"))


Action = Callable[[Browser, Recorder, Plan, random.Random], None]


# --- the server -----------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _env(database_url: str, data_dir: Path, secret: str) -> dict[str, str]:
    return dict(
        os.environ,
        FAZHI_ENV="production",
        FAZHI_DEBUG="0",
        FAZHI_SECRET_KEY=secret,
        FAZHI_ALLOWED_HOSTS="127.0.0.1",
        FAZHI_DEMO_MODE="1",
        FAZHI_HTTPS="0",
        FAZHI_TRUST_PROXY="1",
        FAZHI_PUBLIC_POSTS_PER_HOUR="100000",
        FAZHI_DATA_DIR=str(data_dir),
        FAZHI_LOG_LEVEL="WARNING",
        DATABASE_URL=database_url,
    )


def _fazhi(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [FAZHI, *args], env=env, cwd=ROOT, capture_output=True, text=True, check=False
    )


def _must(result: subprocess.CompletedProcess[str], what: str) -> None:
    if result.returncode != 0:
        raise SystemExit(f"{what} failed:\n{result.stdout[-2000:]}{result.stderr[-2000:]}")


def _throwaway(action: str, name: str) -> None:
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "throwaway_db.py"),
            action,
            name,
            "--server",
            SERVER,
        ],
        check=True,
    )


@contextmanager
def gunicorn(env: dict[str, str], workers: int, log: Path) -> Iterator[str]:
    port = _free_port()
    command = [
        sys.executable, "-m", "gunicorn", "fazhi.wsgi:application",
        "--workers", str(workers), "--worker-class", "sync", "--timeout", "60",
        "--bind", f"127.0.0.1:{port}", "--error-logfile", str(log),
    ]  # fmt: skip
    with log.open("ab") as out:
        # Its own session: a Ctrl-C reaches this script, which stops the server in order.
        process = subprocess.Popen(
            command, env=env, cwd=ROOT, stdout=out, stderr=out, start_new_session=True
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise SystemExit(f"gunicorn exited ({process.returncode}):\n{_tail(log)}")
            try:
                with urllib.request.urlopen(base + "/accounts/login/", timeout=5) as response:
                    if response.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if time.monotonic() > deadline:
                raise SystemExit(f"gunicorn did not answer within 60 s:\n{_tail(log)}")
            time.sleep(0.3)
        yield base
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _tail(log: Path) -> str:
    return "\n".join(log.read_text(errors="replace").splitlines()[-30:]) if log.exists() else ""


# --- before the clock: accounts, a token, the records the users ask for -----------------------


def prepare_plan(base: str) -> Plan:
    office = Browser(base, "10.0.0.1")
    office.login(API_ACCOUNT)
    page = office.request("GET", "/api/tokens/")
    created = office.request(
        "POST",
        "/api/tokens/",
        {"csrfmiddlewaretoken": office.csrf(page.body), "name": "负载测试", "validity": "30"},
    )
    found = re.search(r'id="new-token"[^>]*value="([^"]+)"', created.body)
    if created.status != 200 or found is None:
        raise SystemExit(f"could not create an API token ({created.status})")
    token = found.group(1)

    api = Browser(base, "10.0.0.2")
    api.headers["Authorization"] = f"Bearer {token}"

    def results(path: str) -> list[dict[str, object]]:
        answer = api.request("GET", path)
        if answer.status != 200:
            raise SystemExit(f"GET {path} answered {answer.status}: {answer.body[:300]}")
        return list(json.loads(answer.body)["results"])

    case_ids = [int(str(c["id"])) for c in results("/api/enforcement-cases/?limit=100")]
    codes = [
        str(r["tracking_code"])
        for r in results("/api/reports/?source=resident&limit=100")
        if r.get("tracking_code")
    ]
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date()
    shift_ids = [
        int(str(s["id"]))
        for s in results(f"/api/duty-shifts/?limit=100&date_from={today + timedelta(days=1)}")
        if str(s.get("date", "")) > str(today)
    ]
    resident = Browser(base, "10.0.0.3")
    index = resident.request("GET", f"/s/{STREET}/lawyers/")
    offered = {int(pk) for pk in re.findall(rf"/s/{STREET}/lawyers/book/(\d+)/", index.body)}
    shift_ids = sorted(set(shift_ids) | offered)
    topics: list[str] = []
    if offered:
        form = resident.request("GET", f"/s/{STREET}/lawyers/book/{min(offered)}/")
        select = re.search(r'<select name="topic".*?</select>', form.body, re.S)
        topics = re.findall(r'<option value="([^"]+)"', select.group(0)) if select else []
    if not case_ids or not codes:
        raise SystemExit(
            "the database holds no cases or no residents' reports: is the demo loaded?"
        )
    if not topics:
        topics = ["other"]  # every place is taken: the posts are refused before the topic counts
    _check_pages(base, case_ids[0])
    print(
        f"Plan: {len(case_ids)} cases, {len(codes)} tracking codes, {len(shift_ids)} upcoming "
        f"shifts ({len(offered)} with free places), {len(topics)} booking topics, an API token."
    )
    return Plan(case_ids, codes, shift_ids, token, topics)


def _check_pages(base: str, case_id: int) -> None:
    """Each staff account may open every page the load asks for (else the run would be void)."""
    for username, lists in STAFF.items():
        browser = Browser(base, "10.0.0.4")
        browser.login(username)
        case = [f"{CASES}{case_id}/"] if CASES in lists else []
        for path in ["/office/", *lists, *case]:
            answer = browser.request("GET", path)
            if answer.status != 200:
                raise SystemExit(f"{username}: GET {path} answered {answer.status}")


# --- the run --------------------------------------------------------------------------------


def drive(
    base: str,
    plan: Plan,
    roles: list[tuple[str, Action, str | None]],
    duration: float,
    think: float,
    seed: int,
) -> tuple[Recorder, float]:
    """Each role a thread looping over its action until ``duration`` is up."""
    rec = Recorder()
    browsers: list[Browser] = []
    for n, (_, _, username) in enumerate(roles):
        browser = Browser(base, f"10.{1 + n // 250}.{n % 250}.{1 + seed % 200}")
        if username == "api":
            browser.headers["Authorization"] = f"Bearer {plan.token}"
        elif username is not None:
            browser.login(username)
        browsers.append(browser)
    start = time.monotonic() + 0.5
    stop = start + duration

    def run(n: int, action: Action) -> None:
        rng = random.Random(seed * 1000 + n)
        time.sleep(max(0.0, start - time.monotonic()) + rng.uniform(0, 2 * think))
        while time.monotonic() < stop:
            try:
                action(browsers[n], rec, plan, rng)
            except RuntimeError as exc:  # a form without its CSRF token
                with rec.lock:
                    rec.failures[str(exc)] += 1
            time.sleep(rng.uniform(0, 2 * think))

    threads = [
        threading.Thread(target=run, args=(n, action), daemon=True)
        for n, (_, action, _) in enumerate(roles)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return rec, time.monotonic() - start


def roles_for(users: int) -> list[tuple[str, Action, str | None]]:
    roles: list[tuple[str, Action, str | None]] = []
    accounts = list(STAFF)
    for n in range(users):
        slot = n % 5
        if slot < 3:
            roles.append(("staff", staff_action, accounts[(n // 5 * 3 + slot) % len(accounts)]))
        elif slot == 3:
            roles.append(("resident", resident_action, None))
        else:
            roles.append(("api", api_action, "api"))
    return roles


def _pct(ordered: list[float], p: float) -> float:
    """Nearest-rank percentile of sorted seconds, in milliseconds."""
    if not ordered:
        return math.nan
    return 1000 * ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


@dataclass
class Figures:
    requests: int
    errors: int
    rate: float
    p50: float
    p95: float
    p99: float


def figures(samples: list[Sample], elapsed: float) -> Figures:
    ordered = sorted(s.seconds for s in samples)
    return Figures(
        len(samples),
        sum(s.error for s in samples),
        len(samples) / elapsed,
        _pct(ordered, 50),
        _pct(ordered, 95),
        _pct(ordered, 99),
    )


def report(load: Recorder, load_elapsed: float, floor: Recorder, floor_elapsed: float) -> Figures:
    base = figures(floor.samples, floor_elapsed)
    kinds: dict[str, list[Sample]] = defaultdict(list)
    for sample in load.samples:
        kinds[sample.kind].append(sample)
    header = (
        f"{'request':<20}{'requests':>9}{'errors':>8}{'req/s':>8}"
        f"{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'p50/floor':>11}{'p95/floor':>11}"
    )
    print(header)
    print("-" * len(header))

    def row(name: str, f: Figures) -> None:
        print(
            f"{name:<20}{f.requests:>9}{f.errors:>8}{f.rate:>8.1f}"
            f"{f.p50:>9.0f}{f.p95:>9.0f}{f.p99:>9.0f}"
            f"{f.p50 / base.p50:>10.1f}x{f.p95 / base.p95:>10.1f}x"
        )

    for name in sorted(kinds, key=lambda k: -len(kinds[k])):
        row(name, figures(kinds[name], load_elapsed))
    print("-" * len(header))
    overall = figures(load.samples, load_elapsed)
    row("overall", overall)
    row("floor (login GET)", base)
    statuses: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for sample in load.samples:
        statuses[sample.kind][sample.status] += 1
    booking = statuses.get("booking POST", {})
    print(
        f"\nBookings: {booking.get(302, 0)} made, {booking.get(400, 0)} refused "
        f"(no place left, or the resident's form was stale)."
    )
    for name, failures in (("load", load.failures), ("floor", floor.failures)):
        for what, count in sorted(failures.items(), key=lambda kv: -kv[1])[:15]:
            print(f"  {name} error ×{count}: {what}")
    return overall


CAPACITY_CHECK = """
import json
from fazhi.legal_services.models import DutyShift
from fazhi.legal_services.selectors.duty import with_booked
shifts = list(with_booked(DutyShift.objects.all()))
over = [(s.pk, s.capacity, s.booked) for s in shifts if s.booked > s.capacity]
print(json.dumps({"shifts": len(shifts), "held": sum(s.booked for s in shifts), "over": over}))
"""


def after_checks(env: dict[str, str]) -> bool:
    audit = _fazhi(env, "audit", "verify")
    output = (audit.stdout + audit.stderr).strip()
    print(f"\nfazhi audit verify: exit {audit.returncode}\n  " + output.replace("\n", "\n  "))
    capacity = _fazhi(env, "shell", "-c", CAPACITY_CHECK)
    try:
        found = json.loads(capacity.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        print(f"Capacity check failed to run:\n{capacity.stdout}{capacity.stderr}")
        return False
    print(
        f"Duty shifts: {found['shifts']}, bookings holding a place: {found['held']}, "
        f"over capacity: {len(found['over'])}"
        + "".join(f"\n  shift {pk}: capacity {cap}, {held} held" for pk, cap, held in found["over"])
    )
    return audit.returncode == 0 and not found["over"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50, help="simultaneous users (50)")
    parser.add_argument("--duration", type=float, default=60, help="seconds per phase (60)")
    parser.add_argument(
        "--think", type=float, default=1.0, help="mean seconds between a user's actions (1)"
    )
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers (4)")
    parser.add_argument("--database-url", help="an already migrated database with the demo")
    parser.add_argument("--keep-database", action="store_true", help="do not drop the new one")
    parser.add_argument("--seed", type=int, default=2020)
    args = parser.parse_args()

    # A SIGTERM stops the run as a Ctrl-C does (also when started in the background, where
    # SIGINT comes ignored): server stopped, database dropped.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    data_dir = Path(tempfile.mkdtemp(prefix="fazhi-load-"))
    secret = secrets.token_urlsafe(50)
    name = None
    started = time.perf_counter()
    try:
        if args.database_url:
            url = args.database_url
        else:
            name = f"fazhi_load_{os.getpid()}"
            _throwaway("create", name)
            url = f"{SERVER}/{name}"
        env = _env(url, data_dir, secret)
        if name is not None:
            print(f"Loading the demo into {url} (about 3.5 minutes)…", flush=True)
            _must(_fazhi(env, "migrate", "--noinput", "-v0"), "fazhi migrate")
            _must(_fazhi(env, "demo"), "fazhi demo")
            _must(_fazhi(env, "shell", "-c", "from django.db import connection; "
                         "connection.cursor().execute('ANALYZE')"), "ANALYZE")  # fmt: skip
        _must(_fazhi(env, "collectstatic", "--noinput", "-v0"), "fazhi collectstatic")
        prepared = time.perf_counter() - started

        with gunicorn(env, args.workers, data_dir / "gunicorn.log") as base:
            plan = prepare_plan(base)
            roles = roles_for(args.users)
            # Warm every worker's caches (templates, URL resolver, permissions) untimed.
            drive(base, plan, roles, min(5.0, args.duration), args.think, args.seed + 1)
            print(
                f"{args.users} users ({sum(r[0] == 'staff' for r in roles)} staff, "
                f"{sum(r[0] == 'resident' for r in roles)} residents, "
                f"{sum(r[0] == 'api' for r in roles)} API clients), think time 0–"
                f"{2 * args.think:g} s, {args.duration:g} s per phase; gunicorn {args.workers} "
                f"sync workers; PostgreSQL; Python {sys.version.split()[0]}, "
                f"{os.cpu_count()} CPUs shared with other work. Prepared in {prepared:.0f} s.\n",
                flush=True,
            )
            floor_roles = [("floor", floor_action, None) for _ in roles]
            floor, floor_elapsed = drive(
                base, plan, floor_roles, args.duration, args.think, args.seed
            )
            load, load_elapsed = drive(base, plan, roles, args.duration, args.think, args.seed)
            overall = report(load, load_elapsed, floor, floor_elapsed)
            server_errors = [
                line for line in _tail(data_dir / "gunicorn.log").splitlines() if "ERROR" in line
            ]
        failed_requests = sum(load.failures.values()) + sum(floor.failures.values())
        checks_pass = after_checks(env)
        verdict = "met" if failed_requests == 0 and overall.p95 < TARGET_P95_MS else "missed"
        print(
            f"\nTarget (0 errors, p95 < {TARGET_P95_MS:.0f} ms overall): {verdict}; "
            f"total time {time.perf_counter() - started:.0f} s."
        )
        for line in server_errors[-5:]:
            print(f"  server log: {line}")
        return 0 if failed_requests == 0 and checks_pass else 1
    except KeyboardInterrupt:
        print("\nInterrupted.", file=sys.stderr)
        return 130
    finally:
        if name is not None:
            if args.keep_database:
                print(f"Kept the database: --database-url {SERVER}/{name}")
            else:
                _throwaway("drop", name)
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
