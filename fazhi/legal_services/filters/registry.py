"""List filters of the registry: the page, its Excel export and the API use these."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.core.filters import Filter, FilterSet, SearchFilter
from fazhi.core.forms import DateInput
from fazhi.legal_services.filters import PrivateFilterSet
from fazhi.legal_services.models import (
    AdviserContract,
    Consultation,
    LawFirm,
    Lawyer,
    Topic,
    WechatGroup,
)
from fazhi.org.models import Village

_YES_NO = [("", _("全部")), ("yes", _("是")), ("no", _("否"))]


def _choices(choices: list[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    return [("", _("全部")), *((value, label) for value, label in choices if value != "")]


def _firm() -> Filter:
    return Filter(
        forms.ModelChoiceField(label=_("律师事务所"), queryset=LawFirm.objects.all()), "firm"
    )


def _lawyer(lookup: str = "lawyer", label: Any = None) -> Filter:
    return Filter(
        forms.ModelChoiceField(
            label=label or _("律师"), queryset=Lawyer.objects.select_related("firm")
        ),
        lookup,
    )


def _village() -> Filter:
    return Filter(
        forms.ModelChoiceField(label=_("村居"), queryset=Village.objects.all()), "village"
    )


def _day(label: Any, lookup: Any) -> Filter:
    return Filter(forms.DateField(label=label, widget=DateInput()), lookup)


def _active_on(qs: QuerySet[Any], day: date) -> QuerySet[Any]:
    return qs.active_on(day)  # type: ignore[attr-defined]


_ACTIVE = [("", _("全部")), ("active", _("在用")), ("ended", _("已结束"))]


def _status(qs: QuerySet[Any], value: str) -> QuerySet[Any]:
    today = timezone.localdate()
    return qs.active_on(today) if value == "active" else qs.ended_by(today)  # type: ignore[attr-defined]


class LawFirmFilter(FilterSet):
    q = SearchFilter(["name", "credit_code", "address", "contact_person", "phone"])


class LawyerFilter(FilterSet):
    q = SearchFilter(["name", "licence_no", "phone", "specialties"])
    firm = _firm()
    is_active = Filter(
        forms.ChoiceField(
            label=_("在册"), choices=[("", _("全部")), ("yes", _("在册")), ("no", _("不在册"))]
        ),
        lambda qs, value: qs.filter(is_active=value == "yes"),
    )


def _contract_in_force(qs: QuerySet[Any], day: date) -> QuerySet[Any]:
    # The contract's end date is its last day in force.
    return qs.filter(starts_on__lte=day, ends_on__gte=day)


def _contract_expiring(qs: QuerySet[Any], value: str) -> QuerySet[Any]:
    today = timezone.localdate()
    expiring = AdviserContract.objects.expiring(today).values("pk")
    expired = AdviserContract.objects.expired(today).values("pk")
    if value == "yes":
        return qs.filter(pk__in=expiring)
    if value == "expired":
        return qs.filter(pk__in=expired)
    return qs.exclude(pk__in=expiring).exclude(pk__in=expired)


class AdviserContractFilter(FilterSet):
    q = SearchFilter(["title", "contract_no", "scope"])
    firm = _firm()
    in_force_on = _day(_("在履行日期"), _contract_in_force)
    expiring = Filter(
        forms.ChoiceField(
            label=_("到期提醒"),
            choices=[
                ("", _("全部")),
                ("yes", _("即将到期")),
                ("expired", _("已到期")),
                ("no", _("无")),
            ],
        ),
        _contract_expiring,
        description="yes 即将到期（30日内终止、尚未续签），expired 已到期（已终止、此后没有新合同），"
        "no 两者都不是",
    )


class VillageAdviserFilter(FilterSet):
    q = SearchFilter(["lawyer__name", "village__name", "note"])
    village = _village()
    lawyer = _lawyer()
    active_on = _day(_("在任日期"), _active_on)
    status = Filter(forms.ChoiceField(label=_("状态"), choices=_ACTIVE), _status)


def _hotline(qs: QuerySet[Any], value: str) -> QuerySet[Any]:
    from_hotline = Q(channel=Consultation.Channel.HOTLINE_12348)
    to_hotline = Q(referral=Consultation.Referral.TO_12348)
    if value == "from":
        return qs.filter(from_hotline)
    if value == "to":
        return qs.filter(to_hotline)
    return qs.filter(from_hotline | to_hotline)


class ConsultationFilter(PrivateFilterSet):
    q = SearchFilter(["question", "answer", "resident_name", "resident_phone", "hotline_ticket"])
    channel = Filter(
        forms.ChoiceField(label=_("渠道"), choices=_choices(Consultation.Channel.choices)),
        "channel",
    )
    topic = Filter(forms.ChoiceField(label=_("咨询事项"), choices=_choices(Topic.choices)), "topic")
    lawyer = _lawyer(label=_("解答律师"))
    village = _village()
    date_from = _day(_("开始日期"), "occurred_at__date__gte")
    date_to = _day(_("结束日期"), "occurred_at__date__lte")
    follow_up = Filter(
        forms.ChoiceField(label=_("需要回访"), choices=_YES_NO),
        lambda qs, value: qs.filter(follow_up_needed=value == "yes"),
    )
    referral = Filter(
        forms.ChoiceField(
            label=_("转办去向"),
            choices=[
                ("", _("全部")),
                ("none", _("无")),
                *_choices(Consultation.Referral.choices)[1:],
            ],
        ),
        lambda qs, value: qs.filter(referral="" if value == "none" else value),
    )
    hotline = Filter(
        forms.ChoiceField(
            label=_("12348转办"),
            choices=[
                ("", _("全部")),
                ("any", _("转来或转往12348")),
                ("from", _("由12348转来")),
                ("to", _("转往12348")),
            ],
        ),
        _hotline,
    )


class WechatGroupFilter(FilterSet):
    q = SearchFilter(["name", "purpose"])
    village = _village()
    lawyer = _lawyer(label=_("入群律师"))
    active_on = _day(_("在用日期"), _active_on)
    status = Filter(forms.ChoiceField(label=_("状态"), choices=_ACTIVE), _status)


class WechatGroupCountFilter(FilterSet):
    group = Filter(
        forms.ModelChoiceField(label=_("微信群"), queryset=WechatGroup.objects.all()), "group"
    )
    date_from = _day(_("开始日期"), "counted_on__gte")
    date_to = _day(_("结束日期"), "counted_on__lte")
