"""List filters for legality review and major decisions: the pages, their exports and the API."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.core.filters import Filter, FilterSet, SearchFilter
from fazhi.core.forms import DateInput
from fazhi.legal_services.models import Lawyer
from fazhi.org.models import Department
from fazhi.reviews import selectors
from fazhi.reviews.models import MajorDecision, ReviewRequest

_DEADLINE = [("", _("全部")), ("overdue", _("已逾期")), ("due_soon", _("即将到期"))]


def _deadline(qs: Any, value: str) -> Any:
    today = timezone.localdate()
    return selectors.overdue(qs, today) if value == "overdue" else selectors.due_soon(qs, today)


def _choices(choices: Any) -> list[tuple[str, Any]]:
    return [("", _("全部")), *choices]


class ReviewRequestFilter(FilterSet):
    q = SearchFilter(["title", "counterparty", "opinion"])
    kind = Filter(
        forms.ChoiceField(label=_("审查类别"), choices=_choices(ReviewRequest.Kind.choices)), "kind"
    )
    status = Filter(
        forms.ChoiceField(label=_("状态"), choices=_choices(ReviewRequest.Status.choices)), "status"
    )
    conclusion = Filter(
        forms.ChoiceField(label=_("审查结论"), choices=_choices(ReviewRequest.Conclusion.choices)),
        "conclusion",
    )
    department = Filter(
        forms.ModelChoiceField(label=_("送审部门"), queryset=Department.objects.all()), "department"
    )
    adviser = Filter(
        forms.ModelChoiceField(label=_("法律顾问"), queryset=Lawyer.objects.all()), "adviser"
    )
    received_from = Filter(
        forms.DateField(label=_("受理日期自"), widget=DateInput()), "received_on__gte"
    )
    received_to = Filter(
        forms.DateField(label=_("受理日期至"), widget=DateInput()), "received_on__lte"
    )
    deadline = Filter(
        forms.ChoiceField(label=_("审查期限"), choices=_DEADLINE),
        _deadline,
        description="overdue：已逾期未出具意见；due_soon：3日内到期",
    )
    # Applied in ``apply`` with the user: the open requests the one who asks is to review.
    mine = Filter(
        forms.ChoiceField(label=_("待我审查"), choices=[("", _("全部")), ("yes", _("是"))]),
        lambda qs, value: qs,
        description="yes：由当前用户（审查人员或法律顾问）审查、尚未出具意见的",
    )

    def apply(self, qs: Any) -> Any:
        qs = super().apply(qs)
        if self.form.is_valid() and self.form.cleaned_data.get("mine") == "yes":
            qs = selectors.awaiting_opinion_of(qs, self.user)
        return qs


class MajorDecisionFilter(FilterSet):
    q = SearchFilter(["title", "background"])
    status = Filter(
        forms.ChoiceField(label=_("状态"), choices=_choices(MajorDecision.Status.choices)), "status"
    )
    department = Filter(
        forms.ModelChoiceField(label=_("承办单位"), queryset=Department.objects.all()), "department"
    )
    catalogue_year = Filter(
        forms.IntegerField(label=_("目录年度"), min_value=2000, max_value=2200), "catalogue_year"
    )


def _responded(qs: Any, value: str) -> Any:
    return qs.exclude(response="") if value == "yes" else qs.filter(response="")


class PublicCommentFilter(FilterSet):
    q = SearchFilter(["content", "response"])
    decision = Filter(
        forms.ModelChoiceField(label=_("重大行政决策"), queryset=MajorDecision.objects.all()),
        "decision",
    )
    responded = Filter(
        forms.ChoiceField(
            label=_("采纳情况"),
            choices=[("", _("全部")), ("yes", _("已答复")), ("no", _("未答复"))],
        ),
        _responded,
    )
