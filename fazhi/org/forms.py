from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from fazhi.core.forms import ScopedModelForm
from fazhi.org import geojson
from fazhi.org.models import (
    Department,
    Grid,
    GridWorker,
    LeadingGroup,
    LeadingGroupMeeting,
    LeadingGroupMember,
    Street,
    User,
    Village,
)


class StreetForm(ScopedModelForm):
    class Meta:
        model = Street
        fields = ["name", "address", "phone", "office_hours", "introduction"]


class DepartmentForm(ScopedModelForm):
    class Meta:
        model = Department
        fields = ["name", "head_name", "phone", "duties", "sort_order", "is_active"]


class VillageForm(ScopedModelForm):
    class Meta:
        model = Village
        fields = [
            "name",
            "kind",
            "address",
            "phone",
            "households",
            "population",
            "established_on",
            "dissolved_on",
            "sort_order",
        ]


class GridForm(ScopedModelForm):
    class Meta:
        model = Grid
        fields = ["village", "code", "name", "area_description", "established_on", "dissolved_on"]


class GridWorkerForm(ScopedModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["grid"].queryset = self.fields["grid"].queryset.select_related("village")
        self.fields["user"].queryset = self.fields["user"].queryset.filter(
            groups__name="grid_worker"
        )

    class Meta:
        model = GridWorker
        fields = [
            "grid",
            "name",
            "gender",
            "phone",
            "kind",
            "started_on",
            "ended_on",
            "user",
            "note",
        ]


class LeadingGroupForm(ScopedModelForm):
    class Meta:
        model = LeadingGroup
        fields = ["name", "established_on", "document_no", "office_location", "duties"]


class LeadingGroupMemberForm(ScopedModelForm):
    class Meta:
        model = LeadingGroupMember
        fields = ["group", "user", "position", "title", "appointed_on", "left_on"]


def active_or_linked(field: Any, linked: list[int]) -> None:
    """Offer active accounts, and those the record already names even if since deactivated,
    so that editing an old record does not fail on a person who has left."""
    field.queryset = field.queryset.filter(Q(is_active=True) | Q(pk__in=linked))


class MeetingForm(ScopedModelForm):
    attendees = forms.ModelMultipleChoiceField(
        label=_("出席人员"),
        queryset=User.objects.all(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text=_("按住 Ctrl 键可多选。"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        meeting = self.instance
        attendees = list(meeting.attendees.values_list("pk", flat=True)) if meeting.pk else []
        active_or_linked(self.fields["attendees"], attendees)
        active_or_linked(self.fields["chaired_by"], [meeting.chaired_by_id] if meeting.pk else [])

    class Meta:
        model = LeadingGroupMeeting
        fields = [
            "group",
            "title",
            "kind",
            "held_on",
            "place",
            "chaired_by",
            "topics",
            "attendees",
            "decisions",
        ]


class GridBoundaryUploadForm(forms.Form):
    """The grid-boundary file to import: GeoJSON, checked whole by the import service."""

    file = forms.FileField(
        label=_("网格边界文件"),
        help_text=format_lazy(
            _(
                "GeoJSON 要素集合（FeatureCollection），UTF-8 编码，扩展名 .geojson 或 .json，最大{mb} MB。"
            ),
            mb=geojson.MAX_BYTES // (1024 * 1024),
        ),
        error_messages={
            "required": _("请选择要上传的网格边界文件。"),
            "empty": _("上传的文件是空的。"),
        },
        widget=forms.ClearableFileInput(
            attrs={"accept": ".geojson,.json,application/geo+json,application/json"}
        ),
    )
