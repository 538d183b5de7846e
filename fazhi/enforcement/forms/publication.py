"""Forms of publicity (执法公示): withdrawing a publication, recording a decision's change."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from fazhi.core.forms import DateInput


class PublishForm(forms.Form):
    """Publishing asks nothing: the page shows what will be published (masked) to confirm."""


class PublicationWithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("撤下理由"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("在公示页面上向社会说明，例如：该决定已被行政复议机关撤销。"),
    )


class DecisionChangeForm(forms.Form):
    changed_on = forms.DateField(label=_("变更或撤销日期"), widget=DateInput())
    reason = forms.CharField(
        label=_("变更或撤销理由"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("例如：经行政复议，复议机关决定撤销原处罚决定。"),
    )
