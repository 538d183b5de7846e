"""Forms of people's mediation: the case with its parties, a party, a session, the agreement,
and the case's actions (close, judicial confirmation, performance)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fazhi.core.forms import DateInput, ScopedModelForm, add_service_error
from fazhi.legal_services.models import (
    Mediation,
    MediationAgreement,
    MediationParty,
    MediationSession,
)
from fazhi.legal_services.services.mediation import GENDERS, party_clean


class MediationForm(ScopedModelForm):
    """The case's particulars; its status changes only through the case's actions."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        case_no = self.fields["case_no"]
        case_no.required = False
        case_no.help_text = _("留空则按受理年度自动编号，例如：（2020）调字第1号。")
        # Lawyers in the register, and the one the case already names even if since retired.
        lawyer = self.fields["lawyer"]
        linked = [self.instance.lawyer_id] if self.instance.pk and self.instance.lawyer_id else []
        lawyer.queryset = lawyer.queryset.filter(Q(is_active=True) | Q(pk__in=linked))  # type: ignore[attr-defined]

    class Meta:
        model = Mediation
        fields = [
            "case_no",
            "title",
            "dispute_type",
            "source",
            "village",
            "received_on",
            "summary",
            "mediators",
            "lawyer",
        ]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4})}


GENDER_CHOICES = [("", _("（按身份证号码）")), *((g, g) for g in GENDERS)]


class MediationPartyForm(ScopedModelForm):
    """A party's particulars, checked as the service checks them (ID number, gender)."""

    gender = forms.ChoiceField(label=_("性别"), choices=GENDER_CHOICES, required=False)

    class Meta:
        model = MediationParty
        fields = [
            "side",
            "kind",
            "name",
            "gender",
            "id_number",
            "phone",
            "address",
            "representative",
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.errors:
            try:
                cleaned.update(party_clean(cleaned))
            except ValidationError as exc:
                add_service_error(self, exc)
        return cleaned


class BasePartyFormSet(forms.BaseFormSet):
    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {"user": self.user}

    def parties(self) -> list[dict[str, Any]]:
        """The rows filled in, as the service takes them; a row left blank is skipped."""
        rows = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if form.has_changed() and data and data.get("name"):
                rows.append({k: v for k, v in data.items() if k in form._meta.fields})  # type: ignore[attr-defined]
        return rows


PartyFormSet = forms.formset_factory(MediationPartyForm, formset=BasePartyFormSet, extra=0)


def party_formset(data: Any, *, user: Any) -> BasePartyFormSet:
    """Four rows: an applicant and a respondent proposed, two more for further parties."""
    initial = [
        {"side": MediationParty.Side.APPLICANT, "kind": MediationParty.Kind.PERSON},
        {"side": MediationParty.Side.RESPONDENT, "kind": MediationParty.Kind.PERSON},
        {"side": MediationParty.Side.RESPONDENT, "kind": MediationParty.Kind.PERSON},
        {"side": MediationParty.Side.THIRD_PARTY, "kind": MediationParty.Kind.PERSON},
    ]
    formset = PartyFormSet(data, initial=initial, prefix="party", user=user)  # type: ignore[call-arg]
    for form in formset.forms:
        form.empty_permitted = True
        form.use_required_attribute = False
    return formset  # type: ignore[return-value]


class MediationSessionForm(ScopedModelForm):
    class Meta:
        model = MediationSession
        fields = ["held_on", "place", "participants", "record", "lawyer_present"]
        widgets = {"record": forms.Textarea(attrs={"rows": 8})}


class MediationAgreementForm(ScopedModelForm):
    """The content 人民调解法 第二十八条 requires; the parties come from the case."""

    class Meta:
        model = MediationAgreement
        fields = [
            "signed_on",
            "facts",
            "disputed_points",
            "responsibilities",
            "terms",
            "performance_manner",
            "performance_deadline",
        ]
        widgets = {
            "facts": forms.Textarea(attrs={"rows": 5}),
            "disputed_points": forms.Textarea(attrs={"rows": 3}),
            "responsibilities": forms.Textarea(attrs={"rows": 3}),
            "terms": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "terms": _("逐条写明，例如：一、……；二、……。"),
            "performance_deadline": _("不能早于协议签订日期。"),
        }


class MediationCloseForm(forms.Form):
    status = forms.ChoiceField(
        label=_("结案结果"),
        choices=[(s.value, s.label) for s in Mediation.Status if s in Mediation.CLOSED],
    )
    closed_on = forms.DateField(label=_("结案日期"), widget=DateInput())
    outcome = forms.CharField(
        label=_("调解结果"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("达成口头协议的，请记录协议内容；调解不成或终止调解的，请写明原因和处理情况。"),
    )


class ConfirmationApplyForm(forms.Form):
    applied_on = forms.DateField(label=_("申请日期"), widget=DateInput())
    court = forms.CharField(label=_("受理法院"), max_length=100)


class ConfirmationResultForm(forms.Form):
    confirmed = forms.TypedChoiceField(
        label=_("裁定结果"),
        choices=[("yes", _("确认调解协议有效")), ("no", _("不予确认（驳回申请）"))],
        coerce=lambda value: value == "yes",
    )
    decided_on = forms.DateField(label=_("裁定日期"), widget=DateInput())


class PerformedForm(forms.Form):
    performed_on = forms.DateField(label=_("履行完毕日期"), widget=DateInput())


class ConfirmForm(forms.Form):
    """No fields: a confirmation button whose refusal shows as the form's error."""


class MediationSessionApiForm(MediationSessionForm):
    """A session over the API names its case (the page takes it from the address)."""

    class Meta(MediationSessionForm.Meta):
        fields = ["mediation", *MediationSessionForm.Meta.fields]
