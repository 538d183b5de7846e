"""API resources of this area, mounted by api.py."""

from __future__ import annotations

from fazhi.api.resources import Resource

RESOURCES: list[Resource] = []
