"""Personal API tokens: created, looked up and revoked here, and nowhere else.

A token is shown to its owner once; the database keeps only its SHA-256 digest and its first
eight characters (to tell tokens apart in lists).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.accounts.models import ApiToken
from fazhi.audit.models import Action
from fazhi.audit.services import record
from fazhi.core.formats import cn_datetime
from fazhi.org.models import User

PREFIX_LENGTH = 8
# last_used_at is a hint for the owner, not a log: writing it on every request would turn
# every read into a write.
LAST_USED_PRECISION = timedelta(minutes=1)


def token_digest(plain: str) -> str:
    """The hex SHA-256 digest under which a token is stored."""
    return hashlib.sha256(plain.encode()).hexdigest()


def token_create(
    *, user: User, name: str, expires_at: datetime | None, actor: User
) -> tuple[ApiToken, str]:
    """Create a token for ``user``; return it with the plain text, which is never stored."""
    if actor.pk != user.pk and not actor.is_superuser:
        raise PermissionDenied("只能为自己的账号创建接口令牌。")
    if not user.is_active:
        raise ValidationError("该账号已停用，不能创建接口令牌。")
    name = (name or "").strip()
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError({"expires_at": "有效期须晚于当前时间。"})
    plain = secrets.token_urlsafe(32)
    token = ApiToken(
        user=user,
        name=name,
        prefix=plain[:PREFIX_LENGTH],
        digest=token_digest(plain),
        expires_at=expires_at,
    )
    token.full_clean()
    with transaction.atomic():
        token.save()
        record(
            actor=actor,
            action=Action.TOKEN,
            obj=token,
            after={
                "user": user.pk,
                "name": token.name,
                "prefix": token.prefix,
                "expires_at": expires_at,
            },
            extra={"event": "create"},
        )
    return token, plain


def token_revoke(*, token: ApiToken, actor: User) -> ApiToken:
    """Revoke ``token`` from now on; a token already revoked is refused."""
    if actor.pk != token.user_id and not actor.is_superuser:
        raise PermissionDenied("只能吊销自己的接口令牌。")
    with transaction.atomic():
        locked = ApiToken.objects.select_for_update().get(pk=token.pk)
        if locked.revoked_at is not None:
            raise ValidationError(f"该令牌已于{cn_datetime(locked.revoked_at)}吊销。")
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
        record(
            actor=actor,
            action=Action.TOKEN,
            obj=locked,
            before={"revoked_at": None},
            after={"revoked_at": locked.revoked_at},
            extra={"event": "revoke"},
        )
    return locked


def token_authenticate(plain: str) -> User | None:
    """The active user a presented token belongs to, or None if it is unknown, revoked or
    expired. Notes the time of use at most once a minute."""
    if not plain:
        return None
    token = (
        ApiToken.objects.select_related("user").filter(digest=token_digest(plain.strip())).first()
    )
    if token is None or token.revoked_at is not None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.expires_at is not None and token.expires_at <= now:
        return None
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token.user


def token_list(user: User) -> list[ApiToken]:
    """The user's own tokens, newest first."""
    return list(ApiToken.objects.filter(user=user).order_by("-created_at", "-pk"))


class TokenStatus(models.TextChoices):
    ACTIVE = "active", _("有效")
    EXPIRED = "expired", _("已过期")
    REVOKED = "revoked", _("已吊销")


def token_status(token: ApiToken, now: datetime | None = None) -> TokenStatus:
    """Whether the token still opens the API, as the owner's list shows it."""
    now = now or timezone.now()
    if token.revoked_at is not None:
        return TokenStatus.REVOKED
    if token.expires_at is not None and token.expires_at <= now:
        return TokenStatus.EXPIRED
    return TokenStatus.ACTIVE
