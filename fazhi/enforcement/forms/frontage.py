"""Forms of 门前三包: the unit (with its letter), the self-check."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils import timezone

from fazhi.core.forms import ScopedModelForm
from fazhi.enforcement.models import FrontageSelfCheck, FrontageUnit


class FrontageUnitForm(ScopedModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        linked = self.instance.key_area_id if self.instance.pk else None
        area: Any = self.fields["key_area"]
        area.queryset = area.queryset.filter(Q(in_use=True) | Q(pk=linked))
        grid: Any = self.fields["grid"]
        grid.queryset = grid.queryset.select_related("village")

    class Meta:
        model = FrontageUnit
        fields = [
            "name",
            "kind",
            "credit_code",
            "address",
            "key_area",
            "grid",
            "zone",
            "contact_name",
            "contact_phone",
            "letter_signed_on",
            "letter",
            "in_use",
        ]


class FrontageUnitApiForm(FrontageUnitForm):
    """The unit without its letter file: the API takes JSON, the file is uploaded on the page."""

    class Meta(FrontageUnitForm.Meta):
        fields = [f for f in FrontageUnitForm.Meta.fields if f != "letter"]


class FrontageSelfCheckForm(ScopedModelForm):
    """A new self-check, naming its unit (of the user's scope: a grid worker's own grid)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit: Any = self.fields["unit"]
        linked = self.instance.unit_id if self.instance.pk else None
        unit.queryset = unit.queryset.filter(Q(in_use=True) | Q(pk=linked))
        if not self.is_bound and not self.instance.pk:
            self.fields["checked_on"].initial = timezone.localdate()

    class Meta:
        model = FrontageSelfCheck
        fields = ["unit", "checked_on", "result", "problems", "rectified_on"]


class FrontageSelfCheckEditForm(ScopedModelForm):
    """A self-check corrected, or its rectification recorded; the unit stays."""

    class Meta:
        model = FrontageSelfCheck
        fields = ["checked_on", "result", "problems", "rectified_on"]
