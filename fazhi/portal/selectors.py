"""Reads for the public portal: only what a street publishes about itself, never about people."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from fazhi.org.models import Street, Village


def portal_streets() -> QuerySet[Street]:
    return Street.objects.select_related("district").order_by("name")


def portal_street(slug: str) -> Street | None:
    return portal_streets().filter(slug=slug).first()


def portal_villages(street: Street) -> QuerySet[Village]:
    """The villages and communities in place today, in the street's own order."""
    return (
        Village.objects.for_street(street)
        .active_on(timezone.localdate())
        .only("name", "kind", "address", "phone", "sort_order")
        .order_by("sort_order", "name")
    )
