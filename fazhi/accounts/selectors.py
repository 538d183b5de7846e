"""Reads for account administration; each selector owns its joins."""

from __future__ import annotations

from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery
from django.db.models.functions import Lower
from django.utils import timezone

from fazhi.accounts.models import LoginThrottle
from fazhi.core.access import get_for_user
from fazhi.org.models import User
from fazhi.org.roles import Role


def user_list(actor: Any) -> QuerySet[User]:
    """The accounts of the actor's street, with roles, department and lockout in one go.

    ``locked_until`` is annotated: the end of a running lockout, or None.
    """
    running_lock = LoginThrottle.objects.filter(
        kind=LoginThrottle.Kind.ACCOUNT,
        key=Lower(OuterRef("username")),
        locked_until__gt=timezone.now(),
    ).values("locked_until")[:1]
    return (
        User.objects.for_user(actor)
        .select_related("department", "grid")
        .prefetch_related("groups")
        .annotate(locked_until=Subquery(running_lock))
        .order_by("-is_active", "username")
    )


def get_user_for_user(actor: Any, pk: Any, *, write: bool = False, action: str = "change") -> User:
    """The account ``pk`` as ``actor`` may see it: 404 outside the street, 403 without the right."""
    return get_for_user(User, actor, pk, write=write, action=action)


def role_labels(user: User) -> list[str]:
    """The user's role names, from the prefetched groups (no query per row)."""
    codes = sorted(g.name for g in user.groups.all())
    return [str(Role(code).label) for code in codes if code in Role.values]
