"""Forms of patrols and reports (问题线索): the patrol record; the report as the desk enters it
(12345 transfers included), as the grid worker's phone sends it and as a resident sends it on
the portal; accepting a report as a case and dismissing it; the resident's lookup.

The report forms are plain forms with the model's fields (labels, limits): the service decides
the rest (source, grid, reporter), and its refusals come back onto these fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.core.forms import PlatformForm, PlatformMessagesMixin, ScopedModelForm
from fazhi.enforcement.forms.cases import officers_field
from fazhi.enforcement.models import (
    Campaign,
    Case,
    FrontageUnit,
    KeyArea,
    Patrol,
    Report,
    ViolationCategory,
)
from fazhi.enforcement.selectors.cases import certified_officers
from fazhi.enforcement.selectors.reports import PATROL_ROLES, patrol_members
from fazhi.org.models import Grid, Street, User
from fazhi.org.roles import Role


class DateTimeLocalInput(forms.DateTimeInput):
    """The browser's date-and-time picker (2020-09-28T10:30), in local time."""

    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


def _now_minute() -> Any:
    return timezone.localtime().replace(second=0, microsecond=0)


class PhotoInput(forms.FileInput):
    """A file input that opens the phone's camera (the rear one) or its photo library."""

    def __init__(self) -> None:
        super().__init__(attrs={"accept": "image/*", "capture": "environment"})


def _photo_field() -> forms.FileField:
    return forms.FileField(
        label=_("现场照片"),
        required=False,
        widget=PhotoInput(),
        help_text=_("可拍照或从相册选择，JPG、PNG或HEIC格式，不超过10MB。"),
    )


def _categories(street_id: int | None, current: Any = None) -> Any:
    """Categories in use of the street (and the one a record already names)."""
    condition = Q(in_use=True) | Q(pk=getattr(current, "pk", current))
    return ViolationCategory.objects.filter(street_id=street_id).filter(condition)


# --- Patrols ----------------------------------------------------------------------------------


class FilteredCheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    """Checkboxes under a filter box: the app's script adds the box and hides what does not
    match (the ticked ones stay); without the script the list works as it is."""

    template_name = "enforcement/widgets/filtered_checkboxes.html"


class PatrolMemberChoice(forms.ModelMultipleChoiceField):
    """Patrol members by name, the role and the user name beside it to tell namesakes apart:
    刘执法（执法人员，officer1）."""

    def label_from_instance(self, obj: Any) -> str:
        roles = [str(Role(g.name).label) for g in obj.groups.all() if g.name in PATROL_ROLES]
        details = _("，").join([*roles, obj.username])
        return f"{obj.full_name or obj.username}（{details}）"


class PatrolForm(ScopedModelForm):
    members = PatrolMemberChoice(
        label=_("巡查人员"),
        queryset=User.objects.none(),
        widget=FilteredCheckboxSelectMultiple,
        help_text=_("勾选参加巡查的执法人员、网格员；人员较多时可输入姓名筛选。"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("started_at", "ended_at"):
            self.fields[name].widget = DateTimeLocalInput()
        members: Any = self.fields["members"]
        # Those who may patrol, and the members the record already names (a retired one too).
        choices = Q(pk__in=patrol_members(self.user.street_id).values("pk"))
        if self.instance.pk:
            choices |= Q(pk__in=self.instance.members.values("pk"))
        members.queryset = (
            User.objects.filter(choices)
            .prefetch_related("groups")
            .order_by("full_name", "username")
        )
        key_area: Any = self.fields["key_area"]
        key_area.queryset = key_area.queryset.filter(
            Q(in_use=True) | Q(pk=self.instance.key_area_id)
        )
        grid: Any = self.fields["grid"]
        grid.queryset = grid.queryset.order_by("code")
        if not self.instance.pk and not self.is_bound:
            self.fields["started_at"].initial = _now_minute()
            if self.user.grid_id:
                self.fields["grid"].initial = self.user.grid_id
            self.fields["members"].initial = [self.user.pk]

    class Meta:
        model = Patrol
        fields = [
            "started_at",
            "ended_at",
            "grid",
            "key_area",
            "campaign",
            "members",
            "route",
            "findings",
            "problems_found",
        ]


# --- Reports ----------------------------------------------------------------------------------


def _field(name: str, **changes: Any) -> forms.Field:
    """A fresh form field of the report's model field ``name`` (its label and limits)."""
    field = forms.fields_for_model(Report, fields=[name])[name]
    for key, value in changes.items():
        setattr(field, key, value)
    field.widget.is_required = field.required
    return field


class _ReportForm(PlatformMessagesMixin, forms.Form):
    """The fields every report form shares: coordinates both or neither; errors in the
    platform's wording, each once (the grid worker's phone form, the desk's, the portal's)."""

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            self.add_error("latitude", _("经度和纬度须同时填写，或都不填。"))
        return data

    def report_data(self) -> dict[str, Any]:
        """The cleaned data as ``report_create`` takes it (the photo apart)."""
        return {k: v for k, v in self.cleaned_data.items() if k != "photo"}


class ReportPhoneForm(_ReportForm):
    """The grid worker's phone form: category, place, description, photo, coordinates."""

    category = forms.ModelChoiceField(
        label=_("问题类别"), queryset=ViolationCategory.objects.none(), empty_label=_("请选择")
    )
    address = _field("address", required=True, help_text=_("例如：幸福路12号门前人行道。"))
    description = _field("description", required=True)
    photo = _photo_field()
    latitude = _field("latitude", required=False)
    longitude = _field("longitude", required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = _categories(user.street_id)  # type: ignore[attr-defined]
        self.fields["description"].widget.attrs["rows"] = 4
        self.fields["address"].widget.attrs["autocomplete"] = "street-address"
        for name in ("latitude", "longitude"):
            self.fields[name].widget.attrs["inputmode"] = "decimal"


class ReportDeskForm(_ReportForm):
    """The office's entry of a report: a 12345 transfer, a resident's call or visit, a problem
    found on a patrol."""

    SOURCES = [
        (Report.Source.HOTLINE, Report.Source.HOTLINE.label),
        (Report.Source.RESIDENT, Report.Source.RESIDENT.label),
        (Report.Source.PATROL, Report.Source.PATROL.label),
        (Report.Source.OTHER, Report.Source.OTHER.label),
    ]

    source = forms.ChoiceField(label=_("来源"), choices=SOURCES)
    hotline_ticket = _field(
        "hotline_ticket", help_text=_("12345热线转办的线索必填，其他来源不填。")
    )
    patrol = forms.ModelChoiceField(
        label=_("巡查记录"),
        queryset=Patrol.objects.none(),
        required=False,
        help_text=_("巡查发现的问题必选。"),
    )
    reported_at = forms.DateTimeField(
        label=_("上报时间"),
        widget=DateTimeLocalInput(),
        help_text=_("热线转办的，填工单的转办时间。"),
    )
    category = forms.ModelChoiceField(
        label=_("问题类别"), queryset=ViolationCategory.objects.none(), required=False
    )
    grid = forms.ModelChoiceField(label=_("网格"), queryset=Grid.objects.none(), required=False)
    address = _field("address", required=True)
    latitude = _field("latitude", required=False)
    longitude = _field("longitude", required=False)
    description = _field("description", required=True)
    photo = _photo_field()
    reporter_name = _field("reporter_name", required=False)
    reporter_phone = _field("reporter_phone", required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = _categories(user.street_id)  # type: ignore[attr-defined]
        self.fields["grid"].queryset = Grid.objects.for_user(user).order_by("code")  # type: ignore[attr-defined]
        self.fields["patrol"].queryset = Patrol.objects.for_user(user).select_related(  # type: ignore[attr-defined]
            "grid", "key_area"
        )
        if not self.is_bound:
            self.fields["reported_at"].initial = _now_minute()


class ReportEditForm(_ReportForm):
    """Correct a pending report."""

    category = forms.ModelChoiceField(
        label=_("问题类别"), queryset=ViolationCategory.objects.none(), required=False
    )
    grid = forms.ModelChoiceField(label=_("网格"), queryset=Grid.objects.none(), required=False)
    address = _field("address", required=True)
    latitude = _field("latitude", required=False)
    longitude = _field("longitude", required=False)
    description = _field("description", required=True)
    hotline_ticket = _field("hotline_ticket", required=False)
    reporter_name = _field("reporter_name", required=False)
    reporter_phone = _field("reporter_phone", required=False)

    def __init__(self, *args: Any, user: User, report: Report, **kwargs: Any) -> None:
        initial = {name: getattr(report, name) for name in self.base_fields}
        initial["category"] = report.category_id
        initial["grid"] = report.grid_id
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["category"].queryset = _categories(user.street_id, report.category_id)  # type: ignore[attr-defined]
        self.fields["grid"].queryset = Grid.objects.for_user(user).order_by("code")  # type: ignore[attr-defined]
        if report.source != Report.Source.HOTLINE:
            del self.fields["hotline_ticket"]


class ReportApiForm(ScopedModelForm):
    """A report over the API (no photo: files are uploaded on the pages)."""

    reported_at = forms.DateTimeField(
        label=_("上报时间"), required=False, help_text=_("不填时为提交的时间。")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        category: Any = self.fields["category"]
        category.queryset = category.queryset.filter(
            Q(in_use=True) | Q(pk=self.instance.category_id)
        )

    def _post_clean(self) -> None:
        # The record's own rules run in the service, on the whole record (source, grid and
        # reporter are decided there): the form checks the fields only.
        pass

    class Meta:
        model = Report
        fields = [
            "source",
            "reported_at",
            "hotline_ticket",
            "patrol",
            "category",
            "grid",
            "address",
            "latitude",
            "longitude",
            "description",
            "reporter_name",
            "reporter_phone",
        ]


class PublicReportForm(_ReportForm):
    """A resident's report on the portal: no account, the contact optional."""

    category = forms.ModelChoiceField(
        label=_("问题类别"),
        queryset=ViolationCategory.objects.none(),
        required=False,
        empty_label=_("不清楚"),
    )
    address = _field("address", required=True, help_text=_("请尽量写明道路、门牌号或标志性建筑。"))
    description = _field("description", required=True)
    photo = _photo_field()
    latitude = _field("latitude", required=False)
    longitude = _field("longitude", required=False)
    reporter_name = _field("reporter_name", label=_("您的称呼"), required=False)
    reporter_phone = _field(
        "reporter_phone",
        label=_("联系电话"),
        required=False,
        help_text=_("选填。需要回访时工作人员会与您联系。"),
    )
    consent = forms.BooleanField(
        label=_("我已阅读并同意上述个人信息使用说明"),
        required=False,
        help_text=_("留下称呼或电话时须勾选。"),
    )

    def __init__(self, *args: Any, street: Street, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = _categories(street.pk)  # type: ignore[attr-defined]
        self.fields["reporter_phone"].widget.attrs.update(
            {"type": "tel", "inputmode": "tel", "autocomplete": "tel"}
        )
        for name in ("latitude", "longitude"):
            self.fields[name].widget.attrs["inputmode"] = "decimal"


class ReportLookupForm(PlatformForm):
    code = forms.CharField(
        label=_("查询码"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


# --- Accepting and dismissing -----------------------------------------------------------------

_CASE_FIELDS = [
    "category",
    "location",
    "found_at",
    "facts",
    "party_kind",
    "party_name",
    "party_id_number",
    "party_phone",
    "party_address",
    "party_representative",
    "third_parties",
    "key_area",
    "campaign",
    "frontage_unit",
    "major_public_interest",
    "complex_case",
]


class _ReportAcceptFields(forms.Form):
    officers = officers_field(_("承办执法人员"))

    def __init__(self, *args: Any, user: User, report: Report, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["found_at"].widget = DateTimeLocalInput()
        street = user.street_id
        self.fields["officers"].queryset = certified_officers(user)  # type: ignore[attr-defined]
        self.fields["category"].queryset = _categories(street, report.category_id)  # type: ignore[attr-defined]
        self.fields["key_area"].queryset = KeyArea.objects.filter(street_id=street, in_use=True)  # type: ignore[attr-defined]
        self.fields["campaign"].queryset = Campaign.objects.filter(street_id=street)  # type: ignore[attr-defined]
        self.fields["frontage_unit"].queryset = FrontageUnit.objects.filter(  # type: ignore[attr-defined]
            street_id=street, in_use=True
        )
        if not self.is_bound:
            patrol = report.patrol
            self.initial.update(
                {
                    "category": report.category_id,
                    "location": report.address,
                    "found_at": timezone.localtime(report.reported_at).replace(
                        second=0, microsecond=0
                    ),
                    "facts": report.description,
                    "key_area": patrol.key_area_id if patrol else None,
                    "campaign": patrol.campaign_id if patrol else None,
                }
            )


# Register the report as a case: the officers, then the case's own fields (labels, limits and
# choices of the case model), filled from the report. Declared as class fields so that the
# API's request body is built from the same form.
ReportAcceptForm = type(
    "ReportAcceptForm",
    (_ReportAcceptFields,),
    {
        "__doc__": "Register the report as a case: the officers and the case's fields.",
        "__module__": __name__,
        **forms.fields_for_model(Case, fields=_CASE_FIELDS),
    },
)


class ReportDismissForm(PlatformForm):
    reason = forms.CharField(
        label=_("不予登记理由"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("例如：经现场核查，问题已自行整改；不属于本街道执法事项，已告知反映人。"),
    )
