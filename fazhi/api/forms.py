from __future__ import annotations

from datetime import datetime, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

VALIDITY_CHOICES = [
    ("30", _("30天")),
    ("90", _("90天")),
    ("180", _("180天")),
    ("365", _("1年")),
]


class TokenCreateForm(forms.Form):
    """What the owner tells about a new token: its use and how long it stays valid."""

    name = forms.CharField(
        label=_("用途"),
        max_length=50,
        help_text=_("例如 数据大屏、区级平台对接，便于日后识别和吊销。"),
    )
    validity = forms.ChoiceField(
        label=_("有效期"),
        choices=VALIDITY_CHOICES,
        initial="90",
        help_text=_("到期后令牌自动失效。"),
    )

    def expires_at(self) -> datetime:
        """The end of validity chosen, counted from now."""
        return timezone.now() + timedelta(days=int(self.cleaned_data["validity"]))
