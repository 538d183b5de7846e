"""The district office role (区依法治区办): one permission of its own, and an account in a
district and in no street, with no other role."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError

from fazhi.audit.models import Action, AuditEntry
from fazhi.org import services
from fazhi.org.models import User
from fazhi.org.roles import ROLE_PERMISSIONS, Role
from fazhi.testing import make_user


def test_the_role_holds_the_district_permission_and_nothing_else(world):
    group = Group.objects.get(name=Role.DISTRICT_OFFICE)
    perms = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
    assert perms == {"org.view_district"} == set(ROLE_PERMISSIONS[Role.DISTRICT_OFFICE])
    holders = [role for role, granted in ROLE_PERMISSIONS.items() if "org.view_district" in granted]
    assert holders == [Role.DISTRICT_OFFICE]


def test_an_account_of_the_district_office(world, district_office):
    district_office.refresh_from_db()
    assert (district_office.street, district_office.district) == (None, world.a.street.district)
    assert district_office.has_perm("org.view_district")
    assert not district_office.has_perm("org.view_statistics")
    created = AuditEntry.objects.get(action=Action.CREATE, object_id=str(district_office.pk))
    assert created.changes["after"]["roles"] == [Role.DISTRICT_OFFICE]


@pytest.mark.parametrize(
    ("street", "district", "roles", "extra", "field", "message"),
    [
        ("a", True, [Role.DISTRICT_OFFICE], {}, "street", "区依法治区办的账号不能归属街道"),
        (None, False, [Role.DISTRICT_OFFICE], {}, "district", "区依法治区办的账号须指定所属区。"),
        (
            None,
            True,
            [Role.DISTRICT_OFFICE, Role.PRINCIPAL_LEADER],
            {},
            "roles",
            "区依法治区办不能兼任其他角色。",
        ),
        (None, True, [Role.DISTRICT_OFFICE], {"grid": "a"}, "grid", "不能指定网格"),
        ("a", True, [Role.OFFICE], {}, "district", "街道的账号不能指定所属区"),
    ],
)
def test_account_rules(world, street, district, roles, extra, field, message):
    fields = {"grid": world.a.grid} if extra else {}
    with pytest.raises(ValidationError) as refused:
        make_user(
            "district_x",
            world.a.street if street else None,
            roles,
            district=world.a.street.district if district else None,
            **fields,
        )
    assert message in " ".join(refused.value.message_dict[field])
    assert not User.objects.filter(username="district_x").exists()


def test_a_security_administrator_cannot_make_a_street_account_the_district_office(world):
    client = world.client(world.secadmin)
    response = client.post(
        f"/accounts/users/{world.staff_a.pk}/roles/", {"roles": [Role.DISTRICT_OFFICE]}
    )
    assert response.status_code == 400
    assert "区依法治区办的账号不能归属街道" in response.content.decode()
    assert world.staff_a.role_codes() == {Role.DEPARTMENT_STAFF}
    assert not AuditEntry.objects.filter(action=Action.ROLE_CHANGE).exists()
    response = client.post(
        "/accounts/users/new/",
        {
            "username": "quban",
            "full_name": "区办干部",
            "roles": [Role.DISTRICT_OFFICE],
            "new_password1": "Chushi#2020",
            "new_password2": "Chushi#2020",
        },
    )
    assert response.status_code == 400
    assert "区依法治区办的账号不能归属街道" in response.content.decode()
    assert not User.objects.filter(username="quban").exists()


def test_the_district_office_role_cannot_be_added_to_a_street_role(world, district_office):
    with pytest.raises(ValidationError, match="区依法治区办不能兼任其他角色"):
        services.user_set_roles(
            district_office,
            roles=[Role.DISTRICT_OFFICE, Role.PRINCIPAL_LEADER],
            actor=User.objects.create_superuser("root", password="Root#2020pass", full_name="根"),
        )
    assert district_office.role_codes() == {Role.DISTRICT_OFFICE}


def test_a_street_account_cannot_be_given_a_district(world):
    with pytest.raises(ValidationError) as refused:
        services.user_update(world.staff_a, actor=world.secadmin, district=world.a.street.district)
    assert "街道的账号不能指定所属区" in " ".join(refused.value.message_dict["district"])
    world.staff_a.refresh_from_db()
    assert world.staff_a.district is None
