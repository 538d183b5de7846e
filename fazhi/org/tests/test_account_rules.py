"""Rules on accounts that guard data scope: grid workers need a grid, superusers stay out of
reach of street administrators, user names are unique without regard to case."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fazhi.org import services
from fazhi.org.models import GridWorker, User
from fazhi.org.roles import Role
from fazhi.testing import PASSWORD, make_user


def test_grid_worker_account_without_grid_is_refused(world):
    with pytest.raises(ValidationError, match="须指定所属网格"):
        make_user("gw2", world.a.street, [Role.GRID_WORKER])
    assert not User.objects.filter(username="gw2").exists()


def test_grid_worker_role_needs_a_grid(world):
    with pytest.raises(ValidationError, match="须指定所属网格"):
        services.user_set_roles(world.staff_a, roles=[Role.GRID_WORKER], actor=world.secadmin)
    assert world.staff_a.role_codes() == {Role.DEPARTMENT_STAFF}
    with pytest.raises(ValidationError, match="须指定所属网格"):
        services.user_update(world.grid_worker, actor=world.secadmin, grid=None)
    world.grid_worker.refresh_from_db()
    assert world.grid_worker.grid == world.a.grid


def test_grid_worker_who_lost_the_grid_sees_nothing_of_grids(world):
    # Data written before the rule existed, or by SQL: scope must still hold.
    User.objects.filter(pk=world.grid_worker.pk).update(grid=None)
    user = User.objects.get(pk=world.grid_worker.pk)
    assert GridWorker.objects.for_user(user).count() == 0
    client = world.client(user)
    text = client.get("/office/org/gridworker/").content.decode()
    assert world.a.worker.phone not in text and world.a.other_worker.phone not in text
    assert client.get("/api/grid-workers/").json()["results"] == []


def test_street_administrators_cannot_reach_superusers(world):
    boss = User.objects.create_superuser(
        username="root", full_name="平台管理员", password=PASSWORD, street=world.a.street
    )
    assert boss not in User.objects.for_user(world.secadmin)
    client = world.client(world.secadmin)
    assert client.get(f"/accounts/users/{boss.pk}/").status_code == 404
    response = client.post(
        f"/accounts/users/{boss.pk}/password/",
        {"new_password1": "Another@2020x", "new_password2": "Another@2020x"},
    )
    assert response.status_code == 404
    boss.refresh_from_db()
    assert boss.check_password(PASSWORD)
    with pytest.raises(PermissionDenied):
        services.user_set_roles(boss, roles=[Role.AUDITOR], actor=world.secadmin)


def test_roles_only_within_the_own_street(world):
    with pytest.raises(PermissionDenied):
        services.user_set_roles(world.clerk_b, roles=[Role.AUDITOR], actor=world.secadmin)
    assert world.clerk_b.role_codes() == {Role.OFFICE}


def test_user_names_are_unique_without_regard_to_case(world):
    with pytest.raises(ValidationError, match="用户名"):
        make_user("CLERK_A", world.a.street, [Role.OFFICE])
    assert User.objects.filter(username__iexact="clerk_a").count() == 1
