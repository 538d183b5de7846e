"""Forms of the duty roster, suspensions, appointments and the public booking pages."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.core.formats import cn_date
from fazhi.core.forms import MobileField, PlatformForm, ScopedModelForm
from fazhi.legal_services.models import DutyShift, ServiceSuspension, Topic
from fazhi.legal_services.selectors import duty as selectors


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%H:%M")


class DutyShiftForm(ScopedModelForm):
    """Plan a shift: village, lawyer, date and time, place, places open to booking."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        shift = self.instance
        today = timezone.localdate()
        villages = self.fields["village"].queryset  # type: ignore[attr-defined]
        self.fields["village"].queryset = villages.filter(  # type: ignore[attr-defined]
            Q(pk__in=villages.active_on(today).values("pk")) | Q(pk=shift.village_id or 0)
        )
        lawyers = self.fields["lawyer"].queryset  # type: ignore[attr-defined]
        self.fields["lawyer"].queryset = lawyers.filter(  # type: ignore[attr-defined]
            Q(is_active=True) | Q(pk=shift.lawyer_id or 0)
        ).select_related("firm")
        self.fields["starts_at"].widget = TimeInput()
        self.fields["ends_at"].widget = TimeInput()

    class Meta:
        model = DutyShift
        fields = ["village", "lawyer", "date", "starts_at", "ends_at", "place", "capacity"]


class DutyShiftRecordForm(forms.Form):
    status = forms.ChoiceField(
        label=_("值班情况"),
        choices=[
            (DutyShift.Status.HELD, DutyShift.Status.HELD.label),
            (DutyShift.Status.ABSENT, DutyShift.Status.ABSENT.label),
        ],
        widget=forms.RadioSelect,
    )
    consultations_handled = forms.IntegerField(
        label=_("接待咨询人次"), min_value=0, max_value=999, required=False
    )
    record = forms.CharField(
        label=_("值班记录"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("接待情况、主要问题、需要跟进的事项等。"),
    )


class DutyShiftCancelForm(forms.Form):
    reason = forms.CharField(
        label=_("取消原因"),
        max_length=200,
        help_text=_("已预约的群众查询预约时会看到取消原因。"),
    )


class ServiceSuspensionForm(ScopedModelForm):
    class Meta:
        model = ServiceSuspension
        fields = ["village", "starts_on", "ends_on", "reason", "alternative"]


# --- appointments ---------------------------------------------------------------------------


class ShiftChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        free = max(obj.capacity - getattr(obj, "booked", 0), 0)
        return str(
            _("%(date)s %(start)s—%(end)s %(village)s · %(lawyer)s（余%(free)d个名额）")
            % {
                "date": cn_date(obj.date),
                "start": f"{obj.starts_at:%H:%M}",
                "end": f"{obj.ends_at:%H:%M}",
                "village": obj.village,
                "lawyer": obj.lawyer,
                "free": free,
            }
        )


class BookingFields(PlatformForm):
    """What a resident tells when booking, online or at the office's desk."""

    topic = forms.ChoiceField(label=_("咨询事项"), choices=[("", _("请选择")), *Topic.choices])
    name = forms.CharField(
        label=_("姓名"),
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    mobile = MobileField()
    description = forms.CharField(
        label=_("问题简述"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("简要说明想咨询的问题（500字以内），便于律师提前准备；可不填。"),
    )

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("请填写姓名。"))
        return name


class PublicBookingForm(BookingFields):
    consent = forms.BooleanField(
        label=_("我已阅读并同意上述个人信息使用说明"),
        error_messages={"required": _("请阅读并勾选同意个人信息使用说明后再提交预约。")},
    )


class StaffBookingForm(BookingFields):
    """Book on a resident's behalf (by phone or at the desk)."""

    shift = ShiftChoiceField(label=_("值班时段"), queryset=DutyShift.objects.none())
    consent = forms.BooleanField(
        label=_("已向预约人说明个人信息的使用方式并征得同意"),
        error_messages={"required": _("请先向预约人说明个人信息的使用方式并征得同意。")},
    )

    field_order = ["shift", "topic", "name", "mobile", "description", "consent"]

    def __init__(self, *args: Any, user: Any, now: datetime, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        street_id = user.street_id or 0
        self.fields["shift"].queryset = selectors.bookable_shifts(street_id, now)  # type: ignore[attr-defined]


class AppointmentCancelForm(forms.Form):
    reason = forms.CharField(label=_("取消原因"), max_length=150, required=False)


class AppointmentRescheduleForm(forms.Form):
    shift = ShiftChoiceField(label=_("改到值班时段"), queryset=DutyShift.objects.none())

    def __init__(self, *args: Any, appointment: Any, now: datetime, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["shift"].queryset = selectors.bookable_shifts(  # type: ignore[attr-defined]
            appointment.street_id, now, exclude=appointment.shift
        )


class PublicLookupForm(PlatformForm):
    code = forms.CharField(
        label=_("预约码"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    mobile = MobileField(
        label=_("预约时填写的手机号码"),
        error_messages={"required": _("请填写预约时留下的手机号码。")},
    )
