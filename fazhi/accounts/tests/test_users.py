"""Account administration by the security administrator (安全管理员)."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from openpyxl import load_workbook

from fazhi.accounts import services
from fazhi.accounts.models import LoginThrottle
from fazhi.audit.models import Action, AuditEntry
from fazhi.org.models import Department, User
from fazhi.org.roles import Role
from fazhi.org.services import department_create
from fazhi.testing import PASSWORD, make_user

USERS = "/accounts/users/"


def url(user: User, action: str = "") -> str:
    return f"{USERS}{user.pk}/{action + '/' if action else ''}"


def audit_rows(action: str, user: User | None = None) -> list[AuditEntry]:
    qs = AuditEntry.objects.filter(action=action).order_by("seq")
    if user is not None:
        qs = qs.filter(object_type="org.user", object_id=str(user.pk))
    return list(qs)


@pytest.fixture
def admin(world) -> Client:
    return world.client(world.secadmin)


@pytest.fixture
def office(world) -> Department:
    return department_create(street=world.a.street, actor=world.clerk_a, name="党政办公室")


def new_user_data(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "username": "wangfang",
        "full_name": "王芳",
        "title": "科员",
        "phone": "13812345678",
        "roles": [Role.DEPARTMENT_STAFF],
        "new_password1": "Chushi#2020",
        "new_password2": "Chushi#2020",
    }
    data.update(changes)
    return data


# --- Who may open the pages -------------------------------------------------------------------


@pytest.mark.parametrize("who", ["sysadmin", "auditor", "clerk_a", "leader", "grid_worker"])
def test_only_the_security_administrator_reaches_account_pages(world, who):
    client = world.client(getattr(world, who))
    target = world.staff_a
    for path in [USERS, f"{USERS}new/", url(target), url(target, "edit"), url(target, "roles")]:
        assert client.get(path).status_code == 403, path
    for action in ["deactivate", "reactivate", "unlock", "password"]:
        assert client.post(url(target, action)).status_code == 403, action
    target.refresh_from_db()
    assert target.is_active
    assert audit_rows(Action.ACCOUNT_DISABLE) == []


def test_anonymous_is_sent_to_login(anon, world):
    response = anon.get(USERS)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_another_streets_account_is_not_found(admin, world):
    other = world.clerk_b
    for path in [url(other), url(other, "edit"), url(other, "roles"), url(other, "password")]:
        assert admin.get(path).status_code == 404, path
    for action in ["deactivate", "reactivate", "unlock", "roles", "edit", "password"]:
        assert admin.post(url(other, action), {"reason": "x"}).status_code == 404, action
    other.refresh_from_db()
    assert other.is_active


def test_read_only_pages_refuse_other_methods(admin, world):
    assert admin.post(USERS).status_code == 405
    assert admin.post(url(world.staff_a)).status_code == 405
    assert admin.get(url(world.staff_a, "reactivate")).status_code == 405
    assert admin.get(url(world.staff_a, "unlock")).status_code == 405


# --- The list -----------------------------------------------------------------------------------


def test_list_shows_the_own_streets_accounts_only(admin, world):
    response = admin.get(USERS)
    assert response.status_code == 200
    page = response.content.decode()
    assert "clerk_a" in page and "甲街办公室" in page
    assert "clerk_b" not in page
    assert "安全管理员" in page  # roles in words, not codes
    assert f"共 {User.objects.filter(street=world.a.street).count()} 个账号" in page


def listed(client: Client, query: str) -> set[str]:
    response = client.get(f"{USERS}?{query}")
    assert response.status_code == 200
    return {u.username for u, _ in response.context["rows"]}


def test_list_filters(admin, world, office):
    services.user_deactivate(world.staff_a, actor=world.secadmin)
    User.objects.filter(pk=world.leader.pk).update(department=office)
    assert listed(admin, "q=甲街") == {"clerk_a", "leader"}
    assert listed(admin, "q=甲街 书记") == {"leader"}
    assert listed(admin, "role=auditor") == {"auditor"}
    assert listed(admin, f"department={office.pk}") == {"leader"}
    assert listed(admin, "status=inactive") == {"staff_a"}
    assert "staff_a" not in listed(admin, "status=active")


def test_list_refuses_bad_filters_with_a_clear_error(admin, world):
    other_department = department_create(street=world.b.street, actor=world.clerk_b, name="乙办")
    for query in [f"department={other_department.pk}", "role=king", "department=abc"]:
        response = admin.get(f"{USERS}?{query}")
        assert response.status_code == 400, query
        assert "选择一个有效的选项" in response.content.decode()
        assert response.context["rows"] == []


def test_list_query_count_does_not_grow_with_accounts(admin, world, django_assert_max_num_queries):
    for i in range(30):
        make_user(f"extra{i:02d}", world.a.street, [Role.DEPARTMENT_STAFF, Role.LEGAL_REVIEWER])
    LoginThrottle.objects.create(kind="account", key="extra01", failures=0)
    # Session, user, permissions (2), count, page, roles, street and roles of the top bar,
    # departments of the filter, session save (3 with its savepoint): 13, however many rows.
    with django_assert_max_num_queries(13):
        response = admin.get(USERS)
    assert response.status_code == 200
    assert len(response.context["rows"]) == User.objects.filter(street=world.a.street).count()


def test_export_follows_the_filters_and_is_audited(admin, world):
    response = admin.get(f"{USERS}?role=legal_reviewer&format=xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    notes = "\n".join(
        "：".join(str(c) for c in r if c is not None)
        for r in load_workbook(BytesIO(response.content))["说明"].iter_rows(values_only=True)
    )
    assert notes.startswith("账号列表")
    assert "筛选条件：角色：法制审核人员" in notes
    header = rows[0]
    assert header[:2] == ("用户名", "姓名") and "角色" in header
    assert [r[0] for r in rows[1:]] == ["reviewer"]
    assert rows[1][header.index("角色")] == "法制审核人员"
    [entry] = audit_rows(Action.EXPORT)
    assert entry.actor == world.secadmin
    assert entry.changes["count"] == 1
    assert entry.changes["filters"] == {"角色": "法制审核人员"}


# --- Create ---------------------------------------------------------------------------------------


def test_create_an_account(admin, world, office):
    form = admin.get(f"{USERS}new/")
    assert form.status_code == 200
    assert "至少3类；" in form.content.decode()
    assert "用户首次登录时须修改。" in form.content.decode()
    response = admin.post(f"{USERS}new/", new_user_data(department=office.pk))
    assert response.status_code == 302
    user = User.objects.get(username="wangfang")
    assert response["Location"] == url(user)
    assert user.street == world.a.street
    assert user.department == office
    assert user.must_change_password
    assert user.check_password("Chushi#2020")
    assert user.role_codes() == {Role.DEPARTMENT_STAFF}
    [entry] = audit_rows(Action.CREATE, user)
    assert entry.actor == world.secadmin
    assert entry.changes["after"]["roles"] == [Role.DEPARTMENT_STAFF]
    assert "password" not in entry.changes["after"]

    # The new colleague must change the initial password at the first login.
    client = Client()
    login = client.post("/accounts/login/", {"username": "wangfang", "password": "Chushi#2020"})
    assert login["Location"] == "/accounts/password/"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"new_password1": "chushi2020", "new_password2": "chushi2020"}, "至少3类"),
        ({"new_password2": "Chushi#2021"}, "两次输入的密码不一致。"),
        ({"username": "clerk_a"}, "已存在一位使用该名字的用户。"),
        ({"phone": "12345"}, "请输入11位手机号码。"),
        ({"full_name": ""}, "这个字段是必填项。"),
        (
            {"roles": [Role.SYSTEM_ADMIN, Role.AUDITOR]},
            "系统管理员、安全管理员、审计员须由不同人员担任（三员分立），不能兼任。",
        ),
        (
            {"roles": [Role.AUDITOR, Role.OFFICE]},
            "三员（系统管理员、安全管理员、审计员）不能兼任业务角色。",
        ),
    ],
)
def test_create_refuses_bad_input_and_writes_nothing(admin, world, changes, message):
    before = (User.objects.count(), AuditEntry.objects.count())
    response = admin.post(f"{USERS}new/", new_user_data(**changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert (User.objects.count(), AuditEntry.objects.count()) == before


def test_create_refuses_a_department_of_another_street(admin, world):
    other = department_create(street=world.b.street, actor=world.clerk_b, name="乙办")
    response = admin.post(f"{USERS}new/", new_user_data(department=other.pk))
    assert response.status_code == 400
    assert "选择一个有效的选项" in response.content.decode()
    assert not User.objects.filter(username="wangfang").exists()


# --- Edit particulars -------------------------------------------------------------------------------


def test_edit_particulars(admin, world, office):
    target = world.staff_a
    assert admin.get(url(target, "edit")).status_code == 200
    response = admin.post(
        url(target, "edit"),
        {"full_name": "赵六", "department": office.pk, "title": "副主任", "phone": "13912345678"},
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert (target.full_name, target.department, target.title) == ("赵六", office, "副主任")
    [entry] = audit_rows(Action.UPDATE, target)
    assert entry.actor == world.secadmin
    assert entry.changes["before"]["full_name"] == "staff_a"
    assert entry.changes["after"]["full_name"] == "赵六"


def test_edit_refuses_bad_input(admin, world):
    target = world.staff_a
    response = admin.post(url(target, "edit"), {"full_name": "赵六", "phone": "abc"})
    assert response.status_code == 400
    assert "请输入11位手机号码。" in response.content.decode()
    target.refresh_from_db()
    assert target.full_name == "staff_a"
    assert audit_rows(Action.UPDATE, target) == []


# --- Roles ----------------------------------------------------------------------------------------


def test_set_roles(admin, world):
    target = world.staff_a
    page = admin.get(url(target, "roles"))
    assert page.status_code == 200
    assert page.context["form"].initial["roles"] == [Role.DEPARTMENT_STAFF]
    response = admin.post(
        url(target, "roles"), {"roles": [Role.ENFORCEMENT_OFFICER, Role.LEGAL_REVIEWER]}
    )
    assert response.status_code == 302
    assert User.objects.get(pk=target.pk).role_codes() == {
        Role.ENFORCEMENT_OFFICER,
        Role.LEGAL_REVIEWER,
    }
    [entry] = audit_rows(Action.ROLE_CHANGE, target)
    assert entry.changes["before"] == {"roles": [Role.DEPARTMENT_STAFF]}
    assert entry.changes["after"] == {"roles": [Role.ENFORCEMENT_OFFICER, Role.LEGAL_REVIEWER]}


@pytest.mark.parametrize(
    ("who", "roles", "message"),
    [
        ("staff_a", [Role.SECURITY_ADMIN, Role.AUDITOR], "三员分立"),
        ("staff_a", [Role.SYSTEM_ADMIN, Role.OFFICE], "不能兼任业务角色"),
        ("staff_a", ["king"], "选择一个有效的选项"),
        ("secadmin", [Role.OFFICE], "不能修改自己的角色。"),
    ],
)
def test_set_roles_refuses_and_writes_nothing(admin, world, who, roles, message):
    target = getattr(world, who)
    before = set(User.objects.get(pk=target.pk).role_codes())
    response = admin.post(url(target, "roles"), {"roles": roles})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert User.objects.get(pk=target.pk).role_codes() == before
    assert audit_rows(Action.ROLE_CHANGE) == []


# --- Password reset ---------------------------------------------------------------------------------


def test_reset_a_password(admin, world):
    target = world.staff_a
    their_session = world.client(target)
    assert their_session.get("/office/").status_code == 200
    assert admin.get(url(target, "password")).status_code == 200
    response = admin.post(
        url(target, "password"), {"new_password1": "Linshi#2020", "new_password2": "Linshi#2020"}
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.check_password("Linshi#2020")
    assert target.must_change_password
    [entry] = audit_rows(Action.PASSWORD_CHANGE, target)
    assert entry.actor == world.secadmin
    assert entry.changes == {"reset_by_admin": True}
    assert "Linshi" not in str(entry.changes)
    # The old password's sessions end.
    assert their_session.get("/office/").status_code == 302


@pytest.mark.parametrize(
    ("who", "password", "confirm", "message"),
    [
        ("staff_a", "linshi2020", "linshi2020", "至少3类"),
        ("staff_a", "Linshi#2020", "Linshi#2021", "两次输入的密码不一致。"),
        ("secadmin", "Linshi#2020", "Linshi#2020", "不能重置自己的密码"),
    ],
)
def test_reset_refuses_and_writes_nothing(admin, world, who, password, confirm, message):
    target = getattr(world, who)
    response = admin.post(
        url(target, "password"), {"new_password1": password, "new_password2": confirm}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    target.refresh_from_db()
    assert target.check_password(PASSWORD)
    assert audit_rows(Action.PASSWORD_CHANGE) == []


# --- Deactivate, reactivate, unlock -------------------------------------------------------------


def test_deactivate_and_reactivate(admin, world):
    target = world.staff_a
    their_session = world.client(target)
    assert admin.get(url(target, "deactivate")).status_code == 200
    response = admin.post(url(target, "deactivate"), {"reason": "调离本街道"})
    assert response.status_code == 302
    target.refresh_from_db()
    assert not target.is_active
    [entry] = audit_rows(Action.ACCOUNT_DISABLE, target)
    assert entry.actor == world.secadmin
    assert entry.changes == {
        "before": {"is_active": True},
        "after": {"is_active": False},
        "reason": "调离本街道",
    }
    assert their_session.get("/office/").status_code == 302
    refused = Client().post("/accounts/login/", {"username": "staff_a", "password": PASSWORD})
    assert "该账号已停用" in refused.content.decode()

    response = admin.post(url(target, "reactivate"))
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.is_active
    assert len(audit_rows(Action.ACCOUNT_ENABLE, target)) == 1
    login = Client().post("/accounts/login/", {"username": "staff_a", "password": PASSWORD})
    assert login.status_code == 302


def test_nobody_deactivates_themself(admin, world):
    response = admin.post(url(world.secadmin, "deactivate"), {"reason": ""})
    assert response.status_code == 400
    assert "不能停用自己的账号。" in response.content.decode()
    world.secadmin.refresh_from_db()
    assert world.secadmin.is_active
    assert audit_rows(Action.ACCOUNT_DISABLE) == []


def test_status_changes_refuse_what_is_already_so(admin, world):
    target = world.staff_a
    response = admin.post(url(target, "reactivate"))
    assert response.status_code == 400
    assert "未被停用" in response.content.decode()
    response = admin.post(url(target, "unlock"))
    assert response.status_code == 400
    assert "未被锁定" in response.content.decode()
    services.user_deactivate(target, actor=world.secadmin)
    response = admin.post(url(target, "deactivate"), {"reason": ""})
    assert response.status_code == 400
    assert "已经是停用状态" in response.content.decode()
    assert len(audit_rows(Action.ACCOUNT_DISABLE)) == 1
    assert audit_rows(Action.ACCOUNT_ENABLE) == audit_rows(Action.UNLOCK) == []


def test_unlock_a_locked_account(admin, world):
    for i in range(5):
        Client().post(
            "/accounts/login/",
            {"username": "staff_a", "password": "Wrong@2020pass"},
            REMOTE_ADDR=f"10.0.0.{i}",
        )
    detail = admin.get(url(world.staff_a)).content.decode()
    assert "因连续登录失败锁定至" in detail
    assert "锁定至" in admin.get(USERS).content.decode()

    response = admin.post(url(world.staff_a, "unlock"))
    assert response.status_code == 302
    assert not LoginThrottle.objects.filter(kind="account", key="staff_a").exists()
    [entry] = audit_rows(Action.UNLOCK, world.staff_a)
    assert entry.actor == world.secadmin
    login = Client().post(
        "/accounts/login/", {"username": "staff_a", "password": PASSWORD}, REMOTE_ADDR="10.0.1.1"
    )
    assert login.status_code == 302


# --- The services guard themselves, whoever calls them --------------------------------------------


def test_services_refuse_anyone_but_the_security_administrator(world):
    with pytest.raises(PermissionDenied):
        services.user_deactivate(world.staff_a, actor=world.sysadmin)
    with pytest.raises(PermissionDenied):
        services.password_reset_by_admin(
            user=world.staff_a, new_password="Linshi#2020", actor=world.clerk_a
        )
    with pytest.raises(PermissionDenied):
        services.user_deactivate(world.clerk_b, actor=world.secadmin)
    world.staff_a.refresh_from_db()
    assert world.staff_a.is_active
    assert audit_rows(Action.ACCOUNT_DISABLE) == []
