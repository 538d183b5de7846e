"""List filters of the duty roster, suspensions and appointments: page, export and API."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import RegexValidator
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from fazhi.core.filters import Filter, FilterSet, SearchFilter
from fazhi.core.forms import DateInput
from fazhi.legal_services.filters import PrivateFilterSet
from fazhi.legal_services.models import Appointment, DutyShift, Lawyer, Topic
from fazhi.org.models import Village

_ALL = ("", _("全部"))


class MonthInput(forms.TextInput):
    input_type = "month"


def _month(qs: Any, value: str) -> Any:
    year, month = value.split("-")
    return qs.filter(date__year=int(year), date__month=int(month))


def _free(qs: Any, value: str) -> Any:
    # The selector annotates ``booked``: the appointments holding a place.
    if value == "yes":
        return qs.filter(capacity__gt=F("booked"))
    return qs.filter(capacity__lte=F("booked"))


def _village(lookup: str) -> Filter:
    return Filter(forms.ModelChoiceField(label=_("村居"), queryset=Village.objects.all()), lookup)


def _lawyer(lookup: str) -> Filter:
    return Filter(
        forms.ModelChoiceField(label=_("值班律师"), queryset=Lawyer.objects.all()), lookup
    )


def _date(label: Any, lookup: str) -> Filter:
    return Filter(forms.DateField(label=label, widget=DateInput()), lookup)


class DutyShiftFilter(FilterSet):
    q = SearchFilter(["place", "record", "cancel_reason"])
    village = _village("village")
    lawyer = _lawyer("lawyer")
    month = Filter(
        forms.CharField(
            label=_("月份"),
            max_length=7,
            widget=MonthInput(),
            validators=[
                RegexValidator(r"^\d{4}-(0[1-9]|1[0-2])$", _("请按“2020-01”的格式填写月份。"))
            ],
        ),
        _month,
    )
    date_from = _date(_("开始日期"), "date__gte")
    date_to = _date(_("结束日期"), "date__lte")
    status = Filter(
        forms.ChoiceField(label=_("状态"), choices=[_ALL, *DutyShift.Status.choices]), "status"
    )
    free = Filter(
        forms.ChoiceField(
            label=_("空余名额"), choices=[_ALL, ("yes", _("有空余名额")), ("no", _("已约满"))]
        ),
        _free,
    )


class ServiceSuspensionFilter(FilterSet):
    q = SearchFilter(["reason", "alternative"])
    village = _village("village")
    date_from = _date(_("开始日期"), "starts_on__gte")
    date_to = _date(_("结束日期"), "starts_on__lte")


class AppointmentFilter(PrivateFilterSet):
    q = SearchFilter(["code", "name", "mobile"], label=_("预约码、姓名或手机号"))
    village = _village("shift__village")
    lawyer = _lawyer("shift__lawyer")
    date_from = _date(_("开始日期"), "shift__date__gte")
    date_to = _date(_("结束日期"), "shift__date__lte")
    status = Filter(
        forms.ChoiceField(label=_("状态"), choices=[_ALL, *Appointment.Status.choices]), "status"
    )
    topic = Filter(forms.ChoiceField(label=_("咨询事项"), choices=[_ALL, *Topic.choices]), "topic")
    source = Filter(
        forms.ChoiceField(label=_("预约方式"), choices=[_ALL, *Appointment.Source.choices]),
        "source",
    )
