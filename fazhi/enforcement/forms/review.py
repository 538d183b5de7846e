"""Forms of legal review (法制审核): submitting a case, and the reviewer's checklist."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from fazhi.enforcement.models import Case, LegalReview
from fazhi.enforcement.selectors.review import reviewer_choices

CHECK_CHOICES = [("yes", _("符合")), ("no", _("不符合"))]


class ReviewerField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.display_name


class LegalReviewSubmitForm(forms.Form):
    """Send a case for legal review to a qualified reviewer who is not one of its officers."""

    reviewer = ReviewerField(label=_("审核人员"), queryset=LegalReview.objects.none())
    materials = forms.CharField(
        label=_("报送材料"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("例如：调查终结报告、拟作出的处罚决定书、证据材料清单、听证笔录。"),
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = reviewer_choices(case)


class LegalReviewOpinionForm(forms.Form):
    """The checklist (each item 符合 or 不符合), the conclusion and its reasons."""

    conclusion = forms.ChoiceField(label=_("审核意见"), choices=LegalReview.Conclusion.choices)
    opinion = forms.CharField(
        label=_("审核意见和理由"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("写明审核的理由；修改后同意的写明须修改的内容，不同意的写明不符合的事项。"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        items = {
            key: forms.ChoiceField(label=label, choices=CHECK_CHOICES, widget=forms.RadioSelect)
            for key, label in LegalReview.CHECKLIST
        }
        self.fields = {**items, **self.fields}

    def checklist(self) -> dict[str, bool]:
        return {key: self.cleaned_data[key] == "yes" for key, _label in LegalReview.CHECKLIST}

    def service_data(self) -> dict[str, Any]:
        return {
            "checklist": self.checklist(),
            "conclusion": self.cleaned_data["conclusion"],
            "opinion": self.cleaned_data["opinion"],
        }
