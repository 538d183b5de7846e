"""Forms of legality review and major decisions. Their field names are the services' keyword
arguments, so a service's refusal lands on the field it names."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.core.files import DocumentValidator
from fazhi.core.forms import DateInput, PlatformForm, ScopedModelForm
from fazhi.org.forms import active_or_linked
from fazhi.org.models import User
from fazhi.reviews import selectors
from fazhi.reviews.models import MajorDecision, ReviewRequest
from fazhi.reviews.services import MAX_COMMENT_CHARS


def _active_departments(field: Any, linked: Any, *, own_only: Any = None) -> None:
    """Active departments and the one already named; with ``own_only`` (a department's staff,
    who act only in their department's name) that user's own department."""
    field.queryset = field.queryset.filter(Q(is_active=True) | Q(pk=getattr(linked, "pk", None)))
    if own_only is not None:
        field.queryset = field.queryset.filter(pk=getattr(own_only, "department_id", None))


def _qualified_reviewers(field: Any, linked: Any) -> None:
    """Accounts with a legal qualification, active, and the one already named."""
    field.queryset = field.queryset.filter(
        Q(is_active=True, legal_qualification__gt="") | Q(pk=getattr(linked, "pk", None))
    )
    field.label_from_instance = lambda u: u.display_name


# --- Review requests -------------------------------------------------------------------------


class ReviewRequestApiForm(ScopedModelForm):
    """A request's particulars and its adviser and reviewer (the API sends no file)."""

    due_on = forms.DateField(
        label=_("审查期限"),
        required=False,
        widget=DateInput(),
        help_text=_(
            "不填则按工作日自动计算：合同、项目协议、规范性文件5个工作日，"
            "重大行政决策7个工作日（不得少于7个工作日）。"
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request: ReviewRequest = self.instance
        saved = request.pk is not None
        self.fields["adviser"].queryset = selectors.adviser_choices(
            self.user, request.adviser if saved and request.adviser_id else None
        )
        _qualified_reviewers(self.fields["reviewer"], request.reviewer if saved else None)
        _active_departments(
            self.fields["department"],
            request.department if saved else None,
            own_only=None if selectors.can_manage_review_requests(self.user) else self.user,
        )
        if saved and request.major_decision_id:
            # A decision's review keeps its kind: the 7 working days depend on it.
            self.fields["kind"].disabled = True

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not selectors.can_manage_review_requests(self.user):
            request: ReviewRequest = self.instance
            for name in ("adviser", "reviewer"):
                if cleaned.get(name) is not None and cleaned.get(name) != getattr(
                    request, name, None
                ):
                    # On the form as a whole: the page hides these fields from departments.
                    self.add_error(None, _("只有司法所可以指定法律顾问和审查人员。"))
                    break
        return cleaned

    class Meta:
        model = ReviewRequest
        fields = [
            "title",
            "kind",
            "department",
            "counterparty",
            "amount",
            "received_on",
            "due_on",
            "adviser",
            "reviewer",
        ]


class ReviewRequestForm(ReviewRequestApiForm):
    """The page's form: the particulars and the document sent for review."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            today = timezone.localdate()
            self.fields["received_on"].initial = today
            department = getattr(self.user, "department", None)
            if department is not None:
                self.fields["department"].initial = department.pk
            adviser = selectors.standing_adviser(self.user, today)
            if adviser is not None:
                self.fields["adviser"].initial = adviser.pk

    class Meta(ReviewRequestApiForm.Meta):
        fields = [
            *ReviewRequestApiForm.Meta.fields[:5],
            "document",
            *ReviewRequestApiForm.Meta.fields[5:],
        ]


class ReviewOpinionForm(forms.Form):
    opinion = forms.CharField(label=_("审查意见"), widget=forms.Textarea(attrs={"rows": 8}))
    conclusion = forms.ChoiceField(
        label=_("审查结论"), choices=[("", "---------"), *ReviewRequest.Conclusion.choices]
    )
    completed_on = forms.DateField(label=_("出具意见日期"), widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["completed_on"].initial = timezone.localdate()


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("理由"), max_length=300, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, label: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if label is not None:
            self.fields["reason"].label = label


class FateForm(forms.Form):
    fate = forms.ChoiceField(label=_("后续情况"), choices=ReviewRequest.Fate.choices)
    fate_note = forms.CharField(
        label=_("后续情况说明"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("例如：已于2020年9月28日签订；按审查意见修改了第五条后签订。"),
    )


# --- Major decisions -------------------------------------------------------------------------


class MajorDecisionApiForm(ScopedModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        decision: MajorDecision = self.instance
        _active_departments(
            self.fields["department"],
            decision.department if decision.pk else None,
            own_only=None if selectors.may_decide(self.user) else self.user,
        )

    class Meta:
        model = MajorDecision
        fields = ["title", "department", "background", "catalogue_year"]


class MajorDecisionForm(MajorDecisionApiForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        department = getattr(self.user, "department", None)
        if self.instance.pk is None and department is not None:
            self.fields["department"].initial = department.pk

    class Meta(MajorDecisionApiForm.Meta):
        fields = [*MajorDecisionApiForm.Meta.fields, "draft"]


class OpenParticipationForm(forms.Form):
    opens_on = forms.DateField(
        label=_("征求意见开始日期"), widget=DateInput(), help_text=_("不能早于今天。")
    )
    closes_on = forms.DateField(label=_("征求意见截止日期"), widget=DateInput())
    short_period_reason = forms.CharField(
        label=_("征求意见期限少于30日的理由"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "征求意见期限自开始之日的次日起算，一般不少于30日（例如9月1日开始的，"
            "截止日期不早于10月1日）；少于30日的，须说明理由。"
        ),
    )


class CloseParticipationForm(forms.Form):
    summary = forms.CharField(
        label=_("公众意见采纳情况"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("汇总收到的意见建议，说明采纳情况及不予采纳的理由。"),
    )


class ExpertForm(forms.Form):
    held_on = forms.DateField(label=_("专家论证日期"), widget=DateInput())
    experts = forms.CharField(label=_("论证专家"), max_length=300)
    opinion = forms.CharField(label=_("专家论证意见"), widget=forms.Textarea(attrs={"rows": 6}))


class RiskForm(forms.Form):
    assessed_on = forms.DateField(label=_("风险评估日期"), widget=DateInput())
    level = forms.ChoiceField(
        label=_("风险等级"), choices=[("", "---------"), *MajorDecision.RiskLevel.choices]
    )
    summary = forms.CharField(
        label=_("风险评估结论和防范措施"), widget=forms.Textarea(attrs={"rows": 6})
    )


class LegalityRequestForm(forms.Form):
    received_on = forms.DateField(label=_("受理日期"), widget=DateInput())
    due_on = forms.DateField(
        label=_("审查期限"),
        required=False,
        widget=DateInput(),
        help_text=_("不得少于7个工作日；不填则按受理日期后第7个工作日计算。"),
    )
    adviser = forms.ModelChoiceField(label=_("法律顾问"), queryset=None, required=False)
    reviewer = forms.ModelChoiceField(
        label=_("审查人员"), queryset=User.objects.all(), required=False
    )
    document = forms.FileField(
        label=_("送审文件"),
        required=False,
        validators=[DocumentValidator()],
        help_text=_("不上传则使用决策草案。PDF、Word、Excel文件或JPG、PNG图片，不超过20MB。"),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["received_on"].initial = today
        self.fields["adviser"].queryset = selectors.adviser_choices(user)  # type: ignore[attr-defined]
        adviser = selectors.standing_adviser(user, today)
        if adviser is not None:
            self.fields["adviser"].initial = adviser.pk
        self.fields["reviewer"].queryset = User.objects.for_user(user)  # type: ignore[attr-defined]
        _qualified_reviewers(self.fields["reviewer"], None)


class DiscussionForm(forms.Form):
    discussed_on = forms.DateField(label=_("集体讨论日期"), widget=DateInput())
    meeting_name = forms.CharField(
        label=_("会议名称"), max_length=100, help_text=_("例如：街道党工委会议、主任办公会议。")
    )
    attendees = forms.ModelMultipleChoiceField(
        label=_("出席人员"),
        queryset=User.objects.all(),
        widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text=_("按住 Ctrl 键可多选。"),
    )
    head_spoke_last = forms.BooleanField(
        label=_("行政首长最后发表意见"),
        required=False,
        help_text=_("重大行政决策程序暂行条例第三十条：行政首长在集体讨论的最后发表意见。"),
    )
    discussion_record = forms.CharField(
        label=_("讨论情况"), widget=forms.Textarea(attrs={"rows": 6})
    )
    dissent = forms.CharField(
        label=_("不同意见"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("如实记录与会人员的不同意见；没有的可不填。"),
    )
    head_differs_reason = forms.CharField(
        label=_("行政首长拟作决定与多数人意见不一致的理由"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=MajorDecision._meta.get_field("head_differs_reason").help_text,
    )

    def __init__(self, *args: Any, user: Any, decision: MajorDecision, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["attendees"]
        field.queryset = User.objects.for_user(user)  # type: ignore[attr-defined]
        linked = list(decision.attendees.values_list("pk", flat=True))
        active_or_linked(field, linked)
        field.label_from_instance = lambda u: u.display_name  # type: ignore[attr-defined]
        if decision.discussed_on is not None:
            self.initial.update(
                discussed_on=decision.discussed_on,
                meeting_name=decision.meeting_name,
                attendees=linked,
                head_spoke_last=decision.head_spoke_last,
                discussion_record=decision.discussion_record,
                dissent=decision.dissent,
                head_differs_reason=decision.head_differs_reason,
            )


class DecideForm(forms.Form):
    decided_on = forms.DateField(label=_("决定日期"), widget=DateInput())
    decision_text = forms.CharField(label=_("决定内容"), widget=forms.Textarea(attrs={"rows": 8}))


class PublishForm(forms.Form):
    published_on = forms.DateField(label=_("公布日期"), widget=DateInput())
    channel = forms.CharField(
        label=_("公布渠道"),
        max_length=100,
        help_text=_("例如：区政府网站、街道公众号、政务公开栏。"),
    )


class ArchiveForm(forms.Form):
    archived_on = forms.DateField(label=_("归档日期"), widget=DateInput())


class CommentResponseForm(forms.Form):
    response = forms.CharField(label=_("采纳情况"), widget=forms.Textarea(attrs={"rows": 4}))


class PublicCommentForm(PlatformForm):
    """The public's comment form: only the text is required."""

    content = forms.CharField(
        label=_("意见建议"),
        max_length=MAX_COMMENT_CHARS,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    name = forms.CharField(label=_("姓名"), max_length=30, required=False)
    contact = forms.CharField(
        label=_("联系方式"),
        max_length=50,
        required=False,
        help_text=_("选填。仅供工作人员就您的意见与您联系，不会公开。"),
    )
