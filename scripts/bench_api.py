"""How fast the grid-worker list answers as JSON: ninja against DRF and a plain Django view.

    FAZHI_ENV=test .venv/bin/python scripts/bench_api.py [--requests 150] [--runs 5]

Loads the Haibin demo street (263 grid workers) into an in-memory SQLite database and asks
for the same page (100 grid workers, as the office clerk, through the whole middleware stack)
from three views that do the same work — permission check, data scope, the page's filters,
keyset pagination by id — and differ only in how they serialise:

    ninja   the platform's endpoint, /api/grid-workers/
    drf     an APIView with a ModelSerializer (djangorestframework, the "bench" extra)
    plain   a function view building dicts by hand for JsonResponse

Requests run in-process through django.test.Client, in rounds that alternate the three so
that a busy neighbour on the machine slows them alike. Prints the median requests per second
of each. Not a test: the figures depend on the machine.
"""

# Django must be set up (with an in-memory database) before the models are imported.
# ruff: noqa: E402
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=150, help="requests per run (150)")
    parser.add_argument("--runs", type=int, default=5, help="runs per variant (5)")
    parser.add_argument("--budget", type=float, default=6.0, help="seconds per run at most (6)")
    args = parser.parse_args()

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
