"""The district office never sees a street's records or personal data: every back-office page
and every API endpoint of a street answers it 403 or 404, whatever the record."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from fazhi.audit.models import AuditEntry
from fazhi.enforcement.models import Case
from fazhi.enforcement.tests.b_helpers import PARTY, make_case
from fazhi.enforcement.tests.report_helpers import make_report
from fazhi.legal_services.models import Consultation, Mediation, Topic
from fazhi.legal_services.services.registry import consultation_create
from fazhi.legal_services.testing import build_legal
from fazhi.legal_services.tests.duty_fixtures import book, make_shift
from fazhi.legal_services.tests.mediation_cases import accepted_case
from fazhi.org.models import GridWorker, User
from fazhi.org.services import department_create
from fazhi.reviews.tests.helpers import make_request

SHANGHAI = ZoneInfo("Asia/Shanghai")
DENIED = (403, 404)
# What no page may show the district office: residents', parties' and staff's particulars.
PERSONAL = [PARTY, "120101199001011239", "张明", "120101198001010012", "张三丰", "13812340001"]
PERSONAL += ["孙咨询", "13611112222", "王律师"]


@pytest.fixture
def records(world, enf):
    """One record of each kind the sample opens, all in 甲街, by URL name prefix."""
    legal = build_legal(world)
    shift = make_shift(world, legal)
    consultation = consultation_create(
        street=world.a.street,
        actor=world.clerk_a,
        now=datetime(2020, 6, 1, 10, 0, tzinfo=SHANGHAI),
        occurred_at=datetime(2020, 6, 1, 9, 30, tzinfo=SHANGHAI),
        channel=Consultation.Channel.PHONE,
        topic=Topic.LABOUR,
        question="单位拖欠工资怎么办？",
        resident_name="孙咨询",
        resident_phone="13611112222",
        village=world.a.village,
    )
    dept = department_create(street=world.a.street, actor=None, name="经济发展办公室")
    mediation: Mediation = accepted_case(world.a.street, world.clerk_a)
    return {
        "enforcement:case_": make_case(enf).pk,
        "enforcement:report_": make_report(world, enf).pk,
        "legal_services:consultation_": consultation.pk,
        "legal_services:appointment_": book(shift).pk,
        "legal_services:dutyshift_": shift.pk,
        "legal_services:lawyer_": legal.lawyer_a.pk,
        "legal_services:mediation_party_": mediation.parties.first().pk,
        "legal_services:mediation_": mediation.pk,
        "reviews:reviewrequest_": make_request(world, dept).pk,
        "org:gridworker_": GridWorker.objects.filter(street=world.a.street).first().pk,
        "org:grid_": world.a.grid.pk,
        "org:village_": world.a.village.pk,
        "org:department_": dept.pk,
        "accounts:user_": world.clerk_a.pk,
        "audit:entry_": AuditEntry.objects.filter(street=world.a.street).last().seq,
    }


# Pages every account may open, and the district office's own.
OPEN_TO_ALL = {
    "core:home",
    "accounts:login",
    "accounts:logout",
    "accounts:password_change",
    # one's own background exports and imports: every account has these lists (empty here)
    "core:export_list",
    "core:import_job_list",
}


def _routes(
    resolver: URLResolver, prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, str]]:
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace or ""
            yield from _routes(pattern, prefix + str(pattern.pattern), inner.strip(":"))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), f"{namespace}:{pattern.name}"


def _fill(route: str, name: str, records: dict[str, int]) -> str:
    pk = next((pk for prefix, pk in records.items() if name.startswith(prefix)), 1)

    def value(match: re.Match[str]) -> str:
        converter, arg = match.group(1), match.group(2)
        if converter == "int":
            return str(pk)
        return "org.grids" if arg == "key" else "x"

    path = "/" + re.sub(r"<(?:(\w+):)?(\w+)>", value, route)
    # The phone report's thank-you page shows the report named in its query, if any.
    return f"{path}?report={pk}" if name == "enforcement:report_phone_done" else path


def office_pages(records: dict[str, int]) -> list[tuple[str, str]]:
    """Every back-office and account page but the open ones, with a record of 甲街 in it."""
    pages = []
    for route, name in _routes(get_resolver()):
        if not route.startswith(("office/", "accounts/")) or name in OPEN_TO_ALL:
            continue
        if name.startswith("district:"):
            continue
        pages.append((_fill(route, name, records), name))
    return pages


def test_every_street_page_refuses_the_district_office(world, district_office, records):
    client = world.client(district_office)
    pages = office_pages(records)
    assert len(pages) > 200  # the whole back office, not a handful
    names = {name for _path, name in pages}
    # The sample the district office must never open, by name: lists, records, the
    # statistics page and the audit log (the records behind a figure: the test below).
    assert {
        "enforcement:case_list",
        "enforcement:case_detail",
        "enforcement:report_list",
        "enforcement:report_detail",
        "legal_services:consultation_list",
        "legal_services:consultation_detail",
        "legal_services:appointment_list",
        "legal_services:appointment_detail",
        "legal_services:mediation_list",
        "legal_services:mediation_detail",
        "reviews:reviewrequest_list",
        "reviews:reviewrequest_detail",
        "reports:statistics",
        "audit:entry_list",
        "audit:entry_detail",
        "accounts:user_list",
    } <= names
    writes_before = AuditEntry.objects.count()
    for path, name in pages:
        response = client.get(path)
        if response.status_code == 405:  # a form's target: posting is refused as well
            response = client.post(path)
            if response.status_code == 405:  # a route no entity of this kind offers anyone
                continue
        assert response.status_code in DENIED, (name, path, response.status_code)
        text = response.content.decode(errors="replace")
        leaked = [p for p in PERSONAL if p in text]
        assert not leaked, (name, path, leaked)
    assert AuditEntry.objects.count() == writes_before  # nothing written, nothing exported


def test_the_records_behind_a_figure_are_refused(world, district_office, records):
    client = world.client(district_office)
    for key in ["enforcement.cases_found", "legal_services.consultations", "org.grid_workers"]:
        path = f"/office/reports/statistics/{key}/records/"
        response = client.get(path, {"start": "2020-01-01", "end": "2020-12-31"})
        assert response.status_code in DENIED, path
        assert PARTY not in response.content.decode()


def test_scoping_still_gives_the_district_office_no_street_record(world, district_office, records):
    assert not Case.objects.for_user(district_office).exists()
    assert not Consultation.objects.for_user(district_office).exists()
    assert not User.objects.for_user(district_office).exists()


def _api_operations() -> list[tuple[str, str, str]]:
    from fazhi.api.api import api

    operations = []
    for path, methods in api.get_openapi_schema()["paths"].items():
        for method, operation in methods.items():
            operations.append((method, path, operation["operationId"]))
    return operations


# The API's figures of a street of the district (never their records) are the district's to read.
API_FIGURES = {"statistics_list", "statistics_breakdown"}


def test_every_api_endpoint_refuses_the_district_office(world, district_office, records):
    client = world.client(district_office)
    operations = _api_operations()
    reads = [(path, op) for method, path, op in operations if method == "get"]
    assert len(reads) > 50
    assert {"enforcement_cases_list", "consultations_list", "statistics_records"} <= {
        op for _path, op in reads
    }
    case_pk = records["enforcement:case_"]
    for path, op in reads:
        if op in API_FIGURES:
            continue
        url = path.replace("{id}", str(case_pk)).replace("{key}", "org.grids")
        response = client.get(url, {"street": "street-a"})
        assert response.status_code in DENIED, (op, url, response.status_code)
        leaked = [p for p in PERSONAL if p in response.content.decode()]
        assert not leaked, (op, leaked)
    writes_before = AuditEntry.objects.count()
    for method, path, op in operations:
        if method == "post" and "{" not in path:
            response = client.post(path, {}, content_type="application/json")
            assert response.status_code in (*DENIED, 422), (op, path, response.status_code)
    assert AuditEntry.objects.count() == writes_before


def test_the_api_figures_carry_no_records_link(world, district_office, records):
    response = world.client(district_office).get("/api/statistics/", {"street": "street-a"})
    assert response.status_code == 200
    assert all(figure["records"] is None for figure in response.json()["results"])
