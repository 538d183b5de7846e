"""Forms of law education and publicity: the pages' forms and, where the API takes JSON
without a file or with fields the page edits elsewhere, the API's."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.core.forms import MobileField, PlatformForm, ScopedModelForm
from fazhi.core.scoping import user_is_lawyer_scoped
from fazhi.legal_services.forms.registry import DateTimeLocalInput
from fazhi.legal_services.models import Consultation
from fazhi.outreach.models import (
    OPTION_LETTERS,
    TRUE_FALSE_OPTIONS,
    Activity,
    FaqEntry,
    FaqSynonym,
    KeyDate,
    MediaWork,
    PublicityItem,
    Question,
    Quiz,
    Recognition,
    ResponsibilityItem,
    Theme,
)


def _linked(instance: Any, name: str) -> list[Any]:
    """The records a many-to-many field of a saved record already names."""
    if not instance.pk:
        return []
    return list(getattr(instance, name).values_list("pk", flat=True))


def _themes_as_boxes(form: forms.ModelForm, name: str = "themes") -> None:
    """Themes in use (and those the record already names) as check boxes."""
    field: Any = form.fields[name]
    field.queryset = field.queryset.filter(
        Q(is_active=True) | Q(pk__in=_linked(form.instance, name))
    )
    field.widget = forms.CheckboxSelectMultiple(choices=field.choices)


def _in_use(form: forms.ModelForm, name: str, flag: str = "is_active") -> None:
    """Offer records in use, and the one the record already names even if no longer in use."""
    field: Any = form.fields[name]
    linked = getattr(form.instance, f"{name}_id", None) if form.instance.pk else None
    field.queryset = field.queryset.filter(Q(**{flag: True}) | Q(pk=linked))


class ThemeForm(ScopedModelForm):
    class Meta:
        model = Theme
        fields = ["name", "kind", "sort_order", "is_active", "note"]


class ResponsibilityItemForm(ScopedModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.fields["year"].initial = timezone.localdate().year
        _in_use(self, "department")
        _in_use(self, "theme")

    class Meta:
        model = ResponsibilityItem
        fields = ["year", "department", "theme", "content", "audience", "note"]


class KeyDateForm(ScopedModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _themes_as_boxes(self)

    class Meta:
        model = KeyDate
        fields = [
            "name",
            "month",
            "day",
            "end_month",
            "end_day",
            "themes",
            "description",
            "is_active",
        ]


class ActivityForm(ScopedModelForm):
    """An activity; its on-the-spot consultations and photos are added on its page."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.fields["held_on"].initial = timezone.localdate()
        _themes_as_boxes(self)
        _in_use(self, "department")
        _in_use(self, "key_date")
        quiz: Any = self.fields["quiz"]
        linked = self.instance.quiz_id if self.instance.pk else None
        quiz.queryset = quiz.queryset.filter(~Q(status=Quiz.Status.CANCELLED) | Q(pk=linked))

    class Meta:
        model = Activity
        fields = [
            "title",
            "kind",
            "status",
            "held_on",
            "place",
            "village",
            "department",
            "themes",
            "partner_firm",
            "partners",
            "audience",
            "headcount",
            "materials",
            "key_date",
            "quiz",
            "summary",
        ]


class ActivityApiForm(ActivityForm):
    """The activity with its on-the-spot consultations named by their ids."""

    class Meta(ActivityForm.Meta):
        fields = [*ActivityForm.Meta.fields, "consultations"]


class ActivityPhotoForm(forms.Form):
    file = forms.FileField(
        label=_("照片"),
        help_text=_("JPG、PNG或HEIC格式的图片，不超过10MB。"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/heic"}),
    )
    caption = forms.CharField(label=_("照片说明"), max_length=200, required=False)


class ActivityConsultationsForm(forms.Form):
    """Which of the day's consultations were taken at the activity."""

    consultations: forms.ModelMultipleChoiceField[Consultation] = forms.ModelMultipleChoiceField(
        label=_("现场法律咨询"),
        queryset=Consultation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, choices: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["consultations"]
        field.queryset = choices
        field.widget.choices = field.choices


class PublicityItemForm(ScopedModelForm):
    link = forms.URLField(label=_("链接"), required=False, max_length=200, assume_scheme="https")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.fields["published_on"].initial = timezone.localdate()
        self.fields["group"].help_text = _("渠道为微信群时必选。")
        _themes_as_boxes(self)
        lawyer: Any = self.fields["lawyer"]
        linked = self.instance.lawyer_id if self.instance.pk else None
        lawyer.queryset = lawyer.queryset.filter(Q(is_active=True) | Q(pk=linked))
        if user_is_lawyer_scoped(self.user):
            lawyer.queryset = lawyer.queryset.filter(user=self.user)

    class Meta:
        model = PublicityItem
        fields = [
            "published_on",
            "channel",
            "title",
            "kind",
            "quantity",
            "reach",
            "village",
            "grid",
            "group",
            "lawyer",
            "department",
            "themes",
            "link",
            "note",
        ]


class MediaWorkForm(ScopedModelForm):
    link = forms.URLField(label=_("链接"), required=False, max_length=200, assume_scheme="https")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "themes" in self.fields:
            _themes_as_boxes(self)

    class Meta:
        model = MediaWork
        fields = [
            "title",
            "kind",
            "published_on",
            "partner_firm",
            "makers",
            "platform",
            "link",
            "file",
            "views",
            "themes",
            "department",
            "description",
        ]


class MediaWorkApiForm(MediaWorkForm):
    """The work without its file: the API takes JSON, the file is uploaded on the page."""

    class Meta(MediaWorkForm.Meta):
        fields = [f for f in MediaWorkForm.Meta.fields if f != "file"]


class RecognitionForm(ScopedModelForm):
    link = forms.URLField(label=_("链接"), required=False, max_length=200, assume_scheme="https")

    class Meta:
        model = Recognition
        fields = ["recognised_on", "recognised_by", "level", "work", "content", "link"]


class FaqEntryForm(ScopedModelForm):
    class Meta:
        model = FaqEntry
        fields = ["question", "answer", "category", "law_references", "partner_firm"]


class FaqSynonymForm(ScopedModelForm):
    class Meta:
        model = FaqSynonym
        fields = ["term", "synonyms"]


class QuestionForm(ScopedModelForm):
    """A question with its options typed one per box and the answer ticked: the form gives
    the service ``options`` (the texts in order) and ``answer`` (the letters)."""

    correct = forms.MultipleChoiceField(
        label=_("正确答案"),
        choices=[(letter, letter) for letter in OPTION_LETTERS],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("单选题、判断题勾选一项，多选题勾选两项以上；判断题A为“正确”、B为“错误”。"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        options = list(self.instance.options or []) if self.instance.pk else []
        for index, letter in enumerate(OPTION_LETTERS):
            self.fields[f"option_{letter.lower()}"] = forms.CharField(
                label=_("选项%(letter)s") % {"letter": letter},
                max_length=200,
                required=False,
                initial=options[index] if index < len(options) else "",
                help_text=_("判断题不填，系统自动设为“正确”“错误”。") if letter == "A" else "",
            )
        if self.instance.pk:
            self.fields["correct"].initial = list(self.instance.answer or "")
        _in_use(self, "theme")
        # The option boxes right after the stem, then the answer.
        order = ["kind", "stem", *(f"option_{c.lower()}" for c in OPTION_LETTERS), "correct"]
        self.order_fields(order)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        texts = [(data.pop(f"option_{c.lower()}", "") or "").strip() for c in OPTION_LETTERS]
        while texts and not texts[-1]:
            texts.pop()
        if data.get("kind") == Question.Kind.TRUE_FALSE and not any(texts):
            texts = list(TRUE_FALSE_OPTIONS)
        if "" in texts:
            self.add_error(None, _("选项须从A起依次填写，中间不能空缺。"))
        data["options"] = texts
        data["answer"] = "".join(data.pop("correct", []) or [])
        # The model's own rules (number of options, the answer's letters) on what was typed.
        self.instance.options, self.instance.answer = data["options"], data["answer"]
        return data

    def _update_errors(self, errors: ValidationError) -> None:
        # The model names the options and the answer; on this page they are the option boxes
        # (the form as a whole) and the ticked answer.
        if hasattr(errors, "error_dict"):
            remapped: dict[str, list[Any]] = {}
            for name, messages in errors.error_dict.items():
                target = {"options": NON_FIELD_ERRORS, "answer": "correct"}.get(name, name)
                remapped.setdefault(target, []).extend(messages)
            errors = ValidationError(remapped)
        super()._update_errors(errors)  # type: ignore[misc]

    class Meta:
        model = Question
        fields = ["kind", "stem", "explanation", "law_reference", "theme", "in_use"]


class QuestionApiForm(ScopedModelForm):
    """A question over the API: ``options`` as a list of texts, ``answer`` as letters."""

    class Meta:
        model = Question
        fields = [
            "kind",
            "stem",
            "options",
            "answer",
            "explanation",
            "law_reference",
            "theme",
            "in_use",
        ]


class QuizForm(ScopedModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("opens_at", "closes_at"):
            self.fields[name].widget = DateTimeLocalInput()
        _themes_as_boxes(self)
        _in_use(self, "key_date")

    class Meta:
        model = Quiz
        fields = [
            "title",
            "description",
            "opens_at",
            "closes_at",
            "question_count",
            "time_limit_minutes",
            "themes",
            "key_date",
        ]


class QuizStartForm(PlatformForm):
    """What a resident gives to take part in a quiz on the portal: a name, the mobile number
    that may take it once, and consent to their use."""

    name = forms.CharField(
        label=_("姓名"),
        max_length=30,
        error_messages={
            "required": _("请填写姓名。"),
            "max_length": _("姓名不能超过30个字。"),
        },
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    mobile = MobileField(help_text=_("每个手机号码只能参加一次本竞答。"))
    consent = forms.BooleanField(
        label=_("我已阅读并同意上述个人信息使用说明"),
        error_messages={"required": _("请阅读并勾选同意个人信息使用说明后再开始答题。")},
    )
