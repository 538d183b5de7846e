"""Login, logout and password changes, with lockout and an audit row for each event."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate, login, logout, update_session_auth_hash
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from fazhi.accounts.models import LoginThrottle
from fazhi.audit.models import Action
from fazhi.audit.services import record
from fazhi.core import context
from fazhi.org.models import User


@dataclass(frozen=True)
class LoginResult:
    user: User | None
    error: str = ""


def _locked_until(kind: str, key: str) -> Any:
    row = LoginThrottle.objects.filter(kind=kind, key=key).first()
    if row and row.locked_until and row.locked_until > timezone.now():
        return row.locked_until
    return None


def _minutes_left(until: Any) -> int:
    return max(1, int((until - timezone.now()).total_seconds() // 60) + 1)


def _register_failure(kind: str, key: str) -> bool:
    """Count one failure; returns True when this failure locks the account or address."""
    now = timezone.now()
    with transaction.atomic():
        row, _ = LoginThrottle.objects.select_for_update().get_or_create(kind=kind, key=key)
        if row.locked_until and row.locked_until <= now:
            row.failures = 0
            row.locked_until = None
        row.failures += 1
        row.last_failure_at = now
        locked = row.failures >= settings.LOGIN_FAILURE_LIMIT
        if locked:
            row.locked_until = now + timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS)
            row.failures = 0
        row.save()
    return locked


def attempt_login(request: HttpRequest, *, username: str, password: str) -> LoginResult:
    """Log the user in, or say why not; both outcomes are audited."""
    username = username.strip()
    ip = context.current().ip or "unknown"
    lock_minutes = settings.LOGIN_LOCKOUT_SECONDS // 60
    for kind, key, who in (
        (LoginThrottle.Kind.ACCOUNT, username.lower(), "该账号"),
        (LoginThrottle.Kind.IP, ip, "您所在的网络地址"),
    ):
        until = _locked_until(kind, key)
        if until is not None:
            record(
                actor=None,
                action=Action.LOGIN_FAILED,
                object_type="org.user",
                object_repr=username,
                actor_name=username,
                extra={"reason": f"locked_{kind}"},
            )
            return LoginResult(
                None, f"{who}因连续登录失败已被锁定，请{_minutes_left(until)}分钟后再试。"
            )
    user = authenticate(request, username=username, password=password)
    if user is None:
        known = User.objects.filter(username__iexact=username).first()
        record(
            actor=None,
            action=Action.LOGIN_FAILED,
            object_type="org.user",
            object_id=known.pk if known else "",
            object_repr=username,
            actor_name=username,
            street=known.street_id if known else None,
            extra={"reason": "bad_credentials"},
        )
        account_locked = _register_failure(LoginThrottle.Kind.ACCOUNT, username.lower())
        ip_locked = _register_failure(LoginThrottle.Kind.IP, ip)
        if account_locked or ip_locked:
            record(
                actor=None,
                action=Action.LOCKOUT,
                object_type="org.user",
                object_id=known.pk if known else "",
                object_repr=username,
                actor_name=username,
                street=known.street_id if known else None,
                extra={"account": account_locked, "ip": ip_locked, "minutes": lock_minutes},
            )
            return LoginResult(
                None, f"连续{settings.LOGIN_FAILURE_LIMIT}次登录失败，已锁定{lock_minutes}分钟。"
            )
        return LoginResult(None, "用户名或密码不正确。")
    login(request, user)
    LoginThrottle.objects.filter(kind=LoginThrottle.Kind.ACCOUNT, key=username.lower()).delete()
    record(actor=user, action=Action.LOGIN, obj=user)
    return LoginResult(user)


def logout_user(request: HttpRequest, *, reason: str = "user") -> None:
    user = request.user
    if user.is_authenticated:
        record(actor=user, action=Action.LOGOUT, obj=user, extra={"reason": reason})
    logout(request)


def password_change(
    *, user: User, old_password: str, new_password: str, request: HttpRequest | None = None
) -> User:
    """Change one's own password under the password policy."""
    if not user.check_password(old_password):
        raise ValidationError({"old_password": "原密码不正确。"})
    if old_password == new_password:
        raise ValidationError({"new_password1": "新密码不能与原密码相同。"})
    validate_password(new_password, user)
    with transaction.atomic():
        user.set_password(new_password)
        user.must_change_password = False
        user.is_demo_account = False  # a chosen password is no longer the published demo one
        user.password_changed_at = timezone.now()
        user.save(
            update_fields=[
                "password",
                "must_change_password",
                "is_demo_account",
                "password_changed_at",
            ]
        )
        record(actor=user, action=Action.PASSWORD_CHANGE, obj=user)
    if request is not None:
        update_session_auth_hash(request, user)
    return user


def password_reset_by_admin(*, user: User, new_password: str, actor: User) -> User:
    """A security administrator sets a temporary password; the user must change it at next login."""
    if not actor.has_perm("org.change_user"):
        raise ValidationError("只有安全管理员可以重置密码。")
    validate_password(new_password, user)
    with transaction.atomic():
        user.set_password(new_password)
        user.must_change_password = True
        user.password_changed_at = timezone.now()
        user.save(update_fields=["password", "must_change_password", "password_changed_at"])
        LoginThrottle.objects.filter(
            kind=LoginThrottle.Kind.ACCOUNT, key=user.username.lower()
        ).delete()
        record(actor=actor, action=Action.PASSWORD_CHANGE, obj=user, extra={"reset_by_admin": True})
    return user
