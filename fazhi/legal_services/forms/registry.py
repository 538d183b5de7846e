"""Forms of the registry: firms, lawyers, contracts, village advisers, consultations (the full
form and the desks' quick entry), WeChat groups and their member counts."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone

from fazhi.core.forms import ScopedModelForm
from fazhi.legal_services.models import (
    AdviserContract,
    Consultation,
    LawFirm,
    Lawyer,
    VillageAdviser,
    WechatGroup,
    WechatGroupCount,
)
from fazhi.org.roles import Role


class DateTimeLocalInput(forms.DateTimeInput):
    """The browser's date-and-time picker (2020-09-28T10:30), in local time."""

    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


def _active_or_linked(field: Any, linked: Any) -> None:
    """Offer lawyers in the register, and the one the record already names even if since
    removed, so that an old record stays editable."""
    field.queryset = field.queryset.select_related("firm").filter(Q(is_active=True) | Q(pk=linked))


class LawFirmForm(ScopedModelForm):
    class Meta:
        model = LawFirm
        fields = ["name", "credit_code", "address", "phone", "contact_person", "note"]


class LawyerForm(ScopedModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        linked = self.instance.user_id if self.instance.pk else None
        account: Any = self.fields["user"]
        account.queryset = account.queryset.filter(
            Q(groups__name=Role.LAWYER, is_active=True) | Q(pk=linked)
        ).distinct()

    class Meta:
        model = Lawyer
        fields = [
            "firm",
            "name",
            "licence_no",
            "phone",
            "specialties",
            "user",
            "is_active",
            "note",
        ]


class AdviserContractForm(ScopedModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        linked = self.instance.lead_lawyer_id if self.instance.pk else None
        _active_or_linked(self.fields["lead_lawyer"], linked)

    class Meta:
        model = AdviserContract
        fields = [
            "firm",
            "title",
            "contract_no",
            "signed_on",
            "starts_on",
            "ends_on",
            "lead_lawyer",
            "scope",
            "fee",
            "document",
        ]


class AdviserContractApiForm(AdviserContractForm):
    """The contract without its file: the API takes JSON, the file is uploaded on the page."""

    class Meta(AdviserContractForm.Meta):
        fields = [f for f in AdviserContractForm.Meta.fields if f != "document"]


class VillageAdviserForm(ScopedModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _active_or_linked(
            self.fields["lawyer"], self.instance.lawyer_id if self.instance.pk else None
        )
        village: Any = self.fields["village"]
        village.queryset = village.queryset.order_by("sort_order", "name")

    class Meta:
        model = VillageAdviser
        fields = ["lawyer", "village", "starts_on", "ends_on", "note"]


class ConsultationForm(ScopedModelForm):
    """The whole record, for the office's list and for corrections and follow-ups."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["occurred_at"].widget = DateTimeLocalInput()
        if not self.instance.pk:
            self.fields["occurred_at"].initial = _now_minute()
        _active_or_linked(
            self.fields["lawyer"], self.instance.lawyer_id if self.instance.pk else None
        )

    class Meta:
        model = Consultation
        fields = [
            "occurred_at",
            "channel",
            "topic",
            "question",
            "answer",
            "lawyer",
            "village",
            "minutes",
            "resident_name",
            "resident_phone",
            "hotline_ticket",
            "referral",
            "follow_up_needed",
            "follow_up_note",
        ]


def _now_minute() -> Any:
    return timezone.localtime().replace(second=0, microsecond=0)


class ConsultationQuickForm(ScopedModelForm):
    """The phone and WeChat desks' entry: one call or message after another."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["occurred_at"].widget = DateTimeLocalInput()
        self.fields["occurred_at"].initial = _now_minute()
        _active_or_linked(self.fields["lawyer"], None)
        self.fields["question"].widget.attrs["rows"] = 3
        self.fields["answer"].widget.attrs["rows"] = 3

    class Meta:
        model = Consultation
        fields = [
            "channel",
            "occurred_at",
            "topic",
            "question",
            "answer",
            "lawyer",
            "minutes",
            "resident_name",
            "resident_phone",
            "hotline_ticket",
            "referral",
            "follow_up_needed",
        ]


class WechatGroupForm(ScopedModelForm):
    class Meta:
        model = WechatGroup
        fields = ["name", "village", "lawyer", "created_on", "closed_on", "purpose"]


class WechatGroupCountForm(ScopedModelForm):
    """A member count of the group the page is about."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound and not self.instance.pk:
            self.fields["counted_on"].initial = timezone.localdate()

    class Meta:
        model = WechatGroupCount
        fields = ["counted_on", "members"]


class WechatGroupCountApiForm(ScopedModelForm):
    """A member count over the API, naming its group."""

    def _get_validation_exclusions(self) -> set[str]:
        # A second count of the same day replaces the first (the service's rule): the form
        # must not refuse it under the model's one-count-a-day constraint.
        return {*super()._get_validation_exclusions(), "counted_on"}  # type: ignore[misc]

    class Meta:
        model = WechatGroupCount
        fields = ["group", "counted_on", "members"]
