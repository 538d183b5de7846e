"""Forms of evidence: attach a file to a case, correct a file with a new one and the reason."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from fazhi.enforcement.models import Case, CaseStep, Evidence

FILE_HELP = _(
    "照片（JPG、PNG、HEIC）、文书（PDF、Word、Excel）不超过20MB；录音（MP3、M4A、WAV、AMR）、"
    "录像（MP4、MOV、AVI、WebM）不超过%(mb)dMB。按文件内容识别格式，与所选类型不符的不能上传。"
)


def _file_help() -> str:
    from django.conf import settings

    return str(FILE_HELP) % {"mb": settings.FAZHI_EVIDENCE_MAX_BYTES // (1024 * 1024)}


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M")


class EvidenceForm(forms.Form):
    """A new piece of evidence of the case, optionally of one of its steps."""

    kind = forms.ChoiceField(label=_("证据类型"), choices=Evidence.Kind.choices)
    file = forms.FileField(label=_("文件"))
    description = forms.CharField(
        label=_("证据说明"),
        max_length=300,
        help_text=_("拍摄、录制的内容，例如：当事人在幸福路东侧占道摆摊的现场照片。"),
    )
    step = forms.ModelChoiceField(
        label=_("办案环节"), queryset=CaseStep.objects.none(), required=False
    )
    captured_at = forms.DateTimeField(
        label=_("采集时间"),
        required=False,
        widget=DateTimeInput(),
        input_formats=[
            "%Y-%m-%dT%H:%M",
            "%Y-%m-%d %H:%M",
            "%Y-%m-%dT%H:%M:%S",
            "%Y-%m-%d %H:%M:%S",
        ],
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["step"].queryset = CaseStep.objects.filter(case=case).order_by("occurred_at")
        self.fields["file"].help_text = _file_help()


class EvidenceCorrectForm(forms.Form):
    """A correction: a new file of the same kind, the reason, and a new description if needed."""

    file = forms.FileField(label=_("更正后的文件"))
    reason = forms.CharField(
        label=_("更正理由"), max_length=300, widget=forms.Textarea(attrs={"rows": 3})
    )
    description = forms.CharField(
        label=_("证据说明"),
        max_length=300,
        required=False,
        help_text=_("不填时沿用原证据的说明。"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _file_help()
