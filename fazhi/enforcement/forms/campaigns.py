"""Forms of special campaigns: the campaign, its phases and partner units."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q

from fazhi.core.forms import ScopedModelForm
from fazhi.enforcement.models import Campaign, CampaignPartner, CampaignPhase


class CampaignForm(ScopedModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        linked = self.instance.lead_id if self.instance.pk else None
        lead: Any = self.fields["lead"]
        lead.queryset = lead.queryset.filter(Q(is_active=True) | Q(pk=linked)).order_by("full_name")
        areas: Any = self.fields["key_areas"]
        current = (
            list(self.instance.key_areas.values_list("pk", flat=True)) if self.instance.pk else []
        )
        areas.queryset = areas.queryset.filter(Q(in_use=True) | Q(pk__in=current))
        areas.widget = forms.CheckboxSelectMultiple(choices=areas.choices)

    class Meta:
        model = Campaign
        fields = ["name", "starts_on", "ends_on", "goal", "plan", "lead", "key_areas", "summary"]


class CampaignApiForm(CampaignForm):
    """The campaign without its plan file: the API takes JSON, the file is uploaded on the page."""

    class Meta(CampaignForm.Meta):
        fields = [f for f in CampaignForm.Meta.fields if f != "plan"]


class CampaignPhaseForm(ScopedModelForm):
    class Meta:
        model = CampaignPhase
        fields = ["name", "starts_on", "ends_on", "tasks"]


class CampaignPhaseApiForm(ScopedModelForm):
    class Meta:
        model = CampaignPhase
        fields = ["campaign", "name", "starts_on", "ends_on", "tasks"]


class CampaignPartnerForm(ScopedModelForm):
    class Meta:
        model = CampaignPartner
        fields = ["kind", "name", "contact", "phone", "role"]


class CampaignPartnerApiForm(ScopedModelForm):
    class Meta:
        model = CampaignPartner
        fields = ["campaign", "kind", "name", "contact", "phone", "role"]
