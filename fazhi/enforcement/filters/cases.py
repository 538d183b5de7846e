"""The case list's filters: the page, its Excel export, the API and the dashboard reminders."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.core.filters import Filter, FilterSet, SearchFilter
from fazhi.core.forms import DateInput
from fazhi.enforcement.models import Campaign, Case, KeyArea, Report, ViolationCategory
from fazhi.enforcement.selectors import cases as selectors
from fazhi.org.models import Grid, User

DEADLINE_CHOICES = [("", _("全部")), ("overdue", _("决定已逾期")), ("due_soon", _("即将到期"))]
YES_NO = [("", _("全部")), ("yes", _("是")), ("no", _("否"))]


def _choices(choices: Any) -> list[tuple[str, Any]]:
    return [("", _("全部")), *choices]


def _deadline(qs: Any, value: str) -> Any:
    today = timezone.localdate()
    return selectors.overdue(qs, today) if value == "overdue" else selectors.due_soon(qs, today)


def _major(qs: Any, value: str) -> Any:
    return selectors.major(qs, value == "yes")


def _state(qs: Any, value: str) -> Any:
    return qs.filter(status__in=Case.OPEN) if value == "open" else qs.exclude(status__in=Case.OPEN)


def _officer(qs: Any, value: User) -> Any:
    return qs.filter(pk__in=Case.objects.filter(officers=value).values("pk"))


class CaseFilter(FilterSet):
    q = SearchFilter(["number", "party_name", "location"], label=_("案件编号、当事人或地点"))
    status = Filter(
        forms.ChoiceField(label=_("状态"), choices=_choices(Case.Status.choices)), "status"
    )
    state = Filter(
        forms.ChoiceField(
            label=_("办理情况"),
            choices=[("", _("全部")), ("open", _("办理中")), ("done", _("已作出决定或办结"))],
        ),
        _state,
        description="open：尚未作出决定（发现登记至法制审核）；done：已决定、送达、执行、结案、移送或归档",
    )
    category = Filter(
        forms.ModelChoiceField(label=_("违法行为类别"), queryset=ViolationCategory.objects.all()),
        "category",
    )
    source = Filter(
        forms.ChoiceField(label=_("案件来源"), choices=_choices(Report.Source.choices)), "source"
    )
    procedure = Filter(
        forms.ChoiceField(label=_("程序"), choices=_choices(Case.Procedure.choices)), "procedure"
    )
    outcome = Filter(
        forms.ChoiceField(label=_("处理结果"), choices=_choices(Case.Outcome.choices)), "outcome"
    )
    grid = Filter(forms.ModelChoiceField(label=_("网格"), queryset=Grid.objects.all()), "grid")
    key_area = Filter(
        forms.ModelChoiceField(label=_("重点区域"), queryset=KeyArea.objects.all()), "key_area"
    )
    campaign = Filter(
        forms.ModelChoiceField(label=_("专项治理"), queryset=Campaign.objects.all()), "campaign"
    )
    officer = Filter(
        forms.ModelChoiceField(
            label=_("承办执法人员"),
            queryset=User.objects.exclude(enforcement_certificate_no="").order_by("full_name"),
        ),
        _officer,
    )
    deadline = Filter(
        forms.ChoiceField(label=_("决定期限"), choices=DEADLINE_CHOICES),
        _deadline,
        description="overdue：未作决定且已超过决定期限；due_soon：决定期限在15日内",
    )
    major = Filter(
        forms.ChoiceField(label=_("重大案件"), choices=YES_NO),
        _major,
        description="yes：重大执法决定；no：非重大",
    )
    found_from = Filter(
        forms.DateField(label=_("发现日期自"), widget=DateInput()), "found_at__date__gte"
    )
    found_to = Filter(
        forms.DateField(label=_("发现日期至"), widget=DateInput()), "found_at__date__lte"
    )
