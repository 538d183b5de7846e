"""Login, logout, passwords and account status, with lockout and an audit row for each event."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import authenticate, login, logout, update_session_auth_hash
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.accounts.models import LoginThrottle
from fazhi.audit.models import Action
from fazhi.audit.services import record
from fazhi.core import context
from fazhi.core.access import Refusal
from fazhi.core.formats import cn_datetime_lazy
from fazhi.org.models import User

# The session key the idle check reads; set at login and on every request after it.
LAST_ACTIVITY_KEY = "last_activity"


@dataclass(frozen=True)
class LoginResult:
    user: User | None
    error: str = ""


def account_key(username: str) -> str:
    """The throttle key of an account: user names are compared without case."""
    return username.strip().lower()


def _locked_until(kind: str, key: str) -> datetime | None:
    row = LoginThrottle.objects.filter(kind=kind, key=key).first()
    if row and row.locked_until and row.locked_until > timezone.now():
        return row.locked_until
    return None


def _minutes_left(until: datetime) -> int:
    """Whole minutes until ``until``, rounded up: a fresh 30-minute lock reads "30分钟"."""
    return max(1, math.ceil((until - timezone.now()).total_seconds() / 60))


def _register_failure(kind: str, key: str) -> bool:
    """Count one failure; returns True when this failure locks the account or address.

    An account locks after LOGIN_FAILURE_LIMIT failures in a row; failures older than the
    lockout period are forgotten, so occasional typos spread over weeks never add up to a
    lockout (the "cool-off" of django-axes). An address locks after LOGIN_IP_FAILURE_LIMIT
    failures of any accounts within LOGIN_IP_FAILURE_WINDOW_SECONDS of the first of them.
    """
    now = timezone.now()
    if kind == LoginThrottle.Kind.IP:
        limit = settings.LOGIN_IP_FAILURE_LIMIT
        window = timedelta(seconds=settings.LOGIN_IP_FAILURE_WINDOW_SECONDS)
    else:
        limit = settings.LOGIN_FAILURE_LIMIT
        window = timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS)
    with transaction.atomic():
        row, _ = LoginThrottle.objects.select_for_update().get_or_create(kind=kind, key=key)
        expired_lock = row.locked_until is not None and row.locked_until <= now
        counted_from = (
            row.counting_since or row.last_failure_at
            if kind == LoginThrottle.Kind.IP
            else row.last_failure_at
        )
        stale = counted_from is not None and now - counted_from > window
        if expired_lock or stale or row.failures == 0:
            row.failures = 0
            row.locked_until = None
            row.counting_since = now
        row.failures += 1
        row.last_failure_at = now
        locked = row.failures >= limit
        if locked:
            row.locked_until = now + timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS)
            row.failures = 0
        row.save()
    return locked


def _record_failure(username: str, known: User | None, reason: str) -> None:
    record(
        actor=None,
        action=Action.LOGIN_FAILED,
        object_type="org.user",
        object_id=known.pk if known else "",
        object_repr=str(known) if known else username,
        actor_name=username,
        street=known.street_id if known else None,
        extra={"reason": reason},
    )


def attempt_login(request: HttpRequest, *, username: str, password: str) -> LoginResult:
    """Log the user in, or say why not; every outcome is audited.

    While the account or the client's address is locked even the right password is refused;
    one account's failures lock that account, not the colleagues who share its address.
    """
    username = username.strip()
    ip = context.current().ip or "unknown"
    lock_minutes = settings.LOGIN_LOCKOUT_SECONDS // 60
    ip_policy = {
        "window": settings.LOGIN_IP_FAILURE_WINDOW_SECONDS // 60,
        "limit": settings.LOGIN_IP_FAILURE_LIMIT,
    }
    known = User.objects.filter(username__iexact=username).first()
    for kind, key, refusal in (
        (
            LoginThrottle.Kind.ACCOUNT,
            account_key(username),
            gettext_lazy("该账号因连续登录失败已被锁定，请%(minutes)s分钟后再试。"),
        ),
        (
            LoginThrottle.Kind.IP,
            ip,
            gettext_lazy(
                "您所在的网络地址%(window)s分钟内登录失败已达%(limit)s次，已被锁定，"
                "请%(minutes)s分钟后再试。"
            ),
        ),
    ):
        until = _locked_until(kind, key)
        if until is not None:
            _record_failure(username, known, f"locked_{kind}")
            return LoginResult(None, str(refusal) % (ip_policy | {"minutes": _minutes_left(until)}))
    user = authenticate(request, username=username, password=password)
    if user is None:
        if known is not None and not known.is_active and known.check_password(password):
            # The right password of a deactivated account: say so instead of "wrong password".
            _record_failure(username, known, "inactive")
            return LoginResult(None, _("该账号已停用，请联系安全管理员。"))
        _record_failure(username, known, "bad_credentials")
        account_locked = _register_failure(LoginThrottle.Kind.ACCOUNT, account_key(username))
        ip_locked = _register_failure(LoginThrottle.Kind.IP, ip)
        if account_locked or ip_locked:
            record(
                actor=None,
                action=Action.LOCKOUT,
                object_type="org.user",
                object_id=known.pk if known else "",
                object_repr=str(known) if known else username,
                actor_name=username,
                street=known.street_id if known else None,
                extra={"account": account_locked, "ip": ip_locked, "minutes": lock_minutes},
            )
            if account_locked:
                return LoginResult(
                    None,
                    _("连续%(limit)s次登录失败，已锁定%(minutes)s分钟。")
                    % {"limit": settings.LOGIN_FAILURE_LIMIT, "minutes": lock_minutes},
                )
            return LoginResult(
                None,
                _(
                    "您所在的网络地址%(window)s分钟内登录失败已达%(limit)s次，已锁定%(minutes)s分钟。"
                )
                % (ip_policy | {"minutes": lock_minutes}),
            )
        return LoginResult(None, _("用户名或密码不正确。"))
    login(request, user)
    request.session[LAST_ACTIVITY_KEY] = time.time()
    # A success ends the account's run of failures, not the address's: otherwise anyone with
    # one valid account could try 4 passwords on every other account, log in to their own,
    # and repeat for ever. The address's count ages out with the lockout period instead.
    LoginThrottle.objects.filter(
        kind=LoginThrottle.Kind.ACCOUNT, key=account_key(user.username)
    ).delete()
    record(actor=user, action=Action.LOGIN, obj=user)
    return LoginResult(user)


def logout_user(request: HttpRequest, *, reason: str = "user") -> None:
    """End the session; ``reason`` is ``user`` (the button) or ``idle_timeout``."""
    user = request.user
    if user.is_authenticated:
        record(actor=user, action=Action.LOGOUT, obj=user, extra={"reason": reason})
    logout(request)


def password_change(
    *, user: User, old_password: str, new_password: str, request: HttpRequest | None = None
) -> User:
    """Change one's own password under the password policy."""
    if not user.check_password(old_password):
        raise ValidationError({"old_password": _("原密码不正确。")})
    if old_password == new_password:
        raise ValidationError({"new_password1": _("新密码不能与原密码相同。")})
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


# --- The security administrator's work on accounts -----------------------------------------


def _require_account_admin(actor: User, user: User) -> None:
    """Only a security administrator, and only on accounts of the own street."""
    if not actor.has_perm("org.change_user"):
        raise PermissionDenied(Refusal(_("只有安全管理员可以管理账号。")))
    if not User.objects.for_user(actor).filter(pk=user.pk).exists():
        raise PermissionDenied(Refusal(_("该账号不在您的管辖范围内。")))


def password_reset_by_admin(*, user: User, new_password: str, actor: User) -> User:
    """A security administrator sets a temporary password; the user must change it at next login.

    The account's lockout is lifted with it, and the old password stops working at once
    (its sessions end, because the session hash changes).
    """
    _require_account_admin(actor, user)
    if actor.pk == user.pk:
        raise ValidationError(_("不能重置自己的密码，请通过“修改密码”修改。"))
    validate_password(new_password, user)
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        locked.set_password(new_password)
        locked.must_change_password = True
        locked.password_changed_at = timezone.now()
        locked.save(update_fields=["password", "must_change_password", "password_changed_at"])
        LoginThrottle.objects.filter(
            kind=LoginThrottle.Kind.ACCOUNT, key=account_key(locked.username)
        ).delete()
        record(
            actor=actor, action=Action.PASSWORD_CHANGE, obj=locked, extra={"reset_by_admin": True}
        )
    return locked


def user_deactivate(user: User, *, actor: User, reason: str = "") -> User:
    """停用账号: the account can no longer log in; its records and audit rows stay."""
    _require_account_admin(actor, user)
    if actor.pk == user.pk:
        raise ValidationError(_("不能停用自己的账号。"))
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        if not locked.is_active:
            raise ValidationError(_("账号“%(account)s”已经是停用状态。") % {"account": locked})
        locked.is_active = False
        locked.save(update_fields=["is_active"])
        record(
            actor=actor,
            action=Action.ACCOUNT_DISABLE,
            obj=locked,
            before={"is_active": True},
            after={"is_active": False},
            extra={"reason": reason} if reason else None,
        )
    return locked


def user_reactivate(user: User, *, actor: User) -> User:
    """重新启用账号: the account logs in again with its own password."""
    _require_account_admin(actor, user)
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        if locked.is_active:
            raise ValidationError(_("账号“%(account)s”未被停用。") % {"account": locked})
        locked.is_active = True
        locked.save(update_fields=["is_active"])
        record(
            actor=actor,
            action=Action.ACCOUNT_ENABLE,
            obj=locked,
            before={"is_active": False},
            after={"is_active": True},
        )
    return locked


def account_locked_until(user: User) -> datetime | None:
    """When the account's lockout ends, or None when it is not locked."""
    return _locked_until(LoginThrottle.Kind.ACCOUNT, account_key(user.username))


def user_unlock(user: User, *, actor: User) -> User:
    """解除锁定: clear the account's failed-login count before the lockout runs out."""
    _require_account_admin(actor, user)
    with transaction.atomic():
        rows = LoginThrottle.objects.select_for_update().filter(
            kind=LoginThrottle.Kind.ACCOUNT, key=account_key(user.username)
        )
        row = rows.first()
        if row is None or row.locked_until is None or row.locked_until <= timezone.now():
            raise ValidationError(_("账号“%(account)s”未被锁定。") % {"account": user})
        rows.delete()
        record(
            actor=actor,
            action=Action.UNLOCK,
            obj=user,
            extra={"locked_until": cn_datetime_lazy(row.locked_until)},
        )
    return user
