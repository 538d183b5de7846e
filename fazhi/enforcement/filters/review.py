"""List filters of legal review (法制审核): the page, its export and the API."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.core.filters import Filter, FilterSet, SearchFilter
from fazhi.enforcement.models import Evidence, LegalReview
from fazhi.enforcement.selectors import review as selectors
from fazhi.org.models import User


def _state(qs: Any, value: str) -> Any:
    return selectors.pending(qs) if value == "pending" else selectors.done(qs)


def _deadline(qs: Any, value: str) -> Any:
    today = timezone.localdate()
    if value == "overdue":
        return selectors.overdue(qs, today)
    return selectors.due_soon(qs, today)


class LegalReviewFilter(FilterSet):
    q = SearchFilter(["case__number", "case__category__name", "materials", "opinion"])
    state = Filter(
        forms.ChoiceField(
            label=_("审核状态"),
            choices=[("", _("全部")), ("pending", _("待审核")), ("done", _("已审核"))],
        ),
        _state,
        description="pending：待审核；done：已出具意见",
    )
    conclusion = Filter(
        forms.ChoiceField(
            label=_("审核意见"), choices=[("", _("全部")), *LegalReview.Conclusion.choices]
        ),
        "conclusion",
    )
    deadline = Filter(
        forms.ChoiceField(
            label=_("审核期限"),
            choices=[("", _("全部")), ("overdue", _("已逾期")), ("due_soon", _("即将到期"))],
        ),
        _deadline,
        description="overdue：已逾期未出具意见；due_soon：3日内到期",
    )
    reviewer = Filter(
        forms.ModelChoiceField(
            label=_("审核人员"),
            queryset=User.objects.exclude(legal_qualification="").order_by("full_name"),
        ),
        "reviewer",
    )
    # Applied in ``apply`` with the user: the reviews assigned to the one who asks.
    mine = Filter(
        forms.ChoiceField(label=_("由我审核"), choices=[("", _("全部")), ("yes", _("是"))]),
        lambda qs, value: qs,
        description="yes：指定由当前用户审核的",
    )

    def apply(self, qs: Any) -> Any:
        qs = super().apply(qs)
        if self.form.is_valid() and self.form.cleaned_data.get("mine") == "yes":
            qs = selectors.mine(qs, self.user)
        return qs


class EvidenceFilter(FilterSet):
    q = SearchFilter(["description", "sha256", "case__number"])
    # The API's filter (there is no evidence list page): cases are named by their id there, as
    # the ``case`` of each evidence row is; the case number is searched with ``q``.
    case = Filter(
        forms.IntegerField(label=_("案件（内部编号）"), min_value=1),
        "case_id",
        description="案件的内部编号（id，即接口返回的case），不是案件编号；按案件编号查找请用q",
    )
    kind = Filter(
        forms.ChoiceField(label=_("证据类型"), choices=[("", _("全部")), *Evidence.Kind.choices]),
        "kind",
    )
