"""Reads on people and places; each selector owns its joins."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.db.models import QuerySet

from fazhi.core.access import get_for_user
from fazhi.org.models import (
    Department,
    Grid,
    GridWorker,
    LeadingGroup,
    LeadingGroupMeeting,
    LeadingGroupMember,
    Street,
    User,
    Village,
)


def street_list(user: Any) -> QuerySet[Street]:
    return Street.objects.for_user(user).select_related("district")


def department_list(user: Any) -> QuerySet[Department]:
    return Department.objects.for_user(user).order_by("sort_order", "name")


def village_list(user: Any) -> QuerySet[Village]:
    return Village.objects.for_user(user).order_by("sort_order", "name")


def grid_list(user: Any) -> QuerySet[Grid]:
    return Grid.objects.for_user(user).select_related("village").order_by("code")


def grid_worker_list(user: Any) -> QuerySet[GridWorker]:
    return GridWorker.objects.for_user(user).select_related("grid", "grid__village", "user")


def leading_group_list(user: Any) -> QuerySet[LeadingGroup]:
    return LeadingGroup.objects.for_user(user)


def leading_group_member_list(user: Any) -> QuerySet[LeadingGroupMember]:
    return LeadingGroupMember.objects.for_user(user).select_related("group", "user")


def meeting_list(user: Any) -> QuerySet[LeadingGroupMeeting]:
    return (
        LeadingGroupMeeting.objects.for_user(user)
        .select_related("group", "chaired_by")
        .prefetch_related("attendees")
    )


def user_list(user: Any) -> QuerySet[User]:
    return (
        User.objects.for_user(user)
        .select_related("street", "department", "grid")
        .prefetch_related("groups")
    )


# --- Grid boundaries (GeoJSON) -------------------------------------------------------------


def grid_feature_collection(street_or_qs: Street | QuerySet[Grid], day: date) -> dict[str, Any]:
    """The grids in force on ``day`` that have a boundary, as a GeoJSON FeatureCollection for a
    map. ``properties.name`` is the grid code, the region name a map matches its figures by;
    ``grid_name`` and ``village`` are the grid's name and its village's."""
    return _feature_collection(
        _grids(street_or_qs).active_on(day),
        lambda grid: {
            "name": grid.code,
            "code": grid.code,
            "grid_name": grid.name,
            "village": grid.village.name,
        },
    )


def grid_boundary_collection(street_or_qs: Street | QuerySet[Grid]) -> dict[str, Any]:
    """Every grid that has a boundary, as the boundary file the import reads back
    (``properties``: code, name, village)."""
    return _feature_collection(
        _grids(street_or_qs),
        lambda grid: {"code": grid.code, "name": grid.name, "village": grid.village.name},
    )


def _grids(street_or_qs: Street | QuerySet[Grid]) -> Any:
    if isinstance(street_or_qs, Street):
        return Grid.objects.filter(street=street_or_qs)
    return street_or_qs


def _feature_collection(
    grids: QuerySet[Grid], properties: Callable[[Grid], dict[str, Any]]
) -> dict[str, Any]:
    rows = grids.filter(boundary__isnull=False).select_related("village").order_by("code")
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": properties(grid), "geometry": grid.boundary}
            for grid in rows
        ],
    }


# One access helper per entity: 404 outside the user's scope, 403 without the right to change.


def get_street_for_user(user: Any, pk: Any, write: bool = False) -> Street:
    return get_for_user(Street, user, pk, write=write)


def get_department_for_user(user: Any, pk: Any, write: bool = False) -> Department:
    return get_for_user(Department, user, pk, write=write)


def get_village_for_user(user: Any, pk: Any, write: bool = False) -> Village:
    return get_for_user(Village, user, pk, write=write)


def get_grid_for_user(user: Any, pk: Any, write: bool = False) -> Grid:
    return get_for_user(Grid, user, pk, write=write)


def get_grid_worker_for_user(user: Any, pk: Any, write: bool = False) -> GridWorker:
    return get_for_user(GridWorker, user, pk, write=write)


def get_leading_group_for_user(user: Any, pk: Any, write: bool = False) -> LeadingGroup:
    return get_for_user(LeadingGroup, user, pk, write=write)


def get_leading_group_member_for_user(
    user: Any, pk: Any, write: bool = False
) -> LeadingGroupMember:
    return get_for_user(LeadingGroupMember, user, pk, write=write)


def get_meeting_for_user(user: Any, pk: Any, write: bool = False) -> LeadingGroupMeeting:
    return get_for_user(LeadingGroupMeeting, user, pk, write=write)


def get_user_for_user(user: Any, pk: Any, write: bool = False) -> User:
    return get_for_user(User, user, pk, write=write)
