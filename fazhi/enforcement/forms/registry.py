"""Forms of the enforcement configuration: the catalogue, key areas, bodies and powers, and
the street's settings."""

from __future__ import annotations

from typing import Any

from fazhi.core.forms import ScopedModelForm
from fazhi.enforcement.models import (
    EnforcementBody,
    EnforcementPower,
    EnforcementSettings,
    KeyArea,
    ViolationCategory,
)


class ViolationCategoryForm(ScopedModelForm):
    class Meta:
        model = ViolationCategory
        fields = [
            "code",
            "name",
            "legal_basis",
            "penalty_basis",
            "penalty_range",
            "fine_min",
            "fine_max",
            "in_use",
        ]


class KeyAreaForm(ScopedModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        village: Any = self.fields["village"]
        village.queryset = village.queryset.order_by("sort_order", "name")

    class Meta:
        model = KeyArea
        fields = ["name", "kind", "village", "description", "in_use"]


class EnforcementBodyForm(ScopedModelForm):
    class Meta:
        model = EnforcementBody
        fields = ["name", "legal_basis", "address", "phone", "supervision_phone", "order"]


class EnforcementPowerForm(ScopedModelForm):
    class Meta:
        model = EnforcementPower
        fields = ["body", "kind", "name", "legal_basis", "order"]


class EnforcementSettingsForm(ScopedModelForm):
    class Meta:
        model = EnforcementSettings
        fields = [
            "authority_name",
            "major_fine_individual",
            "major_fine_organisation",
            "review_workdays",
            "publish_penalty_workdays",
            "publish_other_workdays",
            "withdraw_workdays",
            "procedures",
            "remedies",
        ]
