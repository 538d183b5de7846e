"""Evidence of the whole-process record (全过程记录): attached, fingerprinted, never replaced or
deleted. A mistaken file stays; its correction is a new file naming it, with the reason.

There is deliberately no update or delete service: the model refuses ``delete()`` as well.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core.files import MAX_DOCUMENT_BYTES, fingerprint, sniff_evidence
from fazhi.core.services import model_create
from fazhi.enforcement.models import Case, CaseStep, Evidence
from fazhi.enforcement.services.workflow import lock_case
from fazhi.org.models import User

# A device's clock may run a little ahead of the server's.
CAPTURE_CLOCK_SLACK = timedelta(minutes=10)


def evidence_max_bytes(kind: str) -> int:
    """The largest file of ``kind``: audio and video FAZHI_EVIDENCE_MAX_BYTES, photos and
    documents as any document (20 MB)."""
    if kind in (Evidence.Kind.AUDIO, Evidence.Kind.VIDEO):
        return int(settings.FAZHI_EVIDENCE_MAX_BYTES)
    return MAX_DOCUMENT_BYTES


def evidence_formats(kind: str) -> str:
    """The formats accepted for ``kind``, as the refusal names them."""
    formats: dict[str, str] = {
        Evidence.Kind.PHOTO: _("JPG、PNG、HEIC照片"),
        Evidence.Kind.AUDIO: _("MP3、M4A（AAC）、WAV、AMR录音"),
        Evidence.Kind.VIDEO: _("MP4、MOV、AVI、WebM（MKV）录像"),
        Evidence.Kind.DOCUMENT: _("PDF、Word（.docx、.doc）、Excel（.xlsx）文书"),
    }
    return formats.get(kind, "")


def check_evidence_file(file: Any, kind: str) -> tuple[str, str]:
    """The (extension, content type) of ``file`` when its content is evidence of ``kind`` within
    the size limit; otherwise a ValidationError on ``file`` saying why."""
    if kind not in Evidence.Kind.values:
        raise ValidationError({"kind": _("请选择证据类型。")})
    if not file:
        raise ValidationError({"file": _("请选择要上传的文件。")})
    limit = evidence_max_bytes(kind)
    if file.size > limit:
        raise ValidationError(
            {
                "file": _("%(kind)s文件不能超过%(size)dMB。")
                % {"kind": Evidence.Kind(kind).label, "size": limit // (1024 * 1024)}
            },
            code="file_too_large",
        )
    found = sniff_evidence(file)
    if found is None:
        raise ValidationError(
            {
                "file": _(
                    "无法识别该文件的格式，可能是改了扩展名的其他文件。证据只能上传%(formats)s。"
                )
                % {
                    "formats": _("、").join(
                        str(evidence_formats(k))
                        for k in (
                            Evidence.Kind.PHOTO,
                            Evidence.Kind.AUDIO,
                            Evidence.Kind.VIDEO,
                            Evidence.Kind.DOCUMENT,
                        )
                    )
                }
            },
            code="file_type",
        )
    extension, content_type, found_kind = found
    if found_kind != kind:
        raise ValidationError(
            {
                "file": _(
                    "文件内容是%(found)s，与所选证据类型“%(kind)s”不符（%(kind)s只能上传%(formats)s）。"
                )
                % {
                    "found": Evidence.Kind(found_kind).label,
                    "kind": Evidence.Kind(kind).label,
                    "formats": evidence_formats(kind),
                }
            },
            code="kind_mismatch",
        )
    return extension, content_type


def _refuse_archived(case: Case) -> None:
    if case.status == Case.Status.ARCHIVED:
        raise ValidationError(_("案件已归档，不能再添加或更正证据。"), code="archived")


def _check_captured_at(captured_at: datetime | None) -> None:
    if captured_at is not None and captured_at > timezone.now() + CAPTURE_CLOCK_SLACK:
        raise ValidationError({"captured_at": _("采集时间不能晚于现在。")})


def evidence_attach(
    *,
    actor: User,
    case: Case,
    kind: str,
    file: Any,
    description: str,
    step: CaseStep | None = None,
    captured_at: datetime | None = None,
) -> Evidence:
    """Attach a file to ``case`` (optionally to one of its steps) as evidence of ``kind``.

    The content must be of that kind and within its size limit; the case must not be archived.
    The file is stored under a random name with its SHA-256, size and content type; audited."""
    description = (description or "").strip()
    if not description:
        raise ValidationError({"description": _("请填写证据说明。")})
    content_type = check_evidence_file(file, kind)[1]
    _check_captured_at(captured_at)
    if step is not None and step.case_id != case.pk:
        raise ValidationError({"step": _("所选办案环节不属于该案件。")})
    sha256 = fingerprint(file)
    with transaction.atomic():
        locked = lock_case(case)
        _refuse_archived(locked)
        return model_create(
            Evidence,
            actor=actor,
            data={
                "case": locked,
                "step": step,
                "kind": kind,
                "file": file,
                "sha256": sha256,
                "size": file.size,
                "content_type": content_type,
                "description": description,
                "captured_at": captured_at,
                "uploaded_by": actor,
            },
        )


def evidence_correct(
    *,
    actor: User,
    evidence: Evidence,
    file: Any,
    reason: str,
    description: str | None = None,
) -> Evidence:
    """Correct ``evidence`` with a new file of the same kind and case, naming it and the reason.

    The corrected file stays as it was, with its own fingerprint; audited."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请填写更正理由。")})
    description = (description or "").strip() or evidence.description
    content_type = check_evidence_file(file, evidence.kind)[1]
    sha256 = fingerprint(file)
    if sha256 == evidence.sha256:
        raise ValidationError({"file": _("上传的文件与被更正的证据完全相同。")})
    with transaction.atomic():
        locked = lock_case(evidence.case_id)
        _refuse_archived(locked)
        return model_create(
            Evidence,
            actor=actor,
            data={
                "case": locked,
                "step": evidence.step,
                "kind": evidence.kind,
                "file": file,
                "sha256": sha256,
                "size": file.size,
                "content_type": content_type,
                "description": description[:300],
                "captured_at": evidence.captured_at,
                "corrects": evidence,
                "correction_reason": reason,
                "uploaded_by": actor,
            },
        )
