"""List filters of people's mediation: the page, its export and the API use these."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.core.filters import Filter, SearchFilter
from fazhi.core.forms import DateInput
from fazhi.core.masking import mask_id_number, mask_search
from fazhi.legal_services.filters import PrivateFilterSet
from fazhi.legal_services.models import Lawyer, Mediation, MediationAgreement, MediationParty
from fazhi.legal_services.selectors.mediation import confirmation_window, search_mediations
from fazhi.org.models import Village

ALL = ("", _("全部"))
WINDOW_CHOICES = [
    ALL,
    ("open", _("申请期内未申请")),
    ("closing", _("7日内到期未申请")),
    ("missed", _("已过期未申请")),
]


def _with_lawyer(qs: QuerySet[Any], value: str) -> QuerySet[Any]:
    return qs.filter(lawyer__isnull=value != "yes")


def _window(qs: QuerySet[Any], value: str) -> QuerySet[Any]:
    return confirmation_window(qs, value, today=timezone.localdate())


class MediationFilter(PrivateFilterSet):
    q = Filter(
        forms.CharField(label=_("关键词"), max_length=100),
        search_mediations,
        description="在案号、纠纷名称、简要情况、调解员和当事人姓名中模糊查找",
    )
    dispute_type = Filter(
        forms.ChoiceField(label=_("纠纷类型"), choices=[ALL, *Mediation.DisputeType.choices]),
        "dispute_type",
    )
    status = Filter(
        forms.ChoiceField(label=_("状态"), choices=[ALL, *Mediation.Status.choices]), "status"
    )
    village = Filter(
        forms.ModelChoiceField(label=_("村居"), queryset=Village.objects.all()), "village"
    )
    with_lawyer = Filter(
        forms.ChoiceField(
            label=_("律师参与"), choices=[ALL, ("yes", _("有律师参与")), ("no", _("无律师参与"))]
        ),
        _with_lawyer,
    )
    lawyer = Filter(
        forms.ModelChoiceField(label=_("参与律师"), queryset=Lawyer.objects.all()), "lawyer"
    )
    received_from = Filter(
        forms.DateField(label=_("受理日期自"), widget=DateInput()), "received_on__gte"
    )
    received_to = Filter(
        forms.DateField(label=_("受理日期至"), widget=DateInput()), "received_on__lte"
    )
    window = Filter(
        forms.ChoiceField(label=_("司法确认申请期"), choices=WINDOW_CHOICES),
        _window,
        description="已签订（自签订之日起生效）、尚未申请司法确认的调解协议："
        "open 申请期内，closing 7日内到期，missed 已过期",
    )


class MediationPartyFilter(PrivateFilterSet):
    masked = {"q": mask_search, "id_number": mask_id_number}

    q = SearchFilter(["name", "mediation__case_no", "mediation__title"])
    id_number = Filter(
        forms.CharField(label=_("证件号码（完整）"), max_length=18),
        lambda qs, value: qs.filter(id_number=value.strip().upper()),
        description="按完整的身份证号码或统一社会信用代码查找",
    )
    side = Filter(
        forms.ChoiceField(label=_("当事人类别"), choices=[ALL, *MediationParty.Side.choices]),
        "side",
    )


class MediationSessionFilter(PrivateFilterSet):
    q = SearchFilter(["mediation__case_no", "participants", "record", "place"])
    lawyer_present = Filter(
        forms.ChoiceField(label=_("律师参与"), choices=[ALL, ("yes", _("是")), ("no", _("否"))]),
        lambda qs, value: qs.filter(lawyer_present=value == "yes"),
    )
    held_from = Filter(forms.DateField(label=_("开始日期"), widget=DateInput()), "held_on__gte")
    held_to = Filter(forms.DateField(label=_("结束日期"), widget=DateInput()), "held_on__lte")


class MediationAgreementFilter(PrivateFilterSet):
    q = SearchFilter(["mediation__case_no", "mediation__title", "terms"])
    confirmation = Filter(
        forms.ChoiceField(
            label=_("司法确认"), choices=[ALL, *MediationAgreement.Confirmation.choices]
        ),
        "confirmation",
    )
    performed = Filter(
        forms.ChoiceField(label=_("已履行"), choices=[ALL, ("yes", _("是")), ("no", _("否"))]),
        lambda qs, value: qs.filter(performed=value == "yes"),
    )
    signed_from = Filter(
        forms.DateField(label=_("签订日期自"), widget=DateInput()), "signed_on__gte"
    )
    signed_to = Filter(forms.DateField(label=_("签订日期至"), widget=DateInput()), "signed_on__lte")
