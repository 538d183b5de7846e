"""Login security (等保二级): hashing, password policy, lockout, forced change, audit of each."""

from __future__ import annotations

import runpy
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone, translation

import fazhi
from fazhi.accounts.models import LoginThrottle
from fazhi.audit.models import Action, AuditEntry
from fazhi.org.roles import Role
from fazhi.org.services import user_create
from fazhi.testing import PASSWORD, make_user

LOGIN = "/accounts/login/"


def post_login(client: Client, username: str, password: str, ip: str = "10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def last_entry(action: str) -> AuditEntry:
    return AuditEntry.objects.filter(action=action).order_by("-seq").first()


# --- Hashing and the password policy -------------------------------------------------------


def test_outside_tests_argon2_is_the_first_hasher(monkeypatch):
    monkeypatch.setenv("FAZHI_ENV", "development")
    values = runpy.run_path(str(Path(fazhi.__file__).parent / "settings.py"))
    assert values["PASSWORD_HASHERS"][0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert not any("MD5" in h for h in values["PASSWORD_HASHERS"])


def test_passwords_are_stored_as_argon2(world, settings):
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
    user = make_user("argon_user", world.a.street, [Role.DEPARTMENT_STAFF])
    user.refresh_from_db()
    assert user.password.startswith("argon2")
    assert user.check_password(PASSWORD)


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Ab1!xyz", "密码太短，至少需要 8 个字符。"),  # 7 characters, all four classes
        ("abcdefgh12", "至少3类"),  # two classes
        ("ABCDEFGH!!", "至少3类"),  # two classes
    ],
)
def test_password_policy_refuses(password, message):
    with translation.override("zh-hans"), pytest.raises(ValidationError) as exc:
        validate_password(password)
    assert any(message in m for m in exc.value.messages), exc.value.messages


@pytest.mark.parametrize("password", ["Qingyun2020", "qingyun#2020", "QINGYUN#2020", "Qy#2020x"])
def test_password_policy_accepts_three_classes_of_eight(password):
    validate_password(password)


# --- Login and logout are audited ----------------------------------------------------------


def test_login_succeeds_and_is_audited(world):
    client = Client()
    response = post_login(client, "clerk_a", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/office/"
    assert client.get("/office/").status_code == 200
    entry = last_entry(Action.LOGIN)
    assert entry.actor == world.clerk_a
    assert entry.street == world.a.street
    assert entry.ip == "10.0.0.1"


def test_login_follows_a_local_next_but_not_another_site(world):
    response = Client().post(
        LOGIN, {"username": "clerk_a", "password": PASSWORD, "next": "/office/org/village/"}
    )
    assert response["Location"] == "/office/org/village/"
    response = Client().post(
        LOGIN, {"username": "clerk_a", "password": PASSWORD, "next": "https://evil.example/"}
    )
    assert response["Location"] == "/office/"


def test_wrong_password_is_refused_and_audited(world):
    client = Client()
    response = post_login(client, "clerk_a", "Wrong@2020pass")
    assert response.status_code == 400
    assert "用户名或密码不正确。" in response.content.decode()
    assert client.get("/office/").status_code == 302
    entry = last_entry(Action.LOGIN_FAILED)
    assert entry.actor is None
    assert entry.actor_name == "clerk_a"
    assert entry.object_id == str(world.clerk_a.pk)
    assert entry.street == world.a.street
    assert entry.changes["reason"] == "bad_credentials"
    assert not AuditEntry.objects.filter(action=Action.LOGIN).exists()


def test_unknown_user_is_refused_and_audited_without_a_street(world):
    response = post_login(Client(), "nobody", PASSWORD)
    assert response.status_code == 400
    entry = last_entry(Action.LOGIN_FAILED)
    assert (entry.actor_name, entry.object_id, entry.street) == ("nobody", "", None)


def test_empty_form_is_a_clear_error(world):
    response = Client().post(LOGIN, {"username": "", "password": ""})
    assert response.status_code == 400
    assert "这个字段是必填项。" in response.content.decode()
    assert not AuditEntry.objects.filter(action=Action.LOGIN_FAILED).exists()


def test_deactivated_account_with_right_password_is_told_so(world):
    world.staff_a.is_active = False
    world.staff_a.save(update_fields=["is_active"])
    response = post_login(Client(), "staff_a", PASSWORD)
    assert response.status_code == 400
    assert "该账号已停用，请联系安全管理员。" in response.content.decode()
    assert last_entry(Action.LOGIN_FAILED).changes["reason"] == "inactive"


def test_logout_is_audited_and_needs_post(world):
    client = world.client(world.clerk_a)
    assert client.get("/accounts/logout/").status_code == 405
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert response["Location"] == LOGIN
    assert client.get("/office/").status_code == 302
    entry = last_entry(Action.LOGOUT)
    assert entry.actor == world.clerk_a
    assert entry.changes["reason"] == "user"


# --- Lockout: 5 failures lock an account, 30 in 15 minutes an address, for 30 minutes ---------


def test_five_failures_lock_the_account_even_from_other_addresses(world):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for i in range(4):
            response = post_login(Client(), "clerk_a", "Wrong@2020pass", ip=f"10.0.1.{i}")
            assert "用户名或密码不正确。" in response.content.decode()
        response = post_login(Client(), "clerk_a", "Wrong@2020pass", ip="10.0.1.9")
        assert "连续5次登录失败，已锁定30分钟。" in response.content.decode()
        lockout = last_entry(Action.LOCKOUT)
        assert lockout.object_id == str(world.clerk_a.pk)
        assert lockout.changes == {"account": True, "ip": False, "minutes": 30}

        # The right password, from a fresh address, is refused while the lock runs.
        response = post_login(Client(), "clerk_a", PASSWORD, ip="10.0.2.1")
        assert response.status_code == 400
        assert "该账号因连续登录失败已被锁定，请30分钟后再试。" in response.content.decode()
        assert last_entry(Action.LOGIN_FAILED).changes["reason"] == "locked_account"
        assert not AuditEntry.objects.filter(action=Action.LOGIN).exists()

        clock.shift(timedelta(minutes=29))
        response = post_login(Client(), "clerk_a", PASSWORD, ip="10.0.2.1")
        assert "请1分钟后再试" in response.content.decode()

        clock.shift(timedelta(minutes=1, seconds=1))
        assert post_login(Client(), "clerk_a", PASSWORD, ip="10.0.2.1").status_code == 302
        assert last_entry(Action.LOGIN).actor == world.clerk_a


def test_user_name_case_does_not_escape_the_lock(world):
    for i in range(5):
        post_login(Client(), "clerk_a", "Wrong@2020pass", ip=f"10.0.1.{i}")
    response = post_login(Client(), "CLERK_A", PASSWORD, ip="10.0.2.1")
    assert "该账号因连续登录失败已被锁定" in response.content.decode()


IP_LOCK_MESSAGE = "您所在的网络地址15分钟内登录失败已达30次，已被锁定，请30分钟后再试。"


def fail_from(ip: str, count: int) -> None:
    """``count`` wrong passwords from ``ip``, spread over many accounts (none reaches 5)."""
    for i in range(count):
        post_login(Client(), f"guess{i % 10}", "Wrong@2020pass", ip=ip)


def test_one_persons_typos_lock_the_account_not_the_colleagues_behind_the_same_address(world):
    for _ in range(5):
        response = post_login(Client(), "clerk_a", "Wrong@2020pass", ip="10.9.9.9")
    assert "连续5次登录失败，已锁定30分钟。" in response.content.decode()
    assert last_entry(Action.LOCKOUT).changes == {"account": True, "ip": False, "minutes": 30}
    response = post_login(Client(), "clerk_a", PASSWORD, ip="10.9.9.9")
    assert "该账号因连续登录失败已被锁定" in response.content.decode()

    # A colleague behind the same NAT address logs in with the right password.
    assert post_login(Client(), "leader", PASSWORD, ip="10.9.9.9").status_code == 302
    assert last_entry(Action.LOGIN).actor == world.leader


def test_thirty_failures_across_accounts_lock_the_address(world):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        fail_from("10.9.9.9", 29)
        assert not AuditEntry.objects.filter(action=Action.LOCKOUT, changes__ip=True).exists()
        assert post_login(Client(), "reviewer", PASSWORD, ip="10.9.9.9").status_code == 302

        clock.shift(timedelta(minutes=14))
        response = post_login(Client(), "guess0", "Wrong@2020pass", ip="10.9.9.9")
        assert (
            "您所在的网络地址15分钟内登录失败已达30次，已锁定30分钟。" in response.content.decode()
        )
        lockout = last_entry(Action.LOCKOUT)
        assert lockout.changes == {"account": False, "ip": True, "minutes": 30}
        assert lockout.actor_name == "guess0"
        assert AuditEntry.objects.filter(action=Action.LOGIN_FAILED).count() == 30

        response = post_login(Client(), "leader", PASSWORD, ip="10.9.9.9")
        assert response.status_code == 400
        assert IP_LOCK_MESSAGE in response.content.decode()
        assert last_entry(Action.LOGIN_FAILED).changes["reason"] == "locked_ip"
        # The same account from elsewhere is not locked.
        assert post_login(Client(), "leader", PASSWORD, ip="10.9.9.10").status_code == 302

        clock.shift(timedelta(minutes=29))
        response = post_login(Client(), "leader", PASSWORD, ip="10.9.9.9")
        assert "请1分钟后再试" in response.content.decode()
        clock.shift(timedelta(minutes=1, seconds=1))
        assert post_login(Client(), "leader", PASSWORD, ip="10.9.9.9").status_code == 302


def test_the_addresss_failures_are_counted_over_15_minutes(world):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        fail_from("10.9.9.9", 29)
        clock.shift(timedelta(minutes=15, seconds=1))
        # A new window: the next failure is the first of it, not the 30th.
        fail_from("10.9.9.9", 1)
        assert LoginThrottle.objects.get(kind="ip", key="10.9.9.9").failures == 1
        assert post_login(Client(), "leader", PASSWORD, ip="10.9.9.9").status_code == 302
        assert not AuditEntry.objects.filter(action=Action.LOCKOUT, changes__ip=True).exists()


def test_the_address_threshold_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("FAZHI_LOGIN_IP_FAILURE_LIMIT", "50")
    monkeypatch.setenv("FAZHI_LOGIN_IP_WINDOW_MINUTES", "10")
    values = runpy.run_path(str(Path(fazhi.__file__).parent / "settings.py"))
    assert values["LOGIN_IP_FAILURE_LIMIT"] == 50
    assert values["LOGIN_IP_FAILURE_WINDOW_SECONDS"] == 600
    assert values["LOGIN_FAILURE_LIMIT"] == 5


def test_login_page_states_both_lockouts(world):
    page = Client().get(LOGIN).content.decode()
    assert (
        "连续5次输错密码，该账号锁定30分钟；同一网络地址15分钟内登录失败累计30次，该地址锁定30分钟。"
        in page
    )


def test_a_successful_login_resets_the_accounts_count(world):
    for _ in range(4):
        post_login(Client(), "clerk_a", "Wrong@2020pass", ip="10.0.0.1")
    assert post_login(Client(), "clerk_a", PASSWORD, ip="10.0.0.1").status_code == 302
    for _ in range(4):
        post_login(Client(), "clerk_a", "Wrong@2020pass", ip="10.0.0.2")
    assert post_login(Client(), "clerk_a", PASSWORD, ip="10.0.0.2").status_code == 302
    assert not AuditEntry.objects.filter(action=Action.LOCKOUT).exists()


def test_a_successful_login_does_not_reset_the_addresss_count(world):
    # Otherwise one valid account lets an address guess 29 passwords of other accounts, log in
    # to its own, and start again, for ever.
    fail_from("10.9.9.9", 29)
    assert post_login(Client(), "staff_a", PASSWORD, ip="10.9.9.9").status_code == 302
    response = post_login(Client(), "secadmin", "Wrong@2020pass", ip="10.9.9.9")
    assert "您所在的网络地址15分钟内登录失败已达30次，已锁定30分钟。" in response.content.decode()
    assert last_entry(Action.LOCKOUT).changes == {"account": False, "ip": True, "minutes": 30}
    response = post_login(Client(), "staff_a", PASSWORD, ip="10.9.9.9")
    assert IP_LOCK_MESSAGE in response.content.decode()


def test_failures_older_than_the_lockout_period_are_forgotten(world):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for _ in range(4):
            post_login(Client(), "clerk_a", "Wrong@2020pass")
        clock.shift(timedelta(minutes=31))
        response = post_login(Client(), "clerk_a", "Wrong@2020pass")
        assert "用户名或密码不正确。" in response.content.decode()
        assert LoginThrottle.objects.get(kind="account", key="clerk_a").failures == 1
        assert post_login(Client(), "clerk_a", PASSWORD).status_code == 302


# --- Forced password change -----------------------------------------------------------------


def change_password(client: Client, old: str, new: str, confirm: str | None = None):
    return client.post(
        "/accounts/password/",
        {"old_password": old, "new_password1": new, "new_password2": confirm or new},
    )


def test_first_login_must_change_the_password(world):
    user = user_create(
        actor=world.secadmin,
        username="newcomer",
        full_name="新同事",
        street=world.a.street,
        password=PASSWORD,
        roles=[Role.DEPARTMENT_STAFF],
    )
    assert user.must_change_password
    client = Client()
    response = post_login(client, "newcomer", PASSWORD)
    assert response["Location"] == "/accounts/password/"
    # Nothing else opens before the password is changed.
    assert client.get("/office/")["Location"] == "/accounts/password/"
    assert client.get("/accounts/users/")["Location"] == "/accounts/password/"
    page = client.get("/accounts/password/")
    assert "首次登录（或使用初始密码）须先修改密码" in page.content.decode()

    response = change_password(client, PASSWORD, "Xinmima#2021")
    assert response.status_code == 302
    assert client.get("/office/").status_code == 200
    user.refresh_from_db()
    assert not user.must_change_password
    assert user.check_password("Xinmima#2021")
    assert last_entry(Action.PASSWORD_CHANGE).actor == user


@pytest.mark.parametrize(("demo_mode", "forced"), [(False, True), (True, False)])
def test_demo_accounts_must_change_password_unless_the_instance_is_the_demo(
    world, settings, demo_mode, forced
):
    settings.DEMO_MODE = demo_mode
    world.staff_a.is_demo_account = True
    world.staff_a.save(update_fields=["is_demo_account"])
    client = world.client(world.staff_a)
    response = client.get("/office/")
    if forced:
        assert response["Location"] == "/accounts/password/"
        change_password(client, PASSWORD, "Xinmima#2021")
        world.staff_a.refresh_from_db()
        assert not world.staff_a.is_demo_account
        assert client.get("/office/").status_code == 200
    else:
        assert response.status_code == 200


def test_password_change_refuses_wrong_old_password(world):
    client = world.client(world.clerk_a)
    before = AuditEntry.objects.count()
    response = change_password(client, "Wrong@2020pass", "Xinmima#2021")
    assert response.status_code == 400
    assert "原密码不正确。" in response.content.decode()
    world.clerk_a.refresh_from_db()
    assert world.clerk_a.check_password(PASSWORD)
    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize(
    ("new", "confirm", "message"),
    [
        ("xinmima2021", None, "至少3类"),
        ("Xm#2021", None, "密码太短，至少需要 8 个字符。"),
        ("Xinmima#2021", "Xinmima#2022", "两次输入的密码不一致。"),
        (PASSWORD, None, "新密码不能与原密码相同。"),
    ],
)
def test_password_change_refuses_bad_new_passwords(world, new, confirm, message):
    client = world.client(world.clerk_a)
    response = change_password(client, PASSWORD, new, confirm)
    assert response.status_code == 400
    assert message in response.content.decode()
    world.clerk_a.refresh_from_db()
    assert world.clerk_a.check_password(PASSWORD)
    assert not AuditEntry.objects.filter(action=Action.PASSWORD_CHANGE).exists()


def test_password_change_keeps_the_session(world):
    client = world.client(world.clerk_a)
    assert change_password(client, PASSWORD, "Xinmima#2021").status_code == 302
    assert client.get("/office/").status_code == 200
