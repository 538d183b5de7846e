"""Writes on the duty roster, service suspensions and residents' appointments."""

from __future__ import annotations

from typing import Any

from fazhi.core.services import model_create
from fazhi.legal_services.models import DutyShift
from fazhi.org.models import Street, User


def duty_shift_create(*, street: Street, actor: User, **fields: Any) -> DutyShift:
    """Put a lawyer on duty in a village for a time slot."""
    return model_create(DutyShift, actor=actor, data={"street": street, **fields})
