"""List filters of publicity (执法公示): the page's tabs, its export and the API."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.core.filters import Filter, FilterSet, SearchFilter
from fazhi.core.forms import DateInput
from fazhi.enforcement.selectors import publication as selectors

# The tabs of the list: the first two list cases (decisions not yet published), the others
# publications.
CASE_TABS = ("due", "overdue")
TABS = [
    ("due", _("待公示")),
    ("overdue", _("逾期未公示")),
    ("published", _("已公示")),
    ("withdraw_due", _("待撤下")),
    ("withdraw_overdue", _("逾期未撤下")),
    ("withdrawn", _("已撤下")),
]


class AwaitingPublicationFilter(FilterSet):
    """Decided cases not yet published."""

    q = SearchFilter(["number", "decision_no", "category__name"])
    decided_from = Filter(
        forms.DateField(label=_("决定日期自"), widget=DateInput()), "decided_on__gte"
    )
    decided_to = Filter(
        forms.DateField(label=_("决定日期至"), widget=DateInput()), "decided_on__lte"
    )


def _state(qs: Any, value: str) -> Any:
    today = timezone.localdate()
    if value == "published":
        return selectors.shown(qs)
    if value == "withdraw_due":
        return selectors.awaiting_withdrawal(qs)
    if value == "withdraw_overdue":
        return selectors.withdrawal_overdue(qs, today)
    if value == "withdrawn":
        return selectors.withdrawn(qs)
    return qs


def _on_time(qs: Any, value: str) -> Any:
    from django.db.models import F, Q

    on_time = Q(case__publish_due_on__isnull=True) | Q(published_on__lte=F("case__publish_due_on"))
    return qs.filter(on_time) if value == "yes" else qs.exclude(on_time)


class PublicationFilter(FilterSet):
    q = SearchFilter(["case__number", "decision_no", "category", "party"])
    state = Filter(
        forms.ChoiceField(
            label=_("公示状态"),
            choices=[("", _("全部")), *(t for t in TABS if t[0] not in CASE_TABS)],
        ),
        _state,
        description="published：公示中；withdraw_due：待撤下；withdraw_overdue：逾期未撤下；"
        "withdrawn：已撤下",
    )
    on_time = Filter(
        forms.ChoiceField(
            label=_("是否按期公示"),
            choices=[("", _("全部")), ("yes", _("按期")), ("no", _("逾期"))],
        ),
        _on_time,
    )
    published_from = Filter(
        forms.DateField(label=_("公示日期自"), widget=DateInput()), "published_on__gte"
    )
    published_to = Filter(
        forms.DateField(label=_("公示日期至"), widget=DateInput()), "published_on__lte"
    )
