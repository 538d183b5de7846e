"""Public legal services over the API, in the app's own three parts: the registry (firms,
lawyers, advisers, consultations, WeChat groups), the duty roster with its appointments, and
people's mediation."""

from __future__ import annotations

from fazhi.api.resources import Resource
from fazhi.legal_services.api import duty, mediation, registry

RESOURCES: list[Resource] = [*registry.RESOURCES, *duty.RESOURCES, *mediation.RESOURCES]
