"""Forms of the case: registration, correction of its particulars, and one small form per step
of the workflow. Each step form's fields are named as its service's arguments."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.core.forms import DateInput, ScopedModelForm
from fazhi.enforcement.models import Case
from fazhi.enforcement.selectors.cases import certified_officers
from fazhi.enforcement.services.cases import (
    EDITABLE_FIELDS,
    EXECUTION_MANNERS,
    REGISTER_FIELDS,
    SERVICE_METHODS,
)
from fazhi.org.models import User

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"]


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


def _datetime_field(label: Any, **kwargs: Any) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label, widget=DateTimeInput(), input_formats=DATETIME_FORMATS, **kwargs
    )


def _date_field(label: Any, **kwargs: Any) -> forms.DateField:
    return forms.DateField(label=label, widget=DateInput(), **kwargs)


def _money_field(label: Any, **kwargs: Any) -> forms.DecimalField:
    return forms.DecimalField(label=label, min_value=0, max_digits=12, decimal_places=2, **kwargs)


class OfficerChoice(forms.ModelMultipleChoiceField):
    """Officers shown with their certificate numbers (执法证号)."""

    def label_from_instance(self, obj: User) -> str:
        return f"{obj.display_name}（{obj.enforcement_certificate_no}）"


def officers_field(label: Any) -> OfficerChoice:
    """Certified officers to tick, each shown with the certificate number."""
    return OfficerChoice(
        label=label,
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("至少两名持有执法证件的执法人员。"),
    )


# --- the case ---------------------------------------------------------------------------------


class CaseForm(ScopedModelForm):
    """Register a case (发现登记) with its officers."""

    officers = officers_field(_("承办执法人员"))

    class Meta:
        model = Case
        fields = [*REGISTER_FIELDS, "officers"]
        widgets = {
            "facts": forms.Textarea(attrs={"rows": 4}),
            "found_at": DateTimeInput(),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["found_at"].input_formats = DATETIME_FORMATS  # type: ignore[attr-defined]
        if "officers" in self.fields:
            self.fields["officers"].queryset = certified_officers(self.user)  # type: ignore[attr-defined]
        # Categories in use, and the case's own even if it has since been retired.
        category = self.fields["category"]
        category.queryset = category.queryset.filter(  # type: ignore[attr-defined]
            Q(in_use=True) | Q(pk=self.instance.category_id)
        )
        if not self.instance.pk and not self.is_bound:
            self.initial.setdefault(
                "found_at", timezone.localtime().replace(second=0, microsecond=0)
            )


class CaseUpdateForm(CaseForm):
    """Correct the particulars of an open case (the source and the officers are not here)."""

    class Meta(CaseForm.Meta):
        fields = list(EDITABLE_FIELDS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.pop("officers", None)


# --- the steps --------------------------------------------------------------------------------


class StepForm(forms.Form):
    """A step's form: knows the case and the user (for the choice of officers)."""

    def __init__(self, *args: Any, case: Case, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.case, self.user = case, user
        today = timezone.localdate()
        for name, field in self.fields.items():
            if isinstance(field, OfficerChoice):
                field.queryset = certified_officers(user)
                self.initial.setdefault(name, list(case.officers.values_list("pk", flat=True)))
            elif isinstance(field, forms.DateTimeField):
                self.initial.setdefault(name, timezone.localtime().replace(second=0, microsecond=0))
            elif isinstance(field, forms.DateField) and field.required:
                self.initial.setdefault(name, today)


class OfficersForm(StepForm):
    officers = officers_field(_("承办执法人员"))


class StopForm(StepForm):
    stopped_at = _datetime_field(_("制止时间"))
    measure = forms.CharField(
        label=_("制止措施"),
        max_length=300,
        help_text=_("例如：责令当事人立即停止占道经营，自行清理摊位。"),
    )


class FileForm(StepForm):
    filed_on = _date_field(_("立案日期"), help_text=_("决定期限自立案之日起计算九十日。"))
    record = forms.CharField(label=_("立案审批意见"), required=False, widget=forms.Textarea)


class InvestigateForm(StepForm):
    investigated_on = _date_field(_("调查日期"))
    record = forms.CharField(
        label=_("调查取证记录"),
        widget=forms.Textarea,
        help_text=_("询问、勘验、检查的经过和结果；照片、录音录像等证据在案件页面上传。"),
    )


HEARING_RIGHT_CHOICES = [
    ("", _("按拟处罚内容确定")),
    ("yes", _("告知听证权利")),
    ("no", _("不告知听证权利")),
]


class NotifyForm(StepForm):
    notified_on = _date_field(_("告知日期"))
    proposed_penalty = forms.CharField(
        label=_("拟作出的处罚内容"),
        widget=forms.Textarea,
        help_text=_("拟作出处罚的内容及事实、理由、依据，并告知陈述、申辩的权利。"),
    )
    proposed_penalty_kind = forms.ChoiceField(
        label=_("拟处罚种类"), choices=[("", "—"), *Case.PenaltyKind.choices], required=False
    )
    proposed_fine = _money_field(_("拟罚款金额（元）"), required=False)
    hearing_applicable = forms.TypedChoiceField(
        label=_("听证权利"),
        choices=HEARING_RIGHT_CHOICES,
        coerce=lambda v: {"yes": True, "no": False}.get(v),
        empty_value=None,
        required=False,
        help_text=_("拟处较大数额罚款、暂扣或吊销许可证件、责令停产停业等，必须告知听证权利。"),
    )


class StatementForm(StepForm):
    received_on = _date_field(_("陈述申辩日期"))
    statement = forms.CharField(label=_("陈述、申辩内容"), widget=forms.Textarea)


class HearingForm(StepForm):
    requested_on = _date_field(
        _("申请听证日期"), required=False, help_text=_("当事人应当在告知后五日内提出。")
    )
    notice_on = _date_field(
        _("听证通知日期"), required=False, help_text=_("应当在举行听证的七日前通知当事人。")
    )
    hearing_on = _date_field(_("听证日期"), required=False, help_text=_("听证举行后填写。"))
    record = forms.CharField(label=_("听证情况"), required=False, widget=forms.Textarea)


class DecideForm(StepForm):
    decided_on = _date_field(_("决定日期"))
    outcome = forms.ChoiceField(
        label=_("处理结果"),
        choices=[
            (Case.Outcome.PENALTY, Case.Outcome.PENALTY.label),
            (Case.Outcome.NO_PENALTY, Case.Outcome.NO_PENALTY.label),
        ],
    )
    penalty_kind = forms.ChoiceField(
        label=_("处罚种类"), choices=[("", "—"), *Case.PenaltyKind.choices], required=False
    )
    fine = _money_field(_("罚款金额（元）"), required=False)
    decision_no = forms.CharField(label=_("决定书文号"), max_length=60)
    decision_text = forms.CharField(label=_("决定内容"), widget=forms.Textarea)
    decision_basis = forms.CharField(label=_("处罚依据"), required=False, widget=forms.Textarea)
    deciders = officers_field(_("作出决定的执法人员"))


class OnTheSpotForm(StepForm):
    decided_at = _datetime_field(_("作出决定时间"))
    place = forms.CharField(label=_("作出决定地点"), max_length=200)
    party_name = forms.CharField(label=_("当事人姓名或名称"), max_length=100)
    party_id_number = forms.CharField(label=_("身份证件号码或统一社会信用代码"), max_length=18)
    penalty_kind = forms.ChoiceField(
        label=_("处罚种类"),
        choices=[
            (Case.PenaltyKind.WARNING, Case.PenaltyKind.WARNING.label),
            (Case.PenaltyKind.FINE, Case.PenaltyKind.FINE.label),
        ],
    )
    fine = _money_field(
        _("罚款金额（元）"),
        required=False,
        help_text=_("对公民不超过200元，对法人或者其他组织不超过3000元。"),
    )
    decision_no = forms.CharField(label=_("决定书文号"), max_length=60)
    decision_basis = forms.CharField(label=_("处罚依据"), widget=forms.Textarea)
    deciders = officers_field(_("作出决定的执法人员"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("party_name", self.case.party_name)
        self.initial.setdefault("party_id_number", self.case.party_id_number)
        self.initial.setdefault("place", self.case.location)
        self.initial.setdefault("decision_basis", self.case.category.penalty_basis)


class ServeForm(StepForm):
    served_on = _date_field(_("送达日期"))
    method = forms.ChoiceField(label=_("送达方式"), choices=SERVICE_METHODS)


class ExecuteForm(StepForm):
    executed_on = _date_field(_("执行日期"))
    manner = forms.ChoiceField(label=_("执行方式"), choices=EXECUTION_MANNERS)
    fine_paid = _money_field(_("已缴罚款（元）"), required=False)
    note = forms.CharField(label=_("执行情况"), required=False, widget=forms.Textarea)


class CloseForm(StepForm):
    closed_on = _date_field(_("结案日期"))
    reason = forms.CharField(label=_("结案说明"), required=False, widget=forms.Textarea)


class CloseCorrectedForm(StepForm):
    closed_on = _date_field(_("结案日期"))
    reason = forms.CharField(
        label=_("结案理由"),
        widget=forms.Textarea,
        help_text=_(
            "当事人改正的情况和不予处罚的理由，例如：违法行为轻微并及时改正，没有造成危害后果。"
        ),
    )


class TransferForm(StepForm):
    transferred_on = _date_field(_("移送日期"))
    authority = forms.CharField(label=_("移送机关"), max_length=100)
    reason = forms.CharField(label=_("移送理由"), widget=forms.Textarea)


class ArchiveForm(StepForm):
    archived_on = _date_field(_("归档日期"))
    archive_no = forms.CharField(label=_("档案号"), max_length=40)


class ExtendForm(StepForm):
    new_due_on = _date_field(_("延长后的决定期限"))
    reason = forms.CharField(
        label=_("延长期限理由"),
        max_length=300,
        widget=forms.Textarea,
        help_text=_("写明延长的理由和批准情况（批准人、批准日期）。"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.pop("new_due_on", None)
