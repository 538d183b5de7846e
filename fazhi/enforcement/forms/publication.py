"""Forms of publicity (执法公示): withdrawing a publication, recording a decision's change."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from fazhi.core.forms import DateInput


class PublishForm(forms.Form):
    """The page shows what will be published (masked) to confirm; where the masking only
    guessed at some personal data, the publisher ticks that the marked pieces were checked."""

    uncertain_checked = forms.BooleanField(
        label=_("已核对标记的疑似个人信息"),
        required=False,
        help_text=_("标记为疑似的内容已按个人信息隐去，请核对原文确认无误后勾选。"),
    )

    def __init__(self, *args: Any, uncertain: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if uncertain:
            field = self.fields["uncertain_checked"]
            field.required = True
            field.error_messages["required"] = _("请核对标记的疑似个人信息后勾选此项。")
        else:
            del self.fields["uncertain_checked"]


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
