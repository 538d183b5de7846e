"""API resources of enforcement (skeleton: filled by its area's work)."""

from __future__ import annotations

from typing import Any

RESOURCES: list[Any] = []
