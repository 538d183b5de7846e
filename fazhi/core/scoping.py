"""Data scope: which records a user may see. The one place it is decided.

A tenant model names the lookup from itself to its street (``scope_street``), where its
records belong to a grid, to that grid (``scope_grid``), and where they name the lawyer who
serves, to that lawyer's account (``scope_lawyer``). ``Model.objects.for_user(user)`` is
then the only way views, the API and exports start a query.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self, TypeVar

from django.db import models

if TYPE_CHECKING:
    from fazhi.org.models import User

M = TypeVar("M", bound=models.Model)


class ScopedQuerySet(models.QuerySet[M]):
    def for_user(self, user: Any) -> Self:
        """The records of the user's street, and of the user's grid for a grid worker."""
        if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        street_path: str | None = getattr(self.model, "scope_street", None)
        if street_path is None:
            raise TypeError(f"{self.model.__name__} declares no scope_street")
        if user.street_id is None:
            return self.none()
        qs = self.filter(**{street_path: user.street_id})
        grid_path: str | None = getattr(self.model, "scope_grid", None)
        if grid_path and user_is_grid_scoped(user):
            if user.grid_id is None:  # a grid worker not yet given a grid sees no grid's records
                return qs.none()
            qs = qs.filter(**{grid_path: user.grid_id}).distinct()
        lawyer_path: str | None = getattr(self.model, "scope_lawyer", None)
        if lawyer_path and user_is_lawyer_scoped(user):
            qs = qs.filter(**{lawyer_path: user.pk}).distinct()
        return qs

    def for_street(self, street: Any) -> Self:
        street_path: str = self.model.scope_street  # type: ignore[attr-defined]
        return self.filter(**{street_path: street})


ScopedManager = models.Manager.from_queryset(ScopedQuerySet)


def user_is_lawyer_scoped(user: User) -> bool:
    """An outside lawyer's account (without a role of the street's own staff) sees, of the
    records that name a lawyer, only those of the own lawyer (``Model.scope_lawyer``, the lookup
    to the lawyer's account): the own shifts, bookings, consultations, mediations, reviews."""
    from fazhi.org.roles import Role

    return user.has_role(Role.LAWYER) and not user.has_any_role(Role.street_wide())


def user_is_grid_scoped(user: User) -> bool:
    """A grid worker (without a street-wide role) sees only the own grid's records."""
    from fazhi.org.roles import Role

    return user.has_role(Role.GRID_WORKER) and not user.has_any_role(Role.street_wide())
