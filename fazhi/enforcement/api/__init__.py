"""Administrative enforcement over the API: the registry (catalogue, key areas, bodies and
powers, settings, patrols, reports), cases and their steps, evidence with legal review and
publicity, and 门前三包 with special campaigns."""

from __future__ import annotations

from fazhi.api.resources import Resource
from fazhi.enforcement.api import cases, frontage, registry, review

RESOURCES: list[Resource] = [
    *registry.RESOURCES,
    *cases.RESOURCES,
    *review.RESOURCES,
    *frontage.RESOURCES,
]
