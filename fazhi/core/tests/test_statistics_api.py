"""The figures over the API: every figure with its definition, breakdowns and the records
behind it, scoped to the own street; a district office sees figures, never records."""

from __future__ import annotations

import pytest

from fazhi.org.roles import Role
from fazhi.testing import make_user

pytestmark = pytest.mark.django_db

YEAR = "from=2020-01-01&to=2020-12-31"


def test_figures_of_the_own_street(world, client, django_assert_max_num_queries):
    """Session, account, permissions, the figures in one query, the session's refresh."""
    client.force_login(world.clerk_a)
    with django_assert_max_num_queries(9):
        response = client.get(f"/api/statistics/?{YEAR}")
    assert response.status_code == 200
    body = response.json()
    assert (body["street"], body["start"], body["end"]) == ("street-a", "2020-01-01", "2020-12-31")
    grids = next(r for r in body["results"] if r["key"] == "org.grids")
    assert grids["value"] == 2 and grids["label"] == "网格数" and grids["chapter"] == "org"
    assert grids["definition"] and "village" in grids["breakdowns"]
    assert grids["records"].endswith(f"/api/statistics/org.grids/records/?street=street-a&{YEAR}")
    rate = next(r for r in body["results"] if r["key"] == "legal_services.mediation_success_rate")
    assert rate["breakdowns"] == []


def test_records_behind_a_figure(world, client):
    client.force_login(world.clerk_a)
    response = client.get(f"/api/statistics/org.grids/records/?{YEAR}&limit=1")
    assert response.status_code == 200
    body = response.json()
    assert (body["value"], body["total"]) == (2, 2)
    assert len(body["results"]) == 1 and body["next_cursor"]
    first = body["results"][0]
    assert first["id"] == world.a.grid.pk and first["fields"]["所属村居"] == world.a.village.name
    following = client.get(body["next"]).json()
    assert [r["id"] for r in following["results"]] == [world.a.other_grid.pk]


def test_breakdown_and_its_records(world, client):
    client.force_login(world.clerk_a)
    response = client.get(f"/api/statistics/org.grids/breakdown/?by=village&{YEAR}")
    assert response.status_code == 200
    bars = response.json()["results"]
    assert bars == [{"key": str(world.a.village.pk), "label": world.a.village.name, "value": 2}]
    sliced = client.get(
        f"/api/statistics/org.grids/records/?{YEAR}&by=village&value={world.a.village.pk}"
    ).json()
    assert sliced["total"] == 2


def test_another_street_is_not_found(world, client):
    client.force_login(world.clerk_a)
    assert client.get(f"/api/statistics/?street=street-b&{YEAR}").status_code == 404
    assert client.get("/api/statistics/org.grids/records/?street=street-b").status_code == 404
    assert client.get("/api/statistics/no.such_key/records/").status_code == 404


def test_roles_without_statistics_are_refused(world, client):
    client.force_login(world.auditor)
    response = client.get("/api/statistics/")
    assert response.status_code == 403
    assert response.json()["detail"]


@pytest.mark.parametrize(
    "query, field",
    [
        ("from=0", "from"),
        ("from=2020-13-01", "from"),
        ("to=20200101", "to"),
        ("from=2020-12-01&to=2020-01-01", "to"),
    ],
)
def test_bad_dates_are_explained(world, client, query, field):
    client.force_login(world.clerk_a)
    response = client.get(f"/api/statistics/?{query}")
    assert response.status_code == 422
    assert field in response.json()["errors"]


def test_bad_breakdown_is_explained(world, client):
    client.force_login(world.clerk_a)
    response = client.get(f"/api/statistics/org.grids/breakdown/?by=colour&{YEAR}")
    assert response.status_code == 422
    assert "分组" in response.json()["errors"]["by"][0]
    response = client.get(f"/api/statistics/org.grids/records/?by=month&value=x&{YEAR}")
    assert response.status_code == 422


def test_district_office_sees_figures_but_no_records(world, client):
    district_user = make_user(
        "district_a", None, [Role.DISTRICT_OFFICE], district=world.a.street.district
    )
    client.force_login(district_user)
    response = client.get(f"/api/statistics/?street=street-b&{YEAR}")
    assert response.status_code == 200
    assert all(r["records"] is None for r in response.json()["results"])
    assert (
        client.get(f"/api/statistics/org.grids/records/?street=street-b&{YEAR}").status_code == 403
    )


def test_an_account_without_the_district_role_reads_nothing(world, client):
    from fazhi.org.models import User

    user = make_user("district_b", None, [Role.DISTRICT_OFFICE], district=world.a.street.district)
    user.groups.clear()
    client.force_login(User.objects.get(pk=user.pk))
    assert client.get(f"/api/statistics/?street=street-a&{YEAR}").status_code == 403


def test_records_need_the_view_permission_of_their_kind(world, client):
    """An enforcement officer reads the figures but not the consultations behind one."""
    from fazhi.org.models import User

    officer = make_user("officer_a", world.a.street, [Role.ENFORCEMENT_OFFICER])
    client.force_login(User.objects.get(pk=officer.pk))
    assert client.get(f"/api/statistics/?{YEAR}").status_code == 200
    response = client.get(f"/api/statistics/legal_services.consultations/records/?{YEAR}")
    assert response.status_code == 403


def test_a_breakdown_slice_needs_its_value(world, client):
    client.force_login(world.clerk_a)
    response = client.get(f"/api/statistics/org.grids/records/?by=village&{YEAR}")
    assert response.status_code == 422
    assert "value" in response.json()["errors"]
